//! Generates the C header from `src/ffi` with cbindgen, into `OUT_DIR` (never the source tree:
//! that would break `cargo package`). `tests/ffi_header.rs` keeps the committed
//! `include/spiegelinformatie.h` equal to it.
//!
//! Also, per target: on Linux the cdylib gets the SONAME `libspiegelinformatie.so.<ABI major>`;
//! on Windows (GNU toolchain) the DLL gets a version resource compiled by `windres`.

use std::path::{Path, PathBuf};
use std::process::Command;

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

    let target_os = std::env::var("CARGO_CFG_TARGET_OS").unwrap_or_default();
    let target_env = std::env::var("CARGO_CFG_TARGET_ENV").unwrap_or_default();
    if target_os == "linux" {
        let major = abi_major(&root);
        println!("cargo:rustc-cdylib-link-arg=-Wl,-soname,libspiegelinformatie.so.{major}");
    }
    if target_os == "windows" && target_env == "gnu" {
        link_version_resource(&out);
    }
}

/// SPIEGEL_ABI_VERSION from `src/ffi/codes.rs`: the ABI's major version, so the SONAME changes
/// exactly when the ABI breaks.
fn abi_major(root: &Path) -> u32 {
    let codes = root.join("src/ffi/codes.rs");
    println!("cargo:rerun-if-changed={}", codes.display());
    let text = std::fs::read_to_string(&codes).expect("src/ffi/codes.rs is readable");
    text.lines()
        .find_map(|line| {
            line.trim()
                .strip_prefix("pub const SPIEGEL_ABI_VERSION: u32 = ")?
                .strip_suffix(';')?
                .parse()
                .ok()
        })
        .expect("src/ffi/codes.rs defines SPIEGEL_ABI_VERSION")
}

/// Compiles a VERSIONINFO resource (file and product version from Cargo.toml) with `windres`
/// (`$WINDRES`, or the mingw-w64 one) and links it into the DLL. Without windres the DLL is
/// built without one, with a warning: the resource is for Explorer's "Details" tab only.
fn link_version_resource(out: &Path) {
    println!("cargo:rerun-if-env-changed=WINDRES");
    let version = std::env::var("CARGO_PKG_VERSION").expect("CARGO_PKG_VERSION");
    let numbers: Vec<u16> = version
        .split(['.', '-', '+'])
        .take(3)
        .map(|part| part.parse().unwrap_or(0))
        .collect();
    let (major, minor, patch) = (numbers[0], numbers[1], numbers[2]);
    let rc = out.join("spiegelinformatie.rc");
    let description = "Spiegelinformatie: generate and validate the GGZ Spiegelinformatie XML file";
    std::fs::write(
        &rc,
        format!(
            "1 VERSIONINFO\n\
             FILEVERSION {major},{minor},{patch},0\n\
             PRODUCTVERSION {major},{minor},{patch},0\n\
             FILEOS 0x40004\n\
             FILETYPE 0x2\n\
             BEGIN\n\
             \x20 BLOCK \"StringFileInfo\"\n\
             \x20 BEGIN\n\
             \x20   BLOCK \"040904B0\"\n\
             \x20   BEGIN\n\
             \x20     VALUE \"FileDescription\", \"{description}\"\n\
             \x20     VALUE \"FileVersion\", \"{version}\"\n\
             \x20     VALUE \"ProductName\", \"spiegelinformatie\"\n\
             \x20     VALUE \"ProductVersion\", \"{version}\"\n\
             \x20     VALUE \"OriginalFilename\", \"spiegelinformatie.dll\"\n\
             \x20     VALUE \"InternalName\", \"spiegelinformatie\"\n\
             \x20     VALUE \"LegalCopyright\", \"MIT OR Apache-2.0\"\n\
             \x20   END\n\
             \x20 END\n\
             \x20 BLOCK \"VarFileInfo\"\n\
             \x20 BEGIN\n\
             \x20   VALUE \"Translation\", 0x409, 1200\n\
             \x20 END\n\
             END\n"
        ),
    )
    .expect("the .rc file can be written to OUT_DIR");
    let windres = std::env::var("WINDRES").unwrap_or_else(|_| {
        let arch = std::env::var("CARGO_CFG_TARGET_ARCH").unwrap_or_default();
        let prefix = if arch == "x86" { "i686" } else { "x86_64" };
        format!("{prefix}-w64-mingw32-windres")
    });
    let object = out.join("spiegelinformatie-version.o");
    let compiled = Command::new(&windres)
        .arg("--input")
        .arg(&rc)
        .arg("--output")
        .arg(&object)
        .arg("--output-format=coff")
        .status()
        .map(|status| status.success())
        .unwrap_or(false);
    if compiled {
        println!("cargo:rustc-cdylib-link-arg={}", object.display());
    } else {
        println!("cargo:warning={windres} failed or is missing: the DLL has no version resource");
    }
}
