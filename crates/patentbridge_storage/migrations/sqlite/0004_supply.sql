-- The supply side: listings and their patents and transitions, the
-- dormant-patent pool and its review steps, packages, buyers' inquiries and
-- favourites, and organisations' notifications.
CREATE TABLE listings (
    id INTEGER PRIMARY KEY,
    organisation_id INTEGER NOT NULL REFERENCES organisations (id),
    title TEXT NOT NULL,
    mode TEXT NOT NULL CHECK (mode IN ('transfer', 'exclusive_licence', 'sole_licence', 'ordinary_licence', 'open_licence', 'equity')),
    price_model TEXT NOT NULL CHECK (price_model IN ('fixed', 'negotiable', 'zero_price_first', 'use_first_pay_later')),
    -- The fixed price, the reference price of a negotiable one, or 0.
    price_fen INTEGER,
    free_months INTEGER,
    royalty_basis TEXT,
    royalty_bp INTEGER,
    open_payment TEXT,
    open_fee_fen INTEGER,
    open_royalty_basis TEXT,
    open_royalty_bp INTEGER,
    open_term_years INTEGER,
    evaluation_report TEXT,
    problem TEXT NOT NULL,
    advantages TEXT NOT NULL,
    trl INTEGER NOT NULL CHECK (trl BETWEEN 1 AND 9),
    scenarios TEXT NOT NULL,
    industry TEXT NOT NULL,
    broker_name TEXT NOT NULL,
    broker_phone TEXT NOT NULL,
    state TEXT NOT NULL CHECK (state IN ('draft', 'under_review', 'published', 'paused', 'closed')),
    pause_reason TEXT,
    review_note TEXT,
    -- Facets copied from the patents and the owner when the listing is written.
    ipc_class TEXT,
    district TEXT,
    -- Lower-cased listing and patent text for the mall's search.
    search_text TEXT NOT NULL DEFAULT '',
    created_by INTEGER REFERENCES users (id),
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    published_at TEXT
);
CREATE INDEX listings_state ON listings (state, mode);
CREATE INDEX listings_organisation ON listings (organisation_id);

CREATE TABLE listing_patents (
    listing_id INTEGER NOT NULL REFERENCES listings (id) ON DELETE CASCADE,
    patent_id INTEGER NOT NULL REFERENCES patents (id),
    position INTEGER NOT NULL,
    PRIMARY KEY (listing_id, patent_id)
);
CREATE INDEX listing_patents_patent ON listing_patents (patent_id);

CREATE TABLE listing_transitions (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    listing_id INTEGER NOT NULL REFERENCES listings (id) ON DELETE CASCADE,
    from_state TEXT,
    to_state TEXT NOT NULL,
    event TEXT NOT NULL,
    reason TEXT,
    note TEXT,
    user_id INTEGER REFERENCES users (id),
    at TEXT NOT NULL
);
CREATE INDEX listing_transitions_listing ON listing_transitions (listing_id);

CREATE TABLE pool_entries (
    id INTEGER PRIMARY KEY,
    patent_id INTEGER NOT NULL REFERENCES patents (id),
    organisation_id INTEGER NOT NULL REFERENCES organisations (id),
    state TEXT NOT NULL CHECK (state IN ('proposed', 'department_approved', 'pooled', 'rejected')),
    -- Why the screening flagged it (or "upload" for bulk intake).
    reasons TEXT NOT NULL DEFAULT '',
    source TEXT NOT NULL CHECK (source IN ('screening', 'upload')),
    industry TEXT NOT NULL,
    proposed_by INTEGER REFERENCES users (id),
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
);
-- A patent has at most one entry that is not rejected.
CREATE UNIQUE INDEX pool_entries_open ON pool_entries (patent_id) WHERE state <> 'rejected';
CREATE INDEX pool_entries_organisation ON pool_entries (organisation_id, state);

CREATE TABLE pool_steps (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    entry_id INTEGER NOT NULL REFERENCES pool_entries (id) ON DELETE CASCADE,
    step TEXT NOT NULL,
    from_state TEXT,
    to_state TEXT NOT NULL,
    user_id INTEGER REFERENCES users (id),
    note TEXT,
    at TEXT NOT NULL
);
CREATE INDEX pool_steps_entry ON pool_steps (entry_id);

CREATE TABLE packages (
    id INTEGER PRIMARY KEY,
    organisation_id INTEGER NOT NULL REFERENCES organisations (id),
    title TEXT NOT NULL,
    theme TEXT NOT NULL,
    industry TEXT NOT NULL,
    description TEXT NOT NULL DEFAULT '',
    pricing TEXT NOT NULL CHECK (pricing IN ('bundle', 'per_item')),
    bundle_price_fen INTEGER,
    state TEXT NOT NULL CHECK (state IN ('draft', 'published', 'closed')),
    created_by INTEGER REFERENCES users (id),
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    CHECK ((pricing = 'bundle') = (bundle_price_fen IS NOT NULL))
);

CREATE TABLE package_items (
    package_id INTEGER NOT NULL REFERENCES packages (id) ON DELETE CASCADE,
    listing_id INTEGER NOT NULL REFERENCES listings (id),
    position INTEGER NOT NULL,
    item_price_fen INTEGER,
    PRIMARY KEY (package_id, listing_id)
);
CREATE INDEX package_items_listing ON package_items (listing_id);

CREATE TABLE inquiries (
    id INTEGER PRIMARY KEY,
    listing_id INTEGER NOT NULL REFERENCES listings (id),
    organisation_id INTEGER NOT NULL REFERENCES organisations (id),
    user_id INTEGER NOT NULL REFERENCES users (id),
    message TEXT NOT NULL,
    -- For a zero-price first patent: the owner it was claimed from.
    zero_price_owner_id INTEGER REFERENCES organisations (id),
    created_at TEXT NOT NULL
);
CREATE INDEX inquiries_listing ON inquiries (listing_id);
CREATE INDEX inquiries_organisation ON inquiries (organisation_id);

CREATE TABLE favourites (
    user_id INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    listing_id INTEGER NOT NULL REFERENCES listings (id) ON DELETE CASCADE,
    created_at TEXT NOT NULL,
    PRIMARY KEY (user_id, listing_id)
);

CREATE TABLE notifications (
    id INTEGER PRIMARY KEY,
    organisation_id INTEGER REFERENCES organisations (id) ON DELETE CASCADE,
    user_id INTEGER REFERENCES users (id) ON DELETE CASCADE,
    kind TEXT NOT NULL,
    subject_zh TEXT NOT NULL,
    subject_en TEXT NOT NULL,
    link TEXT,
    created_at TEXT NOT NULL,
    read_at TEXT,
    CHECK (organisation_id IS NOT NULL OR user_id IS NOT NULL)
);
CREATE INDEX notifications_organisation ON notifications (organisation_id, read_at);
CREATE INDEX notifications_user ON notifications (user_id, read_at);
