-- Organisations, users and their roles, sessions and tokens, and the
-- append-only audit log.
CREATE TABLE organisations (
    id INTEGER PRIMARY KEY,
    kind TEXT NOT NULL,
    name_zh TEXT NOT NULL,
    name_en TEXT,
    credit_code TEXT UNIQUE,
    region_code TEXT,
    address TEXT,
    industry TEXT,
    verification TEXT NOT NULL DEFAULT 'unverified'
        CHECK (verification IN ('unverified', 'pending', 'verified', 'rejected')),
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
);
CREATE INDEX organisations_kind ON organisations (kind, verification);

CREATE TABLE organisation_figures (
    organisation_id INTEGER NOT NULL REFERENCES organisations (id) ON DELETE CASCADE,
    year INTEGER NOT NULL,
    revenue_fen INTEGER NOT NULL,
    employees INTEGER NOT NULL,
    size_class TEXT NOT NULL CHECK (size_class IN ('micro', 'small', 'medium', 'large')),
    PRIMARY KEY (organisation_id, year)
);

CREATE TABLE users (
    id INTEGER PRIMARY KEY,
    email TEXT,
    phone TEXT UNIQUE,
    display_name TEXT NOT NULL,
    password_hash TEXT NOT NULL,
    failed_logins INTEGER NOT NULL DEFAULT 0,
    locked_until TEXT,
    created_at TEXT NOT NULL,
    CHECK (email IS NOT NULL OR phone IS NOT NULL)
);
-- E-mail addresses are unique regardless of case.
CREATE UNIQUE INDEX users_email_unique ON users (lower(email));

CREATE TABLE memberships (
    user_id INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    organisation_id INTEGER NOT NULL REFERENCES organisations (id) ON DELETE CASCADE,
    role TEXT NOT NULL CHECK (role IN ('member', 'manager')),
    PRIMARY KEY (user_id, organisation_id)
);
CREATE INDEX memberships_organisation ON memberships (organisation_id);

CREATE TABLE platform_roles (
    user_id INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    role TEXT NOT NULL CHECK (role IN ('ip_bureau', 'district_officer', 'operation_centre_staff', 'expert', 'administrator')),
    district TEXT,
    PRIMARY KEY (user_id, role),
    CHECK ((role = 'district_officer') = (district IS NOT NULL))
);

CREATE TABLE sessions (
    token_hash TEXT PRIMARY KEY,
    user_id INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    csrf_token TEXT NOT NULL,
    created_at TEXT NOT NULL,
    expires_at TEXT NOT NULL,
    ip TEXT
);
CREATE INDEX sessions_user ON sessions (user_id);

CREATE TABLE api_tokens (
    id INTEGER PRIMARY KEY,
    user_id INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    name TEXT NOT NULL,
    token_hash TEXT NOT NULL UNIQUE,
    scopes TEXT NOT NULL DEFAULT '',
    created_at TEXT NOT NULL,
    last_used_at TEXT,
    revoked_at TEXT
);
CREATE INDEX api_tokens_user ON api_tokens (user_id);

CREATE TABLE password_resets (
    token_hash TEXT PRIMARY KEY,
    user_id INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    expires_at TEXT NOT NULL,
    used_at TEXT
);

CREATE TABLE invitations (
    id INTEGER PRIMARY KEY,
    organisation_id INTEGER NOT NULL REFERENCES organisations (id) ON DELETE CASCADE,
    email TEXT NOT NULL,
    role TEXT NOT NULL CHECK (role IN ('member', 'manager')),
    token_hash TEXT NOT NULL UNIQUE,
    created_by INTEGER REFERENCES users (id) ON DELETE SET NULL,
    created_at TEXT NOT NULL,
    accepted_at TEXT
);
CREATE INDEX invitations_organisation ON invitations (organisation_id);

-- No foreign keys: an entry outlives the user or organisation it names.
CREATE TABLE audit_log (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    at TEXT NOT NULL,
    user_id INTEGER,
    organisation_id INTEGER,
    request_id TEXT,
    action TEXT NOT NULL,
    entity_type TEXT NOT NULL,
    entity_id TEXT NOT NULL,
    before_summary TEXT,
    after_summary TEXT,
    district TEXT
);
CREATE INDEX audit_log_at ON audit_log (at);
CREATE INDEX audit_log_organisation ON audit_log (organisation_id);
CREATE INDEX audit_log_district ON audit_log (district);

CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log
BEGIN
    SELECT RAISE(ABORT, 'audit_log is append-only');
END;

CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log
BEGIN
    SELECT RAISE(ABORT, 'audit_log is append-only');
END;
