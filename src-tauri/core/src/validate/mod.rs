//! Validators of the formats PRODUCT.md names. Each takes raw user input, normalises it and returns the stored form
//! or a message in Chinese and English; the forms and the importers share them.

pub mod credit_code;
pub mod date;
pub mod email;
pub mod id_card;
pub mod limits;
pub mod personal;
pub mod phone;

/// A validation failure: the message in Chinese and in English, without the field name (the caller knows it).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Invalid {
    /// Message in Chinese.
    pub zh: String,
    /// Message in English.
    pub en: String,
}

impl Invalid {
    /// A failure with its two messages.
    pub fn new(zh: impl Into<String>, en: impl Into<String>) -> Self {
        Self { zh: zh.into(), en: en.into() }
    }

    /// The failure attached to a field.
    pub fn on(self, field: &str) -> crate::error::FieldError {
        crate::error::FieldError::new(field, self.zh, self.en)
    }
}
