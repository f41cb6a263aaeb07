#!/usr/bin/env bash
# Builds the C programs of bindings/c with AddressSanitizer, UndefinedBehaviorSanitizer and
# LeakSanitizer (gcc -fsanitize=address,undefined) against the Rust cdylib, and runs them.
# The Rust side is not instrumented; ASan's malloc interposition still catches double and
# invalid frees and leaks of memory the library allocates, and every access the C side makes
# into buffers the library fills.
#
#   fuzz/asan-c.sh          (needs gcc; builds target/debug/libspiegelinformatie.so)
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
cargo build --lib --quiet
out="$root/target/asan-c"
mkdir -p "$out/scratch"
lib="$root/target/debug"
for p in example test threads hostile; do
    gcc -std=c99 -Wall -Wextra -Werror -pedantic -g -fsanitize=address,undefined \
        -fno-omit-frame-pointer -fno-sanitize-recover=undefined -I"$root/include" \
        "bindings/c/$p.c" -o "$out/$p" -L"$lib" -Wl,-rpath,"$lib" -lspiegelinformatie -pthread
done
export ASAN_OPTIONS=detect_leaks=1:abort_on_error=1
export UBSAN_OPTIONS=print_stacktrace=1
golden="$root/bindings/reference/reference.xml"
"$out/example" "$out/scratch/example.xml" >/dev/null
"$out/test" "$golden" "$out/scratch"
"$out/threads" "$golden" "$out/scratch"
"$out/hostile" "$out/scratch"
echo "asan-c: example, test, threads and hostile clean under ASan + UBSan + LSan"
