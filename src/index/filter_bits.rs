//! The statements of one segment that match a search's filters, as bits.
//!
//! Set from the filters' postings inside a period's run of documents, where tantivy
//! would intersect the lists document by document: a union of a few dozen speakers
//! (`--speaker giulia`) is slow to seek into, and a page in date order or a count then
//! needs the whole intersection anyway. Reading every posting of each list in the run
//! costs about a nanosecond a posting, however the lists overlap.

use super::PeriodQuery;
use tantivy::fastfield::AliveBitSet;
use tantivy::postings::BlockSegmentPostings;
use tantivy::query::Scorer;
use tantivy::{DocId, DocSet, SegmentReader, Term, COLLECT_BLOCK_BUFFER_LEN, TERMINATED};

/// The live statements of one segment that match the filters, as bits over the span from
/// the first to the last of them.
pub(super) struct FilterBits {
    pub(super) first: DocId,
    /// One past the last.
    pub(super) end: DocId,
    /// The bits, 64 to a word, the first word's lowest bit `first`'s; empty with
    /// `everything`.
    words: Vec<u64>,
    /// Every statement from `first` to `end` is set but those taken: a search without
    /// filters, which would otherwise set a bit for each statement of the archive
    /// (34 kB at 274,560 statements: a twelfth of a rare word's whole search, to read
    /// three postings against).
    everything: bool,
    /// The bits taken (see [`FilterBits::take`]), as long as the last word taken needs.
    taken: Vec<u64>,
    /// Without filters every bit is set, and deleted statements are told apart here.
    alive: Option<AliveBitSet>,
}

impl FilterBits {
    /// The live matches of `filter`, a scorer of the filters' query.
    pub(super) fn collect(
        reader: &SegmentReader,
        mut filter: Box<dyn Scorer>,
    ) -> Option<FilterBits> {
        let first = filter.doc();
        if first == TERMINATED {
            return None;
        }
        // Sized for the filter's estimate, grown if it was short.
        let span = filter.size_hint().max(1) as usize * 2;
        let mut bits = FilterBits {
            first,
            end: first,
            words: Vec::with_capacity(span / 64 + 1),
            everything: false,
            taken: Vec::new(),
            alive: None,
        };
        let alive = reader.alive_bitset();
        let mut buffer = [0; COLLECT_BLOCK_BUFFER_LEN];
        loop {
            let filled = filter.fill_buffer(&mut buffer);
            for &doc in &buffer[..filled] {
                if alive.is_none_or(|alive| alive.is_alive(doc)) {
                    bits.set(doc);
                }
            }
            if filled < COLLECT_BLOCK_BUFFER_LEN {
                break;
            }
        }
        (bits.end > bits.first).then_some(bits)
    }

    /// The live statements in `period` holding a term of every one of `lists`: each
    /// list's documents are the union of its terms' postings, and the lists' sets are
    /// intersected. None when no statement matches.
    pub(super) fn fields_in_period(
        reader: &SegmentReader,
        lists: &[Vec<Term>],
        period: &PeriodQuery,
    ) -> tantivy::Result<Option<FilterBits>> {
        let (wide, run) = period.documents(reader)?;
        if lists.is_empty() {
            return Ok(FilterBits::period_alone(reader, &wide, run));
        }
        let first = wide.first().map_or(run.start, |&doc| doc.min(run.start));
        let span = (run.end.max(first) - first) as usize;
        let mut words: Option<Vec<u64>> = None;
        for list in lists {
            let mut list_words = vec![0u64; span.div_ceil(64)];
            for term in list {
                if let Some(postings) = period.block_postings(reader, term)? {
                    set_postings(postings, &wide, &run, first, &mut list_words);
                }
            }
            words = Some(match words {
                None => list_words,
                Some(mut words) => {
                    for (word, list_word) in words.iter_mut().zip(&list_words) {
                        *word &= list_word;
                    }
                    words
                }
            });
        }
        let Some(mut words) = words else {
            return Ok(None);
        };
        if let Some(alive) = reader.alive_bitset() {
            for (index, word) in words.iter_mut().enumerate() {
                let mut set = *word;
                while set != 0 {
                    let bit = set.trailing_zeros();
                    set &= set - 1;
                    let doc = first + index as DocId * 64 + bit;
                    if !alive.is_alive(doc) {
                        *word &= !(1 << bit);
                    }
                }
            }
        }
        let Some(last) = words.iter().rposition(|&word| word != 0) else {
            return Ok(None);
        };
        words.truncate(last + 1);
        let end = first + last as DocId * 64 + (64 - words[last].leading_zeros());
        Ok(Some(FilterBits {
            first,
            end,
            words,
            everything: false,
            taken: Vec::new(),
            alive: None,
        }))
    }

