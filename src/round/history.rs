//! The draft history: each build of a draft is recorded in `<CITY_DIR>/history/draft-<n>/` (a
//! final edition in `history/final/`) with the exact inputs it was built from, its PDF and the
//! SHA-256 sums of both, so that what was shared with a city can be shown and compared later.
//! A snapshot is itself a city folder: `sscp validate history/draft-1` reads it.
//!
//! A draft is shared once it is built, so a snapshot is never changed silently: building the
//! same draft number from other inputs is refused unless the caller forces it.

use std::collections::BTreeMap;
use std::path::{Component, Path, PathBuf};

use sha2::{Digest, Sha256};

use crate::input::{CityFolder, MAX_TEXT_FILE, read_in_folder};
use crate::model::Status;

/// The folder of snapshots inside a city folder.
pub const FOLDER: &str = "history";

/// The file of SHA-256 sums in each snapshot, in the format `sha256sum` writes and checks.
pub const SUMS: &str = "SHA256SUMS";
/// The draft's review map in its snapshot ([`crate::round::review::map`]): made from the
/// PDF recorded, so, like the PDF, not an input.
pub const REVIEW_MAP: &str = "review-map.json";

/// Review comments on the previous draft, when the city folder has them: inputs of the round
/// even though the profile itself does not print them.
pub const COMMENT_FILES: [&str; 2] = ["comments.json", "comments.csv"];

/// Why a build's snapshot in `history/` could not be checked or recorded, or must not be.
#[derive(Debug, thiserror::Error)]
pub enum HistoryError {
    /// The edition was recorded before from other inputs.
    #[error("{}", changed_message(.snapshot, .edition, .changes, .profile))]
    Changed {
        /// The snapshot folder that holds the earlier inputs.
        snapshot: PathBuf,
        /// The draft number, or `None` for the final edition.
        edition: Option<u32>,
        /// How this build's inputs differ from the recorded ones.
        changes: Vec<Change>,
        /// The city's `profile.json`, where the draft number is raised.
        profile: PathBuf,
    },
    /// A comments file to record, or the snapshot to compare with, could not be read.
    #[error("cannot read {}: {message}\n  fix: {fix}", path.display())]
    Read {
        /// The comments file or the snapshot folder.
        path: PathBuf,
        /// What went wrong, as the reader or the system said it.
        message: String,
        /// What to do about it.
        fix: String,
    },
    /// A snapshot file or folder could not be written or moved into place; the PDF was
    /// written before.
    #[error(
        "cannot write the history snapshot {}: {source}\n  fix: check that the folder can be written (permissions, free space); the PDF was written",
        path.display()
    )]
    Write {
        /// The file or folder at fault: in the snapshot, or in its hidden staging folder.
        path: PathBuf,
        /// What the system said.
        source: std::io::Error,
    },
}

/// How one input differs from the one recorded in a snapshot.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Change {
    /// In both, with other bytes.
    Changed(String),
    /// Read by this build, not recorded.
    Added(String),
    /// Recorded, not read by this build.
    Removed(String),
}

impl std::fmt::Display for Change {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Change::Changed(path) => write!(f, "{path} changed"),
            Change::Added(path) => write!(f, "{path} is new"),
            Change::Removed(path) => write!(f, "{path} is no longer used"),
        }
    }
}

fn changed_message(
    snapshot: &Path,
    edition: &Option<u32>,
    changes: &[Change],
    profile: &Path,
) -> String {
    let changes = changes
        .iter()
        .map(Change::to_string)
        .collect::<Vec<_>>()
        .join(", ");
    match edition {
        Some(n) => format!(
            "{}: draft {n} was recorded here from other inputs ({changes}); a draft is kept as it was shared, so neither the PDF nor the snapshot was written\n  \
             fix: raise \"draft\" at /edition/draft in {} to {} for the next round, or build with --force to replace draft {n} and its snapshot",
            snapshot.display(),
            profile.display(),
            n + 1
        ),
        None => format!(
            "{}: the final edition was recorded here from other inputs ({changes}); it may have been published, so neither the PDF nor the snapshot was written\n  \
             fix: build with --force to replace the final edition and its snapshot",
            snapshot.display()
        ),
    }
}

