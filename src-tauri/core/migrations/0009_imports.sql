-- 导入: each import as one entry of the history, what it wrote (for undo), and the column mappings people chose.

CREATE TABLE imports (
    id          TEXT PRIMARY KEY,
    kind        TEXT NOT NULL CHECK (kind IN ('experts', 'enterprises', 'visits', 'services')),
    file_name   TEXT NOT NULL,
    sheet       TEXT NOT NULL,
    actor       TEXT NOT NULL,
    created_at  TEXT NOT NULL,
    read_rows   INTEGER NOT NULL CHECK (read_rows >= 0),
    imported    INTEGER NOT NULL CHECK (imported >= 0),
    updated     INTEGER NOT NULL CHECK (updated >= 0),
    skipped     INTEGER NOT NULL CHECK (skipped >= 0),
    undone_at   TEXT
) STRICT;
CREATE INDEX imports_created ON imports (created_at);

-- One row per record an import added or overwrote: the revision it left (undo only while it is unchanged since) and,
-- for an overwrite, the record as it was before.
CREATE TABLE import_items (
    import_id   TEXT NOT NULL REFERENCES imports (id),
    seq         INTEGER NOT NULL,
    entity      TEXT NOT NULL CHECK (entity IN ('expert', 'enterprise', 'visit', 'service_record', 'organization', 'batch')),
    entity_id   TEXT NOT NULL,
    action      TEXT NOT NULL CHECK (action IN ('create', 'update')),
    revision    INTEGER NOT NULL,
    before_json TEXT,
    PRIMARY KEY (import_id, seq)
) STRICT, WITHOUT ROWID;

-- The mapping a person confirmed for a file's headers, offered again for the next file with the same headers.
CREATE TABLE import_mappings (
    kind        TEXT NOT NULL,
    signature   TEXT NOT NULL,
    mapping     TEXT NOT NULL,
    updated_at  TEXT NOT NULL,
    PRIMARY KEY (kind, signature)
) STRICT, WITHOUT ROWID;
