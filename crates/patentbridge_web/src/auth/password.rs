//! Password hashing with Argon2id: the default parameters, a random salt per
//! hash, and the PHC string format, which records all three beside the hash.
//!
//! Both functions take tens of milliseconds of CPU; async code calls them
//! through [`tokio::task::spawn_blocking`].

use std::sync::LazyLock;

use argon2::Argon2;
use argon2::password_hash::{PasswordHash, PasswordHasher, PasswordVerifier, SaltString};
use patentbridge_domain::Password;

/// The Argon2id hash of a new password as a PHC string
/// (`$argon2id$v=19$m=…,t=…,p=…$salt$hash`).
pub fn hash_password(password: &Password) -> String {
    hash_secret(password.expose_secret())
}

/// Whether `candidate` is the password behind `hash`; false for a hash that
/// cannot be read.
pub fn verify_password(hash: &str, candidate: &str) -> bool {
    let Ok(parsed) = PasswordHash::new(hash) else {
        return false;
    };
    Argon2::default()
        .verify_password(candidate.as_bytes(), &parsed)
        .is_ok()
}

/// Spends the time of a real verification against a hash nobody has the
/// password of, so an unknown login takes as long to refuse as a known one.
pub(crate) fn verify_nothing(candidate: &str) {
    static DUMMY: LazyLock<String> = LazyLock::new(|| hash_secret("no account has this password"));
    let _ = verify_password(&DUMMY, candidate);
}

fn hash_secret(secret: &str) -> String {
    let mut salt = [0u8; 16];
    getrandom::getrandom(&mut salt).expect("the operating system provides random bytes");
    let salt = SaltString::encode_b64(&salt).expect("16 bytes is a valid salt length");
    Argon2::default()
        .hash_password(secret.as_bytes(), &salt)
        .expect("Argon2 with default parameters hashes any password")
        .to_string()
}

#[cfg(test)]
mod tests {
    use patentbridge_domain::Login;

    use super::*;

    fn password(raw: &str) -> Password {
        Password::parse(raw, &Login::parse("someone@example.cn").unwrap()).unwrap()
    }

    #[test]
    fn a_hash_is_an_argon2id_phc_string_that_verifies_only_the_right_password() {
        let hash = hash_password(&password("correct horse battery"));
        assert!(hash.starts_with("$argon2id$"), "{hash}");
        assert!(verify_password(&hash, "correct horse battery"));
        assert!(!verify_password(&hash, "correct horse battery!"));
    }

    #[test]
    fn the_same_password_hashes_differently_each_time() {
        let p = password("correct horse battery");
        assert_ne!(hash_password(&p), hash_password(&p));
    }

    #[test]
    fn an_unreadable_hash_verifies_nothing() {
        assert!(!verify_password("not a hash", "anything at all"));
        assert!(!verify_password("", ""));
    }
}
