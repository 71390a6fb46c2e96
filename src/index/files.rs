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
    managed_list: ManagedListSeen,
}

impl IndexFiles {
    /// The files of the index in `directory`.
    pub(super) fn open(directory: &Path, read_only: bool) -> tantivy::Result<IndexFiles> {
        Ok(IndexFiles {
            files: MmapDirectory::open(directory)?,
            read_only,
            schema_known: SchemaKnown::default(),
            managed_list: ManagedListSeen::default(),
        })
    }

    /// What tells these files that the index's schema is known already.
    pub(super) fn schema_known(&self) -> SchemaKnown {
        self.schema_known.clone()
    }

    /// The list of files tantivy manages, as this process last read or wrote it.
    pub(super) fn managed_list(&self) -> ManagedListSeen {
        self.managed_list.clone()
    }
}

/// The name of the list of files tantivy manages in an index directory.
const MANAGED_FILE: &str = ".managed.json";

/// The list of the files tantivy manages (`.managed.json`) as this process last read or
/// wrote it.
///
/// tantivy reads the list when it opens the index, keeps it in memory, and deletes the
/// files on it that no commit uses any more. A process that opened the index, then
/// waited for the writer's lock while another wrote segments, would write the list back
/// without that writer's files: nothing would ever delete them once unused (ten `add`s
/// at once, then `compact`, left 24 segments behind). [`ManagedListSeen::is_current`]
/// tells the writer to open the index again first.
#[derive(Clone, Debug, Default)]
pub(super) struct ManagedListSeen(Arc<std::sync::Mutex<Option<Vec<u8>>>>);

impl ManagedListSeen {
    /// Whether the list in `directory` is the one this process knows.
    pub(super) fn is_current(&self, directory: &Path) -> bool {
        let on_disk = std::fs::read(directory.join(MANAGED_FILE)).ok();
        let seen = self
            .0
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        *seen == on_disk
    }

    fn remember(&self, path: &Path, bytes: &[u8]) {
        if path == Path::new(MANAGED_FILE) {
            *self
                .0
                .lock()
                .unwrap_or_else(std::sync::PoisonError::into_inner) = Some(bytes.to_vec());
        }
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
/// tantivy writes the file pretty-printed, two spaces a level, so the lines indented by
/// exactly two are its own keys and the brackets closing their values; no value holds a
/// line break (one in a string is written `\n`). The schema is the key's line to the
/// last such closing bracket (the keys after it, the opstamp and the payload, are not
/// lists). Cut, not parsed: parsing the schema to find its end took as long as what is
/// saved. tantivy then parses what is left, and would fail loudly on a file cut wrong: it
/// requires each of the other keys.
fn without_schema(meta: &[u8]) -> Option<Vec<u8>> {
    const START: &str = "\n  \"schema\": [\n";
    const END: &str = "\n  ]";
    let text = std::str::from_utf8(meta).ok()?;
    // Searched from either end, so that most of the file is not looked at.
    let start = text.find(START)? + START.len() - 1;
    let end = text.rfind(END).filter(|&end| end >= start)? + END.len();
    Some([&text[..start], "]", &text[end..]].concat().into_bytes())
}

/// The payload of the last commit in `meta.json` (what communique wrote with it), if any.
pub(super) fn payload(meta: &[u8]) -> Result<Option<String>, serde_json::Error> {
    // Its line, the file's last but one (see `without_schema`), read alone when it is
    // there: the whole file, schema and all, took a fortieth of a search process.
    const START: &str = "\n  \"payload\": ";
    let text = std::str::from_utf8(meta).unwrap_or_default();
    if let Some(start) = text.rfind(START).map(|at| at + START.len()) {
        let value = text[start..].lines().next().unwrap_or_default().trim_end();
        if let Ok(payload) = serde_json::from_str(value.strip_suffix(',').unwrap_or(value)) {
            return Ok(payload);
        }
    }
    #[derive(serde::Deserialize)]
    struct Payload {
        payload: Option<String>,
    }
    Ok(serde_json::from_slice::<Payload>(meta)?.payload)
}

impl Directory for IndexFiles {
    fn atomic_read(&self, path: &Path) -> Result<Vec<u8>, OpenReadError> {
        let bytes = self.files.atomic_read(path)?;
        self.managed_list.remember(path, &bytes);
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
        self.files.atomic_write(path, data)?;
        self.managed_list.remember(path, data);
        Ok(())
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
        // A schema not closed where expected: read whole, for tantivy to judge.
        let unclosed = b"{\n  \"schema\": [\n    {\"name\": \"id\"}\n  \"opstamp\": 1\n}";
        assert_eq!(without_schema(unclosed), None);
        assert_eq!(super::payload(&compact).unwrap().as_deref(), Some(payload));
        assert_eq!(super::payload(b"{\"schema\": []}").unwrap(), None);
        assert!(super::payload(b"{\"payload\": [}").is_err());
    }
}
