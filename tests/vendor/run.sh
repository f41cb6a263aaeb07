#!/usr/bin/env bash
# Builds and runs the held-out vendor programs (tests/vendor/README.md) against the packages in
# dist/ only, installed the way a vendor installs them, and checks that every file they write is
# byte-identical to bindings/reference/reference.xml. Run after `bash scripts/package.sh`.
set -euo pipefail

cd "$(dirname "$0")/../.."
ROOT=$(pwd)
WORK="$ROOT/target/vendor"
REFERENCE="$ROOT/bindings/reference/reference.xml"
JNA=/usr/share/java/jna.jar

fail() {
    echo "tests/vendor/run.sh: FAILED: $*" >&2
    exit 1
}

# The one file matching a glob in dist/.
one() {
    local matches=($1)
    [ ${#matches[@]} -eq 1 ] && [ -e "${matches[0]}" ] ||
        fail "expected exactly one $1 (run 'bash scripts/package.sh' first)"
    echo "${matches[0]}"
}

need() {
    for tool in "$@"; do
        command -v "$tool" >/dev/null || fail "'$tool' is not installed"
    done
}

# Runs a vendor program (all arguments: the command), expects its final line, then compares the
# two files it wrote into a fresh output folder with the reference.
run_vendor() {
    local lang=$1 out=$2
    shift 2
    rm -rf "$out" && mkdir -p "$out"
    local log="$out.log"
    if ! "$@" "$out" >"$log" 2>&1; then
        cat "$log" >&2
        fail "$lang: the vendor program failed"
    fi
    [ "$(tail -n 1 "$log")" = "vendor $lang: wrote 2 files" ] ||
        { cat "$log" >&2; fail "$lang: no final line 'vendor $lang: wrote 2 files'"; }
    for file in bulkstream.xml typeddelivery.xml; do
        [ -f "$out/$file" ] || fail "$lang: $out/$file was not written"
        cmp "$out/$file" "$REFERENCE" ||
            fail "$lang: $out/$file differs from bindings/reference/reference.xml"
    done
    echo "vendor $lang: $out/bulkstream.xml and typeddelivery.xml are byte-identical to the reference"
}

csharp() {
    need unzip mcs mono
    local nupkg dir="$WORK/csharp"
    nupkg=$(one "dist/nuget/Spiegelinformatie.Net.*.nupkg")
    rm -rf "$dir" && mkdir -p "$dir/package" "$dir/app"
    unzip -q "$nupkg" -d "$dir/package" || fail "csharp: cannot unzip $nupkg"
    # What the .NET SDK does: the assembly from lib/ beside the native from runtimes/<rid>/native/.
    cp "$dir/package/lib/netstandard2.0/Spiegelinformatie.Net.dll" \
        "$dir/package/runtimes/linux-x64/native/libspiegelinformatie.so" "$dir/app/" ||
        fail "csharp: the package lacks the assembly or the linux-x64 native"
    mcs -codepage:utf8 -r:"$dir/app/Spiegelinformatie.Net.dll" -out:"$dir/app/Vendor.exe" \
        tests/vendor/csharp/Vendor.cs || fail "csharp: Vendor.cs does not compile against the package"
    run_vendor csharp "$dir/out" env -u LD_LIBRARY_PATH mono "$dir/app/Vendor.exe"
}

java_() {
    need javac java
    [ -f "$JNA" ] || fail "java: $JNA is missing"
    local jar dir="$WORK/java"
    jar=$(one "dist/java/spiegelinformatie-*[0-9].jar")  # not -sources.jar or -javadoc.jar
    rm -rf "$dir" && mkdir -p "$dir/classes"
    javac -encoding UTF-8 -cp "$JNA:$jar" -d "$dir/classes" tests/vendor/java/Vendor.java ||
        fail "java: Vendor.java does not compile against the jar"
    # The jar carries the library: no jna.library.path, no LD_LIBRARY_PATH.
    run_vendor java "$dir/out" env -u LD_LIBRARY_PATH java -cp "$JNA:$jar:$dir/classes" Vendor
}

delphi() {
    need fpc
    local units="$ROOT/dist/delphi" native="$ROOT/dist/delphi/linux-x64/libspiegelinformatie.so"
    [ -f "$units/Spiegelinformatie.pas" ] && [ -f "$units/SpiegelBulk.pas" ] && [ -f "$native" ] ||
        fail "delphi: dist/delphi lacks the units or linux-x64/libspiegelinformatie.so (run 'bash scripts/package.sh' first)"

    # Linked: the program asks for the SONAME, libspiegelinformatie.so.1, which the package ships
    # with its libspiegelinformatie.so link; both are copied next to the program.
    local dir="$WORK/delphi-linked"
    rm -rf "$dir" && mkdir -p "$dir/units" "$dir/app"
    cp -P "$units"/linux-x64/libspiegelinformatie.so* "$dir/app/"
    fpc -Mdelphi -FcUTF8 -Fu"$units" -Fl"$units/linux-x64" "-k-rpath=$dir/app" \
        -FU"$dir/units" -FE"$dir/app" tests/vendor/delphi/Vendor.dpr >"$dir/fpc.log" 2>&1 ||
        { cat "$dir/fpc.log" >&2; fail "delphi: Vendor.dpr does not compile (linked)"; }
    run_vendor delphi "$dir/out" env -u LD_LIBRARY_PATH "$dir/app/Vendor"

    # Loaded at run time: the unit looks in the program's folder first, as Windows does.
    dir="$WORK/delphi-dynamic"
    rm -rf "$dir" && mkdir -p "$dir/units" "$dir/app"
    cp -P "$units"/linux-x64/libspiegelinformatie.so* "$dir/app/"
    fpc -Mdelphi -FcUTF8 -dSPIEGEL_DYNAMIC -Fu"$units" \
        -FU"$dir/units" -FE"$dir/app" tests/vendor/delphi/Vendor.dpr >"$dir/fpc.log" 2>&1 ||
        { cat "$dir/fpc.log" >&2; fail "delphi: Vendor.dpr does not compile (SPIEGEL_DYNAMIC)"; }
    run_vendor delphi "$dir/out" env -u LD_LIBRARY_PATH "$dir/app/Vendor"
}

[ -d dist ] || fail "no dist/ (run 'bash scripts/package.sh' first)"
[ -f "$REFERENCE" ] || fail "no $REFERENCE"
mkdir -p "$WORK"
csharp
java_
delphi
echo "tests/vendor/run.sh: all vendor programs wrote the reference file byte for byte"
