//! One word ranked, with or without filters, every match counted in the same pass.
//!
//! tantivy intersects the word's postings with the filters by seeking one list into the
//! other, document by document; with a common word and a filter that keeps a tenth of
//! the archive, most of a search went into those seeks and their mispredicted branches.
//! Here the filters' statements of a segment are set as bits first (without filters,
//! every live statement's), then the word's postings are read block by block and each
//! document is tested against its bit: the count is a sum of bits, and a document is
//! scored only when the best score its block allows could still enter the page.
//!
//! That bound is exact, where tantivy's block-max WAND (which ranked a word without
//! filters before) can skip the block of the best match: see [`FieldWeight::postings`].

use std::collections::BinaryHeap;

use super::filter_bits::FilterBits;
use super::{PeriodQuery, TieKeys};
use tantivy::fieldnorm::FieldNormReader;
use tantivy::postings::BlockSegmentPostings;
use tantivy::query::{Bm25StatisticsProvider, Bm25Weight, EnableScoring, Query, Scorer};
use tantivy::schema::{Field, IndexRecordOption};
use tantivy::{DocAddress, DocId, DocSet, Score, Searcher, SegmentReader, Term};

/// The statements a word is ranked among.
pub(super) enum Among<'a> {
    /// Every live statement.
    All,
    /// The matches of a query of filters.
    Filters(&'a dyn Query),
    /// A term of every one of these lists, in a period: set from the terms' postings
    /// inside the period's run of documents (see [`FilterBits::fields_in_period`]),
    /// where a query would intersect the postings with the run document by document.
    /// Without lists, the period alone: its run, with no bit set but for its wide
    /// statements.
    FieldsInPeriod(&'a [Vec<Term>], &'a PeriodQuery),
}

/// The total and the best `wanted` hits of a word (its terms, one per field it is looked
/// up in, the first the field most statements hold it in) among some statements, by the
/// sum of the fields' BM25 scores: the scores a union of the term queries gives, ties in
/// chronological order (see [`Page`]). None when the filters are so broad that setting
/// their bits would cost more than tantivy's intersection.
///
/// `has_terms` says whether a field holds terms in a segment: tantivy builds an empty
/// term dictionary for a field that does not, the first time in a process, at a cost
/// greater than a rare word's whole search.
pub(super) fn count_and_rank(
    searcher: &Searcher,
    terms: &[Term],
    among: Among<'_>,
    has_terms: &dyn Fn(&SegmentReader, Field) -> bool,
    tie_keys: &dyn Fn(&SegmentReader) -> tantivy::Result<TieKeys>,
    wanted: usize,
) -> tantivy::Result<Option<CountedPage>> {
    let Some((main, others)) = terms.split_first() else {
        return Ok(None);
    };
    let statistics = FieldsWithTerms {
        searcher,
        has_terms,
    };
    let most = || Ok(4 * statistics.doc_freq(main)?);
    let Some(filters) = filter_scorers(searcher, &among, &most)? else {
        return Ok(None);
    };
    let main = FieldWeight::new(&statistics, main)?;
    let others = others
        .iter()
        .map(|term| FieldWeight::new(&statistics, term))
        .collect::<tantivy::Result<Vec<_>>>()?;
    let mut page = Page::new(wanted);
    let mut total = 0;
    for ((ordinal, reader), filter) in searcher.segment_readers().iter().enumerate().zip(filters) {
        let Some(mut bits) = segment_bits(reader, &among, filter)? else {
            continue;
        };
        let keys = tie_keys(reader)?;
        let hit = |doc| (DocAddress::new(ordinal as u32, doc), &keys);
        // The other fields first: their statements are fewer, and as each takes its
        // statements' bits, the main field counts every statement once.
        let mut others_found: Vec<(DocId, Score)> = Vec::new();
        for field in &others {
            let Some(mut postings) = field.postings(reader, has_terms)? else {
                continue;
            };
            postings.visit(bits.first, bits.end, |doc, score| {
                if bits.take(doc) {
                    others_found.push((doc, score()));
                } else if bits.was_taken(doc) {
                    // Another field had it: one statement, the fields' scores summed.
                    others_found.push((doc, score()));
                }
            });
        }
        if others.len() > 1 {
            merge_fields(&mut others_found);
        }
        total += others_found.len();
        let main_postings = main.postings(reader, has_terms)?;
        if let Some(mut postings) = main_postings {
            total += postings.count_and_rank(&bits, &hit, &mut page);
        }
        if others_found.is_empty() {
            continue;
        }
        // The statements holding the word in another field, and maybe in the main one:
        // only those that could make the page with the best the main field can add.
        let mut main_again = main.postings(reader, has_terms)?;
        let main_best = main.weight.max_score();
        for (doc, score) in others_found {
            if !page.could_take(score + main_best) {
                continue;
            }
            let main_score = main_again
                .as_mut()
                .and_then(|postings| postings.score_of(doc))
                .unwrap_or(0.0);
            let (address, keys) = hit(doc);
            page.offer(main_score + score, address, || keys.of_doc(doc));
        }
    }
    Ok(Some((total, page.into_sorted())))
}

