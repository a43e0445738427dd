//! PDF export: options that make output reproducible (fixed identifier and timestamp from the
//! edition), and checks on the finished file.

use typst::foundations::{Datetime, Smart};
use typst_layout::PagedDocument;
use typst_pdf::{PdfOptions, Timestamp};

use crate::model::{CityProfile, Date};

/// A4 in points, with a little tolerance for rounding.
const A4_PT: (f64, f64) = (595.28, 841.89);

#[derive(Debug, thiserror::Error)]
pub enum ExportError {
    #[error("PDF export failed: {0}")]
    Pdf(String),
    #[error("page {page} is {width:.1} × {height:.1} pt, not A4 (595.3 × 841.9 pt)")]
    NotA4 {
        page: usize,
        width: f64,
        height: f64,
    },
}

/// Writes the profile's PDF. The same document and profile always give the same bytes.
pub fn pdf(document: &PagedDocument, profile: &CityProfile) -> Result<Vec<u8>, ExportError> {
    let ident = format!(
        "sscp/{}/{}/{}",
        profile.city.id,
        profile
            .edition
            .draft
            .map_or("final".to_string(), |d| format!("draft-{d}")),
        profile.edition.date
    );
    pdf_dated(document, ident, profile.edition.date)
}

/// Writes any of sscp's A4 documents: `ident` names the document (the PDF's file identifier
/// derives from it), `date` is its creation date; both fixed, so the bytes are reproducible.
pub fn pdf_dated(
    document: &PagedDocument,
    ident: String,
    date: Date,
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
    let timestamp =
        Datetime::from_ymd_hms(date.year, date.month, date.day, 12, 0, 0).map(Timestamp::new_utc);
    let options = PdfOptions {
        ident: Smart::Custom(ident),
        creator: Smart::Custom(Some(
            concat!("sscp ", env!("CARGO_PKG_VERSION"), " (Typst 0.15.1)").to_string(),
        )),
        timestamp,
        tagged: true,
        ..PdfOptions::default()
    };
    typst_pdf::pdf(document, &options).map_err(|errors| {
        ExportError::Pdf(
            errors
                .iter()
                .map(|e| e.message.to_string())
                .collect::<Vec<_>>()
                .join("; "),
        )
    })
}
