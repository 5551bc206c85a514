-- Schema version 6 (needs worker): the need list, the board and the need search.
--
-- Partial indexes over the live needs (`WHERE deleted_at IS NULL`, which every need query starts with), one per
-- order the list and the board offer: by stage (the board's columns, the stage and stale filters), by the day of
-- the last stage change (the default), by creation, and by urgency (紧急 > 较急 > 一般: needs::list sorts by exactly
-- this expression). Each carries the filter columns after its sort keys, so a filtered count or page is answered
-- from any of them without reading the (large) need rows, whichever the planner picks.
-- needs_stage (0001) is replaced by needs_live_stage, which covers it for live needs and also covers the filters.
DROP INDEX needs_stage;
CREATE INDEX needs_live_stage ON needs (stage, stage_changed_on, id, need_type, urgency, enterprise_id)
    WHERE deleted_at IS NULL;
CREATE INDEX needs_live_changed ON needs (stage_changed_on, id, stage, need_type, urgency, enterprise_id)
    WHERE deleted_at IS NULL;
CREATE INDEX needs_live_created ON needs (created_at, id, stage, need_type, urgency, enterprise_id)
    WHERE deleted_at IS NULL;
CREATE INDEX needs_live_urgency ON needs (
    (CASE urgency WHEN 'high' THEN 3 WHEN 'normal' THEN 2 ELSE 1 END), stage_changed_on, id, stage, need_type, urgency,
    enterprise_id
) WHERE deleted_at IS NULL;

-- Substring search of the title and the enterprise's original wording, as for experts and enterprises (migration
-- 0002): an external-content FTS5 trigram index keyed by the implicit rowid of needs, kept in step by triggers. The
-- same VACUUM caveat applies: after a VACUUM run `INSERT INTO needs_fts(needs_fts) VALUES('rebuild')`.
CREATE VIRTUAL TABLE needs_fts USING fts5(
    title, original_text,
    content = 'needs', content_rowid = 'rowid', tokenize = 'trigram'
);
CREATE TRIGGER needs_fts_insert AFTER INSERT ON needs BEGIN
    INSERT INTO needs_fts (rowid, title, original_text) VALUES (new.rowid, new.title, new.original_text);
END;
CREATE TRIGGER needs_fts_delete AFTER DELETE ON needs BEGIN
    INSERT INTO needs_fts (needs_fts, rowid, title, original_text)
    VALUES ('delete', old.rowid, old.title, old.original_text);
END;
CREATE TRIGGER needs_fts_update AFTER UPDATE OF title, original_text ON needs BEGIN
    INSERT INTO needs_fts (needs_fts, rowid, title, original_text)
    VALUES ('delete', old.rowid, old.title, old.original_text);
    INSERT INTO needs_fts (rowid, title, original_text) VALUES (new.rowid, new.title, new.original_text);
END;
INSERT INTO needs_fts (needs_fts) VALUES ('rebuild');