/// Merges the documents several fields found, each field's ascending one after the
/// other, into one list by document, each one's scores summed in the fields' order, as
/// a union of their queries adds them.
pub(super) fn merge_fields(found: &mut Vec<(DocId, Score)>) {
    found.sort_by_key(|found| found.0);
    found.dedup_by(|later, kept| {
        let same = later.0 == kept.0;
        if same {
            kept.1 += later.1;
        }
        same
    });
}

/// A segment's scorer of filters, None for the statements [`Among`] holds otherwise.
pub(super) type SegmentFilter = Option<Box<dyn Scorer>>;

/// Each segment's scorer of the filters of `among` (None for the other kinds of
/// statements); None when the filters match more than `most` statements, so many that
/// setting their bits would cost more than tantivy's intersection.
pub(super) fn filter_scorers(
    searcher: &Searcher,
    among: &Among<'_>,
    most: &dyn Fn() -> tantivy::Result<u64>,
) -> tantivy::Result<Option<Vec<SegmentFilter>>> {
    let segments = searcher.segment_readers().len();
    let Among::Filters(filter) = among else {
        return Ok(Some((0..segments).map(|_| None).collect()));
    };
    let filter = filter.weight(EnableScoring::disabled_from_searcher(searcher))?;
    let mut filtered = 0u64;
    let mut scorers = Vec::with_capacity(segments);
    for reader in searcher.segment_readers() {
        let scorer = filter.scorer(reader, 1.0)?;
        filtered += u64::from(scorer.size_hint());
        scorers.push(Some(scorer));
    }
    Ok((filtered <= most()?).then_some(scorers))
}

/// The bits of the statements of a segment that `among` holds, from the segment's
/// scorer of [`filter_scorers`]; None when there are none.
pub(super) fn segment_bits(
    reader: &SegmentReader,
    among: &Among<'_>,
    filter: SegmentFilter,
) -> tantivy::Result<Option<FilterBits>> {
    Ok(match (among, filter) {
        (_, Some(filter)) => FilterBits::collect(reader, filter),
        (Among::FieldsInPeriod(lists, period), None) => {
            FilterBits::fields_in_period(reader, lists, period)?
        }
        _ => FilterBits::every_live(reader),
    })
}

/// The index's statistics as tantivy gives them (deleted documents counted), from the
/// segments that hold terms of the field asked about, so that a field without terms is
/// never opened.
pub(super) struct FieldsWithTerms<'a> {
    pub searcher: &'a Searcher,
    pub has_terms: &'a dyn Fn(&SegmentReader, Field) -> bool,
}

impl Bm25StatisticsProvider for FieldsWithTerms<'_> {
    fn total_num_tokens(&self, field: Field) -> tantivy::Result<u64> {
        let mut tokens = 0;
        for reader in self.searcher.segment_readers() {
            if (self.has_terms)(reader, field) {
                tokens += reader.inverted_index(field)?.total_num_tokens();
            }
        }
        Ok(tokens)
    }

    fn total_num_docs(&self) -> tantivy::Result<u64> {
        self.searcher.total_num_docs()
    }

    fn doc_freq(&self, term: &Term) -> tantivy::Result<u64> {
        let mut documents = 0;
        for reader in self.searcher.segment_readers() {
            if (self.has_terms)(reader, term.field()) {
                documents += u64::from(reader.inverted_index(term.field())?.doc_freq(term)?);
            }
        }
        Ok(documents)
    }
}

