//! An archive directory: the SQLite store and the tantivy index, kept in step.
//!
//! This is the only code that writes both, always in the same order: SQLite first, in one
//! transaction that also queues the changed statements, then the index, whose commit
//! records the queue position it reflects. Opening an archive compares the two and brings
//! the index up to date before anything is answered.

use std::path::{Path, PathBuf};
use std::sync::atomic::AtomicBool;
use std::sync::Arc;

use crate::gazetteer::{Gazetteer, PlaceMention};
use crate::index::{
    Counts, Dimension, DimensionValue, IndexError, IndexFilter, IndexHits, IndexState,
    IndexUpdater, Ordering, RoleFilter, SearchIndex, Snippet, Workload, LAYOUT_VERSION,
    TITLE_SEPARATOR,
};
use crate::model::{
    FieldValue, HistoryEntry, NewStatement, PartialDate, Place, RolePeriod, Speaker, SpeakerId,
    SpeakerMention, Statement, StatementId, StatementKind, StatementName,
};
use crate::query::Query;
use crate::quote::{excerpt, plural, quoted, shown_path};
use crate::store::{InsertOutcome, SpeakerMerge, Stats, Store, StoreError, WriteTransaction};

/// The database file inside an archive directory.
pub const DATABASE_FILE: &str = "archive.sqlite3";
/// The index directory inside an archive directory.
pub const INDEX_DIRECTORY: &str = "index";

/// The least of a text's beginning worth showing after a title that explains a hit: a
/// title that leaves less is shown alone.
const MIN_TEXT_AFTER_TITLE: usize = 20;

/// How long a writer waits for another one before reporting the archive busy.
const WRITER_PATIENCE: std::time::Duration = std::time::Duration::from_secs(10);

/// Errors of archive operations.
#[derive(Debug, thiserror::Error)]
pub enum ArchiveError {
    #[error("no archive at {}", shown_path(.0))]
    NotFound(PathBuf),
    #[error("{} exists and is not an empty directory or a communique archive", shown_path(.0))]
    NotAnArchiveDirectory(PathBuf),
    #[error("an archive already exists at {}", shown_path(.0))]
    AlreadyExists(PathBuf),
    #[error("{} is a file, not a directory: an archive is a directory", shown_path(.0))]
    NotADirectory(PathBuf),
    #[error("{} is a symbolic link to something that does not exist", shown_path(.0))]
    BrokenLink(PathBuf),
    /// The directory's database name is taken by something that is not one.
    #[error("{} is {}, not a communique database", shown_path(.path), .found)]
    DatabaseInTheWay { path: PathBuf, found: &'static str },
    #[error("{}: {source}", shown_path(.path))]
    Store { path: PathBuf, source: StoreError },
    #[error("{}: {source}", shown_path(.path))]
    Index { path: PathBuf, source: IndexError },
    #[error("{}: {source}", shown_path(.path))]
    Io {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error("the archive is busy: another process is writing to it, or reading it in one long transaction; nothing was written")]
    Busy,
    /// See [`StoreError::HeldByReader`].
    #[error("the archive is busy: {source}; nothing was written")]
    HeldByReader { source: StoreError },
    #[error("{}: this process may not write the archive (its directory or files are read-only to it); searching it works, changing it does not", shown_path(.0))]
    ReadOnly(PathBuf),
    #[error("{}; nothing was written", invalid_records(.0))]
    Rejected(Vec<InvalidRecord>),
    /// The flag given to [`Archive::stop_when`] was set before the write committed: it
    /// was rolled back.
    #[error("interrupted; nothing was written")]
    Interrupted,
}

type Result<T> = std::result::Result<T, ArchiveError>;

/// A record that could not be stored, with where it came from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct InvalidRecord {
    pub file: String,
    /// The line the record starts on; 0 for a problem of the whole input.
    pub line: u64,
    /// The field at fault, if one is.
    pub field: Option<String>,
    pub problem: String,
    /// Whether this is another problem of the record of the problem before: a record is
    /// reported with every field at fault, and counted once.
    pub further_problem: bool,
}

/// Returns how many records of `rejected` are invalid, with the noun: "1 invalid
/// record", "2 invalid records". A problem of the whole input (line 0: a `--map` key no
/// record has) is no record.
pub fn invalid_records(rejected: &[InvalidRecord]) -> String {
    let count = rejected
        .iter()
        .filter(|record| record.counts_as_record())
        .count();
    format!(
        "{count} {}",
        plural(count, "invalid record", "invalid records")
    )
}

impl InvalidRecord {
    /// Returns true when this problem counts as an invalid record: the first of a
    /// record's, not one of the whole input (line 0).
    pub fn counts_as_record(&self) -> bool {
        self.line != 0 && !self.further_problem
    }

    /// Returns true when the record names a speaker of several countries without a
    /// country: giving it one is the fix.
    pub fn needs_a_country(&self) -> bool {
        self.field.as_deref() == Some("speaker")
            && self.problem.ends_with(crate::store::CHOOSE_A_COUNTRY)
    }

    /// Returns true when the record's text is not UTF-8: the file's encoding is at fault.
    pub fn is_encoding_problem(&self) -> bool {
        self.problem.starts_with(crate::ingest::INVALID_UTF8)
    }

    /// Returns true when a quoted field took in the records after it: skipping the
    /// record would drop them too.
    pub fn is_quote_taking_in_records(&self) -> bool {
        self.problem
            .starts_with(crate::ingest::QUOTE_TAKING_IN_RECORDS)
    }
}

impl std::fmt::Display for InvalidRecord {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match &self.field {
            // A field can be a column of the file's header, as long as the file makes it.
            Some(field) if self.line == 0 => {
                write!(f, "{}: {}: {}", self.file, excerpt(field), self.problem)
            }
            None if self.line == 0 => write!(f, "{}: {}", self.file, self.problem),
            Some(field) => write!(
                f,
                "{}:{}: {}: {}",
                self.file,
                self.line,
                excerpt(field),
                self.problem
            ),
            None => write!(f, "{}:{}: {}", self.file, self.line, self.problem),
        }
    }
}

/// A statement read from input, with where it came from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LocatedStatement {
    pub file: std::rc::Rc<str>,
    pub line: u64,
    pub statement: NewStatement,
}

/// How an ingest treats problem records.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct IngestOptions {
    /// Store the valid records and report the invalid ones, instead of rejecting all.
    pub skip_invalid: bool,
    /// Apply records that match a corrected statement, instead of keeping the correction.
    pub overwrite_curated: bool,
}

/// A record that matched a statement corrected since, and was left as curated.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CuratedRecord {
    pub file: String,
    pub line: u64,
    pub statement: StatementId,
}

/// A record of a live statement deleted where the record was written (`search --deleted`,
/// `export`): the statement was kept live, the deletion not applied.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct KeptLiveRecord {
    pub file: String,
    pub line: u64,
    pub statement: StatementId,
}

/// A record whose external id is a stored statement's but whose speaker, date or text
/// differ: the stored statement was kept and the record not applied.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DifferentRecord {
    pub file: String,
    pub line: u64,
    pub statement: StatementId,
    /// The external id the record and the statement share.
    pub external_id: String,
    /// What differs: `speaker`, `date`, `text`.
    pub fields: Vec<&'static str>,
}

/// What an ingest did.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct IngestSummary {
    pub added: u64,
    pub duplicates: u64,
    /// Records matching corrected statements, left as curated.
    pub curated: Vec<CuratedRecord>,
    /// Records of a stored external id with another speaker, date or text, not applied.
    pub different: Vec<DifferentRecord>,
    /// Records of live statements deleted where they were written: kept live.
    pub kept_live: Vec<KeptLiveRecord>,
    /// Corrected statements overwritten by their record (`--overwrite-curated`).
    pub overwritten: Vec<StatementId>,
    /// Speaker names that matched no known speaker or alias, created as new speakers, as
    /// messages quote them (see [`crate::quote::excerpt`]), with the country if known.
    pub new_speakers: Vec<String>,
    pub rejected: Vec<InvalidRecord>,
    /// Ids of the statements added, in input order.
    pub added_ids: Vec<StatementId>,
    /// Statements added with a date after the day after the ingest (most likely typos:
    /// 2042 for 2024), and where the first of them is: file, line, date.
    pub future_dated: u64,
    pub first_future_dated: Option<(String, u64, PartialDate)>,
    /// Statements added with a date before [`EARLIEST_PLAUSIBLE_YEAR`] (most likely a
    /// year of another calendar: 1403 Solar Hijri, 1445 Hijri), and where the first of
    /// them is: file, line, date.
    pub ancient_dated: u64,
    pub first_ancient_dated: Option<(String, u64, PartialDate)>,
    /// Statements added in a language no ISO 639 list has (most likely a typo or a
    /// country's code: `ua` for `uk`), and where the first of them is: file, line,
    /// language.
    pub unknown_language: u64,
    pub first_unknown_language: Option<(String, u64, String)>,
    /// Where the first duplicate is (file, line) and the statement it repeats.
    pub first_duplicate: Option<(String, u64, StatementId)>,
    /// Statements added with a field that reads as UTF-8 decoded as Windows-1252
    /// (mojibake: `Ã©` for `é`), and the first of them: file, line, field, the run found
    /// and what it was (see [`crate::ingest::encoding::mojibake`]).
    pub mojibake: u64,
    pub first_mojibake: Option<Mojibake>,
}

/// Where a statement's field reads as UTF-8 decoded as Windows-1252, and how.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Mojibake {
    pub file: String,
    pub line: u64,
    pub field: &'static str,
    /// The characters as stored (`Ã©`).
    pub found: String,
    /// What they were (`é`).
    pub read: String,
}

/// The earliest year an ingested statement is expected to have; one before it is added
/// with a warning. The Iranian government and IRNA date in the Solar Hijri calendar
/// (1403 is 2024/25) and Saudi and Gulf sources in the Hijri one (1445 is 2023/24): read
/// as Gregorian, such a date was stored silently 600 years early, where no search by
/// date finds it. Those calendars reach 1800 only in the 24th century, and diplomatic
/// papers of the 19th century are still official statements an archive may hold.
pub const EARLIEST_PLAUSIBLE_YEAR: i32 = 1800;

/// Says which calendar a year before [`EARLIEST_PLAUSIBLE_YEAR`] may be of, with the
/// Gregorian years it would be: `1403 as a Solar Hijri year is 2024/25, as a Hijri year
/// 1982/83`. A year too early to be either (24 for 2024) is only called a typo.
pub fn other_calendar_note(year: i32) -> String {
    if !(1300..EARLIEST_PLAUSIBLE_YEAR).contains(&year) {
        return "most likely a typo".to_string();
    }
    // The Solar Hijri year starts at the March equinox of the Gregorian year 621 later;
    // the Hijri year of 354.37 days started in July 622 and gains on the Gregorian one.
    let solar = year + 621;
    let lunar = (622.54 + f64::from(year - 1) * 354.367 / 365.2425).floor() as i32;
    format!(
        "the year may be of another calendar ({year} as a Solar Hijri year is {solar}/{:02}, as a Hijri year {lunar}/{:02}) or a typo",
        (solar + 1) % 100,
        (lunar + 1) % 100
    )
}

/// A combined search: full text AND every filter.
#[derive(Debug, Clone, Default)]
pub struct SearchRequest {
    pub query: Option<Query>,
    /// Speaker names or aliases, any word of them; alternatives.
    pub speakers: Vec<String>,
    pub organizations: Vec<String>,
    /// Statements without an organization too (OR with `organizations`).
    pub without_organization: bool,
    /// Alpha-2 codes.
    pub countries: Vec<String>,
    /// Statements whose speaker has no country too (OR with `countries`).
    pub without_country: bool,
    pub channels: Vec<String>,
    /// Statements without a channel too (OR with `channels`).
    pub without_channel: bool,
    pub kinds: Vec<StatementKind>,
    /// Language ranges: a tag matches itself and the tags below it (`ru`: `ru-RU` too), as
    /// written or normalised ([`crate::language::normalize`]).
    pub languages: Vec<String>,
    pub tags: Vec<String>,
    /// Statements without tags too (OR with `tags`).
    pub without_tag: bool,
    pub from: Option<PartialDate>,
    pub to: Option<PartialDate>,
    /// Roles: statements by whoever held the role on the statement's date (AND).
    pub roles: Vec<String>,
    /// Places, in any spelling: statements mentioning them (AND).
    pub places: Vec<String>,
    /// None: by relevance with a query, newest first without.
    pub ordering: Option<Ordering>,
    pub limit: usize,
    pub offset: usize,
    /// Longest snippet, in characters; 0 for hits without a snippet or the places they
    /// name, for an output that prints neither (a citation): making them is most of the
    /// work of a hit after reading its row.
    pub snippet_chars: usize,
    /// Search the deleted statements instead of the live ones.
    pub deleted: bool,
    /// Names of places and speakers in the query and `places` as written: no other
    /// spelling of them (`Artsakh` alone, not "Karabakh" or "Арцах").
    pub as_written: bool,
}

/// One search hit, hydrated from the store.
#[derive(Debug, Clone, PartialEq)]
pub struct SearchHit {
    pub statement: Statement,
    /// The relevance score; None when the hits were not ranked by relevance (sorted by
    /// date, or without words to match), where a score would say nothing.
    pub score: Option<f32>,
    pub snippet: Snippet,
    /// The places the query or `--place` named that the statement mentions, with the
    /// spelling it used.
    pub places: Vec<PlaceMention>,
}

/// A page of the archive's changes, newest first, and the number of all of them.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct RecentHistory {
    pub entries: Vec<HistoryEntry>,
    pub total: u64,
}

/// The hits of one page, the number of all matches, and notes for the user.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct SearchResults {
    pub total: usize,
    pub hits: Vec<SearchHit>,
    /// Filters that matched nothing in the archive ("no speaker matches 'x'").
    pub notes: Vec<String>,
}

/// Statements per value of a label (None: without one).
type LabelCounts = Vec<(Option<String>, u64)>;

/// What a search found, but its hits: see [`Archive::search_in_pages`].
#[derive(Debug, Clone, Default, PartialEq)]
pub struct SearchSummary {
    pub total: usize,
    /// Filters that matched nothing in the archive ("no speaker matches 'x'").
    pub notes: Vec<String>,
    /// The largest id among the hits asked for, on every page: a table written a page at
    /// a time sizes its id column by it.
    pub largest_id: Option<StatementId>,
}

/// A search as the index answered it: the hits in order, before any statement is read,
/// and what their hydration needs.
struct IndexedSearch<'a> {
    summary: SearchSummary,
    /// Ids and scores of the page asked for, in order.
    hits: Vec<(StatementId, f32)>,
    ordering: Ordering,
    /// What the snippets highlight: the query as expanded by the gazetteer, and the
    /// spellings of the places `--place` names.
    query: Option<Query>,
    gazetteer: Option<std::borrow::Cow<'a, Gazetteer>>,
    /// The places the query or `--place` named, whose mentions each hit reports.
    named_places: Vec<String>,
}

/// What `check` found.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct CheckReport {
    pub statements: u64,
    /// Deleted statements: kept in the database as tombstones, out of the index.
    pub deleted: u64,
    pub indexed: u64,
    /// In SQLite but not in the index.
    pub missing: Vec<StatementId>,
    /// In the index but not in SQLite.
    pub extra: Vec<StatementId>,
    /// In the index more than once.
    pub duplicated: Vec<StatementId>,
    /// In both, but the index holds other values in its columns than the store's (a
    /// speaker, a tag, a date…): its filters and counts would answer for other values.
    pub differing: Vec<DifferingStatement>,
    /// The index's recorded state does not match the store, explained.
    pub state: Option<String>,
    /// The database's schema when it is older than this build's: `check --no-repair`
    /// leaves it so, any other command upgrades it on open. Not an inconsistency.
    pub older_schema: Option<i64>,
}

