//! Compressed input: gzip is read through a decoder, as `zcat` and `rg -z` read it; the
//! other formats data sets ship in are told by their first bytes and refused, with the
//! command that decompresses them.

use std::cell::Cell;
use std::io::{BufRead, Read};
use std::path::{Path, PathBuf};
use std::rc::Rc;

/// The first bytes of every gzip member (RFC 1952): an input that starts with them is
/// gzip whatever its name, and one named `.gz` without them is read as it is.
const GZIP_MAGIC: [u8; 2] = [0x1f, 0x8b];

/// Returns true when an input whose first bytes are `start` is gzip.
pub(super) fn is_gzip(start: &[u8]) -> bool {
    start.starts_with(&GZIP_MAGIC)
}

/// A compression that ingest does not read: read as text, its bytes would be one invalid
/// record after another, or a header "not in UTF-8" with advice to convert an encoding.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Compression {
    /// Zstandard (`.zst`).
    Zstd,
    /// bzip2 (`.bz2`).
    Bzip2,
    /// xz (`.xz`).
    Xz,
    /// A zip archive (`.zip`, and the workbooks of spreadsheets: `.xlsx`, `.ods`).
    Zip,
}

impl Compression {
    /// Returns the compression of an input whose first bytes are `start`, when it is one
    /// of those refused.
    pub fn of(start: &[u8]) -> Option<Compression> {
        if start.starts_with(&[0x28, 0xb5, 0x2f, 0xfd]) {
            return Some(Compression::Zstd);
        }
        if start.starts_with(&[0xfd, b'7', b'z', b'X', b'Z', 0x00]) {
            return Some(Compression::Xz);
        }
        if start.starts_with(b"PK\x03\x04") {
            return Some(Compression::Zip);
        }
        // "BZh" alone could start a CSV header ("BZh…" is a name like any other): bzip2
        // follows it with the block size (1 to 9) and the magic of a block, or of the end
        // of an empty stream.
        if let Some([b'1'..=b'9', magic @ ..]) = start.strip_prefix(b"BZh") {
            if magic.starts_with(&[0x31, 0x41, 0x59, 0x26, 0x53, 0x59])
                || magic.starts_with(&[0x17, 0x72, 0x45, 0x38, 0x50, 0x90])
            {
                return Some(Compression::Bzip2);
            }
        }
        None
    }

    /// Says what the input is, as messages do: "compressed with zstd", "a zip archive".
    pub fn description(self) -> &'static str {
        match self {
            Compression::Zstd => "compressed with zstd",
            Compression::Bzip2 => "compressed with bzip2",
            Compression::Xz => "compressed with xz",
            Compression::Zip => "a zip archive",
        }
    }

    /// Returns the command that writes the decompressed content of a file, named after
    /// it, to standard output (every one of them but unzip decompresses standard input
    /// without the name).
    pub fn decompress_command(self) -> &'static str {
        match self {
            Compression::Zstd => "zstd -dc",
            Compression::Bzip2 => "bzip2 -dc",
            Compression::Xz => "xz -dc",
            // `-p` writes the archive's files one after another to standard output.
            Compression::Zip => "unzip -p",
        }
    }
}

/// Returns true when the file at `path` starts as gzip does; false when it does not or
/// cannot be read (for advice that names how to read it, not for reading it).
pub fn is_gzip_file(path: &Path) -> bool {
    use std::io::Read;
    let mut start = [0u8; 2];
    std::fs::File::open(path)
        .and_then(|mut file| file.read_exact(&mut start))
        .is_ok_and(|()| is_gzip(&start))
}

/// Returns the extensions of a compressed file's name: `x.csv.zst` is read as `x.csv`
/// would be, the extension telling the format.
pub fn inner_name(path: &Path) -> Option<PathBuf> {
    let extension = path.extension()?.to_str()?.to_ascii_lowercase();
    matches!(
        extension.as_str(),
        "gz" | "gzip" | "zst" | "zstd" | "bz2" | "xz"
    )
    .then(|| path.with_extension(""))
}

/// How many bytes of an input were read from its file: read through a decoder, the lines
/// reached say nothing of how much is left, the compressed bytes do.
#[derive(Debug, Clone, Default)]
pub struct ReadCount {
    read: Rc<Cell<u64>>,
    /// The size of the file, when the input is one (standard input has none).
    size: Option<u64>,
}

