-- Schema version 7: the service ledger (服务台账) list, its totals and search, and the home page (工作台), without
-- reading a million rows.
--
-- service_record_totals holds, for every start day and service type, how many live (not deleted) service records
-- there are and the sums of their days and outcomes. The triggers below keep it exact inside the same statement (so
-- the same transaction) as any insert, edit, soft delete, restore or purge. The unfiltered ledger total, a filter
-- by type or by start date, the outcome totals of those filters and the home page's figures of a month add up at
-- most a few thousand of these rows instead of a million records. Integer sums are exact; days are multiples of 0.5,
-- which a REAL sums exactly.

CREATE TABLE service_record_totals (
    start_date          TEXT NOT NULL,
    service_type        TEXT NOT NULL,
    records             INTEGER NOT NULL CHECK (records >= 0),   -- rows at 0 are removed
    service_days        REAL NOT NULL,
    contract_amount_fen INTEGER NOT NULL,
    investment_fen      INTEGER NOT NULL,
    policy_funds_fen    INTEGER NOT NULL,
    cost_saved_fen      INTEGER NOT NULL,
    output_value_fen    INTEGER NOT NULL,
    profit_tax_fen      INTEGER NOT NULL,
    patents             INTEGER NOT NULL,
    new_products        INTEGER NOT NULL,
    new_technologies    INTEGER NOT NULL,
    people_trained      INTEGER NOT NULL,
    needs_solved        INTEGER NOT NULL,
    PRIMARY KEY (start_date, service_type)
) STRICT, WITHOUT ROWID;
CREATE INDEX service_record_totals_type ON service_record_totals (service_type, start_date);

INSERT INTO service_record_totals
SELECT start_date, service_type, count(*), total(service_days), sum(contract_amount_fen), sum(investment_fen),
       sum(policy_funds_fen), sum(cost_saved_fen), sum(output_value_fen), sum(profit_tax_fen), sum(patents),
       sum(new_products), sum(new_technologies), sum(people_trained), sum(needs_solved)
FROM service_records WHERE deleted_at IS NULL
GROUP BY start_date, service_type;

CREATE TRIGGER service_record_totals_insert AFTER INSERT ON service_records WHEN new.deleted_at IS NULL BEGIN
    INSERT INTO service_record_totals
    VALUES (new.start_date, new.service_type, 1, new.service_days, new.contract_amount_fen, new.investment_fen,
            new.policy_funds_fen, new.cost_saved_fen, new.output_value_fen, new.profit_tax_fen, new.patents,
            new.new_products, new.new_technologies, new.people_trained, new.needs_solved)
    ON CONFLICT (start_date, service_type) DO UPDATE SET
        records = records + 1,
        service_days = service_days + excluded.service_days,
        contract_amount_fen = contract_amount_fen + excluded.contract_amount_fen,
        investment_fen = investment_fen + excluded.investment_fen,
        policy_funds_fen = policy_funds_fen + excluded.policy_funds_fen,
        cost_saved_fen = cost_saved_fen + excluded.cost_saved_fen,
        output_value_fen = output_value_fen + excluded.output_value_fen,
        profit_tax_fen = profit_tax_fen + excluded.profit_tax_fen,
        patents = patents + excluded.patents,
        new_products = new_products + excluded.new_products,
        new_technologies = new_technologies + excluded.new_technologies,
        people_trained = people_trained + excluded.people_trained,
        needs_solved = needs_solved + excluded.needs_solved;
END;

CREATE TRIGGER service_record_totals_delete AFTER DELETE ON service_records WHEN old.deleted_at IS NULL BEGIN
    UPDATE service_record_totals SET
        records = records - 1,
        service_days = service_days - old.service_days,
        contract_amount_fen = contract_amount_fen - old.contract_amount_fen,
        investment_fen = investment_fen - old.investment_fen,
        policy_funds_fen = policy_funds_fen - old.policy_funds_fen,
        cost_saved_fen = cost_saved_fen - old.cost_saved_fen,
        output_value_fen = output_value_fen - old.output_value_fen,
        profit_tax_fen = profit_tax_fen - old.profit_tax_fen,
        patents = patents - old.patents,
        new_products = new_products - old.new_products,
        new_technologies = new_technologies - old.new_technologies,
        people_trained = people_trained - old.people_trained,
        needs_solved = needs_solved - old.needs_solved
    WHERE start_date = old.start_date AND service_type = old.service_type;
    DELETE FROM service_record_totals
    WHERE start_date = old.start_date AND service_type = old.service_type AND records = 0;
END;

-- An edit (every save sets all these columns), a soft delete (deleted_at set) or a restore (deleted_at cleared):
-- the old figures leave their day and type if the row was live, the new ones join theirs if it is live now.
CREATE TRIGGER service_record_totals_update
    AFTER UPDATE OF start_date, service_type, service_days, contract_amount_fen, investment_fen, policy_funds_fen,
        cost_saved_fen, output_value_fen, profit_tax_fen, patents, new_products, new_technologies, people_trained,
        needs_solved, deleted_at
    ON service_records
    WHEN old.deleted_at IS NULL OR new.deleted_at IS NULL
