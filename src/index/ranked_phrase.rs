//! A phrase ranked, with or without filters, every match counted in the same pass.
//!
//! tantivy's phrase scorer finds where a document's positions of a term start by adding
//! up the term frequencies of every earlier document of the term's block, for each
//! term of each document it checks: on "climate change" over the UN paragraphs those
//! sums were a third of the search. Here each term's postings are read a block at a
//! time, as a word's are in [`ranked_word`](super::ranked_word), where each document's
//! positions start is summed once per block, and a block's positions are read at once,
//! so a document's positions cost only their comparison.
//!
//! The statements, counts and scores are tantivy's: a phrase is the same query, each
//! field's BM25 weighing the phrase's count in a statement with the sum of its terms'
//! inverse document frequencies, the fields' scores summed.

use super::filter_bits::FilterBits;
use super::ranked_word::{
    filter_scorers, merge_fields, segment_bits, Among, CountedPage, FieldsWithTerms, Page,
};
use super::TieKeys;
use tantivy::directory::FileSlice;
use tantivy::positions::PositionReader;
use tantivy::postings::BlockSegmentPostings;
use tantivy::query::{Bm25StatisticsProvider, Bm25Weight, EnableScoring, PhraseQuery, Query};
use tantivy::schema::{Field, IndexRecordOption};
use tantivy::{DocAddress, DocId, Score, Searcher, SegmentReader, Term};

/// What the phrase search needs of a segment beyond its reader.
pub(super) struct SegmentFiles<'a> {
    /// Whether a field holds terms in a segment: tantivy builds an empty term dictionary
    /// for a field that does not, the first time in a process.
    pub has_terms: &'a dyn Fn(&SegmentReader, Field) -> bool,
    /// The positions of a field's terms in a segment, None when it has none.
    pub positions: &'a dyn Fn(&SegmentReader, Field) -> tantivy::Result<Option<FileSlice>>,
    /// The keys that break ties between equal scores.
    pub tie_keys: &'a dyn Fn(&SegmentReader) -> tantivy::Result<TieKeys>,
}

/// The total and the best `wanted` hits of a phrase (its terms in each field it is
/// looked up in, two or more, in order) among some statements, by the sum of the
/// fields' BM25 scores, ties in chronological order; None when the filters are so broad
/// that setting their bits would cost more than tantivy's intersection.
pub(super) fn count_and_rank(
    searcher: &Searcher,
    phrases: &[Vec<Term>],
    among: Among<'_>,
    files: &SegmentFiles<'_>,
    wanted: usize,
) -> tantivy::Result<Option<CountedPage>> {
    let statistics = FieldsWithTerms {
        searcher,
        has_terms: files.has_terms,
    };
    // A phrase matches no more statements than its rarest term, in any field.
    let most = || -> tantivy::Result<u64> {
        let mut most = 0;
        for terms in phrases {
            let mut rarest = u64::MAX;
            for term in terms {
                rarest = rarest.min(statistics.doc_freq(term)?);
            }
            most += rarest;
        }
        Ok(most.saturating_mul(4))
    };
    let Some(filters) = filter_scorers(searcher, &among, &most)? else {
        return Ok(None);
    };
    let weights = phrases
        .iter()
        .map(|terms| Bm25Weight::for_terms(&statistics, terms))
        .collect::<tantivy::Result<Vec<_>>>()?;
    let mut page = Page::new(wanted);
    let mut total = 0;
    let mut starts = Starts::new();
    for ((ordinal, reader), filter) in searcher.segment_readers().iter().enumerate().zip(filters) {
        let Some(bits) = segment_bits(reader, &among, filter)? else {
            continue;
        };
        let mut found: Vec<(DocId, Score)> = Vec::new();
        for (terms, weight) in phrases.iter().zip(&weights) {
            let mut phrase = match SegmentPhrase::open(reader, terms, files, &bits)? {
                None => continue,
                Some(Reading::Blocks(phrase)) => phrase,
                Some(Reading::Skipping) => {
                    let scoring =
                        EnableScoring::enabled_from_statistics_provider(&statistics, searcher);
                    for_each_scored_by_tantivy(reader, terms, scoring, &bits, |doc, score| {
                        found.push((doc, score));
                    })?;
                    continue;
                }
            };
            let fieldnorms = reader.get_fieldnorms_reader(terms[0].field())?;
            phrase.for_each_match(&bits, &mut starts, |doc, count| {
                found.push((doc, weight.score(fieldnorms.fieldnorm_id(doc), count)));
            });
        }
        if phrases.len() > 1 {
            merge_fields(&mut found);
        }
        total += found.len();
        let keys = (files.tie_keys)(reader)?;
        for (doc, score) in found {
            page.offer(score, DocAddress::new(ordinal as u32, doc), || {
                keys.of_doc(doc)
            });
        }
    }
    Ok(Some((total, page.into_sorted())))
}

