//! PDF export: every sscp document is written as PDF/A-3a and PDF/UA-1 at once, with Typst's
//! conformance checks on, and with options that make output reproducible (fixed identifier
//! and timestamp from the edition).

use typst::diag::SourceDiagnostic;
use typst::foundations::{Datetime, Smart};
use typst_layout::PagedDocument;
use typst_pdf::{PdfOptions, PdfStandard, PdfStandards, Timestamp};

use crate::model::{CityProfile, Date};

mod print;
pub use print::add_bleed_box;

/// A4 in points, with a little tolerance for rounding.
const A4_PT: (f64, f64) = (595.28, 841.89);

/// Why a typeset document could not be written as an sscp PDF.
#[derive(Debug, thiserror::Error)]
pub enum ExportError {
    /// What Typst's PDF/A-3a and PDF/UA-1 checks (or the export itself) refused, each with its
    /// place in the template or the data.
    #[error("the PDF cannot be written as PDF/A-3a and PDF/UA-1:\n{0}")]
    Pdf(String),
    /// A page the template laid out at a size other than A4; checked before any PDF is written.
    #[error("page {page} is {width:.1} × {height:.1} pt, not A4 (595.3 × 841.9 pt)")]
    NotA4 {
        /// The page's number, counting from 1.
        page: usize,
        /// The page's width, in points.
        width: f64,
        /// The page's height, in points.
        height: f64,
    },
}

/// What identifies a PDF besides its pages: the same identity and pages always give the same
/// bytes.
#[derive(Debug, Clone)]
pub struct Identity {
    /// The PDF file identifier's source: stable across rebuilds of the same document.
    pub ident: String,
    /// The creation date written into the file (an edition date, never the clock). PDF/A
    /// needs one: an undated draft carries [`UNDATED`].
    pub date: Option<Date>,
    /// The title and subject readers show, where the template does not set them.
    pub title: Option<String>,
    /// Written as the PDF's description; `None` leaves whatever the template set.
    pub subject: Option<String>,
}

/// The date in the metadata of an undated draft: PDF/A requires a date, and the Unix epoch
/// is a stand-in no reader takes for the edition's (the draft's foot says "undated").
pub const UNDATED: Date = Date {
    year: 1970,
    month: 1,
    day: 1,
};

/// The standards every sscp PDF meets: PDF/A-3a (archival, tagged, files attached) and
/// PDF/UA-1 (accessible).
fn standards() -> PdfStandards {
    PdfStandards::new(&[PdfStandard::A_3a, PdfStandard::Ua_1])
        .expect("PDF/A-3a and PDF/UA-1 can be combined")
}

/// Writes the profile's PDF. The same document and profile always give the same bytes.
/// `explain` places export diagnostics in the template or the data
/// ([`crate::typeset::Typeset::explain`]).
pub fn pdf(
    document: &PagedDocument,
    profile: &CityProfile,
    explain: &dyn Fn(&[SourceDiagnostic]) -> String,
) -> Result<Vec<u8>, ExportError> {
    let date = profile.edition.date;
    let ident = format!(
        "sscp/{}/{}/{}",
        profile.city.id,
        profile
            .edition
            .draft
            .map_or("final".to_string(), |d| format!("draft-{d}")),
        date.map_or("undated".to_string(), |d| d.to_string())
    );
    pdf_with(
        document,
        &Identity {
            ident,
            date,
            title: None,
            subject: None,
        },
        explain,
    )
}

/// Writes any sscp document (the profile, the resolution report, the change log) as an A4
/// PDF/A-3a and PDF/UA-1 file.
pub fn pdf_with(
    document: &PagedDocument,
    identity: &Identity,
    explain: &dyn Fn(&[SourceDiagnostic]) -> String,
) -> Result<Vec<u8>, ExportError> {
    for (i, page) in document.pages().iter().enumerate() {
        let size = page.frame.size();
        let (w, h) = (size.x.to_pt(), size.y.to_pt());
        if (w - A4_PT.0).abs() > 0.5 || (h - A4_PT.1).abs() > 0.5 {
            return Err(ExportError::NotA4 {
                page: i + 1,
                width: w,
                height: h,
            });
        }
    }
    // Pages and introspector are shared, so the copy that carries the title costs little.
    let mut titled;
    let document = if identity.title.is_some() || identity.subject.is_some() {
        titled = document.clone();
        let info = titled.info_mut();
        if let Some(title) = &identity.title {
            info.title = Some(title.as_str().into());
        }
        if let Some(subject) = &identity.subject {
            info.description = Some(subject.as_str().into());
        }
        &titled
    } else {
        document
    };
    let date = identity.date.unwrap_or(UNDATED);
    let timestamp =
        Datetime::from_ymd_hms(date.year, date.month, date.day, 12, 0, 0).map(Timestamp::new_utc);
    let options = PdfOptions {
        ident: Smart::Custom(identity.ident.clone()),
        creator: Smart::Custom(Some(
            concat!("sscp ", env!("CARGO_PKG_VERSION"), " (Typst 0.15.1)").to_string(),
        )),
        timestamp,
        tagged: true,
        standards: standards(),
        ..PdfOptions::default()
    };
    typst_pdf::pdf(document, &options).map_err(|errors| ExportError::Pdf(explain(&errors)))
}
