//! The index's directory as tantivy reads it: its files, with two departures from
//! tantivy's own directory, each for a process that opens the index to search it.
//!
//! - A process that may only read takes no lock before opening segments (the lock is a
//!   file it cannot create).
//! - The reader opened just after the index need not parse the schema again.

use std::path::Path;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;

use tantivy::directory::error::{DeleteError, LockError, OpenReadError, OpenWriteError};
use tantivy::directory::{
    DirectoryLock, FileHandle, Lock, MmapDirectory, WatchCallback, WatchHandle, WritePtr,
};
use tantivy::Directory;

use super::META_FILE;

/// The files of an index directory.
#[derive(Clone, Debug)]
pub(super) struct IndexFiles {
    files: MmapDirectory,
    /// This process may only read the files. Before it opens segments, tantivy takes a
    /// lock that keeps a writer's clean-up from deleting them meanwhile; the lock is a
    /// file such a process cannot create. Without it, a writer (the archive's owner)
    /// cleaning up at that moment could make the open fail, never give a wrong answer.
    read_only: bool,
    schema_known: SchemaKnown,
}

impl IndexFiles {
    /// The files of the index in `directory`.
    pub(super) fn open(directory: &Path, read_only: bool) -> tantivy::Result<IndexFiles> {
        Ok(IndexFiles {
            files: MmapDirectory::open(directory)?,
            read_only,
            schema_known: SchemaKnown::default(),
        })
    }

    /// What tells these files that the index's schema is known already.
    pub(super) fn schema_known(&self) -> SchemaKnown {
        self.schema_known.clone()
    }
}

/// While set, the next read of the index's `meta.json` leaves the schema out.
///
/// tantivy reads `meta.json` whole to open an index, and again to open its first reader,
/// which wants only the list of segments and takes the schema from the index. The schema
/// is most of the file, and reading it once took a twentieth of a search process.
#[derive(Clone, Debug, Default)]
pub(super) struct SchemaKnown(Arc<AtomicBool>);

impl SchemaKnown {
    /// Runs `open` (which opens a reader of the index) with the schema left out of the
    /// first read of `meta.json` it makes.
    pub(super) fn during<T>(&self, open: impl FnOnce() -> T) -> T {
        self.0.store(true, Ordering::Release);
        let opened = open();
        self.0.store(false, Ordering::Release);
        opened
    }

    fn take(&self) -> bool {
        self.0.swap(false, Ordering::AcqRel)
    }
}

/// `meta.json` with an empty schema, or None if it is not laid out as tantivy writes it:
/// it is then read whole.
///
/// tantivy writes the file pretty-printed: its own keys are the lines indented by two
/// spaces, and no value holds a line break (one in a string is written `\n`). The schema
/// runs from the line `  "schema": [` to the next line `  ],` or `  ]`. Cut by lines, not
/// parsed: finding its end by parsing took as long as what is saved. tantivy then parses
/// what is left, so a file cut wrong fails loudly rather than reading wrong.
fn without_schema(meta: &[u8]) -> Option<Vec<u8>> {
    const START: &[u8] = b"\n  \"schema\": [";
    const END: &[u8] = b"\n  ]";
    let start = find(meta, START)? + START.len();
    let end = start + find(&meta[start..], END)? + END.len();
    let mut slim = Vec::with_capacity(meta.len() - (end - start) + 1);
    slim.extend_from_slice(&meta[..start]);
    slim.push(b']');
    slim.extend_from_slice(&meta[end..]);
    Some(slim)
}

