//! Who may do what: the one policy function every handler asks before it
//! shows or changes anything.
//!
//! [`decide`] answers [`Decision::Allow`], [`Decision::Forbidden`] (the actor
//! may see the thing but not do this to it; the web layer answers 403) or
//! [`Decision::Hidden`] (the actor may not even know it exists; 404).

use crate::identity::{MembershipRole, PlatformRole};
use crate::organisation::{OrganisationKind, Verification};
use crate::{RegionCode, Text};

/// A user's membership of one organisation, as the policy needs it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Membership {
    pub org_id: i64,
    pub org_kind: OrganisationKind,
    pub role: MembershipRole,
}

/// A signed-in user with their memberships and platform roles.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct User {
    pub user_id: i64,
    pub memberships: Vec<Membership>,
    pub platform_roles: Vec<PlatformRole>,
}

/// Who is asking.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Actor {
    Anonymous,
    User(User),
}

impl Actor {
    fn user(&self) -> Option<&User> {
        match self {
            Actor::Anonymous => None,
            Actor::User(u) => Some(u),
        }
    }

    fn has_role(&self, role: PlatformRole) -> bool {
        self.user()
            .is_some_and(|u| u.platform_roles.contains(&role))
    }

    pub fn is_admin(&self) -> bool {
        self.has_role(PlatformRole::Administrator)
    }

    pub fn is_ip_bureau(&self) -> bool {
        self.has_role(PlatformRole::IpBureau)
    }

    /// The districts the actor is a district officer of.
    pub fn officer_districts(&self) -> impl Iterator<Item = RegionCode> + '_ {
        self.user()
            .into_iter()
            .flat_map(|u| u.platform_roles.iter().filter_map(|r| r.district()))
    }

    pub fn is_district_officer(&self) -> bool {
        self.officer_districts().next().is_some()
    }

    /// Whether the actor is a district officer of `district`.
    pub fn is_officer_of(&self, district: Option<RegionCode>) -> bool {
        district.is_some_and(|d| self.officer_districts().any(|o| o == d))
    }

    /// The actor's membership of an organisation, if any.
    pub fn membership(&self, org_id: i64) -> Option<&Membership> {
        self.user()?.memberships.iter().find(|m| m.org_id == org_id)
    }

    pub fn is_member_of(&self, org_id: i64) -> bool {
        self.membership(org_id).is_some()
    }

    /// Staff of an operation centre: the platform role, or membership of a
    /// centre organisation.
    pub fn works_for_operation_centre(&self) -> bool {
        self.has_role(PlatformRole::OperationCentreStaff)
            || self.user().is_some_and(|u| {
                u.memberships
                    .iter()
                    .any(|m| m.org_kind.is_operation_centre())
            })
    }

    /// An expert of the platform's pool (valuation reviews).
    pub fn is_expert(&self) -> bool {
        self.has_role(PlatformRole::Expert)
    }

    /// The signed-in user's id.
    pub fn user_id(&self) -> Option<i64> {
        self.user().map(|u| u.user_id)
    }

    /// The organisations the actor belongs to.
    pub fn organisation_ids(&self) -> impl Iterator<Item = i64> + '_ {
        self.user()
            .into_iter()
            .flat_map(|u| u.memberships.iter().map(|m| m.org_id))
    }

    pub fn is_manager_of(&self, org_id: i64) -> bool {
        self.membership(org_id)
            .is_some_and(|m| m.role == MembershipRole::Manager)
    }
}

/// Everything the policy decides on; grows with each feature.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Action {
    SearchCatalogue,
    ViewPatent,
    EditPatent,
    ImportPatents,
    ViewOrganisation,
    EditOrganisation,
    InviteMember,
    VerifyOrganisation,
    ViewAuditLog,
    ExportAuditLog,
    ManageUsers,
    ViewKpis,
    UseDealsAsSme,
    /// Write, submit, pause, resume and close the organisation's listings.
    ManageListings,
    /// Publish or send back listings submitted for review.
    ReviewListings,
    /// Screen the organisation's stock and propose or department-approve
    /// pool candidates.
    ManagePool,
    /// The tech-transfer office's final approval into the pool.
    ApprovePoolIntake,
    /// Bundle listings into packages in the organisation's name.
    CuratePackages,
    /// Match a district's collected enterprise needs (a CSV) against the
    /// mall in bulk, and follow the match pipeline.
    AnalyseDemands,
    /// Record a valuation of a patent and ask for an expert's review.
    RecordValuation,
    /// Take and submit expert reviews of valuations; keep one's profile.
    ReviewValuations,
    /// Edit the valuation weight table.
    EditValuationWeights,
    /// Screen the pool for market prospects and follow the experts'
    /// workload.
    ScreenMarket,
}

