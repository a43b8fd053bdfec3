//! Test fixtures built through the application layer: a fresh SQLite
//! database in the temporary directory and an in-memory search index, an
//! administrator, and builders for what tests need — patents, users,
//! organisations (verified or not), memberships and listings — each made
//! the way the platform makes it, with its rules and audit rows.
//!
//! ```no_run
//! # async fn example() {
//! use patentbridge_demo::fixture::{Fixture, Member};
//! let f = Fixture::builder()
//!     .university("天津大学")
//!     .sme("天津某某科技有限公司", "120116")
//!     .build()
//!     .await;
//! let tju = f.org("天津大学");
//! let office = f.member(tju, "office@tju.edu.cn", Member::Manager).await;
//! # }
//! ```
//!
//! Every user a fixture makes has the password [`PASSWORD`], so tests
//! that drive the web router can sign in as them.

use std::path::PathBuf;
use std::sync::atomic::{AtomicU32, Ordering};

use patentbridge_app::accounts::{self, NewAccountForm};
use patentbridge_app::listings;
use patentbridge_app::{App, Caller, catalogue, organisations, sessions, workers};
use patentbridge_domain::listing::{ListingEvent, ListingForm};
use patentbridge_domain::{
    Login, MembershipRole, OrganisationKind, Password, Patent, PlatformRole, RegionCode,
    VerificationEvent,
};
use patentbridge_search::SearchIndex;
use patentbridge_storage::{DatabaseLocation, IpcTitle, NewOrganisation, Store};

/// The password of every user a fixture makes.
pub const PASSWORD: &str = "correct horse battery";

/// A membership's role, for [`Fixture::member`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Member {
    Member,
    Manager,
}

impl From<Member> for MembershipRole {
    fn from(m: Member) -> Self {
        match m {
            Member::Member => MembershipRole::Member,
            Member::Manager => MembershipRole::Manager,
        }
    }
}

/// A database file in the temporary directory, removed on drop.
#[derive(Debug)]
struct TempDb(PathBuf);

impl TempDb {
    fn new() -> TempDb {
        static NEXT: AtomicU32 = AtomicU32::new(0);
        let n = NEXT.fetch_add(1, Ordering::SeqCst);
        let nanos = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map_or(0, |d| d.as_nanos());
        TempDb(std::env::temp_dir().join(format!(
            "patentbridge-fixture-{}-{n}-{nanos}.sqlite",
            std::process::id()
        )))
    }
}

impl Drop for TempDb {
    fn drop(&mut self) {
        for suffix in ["", "-wal", "-shm"] {
            let _ = std::fs::remove_file(format!("{}{suffix}", self.0.display()));
        }
    }
}

/// An application over a fresh database, with an administrator.
pub struct Fixture {
    app: App,
    admin: Caller,
    names: Vec<(String, i64)>,
    _db: TempDb,
}

impl std::fmt::Debug for Fixture {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Fixture")
            .field("names", &self.names)
            .finish()
    }
}

impl Fixture {
    /// An empty platform with one administrator (`admin@fixture.test`).
    pub async fn new() -> Fixture {
        let db = TempDb::new();
        let store = Store::open(&DatabaseLocation::Sqlite(db.0.clone()))
            .await
            .expect("a fresh SQLite database opens");
        let index = SearchIndex::in_memory().expect("an in-memory index opens");
        let app = App::new(store, index);
        let operator = Caller::operator();
        let admin = accounts::create_account(
            &app,
            &operator,
            account("admin@fixture.test", &[], &[PlatformRole::Administrator]),
        )
        .await
        .expect("the fixture's administrator is made");
        let admin = sessions::act_as(&app, &operator, admin.id)
            .await
            .expect("the operator acts as the administrator");
        Fixture {
            app,
            admin,
            names: Vec::new(),
            _db: db,
        }
    }

    /// A builder of a fixture with named organisations.
    pub fn builder() -> Builder {
        Builder::default()
    }

    pub fn app(&self) -> &App {
        &self.app
    }

    /// The platform administrator.
    pub fn admin(&self) -> &Caller {
        &self.admin
    }

    /// The id of an organisation the builder made, by its name.
    ///
    /// # Panics
    /// When the builder made no organisation of that name.
    pub fn org(&self, name: &str) -> i64 {
        self.names
            .iter()
            .find(|(n, _)| n == name)
            .map(|(_, id)| *id)
            .unwrap_or_else(|| panic!("the fixture has no organisation {name:?}"))
    }

    /// Stores patents as the operator's import does and indexes them.
    pub async fn patents(&self, patents: &[Patent]) {
        catalogue::store_patents(&self.app, &Caller::operator(), patents)
            .await
            .expect("the fixture's patents are stored");
        workers::drain_outbox(&self.app)
            .await
            .expect("the fixture's patents are indexed");
    }

    /// Stores IPC scheme titles as `load-ipc` does.
    pub async fn ipc_titles(&self, titles: &[IpcTitle]) {
        catalogue::store_ipc_titles(&self.app, &Caller::operator(), titles)
            .await
            .expect("the fixture's IPC titles are stored");
    }

    /// A user who signs in with `login` and [`PASSWORD`], holding the
    /// platform roles given; returns the user's id.
    pub async fn user(&self, login: &str, roles: &[PlatformRole]) -> i64 {
        accounts::create_account(&self.app, &self.admin, account(login, &[], roles))
            .await
            .unwrap_or_else(|e| panic!("fixture user {login}: {e}"))
            .id
    }

