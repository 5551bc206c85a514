//! What every kind of stored record shares: its table, whether one is live (not in the recycle bin), and the
//! revision check that turns an edit of a record changed since it was loaded into a conflict.

use rusqlite::Connection;

use crate::error::{CoreError, Result};
use crate::model::Entity;

impl Entity {
    /// The table the records of this kind are kept in (`None`: not a table of its own — a file, the settings
    /// page, a preview held in memory).
    pub fn table(self) -> Option<&'static str> {
        Some(match self {
            Self::Expert => "experts",
            Self::Enterprise => "enterprises",
            Self::Organization => "organizations",
            Self::Batch => "batches",
            Self::Assignment => "assignments",
            Self::Visit => "visits",
            Self::Event => "events",
            Self::Need => "needs",
            Self::NeedMatch => "need_matches",
            Self::ServiceRecord => "service_records",
            Self::Attachment => "attachments",
            Self::Import => "imports",
            Self::ExchangeMerge => "exchange_merges",
            Self::ExchangeConflict => "exchange_conflicts",
            Self::AssessmentPeriod => "assessment_periods",
            Self::AssessmentExpert => "assessment_experts",
            Self::AssessmentAdjustment => "assessment_adjustments",
            Self::AttachmentFile | Self::Settings | Self::ImportPreview | Self::Export => return None,
        })
    }

    /// [`Entity::table`] of a kind that has one.
    pub(crate) fn stored_in(self) -> &'static str {
        self.table().unwrap_or_else(|| panic!("{self} records are not kept in a table"))
    }
}

/// Whether a live (not deleted) record of `kind` with this id exists.
pub(crate) fn is_live(conn: &Connection, kind: Entity, id: &str) -> Result<bool> {
    let sql = format!("SELECT EXISTS (SELECT 1 FROM {} WHERE id = ?1 AND deleted_at IS NULL)", kind.stored_in());
    Ok(conn.prepare_cached(&sql)?.query_row([id], |r| r.get(0))?)
}

/// Fails with [`CoreError::Conflict`] unless the stored revision (`actual`) is the one the form was loaded with.
pub(crate) fn check_revision(kind: Entity, id: &str, expected: i32, actual: i32) -> Result<()> {
    if expected == actual {
        Ok(())
    } else {
        Err(CoreError::Conflict { entity: kind, id: id.to_owned(), expected, actual })
    }
}

/// [`CoreError::NotFound`] for the record of `kind` with this id.
pub(crate) fn not_found(kind: Entity, id: &str) -> CoreError {
    CoreError::NotFound { entity: kind, id: id.to_owned() }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::storage::db::Database;

    #[test]
    fn a_record_is_live_until_it_goes_to_the_recycle_bin() {
        let db = Database::open_in_memory().unwrap();
        db.write(|c| {
            c.execute_batch(
                "INSERT INTO organizations (id, name, kind, created_at, updated_at) VALUES ('o', '农科院', 'institute', 'n', 'n')",
            )?;
            assert!(is_live(c, Entity::Organization, "o")?);
            assert!(!is_live(c, Entity::Organization, "missing")?);
            c.execute_batch("UPDATE organizations SET deleted_at = 'n' WHERE id = 'o'")?;
            assert!(!is_live(c, Entity::Organization, "o")?);
            Ok(())
        })
        .unwrap();
    }

    #[test]
    fn a_changed_revision_is_a_conflict_naming_the_kind() {
        assert!(check_revision(Entity::Visit, "v", 3, 3).is_ok());
        let e = check_revision(Entity::Visit, "v", 3, 4).unwrap_err();
        assert_eq!(e.code(), "conflict");
        assert!(e.message_zh().contains("走访记录"), "{}", e.message_zh());
        assert_eq!(e.message_en(), "visit v was changed since it was loaded (revision 3 expected, 4 found)");
        assert!(not_found(Entity::ImportPreview, "p").message_zh().contains("该记录"));
    }
}