    /// Every live statement of a period: its run of documents, as with
    /// [`every_live`](Self::every_live) no bit each, and the wide statements before it.
    fn period_alone(
        reader: &SegmentReader,
        wide: &[DocId],
        run: std::ops::Range<DocId>,
    ) -> Option<FilterBits> {
        let alive = reader.alive_bitset().cloned();
        let Some(&first) = wide.first() else {
            return (run.start < run.end).then(|| FilterBits {
                first: run.start,
                end: run.end,
                words: Vec::new(),
                everything: true,
                taken: Vec::new(),
                alive,
            });
        };
        // The wide statements all come before the run.
        let end = run.end.max(wide[wide.len() - 1] + 1);
        let mut words = vec![0u64; ((end - first) as usize).div_ceil(64)];
        for doc in wide.iter().copied().chain(run) {
            let offset = (doc - first) as usize;
            words[offset / 64] |= 1 << (offset % 64);
        }
        Some(FilterBits {
            first,
            end,
            words,
            everything: false,
            taken: Vec::new(),
            alive,
        })
    }

    /// Every live statement of the segment.
    pub(super) fn every_live(reader: &SegmentReader) -> Option<FilterBits> {
        let end = reader.max_doc();
        (end > 0).then(|| FilterBits {
            first: 0,
            end,
            words: Vec::new(),
            everything: true,
            taken: Vec::new(),
            alive: reader.alive_bitset().cloned(),
        })
    }

    /// How many statements are set.
    pub(super) fn count(&self) -> usize {
        match &self.alive {
            None => (0..self.word_count())
                .map(|index| self.word(index).count_ones() as usize)
                .sum(),
            Some(_) => (self.first..self.end)
                .filter(|&doc| self.contains(doc))
                .count(),
        }
    }

    /// How many of `docs`, ascending and all inside the bits' span of documents, are set.
    pub(super) fn count_of(&self, docs: &[DocId]) -> usize {
        let (Some(&low), Some(&high)) = (docs.first(), docs.last()) else {
            return 0;
        };
        if !self.everything || self.alive.is_some() {
            return docs.iter().filter(|&&doc| self.contains(doc)).count();
        }
        // Every statement is set but those taken, which are few (another field's
        // matches): they are looked for among `docs` from the taken words their span
        // covers, where testing each document cost a common word most of its search.
        debug_assert!(self.first <= low && high < self.end);
        let low = (low - self.first) as usize;
        let high = (high - self.first) as usize;
        let mut taken = 0;
        for index in low / 64..=(high / 64).min(self.taken.len().saturating_sub(1)) {
            let mut word = self.taken.get(index).copied().unwrap_or(0);
            while word != 0 {
                let offset = index * 64 + word.trailing_zeros() as usize;
                word &= word - 1;
                if docs.binary_search(&(self.first + offset as DocId)).is_ok() {
                    taken += 1;
                }
            }
        }
        docs.len() - taken
    }

