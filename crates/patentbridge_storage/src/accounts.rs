//! Users and what hangs off them: memberships of organisations, platform
//! roles, the failed-login lock, sessions, API tokens, password resets and
//! invitations.
//!
//! Storage never sees a password or a token in plain text: callers pass the
//! Argon2id hash of a password and the hash of a token. Changes to accounts
//! write their audit entry in the same transaction; bookkeeping that happens
//! on every sign-in attempt (the failed-login counter, a token's last use)
//! does not, except the moment an account locks.

use chrono::{DateTime, Utc};
use patentbridge_domain::{
    Email, Login, Membership, MembershipRole, OrganisationKind, Phone, PlatformRole, User, Username,
};

use crate::audit::{AuditContext, summary, write_audit};
use crate::{BeginWrite, StorageError, Store, with_pool};

/// A user to register; at least one of e-mail and phone is set.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewUser {
    pub email: Option<Email>,
    pub phone: Option<Phone>,
    pub display_name: String,
    /// The Argon2id hash (PHC string) computed by the caller.
    pub password_hash: String,
}

impl NewUser {
    /// A user who signs in with `login`.
    pub fn with_login(login: &Login, display_name: &str, password_hash: &str) -> NewUser {
        let (email, phone) = match login {
            Login::Email(e) => (Some(e.clone()), None),
            Login::Phone(p) => (None, Some(p.clone())),
            // A user name is added with `set_username` to a user created
            // with an e-mail or a phone.
            Login::Username(_) => (None, None),
        };
        NewUser {
            email,
            phone,
            display_name: display_name.to_string(),
            password_hash: password_hash.to_string(),
        }
    }
}

/// A user an administrator creates with everything they hold: a user
/// name, memberships and platform roles, stored as one change.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewAccount {
    pub user: NewUser,
    pub username: Option<Username>,
    pub memberships: Vec<(i64, MembershipRole)>,
    pub platform_roles: Vec<PlatformRole>,
}

/// A stored user with their memberships and platform roles.
#[derive(Clone, PartialEq, Eq)]
pub struct UserRecord {
    pub id: i64,
    pub email: Option<String>,
    pub phone: Option<String>,
    pub display_name: String,
    pub password_hash: String,
    pub failed_logins: i64,
    /// Sign-in is refused until then.
    pub locked_until: Option<DateTime<Utc>>,
    pub created_at: DateTime<Utc>,
    /// Ordered by organisation id.
    pub memberships: Vec<Membership>,
    pub platform_roles: Vec<PlatformRole>,
}

impl UserRecord {
    /// The user as the permission policy sees them.
    pub fn policy_user(&self) -> User {
        User {
            user_id: self.id,
            memberships: self.memberships.clone(),
            platform_roles: self.platform_roles.clone(),
        }
    }

    /// Whether sign-in is locked at `now`.
    pub fn is_locked(&self, now: DateTime<Utc>) -> bool {
        self.locked_until.is_some_and(|t| t > now)
    }
}

impl std::fmt::Debug for UserRecord {
    // The hash stays out of logs.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("UserRecord")
            .field("id", &self.id)
            .field("email", &self.email)
            .field("phone", &self.phone)
            .field("display_name", &self.display_name)
            .field("password_hash", &"***")
            .field("failed_logins", &self.failed_logins)
            .field("locked_until", &self.locked_until)
            .field("created_at", &self.created_at)
            .field("memberships", &self.memberships)
            .field("platform_roles", &self.platform_roles)
            .finish()
    }
}

/// A session to start.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewSession {
    pub token_hash: String,
    pub user_id: i64,
    pub csrf_token: String,
    pub expires_at: DateTime<Utc>,
    pub ip: Option<String>,
}

/// An API token to store; the caller shows the token once and keeps only its hash.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewApiToken {
    pub user_id: i64,
    pub name: String,
    pub token_hash: String,
    pub scopes: Vec<String>,
}

/// A stored API token (never the token itself).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ApiTokenRecord {
    pub id: i64,
    pub user_id: i64,
    pub name: String,
    pub scopes: Vec<String>,
    pub created_at: DateTime<Utc>,
    pub last_used_at: Option<DateTime<Utc>>,
    pub revoked_at: Option<DateTime<Utc>>,
}

/// An invitation to join an organisation.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewInvitation {
    pub organisation_id: i64,
    pub email: Email,
    pub role: MembershipRole,
    pub token_hash: String,
    pub created_by: i64,
}

/// A stored invitation.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct InvitationRecord {
    pub id: i64,
    pub organisation_id: i64,
    pub email: String,
    pub role: MembershipRole,
    pub created_by: Option<i64>,
    pub created_at: DateTime<Utc>,
    pub accepted_at: Option<DateTime<Utc>>,
}

#[derive(sqlx::FromRow)]
struct UserRow {
    id: i64,
    email: Option<String>,
    phone: Option<String>,
    display_name: String,
    password_hash: String,
    failed_logins: i64,
    locked_until: Option<DateTime<Utc>>,
    created_at: DateTime<Utc>,
}

/// (organisation id, organisation kind, role)
type MembershipRow = (i64, String, String);
/// (role, district)
type PlatformRoleRow = (String, Option<String>);

