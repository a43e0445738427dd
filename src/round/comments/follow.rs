//! Where a comment's field or KPI is now. Its `where` is read in the draft it was made on (the
//! snapshot in `history/draft-<n>/`) and followed through every later snapshot to the current
//! profile by the alignment `sscp diff` uses ([`crate::round::align`]): a comment stays on the
//! item it was made on when items are inserted, moved or removed around it.

use std::collections::BTreeMap;
use std::path::Path;

use serde_json::Value;

use super::{snapshot_dir, snapshot_kept};
use crate::input::{CityFolder, MAX_TEXT_FILE, read_in_folder};
use crate::kpi::{Catalogue, KpiResults};

/// An edition of the profile: a draft round, or the final edition.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Edition {
    Draft(u32),
    Final,
}

impl Edition {
    /// How the report names it: "draft 2", "the final edition".
    pub(super) fn label(self) -> String {
        match self {
            Edition::Draft(n) => format!("draft {n}"),
            Edition::Final => "the final edition".to_string(),
        }
    }

    /// How the JSON names it: the draft's number, or `"final"`.
    pub(super) fn json(self) -> Value {
        match self {
            Edition::Draft(n) => n.into(),
            Edition::Final => "final".into(),
        }
    }
}

/// What is known of one edition: its profile, its KPI results, and which KPIs its `kpis.csv`
/// has rows for.
pub(super) struct Stage {
    pub edition: Edition,
    /// Its `profile.json`; `None` for a snapshot that does not read as JSON.
    pub profile: Option<Value>,
    /// Its KPI results; `None` for a snapshot that does not pass the checks.
    pub results: Option<KpiResults>,
    /// The catalogue index of every KPI `kpis.csv` has a row for; `None` as for `results`.
    reported: Option<Vec<usize>>,
    /// Why something is missing, for the report.
    pub note: Option<String>,
}

impl Stage {
    /// The profile being built or reported on now.
    pub(super) fn current(city: &CityFolder, results: KpiResults) -> Stage {
        let edition = match city.profile.edition.draft {
            Some(n) if city.profile.edition.status == crate::model::Status::Draft => {
                Edition::Draft(n)
            }
            _ => Edition::Final,
        };
        Stage {
            edition,
            profile: serde_json::from_str(&city.profile_json).ok(),
            results: Some(results),
            reported: Some(city.kpis.iter().map(|r| r.kpi).collect()),
            note: None,
        }
    }

    /// Draft `draft` as its snapshot keeps it. The snapshot's own comments are not read: they
    /// are not what is reported on.
    fn snapshot(dir: &Path, draft: u32) -> Stage {
        let folder = snapshot_dir(Path::new(""), draft);
        let profile = read_in_folder(dir, &folder.join("profile.json"), MAX_TEXT_FILE)
            .ok()
            .and_then(|bytes| serde_json::from_slice(&bytes).ok());
        let city = crate::input::load_with(&dir.join(&folder), &mut |_, _| Vec::new()).ok();
        let note = (profile.is_none() || city.is_none()).then(|| {
            format!(
                "The snapshot of draft {draft} ({}) does not pass sscp's checks; `sscp validate` on it says why.",
                folder.display()
            )
        });
        Stage {
            edition: Edition::Draft(draft),
            profile,
            results: city.as_ref().map(crate::score),
            reported: city.map(|c| c.kpis.iter().map(|r| r.kpi).collect()),
            note,
        }
    }

    /// Whether `kpis.csv` has a row for the KPI; `None` when it cannot be told.
    fn reports(&self, kpi: usize) -> Option<bool> {
        self.reported.as_ref().map(|rows| rows.contains(&kpi))
    }
}

/// A city's editions: the snapshots kept in `history/` and the current profile.
pub(super) struct Editions {
    /// Every draft kept from the first one commented on, up to the current one.
    snapshots: BTreeMap<u32, Stage>,
    current: Stage,
}