    /// The first `wanted` statements set, or the last `wanted` with `from_end`, in
    /// ascending order.
    pub(super) fn ends(&self, wanted: usize, from_end: bool) -> Vec<DocId> {
        let mut docs = Vec::with_capacity(wanted.min(1024));
        let take = |docs: &mut Vec<DocId>, doc: DocId| {
            if docs.len() < wanted && self.contains(doc) {
                docs.push(doc);
            }
            docs.len() < wanted
        };
        if from_end {
            'words: for index in (0..self.word_count()).rev() {
                let mut set = self.word(index);
                while set != 0 {
                    let bit = 63 - set.leading_zeros();
                    set &= !(1 << bit);
                    if !take(&mut docs, self.first + index as DocId * 64 + bit) {
                        break 'words;
                    }
                }
            }
            docs.reverse();
        } else {
            'words: for index in 0..self.word_count() {
                let mut set = self.word(index);
                while set != 0 {
                    let bit = set.trailing_zeros();
                    set &= set - 1;
                    if !take(&mut docs, self.first + index as DocId * 64 + bit) {
                        break 'words;
                    }
                }
            }
        }
        docs
    }

    /// The first statement set at or after `target`, or TERMINATED.
    fn next_from(&self, target: DocId) -> DocId {
        let mut target = target.max(self.first);
        while target < self.end {
            let offset = (target - self.first) as usize;
            let mut index = offset / 64;
            let mut word = self.word(index) & (u64::MAX << (offset % 64));
            while word == 0 {
                index += 1;
                if index >= self.word_count() {
                    return TERMINATED;
                }
                word = self.word(index);
            }
            let doc = self.first + index as DocId * 64 + word.trailing_zeros();
            if self.alive.as_ref().is_none_or(|alive| alive.is_alive(doc)) {
                return doc;
            }
            target = doc + 1;
        }
        TERMINATED
    }

    fn set(&mut self, doc: DocId) {
        let offset = (doc - self.first) as usize;
        let word = offset / 64;
        if word >= self.words.len() {
            self.words.resize(word + 1, 0);
        }
        self.words[word] |= 1 << (offset % 64);
        self.end = self.end.max(doc + 1);
    }

    pub(super) fn contains(&self, doc: DocId) -> bool {
        let set = match self.everything {
            true => (self.first..self.end).contains(&doc) && !self.was_taken(doc),
            false => bit(&self.words, self.first, doc),
        };
        set && self.alive.as_ref().is_none_or(|alive| alive.is_alive(doc))
    }

    /// Clears the bit of `doc`, saying whether it was set, and remembers it was.
    pub(super) fn take(&mut self, doc: DocId) -> bool {
        if !self.contains(doc) {
            return false;
        }
        let offset = (doc - self.first) as usize;
        if !self.everything {
            self.words[offset / 64] &= !(1 << (offset % 64));
        }
        if self.taken.len() <= offset / 64 {
            self.taken.resize(offset / 64 + 1, 0);
        }
        self.taken[offset / 64] |= 1 << (offset % 64);
        true
    }

    pub(super) fn was_taken(&self, doc: DocId) -> bool {
        bit(&self.taken, self.first, doc)
    }

    /// How many words of 64 bits span `first` to `end`.
    fn word_count(&self) -> usize {
        match self.everything {
            true => (self.end - self.first).div_ceil(64) as usize,
            false => self.words.len(),
        }
    }

    /// The word of bits at `index` (below [`FilterBits::word_count`]), deleted statements
    /// still set; with `everything`, no bit past `end`, so that counts and pages can read
    /// whole words.
    fn word(&self, index: usize) -> u64 {
        if !self.everything {
            return self.words[index];
        }
        let from = index as u64 * 64;
        let span = u64::from(self.end - self.first);
        let full = match span - from {
            64.. => u64::MAX,
            bits => (1 << bits) - 1,
        };
        full & !self.taken.get(index).copied().unwrap_or(0)
    }
}

/// Sets in `words` (whose first bit is document `first`) the documents of `postings`
/// among the `wide` ones and in `run`, deleted ones included.
fn set_postings(
    mut postings: BlockSegmentPostings,
    wide: &[DocId],
    run: &std::ops::Range<DocId>,
    first: DocId,
    words: &mut [u64],
) {
    let mut set = |doc: DocId| {
        let offset = (doc - first) as usize;
        words[offset / 64] |= 1 << (offset % 64);
    };
    // The wide statements come before the run, ascending.
    for &doc in wide {
        let index = postings.seek(doc);
        if postings.docs().get(index) == Some(&doc) {
            set(doc);
        }
    }
    let mut index = postings.seek(run.start);
    loop {
        let docs = postings.docs();
        if index >= docs.len() {
            return;
        }
        for &doc in &docs[index..] {
            if doc >= run.end {
                return;
            }
            set(doc);
        }
        postings.advance();
        index = 0;
    }
}

/// Whether the bit of `doc` is set in `words`, whose first bit is document `first`; bits
/// outside them are not.
fn bit(words: &[u64], first: DocId, doc: DocId) -> bool {
    doc.checked_sub(first).is_some_and(|offset| {
        let offset = offset as usize;
        words
            .get(offset / 64)
            .is_some_and(|word| word & (1 << (offset % 64)) != 0)
    })
}

/// Filter bits as a set of documents, for tantivy to intersect a text query with: seeking
/// in bits is a few word reads, where a union of many terms' postings refills a buffer.
pub(super) struct FilterBitsDocSet {
    bits: FilterBits,
    doc: DocId,
    count: u32,
}