impl Action {
    pub const ALL: [Action; 23] = [
        Action::SearchCatalogue,
        Action::ViewPatent,
        Action::EditPatent,
        Action::ImportPatents,
        Action::ViewOrganisation,
        Action::EditOrganisation,
        Action::InviteMember,
        Action::VerifyOrganisation,
        Action::ViewAuditLog,
        Action::ExportAuditLog,
        Action::ManageUsers,
        Action::ViewKpis,
        Action::UseDealsAsSme,
        Action::ManageListings,
        Action::ReviewListings,
        Action::ManagePool,
        Action::ApprovePoolIntake,
        Action::CuratePackages,
        Action::AnalyseDemands,
        Action::RecordValuation,
        Action::ReviewValuations,
        Action::EditValuationWeights,
        Action::ScreenMarket,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Action::SearchCatalogue => "search_catalogue",
            Action::ViewPatent => "view_patent",
            Action::EditPatent => "edit_patent",
            Action::ImportPatents => "import_patents",
            Action::ViewOrganisation => "view_organisation",
            Action::EditOrganisation => "edit_organisation",
            Action::InviteMember => "invite_member",
            Action::VerifyOrganisation => "verify_organisation",
            Action::ViewAuditLog => "view_audit_log",
            Action::ExportAuditLog => "export_audit_log",
            Action::ManageUsers => "manage_users",
            Action::ViewKpis => "view_kpis",
            Action::UseDealsAsSme => "use_deals_as_sme",
            Action::ManageListings => "manage_listings",
            Action::ReviewListings => "review_listings",
            Action::ManagePool => "manage_pool",
            Action::ApprovePoolIntake => "approve_pool_intake",
            Action::CuratePackages => "curate_packages",
            Action::AnalyseDemands => "analyse_demands",
            Action::RecordValuation => "record_valuation",
            Action::ReviewValuations => "review_valuations",
            Action::EditValuationWeights => "edit_valuation_weights",
            Action::ScreenMarket => "screen_market",
        }
    }

    /// What the action does, as a refusal names it to a person.
    pub fn label(self) -> Text {
        let (zh, en) = match self {
            Action::SearchCatalogue => ("检索专利库", "search the catalogue"),
            Action::ViewPatent => ("查看专利", "view the patent"),
            Action::EditPatent => ("修改专利信息", "edit the patent"),
            Action::ImportPatents => ("导入专利", "import patents"),
            Action::ViewOrganisation => ("查看机构", "view the organisation"),
            Action::EditOrganisation => ("修改机构信息", "edit the organisation"),
            Action::InviteMember => ("邀请成员", "invite members"),
            Action::VerifyOrganisation => ("审核机构认证", "verify organisations"),
            Action::ViewAuditLog => ("查看审计日志", "view the audit log"),
            Action::ExportAuditLog => ("导出审计日志", "export the audit log"),
            Action::ManageUsers => ("管理用户", "manage users"),
            Action::ViewKpis => ("查看统计指标", "view the indicators"),
            Action::UseDealsAsSme => ("以企业身份洽谈交易", "take part in deals as an enterprise"),
            Action::ManageListings => ("管理挂牌", "manage listings"),
            Action::ReviewListings => ("审核挂牌", "review listings"),
            Action::ManagePool => ("管理沉睡专利池", "manage the dormant pool"),
            Action::ApprovePoolIntake => ("批准入池", "approve pool intake"),
            Action::CuratePackages => ("组建专利包", "curate packages"),
            Action::AnalyseDemands => ("分析企业需求", "analyse enterprise needs"),
            Action::RecordValuation => (
                "记录评估并申请专家复核",
                "record valuations and ask for reviews",
            ),
            Action::ReviewValuations => ("承接专家复核", "review valuations as an expert"),
            Action::EditValuationWeights => ("修改评估权重表", "edit the valuation weights"),
            Action::ScreenMarket => ("市场前景筛选", "screen market prospects"),
        };
        Text::new(zh, en)
    }

    /// The API-token scope an action needs. Sessions carry every scope; an
    /// API token only those it was created with.
    pub fn scope(self) -> Scope {
        match self {
            Action::SearchCatalogue
            | Action::ViewPatent
            | Action::ViewOrganisation
            | Action::ViewKpis
            | Action::AnalyseDemands
            | Action::ScreenMarket => Scope::Read,
            Action::EditPatent
            | Action::ImportPatents
            | Action::EditOrganisation
            | Action::InviteMember
            | Action::UseDealsAsSme
            | Action::ManageListings
            | Action::ReviewListings
            | Action::ManagePool
            | Action::ApprovePoolIntake
            | Action::CuratePackages
            | Action::RecordValuation
            | Action::ReviewValuations
            | Action::EditValuationWeights => Scope::Write,
            Action::ViewAuditLog | Action::ExportAuditLog => Scope::Audit,
            Action::VerifyOrganisation | Action::ManageUsers => Scope::Admin,
        }
    }
}