#[derive(sqlx::FromRow)]
struct ApiTokenRow {
    id: i64,
    user_id: i64,
    name: String,
    scopes: String,
    created_at: DateTime<Utc>,
    last_used_at: Option<DateTime<Utc>>,
    revoked_at: Option<DateTime<Utc>>,
}

impl From<ApiTokenRow> for ApiTokenRecord {
    fn from(r: ApiTokenRow) -> Self {
        ApiTokenRecord {
            id: r.id,
            user_id: r.user_id,
            name: r.name,
            scopes: r.scopes.split_whitespace().map(str::to_string).collect(),
            created_at: r.created_at,
            last_used_at: r.last_used_at,
            revoked_at: r.revoked_at,
        }
    }
}

#[derive(sqlx::FromRow)]
struct InvitationRow {
    id: i64,
    organisation_id: i64,
    email: String,
    role: String,
    created_by: Option<i64>,
    created_at: DateTime<Utc>,
    accepted_at: Option<DateTime<Utc>>,
}

const USER_COLUMNS: &str =
    "id, email, phone, display_name, password_hash, failed_logins, locked_until, created_at";
const API_TOKEN_COLUMNS: &str = "id, user_id, name, scopes, created_at, last_used_at, revoked_at";
const INVITATION_COLUMNS: &str =
    "id, organisation_id, email, role, created_by, created_at, accepted_at";

/// The audit summary of a new user (never the password hash).
pub(crate) fn user_summary(user: &NewUser) -> String {
    summary(&[
        ("email", user.email.as_ref().map(|e| e.as_str().to_string())),
        ("phone", user.phone.as_ref().map(|p| p.as_str().to_string())),
        ("display_name", Some(user.display_name.clone())),
    ])
}

fn corrupt(what: &str, value: &str) -> StorageError {
    StorageError::Corrupt(format!("{what} {value:?}"))
}

fn parse_invitation(r: InvitationRow) -> Result<InvitationRecord, StorageError> {
    Ok(InvitationRecord {
        id: r.id,
        organisation_id: r.organisation_id,
        role: MembershipRole::parse(&r.role).map_err(|_| corrupt("membership role", &r.role))?,
        email: r.email,
        created_by: r.created_by,
        created_at: r.created_at,
        accepted_at: r.accepted_at,
    })
}

/// Inserts a user row in a transaction and yields its id; shared by
/// [`Store::create_user`] and [`Store::register_organisation`].
macro_rules! insert_user {
    ($tx:expr, $user:expr, $email:expr, $phone:expr, $now:expr) => {{
        let user: &$crate::NewUser = $user;
        let (id,): (i64,) = sqlx::query_as(
            "INSERT INTO users (email, phone, display_name, password_hash, failed_logins, created_at) \
             VALUES ($1, $2, $3, $4, 0, $5) RETURNING id",
        )
        .bind(&$email)
        .bind(&$phone)
        .bind(&user.display_name)
        .bind(&user.password_hash)
        .bind($now)
        .fetch_one(&mut *$tx)
        .await?;
        id
    }};
}
pub(crate) use insert_user;

/// Makes a user a member with a role (or changes the role) in a transaction.
macro_rules! upsert_membership {
    ($tx:expr, $user_id:expr, $organisation_id:expr, $role:expr) => {{
        sqlx::query(
            "INSERT INTO memberships (user_id, organisation_id, role) VALUES ($1, $2, $3) \
             ON CONFLICT (user_id, organisation_id) DO UPDATE SET role = excluded.role",
        )
        .bind($user_id)
        .bind($organisation_id)
        .bind($role)
        .execute(&mut *$tx)
        .await?;
    }};
}
pub(crate) use upsert_membership;

/// Sets a user's password hash, lifts any lock and ends every session of
/// the user, in a transaction; yields whether the user exists.
macro_rules! replace_password {
    ($tx:expr, $user_id:expr, $password_hash:expr) => {{
        let changed = sqlx::query(
            "UPDATE users SET password_hash = $2, failed_logins = 0, locked_until = NULL WHERE id = $1",
        )
        .bind($user_id)
        .bind($password_hash)
        .execute(&mut *$tx)
        .await?
        .rows_affected();
        if changed > 0 {
            sqlx::query("DELETE FROM sessions WHERE user_id = $1")
                .bind($user_id)
                .execute(&mut *$tx)
                .await?;
        }
        changed > 0
    }};
}

impl Store {
    /// Registers a user. An e-mail (in any case) or phone already registered
    /// is a [`StorageError::Conflict`] and stores nothing.
    pub async fn create_user(
        &self,
        ctx: &AuditContext,
        user: &NewUser,
    ) -> Result<i64, StorageError> {
        if user.email.is_none() && user.phone.is_none() {
            return Err(StorageError::Invalid("a user needs an e-mail or a phone"));
        }
        let now = Utc::now();
        let email = user.email.as_ref().map(|e| e.as_str().to_string());
        let phone = user.phone.as_ref().map(|p| p.as_str().to_string());
        let after = user_summary(user);
        with_pool!(self, |pool| {
            let mut tx = pool.begin_write().await?;
            let id = insert_user!(tx, user, email, phone, now);
            write_audit!(
                tx,
                ctx,
                None::<i64>,
                now,
                "user.create",
                "user",
                id.to_string(),
                None::<String>,
                Some(after)
            );
            tx.commit().await?;
            Ok(id)
        })
    }