/// How many statements match, and the best of them with their scores.
pub(super) type CountedPage = (usize, Vec<(Score, DocAddress)>);

/// A term and its weight over the whole index.
struct FieldWeight<'a> {
    term: &'a Term,
    weight: Bm25Weight,
    /// The whole index's average length of the field, which the weight scores with.
    average: Score,
}

impl<'a> FieldWeight<'a> {
    /// The weight `Bm25Weight::for_terms` gives, from the segments that hold the field.
    fn new(statistics: &FieldsWithTerms<'_>, term: &'a Term) -> tantivy::Result<FieldWeight<'a>> {
        let documents = statistics.total_num_docs()?;
        let average = statistics.total_num_tokens(term.field())? as Score / documents as Score;
        Ok(FieldWeight {
            term,
            weight: Bm25Weight::for_one_term(statistics.doc_freq(term)?, documents, average),
            average,
        })
    }

    fn postings(
        &self,
        reader: &SegmentReader,
        has_terms: &dyn Fn(&SegmentReader, Field) -> bool,
    ) -> tantivy::Result<Option<FieldPostings>> {
        let field = self.term.field();
        if !has_terms(reader, field) {
            return Ok(None);
        }
        let inverted = reader.inverted_index(field)?;
        let Some(blocks) = inverted.read_block_postings(self.term, IndexRecordOption::WithFreqs)?
        else {
            return Ok(None);
        };
        // A block stores the (term frequency, length) pair that scored best with this
        // segment's average length when it was written; with the whole index's average
        // another pair of the block may score more. BM25's length factor changes by at
        // most the ratio of the two averages, so the stored pair's score times that
        // ratio bounds every score in the block. tantivy's own block-max WAND leaves this
        // out and may miss a hit; a search here must not. The last factor covers
        // rounding.
        let segment_average =
            inverted.total_num_tokens() as Score / reader.max_doc().max(1) as Score;
        let ratio = if segment_average > 0.0 && self.average > 0.0 {
            (segment_average / self.average).max(self.average / segment_average)
        } else {
            Score::INFINITY
        };
        Ok(Some(FieldPostings {
            blocks,
            fieldnorms: reader.get_fieldnorms_reader(field)?,
            weight: self.weight.clone(),
            bound_factor: ratio * 1.000_1,
        }))
    }
}

/// A term's postings in one segment, read a block at a time.
struct FieldPostings {
    blocks: BlockSegmentPostings,
    fieldnorms: FieldNormReader,
    weight: Bm25Weight,
    /// What a block's stored best score is multiplied by to bound every score in it.
    bound_factor: Score,
}

impl FieldPostings {
    /// Calls `visit` with every document in `first..end` and a way to score it.
    fn visit(
        &mut self,
        first: DocId,
        end: DocId,
        mut visit: impl FnMut(DocId, &dyn Fn() -> Score),
    ) {
        let mut index = self.blocks.seek(first);
        loop {
            let docs = self.blocks.docs();
            if index >= docs.len() {
                return;
            }
            for (position, &doc) in docs.iter().enumerate().skip(index) {
                if doc >= end {
                    return;
                }
                let score = || {
                    self.weight.score(
                        self.fieldnorms.fieldnorm_id(doc),
                        self.blocks.freqs()[position],
                    )
                };
                visit(doc, &score);
            }
            self.blocks.advance();
            index = 0;
        }
    }

