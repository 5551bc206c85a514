-- Schema version 15 (events' number; the lead orders the migrations at merge time): 活动 — a 供需对接会, 培训会 or 路演
-- that involves several enterprises and experts at once, recorded once (issue 15, "Events with several enterprises").
--
-- An event links to its enterprises (at least one, checked by the core) and its experts (any number) through two link
-- tables, replaced on edit like a visit's participants. `attendance` is the number of people who attended (NULL: not
-- recorded). Attachments may belong to an event: the owner kinds' CHECK cannot be altered in place, so `attachments`
-- is copied again as in 0012, every column and index kept.

CREATE TABLE events (                   -- 活动
    id              TEXT PRIMARY KEY,
    event_type      TEXT NOT NULL CHECK (event_type IN ('matchmaking', 'training', 'roadshow', 'other')),
    title           TEXT NOT NULL,
    event_date      TEXT NOT NULL,
    place           TEXT,
    attendance      INTEGER CHECK (attendance IS NULL OR attendance >= 0),
    content         TEXT,
    notes           TEXT,
    created_at      TEXT NOT NULL,
    updated_at      TEXT NOT NULL,
    deleted_at      TEXT,
    revision        INTEGER NOT NULL DEFAULT 1
) STRICT;
CREATE INDEX events_live_date ON events (event_date) WHERE deleted_at IS NULL;
CREATE INDEX events_in_bin ON events (deleted_at) WHERE deleted_at IS NOT NULL;

CREATE TABLE event_enterprises (        -- the enterprises of an event
    event_id        TEXT NOT NULL REFERENCES events (id),
    enterprise_id   TEXT NOT NULL REFERENCES enterprises (id),
    PRIMARY KEY (event_id, enterprise_id)
) STRICT, WITHOUT ROWID;
CREATE INDEX event_enterprises_enterprise ON event_enterprises (enterprise_id);

CREATE TABLE event_experts (            -- the experts of an event
    event_id    TEXT NOT NULL REFERENCES events (id),
    expert_id   TEXT NOT NULL REFERENCES experts (id),
    PRIMARY KEY (event_id, expert_id)
) STRICT, WITHOUT ROWID;
CREATE INDEX event_experts_expert ON event_experts (expert_id);

CREATE TABLE attachments_v15 (
    id              TEXT PRIMARY KEY,
    owner_kind      TEXT NOT NULL CHECK (owner_kind IN ('visit', 'service_record', 'assignment', 'event')),
    owner_id        TEXT NOT NULL,
    file_name       TEXT NOT NULL,
    stored_path     TEXT NOT NULL,
    size_bytes      INTEGER NOT NULL CHECK (size_bytes >= 0),
    sha256          TEXT NOT NULL,
    mime            TEXT,
    created_at      TEXT NOT NULL,
    deleted_at      TEXT,
    evidence_kind   TEXT CHECK (evidence_kind IS NULL OR evidence_kind IN ('confirmation', 'photo', 'agreement'))
) STRICT;
INSERT INTO attachments_v15 SELECT id, owner_kind, owner_id, file_name, stored_path, size_bytes, sha256, mime,
        created_at, deleted_at, evidence_kind
    FROM attachments;
DROP TABLE attachments;
ALTER TABLE attachments_v15 RENAME TO attachments;
CREATE INDEX attachments_owner ON attachments (owner_kind, owner_id);
CREATE INDEX attachments_in_bin ON attachments (deleted_at) WHERE deleted_at IS NOT NULL;
CREATE INDEX attachments_evidence ON attachments (evidence_kind, owner_kind, owner_id)
    WHERE deleted_at IS NULL AND evidence_kind IS NOT NULL;