/// Calls `found` with each document whose bit is set and that holds the phrase `terms`,
/// and its score, as tantivy's phrase scorer finds them in the segment of `reader`.
fn for_each_scored_by_tantivy(
    reader: &SegmentReader,
    terms: &[Term],
    scoring: EnableScoring<'_>,
    bits: &FilterBits,
    mut found: impl FnMut(DocId, Score),
) -> tantivy::Result<()> {
    let mut scorer = PhraseQuery::new(terms.to_vec())
        .weight(scoring)?
        .scorer(reader, 1.0)?;
    let mut doc = scorer.doc();
    if doc < bits.first {
        doc = scorer.seek(bits.first);
    }
    while doc < bits.end {
        if bits.contains(doc) {
            found(doc, scorer.score());
        }
        doc = scorer.advance();
    }
    Ok(())
}

/// Where the phrase may start in a document: the first term's positions, then those
/// the following terms continue. Kept from one document to the next.
type Starts = Vec<u32>;

/// How a phrase is read in a segment.
enum Reading {
    /// Block by block, from the segment's first document.
    Blocks(SegmentPhrase),
    /// By tantivy's phrase scorer, which skips the blocks before the filters' first
    /// statement.
    Skipping,
}

/// A phrase's terms in one field of one segment.
struct SegmentPhrase {
    /// In the phrase's order.
    terms: Vec<TermPostings>,
    /// The term with the fewest documents, whose documents the others are moved to.
    rarest: usize,
}

impl SegmentPhrase {
    /// None when some term of the phrase is not in the segment.
    fn open(
        reader: &SegmentReader,
        terms: &[Term],
        files: &SegmentFiles<'_>,
        bits: &FilterBits,
    ) -> tantivy::Result<Option<Reading>> {
        let Some(field) = terms.first().map(Term::field) else {
            return Ok(None);
        };
        if !(files.has_terms)(reader, field) {
            return Ok(None);
        }
        let Some(positions) = (files.positions)(reader, field)? else {
            return Ok(None);
        };
        let inverted = reader.inverted_index(field)?;
        let mut infos = Vec::with_capacity(terms.len());
        for term in terms {
            let Some(info) = inverted.get_term_info(term)? else {
                return Ok(None);
            };
            infos.push(info);
        }
        // Every block before the filters' first statement is read too (its documents'
        // positions must be counted); tantivy's scorer skips them, and checks each
        // candidate for some 400 instructions more than here, where a document read
        // costs about 8: the documents passed over against the candidates at most,
        // those of the rarest term among the filters' (a month of a million statements
        // is such a case, and "climate change" since 2000 in the UN paragraphs not).
        let mut passed_over = 0u64;
        let mut candidates = u64::MAX;
        // Nothing is passed over when the filters start the segment (or there are none).
        for info in infos.iter().filter(|_| bits.first > 0) {
            let mut ranks =
                inverted.read_block_postings_from_terminfo(info, IndexRecordOption::Basic)?;
            let before = ranks.rank(bits.first);
            let within = ranks.rank(bits.end) - before;
            passed_over += u64::from(before);
            candidates = candidates.min(u64::from(within));
        }
        if passed_over > candidates.saturating_mul(50) {
            return Ok(Some(Reading::Skipping));
        }
        let mut postings = Vec::with_capacity(terms.len());
        for info in &infos {
            let blocks =
                inverted.read_block_postings_from_terminfo(info, IndexRecordOption::WithFreqs)?;
            let positions = positions.slice(info.positions_range.clone()).read_bytes()?;
            postings.push(TermPostings::new(blocks, PositionReader::open(positions)?));
        }
        let rarest = (0..postings.len())
            .min_by_key(|&place| postings[place].blocks.doc_freq())
            .unwrap_or(0);
        Ok(Some(Reading::Blocks(SegmentPhrase {
            terms: postings,
            rarest,
        })))
    }

    /// Calls `found` with each document whose bit is set and that holds the phrase, and
    /// how many times it does, in ascending order.
    fn for_each_match(
        &mut self,
        bits: &FilterBits,
        starts: &mut Starts,
        mut found: impl FnMut(DocId, u32),
    ) {
        let rarest = self.rarest;
        let mut block = Vec::new();
        loop {
            block.clear();
            block.extend_from_slice(self.terms[rarest].blocks.docs());
            if block.is_empty() {
                return;
            }
            'documents: for (index, &doc) in block.iter().enumerate() {
                if doc < bits.first || !bits.contains(doc) {
                    if doc >= bits.end {
                        return;
                    }
                    continue;
                }
                self.terms[rarest].index = index;
                for (place, term) in self.terms.iter_mut().enumerate() {
                    if place != rarest {
                        match term.reach(doc) {
                            Reached::On => {}
                            Reached::Past => continue 'documents,
                            Reached::End => return,
                        }
                    }
                }
                let count = self.count_in(starts);
                if count > 0 {
                    found(doc, count);
                }
            }
            self.terms[rarest].next_block();
        }
    }

    /// How many times the phrase is in the document every term is on.
    fn count_in(&mut self, starts: &mut Starts) -> u32 {
        let Some((first, rest)) = self.terms.split_first_mut() else {
            return 0;
        };
        starts.clear();
        starts.extend(positions(first.gaps()));
        for (place, postings) in (1u32..).zip(rest) {
            keep_followed(starts, postings.gaps(), place);
            if starts.is_empty() {
                return 0;
            }
        }
        starts.len() as u32
    }
}

