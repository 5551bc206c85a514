-- Schema version 8: the statistics of a period (统计导出 page, summary workbook) without reading a year of service
-- records one by one.
--
-- service_record_months holds, for every calendar month, expert and enterprise, how many live (not deleted) service
-- records start in that month and the sums of their days and outcomes, with the enterprise's region;
-- service_record_years holds the same for every calendar year. The triggers below keep both exact inside the same
-- statement (so the same transaction) as any insert, edit, soft delete, restore or purge of a record, and as any
-- change of an enterprise's region, like the per-day totals of migration 0007. Each row carries what the scope by
-- unit, batch and region and the figures per expert, unit and region need, so no enterprise has to be looked up.
-- A year of everything reads the year's rows (large sample: 64,000 for 340,000 records; its months come from the
-- per-day totals), any other period or scope the rows of its whole months (104,000 for that year), and a period
-- that starts or ends inside a month the records of those partial months directly. Integer sums are exact; days are
-- multiples of 0.5, which a REAL sums exactly.

CREATE TABLE service_record_months (
    month               TEXT NOT NULL,      -- YYYY-MM of start_date
    expert_id           TEXT NOT NULL,
    enterprise_id       TEXT NOT NULL,
    province            TEXT,               -- the enterprise's region, as on the enterprise
    city                TEXT,
    county              TEXT,
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
    PRIMARY KEY (month, expert_id, enterprise_id)
) STRICT, WITHOUT ROWID;
CREATE INDEX service_record_months_enterprise ON service_record_months (enterprise_id);

-- Filled by summing the records first and looking up the enterprise of each sum (a third as many lookups).
INSERT INTO service_record_months
SELECT g.month, g.expert_id, g.enterprise_id, n.province, n.city, n.county, g.records, g.service_days,
       g.contract_amount_fen, g.investment_fen, g.policy_funds_fen, g.cost_saved_fen, g.output_value_fen,
       g.profit_tax_fen, g.patents, g.new_products, g.new_technologies, g.people_trained, g.needs_solved
FROM (SELECT substr(start_date, 1, 7) AS month, expert_id, enterprise_id, count(*) AS records,
             total(service_days) AS service_days, sum(contract_amount_fen) AS contract_amount_fen,
             sum(investment_fen) AS investment_fen, sum(policy_funds_fen) AS policy_funds_fen,
             sum(cost_saved_fen) AS cost_saved_fen, sum(output_value_fen) AS output_value_fen,
             sum(profit_tax_fen) AS profit_tax_fen, sum(patents) AS patents, sum(new_products) AS new_products,
             sum(new_technologies) AS new_technologies, sum(people_trained) AS people_trained,
             sum(needs_solved) AS needs_solved
      FROM service_records WHERE deleted_at IS NULL
      GROUP BY substr(start_date, 1, 7), expert_id, enterprise_id) g
JOIN enterprises n ON n.id = g.enterprise_id;

CREATE TRIGGER service_record_months_insert AFTER INSERT ON service_records WHEN new.deleted_at IS NULL BEGIN
    INSERT INTO service_record_months
    SELECT substr(new.start_date, 1, 7), new.expert_id, new.enterprise_id, n.province, n.city, n.county, 1,
           new.service_days, new.contract_amount_fen, new.investment_fen, new.policy_funds_fen, new.cost_saved_fen,
           new.output_value_fen, new.profit_tax_fen, new.patents, new.new_products, new.new_technologies,
           new.people_trained, new.needs_solved
    FROM enterprises n WHERE n.id = new.enterprise_id
    ON CONFLICT (month, expert_id, enterprise_id) DO UPDATE SET
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

CREATE TRIGGER service_record_months_delete AFTER DELETE ON service_records WHEN old.deleted_at IS NULL BEGIN
    UPDATE service_record_months SET
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
    WHERE month = substr(old.start_date, 1, 7) AND expert_id = old.expert_id AND enterprise_id = old.enterprise_id;
    DELETE FROM service_record_months
    WHERE month = substr(old.start_date, 1, 7) AND expert_id = old.expert_id AND enterprise_id = old.enterprise_id
        AND records = 0;
END;

