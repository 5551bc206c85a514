-- Schema version 1: the whole data model of PRODUCT.md.
-- Conventions: ids are UUIDv7 text made in Rust; timestamps are UTC RFC 3339 text made in Rust; date-only fields are
-- ISO YYYY-MM-DD text; money is INTEGER fen (1/100 yuan), exact; deleted_at set = in the recycle bin; revision counts
-- the edits of a row (for merging the data of several coordinators).

CREATE TABLE organizations (            -- 派出单位 dispatching organisations
    id          TEXT PRIMARY KEY,
    name        TEXT NOT NULL,
    kind        TEXT NOT NULL CHECK (kind IN ('university', 'institute', 'enterprise', 'other')),
    region      TEXT,
    notes       TEXT,
    created_at  TEXT NOT NULL,
    updated_at  TEXT NOT NULL,
    deleted_at  TEXT,
    revision    INTEGER NOT NULL DEFAULT 1
) STRICT;
CREATE UNIQUE INDEX organizations_name ON organizations (name);

CREATE TABLE batches (                  -- 批次
    id          TEXT PRIMARY KEY,
    name        TEXT NOT NULL,
    year        INTEGER,
    start_date  TEXT,
    end_date    TEXT,
    notes       TEXT,
    created_at  TEXT NOT NULL,
    updated_at  TEXT NOT NULL,
    deleted_at  TEXT,
    revision    INTEGER NOT NULL DEFAULT 1
) STRICT;
CREATE UNIQUE INDEX batches_name ON batches (name);

CREATE TABLE experts (                  -- 科技专员
    id              TEXT PRIMARY KEY,
    name            TEXT NOT NULL,
    gender          TEXT CHECK (gender IN ('male', 'female')),
    birth_month     TEXT,               -- YYYY-MM
    education       TEXT CHECK (education IN ('doctorate', 'master', 'bachelor', 'associate', 'other')),
    title           TEXT NOT NULL CHECK (title IN ('senior', 'associate_senior', 'intermediate', 'junior', 'other')),
    organization_id TEXT REFERENCES organizations (id),
    position        TEXT,
    discipline      TEXT,
    specialties     TEXT NOT NULL DEFAULT '[]',   -- JSON array of tags
    phone           TEXT,               -- normalised: 11-digit mobile or area code-number
    email           TEXT,
    id_card         TEXT,               -- 身份证号, sensitive: masked in lists and exports
    service_form    TEXT CHECK (service_form IN ('stationed', 'part_time', 'cooperation')),
    batch_id        TEXT REFERENCES batches (id),
    service_start   TEXT,
    service_end     TEXT,
    status          TEXT NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'paused', 'ended')),
    notes           TEXT,
    created_at      TEXT NOT NULL,
    updated_at      TEXT NOT NULL,
    deleted_at      TEXT,
    revision        INTEGER NOT NULL DEFAULT 1
) STRICT;
CREATE INDEX experts_name ON experts (name);
CREATE INDEX experts_organization ON experts (organization_id);
CREATE INDEX experts_batch ON experts (batch_id);
CREATE INDEX experts_updated ON experts (updated_at);

CREATE TABLE enterprises (              -- 服务企业
    id                      TEXT PRIMARY KEY,
    name                    TEXT NOT NULL,
    credit_code             TEXT NOT NULL,  -- 统一社会信用代码, the duplicate key
    credit_code_override    TEXT,           -- reason recorded when a failing check digit was accepted
    province                TEXT,
    city                    TEXT,
    county                  TEXT,
    region_code             TEXT,           -- administrative division code of the most precise level known
    address                 TEXT,
    legal_representative    TEXT,
    industry                TEXT CHECK (industry IS NULL OR (length(industry) = 1 AND industry BETWEEN 'A' AND 'T')),
    main_products           TEXT,
    size                    TEXT CHECK (size IN ('large', 'medium', 'small', 'micro')),
    is_high_tech            INTEGER NOT NULL DEFAULT 0 CHECK (is_high_tech IN (0, 1)),       -- 高新技术企业
    is_tech_sme             INTEGER NOT NULL DEFAULT 0 CHECK (is_tech_sme IN (0, 1)),        -- 科技型中小企业
    is_specialized          INTEGER NOT NULL DEFAULT 0 CHECK (is_specialized IN (0, 1)),     -- 专精特新
    notes                   TEXT,
    created_at              TEXT NOT NULL,
    updated_at              TEXT NOT NULL,
    deleted_at              TEXT,
    revision                INTEGER NOT NULL DEFAULT 1
) STRICT;
CREATE UNIQUE INDEX enterprises_credit_code ON enterprises (credit_code);
CREATE INDEX enterprises_name ON enterprises (name);
CREATE INDEX enterprises_region ON enterprises (province, city, county);

