//! The XML file: writing (streaming, to any `io::Write`) and reading back into the model.

pub mod read;
pub mod write;

pub use read::{read_bestand, read_bestand_file, ReadError, ReadErrorKind};
pub use write::{escape_attribute, XmlWriter};
