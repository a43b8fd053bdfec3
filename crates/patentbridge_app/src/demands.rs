//! Demands and their matches, shared by the pages and the JSON API: an
//! SME writes and publishes a need; the engine's matches are ranked,
//! explained, stored and pushed; either side rates a match with a
//! structured reason; a listing's owner sees the needs and companies its
//! listing answers and the application scenarios it points to; operation
//! centres follow the pipeline of their industry; district offices match a
//! CSV of collected needs in bulk.

use std::collections::HashMap;

use patentbridge_domain::demand::{
    DemandEvent, DemandForm, DemandSpec, DemandState, FeedbackReason, FeedbackSide, MatchReason,
    product_types, transition, transition_refusal,
};
use patentbridge_domain::listing::Industry;
use patentbridge_domain::policy::{Action, Resource};
use patentbridge_domain::{
    ClassificationCode, FieldError, Lang, OrganisationKind, Text, Verification, text,
};
use patentbridge_storage::{
    DemandFilter, DemandMove, DemandRecord, DemandTransition, FeedbackCount, ListingRecord,
    MatchRecord, MatchTarget, OrganisationFilter, OrganisationRecord,
};

use crate::error::granted;
use crate::listings::{load_visible, may_manage, may_review};
use crate::matching::{self, Ranked};
use crate::organisations::acting_for;
use crate::{App, Caller, Error};

/// The verified SME the caller posts needs for.
pub async fn demand_organisation(
    app: &App,
    caller: &Caller,
    requested: Option<i64>,
) -> Result<OrganisationRecord, Error> {
    acting_for(
        app,
        caller,
        requested,
        |k| k == OrganisationKind::Sme,
        Action::UseDealsAsSme,
        Text::new(
            "仅已认证中小企业的成员可发布技术需求",
            "only members of a verified SME post technology needs",
        ),
    )
    .await
}

/// Writes a new demand, as a draft or published at once; a published one
/// is matched (and its strong matches pushed) straight away.
pub async fn create(
    app: &App,
    caller: &Caller,
    organisation_id: Option<i64>,
    form: &DemandForm,
    publish: bool,
) -> Result<i64, Error> {
    let org = demand_organisation(app, caller, organisation_id).await?;
    let spec = DemandSpec::parse(form, app.today()).map_err(Error::Invalid)?;
    let mut ctx = caller.audit_context();
    ctx.organisation_id = Some(org.id);
    let id = app
        .store
        .create_demand(&ctx, org.id, &spec, publish)
        .await?;
    if publish && let Some(d) = app.store.demand(id).await? {
        // The demand is stored; matching it now is a courtesy that must not
        // turn a saved demand into a reported failure (the page matches it
        // again when opened).
        if let Err(e) = matching::refresh_demand(app, &d).await {
            tracing::warn!(demand = d.id, error = %e.chain(), "matching a demand failed");
        }
    }
    Ok(id)
}

/// Whether the caller acts for the demand's SME.
async fn is_seeker(app: &App, caller: &Caller, demand: &DemandRecord) -> Result<bool, Error> {
    granted(demand_organisation(app, caller, Some(demand.organisation_id)).await)
}

/// Whether the caller follows matches for the platform (operation
/// centres, district officers, the bureau, administrators).
pub fn may_analyse(caller: &Caller) -> bool {
    caller
        .require(Action::AnalyseDemands, &Resource::Platform)
        .is_ok()
}

/// A demand the caller may see: the SME's members always; brokers
/// (centres, officers, the bureau, administrators) and any signed-in user
/// once it is published, matched or closed. Others get 404.
pub async fn load_visible_demand(
    app: &App,
    caller: &Caller,
    id: i64,
) -> Result<DemandRecord, Error> {
    let not_found = || Error::NotFound(text!("没有需求 {id}", "no demand {id}"));
    let demand = app.store.demand(id).await?.ok_or_else(not_found)?;
    let member = caller.user.as_ref().is_some_and(|u| {
        u.memberships
            .iter()
            .any(|m| m.org_id == demand.organisation_id)
    });
    if member
        || may_analyse(caller)
        || (demand.state != DemandState::Draft && caller.user.is_some())
    {
        Ok(demand)
    } else {
        Err(not_found())
    }
}