/// A document's positions of a term, from the gaps between them that the index stores.
fn positions(gaps: &[u32]) -> impl Iterator<Item = u32> + '_ {
    gaps.iter().scan(0u32, |position, &gap| {
        *position = position.wrapping_add(gap);
        Some(*position)
    })
}

/// Keeps the starts that a term, at `gaps` from one position to the next, holds
/// `distance` words after.
fn keep_followed(starts: &mut Starts, gaps: &[u32], distance: u32) {
    let mut kept = 0;
    let mut positions = positions(gaps).peekable();
    for index in 0..starts.len() {
        let wanted = starts[index].saturating_add(distance);
        while positions.next_if(|&position| position < wanted).is_some() {}
        match positions.peek() {
            None => break,
            Some(&position) if position == wanted => {
                starts[kept] = starts[index];
                kept += 1;
            }
            Some(_) => {}
        }
    }
    starts.truncate(kept);
}

/// Where [`TermPostings::reach`] leaves a term.
enum Reached {
    /// On the document asked for.
    On,
    /// On a later document.
    Past,
    /// Past its last document.
    End,
}

/// A term's postings in one segment, read a block at a time, and its positions. Every
/// block is read in turn: one skipped unread would leave unknown where the positions of
/// the documents after it start.
struct TermPostings {
    blocks: BlockSegmentPostings,
    /// The current document's place in the current block.
    index: usize,
    /// Where the positions of each document of the block start among all the term's
    /// positions, and after them where the next block's start.
    starts: Vec<u64>,
    positions: PositionReader,
    /// The positions of the current block's documents from the first one asked for on:
    /// read at once, as a call to read them costs more than a document's few.
    read: Vec<u32>,
    /// Where `read` starts among all the term's positions.
    read_from: u64,
}

impl TermPostings {
    fn new(blocks: BlockSegmentPostings, positions: PositionReader) -> TermPostings {
        let mut postings = TermPostings {
            blocks,
            index: 0,
            starts: Vec::new(),
            positions,
            read: Vec::new(),
            read_from: 0,
        };
        postings.set_starts(0);
        postings
    }

    /// Moves to the next block.
    fn next_block(&mut self) {
        let next = self.starts.last().copied().unwrap_or(0);
        self.blocks.advance();
        self.index = 0;
        self.read.clear();
        self.set_starts(next);
    }

    fn set_starts(&mut self, first: u64) {
        let freqs = self.blocks.freqs();
        self.starts.clear();
        self.starts.push(first);
        self.starts.extend(freqs.iter().scan(first, |start, &freq| {
            *start += u64::from(freq);
            Some(*start)
        }));
    }

    /// Moves to the first document at or after `target`.
    fn reach(&mut self, target: DocId) -> Reached {
        loop {
            let docs = self.blocks.docs();
            let Some(&last) = docs.last() else {
                return Reached::End;
            };
            if last < target {
                self.next_block();
                continue;
            }
            // The documents looked for are mostly near: a step at a time.
            while docs[self.index] < target {
                self.index += 1;
            }
            return match docs[self.index] == target {
                true => Reached::On,
                false => Reached::Past,
            };
        }
    }

    /// The gaps between the current document's positions of the term, the first one's
    /// from 0.
    fn gaps(&mut self) -> &[u32] {
        let (start, end) = (self.starts[self.index], self.starts[self.index + 1]);
        if self.read.is_empty() {
            let block_end = self.starts[self.starts.len() - 1];
            self.read.resize((block_end - start) as usize, 0);
            self.positions.read(start, &mut self.read);
            self.read_from = start;
        }
        &self.read[(start - self.read_from) as usize..(end - self.read_from) as usize]
    }
}

#[cfg(test)]
mod tests {
    use super::keep_followed;

    #[test]
    fn a_start_is_kept_when_the_next_word_follows_it_at_its_distance() {
        // Positions 1, 6, 11, 21 as the index stores them: the gaps between them.
        let mut starts = vec![0, 4, 9, 20];
        keep_followed(&mut starts, &[1, 5, 5, 10], 1);
        assert_eq!(starts, [0, 20]);
        let mut starts = vec![3, 7];
        keep_followed(&mut starts, &[5, 4], 2);
        assert_eq!(starts, [3, 7]);
        let mut starts = vec![3, 7];
        keep_followed(&mut starts, &[], 1);
        assert!(starts.is_empty());
    }
}