impl FilterBitsDocSet {
    pub(super) fn new(bits: FilterBits) -> FilterBitsDocSet {
        let doc = bits.next_from(bits.first);
        let count = u32::try_from(bits.count()).unwrap_or(u32::MAX);
        FilterBitsDocSet { bits, doc, count }
    }
}

impl DocSet for FilterBitsDocSet {
    fn advance(&mut self) -> DocId {
        if self.doc != TERMINATED {
            self.doc = self.bits.next_from(self.doc + 1);
        }
        self.doc
    }

    fn seek(&mut self, target: DocId) -> DocId {
        if self.doc < target {
            self.doc = self.bits.next_from(target);
        }
        self.doc
    }

    fn doc(&self) -> DocId {
        self.doc
    }

    fn size_hint(&self) -> u32 {
        self.count
    }
}

/// A filter: it restricts, it never changes a score.
impl Scorer for FilterBitsDocSet {
    fn score(&mut self) -> tantivy::Score {
        0.0
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A searcher of one segment of `documents` documents.
    fn searcher_of(documents: u64) -> tantivy::Searcher {
        let mut schema = tantivy::schema::Schema::builder();
        let field = schema.add_u64_field("n", tantivy::schema::INDEXED);
        let index = tantivy::Index::create_in_ram(schema.build());
        let mut writer: tantivy::IndexWriter =
            index.writer_with_num_threads(1, 15_000_000).unwrap();
        for n in 0..documents {
            writer.add_document(tantivy::doc!(field => n)).unwrap();
        }
        writer.commit().unwrap();
        index.reader().unwrap().searcher()
    }

    /// A block of postings counted at once, as a word skipping blocks counts them: the
    /// same as testing each of its documents, wherever the taken statements (another
    /// field's matches) fall, in the block's span or beside it.
    #[test]
    fn documents_counted_at_once_are_those_each_test_finds() {
        let searcher = searcher_of(1000);
        let mut bits = FilterBits::every_live(searcher.segment_reader(0)).unwrap();
        let mut next = super::super::tests::numbers(7);
        for _ in 0..150 {
            bits.take(next(1000) as DocId);
        }
        for doc in [0, 63, 64, 999] {
            bits.take(doc);
        }
        for case in 0..2000 {
            let start = next(1000) as DocId;
            let stride = 1 + next(9) as DocId;
            let length = next(130) as DocId;
            let docs: Vec<DocId> = (0..length)
                .map(|step| start + step * stride)
                .filter(|&doc| doc < 1000)
                .collect();
            let each = docs.iter().filter(|&&doc| bits.contains(doc)).count();
            assert_eq!(bits.count_of(&docs), each, "case {case}: {docs:?}");
        }
        assert_eq!(bits.count_of(&[0, 1, 63, 64, 65, 999]), 2);
    }

    /// Every live statement of a segment whose size is not a multiple of 64: counted and
    /// paged as that many, however the bits are read.
    #[test]
    fn every_statement_of_a_segment_is_counted_once() {
        let searcher = searcher_of(100);
        let bits = FilterBits::every_live(searcher.segment_reader(0)).unwrap();
        assert_eq!(bits.count(), 100);
        assert_eq!(bits.ends(3, true), [97, 98, 99]);
        assert_eq!(bits.ends(2, false), [0, 1]);
        let mut docs = FilterBitsDocSet::new(bits);
        assert_eq!(docs.size_hint(), 100);
        assert_eq!(docs.seek(99), 99);
        assert_eq!(docs.advance(), TERMINATED);
    }

    /// A statement another field took is no longer set, once, whatever word it is in.
    #[test]
    fn every_live_statement_taken_is_counted_no_more() {
        let searcher = searcher_of(130);
        let mut bits = FilterBits::every_live(searcher.segment_reader(0)).unwrap();
        for doc in [0, 64, 129] {
            assert!(bits.take(doc));
            assert!(!bits.take(doc));
            assert!(bits.was_taken(doc) && !bits.contains(doc));
        }
        assert!(!bits.take(130));
        assert!(bits.contains(1) && !bits.was_taken(1));
        assert_eq!(bits.count(), 127);
        assert_eq!(bits.ends(2, true), [127, 128]);
        assert_eq!(bits.ends(2, false), [1, 2]);
        let mut docs = FilterBitsDocSet::new(bits);
        assert_eq!(docs.seek(64), 65);
        assert_eq!(docs.seek(128), 128);
        assert_eq!(docs.advance(), TERMINATED);
    }
}
