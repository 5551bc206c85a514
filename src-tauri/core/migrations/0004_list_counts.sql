-- Schema version 4: exact list totals without counting rows, and pages that walk a covering index in sort order.
--
-- enterprise_counts holds, for every combination of the list's filter columns, how many live (not deleted)
-- enterprises have it. The triggers below keep it exact inside the same statement (so the same transaction) as any
-- insert, edit, soft delete, restore or purge; the enterprise list adds up the matching combinations instead of
-- counting index entries (100,000 enterprises: the unfiltered total went from about 6 ms to 0.3 ms, a filter on
-- 规模 alone from 160 ms), and a page can seek exactly the matching combinations. A key column cannot be NULL, so
-- NULL is kept as the integer 0, which no text equals (the columns are ANY: values keep their type).

CREATE TABLE enterprise_counts (
    province        ANY NOT NULL,
    city            ANY NOT NULL,
    county          ANY NOT NULL,
    size            ANY NOT NULL,
    industry        ANY NOT NULL,
    is_high_tech    INTEGER NOT NULL,
    is_tech_sme     INTEGER NOT NULL,
    is_specialized  INTEGER NOT NULL,
    live            INTEGER NOT NULL CHECK (live >= 0),   -- live enterprises with these values (rows at 0 removed)
    PRIMARY KEY (province, city, county, size, industry, is_high_tech, is_tech_sme, is_specialized)
) STRICT, WITHOUT ROWID;

INSERT INTO enterprise_counts
SELECT coalesce(province, 0), coalesce(city, 0), coalesce(county, 0), coalesce(size, 0), coalesce(industry, 0),
       is_high_tech, is_tech_sme, is_specialized, count(*)
FROM enterprises WHERE deleted_at IS NULL
GROUP BY 1, 2, 3, 4, 5, 6, 7, 8;

CREATE TRIGGER enterprise_counts_insert AFTER INSERT ON enterprises WHEN new.deleted_at IS NULL BEGIN
    INSERT INTO enterprise_counts
    VALUES (coalesce(new.province, 0), coalesce(new.city, 0), coalesce(new.county, 0), coalesce(new.size, 0),
            coalesce(new.industry, 0), new.is_high_tech, new.is_tech_sme, new.is_specialized, 1)
    ON CONFLICT (province, city, county, size, industry, is_high_tech, is_tech_sme, is_specialized)
        DO UPDATE SET live = live + 1;
END;

CREATE TRIGGER enterprise_counts_delete AFTER DELETE ON enterprises WHEN old.deleted_at IS NULL BEGIN
    UPDATE enterprise_counts SET live = live - 1
    WHERE province = coalesce(old.province, 0) AND city = coalesce(old.city, 0)
        AND county = coalesce(old.county, 0) AND size = coalesce(old.size, 0)
        AND industry = coalesce(old.industry, 0) AND is_high_tech = old.is_high_tech
        AND is_tech_sme = old.is_tech_sme AND is_specialized = old.is_specialized;
    DELETE FROM enterprise_counts
    WHERE province = coalesce(old.province, 0) AND city = coalesce(old.city, 0)
        AND county = coalesce(old.county, 0) AND size = coalesce(old.size, 0)
        AND industry = coalesce(old.industry, 0) AND is_high_tech = old.is_high_tech
        AND is_tech_sme = old.is_tech_sme AND is_specialized = old.is_specialized AND live = 0;
END;

-- An edit of a filter column, a soft delete (deleted_at set) or a restore (deleted_at cleared): the old values
-- leave their combination if the row was live, the new ones join theirs if it is live now. Edits that change none of
-- these columns (every save sets them all) do nothing.
CREATE TRIGGER enterprise_counts_update
    AFTER UPDATE OF province, city, county, size, industry, is_high_tech, is_tech_sme, is_specialized, deleted_at
    ON enterprises
    WHEN (old.deleted_at IS NULL OR new.deleted_at IS NULL)
        AND ((old.deleted_at IS NULL) <> (new.deleted_at IS NULL) OR old.province IS NOT new.province
            OR old.city IS NOT new.city OR old.county IS NOT new.county OR old.size IS NOT new.size
            OR old.industry IS NOT new.industry OR old.is_high_tech IS NOT new.is_high_tech
            OR old.is_tech_sme IS NOT new.is_tech_sme OR old.is_specialized IS NOT new.is_specialized)