/// The payload of the last commit in `meta.json` (what communique wrote with it), if any.
pub(super) fn payload(meta: &[u8]) -> Result<Option<String>, serde_json::Error> {
    // The line `  "payload": "…"` (see `without_schema`), read alone when it is there:
    // the whole file, schema and all, took a fortieth of a search process to read.
    const START: &[u8] = b"\n  \"payload\": ";
    if let Some(start) = find(meta, START).map(|at| at + START.len()) {
        let line = &meta[start..];
        let line = &line[..find(line, b"\n").unwrap_or(line.len())];
        if let Ok(payload) = serde_json::from_slice(line.strip_suffix(b",").unwrap_or(line)) {
            return Ok(payload);
        }
    }
    #[derive(serde::Deserialize)]
    struct Payload {
        payload: Option<String>,
    }
    Ok(serde_json::from_slice::<Payload>(meta)?.payload)
}

fn find(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    memchr::memmem::find(haystack, needle)
}

impl Directory for IndexFiles {
    fn atomic_read(&self, path: &Path) -> Result<Vec<u8>, OpenReadError> {
        let bytes = self.files.atomic_read(path)?;
        if path == Path::new(META_FILE) && self.schema_known.take() {
            return Ok(without_schema(&bytes).unwrap_or(bytes));
        }
        Ok(bytes)
    }

    fn acquire_lock(&self, lock: &Lock) -> Result<DirectoryLock, LockError> {
        if self.read_only && lock.filepath == tantivy::directory::META_LOCK.filepath {
            return Ok(DirectoryLock::from(Box::new(())));
        }
        self.files.acquire_lock(lock)
    }

    fn get_file_handle(&self, path: &Path) -> Result<Arc<dyn FileHandle>, OpenReadError> {
        self.files.get_file_handle(path)
    }

    fn delete(&self, path: &Path) -> Result<(), DeleteError> {
        self.files.delete(path)
    }

    fn exists(&self, path: &Path) -> Result<bool, OpenReadError> {
        self.files.exists(path)
    }

    fn open_write(&self, path: &Path) -> Result<WritePtr, OpenWriteError> {
        self.files.open_write(path)
    }

    fn atomic_write(&self, path: &Path, data: &[u8]) -> std::io::Result<()> {
        self.files.atomic_write(path, data)
    }

    fn sync_directory(&self) -> std::io::Result<()> {
        self.files.sync_directory()
    }

    fn watch(&self, watch_callback: WatchCallback) -> tantivy::Result<WatchHandle> {
        self.files.watch(watch_callback)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The `meta.json` tantivy writes for an index of this schema, committed with
    /// `payload`.
    fn written_meta(payload: &str) -> Vec<u8> {
        let directory = tempfile::tempdir().unwrap();
        let index = tantivy::Index::builder()
            .schema(super::super::build_schema())
            .settings(super::super::index_settings())
            .create_in_dir(directory.path())
            .unwrap();
        let mut writer: tantivy::IndexWriter = index.writer(15_000_000).unwrap();
        let mut commit = writer.prepare_commit().unwrap();
        commit.set_payload(payload);
        commit.commit().unwrap();
        std::fs::read(directory.path().join(META_FILE)).unwrap()
    }

    #[test]
    fn meta_without_schema_keeps_every_other_field() {
        let payload = "{\"sequence\": 2, \"note\": \"a line\\n  ],\\n  \\\"schema\\\": [\"}";
        let meta = written_meta(payload);
        let slim: serde_json::Value =
            serde_json::from_slice(&without_schema(&meta).expect("tantivy's layout")).unwrap();
        let mut whole: serde_json::Value = serde_json::from_slice(&meta).unwrap();
        assert_ne!(whole["schema"], serde_json::json!([]));
        whole["schema"] = serde_json::json!([]);
        assert_eq!(slim, whole);
        assert_eq!(super::payload(&meta).unwrap().as_deref(), Some(payload));
        // Written otherwise, the file is read whole.
        let compact = serde_json::to_vec(&whole).unwrap();
        assert_eq!(without_schema(&compact), None);
        assert_eq!(super::payload(&compact).unwrap().as_deref(), Some(payload));
        assert_eq!(super::payload(b"{\"schema\": []}").unwrap(), None);
        assert!(super::payload(b"{\"payload\": [}").is_err());
    }
}
