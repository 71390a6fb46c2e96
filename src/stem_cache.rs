//! The analysers' memory of words already stemmed: word as written → folded stem.
//!
//! Every token of every statement is looked up here while indexing, so the lookup is what
//! counts. A `HashMap<String, String>` costs three cache misses per token (the bucket, the
//! word's bytes, the stem's bytes), and `perf` showed them as a fifth of an ingest's CPU
//! time. Here a short word and its stem sit together in one 32-byte slot of an open
//! addressing table: one miss, and the word compared as a single 16-byte value. Longer
//! words go to an ordinary map.

use std::collections::HashMap;
use std::hash::BuildHasher;

/// Bytes of a word or stem kept inside a slot; the slot's first byte holds the length.
const INLINE: usize = 15;

/// Slots a new cache starts with; it doubles as it fills, up to [`MAX_SLOTS`]. Small: a
/// search makes a few analysers (the query's, the snippets'), each of which stems a few
/// dozen words, and clearing 1,024 slots for each was a tenth of a rare word's search.
const FIRST_SLOTS: usize = 1 << 6;

/// The most slots a cache grows to (8 MiB). Once half of them are taken, the cache
/// starts afresh: a text's vocabulary is small, and memory must stay bounded whatever
/// the input.
const MAX_SLOTS: usize = 1 << 18;

/// Words kept in the map for long words before it starts afresh.
const MAX_LONG_WORDS: usize = 50_000;

/// Word as written → folded stem, bounded in memory.
#[derive(Clone, Default)]
pub(crate) struct StemCache {
    /// Open addressing with linear probing; a key of length 0 marks an empty slot (the
    /// tokenizer never yields an empty word, and one is never stored). Allocated on the
    /// first insert: a search makes analysers that may stem nothing.
    slots: Vec<Slot>,
    used: usize,
    long: HashMap<Box<str>, Box<str>, foldhash::fast::RandomState>,
    hasher: foldhash::fast::RandomState,
}

impl StemCache {
    /// The stem remembered for `word`, if any.
    pub(crate) fn get(&self, word: &str) -> Option<&str> {
        let Some(key) = inline(word) else {
            return self.long.get(word).map(|stem| &**stem);
        };
        if self.slots.is_empty() {
            return self.long.get(word).map(|stem| &**stem);
        }
        let mask = self.slots.len() - 1;
        let mut position = self.position(&key);
        loop {
            let slot = &self.slots[position];
            if slot.is_empty() {
                // A short word with a long stem (folding can lengthen a word) is kept
                // with the long ones.
                return match self.long.is_empty() {
                    true => None,
                    false => self.long.get(word).map(|stem| &**stem),
                };
            }
            if slot.word == key {
                return slot.stem();
            }
            position = (position + 1) & mask;
        }
    }

    /// Remembers `stem` for a `word` not remembered yet: a word's stem never changes.
    /// An empty word is not remembered.
    pub(crate) fn insert(&mut self, word: &str, stem: &str) {
        let (Some(key), Some(stem_bytes)) = (inline(word), inline(stem)) else {
            if word.is_empty() {
                return;
            }
            if self.long.len() >= MAX_LONG_WORDS {
                self.long.clear();
            }
            self.long.insert(word.into(), stem.into());
            return;
        };
        if key[0] == 0 {
            return;
        }
        // At most half full, so that probes stay short.
        if self.slots.is_empty() {
            self.slots = vec![Slot::EMPTY; FIRST_SLOTS];
        } else if (self.used + 1) * 2 > self.slots.len() {
            if self.slots.len() < MAX_SLOTS {
                self.grow();
            } else {
                self.slots.fill(Slot::EMPTY);
                self.used = 0;
            }
        }
        self.place(Slot {
            word: key,
            stem: stem_bytes,
        });
    }