    /// Gives a user a user name to sign in with; a name already taken is a
    /// [`StorageError::Conflict`].
    pub async fn set_username(
        &self,
        ctx: &AuditContext,
        user_id: i64,
        username: &Username,
    ) -> Result<bool, StorageError> {
        let now = Utc::now();
        let after = summary(&[("username", Some(username.as_str().to_string()))]);
        with_pool!(self, |pool| {
            let mut tx = pool.begin_write().await?;
            let changed = sqlx::query("UPDATE users SET username = $1 WHERE id = $2")
                .bind(username.as_str())
                .bind(user_id)
                .execute(&mut *tx)
                .await?
                .rows_affected();
            if changed > 0 {
                write_audit!(
                    tx,
                    ctx,
                    None::<i64>,
                    now,
                    "user.username",
                    "user",
                    user_id.to_string(),
                    None::<String>,
                    Some(after)
                );
            }
            tx.commit().await?;
            Ok(changed > 0)
        })
    }

    pub async fn get_user(&self, id: i64) -> Result<Option<UserRecord>, StorageError> {
        let row: Option<UserRow> = with_pool!(self, |pool| {
            sqlx::query_as(&format!("SELECT {USER_COLUMNS} FROM users WHERE id = $1"))
                .bind(id)
                .fetch_optional(pool)
                .await?
        });
        match row {
            Some(row) => Ok(Some(self.load_user(row).await?)),
            None => Ok(None),
        }
    }

    /// The user signing in with `login` (e-mail compared case-insensitively).
    pub async fn find_user_by_login(
        &self,
        login: &Login,
    ) -> Result<Option<UserRecord>, StorageError> {
        let sql = match login {
            Login::Email(_) => {
                format!("SELECT {USER_COLUMNS} FROM users WHERE lower(email) = lower($1)")
            }
            Login::Phone(_) => format!("SELECT {USER_COLUMNS} FROM users WHERE phone = $1"),
            Login::Username(_) => format!("SELECT {USER_COLUMNS} FROM users WHERE username = $1"),
        };
        let row: Option<UserRow> = with_pool!(self, |pool| {
            sqlx::query_as(&sql)
                .bind(login.as_str())
                .fetch_optional(pool)
                .await?
        });
        match row {
            Some(row) => Ok(Some(self.load_user(row).await?)),
            None => Ok(None),
        }
    }

    /// Users in id order, for user management.
    pub async fn list_users(
        &self,
        limit: i64,
        offset: i64,
    ) -> Result<Vec<UserRecord>, StorageError> {
        let rows: Vec<UserRow> = with_pool!(self, |pool| {
            sqlx::query_as(&format!(
                "SELECT {USER_COLUMNS} FROM users ORDER BY id LIMIT $1 OFFSET $2"
            ))
            .bind(limit.max(0))
            .bind(offset.max(0))
            .fetch_all(pool)
            .await?
        });
        let mut out = Vec::with_capacity(rows.len());
        for row in rows {
            out.push(self.load_user(row).await?);
        }
        Ok(out)
    }

    /// The members of an organisation with their roles, in user id order.
    pub async fn organisation_members(
        &self,
        organisation_id: i64,
    ) -> Result<Vec<(UserRecord, MembershipRole)>, StorageError> {
        let ids: Vec<(i64,)> = with_pool!(self, |pool| {
            sqlx::query_as(
                "SELECT user_id FROM memberships WHERE organisation_id = $1 ORDER BY user_id",
            )
            .bind(organisation_id)
            .fetch_all(pool)
            .await?
        });
        let mut out = Vec::with_capacity(ids.len());
        for (id,) in ids {
            let Some(user) = self.get_user(id).await? else {
                continue;
            };
            let role = user
                .memberships
                .iter()
                .find(|m| m.org_id == organisation_id)
                .map(|m| m.role);
            if let Some(role) = role {
                out.push((user, role));
            }
        }
        Ok(out)
    }

    async fn load_user(&self, r: UserRow) -> Result<UserRecord, StorageError> {
        let (memberships, roles): (Vec<MembershipRow>, Vec<PlatformRoleRow>) =
            with_pool!(self, |pool| {
                let m = sqlx::query_as(
                    "SELECT m.organisation_id, o.kind, m.role FROM memberships m \
                     JOIN organisations o ON o.id = m.organisation_id WHERE m.user_id = $1 \
                     ORDER BY m.organisation_id",
                )
                .bind(r.id)
                .fetch_all(pool)
                .await?;
                let p = sqlx::query_as(
                    "SELECT role, district FROM platform_roles WHERE user_id = $1 ORDER BY role",
                )
                .bind(r.id)
                .fetch_all(pool)
                .await?;
                (m, p)
            });
        let memberships = memberships
            .into_iter()
            .map(|(org_id, kind, role)| {
                Ok(Membership {
                    org_id,
                    org_kind: OrganisationKind::parse(&kind)
                        .map_err(|_| corrupt("organisation kind", &kind))?,
                    role: MembershipRole::parse(&role)
                        .map_err(|_| corrupt("membership role", &role))?,
                })
            })
            .collect::<Result<Vec<_>, StorageError>>()?;
        let platform_roles = roles
            .into_iter()
            .map(|(role, district)| {
                PlatformRole::from_parts(&role, district.as_deref())
                    .map_err(|_| corrupt("platform role", &role))
            })
            .collect::<Result<Vec<_>, StorageError>>()?;
        Ok(UserRecord {
            id: r.id,
            email: r.email,
            phone: r.phone,
            display_name: r.display_name,
            password_hash: r.password_hash,
            failed_logins: r.failed_logins,
            locked_until: r.locked_until,
            created_at: r.created_at,
            memberships,
            platform_roles,
        })
    }

