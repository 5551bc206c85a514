//! The recovery code: random, shown once, written down or printed, read aloud over the phone if need be. It unlocks
//! wherever the password does.

use zeroize::Zeroizing;

use crate::error::Result;
use crate::storage::crypto::keys::fill_random;

/// The code's symbols: digits and capitals without 0/O, 1/I/L (31 symbols, no two that look or sound alike).
const ALPHABET: &[u8; 31] = b"23456789ABCDEFGHJKMNPQRSTUVWXYZ";
/// Groups of [`GROUP`] symbols: 24 symbols, about 119 bits.
const GROUPS: usize = 6;
const GROUP: usize = 4;

/// A recovery code as it is shown: `ABCD-EFGH-…`, six groups of four. Zeroed when dropped.
#[derive(Clone, PartialEq, Eq)]
pub struct RecoveryCode(Zeroizing<String>);

impl std::fmt::Debug for RecoveryCode {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("RecoveryCode(…)")
    }
}

impl RecoveryCode {
    /// A new random code (each symbol drawn uniformly: bytes at or above 248 = 8 × 31 are drawn again).
    pub(crate) fn generate() -> Result<Self> {
        let mut symbols = Zeroizing::new(Vec::with_capacity(GROUPS * GROUP));
        let mut byte = Zeroizing::new([0u8; 1]);
        while symbols.len() < GROUPS * GROUP {
            fill_random(byte.as_mut())?;
            if byte[0] < 248 {
                symbols.push(ALPHABET[usize::from(byte[0]) % ALPHABET.len()]);
            }
        }
        let mut text = Zeroizing::new(String::with_capacity(GROUPS * (GROUP + 1)));
        for (i, chunk) in symbols.chunks(GROUP).enumerate() {
            if i > 0 {
                text.push('-');
            }
            text.extend(chunk.iter().map(|&b| char::from(b)));
        }
        Ok(Self(text))
    }

    /// The code as shown: six groups of four joined by `-`.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// The code in `text` as it is wrapped (its 24 symbols, upper case, without separators), when `text` is one: case,
/// spaces and dashes do not matter, so a code typed as read aloud is accepted. `None` for anything else (a password).
pub(crate) fn canonical(text: &str) -> Option<Zeroizing<String>> {
    let symbols: Zeroizing<String> = Zeroizing::new(
        text.chars().filter(|c| !c.is_whitespace() && *c != '-').map(|c| c.to_ascii_uppercase()).collect(),
    );
    let fits = symbols.len() == GROUPS * GROUP && symbols.bytes().all(|b| ALPHABET.contains(&b));
    fits.then_some(symbols)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_code_is_six_groups_of_four_from_the_alphabet_and_new_each_time() {
        let code = RecoveryCode::generate().unwrap();
        let groups: Vec<&str> = code.as_str().split('-').collect();
        assert_eq!(groups.len(), 6, "{code:?}");
        assert!(groups.iter().all(|g| g.len() == 4 && g.bytes().all(|b| ALPHABET.contains(&b))));
        assert!(!code.as_str().contains(['0', 'O', '1', 'I', 'L']));
        assert_ne!(code, RecoveryCode::generate().unwrap());
    }

    #[test]
    fn a_code_is_recognised_however_it_was_typed_and_a_password_is_not() {
        let code = RecoveryCode::generate().unwrap();
        let want = canonical(code.as_str()).unwrap();
        assert_eq!(want.len(), 24);
        let typed = code.as_str().to_lowercase().replace('-', " ");
        assert_eq!(canonical(&typed).unwrap(), want);
        assert_eq!(canonical(&format!(" {}\n", want.as_str())).unwrap(), want);
        assert!(canonical("correct horse battery staple").is_none());
        assert!(canonical("AAAA-AAAA-AAAA-AAAA-AAAA-AAA0").is_none(), "0 is not a symbol");
        assert!(canonical("AAAA-AAAA-AAAA-AAAA-AAAA").is_none(), "too short");
    }
}
