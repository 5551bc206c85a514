//! Personal data in the JSON images the ledger keeps of its records (the audit log's before/after): ID numbers
//! masked wherever they appear, and the personal fields of a record purged from the recycle bin scrubbed.
//! docs/SECURITY.md describes the rules.

use serde_json::Value;

use super::id_card::mask_id_card;
use crate::model::Entity;

/// The key an ID number has in every record's JSON.
const ID_CARD_KEY: &str = "idCard";

/// The personal fields of each kind of record, as its JSON names them: what purging it removes from the audit log.
/// `a.b` is field `b` of the object at `a`, or of each object in the list at `a`. An enterprise's own name and
/// address belong to the firm; its legal representative and its contacts are people. Kinds not listed have no
/// personal fields of their own.
pub const PERSONAL_FIELDS: &[(Entity, &[&str])] = &[
    (Entity::Expert, &["name", "gender", "birthMonth", "phone", "email", "idCard", "notes"]),
    (
        Entity::Enterprise,
        &["legalRepresentative", "contacts.name", "contacts.position", "contacts.phone", "contacts.email"],
    ),
];

/// The personal fields of `entity`'s records (empty for kinds without any).
pub fn personal_fields(entity: Entity) -> &'static [&'static str] {
    PERSONAL_FIELDS.iter().find(|(e, _)| *e == entity).map_or(&[], |(_, fields)| fields)
}

/// Masks every ID number in `value` (any `idCard` string, at any depth) as lists show it (110105********002X).
pub fn mask_id_cards(value: &mut Value) {
    match value {
        Value::Object(map) => {
            for (key, v) in map.iter_mut() {
                match v {
                    Value::String(s) if key == ID_CARD_KEY => *s = mask_id_card(s),
                    other => mask_id_cards(other),
                }
            }
        }
        Value::Array(items) => items.iter_mut().for_each(mask_id_cards),
        _ => {}
    }
}

/// Sets the personal fields of an `entity` record's JSON image to `null` (other values and the shape stay); returns
/// whether anything changed.
pub fn scrub_personal(entity: Entity, value: &mut Value) -> bool {
    personal_fields(entity).iter().fold(false, |changed, path| clear(value, path) | changed)
}

/// Sets the field at `path` (see [`PERSONAL_FIELDS`]) to `null`; whether it held something.
fn clear(value: &mut Value, path: &str) -> bool {
    let (head, rest) = path.split_once('.').map_or((path, None), |(h, r)| (h, Some(r)));
    let Some(v) = value.as_object_mut().and_then(|map| map.get_mut(head)) else { return false };
    match (rest, v) {
        (None, Value::Null) => false,
        (None, v) => {
            *v = Value::Null;
            true
        }
        (Some(rest), Value::Array(items)) => items.iter_mut().fold(false, |changed, item| clear(item, rest) | changed),
        (Some(rest), v) => clear(v, rest),
    }
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    #[test]
    fn id_numbers_are_masked_at_any_depth_and_nothing_else_changes() {
        let mut v = json!({
            "idCard": "11010519491231002X",
            "name": "李娜",
            "list": [{ "idCard": "110105194912310029" }, { "idCard": null }],
        });
        mask_id_cards(&mut v);
        assert_eq!(
            v,
            json!({
                "idCard": "110105********002X",
                "name": "李娜",
                "list": [{ "idCard": "110105********0029" }, { "idCard": null }],
            })
        );
        let masked = v.clone();
        mask_id_cards(&mut v);
        assert_eq!(v, masked, "masking twice changes nothing");
    }

    #[test]
    fn scrubbing_clears_the_kinds_personal_fields_only() {
        let mut expert = json!({ "name": "李娜", "phone": "13800138000", "title": "senior", "revision": 2 });
        assert!(scrub_personal(Entity::Expert, &mut expert));
        assert_eq!(expert, json!({ "name": null, "phone": null, "title": "senior", "revision": 2 }));
        assert!(!scrub_personal(Entity::Expert, &mut expert), "nothing left to scrub");

        let mut firm = json!({
            "name": "明远科技",
            "legalRepresentative": "王强",
            "contacts": [{ "name": "赵六", "phone": "13800138000", "isPrimary": true }, { "name": "钱七" }],
        });
        assert!(scrub_personal(Entity::Enterprise, &mut firm));
        assert_eq!(
            firm,
            json!({
                "name": "明远科技",
                "legalRepresentative": null,
                "contacts": [{ "name": null, "phone": null, "isPrimary": true }, { "name": null }],
            })
        );
        assert!(!scrub_personal(Entity::Enterprise, &mut firm));

        let mut visit = json!({ "findings": "…" });
        assert!(!scrub_personal(Entity::Visit, &mut visit));
    }
}