    /// Counts the documents whose bit is set, and offers those that could make the page.
    fn count_and_rank<'k>(
        &mut self,
        bits: &FilterBits,
        hit: &impl Fn(DocId) -> (DocAddress, &'k TieKeys),
        page: &mut Page,
    ) -> usize {
        let mut count = 0;
        let mut index = self.blocks.seek(bits.first);
        loop {
            let docs = self.blocks.docs();
            if index >= docs.len() || docs[index] >= bits.end {
                return count;
            }
            let bound =
                self.blocks.block_max_score(&self.fieldnorms, &self.weight) * self.bound_factor;
            let docs = &self.blocks.docs()[index..];
            let in_range = docs.partition_point(|&doc| doc < bits.end);
            let docs = &docs[..in_range];
            if page.could_take(bound) {
                let freqs = &self.blocks.freqs()[index..];
                for (&doc, &freq) in docs.iter().zip(freqs) {
                    if bits.contains(doc) {
                        count += 1;
                        let score = self.weight.score(self.fieldnorms.fieldnorm_id(doc), freq);
                        let (address, keys) = hit(doc);
                        page.offer(score, address, || keys.of_doc(doc));
                    }
                }
            } else {
                count += bits.count_of(docs);
            }
            self.blocks.advance();
            index = 0;
        }
    }

    /// The score of `doc`, if the term is in it; documents asked for must ascend.
    fn score_of(&mut self, doc: DocId) -> Option<Score> {
        let index = self.blocks.seek(doc);
        let docs = self.blocks.docs();
        (docs.get(index) == Some(&doc)).then(|| {
            self.weight.score(
                self.fieldnorms.fieldnorm_id(doc),
                self.blocks.freqs()[index],
            )
        })
    }
}

/// The best hits so far, at most `wanted`: a hit beats another with a higher score, or
/// the same score and an earlier place in time (its [`TieKeys`] key). Ties are common
/// (BM25 of the same counts in texts of the same length): broken by address, they
/// followed how the statements happened to be split into segments, and a page's hits
/// changed order, or moved to another page, when `compact` merged them. The key is read
/// only for a hit that could enter.
pub(super) struct Page {
    wanted: usize,
    /// The worst hit on top.
    hits: BinaryHeap<Hit>,
}

impl Page {
    pub(super) fn new(wanted: usize) -> Page {
        Page {
            wanted,
            hits: BinaryHeap::with_capacity(wanted.min(10_000) + 1),
        }
    }

    /// Whether a hit scoring `bound` could enter.
    pub(super) fn could_take(&self, bound: Score) -> bool {
        self.hits.len() < self.wanted || self.hits.peek().is_some_and(|worst| bound >= worst.score)
    }

    /// Offers a hit; `key` gives its [`TieKeys`] key, asked for only if the hit could enter.
    pub(super) fn offer(&mut self, score: Score, address: DocAddress, key: impl FnOnce() -> u64) {
        if self.hits.len() < self.wanted {
            self.hits.push(Hit {
                score,
                key: key(),
                address,
            });
            return;
        }
        let Some(worst) = self.hits.peek() else {
            return;
        };
        if score < worst.score {
            return;
        }
        let hit = Hit {
            score,
            key: key(),
            address,
        };
        if hit < *worst {
            self.hits.pop();
            self.hits.push(hit);
        }
    }

    /// Takes in the hits of another page (another segment's).
    pub(super) fn merge(&mut self, other: Page) {
        for hit in other.hits {
            self.offer(hit.score, hit.address, || hit.key);
        }
    }

    /// The hits, best first.
    pub(super) fn into_sorted(self) -> Vec<(Score, DocAddress)> {
        self.hits
            .into_sorted_vec()
            .into_iter()
            .map(|hit| (hit.score, hit.address))
            .collect()
    }
}

/// A hit of the page.
#[derive(Clone, Copy, PartialEq)]
struct Hit {
    score: Score,
    key: u64,
    address: DocAddress,
}

impl Eq for Hit {}

impl PartialOrd for Hit {
    fn partial_cmp(&self, other: &Hit) -> Option<std::cmp::Ordering> {
        Some(self.cmp(other))
    }
}

impl Ord for Hit {
    /// Better hits are smaller: the heap's top is the worst, and a sorted page starts
    /// with the best. The address decides only between equal keys, which two statements
    /// never have.
    fn cmp(&self, other: &Hit) -> std::cmp::Ordering {
        other
            .score
            .total_cmp(&self.score)
            .then(self.key.cmp(&other.key))
            .then(self.address.cmp(&other.address))
    }
}