/// What recording a build did to its snapshot.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Recorded {
    /// A new snapshot.
    New,
    /// The same inputs were recorded before; the snapshot gained what it lacked (a PDF, the
    /// sums) or was left as it was.
    Unchanged,
    /// As `Unchanged`, but the recorded PDF differs from this build's (another sscp version or
    /// template). The recorded one is kept: it is the one that was shared.
    KeptEarlierPdf,
    /// An earlier snapshot from other inputs was replaced (forced).
    Replaced,
}

/// One build's snapshot, checked against the history before the PDF is written and recorded
/// after.
#[derive(Debug)]
pub struct Snapshot {
    /// `<CITY_DIR>/history/draft-<n>` or `<CITY_DIR>/history/final`.
    pub dir: PathBuf,
    /// The inputs by their path inside the snapshot (`/`-separated), with their bytes, and
    /// their SHA-256 sums in hex.
    inputs: BTreeMap<String, Vec<u8>>,
    input_sums: BTreeMap<String, String>,
    /// The PDF's file name, the same as the default output's.
    pdf_name: String,
    /// What the history folder holds for this edition already.
    earlier: Earlier,
    /// The draft number (`None` for the final) and the city's `profile.json`, for the message
    /// when another build recorded other inputs first.
    edition: Option<u32>,
    profile: PathBuf,
    /// The review map to record with the PDF, when there is one.
    map: Option<Vec<u8>>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Earlier {
    None,
    Same,
    Other,
}

/// The snapshot folder of a city's current edition: `history/draft-<n>` or `history/final`.
pub fn snapshot_dir(city: &CityFolder) -> PathBuf {
    let edition = &city.profile.edition;
    let name = match (edition.status, edition.draft) {
        (Status::Draft, Some(n)) => format!("draft-{n}"),
        _ => "final".to_string(),
    };
    city.dir.join(FOLDER).join(name)
}

/// Collects the build's inputs and compares them with the snapshot of the same edition, if
/// there is one. Fails when that snapshot holds other inputs, unless `force`: then
/// [`Snapshot::record`] replaces it.
pub fn prepare(city: &CityFolder, force: bool) -> Result<Snapshot, HistoryError> {
    Pending::of(city, force)?.compare()
}

/// A build's inputs, collected for its snapshot and not yet compared with the history: the
/// comparison reads the snapshot folder and hashes the inputs, which `build` does while the
/// profile is typeset.
#[derive(Debug)]
pub struct Pending {
    dir: PathBuf,
    inputs: BTreeMap<String, Vec<u8>>,
    pdf_name: String,
    force: bool,
    edition: Option<u32>,
    profile: PathBuf,
}

impl Pending {
    /// Collects the inputs of `city`'s build (its files and any comment files).
    pub fn of(city: &CityFolder, force: bool) -> Result<Pending, HistoryError> {
        let dir = snapshot_dir(city);
        let mut inputs: BTreeMap<String, Vec<u8>> = city
            .input_files()
            .into_iter()
            .map(|(path, bytes)| (normalise(&path), bytes.to_vec()))
            .collect();
        for name in COMMENT_FILES {
            if !city.dir.join(name).exists() {
                continue;
            }
            let bytes = read_in_folder(&city.dir, Path::new(name), MAX_TEXT_FILE).map_err(|p| {
                HistoryError::Read {
                    path: city.dir.join(name),
                    message: p.message,
                    fix: p.fix,
                }
            })?;
            inputs.insert(name.to_string(), bytes);
        }
        let pdf_name = crate::default_output(&city.dir, city)
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        Ok(Pending {
            dir,
            inputs,
            pdf_name,
            force,
            edition: city.profile.edition.draft,
            profile: city.dir.join("profile.json"),
        })
    }