/// A demand the caller may change (a member of its verified SME).
async fn load_own(app: &App, caller: &Caller, id: i64) -> Result<DemandRecord, Error> {
    let demand = load_visible_demand(app, caller, id).await?;
    demand_organisation(app, caller, Some(demand.organisation_id)).await?;
    Ok(demand)
}

/// Rewrites a draft or published demand; a published one is matched again.
pub async fn update(app: &App, caller: &Caller, id: i64, form: &DemandForm) -> Result<(), Error> {
    let demand = load_own(app, caller, id).await?;
    let spec = DemandSpec::parse(form, app.today()).map_err(Error::Invalid)?;
    let mut ctx = caller.audit_context();
    ctx.organisation_id = Some(demand.organisation_id);
    if !app.store.update_demand(&ctx, id, &spec).await? {
        let label = demand.state.label();
        let (zh, en) = (label.zh(), label.en().to_lowercase());
        return Err(Error::Conflict(text!(
            "{zh}状态的需求不能修改",
            "a {en} demand cannot be edited"
        )));
    }
    if demand.state == DemandState::Published
        && let Some(d) = app.store.demand(id).await?
    {
        // The demand is stored; matching it now is a courtesy that must not
        // turn a saved demand into a reported failure (the page matches it
        // again when opened).
        if let Err(e) = matching::refresh_demand(app, &d).await {
            tracing::warn!(demand = d.id, error = %e.chain(), "matching a demand failed");
        }
    }
    Ok(())
}

/// Parses an event name (code or label).
pub fn parse_event(raw: &str) -> Result<DemandEvent, Error> {
    DemandEvent::parse(raw).map_err(|_| {
        Error::field(
            "event",
            format!(
                "未知的操作“{}”（可选 publish、match、reopen、close）",
                raw.trim()
            ),
            format!(
                "unknown event {:?} (publish, match, reopen or close)",
                raw.trim()
            ),
        )
    })
}

/// Moves a demand; publishing or reopening matches it at once.
pub async fn apply_event(
    app: &App,
    caller: &Caller,
    id: i64,
    event: DemandEvent,
    note: Option<&str>,
) -> Result<DemandState, Error> {
    let demand = load_own(app, caller, id).await?;
    let to = transition(demand.state, event)
        .map_err(|_| Error::Conflict(transition_refusal(demand.state, event)))?;
    let mut ctx = caller.audit_context();
    ctx.organisation_id = Some(demand.organisation_id);
    let mv = DemandMove {
        from: demand.state,
        to,
        event: event.as_str(),
        // A note is a short remark; longer text is cut, not stored whole.
        note: note
            .map(str::trim)
            .filter(|n| !n.is_empty())
            .map(|n| n.chars().take(500).collect()),
    };
    if !app.store.move_demand(&ctx, id, &mv).await? {
        return Err(Error::Conflict(Text::new(
            "需求已被修改，请刷新后重试",
            "the demand changed meanwhile; reload and try again",
        )));
    }
    if to == DemandState::Published
        && let Some(d) = app.store.demand(id).await?
    {
        // The demand is stored; matching it now is a courtesy that must not
        // turn a saved demand into a reported failure (the page matches it
        // again when opened).
        if let Err(e) = matching::refresh_demand(app, &d).await {
            tracing::warn!(demand = d.id, error = %e.chain(), "matching a demand failed");
        }
    }
    Ok(to)
}

/// A demand's moves, for whoever may see the demand.
pub async fn transitions(
    app: &App,
    caller: &Caller,
    id: i64,
) -> Result<(DemandRecord, Vec<DemandTransition>), Error> {
    let demand = load_visible_demand(app, caller, id).await?;
    let history = app.store.demand_transitions(id).await?;
    Ok((demand, history))
}

/// The published needs, newest first, for signed-in users; at most `limit`.
pub async fn published(app: &App, caller: &Caller, limit: i64) -> Result<Vec<DemandRecord>, Error> {
    caller.signed_in_user()?;
    Ok(app
        .store
        .find_demands(&DemandFilter {
            states: vec![DemandState::Published],
            limit: limit.clamp(0, 500),
            ..DemandFilter::default()
        })
        .await?)
}

