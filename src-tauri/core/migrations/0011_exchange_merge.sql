-- 汇总交换, the merging side (docs/EXCHANGE.md, "Merge rules"): the ledgers whose packages were merged here, where
-- every merged record came from, the history of merges with what each wrote (for undo), and the conflicts waiting in
-- 待处理冲突. `entity` is a record table's name as in a package (`experts`, `enterprise_contacts`, …).

-- Every ledger whose packages were merged here (来源).
CREATE TABLE origins (
    id                  TEXT PRIMARY KEY,       -- the exporting ledger's id (its manifest's origin_id)
    name                TEXT NOT NULL,          -- its 填报单位, as its latest merged package said
    reporter            TEXT NOT NULL,          -- its 填报人, likewise
    first_merged_at     TEXT NOT NULL,
    last_merged_at      TEXT NOT NULL,
    last_package_seq    INTEGER NOT NULL        -- the package_seq of the latest package merged from it
) STRICT;

-- Provenance: one row per record an origin sent, with the local record it became. The ids differ when the incoming
-- record was matched to one already here (a credit code, an ID number, a name); `matched` says so. "Edited locally
-- since" is `revision of the local row > local_revision`.
CREATE TABLE merged_records (
    entity              TEXT NOT NULL,
    origin_id           TEXT NOT NULL REFERENCES origins (id),
    origin_record_id    TEXT NOT NULL,          -- the record's id in the origin's ledger
    id                  TEXT NOT NULL,          -- the local record's id
    matched             INTEGER NOT NULL CHECK (matched IN (0, 1)),
    incoming_revision   INTEGER NOT NULL,       -- the origin's revision last taken (or judged)
    local_revision      INTEGER NOT NULL,       -- the local revision the merge left
    PRIMARY KEY (entity, origin_id, origin_record_id)
) STRICT, WITHOUT ROWID;
CREATE INDEX merged_records_local ON merged_records (entity, id, origin_id);

-- The history of merges: one row per package applied.
CREATE TABLE exchange_merges (
    id              TEXT PRIMARY KEY,
    file_name       TEXT NOT NULL,
    origin_id       TEXT NOT NULL REFERENCES origins (id),
    package_seq     INTEGER NOT NULL,
    content_hash    TEXT NOT NULL,
    actor           TEXT NOT NULL,
    created_at      TEXT NOT NULL,
    added           INTEGER NOT NULL CHECK (added >= 0),
    updated         INTEGER NOT NULL CHECK (updated >= 0),
    unchanged       INTEGER NOT NULL CHECK (unchanged >= 0),
    matched         INTEGER NOT NULL CHECK (matched >= 0),
    conflicts       INTEGER NOT NULL CHECK (conflicts >= 0),
    undone_at       TEXT
) STRICT;
CREATE INDEX exchange_merges_created ON exchange_merges (created_at);

-- What a merge wrote, in order, for its undo: the row's revision (and recycle-bin state) it left (undo only while
-- both are unchanged since), the row before an update, and the provenance row before (NULL: the merge made it).
-- Actions: create (a new row), update (taken from the package, or moved to the recycle bin), match (provenance
-- only), link / unlink (a visit's participant added / removed; entity_id is `visit_id expert_id`).
CREATE TABLE exchange_merge_items (
    merge_id        TEXT NOT NULL REFERENCES exchange_merges (id),
    seq             INTEGER NOT NULL,
    entity          TEXT NOT NULL,
    entity_id       TEXT NOT NULL,
    action          TEXT NOT NULL CHECK (action IN ('create', 'update', 'match', 'link', 'unlink')),
    revision        INTEGER,
    deleted         INTEGER NOT NULL CHECK (deleted IN (0, 1)),
    before_json     TEXT,
    provenance_json TEXT,
    PRIMARY KEY (merge_id, seq)
) STRICT, WITHOUT ROWID;

-- 待处理冲突: one row per field where the incoming value differs from a local value that stays until decided.
CREATE TABLE exchange_conflicts (
    id                  TEXT PRIMARY KEY,
    merge_id            TEXT NOT NULL REFERENCES exchange_merges (id),
    entity              TEXT NOT NULL,
    entity_id           TEXT NOT NULL,          -- the local record's id
    field               TEXT NOT NULL,          -- the column
    local_value         TEXT NOT NULL,          -- JSON, when the conflict was found
    incoming_value      TEXT NOT NULL,          -- JSON
    incoming_revision   INTEGER NOT NULL,
    origin_id           TEXT NOT NULL REFERENCES origins (id),
    created_at          TEXT NOT NULL,
    resolved_at         TEXT,
    resolution          TEXT CHECK (resolution IN ('keep_local', 'take_incoming')),
    resolved_by         TEXT,
    CHECK ((resolved_at IS NULL) = (resolution IS NULL))
) STRICT;
CREATE INDEX exchange_conflicts_open ON exchange_conflicts (entity, entity_id, field) WHERE resolved_at IS NULL;
CREATE INDEX exchange_conflicts_merge ON exchange_conflicts (merge_id);
