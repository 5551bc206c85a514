//! Property tests: arbitrary strings never make a validator or normaliser panic, and accepted values are stable
//! (normalising an accepted value again gives the same value).

use chrono::NaiveDate;
use ledger_core::money;
use ledger_core::normalize::{clean_person_name, clean_text, to_half_width};
use ledger_core::validate::credit_code::{check_credit_code, CreditCodeCheck};
use ledger_core::validate::{date, email, id_card, phone};
use proptest::prelude::*;
use proptest::test_runner::FileFailurePersistence;

fn today() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 11, 27).unwrap()
}

/// 2000 cases a property. The seeds of past failures are kept beside this file
/// (validators_never_panic.proptest-regressions): proptest's default would look under tests/proptest-regressions/
/// since this module sits beside the test binary's main.rs.
fn config() -> ProptestConfig {
    ProptestConfig {
        failure_persistence: Some(Box::new(FileFailurePersistence::WithSource("proptest-regressions"))),
        ..ProptestConfig::with_cases(2000)
    }
}

proptest! {
    #![proptest_config(config())]

    #[test]
    fn arbitrary_text_never_panics(s in any::<String>()) {
        let _ = to_half_width(&s);
        let _ = clean_text(&s);
        let _ = clean_person_name(&s);
        let _ = date::parse_day(&s);
        let _ = date::normalize_month(&s, today());
        let _ = check_credit_code(&s);
        if let Ok(p) = phone::normalize_phone(&s) {
            prop_assert_eq!(phone::normalize_phone(&p), Ok(p.clone()));
        }
        if let Ok(e) = email::normalize_email(&s) {
            prop_assert_eq!(email::normalize_email(&e), Ok(e.clone()));
        }
        if let Ok(id) = id_card::normalize_id_card(&s, today()) {
            prop_assert_eq!(id.len(), 18);
        }
    }

    #[test]
    fn digit_like_text_never_panics(s in "[0-9０-９+\\- ()xX年月./]{0,24}") {
        let _ = phone::normalize_phone(&s);
        let _ = id_card::normalize_id_card(&s, today());
        let _ = date::normalize_month(&s, today());
        let _ = date::parse_plausible_day(&s, today());
        let _ = money::parse_wan(&s);
    }

    #[test]
    fn wan_amounts_become_exact_fen(whole in 0u64..100_000_000, fraction in 0u32..1_000_000, digits in 0usize..=6) {
        let fraction = fraction / 10u32.pow(6 - digits as u32);
        let text = if digits == 0 { whole.to_string() } else { format!("{whole}.{fraction:0digits$}") };
        let expected = whole as i64 * 1_000_000 + i64::from(fraction) * 10i64.pow(6 - digits as u32);
        prop_assert_eq!(money::parse_wan(&text), Ok(expected));
        let negative = format!("-{text}");
        prop_assert!(money::parse_wan(&negative).is_err());
    }

    #[test]
    fn credit_codes_with_their_own_check_character_are_valid(body in "[0-9A-HJ-NPQRTUWXY]{2}[0-9]{6}[0-9A-HJ-NPQRTUWXY]{9}") {
        let check = ledger_core::validate::credit_code::check_char(&body).unwrap();
        let code = format!("{body}{check}");
        prop_assert_eq!(check_credit_code(&code), Ok(CreditCodeCheck::Valid(code.clone())));
    }
}