/// The caller's SMEs' demands, newest first.
pub async fn my_demands(app: &App, caller: &Caller) -> Result<Vec<DemandRecord>, Error> {
    let user = caller.signed_in_user()?;
    let mut out = Vec::new();
    for m in user
        .memberships
        .iter()
        .filter(|m| m.org_kind == OrganisationKind::Sme)
    {
        out.extend(
            app.store
                .find_demands(&DemandFilter {
                    organisation: Some(m.org_id),
                    ..DemandFilter::default()
                })
                .await?,
        );
    }
    out.sort_by_key(|d| std::cmp::Reverse(d.updated_at));
    Ok(out)
}

/// One match as the demand's page and the API show it.
#[derive(Debug, Clone)]
pub struct MatchView {
    pub match_id: i64,
    pub target: MatchTarget,
    pub title: String,
    pub owner_name_zh: Option<String>,
    pub score: f64,
    pub reasons: Vec<MatchReason>,
    pub seeker_feedback: Option<FeedbackReason>,
    pub owner_feedback: Option<FeedbackReason>,
    /// The listing, for its summary, mode and price.
    pub listing: Option<ListingRecord>,
    /// A pooled patent's number.
    pub patent_number: Option<String>,
}

/// A demand with its history and current matches.
#[derive(Debug, Clone)]
pub struct DemandView {
    pub demand: DemandRecord,
    pub history: Vec<DemandTransition>,
    /// Whether the caller acts for the demand's SME (may edit and rate).
    pub is_seeker: bool,
    /// Matches, best first; empty for drafts and for callers who are
    /// neither the SME nor a broker.
    pub matches: Vec<MatchView>,
}

/// A demand's page: published and matched demands are ranked afresh (new
/// strong matches are pushed); others show what was stored.
pub async fn demand_view(app: &App, caller: &Caller, id: i64) -> Result<DemandView, Error> {
    let demand = load_visible_demand(app, caller, id).await?;
    let seeker = is_seeker(app, caller, &demand).await?;
    let history = app.store.demand_transitions(id).await?;
    let matches = if seeker || may_analyse(caller) {
        current_matches(app, &demand).await?
    } else {
        Vec::new()
    };
    Ok(DemandView {
        demand,
        history,
        is_seeker: seeker,
        matches,
    })
}

async fn current_matches(app: &App, demand: &DemandRecord) -> Result<Vec<MatchView>, Error> {
    let ranked: Vec<(i64, Ranked)> = match demand.state {
        DemandState::Published | DemandState::Matched => matching::refresh_demand(app, demand)
            .await?
            .into_iter()
            .map(|(s, r)| (s.id, r))
            .collect(),
        DemandState::Draft => Vec::new(),
        DemandState::Closed => app
            .store
            .matches_for_demand(demand.id)
            .await?
            .into_iter()
            .take(matching::SHOWN)
            .map(|m| {
                (
                    m.id,
                    Ranked {
                        target: m.target,
                        owner_id: m.owner_id,
                        title: m.target_title.clone(),
                        score: m.score,
                        reasons: m.reasons.clone(),
                        listing: None,
                    },
                )
            })
            .collect(),
    };
    let stored: HashMap<i64, MatchRecord> = app
        .store
        .matches_for_demand(demand.id)
        .await?
        .into_iter()
        .map(|m| (m.id, m))
        .collect();
    // A fresh ranking carries its listings; a closed demand's stored
    // matches are read with theirs here.
    let listing_ids: Vec<i64> = ranked
        .iter()
        .filter(|(_, r)| r.listing.is_none())
        .filter_map(|(_, r)| match r.target {
            MatchTarget::Listing(id) => Some(id),
            MatchTarget::Patent(_) => None,
        })
        .collect();
    let listings: HashMap<i64, ListingRecord> = if listing_ids.is_empty() {
        HashMap::new()
    } else {
        app.store
            .find_listings_unfaceted(&patentbridge_storage::ListingQuery {
                ids: Some(listing_ids.clone()),
                limit: listing_ids.len() as i64,
                ..Default::default()
            })
            .await?
            .into_iter()
            .map(|l| (l.id, l))
            .collect()
    };
    let mut out = Vec::with_capacity(ranked.len());
    for (id, r) in ranked {
        let record = stored.get(&id);
        let patent_number = match r.target {
            MatchTarget::Patent(p) => app.store.patent_number_of(p).await?,
            MatchTarget::Listing(_) => None,
        };
        out.push(MatchView {
            match_id: id,
            target: r.target,
            title: r.title,
            owner_name_zh: record.and_then(|m| m.owner_name_zh.clone()),
            score: r.score,
            reasons: r.reasons,
            seeker_feedback: record.and_then(|m| m.seeker_feedback),
            owner_feedback: record.and_then(|m| m.owner_feedback),
            listing: match r.target {
                MatchTarget::Listing(l) => r.listing.or_else(|| listings.get(&l).cloned()),
                MatchTarget::Patent(_) => None,
            },
            patent_number,
        });
    }
    Ok(out)
}