    /// Compares the inputs with the snapshot of the same edition, if there is one, and hashes
    /// them for its sums. Fails when that snapshot holds other inputs, unless forced.
    pub fn compare(self) -> Result<Snapshot, HistoryError> {
        let Pending {
            dir,
            inputs,
            pdf_name,
            force,
            edition,
            profile,
        } = self;
        let changes = differences(&dir, &inputs, &pdf_name)?;
        let earlier = match changes {
            None => Earlier::None,
            Some(changes) if changes.is_empty() => Earlier::Same,
            Some(_) if force => Earlier::Other,
            Some(changes) => {
                return Err(HistoryError::Changed {
                    snapshot: dir,
                    edition,
                    changes,
                    profile,
                });
            }
        };
        let input_sums = inputs
            .iter()
            .map(|(path, bytes)| (path.clone(), digest(bytes)))
            .collect();
        Ok(Snapshot {
            edition,
            profile,
            dir,
            inputs,
            input_sums,
            pdf_name,
            earlier,
            map: None,
        })
    }
}

impl Snapshot {
    /// Writes the snapshot: inputs, `pdf` and [`SUMS`]. A new or replacing snapshot is written
    /// into a hidden folder beside its place and moved there in one rename, so a snapshot is
    /// never half written; an existing one with the same inputs gains only what it lacks.
    pub fn record(self, pdf: &[u8]) -> Result<Recorded, HistoryError> {
        self.record_with_map(pdf, None)
    }

    /// Like [`Snapshot::record`], with the draft's review map ([`REVIEW_MAP`]) made from this
    /// PDF. The map goes with the PDF: where an earlier PDF is kept, so is its map. The sums
    /// cover it.
    pub fn record_with_map(
        mut self,
        pdf: &[u8],
        map: Option<&[u8]>,
    ) -> Result<Recorded, HistoryError> {
        self.map = map.map(<[u8]>::to_vec);
        match self.earlier {
            Earlier::Same => self.complete(pdf),
            Earlier::None => self.create(pdf),
            Earlier::Other => self.replace(pdf).map(|()| Recorded::Replaced),
        }
    }

    /// Adds the PDF if the snapshot has none (the sample's draft 1 keeps only its inputs in
    /// git) and brings the sums up to date.
    fn complete(&self, pdf: &[u8]) -> Result<Recorded, HistoryError> {
        let write = |path: PathBuf, bytes: &[u8]| {
            crate::write_atomically(&path, bytes)
                .map_err(|source| HistoryError::Write { path, source })
        };
        let mut changed = false;
        let pdf_path = self.dir.join(&self.pdf_name);
        let mut outcome = Recorded::Unchanged;
        // The folder holds these inputs (compared when the snapshot was prepared) and the PDF
        // recorded first, so its sums are the inputs' and that PDF's.
        let map_path = self.dir.join(REVIEW_MAP);
        let recorded_map = std::fs::read(&map_path).ok();
        let sums = match std::fs::read(&pdf_path) {
            Ok(recorded) if recorded != pdf => {
                // The PDF shared is kept, and with it the map made from it.
                outcome = Recorded::KeptEarlierPdf;
                self.sums_with(&recorded, recorded_map.as_deref())
            }
            recorded => {
                if recorded.is_err() {
                    write(pdf_path, pdf)?;
                    changed = true;
                }
                let map = self.map.as_deref().or(recorded_map.as_deref());
                if let Some(map) = self.map.as_deref()
                    && recorded_map.as_deref() != Some(map)
                {
                    write(map_path, map)?;
                    changed = true;
                }
                self.sums_with(pdf, map)
            }
        };
        let sums_path = self.dir.join(SUMS);
        if std::fs::read(&sums_path).ok().as_deref() != Some(sums.as_bytes()) {
            write(sums_path, sums.as_bytes())?;
            changed = true;
        }
        Ok(if changed { Recorded::New } else { outcome })
    }