/// A statement the index holds with other values than the store's (see
/// [`CheckReport::differing`]).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DifferingStatement {
    pub id: StatementId,
    /// The fields that differ, as the filters name them (see
    /// [`crate::model::IndexedLabels::differences`]).
    pub fields: Vec<&'static str>,
}

impl CheckReport {
    /// Returns true when store and index agree.
    pub fn is_consistent(&self) -> bool {
        self.missing.is_empty()
            && self.extra.is_empty()
            && self.duplicated.is_empty()
            && self.differing.is_empty()
            && self.state.is_none()
    }

    /// Returns true when the only disagreement is statements indexed with other values
    /// than the store's: re-indexing them ([`Archive::reindex_statements`]) repairs it,
    /// without a rebuild of the whole index.
    pub fn only_values_differ(&self) -> bool {
        !self.differing.is_empty()
            && self.missing.is_empty()
            && self.extra.is_empty()
            && self.duplicated.is_empty()
            && self.state.is_none()
    }
}

/// An open archive.
pub struct Archive {
    directory: PathBuf,
    store: Store,
    index: SearchIndex,
    /// Why the index on disk cannot be used, until `repair` rebuilds it.
    index_problem: Option<UnusableIndex>,
    /// What opening had to repair, for the user to be told.
    repairs: Vec<String>,
    /// What writes that succeeded want the user to know.
    warnings: Vec<String>,
    /// Set to stop the write under way (see [`Archive::stop_when`]).
    stop: Option<Arc<AtomicBool>>,
    /// Told what the long writes are doing (see [`Archive::report_to`]).
    observer: Observer,
    gazetteer: std::sync::OnceLock<Gazetteer>,
    /// What this value's creation of the archive added to the file system, when it
    /// created the archive (see [`Archive::discard_created`]).
    creation: Option<Creation>,
}

/// What creating an archive added to the file system, so that a command whose first
/// write fails can take it all back and leave no empty archive behind, which the next
/// command would take for one that was made (see [`Archive::discard_created`]).
#[derive(Debug)]
struct Creation {
    /// The archive directory.
    directory: PathBuf,
    /// The outermost directory the creation made: the archive's own, or the first of its
    /// parents that was missing. None when the archive's directory existed (`--archive .`,
    /// an empty directory): only the entries added to it are removed then.
    made: Option<PathBuf>,
    /// The names the directory held when the creation began (what a creation killed
    /// half-way left), which are not the creation's to remove.
    existing: std::collections::HashSet<std::ffi::OsString>,
    /// The lock creations of the directory take turns on, held until the creation ends
    /// (see [`Archive::keep_created`]): another process creating the same archive waits,
    /// rather than open one that may yet be taken back, and write to removed files.
    _lock: std::fs::File,
}

impl Creation {
    /// Removes what the creation added: the directories it made, or, in a directory that
    /// existed, the entries it did not hold before. A parent directory that something
    /// else has written to since is left.
    fn undo(&self) -> Result<()> {
        if let Some(made) = &self.made {
            std::fs::remove_dir_all(&self.directory)
                .map_err(|source| io_error(&self.directory, source))?;
            // The parents create_dir_all made, innermost first, up to the outermost.
            if made != &self.directory {
                for parent in self.directory.ancestors().skip(1) {
                    if std::fs::remove_dir(parent).is_err() || parent == made {
                        break;
                    }
                }
            }
            return Ok(());
        }
        let entries = std::fs::read_dir(&self.directory)
            .map_err(|source| io_error(&self.directory, source))?;
        for entry in entries {
            let entry = entry.map_err(|source| io_error(&self.directory, source))?;
            if self.existing.contains(&entry.file_name()) {
                continue;
            }
            let path = entry.path();
            // Asked of the entry itself: a link is removed, never what it points to.
            let removed = match entry.file_type() {
                Ok(kind) if kind.is_dir() => std::fs::remove_dir_all(&path),
                _ => std::fs::remove_file(&path),
            };
            removed.map_err(|source| io_error(&path, source))?;
        }
        Ok(())
    }
}

/// Returns the outermost of `directory` and its parents that does not exist: what
/// `create_dir_all` will make, from there down. None when `directory` exists.
fn outermost_missing(directory: &Path) -> Option<PathBuf> {
    directory
        .ancestors()
        // A relative path's last ancestor is the empty path: the current directory.
        .take_while(|path| !path.as_os_str().is_empty() && path.symlink_metadata().is_err())
        .last()
        .map(Path::to_path_buf)
}

/// A speaker to import, with the names and roles they go by.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SpeakerRecord {
    pub speaker: SpeakerMention,
    pub aliases: Vec<String>,
    pub roles: Vec<RolePeriod>,
}

impl Archive {
    /// Creates an empty archive in `directory`, which must be missing or empty.
    pub fn create(directory: &Path) -> Result<Archive> {
        Archive::create_filled(directory, |_| Ok::<(), ArchiveError>(()))
    }

    /// Creates an archive like [`Archive::create`] and lets `fill` load it (the bundled
    /// statements) before another process creating the same archive may open it.
    ///
    /// Two processes creating one archive (two first ingests at once) would each build
    /// the database under the same temporary name, remove the other's as a leftover, and
    /// rename over an archive already holding statements. Creations take turns on a lock
    /// of the directory: the second finds the first one's archive ([`ArchiveError::
    /// AlreadyExists`]) and, after [`Archive::wait_for_creation`], opens it whole.
    pub fn create_filled<E: From<ArchiveError>>(
        directory: &Path,
        fill: impl FnOnce(&mut Archive) -> std::result::Result<(), E>,
    ) -> std::result::Result<Archive, E> {
        // Asked of the link itself first: asked "missing?" then "a link?", a directory
        // another first use created in between looked like a broken link.
        let broken_link = directory
            .symlink_metadata()
            .is_ok_and(|found| found.file_type().is_symlink())
            && std::fs::metadata(directory).is_err();
        if broken_link {
            return Err(ArchiveError::BrokenLink(directory.to_path_buf()).into());
        }
        if directory.exists() && !directory.is_dir() {
            return Err(ArchiveError::NotADirectory(directory.to_path_buf()).into());
        }
        let made = outermost_missing(directory);
        std::fs::create_dir_all(directory).map_err(|source| io_error(directory, source))?;
        let creating = lock_for_creation(directory)?;
        let database = directory.join(DATABASE_FILE);
        if let Ok(metadata) = std::fs::metadata(&database) {
            database_is_in_place(&database, &metadata)?;
            return Err(ArchiveError::AlreadyExists(directory.to_path_buf()).into());
        }
        let entries = std::fs::read_dir(directory).map_err(|source| io_error(directory, source))?;
        let existing: std::collections::HashSet<std::ffi::OsString> =
            entries.flatten().map(|entry| entry.file_name()).collect();
        // What a creation killed half-way leaves is not in the way of a new one.
        let in_the_way = existing.iter().any(|name| {
            !name
                .to_string_lossy()
                .starts_with(&format!("{DATABASE_FILE}.creating"))
        });
        if in_the_way {
            return Err(ArchiveError::NotAnArchiveDirectory(directory.to_path_buf()).into());
        }
        let creation = Creation {
            directory: directory.to_path_buf(),
            made,
            existing,
            _lock: creating,
        };
        let mut archive = match Archive::create_locked(directory) {
            Ok(archive) => archive,
            Err(error) => {
                // The error says what went wrong; what is left of the attempt would only
                // make the next command take the directory for an archive.
                let _ = creation.undo();
                return Err(error.into());
            }
        };
        archive.creation = Some(creation);
        if let Err(error) = fill(&mut archive) {
            let _ = archive.discard_created();
            return Err(error);
        }
        Ok(archive)
    }

    /// Removes the archive this value created (with [`Archive::create`] or
    /// [`Archive::create_filled`]), for a command whose first write failed: the
    /// directories the creation made, or, when the directory existed, the entries it
    /// added, and nothing else. Returns false, removing nothing, when this value opened
    /// an archive that existed, or its creation was ended ([`Archive::keep_created`]).
    pub fn discard_created(mut self) -> Result<bool> {
        let Some(creation) = self.creation.take() else {
            return Ok(false);
        };
        // The database and the index are closed before their files are removed.
        drop(self);
        creation.undo()?;
        Ok(true)
    }

    /// Ends the creation of the archive this value created, once the command has written
    /// to it what it meant to: the archive is kept ([`Archive::discard_created`] no longer
    /// removes it), and other processes waiting to create it open it. Dropping the value
    /// ends it too.
    pub fn keep_created(&mut self) {
        self.creation = None;
    }

    /// Waits until no process is creating an archive in `directory`: one found half made
    /// is then whole, or, if that creation was taken back, gone.
    pub fn wait_for_creation(directory: &Path) -> Result<()> {
        drop(lock_for_creation(directory)?);
        Ok(())
    }

    /// Builds the archive of [`Archive::create_filled`], which holds the creation lock.
    fn create_locked(directory: &Path) -> Result<Archive> {
        let database = directory.join(DATABASE_FILE);
        // Every archive starts with the gazetteer: place names are reference data.
        let places = crate::ingest::reference::read_places(
            "<bundled gazetteer>",
            crate::ingest::reference::BUNDLED_PLACES,
        )
        .map_err(ArchiveError::Rejected)?;
        let store = Store::create(&database, &new_archive_id(), &places).map_err(|source| {
            ArchiveError::Store {
                path: database,
                source,
            }
        })?;
        let index_path = directory.join(INDEX_DIRECTORY);
        let index =
            SearchIndex::open_or_create(&index_path).map_err(|source| ArchiveError::Index {
                path: index_path,
                source,
            })?;
        let mut archive = Archive {
            directory: directory.to_path_buf(),
            store,
            index,
            index_problem: None,
            repairs: Vec::new(),
            warnings: Vec::new(),
            stop: None,
            observer: Observer::default(),
            gazetteer: std::sync::OnceLock::new(),
            creation: None,
        };
        let updater = archive.index_writer(Workload::Some)?;
        archive.finish(updater)?;
        Ok(archive)
    }

    /// Opens an existing archive whose index is about to be rebuilt ([`Archive::reindex`]):
    /// like [`Archive::open`], but an index that is behind or unusable is not brought up to
    /// date first, which would build it twice.
    pub fn open_to_rebuild(directory: &Path) -> Result<Archive> {
        let mut archive = Archive::open_upgraded(directory)?;
        if archive.store.is_read_only() {
            return Err(ArchiveError::ReadOnly(directory.to_path_buf()));
        }
        archive.replace_unusable_index()?;
        Ok(archive)
    }

    /// Opens an existing archive and, if the index is missing, damaged or behind the
    /// store, repairs it first (see [`Archive::repairs`]).
    pub fn open(directory: &Path) -> Result<Archive> {
        let mut archive = Archive::open_upgraded(directory)?;
        if archive.store.is_read_only() {
            archive.look_without_repairing()?;
        } else {
            archive.repair()?;
        }
        Ok(archive)
    }

    /// Opens an existing archive, its database brought to the current schema, its index
    /// as found.
    fn open_upgraded(directory: &Path) -> Result<Archive> {
        let mut archive = Archive::open_unrepaired(directory)?;
        let rewrite = archive
            .store
            .upgrade_if_older()
            .map_err(|source| archive.store_error(source))?;
        archive.repairs.extend(name_key_notices(&rewrite));
        Ok(archive)
    }

    /// Whether this process may only read the archive (see [`Store::is_read_only`]).
    pub fn is_read_only(&self) -> bool {
        self.store.is_read_only()
    }

    /// Opens an existing archive as it is, for `check --no-repair`: the index is not
    /// brought up to date, and a database of an older schema is not upgraded.
    pub fn open_unrepaired(directory: &Path) -> Result<Archive> {
        let database = directory.join(DATABASE_FILE);
        // One look at the file, on every search's way.
        let found = std::fs::metadata(&database);
        if let Ok(metadata) = &found {
            database_is_in_place(&database, metadata)?;
        }
        if !found.is_ok_and(|metadata| metadata.is_file()) {
            if directory.exists()
                && directory
                    .read_dir()
                    .map(|mut entries| entries.next().is_some())
                    .unwrap_or(true)
            {
                return Err(ArchiveError::NotAnArchiveDirectory(directory.to_path_buf()));
            }
            return Err(ArchiveError::NotFound(directory.to_path_buf()));
        }
        let index_path = directory.join(INDEX_DIRECTORY);
        // One after the other: opened on a second thread beside the database, the index
        // waited for an idle core to wake (a virtual machine's can take half a
        // millisecond), and a search process took 0.15 ms longer (bench/HISTORY.md,
        // session 10). The database comes first, as it says how the index may be opened.
        let store = Store::open_as_found(&database).map_err(|source| ArchiveError::Store {
            path: database.clone(),
            source,
        })?;
        let opened = if store.is_read_only() {
            SearchIndex::open_read_only(&index_path).map_err(UnusableIndex::Unopenable)
        } else if index_path
            .symlink_metadata()
            .is_err_and(|error| error.kind() == std::io::ErrorKind::NotFound)
        {
            // Not created here (one more look at the disk, a microsecond): the repair
            // says the directory was missing, where an index made empty here would be
            // reported as one never committed, and `check --no-repair` creates nothing.
            Err(UnusableIndex::Missing)
        } else {
            SearchIndex::open_or_create(&index_path).map_err(UnusableIndex::Unopenable)
        };
        let (index, index_problem) = match opened {
            Ok(index) => (index, None),
            // Left as it is: `check --no-repair` reports it, `open` rebuilds it.
            Err(problem) => (
                SearchIndex::in_memory().map_err(|source| ArchiveError::Index {
                    path: index_path.clone(),
                    source,
                })?,
                Some(problem),
            ),
        };
        Ok(Archive {
            directory: directory.to_path_buf(),
            store,
            index,
            index_problem,
            repairs: Vec::new(),
            warnings: Vec::new(),
            stop: None,
            observer: Observer::default(),
            gazetteer: std::sync::OnceLock::new(),
            creation: None,
        })
    }

    /// Closes the archive of a process about to exit: the index's files and maps by the
    /// operating system at exit, as unmapping and closing them one by one costs a fast
    /// search's process about a tenth of its time; the database likewise when nothing is
    /// left to do on it (see [`Store::close_for_exit`]).
    pub fn close_for_exit(self) {
        let Archive { store, index, .. } = self;
        store.close_for_exit();
        std::mem::forget(index);
    }

    /// Returns the archive directory.
    pub fn directory(&self) -> &Path {
        &self.directory
    }

    /// Makes the long writes stop when `stop` is set (by a Ctrl-C handler): an ingest
    /// between records and just before the database commits, a rebuild of the index
    /// between statements and before its commit. They return
    /// [`ArchiveError::Interrupted`] with nothing written, as if they had failed; a write
    /// whose database commit has begun completes.
    pub fn stop_when(&mut self, stop: Arc<AtomicBool>) {
        self.stop = Some(stop);
    }

    /// Tells `observer` what the long writes are doing as they go: a rebuild's count of
    /// statements indexed, the stages of a write after an ingest's last record. The
    /// library draws nothing; the command's progress bar shows it.
    pub fn report_to(&mut self, observer: impl Fn(Stage) + Send + Sync + 'static) {
        self.observer = Observer(Some(Arc::new(observer)));
    }

    /// Whether the flag of [`Archive::stop_when`] is set.
    fn stopping(&self) -> bool {
        is_set(self.stop.as_deref())
    }

    /// Returns what opening the archive repaired, one sentence each.
    pub fn repairs(&self) -> &[String] {
        &self.repairs
    }