/// Parses a feedback reason (code or label).
pub fn parse_reason(raw: &str) -> Result<FeedbackReason, Error> {
    FeedbackReason::parse(raw).map_err(|_| {
        Error::field(
            "reason",
            "请选择评价理由",
            "choose a reason: relevant, too_early_stage, benefit_unclear, too_expensive, route_to_market_unclear, already_have_it, wrong_field or other",
        )
    })
}

/// The longest feedback note, in characters.
pub const MAX_NOTE: usize = 500;

/// Rates a match for the caller's side: the demand's SME rates as the
/// seeker, the listing's (or pooled patent's) owner as the owner. "Other"
/// needs a note. Returns the side rated for.
pub async fn rate(
    app: &App,
    caller: &Caller,
    match_id: i64,
    reason: FeedbackReason,
    note: Option<&str>,
) -> Result<FeedbackSide, Error> {
    let user = caller.signed_in_user()?;
    let not_found = || Error::NotFound(text!("没有匹配 {match_id}", "no match {match_id}"));
    let m = app
        .store
        .match_record(match_id)
        .await?
        .ok_or_else(not_found)?;
    let note = note.map(str::trim).filter(|n| !n.is_empty());
    if reason == FeedbackReason::Other && note.is_none() {
        return Err(Error::field(
            "note",
            "选择“其他”时请写明原因",
            "say why when choosing “other”",
        ));
    }
    if note.is_some_and(|n| n.chars().count() > MAX_NOTE) {
        return Err(Error::field(
            "note",
            format!("说明最多 {MAX_NOTE} 字"),
            format!("the note has at most {MAX_NOTE} characters"),
        ));
    }
    let (side, org) = if granted(demand_organisation(app, caller, Some(m.seeker_id)).await)? {
        (FeedbackSide::Seeker, m.seeker_id)
    } else {
        let owner = m.owner_id.ok_or_else(not_found)?;
        let allowed = match app.store.get_organisation(owner).await? {
            Some(org) => caller.may(
                Action::ManageListings,
                &crate::organisations::resource_of(&org),
            ),
            None => false,
        };
        if !allowed {
            return Err(not_found());
        }
        (FeedbackSide::Owner, owner)
    };
    let mut ctx = caller.audit_context();
    ctx.organisation_id = Some(org);
    app.store
        .rate_match(
            &ctx,
            match_id,
            &patentbridge_storage::Rating {
                side,
                organisation: org,
                user_id: user.id,
                reason,
                note,
            },
        )
        .await?;
    Ok(side)
}

/// A company that could use a listing's technology.
#[derive(Debug, Clone)]
pub struct Company {
    pub organisation_id: i64,
    pub name_zh: String,
    pub name_en: Option<String>,
    /// Why: a matching need, or the same industry.
    /// Why the company could use the listing.
    pub because: Text,
}

