//! Where one reader is in one ordered stream (a chat transcript's `seq`, a channel's `rev`):
//! the rule that makes live delivery gap-free and duplicate-free.
//!
//! Positions are dense (1, 2, 3, … with no holes, assigned in commit order), so the reader
//! can tell from a live event alone what to do with it: a position already sent is skipped;
//! the next one is sent; one further ahead means something was missed (the publisher raced,
//! or the reader fell behind the hub) and the gap is read from the database, which has
//! everything. A lagged subscription (events dropped) also reads from the database.

/// The highest position sent to this reader.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Cursor {
    last: i64,
}

/// What to do with a live event at some position.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Step {
    /// Already sent: drop it.
    Skip,
    /// The next position: send it (the cursor moved to it).
    Send,
    /// Further ahead: read everything after `last()` from the database and `advance` past it.
    CatchUp,
}

impl Cursor {
    /// A reader that has everything up to `after` (negative values mean nothing yet).
    pub fn new(after: i64) -> Self {
        Self { last: after.max(0) }
    }

    pub fn last(&self) -> i64 {
        self.last
    }

    pub fn on_live(&mut self, position: i64) -> Step {
        if position <= self.last {
            Step::Skip
        } else if position == self.last + 1 {
            self.last = position;
            Step::Send
        } else {
            Step::CatchUp
        }
    }

    /// Keeps the items of a database read (oldest first) that are new to this reader and
    /// moves past them. Items at or below `last()` (sent live meanwhile) are dropped.
    pub fn advance<T>(&mut self, items: Vec<T>, position: impl Fn(&T) -> i64) -> Vec<T> {
        let mut fresh = Vec::with_capacity(items.len());
        for item in items {
            let p = position(&item);
            if p > self.last {
                self.last = p;
                fresh.push(item);
            }
        }
        fresh
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_old_position_is_skipped_and_the_next_one_sent() {
        let mut c = Cursor::new(3);
        assert_eq!(c.on_live(2), Step::Skip);
        assert_eq!(c.on_live(3), Step::Skip);
        assert_eq!(c.on_live(4), Step::Send);
        assert_eq!(c.last(), 4);
        assert_eq!(c.on_live(4), Step::Skip, "a duplicate after sending");
    }

    #[test]
    fn a_jump_is_read_from_the_database() {
        let mut c = Cursor::new(1);
        assert_eq!(c.on_live(4), Step::CatchUp);
        assert_eq!(c.last(), 1, "nothing is assumed sent until the read");
        // The database has 2, 3, 4 (and the reader already got nothing else).
        let sent = c.advance(vec![2, 3, 4], |p| *p);
        assert_eq!(sent, [2, 3, 4]);
        assert_eq!(c.last(), 4);
        // The live events for 2..4 that arrive later are all skipped.
        for p in 2..=4 {
            assert_eq!(c.on_live(p), Step::Skip);
        }
        assert_eq!(c.on_live(5), Step::Send);
    }

    #[test]
    fn a_catch_up_never_resends_what_went_out_live() {
        let mut c = Cursor::new(0);
        assert_eq!(c.on_live(1), Step::Send);
        assert_eq!(c.advance(vec![1, 2], |p| *p), [2]);
        assert_eq!(c.advance(Vec::<i64>::new(), |p| *p), Vec::<i64>::new());
        assert_eq!(c.last(), 2);
    }

    #[test]
    fn a_fresh_reader_starts_at_zero() {
        assert_eq!(Cursor::new(-5).last(), 0);
        let mut c = Cursor::new(0);
        assert_eq!(c.on_live(1), Step::Send);
    }
}