    /// Stores statements in one transaction, then indexes them. With `skip_invalid` the
    /// invalid records are reported and the rest stored; without it one invalid record
    /// rejects everything and nothing is written. A record matching a statement that was
    /// corrected since is left as curated unless `overwrite_curated`.
    pub fn ingest(
        &mut self,
        records: impl Iterator<Item = std::result::Result<LocatedStatement, InvalidRecord>>,
        options: IngestOptions,
        ingested_at: &str,
    ) -> Result<IngestSummary> {
        // Loading into an empty archive, indexing is the longer half of the work: it gets
        // more threads. (Looked at before the lock: at worst an ingest racing another is
        // given the wrong number.)
        let workload = if self
            .store
            .has_statements()
            .map_err(|source| self.store_error(source))?
        {
            Workload::Some
        } else {
            Workload::Everything
        };
        let mut updater = self.index_writer(workload)?;
        self.catch_up(&mut updater)?;
        // Holding the writer lock: a load into an empty archive may skip the WAL.
        let journal_switched = self
            .store
            .begin_bulk_journal()
            .map_err(|source| self.store_error(source))?;
        let outcome = self.ingest_records(updater, records, options, ingested_at);
        if journal_switched {
            self.store.end_bulk_journal();
        }
        outcome
    }

    fn ingest_records(
        &mut self,
        mut updater: IndexUpdater,
        records: impl Iterator<Item = std::result::Result<LocatedStatement, InvalidRecord>>,
        options: IngestOptions,
        ingested_at: &str,
    ) -> Result<IngestSummary> {
        let archive_id = self
            .store
            .archive_id()
            .map_err(|source| self.store_error(source))?;
        let paths = self.paths();
        let mut summary = IngestSummary::default();
        // A day ahead of the ingest is another time zone's today.
        let latest_plausible_day = ingested_at
            .get(..10)
            .and_then(|day| chrono::NaiveDate::parse_from_str(day, "%Y-%m-%d").ok())
            .map(|day| day + chrono::Days::new(1));
        let stop = self.stop.clone();
        let observer = self.observer.clone();
        let mut transaction = self
            .store
            .begin_write()
            .map_err(|source| paths.store_error(source))?;
        transaction
            .begin_bulk_load_if_empty()
            .map_err(|source| paths.store_error(source))?;
        for record in records {
            if is_set(stop.as_deref()) {
                // Dropping the transaction and the updater rolls both back.
                return Err(ArchiveError::Interrupted);
            }
            let located = match record {
                Ok(located) => located,
                Err(invalid) => {
                    summary.rejected.push(invalid);
                    continue;
                }
            };
            if !summary.rejected.is_empty() && !options.skip_invalid {
                // The file is rejected anyway; keep validating to report every problem.
                continue;
            }
            let statement = &located.statement;
            match transaction.insert(statement, ingested_at, &located.file) {
                Ok(InsertOutcome::Added(indexed)) => {
                    summary.added += 1;
                    summary.added_ids.push(indexed.id);
                    if latest_plausible_day.is_some_and(|day| statement.date.first_day() > day) {
                        summary.future_dated += 1;
                        summary.first_future_dated.get_or_insert_with(|| {
                            (located.file.to_string(), located.line, statement.date)
                        });
                    }
                    if statement.date.year() < EARLIEST_PLAUSIBLE_YEAR {
                        summary.ancient_dated += 1;
                        summary.first_ancient_dated.get_or_insert_with(|| {
                            (located.file.to_string(), located.line, statement.date)
                        });
                    }
                    let fields = [
                        ("text", Some(&statement.text)),
                        ("speaker", Some(&statement.speaker.name)),
                        ("title", statement.title.as_ref()),
                        ("organization", statement.speaker.organization.as_ref()),
                    ];
                    let mojibake = fields.into_iter().find_map(|(field, value)| {
                        crate::ingest::encoding::mojibake(value?)
                            .map(|(found, read)| (field, found, read))
                    });
                    if let Some((field, found, read)) = mojibake {
                        summary.mojibake += 1;
                        summary.first_mojibake.get_or_insert_with(|| Mojibake {
                            file: located.file.to_string(),
                            line: located.line,
                            field,
                            found,
                            read,
                        });
                    }
                    if !crate::language::is_known(&statement.language) {
                        summary.unknown_language += 1;
                        summary.first_unknown_language.get_or_insert_with(|| {
                            let language = statement.language.clone();
                            (located.file.to_string(), located.line, language)
                        });
                    }
                    if !statement.history.is_empty() || statement.deleted.is_some() {
                        transaction
                            .import_history(
                                indexed.id,
                                &statement.history,
                                statement.deleted.as_ref(),
                            )
                            .map_err(|source| paths.store_error(source))?;
                    }
                    if statement.deleted.is_none() {
                        updater
                            .add(&indexed)
                            .map_err(|source| paths.index_error(source))?;
                    }
                }
                Ok(InsertOutcome::Duplicate(id)) => {
                    summary.duplicates += 1;
                    summary
                        .first_duplicate
                        .get_or_insert_with(|| (located.file.to_string(), located.line, id));
                }
                Ok(InsertOutcome::Differs { id, fields }) => {
                    summary.different.push(DifferentRecord {
                        file: located.file.to_string(),
                        line: located.line,
                        statement: id,
                        external_id: statement.external_id.clone().unwrap_or_default(),
                        fields,
                    })
                }
                Ok(InsertOutcome::Curated(id)) if options.overwrite_curated => {
                    let reason = format!(
                        "overwritten by re-ingest of {}:{} (--overwrite-curated)",
                        located.file, located.line
                    );
                    let restored = match transaction.restore(id, &reason, ingested_at) {
                        Ok(_) => true,
                        Err(StoreError::NotDeleted(_)) => false,
                        Err(source) => return Err(paths.store_error(source)),
                    };
                    let changes = transaction
                        .edit(id, &statement.as_edits(), &reason, ingested_at)
                        .map_err(|source| paths.store_error(source))?;
                    if restored || !changes.is_empty() {
                        summary.overwritten.push(id);
                        reindex_statement(&mut transaction, &mut updater, id, &paths)?;
                    } else {
                        summary.duplicates += 1;
                    }
                }
                // Not a correction of the statement, which --overwrite-curated undoes:
                // ingest deletes nothing live.
                Ok(InsertOutcome::DeletedInRecord(id)) => summary.kept_live.push(KeptLiveRecord {
                    file: located.file.to_string(),
                    line: located.line,
                    statement: id,
                }),
                Ok(InsertOutcome::Curated(id)) => summary.curated.push(CuratedRecord {
                    file: located.file.to_string(),
                    line: located.line,
                    statement: id,
                }),
                Err(error @ StoreError::AmbiguousSpeaker { .. }) => {
                    summary.rejected.push(InvalidRecord {
                        file: located.file.to_string(),
                        line: located.line,
                        field: Some("speaker".into()),
                        problem: error.to_string(),
                        further_problem: false,
                    })
                }
                Err(error) => return Err(paths.store_error(error)),
            }
        }
        if !summary.rejected.is_empty() && !options.skip_invalid {
            // Dropping the transaction and the updater rolls both back.
            return Err(ArchiveError::Rejected(summary.rejected));
        }
        summary.new_speakers = transaction.take_created_speakers();
        observer.tell(Stage::Writing {
            database_indexes: transaction.has_unbuilt_indexes(),
        });
        for id in transaction
            .take_restated()
            .map_err(|source| paths.store_error(source))?
        {
            reindex_statement(&mut transaction, &mut updater, id, &paths)?;
        }
        let sequence = commit_both(
            transaction,
            &mut updater,
            archive_id,
            &paths,
            stop.as_deref(),
            &observer,
        )?;
        observer.tell(Stage::Merging);
        self.after_commit(updater, sequence, &paths)?;
        Ok(summary)
    }

    /// Changes the same fields of each statement of `ids` (one, or the language of every
    /// hit of a search) and records why, in one write, all or none: one transaction and
    /// one index commit, where an edit apiece paid the durable commits of both stores for
    /// each; the index follows in the same write. Returns the changes made to each (none
    /// where every value was already so), in the order of `ids`.
    pub fn edit_each(
        &mut self,
        ids: &[StatementId],
        values: &[FieldValue],
        reason: &str,
        at: &str,
    ) -> Result<Vec<Vec<HistoryEntry>>> {
        self.write_each(ids, |transaction, id| {
            transaction.edit(id, values, reason, at)
        })
    }

    /// The first other live statement with the speaker, date and text of the statement
    /// `id`, which an edit may have made it repeat.
    pub fn statement_repeated_by(&self, id: StatementId) -> Result<Option<StatementId>> {
        self.store
            .statement_repeated_by(id)
            .map_err(|source| self.store_error(source))
    }

    /// Deletes each statement of `ids` in one write, all or none, as
    /// [`Archive::edit_each`] edits them: each stays as a tombstone that `show` explains,
    /// out of search.
    pub fn delete_each(
        &mut self,
        ids: &[StatementId],
        reason: &str,
        at: &str,
    ) -> Result<Vec<HistoryEntry>> {
        self.write_each(ids, |transaction, id| transaction.delete(id, reason, at))
    }

    /// Brings each deleted statement of `ids` back in one write, all or none.
    pub fn restore_each(
        &mut self,
        ids: &[StatementId],
        reason: &str,
        at: &str,
    ) -> Result<Vec<HistoryEntry>> {
        self.write_each(ids, |transaction, id| transaction.restore(id, reason, at))
    }

    /// Returns the recorded changes of one statement, oldest first.
    pub fn history(&self, id: StatementId) -> Result<Vec<HistoryEntry>> {
        self.store
            .history(id)
            .map_err(|source| self.store_error(source))
    }

    /// Returns a page of the changes across the archive, newest first, with the number
    /// of all of them.
    pub fn recent_history(&self, limit: usize, offset: usize) -> Result<RecentHistory> {
        // One read: the page and the count of one state of the archive.
        self.store
            .reading(|| {
                Ok(RecentHistory {
                    entries: self.store.recent_history(limit, offset)?,
                    total: self.store.history_count()?,
                })
            })
            .and_then(|read| read)
            .map_err(|source| self.store_error(source))
    }

    /// Runs a combined search and hydrates the hits from the store.
    pub fn search(&self, request: &SearchRequest) -> Result<SearchResults> {
        let mut hits = Vec::new();
        // One read transaction for every row the search reads: the page and its hits
        // come from one state of the database, for one lock.
        let SearchSummary { total, notes, .. } = self
            .store
            .reading(|| {
                self.search_reading(request, usize::MAX, &mut |_, page| {
                    hits.extend(page);
                    true
                })
            })
            .map_err(|source| self.store_error(source))??;
        Ok(SearchResults { total, hits, notes })
    }

    /// Runs a combined search, as [`Archive::search`], and hands its hits to `visit` in
    /// order, hydrated `page` at a time: a search for every match holds one page of
    /// statements in memory, not all of them. `visit` is called at least once (with no
    /// hits if there are none) and stops the search by returning false.
    pub fn search_in_pages(
        &self,
        request: &SearchRequest,
        page: usize,
        mut visit: impl FnMut(&SearchSummary, Vec<SearchHit>) -> bool,
    ) -> Result<SearchSummary> {
        // One page is read, and the read transaction ended, before `visit` writes it
        // anywhere: a reader that stops reading (a pager) holds nothing of the archive.
        if request.limit <= page {
            let SearchResults { total, hits, notes } = self.search(request)?;
            let largest_id = hits.iter().map(|hit| hit.statement.id).max();
            let summary = SearchSummary {
                total,
                notes,
                largest_id,
            };
            visit(&summary, hits);
            return Ok(summary);
        }
        // More pages are visited while the database is read: in WAL mode, so that a
        // writer meanwhile need not wait for a reader stopped by its own reader.
        self.store.begin_long_read();
        self.store
            .reading(|| self.search_reading(request, page.max(1), &mut visit))
            .map_err(|source| self.store_error(source))?
    }

    /// Counts the deleted statements a search of the live ones would have matched, for
    /// a hint when it matched none. Only the statements whose deletion their history
    /// records are looked at, so that the table is not read; 0 when there are none.
    pub fn deleted_matches(&self, request: &SearchRequest) -> Result<usize> {
        let request = SearchRequest {
            deleted: true,
            limit: 0,
            offset: 0,
            ..request.clone()
        };
        // One read transaction for the query per deleted statement: alone, each would
        // take and release the database's lock (see `Archive::speakers`).
        self.store
            .reading(|| {
                let ids = self
                    .store
                    .deleted_statement_ids(0)
                    .map_err(|source| self.store_error(source))?;
                if ids.is_empty() {
                    return Ok(0);
                }
                let deleted = self.index_of(&ids)?;
                self.search_reading_in(&deleted, &request, 1, &mut |_, _| true)
                    .map(|summary| summary.total)
            })
            .map_err(|source| self.store_error(source))?
    }

    fn search_reading(
        &self,
        request: &SearchRequest,
        page: usize,
        visit: &mut dyn FnMut(&SearchSummary, Vec<SearchHit>) -> bool,
    ) -> Result<SearchSummary> {
        self.with_index_searched(request, |index| {
            self.search_reading_in(index, request, page, visit)
        })
    }

    /// Runs `search` on the index a request searches: the archive's, of the live
    /// statements, or for `--deleted` one of the deleted statements built for it.
    fn with_index_searched<T>(
        &self,
        request: &SearchRequest,
        search: impl FnOnce(&SearchIndex) -> Result<T>,
    ) -> Result<T> {
        if !request.deleted {
            return search(&self.index);
        }
        // The index holds the live statements only: the deleted ones, few, are indexed
        // apart for the search. Every one of them: the rows but the live ones.
        let rows = self
            .store
            .row_count()
            .map_err(|source| self.store_error(source))?;
        let ids = self
            .store
            .deleted_statement_ids(rows.saturating_sub(self.index.len()))
            .map_err(|source| self.store_error(source))?;
        search(&self.index_of(&ids)?)
    }

    /// Runs a combined search, as [`Archive::search`], and returns the ids of its hits in
    /// order, without reading a statement from the store: the order and page of
    /// `search`'s hits, for a format that prints ids alone (`--format ids`). The ids are
    /// what the index matched, as `total` counts it; a statement deleted while the index
    /// is behind (another process writing, or a read-only archive) stays among them.
    pub fn search_ids(&self, request: &SearchRequest) -> Result<(SearchSummary, Vec<StatementId>)> {
        // One read transaction, as `search`: the names the filters resolve and, for
        // `--deleted`, the deleted statements come from one state of the database.
        self.store
            .reading(|| {
                self.with_index_searched(request, |index| {
                    let found = self.search_index(index, request)?;
                    let ids = found.hits.iter().map(|&(id, _)| id).collect();
                    Ok((found.summary, ids))
                })
            })
            .map_err(|source| self.store_error(source))?
    }

    /// An index in memory of the given statements.
    fn index_of(&self, ids: &[StatementId]) -> Result<SearchIndex> {
        let statements = self
            .store
            .indexed_statements_of(ids)
            .map_err(|source| self.store_error(source))?;
        SearchIndex::in_memory_of(&statements).map_err(|source| ArchiveError::Index {
            path: self.directory.join(INDEX_DIRECTORY),
            source,
        })
    }