/// The draft a comment was made on, as far as the city folder keeps it.
pub(super) enum MadeOn<'a> {
    /// Its snapshot, or the current profile when the comment is on the draft being built.
    Kept(&'a Stage),
    /// An earlier draft of which no snapshot is kept: its text is not known.
    NotKept(String),
}

/// Where a comment's field or KPI is now.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) enum Now {
    /// In the current profile, under this pointer or code.
    At(String),
    /// Gone since this edition: the first later one without it.
    Removed(Edition),
}

impl Editions {
    /// Reads every snapshot from draft `first` on; `current` is the profile as it is now.
    pub(super) fn read(dir: &Path, first: u32, current: Stage) -> Editions {
        let last = match current.edition {
            Edition::Draft(n) => n,
            Edition::Final => u32::MAX,
        };
        let mut kept: Vec<u32> = std::fs::read_dir(dir.join("history"))
            .into_iter()
            .flatten()
            .flatten()
            .filter_map(|e| e.file_name().to_str()?.strip_prefix("draft-")?.parse().ok())
            .filter(|&n| (first..=last).contains(&n) && snapshot_kept(dir, n))
            .collect();
        kept.sort_unstable();
        let snapshots = kept
            .into_iter()
            .map(|n| (n, Stage::snapshot(dir, n)))
            .collect();
        Editions { snapshots, current }
    }

    /// The profile as it is now.
    pub(super) fn current(&self) -> &Stage {
        &self.current
    }

    /// The draft a comment on draft `draft` was made on.
    pub(super) fn made_on(&self, draft: u32) -> MadeOn<'_> {
        if let Some(stage) = self.snapshots.get(&draft) {
            return MadeOn::Kept(stage);
        }
        if self.current.edition == Edition::Draft(draft) {
            return MadeOn::Kept(&self.current);
        }
        MadeOn::NotKept(format!(
            "No snapshot of draft {draft} is kept ({}), so its text is not known.",
            snapshot_dir(Path::new(""), draft).display()
        ))
    }

    /// The editions after draft `draft`, in order: later snapshots, then the current profile.
    fn after(&self, draft: u32) -> impl Iterator<Item = &Stage> {
        let current = self.current.edition;
        self.snapshots
            .range(draft.saturating_add(1)..)
            .map(|(_, stage)| stage)
            .filter(move |stage| stage.edition != current)
            .chain([&self.current])
    }

    /// Follows a field of draft `draft`'s profile (`from`, the draft it was made on) to the
    /// current profile, edition by edition; a snapshot that does not read is passed over.
    pub(super) fn follow_field(&self, draft: u32, from: &Value, pointer: &str) -> Now {
        let (mut profile, mut at) = (from, pointer.to_string());
        for stage in self.after(draft) {
            let Some(next) = &stage.profile else { continue };
            match crate::round::align::follow(&at, profile, next) {
                Some(pointer) => (profile, at) = (next, pointer),
                None => return Now::Removed(stage.edition),
            }
        }
        Now::At(at)
    }

    /// Follows a KPI from draft `draft` (`from`, the draft it was made on) to the current
    /// `kpis.csv`: there while it has a row for the KPI, or while the draft had none either;
    /// else removed since the edition after the last that had one.
    pub(super) fn follow_kpi(&self, draft: u32, from: &Stage, code: &str) -> Now {
        let Some((kpi, _)) = Catalogue::get().find(code) else {
            return Now::At(code.to_string());
        };
        if self.current.reports(kpi) != Some(false) || from.reports(kpi) == Some(false) {
            return Now::At(code.to_string());
        }
        let mut gone = None;
        for stage in self.after(draft) {
            match stage.reports(kpi) {
                Some(true) => gone = None,
                Some(false) if gone.is_none() => gone = Some(stage.edition),
                _ => {}
            }
        }
        Now::Removed(gone.unwrap_or(self.current.edition))
    }
}
