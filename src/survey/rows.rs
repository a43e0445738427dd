//! The rows of a survey export as its file gives them, before their meaning is known: what the
//! CSV and XLSX readers hand to the export's reader. It imports neither side.

/// One row of the export file as read.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Row {
    /// 1-based row number in the file (a CSV record that spans lines counts once).
    pub number: usize,
    /// The row's cells, as text.
    pub cells: Vec<String>,
}
