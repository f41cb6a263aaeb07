//! Shared by the integration tests: the reference delivery and tool discovery.
#![allow(dead_code)]

pub mod reference;

use std::process::Command;

/// Whether `tool` can be run. When it cannot: under `CI` the test fails; otherwise a clear
/// SKIPPED line is printed and the caller skips.
pub fn tool_available(tool: &str) -> bool {
    let found = Command::new(tool)
        .arg("--version")
        .output()
        .map(|o| o.status.success())
        .unwrap_or(false);
    if !found {
        if std::env::var_os("CI").is_some() {
            panic!("{tool} is required in CI but cannot be run");
        }
        eprintln!("SKIPPED: {tool} is not installed; install it to run this test");
    }
    found
}