    /// Answers a request from `index` alone: the hits' ids and scores in order, and what
    /// their hydration needs. Names the filters give are resolved in the store.
    fn search_index(
        &self,
        index: &SearchIndex,
        request: &SearchRequest,
    ) -> Result<IndexedSearch<'_>> {
        let gazetteer_found = self.gazetteer_of(request)?;
        let gazetteer = gazetteer_found.as_deref();
        let (filter, mut notes) = self.resolve_filter(request, gazetteer, index)?;
        let Some(filter) = filter else {
            return Ok(IndexedSearch {
                summary: SearchSummary {
                    total: 0,
                    notes,
                    largest_id: None,
                },
                hits: Vec::new(),
                ordering: Ordering::Newest,
                query: None,
                gazetteer: None,
                named_places: Vec::new(),
            });
        };
        // A query that only excludes words matches no word either: as without a query,
        // every statement it keeps scores alike.
        let matches_words = request
            .query
            .as_ref()
            .is_some_and(|query| !query.is_only_negative());
        let ordering = match request.ordering {
            // Without words to match every statement scores alike: "by relevance" would
            // be an arbitrary order.
            Some(Ordering::Relevance) | None if !matches_words => Ordering::Newest,
            Some(ordering) => ordering,
            None => Ordering::Relevance,
        };
        let index_error = |source| ArchiveError::Index {
            path: self.directory.join(INDEX_DIRECTORY),
            source,
        };
        let (query, mut named_places, spelling_groups) = match (&request.query, gazetteer) {
            (Some(query), Some(gazetteer)) => {
                let expansion = gazetteer.expand(query);
                notes.extend(expansion.narrowed.iter().map(ToString::to_string));
                (
                    Some(expansion.query),
                    expansion.places,
                    expansion.spelling_groups,
                )
            }
            (query, _) => (query.clone(), Vec::new(), Vec::new()),
        };
        for place in &request.places {
            named_places.extend(
                gazetteer
                    .into_iter()
                    .flat_map(|gazetteer| gazetteer.lookup(place))
                    .map(|found| found.id.clone()),
            );
        }
        let IndexHits { total, hits } = index
            .search_weighing_alike(
                query.as_ref(),
                &filter,
                ordering,
                request.limit,
                request.offset,
                &spelling_groups,
            )
            .map_err(index_error)?;
        // The snippets show the places `--place` names as they show the query's words: a
        // hit found by a place alone showed the text's first lines, without the place
        // (Lachin at character 6,803 of 11,075), and nothing said why it was found.
        let mut highlighted: Vec<Query> = query.into_iter().collect();
        // A place the gazetteer knows restricts by the statements that mention it
        // (`filter.statements`), one it does not know by `filter.mentions`.
        highlighted.extend(
            request
                .places
                .iter()
                .filter_map(|place| gazetteer.and_then(|gazetteer| gazetteer.any_spelling(place))),
        );
        highlighted.extend(filter.mentions.iter().cloned());
        let query = match highlighted.len() {
            0 | 1 => highlighted.pop(),
            _ => Some(Query::And(highlighted)),
        };
        Ok(IndexedSearch {
            summary: SearchSummary {
                total,
                notes,
                largest_id: hits.iter().map(|&(id, _)| id).max(),
            },
            hits,
            ordering,
            query,
            gazetteer: gazetteer_found,
            named_places,
        })
    }

    fn search_reading_in(
        &self,
        index: &SearchIndex,
        request: &SearchRequest,
        page: usize,
        visit: &mut dyn FnMut(&SearchSummary, Vec<SearchHit>) -> bool,
    ) -> Result<SearchSummary> {
        let IndexedSearch {
            summary,
            hits,
            ordering,
            query,
            gazetteer,
            named_places,
        } = self.search_index(index, request)?;
        let gazetteer = gazetteer.as_deref();
        let index_error = |source| ArchiveError::Index {
            path: self.directory.join(INDEX_DIRECTORY),
            source,
        };
        let snippets = index
            .snippet_maker(query.as_ref(), request.snippet_chars)
            .map_err(index_error)?;
        if hits.is_empty() {
            visit(&summary, Vec::new());
        }
        let place_finder = gazetteer.map(|gazetteer| gazetteer.mention_finder(&named_places));
        for hits in hits.chunks(page) {
            let ids: Vec<StatementId> = hits.iter().map(|&(id, _)| id).collect();
            let statements = self
                .store
                .statements_in_place(&ids)
                .map_err(|source| self.store_error(source))?;
            let mut hydrated = Vec::with_capacity(hits.len());
            for (&(_, score), statement) in hits.iter().zip(statements) {
                // An index entry without a row would be a broken invariant; skip it
                // rather than show something the database does not hold.
                let Some(statement) =
                    statement.filter(|statement| statement.deleted.is_some() == request.deleted)
                else {
                    continue;
                };
                if request.snippet_chars == 0 {
                    hydrated.push(SearchHit {
                        statement,
                        score: (ordering == Ordering::Relevance).then_some(score),
                        snippet: Snippet::default(),
                        places: Vec::new(),
                    });
                    continue;
                }
                let mut snippet = snippets.snippet(&statement.text, &statement.language);
                // Found by its title alone: the title says why.
                if snippet.highlights.is_empty() && query.is_some() {
                    if let Some(title) = &statement.title {
                        let headline = snippets.snippet(title, &statement.language);
                        if !headline.highlights.is_empty() {
                            // The two share the snippet's length, as the text alone
                            // would have had it: a program reading JSON gets no more.
                            let room = snippets.max_chars().saturating_sub(
                                headline.fragment.chars().count() + TITLE_SEPARATOR.chars().count(),
                            );
                            snippet = if room < MIN_TEXT_AFTER_TITLE {
                                headline
                            } else {
                                headline.followed_by(snippets.snippet_within(
                                    &statement.text,
                                    &statement.language,
                                    room,
                                ))
                            };
                        }
                    }
                }
                let places = place_finder
                    .as_ref()
                    .map(|finder| {
                        let in_text = finder.mentions(&statement.text);
                        // Found by its title alone, as `--place` finds a statement.
                        match (&statement.title, in_text.is_empty()) {
                            (Some(title), true) => finder.mentions(title),
                            _ => in_text,
                        }
                    })
                    .unwrap_or_default();
                hydrated.push(SearchHit {
                    statement,
                    score: (ordering == Ordering::Relevance).then_some(score),
                    snippet,
                    places,
                });
            }
            if !visit(&summary, hydrated) {
                break;
            }
        }
        Ok(summary)
    }

    /// Counts the statements a request matches per combination of `dimensions` values,
    /// without loading any statement. Speakers come back named
    /// ([`DimensionValue::Speaker`]: id, name, country and a label telling apart speakers
    /// of one name), organisations by name (no two share one).
    pub fn count_by(
        &self,
        request: &SearchRequest,
        dimensions: &[Dimension],
    ) -> Result<(Counts, Vec<String>)> {
        let (mut counts, notes) = self.count_each(request, &[dimensions])?;
        Ok((counts.pop().unwrap_or_default(), notes))
    }

    /// Counts the statements a request matches once per grouping of dimensions, each as
    /// [`count_by`](Self::count_by) counts it, in one pass over the matches: the query
    /// runs once however many groupings (`facets`: one per field; a grouping of no
    /// dimension is the number of matches).
    pub fn count_each(
        &self,
        request: &SearchRequest,
        groupings: &[&[Dimension]],
    ) -> Result<(Vec<Counts>, Vec<String>)> {
        let gazetteer = self.gazetteer_of(request)?;
        let gazetteer = gazetteer.as_deref();
        let (filter, notes) = self.resolve_filter(request, gazetteer, &self.index)?;
        let Some(filter) = filter else {
            return Ok((vec![Vec::new(); groupings.len()], notes));
        };
        let mut notes = notes;
        let query = request.query.as_ref().map(|query| match gazetteer {
            Some(gazetteer) => {
                let expansion = gazetteer.expand(query);
                notes.extend(expansion.narrowed.iter().map(ToString::to_string));
                expansion.query
            }
            None => query.clone(),
        });
        let counts = self
            .index
            .count_each(query.as_ref(), &filter, groupings)
            .map_err(|source| self.index_error(source))?;
        let counted = |wanted: Dimension| {
            groupings
                .iter()
                .flat_map(|dimensions| *dimensions)
                .any(|dimension| *dimension == wanted)
        };
        let (by_speaker, by_organization) = (
            counted(Dimension::Speaker),
            counted(Dimension::Organization),
        );
        if !by_speaker && !by_organization {
            return Ok((counts, notes));
        }
        // Only the names counted: the speakers' labels (every speaker's name folded, 6,266
        // of them in the UN corpus) were most of the time of a count by organisation.
        let speakers = match by_speaker {
            true => crate::label::speaker_labels(
                self.store
                    .speaker_names()
                    .map_err(|source| self.store_error(source))?,
            ),
            false => Default::default(),
        };
        let organizations = match by_organization {
            true => self
                .store
                .organization_names()
                .map_err(|source| self.store_error(source))?,
            false => Default::default(),
        };
        let named = counts
            .into_iter()
            .zip(groupings)
            .map(|(counts, dimensions)| {
                counts
                    .into_iter()
                    .map(|(key, count)| {
                        let key = key
                            .into_iter()
                            .zip(*dimensions)
                            .map(|(value, dimension)| match (value, dimension) {
                                // By id with its name, not by name: two speakers
                                // may share one, and were counted as one.
                                (DimensionValue::Id(id), Dimension::Speaker) => speakers
                                    .get(&id)
                                    .cloned()
                                    .map_or(DimensionValue::Missing, DimensionValue::Speaker),
                                (DimensionValue::Id(id), Dimension::Organization) => organizations
                                    .get(&id)
                                    .cloned()
                                    .map_or(DimensionValue::Missing, DimensionValue::Label),
                                (value, _) => value,
                            })
                            .collect();
                        (key, count)
                    })
                    .collect()
            })
            .collect();
        Ok((named, notes))
    }

    /// The stored languages a `--lang` list matches: each range itself and the tags below
    /// it (`ru`: `ru`, `ru-RU`, `ru-UA`), as Accept-Language matches them, each of them one
    /// term of the index's filter. The index holds a statement's language as one term;
    /// the few tags below a range come from the database's index of languages with
    /// subtags, so that a filter stays a handful of terms and costs a search nothing.
    fn languages_in_ranges(&self, ranges: &[String]) -> Result<Vec<String>> {
        let mut languages = Vec::new();
        for range in ranges {
            // A caller of the library may pass a language as written (`rus`, `Russian`);
            // one that is no language matches as given, that is nothing.
            let range = crate::language::normalize(range).unwrap_or_else(|_| range.clone());
            languages.extend(
                self.store
                    .languages_below(&range)
                    .map_err(|source| self.store_error(source))?,
            );
            languages.push(range);
        }
        languages.sort();
        languages.dedup();
        Ok(languages)
    }

    /// Turns the names of a request into index filter values; None when a name filter
    /// matches nothing, so no statement can match. The notes say which.
    /// The channels or tags (`dimension`) statements hold that `values` name, diacritics
    /// aside: `--tag erazi` is the tag `ərazi` (see [`SearchIndex::labels_named`]).
    fn labels_named(&self, dimension: Dimension, values: &[String]) -> Result<Vec<String>> {
        let mut labels = Vec::with_capacity(values.len());
        for value in values {
            labels.extend(
                self.index
                    .labels_named(dimension, value)
                    .map_err(|source| self.index_error(source))?,
            );
        }
        Ok(labels)
    }

    /// Returns the index filter of a request's filters, and notes on how they were
    /// read; None when nothing can match. A `--place` in the gazetteer restricts to the
    /// statements of `index` whose text the gazetteer finds it in
    /// ([`Archive::statements_mentioning`]).
    fn resolve_filter(
        &self,
        request: &SearchRequest,
        gazetteer: Option<&Gazetteer>,
        index: &SearchIndex,
    ) -> Result<(Option<IndexFilter>, Vec<String>)> {
        let mut notes = Vec::new();
        let mut filter = IndexFilter {
            without_organization: request.without_organization,
            countries: request.countries.clone(),
            without_country: request.without_country,
            channels: self.labels_named(Dimension::Channel, &request.channels)?,
            without_channel: request.without_channel,
            kinds: request.kinds.clone(),
            languages: self.languages_in_ranges(&request.languages)?,
            tags: self.labels_named(Dimension::Tag, &request.tags)?,
            without_tag: request.without_tag,
            from: request.from.map(|date| date.first_day()),
            to: request.to.map(|date| date.last_day()),
            ..IndexFilter::default()
        };
        let mut nothing_can_match = false;
        if !request.speakers.is_empty() {
            filter.speakers =
                self.resolve_names(&request.speakers, "speaker", &mut notes, |name| {
                    self.store.speakers_matching(name)
                })?;
            nothing_can_match |= filter.speakers.is_empty();
        }
        if !request.organizations.is_empty() {
            filter.organizations =
                self.resolve_names(&request.organizations, "organization", &mut notes, |name| {
                    self.store.organizations_matching(name)
                })?;
            // `--org none --org typo` still finds the statements without one.
            nothing_can_match |= filter.organizations.is_empty() && !filter.without_organization;
        }
        for role in &request.roles {
            let periods = self
                .store
                .role_periods(role)
                .map_err(|source| self.store_error(source))?;
            filter.roles.push(RoleFilter {
                words: role.clone(),
                periods,
            });
        }
        if !request.places.is_empty() {
            for place in &request.places {
                match gazetteer.and_then(|gazetteer| {
                    gazetteer
                        .any_spelling(place)
                        .map(|spellings| (gazetteer, spellings))
                }) {
                    Some((gazetteer, spellings)) => {
                        let named: Vec<String> = gazetteer
                            .lookup(place)
                            .into_iter()
                            .map(|found| found.id.clone())
                            .collect();
                        let mentioning = self
                            .statements_mentioning(index, &filter, spellings, gazetteer, &named)?;
                        filter.statements = Some(mentioning);
                    }
                    None if request.as_written => {
                        filter.mentions.push(Query::Phrase(place.clone()));
                    }
                    None => {
                        // Not in the gazetteer: still search the name as written.
                        notes.push(format!("{} is not in the gazetteer; searching it as written (`communique places add` adds it)", quoted(place)));
                        filter.mentions.push(Query::Phrase(place.clone()));
                    }
                }
            }
        }
        Ok(((!nothing_can_match).then_some(filter), notes))
    }

    /// The gazetteer a request reads its names with: none for a search of names as
    /// written (`--as-written`), which looks for no other spelling.
    fn gazetteer_of(
        &self,
        request: &SearchRequest,
    ) -> Result<Option<std::borrow::Cow<'_, Gazetteer>>> {
        if request.as_written {
            return Ok(None);
        }
        self.gazetteer_for(request.query.as_ref(), &request.places)
    }

    /// Returns the statements of `index` that `filter` keeps, whose text or title holds
    /// one of `spellings`, and that the gazetteer's mention finder reads as mentioning
    /// one of `places`, sorted. The index folds case and stems, so that it also finds
    /// the everyday word a name may be ("тех", those, for Tegh; "տեղի", took place), a
    /// given name before a surname (Ararat Mirzoyan) or a word the Armenian stemmer
    /// makes one with the name (կայուն, stable, for Կապանում): a hit it has which the
    /// text does not mention would be listed without its place. Restricting the filter
    /// to these statements keeps `search`, `--count`, `facets` and `timeline` equal.
    fn statements_mentioning(
        &self,
        index: &SearchIndex,
        filter: &IndexFilter,
        spellings: Query,
        gazetteer: &Gazetteer,
        places: &[String],
    ) -> Result<Vec<StatementId>> {
        let mut candidates = filter.clone();
        candidates.mentions.push(spellings);
        let IndexHits { hits, .. } = index
            .search(None, &candidates, Ordering::Newest, usize::MAX, 0)
            .map_err(|source| ArchiveError::Index {
                path: self.directory.join(INDEX_DIRECTORY),
                source,
            })?;
        let mut ids: Vec<StatementId> = hits.into_iter().map(|(id, _)| id).collect();
        // In the table's order: neighbouring rows share pages.
        ids.sort_unstable();
        let finder = gazetteer.mention_finder(places);
        let mut mentioning = Vec::new();
        self.store
            .for_each_text(&ids, |id, text, title| {
                if finder.finds_any(text) || title.is_some_and(|title| finder.finds_any(title)) {
                    mentioning.push(id);
                }
            })
            .map_err(|source| self.store_error(source))?;
        Ok(mentioning)
    }

    /// Returns a gazetteer that knows every name `query` and `places` may refer to (None
    /// when there are neither): the whole one if it is loaded already, else only the
    /// places and speakers with one of those names, looked up by their folded keys. A
    /// search process then reads a few rows instead of every place and alias.
    fn gazetteer_for(
        &self,
        query: Option<&Query>,
        places: &[String],
    ) -> Result<Option<std::borrow::Cow<'_, Gazetteer>>> {
        if query.is_none() && places.is_empty() {
            return Ok(None);
        }
        if let Some(whole) = self.gazetteer.get() {
            return Ok(Some(std::borrow::Cow::Borrowed(whole)));
        }
        let mut names = match query.map(crate::gazetteer::names_in) {
            Some(None) => return Ok(Some(std::borrow::Cow::Borrowed(self.gazetteer()?))),
            Some(Some(names)) => names,
            None => Vec::new(),
        };
        names.extend(
            places
                .iter()
                .map(|place| crate::fold::fold(place))
                .filter(|name| !name.is_empty()),
        );
        names.sort();
        names.dedup();
        let places = self
            .store
            .places_named(&names)
            .map_err(|source| self.store_error(source))?;
        let speakers = self
            .store
            .speaker_names_named(&names)
            .map_err(|source| self.store_error(source))?;
        Ok(Some(std::borrow::Cow::Owned(Gazetteer::with_speakers(
            places, &speakers,
        ))))
    }

    /// Returns the gazetteer, loaded from the store once per open archive.
    pub fn gazetteer(&self) -> Result<&Gazetteer> {
        if let Some(gazetteer) = self.gazetteer.get() {
            return Ok(gazetteer);
        }
        let places = self
            .store
            .places()
            .map_err(|source| self.store_error(source))?;
        let speakers = self
            .store
            .speaker_names_and_aliases()
            .map_err(|source| self.store_error(source))?;
        Ok(self
            .gazetteer
            .get_or_init(|| Gazetteer::with_speakers(places, &speakers)))
    }

    /// Returns the ids of the speakers `search --speaker WORDS` searches: every word in
    /// their name or an alias (or, in double quotes, that name exactly).
    pub fn speakers_matching(&self, words: &str) -> Result<Vec<SpeakerId>> {
        self.store
            .speakers_matching(words)
            .map_err(|source| self.store_error(source))
    }

    /// Returns the folded names and aliases of speakers that are `word` or start with it
    /// (folded, one word) and a space; see [`Store::name_keys_starting_with`].
    pub fn name_keys_starting_with(&self, word: &str) -> Result<Vec<String>> {
        self.store
            .name_keys_starting_with(word)
            .map_err(|source| self.store_error(source))
    }

    /// Returns true when `word` (folded, one word) is a word of a person's folded name or
    /// alias.
    pub fn is_word_of_a_persons_name(&self, word: &str) -> Result<bool> {
        self.store
            .is_word_of_a_persons_name(word)
            .map_err(|source| self.store_error(source))
    }

    /// Returns true when some speaker's name or alias has every word of `words`, as
    /// [`crate::fold::words_match`] compares them.
    pub fn has_speaker_with_words(&self, words: &str) -> Result<bool> {
        self.store
            .has_speaker_with_words(words)
            .map_err(|source| self.store_error(source))
    }

    /// Returns up to `limit` words close to `word` (a query's word that matches
    /// nothing) that live statements hold, as the vocabulary spells them (folded):
    /// nearest first, and of two as near the one more statements hold. A typo is
    /// forgiven as search engines forgive it: none in a word of under five letters (a
    /// short word has too many neighbours), one up to eight, two beyond.
    pub fn words_closest_to(&self, word: &str, limit: usize) -> Result<Vec<String>> {
        let edits = match word.chars().count() {
            0..=4 => return Ok(Vec::new()),
            5..=8 => 1,
            _ => 2,
        };
        // Enough candidates that removed statements' words and rare neighbours do not
        // push out the words that are meant.
        let near = self
            .index
            .words_near(word, edits, 50)
            .map_err(|source| self.index_error(source))?;
        let mut found = Vec::new();
        for (distance, candidate) in near {
            let request = SearchRequest {
                query: Some(Query::Word(candidate.clone())),
                limit: 0,
                ..SearchRequest::default()
            };
            let total = self.search(&request)?.total;
            if total > 0 {
                found.push((distance, std::cmp::Reverse(total), candidate));
            }
        }
        found.sort();
        let lower = !word.chars().any(char::is_uppercase);
        found
            .into_iter()
            .take(limit)
            .map(|(_, _, near)| self.written_form(near, lower))
            .collect()
    }

    /// Returns the vocabulary's folded `word` as statements spell it ("ermanistanin" is
    /// "Ermənistanın", "віиська" "війська", "negociations" "négociations"), lower-cased if
    /// `lower`: a hint names the word a reader knows. The folded word itself when none of
    /// the first statements found shows it.
    fn written_form(&self, word: String, lower: bool) -> Result<String> {
        let request = SearchRequest {
            query: Some(Query::Word(word.clone())),
            limit: 20,
            snippet_chars: 160,
            ..SearchRequest::default()
        };
        let (mut folded, mut e_spelling) = (String::new(), String::new());
        for hit in self.search(&request)?.hits {
            let snippet = &hit.snippet;
            for range in &snippet.highlights {
                let Some(written) = snippet.fragment.get(range.clone()) else {
                    continue;
                };
                crate::fold::fold_word(written, &mut folded);
                // A word with ə is in the vocabulary in both its readings.
                let e_reading = written.contains(['ə', 'Ə']) && {
                    crate::fold::write_e_spelling(written, &mut e_spelling);
                    let mut folded_e = String::new();
                    crate::fold::fold_word(&e_spelling, &mut folded_e);
                    folded_e == word
                };
                if folded == word || e_reading {
                    return Ok(match lower {
                        true => written.to_lowercase(),
                        false => written.to_string(),
                    });
                }
            }
        }
        Ok(word)
    }

    /// Returns up to `limit` display names of the speakers closest to `name` by one of
    /// their names (see [`crate::suggest::closest`]), closest first: a "did you mean"
    /// for a name that matches no one. The names are compared as their stored keys, and
    /// only those close enough are kept: folding every name, and copying every name and
    /// key out of SQLite, were most of the time of such a hint.
    pub fn speakers_closest_to(&self, name: &str, limit: usize) -> Result<Vec<String>> {
        let nearness = crate::suggest::Nearness::new(name);
        let mut near: Vec<(usize, usize)> = Vec::new();
        let names = self
            .store
            .visit_name_keys(|place, key| {
                if let Some(distance) = nearness.of(key) {
                    near.push((distance, place));
                }
            })
            .map_err(|source| self.store_error(source))?;
        let scored = near
            .iter()
            .map(|&(distance, place)| (distance, names[place].as_str()))
            .collect();
        Ok(crate::suggest::ranked(scored, limit)
            .into_iter()
            .map(str::to_string)
            .collect())
    }

    /// Returns the roles speakers hold or held (current roles and role histories),
    /// distinct, in no order.
    pub fn held_roles(&self) -> Result<Vec<String>> {
        self.store
            .held_roles()
            .map_err(|source| self.store_error(source))
    }

    /// Returns the speakers a reference names: an id, a name or alias, or the words of one.
    pub fn find_speakers(&self, reference: &str) -> Result<Vec<Speaker>> {
        let ids = self
            .store
            .find_speakers(reference)
            .map_err(|source| self.store_error(source))?;
        self.speakers_with_ids(&ids)
    }

    /// Creates a speaker with their aliases and roles.
    pub fn add_speaker(
        &mut self,
        mention: &SpeakerMention,
        aliases: &[String],
        roles: &[RolePeriod],
        at: &str,
    ) -> Result<SpeakerId> {
        self.write(|transaction| {
            let id = transaction.create_speaker(mention)?;
            for alias in aliases {
                transaction.add_alias(id, alias)?;
            }
            for role in roles {
                transaction.add_role(id, role, at)?;
            }
            Ok(id)
        })
    }

    /// Adds names a speaker goes by; returns how many were new.
    pub fn add_aliases(&mut self, speaker: SpeakerId, aliases: &[String]) -> Result<usize> {
        self.write(|transaction| {
            let mut added = 0;
            for alias in aliases {
                added += usize::from(transaction.add_alias(speaker, alias)?);
            }
            Ok(added)
        })
    }

    /// Records a role a speaker held; false when it was recorded already, with its dates.
    /// The statements it replaces another recorded role of record the change, dated `at`.
    pub fn add_role(&mut self, speaker: SpeakerId, role: &RolePeriod, at: &str) -> Result<bool> {
        self.write(|transaction| transaction.add_role(speaker, role, at))
    }

    /// Forgets a role recorded for a speaker (`role` as [`Archive::speakers`] lists it):
    /// the statements it gave their role or organisation lose it, or take another recorded
    /// role held on their date, each change in their history dated `at`, and the index
    /// follows; `reason`, the user's, is kept in each history entry beside what was
    /// removed. Returns the number of statements changed; None when no such role is
    /// recorded.
    pub fn remove_role(
        &mut self,
        speaker: SpeakerId,
        role: &RolePeriod,
        reason: Option<&str>,
        at: &str,
    ) -> Result<Option<u64>> {
        self.write(|transaction| transaction.remove_role(speaker, role, reason, at))
    }

    /// Merges `absorbed` into `kept`; returns the statements moved, and those that now
    /// repeat another statement of `kept`.
    pub fn merge_speakers(
        &mut self,
        kept: SpeakerId,
        absorbed: &[SpeakerId],
        at: &str,
    ) -> Result<SpeakerMerge> {
        // One transaction: a merge of five records is done whole or not at all.
        self.write(|transaction| {
            let mut merge = SpeakerMerge::default();
            for &speaker in absorbed {
                let one = transaction.merge_speakers(kept, speaker, at)?;
                merge.moved += one.moved;
                merge.alike.extend(one.alike);
            }
            Ok(merge)
        })
    }

    /// Imports speakers with aliases and roles: a known speaker (same name or alias and
    /// country) gains what is new, an unknown one is created. Returns (created, updated).
    pub fn import_speakers(&mut self, speakers: &[SpeakerRecord], at: &str) -> Result<(u64, u64)> {
        let known = self.speakers()?;
        self.write(|transaction| {
            let (mut created, mut updated) = (0, 0);
            for record in speakers {
                let key = crate::fold::fold(&record.speaker.name);
                let existing = known.iter().find(|speaker| {
                    speaker.country == record.speaker.country
                        && std::iter::once(&speaker.name)
                            .chain(&speaker.aliases)
                            .any(|name| crate::fold::fold(name) == key)
                });
                let id = match existing {
                    Some(speaker) => {
                        updated += 1;
                        speaker.id
                    }
                    None => {
                        created += 1;
                        transaction.create_speaker(&record.speaker)?
                    }
                };
                for alias in &record.aliases {
                    transaction.add_alias(id, alias)?;
                }
                for role in &record.roles {
                    let held = existing.is_some_and(|speaker| {
                        speaker
                            .roles
                            .iter()
                            .any(|known| known.role == role.role && known.from == role.from)
                    });
                    if !held {
                        transaction.add_role(id, role, at)?;
                    }
                }
            }
            Ok((created, updated))
        })
    }

    /// Returns every place of the gazetteer.
    pub fn places(&self) -> Result<Vec<Place>> {
        self.store
            .places()
            .map_err(|source| self.store_error(source))
    }

    /// Adds places to the gazetteer, or names to places it has.
    pub fn add_places(&mut self, places: &[Place]) -> Result<()> {
        self.write(|transaction| {
            for place in places {
                transaction.add_place(place)?;
            }
            Ok(())
        })?;
        self.gazetteer = std::sync::OnceLock::new();
        Ok(())
    }

    /// Looks up each name of a filter, noting the ones that match nothing.
    fn resolve_names<T>(
        &self,
        names: &[String],
        what: &str,
        notes: &mut Vec<String>,
        lookup: impl Fn(&str) -> std::result::Result<Vec<T>, StoreError>,
    ) -> Result<Vec<T>> {
        let mut found = Vec::new();
        for name in names {
            let matching = lookup(name).map_err(|source| self.store_error(source))?;
            if matching.is_empty() {
                // A name in double quotes asks for that name exactly (see
                // `Store::speakers_matching`); quoting it again would read `"\"Name\""`.
                let exact = name
                    .trim()
                    .strip_prefix('"')
                    .and_then(|rest| rest.strip_suffix('"'));
                notes.push(match exact {
                    Some(exact) => format!("no {what} is named exactly {}", quoted(exact)),
                    None => format!("no {what} matches {}", quoted(name)),
                });
            }
            found.extend(matching);
        }
        Ok(found)
    }

    /// Returns one statement.
    pub fn statement(&self, id: StatementId) -> Result<Option<Statement>> {
        self.store
            .statement(id)
            .map_err(|source| self.store_error(source))
    }

    /// Returns the statements the readings of a user's argument find (see
    /// [`Store::statements_named`]).
    pub fn statements_named(
        &self,
        names: &[StatementName],
    ) -> Result<Vec<(StatementName, StatementId)>> {
        self.store
            .statements_named(names)
            .map_err(|source| self.store_error(source))
    }

    /// Returns the statements with these ids in one read, in the order given, deleted
    /// ones included; ids the archive does not hold are skipped. This is how a search
    /// reads its page.
    pub fn statements(&self, ids: &[StatementId]) -> Result<Vec<Statement>> {
        self.store
            .reading(|| self.store.statements(ids))
            .and_then(|read| read)
            .map_err(|source| self.store_error(source))
    }

    /// Returns the distinct roles the live statements state, with the number of
    /// statements stating each, most stated first.
    pub fn statement_roles(&self) -> Result<Vec<(String, u64)>> {
        self.store
            .statement_roles()
            .map_err(|source| self.store_error(source))
    }

    /// Returns every speaker with statement counts and dates.
    pub fn speakers(&self) -> Result<Vec<Speaker>> {
        self.speakers_selected(None)
    }

    /// Returns the speakers with these ids, as [`Archive::speakers`] lists them and in its
    /// order: only their records are read, and only their statements counted.
    pub fn speakers_with_ids(&self, ids: &[SpeakerId]) -> Result<Vec<Speaker>> {
        // Not a read of every speaker for no one (6,266 speakers: 0.15 s of CPU before
        // `speakers show` said that it found no one).
        if ids.is_empty() {
            return Ok(Vec::new());
        }
        self.speakers_selected(Some(ids))
    }

    /// [`Archive::speakers`] of every speaker (None) or of those with these ids.
    fn speakers_selected(&self, selection: Option<&[SpeakerId]>) -> Result<Vec<Speaker>> {
        // One read transaction for the three queries per speaker: each alone took and
        // gave back the database's lock (6,266 speakers: 0.33 -> 0.06 s).
        let mut speakers = self
            .store
            .reading(|| match selection {
                Some(ids) => self.store.speakers_with_ids(ids),
                None => self.store.speakers(),
            })
            .and_then(|read| read)
            .map_err(|source| self.store_error(source))?;
        if speakers.is_empty() {
            return Ok(speakers);
        }
        let (filter, _) = self.resolve_filter(&SearchRequest::default(), None, &self.index)?;
        let Some(mut filter) = filter else {
            return Ok(speakers);
        };
        if selection.is_some() {
            // Their statements alone counted.
            filter.speakers = speakers.iter().map(|speaker| speaker.id).collect();
        }
        // The counts and dates in one pass over the index's columns: the dates read in the
        // database were a read of every speaker's last year of rows (6,266 speakers, 274,560
        // statements: 0.12 s warm, 0.5 s cold), as its index by speaker and start holds
        // neither the end nor the deletion.
        let by_speaker = self
            .index
            .statements_by_speaker(&filter)
            .map_err(|source| self.index_error(source))?;
        for speaker in &mut speakers {
            if let Some(found) = by_speaker.get(&speaker.id.0) {
                speaker.statements = found.count;
                speaker.first_date = Some(PartialDate::of_period(found.first.0, found.first.1));
                speaker.last_date = Some(PartialDate::of_period(found.last.0, found.last.1));
            }
        }
        Ok(speakers)
    }

    /// Returns the names of the organizations live statements are recorded under (which
    /// `--org` filters by), in no order: a walk of the index's terms, not a count of every
    /// statement.
    pub fn organizations_of_statements(&self) -> Result<Vec<String>> {
        let held = self
            .index
            .organizations_held()
            .map_err(|source| self.index_error(source))?;
        let mut names = self
            .store
            .organization_names()
            .map_err(|source| self.store_error(source))?;
        Ok(held.iter().filter_map(|id| names.remove(id)).collect())
    }

    /// Returns the names of the organizations that `--org WORDS` would match (every
    /// folded word of `words` is a word of the name), sorted.
    pub fn organizations_matching(&self, words: &str) -> Result<Vec<String>> {
        let names = self
            .store
            .organization_names()
            .map_err(|source| self.store_error(source))?;
        let mut matching: Vec<String> = names
            .into_values()
            .filter(|name| crate::fold::words_match(words, name))
            .collect();
        matching.sort();
        Ok(matching)
    }

    /// Returns counts for `stats`. The statements by country, kind, language and channel
    /// come from the index's columns, as `facets` counts them: in the database each was a
    /// scan of the whole table (4.5 s for the lot at a million statements).
    pub fn stats(&self) -> Result<Stats> {
        let stored = self
            .store
            .stored_counts()
            .map_err(|source| self.store_error(source))?;
        let [countries, kinds, languages, channels] = self.counts_of([
            Dimension::Country,
            Dimension::Kind,
            Dimension::Language,
            Dimension::Channel,
        ])?;
        // Every statement has one kind.
        let statements = kinds.iter().map(|(_, count)| count).sum();
        let labelled = |counts: Vec<(Option<String>, u64)>| {
            counts
                .into_iter()
                .map(|(label, count)| (label.unwrap_or_default(), count))
                .collect()
        };
        Ok(Stats {
            statements,
            deleted: stored.rows.saturating_sub(statements),
            speakers: stored.speakers,
            organizations: stored.organizations,
            sources: stored.sources,
            countries,
            kinds: labelled(kinds),
            languages: labelled(languages),
            channels,
            first_date: stored.first_date,
            last_date: stored.last_date,
        })
    }

    /// The statements per value of each label dimension (None: without one), the most
    /// frequent first, then by value: one pass over the index for all of them, each
    /// dimension counted apart in an array of its own, where their combinations were
    /// hashed for every statement (session 16).
    fn counts_of<const N: usize>(&self, dimensions: [Dimension; N]) -> Result<[LabelCounts; N]> {
        let groupings = dimensions.each_ref().map(std::slice::from_ref);
        let (counts, _) = self.count_each(&SearchRequest::default(), &groupings)?;
        let mut sums: [std::collections::HashMap<Option<String>, u64>; N] =
            std::array::from_fn(|_| Default::default());
        for (sum, counts) in sums.iter_mut().zip(counts) {
            for (key, count) in counts {
                let label = match key.into_iter().next() {
                    Some(DimensionValue::Label(label)) => Some(label),
                    _ => None,
                };
                *sum.entry(label).or_default() += count;
            }
        }
        Ok(sums.map(|sum| {
            let mut counts: LabelCounts = sum.into_iter().collect();
            counts
                .sort_by(|(a, a_count), (b, b_count)| b_count.cmp(a_count).then_with(|| a.cmp(b)));
            counts
        }))
    }

    /// Before the one page of hits a process reads and prints before it exits: see
    /// [`Store::begin_short_read`].
    pub fn begin_short_read(&self) {
        self.store.begin_short_read();
    }

    /// Before reading the whole archive (an export, a check): see
    /// [`Store::begin_long_read`].
    pub fn begin_long_read(&self) {
        self.store.begin_long_read();
    }

    /// Calls `visit` with every statement in id order.
    pub fn for_each_statement(
        &self,
        include_deleted: bool,
        visit: impl FnMut(Statement) -> std::io::Result<()>,
    ) -> std::result::Result<(), Box<dyn std::error::Error + Send + Sync>> {
        self.store.for_each_statement(include_deleted, visit)
    }

    /// Compares the index with the store, statement by statement: which statements each
    /// holds, and the values the index keeps in its columns, which its filters and
    /// counts read instead of the store's. One pass over each, in id order.
    pub fn check(&self) -> Result<CheckReport> {
        let version = self.store.schema_version();
        let older_schema = (version < crate::store::SCHEMA_VERSION).then_some(version);
        let indexed = match self.index.statement_labels() {
            Ok(indexed) => indexed,
            Err(IndexError::Damaged(problem)) => {
                return Ok(CheckReport {
                    statements: self
                        .store
                        .statement_count()
                        .map_err(|source| self.store_error(source))?,
                    state: Some(format!("damaged ({problem})")),
                    older_schema,
                    ..CheckReport::default()
                })
            }
            Err(source) => return Err(self.index_error(source)),
        };
        let mut report = CheckReport {
            indexed: indexed.len() as u64,
            older_schema,
            ..CheckReport::default()
        };
        let mut index_position = 0;
        let id_at = |position: usize| (position < indexed.len()).then(|| indexed.id(position));
        self.store
            .for_each_indexed_labels(|stored| {
                report.statements += 1;
                while let Some(id) = id_at(index_position) {
                    if id >= stored.id {
                        break;
                    }
                    report.extra.push(id);
                    index_position += 1;
                }
                if id_at(index_position) != Some(stored.id) {
                    report.missing.push(stored.id);
                    return;
                }
                if !indexed.holds(index_position, &stored) {
                    report.differing.push(DifferingStatement {
                        id: stored.id,
                        fields: stored.differences(&indexed.labels(index_position)),
                    });
                }
                index_position += 1;
                while id_at(index_position) == Some(stored.id) {
                    if report.duplicated.last() != Some(&stored.id) {
                        report.duplicated.push(stored.id);
                    }
                    index_position += 1;
                }
            })
            .map_err(|source| self.store_error(source))?;
        report
            .extra
            .extend((index_position..indexed.len()).map(|position| indexed.id(position)));
        let rows = self
            .store
            .row_count()
            .map_err(|source| self.store_error(source))?;
        report.deleted = rows.saturating_sub(report.statements);
        report.state = match &self.index_problem {
            Some(problem) => Some(problem.to_string()),
            None => match self.index.damaged_files() {
                Ok(damaged) if !damaged.is_empty() => Some(format!(
                    "damaged: checksums do not match in {}",
                    damaged.join(", ")
                )),
                Err(error) => Some(format!("damaged ({error})")),
                Ok(_) => self.index_lag()?.map(|lag| lag.to_string()),
            },
        };

        Ok(report)
    }

    /// Brings the index up to the database, first waiting for another process that
    /// writes: its index commit comes a moment after its database commit, and `check`
    /// must not take that moment for damage. Returns the statements re-indexed.
    pub fn catch_up_waiting(&mut self) -> Result<u64> {
        let mut updater = self.index_writer(Workload::Some)?;
        let caught_up = self.catch_up(&mut updater)?;
        self.finish(updater)?;
        Ok(caught_up)
    }

    /// Indexes `ids` again from the store (those it no longer holds leave the index),
    /// after the changes queued, if any: the repair of statements `check` found indexed
    /// with other values ([`CheckReport::differing`]). Returns how many were indexed again.
    pub fn reindex_statements(&mut self, ids: &[StatementId]) -> Result<u64> {
        let mut updater = self.index_writer(Workload::Some)?;
        self.catch_up(&mut updater)?;
        for &id in ids {
            self.index_again(&mut updater, id)?;
        }
        self.finish(updater)?;
        Ok(ids.len() as u64)
    }

    /// Rebuilds the index from the store; returns the number of statements indexed.
    pub fn reindex(&mut self) -> Result<u64> {
        let mut updater = self.index_writer(Workload::Everything)?;
        let count = self.rebuild(&mut updater)?;
        if self.stopping() {
            // Dropped uncommitted: the index stays as its last commit left it.
            return Err(ArchiveError::Interrupted);
        }
        self.observer.tell(Stage::Writing {
            database_indexes: false,
        });
        self.finish(updater)?;
        Ok(count)
    }

    /// Joins the index's segments into one; returns how many there were. A load leaves
    /// one per indexing thread and memory's worth (two for a million statements), and
    /// each later write one more (a small index's write merges four), and every search process
    /// opens every segment's files: joined, it starts faster. The store is not touched,
    /// and the index reflects the same state of it after the merge as before.
    pub fn compact(&mut self) -> Result<usize> {
        let mut updater = self.index_writer(Workload::Some)?;
        let segments = updater
            .merge_all_segments()
            .map_err(|source| self.index_error(source))?;
        updater
            .finish()
            .map_err(|source| self.index_error(source))?;
        Ok(segments)
    }

    /// Returns how many segments the index is in (see [`Archive::compact`]).
    pub fn index_segment_count(&self) -> usize {
        self.index.segment_count()
    }

    /// Runs one change in a store transaction and brings the index along in the same
    /// write, with the same guarantees as ingest.
    fn write<T>(
        &mut self,
        change: impl FnOnce(&mut WriteTransaction<'_>) -> std::result::Result<T, StoreError>,
    ) -> Result<T> {
        let mut updater = self.index_writer(Workload::Some)?;
        self.catch_up(&mut updater)?;
        let (archive_id, start) = self
            .store
            .index_reference()
            .map_err(|source| self.store_error(source))?;
        let paths = self.paths();
        let mut transaction = self
            .store
            .begin_write()
            .map_err(|source| paths.store_error(source))?;
        let value = change(&mut transaction).map_err(|source| paths.store_error(source))?;
        for id in transaction
            .changed_after(start)
            .map_err(|source| paths.store_error(source))?
        {
            reindex_statement(&mut transaction, &mut updater, id, &paths)?;
        }
        let sequence = commit_both(
            transaction,
            &mut updater,
            archive_id,
            &paths,
            None,
            &self.observer,
        )?;
        self.after_commit(updater, sequence, &paths)?;
        Ok(value)
    }

    /// Makes `change` to each statement of `ids` in one [`Archive::write`]: the first
    /// that fails takes back all.
    fn write_each<T>(
        &mut self,
        ids: &[StatementId],
        mut change: impl FnMut(
            &mut WriteTransaction<'_>,
            StatementId,
        ) -> std::result::Result<T, StoreError>,
    ) -> Result<Vec<T>> {
        self.write(|transaction| ids.iter().map(|&id| change(transaction, id)).collect())
    }

    /// Finishes a write whose SQLite transaction committed. The write has happened: if the
    /// index could not commit, it is said in a warning, not an error, and the queue stays
    /// for the next command to replay.
    fn after_commit(
        &mut self,
        updater: IndexUpdater,
        sequence: Option<i64>,
        paths: &ArchivePaths,
    ) -> Result<()> {
        let Some(sequence) = sequence else {
            self.warnings.push(
                "the statements are stored, but the index could not be updated; the next command brings it up to date \
                 (or run `communique reindex`)"
                    .to_string(),
            );
            return Ok(());
        };
        if let Err(source) = updater.finish() {
            self.warnings.push(format!(
                "the index was updated but could not be reloaded ({})",
                paths.index_error(source)
            ));
        }
        self.store
            .trim_changes(sequence)
            .map_err(|source| self.store_error(source))?;
        Ok(())
    }

    /// Returns, and forgets, what the last writes want the user to know although they
    /// succeeded.
    pub fn take_warnings(&mut self) -> Vec<String> {
        std::mem::take(&mut self.warnings)
    }

    fn paths(&self) -> ArchivePaths {
        ArchivePaths {
            database: self.database_path(),
            index: self.directory.join(INDEX_DIRECTORY),
        }
    }

    /// What `repair` does for an archive this process may only read: nothing can be
    /// mended, so a damaged index is an error and one behind the database a warning.
    fn look_without_repairing(&mut self) -> Result<()> {
        if let Some(problem) = &self.index_problem {
            return Err(
                self.index_error(IndexError::Io(std::io::Error::other(format!(
                    "{problem}; the archive is read-only here, so the index cannot be rebuilt: \
                 open it once with permission to write it"
                )))),
            );
        }
        if let Some(lag) = self.index_lag()? {
            self.warnings.push(format!(
                "the index was {lag} and the archive is read-only here, so it was not brought up \
                 to date: searches may miss statements or show some no longer there"
            ));
        }
        Ok(())
    }

    /// Brings the index up to the database, and says once what was found and done: an
    /// index replaced because it could not be used is then also one never committed,
    /// which is the same repair, not a second one.
    fn repair(&mut self) -> Result<()> {
        let replaced = self.replace_unusable_index()?;
        let lag = self.index_lag()?;
        let found = match (&replaced, lag) {
            (Some(found), _) => found.clone(),
            (None, Some(lag)) => format!("the index was {lag}"),
            (None, None) => return Ok(()),
        };
        let Some(lag) = lag else {
            // A database that never held a statement: the new, empty index is its index.
            self.repairs.push(format!(
                "{found}; it was replaced by an empty one, as the database holds no statements"
            ));
            return Ok(());
        };
        let workload = match lag {
            IndexLag::Behind { .. } => Workload::Some,
            _ => Workload::Everything,
        };
        let mut updater = match self.index.writer(workload) {
            Ok(updater) => updater,
            // Another process is writing; it brings the index up to date itself, and until
            // then searches see the last committed state: a moment behind, or, while it
            // rebuilds the whole index, little or nothing, which must not pass for an
            // answer.
            Err(IndexError::Busy) => {
                if workload == Workload::Everything {
                    self.warnings.push(format!(
                        "{found}, and another process is rebuilding it: until it has \
                         finished, searches miss statements"
                    ));
                }
                return Ok(());
            }
            Err(source) => return Err(self.index_error(source)),
        };
        let repaired = self.catch_up(&mut updater)?;
        self.finish(updater)?;
        match lag {
            // Behind only by changes another process has replayed since it looked.
            IndexLag::Behind { .. } if repaired == 0 => {}
            IndexLag::Behind { .. } => self.repairs.push(format!(
                "{found}; it was brought up to date ({repaired} {} reindexed)",
                plural(repaired, "statement", "statements")
            )),
            _ => self.repairs.push(format!(
                "{found}; it was rebuilt from the database ({repaired} {} indexed)",
                plural(repaired, "statement", "statements")
            )),
        }
        Ok(())
    }

    /// Replaces an index that could not be used with an empty one, to be filled from the
    /// database; returns what was found wrong with it, as a clause ("the index directory
    /// was missing"), if anything. The index is derived: a damaged one is thrown away.
    fn replace_unusable_index(&mut self) -> Result<Option<String>> {
        let Some(problem) = self.index_problem.take() else {
            return Ok(None);
        };
        let index_path = self.directory.join(INDEX_DIRECTORY);
        let found = problem.found(&index_path);
        let removed = match problem {
            UnusableIndex::Missing => Ok(()),
            UnusableIndex::Unopenable(_) if index_path.is_dir() => {
                std::fs::remove_dir_all(&index_path)
            }
            UnusableIndex::Unopenable(_) => std::fs::remove_file(&index_path),
        };
        removed.map_err(|source| io_error(&index_path, source))?;
        self.index =
            SearchIndex::open_or_create(&index_path).map_err(|source| self.index_error(source))?;
        Ok(Some(found))
    }

    /// Indexes the statement `id` as the store holds it, or takes it out of the index
    /// when the store no longer holds it live.
    fn index_again(&self, updater: &mut IndexUpdater, id: StatementId) -> Result<()> {
        match self
            .store
            .indexed_statement(id)
            .map_err(|source| self.store_error(source))?
        {
            Some(statement) => updater
                .replace(&statement)
                .map_err(|source| self.index_error(source))?,
            None => updater.remove(id),
        }
        Ok(())
    }

    /// Brings `updater` up to the store's state: replays the queued changes the index has
    /// not committed, or rebuilds everything when that is not possible.
    fn catch_up(&mut self, updater: &mut IndexUpdater) -> Result<u64> {
        match self.index_lag()? {
            None => Ok(0),
            Some(IndexLag::Behind { committed, .. }) => {
                let changed = self
                    .store
                    .changed_after(committed)
                    .map_err(|source| self.store_error(source))?;
                for &id in &changed {
                    self.index_again(updater, id)?;
                }
                Ok(changed.len() as u64)
            }
            Some(_) => self.rebuild(updater),
        }
    }

    fn rebuild(&mut self, updater: &mut IndexUpdater) -> Result<u64> {
        updater.clear().map_err(|source| self.index_error(source))?;
        let mut count = 0;
        let stop = self.stop.as_deref();
        let observer = &self.observer;
        // Counted only for an observer: a rebuild on opening has none.
        let total = if observer.is_some() {
            self.store
                .statement_count()
                .map_err(|source| self.store_error(source))?
        } else {
            0
        };
        observer.tell(Stage::Indexed { done: 0, total });
        self.store
            .for_each_indexed_statement(|statement| {
                if is_set(stop) {
                    return Err(Box::new(Stopped));
                }
                count += 1;
                if count % REPORT_EVERY == 0 {
                    observer.tell(Stage::Indexed { done: count, total });
                }
                updater.add(&statement).map_err(Into::into)
            })
            .map_err(|error| match error.downcast::<Stopped>() {
                Ok(_) => ArchiveError::Interrupted,
                Err(error) => ArchiveError::Index {
                    path: self.directory.join(INDEX_DIRECTORY),
                    source: IndexError::Io(std::io::Error::other(error.to_string())),
                },
            })?;
        Ok(count)
    }

    /// How the index's committed state differs from the store, if it does.
    fn index_lag(&self) -> Result<Option<IndexLag>> {
        // The index first: it commits after SQLite, so read in this order a writer's
        // commit in between can make the index look behind, never ahead.
        let state = self
            .index
            .state()
            .map_err(|source| self.index_error(source))?;
        let (archive_id, current) = self
            .store
            .index_reference()
            .map_err(|source| self.store_error(source))?;
        let Some(state) = state else {
            let statements = self
                .store
                .statement_count()
                .map_err(|source| self.store_error(source))?;
            return Ok((statements > 0 || current > 0).then_some(IndexLag::NeverCommitted));
        };
        if state.archive_id != archive_id {
            return Ok(Some(IndexLag::OtherArchive));
        }
        if state.layout != LAYOUT_VERSION {
            return Ok(Some(IndexLag::OtherLayout));
        }
        if self.index.vocabulary_missing() {
            return Ok(Some(IndexLag::NoVocabulary));
        }
        if state.sequence > current {
            return Ok(Some(IndexLag::Ahead));
        }
        if state.sequence == current {
            return Ok(None);
        }
        // The queue can only replay what it still holds: every change after the index's
        // sequence must still be queued.
        let first = self
            .store
            .first_queued_sequence()
            .map_err(|source| self.store_error(source))?;
        match first {
            Some(first) if first <= state.sequence + 1 => Ok(Some(IndexLag::Behind {
                committed: state.sequence,
                statements: self
                    .store
                    .queued_after(state.sequence)
                    .map_err(|source| self.store_error(source))?,
            })),
            _ => Ok(Some(IndexLag::Unreplayable)),
        }
    }

    fn index_writer(&self, workload: Workload) -> Result<IndexUpdater> {
        // Every write goes through here first: a read-only archive is said to be one
        // before tantivy reports a lock file it could not create.
        if self.store.is_read_only() {
            return Err(ArchiveError::ReadOnly(self.directory.clone()));
        }
        self.index
            .writer_waiting(WRITER_PATIENCE, workload)
            .map_err(|source| match source {
                IndexError::Busy => ArchiveError::Busy,
                source => self.index_error(source),
            })
    }

    /// Commits the index as reflecting the store's current change sequence, then lets the
    /// store forget the changes it queued up to it.
    fn finish(&mut self, mut updater: IndexUpdater) -> Result<()> {
        let (archive_id, sequence) = self
            .store
            .index_reference()
            .map_err(|source| self.store_error(source))?;
        let state = IndexState {
            archive_id,
            sequence,
            layout: LAYOUT_VERSION,
        };
        let prepared = updater
            .prepare(&state)
            .map_err(|source| self.index_error(source))?;
        self.observer.tell(Stage::CommittingIndex);
        prepared
            .commit()
            .map_err(|source| self.index_error(source))?;
        self.observer.tell(Stage::Merging);
        updater
            .finish()
            .map_err(|source| self.index_error(source))?;
        // Only now may the queue forget: the index durably holds these changes.
        self.store
            .trim_changes(sequence)
            .map_err(|source| self.store_error(source))?;
        Ok(())
    }

    fn database_path(&self) -> PathBuf {
        self.directory.join(DATABASE_FILE)
    }

    fn store_error(&self, source: StoreError) -> ArchiveError {
        match source {
            StoreError::Busy => ArchiveError::Busy,
            source @ StoreError::HeldByReader => ArchiveError::HeldByReader { source },
            source => ArchiveError::Store {
                path: self.database_path(),
                source,
            },
        }
    }

    fn index_error(&self, source: IndexError) -> ArchiveError {
        ArchiveError::Index {
            path: self.directory.join(INDEX_DIRECTORY),
            source,
        }
    }
}