CREATE TABLE enterprise_contacts (      -- 企业联系人
    id              TEXT PRIMARY KEY,
    enterprise_id   TEXT NOT NULL REFERENCES enterprises (id),
    name            TEXT NOT NULL,
    position        TEXT,
    phone           TEXT,
    email           TEXT,
    is_primary      INTEGER NOT NULL DEFAULT 0 CHECK (is_primary IN (0, 1)),
    created_at      TEXT NOT NULL,
    updated_at      TEXT NOT NULL,
    deleted_at      TEXT,
    revision        INTEGER NOT NULL DEFAULT 1
) STRICT;
CREATE INDEX enterprise_contacts_enterprise ON enterprise_contacts (enterprise_id);
CREATE UNIQUE INDEX enterprise_contacts_one_primary ON enterprise_contacts (enterprise_id)
    WHERE is_primary = 1 AND deleted_at IS NULL;

CREATE TABLE assignments (              -- 派驻/结对
    id                  TEXT PRIMARY KEY,
    expert_id           TEXT NOT NULL REFERENCES experts (id),
    enterprise_id       TEXT NOT NULL REFERENCES enterprises (id),
    batch_id            TEXT REFERENCES batches (id),
    start_date          TEXT NOT NULL,
    end_date            TEXT,
    agreement_signed    INTEGER NOT NULL DEFAULT 0 CHECK (agreement_signed IN (0, 1)),   -- 三方协议
    notes               TEXT,
    created_at          TEXT NOT NULL,
    updated_at          TEXT NOT NULL,
    deleted_at          TEXT,
    revision            INTEGER NOT NULL DEFAULT 1,
    CHECK (end_date IS NULL OR end_date >= start_date)
) STRICT;
CREATE INDEX assignments_expert ON assignments (expert_id);
CREATE INDEX assignments_enterprise ON assignments (enterprise_id);

CREATE TABLE visits (                   -- 走访
    id              TEXT PRIMARY KEY,
    enterprise_id   TEXT NOT NULL REFERENCES enterprises (id),
    visit_date      TEXT NOT NULL,
    mode            TEXT NOT NULL CHECK (mode IN ('on_site', 'online', 'phone')),
    purpose         TEXT,
    findings        TEXT,
    next_step       TEXT,
    follow_up_date  TEXT,
    notes           TEXT,
    created_at      TEXT NOT NULL,
    updated_at      TEXT NOT NULL,
    deleted_at      TEXT,
    revision        INTEGER NOT NULL DEFAULT 1
) STRICT;
CREATE INDEX visits_enterprise ON visits (enterprise_id);
CREATE INDEX visits_date ON visits (visit_date);
CREATE INDEX visits_follow_up ON visits (follow_up_date) WHERE follow_up_date IS NOT NULL;

CREATE TABLE visit_experts (            -- participants of a visit
    visit_id    TEXT NOT NULL REFERENCES visits (id),
    expert_id   TEXT NOT NULL REFERENCES experts (id),
    PRIMARY KEY (visit_id, expert_id)
) STRICT, WITHOUT ROWID;
CREATE INDEX visit_experts_expert ON visit_experts (expert_id);

CREATE TABLE needs (                    -- 技术需求
    id                  TEXT PRIMARY KEY,
    enterprise_id       TEXT NOT NULL REFERENCES enterprises (id),
    visit_id            TEXT REFERENCES visits (id),
    source              TEXT NOT NULL CHECK (source IN ('visit', 'self_reported', 'other')),
    title               TEXT NOT NULL,
    original_text       TEXT,           -- the enterprise's own wording, kept as written
    refined_problem     TEXT,           -- 凝练: problem
    refined_key_tech    TEXT,           -- 凝练: key technology
    refined_target      TEXT,           -- 凝练: target
    need_type           TEXT NOT NULL CHECK (need_type IN ('tech_breakthrough', 'process_improvement',
                            'product_development', 'result_transfer', 'talent', 'other')),
    discipline          TEXT,
    budget_fen          INTEGER CHECK (budget_fen IS NULL OR budget_fen >= 0),
    urgency             TEXT NOT NULL DEFAULT 'normal' CHECK (urgency IN ('low', 'normal', 'high')),
    stage               TEXT NOT NULL CHECK (stage IN ('discovered', 'refined', 'matched', 'solving', 'solved',
                            'shelved', 'merged')),
    stage_changed_on    TEXT NOT NULL,  -- date of the last stage change
    merged_into_id      TEXT REFERENCES needs (id),
    created_at          TEXT NOT NULL,
    updated_at          TEXT NOT NULL,
    deleted_at          TEXT,
    revision            INTEGER NOT NULL DEFAULT 1,
    CHECK ((stage = 'merged') = (merged_into_id IS NOT NULL))
) STRICT;
CREATE INDEX needs_enterprise ON needs (enterprise_id);
CREATE INDEX needs_stage ON needs (stage, stage_changed_on);
CREATE INDEX needs_visit ON needs (visit_id) WHERE visit_id IS NOT NULL;

CREATE TABLE need_stage_events (        -- every stage change of a need
    id          TEXT PRIMARY KEY,
    need_id     TEXT NOT NULL REFERENCES needs (id),
    from_stage  TEXT,
    to_stage    TEXT NOT NULL,
    changed_on  TEXT NOT NULL,
    note        TEXT,
    created_at  TEXT NOT NULL
) STRICT;
CREATE INDEX need_stage_events_need ON need_stage_events (need_id, changed_on);

