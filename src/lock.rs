//! Locks that survive a panic elsewhere. Every mutex in playbook guards data that a panicking thread
//! cannot leave half-written (a list only pushed to, a set only inserted into, an `Arc` swapped whole), so
//! a poisoned lock is used as it is rather than spreading the panic: one place says so, for all of them.

use std::sync::{LockResult, Mutex, MutexGuard, PoisonError};

/// Locks `m`, also after a panic of another thread that held it.
pub(crate) fn lock<T: ?Sized>(m: &Mutex<T>) -> MutexGuard<'_, T> {
    unpoisoned(m.lock())
}

/// What a lock operation (`lock`, `into_inner`, a condition variable's wait) gives, poisoned or not.
pub(crate) fn unpoisoned<G>(result: LockResult<G>) -> G {
    result.unwrap_or_else(PoisonError::into_inner)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_poisoned_lock_still_gives_its_data() {
        let m = std::sync::Arc::new(Mutex::new(vec![1]));
        let held = std::sync::Arc::clone(&m);
        let panicked = std::thread::spawn(move || {
            let _guard = held.lock();
            panic!("poison the lock");
        })
        .join();
        assert!(panicked.is_err());
        assert!(m.is_poisoned());
        lock(&m).push(2);
        let m = std::sync::Arc::into_inner(m).expect("the only reference");
        assert_eq!(unpoisoned(m.into_inner()), vec![1, 2]);
    }
}