/// What an API token may be used for. A token never gives more than its
/// user may do; scopes only narrow it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Scope {
    /// Read what the user may see.
    Read,
    /// Change what the user may change (their organisation's data, deals).
    Write,
    /// Read and export the audit log.
    Audit,
    /// Administrators' actions: verification, user management.
    Admin,
}

impl Scope {
    pub const ALL: [Scope; 4] = [Scope::Read, Scope::Write, Scope::Audit, Scope::Admin];

    pub fn as_str(self) -> &'static str {
        match self {
            Scope::Read => "read",
            Scope::Write => "write",
            Scope::Audit => "audit",
            Scope::Admin => "admin",
        }
    }

    pub fn parse(raw: &str) -> Result<Scope, crate::DomainError> {
        Scope::ALL
            .into_iter()
            .find(|s| s.as_str() == raw.trim())
            .ok_or_else(|| crate::DomainError::UnknownCode {
                kind: "scope",
                value: raw.to_string(),
            })
    }

    /// The name people read, in both languages.
    pub fn label(self) -> Text {
        match self {
            Scope::Read => Text::new("读取", "read"),
            Scope::Write => Text::new("修改", "write"),
            Scope::Audit => Text::new("审计日志", "audit log"),
            Scope::Admin => Text::new("管理", "administration"),
        }
    }
}

/// What an action is applied to, with the facts the rules depend on.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Resource {
    /// The public patent catalogue as a whole.
    Catalogue,
    /// One patent; `owner_org` is the organisation holding it on the
    /// platform, if any.
    Patent { owner_org: Option<i64> },
    /// One organisation. For `ImportPatents` it is the organisation whose
    /// stock is loaded; for `UseDealsAsSme` the SME the user acts for.
    Organisation {
        id: i64,
        kind: OrganisationKind,
        district: Option<RegionCode>,
        verification: Verification,
    },
    /// The audit log, whole (`None`) or restricted to one district's
    /// organisations.
    AuditLog { district: Option<RegionCode> },
    /// The KPI dashboard, city-wide (`None`) or for one district.
    Kpis { district: Option<RegionCode> },
    /// The platform itself (user management).
    Platform,
}

/// The answer of the policy.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Decision {
    Allow,
    /// May see it, may not do this (403).
    Forbidden,
    /// May not see it (404).
    Hidden,
}

impl Decision {
    pub fn is_allowed(self) -> bool {
        self == Decision::Allow
    }
}

/// Whether the actor may know the resource exists; a refused actor who may
/// gets 403, one who may not gets 404.
fn visible(actor: &Actor, resource: &Resource) -> bool {
    match *resource {
        // Public record.
        Resource::Catalogue | Resource::Patent { .. } => true,
        Resource::Organisation {
            id,
            kind,
            district,
            verification,
        } => {
            // The bureau reads everything; admins run the platform; members
            // see their own; a district officer sees the district's
            // organisations.
            actor.is_admin()
                || actor.is_ip_bureau()
                || actor.is_member_of(id)
                || actor.is_officer_of(district)
                // Verified universities, centres, banks and the like appear
                // on listings and are public; an SME's profile (revenue,
                // staff) is its own business, and an unverified organisation
                // is shown to nobody outside it.
                || (verification.is_verified() && kind != OrganisationKind::Sme)
        }
        // The oversight pages exist for those who oversee something.
        Resource::AuditLog { .. } | Resource::Kpis { .. } => {
            actor.is_admin() || actor.is_ip_bureau() || actor.is_district_officer()
        }
        Resource::Platform => actor.is_admin(),
    }
}

