//! Report document builder over the generated ABI types (`abi.rs`):
//!
//! ```ignore
//! use binventory::report::Report;
//! let out = Report::new("Stock at Shelf 1")
//!     .heading("Parts", 2)
//!     .key_value("Location", "Shelf 1".into())
//!     .table(&[("name", "Part"), ("quantity", "Quantity")], rows)
//!     .to_output();                     // {"document": {...}}: report_build's output
//! ```
use crate::abi::*;
use crate::Json;

/// A report document being built, block by block.
pub struct Report {
    doc: ReportDocument,
}

impl Report {
    pub fn new(title: &str) -> Self {
        Report { doc: ReportDocument { title: title.to_string(), page: None, header: None, footer: None, blocks: Vec::new() } }
    }
    /// Any block, as the ABI types spell it.
    pub fn block(mut self, block: ReportDocumentBlock) -> Self {
        self.doc.blocks.push(block);
        self
    }
    /// A heading of `level` 1 (largest) to 3.
    pub fn heading(self, text: &str, level: i64) -> Self {
        self.block(ReportDocumentBlock::Heading(ReportDocumentBlockHeading { text: text.to_string(), level: Some(level) }))
    }
    pub fn paragraph(self, text: &str) -> Self {
        self.block(ReportDocumentBlock::Paragraph(ReportDocumentBlockParagraph { text: text.to_string(), align: None, bold: None, italic: None, size: None }))
    }
    /// One line of a key/value list: added to the list just before it, or starting one.
    pub fn key_value(mut self, key: &str, value: Json) -> Self {
        let item = ReportDocumentBlockKeyvalueItem { key: key.to_string(), value };
        if let Some(ReportDocumentBlock::Keyvalue(list)) = self.doc.blocks.last_mut() {
            list.items.push(item);
            return self;
        }
        self.block(ReportDocumentBlock::Keyvalue(ReportDocumentBlockKeyvalue { items: vec![item] }))
    }
    /// A table: `columns` as (key, title); each row an object with those keys.
    pub fn table(self, columns: &[(&str, &str)], rows: Vec<Json>) -> Self {
        let columns = columns
            .iter()
            .map(|(key, title)| ReportDocumentBlockTableColumn { key: key.to_string(), title: title.to_string(), width: None, align: None, format: None, decimals: None })
            .collect();
        self.block(ReportDocumentBlock::Table(ReportDocumentBlockTable { caption: None, columns, rows, repeat_header: None, totals: None, zebra: None }))
    }
    pub fn barcode(self, symbology: ReportDocumentBlockBarcodeSymbology, data: &str) -> Self {
        self.block(ReportDocumentBlock::Barcode(ReportDocumentBlockBarcode { symbology, data: data.to_string(), width_mm: None, height_mm: None, caption: None, align: None }))
    }
    pub fn spacer(self, height_mm: f64) -> Self {
        self.block(ReportDocumentBlock::Spacer(ReportDocumentBlockSpacer { height_mm }))
    }
    pub fn page_break(self) -> Self {
        self.block(ReportDocumentBlock::PageBreak(ReportDocumentBlockPageBreak {}))
    }
    /// The document as built.
    pub fn document(self) -> ReportDocument {
        self.doc
    }
    /// report_build's output: `{"document": …}`.
    pub fn to_output(self) -> Json {
        ReportBuildOutput::Document(ReportBuildOutputDocument { document: self.doc }).to_json()
    }
}