/// Commits a store transaction and the index changes made alongside it, in the order that
/// keeps them consistent (see ARCHITECTURE.md): the index's segments are written first,
/// then SQLite commits, then the index commit makes the segments visible with the store
/// state they reflect. Returns that state's change sequence, or None when the index
/// could not commit after SQLite did (the store is then ahead; the next open replays).
///
/// When `stop` is set at the last moment before SQLite commits, both are rolled back
/// and the error is [`ArchiveError::Interrupted`]: an input whose writer died of the
/// same Ctrl-C ends early, and must not be committed as if it were whole.
fn commit_both(
    mut transaction: WriteTransaction<'_>,
    updater: &mut IndexUpdater,
    archive_id: String,
    paths: &ArchivePaths,
    stop: Option<&AtomicBool>,
    observer: &Observer,
) -> Result<Option<i64>> {
    let sequence = transaction
        .change_sequence()
        .map_err(|source| paths.store_error(source))?;
    let state = IndexState {
        archive_id,
        sequence,
        layout: LAYOUT_VERSION,
    };
    let prepared = if transaction.has_unbuilt_indexes() {
        // After a bulk load both stores have a last stretch of work: SQLite sorts its
        // indexes on this core while the index writes its last segments on the other.
        let (prepared, built) = std::thread::scope(|scope| {
            let index_side = scope.spawn(|| updater.prepare(&state));
            let built = transaction.build_bulk_indexes();
            let prepared = index_side
                .join()
                .unwrap_or_else(|panic| std::panic::resume_unwind(panic));
            (prepared, built)
        });
        let prepared = prepared.map_err(|source| paths.index_error(source))?;
        if let Err(error) = built {
            let _ = prepared.abort();
            return Err(paths.store_error(error));
        }
        prepared
    } else {
        updater
            .prepare(&state)
            .map_err(|source| paths.index_error(source))?
    };
    if is_set(stop) {
        let _ = prepared.abort();
        return Err(ArchiveError::Interrupted);
    }
    observer.tell(Stage::CommittingDatabase);
    if let Err(error) = transaction.commit() {
        let _ = prepared.abort();
        return Err(paths.store_error(error));
    }
    observer.tell(Stage::CommittingIndex);
    // If this fails the store is ahead of the index: the next open replays the queue.
    Ok(prepared.commit().ok().map(|()| sequence))
}