/// Decides whether `actor` may do `action` to `resource`: Allow when the
/// rule allows it, otherwise Forbidden if the actor may see the resource and
/// Hidden if not.
pub fn decide(actor: &Actor, action: Action, resource: &Resource) -> Decision {
    use Action::*;
    use Resource as R;

    let admin = actor.is_admin();
    let bureau = actor.is_ip_bureau();
    let visible = visible(actor, resource);
    let allowed = match (action, *resource) {
        // The catalogue and published patents are public record: anyone,
        // signed in or not, may search and read them.
        (SearchCatalogue, R::Catalogue) => true,
        (ViewPatent, R::Patent { .. }) => true,

        // Ownership follows membership: any member of the owning organisation
        // edits its patents; administrators correct data.
        (EditPatent, R::Patent { owner_org }) => {
            admin || owner_org.is_some_and(|o| actor.is_member_of(o))
        }

        // Bulk-loading a patent stock is for the sources (universities,
        // institutes, SOEs), done by their managers or an administrator.
        (ImportPatents, R::Organisation { id, kind, .. }) => {
            kind.is_patent_source() && (admin || actor.is_manager_of(id))
        }
        // Loading records from files into the shared catalogue at large
        // (not into one source's stock) is an administrator's work.
        (ImportPatents, R::Catalogue) => admin,

        // Whoever may see an organisation may view its profile (see `visible`).
        (ViewOrganisation, R::Organisation { .. }) => visible,

        // An organisation's managers keep its profile; administrators may fix it.
        (EditOrganisation, R::Organisation { id, .. }) => admin || actor.is_manager_of(id),

        // Invitations go out in the organisation's name, so only its managers
        // send them; administrators change memberships through user management.
        (InviteMember, R::Organisation { id, .. }) => actor.is_manager_of(id),

        // Verification is the administrators' check; the bureau, district
        // officers and the organisation itself may look but not decide.
        (VerifyOrganisation, R::Organisation { .. }) => admin,

        // The audit log is for administrators and the bureau; a district
        // officer reads and exports only the entries of the district's
        // organisations, and is refused (not misled) on any wider view.
        (ViewAuditLog | ExportAuditLog, R::AuditLog { district }) => {
            admin || bureau || actor.is_officer_of(district)
        }

        // User management is an administrator's page.
        (ManageUsers, R::Platform) => admin,

        // KPIs against the plan's targets: the bureau and administrators see
        // the city and every district, a district officer their own district.
        (ViewKpis, R::Kpis { district }) => admin || bureau || actor.is_officer_of(district),

        // Deals are for SMEs whose identity an administrator has verified;
        // any member of such an SME may act for it, nobody else may.
        (
            UseDealsAsSme,
            R::Organisation {
                id,
                kind,
                verification,
                ..
            },
        ) => kind == OrganisationKind::Sme && verification.is_verified() && actor.is_member_of(id),

        // Listings and the pool are the sources' business: members of a
        // verified university, institute or SOE write listings and propose
        // pool candidates (the department step too); the final approval
        // into the pool is the tech-transfer office's, i.e. a manager's.
        (
            ManageListings | ManagePool,
            R::Organisation {
                id,
                kind,
                verification,
                ..
            },
        ) => {
            admin
                || (kind.is_patent_source() && verification.is_verified() && actor.is_member_of(id))
        }
        (
            ApprovePoolIntake,
            R::Organisation {
                id,
                kind,
                verification,
                ..
            },
        ) => {
            admin
                || (kind.is_patent_source()
                    && verification.is_verified()
                    && actor.is_manager_of(id))
        }

        // Operation centres review listings before publication.
        (ReviewListings, R::Platform) => admin || actor.works_for_operation_centre(),

        // Packages are bundled by an operation centre or a source's office,
        // in that organisation's name.
        (
            CuratePackages,
            R::Organisation {
                id,
                kind,
                verification,
                ..
            },
        ) => {
            admin
                || ((kind.is_operation_centre() || kind.is_patent_source())
                    && verification.is_verified()
                    && actor.is_member_of(id))
        }

        // Bulk matching of collected needs and the match pipeline are the
        // brokers' tools: operation centres, district officers (who collect
        // the needs), the bureau and administrators.
        (AnalyseDemands, R::Platform) => {
            admin || bureau || actor.is_district_officer() || actor.works_for_operation_centre()
        }

        // Anyone signed in may record a valuation (the first estimate is
        // free) and ask for an expert's review of it.
        (RecordValuation, R::Platform) => actor.user().is_some(),
        // Reviews are the pool's experts' work.
        (ReviewValuations, R::Platform) => actor.is_expert(),
        // The weights are the bureau's, kept by administrators.
        (EditValuationWeights, R::Platform) => admin || bureau,
        // Market screening, packages by data and the experts' workload are
        // the operation centres' tools, watched by the bureau.
        (ScreenMarket, R::Platform) => admin || bureau || actor.works_for_operation_centre(),

        // An action that does not apply to this resource is a mistake of the
        // caller: fail closed, and reveal nothing.
        _ => return Decision::Hidden,
    };
    match (allowed, visible) {
        (true, _) => Decision::Allow,
        (false, true) => Decision::Forbidden,
        (false, false) => Decision::Hidden,
    }
}

/// Which audit entries the actor may list.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum AuditScope {
    /// Every entry (administrators, the bureau).
    Everything,
    /// Entries of organisations in these districts (district officers).
    Districts(Vec<RegionCode>),
    /// None at all.
    Nothing,
}

