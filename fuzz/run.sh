#!/usr/bin/env bash
# Runs the fuzz targets one after another, each for SECONDS (default 180), and prints a
# summary line per target (executions, executions/s, coverage, findings).
#
#   fuzz/run.sh [SECONDS] [TARGET...]
#
# Needs cargo-fuzz (`cargo install cargo-fuzz`). The machine has a stable toolchain only;
# RUSTC_BOOTSTRAP=1 lets cargo-fuzz use the nightly flags it needs. SANITIZER=none runs
# without AddressSanitizer (faster, but only panics and aborts are found).
#
# The seeds in corpus/<target>/ stay as they are; what a run discovers goes to
# work/<target>/ (not committed), crashes to artifacts/<target>/, logs to work/logs/.
set -euo pipefail
cd "$(dirname "$0")"

seconds=${1:-180}
shift || true
if [ "$#" -gt 0 ]; then
    targets=("$@")
else
    targets=(read_xml roundtrip_xml json jsonl jsonl_fast codelists values ffi)
fi
sanitizer=${SANITIZER:-address}
export RUSTC_BOOTSTRAP=1

cargo fuzz build -O --sanitizer "$sanitizer"
mkdir -p work/logs
status=0
for t in "${targets[@]}"; do
    mkdir -p "work/$t"
    log="work/logs/$t.log"
    echo "== $t: ${seconds}s (sanitizer: $sanitizer)"
    # -timeout: one input taking longer than 10 s counts as a hang; -rss_limit_mb: memory
    # beyond 2 GiB counts as a leak or an unbounded allocation.
    if ! cargo fuzz run -O --sanitizer "$sanitizer" "$t" "work/$t" "corpus/$t" -- \
        -max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 -max_len=16384 \
        -print_final_stats=1 >"$log" 2>&1; then
        echo "   FAILED: see $log and artifacts/$t/"
        status=1
    fi
    done_line=$(grep -E '^#[0-9]+[[:space:]]+DONE' "$log" | tail -n 1 || true)
    execs=$(grep -E '^stat::number_of_executed_units' "$log" | awk '{print $2}' || true)
    speed=$(grep -E '^stat::average_exec_per_sec' "$log" | awk '{print $2}' || true)
    echo "   executions: ${execs:-?}  exec/s: ${speed:-?}  ${done_line:-(no DONE line)}"
done
exit "$status"