/// What a long write is doing, as told to the observer of [`Archive::report_to`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Stage {
    /// A rebuild has indexed `done` of the store's `total` statements (told every
    /// [`REPORT_EVERY`] statements).
    Indexed { done: u64, total: u64 },
    /// Every statement is in: the index writes its last segments, and after a load into
    /// an empty archive SQLite builds its indexes meanwhile (`database_indexes`).
    Writing { database_indexes: bool },
    /// SQLite commits.
    CommittingDatabase,
    /// The index commits: its metadata names the new segments.
    CommittingIndex,
    /// The index merges the small segments the write left, and reloads.
    Merging,
}

/// How many statements a rebuild indexes between two reports of its count: a report per
/// statement would cost the rebuild a lock and a clock read each.
pub const REPORT_EVERY: u64 = 2048;

/// The observer of [`Archive::report_to`], or none.
#[derive(Clone, Default)]
struct Observer(Option<Arc<dyn Fn(Stage) + Send + Sync>>);

impl Observer {
    fn is_some(&self) -> bool {
        self.0.is_some()
    }

    fn tell(&self, stage: Stage) {
        if let Some(observer) = &self.0 {
            observer(stage);
        }
    }
}

/// Whether a stop flag (see [`Archive::stop_when`]) is given and set.
fn is_set(stop: Option<&AtomicBool>) -> bool {
    stop.is_some_and(|stop| stop.load(std::sync::atomic::Ordering::SeqCst))
}

