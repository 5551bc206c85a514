-- Schema version 2: substring search and the similar-name key of enterprises.
--
-- FTS5 trigram indexes as EXTERNAL-CONTENT tables: the text stays only in experts/enterprises (no second copy of
-- 100,000 names and addresses), the index is keyed by the rowid of the source row, and triggers keep it in step.
-- Updates and deletes of the index are by rowid, so a save stays fast. The source tables have implicit rowids: a
-- plain VACUUM could renumber them, so the app never runs one without `INSERT INTO x_fts(x_fts) VALUES('rebuild')`
-- after it. Soft-deleted rows stay indexed (the lists filter deleted_at themselves); purged rows leave the index.

CREATE VIRTUAL TABLE experts_fts USING fts5(
    name, discipline, specialties, position, phone,
    content = 'experts', content_rowid = 'rowid', tokenize = 'trigram'
);
CREATE TRIGGER experts_fts_insert AFTER INSERT ON experts BEGIN
    INSERT INTO experts_fts (rowid, name, discipline, specialties, position, phone)
    VALUES (new.rowid, new.name, new.discipline, new.specialties, new.position, new.phone);
END;
CREATE TRIGGER experts_fts_delete AFTER DELETE ON experts BEGIN
    INSERT INTO experts_fts (experts_fts, rowid, name, discipline, specialties, position, phone)
    VALUES ('delete', old.rowid, old.name, old.discipline, old.specialties, old.position, old.phone);
END;
CREATE TRIGGER experts_fts_update AFTER UPDATE OF name, discipline, specialties, position, phone ON experts BEGIN
    INSERT INTO experts_fts (experts_fts, rowid, name, discipline, specialties, position, phone)
    VALUES ('delete', old.rowid, old.name, old.discipline, old.specialties, old.position, old.phone);
    INSERT INTO experts_fts (rowid, name, discipline, specialties, position, phone)
    VALUES (new.rowid, new.name, new.discipline, new.specialties, new.position, new.phone);
END;
INSERT INTO experts_fts (experts_fts) VALUES ('rebuild');

CREATE VIRTUAL TABLE enterprises_fts USING fts5(
    name, main_products, address, legal_representative,
    content = 'enterprises', content_rowid = 'rowid', tokenize = 'trigram'
);
CREATE TRIGGER enterprises_fts_insert AFTER INSERT ON enterprises BEGIN
    INSERT INTO enterprises_fts (rowid, name, main_products, address, legal_representative)
    VALUES (new.rowid, new.name, new.main_products, new.address, new.legal_representative);
END;
CREATE TRIGGER enterprises_fts_delete AFTER DELETE ON enterprises BEGIN
    INSERT INTO enterprises_fts (enterprises_fts, rowid, name, main_products, address, legal_representative)
    VALUES ('delete', old.rowid, old.name, old.main_products, old.address, old.legal_representative);
END;
CREATE TRIGGER enterprises_fts_update AFTER UPDATE OF name, main_products, address, legal_representative
    ON enterprises BEGIN
    INSERT INTO enterprises_fts (enterprises_fts, rowid, name, main_products, address, legal_representative)
    VALUES ('delete', old.rowid, old.name, old.main_products, old.address, old.legal_representative);
    INSERT INTO enterprises_fts (rowid, name, main_products, address, legal_representative)
    VALUES (new.rowid, new.name, new.main_products, new.address, new.legal_representative);
END;
INSERT INTO enterprises_fts (enterprises_fts) VALUES ('rebuild');

-- The similar-name key (normalize::company_name_key must compute the same): the stored name (already half-width)
-- without spaces and brackets, and without the 股份有限公司 / 有限责任公司 / 有限公司 suffix.
ALTER TABLE enterprises ADD COLUMN name_key TEXT GENERATED ALWAYS AS (
    CASE
        WHEN substr(replace(replace(replace(replace(replace(replace(replace(replace(replace(name, ' ', ''), '(', ''),
                ')', ''), '[', ''), ']', ''), '【', ''), '】', ''), '（', ''), '）', ''), -6) IN ('股份有限公司', '有限责任公司')
            THEN substr(replace(replace(replace(replace(replace(replace(replace(replace(replace(name, ' ', ''), '(', ''),
                ')', ''), '[', ''), ']', ''), '【', ''), '】', ''), '（', ''), '）', ''), 1,
                length(replace(replace(replace(replace(replace(replace(replace(replace(replace(name, ' ', ''), '(', ''),
                ')', ''), '[', ''), ']', ''), '【', ''), '】', ''), '（', ''), '）', '')) - 6)
        WHEN substr(replace(replace(replace(replace(replace(replace(replace(replace(replace(name, ' ', ''), '(', ''),
                ')', ''), '[', ''), ']', ''), '【', ''), '】', ''), '（', ''), '）', ''), -4) = '有限公司'
            THEN substr(replace(replace(replace(replace(replace(replace(replace(replace(replace(name, ' ', ''), '(', ''),
                ')', ''), '[', ''), ']', ''), '【', ''), '】', ''), '（', ''), '）', ''), 1,
                length(replace(replace(replace(replace(replace(replace(replace(replace(replace(name, ' ', ''), '(', ''),
                ')', ''), '[', ''), ']', ''), '【', ''), '】', ''), '（', ''), '）', '')) - 4)
        ELSE replace(replace(replace(replace(replace(replace(replace(replace(replace(name, ' ', ''), '(', ''),
                ')', ''), '[', ''), ']', ''), '【', ''), '】', ''), '（', ''), '）', '')
    END
) VIRTUAL;
CREATE INDEX enterprises_name_key ON enterprises (name_key);

-- The enterprise list is sorted by last change by default.
CREATE INDEX enterprises_updated ON enterprises (updated_at);