BEGIN
    UPDATE enterprise_counts SET live = live - 1
    WHERE old.deleted_at IS NULL
        AND province = coalesce(old.province, 0) AND city = coalesce(old.city, 0)
        AND county = coalesce(old.county, 0) AND size = coalesce(old.size, 0)
        AND industry = coalesce(old.industry, 0) AND is_high_tech = old.is_high_tech
        AND is_tech_sme = old.is_tech_sme AND is_specialized = old.is_specialized;
    DELETE FROM enterprise_counts
    WHERE province = coalesce(old.province, 0) AND city = coalesce(old.city, 0)
        AND county = coalesce(old.county, 0) AND size = coalesce(old.size, 0)
        AND industry = coalesce(old.industry, 0) AND is_high_tech = old.is_high_tech
        AND is_tech_sme = old.is_tech_sme AND is_specialized = old.is_specialized AND live = 0;
    INSERT INTO enterprise_counts
    SELECT coalesce(new.province, 0), coalesce(new.city, 0), coalesce(new.county, 0), coalesce(new.size, 0),
           coalesce(new.industry, 0), new.is_high_tech, new.is_tech_sme, new.is_specialized, 1
    WHERE new.deleted_at IS NULL
    ON CONFLICT (province, city, county, size, industry, is_high_tech, is_tech_sme, is_specialized)
        DO UPDATE SET live = live + 1;
END;

-- Sort-order indexes that also carry every filter column, so a page can walk live rows in the order asked and test
-- the filters on the index entries, stopping after the page instead of sorting every match. Names and credit codes
-- cluster by region (names start with the city, credit codes contain the division code), so a province filter walks
-- the province-led pair; city and county filters seek enterprises_live_filters, which now carries every sort column.
-- A credit code is unique, so its indexes need no id to break ties.
DROP INDEX enterprises_live_filters;
DROP INDEX enterprises_live_updated;
DROP INDEX enterprises_live_name;
CREATE INDEX enterprises_live_filters ON enterprises
    (province, city, county, size, industry, is_high_tech, is_tech_sme, is_specialized, name, updated_at, credit_code,
     id)
    WHERE deleted_at IS NULL;
CREATE INDEX enterprises_live_updated ON enterprises
    (updated_at, id, province, city, county, size, industry, is_high_tech, is_tech_sme, is_specialized)
    WHERE deleted_at IS NULL;
CREATE INDEX enterprises_live_name ON enterprises
    (name, id, province, city, county, size, industry, is_high_tech, is_tech_sme, is_specialized)
    WHERE deleted_at IS NULL;
CREATE INDEX enterprises_live_credit_code ON enterprises
    (credit_code, province, city, county, size, industry, is_high_tech, is_tech_sme, is_specialized)
    WHERE deleted_at IS NULL;
CREATE INDEX enterprises_live_province_name ON enterprises
    (province, name, id, city, county, size, industry, is_high_tech, is_tech_sme, is_specialized)
    WHERE deleted_at IS NULL;
CREATE INDEX enterprises_live_province_credit_code ON enterprises
    (province, credit_code, city, county, size, industry, is_high_tech, is_tech_sme, is_specialized)
    WHERE deleted_at IS NULL;

-- The recycle bin's enterprises, so a search total can take the few deleted matches away from the FTS count
-- instead of reading every matching row.
CREATE INDEX enterprises_in_bin ON enterprises (deleted_at) WHERE deleted_at IS NOT NULL;