/// The audit entries a listing for `actor` should be filtered to; agrees
/// with [`decide`] on `ViewAuditLog`.
pub fn audit_scope(actor: &Actor) -> AuditScope {
    if actor.is_admin() || actor.is_ip_bureau() {
        AuditScope::Everything
    } else if actor.is_district_officer() {
        AuditScope::Districts(actor.officer_districts().collect())
    } else {
        AuditScope::Nothing
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use Action::*;
    use Decision::{Allow, Forbidden, Hidden};

    const TJU: i64 = 1;
    const SME1: i64 = 10;
    const SME2: i64 = 11;
    const SME3: i64 = 12;
    const BANK1: i64 = 20;
    const BUREAU_ORG: i64 = 30;
    const CENTRE: i64 = 40;

    fn region(code: &str) -> RegionCode {
        RegionCode::parse(code).unwrap()
    }

    fn binhai() -> Option<RegionCode> {
        Some(region("120116"))
    }

    fn user(
        memberships: &[(i64, OrganisationKind, MembershipRole)],
        roles: &[PlatformRole],
    ) -> Actor {
        Actor::User(User {
            user_id: 100,
            memberships: memberships
                .iter()
                .map(|&(org_id, org_kind, role)| Membership {
                    org_id,
                    org_kind,
                    role,
                })
                .collect(),
            platform_roles: roles.to_vec(),
        })
    }

    use MembershipRole::{Manager, Member};
    use OrganisationKind as K;

    fn anonymous() -> Actor {
        Actor::Anonymous
    }
    fn sme_member() -> Actor {
        user(&[(SME1, K::Sme, Member)], &[])
    }
    fn sme_manager() -> Actor {
        user(&[(SME1, K::Sme, Manager)], &[])
    }
    fn unverified_sme_manager() -> Actor {
        user(&[(SME3, K::Sme, Manager)], &[])
    }
    fn university_tto_manager() -> Actor {
        user(&[(TJU, K::University, Manager)], &[])
    }
    fn university_member() -> Actor {
        user(&[(TJU, K::University, Member)], &[])
    }
    fn centre_member() -> Actor {
        user(&[(CENTRE, K::IndustryOperationCentre, Member)], &[])
    }
    fn bank_member() -> Actor {
        user(&[(BANK1, K::Bank, Member)], &[])
    }
    fn expert() -> Actor {
        user(&[], &[PlatformRole::Expert])
    }
    fn district_officer_binhai() -> Actor {
        user(
            &[],
            &[PlatformRole::DistrictOfficer {
                district: region("120116"),
            }],
        )
    }
    fn bureau() -> Actor {
        user(
            &[(BUREAU_ORG, K::IpBureau, Member)],
            &[PlatformRole::IpBureau],
        )
    }
    fn admin() -> Actor {
        user(&[], &[PlatformRole::Administrator])
    }

    fn org(
        id: i64,
        kind: OrganisationKind,
        district: &str,
        verification: Verification,
    ) -> Resource {
        Resource::Organisation {
            id,
            kind,
            district: Some(region(district)),
            verification,
        }
    }
    /// Tianjin University, verified, in Nankai.
    fn tju() -> Resource {
        org(TJU, K::University, "120104", Verification::Verified)
    }
    /// A verified SME in Binhai.
    fn sme1() -> Resource {
        org(SME1, K::Sme, "120116", Verification::Verified)
    }
    /// A verified SME in Xiqing.
    fn sme2() -> Resource {
        org(SME2, K::Sme, "120111", Verification::Verified)
    }
    /// An SME in Binhai waiting for verification.
    fn sme3() -> Resource {
        org(SME3, K::Sme, "120116", Verification::Pending)
    }

    /// A verified industry operation centre.
    fn centre() -> Resource {
        org(
            CENTRE,
            K::IndustryOperationCentre,
            "120116",
            Verification::Verified,
        )
    }

    /// The columns of the matrix: an action on a representative resource.
    fn columns() -> Vec<(&'static str, Action, Resource)> {
        let patent_tju = Resource::Patent {
            owner_org: Some(TJU),
        };
        let patent_unowned = Resource::Patent { owner_org: None };
        vec![
            ("search catalogue", SearchCatalogue, Resource::Catalogue),
            ("view TJU patent", ViewPatent, patent_tju),
            ("edit TJU patent", EditPatent, patent_tju),
            ("edit unowned patent", EditPatent, patent_unowned),
            ("import into TJU", ImportPatents, tju()),
            ("import into sme1", ImportPatents, sme1()),
            ("view TJU", ViewOrganisation, tju()),
            ("view sme1 (Binhai)", ViewOrganisation, sme1()),
            ("view sme2 (Xiqing)", ViewOrganisation, sme2()),
            ("view sme3 (pending)", ViewOrganisation, sme3()),
            ("edit sme1", EditOrganisation, sme1()),
            ("edit TJU", EditOrganisation, tju()),
            ("invite to sme1", InviteMember, sme1()),
            ("verify sme3", VerifyOrganisation, sme3()),
            (
                "view whole audit log",
                ViewAuditLog,
                Resource::AuditLog { district: None },
            ),
            (
                "view Binhai audit log",
                ViewAuditLog,
                Resource::AuditLog { district: binhai() },
            ),
            (
                "export whole audit log",
                ExportAuditLog,
                Resource::AuditLog { district: None },
            ),
            (
                "export Binhai audit log",
                ExportAuditLog,
                Resource::AuditLog { district: binhai() },
            ),
            ("manage users", ManageUsers, Resource::Platform),
            (
                "view city KPIs",
                ViewKpis,
                Resource::Kpis { district: None },
            ),
            (
                "view Binhai KPIs",
                ViewKpis,
                Resource::Kpis { district: binhai() },
            ),
            ("deal as sme1", UseDealsAsSme, sme1()),
            ("deal as sme3", UseDealsAsSme, sme3()),
            ("list for TJU", ManageListings, tju()),
            ("list for sme1", ManageListings, sme1()),
            ("review listings", ReviewListings, Resource::Platform),
            ("pool for TJU", ManagePool, tju()),
            ("approve TJU pool", ApprovePoolIntake, tju()),
            ("package for TJU", CuratePackages, tju()),
            ("package for centre", CuratePackages, centre()),
            ("analyse demands", AnalyseDemands, Resource::Platform),
            ("record valuation", RecordValuation, Resource::Platform),
            ("review valuations", ReviewValuations, Resource::Platform),
            ("edit weights", EditValuationWeights, Resource::Platform),
            ("screen market", ScreenMarket, Resource::Platform),
        ]
    }

    /// Builds the actor of one archetype.
    type Archetype = fn() -> Actor;

    /// The expected decision of every archetype on every column, in column
    /// order: A = Allow, F = Forbidden (403), H = Hidden (404).
    #[rustfmt::skip]
    const MATRIX: &[(&str, Archetype, &str)] = &[
        //                                                  search  view-p  edit-p  edit-u  imp-tju imp-s1  v-tju   v-sme1  v-sme2  v-sme3  e-sme1  e-tju   inv-s1  ver-s3  aud-all aud-bh  exp-all exp-bh  users   kpi-all kpi-bh  deal-s1 deal-s3 list-t  list-s1 review  pool-t  appr-t  pkg-t   pkg-c   analyse  record  review-v weights screen
        ("anonymous",                anonymous,              "A       A       F       F       F       H       A       H       H       H       H       F       H       H       H       H       H       H       H       H       H       H       H       F       H       H       F       F       F       F       H       H       H       H       H"),
        ("sme member",               sme_member,             "A       A       F       F       F       F       A       A       H       H       F       F       F       H       H       H       H       H       H       H       H       A       H       F       F       H       F       F       F       F       H       A       H       H       H"),
        ("sme manager",              sme_manager,            "A       A       F       F       F       F       A       A       H       H       A       F       A       H       H       H       H       H       H       H       H       A       H       F       F       H       F       F       F       F       H       A       H       H       H"),
        ("unverified sme manager",   unverified_sme_manager, "A       A       F       F       F       H       A       H       H       A       H       F       H       F       H       H       H       H       H       H       H       H       F       F       H       H       F       F       F       F       H       A       H       H       H"),
        ("university tto manager",   university_tto_manager, "A       A       A       F       A       H       A       H       H       H       H       A       H       H       H       H       H       H       H       H       H       H       H       A       H       H       A       A       A       F       H       A       H       H       H"),
        ("university member",        university_member,      "A       A       A       F       F       H       A       H       H       H       H       F       H       H       H       H       H       H       H       H       H       H       H       A       H       H       A       F       A       F       H       A       H       H       H"),
        ("centre member",            centre_member,          "A       A       F       F       F       H       A       H       H       H       H       F       H       H       H       H       H       H       H       H       H       H       H       F       H       A       F       F       F       A       A       A       H       H       A"),
        ("bank member",              bank_member,            "A       A       F       F       F       H       A       H       H       H       H       F       H       H       H       H       H       H       H       H       H       H       H       F       H       H       F       F       F       F       H       A       H       H       H"),
        ("expert",                   expert,                 "A       A       F       F       F       H       A       H       H       H       H       F       H       H       H       H       H       H       H       H       H       H       H       F       H       H       F       F       F       F       H       A       A       H       H"),
        ("district officer Binhai",  district_officer_binhai,"A       A       F       F       F       F       A       A       H       A       F       F       F       F       F       A       F       A       H       F       A       F       F       F       F       H       F       F       F       F       A       A       H       H       H"),
        ("bureau",                   bureau,                 "A       A       F       F       F       F       A       A       A       A       F       F       F       F       A       A       A       A       H       A       A       F       F       F       F       H       F       F       F       F       A       A       H       A       A"),
        ("admin",                    admin,                  "A       A       A       A       A       F       A       A       A       A       A       A       F       A       A       A       A       A       A       A       A       F       F       A       A       A       A       A       A       A       A       A       F       A       A"),
    ];

    fn letter(d: Decision) -> &'static str {
        match d {
            Allow => "A",
            Forbidden => "F",
            Hidden => "H",
        }
    }

    #[test]
    fn the_permission_matrix_holds_for_every_archetype_and_action() {
        let columns = columns();
        let mut covered: Vec<Action> = columns.iter().map(|c| c.1).collect();
        covered.dedup();
        for action in Action::ALL {
            assert!(
                covered.contains(&action),
                "{} has no column",
                action.as_str()
            );
        }
        let mut mismatches = Vec::new();
        for (name, actor, row) in MATRIX {
            let expected: Vec<&str> = row.split_whitespace().collect();
            assert_eq!(
                expected.len(),
                columns.len(),
                "row {name} has the wrong width"
            );
            let actor = actor();
            for ((label, action, resource), want) in columns.iter().zip(expected) {
                let got = letter(decide(&actor, *action, resource));
                if got != want {
                    mismatches.push(format!("{name} / {label}: expected {want}, got {got}"));
                }
            }
        }
        assert!(mismatches.is_empty(), "\n{}", mismatches.join("\n"));
    }

    #[test]
    fn only_an_administrator_loads_files_into_the_catalogue_at_large() {
        assert_eq!(decide(&admin(), ImportPatents, &Resource::Catalogue), Allow);
        assert_eq!(
            decide(&bureau(), ImportPatents, &Resource::Catalogue),
            Forbidden
        );
        assert_eq!(
            decide(&anonymous(), ImportPatents, &Resource::Catalogue),
            Forbidden
        );
    }

    #[test]
    fn anyone_may_search_the_catalogue_and_read_patents() {
        assert_eq!(
            decide(&anonymous(), SearchCatalogue, &Resource::Catalogue),
            Allow
        );
        assert_eq!(
            decide(
                &anonymous(),
                ViewPatent,
                &Resource::Patent { owner_org: None }
            ),
            Allow
        );
    }

    #[test]
    fn members_of_the_owning_organisation_edit_its_patents_and_others_get_forbidden() {
        let member = user(&[(TJU, K::University, Member)], &[]);
        let patent = Resource::Patent {
            owner_org: Some(TJU),
        };
        assert_eq!(decide(&member, EditPatent, &patent), Allow);
        assert_eq!(decide(&sme_manager(), EditPatent, &patent), Forbidden);
    }

    #[test]
    fn only_managers_of_a_source_or_admins_import_patents() {
        let member = user(&[(TJU, K::University, Member)], &[]);
        assert_eq!(decide(&member, ImportPatents, &tju()), Forbidden);
        assert_eq!(
            decide(&university_tto_manager(), ImportPatents, &tju()),
            Allow
        );
        assert_eq!(decide(&admin(), ImportPatents, &tju()), Allow);
        let soe = org(
            40,
            K::StateOwnedEnterprise,
            "120116",
            Verification::Verified,
        );
        let soe_manager = user(&[(40, K::StateOwnedEnterprise, Manager)], &[]);
        assert_eq!(decide(&soe_manager, ImportPatents, &soe), Allow);
        assert_eq!(decide(&sme_manager(), ImportPatents, &sme1()), Forbidden);
    }

    #[test]
    fn an_sme_profile_is_hidden_from_outsiders_but_a_verified_university_is_public() {
        assert_eq!(decide(&bank_member(), ViewOrganisation, &sme1()), Hidden);
        assert_eq!(decide(&anonymous(), ViewOrganisation, &tju()), Allow);
        let unverified_uni = org(2, K::University, "120104", Verification::Unverified);
        assert_eq!(
            decide(&anonymous(), ViewOrganisation, &unverified_uni),
            Hidden
        );
    }

    #[test]
    fn a_district_officer_sees_only_the_organisations_of_the_district() {
        let officer = district_officer_binhai();
        assert_eq!(decide(&officer, ViewOrganisation, &sme1()), Allow);
        assert_eq!(decide(&officer, ViewOrganisation, &sme2()), Hidden);
    }

    #[test]
    fn managers_and_admins_edit_an_organisation_but_members_may_not() {
        assert_eq!(decide(&sme_manager(), EditOrganisation, &sme1()), Allow);
        assert_eq!(decide(&admin(), EditOrganisation, &sme1()), Allow);
        assert_eq!(decide(&sme_member(), EditOrganisation, &sme1()), Forbidden);
        assert_eq!(decide(&sme_manager(), EditOrganisation, &sme2()), Hidden);
    }

    #[test]
    fn only_an_organisations_managers_invite_members() {
        assert_eq!(decide(&sme_manager(), InviteMember, &sme1()), Allow);
        assert_eq!(decide(&sme_member(), InviteMember, &sme1()), Forbidden);
        assert_eq!(decide(&admin(), InviteMember, &sme1()), Forbidden);
    }

    #[test]
    fn only_admins_verify_and_the_bureau_may_only_look() {
        assert_eq!(decide(&admin(), VerifyOrganisation, &sme3()), Allow);
        assert_eq!(decide(&bureau(), VerifyOrganisation, &sme3()), Forbidden);
        assert_eq!(
            decide(&unverified_sme_manager(), VerifyOrganisation, &sme3()),
            Forbidden
        );
        assert_eq!(decide(&sme_manager(), VerifyOrganisation, &sme3()), Hidden);
    }

    #[test]
    fn the_audit_log_is_for_admins_the_bureau_and_district_officers_of_their_district() {
        let all = Resource::AuditLog { district: None };
        let binhai_log = Resource::AuditLog { district: binhai() };
        let xiqing_log = Resource::AuditLog {
            district: Some(region("120111")),
        };
        for action in [ViewAuditLog, ExportAuditLog] {
            assert_eq!(decide(&admin(), action, &all), Allow);
            assert_eq!(decide(&bureau(), action, &all), Allow);
            assert_eq!(
                decide(&district_officer_binhai(), action, &binhai_log),
                Allow
            );
            assert_eq!(
                decide(&district_officer_binhai(), action, &xiqing_log),
                Forbidden
            );
            assert_eq!(decide(&district_officer_binhai(), action, &all), Forbidden);
            assert_eq!(decide(&sme_manager(), action, &all), Hidden);
        }
    }

    #[test]
    fn audit_scope_agrees_with_the_audit_rule() {
        assert_eq!(audit_scope(&admin()), AuditScope::Everything);
        assert_eq!(audit_scope(&bureau()), AuditScope::Everything);
        assert_eq!(
            audit_scope(&district_officer_binhai()),
            AuditScope::Districts(vec![region("120116")])
        );
        assert_eq!(audit_scope(&sme_manager()), AuditScope::Nothing);
        assert_eq!(audit_scope(&anonymous()), AuditScope::Nothing);
    }

    #[test]
    fn only_admins_manage_users_and_nobody_else_learns_the_page_exists() {
        assert_eq!(decide(&admin(), ManageUsers, &Resource::Platform), Allow);
        assert_eq!(decide(&bureau(), ManageUsers, &Resource::Platform), Hidden);
    }

    #[test]
    fn a_district_officer_sees_the_kpis_of_the_district_but_not_the_city() {
        let officer = district_officer_binhai();
        assert_eq!(
            decide(&officer, ViewKpis, &Resource::Kpis { district: binhai() }),
            Allow
        );
        assert_eq!(
            decide(&officer, ViewKpis, &Resource::Kpis { district: None }),
            Forbidden
        );
        assert_eq!(
            decide(&bureau(), ViewKpis, &Resource::Kpis { district: None }),
            Allow
        );
        assert_eq!(
            decide(&expert(), ViewKpis, &Resource::Kpis { district: None }),
            Hidden
        );
    }

    #[test]
    fn only_members_of_a_verified_sme_use_deals() {
        assert_eq!(decide(&sme_member(), UseDealsAsSme, &sme1()), Allow);
        assert_eq!(
            decide(&unverified_sme_manager(), UseDealsAsSme, &sme3()),
            Forbidden
        );
        assert_eq!(decide(&admin(), UseDealsAsSme, &sme1()), Forbidden);
        let uni_manager = university_tto_manager();
        assert_eq!(decide(&uni_manager, UseDealsAsSme, &tju()), Forbidden);
    }

    #[test]
    fn an_action_on_a_resource_it_does_not_apply_to_is_hidden() {
        assert_eq!(decide(&admin(), EditPatent, &Resource::Catalogue), Hidden);
        assert_eq!(
            decide(&admin(), ViewKpis, &Resource::AuditLog { district: None }),
            Hidden
        );
    }
}
