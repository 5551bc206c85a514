-- Schema version 12: the year-end (issue 14) — 三方协议 and targets on pairings, evidence marks on attachments (and
-- attachments of a pairing: the signed agreement), review (审核) on visits and service records, and 服务对象评价 on
-- service records. 年度考核 has its own tables (version 13).
--
-- Every column is added with a constant default, so the large sample (1,000,000 service records) is not rewritten;
-- only `attachments` is rebuilt, to widen its owner kinds and add the evidence mark.

-- 派驻/结对: the signing date of the 三方协议 (`agreement_signed` stays the status: 0 未签, 1 已签) and the agreement's
-- targets for the whole pairing (NULL: no target set). Completion is computed from the records, never stored.
ALTER TABLE assignments ADD COLUMN agreement_signed_on TEXT;
ALTER TABLE assignments ADD COLUMN target_service_days REAL CHECK (target_service_days IS NULL OR target_service_days >= 0);
ALTER TABLE assignments ADD COLUMN target_visits INTEGER CHECK (target_visits IS NULL OR target_visits >= 0);
ALTER TABLE assignments ADD COLUMN target_needs_solved INTEGER CHECK (target_needs_solved IS NULL OR target_needs_solved >= 0);
ALTER TABLE assignments ADD COLUMN target_contract_fen INTEGER CHECK (target_contract_fen IS NULL OR target_contract_fen >= 0);
ALTER TABLE assignments ADD COLUMN target_other TEXT;    -- free-text further targets
CREATE INDEX assignments_batch ON assignments (batch_id) WHERE batch_id IS NOT NULL AND deleted_at IS NULL;
CREATE INDEX assignments_in_bin ON assignments (deleted_at) WHERE deleted_at IS NOT NULL;

-- 审核 on visits and service records: pending (待审核), approved (已通过), returned (退回, with the opinion). Records
-- already in the ledger were accepted as they are.
ALTER TABLE visits ADD COLUMN review_status TEXT NOT NULL DEFAULT 'approved'
    CHECK (review_status IN ('pending', 'approved', 'returned'));
ALTER TABLE visits ADD COLUMN review_opinion TEXT;
ALTER TABLE visits ADD COLUMN reviewed_by TEXT;
ALTER TABLE visits ADD COLUMN reviewed_at TEXT;     -- UTC stamp of the last review decision
ALTER TABLE service_records ADD COLUMN review_status TEXT NOT NULL DEFAULT 'approved'
    CHECK (review_status IN ('pending', 'approved', 'returned'));
ALTER TABLE service_records ADD COLUMN review_opinion TEXT;
ALTER TABLE service_records ADD COLUMN reviewed_by TEXT;
ALTER TABLE service_records ADD COLUMN reviewed_at TEXT;
-- The review queue reads only the records not yet approved, which stay few.
CREATE INDEX visits_unreviewed ON visits (review_status, visit_date)
    WHERE deleted_at IS NULL AND review_status <> 'approved';
CREATE INDEX service_records_unreviewed ON service_records (review_status, start_date)
    WHERE deleted_at IS NULL AND review_status <> 'approved';

-- 服务对象评价 of a service record by the served enterprise: 满意, 基本满意, 不满意; who evaluated (the enterprise's
-- contact), when, and the opinion.
ALTER TABLE service_records ADD COLUMN satisfaction TEXT
    CHECK (satisfaction IS NULL OR satisfaction IN ('satisfied', 'basically_satisfied', 'dissatisfied'));
ALTER TABLE service_records ADD COLUMN evaluator TEXT;
ALTER TABLE service_records ADD COLUMN evaluated_on TEXT;
ALTER TABLE service_records ADD COLUMN evaluation_opinion TEXT;
CREATE INDEX service_records_evaluated ON service_records (evaluated_on)
    WHERE deleted_at IS NULL AND satisfaction IS NOT NULL;

-- Attachments: a pairing may own files too (the signed 三方协议), and a file may be marked as evidence —
-- `confirmation` (服务确认书 of a service record, stamped 走访记录表 of a visit), `photo` (现场照片), `agreement`
-- (the signed 三方协议). The CHECK of the owner kinds cannot be altered in place: the table is copied.
CREATE TABLE attachments_v12 (
    id              TEXT PRIMARY KEY,
    owner_kind      TEXT NOT NULL CHECK (owner_kind IN ('visit', 'service_record', 'assignment')),
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
INSERT INTO attachments_v12 (id, owner_kind, owner_id, file_name, stored_path, size_bytes, sha256, mime, created_at,
        deleted_at)
    SELECT id, owner_kind, owner_id, file_name, stored_path, size_bytes, sha256, mime, created_at, deleted_at
    FROM attachments;
DROP TABLE attachments;
ALTER TABLE attachments_v12 RENAME TO attachments;
CREATE INDEX attachments_owner ON attachments (owner_kind, owner_id);
CREATE INDEX attachments_in_bin ON attachments (deleted_at) WHERE deleted_at IS NOT NULL;
-- "缺确认单": the records with a live confirmation, found from the few marked files.
CREATE INDEX attachments_evidence ON attachments (evidence_kind, owner_kind, owner_id)
    WHERE deleted_at IS NULL AND evidence_kind IS NOT NULL;
