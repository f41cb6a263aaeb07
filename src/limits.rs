//! Every size limit of the library, in one table: the model refuses a value past a limit when
//! it is built (so `generate` never writes what `validate` would refuse), the XML reader and
//! the gate before libxml2 enforce the same numbers on files, and the JSON Lines reader caps
//! its lines. Nothing else defines a limit.

/// The longest attribute value, in bytes of UTF-8 as the model holds it (after the file's
/// escaping is undone). The model refuses longer values; the reader refuses them in files.
pub const MAX_ATTRIBUTE_LEN: usize = 64 * 1024;

/// The longest single piece of XML markup or text the reader and the gate accept (a tag with
/// all its attributes, a run of whitespace, a comment), in bytes as written in the file.
/// Large enough for every tag the writer can produce (see the test below).
pub const MAX_EVENT_LEN: usize = 1024 * 1024;

/// The most attributes one element may carry in a file given to `validate`. The model's
/// elements have at most three; the margin leaves room for namespace declarations. Checked
/// before libxml2 sees the file: its duplicate-attribute check is quadratic.
pub const MAX_ATTRIBUTES_PER_ELEMENT: usize = 16;

/// The deepest element nesting the gate lets through to libxml2 (the model nests five deep).
pub const MAX_DEPTH: usize = 32;

/// The longest line of JSON Lines input, in bytes including the line end (16 MiB). A longer
/// line is an error naming its line number; reading stops there.
pub const MAX_JSONL_LINE: usize = 16 * 1024 * 1024;

/// The most distinct XSD violations kept for one file; the rest are counted.
pub const MAX_XSD_VIOLATIONS: usize = 1000;

/// The most distinct diagnostics a [`Report`](crate::Report) keeps as entries. Further
/// distinct diagnostics are counted per rule and severity, never stored.
pub const MAX_REPORT_ENTRIES: usize = 10_000;

/// The locations kept per report entry (the first ones found); the rest are counted.
pub const MAX_EXAMPLES_PER_ENTRY: usize = 5;

/// How many report entries the CLI prints to the terminal; the rest are counted in a line
/// (every entry is in a `--report` file).
pub const MAX_TERMINAL_ENTRIES: usize = 50;

/// The most bytes the writer can make of one escaped byte (`"` becomes `&quot;`).
pub const MAX_ESCAPE_GROWTH: usize = 6;

/// The most free-text attributes (codes, groep_code) one element carries (Item: item_code and
/// score; Zorgvraagtypering: its two codes).
pub const MAX_TEXT_ATTRIBUTES_PER_ELEMENT: usize = 2;

// The largest tag the writer can produce must pass the reader's tag limit, or a file `generate`
// writes could be refused by `validate` (names, quotes and dates: generously 1 KiB). Checked
// when the crate compiles.
const _: () =
    assert!(MAX_TEXT_ATTRIBUTES_PER_ELEMENT * MAX_ATTRIBUTE_LEN * MAX_ESCAPE_GROWTH + 1024 <= MAX_EVENT_LEN);
