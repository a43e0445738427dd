//! The Typst World sscp compiles in: the template and one job's generated files, all in memory,
//! with the bundled fonts. No file system, no packages, no network; the date is the edition's.

use std::collections::HashMap;
use std::sync::LazyLock;

use typst::diag::{FileError, FileResult, PackageError};
use typst::foundations::{Bytes, Datetime, Duration};
use typst::syntax::{FileId, RootedPath, Source, VirtualPath, VirtualRoot};
use typst::text::{Font, FontBook};
use typst::utils::LazyHash;
use typst::{Library, LibraryExt, World};

use super::template::{MAIN, TEMPLATE_FILES};
use crate::fonts::{BundledFonts, bundled};

/// The standard library is the same for every job (data arrives as files, not inputs), so it
/// is built and hashed once and stays a stable key for Typst's caches.
static LIBRARY: LazyLock<LazyHash<Library>> =
    LazyLock::new(|| LazyHash::new(Library::builder().build()));

/// Parsed template sources, shared by every world.
static TEMPLATE: LazyLock<HashMap<FileId, Source>> = LazyLock::new(|| {
    TEMPLATE_FILES
        .iter()
        .filter(|(path, _)| path.ends_with(".typ"))
        .map(|(path, text)| {
            let id = file_id(path);
            (id, Source::new(id, text.to_string()))
        })
        .collect()
});

/// Files as a world holds them: each in bytes of Typst's own, which every world made from
/// them shares (not copies), so that Typst hashes a file once however many layouts read it.
pub fn shared(files: Vec<(String, Vec<u8>)>) -> Vec<(String, Bytes)> {
    files
        .into_iter()
        .map(|(path, bytes)| (path, Bytes::new(bytes)))
        .collect()
}

/// The id of a project file such as `data/profile.json`; stable paths keep ids reusable.
pub fn file_id(path: &str) -> FileId {
    let vpath = VirtualPath::new(format!("/{}", path.trim_start_matches('/')))
        .expect("sscp's own virtual paths are valid");
    RootedPath::new(VirtualRoot::Project, vpath).intern()
}

/// One profile build: the shared template and fonts plus this job's files.
pub struct ProfileWorld {
    fonts: &'static BundledFonts,
    main: FileId,
    /// Generated files: the data document, chart SVGs, pictures; by project path.
    files: HashMap<FileId, Bytes>,
    /// What `datetime.today()` returns: the edition date, so output does not depend on the clock.
    today: Datetime,
}

impl ProfileWorld {
    /// A world for one profile build. `files` maps project paths (`data/profile.json`) to
    /// contents.
    pub fn new(files: Vec<(String, Vec<u8>)>, today: Datetime) -> Self {
        Self::with_main(MAIN, shared(files), today)
    }

    /// A world that starts from another template file (`comments.typ`), with the same
    /// template, fonts and rules.
    pub fn with_main(main: &str, files: Vec<(String, Bytes)>, today: Datetime) -> Self {
        ProfileWorld {
            fonts: bundled(),
            main: file_id(main),
            files: files
                .into_iter()
                .map(|(path, bytes)| (file_id(&path), bytes))
                .collect(),
            today,
        }
    }

    /// The path a file id stands for, for messages.
    pub fn path_of(id: FileId) -> String {
        id.vpath().get_without_slash().to_string()
    }
}

impl World for ProfileWorld {
    fn library(&self) -> &LazyHash<Library> {
        &LIBRARY
    }

    fn book(&self) -> &LazyHash<FontBook> {
        &self.fonts.book
    }

    fn main(&self) -> FileId {
        self.main
    }

    fn source(&self, id: FileId) -> FileResult<Source> {
        refuse_packages(id)?;
        // A job's own file wins over the template's, so a job can try a changed template file.
        if let Some(bytes) = self.files.get(&id) {
            return std::str::from_utf8(bytes)
                .map(|text| Source::new(id, text.to_string()))
                .map_err(|_| FileError::InvalidUtf8);
        }
        TEMPLATE.get(&id).cloned().ok_or_else(|| not_found(id))
    }

    fn file(&self, id: FileId) -> FileResult<Bytes> {
        refuse_packages(id)?;
        if let Some(bytes) = self.files.get(&id) {
            return Ok(bytes.clone());
        }
        if let Some(source) = TEMPLATE.get(&id) {
            return Ok(Bytes::from_string(source.clone()));
        }
        TEMPLATE_FILES
            .iter()
            .find(|(path, _)| file_id(path) == id)
            .map(|(_, text)| Bytes::new(text.as_bytes()))
            .ok_or_else(|| not_found(id))
    }

    fn font(&self, index: usize) -> Option<Font> {
        self.fonts.fonts.get(index).cloned()
    }

    fn today(&self, _offset: Option<Duration>) -> Option<Datetime> {
        Some(self.today)
    }
}

fn refuse_packages(id: FileId) -> FileResult<()> {
    match id.root() {
        VirtualRoot::Package(spec) => Err(FileError::Package(PackageError::NotFound(spec.clone()))),
        _ => Ok(()),
    }
}

fn not_found(id: FileId) -> FileError {
    FileError::NotFound(id.vpath().get_with_slash().into())
}
