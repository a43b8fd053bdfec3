-- The demand side: SMEs' technology needs and their transitions, the
-- matches the engine found between needs and listings or pooled patents,
-- and the structured feedback either side gives on a match.
CREATE TABLE demands (
    id INTEGER PRIMARY KEY,
    organisation_id INTEGER NOT NULL REFERENCES organisations (id),
    title TEXT NOT NULL,
    problem TEXT NOT NULL,
    product TEXT NOT NULL DEFAULT '',
    industry TEXT NOT NULL,
    -- Classification codes, space-separated.
    ipc TEXT NOT NULL DEFAULT '',
    budget_min_fen INTEGER CHECK (budget_min_fen >= 0),
    budget_max_fen INTEGER CHECK (budget_max_fen >= 0),
    -- Wanted listing modes, comma-separated; empty means any.
    modes TEXT NOT NULL DEFAULT '',
    deadline TEXT,
    district TEXT,
    state TEXT NOT NULL CHECK (state IN ('draft', 'published', 'matched', 'closed')),
    created_by INTEGER REFERENCES users (id),
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    published_at TEXT,
    CHECK (budget_min_fen IS NULL OR budget_max_fen IS NULL OR budget_min_fen <= budget_max_fen)
);
CREATE INDEX demands_organisation ON demands (organisation_id);
CREATE INDEX demands_state ON demands (state);

CREATE TABLE demand_transitions (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    demand_id INTEGER NOT NULL REFERENCES demands (id) ON DELETE CASCADE,
    from_state TEXT,
    to_state TEXT NOT NULL,
    event TEXT NOT NULL,
    note TEXT,
    user_id INTEGER REFERENCES users (id),
    at TEXT NOT NULL
);
CREATE INDEX demand_transitions_demand ON demand_transitions (demand_id);

-- One row per (demand, listing) or (demand, pooled patent) pair the engine
-- found; re-matching updates the score and reasons in place.
CREATE TABLE matches (
    id INTEGER PRIMARY KEY,
    demand_id INTEGER NOT NULL REFERENCES demands (id) ON DELETE CASCADE,
    listing_id INTEGER REFERENCES listings (id) ON DELETE CASCADE,
    patent_id INTEGER REFERENCES patents (id) ON DELETE CASCADE,
    score REAL NOT NULL,
    -- The explanation as JSON (shared terms, IPC and industry overlap, fit notes).
    reasons TEXT NOT NULL,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    -- When both sides were told of it in their inboxes.
    pushed_at TEXT,
    CHECK ((listing_id IS NULL) <> (patent_id IS NULL))
);
CREATE UNIQUE INDEX matches_demand_listing ON matches (demand_id, listing_id) WHERE listing_id IS NOT NULL;
CREATE UNIQUE INDEX matches_demand_patent ON matches (demand_id, patent_id) WHERE patent_id IS NOT NULL;
CREATE INDEX matches_listing ON matches (listing_id);

CREATE TABLE match_feedback (
    id INTEGER PRIMARY KEY,
    match_id INTEGER NOT NULL REFERENCES matches (id) ON DELETE CASCADE,
    side TEXT NOT NULL CHECK (side IN ('seeker', 'owner')),
    organisation_id INTEGER NOT NULL REFERENCES organisations (id),
    user_id INTEGER NOT NULL REFERENCES users (id),
    reason TEXT NOT NULL CHECK (reason IN ('relevant', 'too_early_stage', 'benefit_unclear', 'too_expensive', 'route_to_market_unclear', 'already_have_it', 'wrong_field', 'other')),
    note TEXT,
    created_at TEXT NOT NULL,
    UNIQUE (match_id, side)
);