    /// An unverified organisation in a district, registered by the
    /// administrator; returns its id.
    pub async fn organisation(&self, name: &str, kind: OrganisationKind, district: &str) -> i64 {
        organisations::create(
            &self.app,
            &self.admin,
            &NewOrganisation {
                kind,
                name_zh: name.into(),
                name_en: None,
                credit_code: None,
                region: Some(RegionCode::parse(district).expect("a GB/T 2260 code")),
                address: None,
                industry: None,
            },
        )
        .await
        .unwrap_or_else(|e| panic!("fixture organisation {name}: {e}"))
    }

    /// Submits an organisation for verification and has the administrator
    /// approve it.
    pub async fn verify(&self, organisation: i64) {
        for event in [VerificationEvent::Submit, VerificationEvent::Approve] {
            organisations::apply_verification(&self.app, &self.admin, organisation, event)
                .await
                .unwrap_or_else(|e| panic!("verifying organisation {organisation}: {e}"));
        }
    }

    /// A verified organisation; returns its id.
    pub async fn verified(&self, name: &str, kind: OrganisationKind, district: &str) -> i64 {
        let id = self.organisation(name, kind, district).await;
        self.verify(id).await;
        id
    }

    /// Makes a user a member of an organisation.
    pub async fn membership(&self, user: i64, organisation: i64, role: MembershipRole) {
        accounts::set_membership(&self.app, &self.admin, user, organisation, role)
            .await
            .unwrap_or_else(|e| panic!("membership of user {user} in {organisation}: {e}"));
    }

    /// A new user who is a member of `organisation`, as a caller.
    pub async fn member(&self, organisation: i64, login: &str, role: Member) -> Caller {
        let user = self.user(login, &[]).await;
        self.membership(user, organisation, role.into()).await;
        self.caller(user).await
    }

    /// The caller acting as a user, with their memberships as stored now.
    pub async fn caller(&self, user: i64) -> Caller {
        sessions::act_as(&self.app, &self.admin, user)
            .await
            .unwrap_or_else(|e| panic!("acting as user {user}: {e}"))
    }

    /// A listing written by `owner` for `organisation`, submitted and
    /// approved by the administrator when `publish`; returns its id.
    pub async fn listing(
        &self,
        owner: &Caller,
        organisation: i64,
        form: &ListingForm,
        publish: bool,
    ) -> i64 {
        let id = listings::create(&self.app, owner, Some(organisation), form)
            .await
            .unwrap_or_else(|e| panic!("fixture listing {:?}: {e:?}", form.title));
        if publish {
            listings::apply(&self.app, owner, id, ListingEvent::Submit, "")
                .await
                .unwrap_or_else(|e| panic!("submitting listing {id}: {e:?}"));
            listings::apply(&self.app, &self.admin, id, ListingEvent::Approve, "")
                .await
                .unwrap_or_else(|e| panic!("approving listing {id}: {e:?}"));
        }
        id
    }
}

fn account(
    login: &str,
    memberships: &[(i64, MembershipRole)],
    roles: &[PlatformRole],
) -> NewAccountForm {
    let parsed = Login::parse(login).unwrap_or_else(|e| panic!("fixture login {login}: {e}"));
    NewAccountForm {
        password: Password::parse(PASSWORD, &parsed)
            .expect("the fixture password passes the policy"),
        login: parsed,
        username: None,
        display_name: login.to_string(),
        memberships: memberships.to_vec(),
        platform_roles: roles.to_vec(),
    }
}

/// One organisation a [`Builder`] makes.
#[derive(Debug, Clone)]
struct Planned {
    name: String,
    kind: OrganisationKind,
    district: String,
    verified: bool,
}

/// Builds a [`Fixture`] with patents and named organisations.
#[derive(Debug, Default)]
pub struct Builder {
    patents: Vec<Patent>,
    organisations: Vec<Planned>,
}

impl Builder {
    /// Patents in the catalogue.
    pub fn patents(mut self, patents: impl IntoIterator<Item = Patent>) -> Builder {
        self.patents.extend(patents);
        self
    }

    /// A verified organisation of any kind.
    pub fn organisation(mut self, name: &str, kind: OrganisationKind, district: &str) -> Builder {
        self.organisations.push(Planned {
            name: name.into(),
            kind,
            district: district.into(),
            verified: true,
        });
        self
    }

    /// An organisation that has not been verified.
    pub fn unverified(mut self, name: &str, kind: OrganisationKind, district: &str) -> Builder {
        self.organisations.push(Planned {
            name: name.into(),
            kind,
            district: district.into(),
            verified: false,
        });
        self
    }

    /// A verified university in Nankai district.
    pub fn university(self, name: &str) -> Builder {
        self.organisation(name, OrganisationKind::University, "120104")
    }

    /// A verified SME in a district.
    pub fn sme(self, name: &str, district: &str) -> Builder {
        self.organisation(name, OrganisationKind::Sme, district)
    }

    /// A verified industry operation centre (a reviewer of listings).
    pub fn operation_centre(self, name: &str) -> Builder {
        self.organisation(name, OrganisationKind::IndustryOperationCentre, "120000")
    }

    pub async fn build(self) -> Fixture {
        let mut f = Fixture::new().await;
        if !self.patents.is_empty() {
            f.patents(&self.patents).await;
        }
        for p in self.organisations {
            let id = f.organisation(&p.name, p.kind, &p.district).await;
            if p.verified {
                f.verify(id).await;
            }
            f.names.push((p.name, id));
        }
        f
    }
}
