-- Schema version 13: 年度考核 (issue 14) — assessment periods with the scheme they are assessed by, and per expert
-- and period the 加分/扣分 entries, 自评, 派出单位意见 and the stored final result (docs/ASSESSMENT.md).
--
-- These tables are the ledger's own: exchange packages do not carry them (each ledger assesses its experts).
-- Rows of an expert go with the expert when it is purged (ON DELETE CASCADE), and a period's rows with the period.

-- A period: named, any first and last day (periods may overlap), and a JSON copy of the scheme (考核办法) it is
-- assessed by, taken from 设置 when the period was made, so its results stay explainable after 设置 changes.
CREATE TABLE assessment_periods (
    id          TEXT PRIMARY KEY,
    name        TEXT NOT NULL,
    start_date  TEXT NOT NULL,
    end_date    TEXT NOT NULL,
    scheme_json TEXT NOT NULL,
    created_at  TEXT NOT NULL,
    updated_at  TEXT NOT NULL,
    revision    INTEGER NOT NULL DEFAULT 1,
    CHECK (end_date >= start_date)
) STRICT;
CREATE UNIQUE INDEX assessment_periods_name ON assessment_periods (name);

-- One expert in one period: 自评, 派出单位意见 and, once graded, the final result as computed then (grade and total
-- as columns for sorting, the whole result — each item's figure and points, the adjustments — as JSON).
CREATE TABLE assessment_experts (
    id              TEXT PRIMARY KEY,
    period_id       TEXT NOT NULL REFERENCES assessment_periods (id) ON DELETE CASCADE,
    expert_id       TEXT NOT NULL REFERENCES experts (id) ON DELETE CASCADE,
    self_review     TEXT,
    unit_opinion    TEXT,
    grade           TEXT CHECK (grade IS NULL OR grade IN ('excellent', 'good', 'pass', 'fail')),
    total           REAL CHECK (total IS NULL OR total BETWEEN 0 AND 100),
    result_json     TEXT,
    graded_at       TEXT,
    created_at      TEXT NOT NULL,
    updated_at      TEXT NOT NULL,
    revision        INTEGER NOT NULL DEFAULT 1,
    UNIQUE (period_id, expert_id),
    CHECK ((grade IS NULL) = (result_json IS NULL))
) STRICT;
CREATE INDEX assessment_experts_expert ON assessment_experts (expert_id);

-- 加分/扣分: points (positive or negative, never 0) and the reason, each entry on its own.
CREATE TABLE assessment_adjustments (
    id          TEXT PRIMARY KEY,
    period_id   TEXT NOT NULL REFERENCES assessment_periods (id) ON DELETE CASCADE,
    expert_id   TEXT NOT NULL REFERENCES experts (id) ON DELETE CASCADE,
    points      REAL NOT NULL CHECK (points <> 0),
    reason      TEXT NOT NULL CHECK (length(reason) > 0),
    created_at  TEXT NOT NULL
) STRICT;
CREATE INDEX assessment_adjustments_period ON assessment_adjustments (period_id, expert_id);
CREATE INDEX assessment_adjustments_expert ON assessment_adjustments (expert_id);
