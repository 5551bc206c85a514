-- 汇总交换: every exchange package this ledger wrote (docs/EXCHANGE.md), recorded in the same step as the file's
-- rename, so a write that failed leaves no row. `change_mark` is the highest audit_log rowid in the snapshot the
-- package was read from: a `changes` package after package N holds the records the log names after N's mark.
CREATE TABLE exchange_exports (
    seq          INTEGER PRIMARY KEY CHECK (seq >= 1),
    created_at   TEXT NOT NULL,
    scope        TEXT NOT NULL CHECK (scope IN ('full', 'changes')),
    since_seq    INTEGER REFERENCES exchange_exports (seq),
    change_mark  INTEGER NOT NULL CHECK (change_mark >= 0),
    counts       TEXT NOT NULL,   -- JSON object: rows per table, as in the package's manifest
    content_hash TEXT NOT NULL,
    file_name    TEXT NOT NULL,
    actor        TEXT NOT NULL,
    CHECK ((scope = 'changes') = (since_seq IS NOT NULL))
) STRICT;
