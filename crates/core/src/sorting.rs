//! Stable sorting through one shared copy of the sort (issue #19, size).
//!
//! std's `sort_by` is generic over the element type *and* the comparison, so every call site
//! puts its own copy of the sort (driftsort, its quicksort, merges and small sorts, 4–6 kB
//! each) into the wasm: 49 copies, about 270 kB before wasm-opt. Here the sort itself runs
//! once, over positions, with the comparison behind `&mut dyn FnMut`; each call site adds only
//! its comparison and the few lines that move the elements into their sorted places.
//!
//! Sorts on a measured hot path use `sort_unstable_by` instead (one small copy each), with the
//! elements' places breaking ties where the stable order matters (the import's repeated-id and
//! chain checks in `bundle.rs`): the comparison is then inlined, not called through a pointer.

use std::cmp::Ordering;

/// Sorts `items` stably by `compare`, as `slice::sort_by` does, with one copy of the sort for
/// the whole program.
pub fn sort_by<T>(items: &mut [T], mut compare: impl FnMut(&T, &T) -> Ordering) {
    if items.len() <= SMALL {
        insertion_sort(items, &mut compare);
        return;
    }
    let mut order = sorted_positions(items.len(), &mut |a, b| compare(&items[a], &items[b]));
    move_into_order(items, &mut order);
}

/// Sorts `items` stably by the key `key` gives, as `slice::sort_by_key` does.
pub fn sort_by_key<T, K: Ord>(items: &mut [T], mut key: impl FnMut(&T) -> K) {
    sort_by(items, |a, b| key(a).cmp(&key(b)));
}

/// Sorts `items` stably by their own order, as `slice::sort` does.
pub fn sort<T: Ord>(items: &mut [T]) {
    sort_by(items, T::cmp);
}

/// Up to this many elements are sorted in place, as std does too: an object's few members are
/// put in key order for every event written (`canonical::Members`), where a list of positions
/// allocated each time cost more than the sort.
const SMALL: usize = 20;

/// A stable insertion sort: an element moves left only past elements strictly greater.
fn insertion_sort<T>(items: &mut [T], compare: &mut impl FnMut(&T, &T) -> Ordering) {
    for end in 1..items.len() {
        let mut place = end;
        while place > 0 && compare(&items[place - 1], &items[place]) == Ordering::Greater {
            items.swap(place - 1, place);
            place -= 1;
        }
    }
}

/// The positions `0..len` in the stable order `compare` gives them: the only sort instantiated.
#[allow(clippy::disallowed_methods)] // the one place std's stable sort is meant to be copied
fn sorted_positions(len: usize, compare: &mut dyn FnMut(usize, usize) -> Ordering) -> Vec<usize> {
    let mut order: Vec<usize> = (0..len).collect();
    order.sort_by(|a, b| compare(*a, *b));
    order
}

/// Puts `items[order[i]]` at place `i`, following each cycle of the permutation with swaps;
/// `order` is used up as the record of which places are already done.
fn move_into_order<T>(items: &mut [T], order: &mut [usize]) {
    for start in 0..items.len() {
        let mut place = start;
        while order[place] != start {
            let from = order[place];
            items.swap(place, from);
            order[place] = place;
            place = from;
        }
        order[place] = place;
    }
}

#[cfg(test)]
#[allow(clippy::disallowed_methods)] // std's sorts are the oracle
mod tests {
    use super::*;
    use proptest::prelude::*;

    proptest! {
        /// The shared sort gives what std's stable sort gives, equal keys in their first order.
        #[test]
        fn sort_by_matches_std_stable_sort(pairs in proptest::collection::vec((0u8..8, any::<u16>()), 0..200)) {
            let mut ours = pairs.clone();
            let mut std_sorted = pairs;
            sort_by(&mut ours, |a, b| a.0.cmp(&b.0));
            std_sorted.sort_by_key(|pair| pair.0);
            prop_assert_eq!(ours, std_sorted);
        }

        #[test]
        fn sort_by_key_and_sort_match_std(values in proptest::collection::vec(any::<i32>(), 0..200)) {
            let mut by_key = values.clone();
            let mut plain = values.clone();
            let mut expected_by_key = values.clone();
            let mut expected = values;
            sort_by_key(&mut by_key, |value| value.rem_euclid(7));
            expected_by_key.sort_by_key(|value| value.rem_euclid(7));
            sort(&mut plain);
            expected.sort();
            prop_assert_eq!(by_key, expected_by_key);
            prop_assert_eq!(plain, expected);
        }
    }

    #[test]
    fn owned_elements_are_moved_not_lost() {
        let mut names: Vec<String> = ["c", "a", "b", "a2"]
            .iter()
            .map(|s| s.to_string())
            .collect();
        sort_by_key(&mut names, |name| name.chars().next());
        assert_eq!(names, ["a", "a2", "b", "c"]);
    }
}