-- An edit (every save sets all these columns), a soft delete (deleted_at set) or a restore (deleted_at cleared):
-- the old figures leave their YYYY-MM, expert and enterprise if the row was live, the new ones join theirs if it is
-- live now.
CREATE TRIGGER service_record_months_update
    AFTER UPDATE OF start_date, expert_id, enterprise_id, service_days, contract_amount_fen, investment_fen,
        policy_funds_fen, cost_saved_fen, output_value_fen, profit_tax_fen, patents, new_products, new_technologies,
        people_trained, needs_solved, deleted_at
    ON service_records
    WHEN old.deleted_at IS NULL OR new.deleted_at IS NULL
BEGIN
    UPDATE service_record_months SET
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
    WHERE month = substr(old.start_date, 1, 7) AND expert_id = old.expert_id AND enterprise_id = old.enterprise_id
        AND old.deleted_at IS NULL;
    DELETE FROM service_record_months
    WHERE month = substr(old.start_date, 1, 7) AND expert_id = old.expert_id AND enterprise_id = old.enterprise_id
        AND records = 0;
    INSERT INTO service_record_months
    SELECT substr(new.start_date, 1, 7), new.expert_id, new.enterprise_id, n.province, n.city, n.county, 1,
           new.service_days, new.contract_amount_fen, new.investment_fen, new.policy_funds_fen, new.cost_saved_fen,
           new.output_value_fen, new.profit_tax_fen, new.patents, new.new_products, new.new_technologies,
           new.people_trained, new.needs_solved
    FROM enterprises n WHERE n.id = new.enterprise_id AND new.deleted_at IS NULL
    ON CONFLICT (month, expert_id, enterprise_id) DO UPDATE SET
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

-- An enterprise's new region reaches the sums of its records.
CREATE TRIGGER service_record_months_region AFTER UPDATE OF province, city, county ON enterprises
    WHEN old.province IS NOT new.province OR old.city IS NOT new.city OR old.county IS NOT new.county
BEGIN
    UPDATE service_record_months SET province = new.province, city = new.city, county = new.county
    WHERE enterprise_id = new.id;
END;

CREATE TABLE service_record_years (
    year                TEXT NOT NULL,      -- YYYY of start_date
    expert_id           TEXT NOT NULL,
    enterprise_id       TEXT NOT NULL,
    province            TEXT,               -- the enterprise's region, as on the enterprise
    city                TEXT,
    county              TEXT,
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
    PRIMARY KEY (year, expert_id, enterprise_id)
) STRICT, WITHOUT ROWID;
CREATE INDEX service_record_years_enterprise ON service_record_years (enterprise_id);

