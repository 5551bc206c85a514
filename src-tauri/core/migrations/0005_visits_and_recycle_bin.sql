-- Schema version 5: the visit list, its search, and the recycle bin, measured on the large sample (50,000 visits,
-- 1,000,000 service records).
--
-- Partial indexes over the live visits carry the sort keys (the list breaks ties by rowid, which every index
-- holds), so the list counts, filters and pages from an index without reading the rows.
-- They replace the plain date and follow-up indexes of 0001, which the planner preferred for the follow-up filter
-- although every row found through them had to be read to leave out the deleted ones (11 ms against 2 ms).
DROP INDEX visits_date;
DROP INDEX visits_follow_up;
CREATE INDEX visits_live_date ON visits (visit_date) WHERE deleted_at IS NULL;
CREATE INDEX visits_live_mode ON visits (mode, visit_date) WHERE deleted_at IS NULL;
CREATE INDEX visits_live_follow_up ON visits (follow_up_date, visit_date) WHERE deleted_at IS NULL;

-- Search in what a visit found: an external-content FTS5 trigram index over purpose and findings, kept in step by
-- triggers, as for experts and enterprises (migration 0002; the same VACUUM caution applies: rebuild after one).
CREATE VIRTUAL TABLE visits_fts USING fts5(
    purpose, findings,
    content = 'visits', content_rowid = 'rowid', tokenize = 'trigram'
);
CREATE TRIGGER visits_fts_insert AFTER INSERT ON visits BEGIN
    INSERT INTO visits_fts (rowid, purpose, findings) VALUES (new.rowid, new.purpose, new.findings);
END;
CREATE TRIGGER visits_fts_delete AFTER DELETE ON visits BEGIN
    INSERT INTO visits_fts (visits_fts, rowid, purpose, findings)
    VALUES ('delete', old.rowid, old.purpose, old.findings);
END;
CREATE TRIGGER visits_fts_update AFTER UPDATE OF purpose, findings ON visits BEGIN
    INSERT INTO visits_fts (visits_fts, rowid, purpose, findings)
    VALUES ('delete', old.rowid, old.purpose, old.findings);
    INSERT INTO visits_fts (rowid, purpose, findings) VALUES (new.rowid, new.purpose, new.findings);
END;
INSERT INTO visits_fts (visits_fts) VALUES ('rebuild');

-- The recycle bin lists the deleted rows of six tables; without these it read all 1,000,000 service records
-- (about 330 ms). The indexes hold only the few rows in the bin.
CREATE INDEX experts_in_bin ON experts (deleted_at) WHERE deleted_at IS NOT NULL;
-- enterprises_in_bin already exists (migration 0004).
CREATE INDEX visits_in_bin ON visits (deleted_at) WHERE deleted_at IS NOT NULL;
CREATE INDEX needs_in_bin ON needs (deleted_at) WHERE deleted_at IS NOT NULL;
CREATE INDEX service_records_in_bin ON service_records (deleted_at) WHERE deleted_at IS NOT NULL;
CREATE INDEX attachments_in_bin ON attachments (deleted_at) WHERE deleted_at IS NOT NULL;