/// The error that ends a walk over the statements when the stop flag is set.
#[derive(Debug, thiserror::Error)]
#[error("stopped")]
struct Stopped;

/// Brings the index's entry for one statement in line with the transaction's view of it:
/// replaced when it exists, removed when it does not (deleted).
fn reindex_statement(
    transaction: &mut WriteTransaction<'_>,
    updater: &mut IndexUpdater,
    id: StatementId,
    paths: &ArchivePaths,
) -> Result<()> {
    match transaction
        .indexed_statement(id)
        .map_err(|source| paths.store_error(source))?
    {
        Some(indexed) => updater
            .replace(&indexed)
            .map_err(|source| paths.index_error(source)),
        None => {
            updater.remove(id);
            Ok(())
        }
    }
}

/// Where errors happened, for messages; owned so that it can be used while the store is
/// borrowed by a transaction.
struct ArchivePaths {
    database: PathBuf,
    index: PathBuf,
}

impl ArchivePaths {
    fn store_error(&self, source: StoreError) -> ArchiveError {
        match source {
            StoreError::Busy => ArchiveError::Busy,
            source @ StoreError::HeldByReader => ArchiveError::HeldByReader { source },
            source => ArchiveError::Store {
                path: self.database.clone(),
                source,
            },
        }
    }

    fn index_error(&self, source: IndexError) -> ArchiveError {
        ArchiveError::Index {
            path: self.index.clone(),
            source,
        }
    }
}

/// Why the index on disk cannot be used as it is.
#[derive(Debug)]
enum UnusableIndex {
    /// The index directory does not exist (deleted, or never made).
    Missing,
    /// Opening it failed: damaged files, a file in its place, another layout.
    Unopenable(IndexError),
}

impl UnusableIndex {
    /// What was wrong, as the subject of a sentence that goes on to say what was done
    /// about it; a damaged index's own error advises `reindex`, which the repair is,
    /// so only its cause is given. `index` is looked at once more for an emptied
    /// `meta.json`, which tantivy's message says only in a quotation of the content.
    fn found(&self, index: &Path) -> String {
        match self {
            UnusableIndex::Missing => "the index directory was missing".into(),
            UnusableIndex::Unopenable(_)
                if std::fs::metadata(index.join("meta.json")).is_ok_and(|meta| meta.len() == 0) =>
            {
                "the index's list of its files (meta.json) was empty".into()
            }
            UnusableIndex::Unopenable(IndexError::Damaged(cause)) => {
                format!("the index could not be opened (damaged: {cause})")
            }
            UnusableIndex::Unopenable(error) => format!("the index could not be opened ({error})"),
        }
    }
}

/// As `check` states it: "the index is …".
impl std::fmt::Display for UnusableIndex {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            UnusableIndex::Missing => write!(f, "missing (its directory is gone)"),
            UnusableIndex::Unopenable(IndexError::Damaged(cause)) => {
                write!(f, "could not be opened (damaged: {cause})")
            }
            UnusableIndex::Unopenable(error) => write!(f, "could not be opened ({error})"),
        }
    }
}

/// How an index's committed state differs from the store.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum IndexLag {
    NeverCommitted,
    OtherArchive,
    OtherLayout,
    /// The words prefix queries expand against are gone.
    NoVocabulary,
    Ahead,
    /// The index reflects the store up to change `committed`; `statements` changed since.
    Behind {
        committed: i64,
        statements: u64,
    },
    Unreplayable,
}

impl std::fmt::Display for IndexLag {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            IndexLag::NeverCommitted => write!(f, "empty or never committed"),
            IndexLag::OtherArchive => write!(f, "built for another archive"),
            IndexLag::OtherLayout => write!(f, "built by another version of communique"),
            IndexLag::NoVocabulary => write!(f, "missing its vocabulary file"),
            IndexLag::Ahead => write!(f, "ahead of the database (restored from an older copy?)"),
            IndexLag::Behind { statements, .. } => {
                write!(
                    f,
                    "behind the database by {statements} {}",
                    plural(*statements, "statement change", "statement changes")
                )
            }
            IndexLag::Unreplayable => write!(f, "too far behind the database to catch up"),
        }
    }
}

fn io_error(path: &Path, source: std::io::Error) -> ArchiveError {
    ArchiveError::Io {
        path: path.to_path_buf(),
        source,
    }
}

/// Holds the lock that makes creations of one archive directory take turns, until
/// dropped. On Unix the directory itself is locked, so creating leaves no file behind;
/// elsewhere a lock file beside the database is kept for the purpose.
/// Refuses a database name in `directory` taken by a directory, an empty file or anything
/// but a file: SQLite would read an empty file as an empty database, and `init` would call
/// either "an archive already exists".
fn database_is_in_place(path: &Path, metadata: &std::fs::Metadata) -> Result<()> {
    let found = if metadata.is_dir() {
        "a directory"
    } else if !metadata.is_file() {
        "not a regular file"
    } else if metadata.len() == 0 && !has_write_ahead_log(path) {
        "an empty file"
    } else {
        return Ok(());
    };
    Err(ArchiveError::DatabaseInTheWay {
        path: path.to_path_buf(),
        found,
    })
}

/// Whether SQLite's write-ahead log beside `database` holds anything: a database in WAL
/// mode may be an empty file until the log is first checkpointed into it.
fn has_write_ahead_log(database: &Path) -> bool {
    let mut log = database.as_os_str().to_owned();
    log.push("-wal");
    std::fs::metadata(log).is_ok_and(|metadata| metadata.len() > 0)
}

fn lock_for_creation(directory: &Path) -> Result<std::fs::File> {
    #[cfg(unix)]
    let file = std::fs::File::open(directory);
    #[cfg(not(unix))]
    let file = std::fs::OpenOptions::new()
        .create(true)
        .truncate(false)
        .write(true)
        .open(directory.join(format!("{DATABASE_FILE}.creating.lock")));
    let file = file.map_err(|source| io_error(directory, source))?;
    file.lock().map_err(|source| io_error(directory, source))?;
    Ok(file)
}

/// Returns a new random archive id: 128 bits from the OS's hash seed and the clock are
/// plenty to tell archives apart, without a dependency for UUIDs.
fn new_archive_id() -> String {
    use std::hash::{BuildHasher, Hasher};
    let mut first = std::collections::hash_map::RandomState::new().build_hasher();
    let nanos = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |duration| duration.as_nanos());
    first.write_u128(nanos);
    first.write_u32(std::process::id());
    let mut second = std::collections::hash_map::RandomState::new().build_hasher();
    second.write_u64(first.finish());
    format!("{:016x}{:016x}", first.finish(), second.finish())
}