    /// Makes a user a member of an organisation with `role`, or changes the
    /// role of an existing member.
    pub async fn add_membership(
        &self,
        ctx: &AuditContext,
        user_id: i64,
        organisation_id: i64,
        role: MembershipRole,
    ) -> Result<(), StorageError> {
        let now = Utc::now();
        with_pool!(self, |pool| {
            let mut tx = pool.begin_write().await?;
            let previous: Option<(String,)> = sqlx::query_as(
                "SELECT role FROM memberships WHERE user_id = $1 AND organisation_id = $2",
            )
            .bind(user_id)
            .bind(organisation_id)
            .fetch_optional(&mut *tx)
            .await?;
            upsert_membership!(tx, user_id, organisation_id, role.as_str());
            write_audit!(
                tx,
                ctx,
                Some(organisation_id),
                now,
                "membership.set",
                "membership",
                format!("{user_id}/{organisation_id}"),
                previous.map(|(r,)| format!("role={r}")),
                Some(format!("role={}", role.as_str()))
            );
            tx.commit().await?;
            Ok(())
        })
    }

    /// Ends a membership; false when there was none.
    pub async fn remove_membership(
        &self,
        ctx: &AuditContext,
        user_id: i64,
        organisation_id: i64,
    ) -> Result<bool, StorageError> {
        let now = Utc::now();
        with_pool!(self, |pool| {
            let mut tx = pool.begin_write().await?;
            let previous: Option<(String,)> = sqlx::query_as(
                "DELETE FROM memberships WHERE user_id = $1 AND organisation_id = $2 RETURNING role",
            )
            .bind(user_id)
            .bind(organisation_id)
            .fetch_optional(&mut *tx)
            .await?;
            let Some((role,)) = previous else {
                return Ok(false);
            };
            write_audit!(
                tx,
                ctx,
                Some(organisation_id),
                now,
                "membership.remove",
                "membership",
                format!("{user_id}/{organisation_id}"),
                Some(format!("role={role}")),
                None::<String>
            );
            tx.commit().await?;
            Ok(true)
        })
    }

    /// Grants a platform role; granting a district officer role again moves
    /// the officer to the new district.
    pub async fn grant_platform_role(
        &self,
        ctx: &AuditContext,
        user_id: i64,
        role: PlatformRole,
    ) -> Result<(), StorageError> {
        let now = Utc::now();
        let district = role.district().map(|d| d.to_string());
        let after = summary(&[
            ("role", Some(role.as_str().to_string())),
            ("district", district.clone()),
        ]);
        with_pool!(self, |pool| {
            let mut tx = pool.begin_write().await?;
            let previous: Option<(String, Option<String>)> = sqlx::query_as(
                "SELECT role, district FROM platform_roles WHERE user_id = $1 AND role = $2",
            )
            .bind(user_id)
            .bind(role.as_str())
            .fetch_optional(&mut *tx)
            .await?;
            sqlx::query(
                "INSERT INTO platform_roles (user_id, role, district) VALUES ($1, $2, $3) \
                 ON CONFLICT (user_id, role) DO UPDATE SET district = excluded.district",
            )
            .bind(user_id)
            .bind(role.as_str())
            .bind(&district)
            .execute(&mut *tx)
            .await?;
            write_audit!(
                tx,
                ctx,
                None::<i64>,
                now,
                "platform_role.grant",
                "user",
                user_id.to_string(),
                previous.map(|(r, d)| summary(&[("role", Some(r)), ("district", d)])),
                Some(after)
            );
            tx.commit().await?;
            Ok(())
        })
    }

