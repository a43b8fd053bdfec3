-- The patent catalogue, the search outbox and the IPC scheme titles.
CREATE TABLE patents (
    id INTEGER PRIMARY KEY,
    number TEXT NOT NULL UNIQUE,
    number_base TEXT NOT NULL,
    jurisdiction TEXT NOT NULL,
    kind_code TEXT,
    application_number TEXT,
    patent_type TEXT NOT NULL,
    title_zh TEXT,
    title_en TEXT,
    abstract_zh TEXT,
    abstract_en TEXT,
    claims TEXT,
    keywords TEXT NOT NULL DEFAULT '',
    application_date TEXT,
    publication_date TEXT,
    grant_date TEXT,
    legal_status TEXT NOT NULL,
    cited_by_count INTEGER,
    family_size INTEGER,
    region_code TEXT,
    source TEXT NOT NULL,
    content_hash TEXT NOT NULL,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
);
CREATE INDEX patents_number_base ON patents (number_base);
CREATE INDEX patents_jurisdiction ON patents (jurisdiction);

CREATE TABLE patent_classifications (
    patent_id INTEGER NOT NULL REFERENCES patents (id) ON DELETE CASCADE,
    scheme TEXT NOT NULL CHECK (scheme IN ('ipc', 'cpc')),
    position INTEGER NOT NULL,
    code TEXT NOT NULL,
    PRIMARY KEY (patent_id, scheme, position)
);
CREATE INDEX patent_classifications_code ON patent_classifications (code);

CREATE TABLE patent_parties (
    patent_id INTEGER NOT NULL REFERENCES patents (id) ON DELETE CASCADE,
    role TEXT NOT NULL CHECK (role IN ('applicant', 'inventor')),
    position INTEGER NOT NULL,
    name TEXT NOT NULL,
    party_type TEXT,
    type_overridden BOOLEAN NOT NULL DEFAULT 0,
    address TEXT,
    region_code TEXT,
    PRIMARY KEY (patent_id, role, position)
);
CREATE INDEX patent_parties_name ON patent_parties (name);

CREATE TABLE patent_events (
    patent_id INTEGER NOT NULL REFERENCES patents (id) ON DELETE CASCADE,
    position INTEGER NOT NULL,
    event_date TEXT NOT NULL,
    kind TEXT NOT NULL,
    detail TEXT NOT NULL DEFAULT '',
    PRIMARY KEY (patent_id, position)
);

CREATE TABLE search_outbox (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    patent_number TEXT NOT NULL,
    operation TEXT NOT NULL CHECK (operation IN ('upsert', 'delete')),
    created_at TEXT NOT NULL
);

CREATE TABLE ipc_titles (
    symbol TEXT PRIMARY KEY,
    level TEXT NOT NULL,
    parent_symbol TEXT,
    title_zh TEXT,
    title_en TEXT
);
