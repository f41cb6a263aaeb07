//! Reads a Spiegelinformatie file back into the model.

use std::io::BufRead;

use crate::model::Bestand;

/// Why a file could not be read.
#[derive(Debug, thiserror::Error)]
#[error("line {line}, column {column}: {message}")]
pub struct ReadError {
    /// 1-based line.
    pub line: u64,
    /// 1-based column.
    pub column: u64,
    /// What is wrong.
    pub message: String,
}

/// Reads a whole file.
pub fn read_bestand<R: BufRead>(_input: R) -> Result<Bestand, ReadError> {
    Err(ReadError {
        line: 1,
        column: 1,
        message: "reader not written yet".into(),
    })
}