    /// Writes a new snapshot. Another build of the same edition may record it at the same
    /// moment (two `sscp build`s, a batch): whichever rename comes second finds the folder
    /// there. With the same inputs that is the same snapshot, and it is completed rather than
    /// replaced; with other inputs the build is refused as a changed shared draft is.
    fn create(&self, pdf: &[u8]) -> Result<Recorded, HistoryError> {
        let staged = self.stage(pdf)?;
        let Err(e) = std::fs::rename(&staged, &self.dir) else {
            return Ok(Recorded::New);
        };
        let _ = std::fs::remove_dir_all(&staged);
        if !self.dir.is_dir() {
            return Err(HistoryError::Write {
                path: self.dir.clone(),
                source: e,
            });
        }
        match differences(&self.dir, &self.inputs, &self.pdf_name)? {
            Some(changes) if !changes.is_empty() => Err(HistoryError::Changed {
                snapshot: self.dir.clone(),
                edition: self.edition,
                changes,
                profile: self.profile.clone(),
            }),
            _ => self.complete(pdf),
        }
    }

    /// The [`SUMS`] file of a snapshot holding these inputs and `pdf`, from the inputs' sums
    /// taken when it was prepared.
    fn sums_with(&self, pdf: &[u8], map: Option<&[u8]>) -> String {
        let mut sums = self.input_sums.clone();
        sums.insert(self.pdf_name.clone(), digest(pdf));
        if let Some(map) = map {
            sums.insert(REVIEW_MAP.to_string(), digest(map));
        }
        sums_file(&sums)
    }

    /// `.<draft-n>.<suffix>` beside the snapshot's folder: hidden, and replaced by the next
    /// attempt if left behind.
    fn hidden_beside(&self, suffix: &str) -> PathBuf {
        let parent = self.dir.parent().unwrap_or(Path::new("."));
        let name = self
            .dir
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        parent.join(format!(".{name}.{suffix}"))
    }

    /// Writes the whole snapshot into a hidden folder beside its place; returns that folder.
    fn stage(&self, pdf: &[u8]) -> Result<PathBuf, HistoryError> {
        // Unique to this process and call: builds in other processes or threads stage apart.
        static STAGED: std::sync::atomic::AtomicUsize = std::sync::atomic::AtomicUsize::new(0);
        let n = STAGED.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
        let staged = self.hidden_beside(&format!("{}-{n}.partial", std::process::id()));
        let failed = |path: &Path, source| HistoryError::Write {
            path: path.to_path_buf(),
            source,
        };
        let _ = std::fs::remove_dir_all(&staged);
        let mut files: BTreeMap<String, &[u8]> = self
            .inputs
            .iter()
            .map(|(path, bytes)| (path.clone(), bytes.as_slice()))
            .collect();
        files.insert(self.pdf_name.clone(), pdf);
        if let Some(map) = &self.map {
            files.insert(REVIEW_MAP.to_string(), map);
        }
        let sums = self.sums_with(pdf, self.map.as_deref());
        files.insert(SUMS.to_string(), sums.as_bytes());
        for (path, bytes) in &files {
            let target = staged.join(path);
            crate::write_atomically(&target, bytes).map_err(|e| failed(&target, e))?;
        }
        Ok(staged)
    }

