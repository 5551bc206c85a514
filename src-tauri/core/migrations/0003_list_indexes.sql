-- Schema version 3: partial indexes over the live (not deleted) enterprises, so the list can filter, count and sort
-- them without reading the table rows (measured on 100,000 enterprises: a province + size count went from about
-- 150 ms to under 10 ms). The list's WHERE always starts with `deleted_at IS NULL`, which lets SQLite use them.

DROP INDEX enterprises_region;
DROP INDEX enterprises_updated;
CREATE INDEX enterprises_live_filters ON enterprises
    (province, city, county, size, industry, is_high_tech, is_tech_sme, is_specialized, name, id)
    WHERE deleted_at IS NULL;
CREATE INDEX enterprises_live_updated ON enterprises (updated_at, id) WHERE deleted_at IS NULL;
CREATE INDEX enterprises_live_name ON enterprises (name, id) WHERE deleted_at IS NULL;
