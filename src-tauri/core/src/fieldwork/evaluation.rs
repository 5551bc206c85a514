//! 服务对象评价 of a service record: the form's evaluation checked and cleaned. No satisfaction means not evaluated,
//! and then the evaluator, date and opinion must be blank too (a half-filled evaluation is a mistake, not data). With
//! a satisfaction the 评价日期 is required, a real day not after today (the ledger's clock: nobody evaluates in the
//! future) and not before the record's first day (a service is evaluated once it has started); the 评价人 and the
//! 评价意见 are optional, within their text limits.

use chrono::NaiveDate;

use crate::error::FieldError;
use crate::model::Evaluation;
use crate::normalize::clean_optional;
use crate::validate::date;
use crate::validate::limits::{self, Form};

/// The cleaned evaluation of `input`, pushing every problem onto `errors`. `start` is the record's first day when it
/// is valid (otherwise the order is not checked: the start date has its own error).
pub(crate) fn clean(
    input: &Evaluation,
    start: Option<NaiveDate>,
    today: NaiveDate,
    errors: &mut Vec<FieldError>,
) -> Evaluation {
    let evaluator = clean_optional(input.evaluator.as_deref());
    let opinion = clean_optional(input.evaluation_opinion.as_deref());
    let day_text = clean_optional(input.evaluated_on.as_deref());
    limits::check(
        Form::ServiceRecord,
        &[("evaluator", evaluator.as_deref()), ("evaluationOpinion", opinion.as_deref())],
        errors,
    );
    let Some(satisfaction) = input.satisfaction else {
        if evaluator.is_some() || opinion.is_some() || day_text.is_some() {
            errors.push(FieldError::new(
                "satisfaction",
                "已填写评价人、评价日期或评价意见，请选择满意度（或清空评价）",
                "An evaluator, date or opinion is filled in: choose the satisfaction (or clear the evaluation)",
            ));
        }
        return Evaluation::default();
    };
    let evaluated_on = match day_text {
        None => {
            errors.push(FieldError::new("evaluatedOn", "请填写评价日期", "The evaluation date is required"));
            None
        }
        Some(text) => match date::parse_day(&text) {
            Err(e) => {
                errors.push(e.on("evaluatedOn"));
                None
            }
            Ok(day) if day > today => {
                errors.push(FieldError::new(
                    "evaluatedOn",
                    format!("评价日期 {day} 晚于今天（{today}），不能预先评价"),
                    format!("The evaluation date {day} is after today ({today})"),
                ));
                None
            }
            Ok(day) if start.is_some_and(|s| day < s) => {
                let s = start.expect("checked");
                errors.push(FieldError::new(
                    "evaluatedOn",
                    format!("评价日期 {day} 早于服务开始日期 {s}"),
                    format!("The evaluation date {day} is before the service began ({s})"),
                ));
                None
            }
            Ok(day) => Some(day.to_string()),
        },
    };
    Evaluation { satisfaction: Some(satisfaction), evaluator, evaluated_on, evaluation_opinion: opinion }
}
