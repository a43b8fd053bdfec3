-- Deals from inquiry to completion: the deal and its patents, every step
-- taken (with messages and offers), the contract documents and the
-- signatures bound to their SHA-256, the payment obligations of a schedule
-- with the licensee's royalty reports, and the outcome ledger of what the
-- SME achieved with the patent.
CREATE TABLE deals (
    id INTEGER PRIMARY KEY,
    listing_id INTEGER REFERENCES listings (id),
    sme_id INTEGER NOT NULL REFERENCES organisations (id),
    owner_id INTEGER NOT NULL REFERENCES organisations (id),
    -- The listing mode the deal is for (transfer, a licence, open licence, equity).
    mode TEXT NOT NULL CHECK (mode IN ('transfer', 'exclusive_licence', 'sole_licence', 'ordinary_licence', 'open_licence', 'equity')),
    state TEXT NOT NULL CHECK (state IN ('inquiry', 'negotiation', 'contract_drafted', 'partly_signed', 'signed', 'recorded', 'in_force', 'completed', 'withdrawn', 'rejected', 'disputed', 'terminated')),
    -- The terms agreed (the accepted offer), as JSON; NULL before agreement.
    terms TEXT,
    pledgee_consent INTEGER NOT NULL DEFAULT 0,
    -- The date the contract takes effect (both signed, or the open-licence notice).
    effective_on TEXT,
    record_number TEXT,
    recorded_on TEXT,
    created_by INTEGER REFERENCES users (id),
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
);
CREATE INDEX deals_sme ON deals (sme_id, state);
CREATE INDEX deals_owner ON deals (owner_id, state);

CREATE TABLE deal_patents (
    deal_id INTEGER NOT NULL REFERENCES deals (id) ON DELETE CASCADE,
    patent_id INTEGER NOT NULL REFERENCES patents (id),
    position INTEGER NOT NULL,
    PRIMARY KEY (deal_id, patent_id)
);

CREATE TABLE deal_steps (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    deal_id INTEGER NOT NULL REFERENCES deals (id) ON DELETE CASCADE,
    event TEXT NOT NULL,
    side TEXT NOT NULL CHECK (side IN ('sme', 'owner', 'platform')),
    from_state TEXT,
    to_state TEXT NOT NULL,
    message TEXT,
    -- An offer's terms as JSON.
    offer TEXT,
    user_id INTEGER REFERENCES users (id),
    at TEXT NOT NULL
);
CREATE INDEX deal_steps_deal ON deal_steps (deal_id);

CREATE TABLE deal_documents (
    id INTEGER PRIMARY KEY,
    deal_id INTEGER NOT NULL REFERENCES deals (id) ON DELETE CASCADE,
    template TEXT NOT NULL,
    template_version TEXT NOT NULL,
    sha256 TEXT NOT NULL,
    pdf BLOB NOT NULL,
    created_at TEXT NOT NULL,
    UNIQUE (deal_id, sha256)
);

CREATE TABLE deal_signatures (
    id INTEGER PRIMARY KEY,
    deal_id INTEGER NOT NULL REFERENCES deals (id) ON DELETE CASCADE,
    document_id INTEGER NOT NULL REFERENCES deal_documents (id),
    side TEXT NOT NULL CHECK (side IN ('sme', 'owner')),
    organisation_id INTEGER NOT NULL REFERENCES organisations (id),
    user_id INTEGER NOT NULL REFERENCES users (id),
    sha256 TEXT NOT NULL,
    ip TEXT,
    signed_at TEXT NOT NULL,
    UNIQUE (document_id, side)
);

CREATE TABLE obligations (
    id INTEGER PRIMARY KEY,
    deal_id INTEGER NOT NULL REFERENCES deals (id) ON DELETE CASCADE,
    due_on TEXT NOT NULL,
    amount_fen INTEGER CHECK (amount_fen >= 0),
    period_start TEXT,
    period_end TEXT,
    description_zh TEXT NOT NULL,
    description_en TEXT NOT NULL,
    paid_fen INTEGER CHECK (paid_fen >= 0),
    paid_on TEXT,
    -- When both sides and the operation centre were told it is overdue.
    overdue_flagged_at TEXT
);
CREATE INDEX obligations_deal ON obligations (deal_id, due_on);

CREATE TABLE royalty_reports (
    id INTEGER PRIMARY KEY,
    deal_id INTEGER NOT NULL REFERENCES deals (id) ON DELETE CASCADE,
    obligation_id INTEGER REFERENCES obligations (id),
    period_start TEXT NOT NULL,
    period_end TEXT NOT NULL,
    sales_fen INTEGER NOT NULL CHECK (sales_fen >= 0),
    base_fen INTEGER NOT NULL CHECK (base_fen >= 0),
    royalty_fen INTEGER NOT NULL CHECK (royalty_fen >= 0),
    note TEXT,
    user_id INTEGER NOT NULL REFERENCES users (id),
    created_at TEXT NOT NULL,
    UNIQUE (deal_id, period_start, period_end)
);

CREATE TABLE outcomes (
    id INTEGER PRIMARY KEY,
    deal_id INTEGER NOT NULL REFERENCES deals (id) ON DELETE CASCADE,
    -- A quarter or a year, e.g. 2026-Q4 or 2026.
    period TEXT NOT NULL,
    product_name TEXT NOT NULL,
    -- Patent-product filing (专利产品备案): none, filed, recognised.
    filing TEXT NOT NULL CHECK (filing IN ('none', 'filed', 'recognised')),
    filing_number TEXT,
    output_value_fen INTEGER NOT NULL CHECK (output_value_fen >= 0),
    revenue_fen INTEGER NOT NULL CHECK (revenue_fen >= 0),
    jobs INTEGER NOT NULL CHECK (jobs >= 0),
    user_id INTEGER NOT NULL REFERENCES users (id),
    created_at TEXT NOT NULL,
    -- Filing and recognition of one product may fall in the same period.
    UNIQUE (deal_id, period, product_name, filing)
);