BEGIN
    UPDATE service_record_totals SET
        records = records - 1,
        service_days = service_days - old.service_days,
        contract_amount_fen = contract_amount_fen - old.contract_amount_fen,
        investment_fen = investment_fen - old.investment_fen,
        policy_funds_fen = policy_funds_fen - old.policy_funds_fen,
        cost_saved_fen = cost_saved_fen - old.cost_saved_fen,
        output_value_fen = output_value_fen - old.output_value_fen,
        profit_tax_fen = profit_tax_fen - old.profit_tax_fen,
        patents = patents - old.patents,
        new_products = new_products - old.new_products,
        new_technologies = new_technologies - old.new_technologies,
        people_trained = people_trained - old.people_trained,
        needs_solved = needs_solved - old.needs_solved
    WHERE old.deleted_at IS NULL AND start_date = old.start_date AND service_type = old.service_type;
    DELETE FROM service_record_totals
    WHERE start_date = old.start_date AND service_type = old.service_type AND records = 0;
    INSERT INTO service_record_totals
    SELECT new.start_date, new.service_type, 1, new.service_days, new.contract_amount_fen, new.investment_fen,
           new.policy_funds_fen, new.cost_saved_fen, new.output_value_fen, new.profit_tax_fen, new.patents,
           new.new_products, new.new_technologies, new.people_trained, new.needs_solved
    WHERE new.deleted_at IS NULL
    ON CONFLICT (start_date, service_type) DO UPDATE SET
        records = records + 1,
        service_days = service_days + excluded.service_days,
        contract_amount_fen = contract_amount_fen + excluded.contract_amount_fen,
        investment_fen = investment_fen + excluded.investment_fen,
        policy_funds_fen = policy_funds_fen + excluded.policy_funds_fen,
        cost_saved_fen = cost_saved_fen + excluded.cost_saved_fen,
        output_value_fen = output_value_fen + excluded.output_value_fen,
        profit_tax_fen = profit_tax_fen + excluded.profit_tax_fen,
        patents = patents + excluded.patents,
        new_products = new_products + excluded.new_products,
        new_technologies = new_technologies + excluded.new_technologies,
        people_trained = people_trained + excluded.people_trained,
        needs_solved = needs_solved + excluded.needs_solved;
END;

-- The ledger's sort orders over live records, ties broken by rowid (insertion order; the rowid is part of every
-- index, so these stay narrow: about 20 MB each for a million records). A filter by type or date walks the sort
-- index and tests the row; a filter by expert, enterprise or need seeks its own index (0001) and sorts the few rows.
CREATE INDEX service_records_live_start ON service_records (start_date) WHERE deleted_at IS NULL;
CREATE INDEX service_records_live_days ON service_records (service_days, start_date) WHERE deleted_at IS NULL;
CREATE INDEX service_records_live_contract ON service_records (contract_amount_fen, start_date)
    WHERE deleted_at IS NULL;

-- Search of the content (服务内容), like 0002's: an external-content FTS5 trigram index keyed by rowid, kept in step
-- by triggers (soft-deleted rows stay indexed; the list filters deleted_at). The same VACUUM rule holds: rebuild it
-- after anything that may renumber rowids.
CREATE VIRTUAL TABLE service_records_fts USING fts5(
    content, content = 'service_records', content_rowid = 'rowid', tokenize = 'trigram'
);
CREATE TRIGGER service_records_fts_insert AFTER INSERT ON service_records BEGIN
    INSERT INTO service_records_fts (rowid, content) VALUES (new.rowid, new.content);
END;
CREATE TRIGGER service_records_fts_delete AFTER DELETE ON service_records BEGIN
    INSERT INTO service_records_fts (service_records_fts, rowid, content) VALUES ('delete', old.rowid, old.content);
END;
CREATE TRIGGER service_records_fts_update AFTER UPDATE OF content ON service_records BEGIN
    INSERT INTO service_records_fts (service_records_fts, rowid, content) VALUES ('delete', old.rowid, old.content);
    INSERT INTO service_records_fts (rowid, content) VALUES (new.rowid, new.content);
END;
INSERT INTO service_records_fts (service_records_fts) VALUES ('rebuild');

-- The home page. Follow-ups: every live visit in enterprise and date order with its follow-up date, so counting
-- the pending follow-ups walks this index once and each "is there a later visit to the same enterprise" probe lands
-- on the entry beside it (a page just read); and the live follow-ups in the order the lists show them, so the first
-- 20 pending ones are found without sorting the day's follow-ups. Needs with no progress: live needs by the date of
-- their last stage change. Needs solved in a month: stage changes by target stage and day. deleted_at, NULL in every
-- entry of a partial index on "deleted_at IS NULL", is a column too, so SQLite sees these indexes as covering.
CREATE INDEX visits_live_enterprise_date ON visits (enterprise_id, visit_date, follow_up_date, deleted_at)
    WHERE deleted_at IS NULL;
CREATE INDEX visits_follow_ups ON visits (follow_up_date, visit_date, id, enterprise_id, deleted_at)
    WHERE follow_up_date IS NOT NULL AND deleted_at IS NULL;
-- Migration 0006's needs_live_changed (the needs list by stage date) gains deleted_at, so it covers the home page's
-- stale-needs count too.
DROP INDEX needs_live_changed;
CREATE INDEX needs_live_changed ON needs (stage_changed_on, id, stage, need_type, urgency, enterprise_id, deleted_at)
    WHERE deleted_at IS NULL;
CREATE INDEX need_stage_events_to_stage ON need_stage_events (to_stage, changed_on, need_id);