    /// Creates a user with their user name, memberships and platform roles
    /// in one transaction, with an audit row for each part: a refusal (a
    /// taken e-mail or user name, an organisation that does not exist)
    /// stores nothing.
    pub async fn create_account(
        &self,
        ctx: &AuditContext,
        account: &NewAccount,
    ) -> Result<i64, StorageError> {
        let user = &account.user;
        if user.email.is_none() && user.phone.is_none() {
            return Err(StorageError::Invalid("a user needs an e-mail or a phone"));
        }
        let now = Utc::now();
        let email = user.email.as_ref().map(|e| e.as_str().to_string());
        let phone = user.phone.as_ref().map(|p| p.as_str().to_string());
        let after = user_summary(user);
        with_pool!(self, |pool| {
            let mut tx = pool.begin_write().await?;
            let id = insert_user!(tx, user, email, phone, now);
            write_audit!(
                tx,
                ctx,
                None::<i64>,
                now,
                "user.create",
                "user",
                id.to_string(),
                None::<String>,
                Some(after.clone())
            );
            if let Some(username) = &account.username {
                sqlx::query("UPDATE users SET username = $1 WHERE id = $2")
                    .bind(username.as_str())
                    .bind(id)
                    .execute(&mut *tx)
                    .await?;
                write_audit!(
                    tx,
                    ctx,
                    None::<i64>,
                    now,
                    "user.username",
                    "user",
                    id.to_string(),
                    None::<String>,
                    Some(summary(&[(
                        "username",
                        Some(username.as_str().to_string())
                    )]))
                );
            }
            for (organisation_id, role) in &account.memberships {
                upsert_membership!(tx, id, *organisation_id, role.as_str());
                write_audit!(
                    tx,
                    ctx,
                    Some(*organisation_id),
                    now,
                    "membership.set",
                    "membership",
                    format!("{id}/{organisation_id}"),
                    None::<String>,
                    Some(format!("role={}", role.as_str()))
                );
            }
            for role in &account.platform_roles {
                let district = role.district().map(|d| d.to_string());
                sqlx::query(
                    "INSERT INTO platform_roles (user_id, role, district) VALUES ($1, $2, $3)",
                )
                .bind(id)
                .bind(role.as_str())
                .bind(&district)
                .execute(&mut *tx)
                .await?;
                write_audit!(
                    tx,
                    ctx,
                    None::<i64>,
                    now,
                    "platform_role.grant",
                    "user",
                    id.to_string(),
                    None::<String>,
                    Some(summary(&[
                        ("role", Some(role.as_str().to_string())),
                        ("district", district.clone())
                    ]))
                );
            }
            tx.commit().await?;
            Ok(id)
        })
    }

    /// Withdraws a platform role (of any district); false when not held.
    pub async fn revoke_platform_role(
        &self,
        ctx: &AuditContext,
        user_id: i64,
        role: PlatformRole,
    ) -> Result<bool, StorageError> {
        let now = Utc::now();
        with_pool!(self, |pool| {
            let mut tx = pool.begin_write().await?;
            let previous: Option<(String, Option<String>)> = sqlx::query_as(
                "DELETE FROM platform_roles WHERE user_id = $1 AND role = $2 RETURNING role, district",
            )
            .bind(user_id)
            .bind(role.as_str())
            .fetch_optional(&mut *tx)
            .await?;
            let Some((r, d)) = previous else {
                return Ok(false);
            };
            write_audit!(
                tx,
                ctx,
                None::<i64>,
                now,
                "platform_role.revoke",
                "user",
                user_id.to_string(),
                Some(summary(&[("role", Some(r)), ("district", d)])),
                None::<String>
            );
            tx.commit().await?;
            Ok(true)
        })
    }

    /// Counts a wrong password. On reaching `lock_threshold` failures in a
    /// row the account locks for `lock_for` (written to the audit log) and the
    /// count starts again. Returns whether sign-in is now locked.
    pub async fn record_failed_login(
        &self,
        user_id: i64,
        lock_threshold: u32,
        lock_for: std::time::Duration,
    ) -> Result<bool, StorageError> {
        let now = Utc::now();
        let lock_for =
            chrono::Duration::from_std(lock_for).unwrap_or_else(|_| chrono::Duration::days(365));
        let until = now + lock_for;
        with_pool!(self, |pool| {
            let mut tx = pool.begin_write().await?;
            let row: Option<(i64, Option<DateTime<Utc>>)> = sqlx::query_as(
                "UPDATE users SET failed_logins = failed_logins + 1 WHERE id = $1 \
                 RETURNING failed_logins, locked_until",
            )
            .bind(user_id)
            .fetch_optional(&mut *tx)
            .await?;
            let Some((failures, locked_until)) = row else {
                return Ok(false);
            };
            if failures < i64::from(lock_threshold.max(1)) {
                tx.commit().await?;
                return Ok(locked_until.is_some_and(|t| t > now));
            }
            sqlx::query("UPDATE users SET failed_logins = 0, locked_until = $2 WHERE id = $1")
                .bind(user_id)
                .bind(until)
                .execute(&mut *tx)
                .await?;
            write_audit!(
                tx,
                &AuditContext::user(user_id),
                None::<i64>,
                now,
                "user.lock",
                "user",
                user_id.to_string(),
                Some(format!("failed_logins={failures}")),
                Some(format!("locked_until={}", until.to_rfc3339()))
            );
            tx.commit().await?;
            Ok(true)
        })
    }

    /// Clears the failed-login count after a successful sign-in.
    pub async fn reset_failed_logins(&self, user_id: i64) -> Result<(), StorageError> {
        with_pool!(self, |pool| {
            sqlx::query("UPDATE users SET failed_logins = 0 WHERE id = $1")
                .bind(user_id)
                .execute(pool)
                .await?;
            Ok(())
        })
    }

    /// Lifts a sign-in lock (an administrator's action); false when the
    /// account was not locked.
    pub async fn unlock_user(
        &self,
        ctx: &AuditContext,
        user_id: i64,
    ) -> Result<bool, StorageError> {
        let now = Utc::now();
        with_pool!(self, |pool| {
            let mut tx = pool.begin_write().await?;
            let changed = sqlx::query(
                "UPDATE users SET failed_logins = 0, locked_until = NULL WHERE id = $1 AND locked_until IS NOT NULL",
            )
            .bind(user_id)
            .execute(&mut *tx)
            .await?
            .rows_affected();
            if changed == 0 {
                return Ok(false);
            }
            write_audit!(
                tx,
                ctx,
                None::<i64>,
                now,
                "user.unlock",
                "user",
                user_id.to_string(),
                Some("locked".to_string()),
                Some("unlocked".to_string())
            );
            tx.commit().await?;
            Ok(true)
        })
    }

