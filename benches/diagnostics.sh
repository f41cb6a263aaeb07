#!/usr/bin/env bash
# Diagnostics at scale and hostile inputs: time and peak RSS of the release CLI.
#
#   benches/diagnostics.sh [DIR]      (DIR: where the data goes, default target/bench-data)
#
# Prints, each as median wall seconds of RUNS (default 3) and peak RSS (/usr/bin/time -f %M):
#   - `spiegel generate` on 20,000 trajectories (JSON Lines) whose consult codes are on the
#     bundled prestatie list ("listed"), and on the same workload with consult codes outside it
#     ("unlisted": one warning per consult), with and without `--report out.csv`; the ratio
#     unlisted / listed (target <= 1.5), the warnings counted and the lines printed on stderr;
#   - `spiegel validate` on a 15 KB xz-like file named .xml, a tag with 200,000 attributes, a
#     200 MB attribute value, and `spiegel generate` on a 200 MB JSON Lines line.
# Machine load is printed first (`uptime`): other work on the machine inflates wall times.
set -euo pipefail
cd "$(dirname "$0")/.."
DATA=${1:-target/bench-data}
RUNS=${RUNS:-3}
N=${TRAJECTORIES:-20000}
mkdir -p "$DATA"
cargo build --release -q --bin spiegel
SPIEGEL=target/release/spiegel

echo "== machine: $(nproc) cores; $(uptime)"
median() { sort -n | awk '{v[NR]=$1} END {print v[int((NR+1)/2)]}'; }
# Runs "$@" RUNS times; prints "median_wall_seconds median_cpu_seconds max_rss_kib" (CPU:
# user + system, which a loaded machine inflates much less than wall time).
measure() {
    local walls=() cpus=() rss=0 wall user sys kib stats
    stats=$(mktemp)
    for _ in $(seq "$RUNS"); do
        /usr/bin/time -f "%e %U %S %M" -o "$stats" "$@" >/dev/null 2>&1 || true
        read -r wall user sys kib < <(tail -1 "$stats")
        walls+=("$wall")
        cpus+=("$(awk -v u="$user" -v s="$sys" 'BEGIN {printf "%.2f", u + s}')")
        if (( kib > rss )); then rss=$kib; fi
    done
    rm -f "$stats"
    echo "$(printf '%s\n' "${walls[@]}" | median) $(printf '%s\n' "${cpus[@]}" | median) $rss"
}
show() { # label "wall cpu rss_kib"
    local wall cpu kib
    read -r wall cpu kib <<<"$2"
    printf '%-44s %6s s wall  %6s s CPU  %5d MiB\n' "$1" "$wall" "$cpu" $(( kib / 1024 ))
}

"$SPIEGEL" workload -q -o "$DATA/listed.jsonl" --trajectories "$N"
"$SPIEGEL" workload -q -o "$DATA/unlisted.jsonl" --trajectories "$N" --unlisted-prestaties
GEN=("$SPIEGEL" generate -q -k 2024-Q4 -o "$DATA/out.xml" --created 2025-01-10T09:00:00)
listed=$(measure "${GEN[@]}" -i "$DATA/listed.jsonl")
unlisted=$(measure "${GEN[@]}" -i "$DATA/unlisted.jsonl")
unlisted_report=$(measure "${GEN[@]}" -i "$DATA/unlisted.jsonl" --report "$DATA/report.csv")
show "generate, $N trajectories, listed codes" "$listed"
show "generate, $N trajectories, unlisted codes" "$unlisted"
show "  the same with --report report.csv" "$unlisted_report"
read -r lw lc _ <<<"$listed"
read -r uw uc _ <<<"$unlisted"
awk -v uw="$uw" -v lw="$lw" -v uc="$uc" -v lc="$lc" \
    'BEGIN {printf "ratio unlisted / listed: %.2f wall, %.2f CPU (target <= 1.5)\n", uw / lw, uc / lc}'
"$SPIEGEL" generate -i "$DATA/unlisted.jsonl" -k 2024-Q4 -o "$DATA/out.xml" \
    --report "$DATA/report.csv" 2>"$DATA/stderr.txt" || true
echo "stderr: $(wc -l <"$DATA/stderr.txt") lines; $(tail -1 "$DATA/stderr.txt" | grep -o '[0-9]* warning(s)')"
echo "report.csv: $(($(wc -l <"$DATA/report.csv") - 1)) rows, $(du -k "$DATA/report.csv" | cut -f1) KiB"

# Hostile inputs.
head -c 15600 /dev/urandom | { printf '\xfd7zXZ\0'; cat; } >"$DATA/compressed.xml"
python3 - "$DATA" <<'EOF'
import sys
d = sys.argv[1]
head = '<Bestand datum_creatie="2024-04-03T10:15:00" begindatum_aangeleverde_periode="2024-01-01" einddatum_aangeleverde_periode="2024-03-31">'
with open(f"{d}/flood.xml", "w") as f:
    f.write(head + "<Zorgaanbieder" + "".join(f' a{i}=""' for i in range(200_000)) + "/></Bestand>")
with open(f"{d}/value.xml", "w") as f:
    f.write(head + '<Zorgaanbieder zorgaanbieder_code="12345678"><Zorgtraject begindatum="2024-01-01" groep_code="')
    for _ in range(200):
        f.write("x" * (1 << 20))
    f.write('"/></Zorgaanbieder></Bestand>')
with open(f"{d}/endless.jsonl", "w") as f:
    for _ in range(200):
        f.write("{" * (1 << 20))
EOF
show "validate: xz bytes named .xml (15.6 KB)" "$(measure "$SPIEGEL" validate "$DATA/compressed.xml")"
show "validate: one tag, 200,000 attributes" "$(measure "$SPIEGEL" validate "$DATA/flood.xml")"
show "validate: a 200 MB attribute value" "$(measure "$SPIEGEL" validate "$DATA/value.xml")"
show "generate: a 200 MB JSON Lines line" \
    "$(measure "$SPIEGEL" generate -i "$DATA/endless.jsonl" -k 2024-Q1 -o "$DATA/out.xml")"
