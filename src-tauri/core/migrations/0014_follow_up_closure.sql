-- Schema version 14 (issue 15, followups): a visit's follow-up closed with a note (已跟进: 电话回访, 无需跟进 …)
-- without a later visit. All three NULL: not closed. Closed: the day (the ledger's today), the note (required) and
-- who closed it (the 操作人). Reopening sets them back to NULL. The columns travel in exchange packages as the
-- visit's other columns do.
ALTER TABLE visits ADD COLUMN follow_up_closed_on TEXT;
ALTER TABLE visits ADD COLUMN follow_up_note TEXT;
ALTER TABLE visits ADD COLUMN follow_up_closed_by TEXT;

-- The home page and the visit list ask the same question (`fieldwork/follow_ups.rs`): a follow-up is pending when it
-- is not closed and no later live visit to the enterprise answered it. Migration 0007's two follow-up indexes gain
-- the closure, so they still cover that question (no table row read per visit).
DROP INDEX visits_live_enterprise_date;
CREATE INDEX visits_live_enterprise_date ON visits (enterprise_id, visit_date, follow_up_date, follow_up_closed_on, deleted_at)
    WHERE deleted_at IS NULL;
DROP INDEX visits_follow_ups;
CREATE INDEX visits_follow_ups ON visits (follow_up_date, visit_date, id, enterprise_id, follow_up_closed_on, deleted_at)
    WHERE follow_up_date IS NOT NULL AND deleted_at IS NULL;
