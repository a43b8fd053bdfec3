//! Which organisation holds a patent on the platform: one of the patent's
//! applicants carries the organisation's registered Chinese or English name.
//! Screening, listings and the pool all ask this one rule.

/// An SQL condition that is true when the patent whose id is `patent_id`
/// (an SQL expression, e.g. `p.id`) has an applicant named like the
/// organisation whose id is `org_id` (an expression or `$n` parameter).
pub(crate) fn held_by(patent_id: &str, org_id: &str) -> String {
    format!(
        "EXISTS (SELECT 1 FROM patent_parties hp JOIN organisations ho ON ho.id = {org_id} \
         AND (hp.name = ho.name_zh OR hp.name = ho.name_en) \
         WHERE hp.patent_id = {patent_id} AND hp.role = 'applicant')"
    )
}

/// An SQL expression for the patents (by id) that sit in a live listing
/// (under review, published or paused).
pub(crate) const LIVE_LISTED_PATENTS: &str = "SELECT lp.patent_id FROM listing_patents lp \
     JOIN listings l ON l.id = lp.listing_id WHERE l.state IN ('under_review', 'published', 'paused')";
