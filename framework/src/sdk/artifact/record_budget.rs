//! How many bytes of provenance records the results made in this process hold in memory. Past
//! the budget, a new result's record is appended to the process's spill file instead (see
//! `spill_log`), so that memory stays bounded however many steps a pipeline runs.

use std::sync::atomic::{AtomicUsize, Ordering};

/// The most bytes of provenance records (the texts of `action.yaml`, `citations.bib` and the
/// metadata files, with their paths) that the results of this process hold in memory at once;
/// a text shared by several records counts once for each. A new record that does not fit is
/// written to disk, where it costs no memory.
pub(crate) const RECORD_BUDGET: usize = 4 << 20;

/// The budget of every result made in this process.
pub(super) static RECORDS: Budget = Budget::new(RECORD_BUDGET);

/// A limit on the bytes held, and the bytes held now.
#[derive(Debug)]
pub(super) struct Budget {
    limit: usize,
    used: AtomicUsize,
}

impl Budget {
    /// An empty budget of `limit` bytes.
    pub(super) const fn new(limit: usize) -> Self {
        Self {
            limit,
            used: AtomicUsize::new(0),
        }
    }

    /// Takes `bytes` from the budget if they fit in what is left; `None` if not.
    pub(super) fn charge(&'static self, bytes: usize) -> Option<Charge> {
        self.used
            .fetch_update(Ordering::AcqRel, Ordering::Acquire, |used| {
                used.checked_add(bytes).filter(|total| *total <= self.limit)
            })
            .ok()
            .map(|_| Charge {
                budget: self,
                bytes,
            })
    }

    /// Takes `bytes` from the budget even past its limit (for a record that could not be
    /// written to disk and so stays in memory).
    pub(super) fn overdraw(&'static self, bytes: usize) -> Charge {
        self.used.fetch_add(bytes, Ordering::AcqRel);
        Charge {
            budget: self,
            bytes,
        }
    }

    /// The bytes held now.
    #[cfg(test)]
    pub(super) fn used(&self) -> usize {
        self.used.load(Ordering::Acquire)
    }
}

/// Bytes taken from a [`Budget`] by a record held in memory; given back when it is dropped.
#[derive(Debug)]
pub(crate) struct Charge {
    budget: &'static Budget,
    bytes: usize,
}

impl Drop for Charge {
    fn drop(&mut self) {
        self.budget.used.fetch_sub(self.bytes, Ordering::AcqRel);
    }
}

#[cfg(test)]
mod tests {
    use super::Budget;

    #[test]
    fn charges_fit_the_limit_and_are_given_back_when_dropped() {
        let budget: &'static Budget = Box::leak(Box::new(Budget::new(100)));
        let first = budget.charge(60).expect("60 of 100 bytes fit");
        assert!(budget.charge(41).is_none(), "60 + 41 is past the limit");
        let second = budget.charge(40).expect("60 + 40 fit exactly");
        assert_eq!(budget.used(), 100);
        drop(first);
        assert_eq!(budget.used(), 40);
        let forced = budget.overdraw(500);
        assert_eq!(budget.used(), 540);
        assert!(budget.charge(1).is_none());
        drop((second, forced));
        assert_eq!(budget.used(), 0);
        assert!(
            budget.charge(101).is_none(),
            "a record larger than the budget"
        );
    }
}
