//! The C ABI, for EPD vendors calling from C#, Java, Delphi or C.
//!
//! The header `include/spiegelinformatie.h` is generated from this module by cbindgen (see
//! `build.rs` and `cbindgen.toml`); its opening comment states the conventions every function
//! follows (strings in and out, result codes, ids, ownership, threads, calling convention).
//! In short: every symbol starts with `spiegel_`/`SPIEGEL_`; handles are opaque pointers with
//! `_new`/`_free`; every function returns a `uint32_t` result code, catches panics and checks
//! every pointer; text goes in as UTF-8 pointer + length and comes out copied into caller
//! buffers.
//!
//! All `unsafe` code of the crate lives in this module.
//!
//! New result codes take the next free number after the last one (`SPIEGEL_UNKNOWN_LANGUAGE`,
//! 17); existing numbers never change.
//!
//! Layout: [`codes`] (result codes), `guard` (panic catching, last error, text in and out),
//! `records` (the id-addressed records behind a delivery), [`delivery`] (create, configure,
//! add records, load JSON and JSON Lines), [`lists`] (code lists and the organisation
//! structure), [`write`](mod@write) (validate and write), [`preview`] (what the PVM will share),
//! [`xmlfile`] (validate an existing XML file), [`stream`] (write while records are pushed),
//! [`report`] (walk and export diagnostics), [`misc`] (versions, code texts, the delivery
//! calendar), [`bulk`] (integer dates and one call per trajectory, for wrappers and bulk
//! exports), [`lang`] (the language of messages, per handle and per thread).

pub mod bulk;
pub mod codes;
pub mod delivery;
mod guard;
pub mod lang;
pub mod lists;
pub mod misc;
pub mod preview;
mod records;
pub mod report;
pub mod stream;
pub mod write;
pub mod xmlfile;

pub use bulk::*;
pub use codes::*;
pub use delivery::*;
pub use lang::*;
pub use lists::*;
pub use misc::*;
pub use preview::*;
pub use report::*;
pub use stream::*;
pub use write::*;
pub use xmlfile::*;
