#!/usr/bin/env bash
# The peer benchmark (BENCHMARKS.md, "Peers"): the same W1 records, loaded into memory first,
# written to the file of one quarter by
#   csharp-xmlserializer  C# XmlSerializer over the classes xsd.exe generates (selection by hand)
#   java-stax             Java XMLStreamWriter (selection by hand)
#   csharp-wrapper        every record through the C# wrapper's BulkStream (the library selects)
#   java-wrapper          every record through the Java wrapper's BulkStream (JNA direct mapping)
#   c-bulk                the C ABI bulk path (begin_dated, children packed, loose metingen packed)
#   native                the Rust-native build of the same records (model + StreamGenerator)
# Each program prints the time and the peak RSS of its build + write phase only. Runs are
# interleaved (every round runs every program, in rotated order); medians are reported. The
# outputs are checked: the library's four byte-identical, the two hand-written peers
# canonical-equal to them (same_xml.py). At 4×W1 only the streaming paths of the library run
# (c-bulk, native): the memory target is theirs.
#
#   benches/peers/run.sh [DIR]     DIR: data and outputs, default target/peers-data (~3 GB)
#   RUNS=3 QUARTER=2024-Q1 FACTORS="1 4" benches/peers/run.sh
#
# Needs: cargo, gcc, readelf (binutils), mono + mcs, javac + java + JNA (SPIEGEL_JNA_JAR, default
# /usr/share/java/jna.jar), python3.
set -euo pipefail
cd "$(dirname "$0")/../.."
ROOT=$PWD
DATA=${1:-target/peers-data}
RUNS=${RUNS:-3}
QUARTER=${QUARTER:-2024-Q1}
FACTORS=${FACTORS:-"1 4"}
JNA=${SPIEGEL_JNA_JAR:-/usr/share/java/jna.jar}
BIN=target/release/peers
mkdir -p "$DATA" "$BIN/java"

echo "== building (release)"
cargo build --release -q
PEERS=$(cargo bench --no-run -q --bench peers --message-format=json 2>/dev/null \
    | grep -o '"executable":"[^"]*"' | grep '/peers-' | tail -1 | cut -d'"' -f4)
LIB=$ROOT/target/release
# The cdylib carries a SONAME (libspiegelinformatie.so.<ABI major>); cargo does not make that
# name, and a C program linked against the library looks for it.
SONAME=$(readelf -d "$LIB/libspiegelinformatie.so" | sed -n 's/.*Library soname: \[\(.*\)\]/\1/p')
if [ -n "$SONAME" ]; then ln -sf libspiegelinformatie.so "$LIB/$SONAME"; fi
gcc -O2 -std=c99 -Wall -Wextra -Iinclude benches/peers/c_bulk.c -L"$LIB" -lspiegelinformatie \
    -Wl,-rpath,"$LIB" -o "$BIN/c_bulk"
mcs -nologo -optimize+ -codepage:utf8 -target:library -out:"$BIN/Spiegelinformatie.dll" \
    bindings/csharp/Spiegelinformatie.cs bindings/csharp/SpiegelBulk.cs
mcs -nologo -optimize+ -codepage:utf8 -r:"$BIN/Spiegelinformatie.dll" -r:System.Xml.dll \
    -out:"$BIN/CsPeers.exe" benches/peers/CsPeers.cs