/// A matching need of an SME, seen from the listing.
#[derive(Debug, Clone)]
pub struct NeedMatch {
    pub match_id: i64,
    pub demand_id: i64,
    pub demand_title: String,
    pub seeker_name_zh: String,
    pub score: f64,
    pub reasons: Vec<MatchReason>,
    pub owner_feedback: Option<FeedbackReason>,
}

/// The other direction: for a listing, the needs it answers, the
/// companies that could use it and its application scenarios.
#[derive(Debug, Clone)]
pub struct ListingMatches {
    pub listing: ListingRecord,
    pub needs: Vec<NeedMatch>,
    pub companies: Vec<Company>,
    /// (industry code, zh, en), the listing's own first.
    pub industries: Vec<(String, Text)>,
    /// (zh, en) product types from the patents' classification.
    pub product_types: Vec<Text>,
}

/// The listing's matches, for its owner and for brokers. Needs are found
/// by retrieving published demands with the listing's text, then each is
/// ranked from its own side so both directions show the same score.
pub async fn listing_matches(
    app: &App,
    caller: &Caller,
    listing_id: i64,
) -> Result<ListingMatches, Error> {
    let listing = load_visible(app, caller, listing_id).await?;
    if !(may_manage(app, caller, &listing).await? || may_review(caller) || may_analyse(caller)) {
        return Err(Error::NotFound(text!(
            "没有挂牌 {listing_id}",
            "no listing {listing_id}"
        )));
    }
    let corpus = matching::corpus(app).await?;
    let listing_doc = corpus
        .docs
        .iter()
        .find(|d| d.target == MatchTarget::Listing(listing_id))
        .cloned();
    let (candidates, needs) = matching::match_listing_to_needs(app, listing_id).await?;
    let stored: HashMap<i64, MatchRecord> = app
        .store
        .matches_for_listing(listing_id)
        .await?
        .into_iter()
        .map(|m| (m.id, m))
        .collect();
    let needs: Vec<NeedMatch> = needs
        .into_iter()
        .map(|(id, d, r)| NeedMatch {
            match_id: id,
            demand_id: d.id,
            demand_title: d.spec.title.clone(),
            seeker_name_zh: d.organisation_name_zh.clone(),
            score: r.score,
            reasons: r.reasons,
            owner_feedback: stored.get(&id).and_then(|m| m.owner_feedback),
        })
        .collect();

    let mut companies: Vec<Company> = Vec::new();
    for n in &needs {
        if let Some(d) = candidates.iter().find(|d| d.id == n.demand_id)
            && !companies
                .iter()
                .any(|c| c.organisation_id == d.organisation_id)
        {
            companies.push(Company {
                organisation_id: d.organisation_id,
                name_zh: d.organisation_name_zh.clone(),
                name_en: d.organisation_name_en.clone(),
                because: Text::owned(
                    format!("发布了匹配的需求：{}", d.spec.title),
                    format!("posted a matching need: {}", d.spec.title),
                ),
            });
        }
    }
    let industry = listing.spec.industry;
    if industry != Industry::Other {
        let smes = app
            .store
            .list_organisations(&OrganisationFilter {
                kind: Some(OrganisationKind::Sme),
                verification: Some(Verification::Verified),
                limit: 1000,
                offset: 0,
            })
            .await?;
        for org in smes {
            let text = org.industry.clone().unwrap_or_default();
            let same = Industry::parse(&text).ok() == Some(industry)
                || (!text.is_empty() && text.contains(industry.label().zh()));
            if same && !companies.iter().any(|c| c.organisation_id == org.id) {
                companies.push(Company {
                    organisation_id: org.id,
                    name_zh: org.name_zh.clone(),
                    name_en: org.name_en.clone(),
                    because: industry.label().map(|lang, name| match lang {
                        Lang::Zh => format!("同属{name}产业"),
                        Lang::En => format!("in the same industry: {name}"),
                    }),
                });
            }
        }
    }

    let codes: Vec<ClassificationCode> = listing_doc
        .as_ref()
        .map(|d| {
            d.ipc
                .iter()
                .filter_map(|c| ClassificationCode::parse(c).ok())
                .collect()
        })
        .unwrap_or_default();
    let mut industries: Vec<Industry> = vec![industry];
    for c in &codes {
        let i = Industry::from_ipc(c);
        if i != Industry::Other && !industries.contains(&i) {
            industries.push(i);
        }
    }
    let industries = industries
        .into_iter()
        .filter(|i| *i != Industry::Other)
        .map(|i| (i.as_str().to_string(), i.label()))
        .collect();
    let product_types = product_types(&codes)
        .into_iter()
        .map(|(zh, en)| Text::new(zh, en))
        .collect();
    Ok(ListingMatches {
        listing,
        needs,
        companies,
        industries,
        product_types,
    })
}

