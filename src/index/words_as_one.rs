//! The words a prefix query means (`sanction*`: sanction, sanctioned, sanctions…),
//! ranked by BM25 as one word.
//!
//! Matched as a set (tantivy's `TermSetQuery`), every statement scored alike, so
//! `sanction*` listed its matches oldest first: a statement naming sanctions once in
//! passing above one about nothing else. Scored word by word, each with its own document
//! frequency, the rarest word would come first (of `escalat*`, the one statement writing
//! "escalatory" above every statement writing "escalation"). So the words share one
//! frequency, the largest of theirs, as the spellings of a place do
//! ([`super::SearchIndex::search_weighing_alike`]), as Lucene's blended rewrite does, and
//! as FTS5 ranks a prefix (one phrase, however many words it matches).

use tantivy::query::{
    Bm25StatisticsProvider, BooleanWeight, ConstScoreQuery, EmptyWeight, EnableScoring, Occur,
    Query, SumCombiner, TermQuery, TermSetQuery, Weight,
};
use tantivy::schema::{Field, IndexRecordOption};
use tantivy::Term;

/// The most words of a prefix scored, the most frequent: the others still match, with
/// nothing added to the score. `a*` means tens of thousands of words, and scoring each
/// would make a search of it walk every one's frequencies for a ranking the most
/// frequent decide anyway.
const MOST_SCORED: usize = 12;

/// Statements holding any of some terms of one field, scored as if the terms were one.
#[derive(Clone, Debug)]
pub(super) struct WordsAsOne {
    terms: Vec<Term>,
}

impl WordsAsOne {
    /// The statements holding any of `terms`, all of one field.
    pub(super) fn new(terms: Vec<Term>) -> WordsAsOne {
        debug_assert!(terms
            .windows(2)
            .all(|pair| pair[0].field() == pair[1].field()));
        WordsAsOne { terms }
    }
}

impl Query for WordsAsOne {
    fn weight(&self, enable_scoring: EnableScoring<'_>) -> tantivy::Result<Box<dyn Weight>> {
        let every = || TermSetQuery::new(self.terms.iter().cloned());
        let EnableScoring::Enabled {
            statistics_provider: statistics,
            searcher,
        } = enable_scoring
        else {
            return every().weight(enable_scoring);
        };
        let mut held = Vec::with_capacity(self.terms.len());
        for term in &self.terms {
            let frequency = statistics.doc_freq(term)?;
            if frequency > 0 {
                held.push((frequency, term));
            }
        }
        let Some(&(frequency, _)) = held.iter().max_by_key(|(frequency, _)| *frequency) else {
            return Ok(Box::new(EmptyWeight));
        };
        let shared = SharedFrequency {
            statistics,
            frequency,
        };
        let scoring = EnableScoring::enabled_from_statistics_provider(&shared, searcher);
        // Ties in frequency by the term, so that a ranking never depends on the order the
        // vocabulary listed the words in.
        held.sort_unstable_by(|(one, one_term), (other, other_term)| {
            other.cmp(one).then_with(|| one_term.cmp(other_term))
        });
        let unscored = held.split_off(held.len().min(MOST_SCORED));
        let mut clauses: Vec<(Occur, Box<dyn Weight>)> = Vec::with_capacity(held.len() + 1);
        for (_, term) in held {
            let query = TermQuery::new(term.clone(), IndexRecordOption::WithFreqs);
            clauses.push((Occur::Should, query.weight(scoring)?));
        }
        if !unscored.is_empty() {
            let rest = TermSetQuery::new(unscored.into_iter().map(|(_, term)| term.clone()));
            let matched = ConstScoreQuery::new(Box::new(rest), 0.0);
            clauses.push((Occur::Should, matched.weight(enable_scoring)?));
        }
        Ok(Box::new(BooleanWeight::with_minimum_number_should_match(
            clauses,
            1,
            true,
            Box::new(SumCombiner::default),
        )))
    }

    fn query_terms<'a>(&'a self, visitor: &mut dyn FnMut(&'a Term, bool)) {
        for term in &self.terms {
            visitor(term, false);
        }
    }
}

/// The statistics of a search, but for one document frequency shared by every term.
struct SharedFrequency<'a> {
    statistics: &'a dyn Bm25StatisticsProvider,
    frequency: u64,
}

impl Bm25StatisticsProvider for SharedFrequency<'_> {
    fn total_num_tokens(&self, field: Field) -> tantivy::Result<u64> {
        self.statistics.total_num_tokens(field)
    }

    fn total_num_docs(&self) -> tantivy::Result<u64> {
        self.statistics.total_num_docs()
    }

    fn doc_freq(&self, _term: &Term) -> tantivy::Result<u64> {
        Ok(self.frequency)
    }
}
