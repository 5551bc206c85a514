-- 导入 of 技术需求 (issue 15, intake): an import may now be of needs and add need records. The CHECKs of the import's
-- kind and of an item's entity cannot be altered in place, so both tables are copied. The kind and the entity are
-- no longer listed here: the core's `ImportKind` and `Entity` are the one list of each (other issues add kinds).
CREATE TABLE imports_v17 (
    id          TEXT PRIMARY KEY,
    kind        TEXT NOT NULL,
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
INSERT INTO imports_v17 SELECT id, kind, file_name, sheet, actor, created_at, read_rows, imported, updated, skipped,
    undone_at FROM imports;

CREATE TABLE import_items_v17 (
    import_id   TEXT NOT NULL REFERENCES imports_v17 (id),
    seq         INTEGER NOT NULL,
    entity      TEXT NOT NULL,
    entity_id   TEXT NOT NULL,
    action      TEXT NOT NULL CHECK (action IN ('create', 'update')),
    revision    INTEGER NOT NULL,
    before_json TEXT,
    PRIMARY KEY (import_id, seq)
) STRICT, WITHOUT ROWID;
INSERT INTO import_items_v17 SELECT import_id, seq, entity, entity_id, action, revision, before_json FROM import_items;

DROP TABLE import_items;
DROP TABLE imports;
ALTER TABLE imports_v17 RENAME TO imports;
ALTER TABLE import_items_v17 RENAME TO import_items;
CREATE INDEX imports_created ON imports (created_at);
