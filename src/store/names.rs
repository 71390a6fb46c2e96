//! The names a statement's row refers to by id: its speaker's name, kind and country, its
//! organisation's name and when its ingest ran; and the speakers a name given to
//! `--speaker` found.
//!
//! A page of hits used to join them in: three more tables searched for each of its rows,
//! a quarter of the time a filters-only search takes once warm, and a four-table join to
//! plan in every fresh process. A few hundred speakers say most of what an archive holds,
//! so a connection remembers what it has looked up, until the database changes.

use std::collections::hash_map::Entry;

use rusqlite::{Connection, OptionalExtension};

use super::{invalid_column, speaker_kind_column, Result};
use crate::model::{SpeakerId, SpeakerKind};

/// What a statement shows of its speaker.
#[derive(Debug, Clone)]
pub(super) struct SpeakerNames {
    pub(super) name: String,
    pub(super) kind: SpeakerKind,
    pub(super) country: Option<String>,
}

/// Names looked up by id, valid for one state of the database.
#[derive(Debug, Default)]
pub(super) struct NameCache {
    /// `PRAGMA data_version` when these were read: another connection's commit changes
    /// it. This connection's own writes do not; they clear the cache (`Store::begin_write`).
    data_version: Option<i64>,
    speakers: foldhash::HashMap<i64, SpeakerNames>,
    organizations: foldhash::HashMap<i64, String>,
    ingests: foldhash::HashMap<i64, String>,
    /// The speakers `Store::speakers_matching` found for a query's folded words.
    speakers_by_words: foldhash::HashMap<Vec<String>, Vec<SpeakerId>>,
}

/// The most queries of speakers' names remembered: a program searching on and on with
/// ever new names must not grow without bound.
const MOST_REMEMBERED_QUERIES: usize = 256;

impl NameCache {
    /// Forgets every name, after this connection changed the database.
    pub(super) fn clear(&mut self) {
        *self = NameCache::default();
    }

    /// Forgets every name if another connection has committed since they were read.
    /// Run in the read transaction of the rows the names are for: the version is then
    /// that of the state those rows come from.
    pub(super) fn check(&mut self, connection: &Connection) -> Result<()> {
        let version: i64 = connection
            .prepare_cached("PRAGMA data_version")?
            .query_row([], |row| row.get(0))?;
        if self.data_version != Some(version) {
            self.clear();
            self.data_version = Some(version);
        }
        Ok(())
    }

    /// The speakers found before for these words (folded, sorted, distinct).
    pub(super) fn speakers_with_words(&self, words: &[String]) -> Option<&[SpeakerId]> {
        self.speakers_by_words.get(words).map(Vec::as_slice)
    }

    /// Remembers the speakers found for these words.
    pub(super) fn remember_speakers_with_words(
        &mut self,
        words: Vec<String>,
        speakers: Vec<SpeakerId>,
    ) {
        if self.speakers_by_words.len() >= MOST_REMEMBERED_QUERIES {
            self.speakers_by_words.clear();
        }
        self.speakers_by_words.insert(words, speakers);
    }

    /// The speaker with this id.
    pub(super) fn speaker(&mut self, connection: &Connection, id: i64) -> Result<&SpeakerNames> {
        match self.speakers.entry(id) {
            Entry::Occupied(entry) => Ok(entry.into_mut()),
            Entry::Vacant(entry) => {
                let found = connection
                    .prepare_cached("SELECT name, kind, country FROM speakers WHERE id = ?1")?
                    .query_row([id], |row| {
                        Ok(SpeakerNames {
                            name: row.get(0)?,
                            kind: speaker_kind_column(row, 1)?,
                            country: row.get(2)?,
                        })
                    })
                    .optional()?
                    // The schema's foreign key makes this a damaged database.
                    .ok_or_else(|| invalid_column(3, &format!("speaker {id}")))?;
                Ok(entry.insert(found))
            }
        }
    }

    /// The name of the organisation with this id; None if there is none (as the outer
    /// join this replaces gave).
    pub(super) fn organization(
        &mut self,
        connection: &Connection,
        id: i64,
    ) -> Result<Option<&str>> {
        match self.organizations.entry(id) {
            Entry::Occupied(entry) => Ok(Some(entry.into_mut())),
            Entry::Vacant(entry) => {
                let name: Option<String> = connection
                    .prepare_cached("SELECT name FROM organizations WHERE id = ?1")?
                    .query_row([id], |row| row.get(0))
                    .optional()?;
                Ok(name.map(|name| entry.insert(name).as_str()))
            }
        }
    }

    /// When the ingest with this id ran (RFC 3339).
    pub(super) fn ingest(&mut self, connection: &Connection, id: i64) -> Result<&str> {
        match self.ingests.entry(id) {
            Entry::Occupied(entry) => Ok(entry.into_mut()),
            Entry::Vacant(entry) => {
                let at: Option<String> = connection
                    .prepare_cached("SELECT at FROM ingests WHERE id = ?1")?
                    .query_row([id], |row| row.get(0))
                    .optional()?;
                let at = at.ok_or_else(|| invalid_column(14, &format!("ingest {id}")))?;
                Ok(entry.insert(at))
            }
        }
    }
}