    /// Replaces a password hash and ends all of the user's sessions.
    pub async fn set_password_hash(
        &self,
        ctx: &AuditContext,
        user_id: i64,
        password_hash: &str,
    ) -> Result<bool, StorageError> {
        let now = Utc::now();
        with_pool!(self, |pool| {
            let mut tx = pool.begin_write().await?;
            if !replace_password!(tx, user_id, password_hash) {
                return Ok(false);
            }
            write_audit!(
                tx,
                ctx,
                None::<i64>,
                now,
                "user.password",
                "user",
                user_id.to_string(),
                None::<String>,
                Some("password changed; sessions ended".to_string())
            );
            tx.commit().await?;
            Ok(true)
        })
    }

    /// Starts a session (a sign-in).
    pub async fn create_session(
        &self,
        ctx: &AuditContext,
        session: &NewSession,
    ) -> Result<(), StorageError> {
        let now = Utc::now();
        with_pool!(self, |pool| {
            let mut tx = pool.begin_write().await?;
            sqlx::query(
                "INSERT INTO sessions (token_hash, user_id, csrf_token, created_at, expires_at, ip) \
                 VALUES ($1, $2, $3, $4, $5, $6)",
            )
            .bind(&session.token_hash)
            .bind(session.user_id)
            .bind(&session.csrf_token)
            .bind(now)
            .bind(session.expires_at)
            .bind(&session.ip)
            .execute(&mut *tx)
            .await?;
            write_audit!(
                tx,
                ctx,
                None::<i64>,
                now,
                "session.create",
                "user",
                session.user_id.to_string(),
                None::<String>,
                Some(summary(&[("ip", session.ip.clone())]))
            );
            tx.commit().await?;
            Ok(())
        })
    }

    /// The user of an unexpired session and its CSRF token.
    pub async fn session_user(
        &self,
        token_hash: &str,
        now: DateTime<Utc>,
    ) -> Result<Option<(UserRecord, String)>, StorageError> {
        let found: Option<(i64, String)> = with_pool!(self, |pool| {
            sqlx::query_as(
                "SELECT user_id, csrf_token FROM sessions WHERE token_hash = $1 AND expires_at > $2",
            )
            .bind(token_hash)
            .bind(now)
            .fetch_optional(pool)
            .await?
        });
        let Some((user_id, csrf)) = found else {
            return Ok(None);
        };
        Ok(self.get_user(user_id).await?.map(|u| (u, csrf)))
    }

    /// Ends a session (a sign-out); false when there was none.
    pub async fn delete_session(
        &self,
        ctx: &AuditContext,
        token_hash: &str,
    ) -> Result<bool, StorageError> {
        let now = Utc::now();
        with_pool!(self, |pool| {
            let mut tx = pool.begin_write().await?;
            let gone: Option<(i64,)> =
                sqlx::query_as("DELETE FROM sessions WHERE token_hash = $1 RETURNING user_id")
                    .bind(token_hash)
                    .fetch_optional(&mut *tx)
                    .await?;
            let Some((user_id,)) = gone else {
                return Ok(false);
            };
            write_audit!(
                tx,
                ctx,
                None::<i64>,
                now,
                "session.delete",
                "user",
                user_id.to_string(),
                None::<String>,
                None::<String>
            );
            tx.commit().await?;
            Ok(true)
        })
    }

    /// Removes sessions expired at `now` (housekeeping, not audited).
    pub async fn delete_expired_sessions(&self, now: DateTime<Utc>) -> Result<u64, StorageError> {
        with_pool!(self, |pool| {
            Ok(sqlx::query("DELETE FROM sessions WHERE expires_at <= $1")
                .bind(now)
                .execute(pool)
                .await?
                .rows_affected())
        })
    }

    /// Stores an API token's hash; scopes are stored space-separated.
    pub async fn create_api_token(
        &self,
        ctx: &AuditContext,
        token: &NewApiToken,
    ) -> Result<i64, StorageError> {
        let now = Utc::now();
        let scopes = token.scopes.join(" ");
        with_pool!(self, |pool| {
            let mut tx = pool.begin_write().await?;
            let (id,): (i64,) = sqlx::query_as(
                "INSERT INTO api_tokens (user_id, name, token_hash, scopes, created_at) \
                 VALUES ($1, $2, $3, $4, $5) RETURNING id",
            )
            .bind(token.user_id)
            .bind(&token.name)
            .bind(&token.token_hash)
            .bind(&scopes)
            .bind(now)
            .fetch_one(&mut *tx)
            .await?;
            write_audit!(
                tx,
                ctx,
                None::<i64>,
                now,
                "api_token.create",
                "api_token",
                id.to_string(),
                None::<String>,
                Some(summary(&[
                    ("user_id", Some(token.user_id.to_string())),
                    ("name", Some(token.name.clone())),
                    ("scopes", Some(scopes.clone())),
                ]))
            );
            tx.commit().await?;
            Ok(id)
        })
    }

