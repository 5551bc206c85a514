//! The longest text each free-text field of a form accepts, listed once (the UI mirrors the table in
//! `ui/src/validation/limits.ts`, docs/SECURITY.md lists it). A longer value is refused with a `validation` error on
//! the field ("最多 N 个字符"); the import refuses an overlong cell the same way, as its rows go through the same
//! validators. Counted in characters (Unicode scalar values) of the value as stored, trimmed.

use crate::error::FieldError;

/// A form whose free text is limited: the core's input struct it checks.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Form {
    /// `ExpertInput`.
    Expert,
    /// `EnterpriseInput`.
    Enterprise,
    /// `ContactInput` (an enterprise's contacts; the error is on `contacts[i].<field>`).
    Contact,
    /// `OrganizationInput`.
    Organization,
    /// `BatchInput`.
    Batch,
    /// `AssignmentInput`.
    Assignment,
    /// `VisitInput`.
    Visit,
    /// `EventInput`.
    Event,
    /// `NeedInput`.
    Need,
    /// `MatchInput`.
    Match,
    /// `StageChangeInput`.
    StageChange,
    /// `ServiceRecordInput`.
    ServiceRecord,
    /// `FollowUpCloseInput` (关闭跟进).
    FollowUpClose,
}

/// A person's name.
pub const PERSON_NAME: usize = 50;
/// A tag (专长) or a discipline on a need.
pub const TAG: usize = 50;
/// The name of an enterprise, a unit or a batch.
pub const NAME: usize = 100;
/// A short line (职务, 专业领域, 地区).
pub const SHORT: usize = 100;
/// A line (an address, a need's title, a reason).
pub const LINE: usize = 200;
/// Notes, a purpose, a service's content.
pub const NOTES: usize = 2_000;
/// A need's wording and its refined parts, a visit's next steps.
pub const LONG: usize = 5_000;
/// A visit's findings.
pub const ACCOUNT: usize = 10_000;

/// Every limited field: (form, field as the input names it in camelCase, at most this many characters). The
/// limits some validators checked before this table (an expert's and an enterprise's name, a need's title and texts,
/// a service record's content) keep their own messages and are listed here with the same numbers.
pub const TEXT_LIMITS: &[(Form, &str, usize)] = &[
    (Form::Expert, "name", PERSON_NAME),
    (Form::Expert, "position", SHORT),
    (Form::Expert, "discipline", SHORT),
    (Form::Expert, "specialties", TAG),
    (Form::Expert, "notes", NOTES),
    (Form::Enterprise, "name", NAME),
    (Form::Enterprise, "creditCodeOverride", LINE),
    (Form::Enterprise, "province", 50),
    (Form::Enterprise, "city", 50),
    (Form::Enterprise, "county", 50),
    (Form::Enterprise, "address", LINE),
    (Form::Enterprise, "legalRepresentative", PERSON_NAME),
    (Form::Enterprise, "mainProducts", 1_000),
    (Form::Enterprise, "notes", NOTES),
    (Form::Contact, "name", PERSON_NAME),
    (Form::Contact, "position", SHORT),
    (Form::Organization, "name", NAME),
    (Form::Organization, "region", SHORT),
    (Form::Organization, "notes", NOTES),
    (Form::Batch, "name", NAME),
    (Form::Batch, "notes", NOTES),
    (Form::Assignment, "notes", NOTES),
    (Form::Assignment, "targetOther", NOTES),
    (Form::Visit, "purpose", NOTES),
    (Form::Visit, "findings", ACCOUNT),
    (Form::Visit, "nextStep", LONG),
    (Form::Visit, "notes", NOTES),
    (Form::Event, "title", LINE),
    (Form::Event, "place", LINE),
    (Form::Event, "content", LONG),
    (Form::Event, "notes", NOTES),
    (Form::Need, "title", LINE),
    (Form::Need, "originalText", LONG),
    (Form::Need, "refinedProblem", LONG),
    (Form::Need, "refinedKeyTech", LONG),
    (Form::Need, "refinedTarget", LONG),
    (Form::Need, "discipline", TAG),
    (Form::Match, "notes", NOTES),
    (Form::StageChange, "note", NOTES),
    (Form::ServiceRecord, "content", NOTES),
    (Form::ServiceRecord, "outcomeSummary", NOTES),
    (Form::ServiceRecord, "evaluator", PERSON_NAME),
    (Form::ServiceRecord, "evaluationOpinion", NOTES),
    (Form::FollowUpClose, "note", LINE),
];

/// The limit of `form`'s `field`. Panics for a field the table does not list (a mistake in the code, caught by the
/// tests).
pub fn max_chars(form: Form, field: &str) -> usize {
    TEXT_LIMITS
        .iter()
        .find(|(f, name, _)| *f == form && *name == field)
        .map(|(_, _, max)| *max)
        .unwrap_or_else(|| panic!("no text limit for {form:?}.{field}"))
}

/// The error on `path` (the field, or `contacts[0].name`) when `value` is longer than `form`'s `field` allows.
pub fn too_long(form: Form, field: &str, path: &str, value: &str) -> Option<FieldError> {
    let max = max_chars(form, field);
    let n = value.trim().chars().count();
    (n > max).then(|| {
        FieldError::new(
            path,
            format!("最多 {max} 个字符（现有 {n} 个），请删减"),
            format!("At most {max} characters ({n} now); please shorten it"),
        )
    })
}

/// Pushes an error for each of `fields` ((field, value)) of `form` longer than its limit.
pub fn check(form: Form, fields: &[(&str, Option<&str>)], errors: &mut Vec<FieldError>) {
    for (field, value) in fields {
        if let Some(e) = value.and_then(|v| too_long(form, field, field, v)) {
            errors.push(e);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_value_at_the_limit_passes_and_one_more_is_refused_on_its_field() {
        let max = max_chars(Form::Visit, "findings");
        assert_eq!(max, 10_000);
        assert!(too_long(Form::Visit, "findings", "findings", &"字".repeat(max)).is_none());
        let e = too_long(Form::Visit, "findings", "findings", &"字".repeat(max + 1)).unwrap();
        assert_eq!((e.field.as_str(), e.message.as_str()), ("findings", "最多 10000 个字符（现有 10001 个），请删减"));
        let mut errors = Vec::new();
        check(Form::Expert, &[("position", Some(&"x".repeat(101))), ("notes", None)], &mut errors);
        assert_eq!(errors.len(), 1);
        assert!(too_long(Form::Contact, "name", "contacts[2].name", &"名".repeat(51))
            .is_some_and(|e| e.field == "contacts[2].name"));
    }

    #[test]
    fn every_field_is_listed_once() {
        for (i, (form, field, _)) in TEXT_LIMITS.iter().enumerate() {
            assert!(!TEXT_LIMITS[i + 1..].iter().any(|(f, n, _)| f == form && n == field), "{form:?}.{field}");
        }
    }
}