javac -encoding UTF-8 -cp "$JNA" -d "$BIN/java" bindings/java/src/nl/spiegelinformatie/*.java \
    benches/peers/JavaPeers.java

for factor in $FACTORS; do
    flat="$DATA/w$factor.flat"
    if [ ! -s "$flat" ]; then
        echo "== generating ${factor}×W1 (spiegel workload) and its flat form"
        target/release/spiegel workload -q --factor "$factor" --out "$DATA/w$factor.jsonl"
        "$PEERS" flat "$DATA/w$factor.jsonl" "$flat"
        rm -f "$DATA/w$factor.jsonl"
    fi
done

echo "== machine: $(nproc) cores; $(uname -srmo)"
echo "== load before: $(uptime)"

# run NAME FLAT OUT: prints the program's RESULT line.
run() {
    local name=$1 flat=$2 out=$3
    case $name in
        native) "$PEERS" native "$flat" "$out" "$QUARTER" ;;
        c-bulk) "$BIN/c_bulk" "$flat" "$out" "$QUARTER" ;;
        csharp-*) LD_LIBRARY_PATH="$LIB" mono "$BIN/CsPeers.exe" "${name#csharp-}" "$flat" "$out" "$QUARTER" ;;
        java-*) java -cp "$JNA:$BIN/java" -Djna.library.path="$LIB" JavaPeers "${name#java-}" "$flat" "$out" "$QUARTER" ;;
    esac | grep '^RESULT'
}

results="$DATA/results.txt"
: > "$results"
for factor in $FACTORS; do
    if [ "$factor" = 1 ]; then
        programs=(csharp-xmlserializer csharp-wrapper java-stax java-wrapper c-bulk native)
    else
        programs=(c-bulk native)
    fi
    flat="$DATA/w$factor.flat"
    for round in $(seq "$RUNS"); do
        n=${#programs[@]}
        for i in $(seq 0 $((n - 1))); do
            name=${programs[$(((i + round - 1) % n))]}
            line=$(run "$name" "$flat" "$DATA/w$factor-$name.xml")
            echo "   ${factor}×W1 round $round: $line"
            echo "$factor $line" >> "$results"
        done
    done
    echo "== checking the ${factor}×W1 outputs"
    for name in "${programs[@]}"; do
        case $name in
            csharp-xmlserializer|java-stax)
                python3 benches/peers/same_xml.py "$DATA/w$factor-c-bulk.xml" "$DATA/w$factor-$name.xml" \
                    && echo "   $name: canonical-equal to c-bulk" ;;
            c-bulk) ;;
            *) cmp "$DATA/w$factor-c-bulk.xml" "$DATA/w$factor-$name.xml" && echo "   $name: byte-identical to c-bulk" ;;
        esac
    done
done
echo "== load after: $(uptime)"

echo "== medians (wall seconds and CPU seconds of the build + write phase; peak RSS of the phase and its growth over the RSS before it, MiB)"
awk '
    { key = $1 "|" $3; t[key] = t[key] " " $4; c[key] = c[key] " " $7; g[key] = g[key] " " ($6 - $5) / 1024; p[key] = p[key] " " $6 / 1024; keys[key] = 1 }
    function median(list,   v, n, i, j, x) {
        n = split(list, v, " ")
        for (i = 2; i <= n; i++) { x = v[i]; for (j = i - 1; j >= 1 && v[j] + 0 > x + 0; j--) v[j + 1] = v[j]; v[j + 1] = x }
        return v[int((n + 1) / 2)]
    }
    function ratio(what, a, b, target) {
        if ((a in m) && (b in m))
            printf "== %s: wall %.2f, CPU %.2f (target %s)\n", what, m[a] / m[b], mc[a] / mc[b], target
    }
    END {
        for (k in keys) {
            split(k, f, "|"); m[k] = median(t[k]); mc[k] = median(c[k])
            printf "   %s×W1 %-22s wall %8.3f s   CPU %8.2f s   peak %8.1f MiB   growth %8.1f MiB\n", f[1], f[2], m[k], mc[k], median(p[k]), median(g[k])
        }
        ratio("C#: XmlSerializer / wrapper", "1|csharp-xmlserializer", "1|csharp-wrapper", ">= 2")
        ratio("Java: StAX / wrapper", "1|java-stax", "1|java-wrapper", ">= 1")
        ratio("1×W1: C ABI bulk / Rust-native", "1|c-bulk", "1|native", "<= 1.2")
        ratio("4×W1: C ABI bulk / Rust-native", "4|c-bulk", "4|native", "<= 1.2")
    }' "$results" | sort
