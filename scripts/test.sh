#!/usr/bin/env bash
# Runs every check and every test: formatting, lints, the Rust tests (unit, integration, doc,
# and the C, C#, Java and Delphi binding tests they drive), `cargo package`, the vendor
# packages (scripts/package.sh) and the Windows DLL under Wine (scripts/windows.sh).
set -euo pipefail
cd "$(dirname "$0")/.."

bash scripts/setup.sh

echo "== cargo fmt --check"
cargo fmt --all --check

echo "== cargo clippy"
cargo clippy --locked --all-targets -- -D warnings

echo "== cargo package"
cargo package --locked --allow-dirty --quiet

echo "== cargo test"
cargo test --locked --lib --bins --tests --examples
cargo test --locked --doc

echo "== benches compile (run them with benches/run.sh; see BENCHMARKS.md)"
cargo bench --locked --no-run --quiet

# The vendor packages (with the held-out vendor programs) and the Windows DLL under Wine.
# SPIEGEL_WINDOWS=0 leaves them out of a quick local run; CI always runs them.
if [ "${SPIEGEL_WINDOWS:-1}" = "0" ]; then
  echo "== not run: packages and the Windows DLL (SPIEGEL_WINDOWS=0)"
  exit 0
fi

echo "== packages: dist/ (scripts/package.sh)"
bash scripts/package.sh

echo "== the Windows DLL under Wine (scripts/windows.sh)"
bash scripts/windows.sh

# The 32-bit DLL with the C, C# and Delphi tests; its crate tests as 32-bit programs (twelve
# more minutes of building) run with `bash scripts/windows32.sh`.
echo "== the 32-bit Windows DLL under 32-bit Wine (scripts/windows32.sh bindings)"
bash scripts/windows32.sh bindings
