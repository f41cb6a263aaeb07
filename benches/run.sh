#!/usr/bin/env bash
# Full-size benchmark of the streaming generator, the writer and the C ABI, on one data set.
#
#   benches/run.sh [DIR]        (DIR: where the data goes, default target/bench-data; ~2.5 GB)
#
# Prints, for W1 (100,000 trajectories) and 4×W1:
#   - end-to-end `spiegel generate -i X.jsonl` (JSON Lines in, XML out, content validation on):
#     wall time (median of RUNS, default 3), peak RSS (/usr/bin/time -f %M), input and output MB/s;
#   - `xmllint --stream --noout --schema schema/spiegelinformatie.xsd` on the produced file,
#     and the ratio xmllint time / generate time (the target is ≥ 3);
# then, on W1: our writer alone against the minimal hand-rolled baseline (`benches/w1.rs`),
# and building W1 through the C ABI (`benches/c_abi.c`) against the Rust API.
# Machine load is printed first (`uptime`): other work on the machine inflates wall times.
set -euo pipefail
cd "$(dirname "$0")/.."
DATA=${1:-target/bench-data}
RUNS=${RUNS:-3}
mkdir -p "$DATA"
cargo build --release -q
W1=$(cargo bench --no-run -q --bench w1 --message-format=json 2>/dev/null \
    | grep -o '"executable":"[^"]*"' | grep '/w1-' | tail -1 | cut -d'"' -f4)
gcc -O2 -std=c99 -Wall -Wextra -Iinclude benches/c_abi.c -Ltarget/release -lspiegelinformatie \
    -Wl,-rpath,"$PWD/target/release" -o target/release/c_abi
SPIEGEL=target/release/spiegel

echo "== machine: $(nproc) cores; $(uptime)"
median() { sort -n | awk '{v[NR]=$1} END {print v[int((NR+1)/2)]}'; }
# Runs "$@" RUNS times; prints "median_seconds max_rss_kib".
measure() {
    local times=() rss=0 line stats
    stats=$(mktemp)
    for _ in $(seq "$RUNS"); do
        /usr/bin/time -f "%e %M" -o "$stats" "$@" >/dev/null 2>&1
        line=$(tail -1 "$stats")
        times+=("${line% *}")
        if (( ${line#* } > rss )); then rss=${line#* }; fi
    done
    rm -f "$stats"
    echo "$(printf '%s\n' "${times[@]}" | median) $rss"
}

for factor in 1 4; do
    in="$DATA/w$factor.jsonl" out="$DATA/w$factor.xml"
    [ -s "$in" ] || $SPIEGEL workload -q --factor "$factor" --out "$in"
    read -r gen_s gen_rss < <(measure $SPIEGEL generate -q -i "$in" -k 2024-Q4 \
        --created 2025-01-02T08:00:00 -o "$out")
    read -r lint_s lint_rss < <(measure xmllint --stream --noout --schema schema/spiegelinformatie.xsd "$out")
    in_mb=$(du -m --apparent-size "$in" | cut -f1) out_mb=$(du -m --apparent-size "$out" | cut -f1)
    awk -v f="$factor" -v g="$gen_s" -v r="$gen_rss" -v l="$lint_s" -v lr="$lint_rss" -v i="$in_mb" -v o="$out_mb" 'BEGIN {
        printf "== %d×W1: generate %.2f s, peak RSS %.1f MiB, %.0f MB/s in (%d MB), %.0f MB/s out (%d MB)\n", f, g, r/1024, i/g, i, o/g, o
        printf "   xmllint --stream --schema: %.2f s, peak RSS %.1f MiB; xmllint/generate = %.2f (target >= 3)\n", l, lr/1024, l/g }'
done

echo "== writer alone (W1, model in memory -> Vec)"
"$W1" writer 100000
echo "== building W1 through the C ABI vs the Rust API (same records, then the file)"
[ -s "$DATA/w1.flat" ] || "$W1" flat "$DATA/w1.flat" 100000
target/release/c_abi "$DATA/w1.flat" "$DATA/w1-c.xml"
"$W1" build "$DATA/w1.flat" "$DATA/w1-rust.xml"
cmp "$DATA/w1-c.xml" "$DATA/w1-rust.xml" && echo "   (both files are identical)"
