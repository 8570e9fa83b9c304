//! Panics caught at the C boundary, and never printed.
//!
//! A panic must not unwind into C (undefined behaviour), so every C function
//! runs its body under [`guard`]. Rust's default panic hook would still print
//! the panic to standard error, and a library prints nothing: the first
//! [`guard`] puts a silent hook in its place. The hook belongs to the copy of
//! Rust's standard library inside this library (a C program has no other
//! Rust code in it that would print through it).

use std::panic::{self, AssertUnwindSafe};
use std::sync::Once;

static SILENCE: Once = Once::new();

/// Runs `call`; `None` when it panicked.
pub fn guard<T>(call: impl FnOnce() -> T) -> Option<T> {
    SILENCE.call_once(|| panic::set_hook(Box::new(|_| {})));
    // The library's values hold no interior mutability a panic could leave
    // half-written: a validator is immutable.
    panic::catch_unwind(AssertUnwindSafe(call)).ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_panic_is_caught_and_the_next_call_works() {
        assert_eq!(guard(|| -> u8 { panic!("a bug") }), None);
        assert_eq!(guard(|| 7), Some(7));
    }
}