    fn place(&mut self, new: Slot) {
        let mask = self.slots.len() - 1;
        let mut position = self.position(&new.word);
        loop {
            let slot = &mut self.slots[position];
            if slot.is_empty() {
                *slot = new;
                self.used += 1;
                return;
            }
            if slot.word == new.word {
                *slot = new;
                return;
            }
            position = (position + 1) & mask;
        }
    }

    fn grow(&mut self) {
        let doubled = vec![Slot::EMPTY; self.slots.len() * 2];
        let old = std::mem::replace(&mut self.slots, doubled);
        self.used = 0;
        for slot in old.into_iter().filter(|slot| !slot.is_empty()) {
            self.place(slot);
        }
    }

    fn position(&self, key: &[u8; INLINE + 1]) -> usize {
        (self.hasher.hash_one(u128::from_le_bytes(*key)) as usize) & (self.slots.len() - 1)
    }
}

/// One word and its stem, each as its length then its bytes, zero-padded: two equal
/// words have equal arrays.
#[derive(Clone, Copy)]
#[repr(C, align(32))]
struct Slot {
    word: [u8; INLINE + 1],
    stem: [u8; INLINE + 1],
}

impl Slot {
    const EMPTY: Slot = Slot {
        word: [0; INLINE + 1],
        stem: [0; INLINE + 1],
    };

    fn is_empty(&self) -> bool {
        self.word[0] == 0
    }

    fn stem(&self) -> Option<&str> {
        // Always valid: the bytes were copied from a `str`.
        std::str::from_utf8(&self.stem[1..=usize::from(self.stem[0])]).ok()
    }
}

/// `text` as a slot holds it, if it is short enough.
fn inline(text: &str) -> Option<[u8; INLINE + 1]> {
    let bytes = text.as_bytes();
    if bytes.len() > INLINE {
        return None;
    }
    let mut key = [0u8; INLINE + 1];
    key[0] = bytes.len() as u8;
    key[1..=bytes.len()].copy_from_slice(bytes);
    Some(key)
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn remembers_short_and_long_words() {
        let mut cache = StemCache::default();
        cache.insert("negotiations", "negoti");
        cache.insert("internationalisation", "internationalis");
        cache.insert("переговоры", "переговор");
        assert_eq!(cache.get("negotiations"), Some("negoti"));
        assert_eq!(cache.get("internationalisation"), Some("internationalis"));
        assert_eq!(cache.get("переговоры"), Some("переговор"));
        assert_eq!(cache.get("negotiation"), None);
        assert_eq!(cache.get(""), None);
        cache.insert("", "");
        assert_eq!(cache.get(""), None);
    }

    #[test]
    fn a_full_cache_starts_afresh_and_stays_bounded() {
        let mut cache = StemCache::default();
        for number in 0..MAX_SLOTS {
            cache.insert(&format!("w{number}"), &format!("s{number}"));
        }
        assert_eq!(cache.slots.len(), MAX_SLOTS);
        assert!(cache.used <= MAX_SLOTS / 2);
        let last = MAX_SLOTS - 1;
        assert_eq!(
            cache.get(&format!("w{last}")),
            Some(format!("s{last}").as_str())
        );
    }

    proptest! {
        /// Every word inserted is answered with its stem, across growth, whatever the
        /// lengths of the word and the stem (folding can make a stem longer than its word).
        #[test]
        fn answers_as_a_map_does(
            words in proptest::collection::vec("\\PC{0,20}", 1..400)
        ) {
            let stem_of = |word: &str| word.repeat(word.len() % 3);
            let mut cache = StemCache::default();
            for word in words.iter().chain(&words) {
                if cache.get(word).is_none() {
                    cache.insert(word, &stem_of(word));
                }
            }
            for word in words.iter().filter(|word| !word.is_empty()) {
                let stem = stem_of(word);
                prop_assert_eq!(cache.get(word), Some(stem.as_str()));
            }
            prop_assert_eq!(cache.get("\u{0}never inserted"), None);
        }
    }
}