    /// The unrevoked token with this hash, marking it used at `now`.
    pub async fn find_api_token(
        &self,
        token_hash: &str,
        now: DateTime<Utc>,
    ) -> Result<Option<ApiTokenRecord>, StorageError> {
        let row: Option<ApiTokenRow> = with_pool!(self, |pool| {
            sqlx::query_as(&format!(
                "UPDATE api_tokens SET last_used_at = $2 WHERE token_hash = $1 AND revoked_at IS NULL \
                 RETURNING {API_TOKEN_COLUMNS}"
            ))
            .bind(token_hash)
            .bind(now)
            .fetch_optional(pool)
            .await?
        });
        Ok(row.map(ApiTokenRecord::from))
    }

    /// A user's tokens, revoked ones included, newest first.
    pub async fn list_api_tokens(&self, user_id: i64) -> Result<Vec<ApiTokenRecord>, StorageError> {
        let rows: Vec<ApiTokenRow> = with_pool!(self, |pool| {
            sqlx::query_as(&format!(
                "SELECT {API_TOKEN_COLUMNS} FROM api_tokens WHERE user_id = $1 ORDER BY id DESC"
            ))
            .bind(user_id)
            .fetch_all(pool)
            .await?
        });
        Ok(rows.into_iter().map(ApiTokenRecord::from).collect())
    }

    /// Revokes a token of `user_id`; false when there is no such active token.
    pub async fn revoke_api_token(
        &self,
        ctx: &AuditContext,
        user_id: i64,
        token_id: i64,
    ) -> Result<bool, StorageError> {
        let now = Utc::now();
        with_pool!(self, |pool| {
            let mut tx = pool.begin_write().await?;
            let changed = sqlx::query(
                "UPDATE api_tokens SET revoked_at = $3 WHERE id = $1 AND user_id = $2 AND revoked_at IS NULL",
            )
            .bind(token_id)
            .bind(user_id)
            .bind(now)
            .execute(&mut *tx)
            .await?
            .rows_affected();
            if changed == 0 {
                return Ok(false);
            }
            write_audit!(
                tx,
                ctx,
                None::<i64>,
                now,
                "api_token.revoke",
                "api_token",
                token_id.to_string(),
                Some("active".to_string()),
                Some("revoked".to_string())
            );
            tx.commit().await?;
            Ok(true)
        })
    }

    /// Stores a password-reset token's hash, valid until `expires_at`.
    pub async fn create_password_reset(
        &self,
        ctx: &AuditContext,
        user_id: i64,
        token_hash: &str,
        expires_at: DateTime<Utc>,
    ) -> Result<(), StorageError> {
        let now = Utc::now();
        with_pool!(self, |pool| {
            let mut tx = pool.begin_write().await?;
            sqlx::query(
                "INSERT INTO password_resets (token_hash, user_id, expires_at) VALUES ($1, $2, $3)",
            )
            .bind(token_hash)
            .bind(user_id)
            .bind(expires_at)
            .execute(&mut *tx)
            .await?;
            write_audit!(
                tx,
                ctx,
                None::<i64>,
                now,
                "password_reset.create",
                "user",
                user_id.to_string(),
                None::<String>,
                Some(format!("expires_at={}", expires_at.to_rfc3339()))
            );
            tx.commit().await?;
            Ok(())
        })
    }

    /// Uses a reset token: the user it belongs to when it is unexpired and
    /// unused at `now`, after which it is spent.
    pub async fn consume_password_reset(
        &self,
        ctx: &AuditContext,
        token_hash: &str,
        now: DateTime<Utc>,
    ) -> Result<Option<i64>, StorageError> {
        with_pool!(self, |pool| {
            let mut tx = pool.begin_write().await?;
            let used: Option<(i64,)> = sqlx::query_as(
                "UPDATE password_resets SET used_at = $2 \
                 WHERE token_hash = $1 AND used_at IS NULL AND expires_at > $2 RETURNING user_id",
            )
            .bind(token_hash)
            .bind(now)
            .fetch_optional(&mut *tx)
            .await?;
            let Some((user_id,)) = used else {
                return Ok(None);
            };
            write_audit!(
                tx,
                ctx,
                None::<i64>,
                now,
                "password_reset.use",
                "user",
                user_id.to_string(),
                None::<String>,
                None::<String>
            );
            tx.commit().await?;
            Ok(Some(user_id))
        })
    }

    /// The user an unused, unexpired reset token belongs to, without using it.
    pub async fn password_reset_user(
        &self,
        token_hash: &str,
        now: DateTime<Utc>,
    ) -> Result<Option<UserRecord>, StorageError> {
        let found: Option<(i64,)> = with_pool!(self, |pool| {
            sqlx::query_as(
                "SELECT user_id FROM password_resets \
                 WHERE token_hash = $1 AND used_at IS NULL AND expires_at > $2",
            )
            .bind(token_hash)
            .bind(now)
            .fetch_optional(pool)
            .await?
        });
        match found {
            Some((id,)) => self.get_user(id).await,
            None => Ok(None),
        }
    }