    /// Writes the whole snapshot beside its place, then swaps it in for the earlier one.
    fn replace(&self, pdf: &[u8]) -> Result<(), HistoryError> {
        let staged = self.stage(pdf)?;
        let failed = |path: &Path, source| HistoryError::Write {
            path: path.to_path_buf(),
            source,
        };
        let old = self.hidden_beside(&format!("{}.replaced", std::process::id()));
        if self.dir.exists() {
            std::fs::rename(&self.dir, &old).map_err(|e| failed(&self.dir, e))?;
        }
        let moved = std::fs::rename(&staged, &self.dir);
        // What is left behind on failure is hidden and replaced by the next attempt.
        let _ = std::fs::remove_dir_all(&old);
        if let Err(e) = moved {
            let _ = std::fs::remove_dir_all(&staged);
            return Err(failed(&self.dir, e));
        }
        Ok(())
    }
}

/// How `inputs` differ from the inputs recorded in `snapshot`; `None` when there is no
/// snapshot (or an empty folder). The PDF and the sums are not inputs.
fn differences(
    snapshot: &Path,
    inputs: &BTreeMap<String, Vec<u8>>,
    pdf_name: &str,
) -> Result<Option<Vec<Change>>, HistoryError> {
    if !snapshot.is_dir() {
        return Ok(None);
    }
    let unreadable = |path: &Path, e: std::io::Error| HistoryError::Read {
        path: path.to_path_buf(),
        message: e.to_string(),
        fix: "check the snapshot folder's permissions, or move it away to record this build afresh"
            .to_string(),
    };
    let mut recorded = files_in(snapshot).map_err(|e| unreadable(snapshot, e))?;
    recorded.remove(SUMS);
    recorded.remove(pdf_name);
    recorded.remove(REVIEW_MAP);
    if recorded.is_empty() {
        return Ok(None);
    }
    let mut changes = Vec::new();
    for (path, bytes) in inputs {
        match recorded.remove(path) {
            None => changes.push(Change::Added(path.clone())),
            Some(old) if old != *bytes => changes.push(Change::Changed(path.clone())),
            Some(_) => {}
        }
    }
    changes.extend(recorded.into_keys().map(Change::Removed));
    Ok(Some(changes))
}

/// Every file in a snapshot folder by its `/`-separated path inside it, leaving out hidden
/// files (a write in progress) and the `out/` and `history/` a build of the snapshot itself
/// (as a city folder) would add.
fn files_in(dir: &Path) -> std::io::Result<BTreeMap<String, Vec<u8>>> {
    fn walk(dir: &Path, prefix: &str, out: &mut BTreeMap<String, Vec<u8>>) -> std::io::Result<()> {
        for entry in std::fs::read_dir(dir)? {
            let entry = entry?;
            let name = entry.file_name().to_string_lossy().into_owned();
            if name.starts_with('.') {
                continue;
            }
            if prefix.is_empty() && (name == "out" || name == FOLDER) {
                continue;
            }
            let path = format!("{prefix}{name}");
            let kind = entry.file_type()?;
            if kind.is_dir() {
                walk(&entry.path(), &format!("{path}/"), out)?;
            } else if kind.is_file() {
                out.insert(path, std::fs::read(entry.path())?);
            }
        }
        Ok(())
    }
    let mut out = BTreeMap::new();
    walk(dir, "", &mut out)?;
    Ok(out)
}

/// The [`SUMS`] file for files' sums (hex) by path: one `<hex>  <path>` line each, sorted by
/// path, as `sha256sum` writes them, so that `sha256sum -c SHA256SUMS` checks a snapshot.
fn sums_file(sums: &BTreeMap<String, String>) -> String {
    sums.iter()
        .filter(|(path, _)| path.as_str() != SUMS)
        .map(|(path, sum)| format!("{sum}  {path}\n"))
        .collect()
}

/// The SHA-256 sum of `bytes` in hex, as `sha256sum` prints it.
fn digest(bytes: &[u8]) -> String {
    hex(&Sha256::digest(bytes))
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// `./images/cover.jpg` and `images/cover.jpg` name one file; the snapshot uses the second.
fn normalise(path: &str) -> String {
    Path::new(path)
        .components()
        .filter_map(|c| match c {
            Component::Normal(part) => Some(part.to_string_lossy().into_owned()),
            _ => None,
        })
        .collect::<Vec<_>>()
        .join("/")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sums_are_sorted_and_in_sha256sum_format() {
        let sums: BTreeMap<String, String> = [
            ("kpis.csv".to_string(), digest(b"")),
            ("images/a.png".to_string(), digest(b"abc")),
        ]
        .into();
        assert_eq!(
            sums_file(&sums),
            "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad  images/a.png\n\
             e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855  kpis.csv\n"
        );
    }

    #[test]
    fn picture_paths_are_written_one_way() {
        assert_eq!(normalise("./images//cover.jpg"), "images/cover.jpg");
    }
}