/// The match pipeline of an operation centre's industry.
#[derive(Debug, Clone)]
pub struct Pipeline {
    /// The industry shown; `None` for every industry.
    pub industry: Option<Industry>,
    pub matches: Vec<MatchRecord>,
    pub feedback: Vec<FeedbackCount>,
}

/// The pipeline for brokers: the industry asked for, or else the caller's
/// centre's industry when it names one, or every industry.
pub async fn pipeline(
    app: &App,
    caller: &Caller,
    industry: Option<&str>,
) -> Result<Pipeline, Error> {
    caller.signed_in_user()?;
    caller.require(Action::AnalyseDemands, &Resource::Platform)?;
    let chosen = match industry.map(str::trim).filter(|s| !s.is_empty()) {
        Some("all") => None,
        Some(raw) => Some(Industry::parse(raw).map_err(|_| {
            Error::field(
                "industry",
                "未知的产业",
                format!("unknown industry {raw:?}"),
            )
        })?),
        None => centre_industry(app, caller).await?,
    };
    let code = chosen.map(|i| i.as_str());
    Ok(Pipeline {
        industry: chosen,
        matches: app.store.match_pipeline(code, 200).await?,
        feedback: app.store.feedback_counts(code).await?,
    })
}

/// The industry of the caller's operation centre, when its profile names one.
async fn centre_industry(app: &App, caller: &Caller) -> Result<Option<Industry>, Error> {
    let Some(user) = caller.user.as_ref() else {
        return Ok(None);
    };
    for m in user
        .memberships
        .iter()
        .filter(|m| m.org_kind == OrganisationKind::IndustryOperationCentre)
    {
        if let Some(org) = app.store.get_organisation(m.org_id).await?
            && let Some(text) = org.industry.as_deref()
            && let Some(i) = Industry::ALL
                .iter()
                .find(|i| Industry::parse(text).ok() == Some(**i) || text.contains(i.label().zh()))
        {
            return Ok(Some(*i));
        }
    }
    Ok(None)
}

/// One row of a bulk analysis: the need as read and its best matches, or
/// why the row was not read.
#[derive(Debug, Clone)]
pub struct AnalysedRow {
    /// The CSV line (the header is line 1).
    pub line: usize,
    pub enterprise: String,
    pub title: String,
    pub result: Result<Vec<Ranked>, Vec<FieldError>>,
}

/// The most rows one upload may hold.
pub const MAX_ROWS: usize = 500;
/// Matches shown per row of a bulk analysis.
pub const PER_ROW: usize = 5;

/// The CSV columns of collected needs, each with the header spellings
/// accepted (Chinese or English).
const COLUMNS: &[(&str, &[&str])] = &[
    ("enterprise", &["企业名称", "enterprise", "company"]),
    ("title", &["需求标题", "title"]),
    ("problem", &["问题描述", "要解决的问题", "problem"]),
    ("product", &["产品或工艺", "product"]),
    ("industry", &["所属领域", "领域", "industry", "field"]),
    ("ipc", &["分类号", "ipc"]),
    (
        "budget_min_yuan",
        &["预算下限", "budget_min", "budget_min_yuan"],
    ),
    (
        "budget_max_yuan",
        &["预算上限", "budget_max", "budget_max_yuan"],
    ),
    ("modes", &["交易方式", "modes", "mode"]),
    ("deadline", &["截止日期", "deadline"]),
    ("district", &["所在区", "区", "district"]),
];

