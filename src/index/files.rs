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

/// `meta.json` with an empty schema, or None if it is not the object tantivy writes (it is
/// then read whole, and tantivy reports what is wrong with it).
fn without_schema(meta: &[u8]) -> Option<Vec<u8>> {
    // Kept as written, only checked: parsing the schema is what is saved.
    let mut fields: std::collections::BTreeMap<String, Box<serde_json::value::RawValue>> =
        serde_json::from_slice(meta).ok()?;
    *fields.get_mut("schema")? = serde_json::value::RawValue::from_string("[]".into()).ok()?;
    serde_json::to_vec(&fields).ok()
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

    #[test]
    fn meta_without_schema_keeps_every_other_field() {
        let meta = br#"{"index_settings": {"docstore_blocksize": 16384},
            "segments": [{"segment_id": "d481e657-005f-48cf-97a4-6e112beae62c", "max_doc": 3, "deletes": null}],
            "schema": [{"name": "id", "type": "u64", "options": {"indexed": true}}],
            "opstamp": 7, "payload": "{\"sequence\": 2}"}"#;
        let slim: serde_json::Value =
            serde_json::from_slice(&without_schema(meta).unwrap()).unwrap();
        let mut whole: serde_json::Value = serde_json::from_slice(meta).unwrap();
        whole["schema"] = serde_json::json!([]);
        assert_eq!(slim, whole);
        // Not tantivy's object: read as it is, for tantivy to report.
        assert_eq!(without_schema(b"[1, 2]"), None);
        assert_eq!(without_schema(b"{\"segments\": []}"), None);
        assert_eq!(without_schema(b"{\"schema\": [}"), None);
    }
}