/// What the upgrade that rewrote the names' keys (schema version 5) tells the user, one
/// sentence each: the speakers whose names are now one, with the merge that joins them if
/// they are one speaker, and the organisations it joined. Said once: the upgrade runs once.
fn name_key_notices(rewrite: &crate::store::NameKeyRewrite) -> Vec<String> {
    const WHY: &str = "names now fold as the words of texts: a soft hyphen or a joiner inside a \
                       word no longer parts it, ς is σ, և and եւ are եվ";
    let mut notices = Vec::new();
    for group in &rewrite.speakers_sharing_a_name {
        let names: Vec<String> = group
            .iter()
            .map(|(id, name)| format!("#{id} {}", quoted(name)))
            .collect();
        let ids: Vec<String> = group.iter().map(|(id, _)| id.to_string()).collect();
        let each = match group.len() {
            2 => "both",
            _ => "all",
        };
        notices.push(format!(
            "speakers {} now have one name ({WHY}); {each} are kept, and `--speaker` finds \
             {each}: if they are one speaker, `communique speakers merge {}` joins them",
            names.join(" and "),
            ids.join(" ")
        ));
    }
    if !rewrite.names_keeping_vowel_signs.is_empty() {
        const SHOWN: usize = 10;
        let names = &rewrite.names_keeping_vowel_signs;
        let mut listed: Vec<String> = names
            .iter()
            .take(SHOWN)
            .map(|name| quoted(name).to_string())
            .collect();
        if names.len() > SHOWN {
            listed.push(format!("and {} more", names.len() - SHOWN));
        }
        notices.push(format!(
            "names now keep the vowel signs of Indic and South-East Asian scripts (अजय सिंह is \
             not अजय साहू): before, a record whose speaker or organization differed from {} \
             only in its vowel signs was filed under it, and its own name was not kept; check \
             their statements (`communique search --speaker NAME`), and give one its speaker \
             with `communique edit ID --set speaker=NAME --reason WHY`",
            listed.join(", ")
        ));
    }
    for (kept, absorbed) in &rewrite.organizations_joined {
        for name in absorbed {
            notices.push(format!(
                "the organization {} is now {} ({WHY}): one organization, with the \
                 statements, speakers and roles of both",
                quoted(name),
                quoted(kept)
            ));
        }
    }
    notices
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A new archive in `directory` holding the statements of the JSON Lines `lines`,
    /// written to a file and ingested as the `ingest` command reads one.
    fn ingested_archive(directory: &std::path::Path, lines: &str) -> Archive {
        let file = directory.join("statements.jsonl");
        std::fs::write(&file, lines).unwrap();
        let mut archive = Archive::create(&directory.join("archive")).unwrap();
        let records = crate::ingest::read(&file, &crate::ingest::ReadOptions::default()).unwrap();
        archive
            .ingest(records, IngestOptions::default(), "2026-01-01T00:00:00Z")
            .unwrap();
        archive
    }

    /// A year before 1800 is most likely of another calendar: the note gives the
    /// Gregorian years it would be, Solar Hijri and Hijri (1403 SH began in March 2024,
    /// 1445 AH in July 2023, 1300 AH in November 1882).
    #[test]
    fn a_year_before_1800_is_read_in_the_other_calendars() {
        assert!(other_calendar_note(1403)
            .contains("1403 as a Solar Hijri year is 2024/25, as a Hijri year 1982/83"));
        assert!(other_calendar_note(1445)
            .contains("1445 as a Solar Hijri year is 2066/67, as a Hijri year 2023/24"));
        assert!(other_calendar_note(1300).contains("as a Hijri year 1882/83"));
        assert_eq!(other_calendar_note(24), "most likely a typo");
    }

    /// `check` compared the statements' ids only: a statement the index held with
    /// another speaker, country, tag or date (its filters' and counts' answers) went
    /// unseen. It is named with the fields that differ, and indexed again from the store.
    #[test]
    fn check_finds_and_reindexes_statements_indexed_with_other_values() {
        let directory = tempfile::tempdir().unwrap();
        let lines = concat!(
            r#"{"text": "First.", "speaker": "Dmitry Peskov", "date": "2024-02-13", "country": "RU", "tags": ["border"]}"#,
            "\n",
            r#"{"text": "Second.", "speaker": "Vaqif Dərgahlı", "date": "2024-02", "channel": "telegram", "tags": ["b", "a"]}"#,
            "\n",
            r#"{"text": "Third.", "speaker": "Dmitry Peskov", "date": "2024-02-14", "language": "ru"}"#,
            "\n",
        );
        let mut archive = ingested_archive(directory.path(), lines);
        let healthy = archive.check().unwrap();
        assert!(healthy.is_consistent(), "{healthy:?}");
        assert_eq!((healthy.statements, healthy.indexed), (3, 3));

        let stored = |id| {
            archive
                .store
                .indexed_statement(StatementId(id))
                .unwrap()
                .unwrap()
        };
        let mut second = stored(2);
        second.country = Some("AM".to_string());
        second.tags = vec!["a".to_string(), "c".to_string()];
        let mut third = stored(3);
        third.speaker_id = stored(2).speaker_id;
        third.first_day = third.first_day.pred_opt().unwrap();
        third.language = "en".to_string();
        let mut first = stored(1);
        // The same tags in another order are the same tags.
        first.tags.reverse();
        let mut updater = archive.index_writer(Workload::Some).unwrap();
        for statement in [&first, &second, &third] {
            updater.replace(statement).unwrap();
        }
        archive.finish(updater).unwrap();

        let report = archive.check().unwrap();
        assert_eq!(
            report.differing,
            [
                DifferingStatement {
                    id: StatementId(2),
                    fields: vec!["country", "tag"],
                },
                DifferingStatement {
                    id: StatementId(3),
                    fields: vec!["speaker", "language", "date"],
                },
            ]
        );
        assert!(report.only_values_differ() && !report.is_consistent());
        assert_eq!((report.statements, report.indexed), (3, 3));

        assert_eq!(
            archive
                .reindex_statements(&[StatementId(2), StatementId(3)])
                .unwrap(),
            2
        );
        let repaired = archive.check().unwrap();
        assert!(repaired.is_consistent(), "{repaired:?}");
        assert_eq!((repaired.statements, repaired.indexed), (3, 3));
    }

    /// A page is read in the order of its hits, deleted statements included and unknown
    /// ids skipped, each with its speaker's, organisation's and ingest's names.
    #[test]
    fn statements_come_back_in_the_order_asked() {
        let directory = tempfile::tempdir().unwrap();
        let lines = concat!(
            r#"{"text": "First.", "speaker": "Dmitry Peskov", "date": "2024-02-13", "country": "RU"}"#,
            "\n",
            r#"{"text": "Second.", "speaker": "Vaqif Dərgahlı", "date": "2024-02-12", "organization": "Ministry of Defence"}"#,
            "\n",
            r#"{"text": "Third.", "speaker": "Dmitry Peskov", "date": "2024-02-14"}"#,
            "\n",
        );
        let mut archive = ingested_archive(directory.path(), lines);
        archive
            .delete_each(&[StatementId(1)], "a test", "2026-01-02T00:00:00Z")
            .unwrap();
        let page = archive
            .statements(&[
                StatementId(3),
                StatementId(99),
                StatementId(1),
                StatementId(2),
            ])
            .unwrap();
        let read: Vec<(i64, &str, &str, Option<&str>, bool)> = page
            .iter()
            .map(|statement| {
                (
                    statement.id.0,
                    statement.text.as_str(),
                    statement.speaker.as_str(),
                    statement.organization.as_deref(),
                    statement.deleted.is_some(),
                )
            })
            .collect();
        assert_eq!(
            read,
            vec![
                (3, "Third.", "Dmitry Peskov", None, false),
                (1, "First.", "Dmitry Peskov", None, true),
                (
                    2,
                    "Second.",
                    "Vaqif Dərgahlı",
                    Some("Ministry of Defence"),
                    false
                ),
            ]
        );
        assert_eq!(page[0].ingested_at, "2026-01-01T00:00:00Z");
        assert_eq!(page[1].country.as_deref(), Some("RU"));
    }

    /// A list of ids longer than a page of hits, with ids asked twice and ids of no
    /// statement among them, comes back as the statements asked one by one would.
    #[test]
    fn many_statements_come_back_as_each_asked_alone() {
        let directory = tempfile::tempdir().unwrap();
        let lines: String = (1..=47)
            .map(|number| {
                format!(
                    r#"{{"text": "Statement {number}.", "speaker": "Speaker {}", "date": "2024-02-{:02}"}}"#,
                    number % 5,
                    number % 28 + 1
                ) + "\n"
            })
            .collect();
        let archive = ingested_archive(directory.path(), &lines);
        // Descending, as hits newest first often are, then shuffled; 0 and 60 name none.
        let mut asked: Vec<StatementId> = (0..=60).rev().map(StatementId).collect();
        asked.extend([7, 7, 31, 0, 12, 60, 45, 45, 45, 1].map(StatementId));
        let page = archive.statements(&asked).unwrap();
        let one_by_one: Vec<Statement> = asked
            .iter()
            .filter_map(|&id| archive.statement(id).unwrap())
            .collect();
        assert_eq!(one_by_one.len(), 47 + 8);
        assert_eq!(page, one_by_one);
    }

    /// Each speaker's first date is that of the statement starting first (of one day, the
    /// first ingested), the last that of the statement ending last (of one day, the last
    /// ingested), among the live statements, whatever mix of days, months and years, as
    /// the index gives them; a speaker read alone is the one the listing has.
    #[test]
    fn speakers_dates_are_their_first_start_and_last_end_of_live_statements() {
        let speakers = ["Speaker One", "Speaker Two", "Speaker Three"];
        // A fixed sequence of choices (a linear congruential generator), so that a
        // failure reproduces.
        let mut state: u64 = 0x2545_f491_4f6c_dd1d;
        let mut next = |bound: u64| {
            state = state
                .wrapping_mul(6_364_136_223_846_793_005)
                .wrapping_add(1_442_695_040_888_963_407);
            (state >> 33) % bound
        };
        for round in 0..4 {
            let directory = tempfile::tempdir().unwrap();
            // (speaker, id, date, deleted)
            let mut written = Vec::new();
            let mut lines = String::new();
            for n in 0..(4 + next(30)) {
                let year = 2022 + next(3);
                let month = 1 + next(12);
                let day = 1 + next(28);
                let date = match next(3) {
                    0 => format!("{year}"),
                    1 => format!("{year}-{month:02}"),
                    _ => format!("{year}-{month:02}-{day:02}"),
                };
                let speaker = speakers[next(3) as usize];
                lines.push_str(
                    &serde_json::json!({"text": format!("Statement {round} {n}."),
                        "speaker": speaker, "date": date})
                    .to_string(),
                );
                lines.push('\n');
                written.push((
                    speaker,
                    n as i64 + 1,
                    PartialDate::parse(&date).unwrap(),
                    next(4) == 0,
                ));
            }
            let mut archive = ingested_archive(directory.path(), &lines);
            for (_, id, _, deleted) in &written {
                if *deleted {
                    archive
                        .delete_each(&[StatementId(*id)], "a test", "2026-01-02T00:00:00Z")
                        .unwrap();
                }
            }
            let live = || written.iter().filter(|(.., deleted)| !deleted);
            let listed = archive.speakers().unwrap();
            for speaker in &listed {
                let own = || live().filter(|(name, ..)| *name == speaker.name);
                let last = own()
                    .max_by_key(|(_, id, date, _)| (date.last_day(), *id))
                    .map(|(_, _, date, _)| *date);
                assert_eq!(speaker.last_date, last, "round {round}, {}", speaker.name);
                let first = own()
                    .min_by_key(|(_, id, date, _)| (date.first_day(), *id))
                    .map(|(_, _, date, _)| *date);
                assert_eq!(speaker.first_date, first, "round {round}, {}", speaker.name);
                assert_eq!(speaker.statements, own().count() as u64, "round {round}");
                assert_eq!(
                    archive.speakers_with_ids(&[speaker.id]).unwrap(),
                    std::slice::from_ref(speaker),
                    "round {round}"
                );
            }
        }
    }

    /// Hits come a page at a time, in the order of one search, the last page short, and
    /// the pages stop when the visitor says so; a search matching nothing calls it once.
    #[test]
    fn a_search_in_pages_gives_its_hits_in_order_a_page_at_a_time() {
        let directory = tempfile::tempdir().unwrap();
        let lines: String = (1..=7)
            .map(|day| {
                format!(
                    "{{\"text\": \"Restraint, day {day}.\", \"speaker\": \"A\", \"date\": \"2024-02-{day:02}\"}}\n"
                )
            })
            .collect();
        let archive = ingested_archive(directory.path(), &lines);
        let request = SearchRequest {
            query: Some(Query::parse("restraint").unwrap()),
            ordering: Some(Ordering::Oldest),
            limit: usize::MAX,
            offset: 1,
            ..SearchRequest::default()
        };
        let mut pages: Vec<Vec<i64>> = Vec::new();
        let summary = archive
            .search_in_pages(&request, 2, |summary, hits| {
                assert_eq!(summary.total, 7);
                pages.push(hits.iter().map(|hit| hit.statement.id.0).collect());
                true
            })
            .unwrap();
        assert_eq!(summary.total, 7);
        assert_eq!(pages, [vec![2, 3], vec![4, 5], vec![6, 7]]);
        let whole = archive.search(&request).unwrap();
        let ids: Vec<i64> = whole.hits.iter().map(|hit| hit.statement.id.0).collect();
        assert_eq!(ids, pages.concat());

        let mut calls = 0;
        archive
            .search_in_pages(&request, 2, |_, _| {
                calls += 1;
                false
            })
            .unwrap();
        assert_eq!(calls, 1, "the visitor stopped the pages");
        let nothing = SearchRequest {
            query: Some(Query::parse("nowhere").unwrap()),
            ..request
        };
        let mut visits = Vec::new();
        archive
            .search_in_pages(&nothing, 2, |summary, hits| {
                visits.push((summary.total, hits.len()));
                true
            })
            .unwrap();
        assert_eq!(visits, [(0, 0)]);
    }

    /// An index committed by another layout (before version 6 a word with ə was not
    /// indexed under its reading with "e"; before version 8 a run of Chinese characters
    /// was one word) is rebuilt when the archive opens: searches then answer as this
    /// build analyses.
    #[test]
    fn an_index_of_an_older_layout_is_rebuilt_when_the_archive_opens() {
        let directory = tempfile::tempdir().unwrap();
        let file = directory.path().join("statements.jsonl");
        std::fs::write(
            &file,
            r#"{"text": "Ermənistan tərəfi atəş açıb. 中方呼吁双方保持克制。", "speaker": "Vaqif Dərgahlı", "date": "2024-02-12"}"#,
        )
        .unwrap();
        let path = directory.path().join("archive");
        let mut archive = Archive::create(&path).unwrap();
        let records = crate::ingest::read(&file, &crate::ingest::ReadOptions::default()).unwrap();
        archive
            .ingest(records, IngestOptions::default(), "2026-01-01T00:00:00Z")
            .unwrap();
        // What an older build left: an index that does not answer as this one does
        // (here it holds nothing at all), committed with its own layout number.
        let state = archive.index.state().unwrap().unwrap();
        let mut updater = archive.index.writer(Workload::Some).unwrap();
        updater.clear().unwrap();
        updater
            .commit(&IndexState {
                layout: LAYOUT_VERSION - 1,
                ..state
            })
            .unwrap();
        drop(archive);

        let archive = Archive::open(&path).unwrap();
        for query in ["Ermenistan", "克制"] {
            let found = archive
                .search(&SearchRequest {
                    query: Some(Query::parse(query).unwrap()),
                    limit: 10,
                    snippet_chars: 160,
                    ..SearchRequest::default()
                })
                .unwrap();
            assert_eq!(found.total, 1, "{query}");
        }
        assert_eq!(
            archive.index.state().unwrap().map(|state| state.layout),
            Some(LAYOUT_VERSION)
        );
    }

    #[test]
    fn hits_asked_without_snippets_have_none_and_no_places() {
        let directory = tempfile::tempdir().unwrap();
        let lines = r#"{"text": "Shelling near Nerkin Hand again.", "speaker": "Defence Ministry", "date": "2024-02-12"}"#;
        let archive = ingested_archive(directory.path(), lines);
        let search = |snippet_chars| {
            archive
                .search(&SearchRequest {
                    query: Some(Query::parse("shelling").unwrap()),
                    limit: 10,
                    snippet_chars,
                    ..SearchRequest::default()
                })
                .unwrap()
                .hits
        };
        let with = search(160);
        assert_eq!(with.len(), 1);
        assert!(!with[0].snippet.highlights.is_empty());
        let without = search(0);
        assert_eq!(without.len(), 1);
        assert_eq!(without[0].statement, with[0].statement);
        assert_eq!(without[0].score, with[0].score);
        assert_eq!(without[0].snippet, Snippet::default());
        assert!(without[0].places.is_empty());
    }
}