/// Matches every need of a district office's CSV against the mall and the
/// pool, row by row; nothing is stored. A file that cannot be read at all
/// (no header, a missing required column, too many rows) is a 422 naming
/// what is wrong; a bad row is reported on its line and the rest go on.
pub async fn analyse_csv(
    app: &App,
    caller: &Caller,
    bytes: &[u8],
) -> Result<Vec<AnalysedRow>, Error> {
    caller.signed_in_user()?;
    caller.require(Action::AnalyseDemands, &Resource::Platform)?;
    let text =
        std::str::from_utf8(bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes)).map_err(|e| {
            Error::field(
                "file",
                "文件须为 UTF-8 编码的 CSV",
                format!("the file must be UTF-8 CSV ({e})"),
            )
        })?;
    let mut reader = csv::ReaderBuilder::new()
        .flexible(true)
        .trim(csv::Trim::All)
        .from_reader(text.as_bytes());
    let headers = reader
        .headers()
        .map_err(|e| {
            Error::field(
                "file",
                "无法读取表头",
                format!("cannot read the header: {e}"),
            )
        })?
        .clone();
    let position = |name: &str| -> Option<usize> {
        let spellings = COLUMNS.iter().find(|(n, _)| *n == name)?.1;
        headers
            .iter()
            .position(|h| spellings.iter().any(|s| s.eq_ignore_ascii_case(h.trim())))
    };
    for required in ["title", "problem"] {
        if position(required).is_none() {
            let spellings = COLUMNS
                .iter()
                .find(|(n, _)| *n == required)
                .map(|c| c.1)
                .unwrap_or(&[]);
            return Err(Error::field(
                "file",
                format!("缺少“{}”列（第 1 行表头）", spellings[0]),
                format!(
                    "line 1: the header has no {required} column (one of {})",
                    spellings.join(", ")
                ),
            ));
        }
    }
    let columns: Vec<(&str, Option<usize>)> =
        COLUMNS.iter().map(|(n, _)| (*n, position(n))).collect();
    let mut rows = Vec::new();
    for (i, record) in reader.records().enumerate() {
        let line = i + 2;
        if rows.len() >= MAX_ROWS {
            return Err(Error::field(
                "file",
                format!("一次最多分析 {MAX_ROWS} 条需求"),
                format!("at most {MAX_ROWS} needs per file (line {line} is beyond)"),
            ));
        }
        let record = record.map_err(|e| {
            Error::field(
                "file",
                format!("第 {line} 行无法读取"),
                format!("line {line}: {e}"),
            )
        })?;
        let get = |name: &str| -> String {
            columns
                .iter()
                .find(|(n, _)| *n == name)
                .and_then(|(_, p)| *p)
                .and_then(|p| record.get(p))
                .unwrap_or("")
                .to_string()
        };
        if record.iter().all(|f| f.trim().is_empty()) {
            continue;
        }
        let form = DemandForm {
            title: get("title"),
            problem: get("problem"),
            product: get("product"),
            industry: get("industry"),
            ipc: get("ipc"),
            budget_min_yuan: get("budget_min_yuan"),
            budget_max_yuan: get("budget_max_yuan"),
            modes: get("modes")
                .split(['、', ',', '，', ';', '；', '/'])
                .map(str::to_string)
                .collect(),
            deadline: get("deadline"),
            district: get("district"),
        };
        let result = match DemandSpec::parse(&form, app.today()) {
            Ok(spec) => {
                let record = DemandRecord {
                    id: 0,
                    organisation_id: 0,
                    organisation_name_zh: get("enterprise"),
                    organisation_name_en: None,
                    spec,
                    state: DemandState::Published,
                    created_by: None,
                    created_at: app.now(),
                    updated_at: app.now(),
                    published_at: None,
                };
                let mut ranked = matching::rank_for_demand(app, &record).await?;
                ranked.truncate(PER_ROW);
                Ok(ranked)
            }
            Err(errors) => Err(errors),
        };
        rows.push(AnalysedRow {
            line,
            enterprise: get("enterprise"),
            title: form.title,
            result,
        });
    }
    if rows.is_empty() {
        return Err(Error::field(
            "file",
            "文件中没有需求行",
            "the file holds no needs below its header",
        ));
    }
    Ok(rows)
}