    /// Uses a reset token and sets the new password hash in one transaction:
    /// the token is spent only if the password changes. Ends the user's
    /// sessions and lifts a lock. `None` when the token is unknown, used or
    /// expired.
    pub async fn reset_password(
        &self,
        ctx: &AuditContext,
        token_hash: &str,
        now: DateTime<Utc>,
        password_hash: &str,
    ) -> Result<Option<i64>, StorageError> {
        with_pool!(self, |pool| {
            let mut tx = pool.begin_write().await?;
            let used: Option<(i64,)> = sqlx::query_as(
                "UPDATE password_resets SET used_at = $2 \
                 WHERE token_hash = $1 AND used_at IS NULL AND expires_at > $2 RETURNING user_id",
            )
            .bind(token_hash)
            .bind(now)
            .fetch_optional(&mut *tx)
            .await?;
            let Some((user_id,)) = used else {
                return Ok(None);
            };
            if !replace_password!(tx, user_id, password_hash) {
                // The user is gone; the transaction rolls back, token unspent.
                return Ok(None);
            }
            write_audit!(
                tx,
                ctx,
                None::<i64>,
                now,
                "user.password_reset",
                "user",
                user_id.to_string(),
                None::<String>,
                Some("password reset with a token; sessions ended".to_string())
            );
            tx.commit().await?;
            Ok(Some(user_id))
        })
    }

    /// Stores an invitation's token hash.
    pub async fn create_invitation(
        &self,
        ctx: &AuditContext,
        invitation: &NewInvitation,
    ) -> Result<i64, StorageError> {
        let now = Utc::now();
        with_pool!(self, |pool| {
            let mut tx = pool.begin_write().await?;
            let (id,): (i64,) = sqlx::query_as(
                "INSERT INTO invitations (organisation_id, email, role, token_hash, created_by, created_at) \
                 VALUES ($1, $2, $3, $4, $5, $6) RETURNING id",
            )
            .bind(invitation.organisation_id)
            .bind(invitation.email.as_str())
            .bind(invitation.role.as_str())
            .bind(&invitation.token_hash)
            .bind(invitation.created_by)
            .bind(now)
            .fetch_one(&mut *tx)
            .await?;
            write_audit!(
                tx,
                ctx,
                Some(invitation.organisation_id),
                now,
                "invitation.create",
                "invitation",
                id.to_string(),
                None::<String>,
                Some(summary(&[
                    ("email", Some(invitation.email.as_str().to_string())),
                    ("role", Some(invitation.role.as_str().to_string())),
                ]))
            );
            tx.commit().await?;
            Ok(id)
        })
    }

    /// An organisation's invitations, newest first.
    pub async fn list_invitations(
        &self,
        organisation_id: i64,
    ) -> Result<Vec<InvitationRecord>, StorageError> {
        let rows: Vec<InvitationRow> = with_pool!(self, |pool| {
            sqlx::query_as(&format!(
                "SELECT {INVITATION_COLUMNS} FROM invitations WHERE organisation_id = $1 ORDER BY id DESC"
            ))
            .bind(organisation_id)
            .fetch_all(pool)
            .await?
        });
        rows.into_iter().map(parse_invitation).collect()
    }

    /// Accepts an unaccepted invitation for `user_id`: marks it accepted and
    /// makes the user a member with the invited role, in one transaction.
    /// Returns the invitation, or `None` when the token is unknown or spent.
    pub async fn accept_invitation(
        &self,
        ctx: &AuditContext,
        token_hash: &str,
        user_id: i64,
    ) -> Result<Option<InvitationRecord>, StorageError> {
        let now = Utc::now();
        with_pool!(self, |pool| {
            let mut tx = pool.begin_write().await?;
            let row: Option<InvitationRow> = sqlx::query_as(&format!(
                "UPDATE invitations SET accepted_at = $2 WHERE token_hash = $1 AND accepted_at IS NULL \
                 RETURNING {INVITATION_COLUMNS}"
            ))
            .bind(token_hash)
            .bind(now)
            .fetch_optional(&mut *tx)
            .await?;
            let Some(row) = row else {
                return Ok(None);
            };
            let invitation = parse_invitation(row)?;
            let previous: Option<(String,)> = sqlx::query_as(
                "SELECT role FROM memberships WHERE user_id = $1 AND organisation_id = $2",
            )
            .bind(user_id)
            .bind(invitation.organisation_id)
            .fetch_optional(&mut *tx)
            .await?;
            sqlx::query(
                "INSERT INTO memberships (user_id, organisation_id, role) VALUES ($1, $2, $3) \
                 ON CONFLICT (user_id, organisation_id) DO UPDATE SET role = excluded.role",
            )
            .bind(user_id)
            .bind(invitation.organisation_id)
            .bind(invitation.role.as_str())
            .execute(&mut *tx)
            .await?;
            write_audit!(
                tx,
                ctx,
                Some(invitation.organisation_id),
                now,
                "invitation.accept",
                "membership",
                format!("{user_id}/{}", invitation.organisation_id),
                previous.map(|(r,)| format!("role={r}")),
                Some(format!(
                    "role={}; invitation={}",
                    invitation.role.as_str(),
                    invitation.id
                ))
            );
            tx.commit().await?;
            Ok(Some(invitation))
        })
    }
}
