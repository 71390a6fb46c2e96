//! The tantivy full-text index: derived from the store, rebuildable, never the truth.
//!
//! It holds, per statement, the id, the analysed text and title, and the filter fields
//! (speaker, organisation, country, channel, kind, language, tags, date range) so that a
//! combined query runs entirely inside tantivy; the text itself is not stored here, hits
//! are hydrated from SQLite. Each commit carries an [`IndexState`] in its payload: which
//! archive and which change sequence of the store it reflects. This is the only module
//! that knows tantivy.

use std::borrow::Cow;
use std::cell::RefCell;
use std::collections::{BTreeMap, HashMap};
use std::ops::Bound;
use std::path::Path;

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use tantivy::query::{
    AllQuery, BooleanQuery, ConstScoreQuery, DisjunctionMaxQuery, EmptyQuery, Occur, PhraseQuery,
    Query as TantivyQuery, RegexPhraseQuery, RegexQuery, TermQuery, TermSetQuery,
};
use tantivy::schema::{
    Field, IndexRecordOption, NumericOptions, Schema, TextFieldIndexing, TextOptions, FAST,
};
use tantivy::tokenizer::{RemoveLongFilter, TextAnalyzer};
use tantivy::{
    DocAddress, Index, IndexReader, IndexWriter, Order, ReloadPolicy, Searcher, TantivyDocument,
    Term,
};

use crate::model::{
    normalize_label, IndexedLabels, IndexedStatement, Period, SpeakerId, StatementId, StatementKind,
};
use crate::query::Query;

mod azerbaijani;
mod files;
mod filter_bits;
mod georgian;
mod hebrew;
mod languages;
mod persian;
mod ranked_phrase;
mod ranked_word;
mod tokenizer;
mod ukrainian;
mod words_as_one;

use files::{IndexFiles, ManagedListSeen, SchemaKnown};
use languages::{stemming_language, Casing, LanguageSet, Stemmer, LANGUAGES, RUSSIAN};
use tokenizer::WordTokenizer;
use words_as_one::WordsAsOne;

/// Errors of the full-text index.
#[derive(Debug, thiserror::Error)]
pub enum IndexError {
    #[error("{0}")]
    Tantivy(#[from] tantivy::TantivyError),
    #[error("{0}")]
    Io(#[from] std::io::Error),
    #[error("the index is locked by another communique process writing to this archive")]
    Busy,
    #[error(
        "the index was built with another layout (version {found}, this build writes {expected})"
    )]
    OtherLayout { found: u32, expected: u32 },
    #[error("invalid query: {0}")]
    Query(String),
    #[error("the index is damaged ({0}); `communique reindex` rebuilds it from the database")]
    Damaged(String),
    /// A read panicked although the index's files check out: a bug, not damage.
    #[error("reading the index failed unexpectedly ({0}); its files check out, so this is a bug in communique: please report it")]
    Internal(String),
    /// tantivy's indexing thread stopped, which a failed write is nearly always: its own
    /// message ("an index writer was killed") does not say so.
    #[error("writing the index failed (is the disk full or read-only?): {0}")]
    WriteFailed(String),
}

/// Names what a failure of tantivy's indexing thread most likely is.
fn write_error(error: tantivy::TantivyError) -> IndexError {
    match error {
        tantivy::TantivyError::ErrorInThread(message) => IndexError::WriteFailed(message),
        tantivy::TantivyError::IoError(source) => IndexError::WriteFailed(source.to_string()),
        other => IndexError::Tantivy(other),
    }
}

type Result<T> = std::result::Result<T, IndexError>;

/// Which state of the store an index commit reflects.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct IndexState {
    /// The store's archive id: an index copied from elsewhere is never trusted.
    pub archive_id: String,
    /// The store's change sequence number when the index committed.
    pub sequence: i64,
    /// The index layout version, so that a new build can tell it must rebuild.
    pub layout: u32,
}

/// Bumped whenever the schema, the analysers below or the terms a statement is indexed
/// with change: older indexes are rebuilt.
/// 8: ids and chronologies read from one bit-packed column (`IdAndDay`).
/// 9: runs of Chinese, Japanese and Korean characters are indexed as pairs of characters.
/// 10: statements without an organisation or a country hold a `without` term for it.
/// 11: a word goes on through combining marks (decomposed text, Indic vowel signs).
/// 12: an English possessive is its word ("Armenia's" is armenia, not armenia + s).
/// 13: soft hyphens, joiners and Armenian stress marks inside a word are dropped, not cut
///     on; ʼ (U+02BC) is an apostrophe; Greek ς folds to σ, Armenian և and եւ to եվ.
/// 14: a capitalised Russian word in -ов/-ев/-ёв that the stemmer cuts short (a surname
///     in the nominative: "Алиев" is "ал") is also indexed as its whole folded form.
/// 15: such a word is indexed as its whole form only: "алые" no longer finds "Алиев".
/// 16: Arabic script folds as Lucene's Arabic and Persian normalisers (ی and ى are ي, ک is
///     ك, ة and ۀ are ه, ٱ is ا, a tatweel inside a word is dropped, alone no word),
///     Arabic-Indic digits are 0 to 9, Ukrainian ґ is г; the vowel signs of Indic and
///     South-East Asian scripts are letters, kept (काम is not कम); Hebrew final letters
///     fold to their medial forms, Urdu ھ to ه; a zero-width non-joiner after a letter of
///     Arabic script parts words (تحریم‌ها); an apostrophe between two Cyrillic letters is
///     inside the word and folds away (об'єкт).
/// 17: a word is stemmed by its script in `text`: Armenian, Greek and Arabic (not Persian
///     or Urdu) by their Snowball stemmers; a lowercase suffix after an apostrophe that
///     follows a capitalised Latin word (Irak’ta, İstanbul'da) is no word of its own.
/// 18: the words of a role's head are indexed apart (`role_head`), so that `--role` names
///     an office, not whom it serves ("Prime Minister of Russia" is not his press
///     secretary's role).
/// 19: `text_ru` is `text_stemmed`, which holds statements in every language with a
///     Snowball stemmer (Turkish, German, French, Serbian…; see `languages`) stemmed by
///     it, each text after a marker of its language, which is a term too.
/// 20: Azerbaijani statements are stemmed in `text_stemmed` by a light stemmer of their
///     own (`azerbaijani`), lower-cased as Turkish; a word with ə there also has its
///     reading with "e" (Ermənistan, Ermenistan), as in `text`.
/// 21: a compound of words joined by hyphens (cease-fire, e-mail) is also indexed as its
///     words joined (ceasefire), at its first word's position, in every field the word
///     analysers feed (`tokenizer::compound_at`), and the vocabulary learns it; in `text`
///     and `title` also as that stem after a hyphen (`-ceasefir`, `CompoundMarkFilter`).
/// 22: an Armenian stem keeps at least the first five letters of its word: Snowball cut
///     Կապանում ("in Kapan") and կայուն ("stable") both to կա.
/// 23: the Russian stemmer reads a word's й, which folding reads as и: "пограничный" kept
///     its -ыи whole and missed "пограничного" (`stemmed_keeping_short_i`).
/// 24: a title is in `text_stemmed` too, after its text, stemmed by the statement's
///     language: a Russian title was stemmed as English only, so "перемирие" did not
///     find the title "Переговоры о перемирии".
/// 25: a compound of two words is also indexed with where it is cut (`+ceasefir 5`), so
///     that `ceasefire` finds "cease fire" written apart (`CompoundMarkFilter`).
/// 26: runs of Thai, Lao, Khmer and Myanmar are indexed as pairs of characters, as CJK
///     runs are: "ชายแดน" (border) did not find "…ตามแนวชายแดนทันที", a run of six words;
///     Ukrainian statements are stemmed in `text_stemmed` by a light stemmer of their own
///     (`ukrainian`): "кордон" (border) did not find "кордону" or "кордоні"; Georgian
///     ones likewise (`georgian`): "საქართველო" (Georgia) did not find "საქართველოს";
///     a statement in English by default is stemmed in the language its letters tell
///     (`languages::stemming_language`).
/// 27: the decimal digits of every script fold to 0 to 9 (Devanagari २०२४ is 2024), and
///     Thai, Lao, Khmer and Myanmar digits are words of their own, not parts of a run;
///     Persian and Hindi statements are stemmed in `text_stemmed` (`persian`, and
///     Snowball's Hindi stemmer), and a statement in English by default whose letters are
///     Persian's is stemmed as Persian.
pub const LAYOUT_VERSION: u32 = 27;

/// The most pairs of words of one phrase that a query also looks for joined, each
/// joined or not: past them, the phrase's other pairs are read as written (a phrase of
/// three such pairs is eight phrases).
const MOST_JOINED_PAIRS: usize = 3;

/// A word typed joined is also looked for cut in two where statements write it with a
/// hyphen in at least one of this many of the statements that hold it (see
/// [`SearchIndex::split_spellings`]).
const HYPHENATED_USES_PER_SPLIT: u64 = 100;

/// The most phrases an OR of phrases alone may have for their compounds and pairs of
/// words to be looked for joined: more are a name's spellings, as the gazetteer expands
/// it (see [`SearchIndex::with_compounds`]).
const MOST_REWRITTEN_PHRASES: usize = 4;

/// What a search restricts to. Empty lists mean "no restriction"; entries of one list
/// are alternatives (OR), the lists are combined with AND.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct IndexFilter {
    pub speakers: Vec<SpeakerId>,
    pub organizations: Vec<i64>,
    /// Statements without an organization, as an alternative to `organizations` (OR).
    pub without_organization: bool,
    /// Alpha-2 codes, upper case.
    pub countries: Vec<String>,
    /// Statements whose speaker has no country, as an alternative to `countries` (OR).
    pub without_country: bool,
    pub channels: Vec<String>,
    /// Statements without a channel, as an alternative to `channels` (OR).
    pub without_channel: bool,
    pub kinds: Vec<StatementKind>,
    pub languages: Vec<String>,
    pub tags: Vec<String>,
    /// Statements without tags, as an alternative to `tags` (OR).
    pub without_tag: bool,
    /// Statements whose period ends on or after this day.
    pub from: Option<NaiveDate>,
    /// Statements whose period starts on or before this day.
    pub to: Option<NaiveDate>,
    /// `--role`: each entry must match (AND); see [`RoleFilter`].
    pub roles: Vec<RoleFilter>,
    /// Text that must also match, without changing the ranking (`--place`).
    pub mentions: Vec<Query>,
    /// Only these statements, when given: those a `--place` names, as the gazetteer's
    /// mention finder read their text (it tells a capitalised name from a common word,
    /// which the folded index cannot). Without changing the ranking.
    pub statements: Option<Vec<StatementId>>,
}

impl IndexFilter {
    /// Returns true when the filter leaves out some statements.
    pub fn restricts(&self) -> bool {
        *self != IndexFilter::default()
    }
}

/// Statements by whoever held a role: by a speaker during one of the periods they held
/// it (for the whole of the statement's period), or stating the role themselves.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct RoleFilter {
    /// The role's words, matched against the role a statement gives its speaker.
    pub words: String,
    /// (speaker, first day, last day) of each period the role was held.
    pub periods: Vec<(SpeakerId, NaiveDate, NaiveDate)>,
}

/// The index's statistics for BM25, but for the terms of names searched in several
/// spellings, which take their group's document frequency (see
/// [`SearchIndex::search_weighing_alike`]).
struct AlikeStatistics<'a> {
    searcher: &'a Searcher,
    document_frequencies: HashMap<Term, u64>,
}

impl tantivy::query::Bm25StatisticsProvider for AlikeStatistics<'_> {
    fn total_num_tokens(&self, field: Field) -> tantivy::Result<u64> {
        self.searcher.total_num_tokens(field)
    }

    fn total_num_docs(&self) -> tantivy::Result<u64> {
        self.searcher.total_num_docs()
    }

    fn doc_freq(&self, term: &Term) -> tantivy::Result<u64> {
        match self.document_frequencies.get(term) {
            Some(&frequency) => Ok(frequency),
            None => self.searcher.doc_freq(term),
        }
    }
}

/// Whether a query's scores are used (relevance order) or only which documents match.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Scores {
    Needed,
    Ignored,
}

/// How much an index writer is about to write, which decides its indexing threads.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Workload {
    /// Some statements: an ingest into an archive that has some, an edit, a catch-up.
    Some,
    /// Every statement: a first load or a rebuild.
    Everything,
}

/// How hits are ordered.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Ordering {
    Relevance,
    Newest,
    Oldest,
}

/// One page of hits and the number of all matches.
#[derive(Debug, Clone, PartialEq)]
pub struct IndexHits {
    pub total: usize,
    pub hits: Vec<(StatementId, f32)>,
}

/// A fragment of a statement's text around the best matches.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Snippet {
    pub fragment: String,
    /// Byte ranges of the matches inside `fragment`.
    #[serde(skip)]
    pub highlights: Vec<std::ops::Range<usize>>,
}

/// What stands between a title's snippet and its text's ([`Snippet::followed_by`]).
pub const TITLE_SEPARATOR: &str = " — ";

impl Snippet {
    /// This snippet (of a title), then " — " and `text`'s: what a hit that matches in its
    /// title alone shows, where its text's snippet has nothing highlighted to say why it
    /// was found.
    pub fn followed_by(mut self, text: Snippet) -> Snippet {
        self.fragment.push_str(TITLE_SEPARATOR);
        let offset = self.fragment.len();
        self.fragment.push_str(&text.fragment);
        self.highlights.extend(
            text.highlights
                .into_iter()
                .map(|range| range.start + offset..range.end + offset),
        );
        self
    }
}

/// A field that matches can be counted by (facets, timelines).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Dimension {
    Speaker,
    Organization,
    Country,
    Channel,
    Kind,
    Language,
    Tag,
    /// The first day of the statement's period: a statement dated to a month counts on
    /// its first day, as it sorts.
    Day,
    /// The first day of the period of `length` (a day, an ISO week, a month, a year)
    /// holding the statement's first day, or `from` when that is later: a statement dated
    /// to a month or a year that begins before a range counts in the range's first
    /// period, as a timeline shows it. A [`DimensionValue::Day`]: counted on the period,
    /// the days of one period are one value, not one each.
    Period {
        length: Period,
        from: Option<NaiveDate>,
    },
    /// The days of the statement's period: 1 for a day, 28 to 31 for a month, 365 or 366
    /// for a year.
    Span,
}

/// One value of a [`Dimension`].
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum DimensionValue {
    /// A speaker or organisation id.
    Id(i64),
    /// A speaker named, in place of their id (by the archive: the index counts ids). One
    /// label shared by every count of the speaker: a timeline by day copied the name and
    /// label of 240,000 counts.
    Speaker(std::sync::Arc<crate::label::SpeakerLabel>),
    Label(String),
    Day(NaiveDate),
    /// A number of days.
    Days(i64),
    /// The statement has no value for the dimension (no channel, no tag …).
    Missing,
}

/// Counts of matches per combination of dimension values.
pub type Counts = Vec<(Vec<DimensionValue>, u64)>;

/// The open index of one archive.
pub struct SearchIndex {
    index: Index,
    reader: IndexReader,
    fields: Fields,
    vocabulary: Vocabulary,
    columns: std::sync::Arc<SegmentColumnCache>,
    /// For an index on disk: its directory, and the list of files tantivy manages as this
    /// process knows it (see [`ManagedListSeen`]).
    on_disk: Option<(std::path::PathBuf, ManagedListSeen)>,
    /// The words [`SearchIndex::cut_of`] read last, with their cuts.
    cuts: std::sync::Mutex<CutMemory>,
}

/// The words [`SearchIndex::cut_of`] read in one generation of the index's searchers,
/// each with its cut.
#[derive(Default)]
struct CutMemory {
    generation: u64,
    words: Vec<(String, Option<Cut>)>,
}

/// Where a word typed joined is cut in two, as statements hyphenate it (see
/// [`SearchIndex::cut_of`]).
#[derive(Clone, Debug)]
struct Cut {
    first: String,
    second: String,
    /// Whether each word also stands outside the compound (its document frequency is
    /// greater than the compound's). Where one does not, every statement holding it
    /// holds the compound, which the word typed joined finds already: alone, the word
    /// is not looked for apart, which would cost its search the quick single-word path
    /// for nothing. Inside a phrase it still is: a phrase of the joined word does not
    /// find the hyphenated spelling before its last word.
    stands_apart: bool,
}

impl Cut {
    /// The two words apart, "cease fire".
    fn apart(&self) -> String {
        format!("{} {}", self.first, self.second)
    }
}

impl SearchIndex {
    /// Opens the index in `directory`, creating an empty one if the directory is empty or
    /// missing.
    pub fn open_or_create(directory: &Path) -> Result<SearchIndex> {
        guarded(|| SearchIndex::open_or_create_unguarded(directory))
    }

    /// Opens the index of an archive this process may only read: nothing is created, and
    /// no lock file is needed to open it (see [`IndexFiles`]).
    pub fn open_read_only(directory: &Path) -> Result<SearchIndex> {
        guarded(|| {
            let files = IndexFiles::open(directory, true)
                .map_err(|error| IndexError::Io(std::io::Error::other(error.to_string())))?;
            let schema_known = files.schema_known();
            let index = Index::open(files)?;
            SearchIndex::checked(index, directory, schema_known, None)
        })
    }

    fn open_or_create_unguarded(directory: &Path) -> Result<SearchIndex> {
        std::fs::create_dir_all(directory)?;
        let files = IndexFiles::open(directory, false)?;
        let schema_known = files.schema_known();
        let managed_list = files.managed_list();
        let index = if directory.join(META_FILE).exists() {
            Index::open(files)?
        } else {
            Index::builder()
                .schema(build_schema())
                .settings(index_settings())
                .open_or_create(files)?
        };
        SearchIndex::checked(
            index,
            directory,
            schema_known,
            Some((directory.to_path_buf(), managed_list)),
        )
    }

    /// The index opened in `directory`, once its layout is known to be this build's.
    fn checked(
        index: Index,
        directory: &Path,
        schema_known: SchemaKnown,
        on_disk: Option<(std::path::PathBuf, ManagedListSeen)>,
    ) -> Result<SearchIndex> {
        if index.schema() != build_schema()
            || index.settings().sort_by_field != index_settings().sort_by_field
        {
            // The layout its last commit records: a field added or renamed is why the
            // schemas differ, and "version 0" named no version at all.
            use tantivy::Directory as _;
            let found = index
                .directory()
                .atomic_read(Path::new(META_FILE))
                .ok()
                .and_then(|bytes| files::payload(&bytes).ok().flatten())
                .and_then(|payload| serde_json::from_str::<IndexState>(&payload).ok())
                .map_or(0, |state| state.layout);
            return Err(IndexError::OtherLayout {
                found,
                expected: LAYOUT_VERSION,
            });
        }
        let mut opened =
            SearchIndex::from_index(index, Some(directory.join(VOCABULARY_FILE)), schema_known)?;
        opened.on_disk = on_disk;
        Ok(opened)
    }

    /// Creates an empty index in memory: for tests, for an archive whose index cannot be
    /// opened (until it is rebuilt), and under [`SearchIndex::in_memory_of`].
    pub fn in_memory() -> Result<SearchIndex> {
        let index = Index::builder()
            .schema(build_schema())
            .settings(index_settings())
            .create_in_ram()?;
        SearchIndex::from_index(index, None, SchemaKnown::default())
    }

    /// Creates an index in memory of `statements`: a search among statements the
    /// archive's index does not hold (the deleted ones) searches the same way.
    pub fn in_memory_of(statements: &[IndexedStatement]) -> Result<SearchIndex> {
        let index = SearchIndex::in_memory()?;
        let mut updater = index.writer(Workload::Some)?;
        for statement in statements {
            updater.add(statement)?;
        }
        updater.commit(&IndexState {
            archive_id: String::new(),
            sequence: 0,
            layout: LAYOUT_VERSION,
        })?;
        Ok(index)
    }

    /// Returns the store state the last commit reflects, or None for an index never
    /// committed (or committed by something that is not communique).
    pub fn state(&self) -> Result<Option<IndexState>> {
        // Only the payload is wanted. tantivy's `load_metas` deserialises the whole file,
        // the schema being most of it: a tenth of a search process's instructions went
        // to reading it three times, once here.
        use tantivy::Directory as _;
        let bytes = self
            .index
            .directory()
            .atomic_read(Path::new(META_FILE))
            .map_err(tantivy::TantivyError::from)?;
        let payload = files::payload(&bytes)
            .map_err(|error| IndexError::Damaged(format!("{META_FILE}: {error}")))?;
        Ok(payload.and_then(|payload| serde_json::from_str(&payload).ok()))
    }

    /// Takes the index's writer lock, waiting up to `patience` for another writer to
    /// finish; then fails with [`IndexError::Busy`]. The lock dies with its process, so a
    /// killed writer never blocks anyone.
    pub fn writer_waiting(
        &self,
        patience: std::time::Duration,
        workload: Workload,
    ) -> Result<IndexUpdater> {
        let deadline = std::time::Instant::now() + patience;
        loop {
            match self.writer(workload) {
                Err(IndexError::Busy) if std::time::Instant::now() < deadline => {
                    std::thread::sleep(std::time::Duration::from_millis(50));
                }
                other => return other,
            }
        }
    }

    /// Takes the index's writer lock. Fails at once with [`IndexError::Busy`] if another
    /// process holds it.
    pub fn writer(&self, workload: Workload) -> Result<IndexUpdater> {
        // The machine this is built for has two cores. Indexing costs more than writing
        // SQLite: a whole archive's worth keeps two threads busy beside the one writing
        // SQLite, each writing its own segments. Each thread writes a segment when its
        // share of the memory budget fills: 200 MB each (the store holds its page cache
        // small meanwhile) is half a million generated statements, so a million load into
        // two segments, which a search process opens 0.1 ms slower than one, where the
        // five of 100 MB each cost it 0.5 ms. A load stays under 750 MiB.
        let (threads, budget) = match workload {
            Workload::Some => (1, 200_000_000),
            Workload::Everything => (2, 400_000_000),
        };
        let take = |index: &Index| match index.writer_with_num_threads(threads, budget) {
            Ok(writer) => Ok(writer),
            Err(tantivy::TantivyError::LockFailure(..)) => Err(IndexError::Busy),
            Err(error) => Err(IndexError::from(error)),
        };
        let mut writer = take(&self.index)?;
        if let Some((directory, managed_list)) = &self.on_disk {
            if !managed_list.is_current(directory) {
                // Another process wrote since this one opened the index: its writer must
                // start from the list of files as it is now (see `ManagedListSeen`).
                drop(writer);
                let fresh = Index::open(IndexFiles::open(directory, false)?)?;
                register_analyzers(&fresh, &self.vocabulary);
                writer = take(&fresh)?;
            }
        }
        // A writer killed between writing a segment's deletions and committing leaves
        // the file behind, named by the segment and the operation's number; the next
        // writer numbers its operations from the last commit again, so its deletions in
        // that segment would be refused ("file already exists") by every writer to come.
        // tantivy collects unused files only after a commit: collect them first.
        writer.garbage_collect_files().wait()?;
        Ok(IndexUpdater {
            writer,
            fields: self.fields,
            reader: self.reader.clone(),
            vocabulary: self.vocabulary.clone(),
            cleared: false,
            workload,
        })
    }

    /// Returns the words of the vocabulary (folded, as the index folds them) at most
    /// `edits` edits from `word`, closest first, then in order, at most `at_most`: the
    /// candidates of a "did you mean" for a word that matches nothing. A word only removed
    /// statements held may be among them.
    pub fn words_near(
        &self,
        word: &str,
        edits: usize,
        at_most: usize,
    ) -> Result<Vec<(usize, String)>> {
        let mut folded = String::new();
        crate::fold::fold_word(word, &mut folded);
        let mut near = Vec::new();
        self.vocabulary.visit(&mut |known| {
            if known != folded {
                if let Some(distance) = crate::suggest::edit_distance_within(&folded, known, edits)
                {
                    near.push((distance, known.to_string()));
                }
            }
        })?;
        near.sort();
        near.truncate(at_most);
        Ok(near)
    }

    /// Returns true when the index holds statements but its vocabulary is gone (deleted
    /// by hand): prefix queries would find nothing; a rebuild restores it.
    pub fn vocabulary_missing(&self) -> bool {
        self.vocabulary.is_missing() && !self.is_empty()
    }

    /// Returns the number of statements in the index.
    pub fn len(&self) -> u64 {
        self.reader.searcher().num_docs()
    }

    /// Returns true when the index holds no statement.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// Returns how many segments the index is in. Every search opens each one's files,
    /// so a process pays for each; `compact` joins them.
    pub fn segment_count(&self) -> usize {
        self.reader.searcher().segment_readers().len()
    }

    /// Returns the index files whose checksums do not match their contents.
    pub fn damaged_files(&self) -> Result<Vec<String>> {
        let mut damaged: Vec<String> = guarded(|| Ok(self.index.validate_checksum()?))?
            .into_iter()
            .map(|path| path.display().to_string())
            .collect();
        damaged.sort();
        Ok(damaged)
    }

    /// Runs a read of the open index like [`guarded`], and tells a panic that damaged files
    /// caused (their checksums do not match) from one that is a bug.
    fn guarded<T>(&self, read: impl FnOnce() -> Result<T>) -> Result<T> {
        match catch_panic(read) {
            Ok(result) => damaged_if_corrupt(result),
            Err(message) => {
                let intact = self
                    .index
                    .validate_checksum()
                    .is_ok_and(|damaged| damaged.is_empty());
                Err(if intact {
                    IndexError::Internal(message)
                } else {
                    IndexError::Damaged(message)
                })
            }
        }
    }

    /// Returns the id of every statement in the index, ascending, duplicates kept (a
    /// consistent index has none).
    pub fn statement_ids(&self) -> Result<Vec<StatementId>> {
        self.guarded(|| self.statement_ids_unguarded())
    }

    fn statement_ids_unguarded(&self) -> Result<Vec<StatementId>> {
        let searcher = self.reader.searcher();
        let mut ids = Vec::with_capacity(searcher.num_docs() as usize);
        for segment in searcher.segment_readers() {
            let column = segment.fast_fields().u64(ID_AND_DAY)?;
            for doc in segment.doc_ids_alive() {
                if let Some(value) = column.first(doc) {
                    ids.push(StatementId(IdAndDay(value).id() as i64));
                }
            }
        }
        ids.sort();
        Ok(ids)
    }

    /// Returns the values every statement in the index holds in its columns (see
    /// [`IndexedLabels`]), by id, duplicates kept: one pass over each segment's columns,
    /// each label's text read once per segment and kept once.
    pub fn statement_labels(&self) -> Result<ColumnValues> {
        self.guarded(|| self.statement_labels_unguarded())
    }

    fn statement_labels_unguarded(&self) -> Result<ColumnValues> {
        let searcher = self.reader.searcher();
        let mut found = ColumnValues {
            texts: Vec::new(),
            entries: Vec::with_capacity(searcher.num_docs() as usize),
            tags: Vec::new(),
        };
        let mut numbers: HashMap<String, u32> = HashMap::new();
        let mut tags = Vec::new();
        for segment in searcher.segment_readers() {
            let fast = segment.fast_fields();
            let id_and_day = fast.u64(ID_AND_DAY)?;
            let speaker = fast.u64("speaker")?;
            let organization = fast.u64("organization")?;
            let first_day = fast.i64("first_day")?;
            let last_day = fast.i64("last_day")?;
            let mut label = |name| LabelColumn::open(fast, name, &mut numbers, &mut found.texts);
            let country = label("country")?;
            let channel = label("channel")?;
            let kind = label("kind")?;
            let language = label("language")?;
            let tag = label("tag")?;
            for doc in segment.doc_ids_alive() {
                let Some(key) = id_and_day.first(doc).map(IdAndDay) else {
                    continue;
                };
                // The day searches read with the id must be the column's.
                let first = first_day
                    .first(doc)
                    .filter(|&first| u64::try_from(first) == Ok(key.day()));
                tags.clear();
                tags.extend(tag.values(doc));
                tags.sort_unstable_by(|&one: &u32, &other: &u32| {
                    found.texts[one as usize].cmp(&found.texts[other as usize])
                });
                tags.dedup();
                let tags_start = found.tags.len() as u32;
                found.tags.extend_from_slice(&tags);
                found.entries.push(ColumnEntry {
                    id: key.id() as i64,
                    speaker: speaker.first(doc).map_or(-1, |id| id as i64),
                    organization: organization.first(doc).map(|id| id as i64),
                    country: country.first(doc),
                    channel: channel.first(doc),
                    kind: kind.first(doc),
                    language: language.first(doc),
                    tags: (tags_start, tags.len() as u32),
                    first_day: first.and_then(day_of_number),
                    last_day: last_day.first(doc).and_then(day_of_number),
                });
            }
        }
        found.entries.sort_by_key(|entry| entry.id);
        Ok(found)
    }

    /// Runs a combined query: full text (if any) AND every filter.
    pub fn search(
        &self,
        query: Option<&Query>,
        filter: &IndexFilter,
        ordering: Ordering,
        limit: usize,
        offset: usize,
    ) -> Result<IndexHits> {
        self.search_weighing_alike(query, filter, ordering, limit, offset, &[])
    }

    /// [`Self::search`], ranking the spellings of each group of `alike` (the spellings
    /// a query's name was expanded to, [`crate::gazetteer::Expansion::spelling_groups`])
    /// as one word: each with the document frequency of the most frequent. Each
    /// spelling's own frequency put the rarest first: a search for Tovuz listed the one
    /// statement writing Tauz above every statement writing Tovuz.
    pub fn search_weighing_alike(
        &self,
        query: Option<&Query>,
        filter: &IndexFilter,
        ordering: Ordering,
        limit: usize,
        offset: usize,
        alike: &[Vec<String>],
    ) -> Result<IndexHits> {
        self.guarded(|| {
            let query = self.compounds_of(query);
            self.search_unguarded(query.as_deref(), filter, ordering, limit, offset, alike)
        })
    }

    fn search_unguarded(
        &self,
        query: Option<&Query>,
        filter: &IndexFilter,
        ordering: Ordering,
        limit: usize,
        offset: usize,
        alike: &[Vec<String>],
    ) -> Result<IndexHits> {
        let searcher = self.reader.searcher();
        // A page never holds more than the index: tantivy sizes its heap by the page asked
        // for, and `--limit 1000000000` must not allocate for it.
        let documents = usize::try_from(searcher.num_docs()).unwrap_or(usize::MAX);
        let (limit, offset) = (limit.min(documents), offset.min(documents));
        if limit == 0 {
            return Ok(IndexHits {
                total: self.count_unguarded(query, filter)?,
                hits: Vec::new(),
            });
        }
        let scores = if ordering == Ordering::Relevance {
            Scores::Needed
        } else {
            Scores::Ignored
        };
        if ordering == Ordering::Relevance {
            let wanted = offset.saturating_add(limit);
            if let Some((total, page)) = self.rank_among_bits(&searcher, query, filter, wanted)? {
                let addresses = page.into_iter().skip(offset).collect();
                return Ok(IndexHits {
                    total,
                    hits: self.statement_ids_of(&searcher, addresses)?,
                });
            }
        }
        let tantivy_query = self.build_query(query, filter, scores)?;
        if query.is_none() && ordering != Ordering::Relevance {
            if let Some((terms, period)) = self.terms_and_period(filter) {
                let (total, addresses) = chronological_page_of_terms(
                    &searcher,
                    &terms,
                    &period,
                    &*tantivy_query,
                    ordering == Ordering::Newest,
                    offset,
                    limit,
                )?;
                return Ok(IndexHits {
                    total,
                    hits: self.statement_ids_of(&searcher, addresses)?,
                });
            }
            if let Some((lists, period)) = self.alternatives_and_period(filter) {
                let newest_first = ordering == Ordering::Newest;
                let wanted = offset.saturating_add(limit);
                let mut total = 0;
                let mut pages = Vec::with_capacity(searcher.segment_readers().len());
                for bits in filter_bits_of_segments(&searcher, &lists, &period)? {
                    total += bits.as_ref().map_or(0, |bits| bits.count());
                    pages.push(bits.map_or_else(Vec::new, |bits| bits.ends(wanted, newest_first)));
                }
                let addresses = merge_segment_pages(
                    &searcher,
                    pages,
                    newest_first,
                    offset,
                    limit,
                    &self.columns,
                )?;
                return Ok(IndexHits {
                    total,
                    hits: self.statement_ids_of(&searcher, addresses)?,
                });
            }
        }
        let (total, addresses): (usize, Vec<(f32, DocAddress)>) = match ordering {
            // Any query but a single word scores every match: one pass counts them too.
            Ordering::Relevance => {
                let page = RankedPage {
                    wanted: offset.saturating_add(limit),
                    columns: &self.columns,
                };
                let (total, page) = match alike.is_empty() {
                    true => searcher.search(&*tantivy_query, &page)?,
                    false => searcher.search_with_statistics_provider(
                        &*tantivy_query,
                        &page,
                        &AlikeStatistics {
                            searcher: &searcher,
                            document_frequencies: self.alike_frequencies(&searcher, alike)?,
                        },
                    )?,
                };
                (total, page.into_iter().skip(offset).collect())
            }
            // A single word is counted without its matches (its document frequency, or
            // the filters' bits), and its newest are found at the end of each segment.
            Ordering::Newest | Ordering::Oldest if self.single_word_terms(query).is_some() => (
                self.count_unguarded(query, filter)?,
                chronological_page(
                    &searcher,
                    &*tantivy_query,
                    ordering == Ordering::Newest,
                    offset,
                    limit,
                    &self.columns,
                )?,
            ),
            // Any other query is counted by going through every match: the page is kept
            // on the way, in the same pass (a phrase newest first: 1.3 -> 0.74 ms).
            Ordering::Newest | Ordering::Oldest => counted_chronological_page(
                &searcher,
                &*tantivy_query,
                ordering == Ordering::Newest,
                offset,
                limit,
                &self.columns,
            )?,
        };
        Ok(IndexHits {
            total,
            hits: self.statement_ids_of(&searcher, addresses)?,
        })
    }

    /// The total and best `wanted` hits of a query of one word, or of one phrase of
    /// plain words, under `filter`, ranked by the filters' bits (see [`ranked_word`] and
    /// [`ranked_phrase`]); None for any other query, or a filter too broad for bits.
    fn rank_among_bits(
        &self,
        searcher: &Searcher,
        query: Option<&Query>,
        filter: &IndexFilter,
        wanted: usize,
    ) -> Result<Option<ranked_word::CountedPage>> {
        let has_terms = |segment: &tantivy::SegmentReader, field: Field| {
            self.columns
                .of(segment)
                .has_terms(segment, field)
                .unwrap_or(true)
        };
        let tie_keys = |segment: &tantivy::SegmentReader| TieKeys::of(&self.columns, segment);
        let positions = |segment: &tantivy::SegmentReader, field: Field| {
            self.columns.of(segment).positions(segment, field)
        };
        let files = ranked_phrase::SegmentFiles {
            has_terms: &has_terms,
            positions: &positions,
            tie_keys: &tie_keys,
        };
        let Some(ranked) = self.ranked_text(query) else {
            return Ok(None);
        };
        let rank = |among| match &ranked {
            RankedText::Word(terms) => {
                ranked_word::count_and_rank(searcher, terms, among, &has_terms, &tie_keys, wanted)
            }
            RankedText::Phrase(phrases) => {
                ranked_phrase::count_and_rank(searcher, phrases, among, &files, wanted)
            }
        };
        if !filter.restricts() {
            // A word held in one field alone is counted by its document frequency.
            if wanted == 0 && matches!(ranked, RankedText::Word(_)) {
                return Ok(None);
            }
            return Ok(rank(ranked_word::Among::All)?);
        }
        if let Some(period) = self.period_alone(filter) {
            return Ok(rank(ranked_word::Among::FieldsInPeriod(&[], &period))?);
        }
        if let Some((values, period)) = self.terms_and_period(filter) {
            return Ok(rank(ranked_word::Among::FieldsInPeriod(
                &[values],
                &period,
            ))?);
        }
        if let Some((lists, period)) = self.alternatives_and_period(filter) {
            return Ok(rank(ranked_word::Among::FieldsInPeriod(&lists, &period))?);
        }
        let filters = self.build_query(None, filter, Scores::Ignored)?;
        Ok(rank(ranked_word::Among::Filters(&*filters))?)
    }

    /// The statement ids of a page of hits.
    fn statement_ids_of(
        &self,
        searcher: &Searcher,
        addresses: Vec<(f32, DocAddress)>,
    ) -> Result<Vec<(StatementId, f32)>> {
        let mut hits = Vec::with_capacity(addresses.len());
        for (score, address) in addresses {
            let columns = self
                .columns
                .of(searcher.segment_reader(address.segment_ord));
            if let Some(value) = columns.id_and_day()?.first(address.doc_id) {
                hits.push((StatementId(IdAndDay(value).id() as i64), score));
            }
        }
        Ok(hits)
    }

    /// Counts the statements matching `query` and `filter`. A single filter without a
    /// query is its term's document frequency: nothing is iterated.
    pub fn count(&self, query: Option<&Query>, filter: &IndexFilter) -> Result<usize> {
        self.guarded(|| {
            let query = self.compounds_of(query);
            self.count_unguarded(query.as_deref(), filter)
        })
    }

    fn count_unguarded(&self, query: Option<&Query>, filter: &IndexFilter) -> Result<usize> {
        let searcher = self.reader.searcher();
        if let Some((total, _)) = self.rank_among_bits(&searcher, query, filter, 0)? {
            return Ok(total);
        }
        if query.is_none() {
            if let Some((lists, period)) = self.alternatives_and_period(filter) {
                return Ok(filter_bits_of_segments(&searcher, &lists, &period)?
                    .iter()
                    .flatten()
                    .map(filter_bits::FilterBits::count)
                    .sum());
            }
        }
        let tantivy_query = self.build_query(query, filter, Scores::Ignored)?;
        // Without dates, one value is its term's document frequency to tantivy.
        let dated = filter.from.is_some() || filter.to.is_some();
        if query.is_none() && dated {
            if let Some((terms, period)) = self.terms_and_period(filter) {
                return Ok(count_terms_in_period(
                    &searcher,
                    &terms,
                    &period,
                    &*tantivy_query,
                )?);
            }
        }
        Ok(tantivy_query.count(&searcher)?)
    }

    /// The filter's period, when dates are all it has.
    fn period_alone(&self, filter: &IndexFilter) -> Option<PeriodQuery> {
        let dates = IndexFilter {
            from: filter.from,
            to: filter.to,
            ..IndexFilter::default()
        };
        (*filter == dates).then(|| PeriodQuery {
            from: filter.from,
            to: filter.to,
            columns: self.columns.clone(),
        })
    }

    /// The filter as alternative values of one field that holds a single value per
    /// statement (so that no statement has two of them), maybe AND a date range, when
    /// that is all it is: `--speaker X --from 2020`, the commonest filters-only search.
    fn terms_and_period(&self, filter: &IndexFilter) -> Option<(Vec<Term>, PeriodQuery)> {
        if !filter.roles.is_empty() || !filter.mentions.is_empty() || filter.statements.is_some() {
            return None;
        }
        let [lists @ .., tags] = self.filter_terms(filter);
        if !tags.is_empty() {
            return None;
        }
        let mut restricting = lists.into_iter().filter(|terms| !terms.is_empty());
        let terms = restricting.next()?;
        if restricting.next().is_some() {
            return None;
        }
        let mut terms = terms;
        terms.sort();
        terms.dedup();
        Some((
            terms,
            PeriodQuery {
                from: filter.from,
                to: filter.to,
                columns: self.columns.clone(),
            },
        ))
    }

    /// Adds to `clauses` the filters of values (speakers, countries, tags …) and the
    /// period, each a clause that restricts without scoring.
    fn add_value_filters(
        &self,
        filter: &IndexFilter,
        clauses: &mut Vec<(Occur, Box<dyn TantivyQuery>)>,
    ) {
        let mut add_filter = |terms: Vec<Term>| {
            // Filters restrict but must not change the ranking. One value is a plain term
            // query, which tantivy intersects faster than a set of one; a few are a union
            // of them: a term set builds a dictionary of its terms first (an FST with a
            // table of 20,000 cells, filled anew for each search), which costs more than
            // reading the postings of a few dozen terms.
            let restriction: Box<dyn TantivyQuery> = match terms.len() {
                0 => return,
                1 => Box::new(TermQuery::new(terms[0].clone(), IndexRecordOption::Basic)),
                2..=FEW_TERMS => Box::new(BooleanQuery::new(
                    terms
                        .into_iter()
                        .map(|term| -> (Occur, Box<dyn TantivyQuery>) {
                            (
                                Occur::Should,
                                Box::new(TermQuery::new(term, IndexRecordOption::Basic)),
                            )
                        })
                        .collect(),
                )),
                _ => Box::new(TermSetQuery::new(terms)),
            };
            clauses.push((
                Occur::Must,
                Box::new(ConstScoreQuery::new(restriction, 0.0)),
            ));
        };
        for terms in self.filter_terms(filter) {
            add_filter(terms);
        }
        // A statement dated to a period matches every range that overlaps the period.
        if filter.from.is_some() || filter.to.is_some() {
            clauses.push((
                Occur::Must,
                Box::new(PeriodQuery {
                    from: filter.from,
                    to: filter.to,
                    columns: self.columns.clone(),
                }),
            ));
        }
    }

    /// The filter as lists of terms, a statement holding one term of each, maybe AND a
    /// date range, when that is all it is and some list has alternatives (`--speaker
    /// giulia` names every Giulia): then its statements are set as bits from the lists'
    /// postings ([`filter_bits`]) rather than intersected by tantivy, whose union of
    /// many terms is slow to seek into.
    fn alternatives_and_period(
        &self,
        filter: &IndexFilter,
    ) -> Option<(Vec<Vec<Term>>, PeriodQuery)> {
        if !filter.roles.is_empty() || !filter.mentions.is_empty() || filter.statements.is_some() {
            return None;
        }
        let lists: Vec<Vec<Term>> = self
            .filter_terms(filter)
            .into_iter()
            .filter(|terms| !terms.is_empty())
            .collect();
        lists.iter().any(|terms| terms.len() > 1).then(|| {
            (
                lists,
                PeriodQuery {
                    from: filter.from,
                    to: filter.to,
                    columns: self.columns.clone(),
                },
            )
        })
    }

    /// The terms of the lists of `filter` that name values, one list per field: speakers,
    /// organisations, countries, channels, kinds, languages, then tags (the only field
    /// with several values per statement). A statement must hold a term of every list.
    fn filter_terms(&self, filter: &IndexFilter) -> [Vec<Term>; 7] {
        let fields = &self.fields;
        let texts = |field, values: &[String]| -> Vec<Term> {
            values
                .iter()
                .map(|value| Term::from_field_text(field, value))
                .collect()
        };
        // A statement without a value holds the field's name in `without` instead: one
        // more alternative of the list, and still a single value per statement.
        let with_absent = |mut terms: Vec<Term>, absent: bool, name: &str| {
            if absent {
                terms.push(Term::from_field_text(fields.without, name));
            }
            terms
        };
        [
            filter
                .speakers
                .iter()
                .map(|id| Term::from_field_u64(fields.speaker, id.0 as u64))
                .collect(),
            with_absent(
                filter
                    .organizations
                    .iter()
                    .map(|id| Term::from_field_u64(fields.organization, *id as u64))
                    .collect(),
                filter.without_organization,
                "organization",
            ),
            with_absent(
                texts(fields.country, &filter.countries),
                filter.without_country,
                "country",
            ),
            with_absent(
                texts(fields.channel, &filter.channels),
                filter.without_channel,
                "channel",
            ),
            filter
                .kinds
                .iter()
                .map(|kind| Term::from_field_text(fields.kind, kind.as_str()))
                .collect(),
            texts(fields.language, &filter.languages),
            with_absent(texts(fields.tag, &filter.tags), filter.without_tag, "tag"),
        ]
    }

    /// Counts the statements matching `query` and `filter` per combination of values of
    /// `dimensions`, from fast fields alone: no statement is loaded. A statement with
    /// several tags counts once under each.
    pub fn count_by(
        &self,
        query: Option<&Query>,
        filter: &IndexFilter,
        dimensions: &[Dimension],
    ) -> Result<Counts> {
        self.guarded(|| {
            let query = self.compounds_of(query);
            self.count_by_unguarded(query.as_deref(), filter, dimensions)
        })
    }

    fn count_by_unguarded(
        &self,
        query: Option<&Query>,
        filter: &IndexFilter,
        dimensions: &[Dimension],
    ) -> Result<Counts> {
        let searcher = self.reader.searcher();
        let tantivy_query = self.build_query(query, filter, Scores::Ignored)?;
        Ok(searcher.search(
            &*tantivy_query,
            &DimensionCounter {
                dimensions: dimensions.to_vec(),
            },
        )?)
    }

    /// Returns, for each speaker with statements matching `filter`, how many there are and
    /// the periods of the first and the last (see [`SpeakerStatements`]): one pass over
    /// the columns of speaker, days and id, no statement loaded. The dates of a listing
    /// of every speaker were a read of the database's rows, each speaker's last year
    /// whole, as its index by speaker and start holds neither the end nor the deletion.
    pub fn statements_by_speaker(
        &self,
        filter: &IndexFilter,
    ) -> Result<HashMap<i64, SpeakerStatements>> {
        self.guarded(|| {
            let searcher = self.reader.searcher();
            let tantivy_query = self.build_query(None, filter, Scores::Ignored)?;
            let raw = searcher.search(&*tantivy_query, &SpeakerStatementsCollector)?;
            let date = |day: i64| {
                i32::try_from(day)
                    .ok()
                    .and_then(NaiveDate::from_num_days_from_ce_opt)
                    .unwrap_or(NaiveDate::MIN)
            };
            Ok(raw
                .into_iter()
                .map(|(speaker, seen)| {
                    let summary = SpeakerStatements {
                        count: seen.count,
                        first: (date(seen.first.0), date(seen.first.2)),
                        last: (date(seen.last.2), date(seen.last.0)),
                    };
                    (speaker as i64, summary)
                })
                .collect())
        })
    }

    /// Counts the statements matching `query` and `filter` once per grouping of
    /// dimensions, each grouping's counts as [`count_by`](Self::count_by) gives them, in
    /// one pass over the matches: every match is counted by each grouping in turn, so the
    /// query runs once however many groupings there are. A grouping of no dimension is
    /// the number of matches (nothing when none matched).
    pub fn count_each(
        &self,
        query: Option<&Query>,
        filter: &IndexFilter,
        groupings: &[&[Dimension]],
    ) -> Result<Vec<Counts>> {
        self.guarded(|| {
            let query = self.compounds_of(query);
            self.count_each_unguarded(query.as_deref(), filter, groupings)
        })
    }

    fn count_each_unguarded(
        &self,
        query: Option<&Query>,
        filter: &IndexFilter,
        groupings: &[&[Dimension]],
    ) -> Result<Vec<Counts>> {
        let searcher = self.reader.searcher();
        let tantivy_query = self.build_query(query, filter, Scores::Ignored)?;
        let counters = groupings
            .iter()
            .map(|dimensions| {
                (!dimensions.is_empty()).then(|| DimensionCounter {
                    dimensions: dimensions.to_vec(),
                })
            })
            .collect();
        Ok(searcher.search(&*tantivy_query, &GroupingsCounter { counters })?)
    }

    /// Returns a snippet maker that highlights the words `query` looks for.
    pub fn snippet_maker(&self, query: Option<&Query>, max_chars: usize) -> Result<SnippetMaker> {
        self.guarded(|| {
            let query = self.compounds_of(query);
            self.snippet_maker_unguarded(query.as_deref(), max_chars)
        })
    }

    fn snippet_maker_unguarded(
        &self,
        query: Option<&Query>,
        max_chars: usize,
    ) -> Result<SnippetMaker> {
        let Some(query) = query else {
            return Ok(SnippetMaker {
                words: None,
                scratch: Default::default(),
                max_chars,
            });
        };
        let searcher = self.reader.searcher();
        let mut terms = HighlightTerms::default();
        self.collect_highlight_terms(&searcher, query, &mut terms)?;
        let initials = |terms: &HighlightTerms| -> std::sync::Arc<[char]> {
            let mut initials: Vec<char> = terms
                .weights
                .keys()
                .filter_map(|term| term.chars().next())
                .collect();
            initials.sort_unstable();
            initials.dedup();
            initials.into()
        };
        // The words of a statement in a language with a stemmer are also looked for as
        // its stemmer reads them, as `text_stemmed` found it: for the languages of the
        // archive, and Russian's always, as before other languages had stemmers.
        let mut languages: Vec<Option<SnippetWords>> = Vec::new();
        let mut wanted = self.stemmed_languages();
        wanted.insert(RUSSIAN);
        for language in wanted.iter() {
            let mut language_terms = HighlightTerms::default();
            collect_words(query, &mut |word, slop| {
                let unweighed = |_: &str| Ok::<f32, std::convert::Infallible>(1.0);
                let readings = self.language_readings(&searcher, language, word);
                let Ok(()) = match slop {
                    Some(slop) => language_terms.add_near(readings, slop, unweighed),
                    None => language_terms.add(readings, unweighed),
                };
            });
            let analyzer = language_analyzer(language, Some(initials(&language_terms)));
            languages.resize_with(language + 1, || None);
            languages[language] = Some(SnippetWords::new(analyzer, language_terms));
        }
        let prefixes = ascii_prefixes(&terms);
        let english = snippet_analyzer(initials(&terms), prefixes.clone());
        Ok(SnippetMaker {
            words: Some(QueryWords {
                english: SnippetWords::new(english, terms).with_ascii_prefixes(&prefixes),
                languages,
            }),
            scratch: Default::default(),
            max_chars,
        })
    }

    fn from_index(
        index: Index,
        vocabulary_path: Option<std::path::PathBuf>,
        schema_known: SchemaKnown,
    ) -> Result<SearchIndex> {
        let vocabulary = Vocabulary {
            path: vocabulary_path,
            in_memory: Default::default(),
            discovered: Default::default(),
        };
        register_analyzers(&index, &vocabulary);
        let reader = schema_known.during(|| {
            index
                .reader_builder()
                .reload_policy(ReloadPolicy::Manual)
                .try_into()
        })?;
        let fields = Fields::from_schema(&index.schema());
        let directory = index.directory().clone();
        Ok(SearchIndex {
            index,
            reader,
            fields,
            vocabulary,
            columns: std::sync::Arc::new(SegmentColumnCache {
                segments: Default::default(),
                directory,
            }),
            on_disk: None,
            cuts: std::sync::Mutex::new(CutMemory::default()),
        })
    }

    /// The values of a label field (`Dimension::Channel`, `Dimension::Tag`) that `value`
    /// (normalised, see [`crate::model::normalize_label`]) names, as statements hold them:
    /// those that read as `value` once normalised, else those equal to it folded, as names
    /// are matched (`erazi` is the tag `ərazi`).
    ///
    /// Ingest stores labels normalised, but an archive written before labels lost their
    /// invisible format characters holds `telegram` with a direction mark beside
    /// `telegram`: both are the channel `telegram`, so the terms are read even when
    /// `value` is one of them.
    pub fn labels_named(&self, dimension: Dimension, value: &str) -> Result<Vec<String>> {
        let field = match dimension {
            Dimension::Channel => self.fields.channel,
            Dimension::Tag => self.fields.tag,
            _ => return Ok(vec![value.to_string()]),
        };
        let searcher = self.reader.searcher();
        let mut same: Vec<String> = Vec::new();
        // As `fold::labels_alike`, the value's readings made once for every term.
        let wanted = crate::fold::label_readings(value);
        let mut alike: Vec<String> = Vec::new();
        for segment in searcher.segment_readers() {
            let inverted = segment.inverted_index(field)?;
            let mut terms = inverted.terms().stream()?;
            while terms.advance() {
                let Ok(text) = std::str::from_utf8(terms.key()) else {
                    continue;
                };
                // An ASCII term holds no format character: it is the value or another.
                let is_same = text == value || (!text.is_ascii() && normalize_label(text) == value);
                let list = if is_same {
                    &mut same
                } else if same.is_empty()
                    && crate::fold::label_readings(text)
                        .iter()
                        .any(|reading| wanted.contains(reading))
                {
                    &mut alike
                } else {
                    continue;
                };
                if !list.iter().any(|known| known == text) {
                    list.push(text.to_string());
                }
            }
        }
        if !same.is_empty() {
            return Ok(same);
        }
        if alike.is_empty() {
            alike.push(value.to_string());
        }
        Ok(alike)
    }

    /// Returns the organisations (ids) some live statement is recorded under, ascending:
    /// the field's terms, each kept when one of its statements is live. Counting the
    /// statements by organisation visited every one of them (274,560 of the UN corpus:
    /// 3 ms); this reads a posting or so per organisation.
    pub fn organizations_held(&self) -> Result<Vec<i64>> {
        self.guarded(|| {
            let searcher = self.reader.searcher();
            let field = self.fields.organization;
            let mut held = Vec::new();
            for segment in searcher.segment_readers() {
                // A segment without organisations has no terms to read (and would build an
                // empty dictionary for nothing).
                if !self.columns.of(segment).has_terms(segment, field)? {
                    continue;
                }
                let inverted = segment.inverted_index(field)?;
                let alive = segment.alive_bitset();
                let mut terms = inverted.terms().stream()?;
                while terms.advance() {
                    // A u64 term is its value's eight bytes, big-endian.
                    let Ok(bytes) = <[u8; 8]>::try_from(terms.key()) else {
                        continue;
                    };
                    let id = u64::from_be_bytes(bytes) as i64;
                    let mut postings = inverted
                        .read_postings_from_terminfo(terms.value(), IndexRecordOption::Basic)?;
                    let mut doc = tantivy::DocSet::doc(&postings);
                    while doc != tantivy::TERMINATED
                        && !alive.is_none_or(|alive| alive.is_alive(doc))
                    {
                        doc = tantivy::DocSet::advance(&mut postings);
                    }
                    if doc != tantivy::TERMINATED {
                        held.push(id);
                    }
                }
            }
            held.sort_unstable();
            held.dedup();
            Ok(held)
        })
    }

    /// Whether `field` holds terms in some segment of the current searcher; yes when
    /// in doubt.
    fn any_segment_has_terms(&self, field: Field) -> bool {
        let searcher = self.reader.searcher();
        searcher.segment_readers().iter().any(|segment| {
            self.columns
                .of(segment)
                .has_terms(segment, field)
                .unwrap_or(true)
        })
    }

    /// Returns true when some statement of `searcher` holds `word` (folded) in its text.
    /// The English stemmer leaves Cyrillic words whole, so for them this is the word as
    /// written. An index that cannot answer is taken to hold it.
    fn text_has_word(&self, searcher: &Searcher, word: &str) -> bool {
        searcher
            .doc_freq(&Term::from_field_text(self.fields.text, word))
            .map_or(true, |count| count > 0)
    }

    /// Returns true when some statement of the current searcher has Russian text:
    /// without any, a query need not look for Russian stems at all.
    fn has_russian(&self) -> bool {
        self.stemmed_languages().contains(RUSSIAN)
    }

    /// The languages of [`LANGUAGES`] some statement of the current searcher is in: a
    /// query looks its words up in `text_stemmed` as each of them reads them, and not
    /// at all without any. One set per segment, read once (see
    /// [`SegmentColumns::languages`]); every language when a segment cannot say.
    fn stemmed_languages(&self) -> LanguageSet {
        let searcher = self.reader.searcher();
        let mut languages = LanguageSet::default();
        for segment in searcher.segment_readers() {
            let segment_languages = self
                .columns
                .of(segment)
                .languages(segment, self.fields.text_stemmed)
                .unwrap_or_else(|_| LanguageSet::all());
            languages = languages.union(segment_languages);
        }
        languages
    }

    fn build_query(
        &self,
        query: Option<&Query>,
        filter: &IndexFilter,
        scores: Scores,
    ) -> Result<Box<dyn TantivyQuery>> {
        let mut clauses: Vec<(Occur, Box<dyn TantivyQuery>)> = Vec::new();
        if let Some(query) = query {
            clauses.push((Occur::Must, self.text_query(query)?));
        }
        let fields = &self.fields;
        if let Some((lists, period)) = self.alternatives_and_period(filter) {
            // Every filter of values and the dates, as one set of bits per segment.
            clauses.push((Occur::Must, Box::new(FilterBitsQuery { lists, period })));
        } else {
            self.add_value_filters(filter, &mut clauses);
        }
        for role in &filter.roles {
            let mut alternatives: Vec<(Occur, Box<dyn TantivyQuery>)> = Vec::new();
            let words = analyze(&mut words_analyzer(), &role.words);
            if !words.is_empty() {
                // The role a statement gives, named as `crate::fold::role_words_match`
                // names it: every word, one of its head, no rank the query leaves out.
                let term = |field: Field, word: &str| -> Box<dyn TantivyQuery> {
                    Box::new(TermQuery::new(
                        Term::from_field_text(field, word),
                        IndexRecordOption::Basic,
                    ))
                };
                let mut named: Vec<(Occur, Box<dyn TantivyQuery>)> = words
                    .iter()
                    .map(|word| (Occur::Must, term(fields.role, word)))
                    .collect();
                let in_head = words
                    .iter()
                    .map(|word| (Occur::Should, term(fields.role_head, word)))
                    .collect();
                named.push((Occur::Must, Box::new(BooleanQuery::new(in_head))));
                for rank in crate::fold::RANK_WORDS {
                    if !words.iter().any(|word| word == rank) {
                        named.push((Occur::MustNot, term(fields.role_head, rank)));
                    }
                }
                alternatives.push((Occur::Should, Box::new(BooleanQuery::new(named))));
            }
            for (speaker, from, to) in &role.periods {
                // Held for the whole of the statement's period, as a statement takes a
                // recorded role: it starts in the period and overlaps no day outside it
                // (a statement dated 2004 is not by the holder of a role from 2004-03-10).
                let period =
                    |from: Option<NaiveDate>, to: Option<NaiveDate>| -> Box<dyn TantivyQuery> {
                        Box::new(PeriodQuery {
                            from,
                            to,
                            columns: self.columns.clone(),
                        })
                    };
                let mut held: Vec<(Occur, Box<dyn TantivyQuery>)> = vec![
                    (
                        Occur::Must,
                        Box::new(TermQuery::new(
                            Term::from_field_u64(fields.speaker, speaker.0 as u64),
                            IndexRecordOption::Basic,
                        )),
                    ),
                    (Occur::Must, period(Some(*from), Some(*to))),
                ];
                if let Some(before) = from.pred_opt().filter(|_| *from != NaiveDate::MIN) {
                    held.push((Occur::MustNot, period(None, Some(before))));
                }
                if let Some(after) = to.succ_opt().filter(|_| *to != NaiveDate::MAX) {
                    held.push((Occur::MustNot, period(Some(after), None)));
                }
                alternatives.push((Occur::Should, Box::new(BooleanQuery::new(held))));
            }
            let role_query: Box<dyn TantivyQuery> = if alternatives.is_empty() {
                Box::new(EmptyQuery)
            } else {
                Box::new(BooleanQuery::new(alternatives))
            };
            clauses.push((Occur::Must, Box::new(ConstScoreQuery::new(role_query, 0.0))));
        }
        for mention in &filter.mentions {
            clauses.push((
                Occur::Must,
                Box::new(ConstScoreQuery::new(
                    self.text_query(&self.with_compounds(mention))?,
                    0.0,
                )),
            ));
        }
        if let Some(statements) = &filter.statements {
            let ids: Vec<Term> = statements
                .iter()
                .map(|id| Term::from_field_u64(fields.id, id.0 as u64))
                .collect();
            clauses.push((
                Occur::Must,
                Box::new(ConstScoreQuery::new(Box::new(TermSetQuery::new(ids)), 0.0)),
            ));
        }
        // Ranking a word or phrase with filters: each field's match ANDed with the
        // filters, then the fields ORed (as text_query does). The same documents and
        // scores (a filter scores 0), but the intersections seek terms' postings, which
        // is cheap, instead of a union of the fields, which is not. Counting alone is
        // faster the other way: tantivy counts an intersection block by block.
        if let (Some(Query::Word(word) | Query::Phrase(word)), Scores::Needed) = (query, scores) {
            if clauses.len() > 1 {
                let filters = clauses.split_off(1);
                let per_field = self
                    .field_queries(word)?
                    .into_iter()
                    .map(|field_query| {
                        let mut conjunction = vec![(Occur::Must, field_query)];
                        conjunction.extend(
                            filters
                                .iter()
                                .map(|(occur, filter)| (*occur, filter.box_clone())),
                        );
                        (
                            Occur::Should,
                            Box::new(BooleanQuery::new(conjunction)) as Box<dyn TantivyQuery>,
                        )
                    })
                    .collect::<Vec<_>>();
                return Ok(Box::new(MergedUnionQuery(
                    per_field.into_iter().map(|(_, query)| query).collect(),
                )));
            }
        }
        // Without a query every statement scores the same. The score is shown with
        // relevance order, so keep its value (1) there; elsewhere the filters alone let
        // a single one be counted from its term's document frequency.
        if query.is_none() && (clauses.is_empty() || scores == Scores::Needed) {
            clauses.insert(0, (Occur::Must, Box::new(AllQuery)));
        }
        if clauses.len() == 1 {
            return Ok(clauses.remove(0).1);
        }
        Ok(Box::new(BooleanQuery::new(clauses)))
    }

    /// The queries of a word or phrase, one per field it is looked up in: the title,
    /// the text, and the text stemmed by its language when the archive has some.
    /// The document frequency each spelling of `alike`'s groups is ranked with: in each
    /// field, that of the group's most frequent term. Spellings the analyser reads as
    /// several words (phrases) keep their own.
    fn alike_frequencies(
        &self,
        searcher: &Searcher,
        alike: &[Vec<String>],
    ) -> Result<HashMap<Term, u64>> {
        let mut frequencies = HashMap::new();
        for group in alike {
            let mut terms_by_field: BTreeMap<Field, Vec<Term>> = BTreeMap::new();
            for spelling in group {
                for (field, tokens) in self.field_tokens(spelling) {
                    if let [readings] = tokens.as_slice() {
                        terms_by_field.entry(field).or_default().extend(
                            readings
                                .iter()
                                .map(|reading| Term::from_field_text(field, reading)),
                        );
                    }
                }
            }
            for terms in terms_by_field.values() {
                let mut most = 0;
                for term in terms {
                    most = most.max(searcher.doc_freq(term)?);
                }
                for term in terms {
                    // A term of two groups (two places sharing a spelling) takes the
                    // larger.
                    let frequency = frequencies.entry(term.clone()).or_insert(0);
                    *frequency = most.max(*frequency);
                }
            }
        }
        Ok(frequencies)
    }

    fn field_queries(&self, word: &str) -> Result<Vec<Box<dyn TantivyQuery>>> {
        self.field_tokens(word)
            .iter()
            .map(|(field, tokens)| tokens_query(*field, tokens))
            .collect()
    }

    /// The fields a word or phrase is looked up in, with its tokens in each (see
    /// [`Readings`]): the text, the title, and `text_stemmed` when the archive has
    /// statements in a language with a stemmer, with the word's stems as each of those
    /// languages reads it, together at each place.
    fn field_tokens(&self, word: &str) -> Vec<(Field, Readings)> {
        let tokens = self.text_readings(word);
        let mut per_field = vec![(self.fields.text, tokens.clone())];
        // Many archives have no titles: a title clause would then match nothing and cost
        // a fresh process the building of an empty term dictionary (see `has_terms`).
        if self.any_segment_has_terms(self.fields.title) {
            per_field.push((self.fields.title, tokens));
        }
        let languages = self.stemmed_languages();
        if languages.is_empty() {
            return per_field;
        }
        let searcher = self.reader.searcher();
        let mut stemmed: Vec<Readings> = Vec::new();
        for language in languages.iter() {
            let readings = self.language_readings(&searcher, language, word);
            if !readings.is_empty() && !stemmed.contains(&readings) {
                stemmed.push(readings);
            }
        }
        match <[Readings; 1]>::try_from(stemmed) {
            Ok([readings]) => per_field.push((self.fields.text_stemmed, readings)),
            Err(none) if none.is_empty() => {}
            Err(several) if several.iter().all(|readings| readings.len() == 1) => {
                // One word: a place of every language's stems, the best one's score
                // counting (see `tokens_query`).
                let mut place: Vec<String> = Vec::new();
                for stem in several.into_iter().flatten().flatten() {
                    if !place.contains(&stem) {
                        place.push(stem);
                    }
                }
                per_field.push((self.fields.text_stemmed, vec![place]));
            }
            // A phrase: as each language reads it, where a place of every language's
            // stems would make phrases of one language's word and another's.
            Err(several) => per_field.extend(
                several
                    .into_iter()
                    .map(|readings| (self.fields.text_stemmed, readings)),
            ),
        }
        per_field
    }

    /// The readings of a query's word or phrase in `text` and `title`: its tokens, and a
    /// Hebrew word, or a phrase's first, also with each prefix Hebrew writes onto words
    /// (הצבא, בצבא for צבא) that some statement's text holds (see [`hebrew`]).
    fn text_readings(&self, word: &str) -> Readings {
        let mut readings = analyze_readings(&mut text_analyzer(), word);
        let prefixed: Vec<String> = match readings.first().map(Vec::as_slice) {
            Some([word]) => hebrew::prefixed_forms(word).collect(),
            _ => Vec::new(),
        };
        if !prefixed.is_empty() {
            let searcher = self.reader.searcher();
            let found = prefixed
                .into_iter()
                .filter(|form| self.text_has_word(&searcher, form));
            readings[0].extend(found);
        }
        readings
    }

    /// The readings of a query's word or phrase in `text_stemmed` as the language
    /// `language` of [`LANGUAGES`] reads it: its stems, and for Russian the stems of its
    /// cases too (see [`russian_readings`]).
    fn language_readings(&self, searcher: &Searcher, language: usize, word: &str) -> Readings {
        if language == RUSSIAN {
            russian_readings(word, &|word| self.text_has_word(searcher, word))
        } else {
            analyze_readings(&mut language_analyzer(language, None), word)
        }
    }

    /// The terms of a query of one word (or a phrase of one), one per field, the text's
    /// first; None for any other query.
    fn single_word_terms(&self, query: Option<&Query>) -> Option<Vec<Term>> {
        match self.ranked_text(query)? {
            RankedText::Word(terms) => Some(terms),
            RankedText::Phrase(_) => None,
        }
    }

    /// A query of one word, or of one phrase of plain words (no word with two
    /// readings), as its terms in each field it is looked up in, the text's first;
    /// None for any other query.
    fn ranked_text(&self, query: Option<&Query>) -> Option<RankedText> {
        let Some(Query::Word(word) | Query::Phrase(word)) = query else {
            return None;
        };
        let mut fields = Vec::new();
        for (field, places) in self.field_tokens(word) {
            let mut terms = Vec::with_capacity(places.len());
            for readings in places {
                let [reading] = readings.as_slice() else {
                    return None;
                };
                terms.push(Term::from_field_text(field, reading));
            }
            fields.push(terms);
        }
        if fields.iter().all(|terms| terms.len() == 1) {
            return Some(RankedText::Word(fields.into_iter().flatten().collect()));
        }
        // A field where the phrase makes no token matches nothing.
        fields.retain(|terms| !terms.is_empty());
        let phrase = !fields.is_empty() && fields.iter().all(|terms| terms.len() > 1);
        phrase.then_some(RankedText::Phrase(fields))
    }

    /// `query` with the other spellings of its compounds, which every search, count and
    /// snippet reads in its place (see `tokenizer::compound_at` for what the index
    /// joins):
    ///
    /// - a word or phrase holding a hyphenated compound (`cease-fire`) is also itself
    ///   with the compound joined: `"cease fire" OR ceasefire`;
    /// - two plain words one after the other among a query's words (`cease fire`) are
    ///   also the one word they make joined, when the index holds it: `(cease fire) OR
    ///   ceasefire`, so `cease fire Armenia` is `((cease fire) OR ceasefire) Armenia`;
    ///
    /// each only when some statement writes the word joined, where the words or the
    /// phrase alone are the query (see [`written_joined`](Self::written_joined)); an OR
    /// of more than [`MOST_REWRITTEN_PHRASES`] phrases, a name's spellings, is left as
    /// it is.
    /// - a phrase of such words (`"cease fire agreement"`) is also the phrase with
    ///   them joined (`"ceasefire agreement"`), each of its first
    ///   [`MOST_JOINED_PAIRS`] pairs joined or not.
    ///
    /// A query of one word without a hyphen is given back as it is, at the cost of a
    /// scan of its letters; every pair of words costs one term dictionary lookup.
    fn with_compounds<'q>(&self, query: &'q Query) -> Cow<'q, Query> {
        match query {
            Query::Word(text) | Query::Phrase(text) => {
                let other = match self.compound_spellings(text) {
                    Some(joined) => Some(joined),
                    None if matches!(query, Query::Word(_)) => self.split_spellings(text),
                    None => None,
                };
                match other {
                    Some(other) => Cow::Owned(Query::Or(vec![query.clone(), other])),
                    None => Cow::Borrowed(query),
                }
            }
            // Words near each other are looked for as typed: a compound's other spelling
            // is one word where the query has two, or two where it has one.
            Query::Prefix(_) | Query::Near { .. } => Cow::Borrowed(query),
            Query::And(parts) => {
                let mut rewritten: Vec<Query> = Vec::with_capacity(parts.len());
                let mut changed = false;
                let mut at = 0;
                while at < parts.len() {
                    if let (Query::Word(first), Some(Query::Word(second))) =
                        (&parts[at], parts.get(at + 1))
                    {
                        if let Some(joined) = self.joined_pair(first, second) {
                            rewritten.push(Query::Or(vec![
                                Query::And(parts[at..at + 2].to_vec()),
                                Query::Word(joined),
                            ]));
                            changed = true;
                            at += 2;
                            continue;
                        }
                    }
                    let part = self.with_compounds(&parts[at]);
                    changed |= matches!(part, Cow::Owned(_));
                    rewritten.push(part.into_owned());
                    at += 1;
                }
                match changed {
                    true => Cow::Owned(Query::And(rewritten)),
                    false => Cow::Borrowed(query),
                }
            }
            // The spellings of a name the gazetteer knows (Nagorno-Karabakh's are dozens of
            // phrases, with their case endings) are the names as written: looked up pair
            // by pair, they cost such a search 0.7 ms of 2.1 on the UN paragraphs.
            Query::Or(parts)
                if parts.len() > MOST_REWRITTEN_PHRASES
                    && parts.iter().all(|part| matches!(part, Query::Phrase(_))) =>
            {
                Cow::Borrowed(query)
            }
            Query::Or(parts) => {
                let rewritten: Vec<Cow<'q, Query>> =
                    parts.iter().map(|part| self.with_compounds(part)).collect();
                if rewritten
                    .iter()
                    .all(|part| matches!(part, Cow::Borrowed(_)))
                {
                    return Cow::Borrowed(query);
                }
                Cow::Owned(Query::Or(
                    rewritten.into_iter().map(Cow::into_owned).collect(),
                ))
            }
            Query::Not(inner) => match self.with_compounds(inner) {
                Cow::Borrowed(_) => Cow::Borrowed(query),
                Cow::Owned(inner) => Cow::Owned(Query::Not(Box::new(inner))),
            },
        }
    }

    /// [`with_compounds`](Self::with_compounds) of a query that may be absent.
    fn compounds_of<'q>(&self, query: Option<&'q Query>) -> Option<Cow<'q, Query>> {
        query.map(|query| self.with_compounds(query))
    }

    /// The other spelling of a query's word or phrase `text`: its hyphenated compounds
    /// joined, or else its pairs of plain words that the index holds joined, joined (see
    /// [`with_compounds`](Self::with_compounds)); None when it has neither.
    fn compound_spellings(&self, text: &str) -> Option<Query> {
        // One word without a hyphen, the most common query, is looked at no further.
        if !text.contains(|character: char| {
            tokenizer::is_hyphen(character) || character.is_whitespace()
        }) {
            return None;
        }
        let tokens = tokenizer::word_spans(text);
        let compounds: Vec<&tokenizer::WordSpan> =
            tokens.iter().filter(|token| token.parts > 1).collect();
        let as_query = |text: String| match text.contains(char::is_whitespace) {
            true => Query::Phrase(text),
            false => Query::Word(text),
        };
        if let [compound] = compounds.as_slice() {
            // The compound alone: looked for joined only where some statement writes it
            // so (see `written_joined`).
            if tokens.len() == compound.parts + 1 {
                let stems = analyze(&mut text_analyzer(), &compound.text);
                let written = match stems.as_slice() {
                    [stem] => self.written_joined(stem, true),
                    _ => true,
                };
                if !written {
                    return None;
                }
            }
        }
        if !compounds.is_empty() {
            let mut joined = String::with_capacity(text.len());
            let mut copied = 0;
            for compound in compounds {
                joined.push_str(&text[copied..compound.bytes.start]);
                joined.push_str(&compound.text);
                copied = compound.bytes.end;
            }
            joined.push_str(&text[copied..]);
            return Some(as_query(joined));
        }
        let mut pairs: Vec<(std::ops::Range<usize>, String)> = Vec::new();
        let mut at = 0;
        while at + 1 < tokens.len() && pairs.len() < MOST_JOINED_PAIRS {
            let (first, second) = (&tokens[at], &tokens[at + 1]);
            let apart_by_spaces = text[first.bytes.end..second.bytes.start]
                .chars()
                .all(char::is_whitespace);
            match apart_by_spaces
                .then(|| self.joined_words(&first.text, &second.text, tokens.len() == 2))
                .flatten()
            {
                Some(joined) => {
                    pairs.push((first.bytes.start..second.bytes.end, joined));
                    at += 2;
                }
                None => at += 1,
            }
        }
        if pairs.is_empty() {
            // A phrase's words typed joined, each also cut where statements hyphenate it:
            // `"ceasefire violations"` is also "cease fire violations", which finds
            // "cease-fire violations" too.
            for token in &tokens {
                if pairs.len() == MOST_JOINED_PAIRS {
                    break;
                }
                if token.parts == 1 {
                    if let Some(cut) = self.cut_of(&token.text) {
                        pairs.push((token.bytes.clone(), cut.apart()));
                    }
                }
            }
        }
        if pairs.is_empty() {
            return None;
        }
        // Each pair joined (or word cut) or not: every combination but the text as
        // written.
        let alternatives: Vec<Query> = (1..1usize << pairs.len())
            .map(|chosen| {
                let mut spelling = String::with_capacity(text.len());
                let mut copied = 0;
                for (number, (bytes, joined)) in pairs.iter().enumerate() {
                    if chosen & (1 << number) != 0 {
                        spelling.push_str(&text[copied..bytes.start]);
                        spelling.push_str(joined);
                        copied = bytes.end;
                    }
                }
                spelling.push_str(&text[copied..]);
                as_query(spelling)
            })
            .collect();
        Some(match <[Query; 1]>::try_from(alternatives) {
            Ok([alternative]) => alternative,
            Err(several) => Query::Or(several),
        })
    }

    /// A word typed joined (`ceasefire`) as it is also written apart: the phrase of the
    /// two words ("cease fire") where statements write it with a hyphen (see
    /// [`SearchIndex::cut_of`]), when each word also stands outside that compound (see
    /// [`Cut::stands_apart`]); None for any other word.
    fn split_spellings(&self, word: &str) -> Option<Query> {
        self.cut_of(word)
            .filter(|cut| cut.stands_apart)
            .map(|cut| Query::Phrase(cut.apart()))
    }

    /// Where a word typed joined (`ceasefire`) is cut in two words ("cease", "fire"), as
    /// statements that write it with a hyphen cut it ("cease-fire", indexed with where it
    /// is cut: see [`CompoundMarkFilter`]), when the hyphen is more than a line's end
    /// breaking the word (see [`HYPHENATED_USES_PER_SPLIT`]). None for a word the index
    /// never saw so hyphenated, at the cost of its analysis and one term dictionary
    /// range per segment. The words cut last are remembered for the searcher generation
    /// they were read in: a search reads its query twice (its hits, then their
    /// snippets), and a hyphenated word's cut was a fifth of a rare word's search.
    fn cut_of(&self, word: &str) -> Option<Cut> {
        // A phrase's words, a few queries' worth.
        const REMEMBERED: usize = 16;
        let searcher = self.reader.searcher();
        let generation = searcher.generation().generation_id();
        if let Ok(memory) = self.cuts.lock() {
            if memory.generation == generation {
                if let Some((_, cut)) = memory.words.iter().find(|(known, _)| known == word) {
                    return cut.clone();
                }
            }
        }
        let cut = self.cut_in(&searcher, word);
        if let Ok(mut memory) = self.cuts.lock() {
            if memory.generation != generation || memory.words.len() == REMEMBERED {
                memory.generation = generation;
                memory.words.clear();
            }
            memory.words.push((word.to_string(), cut.clone()));
        }
        cut
    }

    /// [`SearchIndex::cut_of`] as `searcher` reads the index.
    fn cut_in(&self, searcher: &Searcher, word: &str) -> Option<Cut> {
        let [span] = <[tokenizer::WordSpan; 1]>::try_from(tokenizer::word_spans(word)).ok()?;
        if span.parts != 1 || span.text.len() > tokenizer::MOST_COMPOUND_BYTES {
            return None;
        }
        let mut analyzer = text_analyzer();
        let [stem] = <[String; 1]>::try_from(analyze(&mut analyzer, &span.text)).ok()?;
        // Where statements cut the compound, and how many statements write it so.
        let mut cuts: Vec<(usize, u64)> = Vec::new();
        let first = format!("{CUT_MARK}{stem} ");
        let past = format!("{CUT_MARK}{stem}!");
        for segment in searcher.segment_readers() {
            let Ok(inverted) = segment.inverted_index(self.fields.text) else {
                continue;
            };
            let Ok(mut terms) = inverted
                .terms()
                .range()
                .ge(first.as_bytes())
                .lt(past.as_bytes())
                .into_stream()
            else {
                continue;
            };
            while terms.advance() {
                let cut = terms
                    .key()
                    .get(first.len()..)
                    .and_then(|bytes| std::str::from_utf8(bytes).ok())
                    .and_then(|bytes| bytes.parse::<usize>().ok());
                if let Some(cut) = cut {
                    let frequency = u64::from(terms.value().doc_freq);
                    match cuts.iter_mut().find(|(known, _)| *known == cut) {
                        Some((_, total)) => *total += frequency,
                        None => cuts.push((cut, frequency)),
                    }
                }
            }
        }
        // The cut most statements make.
        let (cut, compounds) = cuts
            .into_iter()
            .max_by_key(|&(cut, compounds)| (compounds, cut))?;
        let frequency = |term: &str| {
            searcher
                .doc_freq(&Term::from_field_text(self.fields.text, term))
                .unwrap_or(0)
        };
        // A word written with a hyphen in under one of a hundred of its statements is
        // more likely broken at a line's end ("coun-tries" in scanned speeches) than two
        // words, and a common one would lose its quick path for nothing.
        if compounds.saturating_mul(HYPHENATED_USES_PER_SPLIT) < frequency(&stem) {
            return None;
        }
        // The statement's first word as long as the query's: the same letters, in another
        // case or with other marks, mostly are.
        if cut == 0 || cut >= span.text.len() || !span.text.is_char_boundary(cut) {
            return None;
        }
        let (first, second) = span.text.split_at(cut);
        let mut stands_apart =
            |part: &str| match <[String; 1]>::try_from(analyze(&mut analyzer, part)) {
                Ok([part_stem]) => part_stem != stem && frequency(&part_stem) > compounds,
                Err(_) => false,
            };
        Some(Cut {
            stands_apart: stands_apart(first) && stands_apart(second),
            first: first.to_string(),
            second: second.to_string(),
        })
    }

    /// The word two query words `first` and `second` make joined, when each is one
    /// plain word and the index holds the joined one (see [`Self::joined_words`]).
    fn joined_pair(&self, first: &str, second: &str) -> Option<String> {
        let single = |text: &str| -> Option<String> {
            match <[tokenizer::WordSpan; 1]>::try_from(tokenizer::word_spans(text)) {
                Ok([word]) => Some(word.text),
                Err(_) => None,
            }
        };
        self.joined_words(&single(first)?, &single(second)?, true)
    }

    /// `first` and `second` joined, when both are words with a letter (not CJK, whose
    /// pairs are no words), the joined word is no longer than a compound the index
    /// joins, and the index's text holds its stem (one term dictionary lookup per
    /// segment), which is neither word's own: "combat or" is no "combator", whose stem
    /// is combat's, nor "fire s" "fires".
    // The stem, not the word: the vocabulary of words is a file read whole, a
    // millisecond or more of a large archive's search.
    fn joined_words(&self, first: &str, second: &str, whole: bool) -> Option<String> {
        let is_word = |word: &str| {
            word.chars().any(char::is_alphabetic)
                && !word.chars().any(crate::fold::is_written_unspaced)
        };
        if !is_word(first)
            || !is_word(second)
            || first.len() + second.len() > tokenizer::MOST_COMPOUND_BYTES
        {
            return None;
        }
        let joined = format!("{first}{second}");
        let mut analyzer = text_analyzer();
        let [stem] = <[String; 1]>::try_from(analyze(&mut analyzer, &joined)).ok()?;
        for word in [first, second] {
            if analyze(&mut analyzer, word).contains(&stem) {
                return None;
            }
        }
        self.written_joined(&stem, whole).then_some(joined)
    }

    /// Whether the index's text holds the stem `stem`; when the words it joins are the
    /// `whole` query (a word or phrase of them, or two words among a query's), only if
    /// some statement writes it joined, not as a compound alone: the statements that
    /// hold it as a compound hold its words, which the query finds already, and the
    /// union with the joined word cost "human rights" 0.14 -> 0.48 ms on the UN
    /// paragraphs, where no statement writes humanrights but 110 human-rights. Inside
    /// a longer phrase the compound does not tell: the phrase may stand elsewhere.
    fn written_joined(&self, stem: &str, whole: bool) -> bool {
        let searcher = self.reader.searcher();
        let frequency = |term: &str| {
            searcher
                .doc_freq(&Term::from_field_text(self.fields.text, term))
                .unwrap_or(u64::MAX)
        };
        let held = frequency(stem);
        if held == 0 {
            return false;
        }
        !whole || held > frequency(&format!("{COMPOUND_MARK}{stem}"))
    }

    fn text_query(&self, query: &Query) -> Result<Box<dyn TantivyQuery>> {
        Ok(match query {
            Query::Word(word) | Query::Phrase(word) => Box::new(BooleanQuery::new(
                self.field_queries(word)?
                    .into_iter()
                    .map(|field_query| (Occur::Should, field_query))
                    .collect(),
            )),
            Query::Near { phrase, slop } => Box::new(BooleanQuery::new(
                self.field_tokens(phrase)
                    .iter()
                    .map(|(field, tokens)| {
                        Ok((Occur::Should, tokens_query_within(*field, tokens, *slop)?))
                    })
                    .collect::<Result<Vec<_>>>()?,
            )),
            Query::Prefix(prefix) => {
                let parts = prefix_parts(prefix);
                if let Some(places) = self.phrase_prefix_places(prefix, &parts)? {
                    return self.phrase_prefix_query(&places);
                }
                let last = match &parts.last {
                    PrefixEnd::Nothing => return Ok(Box::new(EmptyQuery)),
                    PrefixEnd::Word(readings) => {
                        let mut words = Vec::new();
                        for folded in readings {
                            words.extend(self.vocabulary.words_with_prefix(folded, usize::MAX)?);
                        }
                        words.sort_unstable();
                        words.dedup();
                        self.any_word_query(&words)
                    }
                    PrefixEnd::Character(character) => self.character_query(character)?,
                    PrefixEnd::Run(run) => self.text_query(&Query::Word(run.to_string()))?,
                };
                if parts.words.is_empty() {
                    last
                } else {
                    // "nerkin-a*": the last word is the prefix, the others whole words.
                    let mut clauses = Vec::with_capacity(parts.words.len() + 1);
                    for word in parts.words {
                        clauses.push((Occur::Must, self.text_query(&Query::Word(word.into()))?));
                    }
                    clauses.push((Occur::Must, last));
                    Box::new(BooleanQuery::new(clauses))
                }
            }
            Query::And(parts) => {
                let mut clauses = Vec::with_capacity(parts.len() + 1);
                for part in parts {
                    match part {
                        Query::Not(inner) => {
                            clauses.push((Occur::MustNot, exclusion(self.text_query(inner)?)))
                        }
                        other => clauses.push((Occur::Must, self.text_query(other)?)),
                    }
                }
                if query.is_only_negative() {
                    clauses.push((Occur::Must, Box::new(AllQuery)));
                }
                Box::new(BooleanQuery::new(clauses))
            }
            Query::Or(parts) => {
                let mut clauses = Vec::with_capacity(parts.len());
                // Alternatives the analyser reads alike are one: each would add its score
                // again. `fire OR fires` doubled the score of every statement saying
                // "fire", and a place's name the score of each statement writing it as
                // typed, since a form with a case ending (Tovuze) stems to the name.
                // Field by field: "fires" and "fire" are one term in `text`, two in
                // `text_stemmed` as Russian reads them.
                let mut seen: Vec<(Field, Readings)> = Vec::new();
                for part in parts {
                    match part {
                        Query::Word(word) | Query::Phrase(word) => {
                            for field_tokens in self.field_tokens(word) {
                                if !seen.contains(&field_tokens) {
                                    let (field, tokens) = &field_tokens;
                                    clauses.push((Occur::Should, tokens_query(*field, tokens)?));
                                    seen.push(field_tokens);
                                }
                            }
                        }
                        other => clauses.push((Occur::Should, self.text_query(other)?)),
                    }
                }
                Box::new(BooleanQuery::new(clauses))
            }
            Query::Not(inner) => Box::new(BooleanQuery::new(vec![
                (Occur::Must, Box::new(AllQuery) as Box<dyn TantivyQuery>),
                (Occur::MustNot, exclusion(self.text_query(inner)?)),
            ])),
        })
    }

    fn collect_highlight_terms(
        &self,
        searcher: &Searcher,
        query: &Query,
        terms: &mut HighlightTerms,
    ) -> Result<()> {
        // Rarer stems weigh more in choosing the fragment.
        let weight = |token: &str| -> Result<f32> {
            let frequency = searcher.doc_freq(&Term::from_field_text(self.fields.text, token))?;
            Ok(1.0 / (1.0 + frequency as f32))
        };
        match query {
            Query::Word(word) | Query::Phrase(word) => {
                terms.add(self.text_readings(word), weight)?;
            }
            Query::Near { phrase, slop } => {
                terms.add_near(self.text_readings(phrase), *slop, weight)?;
            }
            Query::Prefix(prefix) => {
                let parts = prefix_parts(prefix);
                // A phrase ending in a prefix: only where it stands whole.
                if let Some(places) = self.phrase_prefix_places(prefix, &parts)? {
                    return terms.add(places, weight);
                }
                match parts.last {
                    PrefixEnd::Nothing => {}
                    PrefixEnd::Word(readings) => {
                        // The prefix matched whole words; highlight them in their stemmed form.
                        for folded in readings {
                            for word in self.vocabulary.words_with_prefix(&folded, 200)? {
                                for token in analyze(&mut text_analyzer(), &word) {
                                    terms.add(vec![vec![token]], weight)?;
                                }
                            }
                        }
                    }
                    PrefixEnd::Character(character) => terms.add_character(character, weight)?,
                    PrefixEnd::Run(run) => {
                        terms.add(analyze_readings(&mut text_analyzer(), run), weight)?
                    }
                }
            }
            Query::And(parts) | Query::Or(parts) => {
                for part in parts {
                    self.collect_highlight_terms(searcher, part, terms)?;
                }
            }
            Query::Not(_) => {}
        }
        Ok(())
    }

    /// The places of a phrase ending in a prefix (`"combat po*"`, see [`Query::Prefix`]):
    /// the readings of its words, then the stems of the words of the vocabulary its last
    /// begins, the [`MOST_PHRASE_PREFIX_STEMS`] most frequent. None for a prefix of one
    /// word, or typed joined (`nerkin-a*`: its words anywhere), or ending in an unspaced
    /// run.
    fn phrase_prefix_places(&self, prefix: &str, parts: &PrefixParts) -> Result<Option<Readings>> {
        let PrefixEnd::Word(readings) = &parts.last else {
            return Ok(None);
        };
        if parts.words.is_empty() || !prefix.contains(char::is_whitespace) {
            return Ok(None);
        }
        let mut words = Vec::new();
        for folded in readings {
            words.extend(self.vocabulary.words_with_prefix(folded, usize::MAX)?);
        }
        let mut analyzer = text_analyzer();
        let mut stems: Vec<String> = words
            .iter()
            .flat_map(|word| analyze(&mut analyzer, word))
            .collect();
        stems.sort_unstable();
        stems.dedup();
        if stems.len() > MOST_PHRASE_PREFIX_STEMS {
            let searcher = self.reader.searcher();
            let mut frequencies = Vec::with_capacity(stems.len());
            for stem in stems {
                let term = Term::from_field_text(self.fields.text, &stem);
                frequencies.push((searcher.doc_freq(&term)?, stem));
            }
            frequencies.sort_unstable_by(|one, other| other.cmp(one));
            stems = frequencies
                .into_iter()
                .take(MOST_PHRASE_PREFIX_STEMS)
                .map(|(_, stem)| stem)
                .collect();
        }
        let mut places = self.text_readings(&parts.words.join(" "));
        places.push(stems);
        Ok(Some(places))
    }

    /// Matches the statements whose text or title holds `places` (see
    /// [`Self::phrase_prefix_places`]) word after word; nothing when the prefix begins no
    /// word.
    fn phrase_prefix_query(&self, places: &Readings) -> Result<Box<dyn TantivyQuery>> {
        if places.iter().any(Vec::is_empty) {
            return Ok(Box::new(EmptyQuery));
        }
        let mut fields = vec![self.fields.text];
        if self.any_segment_has_terms(self.fields.title) {
            fields.push(self.fields.title);
        }
        let mut clauses: Vec<(Occur, Box<dyn TantivyQuery>)> = Vec::with_capacity(fields.len());
        for field in fields {
            clauses.push((Occur::Should, tokens_query(field, places)?));
        }
        Ok(Box::new(BooleanQuery::new(clauses)))
    }

    /// Matches statements holding any of `words` (folded, as the vocabulary has them) in
    /// any inflection: a prefix query, once the vocabulary has said which words it means.
    fn any_word_query(&self, words: &[String]) -> Box<dyn TantivyQuery> {
        if words.is_empty() {
            return Box::new(EmptyQuery);
        }
        let stems = |analyzer: &mut TextAnalyzer| -> Vec<String> {
            let mut stems: Vec<String> = words
                .iter()
                .flat_map(|word| analyze(analyzer, word))
                .collect();
            stems.sort();
            stems.dedup();
            stems
        };
        let english = stems(&mut text_analyzer());
        let mut english_fields = vec![self.fields.text];
        if self.any_segment_has_terms(self.fields.title) {
            english_fields.push(self.fields.title);
        }
        let mut fields: Vec<(Occur, Box<dyn TantivyQuery>)> = english_fields
            .into_iter()
            .map(|field| -> (Occur, Box<dyn TantivyQuery>) {
                (
                    Occur::Should,
                    Box::new(WordsAsOne::new(
                        english
                            .iter()
                            .map(|stem| Term::from_field_text(field, stem))
                            .collect(),
                    )),
                )
            })
            .collect();
        // The other languages with stemmers need no clause: a word of the vocabulary is
        // found in `text` under its English stem, whatever its statement's language.
        if self.has_russian() {
            // The vocabulary holds words folded, in lower case, which the analyser cuts
            // short; a capitalised surname ("Алиев") is indexed whole. Such a word is
            // looked up whole, and by its stem only when it is a noun's genitive plural
            // (the archive has the noun's other forms), so that `Алие*` finds "Алиев"
            // and not "алые".
            let searcher = self.reader.searcher();
            let has_word = |word: &str| self.text_has_word(&searcher, word);
            let mut analyzer = russian_analyzer();
            let mut russian: Vec<String> = Vec::new();
            for word in words {
                let word_stems = analyze(&mut analyzer, word);
                let cut_short =
                    has_surname_shape(word) && word_stems.iter().all(|stem| stem != word);
                if cut_short {
                    russian.push(word.clone());
                    if !has_noun_form(word, &has_word) {
                        continue;
                    }
                }
                russian.extend(word_stems);
            }
            russian.sort();
            russian.dedup();
            fields.push((
                Occur::Should,
                Box::new(WordsAsOne::new(
                    russian
                        .iter()
                        .map(|stem| Term::from_field_text(self.fields.text_stemmed, stem))
                        .collect(),
                )),
            ));
        }
        Box::new(BooleanQuery::new(fields))
    }

    /// Matches statements holding the character `character` of an unspaced run (folded,
    /// with its marks) anywhere: alone in its run, or in a pair with the character before
    /// or after it, each with its own marks (ท is not ทั).
    fn character_query(&self, character: &str) -> Result<Box<dyn TantivyQuery>> {
        let literal = regex_literal(character);
        let pattern = format!(r"{literal}(\P{{M}}\p{{M}}*)?|\P{{M}}\p{{M}}*{literal}");
        let mut fields = vec![self.fields.text];
        if self.any_segment_has_terms(self.fields.title) {
            fields.push(self.fields.title);
        }
        if !self.stemmed_languages().is_empty() {
            fields.push(self.fields.text_stemmed);
        }
        let mut clauses: Vec<(Occur, Box<dyn TantivyQuery>)> = Vec::with_capacity(fields.len());
        for field in fields {
            clauses.push((
                Occur::Should,
                Box::new(RegexQuery::from_pattern(&pattern, field)?),
            ));
        }
        Ok(Box::new(BooleanQuery::new(clauses)))
    }
}

/// What a prefix query (`provoc*`, `nerkin-a*`, `克*`) looks for, its text cut as the
/// analysers cut it.
struct PrefixParts<'a> {
    /// The words before the last, as written, each looked for as a whole word.
    words: Vec<&'a str>,
    last: PrefixEnd<'a>,
}

/// What the end of a prefix query looks for.
enum PrefixEnd<'a> {
    /// Nothing: the prefix has no letter or digit.
    Nothing,
    /// The words of the vocabulary that start with one of these, folded: the prefix's
    /// readings (two when it has a schwa, see [`FoldStemFilter`]).
    Word(Vec<String>),
    /// One CJK character (folded) wherever it stands, alone or in a pair: without spaces
    /// between words, nothing tells where a word starts, so `克*` is every 克.
    Character(String),
    /// A run of several CJK characters wherever it stands, for the same reason: as the
    /// phrase of its pairs, the run searched as a word (`克制*` is `克制`).
    Run(&'a str),
}

/// Cuts a prefix query's text into the words before its last and what its last looks for.
fn prefix_parts(prefix: &str) -> PrefixParts<'_> {
    // Words too long to be indexed are left out, as the analysers leave them out.
    let mut runs: Vec<(&str, bool)> = tokenizer::runs(prefix)
        .filter(|&(run, cjk)| cjk || run.len() < MAX_TOKEN_BYTES)
        .collect();
    let Some((last, cjk)) = runs.pop() else {
        return PrefixParts {
            words: Vec::new(),
            last: PrefixEnd::Nothing,
        };
    };
    let fold = |word: &str| {
        let mut folded = String::new();
        crate::fold::fold_word(word, &mut folded);
        folded
    };
    let last = if !cjk {
        let mut readings = vec![fold(last)];
        if last.contains(['ə', 'Ə']) {
            readings.push(fold(&last.replace(['ə', 'Ə'], "e")));
        }
        PrefixEnd::Word(readings)
    } else if tokenizer::units(last).nth(1).is_some() {
        PrefixEnd::Run(last)
    } else {
        PrefixEnd::Character(fold(last))
    };
    PrefixParts {
        words: runs.into_iter().map(|(word, _)| word).collect(),
        last,
    }
}

/// The most alternative values of a filter read as a union of their postings rather
/// than as a term set (see `build_query`).
const FEW_TERMS: usize = 64;

/// The most stems the last word of a phrase ending in a prefix (`"combat po*"`) is
/// looked for as, the most frequent: Elasticsearch's `match_phrase_prefix` expands to
/// 50 words. Each is an alternative at the phrase's last place.
const MOST_PHRASE_PREFIX_STEMS: usize = 64;

/// Tokens of this many bytes or more, as written, are left out of the index and of
/// queries (a run of 64 letters is no word anyone searches for).
const MAX_TOKEN_BYTES: usize = 64;

/// Runs a read of the index, turning what damaged files make tantivy do — a panic on
/// garbage, a data error — into [`IndexError::Damaged`], which names the cure.
fn guarded<T>(read: impl FnOnce() -> Result<T>) -> Result<T> {
    match catch_panic(read) {
        Ok(result) => damaged_if_corrupt(result),
        Err(message) => Err(IndexError::Damaged(message)),
    }
}

/// Runs `read`, returning the message of its panic if it panics.
fn catch_panic<T>(read: impl FnOnce() -> Result<T>) -> std::result::Result<Result<T>, String> {
    // The panic is answered with an error that names the cure; the default hook's message
    // would only alarm. Hooks are process-wide: the CLI reads from one thread.
    let previous_hook = std::panic::take_hook();
    std::panic::set_hook(Box::new(|_| {}));
    let outcome = std::panic::catch_unwind(std::panic::AssertUnwindSafe(read));
    std::panic::set_hook(previous_hook);
    outcome.map_err(|panic| {
        panic
            .downcast_ref::<String>()
            .cloned()
            .or_else(|| panic.downcast_ref::<&str>().map(|text| text.to_string()))
            .unwrap_or_else(|| "a read failed".into())
    })
}

/// Names tantivy's data errors for what they are: damage.
fn damaged_if_corrupt<T>(result: Result<T>) -> Result<T> {
    match result {
        Err(IndexError::Tantivy(
            error @ (tantivy::TantivyError::DataCorruption(_) | tantivy::TantivyError::IoError(_)),
        )) => Err(IndexError::Damaged(error.to_string())),
        other => other,
    }
}

/// Highlights the matches of one query in statement texts.
pub struct SnippetMaker {
    /// What the query looks for; None without a query: snippets are then the texts'
    /// beginnings, and making the analysers would cost a filters-only search a
    /// twentieth of its time.
    words: Option<QueryWords>,
    /// The matches of the text at hand: kept from one hit to the next, so that a page
    /// of snippets allocates them once.
    scratch: RefCell<SnippetScratch>,
    max_chars: usize,
}

/// What a query looks for, as English and as each language of the archive with a
/// stemmer reads it: a statement in such a language matches through its stemmer too.
struct QueryWords {
    english: SnippetWords,
    /// By place in [`LANGUAGES`]: the languages the archive has statements in.
    languages: Vec<Option<SnippetWords>>,
}

/// What a query looks for in a text, as one analyser reads it: stems on their own, and
/// phrases of several stems, which are highlighted only where they occur whole (a place
/// expanded into its spellings must not light up every "and" of "Nerkin-And").
#[derive(Default)]
struct HighlightTerms {
    /// Every stem looked for, with its weight in choosing the fragment.
    weights: BTreeMap<String, f32>,
    /// The stems looked for on their own: highlighted wherever they occur.
    alone: std::collections::BTreeSet<String>,
    /// Phrases of several stems, each place with its readings.
    phrases: Vec<Readings>,
    /// Proximities of several stems (`"…"~5`), each place with its readings, and how
    /// many other words may stand among them.
    near: Vec<(Readings, u32)>,
    /// CJK characters looked for wherever they stand (`克*`), folded: in any pair of
    /// characters, the one looked for is highlighted.
    characters: std::collections::BTreeSet<String>,
}

impl HighlightTerms {
    /// Adds the stems of one word or phrase of the query, weighed by `weight`.
    fn add<E>(
        &mut self,
        stems: Readings,
        weight: impl Fn(&str) -> std::result::Result<f32, E>,
    ) -> std::result::Result<(), E> {
        for stem in stems.iter().flatten() {
            if !self.weights.contains_key(stem) {
                let value = weight(stem)?;
                self.weights.insert(stem.clone(), value);
            }
        }
        match <[Vec<String>; 1]>::try_from(stems) {
            Ok([readings]) => self.alone.extend(readings),
            Err(stems) if stems.is_empty() || self.phrases.contains(&stems) => {}
            Err(stems) => self.phrases.push(stems),
        }
        Ok(())
    }

    /// Adds the stems of a proximity of the query, weighed by `weight`: highlighted
    /// where every place of it stands within its span.
    fn add_near<E>(
        &mut self,
        stems: Readings,
        slop: u32,
        weight: impl Fn(&str) -> std::result::Result<f32, E>,
    ) -> std::result::Result<(), E> {
        if stems.len() < 2 {
            return self.add(stems, weight);
        }
        for stem in stems.iter().flatten() {
            if !self.weights.contains_key(stem) {
                let value = weight(stem)?;
                self.weights.insert(stem.clone(), value);
            }
        }
        self.near.push((stems, slop));
        Ok(())
    }

    /// Adds a CJK character (folded) looked for wherever it stands, weighed by `weight`.
    fn add_character<E>(
        &mut self,
        character: String,
        weight: impl Fn(&str) -> std::result::Result<f32, E>,
    ) -> std::result::Result<(), E> {
        self.characters.insert(character.clone());
        self.add(vec![vec![character]], weight)
    }
}

/// The stems one analyser looks for in a text, and that analyser.
struct SnippetWords {
    /// Stem → its weight (rarer stems weigh more), in millionths so that sums taken and
    /// given back stay exact, and its number, which counts the different stems a
    /// stretch of text holds.
    terms: BTreeMap<String, (u64, usize)>,
    /// By stem number: whether it is highlighted wherever it occurs, not only in a
    /// phrase.
    alone: Vec<bool>,
    /// The phrases, as the stem numbers of each place's readings.
    phrases: Vec<Vec<Vec<usize>>>,
    /// The proximities, as the phrases, with the most positions apart two of their
    /// words may stand: the places less one, and the other words allowed among them.
    near: Vec<(Vec<Vec<usize>>, usize)>,
    /// CJK characters looked for inside pairs too, folded; each is a stem of `terms`.
    characters: std::collections::BTreeSet<String>,
    /// Kept between texts: its memory of stems is what makes the next text cheap.
    analyzer: RefCell<TextAnalyzer>,
    /// Finders of [`ascii_prefixes`], when the analyser matches no ASCII word that does
    /// not start with one of them: an ASCII text is then analysed only around where
    /// they stand (see [`SnippetWords::windows`]).
    prefix_finders: Vec<memchr::memmem::Finder<'static>>,
    /// Buffers of [`SnippetWords::windows`], kept from one text to the next.
    window_scratch: RefCell<WindowScratch>,
}

/// What [`SnippetWords::windows`] reuses from one text to the next.
#[derive(Default)]
struct WindowScratch {
    /// The text lower-cased.
    lower: Vec<u8>,
    /// The letters and digits of a run of text holding a hyphen, lower-cased.
    joined: Vec<u8>,
    /// The runs of text around each place a prefix stands.
    found: Vec<std::ops::Range<usize>>,
    windows: Vec<std::ops::Range<usize>>,
}

impl SnippetWords {
    fn new(analyzer: TextAnalyzer, looked_for: HighlightTerms) -> SnippetWords {
        let terms: BTreeMap<String, (u64, usize)> = looked_for
            .weights
            .into_iter()
            .enumerate()
            .map(|(number, (term, weight))| {
                (term, ((f64::from(weight) * 1e6).round() as u64, number))
            })
            .collect();
        let mut alone = vec![false; terms.len()];
        for stem in &looked_for.alone {
            if let Some(&(_, number)) = terms.get(stem) {
                alone[number] = true;
            }
        }
        let numbered = |phrase: &Readings| -> Vec<Vec<usize>> {
            phrase
                .iter()
                .map(|readings| {
                    readings
                        .iter()
                        .filter_map(|stem| terms.get(stem).map(|&(_, number)| number))
                        .collect()
                })
                .collect()
        };
        let phrases = looked_for.phrases.iter().map(numbered).collect();
        let near = looked_for
            .near
            .iter()
            .map(|(phrase, slop)| {
                let span = (phrase.len() - 1).saturating_add(*slop as usize);
                (numbered(phrase), span)
            })
            .collect();
        SnippetWords {
            terms,
            alone,
            phrases,
            near,
            characters: looked_for.characters,
            analyzer: RefCell::new(analyzer),
            prefix_finders: Vec::new(),
            window_scratch: RefCell::default(),
        }
    }

    /// Says that the analyser matches an ASCII word only if it starts with one of
    /// `prefixes` (the snippets' English analyser, see [`ascii_prefixes`]).
    fn with_ascii_prefixes(mut self, prefixes: &[Box<str>]) -> SnippetWords {
        self.prefix_finders = prefixes
            .iter()
            .map(|prefix| memchr::memmem::Finder::new(prefix.as_bytes()).into_owned())
            .collect();
        self
    }

    /// Writes the matches of `text` into `matches`, in their order in the text.
    fn find(&self, text: &str, matches: &mut Vec<SnippetMatch>) {
        let mut scratch = self.window_scratch.borrow_mut();
        match self.windows(text, &mut scratch) {
            Some(windows) => self.find_in(text, windows, matches),
            None => self.find_in(text, std::slice::from_ref(&(0..text.len())), matches),
        }
    }

    /// The stretches of an ASCII text that hold every word the analyser could match,
    /// None when that cannot be told from the text alone, or when the query has a
    /// proximity. A word it matches starts
    /// with one of [`Self::prefix_finders`]' prefixes (in ASCII, a word is letters and digits),
    /// but for a compound's joined form, which is its parts' letters without their
    /// hyphens: where a hyphen stands, the run of text between two spaces around it is
    /// looked at without its punctuation. A stretch is such a run around each place a
    /// prefix stands, joined with the next when nothing but punctuation parts them, so
    /// that the words of a phrase stay next to each other. No word crosses a space (nor
    /// does a compound, or an apostrophe's suffix), so a stretch is cut into words as
    /// the whole text is.
    fn windows<'s>(
        &self,
        text: &str,
        scratch: &'s mut WindowScratch,
    ) -> Option<&'s [std::ops::Range<usize>]> {
        // A proximity counts the words between its words, which stretches leave out.
        if self.prefix_finders.is_empty()
            || !self.characters.is_empty()
            || !self.near.is_empty()
            || !text.is_ascii()
        {
            return None;
        }
        let WindowScratch {
            lower,
            joined,
            found,
            windows,
        } = scratch;
        let bytes = text.as_bytes();
        let run_around = |first: usize, last: usize| {
            let start = bytes[..first]
                .iter()
                .rposition(u8::is_ascii_whitespace)
                .map_or(0, |space| space + 1);
            let end = bytes[last..]
                .iter()
                .position(u8::is_ascii_whitespace)
                .map_or(bytes.len(), |space| last + space);
            start..end
        };
        lower.clear();
        lower.extend(bytes.iter().map(u8::to_ascii_lowercase));
        found.clear();
        for finder in &self.prefix_finders {
            let length = finder.needle().len();
            found.extend(
                finder
                    .find_iter(lower)
                    .map(|start| run_around(start, start + length)),
            );
        }
        let mut looked_at = 0;
        for hyphen in memchr::memchr_iter(b'-', bytes) {
            if hyphen < looked_at {
                continue;
            }
            let run = run_around(hyphen, hyphen);
            looked_at = run.end;
            joined.clear();
            joined.extend(
                lower[run.clone()]
                    .iter()
                    .filter(|byte| byte.is_ascii_alphanumeric()),
            );
            if self
                .prefix_finders
                .iter()
                .any(|finder| finder.find(joined).is_some())
            {
                found.push(run);
            }
        }
        found.sort_unstable_by_key(|run| run.start);
        windows.clear();
        for run in found.iter() {
            match windows.last_mut() {
                Some(window)
                    if run.start <= window.end
                        || !bytes[window.end..run.start]
                            .iter()
                            .any(u8::is_ascii_alphanumeric) =>
                {
                    window.end = window.end.max(run.end);
                }
                _ => windows.push(run.clone()),
            }
        }
        Some(windows)
    }

    /// [`Self::find`] in the stretches `windows` of `text`, ascending: a stretch's
    /// words are numbered on from the last stretch's, two apart, so that no phrase
    /// joins words of two stretches.
    fn find_in(
        &self,
        text: &str,
        windows: &[std::ops::Range<usize>],
        matches: &mut Vec<SnippetMatch>,
    ) {
        matches.clear();
        if self.terms.is_empty() {
            return;
        }
        let mut analyzer = self.analyzer.borrow_mut();
        // Characters are counted from the previous match on, so that the whole text
        // is counted at most once.
        let mut counted = (0, 0);
        let mut folded = String::new();
        let mut first_position = 0;
        for window in windows {
            let mut stream = analyzer.token_stream(&text[window.clone()]);
            let mut next_position = first_position;
            while let Some(token) = stream.next() {
                let (from, to) = (
                    window.start + token.offset_from,
                    window.start + token.offset_to,
                );
                let position = first_position + token.position;
                next_position = next_position.max(position + 2);
                if let Some(&(weight, term)) = self.terms.get(&token.text) {
                    record(
                        text,
                        matches,
                        &mut counted,
                        from..to,
                        position,
                        (weight, term),
                    );
                } else if !self.characters.is_empty()
                    && token.text.starts_with(crate::fold::is_written_unspaced)
                {
                    // `克*` looks for 克 in every pair: the character is what is marked.
                    let pair = text.get(from..to).unwrap_or_default();
                    for unit in tokenizer::units(pair) {
                        crate::fold::fold_word(&pair[unit.clone()], &mut folded);
                        if !self.characters.contains(&folded) {
                            continue;
                        }
                        if let Some(&found) = self.terms.get(&folded) {
                            let bytes = from + unit.start..from + unit.end;
                            record(text, matches, &mut counted, bytes, position, found);
                        }
                    }
                }
            }
            first_position = next_position;
        }
        if self.phrases.is_empty() && self.near.is_empty() {
            return;
        }
        // A word of a phrase counts only where the whole phrase stands, word after word.
        // Matches come by position, and one position may hold two (a compound's first
        // part and its joined form, "cease" and "ceasefire" of "cease-fire").
        let mut whole: Vec<usize> = Vec::new();
        for start in 0..matches.len() {
            let first = matches[start].position;
            for phrase in &self.phrases {
                whole.clear();
                for (offset, readings) in phrase.iter().enumerate() {
                    let at = matches[whole.last().map_or(start, |&last| last + 1)..]
                        .iter()
                        .take_while(|found| found.position <= first + offset)
                        .position(|found| {
                            found.position == first + offset && readings.contains(&found.term)
                        });
                    match at {
                        Some(at) => whole.push(at + whole.last().map_or(start, |&last| last + 1)),
                        None => break,
                    }
                }
                if whole.len() == phrase.len() && whole.first() == Some(&start) {
                    for &at in &whole {
                        matches[at].in_phrase = true;
                    }
                }
            }
        }
        // A word of a proximity counts where every other place of it stands within its
        // span: the words in any order, a little wider than the query's slop allows
        // (which counts a word moved back twice), never narrower.
        for (phrase, span) in &self.near {
            for at in 0..matches.len() {
                let position = matches[at].position;
                if !phrase
                    .iter()
                    .any(|readings| readings.contains(&matches[at].term))
                {
                    continue;
                }
                let window = position.saturating_sub(*span)..=position.saturating_add(*span);
                let near_ones = matches
                    .iter()
                    .filter(|found| window.contains(&found.position));
                let mut places_found = vec![false; phrase.len()];
                for found in near_ones {
                    for (place, readings) in phrase.iter().enumerate() {
                        places_found[place] |= readings.contains(&found.term);
                    }
                }
                if places_found.iter().all(|&found| found) {
                    matches[at].in_near = true;
                }
            }
        }
        matches.retain(|found| {
            found.in_phrase || found.in_near || self.alone.get(found.term) == Some(&true)
        });
        join_acronyms(text, matches);
    }
}

/// Makes one match of the pieces of a Hebrew acronym found whole: the index holds צה״ל
/// (and צה"ל) as the words צה and ל, which were highlighted apart, the gershayim left out
/// between them. Two matches of a phrase, word after word, parted by nothing but a
/// gershayim, geresh or quote between two Hebrew letters, are one; so are two parted by
/// a hyphen, the parts of a compound.
fn join_acronyms(text: &str, matches: &mut Vec<SnippetMatch>) {
    // As the query reads such a mark (`query::is_acronym_mark`): a Hebrew letter on
    // either side, points and accents allowed after the first.
    let is_hebrew_letter = |c: Option<char>| c.is_some_and(crate::query::is_hebrew_letter);
    let mut joined = 0;
    for next in 1..matches.len() {
        let last = &matches[joined];
        let current = &matches[next];
        let between = text
            .get(last.bytes.end..current.bytes.start)
            .unwrap_or_default();
        let mark = matches!(between, "\"" | "\u{05F4}" | "\u{05F3}" | "'" | "”" | "’");
        let next_in_phrase =
            last.in_phrase && current.in_phrase && current.position == last.position + 1;
        let acronym = next_in_phrase
            && mark
            && is_hebrew_letter(
                text[..last.bytes.end]
                    .chars()
                    .rev()
                    .find(|&c| !crate::query::is_hebrew_point(c)),
            )
            && is_hebrew_letter(text[current.bytes.start..].chars().next());
        // The parts of a compound a phrase matched ("cease fire" in "cease-fire"): one
        // highlight, as the compound's joined form has.
        let compound = next_in_phrase
            && between.chars().count() == 1
            && between.chars().all(tokenizer::is_hyphen);
        if acronym || compound {
            let (end, chars_end) = (current.bytes.end, current.chars.end);
            let last = &mut matches[joined];
            last.bytes.end = end;
            last.chars.end = chars_end;
        } else {
            joined += 1;
            matches.swap(joined, next);
        }
    }
    matches.truncate((joined + 1).min(matches.len()));
}

/// Adds to `matches` the match of the stem (weight, number) `found` at `bytes` of `text`,
/// the word at `position`. Matches come in the order of their starts, and `counted` is
/// (bytes, characters) of the text counted so far: pairs of CJK characters overlap by a
/// character, which is then counted back.
fn record(
    text: &str,
    matches: &mut Vec<SnippetMatch>,
    counted: &mut (usize, usize),
    bytes: std::ops::Range<usize>,
    position: usize,
    (weight, term): (u64, usize),
) {
    if matches.last().is_some_and(|last| last.bytes == bytes) {
        // The second reading of a word with a schwa, at the same place, or a character
        // looked for met again in the next pair: one match.
        return;
    }
    let (counted_bytes, counted_chars) = *counted;
    let start_char = match text.get(counted_bytes..bytes.start) {
        Some(between) => counted_chars + char_count(between),
        None => counted_chars - text.get(bytes.start..counted_bytes).map_or(0, char_count),
    };
    let end_char = start_char + text.get(bytes.clone()).map_or(0, char_count);
    if bytes.end > counted_bytes {
        *counted = (bytes.end, end_char);
    }
    matches.push(SnippetMatch {
        bytes,
        chars: start_char..end_char,
        position,
        weight,
        term,
        in_phrase: false,
        in_near: false,
    });
}

/// One word of a text that the query looks for.
#[derive(Debug, Clone)]
struct SnippetMatch {
    bytes: std::ops::Range<usize>,
    /// The same, counted in characters from the text's start.
    chars: std::ops::Range<usize>,
    /// The word's number in the text, which tells words next to each other.
    position: usize,
    weight: u64,
    /// Which stem it is, as numbered in [`SnippetWords::terms`].
    term: usize,
    /// Whether it is a word of a phrase looked for, standing whole.
    in_phrase: bool,
    /// Whether it is a word of a proximity looked for, the others near it.
    in_near: bool,
}

/// Buffers a snippet maker reuses from one text to the next.
#[derive(Default)]
struct SnippetScratch {
    matches: Vec<SnippetMatch>,
    /// The matches of the text as its language reads it, weighed against `matches`.
    language_matches: Vec<SnippetMatch>,
    /// For each stem, how often it occurs in the stretch being weighed.
    occurrences: Vec<u32>,
}

impl SnippetMaker {
    /// Returns the best fragment of `text`, or its beginning when nothing in it matches
    /// (a filters-only search, or a hit on the title).
    ///
    /// The best fragment is the stretch of at most `max_chars` characters holding the
    /// most of the different words looked for (so a phrase is shown whole), widened on
    /// both sides to the full width, more to the left when the text ends soon after.
    pub fn snippet(&self, text: &str, language: &str) -> Snippet {
        self.snippet_within(text, language, self.max_chars)
    }

    /// The longest fragment [`SnippetMaker::snippet`] makes, in characters.
    pub fn max_chars(&self) -> usize {
        self.max_chars
    }

    /// [`SnippetMaker::snippet`] at most `max_chars` long: what is left of the length
    /// after a title shown first.
    pub fn snippet_within(&self, text: &str, language: &str, max_chars: usize) -> Snippet {
        // A huge statement (a whole report) is looked at in its first megabyte only:
        // analysing all of it would make the search as slow as reading a book.
        const WINDOW: usize = 1 << 20;
        let text = if text.len() > WINDOW {
            let end = (0..=WINDOW)
                .rev()
                .find(|&position| text.is_char_boundary(position))
                .unwrap_or(0);
            &text[..end]
        } else {
            text
        };
        // Offsets below are in the trimmed text, whose first character is number 0.
        let text = text.trim();
        let Some(QueryWords { english, languages }) = &self.words else {
            return cut_around(text, None, &[], max_chars);
        };
        let mut scratch = self.scratch.borrow_mut();
        let SnippetScratch {
            matches,
            language_matches,
            occurrences,
        } = &mut *scratch;
        let mut words = english;
        words.find(text, matches);
        // As the index stemmed it: a Ukrainian text stored as English, by default, in
        // Ukrainian. Guessed here, where a query has words to highlight: a search without
        // any reads no text's letters.
        let in_language = stemming_language(language, text)
            .and_then(|language| languages.get(language))
            .and_then(Option::as_ref);
        if let Some(language_words) = in_language {
            // The reading that finds more of the different words looked for wins; the
            // English one when they find as many, as the statement's Latin words
            // stemmed as English are its `text`.
            language_words.find(text, language_matches);
            if different_terms(language_matches) > different_terms(matches) {
                words = language_words;
                std::mem::swap(matches, language_matches);
            }
        }
        let best = best_stretch(matches, words.terms.len(), occurrences, max_chars);
        cut_around(text, best, matches, max_chars)
    }
}

/// The number of different stems `matches` holds.
fn different_terms(matches: &[SnippetMatch]) -> usize {
    let mut terms: Vec<usize> = matches.iter().map(|found| found.term).collect();
    terms.sort_unstable();
    terms.dedup();
    terms.len()
}

/// Returns the first and last of `matches` (by index) that bound the stretch of at most
/// `max_chars` characters holding the most weight of different stems, then the most
/// matches, then the earliest; None without matches.
fn best_stretch(
    matches: &[SnippetMatch],
    terms: usize,
    occurrences: &mut Vec<u32>,
    max_chars: usize,
) -> Option<(usize, usize)> {
    occurrences.clear();
    occurrences.resize(terms, 0);
    let mut best: Option<((u64, usize), (usize, usize))> = None;
    let mut first = 0;
    let mut weight = 0;
    for (last, added) in matches.iter().enumerate() {
        if let Some(count) = occurrences.get_mut(added.term) {
            if *count == 0 {
                weight += added.weight;
            }
            *count += 1;
        }
        // A stretch always holds its last match, even one longer than the limit.
        while first < last && added.chars.end - matches[first].chars.start > max_chars {
            let removed = &matches[first];
            if let Some(count) = occurrences.get_mut(removed.term) {
                *count -= 1;
                if *count == 0 {
                    weight -= removed.weight;
                }
            }
            first += 1;
        }
        let value = (weight, last + 1 - first);
        if best.is_none_or(|(best_value, _)| value > best_value) {
            best = Some((value, (first, last)));
        }
    }
    best.map(|(_, stretch)| stretch)
}

/// Returns the part of `text` (trimmed) to show: the matches from `stretch.0` to
/// `stretch.1` with as much text around them as `max_chars` leaves, shared evenly
/// between both sides unless one side has less to give, cut at whole words, with "…"
/// where text was left out; the text's beginning without a stretch. Every match inside
/// the fragment is highlighted.
fn cut_around(
    text: &str,
    stretch: Option<(usize, usize)>,
    matches: &[SnippetMatch],
    max_chars: usize,
) -> Snippet {
    let (window_bytes, window_chars) =
        match stretch.and_then(|(first, last)| Some((matches.get(first)?, matches.get(last)?))) {
            Some((first, last)) => (
                first.bytes.start..last.bytes.end,
                first.chars.start..last.chars.end,
            ),
            None => (0..0, 0..0),
        };
    let room = max_chars.saturating_sub(window_chars.len());
    // The text before the window is counted already; after it, only as far as needed.
    let before = (room / 2).min(window_chars.start);
    let after_wanted = room - before;
    let (mut end, after) = chars_forward(text, window_bytes.end, after_wanted);
    let before = (before + (after_wanted - after)).min(window_chars.start);
    let mut start = chars_backward(text, window_bytes.start, before);
    // Cut at whole words: a word cut in half is left out, unless it is all there is.
    if start > 0 && !is_word_break(text, start) {
        if let Some(cut) = text[start..window_bytes.start]
            .char_indices()
            .map(|(offset, _)| start + offset)
            .find(|&at| cuts_before(text, at))
        {
            start = cut;
        } else if window_bytes.start > 0 {
            start = window_bytes.start;
        }
    }
    if end < text.len() && !is_word_break(text, end) {
        if let Some(cut) = text[window_bytes.end..end]
            .char_indices()
            .rev()
            .map(|(offset, _)| window_bytes.end + offset)
            .find(|&at| cuts_before(text, at))
        {
            end = cut;
        } else if window_bytes.end > 0 {
            end = window_bytes.end;
        }
    }
    let (start, end) = around_whole_phrases(matches, start, end);
    let body = text[start..end].trim();
    let body_start = start + (text[start..end].len() - text[start..end].trim_start().len());
    let body_end = body_start + body.len();
    let prefix = if body_start > 0 { "… " } else { "" };
    let suffix = if body_end < text.len() { " …" } else { "" };
    // Assembled by hand: `format!` cost a page of filters-only hits 5% of its search.
    let mut fragment = String::with_capacity(prefix.len() + body.len() + suffix.len());
    fragment.push_str(prefix);
    fragment.push_str(body);
    fragment.push_str(suffix);
    // Matches come in the order of their starts. Those that overlap (the pairs of a run
    // of CJK characters, 保持 持克 克制) are one highlight: 保持克制.
    let mut highlights: Vec<std::ops::Range<usize>> = Vec::new();
    for found in matches
        .iter()
        .filter(|found| found.bytes.start >= body_start && found.bytes.end <= body_end)
    {
        let range = found.bytes.start - body_start + prefix.len()
            ..found.bytes.end - body_start + prefix.len();
        match highlights.last_mut() {
            Some(last) if range.start < last.end => last.end = last.end.max(range.end),
            _ => highlights.push(range),
        }
    }
    Snippet {
        fragment,
        highlights,
    }
}

/// Widens the fragment `start..end` so that it does not cut a phrase it shows a word of
/// ("… The Nagorno- …" for "Nagorno-Karabakh"): the phrase's other words, next to it,
/// come in too when they are near, at most [`PHRASE_OVERRUN`] bytes past either end.
fn around_whole_phrases(matches: &[SnippetMatch], start: usize, end: usize) -> (usize, usize) {
    let next_in_phrase = |first: &SnippetMatch, second: &SnippetMatch| {
        first.in_phrase && second.in_phrase && second.position == first.position + 1
    };
    let mut widened_end = end;
    for pair in matches.windows(2) {
        let (shown, cut) = (&pair[0], &pair[1]);
        if shown.bytes.start >= start
            && shown.bytes.end <= widened_end
            && cut.bytes.end > widened_end
            && cut.bytes.end <= end + PHRASE_OVERRUN
            && next_in_phrase(shown, cut)
        {
            widened_end = cut.bytes.end;
        }
    }
    let mut widened_start = start;
    for pair in matches.windows(2).rev() {
        let (cut, shown) = (&pair[0], &pair[1]);
        if shown.bytes.end <= end
            && shown.bytes.start >= widened_start
            && cut.bytes.start < widened_start
            && cut.bytes.start + PHRASE_OVERRUN >= start
            && next_in_phrase(cut, shown)
        {
            widened_start = cut.bytes.start;
        }
    }
    (widened_start, widened_end)
}

/// How far past its length a snippet may run to show a phrase whole.
const PHRASE_OVERRUN: usize = 48;

/// Returns where the text `count` characters after `from` ends, or the text's end, and
/// how many characters that is.
fn chars_forward(text: &str, from: usize, count: usize) -> (usize, usize) {
    let rest = text.get(from..).unwrap_or("");
    match nth_char_start(rest, count) {
        Some(offset) => (from + offset, count),
        None => (text.len(), char_count(rest)),
    }
}

/// Returns where the text `count` characters before `to` starts (`to` holds at least
/// that many characters before it).
fn chars_backward(text: &str, to: usize, count: usize) -> usize {
    if count == 0 {
        return to;
    }
    text.get(..to)
        .and_then(|before| before.char_indices().rev().nth(count - 1))
        .map_or(0, |(position, _)| position)
}

/// Returns true when `position` of `text` parts no word: a space, the text's end or a
/// character of an unspaced run is on one side of it (see [`parts_unspaced`]).
fn is_word_break(text: &str, position: usize) -> bool {
    let before = text[..position].chars().next_back();
    let after = text[position..].chars().next();
    match (before, after) {
        (None, _) | (_, None) => true,
        (Some(before), Some(after)) => {
            before.is_whitespace() || after.is_whitespace() || parts_unspaced(Some(before), after)
        }
    }
}

/// Whether text may be cut between `before` and `after` as a run of a script written
/// without spaces may be (Chinese, Thai: `fold::is_written_unspaced`), between any two
/// characters, but not between a letter and the mark on it (a Thai vowel sign).
fn parts_unspaced(before: Option<char>, after: char) -> bool {
    (before.is_some_and(crate::fold::is_written_unspaced)
        || crate::fold::is_written_unspaced(after))
        && !crate::fold::is_attached_mark(after)
}

/// Returns true when a fragment may begin or end at `position`, a character's start:
/// at a space, which the fragment then leaves out, or inside an unspaced run.
fn cuts_before(text: &str, position: usize) -> bool {
    let before = text[..position].chars().next_back();
    match text[position..].chars().next() {
        Some(after) => after.is_whitespace() || parts_unspaced(before, after),
        None => before.is_some_and(crate::fold::is_written_unspaced),
    }
}

/// Counts the characters of `text` by their first bytes (see [`nth_char_start`]).
fn char_count(text: &str) -> usize {
    text.bytes().filter(|&byte| byte & 0xC0 != 0x80).count()
}

/// Where the character numbered `number` (from 0) starts in `text`, if it has that many:
/// counted over bytes, as every byte but a UTF-8 continuation byte starts a character,
/// which is several times faster than decoding each character.
fn nth_char_start(text: &str, number: usize) -> Option<usize> {
    // Most texts begin in ASCII, a byte a character: checked a word at a time.
    if text.len() > number && text.as_bytes()[..number].is_ascii() {
        return Some(number);
    }
    let mut seen = 0;
    for (position, &byte) in text.as_bytes().iter().enumerate() {
        if byte & 0xC0 != 0x80 {
            if seen == number {
                return Some(position);
            }
            seen += 1;
        }
    }
    None
}

/// Calls `visit` with the text of every positive word, phrase and proximity of `query`,
/// and the proximity's slop (None for a word or a phrase).
fn collect_words(query: &Query, visit: &mut impl FnMut(&str, Option<u32>)) {
    match query {
        Query::Word(word) | Query::Phrase(word) => visit(word, None),
        Query::Near { phrase, slop } => visit(phrase, Some(*slop)),
        Query::And(parts) | Query::Or(parts) => {
            parts.iter().for_each(|part| collect_words(part, visit))
        }
        Query::Prefix(_) | Query::Not(_) => {}
    }
}

/// Counts matches per combination of dimension values, segment by segment.
///
/// A segment counts raw values: the number for ids and days, the term ordinal for text.
/// No document allocates: each reads its values into buffers kept for the segment, and a
/// combination seen before is counted in place. One dimension with values in a short range
/// (days, term ordinals, ids) is counted in a plain array; days with one such dimension (a
/// timeline's periods and its split) in an array per run of days ([`Runs`]). Ordinals mean
/// something only in their segment; they become labels when the segments' counts are
/// merged.
struct DimensionCounter {
    dimensions: Vec<Dimension>,
}

enum DimensionColumn {
    Unsigned(tantivy::columnar::Column<u64>),
    Signed(tantivy::columnar::Column<i64>),
    Text(Option<tantivy::columnar::StrColumn>),
    /// The days from the first column's day to the second's, both counted.
    Span(
        tantivy::columnar::Column<i64>,
        tantivy::columnar::Column<i64>,
    ),
    /// First days, as the first days of their periods ([`Dimension::Period`]).
    Period(PeriodColumn),
}

/// The column of first days, read as the starts of the periods that hold them.
struct PeriodColumn {
    days: tantivy::columnar::Column<i64>,
    length: Period,
    from: Option<NaiveDate>,
    /// The last day read and the start of its period: a segment sorted by date reads one
    /// day many times in a row, and the calendar is asked once.
    last: std::cell::Cell<(i64, i64)>,
}

impl PeriodColumn {
    /// Returns the first day of the period counting `day` (both as days from the common
    /// era), MISSING for a day out of the calendar.
    fn start(&self, day: i64) -> i64 {
        let (last_day, last_start) = self.last.get();
        if day == last_day {
            return last_start;
        }
        let start = i32::try_from(day)
            .ok()
            .and_then(NaiveDate::from_num_days_from_ce_opt)
            .map_or(MISSING, |first| {
                let counted = self.from.map_or(first, |from| from.max(first));
                i64::from(chrono::Datelike::num_days_from_ce(
                    &self.length.start_of(counted),
                ))
            });
        self.last.set((day, start));
        start
    }
}

/// Buffers for the values of a block of documents.
#[derive(Default)]
struct BlockValues {
    /// One value per document (None for none).
    values: Vec<Option<i64>>,
    /// The last days of the documents' periods, for [`DimensionColumn::Span`].
    ends: Vec<Option<i64>>,
    /// The values of a column of unsigned numbers or text ordinals, before they are read
    /// as signed ones.
    unsigned: Vec<Option<u64>>,
}

impl DimensionColumn {
    /// Replaces the contents of `values` with the raw values of `doc`.
    fn values(&self, doc: tantivy::DocId, values: &mut Vec<i64>) {
        values.clear();
        match self {
            DimensionColumn::Unsigned(column) => {
                values.extend(column.values_for_doc(doc).map(|value| value as i64))
            }
            DimensionColumn::Signed(column) => values.extend(column.values_for_doc(doc)),
            DimensionColumn::Text(Some(column)) => {
                values.extend(column.term_ords(doc).map(|ord| ord as i64))
            }
            DimensionColumn::Text(None) => {}
            DimensionColumn::Span(first, last) => {
                if let (Some(first), Some(last)) = (first.first(doc), last.first(doc)) {
                    values.push(last - first + 1);
                }
            }
            DimensionColumn::Period(period) => {
                values.extend(period.days.values_for_doc(doc).map(|day| period.start(day)))
            }
        }
    }

    /// Reads one value per document of a block into `buffers.values` (None for none),
    /// or returns false for a column that may hold several values for a document.
    fn block_values(&self, docs: &[tantivy::DocId], buffers: &mut BlockValues) -> bool {
        use tantivy::columnar::Cardinality;
        fn single<T: PartialOrd + Copy + std::fmt::Debug + Send + Sync + 'static>(
            column: &tantivy::columnar::Column<T>,
        ) -> bool {
            column.get_cardinality() != Cardinality::Multivalued
        }
        let BlockValues {
            values,
            ends,
            unsigned,
        } = buffers;
        // `first_vals` writes nothing for a document without a value.
        values.clear();
        values.resize(docs.len(), None);
        let unsigned_column = match self {
            DimensionColumn::Signed(column) if single(column) => {
                column.first_vals(docs, values);
                return true;
            }
            DimensionColumn::Period(period) if single(&period.days) => {
                period.days.first_vals(docs, values);
                for value in values.iter_mut().flatten() {
                    *value = period.start(*value);
                }
                return true;
            }
            DimensionColumn::Span(first, last) if single(first) && single(last) => {
                ends.clear();
                ends.resize(docs.len(), None);
                first.first_vals(docs, values);
                last.first_vals(docs, ends);
                for (first, last) in values.iter_mut().zip(ends.iter()) {
                    *first = first.zip(*last).map(|(first, last)| last - first + 1);
                }
                return true;
            }
            DimensionColumn::Text(None) => return true,
            DimensionColumn::Unsigned(column) if single(column) => column,
            DimensionColumn::Text(Some(column)) if single(column.ords()) => column.ords(),
            _ => return false,
        };
        unsigned.clear();
        unsigned.resize(docs.len(), None);
        unsigned_column.first_vals(docs, unsigned);
        for (value, &read) in values.iter_mut().zip(unsigned.iter()) {
            // As `values` reads them; above i64::MAX, as `range` tells, no array counts them.
            *value = read.map(|read| read as i64);
        }
        true
    }

    /// The smallest and largest raw value of the segment, if it has any.
    fn range(&self) -> Option<(i64, i64)> {
        match self {
            DimensionColumn::Unsigned(column) if column.num_docs() > 0 => {
                let (low, high) = (column.min_value(), column.max_value());
                (high <= i64::MAX as u64).then_some((low as i64, high as i64))
            }
            DimensionColumn::Signed(column) if column.num_docs() > 0 => {
                Some((column.min_value(), column.max_value()))
            }
            DimensionColumn::Text(Some(column)) if column.num_terms() > 0 => {
                Some((0, column.num_terms() as i64 - 1))
            }
            DimensionColumn::Span(first, last) if first.num_docs() > 0 => {
                // A period of at least one day, at most from the earliest first day to
                // the latest last one.
                Some((1, (last.max_value() - first.min_value() + 1).max(1)))
            }
            DimensionColumn::Period(period) if period.days.num_docs() > 0 => {
                match (
                    period.start(period.days.min_value()),
                    period.start(period.days.max_value()),
                ) {
                    // A day out of the calendar among them: too wide a range for an array.
                    (MISSING, _) | (_, MISSING) => Some((0, i64::MAX)),
                    range => Some(range),
                }
            }
            _ => None,
        }
    }
}

/// Marks a document without a value in a column.
const MISSING: i64 = i64::MIN;

/// The value a count's key holds for `dimension`, from its number in the column (`raw`):
/// a day, a number of days, an id, or the label of that rank among `labels`; missing for
/// `absent` (the marker of no value), a day out of the calendar, or a rank no label has.
fn dimension_value<S: AsRef<str>>(
    dimension: Dimension,
    raw: i64,
    absent: i64,
    labels: &[S],
) -> DimensionValue {
    if raw == absent {
        return DimensionValue::Missing;
    }
    match dimension {
        Dimension::Day | Dimension::Period { .. } => i32::try_from(raw)
            .ok()
            .and_then(NaiveDate::from_num_days_from_ce_opt)
            .map_or(DimensionValue::Missing, DimensionValue::Day),
        Dimension::Span => DimensionValue::Days(raw),
        Dimension::Speaker | Dimension::Organization => DimensionValue::Id(raw),
        _ => usize::try_from(raw)
            .ok()
            .and_then(|rank| labels.get(rank))
            .map_or(DimensionValue::Missing, |label| {
                DimensionValue::Label(label.as_ref().to_string())
            }),
    }
}

/// Stands for no value where raw values are sorted as their values sort, after every
/// value (as [`DimensionValue::Missing`] sorts): no id, day, number of days or rank of a
/// label comes near it.
const LAST: i64 = i64::MAX;

/// The widest range of values one dimension is counted for in an array (a million days
/// is 2,700 years; the array is 8 bytes a value). A wider one is [`Tally::Sparse`].
const DENSE_RANGE: i64 = 1 << 20;

/// What one segment counted.
enum Tally {
    /// One dimension: `counts[value - base]`, and the documents without a value.
    Dense {
        base: i64,
        counts: Vec<u64>,
        missing: u64,
    },
    /// One dimension whose values span too wide a range for an array (a placeholder date
    /// such as 9999-12-31 among this century's): value → count, and the documents without
    /// a value. It used to count every document as missing.
    Sparse {
        counts: foldhash::HashMap<i64, u64>,
        missing: u64,
    },
    /// Days and one dimension of values in a short range.
    Runs(Runs),
    /// Any number of dimensions: raw values (MISSING for none) → count.
    Combinations(foldhash::HashMap<Vec<i64>, u64>),
}

/// What one segment counted of days (a [`Dimension::Day`] or [`Dimension::Period`]) and
/// one other dimension whose values span a short range (a timeline's periods and its
/// split). A segment is sorted by date, so its documents come day by day: the values of
/// one run of a day are counted in an array, as [`Tally::Dense`] counts them, and listed
/// with their day when the run ends. No combination is hashed or allocated, and the lists
/// come in the order the merge sorts them in. (A segment not sorted by date would only list
/// a day more than once; the merge adds them up.) Counting every pair in a hash map cost a
/// yearly timeline split by speaker a second on 300,000 statements (session 18).
struct Runs {
    /// Where the days are among the two dimensions (0 or 1).
    days_at: usize,
    /// The day of the current run (MISSING for none).
    day: i64,
    /// The current run's counts of each value, `counts[value - base]`, and of the
    /// documents without a value.
    base: i64,
    counts: Vec<u64>,
    missing: u64,
    /// The offsets of the values the current run counted.
    present: Vec<usize>,
    /// The ended runs' counts: (day, value, count), the day's statements without a value
    /// counted as MISSING.
    listed: Vec<(i64, i64, u64)>,
}

impl Runs {
    /// Counts a document of `day` with `value` (MISSING for none).
    fn count(&mut self, day: i64, value: i64) {
        if day != self.day {
            self.end_run();
            self.day = day;
        }
        let offset = value.wrapping_sub(self.base) as usize;
        match self.counts.get_mut(offset) {
            Some(count) if value != MISSING => {
                if *count == 0 {
                    self.present.push(offset);
                }
                *count += 1;
            }
            _ => self.missing += 1,
        }
    }

    /// Lists the current run's counts, in the order of their values, and clears them for
    /// the next run.
    fn end_run(&mut self) {
        self.present.sort_unstable();
        for &offset in &self.present {
            let count = std::mem::take(&mut self.counts[offset]);
            self.listed
                .push((self.day, self.base + offset as i64, count));
        }
        self.present.clear();
        if self.missing > 0 {
            self.listed
                .push((self.day, MISSING, std::mem::take(&mut self.missing)));
        }
    }
}

struct SegmentDimensionCounter {
    columns: Vec<DimensionColumn>,
    tally: Tally,
    /// The current document's values, one buffer per dimension.
    values: Vec<Vec<i64>>,
    /// The combination being counted.
    key: Vec<i64>,
    /// The values of a block of documents, one set of buffers per dimension.
    block: Vec<BlockValues>,
}

/// A segment's counts, with what its text ordinals stand for.
struct SegmentCounts {
    tally: Tally,
    /// Per dimension, the labels of the ordinals counted (text dimensions only).
    labels: Vec<Option<foldhash::HashMap<i64, String>>>,
}

impl tantivy::collector::Collector for DimensionCounter {
    type Fruit = Counts;
    type Child = SegmentDimensionCounter;

    fn for_segment(
        &self,
        _segment: u32,
        reader: &tantivy::SegmentReader,
    ) -> tantivy::Result<SegmentDimensionCounter> {
        let fast = reader.fast_fields();
        let columns = self
            .dimensions
            .iter()
            .map(|dimension| {
                Ok(match dimension {
                    Dimension::Speaker => DimensionColumn::Unsigned(fast.u64("speaker")?),
                    Dimension::Organization => DimensionColumn::Unsigned(fast.u64("organization")?),
                    Dimension::Day => DimensionColumn::Signed(fast.i64("first_day")?),
                    &Dimension::Period { length, from } => DimensionColumn::Period(PeriodColumn {
                        days: fast.i64("first_day")?,
                        length,
                        from,
                        last: std::cell::Cell::new((MISSING, MISSING)),
                    }),
                    Dimension::Span => {
                        DimensionColumn::Span(fast.i64("first_day")?, fast.i64("last_day")?)
                    }
                    Dimension::Country => DimensionColumn::Text(fast.str("country")?),
                    Dimension::Channel => DimensionColumn::Text(fast.str("channel")?),
                    Dimension::Kind => DimensionColumn::Text(fast.str("kind")?),
                    Dimension::Language => DimensionColumn::Text(fast.str("language")?),
                    Dimension::Tag => DimensionColumn::Text(fast.str("tag")?),
                })
            })
            .collect::<tantivy::Result<Vec<_>>>()?;
        let tally = match columns.as_slice() {
            [column] => match column.range() {
                Some((low, high)) if high - low < DENSE_RANGE => Tally::Dense {
                    base: low,
                    counts: vec![0; (high - low + 1) as usize],
                    missing: 0,
                },
                Some(_) => Tally::Sparse {
                    counts: foldhash::HashMap::default(),
                    missing: 0,
                },
                // A column without values counts every document as missing.
                None => Tally::Dense {
                    base: 0,
                    counts: Vec::new(),
                    missing: 0,
                },
            },
            [_, values] if self.dimensions[0].is_days() => Self::runs(0, values),
            [values, _] if self.dimensions[1].is_days() => Self::runs(1, values),
            _ => Tally::Combinations(foldhash::HashMap::default()),
        };
        Ok(SegmentDimensionCounter {
            values: vec![Vec::new(); columns.len()],
            key: Vec::with_capacity(columns.len()),
            block: columns.iter().map(|_| BlockValues::default()).collect(),
            columns,
            tally,
        })
    }

    fn requires_scoring(&self) -> bool {
        false
    }

    fn merge_fruits(&self, fruits: Vec<SegmentCounts>) -> tantivy::Result<Counts> {
        if let Some(counts) = self.merge_dense(&fruits) {
            return Ok(counts);
        }
        if let Some(counts) = self.merge_runs(&fruits) {
            return Ok(counts);
        }
        // Raw values the same in every segment (ordinals replaced by label numbers) →
        // count; each distinct combination is allocated once.
        let mut merged: foldhash::HashMap<Vec<i64>, u64> = foldhash::HashMap::default();
        let mut label_numbers: Vec<foldhash::HashMap<String, i64>> =
            vec![foldhash::HashMap::default(); self.dimensions.len()];
        let mut key = Vec::with_capacity(self.dimensions.len());
        for fruit in fruits {
            // This segment's ordinal → label number, per text dimension.
            let renumber: Vec<Option<foldhash::HashMap<i64, i64>>> = fruit
                .labels
                .into_iter()
                .zip(&mut label_numbers)
                .map(|(labels, numbers)| {
                    labels.map(|labels| {
                        labels
                            .into_iter()
                            .map(|(ord, label)| {
                                let next = numbers.len() as i64;
                                (ord, *numbers.entry(label).or_insert(next))
                            })
                            .collect()
                    })
                })
                .collect();
            let mut add =
                |raw: &[i64], count: u64| {
                    key.clear();
                    key.extend(raw.iter().zip(&renumber).map(
                        |(&value, renumber)| match renumber {
                            Some(renumber) if value != MISSING => {
                                renumber.get(&value).copied().unwrap_or(MISSING)
                            }
                            _ => value,
                        },
                    ));
                    match merged.get_mut(key.as_slice()) {
                        Some(total) => *total += count,
                        None => {
                            merged.insert(key.clone(), count);
                        }
                    }
                };
            match fruit.tally {
                Tally::Dense {
                    base,
                    counts,
                    missing,
                } => {
                    for (offset, &count) in counts.iter().enumerate() {
                        if count > 0 {
                            add(&[base + offset as i64], count);
                        }
                    }
                    if missing > 0 {
                        add(&[MISSING], missing);
                    }
                }
                Tally::Sparse { counts, missing } => {
                    for (value, count) in counts {
                        add(&[value], count);
                    }
                    if missing > 0 {
                        add(&[MISSING], missing);
                    }
                }
                Tally::Runs(runs) => {
                    for (day, value, count) in runs.listed {
                        match runs.days_at {
                            0 => add(&[day, value], count),
                            _ => add(&[value, day], count),
                        }
                    }
                }
                Tally::Combinations(combinations) => {
                    for (raw, count) in combinations {
                        add(&raw, count);
                    }
                }
            }
        }
        let labels: Vec<Vec<&String>> = label_numbers
            .iter()
            .map(|numbers| {
                let mut labels = vec![None; numbers.len()];
                for (label, &number) in numbers {
                    labels[number as usize] = Some(label);
                }
                labels.into_iter().flatten().collect()
            })
            .collect();
        let mut counts: foldhash::HashMap<Vec<DimensionValue>, u64> =
            foldhash::HashMap::with_capacity_and_hasher(merged.len(), Default::default());
        for (raw, count) in merged {
            let key = raw
                .iter()
                .zip(&self.dimensions)
                .zip(&labels)
                .map(|((&value, &dimension), labels)| {
                    dimension_value(dimension, value, MISSING, labels)
                })
                .collect();
            // Values that read as missing (a day out of range) add up.
            *counts.entry(key).or_insert(0) += count;
        }
        let mut counts: Counts = counts.into_iter().collect();
        counts.sort_unstable();
        Ok(counts)
    }
}

impl Dimension {
    /// Tells whether the dimension's values are days (first days or periods' starts).
    fn is_days(self) -> bool {
        matches!(self, Dimension::Day | Dimension::Period { .. })
    }
}

impl DimensionCounter {
    /// Returns the tally of days, at `days_at` among two dimensions, and of `values` in
    /// [`Runs`], or of every combination when the values span too wide a range.
    fn runs(days_at: usize, values: &DimensionColumn) -> Tally {
        let (base, counts) = match values.range() {
            Some((low, high)) if high - low < DENSE_RANGE => {
                (low, vec![0; (high - low + 1) as usize])
            }
            Some(_) => return Tally::Combinations(foldhash::HashMap::default()),
            // A column without values: every document is counted without one.
            None => (0, Vec::new()),
        };
        Tally::Runs(Runs {
            days_at,
            day: MISSING,
            base,
            counts,
            missing: 0,
            present: Vec::new(),
            listed: Vec::new(),
        })
    }

    /// Merges the arrays of one dimension whose raw values mean the same in every
    /// segment (days, ids) into one array: no hashing. None for other counts, and for
    /// arrays too far apart to share one (then the general merge adds them up).
    fn merge_dense(&self, fruits: &[SegmentCounts]) -> Option<Counts> {
        let [dimension @ (Dimension::Day
        | Dimension::Period { .. }
        | Dimension::Span
        | Dimension::Speaker
        | Dimension::Organization)] = self.dimensions.as_slice()
        else {
            return None;
        };
        let mut ranges = Vec::with_capacity(fruits.len());
        for fruit in fruits {
            let Tally::Dense { base, counts, .. } = &fruit.tally else {
                return None;
            };
            if !counts.is_empty() {
                ranges.push((*base, *base + counts.len() as i64));
            }
        }
        let low = ranges.iter().map(|&(low, _)| low).min().unwrap_or(0);
        let high = ranges.iter().map(|&(_, high)| high).max().unwrap_or(0);
        if high - low > DENSE_RANGE {
            return None;
        }
        let mut merged = vec![0u64; (high - low) as usize];
        let mut missing = 0;
        for fruit in fruits {
            if let Tally::Dense {
                base,
                counts,
                missing: segment_missing,
            } = &fruit.tally
            {
                missing += segment_missing;
                // An empty array's base is no value: `low` may lie above it.
                let Some(merged) = (base - low)
                    .try_into()
                    .ok()
                    .and_then(|start: usize| merged.get_mut(start..start + counts.len()))
                    .filter(|_| !counts.is_empty())
                else {
                    continue;
                };
                for (total, count) in merged.iter_mut().zip(counts) {
                    *total += count;
                }
            }
        }
        let mut result: Counts = Vec::new();
        for (offset, &count) in merged.iter().enumerate().filter(|(_, &count)| count > 0) {
            let value = low + offset as i64;
            let key = match dimension {
                Dimension::Day | Dimension::Period { .. } => {
                    match NaiveDate::from_num_days_from_ce_opt(value as i32) {
                        Some(day) => DimensionValue::Day(day),
                        None => {
                            // Out of the calendar: counted as missing, as a text would be.
                            missing += count;
                            continue;
                        }
                    }
                }
                Dimension::Span => DimensionValue::Days(value),
                _ => DimensionValue::Id(value),
            };
            result.push((vec![key], count));
        }
        if missing > 0 {
            result.push((vec![DimensionValue::Missing], missing));
        }
        // In value order already, Missing last, as DimensionValue sorts.
        Some(result)
    }

    /// Merges the [`Runs`] of every segment without hashing: each combination's raw values
    /// become numbers that sort as the values do (an ordinal the rank of its label among
    /// every segment's labels, no value and a day out of the calendar [`LAST`]), the
    /// combinations are sorted, and the counts of one combination added up. Each distinct
    /// label is read once; None unless every segment counted in runs.
    fn merge_runs(&self, fruits: &[SegmentCounts]) -> Option<Counts> {
        let runs: Vec<&Runs> = fruits
            .iter()
            .map(|fruit| match &fruit.tally {
                Tally::Runs(runs) => Some(runs),
                _ => None,
            })
            .collect::<Option<_>>()?;
        let days_at = runs.first()?.days_at;
        let values_at = 1 - days_at;
        let values_dimension = self.dimensions[values_at];
        // Every segment's labels, in order; a text value is its rank among them.
        let mut labels: Vec<&str> = fruits
            .iter()
            .filter_map(|fruit| fruit.labels[values_at].as_ref())
            .flat_map(|labels| labels.values().map(String::as_str))
            .collect();
        labels.sort_unstable();
        labels.dedup();
        let day_key = |day: i64| match i32::try_from(day)
            .ok()
            .and_then(NaiveDate::from_num_days_from_ce_opt)
        {
            Some(_) => day,
            None => LAST,
        };
        let mut keyed: Vec<(i64, i64, u64)> =
            Vec::with_capacity(runs.iter().map(|runs| runs.listed.len()).sum());
        for (fruit, runs) in fruits.iter().zip(runs) {
            let ranks: Option<foldhash::HashMap<i64, i64>> =
                fruit.labels[values_at].as_ref().map(|ordinals| {
                    ordinals
                        .iter()
                        .map(|(&ordinal, label)| {
                            let rank = labels.binary_search(&label.as_str());
                            (ordinal, rank.map_or(LAST, |rank| rank as i64))
                        })
                        .collect()
                });
            // A segment's days come in runs: the calendar is asked once a run.
            let mut last_day = (MISSING, LAST);
            for &(day, value, count) in &runs.listed {
                if day != last_day.0 {
                    last_day = (day, day_key(day));
                }
                let value = match (&ranks, value) {
                    (_, MISSING) => LAST,
                    (Some(ranks), ordinal) => ranks.get(&ordinal).copied().unwrap_or(LAST),
                    (None, value) if values_dimension.is_days() => day_key(value),
                    (None, value) => value,
                };
                keyed.push(match days_at {
                    0 => (last_day.1, value, count),
                    _ => (value, last_day.1, count),
                });
            }
        }
        // Sorted already when the days come first, segment by segment: a stable sort
        // merges the segments' sorted runs instead of sorting them again.
        keyed.sort_by_key(|&(first, second, _)| (first, second));
        let value = |dimension: Dimension, key: i64| dimension_value(dimension, key, LAST, &labels);
        let mut counts: Counts = Vec::new();
        let mut last = None;
        for (first, second, count) in keyed {
            match counts.last_mut() {
                Some((_, total)) if last == Some((first, second)) => *total += count,
                _ => {
                    last = Some((first, second));
                    let key = vec![
                        value(self.dimensions[0], first),
                        value(self.dimensions[1], second),
                    ];
                    counts.push((key, count));
                }
            }
        }
        Some(counts)
    }
}

/// A speaker's statements as [`SearchIndex::statements_by_speaker`] finds them.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SpeakerStatements {
    /// How many statements.
    pub count: u64,
    /// The first and last days of the statement that starts first (of those starting on
    /// one day, the one of the lowest id), whose date is the speaker's first.
    pub first: (NaiveDate, NaiveDate),
    /// The first and last days of the statement that ends last (of those ending on one
    /// day, the one of the highest id), whose date is the speaker's last.
    pub last: (NaiveDate, NaiveDate),
}

/// What one speaker's statements seen so far give, as raw column values: their number;
/// (first day, id, last day) of the earliest by first day then id; (last day, id, first
/// day) of the latest by last day then id.
#[derive(Debug, Clone, Copy)]
struct SpeakerSeen {
    count: u64,
    first: (i64, u64, i64),
    last: (i64, u64, i64),
}

impl SpeakerSeen {
    fn join(&mut self, other: &SpeakerSeen) {
        self.count += other.count;
        self.first = self.first.min(other.first);
        self.last = self.last.max(other.last);
    }
}

/// Collects [`SpeakerSeen`] per speaker id.
struct SpeakerStatementsCollector;

/// [`SpeakerStatementsCollector`] in one segment.
struct SegmentSpeakerStatements {
    speaker: tantivy::columnar::Column<u64>,
    first_day: tantivy::columnar::Column<i64>,
    last_day: tantivy::columnar::Column<i64>,
    id_and_day: tantivy::columnar::Column<u64>,
    seen: foldhash::HashMap<u64, SpeakerSeen>,
}

impl tantivy::collector::Collector for SpeakerStatementsCollector {
    type Fruit = foldhash::HashMap<u64, SpeakerSeen>;
    type Child = SegmentSpeakerStatements;

    fn for_segment(
        &self,
        _segment: u32,
        reader: &tantivy::SegmentReader,
    ) -> tantivy::Result<SegmentSpeakerStatements> {
        let fast = reader.fast_fields();
        Ok(SegmentSpeakerStatements {
            speaker: fast.u64("speaker")?,
            first_day: fast.i64("first_day")?,
            last_day: fast.i64("last_day")?,
            id_and_day: fast.u64(ID_AND_DAY)?,
            seen: foldhash::HashMap::default(),
        })
    }

    fn requires_scoring(&self) -> bool {
        false
    }

    fn merge_fruits(
        &self,
        fruits: Vec<foldhash::HashMap<u64, SpeakerSeen>>,
    ) -> tantivy::Result<Self::Fruit> {
        let mut fruits = fruits.into_iter();
        let mut merged = fruits.next().unwrap_or_default();
        for fruit in fruits {
            for (speaker, seen) in fruit {
                merged
                    .entry(speaker)
                    .and_modify(|known| known.join(&seen))
                    .or_insert(seen);
            }
        }
        Ok(merged)
    }
}

impl tantivy::collector::SegmentCollector for SegmentSpeakerStatements {
    type Fruit = foldhash::HashMap<u64, SpeakerSeen>;

    fn collect(&mut self, doc: tantivy::DocId, _score: tantivy::Score) {
        // Every statement has a speaker and its days; one without is none to count.
        let (Some(speaker), Some(first), Some(last), Some(id_and_day)) = (
            self.speaker.first(doc),
            self.first_day.first(doc),
            self.last_day.first(doc),
            self.id_and_day.first(doc),
        ) else {
            return;
        };
        let id = IdAndDay(id_and_day).id();
        let seen = SpeakerSeen {
            count: 1,
            first: (first, id, last),
            last: (last, id, first),
        };
        self.seen
            .entry(speaker)
            .and_modify(|known| known.join(&seen))
            .or_insert(seen);
    }

    fn harvest(self) -> Self::Fruit {
        self.seen
    }
}

impl tantivy::collector::SegmentCollector for SegmentDimensionCounter {
    type Fruit = SegmentCounts;

    fn collect(&mut self, doc: tantivy::DocId, _score: tantivy::Score) {
        for (column, values) in self.columns.iter().zip(&mut self.values) {
            column.values(doc, values);
            if values.is_empty() {
                values.push(MISSING);
            }
        }
        match &mut self.tally {
            Tally::Dense {
                base,
                counts,
                missing,
            } => {
                for &value in &self.values[0] {
                    match counts.get_mut((value.wrapping_sub(*base)) as usize) {
                        Some(count) if value != MISSING => *count += 1,
                        _ => *missing += 1,
                    }
                }
            }
            Tally::Sparse { counts, missing } => {
                for &value in &self.values[0] {
                    match value {
                        MISSING => *missing += 1,
                        value => *counts.entry(value).or_default() += 1,
                    }
                }
            }
            Tally::Runs(runs) => {
                let (days, values) = match runs.days_at {
                    0 => (&self.values[0], &self.values[1]),
                    _ => (&self.values[1], &self.values[0]),
                };
                for &day in days {
                    for &value in values {
                        runs.count(day, value);
                    }
                }
            }
            Tally::Combinations(combinations) => {
                // Every combination of the document's values (tags multiply), in the
                // order of an odometer over the dimensions' buffers.
                let mut positions = vec![0; self.values.len()];
                loop {
                    self.key.clear();
                    self.key.extend(
                        positions
                            .iter()
                            .zip(&self.values)
                            .map(|(&position, values)| values[position]),
                    );
                    match combinations.get_mut(self.key.as_slice()) {
                        Some(count) => *count += 1,
                        None => {
                            combinations.insert(self.key.clone(), 1);
                        }
                    }
                    let turned = positions.iter_mut().zip(&self.values).rev().find_map(
                        |(position, values)| {
                            *position += 1;
                            if *position < values.len() {
                                Some(())
                            } else {
                                *position = 0;
                                None
                            }
                        },
                    );
                    if turned.is_none() {
                        break;
                    }
                }
            }
        }
    }

    fn collect_block(&mut self, docs: &[tantivy::DocId]) {
        // One number per document and dimension (days, speakers, ordinals), or the days
        // of a period from its first and last days' columns: read a block of them at once.
        let read = !matches!(self.tally, Tally::Combinations(_))
            && self
                .columns
                .iter()
                .zip(&mut self.block)
                .all(|(column, block)| column.block_values(docs, block));
        if !read {
            for &doc in docs {
                self.collect(doc, 0.0);
            }
            return;
        }
        let block = &self.block[0].values;
        match &mut self.tally {
            Tally::Dense {
                base,
                counts,
                missing,
            } => {
                for value in block {
                    match value.and_then(|value| counts.get_mut(value.wrapping_sub(*base) as usize))
                    {
                        Some(count) => *count += 1,
                        None => *missing += 1,
                    }
                }
            }
            Tally::Sparse { counts, missing } => {
                // A segment is sorted by day: its days come in runs, hashed once a run.
                let mut run: Option<(i64, u64)> = None;
                for value in block {
                    match (*value, &mut run) {
                        (None, _) => *missing += 1,
                        (Some(value), Some((last, length))) if value == *last => *length += 1,
                        (Some(value), run) => {
                            if let Some((last, length)) = run.replace((value, 1)) {
                                *counts.entry(last).or_default() += length;
                            }
                        }
                    }
                }
                if let Some((last, length)) = run {
                    *counts.entry(last).or_default() += length;
                }
            }
            Tally::Runs(runs) => {
                let days = &self.block[runs.days_at].values;
                let values = &self.block[1 - runs.days_at].values;
                for (day, value) in days.iter().zip(values) {
                    runs.count(day.unwrap_or(MISSING), value.unwrap_or(MISSING));
                }
            }
            Tally::Combinations(_) => {}
        }
    }

    fn harvest(mut self) -> SegmentCounts {
        if let Tally::Runs(runs) = &mut self.tally {
            runs.end_run();
        }
        let mut label = String::new();
        let labels = self
            .columns
            .iter()
            .enumerate()
            .map(|(dimension, column)| {
                let DimensionColumn::Text(Some(column)) = column else {
                    return None;
                };
                let mut ords: Vec<i64> = match &self.tally {
                    Tally::Dense { base, counts, .. } => counts
                        .iter()
                        .enumerate()
                        .filter(|(_, &count)| count > 0)
                        .map(|(offset, _)| base + offset as i64)
                        .collect(),
                    Tally::Sparse { counts, .. } => counts.keys().copied().collect(),
                    // Text is never the days' dimension.
                    Tally::Runs(runs) => runs.listed.iter().map(|&(_, value, _)| value).collect(),
                    Tally::Combinations(combinations) => {
                        combinations.keys().map(|raw| raw[dimension]).collect()
                    }
                };
                ords.sort_unstable();
                ords.dedup();
                Some(
                    ords.into_iter()
                        .filter(|&ord| ord != MISSING)
                        .filter_map(|ord| {
                            label.clear();
                            match column.ord_to_str(ord as u64, &mut label) {
                                Ok(true) => Some((ord, label.clone())),
                                _ => None,
                            }
                        })
                        .collect(),
                )
            })
            .collect();
        SegmentCounts {
            tally: self.tally,
            labels,
        }
    }
}

/// Counts matches for several groupings of dimensions in one pass (`count_each`): each
/// block of matches goes to every grouping's [`DimensionCounter`] in turn. `facets` ran
/// the query once per field before, and the query, not the counting, was most of each
/// run (session 16).
struct GroupingsCounter {
    /// One counter per grouping; None for a grouping of no dimension, which is the
    /// number of matches, counted here rather than hashed as an empty combination.
    counters: Vec<Option<DimensionCounter>>,
}

struct SegmentGroupingsCounter {
    counters: Vec<Option<SegmentDimensionCounter>>,
    matches: u64,
}

impl tantivy::collector::Collector for GroupingsCounter {
    type Fruit = Vec<Counts>;
    type Child = SegmentGroupingsCounter;

    fn for_segment(
        &self,
        segment: u32,
        reader: &tantivy::SegmentReader,
    ) -> tantivy::Result<SegmentGroupingsCounter> {
        let counters = self
            .counters
            .iter()
            .map(|counter| {
                counter
                    .as_ref()
                    .map(|counter| counter.for_segment(segment, reader))
                    .transpose()
            })
            .collect::<tantivy::Result<_>>()?;
        Ok(SegmentGroupingsCounter {
            counters,
            matches: 0,
        })
    }

    fn requires_scoring(&self) -> bool {
        false
    }

    fn merge_fruits(
        &self,
        fruits: Vec<(Vec<Option<SegmentCounts>>, u64)>,
    ) -> tantivy::Result<Vec<Counts>> {
        let matches: u64 = fruits.iter().map(|(_, matches)| matches).sum();
        // Each segment's counts, grouping by grouping.
        let mut by_grouping: Vec<Vec<SegmentCounts>> = self
            .counters
            .iter()
            .map(|_| Vec::with_capacity(fruits.len()))
            .collect();
        for (counts, _) in fruits {
            for (grouping, counts) in by_grouping.iter_mut().zip(counts) {
                grouping.extend(counts);
            }
        }
        self.counters
            .iter()
            .zip(by_grouping)
            .map(|(counter, fruits)| match counter {
                Some(counter) => counter.merge_fruits(fruits),
                // As a combination of no values counts them: nothing when none matched.
                None if matches > 0 => Ok(vec![(Vec::new(), matches)]),
                None => Ok(Vec::new()),
            })
            .collect()
    }
}

impl tantivy::collector::SegmentCollector for SegmentGroupingsCounter {
    type Fruit = (Vec<Option<SegmentCounts>>, u64);

    fn collect(&mut self, doc: tantivy::DocId, score: tantivy::Score) {
        self.matches += 1;
        for counter in self.counters.iter_mut().flatten() {
            counter.collect(doc, score);
        }
    }

    fn collect_block(&mut self, docs: &[tantivy::DocId]) {
        self.matches += docs.len() as u64;
        for counter in self.counters.iter_mut().flatten() {
            counter.collect_block(docs);
        }
    }

    fn harvest(self) -> Self::Fruit {
        let counts = self
            .counters
            .into_iter()
            .map(|counter| counter.map(|counter| counter.harvest()))
            .collect();
        (counts, self.matches)
    }
}

/// Writes to the index under its lock; nothing is visible until `commit`.
pub struct IndexUpdater {
    writer: IndexWriter,
    fields: Fields,
    reader: IndexReader,
    vocabulary: Vocabulary,
    /// Everything was removed: the vocabulary starts afresh too.
    cleared: bool,
    workload: Workload,
}

impl IndexUpdater {
    /// Adds a statement the index does not hold yet.
    pub fn add(&mut self, statement: &IndexedStatement) -> Result<()> {
        self.writer
            .add_document(self.fields.document(statement))
            .map_err(write_error)?;
        Ok(())
    }

    /// Replaces whatever the index holds for this statement.
    pub fn replace(&mut self, statement: &IndexedStatement) -> Result<()> {
        self.remove(statement.id);
        self.add(statement)
    }

    /// Removes a statement from the index.
    pub fn remove(&mut self, id: StatementId) {
        self.writer
            .delete_term(Term::from_field_u64(self.fields.id, id.0 as u64));
    }

    /// Removes every statement, for a rebuild.
    pub fn clear(&mut self) -> Result<()> {
        self.writer.delete_all_documents()?;
        self.cleared = true;
        Ok(())
    }

    /// Makes every change durable and visible, recording which store state it reflects.
    pub fn commit(mut self, state: &IndexState) -> Result<()> {
        self.prepare(state)?.commit()?;
        self.finish()
    }

    /// Writes every pending change to disk without making it visible yet. The archive
    /// commits SQLite between this and [`PreparedIndexCommit::commit`], so that the bulk
    /// of the index's writes (the ones a full disk makes fail) happen before the database
    /// commits, and what remains after is a small metadata file.
    pub fn prepare(&mut self, state: &IndexState) -> Result<PreparedIndexCommit<'_>> {
        let payload = serde_json::to_string(state).expect("invariant: IndexState serialises");
        let mut prepared = self.writer.prepare_commit().map_err(write_error)?;
        // Every added text has been analysed now. The vocabulary is saved before the index
        // commits: after a crash it may know words no statement has, never the reverse.
        self.vocabulary.save(self.cleared)?;
        prepared.set_payload(&payload);
        Ok(PreparedIndexCommit { prepared })
    }

    /// Makes committed changes visible to this process and lets merges finish, so a
    /// process that exits right after leaves no half-merged segments behind.
    pub fn finish(mut self) -> Result<()> {
        match self.workload {
            Workload::Everything => self.merge_small_segments(),
            Workload::Some => self.merge_all_when_cheap(),
        }
        self.reader.reload()?;
        self.writer.wait_merging_threads()?;
        Ok(())
    }

    /// Merges every segment into one, dropping the deleted statements they still hold;
    /// returns how many there were. The merge keeps the last commit's payload, so the
    /// index reflects the same store state after it. Searches running meanwhile keep
    /// reading the segments they opened; [`IndexUpdater::finish`] waits for the merge.
    pub fn merge_all_segments(&mut self) -> Result<usize> {
        let segments = self
            .writer
            .index()
            .searchable_segment_ids()
            .map_err(write_error)?;
        if segments.len() >= 2 {
            self.writer.merge(&segments).wait().map_err(write_error)?;
        }
        Ok(segments.len())
    }

    /// Merges every segment into one when there are several and few statements: each
    /// ingest, edit or deletion adds a segment, tantivy merges only eight alike, and every
    /// search process opens every segment's files. Below [`CHEAP_MERGE_DOCUMENTS`] the
    /// merge takes a fraction of a second; above, `compact` is the user's to run (an
    /// ingest suggests it).
    fn merge_all_when_cheap(&mut self) {
        let Ok(segments) = self.writer.index().searchable_segment_metas() else {
            return;
        };
        let documents: u64 = segments
            .iter()
            .map(|segment| u64::from(segment.num_docs()))
            .sum();
        if segments.len() >= MANY_SEGMENTS && documents <= CHEAP_MERGE_DOCUMENTS {
            // Committed and complete without it: a failed merge leaves the segments.
            let _ = self.merge_all_segments();
        }
    }

    /// Merges the small segments a load leaves: each indexing thread writes a segment
    /// whenever its memory fills, and a last, smaller one with what it holds when the
    /// load ends. Every search opens every segment's files, a tenth of a millisecond or
    /// more each for a search's process; merging the small ones costs the load a
    /// fraction of a second. Full segments are left as they are: merging those would
    /// cost the load a third of its time.
    fn merge_small_segments(&mut self) {
        let Ok(segments) = self.writer.index().searchable_segment_metas() else {
            return;
        };
        let largest = segments.iter().map(|segment| segment.num_docs()).max();
        let small_below = largest
            .unwrap_or(0)
            .div_ceil(4)
            .max(SMALL_SEGMENT_DOCUMENTS);
        let small: Vec<_> = segments
            .iter()
            .filter(|segment| segment.num_docs() < small_below)
            .map(|segment| segment.id())
            .collect();
        if small.len() >= 2 {
            // The load is committed and complete without the merge: should it fail (a
            // full disk), the segments stay as they are.
            let _ = self.writer.merge(&small).wait();
        }
    }
}

/// Segments under this many statements are always worth merging after a load.
const SMALL_SEGMENT_DOCUMENTS: u32 = 50_000;

/// From this many segments on, a write merges them all when that is cheap, and an
/// ingest that leaves them suggests `compact`.
pub const MANY_SEGMENTS: usize = 4;

/// Statements an index may hold for a write to merge all its segments (a third of a
/// second; a million take six).
const CHEAP_MERGE_DOCUMENTS: u64 = 50_000;

/// Index changes written to disk, waiting for the store to commit.
pub struct PreparedIndexCommit<'a> {
    prepared: tantivy::indexer::PreparedCommit<'a>,
}

impl PreparedIndexCommit<'_> {
    /// Makes the changes durable and visible to new readers.
    pub fn commit(self) -> Result<()> {
        self.prepared.commit().map_err(write_error)?;
        Ok(())
    }

    /// Drops the prepared changes.
    pub fn abort(self) -> Result<()> {
        self.prepared.abort()?;
        Ok(())
    }
}

const ID: &str = "id";
/// The vocabulary beside the index: every folded word indexed, one per line, sorted.
const VOCABULARY_FILE: &str = "vocabulary.txt";

/// tantivy's record of the committed segments and of the commit's payload.
const META_FILE: &str = "meta.json";

/// Words met by the indexing analyser and not yet saved.
type Discovered = std::sync::Arc<std::sync::Mutex<std::collections::HashSet<String>>>;

/// Every word (folded, not stemmed) the index holds: a prefix query looks up which words
/// it means here, then finds their stems in the index. A statement's removal leaves its
/// words, which can then only match other inflections of the same stems.
#[derive(Clone)]
struct Vocabulary {
    /// None for an index in memory, whose vocabulary is in `in_memory`.
    path: Option<std::path::PathBuf>,
    in_memory: std::sync::Arc<std::sync::Mutex<std::collections::BTreeSet<String>>>,
    discovered: Discovered,
}

impl Vocabulary {
    /// Returns the words that start with `prefix`, in order, at most `at_most`.
    fn words_with_prefix(&self, prefix: &str, at_most: usize) -> Result<Vec<String>> {
        let Some(path) = &self.path else {
            let words = lock(&self.in_memory);
            return Ok(words
                .range::<str, _>((Bound::Included(prefix), Bound::Unbounded))
                .take_while(|word| word.starts_with(prefix))
                .take(at_most)
                .cloned()
                .collect());
        };
        let content = read_vocabulary(path)?;
        Ok(sorted_lines_with_prefix(&content, prefix)
            .take(at_most)
            .map(str::to_string)
            .collect())
    }

    /// Calls `visit` with every word, in order.
    fn visit(&self, visit: &mut dyn FnMut(&str)) -> Result<()> {
        let Some(path) = &self.path else {
            lock(&self.in_memory).iter().for_each(|word| visit(word));
            return Ok(());
        };
        read_vocabulary(path)?.lines().for_each(visit);
        Ok(())
    }

    /// Adds the words discovered since the last save; with `afresh`, they replace the
    /// saved ones. The file is replaced atomically, and only when it gains a word.
    fn save(&self, afresh: bool) -> Result<()> {
        let discovered = std::mem::take(&mut *lock(&self.discovered));
        let Some(path) = &self.path else {
            let mut words = lock(&self.in_memory);
            if afresh {
                words.clear();
            }
            words.extend(discovered);
            return Ok(());
        };
        let content = if afresh {
            String::new()
        } else {
            read_vocabulary(path)?
        };
        let mut words: std::collections::BTreeSet<&str> = content.lines().collect();
        let known = words.len();
        words.extend(discovered.iter().map(String::as_str));
        // Written even without a word (statements all in Chinese, or all emoji): a
        // missing file would make the index count as damaged and be rebuilt.
        if words.len() == known && !afresh && path.exists() {
            return Ok(());
        }
        let mut text = String::with_capacity(content.len() + discovered.len() * 10);
        for word in words {
            text.push_str(word);
            text.push('\n');
        }
        let temporary = path.with_extension("txt.writing");
        {
            use std::io::Write;
            let mut file = std::fs::File::create(&temporary)?;
            file.write_all(text.as_bytes())?;
            file.sync_all()?;
        }
        std::fs::rename(&temporary, path)?;
        Ok(())
    }

    /// Returns true when the index has statements its vocabulary file cannot know of.
    fn is_missing(&self) -> bool {
        self.path.as_ref().is_some_and(|path| !path.exists())
    }
}

/// The lines of `content` (sorted, one word each) that start with `prefix`, found by a
/// binary search over the text itself: only the lines it lands on are looked at, where
/// splitting a vocabulary of a few hundred thousand words cost milliseconds per query.
fn sorted_lines_with_prefix<'a>(
    content: &'a str,
    prefix: &'a str,
) -> impl Iterator<Item = &'a str> {
    let bytes = content.as_bytes();
    let line_start = |at: usize| {
        bytes[..at]
            .iter()
            .rposition(|&byte| byte == b'\n')
            .map_or(0, |newline| newline + 1)
    };
    let line_end = |start: usize| {
        bytes[start..]
            .iter()
            .position(|&byte| byte == b'\n')
            .map_or(bytes.len(), |newline| start + newline)
    };
    // The first line not below `prefix` starts in `low..=high`.
    let (mut low, mut high) = (0, bytes.len());
    while low < high {
        let start = line_start(low + (high - low) / 2);
        let end = line_end(start);
        if &content[start..end] < prefix {
            low = end + 1;
        } else {
            high = start;
        }
    }
    content
        .get(low.min(content.len())..)
        .unwrap_or_default()
        .lines()
        .take_while(move |word| word.starts_with(prefix))
}

fn read_vocabulary(path: &Path) -> Result<String> {
    match std::fs::read_to_string(path) {
        Ok(content) => Ok(content),
        Err(error) if error.kind() == std::io::ErrorKind::NotFound => Ok(String::new()),
        Err(error) => Err(error.into()),
    }
}

fn lock<T>(mutex: &std::sync::Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    mutex
        .lock()
        .unwrap_or_else(std::sync::PoisonError::into_inner)
}
const CHRONOLOGY: &str = "chronology";
const ID_AND_DAY: &str = "id_and_day";
/// Marks statements dated to a month or a year; see [`PeriodQuery`].
const WIDE: &str = "wide";
/// Names the fields a statement has no value for (`organization`, `country`, `channel`,
/// `tag`), so that a filter can ask for statements without one as it asks for a value.
/// Not a fast field: counts by these fields read the missing value from their own columns.
const WITHOUT: &str = "without";
const ROLE_HEAD: &str = "role_head";
const TEXT_ANALYZER: &str = "communique_text";
/// Statements in a language with a stemmer, stemmed as that language: see [`languages`].
const TEXT_STEMMED: &str = "text_stemmed";
const WORDS_ANALYZER: &str = "communique_words";
const STEMMED_ANALYZER: &str = "communique_stemmed";

#[derive(Debug, Clone, Copy)]
struct Fields {
    id: Field,
    text: Field,
    title: Field,
    text_stemmed: Field,
    role: Field,
    role_head: Field,
    speaker: Field,
    organization: Field,
    country: Field,
    channel: Field,
    kind: Field,
    language: Field,
    tag: Field,
    first_day: Field,
    last_day: Field,
    wide: Field,
    chronology: Field,
    id_and_day: Field,
    without: Field,
}

impl Fields {
    fn from_schema(schema: &Schema) -> Fields {
        let field = |name: &str| {
            schema
                .get_field(name)
                .expect("invariant: the schema is built by build_schema")
        };
        Fields {
            id: field(ID),
            text: field("text"),
            title: field("title"),
            text_stemmed: field(TEXT_STEMMED),
            role: field("role"),
            role_head: field(ROLE_HEAD),
            speaker: field("speaker"),
            organization: field("organization"),
            country: field("country"),
            channel: field("channel"),
            kind: field("kind"),
            language: field("language"),
            tag: field("tag"),
            first_day: field("first_day"),
            last_day: field("last_day"),
            wide: field(WIDE),
            chronology: field(CHRONOLOGY),
            id_and_day: field(ID_AND_DAY),
            without: field(WITHOUT),
        }
    }

    fn document(&self, statement: &IndexedStatement) -> TantivyDocument {
        let mut document = TantivyDocument::new();
        document.add_u64(self.id, statement.id.0 as u64);
        document.add_text(self.text, &statement.text);
        if let Some(language) = stemming_language(&statement.language, &statement.text) {
            // The title too, as a value of its own: a phrase does not run from the text
            // into it (tantivy leaves a position between values), and a Russian title's
            // words meet their other cases as the text's do.
            let marker = languages::marker(language);
            for text in std::iter::once(&statement.text).chain(&statement.title) {
                let mut marked = String::with_capacity(text.len() + 4);
                marked.push(marker);
                marked.push_str(text);
                document.add_text(self.text_stemmed, &marked);
            }
        }
        if let Some(role) = &statement.role {
            document.add_text(self.role, role);
            document.add_text(self.role_head, crate::fold::role_head(role));
        }
        if let Some(title) = &statement.title {
            document.add_text(self.title, title);
        }
        document.add_u64(self.speaker, statement.speaker_id.0 as u64);
        match statement.organization_id {
            Some(organization) => document.add_u64(self.organization, organization as u64),
            None => document.add_text(self.without, "organization"),
        }
        match &statement.country {
            Some(country) => document.add_text(self.country, country),
            None => document.add_text(self.without, "country"),
        }
        match &statement.channel {
            Some(channel) => document.add_text(self.channel, channel),
            None => document.add_text(self.without, "channel"),
        }
        document.add_text(self.kind, statement.kind.as_str());
        document.add_text(self.language, &statement.language);
        for tag in &statement.tags {
            document.add_text(self.tag, tag);
        }
        if statement.tags.is_empty() {
            document.add_text(self.without, "tag");
        }
        document.add_i64(self.first_day, day_number(statement.first_day));
        document.add_i64(self.last_day, day_number(statement.last_day));
        if statement.last_day > statement.first_day {
            document.add_u64(self.wide, 1);
        }
        document.add_u64(
            self.chronology,
            chronology(statement.first_day, statement.id),
        );
        document.add_u64(
            self.id_and_day,
            IdAndDay::new(statement.id, statement.first_day).0,
        );
        document
    }
}

fn build_schema() -> Schema {
    let mut builder = Schema::builder();
    // No field but the texts is scored by length: fieldnorms elsewhere are wasted work.
    let indexed_number = || NumericOptions::default().set_indexed().set_fast();
    // Found by term (to replace or remove a statement); read from `id_and_day`.
    builder.add_u64_field(ID, NumericOptions::default().set_indexed());
    let with_positions = text_options(TEXT_ANALYZER, IndexRecordOption::WithFreqsAndPositions);
    builder.add_text_field("text", with_positions.clone());
    builder.add_text_field("title", with_positions);
    // Statements in a language with a stemmer (Russian, Turkish, German…) again, with
    // their language's stemmer: see `languages`.
    builder.add_text_field(
        TEXT_STEMMED,
        text_options(STEMMED_ANALYZER, IndexRecordOption::WithFreqsAndPositions),
    );
    // The role the statement gives its speaker, for --role.
    builder.add_text_field(
        "role",
        TextOptions::default().set_indexing_options(
            TextFieldIndexing::default()
                .set_tokenizer(WORDS_ANALYZER)
                .set_index_option(IndexRecordOption::Basic)
                .set_fieldnorms(false),
        ),
    );
    // The words of the role's head ("Press Secretary" of "Press Secretary of the Prime
    // Minister"): --role must touch them (see `crate::fold::role_words_match`).
    builder.add_text_field(
        ROLE_HEAD,
        TextOptions::default().set_indexing_options(
            TextFieldIndexing::default()
                .set_tokenizer(WORDS_ANALYZER)
                .set_index_option(IndexRecordOption::Basic)
                .set_fieldnorms(false),
        ),
    );
    // Unstemmed words, for prefix queries ("provoca*" must find "provocation" although the
    // text field holds "provoc"), are in the vocabulary file beside the index.
    builder.add_u64_field("speaker", indexed_number());
    builder.add_u64_field("organization", indexed_number());
    let label = TextOptions::default().set_indexing_options(
        TextFieldIndexing::default()
            .set_tokenizer("raw")
            .set_index_option(IndexRecordOption::Basic)
            .set_fieldnorms(false),
    ) | FAST;
    for name in ["country", "channel", "kind", "language", "tag"] {
        builder.add_text_field(name, label.clone());
    }
    builder.add_text_field(
        WITHOUT,
        TextOptions::default().set_indexing_options(
            TextFieldIndexing::default()
                .set_tokenizer("raw")
                .set_index_option(IndexRecordOption::Basic)
                .set_fieldnorms(false),
        ),
    );
    // Date ranges are runs of the sorted documents (see PeriodQuery): the days need not
    // be indexed, only read.
    builder.add_i64_field("first_day", FAST);
    builder.add_i64_field("last_day", FAST);
    builder.add_u64_field(WIDE, NumericOptions::default().set_indexed());
    // What segments are sorted by, written but not read: see `IdAndDay`.
    builder.add_u64_field(CHRONOLOGY, FAST);
    builder.add_u64_field(ID_AND_DAY, FAST);
    builder.build()
}

/// Indexing options of a text field: its analyser and what its postings record.
fn text_options(analyzer: &str, record: IndexRecordOption) -> TextOptions {
    TextOptions::default().set_indexing_options(
        TextFieldIndexing::default()
            .set_tokenizer(analyzer)
            .set_index_option(record),
    )
}

/// Words folded and stemmed by their script: Latin for English ("Provocative" and
/// "provocation" meet as "provoc"), Armenian, Greek and Arabic by their own stemmers
/// (see [`ScriptStemmers`]); words of other scripts are left whole, matching as written
/// (Cyrillic is stemmed in `text_stemmed`, as the statement's language reads it).
fn text_analyzer() -> TextAnalyzer {
    stemming_analyzer(frostem::Algorithm::English)
}

/// Russian words folded (ё = е) and stemmed: "провокации" and "провокация" meet.
fn russian_analyzer() -> TextAnalyzer {
    stemming_analyzer(frostem::Algorithm::Russian)
}

/// The words of the language `index` of [`LANGUAGES`] stemmed by its stemmer (see
/// [`Casing`] for the order of lower-casing, stemming and folding), for `text_stemmed`;
/// `initials` as in [`FoldStemFilter`], for a snippet's analyser.
fn language_analyzer(index: usize, initials: Option<std::sync::Arc<[char]>>) -> TextAnalyzer {
    let language = &LANGUAGES[index];
    let casing = match language.casing {
        Casing::FoldFirst => None,
        casing => Some(casing),
    };
    let initials = initials.filter(|_| language.keeps_first_letter);
    let (algorithm, own_stemmer) = match language.stemmer {
        Stemmer::Snowball(algorithm) => (algorithm, None),
        // The Snowball stemmer is made but never called: a word is stemmed by its
        // lower-cased form (see `lower_stem_and_fold`), the path of every language here
        // but Russian.
        Stemmer::Azerbaijani => (
            frostem::Algorithm::Turkish,
            Some(azerbaijani::stem as fn(&str) -> String),
        ),
        Stemmer::Ukrainian => (
            frostem::Algorithm::Russian,
            Some(ukrainian::stem as fn(&str) -> String),
        ),
        Stemmer::Georgian => (
            frostem::Algorithm::English,
            Some(georgian::stem as fn(&str) -> String),
        ),
        Stemmer::Persian => (
            frostem::Algorithm::English,
            Some(persian::stem as fn(&str) -> String),
        ),
    };
    TextAnalyzer::builder(WordTokenizer::default())
        .filter(RemoveLongFilter::limit(MAX_TOKEN_BYTES))
        .filter(FoldStemFilter {
            algorithm,
            own_stemmer,
            discovered: None,
            initials,
            ascii_prefixes: None,
            casing,
        })
        .build()
}

/// The tokenizer of `text_stemmed`: a text there starts with the [`languages::marker`]
/// of its language, which chooses the analyser of its words and is indexed as a term of
/// its own, before them (see [`languages`]). Each language's analyser is made when
/// first needed: most archives have one or two of them.
#[derive(Clone)]
struct StemmedTokenizer {
    analyzers: Vec<Option<TextAnalyzer>>,
}

impl Default for StemmedTokenizer {
    fn default() -> StemmedTokenizer {
        StemmedTokenizer {
            analyzers: vec![None; LANGUAGES.len()],
        }
    }
}

impl tantivy::tokenizer::Tokenizer for StemmedTokenizer {
    type TokenStream<'a> = StemmedTokenStream<'a>;

    fn token_stream<'a>(&'a mut self, text: &'a str) -> StemmedTokenStream<'a> {
        let found = text
            .chars()
            .next()
            .and_then(|first| languages::language_of_marker(first).map(|index| (first, index)));
        let Some((marker, index)) = found else {
            // A text without a marker is added by nothing here: it has no language.
            return StemmedTokenStream {
                place: StemmedPlace::InWords,
                words: None,
                marker: Default::default(),
            };
        };
        let analyzer = self.analyzers[index].get_or_insert_with(|| language_analyzer(index, None));
        // At the first word's place, where it changes no distance between words.
        let marker_token = tantivy::tokenizer::Token {
            offset_from: 0,
            offset_to: marker.len_utf8(),
            position: 0,
            text: marker.to_string(),
            position_length: 1,
        };
        StemmedTokenStream {
            place: StemmedPlace::BeforeMarker,
            words: Some(analyzer.token_stream(&text[marker.len_utf8()..])),
            marker: marker_token,
        }
    }
}

/// The tokens of a text of `text_stemmed`: its marker, then its words.
struct StemmedTokenStream<'a> {
    place: StemmedPlace,
    /// The words, as the text's language reads them; None for a text without a marker.
    words: Option<tantivy::tokenizer::BoxTokenStream<'a>>,
    /// The marker's token.
    marker: tantivy::tokenizer::Token,
}

/// Which token a [`StemmedTokenStream`] is at.
#[derive(Clone, Copy, PartialEq, Eq)]
enum StemmedPlace {
    BeforeMarker,
    OnMarker,
    InWords,
}

impl tantivy::tokenizer::TokenStream for StemmedTokenStream<'_> {
    fn advance(&mut self) -> bool {
        if self.place == StemmedPlace::BeforeMarker {
            self.place = StemmedPlace::OnMarker;
            return true;
        }
        self.place = StemmedPlace::InWords;
        self.words.as_mut().is_some_and(|words| words.advance())
    }

    fn token(&self) -> &tantivy::tokenizer::Token {
        match (self.place, &self.words) {
            (StemmedPlace::InWords, Some(words)) => words.token(),
            _ => &self.marker,
        }
    }

    fn token_mut(&mut self) -> &mut tantivy::tokenizer::Token {
        match (self.place, &mut self.words) {
            (StemmedPlace::InWords, Some(words)) => words.token_mut(),
            _ => &mut self.marker,
        }
    }
}

/// The endings of Russian nouns and surnames in their cases, singular and plural, and of
/// the instrumental of surnames (-ым).
const RUSSIAN_CASE_ENDINGS: [&str; 21] = [
    "а", "я", "у", "ю", "ом", "ем", "ой", "ей", "е", "и", "ы", "ам", "ям", "ами", "ями", "ах",
    "ях", "ов", "ев", "ым", "им",
];

/// The endings that turn the stem a genitive plural in -ов/-ев leaves without them into
/// the noun's other forms: вопрос(ов) → вопрос, вопросы, вопроса; песк(ов) → песка,
/// песку; бо(ев) → бои, боя. (Folding makes й an и.)
const NOUN_FORM_ENDINGS: [&str; 16] = [
    "", "ы", "и", "а", "я", "у", "ю", "ом", "ем", "е", "ам", "ям", "ами", "ями", "ах", "ях",
];

/// Returns true for a folded Cyrillic word in -ов or -ев (ё folds to е): a surname's
/// shape in the nominative, or a noun's in the genitive plural.
fn has_surname_shape(folded: &str) -> bool {
    (folded.ends_with("ов") || folded.ends_with("ев"))
        && folded.chars().all(|letter| matches!(letter, 'а'..='я'))
}

/// The readings of a query's `text` in Russian text: each word's stem and, for a Cyrillic
/// word, the stems of its cases too. The Snowball stemmer cuts a name or a place in its
/// base form apart from its cases: "Алиев" is "ал", but "Алиева", "Алиеву" and
/// "Алиевым" are "алиев"; "Азербайджан" misses "Азербайджаном", "Ереван" "Ереване". A
/// word written in its base form, as a query is, therefore also looks up the stems of
/// itself with each case ending. Only stems that extend its own are kept: they are
/// stems of words that start with the whole word, its inflections, where a shorter one
/// ("ал" from "алия") would match unrelated words.
///
/// A surname in the nominative (-ов/-ев/-ёв) is read as its whole form and its cases,
/// never as the short stem Snowball gives it, which "алые" and "песка" share: the index
/// holds a capitalised such word under its whole form too ([`is_nominative_surname`]).
/// A query's word is taken for a surname when it is capitalised ("Песков"), as names are
/// written, or when it is in lower case and the archive has no other form of a noun it
/// could be the genitive plural of: `has_word` tells whether some text holds a word
/// (folded), and "песков" stays the sand's where "песка" is found, "переговоров" meets
/// "переговоры", while "алиев" is the name. A known speaker's or place's name is
/// capitalised already: the gazetteer puts its spellings in the query as written.
fn russian_readings(text: &str, has_word: &dyn Fn(&str) -> bool) -> Readings {
    let mut analyzer = russian_analyzer();
    let mut readings = analyze_readings(&mut analyzer, text);
    let words = analyze_readings(&mut words_analyzer(), text);
    // The two analysers cut alike; should they ever disagree, the stems alone are right.
    if words.len() != readings.len() {
        return readings;
    }
    for (stems, forms) in readings.iter_mut().zip(&words) {
        let [word] = forms.as_slice() else { continue };
        let surname = has_surname_shape(word)
            && match stems.as_slice() {
                // Capitalised (or left whole by the stemmer): the analyser read it whole.
                [whole] if whole == word => true,
                [_stem] => !has_noun_form(word, has_word),
                _ => false,
            };
        if surname {
            *stems = vec![word.clone()];
            for ending in RUSSIAN_CASE_ENDINGS {
                for case_stem in analyze(&mut analyzer, &format!("{word}{ending}")) {
                    if case_stem.starts_with(word.as_str()) && !stems.contains(&case_stem) {
                        stems.push(case_stem);
                    }
                }
            }
            continue;
        }
        let [stem] = stems.as_slice() else { continue };
        // Only a word ending in a hard consonant can be a base form the stemmer cuts
        // short (-ев, -ян, -ан); one ending otherwise is most likely inflected already,
        // and an ending after it would make a word that does not exist.
        let base_form = word
            .chars()
            .all(|letter| matches!(letter, 'а'..='я' | 'ё' | '-'))
            && word
                .chars()
                .last()
                .is_some_and(|last| !"аеёиоуыэюяйь-".contains(last));
        if !base_form {
            continue;
        }
        let stem = stem.clone();
        for ending in RUSSIAN_CASE_ENDINGS {
            let inflected = format!("{word}{ending}");
            for case_stem in analyze(&mut analyzer, &inflected) {
                if case_stem.len() > stem.len()
                    && case_stem.starts_with(stem.as_str())
                    && !stems.contains(&case_stem)
                {
                    stems.push(case_stem);
                }
            }
        }
    }
    readings
}

/// Returns true when `has_word` finds another form of the noun whose genitive plural
/// `word` (folded, in -ов/-ев) could be: "вопросы" for "вопросов", "песка" for "песков".
fn has_noun_form(word: &str, has_word: &dyn Fn(&str) -> bool) -> bool {
    let Some(base) = word.strip_suffix("ов").or_else(|| word.strip_suffix("ев")) else {
        return false;
    };
    !base.is_empty()
        && NOUN_FORM_ENDINGS
            .iter()
            .any(|ending| has_word(&format!("{base}{ending}")))
}

/// Registers the analysers the schema names with `index`; indexing through the text's
/// tells `vocabulary` every word it meets.
fn register_analyzers(index: &Index, vocabulary: &Vocabulary) {
    index.tokenizers().register(
        TEXT_ANALYZER,
        TextAnalyzer::builder(WordTokenizer::default())
            .filter(RemoveLongFilter::limit(MAX_TOKEN_BYTES))
            .filter(FoldStemFilter {
                algorithm: frostem::Algorithm::English,
                own_stemmer: None,
                discovered: Some(vocabulary.discovered.clone()),
                initials: None,
                ascii_prefixes: None,
                casing: None,
            })
            .filter(CompoundMarkFilter)
            .build(),
    );
    index.tokenizers().register(
        STEMMED_ANALYZER,
        TextAnalyzer::builder(StemmedTokenizer::default()).build(),
    );
    index
        .tokenizers()
        .register(WORDS_ANALYZER, words_analyzer());
}

/// The analyser of queries: words folded and stemmed by `algorithm`, pairs of CJK
/// characters folded. A word with the Azerbaijani schwa (ə) yields two readings at its
/// position, as in the index.
fn stemming_analyzer(algorithm: frostem::Algorithm) -> TextAnalyzer {
    TextAnalyzer::builder(WordTokenizer::default())
        .filter(RemoveLongFilter::limit(MAX_TOKEN_BYTES))
        .filter(FoldStemFilter {
            algorithm,
            own_stemmer: None,
            discovered: None,
            initials: None,
            ascii_prefixes: None,
            casing: None,
        })
        .build()
}

/// The English analyser of a snippet's text: as [`stemming_analyzer`]'s, but a word is
/// stemmed only if it could stem to one of the stems looked for, by their `initials`
/// and, for a word written in ASCII, their `ascii_prefixes` (see [`FoldStemFilter`]).
fn snippet_analyzer(
    initials: std::sync::Arc<[char]>,
    ascii_prefixes: std::sync::Arc<[Box<str>]>,
) -> TextAnalyzer {
    TextAnalyzer::builder(WordTokenizer::default())
        .filter(RemoveLongFilter::limit(MAX_TOKEN_BYTES))
        .filter(FoldStemFilter {
            algorithm: frostem::Algorithm::English,
            own_stemmer: None,
            discovered: None,
            initials: Some(initials),
            ascii_prefixes: Some(ascii_prefixes),
            casing: None,
        })
        .build()
}

/// The beginnings an English word written in ASCII must have to stem to one of the
/// stems `terms` looks for: each stem but its last two letters (at least its first).
/// English stems are the word lower-cased with its ending cut or rewritten, and the
/// rewrites touch at most the stem's last two letters (dying is "die", skies "sky";
/// checked on the 32,000 words of the UN paragraphs, see
/// `english_stems_keep_the_words_beginning`). Sorted, without one that another starts.
fn ascii_prefixes(terms: &HighlightTerms) -> std::sync::Arc<[Box<str>]> {
    let mut prefixes: Vec<Box<str>> = terms
        .weights
        .keys()
        .map(|stem| {
            let keep = stem
                .char_indices()
                .map(|(offset, _)| offset)
                .nth(stem.chars().count().saturating_sub(2).max(1))
                .unwrap_or(stem.len());
            stem[..keep].into()
        })
        .collect();
    prefixes.sort_unstable();
    prefixes.dedup_by(|later, kept| later.starts_with(&**kept));
    prefixes.into()
}

/// Starts the term that tells a compound's joined form from the word written joined
/// (see [`CompoundMarkFilter`]): no word starts with a hyphen.
const COMPOUND_MARK: char = '-';

/// Starts the term that says where a compound of two words is cut (see
/// [`CompoundMarkFilter`]): no word starts with a plus sign.
const CUT_MARK: char = '+';

/// Indexes, after a compound's joined form (`ceasefir` of "cease-fire"), the same stem
/// after [`COMPOUND_MARK`] (`-ceasefir`), at its position: in `text` and `title`, so
/// that a query can tell whether any statement writes the word joined. Where the two
/// terms' document frequencies are equal, every statement holding the joined word holds
/// it as a compound, and so holds its words, which a query of the words finds already:
/// the joined word is not looked for (see `SearchIndex::written_joined`).
///
/// A compound of two words also gets the stem after [`CUT_MARK`], then a space and the
/// length in bytes of its first word as written (`+ceasefir 5`), so that a query of the
/// word typed joined knows where to cut it to look for its words written apart ("cease
/// fire"; see `SearchIndex::split_spellings`) from one term, where trying every cut
/// would cost a rare word's search more than the rest of it.
#[derive(Clone)]
struct CompoundMarkFilter;

impl tantivy::tokenizer::TokenFilter for CompoundMarkFilter {
    type Tokenizer<T: tantivy::tokenizer::Tokenizer> = CompoundMarkTokenizer<T>;

    fn transform<T: tantivy::tokenizer::Tokenizer>(self, tokenizer: T) -> CompoundMarkTokenizer<T> {
        CompoundMarkTokenizer { inner: tokenizer }
    }
}

#[derive(Clone)]
struct CompoundMarkTokenizer<T> {
    inner: T,
}

impl<T: tantivy::tokenizer::Tokenizer> tantivy::tokenizer::Tokenizer for CompoundMarkTokenizer<T> {
    type TokenStream<'a> = CompoundMarkTokenStream<T::TokenStream<'a>>;

    fn token_stream<'a>(&'a mut self, text: &'a str) -> Self::TokenStream<'a> {
        CompoundMarkTokenStream {
            inner: self.inner.token_stream(text),
            place: MarkPlace::Word,
            last_word: 0..0,
            stem_bytes: 0,
        }
    }
}

struct CompoundMarkTokenStream<S> {
    inner: S,
    place: MarkPlace,
    /// Where the last token of one word stands in the text: a compound's first word,
    /// when the compound starts where it does.
    last_word: std::ops::Range<usize>,
    /// The length of the joined form's stem, which the cut term follows.
    stem_bytes: usize,
}

/// Which token a [`CompoundMarkTokenStream`] is at.
#[derive(Clone, Copy, PartialEq, Eq)]
enum MarkPlace {
    /// The inner stream's token as it gave it.
    Word,
    /// A compound's joined form, its marked term next.
    Joined,
    /// The joined form's marked term, the mark to take off before the inner stream
    /// goes on (it may give the token's text again: a second reading); its cut term
    /// next when it joins two words, the first this many bytes long.
    Marked(Option<usize>),
    /// The cut term, to be made the joined form's stem again.
    Cut,
}

impl<S: tantivy::tokenizer::TokenStream> tantivy::tokenizer::TokenStream
    for CompoundMarkTokenStream<S>
{
    fn advance(&mut self) -> bool {
        match self.place {
            MarkPlace::Joined => {
                let token = self.inner.token_mut();
                let first_word = (token.position_length == 2
                    && self.last_word.start == token.offset_from)
                    .then(|| self.last_word.len());
                self.stem_bytes = token.text.len();
                token.text.insert(0, COMPOUND_MARK);
                self.place = MarkPlace::Marked(first_word);
                return true;
            }
            MarkPlace::Marked(Some(first_word)) => {
                let text = &mut self.inner.token_mut().text;
                text.replace_range(
                    ..COMPOUND_MARK.len_utf8(),
                    CUT_MARK.encode_utf8(&mut [0; 4]),
                );
                text.push(' ');
                text.push_str(&first_word.to_string());
                self.place = MarkPlace::Cut;
                return true;
            }
            MarkPlace::Marked(None) | MarkPlace::Cut => {
                let text = &mut self.inner.token_mut().text;
                text.truncate(1 + self.stem_bytes);
                text.remove(0);
            }
            MarkPlace::Word => {}
        }
        if !self.inner.advance() {
            self.place = MarkPlace::Word;
            return false;
        }
        let token = self.inner.token();
        self.place = match token.position_length > 1 {
            true => MarkPlace::Joined,
            false => {
                self.last_word = token.offset_from..token.offset_to;
                MarkPlace::Word
            }
        };
        true
    }

    fn token(&self) -> &tantivy::tokenizer::Token {
        self.inner.token()
    }

    fn token_mut(&mut self) -> &mut tantivy::tokenizer::Token {
        self.inner.token_mut()
    }
}

/// Words folded but not stemmed, for roles (a prefix query folds its words the same way,
/// with [`crate::fold::fold_word`], in `prefix_parts`).
fn words_analyzer() -> TextAnalyzer {
    TextAnalyzer::builder(WordTokenizer::default())
        .filter(RemoveLongFilter::limit(MAX_TOKEN_BYTES))
        .filter(FoldFilter)
        .build()
}

/// Folds every token with [`crate::fold::fold_word`], so that the index and name
/// matching agree on what "the same word" is (Dərgahlı = Dargahli, Пёсков = Песков).
#[derive(Clone)]
struct FoldFilter;

impl tantivy::tokenizer::TokenFilter for FoldFilter {
    type Tokenizer<T: tantivy::tokenizer::Tokenizer> = FoldTokenizer<T>;

    fn transform<T: tantivy::tokenizer::Tokenizer>(self, tokenizer: T) -> FoldTokenizer<T> {
        FoldTokenizer {
            inner: tokenizer,
            buffer: String::new(),
        }
    }
}

#[derive(Clone)]
struct FoldTokenizer<T> {
    inner: T,
    buffer: String,
}

impl<T: tantivy::tokenizer::Tokenizer> tantivy::tokenizer::Tokenizer for FoldTokenizer<T> {
    type TokenStream<'a> = FoldTokenStream<'a, T::TokenStream<'a>>;

    fn token_stream<'a>(&'a mut self, text: &'a str) -> Self::TokenStream<'a> {
        FoldTokenStream {
            inner: self.inner.token_stream(text),
            buffer: &mut self.buffer,
        }
    }
}

struct FoldTokenStream<'a, S> {
    inner: S,
    buffer: &'a mut String,
}

impl<S: tantivy::tokenizer::TokenStream> tantivy::tokenizer::TokenStream
    for FoldTokenStream<'_, S>
{
    fn advance(&mut self) -> bool {
        if !self.inner.advance() {
            return false;
        }
        let token = self.inner.token_mut();
        crate::fold::fold_word(&token.text, self.buffer);
        std::mem::swap(&mut token.text, self.buffer);
        true
    }

    fn token(&self) -> &tantivy::tokenizer::Token {
        self.inner.token()
    }

    fn token_mut(&mut self) -> &mut tantivy::tokenizer::Token {
        self.inner.token_mut()
    }
}

/// Folds and stems every token, remembering the answer for each word as written: a text
/// repeats a small vocabulary, and the stemmer costs ten times a lookup.
///
/// A word with the Azerbaijani schwa (ə) also yields its reading with "e", at the same
/// position: folding reads ə as "a" (Əliyev is Aliyev), but the Turkish-style spelling
/// writes "e" (Ermənistan is Ermenistan). Indexed, a text is found by both spellings; in
/// a query, the word finds either (an OR at its position, see `tokens_query`); in a
/// snippet, a text's "Ermənistan" is highlighted for a search of "Ermenistan".
#[derive(Clone)]
struct FoldStemFilter {
    algorithm: frostem::Algorithm,
    /// A stemmer of this crate's own, in place of `algorithm`'s, for a language Snowball
    /// has none for (Azerbaijani); used with `casing` only.
    own_stemmer: Option<fn(&str) -> String>,
    /// Where to tell every new word met, for the vocabulary; None at query time.
    discovered: Option<Discovered>,
    /// For snippets: the first letters of the stems looked for. A word starting with any
    /// other letter cannot stem to one of them (stemming keeps a word's first letter),
    /// so it is only folded, which spares the stemmer most of a text.
    initials: Option<std::sync::Arc<[char]>>,
    /// For English snippets: a word whose first letters are ASCII is stemmed only if it
    /// starts with one of these (see [`ascii_prefixes`]); the rest of a text with the
    /// right initial is only lower-cased. A rare word's three hits stemmed some fifty
    /// words starting with its "c", a fifth of its whole search.
    ascii_prefixes: Option<std::sync::Arc<[Box<str>]>>,
    /// How a word is lower-cased before it is stemmed, its stem then folded (see
    /// [`Casing`]); None to fold the word and stem that, as English and Russian do.
    casing: Option<Casing>,
}

impl tantivy::tokenizer::TokenFilter for FoldStemFilter {
    type Tokenizer<T: tantivy::tokenizer::Tokenizer> = FoldStemTokenizer<T>;

    fn transform<T: tantivy::tokenizer::Tokenizer>(self, tokenizer: T) -> FoldStemTokenizer<T> {
        FoldStemTokenizer {
            inner: tokenizer,
            words: FoldStemWords {
                stemmer: frostem::Stemmer::new(self.algorithm),
                own_stemmer: self.own_stemmer,
                scripts: matches!(self.algorithm, frostem::Algorithm::English)
                    .then(ScriptStemmers::default),
                stems: StemCache::default(),
                // Not while indexing: a word met there for the first time must be told
                // to the vocabulary, and an ingest's own cache lives long enough.
                shared: self.discovered.is_none().then(|| {
                    shared_stems(StemmingKey {
                        algorithm: self.algorithm,
                        own_stemmer: self.own_stemmer.is_some(),
                        casing: self.casing,
                    })
                }),
                buffer: String::new(),
                discovered: self.discovered,
                initials: self.initials,
                ascii_prefixes: self.ascii_prefixes,
                surnames: matches!(self.algorithm, frostem::Algorithm::Russian),
                casing: self.casing,
            },
            alternative: String::new(),
        }
    }
}

#[derive(Clone)]
struct FoldStemTokenizer<T> {
    inner: T,
    words: FoldStemWords,
    /// The "e" reading of the last word with a schwa, waiting for its turn.
    alternative: String,
}

/// What turns one word as written into its folded stem.
#[derive(Clone)]
struct FoldStemWords {
    stemmer: frostem::Stemmer,
    /// Stems in place of `stemmer` after lower-casing by `casing` (see
    /// [`FoldStemFilter`]).
    own_stemmer: Option<fn(&str) -> String>,
    /// The stemmers of the scripts that are not the main stemmer's: in the `text` field's
    /// analyser (English), whose stemmer leaves other scripts' words whole.
    scripts: Option<ScriptStemmers>,
    /// Word as written → folded stem.
    stems: StemCache,
    /// The stems every analyser that stems alike shares (see [`shared_stems`]), but
    /// the one indexing `text`: asked when `stems` has no answer, told every new one.
    shared: Option<&'static std::sync::Mutex<StemCache>>,
    buffer: String,
    discovered: Option<Discovered>,
    initials: Option<std::sync::Arc<[char]>>,
    ascii_prefixes: Option<std::sync::Arc<[Box<str>]>>,
    /// Whether a surname in the nominative also reads as its whole folded form (see
    /// [`is_nominative_surname`]): with the Russian stemmer, which cuts it short.
    surnames: bool,
    /// How a word is lower-cased before it is stemmed, its stem folded after; None to
    /// fold it before (see [`FoldStemFilter`]).
    casing: Option<Casing>,
}

/// Whether `word`, as written, may fold to a word starting with `prefix` (folded): no
/// when its first bytes are ASCII letters and digits and differ from the prefix's but
/// for case, or when it is shorter and ASCII; yes when a letter beyond ASCII, which
/// folding may rewrite, comes first.
fn may_start_with(word: &str, prefix: &str) -> bool {
    let (word, prefix) = (word.as_bytes(), prefix.as_bytes());
    let compared = word.len().min(prefix.len());
    let head = &word[..compared];
    if !head.is_ascii() {
        return true;
    }
    word.len() >= prefix.len() && head.eq_ignore_ascii_case(prefix)
}

/// Whether a Cyrillic word has a й (or и with a combining breve, as decomposed text
/// writes it).
fn has_short_i(word: &str) -> bool {
    !word.is_ascii() && word.contains(['й', 'Й', '\u{306}'])
}

/// The Russian stem of `word`, folded: the word folded as every word is, but for its й,
/// which folding reads as и (a breve dropped) where the stemmer knows endings by it. Read
/// with и, "пограничный" kept its -ыи whole and never met "пограничного" or
/// "пограничным"; the stem's own й, if any, then folds to и as the word's would.
fn stemmed_keeping_short_i(stemmer: &frostem::Stemmer, word: &str) -> String {
    let composed: String = unicode_normalization::UnicodeNormalization::nfc(word).collect();
    let mut folded = String::with_capacity(composed.len());
    let mut part_folded = String::new();
    for (index, part) in composed.split(['й', 'Й']).enumerate() {
        if index > 0 {
            folded.push('й');
        }
        crate::fold::fold_word(part, &mut part_folded);
        folded.push_str(&part_folded);
    }
    stemmer.stem(&folded).replace('й', "и")
}

/// Ends the remembered stem of a word with a schwa, so that the word met again says so
/// without being searched for ə. No stem holds it: tokens are letters and digits.
const SCHWA_MARK: char = '\0';

/// Ends the remembered stem of a surname in the nominative ([`is_nominative_surname`]),
/// so that the word met again is given its whole form too.
const SURNAME_MARK: char = '\u{1}';

/// What [`FoldStemWords::fold_and_stem`] wrote beside the stem: a second reading of the
/// word, indexed at its position.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum Alternative {
    /// Nothing: the word has one reading.
    None,
    /// The word's spelling with "e" for ə, still to be folded and stemmed.
    ESpelling,
    /// The whole word folded, final: a surname the stemmer cut short ("алиев", not
    /// "ал"), read as it and not as the stem, so that it meets its other cases
    /// ("Алиева" is "алиев") and not the words of the short stem ("алые").
    WholeForm,
}

/// Returns true for a capitalised Cyrillic word in -ов, -ев or -ёв (`folded`, its folded
/// form) that the Russian stemmer cut to `stem`: the shape of a surname in the
/// nominative. Snowball reads -ов/-ев as a case ending and strips a final -и as well, so
/// "Алиев" is "ал" and "Песков" "песк", stems of "алые" and "песка", where every other
/// case of the name keeps it ("Алиева", "Алиевым" are "алиев"). Such a word is read as
/// its whole form alone. A common noun in the genitive plural ("переговоров") stands
/// capitalised only at the start of a sentence: read whole, it is found by a query of
/// that form ("переговоров", whose readings hold it) and no longer by the noun's other
/// forms ("переговоры"), a rare loss for every surname's precision.
fn is_nominative_surname(word: &str, folded: &str, stem: &str) -> bool {
    word.starts_with(|first: char| matches!(first, 'А'..='Я' | 'Ё'))
        && has_surname_shape(folded)
        && stem != folded
}

impl FoldStemWords {
    /// Replaces `word`, as written, by its folded stem (only folded, or lower-cased,
    /// when its first letter rules it out for a snippet). Given `alternative`, a word of
    /// two readings writes its second there and says which it is: the spelling with "e"
    /// of a word with the schwa, or the whole form of a surname.
    // Inlined: it runs for every token indexed, and a call cost ingest 1% (callgrind).
    #[inline(always)]
    fn fold_and_stem(
        &mut self,
        word: &mut String,
        mut alternative: Option<&mut String>,
    ) -> Alternative {
        if let Some(initials) = self.initials.as_deref() {
            // Most words of a snippet's text cannot match: an ASCII word is told by its
            // first letter before it is looked up or copied.
            if let Some(&first) = word.as_bytes().first() {
                if first.is_ascii() && !initials.contains(&char::from(first.to_ascii_lowercase())) {
                    word.make_ascii_lowercase();
                    return Alternative::None;
                }
            }
            if let Some(prefixes) = self.ascii_prefixes.as_deref() {
                if !prefixes.iter().any(|prefix| may_start_with(word, prefix)) {
                    word.make_ascii_lowercase();
                    return Alternative::None;
                }
            }
        }
        if let Some(stem) = self.stems.get(word) {
            return take_remembered(stem, word, alternative);
        }
        if self.recall_shared(word) {
            if let Some(stem) = self.stems.get(word) {
                return take_remembered(stem, word, alternative);
            }
        }
        if let Some(casing) = self.casing {
            return self.lower_stem_and_fold(word, casing, alternative);
        }
        let schwa =
            alternative.is_some() && !word.is_ascii() && (word.contains('ə') || word.contains('Ə'));
        let mut second = match schwa {
            true => write_alternative(SCHWA_MARK as u8, word, alternative.as_deref_mut()),
            false => Alternative::None,
        };
        crate::fold::fold_word(word, &mut self.buffer);
        if !word.is_ascii() && self.buffer.starts_with(crate::fold::is_written_unspaced) {
            // A pair of CJK characters has no inflection to strip, and is no word a
            // prefix is looked up among: the vocabulary is not told of it.
            remember(&mut self.stems, self.shared, word, &self.buffer);
            std::mem::swap(word, &mut self.buffer);
            return Alternative::None;
        }
        if let Some(initials) = self.initials.as_deref() {
            // The Arabic stemmer strips prefixes (المدرسة is مدرس): only the stemmers
            // of Latin and Cyrillic words keep a word's first letter.
            let first = self.buffer.chars().next();
            if first.is_some_and(|first| {
                !initials.contains(&first) && script_of(first) == Script::Other
            }) {
                std::mem::swap(word, &mut self.buffer);
                return second;
            }
        }
        let mut stem = match &mut self.scripts {
            // One comparison for an ASCII word, the common case: it is Latin.
            Some(scripts) if !self.buffer.as_bytes().first().is_some_and(u8::is_ascii) => {
                scripts.stem(&self.stemmer, &self.buffer)
            }
            // The Russian stemmer: its analysers are the ones that read surnames.
            _ if self.surnames && has_short_i(word) => stemmed_keeping_short_i(&self.stemmer, word),
            _ => self.stemmer.stem(&self.buffer).into_owned(),
        };
        if let Some(discovered) = &self.discovered {
            // Once per word and analyser: the cache answers the word from now on.
            lock(discovered).insert(self.buffer.clone());
        }
        // Remembered whether or not this call asked for the second reading: it is the
        // word's, and the next call may ask.
        let mark = if schwa {
            Some(SCHWA_MARK)
        } else if self.surnames && is_nominative_surname(word, &self.buffer, &stem) {
            if let Some(alternative) = alternative {
                alternative.clone_from(&self.buffer);
                second = Alternative::WholeForm;
            }
            Some(SURNAME_MARK)
        } else {
            None
        };
        match mark {
            Some(mark) => {
                stem.push(mark);
                remember(&mut self.stems, self.shared, word, &stem);
                stem.pop();
            }
            None => remember(&mut self.stems, self.shared, word, &stem),
        }
        *word = stem;
        second
    }
}

impl FoldStemWords {
    /// Replaces `word`, as written, by its stem folded: lower-cased by `casing` for the
    /// stemmer, which reads the language's letters, then stemmed, and the stem folded as
    /// every word of the index is, so that accents do not matter to a search. Remembered
    /// in the stem cache as any word's stem.
    ///
    /// A word with the schwa (ə), which Azerbaijani writes in most words, also yields its
    /// spelling with "e" in `alternative`, if given, as in `text`: folding reads ə as "a"
    /// (Ermənistan is "armanistan"), but the Turkish-style spelling writes "e"
    /// (Ermenistan), and "Ermenistan" then finds "Ermənistanın" too.
    // Out of line: the analysers of `text`, which stem most words, never come here.
    #[inline(never)]
    fn lower_stem_and_fold(
        &mut self,
        word: &mut String,
        casing: Casing,
        alternative: Option<&mut String>,
    ) -> Alternative {
        languages::lower_for_stemming(word, casing, &mut self.buffer);
        let stem = match self.own_stemmer {
            Some(own_stemmer) => std::borrow::Cow::Owned(own_stemmer(&self.buffer)),
            None => self.stemmer.stem(&self.buffer),
        };
        let mut folded = String::with_capacity(stem.len() + 1);
        crate::fold::fold_word(&stem, &mut folded);
        let mut second = Alternative::None;
        if self.buffer.contains('ə') {
            second = write_alternative(SCHWA_MARK as u8, word, alternative);
            // Remembered with its mark, whether or not this call asked for the second
            // reading: the next call may ask.
            folded.push(SCHWA_MARK);
            remember(&mut self.stems, self.shared, word, &folded);
            folded.pop();
        } else {
            remember(&mut self.stems, self.shared, word, &folded);
        }
        *word = folded;
        second
    }
}

/// Replaces `word` by its remembered `stem`, giving its second reading in
/// `alternative` if the stem's mark says it has one.
// Inlined: every token indexed but a word's first takes this path.
#[inline(always)]
fn take_remembered(stem: &str, word: &mut String, alternative: Option<&mut String>) -> Alternative {
    // Words of two readings are marked when first met: the others pay one comparison.
    let (stem, second) = match stem.as_bytes().last() {
        Some(&mark) if mark <= SURNAME_MARK as u8 => (
            &stem[..stem.len() - 1],
            write_alternative(mark, word, alternative),
        ),
        _ => (stem, Alternative::None),
    };
    word.clear();
    word.push_str(stem);
    second
}

impl FoldStemWords {
    /// Copies the shared stem of `word`, if there is one, into this analyser's cache;
    /// says whether there was.
    #[cold]
    #[inline(never)]
    fn recall_shared(&mut self, word: &str) -> bool {
        let Some(shared) = self.shared else {
            return false;
        };
        match lock(shared).get(word) {
            Some(stem) => {
                self.stems.insert(word, stem);
                true
            }
            None => false,
        }
    }
}

/// Remembers `stem` for `word` in `stems`, and in `shared` if given.
fn remember(
    stems: &mut StemCache,
    shared: Option<&std::sync::Mutex<StemCache>>,
    word: &str,
    stem: &str,
) {
    stems.insert(word, stem);
    if let Some(shared) = shared {
        lock(shared).insert(word, stem);
    }
}

/// What decides a word's stem in a [`FoldStemFilter`] (its `initials` and prefixes
/// only decide which words are stemmed at all).
#[derive(Clone, Copy, PartialEq, Eq)]
struct StemmingKey {
    algorithm: frostem::Algorithm,
    own_stemmer: bool,
    casing: Option<Casing>,
}

/// The stem cache every analyser with `key` shares for the life of the process, but the
/// one indexing `text`, whose cache misses tell the vocabulary of new words (the
/// analysers of `text_stemmed` while indexing share it too: they keep their own cache
/// as long as their segment, and a word new to theirs costs one lock). Each search makes its analysers afresh (the query's, one per language,
/// the snippets'), and each stemmed the query's words and its hits' again: five stems
/// and their cache's first slots were a tenth of a rare word's search. A stem depends on
/// the word and the key alone, so any analyser's answer is every other's; the cache is
/// bounded as any (see [`StemCache`]).
fn shared_stems(key: StemmingKey) -> &'static std::sync::Mutex<StemCache> {
    type Shared = Vec<(StemmingKey, &'static std::sync::Mutex<StemCache>)>;
    static SHARED: std::sync::OnceLock<std::sync::Mutex<Shared>> = std::sync::OnceLock::new();
    let mut shared = lock(SHARED.get_or_init(Default::default));
    if let Some(&(_, stems)) = shared.iter().find(|(known, _)| *known == key) {
        return stems;
    }
    // One per way of stemming, a few dozen at most: never freed, as a static.
    let stems: &'static std::sync::Mutex<StemCache> = Box::leak(Box::default());
    shared.push((key, stems));
    stems
}

/// Writes into `alternative`, if given, the second reading of `word` (as written) that
/// `mark` names: its spelling with "e" for ə, or its whole folded form; returns which.
/// Kept out of line: few words take this path, and every token pays for code inlined
/// into the analyser's loop.
#[cold]
#[inline(never)]
fn write_alternative(mark: u8, word: &str, alternative: Option<&mut String>) -> Alternative {
    let Some(alternative) = alternative else {
        return Alternative::None;
    };
    if mark == SURNAME_MARK as u8 {
        crate::fold::fold_word(word, alternative);
        return Alternative::WholeForm;
    }
    crate::fold::write_e_spelling(word, alternative);
    Alternative::ESpelling
}

// The Arabic letter heh (ه), which folding makes of the teh marbuta (ة).
use crate::fold::ARABIC_HEH;

/// The Arabic letter teh marbuta (ة).
const ARABIC_TEH_MARBUTA: char = '\u{629}';

/// The script of a word, told by its first letter, where its stemmer depends on it.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum Script {
    Armenian,
    Greek,
    Arabic,
    /// Latin, Cyrillic and the rest: the analyser's own stemmer.
    Other,
}

/// The script of a word whose first letter (folded) is `first`. Folding has made
/// presentation forms (ﻣ, ﬓ) their letters, so the main blocks are enough.
fn script_of(first: char) -> Script {
    match first {
        '\u{531}'..='\u{58F}' => Script::Armenian,
        '\u{370}'..='\u{3FF}' | '\u{1F00}'..='\u{1FFF}' => Script::Greek,
        '\u{600}'..='\u{6FF}' | '\u{750}'..='\u{77F}' | '\u{8A0}'..='\u{8FF}' => Script::Arabic,
        _ => Script::Other,
    }
}

/// Returns true for a folded word of Arabic script written in the letters of Arabic
/// alone (ء to ي). The Arabic stemmer reads the first letters of Persian, Urdu or Kurdish
/// words as Arabic prefixes (the conjunctions و and ف, the prepositions ب and ل): Persian
/// فرهنگ (culture) would be رهنگ, پاکستان پاکست. Their own letters (پ چ ژ گ, Urdu ٹ ڈ ڑ
/// ں ھ, Kurdish ە ێ ۆ) mark most of their words, which are only folded, as before. The
/// test is on the folded word, not as written: folding makes Persian ی and ک the Arabic
/// ي and ك, so that a Persian word typed on an Arabic keyboard meets its Persian spelling,
/// and both spellings must have one stem. A Persian word in the letters Arabic shares is
/// stemmed as Arabic (برای, "for", is راي), in the index and the query alike: recall
/// stays, and such a word may also find an unrelated one.
fn is_arabic_alphabet(folded: &str) -> bool {
    folded
        .chars()
        .all(|letter| matches!(letter, '\u{621}'..='\u{64A}'))
}

/// The fewest letters an Armenian stem keeps of its word (see `ScriptStemmers::stem`).
const SHORTEST_ARMENIAN_STEM: usize = 5;

/// The Snowball stemmers of Armenian, Greek and Arabic, for words of those scripts in a
/// text the analyser stems as English: a statement's language is not known word by word,
/// and a word's script tells its language well enough. Each word keeps one stemmer, so
/// the stem cache (word as written → stem) stays right.
#[derive(Clone)]
struct ScriptStemmers {
    armenian: frostem::Stemmer,
    greek: frostem::Stemmer,
    arabic: frostem::Stemmer,
    /// The Arabic word being stemmed.
    scratch: String,
}

impl Default for ScriptStemmers {
    fn default() -> ScriptStemmers {
        ScriptStemmers {
            armenian: frostem::Stemmer::new(frostem::Algorithm::Armenian),
            greek: frostem::Stemmer::new(frostem::Algorithm::Greek),
            arabic: frostem::Stemmer::new(frostem::Algorithm::Arabic),
            scratch: String::new(),
        }
    }
}

impl ScriptStemmers {
    /// Returns the stem of the folded word `folded`, by its script (a function of the
    /// folded word, as every spelling that folds alike must stem alike);
    /// `other` stems the words of scripts without a stemmer here.
    fn stem(&mut self, other: &frostem::Stemmer, folded: &str) -> String {
        let Some(first) = folded.chars().next() else {
            return String::new();
        };
        match script_of(first) {
            Script::Armenian => {
                let stem = self.armenian.stem(folded);
                // Snowball's Armenian stemmer cuts to two or three letters, where words
                // of unrelated roots meet: Կապանում ("in Kapan") and կայուն ("stable")
                // are both կա, Կապան and կապել ("to connect") both կապ, Շատին and շատ
                // ("very") both շատ. A stem keeps at least the word's first
                // SHORTEST_ARMENIAN_STEM letters, so a name's forms still meet
                // (Կապան, Կապանի, Կապանում: կապան) and a short word keeps itself.
                match stem.chars().count() < SHORTEST_ARMENIAN_STEM {
                    true => folded.chars().take(SHORTEST_ARMENIAN_STEM).collect(),
                    false => stem.into_owned(),
                }
            }
            Script::Greek => match folded.strip_suffix("ιασ") {
                // Snowball reads the genitive -ίας as -ας after a stem in -ι, the
                // nominative -ία as a whole ending: Τουρκίας would be τουρκι and
                // Τουρκία τουρκ. The genitive stemmed as its nominative meets it.
                Some(base) => self.greek.stem(&format!("{base}ια")).into_owned(),
                None => self.greek.stem(folded).into_owned(),
            },
            Script::Arabic if is_arabic_alphabet(folded) => {
                self.scratch.clear();
                // Lucene's ArabicStemmer strips the conjunctions و and ف before the
                // article, which Snowball keeps (it strips no و before an alif):
                // والمدرسة meets المدرسة.
                let unprefixed = ["وال", "فال"]
                    .iter()
                    .find_map(|prefix| {
                        let rest = folded.strip_prefix(prefix)?;
                        (rest.chars().count() >= 2).then(|| &folded[prefix.len() - "ال".len()..])
                    })
                    .unwrap_or(folded);
                self.scratch.push_str(unprefixed);
                // Folding made the teh marbuta ة a heh ه; the stemmer strips ة, the
                // ending of most feminine nouns, and not ه: the final heh is read as
                // ة again, so that المدرسة and مدرسة are both مدرس.
                if self.scratch.ends_with(ARABIC_HEH) {
                    self.scratch.pop();
                    self.scratch.push(ARABIC_TEH_MARBUTA);
                }
                let stem = self.arabic.stem(&self.scratch);
                // Back to folded letters: the stem may end in ة still.
                let mut folded_stem = String::with_capacity(stem.len());
                crate::fold::fold_word(&stem, &mut folded_stem);
                folded_stem
            }
            Script::Arabic | Script::Other => other.stem(folded).into_owned(),
        }
    }
}

use crate::stem_cache::StemCache;

impl<T: tantivy::tokenizer::Tokenizer> tantivy::tokenizer::Tokenizer for FoldStemTokenizer<T> {
    type TokenStream<'a> = FoldStemTokenStream<'a, T::TokenStream<'a>>;

    fn token_stream<'a>(&'a mut self, text: &'a str) -> Self::TokenStream<'a> {
        FoldStemTokenStream {
            inner: self.inner.token_stream(text),
            words: &mut self.words,
            alternative: &mut self.alternative,
            alternative_pending: false,
        }
    }
}

struct FoldStemTokenStream<'a, S> {
    inner: S,
    words: &'a mut FoldStemWords,
    alternative: &'a mut String,
    /// Whether the next token is `alternative`, at the place of the current one.
    alternative_pending: bool,
}

impl<S: tantivy::tokenizer::TokenStream> tantivy::tokenizer::TokenStream
    for FoldStemTokenStream<'_, S>
{
    fn advance(&mut self) -> bool {
        if self.alternative_pending {
            self.alternative_pending = false;
            // Same offsets and position as the word's first reading: a synonym.
            std::mem::swap(&mut self.inner.token_mut().text, self.alternative);
            return true;
        }
        if !self.inner.advance() {
            return false;
        }
        let token = self.inner.token_mut();
        match self
            .words
            .fold_and_stem(&mut token.text, Some(&mut *self.alternative))
        {
            Alternative::None => {}
            Alternative::ESpelling => {
                // The "e" spelling has no schwa: its stem is remembered like any word's.
                self.words.fold_and_stem(self.alternative, None);
                // A stemmer may strip the very letter, leaving one reading: indexed once.
                self.alternative_pending = *self.alternative != token.text;
            }
            // In place of the stem, which is an unrelated word's ("ал" of "алые").
            Alternative::WholeForm => std::mem::swap(&mut token.text, self.alternative),
        }
        true
    }

    fn token(&self) -> &tantivy::tokenizer::Token {
        self.inner.token()
    }

    fn token_mut(&mut self) -> &mut tantivy::tokenizer::Token {
        self.inner.token_mut()
    }
}

/// Wraps the query of a MustNot clause. tantivy asks an exclusion whether it holds a
/// document below the one its scorer is on, or below the bound its last answer gave; a
/// phrase scorer asserts that never happens (debug builds panic, "target should be
/// greater than or equal to doc"). The wrapper answers such a question itself: nothing
/// below that document or bound matches.
fn exclusion(query: Box<dyn TantivyQuery>) -> Box<dyn TantivyQuery> {
    Box::new(ExclusionQuery(query))
}

#[derive(Debug)]
struct ExclusionQuery(Box<dyn TantivyQuery>);

impl Clone for ExclusionQuery {
    fn clone(&self) -> ExclusionQuery {
        ExclusionQuery(self.0.box_clone())
    }
}

impl TantivyQuery for ExclusionQuery {
    fn weight(
        &self,
        enable_scoring: tantivy::query::EnableScoring<'_>,
    ) -> tantivy::Result<Box<dyn tantivy::query::Weight>> {
        Ok(Box::new(ExclusionWeight(self.0.weight(enable_scoring)?)))
    }

    fn query_terms<'a>(&'a self, visitor: &mut dyn FnMut(&'a Term, bool)) {
        self.0.query_terms(visitor);
    }
}

struct ExclusionWeight(Box<dyn tantivy::query::Weight>);

impl tantivy::query::Weight for ExclusionWeight {
    fn scorer(
        &self,
        reader: &tantivy::SegmentReader,
        boost: tantivy::Score,
    ) -> tantivy::Result<Box<dyn tantivy::query::Scorer>> {
        Ok(Box::new(ExclusionScorer {
            inner: self.0.scorer(reader, boost)?,
            unsettled: None,
        }))
    }

    fn explain(
        &self,
        reader: &tantivy::SegmentReader,
        doc: tantivy::DocId,
    ) -> tantivy::Result<tantivy::query::Explanation> {
        self.0.explain(reader, doc)
    }
}

struct ExclusionScorer {
    inner: Box<dyn tantivy::query::Scorer>,
    /// After a `seek_danger` that did not find its target, `doc()` means nothing; the
    /// bound it answered does.
    unsettled: Option<tantivy::DocId>,
}

impl tantivy::DocSet for ExclusionScorer {
    fn advance(&mut self) -> tantivy::DocId {
        self.unsettled = None;
        self.inner.advance()
    }

    fn seek(&mut self, target: tantivy::DocId) -> tantivy::DocId {
        self.unsettled = None;
        self.inner.seek(target)
    }

    fn seek_danger(&mut self, target: tantivy::DocId) -> tantivy::SeekDangerResult {
        let bound = self.unsettled.unwrap_or_else(|| self.inner.doc());
        if target < bound {
            return tantivy::SeekDangerResult::SeekLowerBound(bound);
        }
        let result = self.inner.seek_danger(target);
        self.unsettled = match result {
            tantivy::SeekDangerResult::Found => None,
            tantivy::SeekDangerResult::SeekLowerBound(bound) => Some(bound),
        };
        result
    }

    fn doc(&self) -> tantivy::DocId {
        self.inner.doc()
    }

    fn size_hint(&self) -> u32 {
        self.inner.size_hint()
    }
}

impl tantivy::query::Scorer for ExclusionScorer {
    fn score(&mut self) -> tantivy::Score {
        self.inner.score()
    }
}

/// A union of a few queries (a word's fields, each ANDed with the filters) merged
/// document by document, each match scored as the sum of its clauses' scores, as
/// `BooleanQuery`'s `Should` clauses are. tantivy's general union gathers matches into
/// a bit set, block by block; for two or three clauses that are intersections already,
/// that bookkeeping cost more than the intersections (a third of "common word + speaker
/// + dates"). Not for a union of plain terms, which tantivy ranks with block-max WAND.
#[derive(Debug)]
struct MergedUnionQuery(Vec<Box<dyn TantivyQuery>>);

impl Clone for MergedUnionQuery {
    fn clone(&self) -> MergedUnionQuery {
        MergedUnionQuery(self.0.iter().map(|query| query.box_clone()).collect())
    }
}

impl TantivyQuery for MergedUnionQuery {
    fn weight(
        &self,
        enable_scoring: tantivy::query::EnableScoring<'_>,
    ) -> tantivy::Result<Box<dyn tantivy::query::Weight>> {
        let weights = self
            .0
            .iter()
            .map(|query| query.weight(enable_scoring))
            .collect::<tantivy::Result<_>>()?;
        Ok(Box::new(MergedUnionWeight(weights)))
    }

    fn query_terms<'a>(&'a self, visitor: &mut dyn FnMut(&'a Term, bool)) {
        for query in &self.0 {
            query.query_terms(visitor);
        }
    }
}

struct MergedUnionWeight(Vec<Box<dyn tantivy::query::Weight>>);

impl tantivy::query::Weight for MergedUnionWeight {
    fn scorer(
        &self,
        reader: &tantivy::SegmentReader,
        boost: tantivy::Score,
    ) -> tantivy::Result<Box<dyn tantivy::query::Scorer>> {
        let mut scorers = Vec::with_capacity(self.0.len());
        for weight in &self.0 {
            let scorer = weight.scorer(reader, boost)?;
            if scorer.doc() != tantivy::TERMINATED {
                scorers.push(scorer);
            }
        }
        Ok(match scorers.len() {
            0 => Box::new(tantivy::query::EmptyScorer),
            1 => scorers.remove(0),
            _ => Box::new(MergedUnionScorer::new(scorers)),
        })
    }

    fn explain(
        &self,
        reader: &tantivy::SegmentReader,
        doc: tantivy::DocId,
    ) -> tantivy::Result<tantivy::query::Explanation> {
        let mut scorer = scorer_on(self, reader, doc, "does not match")?;
        let mut explanation = tantivy::query::Explanation::new("sum of", scorer.score());
        for weight in &self.0 {
            if let Ok(part) = weight.explain(reader, doc) {
                explanation.add_detail(part);
            }
        }
        Ok(explanation)
    }
}

/// The scorer of [`MergedUnionQuery`]: on the lowest document any clause is on. Each
/// clause's document is kept beside it, so that a step asks each clause only to move and
/// to score, not where it is.
struct MergedUnionScorer {
    scorers: Vec<Box<dyn tantivy::query::Scorer>>,
    /// The document each scorer is on.
    docs: Vec<tantivy::DocId>,
    doc: tantivy::DocId,
}

impl MergedUnionScorer {
    fn new(scorers: Vec<Box<dyn tantivy::query::Scorer>>) -> MergedUnionScorer {
        let docs: Vec<tantivy::DocId> = scorers.iter().map(|scorer| scorer.doc()).collect();
        let doc = docs.iter().copied().min().unwrap_or(tantivy::TERMINATED);
        MergedUnionScorer { scorers, docs, doc }
    }
}

impl tantivy::DocSet for MergedUnionScorer {
    fn advance(&mut self) -> tantivy::DocId {
        let current = self.doc;
        let mut lowest = tantivy::TERMINATED;
        for (scorer, doc) in self.scorers.iter_mut().zip(&mut self.docs) {
            if *doc == current {
                *doc = scorer.advance();
            }
            lowest = lowest.min(*doc);
        }
        self.doc = lowest;
        lowest
    }

    fn seek(&mut self, target: tantivy::DocId) -> tantivy::DocId {
        let mut lowest = tantivy::TERMINATED;
        for (scorer, doc) in self.scorers.iter_mut().zip(&mut self.docs) {
            if *doc < target {
                *doc = scorer.seek(target);
            }
            lowest = lowest.min(*doc);
        }
        self.doc = lowest;
        lowest
    }

    fn doc(&self) -> tantivy::DocId {
        self.doc
    }

    fn size_hint(&self) -> u32 {
        self.scorers
            .iter()
            .map(|scorer| scorer.size_hint())
            .fold(0, u32::saturating_add)
    }
}

impl tantivy::query::Scorer for MergedUnionScorer {
    fn score(&mut self) -> tantivy::Score {
        // In clause order, as tantivy's union adds them, for the same sums.
        let mut score = 0.0;
        for (scorer, &doc) in self.scorers.iter_mut().zip(&self.docs) {
            if doc == self.doc {
                score += scorer.score();
            }
        }
        score
    }
}

/// One page of the matches of `query` in date order, from the document order alone:
/// every segment is sorted by [`chronology`], so the oldest matches come first and the
/// newest last. The newest are found in a window at the end of each segment, widened
/// until it holds a page: only the matches in it are visited, where sorting by a column
/// visits them all.
fn chronological_page(
    searcher: &Searcher,
    query: &dyn TantivyQuery,
    newest_first: bool,
    offset: usize,
    limit: usize,
    columns: &SegmentColumnCache,
) -> tantivy::Result<Vec<(f32, DocAddress)>> {
    let wanted = offset.saturating_add(limit);
    let weight = query.weight(tantivy::query::EnableScoring::disabled_from_searcher(
        searcher,
    ))?;
    let mut pages = Vec::with_capacity(searcher.segment_readers().len());
    for segment in searcher.segment_readers() {
        pages.push(if newest_first {
            newest_matches(&*weight, segment, wanted)?
        } else {
            oldest_matches(&*weight, segment, wanted)?
        });
    }
    merge_segment_pages(searcher, pages, newest_first, offset, limit, columns)
}

/// The number of live matches of `query`, and one page of them in date order, from one
/// pass over every match: for a query whose count goes through them all anyway.
fn counted_chronological_page(
    searcher: &Searcher,
    query: &dyn TantivyQuery,
    newest_first: bool,
    offset: usize,
    limit: usize,
    columns: &SegmentColumnCache,
) -> tantivy::Result<(usize, Vec<(f32, DocAddress)>)> {
    let wanted = offset.saturating_add(limit);
    let weight = query.weight(tantivy::query::EnableScoring::disabled_from_searcher(
        searcher,
    ))?;
    let mut total = 0;
    let mut pages = Vec::with_capacity(searcher.segment_readers().len());
    for segment in searcher.segment_readers() {
        let alive = segment.alive_bitset();
        let mut scorer = weight.scorer(segment, 1.0)?;
        // A segment's documents are in date order: its newest matches are its last.
        let mut docs = std::collections::VecDeque::with_capacity(wanted.min(1024));
        let mut doc = scorer.doc();
        while doc != tantivy::TERMINATED {
            if alive.is_none_or(|alive| alive.is_alive(doc)) {
                total += 1;
                if newest_first && docs.len() == wanted {
                    docs.pop_front();
                }
                if docs.len() < wanted {
                    docs.push_back(doc);
                }
            }
            doc = scorer.advance();
        }
        pages.push(Vec::from(docs));
    }
    let page = merge_segment_pages(searcher, pages, newest_first, offset, limit, columns)?;
    Ok((total, page))
}

/// One page in date order out of each segment's own page (ascending document ids, one
/// list per segment in the searcher's order): segments overlap in time, so their
/// documents are ordered by their chronology keys.
fn merge_segment_pages(
    searcher: &Searcher,
    pages: Vec<Vec<tantivy::DocId>>,
    newest_first: bool,
    offset: usize,
    limit: usize,
    columns: &SegmentColumnCache,
) -> tantivy::Result<Vec<(f32, DocAddress)>> {
    let mut found: Vec<(u64, DocAddress)> = Vec::new();
    for (ordinal, (segment, docs)) in searcher.segment_readers().iter().zip(pages).enumerate() {
        let columns = columns.of(segment);
        let id_and_day = columns.id_and_day()?;
        found.extend(docs.into_iter().map(|doc| {
            (
                id_and_day
                    .first(doc)
                    .map_or(0, |value| IdAndDay(value).chronology()),
                DocAddress::new(ordinal as u32, doc),
            )
        }));
    }
    if newest_first {
        found.sort_unstable_by(|left, right| right.cmp(left));
    } else {
        found.sort_unstable();
    }
    Ok(found
        .into_iter()
        .skip(offset)
        .take(limit)
        .map(|(_, address)| (0.0, address))
        .collect())
}

/// The first `wanted` live matches of a segment.
fn oldest_matches(
    weight: &dyn tantivy::query::Weight,
    segment: &tantivy::SegmentReader,
    wanted: usize,
) -> tantivy::Result<Vec<tantivy::DocId>> {
    let mut scorer = weight.scorer(segment, 1.0)?;
    let alive = segment.alive_bitset();
    let mut docs = Vec::with_capacity(wanted.min(1024));
    let mut doc = scorer.doc();
    while doc != tantivy::TERMINATED && docs.len() < wanted {
        if alive.is_none_or(|alive| alive.is_alive(doc)) {
            docs.push(doc);
        }
        doc = scorer.advance();
    }
    Ok(docs)
}

/// The last `wanted` live matches of a segment, in ascending order.
fn newest_matches(
    weight: &dyn tantivy::query::Weight,
    segment: &tantivy::SegmentReader,
    wanted: usize,
) -> tantivy::Result<Vec<tantivy::DocId>> {
    let max_doc = segment.max_doc();
    let alive = segment.alive_bitset();
    let mut scorer = weight.scorer(segment, 1.0)?;
    // Matches spread evenly are met every `max_doc / matches` documents: start with a
    // window expected to hold twice the page.
    let matches = u64::from(scorer.size_hint().max(1));
    let mut window = ((wanted as u64)
        .saturating_mul(2)
        .saturating_mul(u64::from(max_doc))
        / matches)
        .max(1024);
    loop {
        let start = u64::from(max_doc).saturating_sub(window) as tantivy::DocId;
        let mut doc = scorer.doc();
        if doc < start {
            doc = scorer.seek(start);
        }
        let mut docs = Vec::new();
        while doc != tantivy::TERMINATED {
            if alive.is_none_or(|alive| alive.is_alive(doc)) {
                docs.push(doc);
            }
            doc = scorer.advance();
        }
        if docs.len() >= wanted || start == 0 {
            let keep = docs.len().saturating_sub(wanted);
            docs.drain(..keep);
            return Ok(docs);
        }
        // A scorer only moves forward: a wider window needs a new one.
        window = window.saturating_mul(4);
        scorer = weight.scorer(segment, 1.0)?;
    }
}

/// The columns every search reads, opened once per segment and each when first read.
/// Opening a column decodes its table of blocks: done per search, that was a third of a
/// filters-only search. Segments never change once written, so an entry stays right for
/// the segment's life.
struct SegmentColumnCache {
    segments: std::sync::Mutex<HashMap<tantivy::index::SegmentId, std::sync::Arc<SegmentColumns>>>,
    /// The index's files, where a segment's postings file says which fields hold terms.
    directory: tantivy::directory::ManagedDirectory,
}

/// The columns of one segment that [`SegmentColumnCache`] keeps, opened on first use.
struct SegmentColumns {
    directory: tantivy::directory::ManagedDirectory,
    fast_fields: tantivy::fastfield::FastFieldReaders,
    id_and_day: std::sync::OnceLock<tantivy::columnar::Column<u64>>,
    last_day: std::sync::OnceLock<tantivy::columnar::Column<i64>>,
    /// The indexed fields that hold terms in the segment.
    with_terms: std::sync::OnceLock<Vec<Field>>,
    /// The languages `text_stemmed` holds in the segment.
    languages: std::sync::OnceLock<LanguageSet>,
    /// The table of the positions file's fields.
    positions: std::sync::OnceLock<tantivy::directory::CompositeFile>,
    /// The columns of the fields filters name, by field, each opened when first read.
    filters: std::sync::Mutex<HashMap<Field, FilterColumn>>,
}

/// The fast column of a field a filter names: its values, or for text the ordinals of
/// its terms; None where the segment has no such column. Cheap to clone (the bytes are
/// shared).
#[derive(Clone)]
enum FilterColumn {
    Unsigned(Option<tantivy::columnar::Column<u64>>),
    Text(Option<tantivy::columnar::StrColumn>),
}

impl SegmentColumns {
    /// Each document's [`IdAndDay`]: its statement id and its chronology.
    fn id_and_day(&self) -> tantivy::Result<&tantivy::columnar::Column<u64>> {
        once(&self.id_and_day, || self.fast_fields.u64(ID_AND_DAY))
    }

    fn last_day(&self) -> tantivy::Result<&tantivy::columnar::Column<i64>> {
        once(&self.last_day, || self.fast_fields.i64("last_day"))
    }

    /// The fast column of `field` (named `name`, of type `typ`, a fast field): a
    /// number's or a label's (text stored whole). None for a field of another type; a
    /// segment without the column (none of its statements has a value) gives an empty
    /// [`FilterColumn`], not an error: the caller reads the postings instead.
    fn filter_column(
        &self,
        field: Field,
        name: &str,
        typ: tantivy::schema::Type,
    ) -> tantivy::Result<Option<FilterColumn>> {
        let mut filters = self
            .filters
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        if let Some(column) = filters.get(&field) {
            return Ok(Some(column.clone()));
        }
        let column = match typ {
            tantivy::schema::Type::U64 => {
                FilterColumn::Unsigned(self.fast_fields.column_opt::<u64>(name)?)
            }
            tantivy::schema::Type::Str => FilterColumn::Text(self.fast_fields.str(name)?),
            _ => return Ok(None),
        };
        filters.insert(field, column.clone());
        Ok(Some(column))
    }

    /// Whether `field` holds any term in the segment. Asked of a field without
    /// terms, tantivy builds an empty term dictionary the first time in a process: an
    /// FST builder's table of 20,000 cells, half a millisecond of a search's process.
    fn has_terms(&self, reader: &tantivy::SegmentReader, field: Field) -> tantivy::Result<bool> {
        let with_terms = once(&self.with_terms, || {
            let schema = reader.schema();
            let indexed = schema.fields().filter(|(_, entry)| entry.is_indexed());
            // The postings file's table of fields, read from the file the segment has
            // open: tantivy's `fields_metadata` tells the same, after reading the table
            // of every fast column too (a third of a millisecond in a new process).
            let path =
                std::path::PathBuf::from(format!("{}.idx", reader.segment_id().uuid_string()));
            let file = tantivy::Directory::open_read(&self.directory, &path)?;
            let postings = tantivy::directory::CompositeFile::open(&file)?;
            Ok(indexed
                .filter(|&(field, _)| {
                    postings
                        .open_read(field)
                        .is_some_and(|file| tantivy_common::HasLen::len(&file) > 0)
                })
                .map(|(field, _)| field)
                .collect())
        })?;
        Ok(with_terms.contains(&field))
    }

    /// The positions of `field`'s terms in the segment, which tantivy opens only inside
    /// its postings (see [`ranked_phrase`]); None when the field has none.
    fn positions(
        &self,
        reader: &tantivy::SegmentReader,
        field: Field,
    ) -> tantivy::Result<Option<tantivy::directory::FileSlice>> {
        let positions = once(&self.positions, || {
            let path =
                std::path::PathBuf::from(format!("{}.pos", reader.segment_id().uuid_string()));
            let file = tantivy::Directory::open_read(&self.directory, &path)?;
            Ok(tantivy::directory::CompositeFile::open(&file)?)
        })?;
        Ok(positions.open_read(field))
    }

    /// The languages whose statements `stemmed` (the field `text_stemmed`) holds in the
    /// segment: the markers among its terms, which sort before every word (see
    /// [`languages`]), read once. A segment without the field's terms, as every segment
    /// of an archive without such statements, is answered without its term dictionary.
    fn languages(
        &self,
        reader: &tantivy::SegmentReader,
        stemmed: Field,
    ) -> tantivy::Result<LanguageSet> {
        if let Some(languages) = self.languages.get() {
            return Ok(*languages);
        }
        let mut languages = LanguageSet::default();
        if self.has_terms(reader, stemmed)? {
            let first = languages::marker(0).to_string();
            let past = languages::marker(LANGUAGES.len() - 1).to_string() + "\u{0}";
            let inverted = reader.inverted_index(stemmed)?;
            let mut stream = inverted
                .terms()
                .range()
                .ge(first.as_bytes())
                .lt(past.as_bytes())
                .into_stream()?;
            while stream.advance() {
                let marker = std::str::from_utf8(stream.key())
                    .ok()
                    .and_then(|key| key.chars().next())
                    .and_then(languages::language_of_marker);
                if let Some(index) = marker {
                    languages.insert(index);
                }
            }
        }
        Ok(*self.languages.get_or_init(|| languages))
    }
}

/// What [`SearchIndex::rank_among_bits`] ranks: a word's term in each field, or a
/// phrase's terms in each field.
enum RankedText {
    Word(Vec<Term>),
    Phrase(Vec<Vec<Term>>),
}

/// What orders hits of equal score: their chronology, read from a segment's
/// [`IdAndDay`] column. A single segment is in that order, so ties rank as they would
/// there however the statements are split into segments (see [`ranked_word::Page`]).
struct TieKeys(tantivy::columnar::Column<u64>);

impl TieKeys {
    fn of(
        columns: &SegmentColumnCache,
        segment: &tantivy::SegmentReader,
    ) -> tantivy::Result<TieKeys> {
        Ok(TieKeys(columns.of(segment).id_and_day()?.clone()))
    }

    /// The key of a document; one without a value (none should be) ranks last of its ties.
    fn of_doc(&self, doc: tantivy::DocId) -> u64 {
        self.0
            .first(doc)
            .map_or(u64::MAX, |value| IdAndDay(value).chronology())
    }
}

/// Counts every match of a query and keeps the best `wanted` by score, ties by
/// [`TieKeys`]: tantivy's `TopDocs` breaks ties by address, which depends on the segments.
struct RankedPage<'a> {
    wanted: usize,
    columns: &'a SegmentColumnCache,
}

/// [`RankedPage`] in one segment.
struct RankedSegmentPage {
    segment: tantivy::SegmentOrdinal,
    keys: TieKeys,
    count: usize,
    page: ranked_word::Page,
}

impl tantivy::collector::Collector for RankedPage<'_> {
    type Fruit = (usize, Vec<(f32, DocAddress)>);
    type Child = RankedSegmentPage;

    fn for_segment(
        &self,
        segment: tantivy::SegmentOrdinal,
        reader: &tantivy::SegmentReader,
    ) -> tantivy::Result<RankedSegmentPage> {
        Ok(RankedSegmentPage {
            segment,
            keys: TieKeys::of(self.columns, reader)?,
            count: 0,
            page: ranked_word::Page::new(self.wanted),
        })
    }

    fn requires_scoring(&self) -> bool {
        true
    }

    fn merge_fruits(
        &self,
        segments: Vec<(usize, ranked_word::Page)>,
    ) -> tantivy::Result<Self::Fruit> {
        let mut total = 0;
        let mut page = ranked_word::Page::new(self.wanted);
        for (count, segment_page) in segments {
            total += count;
            page.merge(segment_page);
        }
        Ok((total, page.into_sorted()))
    }
}

impl tantivy::collector::SegmentCollector for RankedSegmentPage {
    type Fruit = (usize, ranked_word::Page);

    fn collect(&mut self, doc: tantivy::DocId, score: tantivy::Score) {
        self.count += 1;
        let keys = &self.keys;
        self.page
            .offer(score, DocAddress::new(self.segment, doc), || {
                keys.of_doc(doc)
            });
    }

    fn harvest(self) -> Self::Fruit {
        (self.count, self.page)
    }
}

/// The value of `cell`, made by `make` the first time; a failure is returned and not kept.
fn once<T>(
    cell: &std::sync::OnceLock<T>,
    make: impl FnOnce() -> tantivy::Result<T>,
) -> tantivy::Result<&T> {
    if let Some(value) = cell.get() {
        return Ok(value);
    }
    let value = make()?;
    Ok(cell.get_or_init(|| value))
}

impl SegmentColumnCache {
    /// Segments merged away leave entries behind; past this many, the cache starts over.
    const MOST_SEGMENTS: usize = 256;

    fn of(&self, segment: &tantivy::SegmentReader) -> std::sync::Arc<SegmentColumns> {
        let key = segment.segment_id();
        // A poisoned lock only means another search panicked between two map operations,
        // which leave the map whole.
        let mut segments = self
            .segments
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        if let Some(columns) = segments.get(&key) {
            return columns.clone();
        }
        let columns = std::sync::Arc::new(SegmentColumns {
            directory: self.directory.clone(),
            fast_fields: segment.fast_fields().clone(),
            id_and_day: std::sync::OnceLock::new(),
            last_day: std::sync::OnceLock::new(),
            with_terms: std::sync::OnceLock::new(),
            languages: std::sync::OnceLock::new(),
            positions: std::sync::OnceLock::new(),
            filters: Default::default(),
        });
        if segments.len() >= Self::MOST_SEGMENTS {
            segments.clear();
        }
        segments.insert(key, columns.clone());
        columns
    }
}

impl std::fmt::Debug for SegmentColumnCache {
    fn fmt(&self, formatter: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        formatter.write_str("SegmentColumnCache")
    }
}

/// `query`'s weight without scores, for the segments with deletions that the postings
/// walks cannot count alone: made the first time one needs it, as most segments have none.
fn weight_for_deletions<'a>(
    weight: &'a mut Option<Box<dyn tantivy::query::Weight>>,
    query: &dyn TantivyQuery,
    searcher: &Searcher,
) -> tantivy::Result<&'a dyn tantivy::query::Weight> {
    let weight = match weight {
        Some(weight) => weight,
        None => weight.insert(query.weight(
            tantivy::query::EnableScoring::disabled_from_searcher(searcher),
        )?),
    };
    Ok(&**weight)
}

/// Counts the documents holding one of `terms` (no document holds two) in `period`,
/// without visiting them: in a segment sorted by date the period is a run of document
/// ids, and how many documents of a posting list fall in a run is the difference of two
/// ranks, read from the list's skip data. A segment with deletions is counted by
/// `query`, the same request built as a query.
fn count_terms_in_period(
    searcher: &Searcher,
    terms: &[Term],
    period: &PeriodQuery,
    query: &dyn TantivyQuery,
) -> tantivy::Result<usize> {
    let mut weight = None;
    let mut total = 0usize;
    for segment in searcher.segment_readers() {
        if segment.has_deletes() {
            let weight = weight_for_deletions(&mut weight, query, searcher)?;
            total += weight.count(segment)? as usize;
            continue;
        }
        let (wide, run) = period.documents(segment)?;
        for term in terms {
            let Some(mut postings) = period.block_postings(segment, term)? else {
                continue;
            };
            // Ranks must be asked in ascending order: the wide documents come before the run.
            for &doc in &wide {
                let before = postings.rank(doc);
                total += (postings.rank(doc + 1) - before) as usize;
            }
            let before_run = postings.rank(run.start);
            total += (postings.rank(run.end) - before_run) as usize;
        }
    }
    Ok(total)
}

/// Each segment's statements (in the searcher's order) holding a term of every one of
/// `lists` in `period`, as bits; None for a segment without any.
fn filter_bits_of_segments(
    searcher: &Searcher,
    lists: &[Vec<Term>],
    period: &PeriodQuery,
) -> tantivy::Result<Vec<Option<filter_bits::FilterBits>>> {
    searcher
        .segment_readers()
        .iter()
        .map(|segment| filter_bits::FilterBits::fields_in_period(segment, lists, period))
        .collect()
}

/// The number of statements holding one of `terms` (no statement holds two) in
/// `period`, and one page of them in date order, in one walk of each term's postings
/// per segment: the count is the difference of two ranks, as in
/// [`count_terms_in_period`], and the page is read on the way between them. Newest
/// first, the walk jumps to a window at the end of the period's run, widened until it
/// holds the page. A segment with deletions is read through `query`, the same request
/// built as a query.
fn chronological_page_of_terms(
    searcher: &Searcher,
    terms: &[Term],
    period: &PeriodQuery,
    query: &dyn TantivyQuery,
    newest_first: bool,
    offset: usize,
    limit: usize,
) -> tantivy::Result<(usize, Vec<(f32, DocAddress)>)> {
    let wanted = offset.saturating_add(limit);
    let mut weight = None;
    let mut total = 0usize;
    let mut pages = Vec::with_capacity(searcher.segment_readers().len());
    for segment in searcher.segment_readers() {
        if segment.has_deletes() {
            let weight = weight_for_deletions(&mut weight, query, searcher)?;
            total += weight.count(segment)? as usize;
            pages.push(if newest_first {
                newest_matches(weight, segment, wanted)?
            } else {
                oldest_matches(weight, segment, wanted)?
            });
            continue;
        }
        let (wide, run) = period.documents(segment)?;
        let mut page = Vec::new();
        for term in terms {
            let (count, docs) =
                term_page_in_period(segment, term, period, &wide, &run, newest_first, wanted)?;
            total += count;
            page.extend(docs);
        }
        // Each term gave its own page: the segment's is the best `wanted` of them all.
        page.sort_unstable();
        if newest_first {
            page.drain(..page.len().saturating_sub(wanted));
        } else {
            page.truncate(wanted);
        }
        pages.push(page);
    }
    let page = merge_segment_pages(
        searcher,
        pages,
        newest_first,
        offset,
        limit,
        &period.columns,
    )?;
    Ok((total, page))
}

/// How many documents of one segment hold `term` among the `wide` ones and in `run`,
/// and the first (or last, `newest_first`) `wanted` of them, ascending. Deletions are
/// not looked at: the segment must have none.
fn term_page_in_period(
    segment: &tantivy::SegmentReader,
    term: &Term,
    period: &PeriodQuery,
    wide: &[tantivy::DocId],
    run: &std::ops::Range<tantivy::DocId>,
    newest_first: bool,
    wanted: usize,
) -> tantivy::Result<(usize, Vec<tantivy::DocId>)> {
    let read = || period.block_postings(segment, term);
    let Some(mut postings) = read()? else {
        return Ok((0, Vec::new()));
    };
    // Over the whole segment, every document holding the term counts: newest first, the
    // page is read from the field's column backwards from the segment's end, where the
    // postings reach their end only through their skip list, a read per 128 postings
    // (a tenth of a filters-only search by country at a million statements).
    if newest_first && wide.is_empty() && *run == (0..segment.max_doc()) {
        let columns = period.columns.of(segment);
        if let Some(docs) = newest_in_column(&columns, segment, term, postings.doc_freq(), wanted)?
        {
            return Ok((postings.doc_freq() as usize, docs));
        }
    }
    // Spread evenly, matches come every `max_doc / doc_freq` documents: a window
    // expected to hold twice the page, at least a block's worth.
    let spacing = u64::from(segment.max_doc()) / u64::from(postings.doc_freq().max(1));
    let mut window = (wanted as u64)
        .saturating_mul(2)
        .saturating_mul(spacing)
        .max(1024);
    loop {
        // Ranks and seeks go forward only: the wide documents come before the run.
        let mut docs = Vec::new();
        for &doc in wide {
            let before = postings.rank(doc);
            if postings.rank(doc + 1) > before {
                docs.push(doc);
            }
        }
        let wide_matches = docs.len();
        let run_start_rank = postings.rank(run.start);
        let page_start = if newest_first {
            let start = u64::from(run.end).saturating_sub(window);
            (start as tantivy::DocId).max(run.start)
        } else {
            run.start
        };
        let page_start_rank = postings.rank(page_start);
        let mut within = postings.seek(page_start);
        'blocks: while postings.block_len() > 0 {
            for &doc in &postings.docs()[within..] {
                if doc >= run.end || (!newest_first && docs.len() == wanted) {
                    break 'blocks;
                }
                docs.push(doc);
            }
            postings.advance();
            within = 0;
        }
        let run_end_rank = postings.rank(run.end);
        let in_run = (run_end_rank - run_start_rank) as usize;
        let in_window = (run_end_rank - page_start_rank) as usize;
        // Newest first, a window holding fewer than the page is widened, unless it
        // already covers the run; oldest first, the walk stops once it has the page.
        if !newest_first || in_window >= wanted || page_start == run.start {
            if newest_first {
                docs.drain(..docs.len().saturating_sub(wanted));
            } else {
                docs.truncate(wanted);
            }
            return Ok((wide_matches + in_run, docs));
        }
        window = window.saturating_mul(4);
        postings = match read()? {
            Some(postings) => postings,
            None => return Ok((0, Vec::new())),
        };
    }
}

/// The last `wanted` documents of `segment` holding `term` (of `doc_freq` documents),
/// ascending, read from the term's fast column backwards from the segment's end. None
/// when its field has no fast column, or when its matches are too sparse for that to be
/// quicker than the postings' skip list: the column is read for at most four times the
/// documents that would hold the page if the matches were spread evenly, a few reads per
/// document against one per 128 postings.
fn newest_in_column(
    columns: &SegmentColumns,
    segment: &tantivy::SegmentReader,
    term: &Term,
    doc_freq: u32,
    wanted: usize,
) -> tantivy::Result<Option<Vec<tantivy::DocId>>> {
    if wanted == 0 {
        // A count: the column need not even be opened.
        return Ok(Some(Vec::new()));
    }
    let max_doc = u64::from(segment.max_doc());
    let spread = (wanted as u64).saturating_mul(max_doc) / u64::from(doc_freq.max(1));
    let budget = spread.max(wanted as u64).saturating_mul(4);
    if budget.saturating_mul(32) > u64::from(doc_freq) {
        return Ok(None);
    }
    let entry = segment.schema().get_field_entry(term.field());
    // Not every filter's field has a column: `without` (`--channel none`) has none.
    if !entry.is_fast() {
        return Ok(None);
    }
    let Some(column) = columns.filter_column(term.field(), entry.name(), term.typ())? else {
        return Ok(None);
    };
    let value = term.value();
    let holds: Box<dyn Fn(tantivy::DocId) -> bool> = match column {
        FilterColumn::Unsigned(None) | FilterColumn::Text(None) => return Ok(None),
        FilterColumn::Unsigned(Some(column)) => {
            let Some(wanted_value) = value.as_u64() else {
                return Ok(None);
            };
            Box::new(move |doc| column.values_for_doc(doc).any(|held| held == wanted_value))
        }
        FilterColumn::Text(Some(column)) => {
            let Some(text) = value.as_str() else {
                return Ok(None);
            };
            let Some(ordinal) = column.dictionary().term_ord(text)? else {
                return Ok(None);
            };
            Box::new(move |doc| column.term_ords(doc).any(|held| held == ordinal))
        }
    };
    let lowest = max_doc.saturating_sub(budget) as tantivy::DocId;
    let mut docs = Vec::with_capacity(wanted);
    let mut doc = max_doc as tantivy::DocId;
    while doc > lowest && docs.len() < wanted {
        doc -= 1;
        if holds(doc) {
            docs.push(doc);
        }
    }
    if docs.len() < wanted && doc > 0 {
        // The budget ran out before the page was full: the matches are not spread evenly.
        return Ok(None);
    }
    docs.reverse();
    Ok(Some(docs))
}

/// Filters with alternatives and a period as a query: per segment, the statements the
/// filters keep, set as bits from their postings ([`filter_bits`]).
#[derive(Debug, Clone)]
struct FilterBitsQuery {
    lists: Vec<Vec<Term>>,
    period: PeriodQuery,
}

impl TantivyQuery for FilterBitsQuery {
    fn weight(
        &self,
        _scoring: tantivy::query::EnableScoring<'_>,
    ) -> tantivy::Result<Box<dyn tantivy::query::Weight>> {
        Ok(Box::new(self.clone()))
    }
}

impl tantivy::query::Weight for FilterBitsQuery {
    fn scorer(
        &self,
        reader: &tantivy::SegmentReader,
        _boost: tantivy::Score,
    ) -> tantivy::Result<Box<dyn tantivy::query::Scorer>> {
        Ok(
            match filter_bits::FilterBits::fields_in_period(reader, &self.lists, &self.period)? {
                Some(bits) => Box::new(filter_bits::FilterBitsDocSet::new(bits)),
                None => Box::new(tantivy::query::EmptyScorer),
            },
        )
    }

    fn explain(
        &self,
        reader: &tantivy::SegmentReader,
        doc: tantivy::DocId,
    ) -> tantivy::Result<tantivy::query::Explanation> {
        scorer_on(self, reader, doc, "is not among the filters' statements")?;
        Ok(tantivy::query::Explanation::new("FilterBitsQuery", 0.0))
    }
}

/// `weight`'s scorer in `reader` standing on `doc`, for an `explain`; an error saying the
/// document `outside` when it does not match.
fn scorer_on(
    weight: &dyn tantivy::query::Weight,
    reader: &tantivy::SegmentReader,
    doc: tantivy::DocId,
    outside: &str,
) -> tantivy::Result<Box<dyn tantivy::query::Scorer>> {
    let mut scorer = weight.scorer(reader, 1.0)?;
    if scorer.seek(doc) == doc {
        Ok(scorer)
    } else {
        Err(tantivy::TantivyError::InvalidArgument(format!(
            "document {doc} {outside}"
        )))
    }
}

/// Statements whose period overlaps `from ..= to`, from the document order alone.
///
/// Every segment is sorted by [`chronology`], first day first, so the statements that
/// start inside the range are one run of document ids, found by binary search: seeking in
/// it costs nothing, where a range over a column checks values one by one. A statement
/// dated to a month or a year (a "wide" one) can start before `from` and still overlap;
/// those are few, and listed by their own term.
#[derive(Debug, Clone)]
struct PeriodQuery {
    from: Option<NaiveDate>,
    to: Option<NaiveDate>,
    columns: std::sync::Arc<SegmentColumnCache>,
}

impl TantivyQuery for PeriodQuery {
    fn weight(
        &self,
        _scoring: tantivy::query::EnableScoring<'_>,
    ) -> tantivy::Result<Box<dyn tantivy::query::Weight>> {
        Ok(Box::new(self.clone()))
    }
}

impl PeriodQuery {
    /// The postings of `term` in one segment, or None; a field without terms in the
    /// segment is not asked for its inverted index (see [`SegmentColumns::has_terms`]).
    fn block_postings(
        &self,
        segment: &tantivy::SegmentReader,
        term: &Term,
    ) -> tantivy::Result<Option<tantivy::postings::BlockSegmentPostings>> {
        if !self.columns.of(segment).has_terms(segment, term.field())? {
            return Ok(None);
        }
        Ok(segment
            .inverted_index(term.field())?
            .read_block_postings(term, IndexRecordOption::Basic)?)
    }

    /// The documents of the period in one segment, deleted ones included: the wide
    /// statements that start before the range and overlap it (ascending, all before the
    /// run), and the run of those that start inside it.
    fn documents(
        &self,
        reader: &tantivy::SegmentReader,
    ) -> tantivy::Result<(Vec<tantivy::DocId>, std::ops::Range<tantivy::DocId>)> {
        let columns = self.columns.of(reader);
        let id_and_day = columns.id_and_day()?;
        let max_doc = reader.max_doc();
        // The first document whose chronology is at least `key`.
        let first_from = |key: u64| -> tantivy::DocId {
            let (mut low, mut high) = (0, max_doc);
            while low < high {
                let middle = low + (high - low) / 2;
                if id_and_day
                    .first(middle)
                    .map_or(0, |value| IdAndDay(value).chronology())
                    < key
                {
                    low = middle + 1;
                } else {
                    high = middle;
                }
            }
            low
        };
        let start = self.from.map_or(0, |from| first_from(day_key(from)));
        // The first document starting after `to`.
        let after_to = match self.to.and_then(|to| to.succ_opt()) {
            Some(after) => first_from(day_key(after)),
            None => max_doc,
        };
        let mut wide = Vec::new();
        if let Some(from) = self.from {
            // A period is at most a year long: a wide statement starting earlier ends
            // before `from`.
            let earliest = from
                .checked_sub_days(chrono::Days::new(366))
                .map_or(0, |day| first_from(day_key(day)));
            let wide_term = Term::from_field_u64(reader.schema().get_field(WIDE)?, 1);
            let postings = match columns.has_terms(reader, wide_term.field())? {
                true => reader
                    .inverted_index(wide_term.field())?
                    .read_postings(&wide_term, IndexRecordOption::Basic)?,
                false => None,
            };
            if let Some(mut postings) = postings {
                let last_day = columns.last_day()?;
                let from = day_number(from);
                let mut doc = tantivy::DocSet::doc(&postings);
                if doc < earliest {
                    doc = tantivy::DocSet::seek(&mut postings, earliest);
                }
                while doc < start.min(after_to) {
                    if last_day.first(doc).is_some_and(|last| last >= from) {
                        wide.push(doc);
                    }
                    doc = tantivy::DocSet::advance(&mut postings);
                }
            }
        }
        Ok((wide, start..after_to.max(start)))
    }
}

impl tantivy::query::Weight for PeriodQuery {
    fn scorer(
        &self,
        reader: &tantivy::SegmentReader,
        _boost: tantivy::Score,
    ) -> tantivy::Result<Box<dyn tantivy::query::Scorer>> {
        let (wide, run) = self.documents(reader)?;
        Ok(Box::new(PeriodDocSet::new(wide, run)))
    }

    fn explain(
        &self,
        reader: &tantivy::SegmentReader,
        doc: tantivy::DocId,
    ) -> tantivy::Result<tantivy::query::Explanation> {
        let mut scorer = scorer_on(self, reader, doc, "is outside the period")?;
        Ok(tantivy::query::Explanation::new(
            "PeriodQuery",
            scorer.score(),
        ))
    }
}

/// The documents of a [`PeriodQuery`] in one segment: the wide statements before the
/// run, then the run.
struct PeriodDocSet {
    wide: Vec<tantivy::DocId>,
    next_wide: usize,
    run: std::ops::Range<tantivy::DocId>,
    /// Where the run began: every wide document is below it.
    run_first: tantivy::DocId,
    doc: tantivy::DocId,
}

impl PeriodDocSet {
    fn new(wide: Vec<tantivy::DocId>, run: std::ops::Range<tantivy::DocId>) -> PeriodDocSet {
        let mut docs = PeriodDocSet {
            wide,
            next_wide: 0,
            run_first: run.start,
            run,
            doc: 0,
        };
        docs.doc = docs.take_next();
        docs
    }

    fn take_next(&mut self) -> tantivy::DocId {
        if let Some(&doc) = self.wide.get(self.next_wide) {
            self.next_wide += 1;
            doc
        } else if self.run.start < self.run.end {
            self.run.start += 1;
            self.run.start - 1
        } else {
            tantivy::TERMINATED
        }
    }

    fn in_run(&self) -> bool {
        (self.run_first..self.run.end).contains(&self.doc)
    }
}

impl tantivy::DocSet for PeriodDocSet {
    fn advance(&mut self) -> tantivy::DocId {
        self.doc = self.take_next();
        self.doc
    }

    fn seek(&mut self, target: tantivy::DocId) -> tantivy::DocId {
        if self.doc >= target {
            return self.doc;
        }
        self.next_wide += self.wide[self.next_wide..].partition_point(|&doc| doc < target);
        self.run.start = self.run.start.max(target.min(self.run.end));
        self.advance()
    }

    fn fill_bitset_block(
        &mut self,
        min_doc: tantivy::DocId,
        mask: &mut [tantivy_common::TinySet; 16],
    ) -> tantivy::DocId {
        const WINDOW: tantivy::DocId = 16 * 64;
        let horizon = min_doc.saturating_add(WINDOW);
        self.seek(min_doc);
        while self.doc < horizon && !self.in_run() {
            let offset = self.doc - min_doc;
            mask[(offset / 64) as usize].insert_mut(offset % 64);
            self.advance();
        }
        if self.doc >= horizon || self.doc == tantivy::TERMINATED {
            return self.doc;
        }
        // The run's part of the window, 64 documents at a time.
        let last = self.run.end.min(horizon);
        for (bucket, bits) in mask.iter_mut().enumerate() {
            let low = min_doc + bucket as u32 * 64;
            let (first, end) = (self.doc.max(low), last.min(low + 64));
            if first < end {
                use tantivy_common::TinySet;
                // `range_lower` takes bounds below 64 only.
                let below_end = match end - low {
                    64 => TinySet::full(),
                    width => TinySet::range_lower(width),
                };
                *bits =
                    bits.union(TinySet::range_greater_or_equal(first - low).intersect(below_end));
            }
        }
        self.run.start = last;
        self.advance()
    }

    fn doc(&self) -> tantivy::DocId {
        self.doc
    }

    fn size_hint(&self) -> u32 {
        let current = u32::from(self.doc != tantivy::TERMINATED);
        current + (self.wide.len() - self.next_wide) as u32 + self.run.len() as u32
    }

    fn count_including_deleted(&mut self) -> u32 {
        let count = self.size_hint();
        self.next_wide = self.wide.len();
        self.run.start = self.run.end;
        self.doc = tantivy::TERMINATED;
        count
    }
}

/// A filter: it restricts, it never changes a score.
impl tantivy::query::Scorer for PeriodDocSet {
    fn score(&mut self) -> tantivy::Score {
        0.0
    }
}

/// The chronology of the first statement of `day`.
fn day_key(day: NaiveDate) -> u64 {
    chronology(day, StatementId(0))
}

/// How the index is sorted; see [`PeriodQuery`].
fn index_settings() -> tantivy::IndexSettings {
    tantivy::IndexSettings {
        sort_by_field: Some(tantivy::IndexSortByField {
            field: CHRONOLOGY.to_string(),
            order: Order::Asc,
        }),
        ..tantivy::IndexSettings::default()
    }
}

/// Returns the tokens of a query's `text`, or of a word of the vocabulary, as `analyzer`
/// reads them, but the joined forms of its compounds: a query's compound is the phrase
/// of its parts, and its joined form an alternative of its own (see
/// [`SearchIndex::with_compounds`]).
fn analyze(analyzer: &mut TextAnalyzer, text: &str) -> Vec<String> {
    let mut tokens = Vec::new();
    let mut stream = analyzer.token_stream(text);
    while let Some(token) = stream.next() {
        if token.position_length == 1 {
            tokens.push(token.text.clone());
        }
    }
    tokens
}

/// Returns `text` as a regular expression that matches it alone: its ASCII punctuation
/// escaped (a folded token may hold some: ⒈ folds to "1."), the only characters that can
/// be operators.
fn regex_literal(text: &str) -> String {
    let mut literal = String::with_capacity(text.len());
    for character in text.chars() {
        if character.is_ascii_punctuation() {
            literal.push('\\');
        }
        literal.push(character);
    }
    literal
}

/// The tokens of a text, one entry per position, each with the readings the analyser
/// gave there: one, or two for a word with the Azerbaijani schwa ("ermanistan",
/// "ermenistan"), never the same twice.
type Readings = Vec<Vec<String>>;

/// Returns the tokens of a query's `text` by position, see [`Readings`]; as [`analyze`],
/// without the joined forms of compounds.
fn analyze_readings(analyzer: &mut TextAnalyzer, text: &str) -> Readings {
    let mut readings: Readings = Vec::new();
    let mut last_position = None;
    let mut stream = analyzer.token_stream(text);
    while let Some(token) = stream.next() {
        if token.position_length != 1 {
            continue;
        }
        match readings.last_mut() {
            Some(place) if last_position == Some(token.position) => {
                if !place.contains(&token.text) {
                    place.push(token.text.clone());
                }
            }
            _ => readings.push(vec![token.text.clone()]),
        }
        last_position = Some(token.position);
    }
    readings
}

/// Matches `tokens` in `field`: a term; a phrase of terms, next to each other; a place
/// with two readings (a word with ə) matching either.
fn tokens_query(field: Field, tokens: &[Vec<String>]) -> Result<Box<dyn TantivyQuery>> {
    tokens_query_within(field, tokens, 0)
}

/// [`tokens_query`], the words of a phrase allowed `slop` other words among them (see
/// [`Query::Near`]).
fn tokens_query_within(
    field: Field,
    tokens: &[Vec<String>],
    slop: u32,
) -> Result<Box<dyn TantivyQuery>> {
    let phrase = |terms: Vec<Term>| -> Box<dyn TantivyQuery> {
        let mut query = PhraseQuery::new(terms);
        query.set_slop(slop);
        Box::new(query)
    };
    let term = |token: &String| -> Box<dyn TantivyQuery> {
        Box::new(TermQuery::new(
            Term::from_field_text(field, token),
            IndexRecordOption::WithFreqs,
        ))
    };
    Ok(match tokens {
        [] => Box::new(EmptyQuery),
        [readings] => match readings.as_slice() {
            [single] => term(single),
            // The best reading's score: a text holding both readings (it has ə itself)
            // does not count twice.
            several => Box::new(DisjunctionMaxQuery::new(several.iter().map(term).collect())),
        },
        many if many.iter().all(|readings| readings.len() == 1) => phrase(
            many.iter()
                .flatten()
                .map(|token| Term::from_field_text(field, token))
                .collect(),
        ),
        // A phrase with a word of two readings (ə; a Russian word, read also by the
        // Russian stemmer): each combination of readings a phrase of its own, the best
        // one's score counting, as for a word. tantivy's alternative, a phrase of regular
        // expressions, builds an automaton for each place of each phrase: a name of a
        // thousand forms inside a phrase took 0.6 s of them.
        many if reading_combinations(many) <= MOST_READING_COMBINATIONS => {
            let mut phrases: Vec<Vec<&String>> = vec![Vec::new()];
            for readings in many {
                phrases = phrases
                    .iter()
                    .flat_map(|start| {
                        readings.iter().map(move |reading| {
                            let mut phrase = start.clone();
                            phrase.push(reading);
                            phrase
                        })
                    })
                    .collect();
            }
            Box::new(DisjunctionMaxQuery::new(
                phrases
                    .into_iter()
                    .map(|words| {
                        phrase(
                            words
                                .into_iter()
                                .map(|token| Term::from_field_text(field, token))
                                .collect(),
                        )
                    })
                    .collect(),
            ))
        }
        // Many words of two readings: each place the alternation of its readings.
        // tantivy weighs such a place as a term it has never seen, so such a phrase
        // scores above one without, alike for every statement it matches.
        many => {
            let mut query = RegexPhraseQuery::new(
                field,
                many.iter()
                    .map(|readings| {
                        let literals: Vec<String> =
                            readings.iter().map(|token| regex_literal(token)).collect();
                        literals.join("|")
                    })
                    .collect(),
            );
            query.set_slop(slop);
            Box::new(query)
        }
    })
}

/// The most phrases [`tokens_query`] makes of one phrase's combinations of readings
/// before it turns to a phrase of alternations: four words of two readings.
const MOST_READING_COMBINATIONS: usize = 16;

/// How many phrases the readings of each place of a phrase make, combined.
fn reading_combinations(places: &[Vec<String>]) -> usize {
    places.iter().fold(1usize, |product, readings| {
        product.saturating_mul(readings.len())
    })
}

/// Days since 1 January of year 1: dates as plain integers the index can range over.
fn day_number(date: NaiveDate) -> i64 {
    i64::from(chrono::Datelike::num_days_from_ce(&date))
}

/// Returns the day `number` days from the common era ([`day_number`]), if it is one.
fn day_of_number(number: i64) -> Option<NaiveDate> {
    i32::try_from(number)
        .ok()
        .and_then(NaiveDate::from_num_days_from_ce_opt)
}

/// The values every statement in the index holds in its columns (see
/// [`SearchIndex::statement_labels`]), ordered by id: each label's text kept once, a
/// statement's labels numbers into them, so that a million statements fit in a few
/// tens of megabytes and are compared with the database's without a copy.
pub struct ColumnValues {
    /// Every label's text (countries, channels, kinds, languages, tags), once.
    texts: Vec<String>,
    entries: Vec<ColumnEntry>,
    /// The tags of every entry, each entry's a run sorted by text, each once.
    tags: Vec<u32>,
}

/// One document's values in [`ColumnValues`]: labels as numbers into its texts.
struct ColumnEntry {
    id: i64,
    speaker: i64,
    organization: Option<i64>,
    country: Option<u32>,
    channel: Option<u32>,
    kind: Option<u32>,
    language: Option<u32>,
    /// Where the entry's tags start in [`ColumnValues::tags`], and how many.
    tags: (u32, u32),
    first_day: Option<NaiveDate>,
    last_day: Option<NaiveDate>,
}

impl ColumnValues {
    /// Returns the number of documents, duplicates counted.
    pub fn len(&self) -> usize {
        self.entries.len()
    }

    /// Returns true when the index holds no statement.
    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }

    /// Returns the statement id of the document at `position` (in id order).
    pub fn id(&self, position: usize) -> StatementId {
        StatementId(self.entries[position].id)
    }

    /// Returns true when the document at `position` holds exactly `stored`'s values:
    /// the common case, told without a copy of any.
    pub fn holds(&self, position: usize, stored: &IndexedLabels) -> bool {
        let entry = &self.entries[position];
        let text = |number: Option<u32>| number.map(|number| self.texts[number as usize].as_str());
        entry.speaker == stored.speaker_id.0
            && entry.organization == stored.organization_id
            && text(entry.country) == stored.country.as_deref()
            && text(entry.channel) == stored.channel.as_deref()
            && text(entry.kind) == Some(stored.kind.as_str())
            && text(entry.language) == Some(stored.language.as_str())
            && entry.first_day == stored.first_day
            && entry.last_day == stored.last_day
            && self
                .tags_of(entry)
                .eq(stored.tags.iter().map(String::as_str))
    }

    /// Returns the values of the document at `position`.
    pub fn labels(&self, position: usize) -> IndexedLabels {
        let entry = &self.entries[position];
        let text = |number: Option<u32>| number.map(|number| self.texts[number as usize].clone());
        IndexedLabels {
            id: StatementId(entry.id),
            speaker_id: SpeakerId(entry.speaker),
            organization_id: entry.organization,
            country: text(entry.country),
            channel: text(entry.channel),
            kind: text(entry.kind).unwrap_or_default(),
            language: text(entry.language).unwrap_or_default(),
            tags: self.tags_of(entry).map(str::to_string).collect(),
            first_day: entry.first_day,
            last_day: entry.last_day,
        }
    }

    fn tags_of<'a>(&'a self, entry: &ColumnEntry) -> impl Iterator<Item = &'a str> + 'a {
        let (start, count) = entry.tags;
        self.tags[start as usize..(start + count) as usize]
            .iter()
            .map(|&number| self.texts[number as usize].as_str())
    }
}

/// A label's column in one segment (country, channel, tag…), its values read as the
/// numbers of their texts in [`ColumnValues::texts`].
struct LabelColumn {
    column: Option<tantivy::columnar::StrColumn>,
    /// The number of the text of each of the column's terms, by term ordinal.
    numbers: Vec<u32>,
}

impl LabelColumn {
    /// Opens the column `name`, numbering the texts of its terms in `texts` (`numbers`
    /// the texts numbered so far).
    fn open(
        fast: &tantivy::fastfield::FastFieldReaders,
        name: &str,
        numbers: &mut HashMap<String, u32>,
        texts: &mut Vec<String>,
    ) -> Result<LabelColumn> {
        let column = fast.str(name)?;
        let mut ordinals = Vec::new();
        if let Some(column) = &column {
            ordinals.reserve(column.num_terms());
            let mut terms = column.dictionary().stream()?;
            while terms.advance() {
                let text = String::from_utf8_lossy(terms.key());
                let number = match numbers.get(text.as_ref()) {
                    Some(&number) => number,
                    None => {
                        let number = texts.len() as u32;
                        texts.push(text.clone().into_owned());
                        numbers.insert(text.into_owned(), number);
                        number
                    }
                };
                ordinals.push(number);
            }
        }
        Ok(LabelColumn {
            column,
            numbers: ordinals,
        })
    }

    /// Returns the numbers of a document's values.
    fn values(&self, doc: tantivy::DocId) -> impl Iterator<Item = u32> + '_ {
        self.column
            .iter()
            .flat_map(move |column| column.term_ords(doc))
            .filter_map(|ord| self.numbers.get(ord as usize).copied())
    }

    /// Returns the number of a document's first value.
    fn first(&self, doc: tantivy::DocId) -> Option<u32> {
        self.values(doc).next()
    }
}

/// One sortable number per statement: its first day, then its id, so "newest first" is
/// stable for statements of the same day.
fn chronology(first_day: NaiveDate, id: StatementId) -> u64 {
    chronology_of(day_number(first_day).max(0) as u64, id.0 as u64)
}

fn chronology_of(day: u64, id: u64) -> u64 {
    (day << 40) | (id & ((1 << 40) - 1))
}

/// A statement's id and first day in one number, its bits reversed: the column searches
/// read them from.
///
/// Every segment is sorted by chronology, so a column of chronologies or of first days
/// grows nearly in a line: tantivy stores such a column block by block, and opening it
/// decodes every block's header (a tenth of a search process's instructions at a
/// million statements, six segments). Reversed, the number follows no line and is
/// stored bit-packed, which opens at once; it costs a statement about five bytes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct IdAndDay(u64);

impl IdAndDay {
    /// Days since 1 January of year 1 fit in 24 bits until the year 45,000.
    const DAY_BITS: u32 = 24;

    fn new(id: StatementId, first_day: NaiveDate) -> IdAndDay {
        let day = day_number(first_day).clamp(0, (1 << Self::DAY_BITS) - 1) as u64;
        IdAndDay((((id.0 as u64) << Self::DAY_BITS) | day).reverse_bits())
    }

    fn id(self) -> u64 {
        self.0.reverse_bits() >> Self::DAY_BITS
    }

    /// Returns the first day, as days from the common era ([`day_number`]).
    fn day(self) -> u64 {
        self.0.reverse_bits() & ((1 << Self::DAY_BITS) - 1)
    }

    fn chronology(self) -> u64 {
        let key = self.0.reverse_bits();
        chronology_of(key & ((1 << Self::DAY_BITS) - 1), key >> Self::DAY_BITS)
    }
}

#[cfg(test)]
mod tests {
    use super::languages::language_of;
    use super::*;
    use tantivy::collector::{Count, TopDocs};

    fn statement(id: i64, text: &str, day: &str, country: &str) -> IndexedStatement {
        let day = NaiveDate::parse_from_str(day, "%Y-%m-%d").unwrap();
        IndexedStatement {
            id: StatementId(id),
            text: text.into(),
            title: None,
            speaker_id: SpeakerId(id % 2 + 1),
            role: None,
            organization_id: None,
            country: Some(country.into()),
            channel: None,
            kind: StatementKind::Quote,
            language: "en".into(),
            tags: vec![],
            first_day: day,
            last_day: day,
        }
    }

    /// Reproducible pseudo-random numbers below a bound, from `seed`.
    pub(super) fn numbers(mut seed: u64) -> impl FnMut(u64) -> u64 {
        move |below| {
            seed = seed
                .wrapping_mul(6364136223846793005)
                .wrapping_add(1442695040888963407);
            (seed >> 33) % below
        }
    }

    /// The words a snippet of `text` (in English) highlights for `query`.
    fn highlighted_words(
        index: &SearchIndex,
        query: &str,
        text: &str,
        max_chars: usize,
    ) -> Vec<String> {
        snippet_and_words(index, query, text, "en", max_chars).1
    }

    /// The snippet of `text` (in `language`) for `query`, and the words it highlights.
    fn snippet_and_words(
        index: &SearchIndex,
        query: &str,
        text: &str,
        language: &str,
        max_chars: usize,
    ) -> (String, Vec<String>) {
        let query = Query::parse(query).unwrap();
        let snippet = index
            .snippet_maker(Some(&query), max_chars)
            .unwrap()
            .snippet(text, language);
        let words = snippet
            .highlights
            .iter()
            .map(|range| snippet.fragment[range.clone()].to_string())
            .collect();
        (snippet.fragment, words)
    }

    fn index_of(statements: &[IndexedStatement]) -> SearchIndex {
        index_in_segments(statements, statements.len().max(1))
    }

    /// An index of `statements`, committed `per_segment` at a time: one segment each.
    fn index_in_segments(statements: &[IndexedStatement], per_segment: usize) -> SearchIndex {
        let index = SearchIndex::in_memory().unwrap();
        for part in statements.chunks(per_segment) {
            let mut updater = index.writer(Workload::Some).unwrap();
            for statement in part {
                updater.add(statement).unwrap();
            }
            // Committed without `finish`, which would merge a small index's segments.
            updater.prepare(&test_state(1)).unwrap().commit().unwrap();
        }
        index.reader.reload().unwrap();
        index
    }

    /// The column searches read ids and chronologies from gives back both as written,
    /// for the first and the largest ids and days a statement can have.
    #[test]
    fn id_and_day_gives_back_the_id_and_the_chronology() {
        let days = ["0001-01-01", "1945-05-09", "2024-02-13", "9999-12-31"];
        for id in [1, 2, 1_000_000, (1 << 40) - 1] {
            for day in days {
                let day = NaiveDate::parse_from_str(day, "%Y-%m-%d").unwrap();
                let stored = IdAndDay::new(StatementId(id), day);
                assert_eq!(stored.id(), id as u64);
                assert_eq!(stored.chronology(), chronology(day, StatementId(id)));
            }
        }
    }

    /// Hits of equal score rank in time order, oldest first, as a single segment holds
    /// them: however the statements are split into segments, for one word (ranked from
    /// its postings), several words and a phrase (ranked by tantivy's scorers), a page at
    /// a time; `compact` changes no page.
    #[test]
    fn ties_rank_in_time_order_whatever_the_segments() {
        // The same words in texts of the same length: every score is equal. The newest
        // statements come first, two to a segment.
        let days = [
            "2024-03-01",
            "2024-02-01",
            "2024-01-01",
            "2023-12-01",
            "2023-11-01",
            "2023-10-01",
        ];
        let statements: Vec<_> = (1..)
            .zip(days)
            .map(|(id, day)| statement(id, "border shelling near the ceasefire line", day, "AM"))
            .collect();
        let ranked = |index: &SearchIndex, query: &str, limit: usize, offset: usize| {
            let query = Query::parse(query).unwrap();
            let found = index
                .search(
                    Some(&query),
                    &IndexFilter::default(),
                    Ordering::Relevance,
                    limit,
                    offset,
                )
                .unwrap();
            assert_eq!(found.total, 6);
            found
                .hits
                .into_iter()
                .map(|(id, _)| id.0)
                .collect::<Vec<_>>()
        };
        let split = index_in_segments(&statements, 2);
        assert_eq!(split.index.searchable_segment_metas().unwrap().len(), 3);
        let whole = index_of(&statements);
        let armenia = IndexFilter {
            countries: vec!["AM".into()],
            ..IndexFilter::default()
        };
        for query in ["ceasefire", "border shelling", "\"border shelling\""] {
            for index in [&split, &whole] {
                assert_eq!(ranked(index, query, 20, 0), [6, 5, 4, 3, 2, 1], "{query}");
                assert_eq!(ranked(index, query, 2, 2), [4, 3], "{query}");
                let query = Query::parse(query).unwrap();
                let filtered = index
                    .search(Some(&query), &armenia, Ordering::Relevance, 3, 0)
                    .unwrap();
                let filtered: Vec<i64> = filtered.hits.iter().map(|(id, _)| id.0).collect();
                assert_eq!(filtered, [6, 5, 4]);
            }
        }
    }

    /// A load or a rebuild leaves one segment where it would leave several small ones:
    /// every search opens every segment. The merge keeps every statement and the commit's
    /// record of the store state.
    #[test]
    fn a_load_merges_small_segments_into_one() {
        let statements: Vec<_> = (1..=600)
            .map(|id| statement(id, &format!("ceasefire word{id}"), "2024-02-13", "AM"))
            .collect();
        let index = index_in_segments(&statements[..500], 100);
        assert_eq!(index.index.searchable_segment_metas().unwrap().len(), 5);
        let mut updater = index.writer(Workload::Everything).unwrap();
        for statement in &statements[500..] {
            updater.add(statement).unwrap();
        }
        updater.commit(&test_state(7)).unwrap();
        assert_eq!(index.index.searchable_segment_metas().unwrap().len(), 1);
        assert_eq!(
            ids(&index, "ceasefire", &IndexFilter::default()),
            (1..=600).collect::<Vec<_>>()
        );
        assert_eq!(index.state().unwrap().map(|state| state.sequence), Some(7));
    }

    /// Removes the statements `ids` from the index in one commit, visible to its reader.
    fn remove_statements(index: &SearchIndex, ids: impl IntoIterator<Item = i64>) {
        let mut updater = index.writer(Workload::Some).unwrap();
        for id in ids {
            updater.remove(StatementId(id));
        }
        updater.commit(&test_state(2)).unwrap();
        index.reader.reload().unwrap();
    }

    /// An index of an older layout with a field this one does not have was said to be
    /// of "version 0": its schema differs, and the number was not read. Its commit says.
    #[test]
    fn an_index_of_another_schema_names_its_layout() {
        let directory = tempfile::tempdir().unwrap();
        let mut builder = Schema::builder();
        builder.add_u64_field(ID, NumericOptions::default().set_indexed());
        builder.add_text_field("text_ru", tantivy::schema::TEXT);
        let older = Index::create_in_dir(directory.path(), builder.build()).unwrap();
        let mut writer: IndexWriter = older.writer_with_num_threads(1, 15_000_000).unwrap();
        let state = IndexState {
            layout: 17,
            ..test_state(1)
        };
        let mut prepared = writer.prepare_commit().unwrap();
        prepared.set_payload(&serde_json::to_string(&state).unwrap());
        prepared.commit().unwrap();
        drop(writer);
        match SearchIndex::open_or_create(directory.path()) {
            Err(IndexError::OtherLayout { found, expected }) => {
                assert_eq!((found, expected), (17, LAYOUT_VERSION));
            }
            other => panic!("{:?}", other.map(|_| ())),
        }
    }

    fn test_state(sequence: i64) -> IndexState {
        IndexState {
            archive_id: "t".into(),
            sequence,
            layout: LAYOUT_VERSION,
        }
    }

    /// The ids of every statement `query` and `filter` match, ascending.
    fn ids(index: &SearchIndex, query: &str, filter: &IndexFilter) -> Vec<i64> {
        let query = Query::parse(query).unwrap();
        let mut found: Vec<i64> = index
            .search(Some(&query), filter, Ordering::Relevance, 10_000, 0)
            .unwrap()
            .hits
            .into_iter()
            .map(|(id, _)| id.0)
            .collect();
        found.sort();
        found
    }

    /// A query's compound is also its words joined, and two words one after the other
    /// also the word they join, only when the index holds that word; one word without a
    /// hyphen is left as it is.
    #[test]
    fn compounds_are_looked_for_joined_and_pairs_of_words_when_the_index_has_them() {
        let index = index_of(&[
            statement(1, "A cease-fire holds.", "2024-02-13", "AM"),
            statement(2, "The ceasefire holds.", "2024-02-13", "AM"),
        ]);
        let rewritten = |query: &str| {
            let query = Query::parse(query).unwrap();
            index.with_compounds(&query).into_owned().to_string()
        };
        assert_eq!(rewritten("cease-fire"), "cease-fire OR ceasefire");
        assert_eq!(
            rewritten("\"the cease-fire agreement\""),
            "\"the cease-fire agreement\" OR \"the ceasefire agreement\""
        );
        assert_eq!(
            rewritten("cease fire Armenia"),
            "((cease fire) OR ceasefire) Armenia"
        );
        assert_eq!(
            rewritten("\"a cease fire\""),
            "\"a cease fire\" OR \"a ceasefire\""
        );
        assert_eq!(rewritten("-cease-fire x"), "-(cease-fire OR ceasefire) x");
        // The index has no "holdsfast", nor "firehold"; "holds" is no other word than
        // "hold s": as written.
        for query in [
            "holds fast",
            "fire holds",
            "\"fire holds\"",
            "ceasefire",
            "cease*",
            "hold s",
        ] {
            assert_eq!(rewritten(query), Query::parse(query).unwrap().to_string());
        }
        assert!(matches!(
            index.with_compounds(&Query::Word("ceasefire".into())),
            Cow::Borrowed(_)
        ));
        // Where no statement writes the word joined, the words find every statement the
        // joined word would: they are left as they are, but inside a longer phrase.
        let hyphenated = index_of(&[statement(1, "A cease-fire holds.", "2024-02-13", "AM")]);
        let rewritten = |query: &str| {
            let query = Query::parse(query).unwrap();
            hyphenated.with_compounds(&query).into_owned().to_string()
        };
        for query in [
            "cease-fire",
            "cease fire",
            "\"cease fire\"",
            "cease fire Armenia",
        ] {
            assert_eq!(rewritten(query), Query::parse(query).unwrap().to_string());
        }
        assert_eq!(
            rewritten("\"a cease fire\""),
            "\"a cease fire\" OR \"a ceasefire\""
        );
        assert_eq!(ids(&hyphenated, "cease fire", &IndexFilter::default()), [1]);
        // A name's spellings, as the gazetteer expands it, are left as written.
        let spellings = "\"a cease-fire\" OR \"b cease-fire\" OR \"c cease-fire\" OR \
                         \"d cease-fire\" OR \"e cease-fire\"";
        assert_eq!(
            rewritten(spellings),
            Query::parse(spellings).unwrap().to_string()
        );
    }

    /// Each spelling finds the others the index promises, and a hit is highlighted as the
    /// text writes it: a compound whole.
    #[test]
    fn each_spelling_of_a_compound_finds_the_others() {
        let texts = [
            "The ceasefire was broken.",
            "The cease-fire agreement was signed.",
            "A cease fire was agreed.",
            "Fire did not cease on 2020-09-27.",
        ];
        let statements: Vec<IndexedStatement> = texts
            .iter()
            .enumerate()
            .map(|(number, text)| statement(number as i64 + 1, text, "2024-02-13", "AM"))
            .collect();
        let index = index_of(&statements);
        let none = IndexFilter::default();
        // Typed joined, it is also its words apart: a statement writes it hyphenated,
        // and each word stands elsewhere.
        assert_eq!(ids(&index, "ceasefire", &none), [1, 2, 3]);
        assert_eq!(ids(&index, "Ceasefires", &none), [1, 2, 3]);
        assert_eq!(ids(&index, "cease-fire", &none), [1, 2, 3]);
        assert_eq!(ids(&index, "\"cease fire\"", &none), [1, 2, 3]);
        assert_eq!(ids(&index, "cease fire", &none), [1, 2, 3, 4]);
        assert_eq!(ids(&index, "\"fire agreement\"", &none), [2]);
        assert_eq!(ids(&index, "\"the ceasefire\"", &none), [1, 2]);
        assert_eq!(ids(&index, "20200927", &none), Vec::<i64>::new());
        let query = Query::parse("cease-fire").unwrap();
        assert_eq!(index.count(Some(&query), &none).unwrap(), 3);
        assert_eq!(
            highlighted_words(&index, "ceasefire", texts[1], 160),
            ["cease-fire"]
        );
        assert_eq!(
            highlighted_words(&index, "\"cease-fire agreement\"", texts[1], 160),
            ["cease-fire", "agreement"]
        );
        assert_eq!(
            highlighted_words(&index, "cease fire", texts[1], 160),
            ["cease-fire"]
        );
        assert_eq!(
            highlighted_words(&index, "ceasefire", texts[2], 160),
            ["cease", "fire"]
        );
    }

    /// The text's analyser gives a compound of two words its joined stem, that stem
    /// marked, and where it is cut (the first word's bytes as written), the tokens
    /// around it as they were; a longer compound gets no cut.
    #[test]
    fn a_compound_of_two_words_is_indexed_with_where_it_is_cut() {
        let index = SearchIndex::in_memory().unwrap();
        let mut analyzer = index.index.tokenizers().get(TEXT_ANALYZER).unwrap();
        let mut tokens = Vec::new();
        let mut stream = analyzer.token_stream("Ёлка-палка cease-fires, mother-in-law; fires");
        while let Some(token) = stream.next() {
            tokens.push(token.text.clone());
        }
        assert_eq!(
            tokens,
            [
                "елка",
                "елкапалка",
                "-елкапалка",
                "+елкапалка 8",
                "палка",
                "ceas",
                "ceasefir",
                "-ceasefir",
                "+ceasefir 5",
                "fire",
                "mother",
                "motherinlaw",
                "-motherinlaw",
                "in",
                "law",
                "fire",
            ]
        );
    }

    /// A word typed joined is cut where a statement writing it with a hyphen cuts it,
    /// and looked for apart only where that can find more: not when a word of it stands
    /// nowhere else, nor when the hyphen is rare among the word's statements (a word
    /// broken at a line's end), nor without a statement that writes it hyphenated.
    #[test]
    fn a_word_typed_joined_is_looked_for_apart_where_statements_write_it_so() {
        let rewritten = |index: &SearchIndex, query: &str| {
            let query = Query::parse(query).unwrap();
            index.with_compounds(&query).into_owned().to_string()
        };
        let mut statements = vec![
            statement(1, "A cease-fire holds.", "2024-02-13", "AM"),
            statement(2, "They must cease fire now.", "2024-02-13", "AM"),
            statement(3, "Peace-keeping forces.", "2024-02-13", "AM"),
            statement(4, "Crypto-currency rules.", "2024-02-13", "AM"),
            statement(5, "Cease all fire.", "2024-02-13", "AM"),
            statement(6, "Many coun-tries.", "2024-02-13", "AM"),
            statement(7, "Some coun tries.", "2024-02-13", "AM"),
            statement(8, "Keeping peace.", "2024-02-13", "AM"),
        ];
        for id in 9..=208 {
            statements.push(statement(id, "All countries.", "2024-02-13", "AM"));
        }
        let index = index_of(&statements);
        let none = IndexFilter::default();
        assert_eq!(
            rewritten(&index, "ceasefire"),
            "ceasefire OR \"cease fire\""
        );
        assert_eq!(ids(&index, "ceasefire", &none), [1, 2]);
        assert_eq!(ids(&index, "ceasefire -now", &none), [1]);
        assert_eq!(ids(&index, "peacekeeping", &none), [3]);
        // "crypto" stands nowhere but in the compound, which the word finds already.
        assert_eq!(rewritten(&index, "cryptocurrency"), "cryptocurrency");
        // Inside a phrase the word is cut all the same: the joined word does not find
        // the hyphenated spelling before the phrase's last word.
        assert_eq!(ids(&index, "\"ceasefire holds\"", &none), [1]);
        assert_eq!(ids(&index, "\"must ceasefire now\"", &none), [2]);
        assert_eq!(ids(&index, "\"cryptocurrency rules\"", &none), [4]);
        assert_eq!(
            rewritten(&index, "\"ceasefire holds\""),
            "\"ceasefire holds\" OR \"cease fire holds\""
        );
        // One statement of 201 writes "coun-tries": a word broken at a line's end.
        assert_eq!(rewritten(&index, "countries"), "countries");
        assert_eq!(ids(&index, "countries", &none).len(), 201);
        // Without a statement that writes it hyphenated, nothing says it is two words;
        // once one does, the word is cut, though it was read before.
        let apart = index_of(&[
            statement(1, "The ceasefire holds.", "2024-02-13", "AM"),
            statement(2, "They must cease fire now.", "2024-02-13", "AM"),
        ]);
        assert_eq!(ids(&apart, "ceasefire", &none), [1]);
        assert_eq!(ids(&apart, "ceasefire", &none), [1]);
        let mut updater = apart.writer(Workload::Some).unwrap();
        updater
            .add(&statement(3, "A cease-fire.", "2024-02-13", "AM"))
            .unwrap();
        updater.commit(&test_state(2)).unwrap();
        apart.reader.reload().unwrap();
        assert_eq!(ids(&apart, "ceasefire", &none), [1, 2, 3]);
    }

    /// Date ranges are runs of the date-sorted documents, plus the statements dated to a
    /// month or a year that start before the range: the same statements a check of every
    /// period finds, alone or with other filters, counted or listed, over several
    /// segments and more documents than one 1024-document block, before and after some
    /// are deleted (a filter and a range alone are counted from the posting lists' skip
    /// data, except in segments with deletions).
    #[test]
    fn date_ranges_find_every_overlapping_period() {
        let base = NaiveDate::from_ymd_opt(2019, 11, 20).unwrap();
        let mut statements = Vec::new();
        for id in 1..=4500_i64 {
            // Ids out of date order, as ingests in any order give them.
            let offset = (id * 7919) % 900;
            let first_day = base + chrono::Days::new(offset as u64);
            let last_day = match id % 13 {
                0 => first_day + chrono::Days::new(30),
                1 => first_day + chrono::Days::new(365),
                _ => first_day,
            };
            let mut statement = statement(id, "a word here", "2020-01-01", "AM");
            statement.first_day = first_day;
            statement.last_day = last_day;
            statement.speaker_id = SpeakerId(id % 3);
            statement.country = Some(if id % 5 == 0 { "AZ" } else { "AM" }.into());
            statements.push(statement);
        }
        let index = index_in_segments(&statements, 1500);
        check_every_period(&index, &statements);
        // Deletions in the first segment only: the others are still counted by rank.
        remove_statements(&index, (1..=1500).filter(|id| id % 4 == 0));
        statements.retain(|statement| statement.id.0 > 1500 || statement.id.0 % 4 != 0);
        check_every_period(&index, &statements);
    }

    /// The organisations held are those a count by organisation finds: of live statements
    /// only, in every segment, a segment without any left out, large ids whole.
    #[test]
    fn the_organizations_held_are_those_of_live_statements() {
        let organizations = [None, Some(3), Some(7), Some(1 << 40), Some(3), None];
        let statements: Vec<IndexedStatement> = organizations
            .iter()
            .enumerate()
            .map(|(at, organization)| {
                let id = at as i64 + 1;
                let mut statement = statement(id, "words", "2024-01-01", "AM");
                statement.organization_id = *organization;
                statement
            })
            .collect();
        // Two a segment: the last one holds none.
        let index = index_in_segments(&statements, 2);
        let counted = || -> Vec<i64> {
            let counts = index
                .count_each(None, &IndexFilter::default(), &[&[Dimension::Organization]])
                .unwrap();
            let mut ids: Vec<i64> = counts[0]
                .iter()
                .filter_map(|(key, _)| match key[0] {
                    DimensionValue::Id(id) => Some(id),
                    _ => None,
                })
                .collect();
            ids.sort_unstable();
            ids
        };
        assert_eq!(index.organizations_held().unwrap(), [3, 7, 1 << 40]);
        assert_eq!(index.organizations_held().unwrap(), counted());
        // 7 had one statement, 3 has another left.
        remove_statements(&index, [2, 3]);
        assert_eq!(index.organizations_held().unwrap(), [3, 1 << 40]);
        assert_eq!(index.organizations_held().unwrap(), counted());
    }

    /// The checks of [`date_ranges_find_every_overlapping_period`] on one index.
    fn check_every_period(index: &SearchIndex, statements: &[IndexedStatement]) {
        let day = |text: &str| NaiveDate::parse_from_str(text, "%Y-%m-%d").unwrap();
        let ranges = [
            (Some("2020-03-01"), Some("2020-06-30")),
            (Some("2020-12-31"), None),
            (None, Some("2020-01-15")),
            (Some("2021-05-01"), Some("2021-05-01")),
            (Some("2022-01-01"), None),
            (Some("2020-06-01"), Some("2020-05-01")),
        ];
        let speaker_lists = [vec![], vec![SpeakerId(1)], vec![SpeakerId(0), SpeakerId(2)]];
        for (from, to) in ranges {
            for (speakers, countries) in speaker_lists
                .iter()
                .map(|speakers| (speakers.clone(), vec![]))
                .chain([
                    (vec![], vec!["AZ".to_string()]),
                    (vec![SpeakerId(1)], vec!["AZ".to_string()]),
                    (vec![SpeakerId(0), SpeakerId(2)], vec!["AZ".to_string()]),
                ])
            {
                let filter = IndexFilter {
                    speakers: speakers.clone(),
                    countries: countries.clone(),
                    from: from.map(day),
                    to: to.map(day),
                    ..IndexFilter::default()
                };
                let mut expected: Vec<i64> = statements
                    .iter()
                    .filter(|statement| {
                        filter.from.is_none_or(|from| statement.last_day >= from)
                            && filter.to.is_none_or(|to| statement.first_day <= to)
                            && (speakers.is_empty() || speakers.contains(&statement.speaker_id))
                            && (countries.is_empty()
                                || statement
                                    .country
                                    .as_ref()
                                    .is_some_and(|country| countries.contains(country)))
                    })
                    .map(|statement| statement.id.0)
                    .collect();
                expected.sort();
                let context = format!("{from:?}..{to:?} speakers {speakers:?} {countries:?}");
                assert_eq!(
                    index.count(None, &filter).unwrap(),
                    expected.len(),
                    "{context}"
                );
                // A word is ranked by the filters' bits; a phrase goes through tantivy,
                // intersected with the filters (their bits, when a list has alternatives).
                for text in ["word", "\"word here\""] {
                    let query = Query::parse(text).unwrap();
                    assert_eq!(
                        index.count(Some(&query), &filter).unwrap(),
                        expected.len(),
                        "{text} {context}"
                    );
                    assert_eq!(ids(index, text, &filter), expected, "{text} {context}");
                }
                let newest = index
                    .search(None, &filter, Ordering::Newest, 9000, 0)
                    .unwrap();
                assert_eq!(newest.total, expected.len(), "{context}");
                assert_eq!(newest.hits.len(), expected.len(), "{context}");
            }
        }
    }

    /// A statement's period counts by its days: one for a day, a month's for a month, a
    /// year's for a year, across segments, with and without a query, deleted ones left
    /// out.
    #[test]
    fn periods_count_by_their_days() {
        let dated = |id: i64, first: &str, last: &str| {
            let mut statement = statement(id, "word", first, "AM");
            statement.last_day = NaiveDate::parse_from_str(last, "%Y-%m-%d").unwrap();
            statement
        };
        let statements = vec![
            dated(1, "2024-02-13", "2024-02-13"),
            dated(2, "2024-02-01", "2024-02-29"),
            dated(3, "2023-01-01", "2023-12-31"),
            dated(4, "2024-01-01", "2024-12-31"),
            dated(5, "2024-02-14", "2024-02-14"),
            dated(6, "2024-03-01", "2024-03-31"),
        ];
        let index = index_in_segments(&statements, 4);
        remove_statements(&index, [5]);
        let days = |query: Option<&Query>| -> Vec<(i64, u64)> {
            index
                .count_by(query, &IndexFilter::default(), &[Dimension::Span])
                .unwrap()
                .into_iter()
                .map(|(key, count)| match key.as_slice() {
                    [DimensionValue::Days(days)] => (*days, count),
                    other => panic!("{other:?}"),
                })
                .collect()
        };
        assert_eq!(days(None), [(1, 1), (29, 1), (31, 1), (365, 1), (366, 1)]);
        let word = Query::parse("word").unwrap();
        assert_eq!(days(Some(&word)), days(None));
    }

    /// Days, periods and organisations spanning more than an array holds (a placeholder
    /// 9999-12-31 beside this century, 0001-01-01) count as a brute count gives them,
    /// whatever the segments: a wide segment counted every statement as without a day,
    /// and merging it with a narrow one sliced out of range.
    #[test]
    fn values_spanning_more_than_an_array_count_in_any_segments() {
        let dated = |id: i64, first: &str, last: &str, organization: Option<i64>| {
            let mut statement = statement(id, "word", first, "AM");
            statement.last_day = NaiveDate::parse_from_str(last, "%Y-%m-%d").unwrap();
            statement.organization_id = organization;
            statement
        };
        let statements = vec![
            dated(1, "2024-02-13", "2024-02-13", None),
            dated(2, "2024-02-14", "2024-02-14", None),
            dated(3, "9999-12-31", "9999-12-31", Some(1)),
            dated(4, "2024-02-14", "2024-02-14", Some(1 << 21)),
            dated(5, "0001-01-01", "9999-12-31", Some(3)),
            dated(6, "2024-01-01", "2024-12-31", None),
            dated(7, "2024-02-13", "2024-02-13", Some(3)),
        ];
        let expected = |dimension: Dimension| -> Counts {
            let mut counts: BTreeMap<DimensionValue, u64> = BTreeMap::new();
            for statement in &statements {
                let value = match dimension {
                    Dimension::Day => DimensionValue::Day(statement.first_day),
                    Dimension::Span => DimensionValue::Days(
                        (statement.last_day - statement.first_day).num_days() + 1,
                    ),
                    _ => statement
                        .organization_id
                        .map_or(DimensionValue::Missing, DimensionValue::Id),
                };
                *counts.entry(value).or_default() += 1;
            }
            counts
                .into_iter()
                .map(|(value, count)| (vec![value], count))
                .collect()
        };
        let word = Query::parse("word").unwrap();
        for per_segment in 1..=statements.len() {
            let index = index_in_segments(&statements, per_segment);
            for dimension in [Dimension::Day, Dimension::Span, Dimension::Organization] {
                for query in [None, Some(&word)] {
                    let counts = index
                        .count_by(query, &IndexFilter::default(), &[dimension])
                        .unwrap();
                    let context = format!("{per_segment} a segment, {dimension:?} {query:?}");
                    assert_eq!(counts, expected(dimension), "{context}");
                }
            }
            let each = index
                .count_each(None, &IndexFilter::default(), &[&[Dimension::Day][..], &[]])
                .unwrap();
            assert_eq!(each[0], expected(Dimension::Day), "{per_segment} a segment");
        }
    }

    /// Counting several groupings in one pass gives each the counts of a pass of its own,
    /// over random statements (tags several or none, values missing or named like their
    /// absence, periods of a day, a month or a year) in several segments with deletions,
    /// for random queries and filters.
    #[test]
    fn groupings_counted_in_one_pass_are_those_counted_apart() {
        use chrono::Datelike;
        let mut next = numbers(16);
        let base = NaiveDate::from_ymd_opt(2020, 1, 1).unwrap();
        let words = ["alpha", "beta", "gamma", "delta"];
        let countries = ["AM", "AZ", "GE", "RU"];
        let channels = ["telegram", "statement", "none", "(none)"];
        let tags = ["war", "peace", "trade", "energy"];
        let kinds = [
            StatementKind::Statement,
            StatementKind::Quote,
            StatementKind::Paraphrase,
        ];
        let mut pick = |values: &[&str], none_in: u64| -> Option<String> {
            let chosen = next(values.len() as u64 + none_in) as usize;
            values.get(chosen).map(|value| value.to_string())
        };
        let statements: Vec<IndexedStatement> = (1..=700_i64)
            .map(|id| {
                let text: Vec<&str> = (0..1 + id % 3)
                    .map(|at| words[((id * 7 + at * 13) % 4) as usize])
                    .collect();
                let first = base + chrono::Days::new(((id * 104_729) % 1500) as u64);
                let (first, last) = match id % 5 {
                    // Dated to a month, to a year, to the day.
                    0 => {
                        let first = first.with_day(1).unwrap();
                        (first, first + chrono::Months::new(1) - chrono::Days::new(1))
                    }
                    1 => {
                        let first = first.with_ordinal(1).unwrap();
                        (first, first.with_month(12).unwrap().with_day(31).unwrap())
                    }
                    _ => (first, first),
                };
                let mut tags: Vec<String> = (0..id % 4).filter_map(|_| pick(&tags, 0)).collect();
                tags.sort();
                tags.dedup();
                IndexedStatement {
                    id: StatementId(id),
                    text: text.join(" "),
                    title: None,
                    speaker_id: SpeakerId(id % 7 + 1),
                    role: None,
                    organization_id: (id % 3 > 0).then_some(id % 5),
                    country: pick(&countries, 1),
                    channel: pick(&channels, 2),
                    kind: kinds[(id % 3) as usize],
                    language: if id % 4 == 0 { "ru" } else { "en" }.into(),
                    tags,
                    first_day: first,
                    last_day: last,
                }
            })
            .collect();
        let index = index_in_segments(&statements, 230);
        remove_statements(&index, (1..=700).filter(|id| id % 11 == 0));
        let all = [
            Dimension::Speaker,
            Dimension::Organization,
            Dimension::Country,
            Dimension::Channel,
            Dimension::Kind,
            Dimension::Language,
            Dimension::Tag,
            Dimension::Day,
            Dimension::Span,
        ];
        let mut groupings: Vec<Vec<Dimension>> = vec![Vec::new()];
        groupings.extend(all.iter().map(|&dimension| vec![dimension]));
        groupings.push(vec![Dimension::Day, Dimension::Country]);
        groupings.push(vec![Dimension::Day, Dimension::Tag]);
        groupings.push(vec![Dimension::Tag, Dimension::Channel, Dimension::Speaker]);
        let groupings: Vec<&[Dimension]> = groupings.iter().map(Vec::as_slice).collect();
        let queries = [None, Some("alpha"), Some("alpha OR delta"), Some("b* g*")];
        for round in 0..40 {
            let mut filter = IndexFilter::default();
            if next(2) == 0 {
                filter.countries = vec![countries[next(4) as usize].into()];
                filter.without_country = next(2) == 0;
            }
            if next(3) == 0 {
                filter.tags = vec![tags[next(4) as usize].into()];
            }
            if next(3) == 0 {
                filter.without_tag = true;
            }
            if next(3) == 0 {
                filter.kinds = vec![kinds[next(3) as usize]];
            }
            if next(2) == 0 {
                filter.from = Some(base + chrono::Days::new(next(1000)));
                filter.to = filter.from.map(|from| from + chrono::Days::new(next(600)));
            }
            let text = queries[next(queries.len() as u64) as usize];
            let query = text.map(|text| Query::parse(text).unwrap());
            let together = index
                .count_each(query.as_ref(), &filter, &groupings)
                .unwrap();
            let apart: Vec<Counts> = groupings
                .iter()
                .map(|dimensions| index.count_by(query.as_ref(), &filter, dimensions).unwrap())
                .collect();
            let context = format!("round {round}: {text:?} {filter:?}");
            assert_eq!(together, apart, "{context}");
            let matches = index.count(query.as_ref(), &filter).unwrap() as u64;
            let total: u64 = together[0].iter().map(|(_, count)| count).sum();
            assert_eq!(total, matches, "{context}");
            // Each statement has one kind: every match counted once.
            let kinds: u64 = together[5].iter().map(|(_, count)| count).sum();
            assert_eq!(kinds, matches, "{context}");
        }
    }

    /// Days or periods counted with a second dimension, in either order, give what a
    /// brute count gives: per run of days in a segment ([`Runs`]), or per combination where
    /// a segment's values span too wide a range (an organisation id of 2^21), mixed in
    /// one merge; a period's start where `from` is later than a statement's first day;
    /// tags several or none; days far apart (0001-01-01, 9999-12-31); any segments.
    #[test]
    fn periods_and_values_count_as_a_brute_count_gives_them() {
        use chrono::Datelike;
        let mut next = numbers(18);
        let base = NaiveDate::from_ymd_opt(2020, 1, 1).unwrap();
        let countries = ["AM", "AZ", "GE"];
        let tags = ["war", "peace", "trade"];
        let mut statements: Vec<IndexedStatement> = (1..=300_i64)
            .map(|id| {
                let first = base + chrono::Days::new(next(900));
                let (first, last) = match id % 5 {
                    0 => {
                        let first = first.with_day(1).unwrap();
                        (first, first + chrono::Months::new(1) - chrono::Days::new(1))
                    }
                    1 => {
                        let first = first.with_ordinal(1).unwrap();
                        (first, first.with_month(12).unwrap().with_day(31).unwrap())
                    }
                    _ => (first, first),
                };
                let mut statement = statement(id, "word", "2020-01-01", "AM");
                statement.first_day = first;
                statement.last_day = last;
                statement.speaker_id = SpeakerId(next(9) as i64 + 1);
                statement.organization_id = (id % 4 > 0).then_some(id % 6);
                statement.country = countries.get(next(4) as usize).map(|c| c.to_string());
                statement.tags = (0..next(3))
                    .map(|_| tags[next(3) as usize].to_string())
                    .collect();
                statement.tags.sort();
                statement.tags.dedup();
                statement
            })
            .collect();
        statements[17].organization_id = Some(1 << 21);
        statements[18].first_day = NaiveDate::from_ymd_opt(1, 1, 1).unwrap();
        statements[19].first_day = NaiveDate::from_ymd_opt(9999, 12, 31).unwrap();
        statements[19].last_day = statements[19].first_day;
        let values = |statement: &IndexedStatement, dimension: Dimension| -> Vec<DimensionValue> {
            let values = match dimension {
                Dimension::Speaker => vec![DimensionValue::Id(statement.speaker_id.0)],
                Dimension::Organization => statement
                    .organization_id
                    .into_iter()
                    .map(DimensionValue::Id)
                    .collect(),
                Dimension::Country => statement
                    .country
                    .iter()
                    .cloned()
                    .map(DimensionValue::Label)
                    .collect(),
                Dimension::Tag => statement
                    .tags
                    .iter()
                    .cloned()
                    .map(DimensionValue::Label)
                    .collect(),
                Dimension::Span => vec![DimensionValue::Days(
                    (statement.last_day - statement.first_day).num_days() + 1,
                )],
                Dimension::Day => vec![DimensionValue::Day(statement.first_day)],
                Dimension::Period { length, from } => {
                    let day =
                        from.map_or(statement.first_day, |from| from.max(statement.first_day));
                    vec![DimensionValue::Day(length.start_of(day))]
                }
                other => panic!("{other:?}"),
            };
            if values.is_empty() {
                vec![DimensionValue::Missing]
            } else {
                values
            }
        };
        let expected = |dimensions: &[Dimension]| -> Counts {
            let mut counts: BTreeMap<Vec<DimensionValue>, u64> = BTreeMap::new();
            for statement in statements
                .iter()
                .filter(|statement| statement.id.0 % 13 != 0)
            {
                for first in values(statement, dimensions[0]) {
                    for second in values(statement, dimensions[1]) {
                        *counts.entry(vec![first.clone(), second]).or_default() += 1;
                    }
                }
            }
            counts.into_iter().collect()
        };
        let from = NaiveDate::from_ymd_opt(2021, 3, 15);
        let mut days = vec![Dimension::Day];
        for length in [Period::Day, Period::Week, Period::Month, Period::Year] {
            days.push(Dimension::Period { length, from: None });
            days.push(Dimension::Period { length, from });
        }
        let others = [
            Dimension::Speaker,
            Dimension::Organization,
            Dimension::Country,
            Dimension::Tag,
            Dimension::Span,
        ];
        for per_segment in [300, 120, 7] {
            let index = index_in_segments(&statements, per_segment);
            remove_statements(&index, (1..=300).filter(|id| id % 13 == 0));
            for &days in &days {
                for other in others {
                    for dimensions in [[days, other], [other, days]] {
                        let counts = index
                            .count_by(None, &IndexFilter::default(), &dimensions)
                            .unwrap();
                        assert_eq!(
                            counts,
                            expected(&dimensions),
                            "{per_segment} a segment, {dimensions:?}"
                        );
                    }
                }
            }
        }
    }

    /// Newest (or oldest) first is read from the ends of the date-sorted segments: the
    /// same page, offset included, as sorting every match, across segments and with
    /// deleted statements left out.
    #[test]
    fn date_order_pages_match_a_full_sort() {
        let base = NaiveDate::from_ymd_opt(2015, 1, 1).unwrap();
        let statements: Vec<IndexedStatement> = (1..=5000_i64)
            .map(|id| {
                let day = base + chrono::Days::new(((id * 104_729) % 3000) as u64);
                let text = if id % 7 == 0 { "rare word" } else { "word" };
                let mut statement = statement(id, text, "2020-01-01", "AM");
                statement.first_day = day;
                statement.last_day = day;
                statement
            })
            .collect();
        let index = index_in_segments(&statements, 2000);
        let deleted: Vec<i64> = (1..=5000).filter(|id| id % 11 == 0).collect();
        remove_statements(&index, deleted.iter().copied());
        let rare = Query::parse("rare").unwrap();
        // Counted by going through every match, the page kept on the way.
        let both_words = Query::parse("word rare").unwrap();
        let phrase = Query::parse("\"rare word\"").unwrap();
        for query in [None, Some(&rare), Some(&both_words), Some(&phrase)] {
            let mut expected: Vec<&IndexedStatement> = statements
                .iter()
                .filter(|statement| !deleted.contains(&statement.id.0))
                .filter(|statement| query.is_none() || statement.id.0 % 7 == 0)
                .collect();
            expected.sort_by_key(|statement| (statement.first_day, statement.id));
            let oldest: Vec<i64> = expected.iter().map(|statement| statement.id.0).collect();
            let newest: Vec<i64> = oldest.iter().rev().copied().collect();
            for (ordering, all) in [(Ordering::Oldest, &oldest), (Ordering::Newest, &newest)] {
                for (offset, limit) in [(0, 20), (35, 10), (all.len() - 3, 20)] {
                    let page = index
                        .search(query, &IndexFilter::default(), ordering, limit, offset)
                        .unwrap();
                    let ids: Vec<i64> = page.hits.iter().map(|(id, _)| id.0).collect();
                    let wanted: Vec<i64> = all.iter().skip(offset).take(limit).copied().collect();
                    assert_eq!(ids, wanted, "{ordering:?} {query:?} offset {offset}");
                    assert_eq!(page.total, all.len());
                }
            }
        }
    }

    /// A filter of one field (a speaker, speakers, a country, no country), with or without
    /// dates, is paged in date order by walking its postings: the same pages and totals as
    /// sorting every match, with month-dated statements that start before the range,
    /// segments with and without deletions, and pages the first window cannot hold.
    #[test]
    fn date_order_pages_of_one_field_match_a_full_sort() {
        let mut next = numbers(5);
        let base = NaiveDate::from_ymd_opt(2015, 1, 1).unwrap();
        let statements: Vec<IndexedStatement> = (1..=9000_i64)
            .map(|id| {
                let day = base + chrono::Days::new(next(3000));
                let country = ["AM", "AZ", "RU", "GE"][next(4) as usize];
                let mut statement = statement(id, "word", "2020-01-01", country);
                if next(7) == 0 {
                    statement.country = None;
                }
                // Speaker 1 says a quarter of everything, speaker 7 almost nothing.
                statement.speaker_id =
                    SpeakerId([1, 2, 3, 4, 5, 6][next(6) as usize].max(1 + next(4) as i64));
                if next(500) == 0 {
                    statement.speaker_id = SpeakerId(7);
                }
                // Speaker 8 spoke often early and seldom lately: the window at the end
                // that the speaker's share predicts holds less than a page.
                if next(100)
                    < if day < base + chrono::Days::new(1500) {
                        40
                    } else {
                        1
                    }
                {
                    statement.speaker_id = SpeakerId(8);
                }
                statement.first_day = day;
                statement.last_day = day;
                statement.tags = match next(6) {
                    0 => vec!["border".into()],
                    1 => vec!["border".into(), "ceasefire".into()],
                    2 => vec!["ceasefire".into()],
                    _ => vec![],
                };
                if next(5) == 0 {
                    let first = chrono::Datelike::with_day(&day, 1).unwrap();
                    statement.first_day = first;
                    statement.last_day = first + chrono::Months::new(1) - chrono::Days::new(1);
                }
                statement
            })
            .collect();
        let index = index_in_segments(&statements, 4000);
        // Deletions in the first segment only.
        let deleted: Vec<i64> = (1..=4000).filter(|id| id % 9 == 0).collect();
        remove_statements(&index, deleted.iter().copied());
        let day = |text: &str| NaiveDate::parse_from_str(text, "%Y-%m-%d").ok();
        let periods = [
            (None, None),
            (day("2019-03-15"), None),
            (None, day("2016-06-01")),
            (day("2018-02-10"), day("2018-05-20")),
        ];
        let speakers = |ids: &[i64]| ids.iter().map(|&id| SpeakerId(id)).collect::<Vec<_>>();
        let texts = |values: &[&str]| {
            values
                .iter()
                .map(|value| value.to_string())
                .collect::<Vec<_>>()
        };
        // Speakers, countries (and no country), tags: one field, or several (those with
        // alternatives are set as bits, statements with two of the tags counted once).
        let fields = [
            (speakers(&[1]), texts(&[]), false, texts(&[])),
            (speakers(&[7]), texts(&[]), false, texts(&[])),
            (speakers(&[8]), texts(&[]), false, texts(&[])),
            (speakers(&[2, 5, 7, 8]), texts(&[]), false, texts(&[])),
            (speakers(&[]), texts(&["AZ", "GE"]), false, texts(&[])),
            (speakers(&[1]), texts(&["AZ"]), false, texts(&[])),
            (speakers(&[2, 8]), texts(&["AZ", "GE"]), false, texts(&[])),
            (
                speakers(&[]),
                texts(&[]),
                false,
                texts(&["border", "ceasefire"]),
            ),
            (speakers(&[3, 8]), texts(&[]), false, texts(&["border"])),
            (speakers(&[]), texts(&[]), true, texts(&[])),
            (speakers(&[]), texts(&["GE"]), true, texts(&[])),
            (speakers(&[8]), texts(&[]), true, texts(&[])),
            (speakers(&[]), texts(&[]), true, texts(&["border"])),
        ];
        for (from, to) in periods {
            for (speakers, countries, without_country, tags) in &fields {
                let filter = IndexFilter {
                    speakers: speakers.clone(),
                    countries: countries.clone(),
                    without_country: *without_country,
                    tags: tags.clone(),
                    from,
                    to,
                    ..IndexFilter::default()
                };
                let mut expected: Vec<&IndexedStatement> = statements
                    .iter()
                    .filter(|statement| !deleted.contains(&statement.id.0))
                    .filter(|statement| {
                        from.is_none_or(|from| statement.last_day >= from)
                            && to.is_none_or(|to| statement.first_day <= to)
                            && (speakers.is_empty() || speakers.contains(&statement.speaker_id))
                            && (countries.is_empty() && !without_country
                                || match &statement.country {
                                    Some(country) => countries.contains(country),
                                    None => *without_country,
                                })
                            && (tags.is_empty()
                                || statement.tags.iter().any(|tag| tags.contains(tag)))
                    })
                    .collect();
                expected.sort_by_key(|statement| (statement.first_day, statement.id));
                let oldest: Vec<i64> = expected.iter().map(|statement| statement.id.0).collect();
                let newest: Vec<i64> = oldest.iter().rev().copied().collect();
                assert_eq!(
                    index.count(None, &filter).unwrap(),
                    oldest.len(),
                    "{speakers:?} {countries:?} {without_country} {tags:?} {from:?}..{to:?}"
                );
                for (ordering, all) in [(Ordering::Oldest, &oldest), (Ordering::Newest, &newest)] {
                    for (offset, limit) in [
                        (0, 1),
                        (0, 20),
                        (35, 10),
                        (0, 900),
                        (all.len().saturating_sub(3), 20),
                    ] {
                        let page = index
                            .search(None, &filter, ordering, limit, offset)
                            .unwrap();
                        let ids: Vec<i64> = page.hits.iter().map(|(id, _)| id.0).collect();
                        let wanted: Vec<i64> =
                            all.iter().skip(offset).take(limit).copied().collect();
                        let context = format!("{ordering:?} {speakers:?} {countries:?} {without_country} {tags:?} {from:?}..{to:?} offset {offset} limit {limit}");
                        assert_eq!(ids, wanted, "{context}");
                        assert_eq!(page.total, all.len(), "{context}");
                    }
                }
            }
        }
    }

    /// Newest first without dates, a filter that most statements pass is paged from its
    /// field's column read backwards: the same pages and totals as sorting every match. A
    /// speaker who spoke mostly early leaves too few matches at the end for the column's
    /// budget: the postings are walked instead, with the same result.
    #[test]
    fn newest_pages_read_from_a_column_match_a_full_sort() {
        let mut next = numbers(11);
        let base = NaiveDate::from_ymd_opt(2015, 1, 1).unwrap();
        let statements: Vec<IndexedStatement> = (1..=12_000_i64)
            .map(|id| {
                let day = base + chrono::Days::new(next(3000));
                let country = if next(4) == 0 { "AZ" } else { "RU" };
                let mut statement = statement(id, "word", "2020-01-01", country);
                statement.first_day = day;
                statement.last_day = day;
                let early = day < base + chrono::Days::new(2700);
                let speaker = if early && next(10) < 9 || next(50) == 0 {
                    1
                } else {
                    2
                };
                statement.speaker_id = SpeakerId(speaker);
                if next(5) > 0 {
                    statement.tags = vec!["border".into(), "talks".into()];
                }
                if next(10) == 0 {
                    statement.channel = Some("telegram".into());
                }
                statement
            })
            .collect();
        let index = index_in_segments(&statements, statements.len());
        let countries = IndexFilter {
            countries: vec!["RU".into()],
            ..IndexFilter::default()
        };
        let speakers = IndexFilter {
            speakers: vec![SpeakerId(1)],
            ..IndexFilter::default()
        };
        let tags = IndexFilter {
            tags: vec!["talks".into()],
            ..IndexFilter::default()
        };
        // No channel: a term of `without`, a field with no column.
        let no_channel = IndexFilter {
            without_channel: true,
            ..IndexFilter::default()
        };
        for filter in [&countries, &speakers, &tags, &no_channel] {
            let mut expected: Vec<&IndexedStatement> = statements
                .iter()
                .filter(|statement| {
                    (filter.countries.is_empty() || statement.country.as_deref() == Some("RU"))
                        && (filter.speakers.is_empty() || statement.speaker_id == SpeakerId(1))
                        && (filter.tags.is_empty() || statement.tags.contains(&"talks".into()))
                        && (!filter.without_channel || statement.channel.is_none())
                })
                .collect();
            expected.sort_by_key(|statement| (statement.first_day, statement.id));
            let newest: Vec<i64> = expected.iter().rev().map(|s| s.id.0).collect();
            for (offset, limit) in [(0, 1), (0, 20), (35, 10)] {
                let page = index
                    .search(None, filter, Ordering::Newest, limit, offset)
                    .unwrap();
                let ids: Vec<i64> = page.hits.iter().map(|(id, _)| id.0).collect();
                let wanted: Vec<i64> = newest.iter().skip(offset).take(limit).copied().collect();
                assert_eq!(ids, wanted, "{filter:?} offset {offset} limit {limit}");
                assert_eq!(page.total, newest.len(), "{filter:?}");
            }
        }
        // The column served the country's and the tag's pages, not the speaker's.
        let searcher = index.reader.searcher();
        let segment = &searcher.segment_readers()[0];
        let columns = index.columns.of(segment);
        let from_column = |term: Term| {
            let doc_freq = segment
                .inverted_index(term.field())
                .unwrap()
                .doc_freq(&term)
                .unwrap();
            newest_in_column(&columns, segment, &term, doc_freq, 20).unwrap()
        };
        let fields = &index.fields;
        assert!(from_column(Term::from_field_text(fields.country, "RU")).is_some());
        assert!(from_column(Term::from_field_text(fields.tag, "talks")).is_some());
        assert!(from_column(Term::from_field_u64(fields.speaker, 1)).is_none());
        assert!(from_column(Term::from_field_text(fields.without, "channel")).is_none());
        // Counted alone, every statement holding the value, and no page.
        for filter in [&countries, &speakers, &tags, &no_channel] {
            let counted = index.search(None, filter, Ordering::Newest, 0, 0).unwrap();
            assert!(counted.hits.is_empty());
            assert_eq!(counted.total, index.count(None, filter).unwrap());
        }
    }

    /// Which fields hold terms in a segment is read from its postings file's table of
    /// fields: the same answer as tantivy's `fields_metadata`, for every indexed field of
    /// segments with and without titles, Russian text, month-dated statements or tags.
    #[test]
    fn fields_with_terms_are_those_tantivy_lists() {
        let mut plain = statement(1, "restraint", "2024-02-13", "AM");
        plain.channel = Some("telegram".into());
        let mut rich = statement(2, "переговоры", "2024-02-13", "RU");
        rich.language = "ru".into();
        rich.title = Some("Talks".into());
        rich.tags = vec!["border".into()];
        rich.last_day = NaiveDate::from_ymd_opt(2024, 2, 29).unwrap();
        let index = index_in_segments(&[plain, rich], 1);
        let searcher = index.reader.searcher();
        assert_eq!(searcher.segment_readers().len(), 2);
        let mut differing_fields = 0;
        for segment in searcher.segment_readers() {
            let listed: Vec<Field> = segment
                .fields_metadata()
                .unwrap()
                .into_iter()
                .filter(|field| field.postings_size.is_some_and(|size| size.get_bytes() > 0))
                .filter_map(|field| segment.schema().get_field(&field.field_name).ok())
                .collect();
            let columns = index.columns.of(segment);
            for (field, entry) in segment.schema().fields() {
                if entry.is_indexed() {
                    let has_terms = columns.has_terms(segment, field).unwrap();
                    assert_eq!(has_terms, listed.contains(&field), "{}", entry.name());
                    differing_fields += usize::from(!has_terms);
                }
            }
        }
        assert!(
            differing_fields >= 4,
            "only {differing_fields} fields without terms"
        );
    }

    /// A read that panics over an index whose files check out is a bug, and says so; it
    /// is not reported as damage, whose cure (a rebuild) would not help.
    #[test]
    fn a_panic_over_intact_files_is_not_called_damage() {
        let index = index_of(&[statement(1, "restraint", "2024-02-13", "RU")]);
        let outcome: Result<()> = index.guarded(|| panic!("an unexpected state"));
        match outcome {
            Err(IndexError::Internal(message)) => assert!(message.contains("unexpected state")),
            other => panic!("expected an internal error, got {other:?}"),
        }
        let corrupt: Result<()> = index.guarded(|| {
            Err(IndexError::Tantivy(tantivy::TantivyError::DataCorruption(
                tantivy::error::DataCorruption::comment_only("bad block"),
            )))
        });
        assert!(
            matches!(corrupt, Err(IndexError::Damaged(_))),
            "{corrupt:?}"
        );
    }

    #[test]
    fn text_queries_stem_fold_and_combine() {
        let index = index_of(&[
            statement(
                1,
                "We call on both sides to show restraint to avoid provocative acts",
                "2024-02-13",
                "RU",
            ),
            statement(
                2,
                "The combat post was completely destroyed near Nerkin-And",
                "2024-02-13",
                "AZ",
            ),
            statement(3, "Every provocation will be answered", "2024-02-13", "AZ"),
            statement(4, "A post about combat training", "2024-02-10", "AM"),
        ]);
        let none = IndexFilter::default();
        assert_eq!(ids(&index, "provocation", &none), vec![1, 3]);
        assert_eq!(ids(&index, "\"combat post\"", &none), vec![2]);
        assert_eq!(ids(&index, "combat post", &none), vec![2, 4]);
        assert_eq!(ids(&index, "combat -training", &none), vec![2]);
        assert_eq!(ids(&index, "restraint OR destroyed", &none), vec![1, 2]);
        assert_eq!(ids(&index, "provoca*", &none), vec![1, 3]);
        assert_eq!(ids(&index, "nerkin-and", &none), vec![2]);
        assert_eq!(ids(&index, "-combat", &none), vec![1, 3]);
        let azerbaijan = IndexFilter {
            countries: vec!["AZ".into()],
            ..IndexFilter::default()
        };
        assert_eq!(ids(&index, "provocation", &azerbaijan), vec![3]);
        let before = IndexFilter {
            to: NaiveDate::from_ymd_opt(2024, 2, 12),
            ..IndexFilter::default()
        };
        assert_eq!(ids(&index, "combat", &before), vec![4]);
    }

    #[test]
    fn newest_first_is_stable_within_a_day() {
        let index = index_of(&[
            statement(1, "a", "2024-02-13", "AZ"),
            statement(2, "a", "2024-02-13", "AZ"),
            statement(3, "a", "2023-01-01", "AZ"),
        ]);
        let hits = index
            .search(None, &IndexFilter::default(), Ordering::Newest, 10, 0)
            .unwrap();
        assert_eq!(hits.total, 3);
        let order: Vec<i64> = hits.hits.iter().map(|(id, _)| id.0).collect();
        assert_eq!(order, vec![2, 1, 3]);
    }

    /// A filter only narrows: each statement it keeps scores as without it, whether the
    /// word is in its text, its title or both (a sum of the two), over several segments.
    #[test]
    fn filters_keep_every_score() {
        let statements: Vec<IndexedStatement> = (1..=600_i64)
            .map(|id| {
                let text = match id % 4 {
                    0 => "ceasefire talks resumed",
                    1 => "the ceasefire held and the ceasefire was welcomed",
                    _ => "talks resumed at the border",
                };
                let mut statement = statement(
                    id,
                    text,
                    "2023-01-01",
                    if id % 3 == 0 { "AZ" } else { "AM" },
                );
                statement.title = (id % 5 < 2).then(|| "Ceasefire".to_string());
                statement
            })
            .collect();
        let index = index_in_segments(&statements, 250);
        let word = Query::parse("ceasefire").unwrap();
        let all = index
            .search(
                Some(&word),
                &IndexFilter::default(),
                Ordering::Relevance,
                600,
                0,
            )
            .unwrap();
        let unfiltered: HashMap<i64, f32> =
            all.hits.iter().map(|(id, score)| (id.0, *score)).collect();
        let azerbaijan = IndexFilter {
            countries: vec!["AZ".into()],
            ..IndexFilter::default()
        };
        let filtered = index
            .search(Some(&word), &azerbaijan, Ordering::Relevance, 600, 0)
            .unwrap();
        let expected: Vec<i64> = statements
            .iter()
            .filter(|statement| statement.id.0 % 3 == 0)
            .filter(|statement| statement.id.0 % 4 < 2 || statement.id.0 % 5 < 2)
            .map(|statement| statement.id.0)
            .collect();
        let mut found: Vec<i64> = filtered.hits.iter().map(|(id, _)| id.0).collect();
        found.sort();
        assert_eq!(found, expected);
        assert_eq!(filtered.total, expected.len());
        for (id, score) in &filtered.hits {
            assert_eq!(Some(score), unfiltered.get(&id.0), "statement {}", id.0);
        }
        // Ranked: scores never rise down the page.
        assert!(filtered.hits.windows(2).all(|pair| pair[0].1 >= pair[1].1));
    }

    /// A word ranked with filters by the filters' bits (`ranked_word`) finds what tantivy
    /// finds scoring every match: the same total, and the same page with the same scores,
    /// over segments of very different average lengths (where a block's stored best
    /// score alone would not bound its scores), deletions, titles and Russian text.
    #[test]
    fn ranking_by_filter_bits_is_ranking_every_match() {
        let mut next = numbers(11);
        let english = [
            "ceasefire",
            "border",
            "talks",
            "the",
            "and",
            "village",
            "army",
        ];
        let russian = ["переговоры", "граница", "мир", "и"];
        let mut statements = Vec::new();
        for id in 1..=900_i64 {
            // Short statements, then long ones, then both: each segment its own average.
            let length = match id {
                ..=300 => 1 + next(6),
                301..=600 => 30 + next(60),
                _ => 1 + next(80),
            };
            let language = if next(8) == 0 { "ru" } else { "en" };
            let words: &[&str] = if language == "ru" { &russian } else { &english };
            // Earlier words are commoner.
            let pick = |count: u64, next: &mut dyn FnMut(u64) -> u64| -> String {
                (0..count)
                    .map(|_| words[next(words.len() as u64).min(next(words.len() as u64)) as usize])
                    .collect::<Vec<_>>()
                    .join(" ")
            };
            let text = pick(length, &mut next);
            let title_words = next(4);
            let title = (title_words > 0 && next(3) == 0).then(|| pick(title_words, &mut next));
            let day = format!("202{}-0{}-1{}", next(4), 1 + next(9), next(10));
            let mut statement = statement(id, &text, &day, ["AM", "AZ", "RU"][next(3) as usize]);
            statement.title = title;
            statement.language = language.into();
            // Some dated to a whole month: "wide" ones, which a range finds outside its run.
            if next(6) == 0 {
                let first = chrono::Datelike::with_day(&statement.first_day, 1).unwrap();
                statement.first_day = first;
                statement.last_day = first + chrono::Months::new(1) - chrono::Days::new(1);
            }
            statements.push(statement);
        }
        let index = index_in_segments(&statements, 300);
        let day = |text: &str| NaiveDate::parse_from_str(text, "%Y-%m-%d").ok();
        let filters = [
            IndexFilter::default(),
            IndexFilter {
                countries: vec!["AZ".into()],
                ..IndexFilter::default()
            },
            IndexFilter {
                speakers: vec![SpeakerId(1)],
                from: day("2021-03-15"),
                to: day("2022-06-30"),
                ..IndexFilter::default()
            },
            IndexFilter {
                countries: vec!["AM".into(), "RU".into()],
                from: day("2022-01-10"),
                ..IndexFilter::default()
            },
            // Two fields, one with alternatives: set from both lists' postings.
            IndexFilter {
                speakers: vec![SpeakerId(2), SpeakerId(3)],
                countries: vec!["AZ".into(), "RU".into()],
                to: day("2023-02-01"),
                ..IndexFilter::default()
            },
            // Dates alone: the period's run of documents, and the wide statements.
            IndexFilter {
                from: day("2021-05-01"),
                to: day("2023-03-31"),
                ..IndexFilter::default()
            },
            // The end of each segment: a phrase is read from the filters' first statement
            // on, skipping the blocks before it.
            IndexFilter {
                from: day("2023-06-01"),
                ..IndexFilter::default()
            },
        ];
        let mut compared = 0;
        let mut phrases_compared = 0;
        // Segments whole, then with deletions: a word without filters counts a whole
        // segment's blocks at once, and a segment with deletions statement by statement.
        for deleted in [false, true] {
            if deleted {
                remove_statements(&index, (1..=900).filter(|id| id % 7 == 0));
            }
            let searcher = index.reader.searcher();
            let queries = [
                "ceasefire",
                "talks",
                "the",
                "village",
                "переговоры",
                "мир",
                // Phrases (`ranked_phrase`): a common pair, a rare one, three words, a word
                // twice, and a phrase in the titles too.
                "\"the border\"",
                "\"ceasefire talks\"",
                "\"and the army\"",
                "\"the the\"",
                "\"village and\"",
            ];
            for word in queries {
                let query = Query::parse(word).unwrap();
                for filter in &filters {
                    let bits = index
                        .rank_among_bits(&searcher, Some(&query), filter, 900)
                        .unwrap();
                    let Some((total, page)) = bits else {
                        continue;
                    };
                    compared += 1;
                    phrases_compared += usize::from(word.starts_with('"'));
                    let every = index
                        .build_query(Some(&query), filter, Scores::Needed)
                        .unwrap();
                    let (expected_total, expected): (usize, Vec<(f32, DocAddress)>) = searcher
                        .search(&*every, &(Count, TopDocs::with_limit(900).order_by_score()))
                        .unwrap();
                    assert_eq!(total, expected_total, "{word} {filter:?}");
                    assert_eq!(page.len(), expected.len(), "{word} {filter:?}");
                    for (found, expected) in page.iter().zip(&expected) {
                        // Sums of three fields may differ in their last bit with the order of
                        // the addition, and then equal scores may swap.
                        assert!(
                            (found.0 - expected.0).abs() <= expected.0.abs() * 1e-6,
                            "{word}"
                        );
                    }
                    let scores = |page: &[(f32, DocAddress)]| -> HashMap<DocAddress, f32> {
                        page.iter()
                            .map(|(score, address)| (*address, *score))
                            .collect()
                    };
                    let (found, expected) = (scores(&page), scores(&expected));
                    assert_eq!(
                        found.keys().collect::<std::collections::BTreeSet<_>>(),
                        expected.keys().collect::<std::collections::BTreeSet<_>>()
                    );
                    // A short page holds the best: the same as the whole ranking's first ten,
                    // up to equal scores.
                    // Counted too while most blocks cannot enter it.
                    for wanted in [1, 10] {
                        let (short_total, top) = index
                            .rank_among_bits(&searcher, Some(&query), filter, wanted)
                            .unwrap()
                            .unwrap();
                        assert_eq!(
                            short_total, expected_total,
                            "{word} {filter:?} top {wanted}"
                        );
                        let best: Vec<f32> = page.iter().take(wanted).map(|hit| hit.0).collect();
                        let top_scores: Vec<f32> = top.iter().map(|hit| hit.0).collect();
                        assert_eq!(top_scores, best, "{word} {filter:?} top {wanted}");
                    }
                }
            }
        }
        assert!(
            compared >= 120,
            "the filters' bits ranked {compared} of 154"
        );
        assert!(
            phrases_compared >= 60,
            "the filters' bits ranked {phrases_compared} phrases of 70"
        );
    }

    /// A phrase of a word every statement holds, searched in the last days of the
    /// archive, is read by tantivy's scorer, which skips the blocks before them
    /// (`ranked_phrase::Reading::Skipping`): the same total, page and scores as tantivy's
    /// query of every match.
    #[test]
    fn a_phrase_in_the_last_days_is_ranked_as_every_match() {
        let start = NaiveDate::from_ymd_opt(2020, 1, 1).unwrap();
        let statements: Vec<IndexedStatement> = (0..3000_i64)
            .map(|number| {
                let day = start + chrono::Days::new(number as u64 / 2);
                let text = match number % 7 {
                    0 => "the border was quiet and the border held",
                    3 => "the army left the border",
                    _ => "the talks went on",
                };
                statement(number + 1, text, &day.format("%Y-%m-%d").to_string(), "AM")
            })
            .collect();
        let index = index_of(&statements);
        let searcher = index.reader.searcher();
        let query = Query::parse("\"the border\"").unwrap();
        let filter = IndexFilter {
            from: Some(start + chrono::Days::new(1480)),
            ..IndexFilter::default()
        };
        let (total, page) = index
            .rank_among_bits(&searcher, Some(&query), &filter, 10)
            .unwrap()
            .unwrap();
        let every = index
            .build_query(Some(&query), &filter, Scores::Needed)
            .unwrap();
        let (expected_total, expected): (usize, Vec<(f32, DocAddress)>) = searcher
            .search(&*every, &(Count, TopDocs::with_limit(10).order_by_score()))
            .unwrap();
        assert_eq!((total, expected_total), (12, 12));
        let scores = |page: &[(f32, DocAddress)]| page.iter().map(|hit| hit.0).collect::<Vec<_>>();
        assert_eq!(scores(&page), scores(&expected));
    }

    /// 300 statements of 60 words holding "ceasefire" 7 times: a segment of long ones.
    fn long_segment() -> Vec<IndexedStatement> {
        let text = format!(
            "{} {}",
            ["ceasefire"; 7].join(" "),
            ["filler"; 53].join(" ")
        );
        (1..=300)
            .map(|id| statement(id, &text, "2023-01-01", "AM"))
            .collect()
    }

    /// 20 words holding "ceasefire" 8 times: among short statements, the best match.
    fn strong_text() -> String {
        format!(
            "{} {}",
            ["ceasefire"; 8].join(" "),
            ["filler"; 12].join(" ")
        )
    }

    /// A block stores the pair (frequency, length) that scored best with its own
    /// segment's average length. Among short statements, a one-word statement beats a
    /// 20-word one holding the word 8 times; with the long statements of another segment
    /// in the average, the 20-word one scores more, more than anything in the long
    /// segment. Pruning by the stored pair alone would lose it from a page of one.
    #[test]
    fn a_block_bound_holds_across_segments_of_other_lengths() {
        let mut statements = long_segment();
        statements.push(statement(301, "ceasefire", "2023-01-01", "AM"));
        for id in 302..=305 {
            statements.push(statement(id, "ceasefire", "2023-01-01", "AM"));
        }
        statements.push(statement(306, &strong_text(), "2023-01-01", "AM"));
        for id in 307..=500 {
            statements.push(statement(id, "ceasefire now", "2023-01-01", "AM"));
        }
        let index = index_in_segments(&statements, 300);
        let searcher = index.reader.searcher();
        let filter = IndexFilter {
            countries: vec!["AM".into()],
            ..IndexFilter::default()
        };
        let query = Query::parse("ceasefire").unwrap();
        let (total, page) = index
            .rank_among_bits(&searcher, Some(&query), &filter, 1)
            .unwrap()
            .unwrap();
        assert_eq!(total, 500);
        let best = index
            .statement_ids_of(&searcher, page)
            .unwrap()
            .into_iter()
            .map(|(id, _)| id.0)
            .collect::<Vec<_>>();
        assert_eq!(best, vec![306]);
        let unfiltered = index
            .search(
                Some(&query),
                &IndexFilter::default(),
                Ordering::Relevance,
                1,
                0,
            )
            .unwrap();
        assert_eq!(unfiltered.hits[0].0, StatementId(306), "without filters");
    }

    /// The same without filters, where tantivy's block-max WAND would skip the block of
    /// the best match: a block of short statements (the stored best is a one-word one)
    /// after another block has set the bar above that stored score, though not above
    /// the 20-word statement that holds the word 8 times.
    #[test]
    fn the_best_match_is_found_in_a_block_of_short_statements() {
        let mut statements = long_segment();
        statements.push(statement(
            301,
            "ceasefire ceasefire ceasefire",
            "2023-01-01",
            "AM",
        ));
        for id in 302..=428 {
            statements.push(statement(id, "ceasefire now", "2023-01-01", "AM"));
        }
        statements.push(statement(429, "ceasefire", "2023-01-01", "AM"));
        statements.push(statement(430, &strong_text(), "2023-01-01", "AM"));
        for id in 431..=700 {
            statements.push(statement(id, "ceasefire now", "2023-01-01", "AM"));
        }
        let index = index_in_segments(&statements, 300);
        let query = Query::parse("ceasefire").unwrap();
        let search = |limit| {
            index
                .search(
                    Some(&query),
                    &IndexFilter::default(),
                    Ordering::Relevance,
                    limit,
                    0,
                )
                .unwrap()
        };
        let (one, three) = (search(1), search(3));
        assert_eq!(one.hits[0].0, StatementId(430));
        assert_eq!(one.hits[..], three.hits[..1]);
        assert_eq!((one.total, three.total), (700, 700));
    }

    /// The merged union moves, seeks and scores as tantivy's union of the same clauses.
    #[test]
    fn a_merged_union_is_a_boolean_union() {
        let statements: Vec<IndexedStatement> = (1..=700_i64)
            .map(|id| {
                let text = match (id % 3, id % 5) {
                    (0, 0) => "alpha beta alpha",
                    (0, _) => "alpha and more words",
                    (_, 0) => "beta",
                    _ => "gamma",
                };
                statement(id, text, "2023-01-01", "AM")
            })
            .collect();
        let index = index_of(&statements);
        let searcher = index.reader.searcher();
        let segment = searcher.segment_reader(0);
        let term = |word: &str| -> Box<dyn TantivyQuery> {
            Box::new(TermQuery::new(
                Term::from_field_text(index.fields.text, word),
                IndexRecordOption::WithFreqs,
            ))
        };
        let merged = MergedUnionQuery(vec![term("alpha"), term("beta")]);
        let boolean = BooleanQuery::new(vec![
            (Occur::Should, term("alpha")),
            (Occur::Should, term("beta")),
        ]);
        let scorer = |query: &dyn TantivyQuery| {
            query
                .weight(tantivy::query::EnableScoring::enabled_from_searcher(
                    &searcher,
                ))
                .unwrap()
                .scorer(segment, 1.0)
                .unwrap()
        };
        let (mut ours, mut theirs) = (scorer(&merged), scorer(&boolean));
        for target in [0, 1, 7, 8, 9, 150, 151, 152, 300, 699, 700] {
            if target > ours.doc() {
                assert_eq!(ours.seek(target), theirs.seek(target), "seek {target}");
            }
            for _ in 0..3 {
                assert_eq!(ours.doc(), theirs.doc(), "after {target}");
                if ours.doc() == tantivy::TERMINATED {
                    break;
                }
                assert_eq!(ours.score(), theirs.score(), "document {}", ours.doc());
                assert_eq!(ours.advance(), theirs.advance());
            }
        }
    }

    /// Prefixes are found in the vocabulary file by binary search: the same words, in the
    /// same order, as a scan of every line finds.
    #[test]
    fn vocabulary_prefixes_are_found_by_binary_search() {
        let mut next = numbers(11);
        for size in [0, 1, 2, 3, 10, 500] {
            let mut words: Vec<String> = (0..size)
                .map(|_| {
                    (0..1 + next(6))
                        .map(|_| char::from(b'a' + next(4) as u8))
                        .collect()
                })
                .collect();
            words.sort();
            words.dedup();
            let content: String = words.iter().map(|word| format!("{word}\n")).collect();
            for prefix in [
                "", "a", "b", "ab", "ba", "dd", "abc", "e", "aaaaaaa", "0", "z",
            ] {
                let expected: Vec<&str> = words
                    .iter()
                    .map(String::as_str)
                    .filter(|word| word.starts_with(prefix))
                    .collect();
                let found: Vec<&str> = sorted_lines_with_prefix(&content, prefix).collect();
                assert_eq!(
                    found,
                    expected,
                    "prefix {prefix:?} in {} words",
                    words.len()
                );
            }
        }
    }

    #[test]
    fn snippets_highlight_stemmed_matches() {
        let index = index_of(&[statement(
            1,
            "Every provocation of the Armenian side will be answered",
            "2024-02-13",
            "AZ",
        )]);
        let query = Query::parse("provocative").unwrap();
        let snippet = index
            .snippet_maker(Some(&query), 150)
            .unwrap()
            .snippet("Every provocation of the Armenian side", "en");
        let highlighted: Vec<&str> = snippet
            .highlights
            .iter()
            .map(|range| &snippet.fragment[range.clone()])
            .collect();
        assert_eq!(highlighted, vec!["provocation"]);
    }

    /// Snippets stem only words that start like a stem looked for: inflections whose stem
    /// changes letters ("ministries", "dying", "Skies") and words whose first letter folds
    /// ("Élysée") must still be highlighted.
    #[test]
    fn snippets_find_inflections_that_change_letters() {
        let text = "Ministries said the dying soldier saw clear skies; Ministry staff agreed \
                    with the Élysée and Şuşa's mayor.";
        let index = index_of(&[statement(1, text, "2024-02-13", "AM")]);
        let highlighted = |query: &str| highlighted_words(&index, query, text, 200);
        assert_eq!(highlighted("ministry"), vec!["Ministries", "Ministry"]);
        assert_eq!(highlighted("die"), vec!["dying"]);
        assert_eq!(highlighted("sky"), vec!["skies"]);
        // Words whose first letter is not ASCII are folded before they are told apart.
        assert_eq!(highlighted("elysee"), vec!["Élysée"]);
        assert_eq!(highlighted("susa"), vec!["Şuşa"]);
    }

    /// A word with the Azerbaijani schwa is found by its reading with "a" (Əliyev is
    /// Aliyev) and by the Turkish-style one with "e" (Ermənistan is Ermenistan): as a
    /// word, a prefix and in a phrase, in English and Russian statements, and the snippet
    /// highlights it either way.
    #[test]
    fn words_with_a_schwa_are_found_by_a_and_by_e() {
        // Words met again ("Ermənistan", "kəndi") are answered from the analyser's memory.
        let text = "Ermənistan tərəfi Nərkin And kəndi istiqamətində atəş açıb, əsgərimiz şəhid \
                    olub; Ermənistan kəndi tərk etdi.";
        let mut russian = statement(
            2,
            "Əliyev: Ermənistan tərəfi atəş açıb.",
            "2024-02-13",
            "AZ",
        );
        russian.language = "ru".into();
        let index = index_of(&[
            statement(1, text, "2024-02-13", "AZ"),
            russian,
            statement(3, "Armenia and Azerbaijan", "2024-02-13", "AM"),
        ]);
        let none = IndexFilter::default();
        for query in [
            "Ermenistan",
            "Ermanistan",
            "Ermənistan",
            "Ermen*",
            "Erman*",
            "Ermən*",
        ] {
            assert_eq!(ids(&index, query, &none), vec![1, 2], "{query}");
        }
        for query in [
            "\"kendi terk\"",
            "\"Ermenistan kendi\"",
            "kendi",
            "kandi",
            "sehid",
            "şəhid",
            "\"Nerkin And kendi\"",
            "\"Narkin And kəndi\"",
        ] {
            assert_eq!(ids(&index, query, &none), vec![1], "{query}");
        }
        for query in ["aliyev", "eliyev", "Əliyev"] {
            assert_eq!(ids(&index, query, &none), vec![2], "{query}");
        }
        let highlighted = |query: &str, text: &str| highlighted_words(&index, query, text, 160);
        assert_eq!(
            highlighted("Ermenistan kendi", text),
            ["Ermənistan", "kəndi", "Ermənistan", "kəndi"]
        );
        assert_eq!(
            highlighted("Ermanistan sehid", text),
            ["Ermənistan", "şəhid", "Ermənistan"]
        );
        assert_eq!(highlighted("Ermen*", text), ["Ermənistan", "Ermənistan"]);
    }

    /// A statement in Russian, of 13 February 2024.
    /// Armenian, Greek and Arabic words are stemmed by their script's stemmer in `text`
    /// (and in a query, which is analysed alike); Latin words keep the English stemmer,
    /// Cyrillic ones are left whole there, Persian words in their own letters only folded.
    #[test]
    fn a_word_is_stemmed_by_its_script() {
        let mut analyzer = text_analyzer();
        let mut stems = |text: &str| analyze(&mut analyzer, text);
        // Armenian: the article ը, the genitive ի and the locative ում.
        assert_eq!(
            stems("Հայաստան Հայաստանի Հայաստանում Ադրբեջանը"),
            ["հայաստ", "հայաստ", "հայաստ", "ադրբեջ"]
        );
        // Greek: the plural and the genitive meet the singular, accented or not.
        assert_eq!(
            stems("παραβιάσεις παραβίαση ΠΑΡΑΒΙΑΣΗΣ"),
            ["παραβιασ", "παραβιασ", "παραβιασ"]
        );
        assert_eq!(
            stems("Τουρκίας Τουρκία τουρκια"),
            ["τουρκ", "τουρκ", "τουρκ"]
        );
        assert_eq!(stems("ασφάλειας ασφάλεια"), ["ασφαλει", "ασφαλει"]);
        // Arabic: the article, the conjunction before it and the teh marbuta.
        assert_eq!(
            stems("المدرسة والمدرسة مدرسة المدرسه فالمدرسة بالمدرسة"),
            ["مدرس", "مدرس", "مدرس", "مدرس", "مدرس", "مدرس"]
        );
        // Persian and Urdu words in letters Arabic lacks are only folded.
        assert_eq!(stems("فرهنگ پاکستان"), ["فرهنگ", "پاكستان"]);
        // Latin: English; Cyrillic: left whole here (text_ru stems it).
        assert_eq!(stems("provocations Обстрелы"), ["provoc", "обстрелы"]);
        // The cache answers a word met again with its script's stem.
        assert_eq!(stems("Հայաստանի Հայաստանի"), ["հայաստ", "հայաստ"]);
        // A stem keeps five letters of its word at least: a place's forms meet, and
        // words of other roots Snowball cut to the same two or three letters do not.
        assert_eq!(
            stems("Կապան Կապանի Կապանում կայուն կապել Շատին շատ Սոթք"),
            [
                "կապան",
                "կապան",
                "կապան",
                "կայու",
                "կապել",
                "շատին",
                "շատ",
                "սոթք"
            ]
        );
    }

    /// A snippet highlights the inflected words of Armenian, Greek and Arabic text as
    /// written, found by another form: the Arabic stem does not start with the word's
    /// first letter, which the snippet's shortcut by initials must not rule out.
    #[test]
    fn a_snippet_highlights_words_found_by_their_scripts_stem() {
        let index = index_of(&[statement(1, "x", "2024-02-13", "AM")]);
        for (query, text, expected) in [
            (
                "Հայաստան",
                "Հայաստանի և Հայաստանում",
                vec!["Հայաստանի", "Հայաստանում"],
            ),
            (
                "παραβίαση",
                "Οι παραβιάσεις της Τουρκίας",
                vec!["παραβιάσεις"],
            ),
            ("Τουρκία", "Οι παραβιάσεις της Τουρκίας", vec!["Τουρκίας"]),
            ("المدرسة", "الاعتداء على والمدرسة", vec!["والمدرسة"]),
            ("مدرسة", "في المدرسة", vec!["المدرسة"]),
        ] {
            assert_eq!(
                highlighted_words(&index, query, text, 200),
                expected,
                "{query}"
            );
        }
    }

    /// A word's second reading (a surname's whole form, a word with ə's spelling with
    /// "e") is marked in the stem cache: an analyser that gets the stem from the cache
    /// the analysers share reads the word as the one that stemmed it.
    #[test]
    fn analysers_that_share_stems_read_a_word_alike() {
        type Make = fn() -> TextAnalyzer;
        for (make, text, expected) in [
            (
                russian_analyzer as Make,
                "Алиев заявил",
                vec![vec!["алиев".to_string()], vec!["заяв".to_string()]],
            ),
            (
                text_analyzer as Make,
                "Ermənistan",
                vec![vec!["ermanistan".to_string(), "ermenistan".to_string()]],
            ),
        ] {
            // The first analyser may stem the words itself or find them shared (other
            // tests share the cache); the second, new, finds them shared.
            assert_eq!(analyze_readings(&mut make(), text), expected, "{text}");
            assert_eq!(analyze_readings(&mut make(), text), expected, "{text}");
        }
    }

    /// What [`ascii_prefixes`] relies on: an English word written in ASCII stems to a
    /// word starting with the word's beginning, all but the stem's last two letters
    /// (at least its first): every word of the benchmark's vocabulary, counted in the
    /// UN speeches, and the stemmer's exceptional forms.
    #[test]
    fn english_stems_keep_the_words_beginning() {
        let vocabulary = include_str!("../bench/vocabulary.tsv");
        let stemmer = frostem::Stemmer::new(frostem::Algorithm::English);
        let exceptions = ["dying", "lying", "tying", "skies", "news", "gently", "ugly"];
        let words = vocabulary
            .lines()
            .filter_map(|line| line.split('\t').next())
            .chain(exceptions);
        let mut checked = 0;
        for word in words {
            let word = word.to_lowercase();
            let stem = stemmer.stem(&word).into_owned();
            let prefixes = ascii_prefixes(&HighlightTerms {
                weights: [(stem.clone(), 1.0)].into(),
                ..HighlightTerms::default()
            });
            assert!(
                prefixes.iter().any(|prefix| may_start_with(&word, prefix)),
                "{word} stems to {stem}, which {prefixes:?} rules out"
            );
            checked += 1;
        }
        assert!(checked > 17_000, "{checked} words");
    }

    /// A snippet's shortcut by the beginnings of the stems looked for leaves out no word
    /// that stems to one of them, nor a word spelled with a letter beyond ASCII, and
    /// highlights none that only starts like them.
    #[test]
    fn a_snippet_highlights_every_form_that_stems_alike() {
        let index = index_of(&[statement(1, "x", "2024-02-13", "AM")]);
        for (query, text, expected) in [
            ("die", "Dying, they died; the diet", vec!["Dying", "died"]),
            ("sky", "Skies and skiing", vec!["Skies"]),
            (
                "possibility",
                "possible possibilities posse",
                vec!["possible", "possibilities"],
            ),
            (
                "resume",
                "Résumé, resumed, result",
                vec!["Résumé", "resumed"],
            ),
        ] {
            assert_eq!(
                highlighted_words(&index, query, text, 200),
                expected,
                "{query}"
            );
        }
    }

    /// An ASCII text analysed only in the stretches around its query's prefixes
    /// (`SnippetWords::windows`) gives the matches the whole text gives: the same words
    /// at the same places, the same phrases whole, over compounds, possessives,
    /// punctuation between a phrase's words, and every kind of ASCII space.
    #[test]
    fn a_text_analysed_around_its_prefixes_matches_as_the_whole_text() {
        let index = index_of(&[statement(1, "x", "2024-02-13", "AM")]);
        let pieces = [
            "climate", "change", "changes", "Climate-change", "cease", "fire", "ceasefire",
            "cease-fire", "ceasefire's", "talks", "talk", "Talks'", "the", "border",
            "borders", "cross-border", "mother-in-law", "a-wait-and-see-approach", "2020-09-27",
            "COVID-19", "e-mail", "emails", "(climate", "change)", "climate,", "--", "-",
            "...", "\"", "'", "x", "chance", "challenge", "climb", "clime",
            "Nerkin", "Hand", "nerkin-hand", "o'clock", "don't", "UN's", "A", "I",
            "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaclimate",
        ];
        let spaces = [
            " ", " ", " ", "  ", "\n", "\t", "\r\n", " - ", ", ", ". ", "\x0b", "\x0c", "-",
        ];
        let queries = [
            "climate",
            "\"climate change\"",
            "ceasefire",
            "\"cease fire\"",
            "\"cease fire talks\"",
            "talks border",
            "\"the border\"",
            "cross-border",
            "\"nerkin hand\"",
            "email",
            "covid",
            "law",
            "a",
            "\"climate change\" talks",
        ];
        let mut next = numbers(23);
        let mut compared = 0;
        for round in 0..400 {
            let mut text = String::new();
            for _ in 0..(1 + next(40)) {
                text.push_str(pieces[next(pieces.len() as u64) as usize]);
                text.push_str(spaces[next(spaces.len() as u64) as usize]);
            }
            let text = text.trim();
            let query = Query::parse(queries[round % queries.len()]).unwrap();
            let maker = index.snippet_maker(Some(&query), 200).unwrap();
            let words = &maker.words.as_ref().unwrap().english;
            let mut scratch = WindowScratch::default();
            let windows = words.windows(text, &mut scratch).unwrap().to_vec();
            let (mut around, mut whole) = (Vec::new(), Vec::new());
            words.find_in(text, &windows, &mut around);
            words.find_in(text, std::slice::from_ref(&(0..text.len())), &mut whole);
            let seen = |matches: &[SnippetMatch]| -> Vec<_> {
                matches
                    .iter()
                    .map(|found| (found.bytes.clone(), found.chars.clone(), found.term))
                    .collect()
            };
            assert_eq!(seen(&around), seen(&whole), "{query:?} in {text:?}");
            compared += usize::from(!whole.is_empty());
        }
        assert!(compared > 150, "{compared} texts of 400 had matches");
    }

    fn in_language(id: i64, text: &str, language: &str) -> IndexedStatement {
        let mut statement = statement(id, text, "2024-02-13", "TR");
        statement.language = language.into();
        statement
    }

    /// Each language of [`LANGUAGES`] stems an inflected form and another form of the
    /// word alike, as written and typed without its accents: the stem is folded after
    /// stemming, the word lower-cased (Turkish I as ı) before.
    #[test]
    fn each_language_with_a_stemmer_makes_one_stem_of_a_word_s_forms() {
        let forms: [(&str, &str, &str); 28] = [
            ("ru", "провокации", "провокация"),
            ("tr", "görüşmeleri", "görüşme"),
            ("tr", "Bakanlığı", "bakanlık"),
            ("tr", "IRAK", "Irak"),
            ("eu", "negoziazioak", "negoziazioa"),
            ("ca", "negociacions", "negociació"),
            ("cs", "ministerstva", "ministerstvo"),
            ("da", "forhandlingerne", "forhandling"),
            ("nl", "onderhandelingen", "onderhandeling"),
            ("et", "läbirääkimised", "läbirääkimiste"),
            ("fi", "neuvottelut", "neuvotteluissa"),
            ("fr", "négociations", "negociation"),
            ("de", "Verhandlungen", "Verhandlung"),
            ("de", "Straße", "strasse"),
            ("hu", "tárgyalások", "tárgyalás"),
            ("id", "perundingan", "berunding"),
            ("ga", "gcomhaontú", "comhaontú"),
            ("it", "negoziati", "negoziato"),
            ("lt", "derybos", "derybų"),
            ("nb", "forhandlingene", "forhandling"),
            ("pl", "negocjacje", "negocjacjach"),
            ("pt", "negociações", "negociação"),
            ("ro", "negocierile", "negocieri"),
            ("sr", "преговори", "pregovorima"),
            ("hr", "pregovori", "pregovorima"),
            ("es", "negociaciones", "negociacion"),
            ("sv", "förhandlingarna", "förhandling"),
            ("az", "DANIŞIQLARDA", "danışıq"),
        ];
        for (tag, inflected, other) in forms {
            let language = language_of(tag).expect(tag);
            let mut analyzer = language_analyzer(language, None);
            let stems = analyze(&mut analyzer, inflected);
            assert_eq!(stems.len(), 1, "{tag} {inflected}");
            assert_eq!(
                stems,
                analyze(&mut analyzer, other),
                "{tag} {inflected} {other}"
            );
            // The English stemmer of `text` misses what the language's meets.
            let english = analyze(&mut text_analyzer(), inflected);
            if english == analyze(&mut text_analyzer(), other) {
                continue;
            }
            let index = index_of(&[
                in_language(1, inflected, tag),
                in_language(2, inflected, "en"),
            ]);
            let found = ids(&index, other, &IndexFilter::default());
            assert_eq!(
                found,
                [1],
                "{tag}: {other} finds {inflected} in its language only"
            );
        }
    }

    /// Statements in several languages with stemmers are found by their words' forms in
    /// each, in one segment or several, highlighted as their language reads them; an
    /// archive without such statements has no language to look up.
    #[test]
    fn statements_are_found_by_the_stems_of_their_language() {
        let statements = [
            in_language(1, "Dışişleri Bakanlığı görüşmeleri sürdürüyor.", "tr"),
            in_language(2, "Die Verhandlungen werden fortgesetzt.", "de"),
            in_language(3, "Преговори се настављају.", "sr-Cyrl"),
            in_language(4, "Pregovori se nastavljaju u Beogradu.", "sr-Latn"),
            in_language(5, "Talks on the görüşmeleri and Verhandlungen go on.", "en"),
            in_language(6, "Türkiye Irak’ta görüşme yaptı.", "tr"),
        ];
        let none = IndexFilter::default();
        for index in [index_of(&statements), index_in_segments(&statements, 2)] {
            let languages = index.stemmed_languages();
            assert!(languages.contains(language_of("tr").unwrap()));
            assert!(languages.contains(language_of("de").unwrap()));
            assert!(languages.contains(language_of("sr").unwrap()));
            assert!(!languages.contains(RUSSIAN));
            for (query, expected) in [
                ("görüşme", vec![1, 6]),
                ("gorusme", vec![1, 6]),
                ("Verhandlung", vec![2]),
                ("pregovorima", vec![3, 4]),
                ("преговорима", vec![3, 4]),
                ("Irak", vec![6]),
                ("\"bakanlık görüşme\"", vec![1]),
            ] {
                assert_eq!(ids(&index, query, &none), expected, "{query}");
            }
        }
        let index = index_of(&statements);
        let words = |query: &str, text: &str, language: &str| {
            snippet_and_words(&index, query, text, language, 160).1
        };
        assert_eq!(
            words("görüşme", statements[0].text.as_str(), "tr"),
            ["görüşmeleri"]
        );
        assert_eq!(
            words("Verhandlung", statements[1].text.as_str(), "de"),
            ["Verhandlungen"]
        );
        assert_eq!(
            words("pregovor", statements[2].text.as_str(), "sr"),
            ["Преговори"]
        );
        // An English statement is highlighted as English.
        assert_eq!(
            words("görüşme", statements[4].text.as_str(), "en"),
            Vec::<String>::new()
        );

        // Without such statements a word is looked up in `text` alone.
        let english = index_of(&[statement(1, "Talks go on.", "2024-02-13", "US")]);
        assert!(english.stemmed_languages().is_empty());
        assert_eq!(english.field_tokens("talks").len(), 1);
    }

    /// Azerbaijani statements, which Snowball has no stemmer for, are found by the
    /// nominative of their words, written with ə, with the Turkish-style e or, a name, as
    /// English renders it (ə as a), in a word and in a phrase, highlighted; a word that
    /// only begins alike finds nothing ("atəş", fire, is not "atəşkəs", ceasefire).
    #[test]
    fn azerbaijani_statements_are_found_by_the_nominative_of_their_words() {
        let statements = [
            in_language(1, "Ermənistanın silahlı qüvvələri atəşkəsi pozub.", "az"),
            in_language(2, "Qarabağda təxribatlar davam edir.", "az"),
            in_language(3, "AZƏRBAYCANIN XARİCİ İŞLƏR NAZİRLİYİNİN BƏYANATI", "az"),
            in_language(4, "Atəş açılıb.", "az"),
            in_language(5, "Prezident İlham Əliyevin çıxışı.", "az"),
        ];
        let none = IndexFilter::default();
        for index in [index_of(&statements), index_in_segments(&statements, 2)] {
            for (query, expected) in [
                ("Ermənistan", vec![1]),
                ("Ermenistan", vec![1]),
                ("atəşkəs", vec![1]),
                ("ateşkes", vec![1]),
                ("Qarabağ", vec![2]),
                ("təxribat", vec![2]),
                ("Azərbaycan", vec![3]),
                ("Azerbaycan", vec![3]),
                ("nazirlik", vec![3]),
                ("\"nazirlik bəyanat\"", vec![3]),
                ("atəş", vec![4]),
                // An English rendering, ə as a, meets the folded stem.
                ("Aliyev", vec![5]),
            ] {
                assert_eq!(ids(&index, query, &none), expected, "{query}");
            }
        }
        let index = index_of(&statements);
        let words = |query: &str, text: &str| snippet_and_words(&index, query, text, "az", 160).1;
        assert_eq!(
            words("Ermənistan atəşkəs", statements[0].text.as_str()),
            ["Ermənistanın", "atəşkəsi"]
        );
        assert_eq!(
            words("Ermenistan", statements[0].text.as_str()),
            ["Ermənistanın"]
        );
        assert_eq!(
            words("atəş", statements[0].text.as_str()),
            Vec::<String>::new()
        );
    }

    /// Ukrainian statements, which Snowball has no stemmer for, are found by any case of
    /// their nouns and adjectives, in a word and in a phrase, highlighted as written; a
    /// Russian statement is not read as Ukrainian, nor the other way round.
    #[test]
    fn ukrainian_statements_are_found_by_any_case_of_their_words() {
        let statements = [
            in_language(
                1,
                "Російські війська обстріляли населені пункти поблизу державного кордону України.",
                "uk",
            ),
            in_language(2, "Ситуація на кордоні залишається напруженою.", "uk"),
            in_language(3, "Збройні сили України знищили три російські танки.", "uk"),
            in_language(
                4,
                "Відповідальність за порушення перемир'я несе Росія.",
                "uk",
            ),
            in_language(5, "Российские войска продолжают наступление.", "ru"),
        ];
        let none = IndexFilter::default();
        for index in [index_of(&statements), index_in_segments(&statements, 2)] {
            for (query, expected) in [
                ("кордон", vec![1, 2]),
                ("кордонів", vec![1, 2]),
                ("Україна", vec![1, 3]),
                ("танк", vec![3]),
                ("\"російський танк\"", vec![3]),
                ("\"державний кордон\"", vec![1]),
                ("відповідальний", vec![4]),
                ("перемир'я", vec![4]),
                ("перемирʼям", vec![4]),
                ("Росії", vec![4]),
                ("військо", vec![1]),
                ("войска", vec![5]),
            ] {
                assert_eq!(ids(&index, query, &none), expected, "{query}");
            }
        }
        let index = index_of(&statements);
        let words = |query: &str, text: &str| snippet_and_words(&index, query, text, "uk", 160).1;
        assert_eq!(
            words("кордон Україна", statements[0].text.as_str()),
            ["кордону", "України"]
        );
        assert_eq!(
            words("\"російський танк\"", statements[2].text.as_str()),
            ["російські", "танки"]
        );
    }

    /// Georgian statements, which Snowball has no stemmer for, are found by the
    /// nominative of their nouns, whatever case and postposition they are written with,
    /// in a word and in a phrase, highlighted as written.
    #[test]
    fn georgian_statements_are_found_by_the_nominative_of_their_nouns() {
        let statements = [
            // "Georgia's Ministry of Foreign Affairs welcomes the agreement."
            in_language(
                1,
                "საქართველოს საგარეო საქმეთა სამინისტრო მიესალმება შეთანხმებას",
                "ka",
            ),
            // "Talks between Armenia and Azerbaijan were held in Georgia."
            in_language(
                2,
                "სომხეთსა და აზერბაიჯანს შორის მოლაპარაკებები საქართველოში გაიმართა",
                "ka",
            ),
            // "The government of Armenia made a statement."
            in_language(3, "სომხეთის მთავრობამ განცხადება გააკეთა", "ka"),
        ];
        let none = IndexFilter::default();
        for index in [index_of(&statements), index_in_segments(&statements, 2)] {
            for (query, expected) in [
                ("საქართველო", vec![1, 2]),
                ("სომხეთი", vec![2, 3]),
                ("აზერბაიჯანი", vec![2]),
                ("მთავრობა", vec![3]),
                ("შეთანხმება", vec![1]),
                // The genitive of a noun in -ება, which reads as a plural's.
                ("განცხადების", vec![3]),
                ("\"სომხეთის მთავრობა\"", vec![3]),
            ] {
                assert_eq!(ids(&index, query, &none), expected, "{query}");
            }
        }
        let index = index_of(&statements);
        let words = |query: &str, text: &str| snippet_and_words(&index, query, text, "ka", 160).1;
        assert_eq!(
            words("საქართველო", statements[1].text.as_str()),
            ["საქართველოში"]
        );
    }

    /// Persian statements are found by a word's bare form, whatever plural, ezafe or
    /// adjective's ending is joined to it, and Hindi ones by Snowball's Hindi stemmer; a
    /// Persian statement that names no language is read as Persian by its letters.
    #[test]
    fn persian_and_hindi_statements_are_found_by_the_forms_of_their_words() {
        let statements = [
            // "The foreign ministry condemned the new sanctions."
            in_language(1, "وزارت امور خارجه تحریمهای جدید را محکوم کرد", "fa"),
            // "The armed forces of Armenia were stationed at the borders."
            in_language(2, "نیروهای مسلح ارمنستان در مرزها مستقر شدند", "fa"),
            // "Iranian officials support the peace talks", named in no language.
            in_language(3, "مقامات ایرانی از مذاکرات صلح حمایت میکنند", "en"),
            // "Firing on the India–Pakistan border; the armies agreed in २०२४."
            in_language(
                4,
                "भारत और पाकिस्तान की सीमा पर गोलीबारी। सेनाओं ने २०२४ में समझौता किया",
                "hi",
            ),
            in_language(5, "सेना ने सीमाओं पर हमले की निंदा की", "hi"),
        ];
        let none = IndexFilter::default();
        for index in [index_of(&statements), index_in_segments(&statements, 2)] {
            for (query, expected) in [
                ("تحریم", vec![1]),
                ("نیرو", vec![2]),
                ("مرز", vec![2]),
                ("ایران", vec![3]),
                ("مقام", vec![3]),
                ("\"نیروی مسلح\"", vec![2]),
                ("सेना", vec![4, 5]),
                ("सीमा", vec![4, 5]),
                ("हमला", vec![5]),
                ("2024", vec![4]),
                ("२०२४", vec![4]),
            ] {
                assert_eq!(ids(&index, query, &none), expected, "{query}");
            }
        }
        let index = index_of(&statements);
        let words = |query: &str, text: &str, language: &str| {
            snippet_and_words(&index, query, text, language, 160).1
        };
        assert_eq!(
            words("تحریم", statements[0].text.as_str(), "fa"),
            ["تحریمهای"]
        );
        assert_eq!(
            words("ایران", statements[2].text.as_str(), "en"),
            ["ایرانی"]
        );
        assert_eq!(words("सीमा", statements[4].text.as_str(), "hi"), ["सीमाओं"]);
        assert_eq!(words("2024", statements[3].text.as_str(), "hi"), ["२०२४"]);
    }

    /// A Hebrew word typed alone finds it written with the prefixes Hebrew joins to it
    /// (the article, and, in, to, from…), in a phrase as its first word, highlighted as
    /// written; never a word that merely ends like it.
    #[test]
    fn a_hebrew_word_finds_it_with_its_prefixes() {
        let statements = [
            // "The Israeli army attacked targets in Lebanon."
            in_language(1, "הצבא הישראלי תקף מטרות בלבנון", "he"),
            // "Israel and Lebanon agreed on a ceasefire."
            in_language(2, "ישראל ולבנון הסכימו על הפסקת אש", "he"),
            // "Peace to all, and an army."
            in_language(3, "שלום לכולם וצבא", "he"),
            // "The minister announced"; "meat prices rose" (בשר, meat, is ב and שר).
            in_language(4, "השר הודיע", "he"),
            in_language(5, "מחירי הבשר עלו", "he"),
        ];
        let none = IndexFilter::default();
        for index in [index_of(&statements), index_in_segments(&statements, 2)] {
            for (query, expected) in [
                ("צבא", vec![1, 3]),
                ("לבנון", vec![1, 2]),
                ("ישראל", vec![2]),
                ("\"צבא הישראלי\"", vec![1]),
                ("\"הפסקת אש\"", vec![2]),
                // Only the first word of a phrase takes a prefix.
                ("\"תקף מטרות לבנון\"", vec![]),
                ("נון", vec![]),
                ("צבא -לבנון", vec![3]),
                // A word of two letters takes the article and "and" only.
                ("שר", vec![4]),
            ] {
                assert_eq!(ids(&index, query, &none), expected, "{query}");
            }
        }
        let index = index_of(&statements);
        let words = |query: &str, text: &str| snippet_and_words(&index, query, text, "he", 160).1;
        assert_eq!(
            words("צבא לבנון", statements[0].text.as_str()),
            ["הצבא", "בלבנון"]
        );
    }

    fn russian(id: i64, text: &str) -> IndexedStatement {
        let mut statement = statement(id, text, "2024-02-13", "RU");
        statement.language = "ru".into();
        statement
    }

    /// A Russian name or place written in its base form finds its cases, which Snowball
    /// stems apart from it ("Алиев" is "ал", "Алиева" "алиев"), in a word and in a
    /// phrase, highlighted; and not the words made from it ("ереванский", "стаканчик").
    #[test]
    fn a_russian_word_in_its_base_form_finds_its_cases() {
        let index = index_of(&[
            russian(1, "Мы призвали Алиева к диалогу."),
            russian(2, "Переговоры с Азербайджаном продолжатся в Ереване."),
            russian(3, "Встреча с Алиевым прошла в Баку, в стакане воды."),
            russian(4, "Стаканчик и ереванский коньяк."),
            russian(5, "Алиев и Пашинян встретились."),
        ]);
        let none = IndexFilter::default();
        for (query, expected) in [
            ("Алиев", vec![1, 3, 5]),
            ("Азербайджан", vec![2]),
            ("Ереван", vec![2]),
            ("стакан", vec![3]),
            ("\"в Ереван\"", vec![2]),
            ("\"с Алиев\"", vec![3]),
            ("стаканчик", vec![4]),
        ] {
            assert_eq!(ids(&index, query, &none), expected, "{query}");
        }
        assert_eq!(
            snippet_and_words(&index, "Алиев", "Встреча с Алиевым прошла", "ru", 160).1,
            ["Алиевым"]
        );
    }

    /// A Russian word with й finds its other forms and they find it, however the й is
    /// written (composed, or и with a combining breve): the adjectives in -ый, -ий, -ой,
    /// whose ending the stemmer knows by its й, and a word with й inside; highlighted.
    #[test]
    fn a_russian_word_with_short_i_finds_its_other_forms() {
        let index = index_of(&[
            russian(1, "Это пограничный инцидент."),
            russian(2, "Речь о пограничного инцидента."),
            russian(3, "Приказ пограничным войскам."),
            russian(4, "Мирный процесс, русский язык."),
            russian(5, "Без мирного договора."),
            russian(6, "Призываем к спокойствию."),
            russian(7, "Пограничны\u{438}\u{306} пост и спокойствия нет."),
        ]);
        let none = IndexFilter::default();
        for (query, expected) in [
            ("пограничный", vec![1, 2, 3, 7]),
            ("пограничного", vec![1, 2, 3, 7]),
            ("Пограничным", vec![1, 2, 3, 7]),
            ("мирный", vec![4, 5]),
            ("мирного", vec![4, 5]),
            ("русский", vec![4]),
            ("спокойствие", vec![6, 7]),
            ("\"пограничный пост\"", vec![7]),
        ] {
            assert_eq!(ids(&index, query, &none), expected, "{query}");
        }
        assert_eq!(
            snippet_and_words(
                &index,
                "пограничный",
                "Речь о пограничного инцидента.",
                "ru",
                160
            )
            .1,
            ["пограничного"]
        );
    }

    /// A title is stemmed by its statement's language, as its text is: a Russian title
    /// was stemmed as English only, so no other case of its words found it. A phrase
    /// does not run from the text into the title.
    #[test]
    fn a_title_finds_the_other_forms_of_its_words_in_its_language() {
        let titled = |id, title: &str, text| {
            let mut statement = russian(id, text);
            statement.title = Some(title.into());
            statement
        };
        let index = index_of(&[
            titled(
                1,
                "Заявление о перемирии на границе",
                "Мы призываем стороны к сдержанности.",
            ),
            russian(2, "Перемирие должно соблюдаться."),
            titled(3, "Брифинг", "Вопросы о границах."),
            statement(4, "A border ceasefire.", "2024-02-13", "AM"),
        ]);
        let none = IndexFilter::default();
        for (query, expected) in [
            ("перемирие", vec![1, 2]),
            ("граница", vec![1, 3]),
            ("перемири*", vec![1, 2]),
            ("\"перемирие на границах\"", vec![1]),
            ("заявления", vec![1]),
            ("брифингом", vec![3]),
            ("\"сдержанности заявление\"", vec![]),
            ("\"сдержанность\" -заявлением", vec![]),
        ] {
            assert_eq!(ids(&index, query, &none), expected, "{query}");
        }
        assert_eq!(
            snippet_and_words(
                &index,
                "граница",
                "Заявление о перемирии на границе",
                "ru",
                160
            )
            .1,
            ["границе"]
        );
    }

    /// A capitalised Russian word in -ов/-ев/-ёв that Snowball cuts short is read as its
    /// whole form, not its stem, met again (from the analyser's memory) as when first
    /// met; a word in lower case is read as its stem.
    #[test]
    fn a_russian_surname_in_the_nominative_reads_whole_too() {
        let text = "Алиев, Песков и Горбачёв; алиев, алые, Псков, Переговоров, переговоров";
        let expected: Readings = [
            &["алиев"][..],
            &["песков"],
            &["и"],
            &["горбачев"],
            &["ал"],
            &["ал"],
            &["псков"],
            &["переговоров"],
            &["переговор"],
        ]
        .iter()
        .map(|readings| readings.iter().map(|reading| reading.to_string()).collect())
        .collect();
        let mut analyzer = russian_analyzer();
        assert_eq!(analyze_readings(&mut analyzer, text), expected);
        assert_eq!(analyze_readings(&mut analyzer, text), expected);
        // English text keeps one reading: the English stemmer leaves the word whole.
        assert_eq!(analyze(&mut text_analyzer(), "Алиев"), ["алиев"]);
    }

    /// A Russian surname in any case, the nominative too, capitalised or not, finds
    /// every case of itself (male and female) and not the words its Snowball stem in the
    /// nominative shares ("Алиев" is "ал", as "алые" is; "Песков" "песк", as "песка"),
    /// while a noun's genitive plural in -ов/-ев still meets its other forms.
    #[test]
    fn a_russian_surname_finds_its_cases_and_not_words_of_its_short_stem() {
        let index = index_of(&[
            russian(1, "Алиев заявил о переговорах."),
            russian(2, "Встреча с президентом Алиевым состоялась."),
            russian(3, "Над площадью поднялись алые флаги."),
            russian(4, "Песков прокомментировал итоги переговоров."),
            russian(5, "На дороге было много песка."),
            russian(6, "Переговоры продолжатся, сообщил Лавров."),
            russian(7, "Мы передали Алиеву и Пескову вопросы, Алиева ответила."),
            russian(8, "Захаров и Захарова, о Захаровой и об Алиеве."),
            russian(9, "Вопрос года: в нашем районе нет вопросов."),
            russian(10, "Лавры победителя и много районов за десять годов."),
        ]);
        let none = IndexFilter::default();
        for (query, expected) in [
            ("Алиев", vec![1, 2, 7, 8]),
            ("алиев", vec![1, 2, 7, 8]),
            ("Алиева", vec![1, 2, 7, 8]),
            ("Алиевым", vec![1, 2, 7, 8]),
            ("Песков", vec![4, 7]),
            ("Пескова", vec![4, 7]),
            ("Лавров", vec![6]),
            ("Захаров", vec![8]),
            ("Захарова", vec![8]),
            ("\"сообщил Лавров\"", vec![6]),
            ("\"президентом Алиев\"", vec![2]),
            // The sand's genitive plural: the archive has "песка".
            ("песков", vec![4, 5, 7]),
            ("переговоров", vec![1, 4, 6]),
            ("вопросов", vec![7, 9]),
            ("районов", vec![9, 10]),
            ("годов", vec![9, 10]),
            ("лавров", vec![6, 10]),
            // The words of the surnames' short stems find the words alone.
            ("алые", vec![3]),
            ("песка", vec![5]),
            ("Алие*", vec![1, 2, 7, 8]),
            ("переговоро*", vec![1, 4, 6]),
        ] {
            assert_eq!(ids(&index, query, &none), expected, "{query}");
        }
        for (query, text, expected) in [
            ("Алиев", "Алиев заявил о переговорах.", vec!["Алиев"]),
            ("алиев", "Встреча с Алиевым, алые флаги.", vec!["Алиевым"]),
            ("Песков", "Песков о песке.", vec!["Песков"]),
        ] {
            assert_eq!(
                snippet_and_words(&index, query, text, "ru", 160).1,
                expected,
                "{query}"
            );
        }
    }

    /// A run of CJK characters is found by the pairs of characters inside it, a query's
    /// run being the phrase of its pairs; the snippet marks the characters matched, the
    /// overlapping pairs of a phrase as one stretch.
    #[test]
    fn cjk_runs_are_found_and_highlighted_by_their_pairs() {
        let text = "中方呼吁双方保持克制，避免局势升级。日本政府は双方に自制を求めた。";
        let index = index_of(&[
            statement(1, text, "2024-02-13", "CN"),
            statement(2, "各方表现出克制的态度。", "2024-02-13", "CN"),
            statement(3, "Both sides must show restraint.", "2024-02-13", "RU"),
        ]);
        let none = IndexFilter::default();
        assert_eq!(ids(&index, "克制", &none), [1, 2]);
        assert_eq!(ids(&index, "保持克制", &none), [1]);
        assert_eq!(ids(&index, "克制的", &none), [2]);
        assert_eq!(ids(&index, "\"克制 的\"", &none), Vec::<i64>::new());
        assert_eq!(ids(&index, "自制を", &none), [1]);
        assert_eq!(ids(&index, "克制 OR restraint", &none), [1, 2, 3]);
        assert_eq!(
            index
                .count(Some(&Query::parse("双方").unwrap()), &none)
                .unwrap(),
            1
        );
        let highlighted = |query: &str| highlighted_words(&index, query, text, 160);
        assert_eq!(highlighted("保持克制 OR 自制"), ["保持克制", "自制"]);
        assert_eq!(highlighted("双方"), ["双方", "双方"]);
        // Two phrases that share a pair are one stretch; their pairs are not looked for
        // alone (the second 双方).
        assert_eq!(highlighted("\"呼吁双方\" 双方保持"), ["呼吁双方保持"]);
    }

    /// Thai, Lao, Khmer and Myanmar runs, written without spaces between words, are found
    /// by a word inside them, a phrase, a prefix or a lone character with its marks, and
    /// the snippet marks the word whole, never a letter apart from its vowel sign.
    #[test]
    fn thai_lao_khmer_and_myanmar_words_are_found_inside_their_runs() {
        // "The Ministry of Foreign Affairs of Thailand called on Cambodia to stop firing
        // along the border at once."
        let thai = "กระทรวงการต่างประเทศไทยเรียกร้องให้กัมพูชายุติการยิงตามแนวชายแดนทันที";
        let index = index_of(&[
            statement(1, thai, "2025-07-24", "TH"),
            // "The Cambodian Ministry of National Defence condemned Thailand's attack."
            statement(
                2,
                "ក្រសួងការពារជាតិកម្ពុជាបានថ្កោលទោសការវាយប្រហាររបស់ថៃ",
                "2025-07-24",
                "KH",
            ),
            // "Lao People's Democratic Republic", "Myanmar army".
            statement(3, "ສາທາລະນະລັດ ປະຊາທິປະໄຕ ປະຊາຊົນລາວ", "2025-07-25", "LA"),
            statement(4, "မြန်မာ့တပ်မတော်", "2025-07-25", "MM"),
            statement(
                5,
                "Thailand and Cambodia agreed to a ceasefire.",
                "2025-07-28",
                "MY",
            ),
        ]);
        let none = IndexFilter::default();
        let ids = |query: &str| ids(&index, query, &none);
        assert_eq!(ids("ชายแดน"), [1]); // border
        assert_eq!(ids("กัมพูชา"), [1]); // Cambodia
        assert_eq!(ids("\"ยุติการยิง\""), [1]); // stop firing
        assert_eq!(ids("กัมพูชา OR Cambodia"), [1, 5]);
        assert_eq!(ids("ชายแดน -กัมพูชา"), Vec::<i64>::new());
        // The letters of a word in another order, or parted by another word, are not it.
        assert_eq!(ids("แดนชาย"), Vec::<i64>::new());
        assert_eq!(ids("ชายทันที"), Vec::<i64>::new());
        // A vowel sign belongs to its consonant: ทั (in ทันที) is not ท.
        assert_eq!(ids("ทั"), [1]);
        assert_eq!(ids("ชายแ*"), [1]);
        assert_eq!(ids("ថៃ"), [2]); // Thailand
        assert_eq!(ids("កម្ពុជា"), [2]); // Cambodia
        assert_eq!(ids("ການ"), Vec::<i64>::new());
        assert_eq!(ids("ລາວ"), [3]);
        assert_eq!(ids("ປະຊາທິປະໄຕ"), [3]);
        assert_eq!(ids("တပ်မတော်"), [4]); // the army
        let highlighted = |query: &str, text: &str| highlighted_words(&index, query, text, 160);
        assert_eq!(highlighted("ชายแดน", thai), ["ชายแดน"]);
        assert_eq!(highlighted("กัมพูชา ชายแดน", thai), ["กัมพูชา", "ชายแดน"]);
        assert_eq!(highlighted("ทั", thai), ["ทั"]);
        // A long run is cut around the match, between characters, never between a
        // letter and its marks.
        let long = format!("{}{thai}{}", "การเจรจาสันติภาพ".repeat(20), "ต่อไป".repeat(20));
        for max_chars in 40..60 {
            let (snippet, words) = snippet_and_words(&index, "ชายแดน", &long, "th", max_chars);
            assert_eq!(words, ["ชายแดน"], "{snippet}");
            let inside = snippet.trim_start_matches("… ").trim_end_matches(" …");
            assert!(inside.len() < long.len(), "{snippet}");
            assert!(
                !inside.starts_with(crate::fold::is_attached_mark),
                "{snippet}"
            );
            let after = &long[long.find(inside).unwrap() + inside.len()..];
            assert!(
                !after.starts_with(crate::fold::is_attached_mark),
                "{snippet}"
            );
        }
    }

    /// A star after CJK characters finds them wherever they stand: one character in any
    /// pair, at its start or end, or alone (the character highlighted, once however many
    /// pairs hold it); several as the phrase of their pairs, as a word.
    #[test]
    fn a_cjk_prefix_is_its_characters_wherever_they_stand() {
        let index = index_of(&[
            statement(1, "双方保持克制。", "2024-02-13", "CN"),
            statement(2, "摧毁了三辆坦克。", "2024-02-13", "CN"),
            statement(3, "克", "2024-02-13", "CN"),
            statement(4, "Nerkin-And 克制", "2024-02-13", "AM"),
            statement(5, "Kremlin", "2024-02-13", "RU"),
        ]);
        let none = IndexFilter::default();
        assert_eq!(ids(&index, "克*", &none), [1, 2, 3, 4]);
        assert_eq!(ids(&index, "克制*", &none), [1, 4]);
        assert_eq!(ids(&index, "持克*", &none), [1]);
        assert_eq!(ids(&index, "nerkin-克*", &none), [4]);
        assert_eq!(ids(&index, "nerkin-a*", &none), [4]);
        assert_eq!(ids(&index, "kr*", &none), [5]);
        let highlighted = |query: &str, text: &str| highlighted_words(&index, query, text, 160);
        assert_eq!(highlighted("克*", "坦克克制。克"), ["克", "克", "克"]);
        assert_eq!(highlighted("克制*", "坦克克制"), ["克制"]);
        // A character searched alone is found, and marked, wherever it stands.
        assert_eq!(highlighted("克", "坦克克制。克"), ["克", "克", "克"]);
        assert_eq!(ids(&index, "克", &none), [1, 2, 3, 4]);
    }

    /// A query's word with ə matches either reading, as the index holds words with ə
    /// under both: the text's spelling with "e" or with "a" (Ermenistan, Ermanistan) or
    /// with ə itself, alone, at its place in a phrase, or as a prefix; and the snippet
    /// marks it in each.
    #[test]
    fn a_query_word_with_a_schwa_matches_either_reading() {
        let index = index_of(&[
            statement(1, "Ermenistan kendi terk etdi.", "2024-02-12", "AZ"),
            statement(2, "Ermənistan kəndi tərk etdi.", "2024-02-13", "AZ"),
            statement(
                3,
                "Ermanistan qoşunları kendi tərk etdi.",
                "2024-02-14",
                "AZ",
            ),
            statement(4, "⒈ Ermenistan", "2024-02-14", "AZ"),
            statement(5, "1x Ermenistan", "2024-02-14", "AZ"),
        ]);
        let none = IndexFilter::default();
        assert_eq!(ids(&index, "Ermənistan", &none), [1, 2, 3, 4, 5]);
        assert_eq!(ids(&index, "\"Ermənistan kəndi\"", &none), [1, 2]);
        assert_eq!(ids(&index, "\"kəndi tərk etdi\"", &none), [1, 2, 3]);
        assert_eq!(ids(&index, "\"qoşunları kəndi\"", &none), [3]);
        assert_eq!(ids(&index, "Ermən* kəndi", &none), [1, 2, 3]);
        assert_eq!(ids(&index, "Ermənistan -kəndi", &none), [4, 5]);
        // A place of the phrase is matched as written, never as a pattern: ⒈ folds to
        // "1.", whose dot must not match the x of 1x.
        assert_eq!(ids(&index, "\"⒈ Ermənistan\"", &none), [4]);
        let with_filter = IndexFilter {
            countries: vec!["AZ".into()],
            ..IndexFilter::default()
        };
        assert_eq!(ids(&index, "kəndi", &with_filter), [1, 2, 3]);
        assert_eq!(
            index
                .count(Some(&Query::parse("tərk").unwrap()), &none)
                .unwrap(),
            3
        );
        let highlighted = |query: &str, text: &str| highlighted_words(&index, query, text, 160);
        let plain = "Ermenistan kendi terk etdi.";
        assert_eq!(
            highlighted("\"Ermənistan kəndi\"", plain),
            ["Ermenistan", "kendi"]
        );
        assert_eq!(highlighted("Ermən* tərk", plain), ["Ermenistan", "terk"]);
        assert_eq!(
            highlighted("\"Ermənistan kəndi\"", "Ermanistan kandi"),
            ["Ermanistan", "kandi"]
        );
    }

    /// The words of a phrase are highlighted where the phrase stands whole, not one by
    /// one elsewhere: a place's spellings, searched as phrases, light up the spelling the
    /// text uses and never the "and" of "Nerkin-And" in "killed and wounded". A word
    /// looked for on its own is highlighted anywhere.
    #[test]
    fn phrases_are_highlighted_only_where_they_stand_whole() {
        let text = "Two soldiers were killed and several wounded near Nerkin Hand; \
                    Hand grenades and Nerkin-And.";
        let index = index_of(&[statement(1, text, "2024-02-13", "AM")]);
        let highlighted = |query: &str| highlighted_words(&index, query, text, 160);
        // A compound is one highlight, found as its words or as the word they join.
        assert_eq!(
            highlighted("\"Nerkin-And\" OR \"Nerkin Hand\""),
            ["Nerkin", "Hand", "Nerkin-And"]
        );
        assert_eq!(highlighted("\"nerkin hand\""), ["Nerkin", "Hand"]);
        assert_eq!(
            highlighted("\"nerkin hand\" OR grenades"),
            ["Nerkin", "Hand", "grenades"]
        );
        assert_eq!(
            highlighted("\"nerkin hand\" and"),
            ["and", "Nerkin", "Hand", "and", "And"]
        );
    }

    /// The index holds צה״ל as the words צה and ל, which were highlighted apart, the
    /// gershayim left out between them: an acronym found whole is one highlight, written
    /// with a gershayim or with the '"' Hebrew keyboards type.
    #[test]
    fn a_hebrew_acronym_is_highlighted_whole() {
        let text = "דובר צה״ל מסר כי צה\"ל וארה\"ב סיכמו";
        let index = index_of(&[statement(1, text, "2024-04-01", "IL")]);
        let highlighted = |query: &str| highlighted_words(&index, query, text, 160);
        assert_eq!(highlighted("צה\"ל"), ["צה״ל", "צה\"ל"]);
        assert_eq!(highlighted("צה״ל"), ["צה״ל", "צה\"ל"]);
        // Words found on their own stay apart.
        assert_eq!(highlighted("צה OR ל"), ["צה", "ל", "צה", "ל"]);
        // Pointed, as the query reads it: a point may stand before the mark, and a letter
        // of the presentation forms is a letter.
        let pointed = "דובר צַהַ\"ל מסר";
        let index = index_of(&[statement(1, pointed, "2024-04-01", "IL")]);
        assert_eq!(highlighted_words(&index, "צה\"ל", pointed, 160), ["צַהַ\"ל"]);
    }

    /// A phrase at the fragment's edge is shown whole, never its first word alone: "The
    /// Nagorno- …" read as if the text stopped there.
    #[test]
    fn a_snippet_does_not_cut_a_phrase_it_shows_a_word_of() {
        // Wherever the fragment's end falls near the phrase, one word or both.
        let mut ends_between = 0;
        for words in 20..40 {
            let filler: String = (1..=words).map(|number| format!("w{number} ")).collect();
            let text = format!(
                "Artsakh and Artsakh again {filler}then the Nagorno Karabakh conflict and more words after it."
            );
            let index = index_of(&[statement(1, &text, "2023-09-21", "AM")]);
            let (fragment, highlighted) =
                snippet_and_words(&index, "Artsakh OR \"Nagorno Karabakh\"", &text, "en", 160);
            let shows = |word: &str| highlighted.iter().any(|shown| shown == word);
            assert_eq!(shows("Nagorno"), shows("Karabakh"), "{fragment}");
            assert!(
                fragment.chars().count() <= 160 + PHRASE_OVERRUN,
                "{fragment}"
            );
            // Without the phrase whole, the fragment would have ended inside it.
            ends_between += usize::from(shows("Nagorno") && fragment.chars().count() > 160);
        }
        assert!(ends_between > 0, "no fragment ended inside the phrase");
    }

    /// A snippet shows a matched phrase whole, uses the full width (more of the text
    /// before a match near the end), and says "…" only where text was left out; the
    /// width counts characters, so a Russian text gets as many as an English one.
    #[test]
    fn snippets_show_whole_phrases_at_full_width() {
        let putin = "Vladimir Putin held talks with Naftali Bennett during which they \
                     discussed various aspects of the situation in Ukraine in the context \
                     of Russia's special military operation to protect Donbass.";
        let filler: String = (1..=60).map(|number| format!("word{number} ")).collect();
        let ending = format!("{filler}alpha beta gamma delta final.");
        let russian = "Владимир Путин провёл переговоры с Нафтали Беннетом, в ходе которых \
                       обсуждались различные аспекты ситуации на Украине в контексте \
                       специальной военной операции по защите Донбасса, а также другие \
                       вопросы двусторонних отношений.";
        let index = index_of(&[statement(1, putin, "2022-03-05", "RU")]);
        let snippet = |query: &str, text: &str, language: &str| {
            snippet_and_words(&index, query, text, language, 160)
        };

        let (fragment, highlighted) = snippet("\"special military operation\"", putin, "en");
        assert_eq!(highlighted, vec!["special", "military", "operation"]);
        assert!(fragment.ends_with("to protect Donbass."), "{fragment}");
        assert!(fragment.starts_with("… "), "{fragment}");
        let shown = fragment.chars().count();
        assert!((150..=162).contains(&shown), "{shown}: {fragment}");

        let (fragment, highlighted) = snippet("final", &ending, "en");
        assert_eq!(highlighted, vec!["final"]);
        assert!(fragment.ends_with("delta final."), "{fragment}");
        assert!(
            (150..=162).contains(&fragment.chars().count()),
            "{fragment}"
        );

        let (fragment, highlighted) = snippet("операция", russian, "ru");
        assert_eq!(highlighted, vec!["операции"]);
        assert!(fragment.ends_with("отношений."), "{fragment}");
        assert!(
            (150..=162).contains(&fragment.chars().count()),
            "{fragment}"
        );

        // A match at the start: no "…" before it, the rest of the width after it.
        let (fragment, _) = snippet("vladimir", putin, "en");
        assert!(fragment.starts_with("Vladimir Putin"), "{fragment}");
        assert!(fragment.ends_with(" …"), "{fragment}");
        assert!(
            (150..=162).contains(&fragment.chars().count()),
            "{fragment}"
        );
    }

    /// A filters-only snippet is the text's beginning, cut at a word before the limit,
    /// the limit counted in characters whatever their bytes.
    #[test]
    fn snippets_without_matches_cut_by_characters() {
        let index = index_of(&[statement(1, "text", "2024-02-13", "AM")]);
        let maker = index.snippet_maker(None, 12).unwrap();
        for (text, expected) in [
            ("Short text.", "Short text."),
            ("Ереван заявил о провокации", "Ереван …"),
            ("Երևանը հայտարարեց", "Երևանը …"),
            ("abcdefghijklmnopqrstuvwxyz", "abcdefghijkl …"),
            ("  Նոր Հանդ  ", "Նոր Հանդ"),
        ] {
            assert_eq!(maker.snippet(text, "ru").fragment, expected, "{text}");
        }
        for text in [
            "",
            "é",
            "aé",
            "ééé",
            "Ереван",
            "a\u{10348}b",
            "abcdéf",
            "abcdefg",
            "abcdefgh",
        ] {
            for number in 0..10 {
                assert_eq!(
                    nth_char_start(text, number),
                    text.char_indices()
                        .nth(number)
                        .map(|(position, _)| position),
                    "{text:?} {number}"
                );
            }
        }
    }

    /// tantivy's `explain` of the period's weight agrees with what it matches: an
    /// explanation for a statement in the period, an error naming why for one outside.
    #[test]
    fn the_period_explains_exactly_the_statements_it_matches() {
        let statements: Vec<IndexedStatement> = ["2024-01-10", "2024-02-13", "2024-03-01"]
            .iter()
            .enumerate()
            .map(|(number, date)| statement(number as i64 + 1, "text", date, "AM"))
            .collect();
        let index = index_of(&statements);
        let period = PeriodQuery {
            from: NaiveDate::from_ymd_opt(2024, 2, 1),
            to: NaiveDate::from_ymd_opt(2024, 2, 29),
            columns: index.columns.clone(),
        };
        let searcher = index.reader.searcher();
        let segment = &searcher.segment_readers()[0];
        let explained: Vec<std::result::Result<String, String>> = (0..segment.max_doc())
            .map(|doc| {
                tantivy::query::Weight::explain(&period, segment, doc)
                    .map(|explanation| explanation.to_pretty_json())
                    .map_err(|error| error.to_string())
            })
            .collect();
        assert_eq!(
            explained.iter().filter(|result| result.is_ok()).count(),
            1,
            "{explained:?}"
        );
        assert!(
            explained
                .iter()
                .filter_map(|result| result.as_ref().err())
                .all(|error| error.contains("is outside the period")),
            "{explained:?}"
        );
    }
}
