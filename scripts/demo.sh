#!/usr/bin/env bash
# The main job on a fresh machine: install what is needed, build, generate the quarterly file
# of the quarter due today from the bundled demo data, and validate it.
set -euo pipefail
cd "$(dirname "$0")/.."

bash scripts/setup.sh
cargo build --release --locked --quiet
out="${1:-demo-out}"
./target/release/spiegel demo --out "$out"
for xml in "$out"/spiegelinformatie_*.xml; do
  ./target/release/spiegel validate "$xml"
done