-- Filled from the per-month sums (their region is the enterprise's in every month).
INSERT INTO service_record_years
SELECT substr(month, 1, 4), expert_id, enterprise_id, province, city, county, sum(records), total(service_days),
       sum(contract_amount_fen), sum(investment_fen), sum(policy_funds_fen), sum(cost_saved_fen),
       sum(output_value_fen), sum(profit_tax_fen), sum(patents), sum(new_products), sum(new_technologies),
       sum(people_trained), sum(needs_solved)
FROM service_record_months
GROUP BY substr(month, 1, 4), expert_id, enterprise_id;

CREATE TRIGGER service_record_years_insert AFTER INSERT ON service_records WHEN new.deleted_at IS NULL BEGIN
    INSERT INTO service_record_years
    SELECT substr(new.start_date, 1, 4), new.expert_id, new.enterprise_id, n.province, n.city, n.county, 1,
           new.service_days, new.contract_amount_fen, new.investment_fen, new.policy_funds_fen, new.cost_saved_fen,
           new.output_value_fen, new.profit_tax_fen, new.patents, new.new_products, new.new_technologies,
           new.people_trained, new.needs_solved
    FROM enterprises n WHERE n.id = new.enterprise_id
    ON CONFLICT (year, expert_id, enterprise_id) DO UPDATE SET
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

CREATE TRIGGER service_record_years_delete AFTER DELETE ON service_records WHEN old.deleted_at IS NULL BEGIN
    UPDATE service_record_years SET
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
    WHERE year = substr(old.start_date, 1, 4) AND expert_id = old.expert_id AND enterprise_id = old.enterprise_id;
    DELETE FROM service_record_years
    WHERE year = substr(old.start_date, 1, 4) AND expert_id = old.expert_id AND enterprise_id = old.enterprise_id
        AND records = 0;
END;

-- An edit (every save sets all these columns), a soft delete (deleted_at set) or a restore (deleted_at cleared):
-- the old figures leave their YYYY, expert and enterprise if the row was live, the new ones join theirs if it is
-- live now.
CREATE TRIGGER service_record_years_update
    AFTER UPDATE OF start_date, expert_id, enterprise_id, service_days, contract_amount_fen, investment_fen,
        policy_funds_fen, cost_saved_fen, output_value_fen, profit_tax_fen, patents, new_products, new_technologies,
        people_trained, needs_solved, deleted_at
    ON service_records
    WHEN old.deleted_at IS NULL OR new.deleted_at IS NULL
BEGIN
    UPDATE service_record_years SET
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
    WHERE year = substr(old.start_date, 1, 4) AND expert_id = old.expert_id AND enterprise_id = old.enterprise_id
        AND old.deleted_at IS NULL;
    DELETE FROM service_record_years
    WHERE year = substr(old.start_date, 1, 4) AND expert_id = old.expert_id AND enterprise_id = old.enterprise_id
        AND records = 0;
    INSERT INTO service_record_years
    SELECT substr(new.start_date, 1, 4), new.expert_id, new.enterprise_id, n.province, n.city, n.county, 1,
           new.service_days, new.contract_amount_fen, new.investment_fen, new.policy_funds_fen, new.cost_saved_fen,
           new.output_value_fen, new.profit_tax_fen, new.patents, new.new_products, new.new_technologies,
           new.people_trained, new.needs_solved
    FROM enterprises n WHERE n.id = new.enterprise_id AND new.deleted_at IS NULL
    ON CONFLICT (year, expert_id, enterprise_id) DO UPDATE SET
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

-- An enterprise's new region reaches the sums of its records.
CREATE TRIGGER service_record_years_region AFTER UPDATE OF province, city, county ON enterprises
    WHEN old.province IS NOT new.province OR old.city IS NOT new.city OR old.county IS NOT new.county
BEGIN
    UPDATE service_record_years SET province = new.province, city = new.city, county = new.county
    WHERE enterprise_id = new.id;
END;

-- Indexes the other figures of a period read instead of the (wide) rows, each carrying every column its query
-- reads (deleted_at too, NULL in every entry of a partial index on "deleted_at IS NULL", so that SQLite sees them
-- as covering):
-- - the visits of a period with their enterprise, in date order;
-- - the needs created up to a day with their current stage and its date (0006's needs_live_created gains
--   stage_changed_on and deleted_at);
-- - the stage of a need at a day before its last change: its last stage change on or before the day, the one
--   entered later among changes of one day (this replaces 0001's need_stage_events_need, a prefix of it);
-- - a live need's enterprise by id, and its live matches by need;
-- - the experts matched in a period;
-- - the region of an enterprise by id, and the enterprises of a region (a scan of this narrow index instead of the
--   table), in the recycle bin or not: a live record of an enterprise in the bin still counts.
CREATE INDEX visits_live_date_enterprise ON visits (visit_date, enterprise_id, id, deleted_at) WHERE deleted_at IS NULL;
DROP INDEX needs_live_created;
CREATE INDEX needs_live_created
    ON needs (created_at, id, stage, need_type, urgency, enterprise_id, stage_changed_on, deleted_at)
    WHERE deleted_at IS NULL;
DROP INDEX need_stage_events_need;
CREATE INDEX need_stage_events_history ON need_stage_events (need_id, changed_on, created_at, id, to_stage);
CREATE INDEX needs_live_id ON needs (id, enterprise_id, deleted_at) WHERE deleted_at IS NULL;
CREATE INDEX need_matches_live_need ON need_matches (need_id, expert_id, deleted_at) WHERE deleted_at IS NULL;
CREATE INDEX need_matches_live_matched ON need_matches (matched_on, need_id, expert_id, deleted_at)
    WHERE deleted_at IS NULL;
CREATE INDEX enterprises_regions ON enterprises (id, province, city, county);