impl ReadCount {
    /// Returns a count of no byte read from an input of `size` bytes, if known.
    pub(super) fn new(size: Option<u64>) -> ReadCount {
        ReadCount {
            read: Rc::new(Cell::new(0)),
            size,
        }
    }

    /// Returns the bytes read so far.
    pub fn read(&self) -> u64 {
        self.read.get()
    }

    /// Returns the size of the input, when it is a file.
    pub fn size(&self) -> Option<u64> {
        self.size
    }
}

/// A reader that counts the bytes read through it into a [`ReadCount`].
pub(super) struct Counting<R> {
    pub inner: R,
    pub count: ReadCount,
}

impl<R: Read> Read for Counting<R> {
    fn read(&mut self, buffer: &mut [u8]) -> std::io::Result<usize> {
        let read = self.inner.read(buffer)?;
        self.count.read.set(self.count.read.get() + read as u64);
        Ok(read)
    }
}

/// The decompressed content of gzip input: members one after another (as `cat a.gz b.gz`
/// and parallel compressors write them), each read as `zcat` reads it.
pub(super) struct Gzip<R: BufRead> {
    decoder: flate2::bufread::MultiGzDecoder<R>,
}

impl<R: BufRead> Gzip<R> {
    pub fn new(input: R) -> Gzip<R> {
        Gzip {
            decoder: flate2::bufread::MultiGzDecoder::new(input),
        }
    }
}

impl<R: BufRead> Read for Gzip<R> {
    fn read(&mut self, buffer: &mut [u8]) -> std::io::Result<usize> {
        self.decoder.read(buffer).map_err(|error| {
            // The decoder's own errors say "corrupt deflate stream" or "unexpected end of
            // file": said of the gzip data, the user knows the file is damaged or was cut
            // short (a download stopped), not that a record is wrong. An error of the file
            // beneath is passed on as it is.
            match error.kind() {
                std::io::ErrorKind::InvalidInput
                | std::io::ErrorKind::InvalidData
                | std::io::ErrorKind::UnexpectedEof => std::io::Error::new(
                    std::io::ErrorKind::InvalidData,
                    format!("the gzip data is damaged or cut short ({error})"),
                ),
                _ => error,
            }
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn compressions_are_told_by_their_first_bytes() {
        assert_eq!(
            Compression::of(b"\x28\xb5\x2f\xfd\x04"),
            Some(Compression::Zstd)
        );
        assert_eq!(Compression::of(b"\xfd7zXZ\x00\x00"), Some(Compression::Xz));
        assert_eq!(Compression::of(b"PK\x03\x04\x14"), Some(Compression::Zip));
        assert_eq!(Compression::of(b"BZh91AY&SY\x00"), Some(Compression::Bzip2));
        assert_eq!(
            Compression::of(b"BZh9\x17\x72\x45\x38\x50\x90"),
            Some(Compression::Bzip2)
        );
        // A CSV header that happens to start like bzip2 is a header.
        assert_eq!(Compression::of(b"BZh,speaker,date\n"), None);
        assert_eq!(Compression::of(b"BZh1,speaker,date\n"), None);
        assert_eq!(Compression::of(b"PK,speaker"), None);
        assert_eq!(Compression::of(b"{\"text\""), None);
        assert_eq!(Compression::of(b""), None);
        assert!(is_gzip(b"\x1f\x8b\x08"));
        assert!(!is_gzip(b"\x1f"));
    }

    #[test]
    fn compressed_names_are_read_as_their_inner_name() {
        assert_eq!(
            inner_name(Path::new("a/x.jsonl.gz")),
            Some(PathBuf::from("a/x.jsonl"))
        );
        assert_eq!(
            inner_name(Path::new("x.CSV.Zst")),
            Some(PathBuf::from("x.CSV"))
        );
        assert_eq!(inner_name(Path::new("x.gz")), Some(PathBuf::from("x")));
        assert_eq!(inner_name(Path::new("x.jsonl")), None);
    }

    #[test]
    fn damaged_gzip_is_said_to_be() {
        let mut text = Vec::new();
        let mut encoder = flate2::write::GzEncoder::new(&mut text, flate2::Compression::default());
        std::io::Write::write_all(&mut encoder, &b"one line\n".repeat(1000)).unwrap();
        encoder.finish().unwrap();
        text.truncate(text.len() / 2);
        let mut read = String::new();
        let error = Gzip::new(&text[..]).read_to_string(&mut read).unwrap_err();
        assert!(
            error.to_string().starts_with("the gzip data is damaged"),
            "{error}"
        );
    }
}
