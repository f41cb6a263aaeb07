//! Generates the C header from `src/ffi` with cbindgen, into `OUT_DIR` (never the source tree:
//! that would break `cargo package`). `tests/ffi_header.rs` keeps the committed
//! `include/spiegelinformatie.h` equal to it.

use std::path::PathBuf;

fn main() {
    let root = PathBuf::from(std::env::var_os("CARGO_MANIFEST_DIR").expect("CARGO_MANIFEST_DIR"));
    let out = PathBuf::from(std::env::var_os("OUT_DIR").expect("OUT_DIR"));
    println!("cargo:rerun-if-changed=cbindgen.toml");
    println!("cargo:rerun-if-changed=src/ffi");
    let config = cbindgen::Config::from_file(root.join("cbindgen.toml")).expect("cbindgen.toml is readable");
    let bindings = cbindgen::Builder::new()
        .with_config(config)
        .with_src(root.join("src/ffi/mod.rs"))
        .generate()
        .expect("cbindgen generates the header from src/ffi");
    bindings.write_to_file(out.join("spiegelinformatie.h"));
}