CREATE TABLE need_matches (             -- experts matched to a need
    id          TEXT PRIMARY KEY,
    need_id     TEXT NOT NULL REFERENCES needs (id),
    expert_id   TEXT NOT NULL REFERENCES experts (id),
    method      TEXT NOT NULL CHECK (method IN ('recommended', 'claimed', 'assigned')),  -- 推荐/认领/指派
    matched_on  TEXT NOT NULL,
    notes       TEXT,
    created_at  TEXT NOT NULL,
    updated_at  TEXT NOT NULL,
    deleted_at  TEXT,
    revision    INTEGER NOT NULL DEFAULT 1
) STRICT;
CREATE INDEX need_matches_need ON need_matches (need_id);
CREATE INDEX need_matches_expert ON need_matches (expert_id);

CREATE TABLE service_records (          -- 服务记录, with the outcomes (成效) of this record
    id                  TEXT PRIMARY KEY,
    expert_id           TEXT NOT NULL REFERENCES experts (id),
    enterprise_id       TEXT NOT NULL REFERENCES enterprises (id),
    need_id             TEXT REFERENCES needs (id),
    start_date          TEXT NOT NULL,
    end_date            TEXT NOT NULL,
    service_days        REAL NOT NULL CHECK (service_days > 0),
    service_type        TEXT NOT NULL CHECK (service_type IN ('consulting', 'tech_breakthrough', 'result_transfer',
                            'talent_training', 'project_application', 'policy_briefing', 'training', 'other')),
    content             TEXT,
    outcome_summary     TEXT,
    contract_amount_fen INTEGER NOT NULL DEFAULT 0 CHECK (contract_amount_fen >= 0),   -- 合同金额
    investment_fen      INTEGER NOT NULL DEFAULT 0 CHECK (investment_fen >= 0),        -- 投资额
    policy_funds_fen    INTEGER NOT NULL DEFAULT 0 CHECK (policy_funds_fen >= 0),      -- 政策资金
    cost_saved_fen      INTEGER NOT NULL DEFAULT 0 CHECK (cost_saved_fen >= 0),        -- 降本
    output_value_fen    INTEGER NOT NULL DEFAULT 0 CHECK (output_value_fen >= 0),      -- 产值
    profit_tax_fen      INTEGER NOT NULL DEFAULT 0 CHECK (profit_tax_fen >= 0),        -- 利税
    patents             INTEGER NOT NULL DEFAULT 0 CHECK (patents >= 0),
    new_products        INTEGER NOT NULL DEFAULT 0 CHECK (new_products >= 0),
    new_technologies    INTEGER NOT NULL DEFAULT 0 CHECK (new_technologies >= 0),
    people_trained      INTEGER NOT NULL DEFAULT 0 CHECK (people_trained >= 0),        -- 培训人次
    needs_solved        INTEGER NOT NULL DEFAULT 0 CHECK (needs_solved >= 0),
    created_at          TEXT NOT NULL,
    updated_at          TEXT NOT NULL,
    deleted_at          TEXT,
    revision            INTEGER NOT NULL DEFAULT 1,
    CHECK (end_date >= start_date)
) STRICT;
CREATE INDEX service_records_expert ON service_records (expert_id, start_date);
CREATE INDEX service_records_enterprise ON service_records (enterprise_id);
CREATE INDEX service_records_start ON service_records (start_date);
CREATE INDEX service_records_need ON service_records (need_id) WHERE need_id IS NOT NULL;

CREATE TABLE attachments (              -- files copied into the data folder, owned by a visit or a service record
    id              TEXT PRIMARY KEY,
    owner_kind      TEXT NOT NULL CHECK (owner_kind IN ('visit', 'service_record')),
    owner_id        TEXT NOT NULL,
    file_name       TEXT NOT NULL,      -- the name the user saw
    stored_path     TEXT NOT NULL,      -- relative to the data folder
    size_bytes      INTEGER NOT NULL CHECK (size_bytes >= 0),
    sha256          TEXT NOT NULL,
    mime            TEXT,
    created_at      TEXT NOT NULL,
    deleted_at      TEXT
) STRICT;
CREATE INDEX attachments_owner ON attachments (owner_kind, owner_id);

CREATE TABLE audit_log (                -- who/when/what for every change
    id          TEXT PRIMARY KEY,
    at          TEXT NOT NULL,
    actor       TEXT NOT NULL,
    action      TEXT NOT NULL CHECK (action IN ('create', 'update', 'delete', 'restore', 'purge', 'import')),
    entity      TEXT NOT NULL,
    entity_id   TEXT NOT NULL,
    before_json TEXT,
    after_json  TEXT
) STRICT;
CREATE INDEX audit_log_entity ON audit_log (entity, entity_id, at);

CREATE TABLE settings (                 -- 设置: 填报单位, 填报人 and the like
    key     TEXT PRIMARY KEY,
    value   TEXT NOT NULL
) STRICT;
