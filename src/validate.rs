//! Placeholder: filled in on its own branch.
