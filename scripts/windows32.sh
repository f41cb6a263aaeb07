#!/usr/bin/env bash
# Builds the 32-bit Windows DLL (i686) and tests it under 32-bit Wine (Debian 12; run as root or
# with sudo). The x64 DLL is scripts/windows.sh; this is its 32-bit twin.
#
#   bash scripts/windows32.sh          install what is missing, build, run every 32-bit test
#   bash scripts/windows32.sh build    install what is missing and build the DLL only
#   bash scripts/windows32.sh bindings build, then the C, C# and Delphi tests only (not the
#                                      crate's own tests, whose 32-bit build is most of the time)
#
# Produces dist/windows-x86/: spiegelinformatie.dll (i686-pc-windows-gnu, without the `xsd`
# feature, stripped, with a version resource), its import library libspiegelinformatie.dll.a
# (MinGW), spiegelinformatie.def (for MSVC's lib.exe) and the header. Then runs as 32-bit
# Windows programs under Wine 8 (WoW64, as on 64-bit Windows 10/11): the C programs of
# bindings/c and the Windows path test (i686-w64-mingw32-gcc), the C# tests on the 32-bit
# Windows .NET Core runtime, the Delphi tests compiled by Free Pascal for win32 (linked, loaded
# at run time, Availability), and the crate's own tests as 32-bit Windows programs.
#
# What the 32-bit build needs beyond the x64 one:
# - rsbegin.o / rsend.o: only the 32-bit GNU target links every DLL and program between these
#   two start-up objects (they register the DWARF unwind tables, so that panics unwind and the
#   C ABI can catch them). Rustup ships them with its target; -Zbuild-std does not build them.
#   They are compiled here from library/rtstartup of rust-web-src, exactly as rustc's own
#   bootstrap does (`rustc --target ... --emit=obj`), and rustc finds them through
#   `-L native=` (it looks for pre-link objects in the target's sysroot libdir, then in the
#   native search paths).
# - wine32 (the i386 package architecture), gcc-mingw-w64-i686.
# - Free Pascal's i386 cross compiler (Debian has only ppcx64): built from fpc-source into
#   ppcross386 (about 30 s), then the win32 RTL with it (about 10 s). fpc-source lacks the
#   compiler's message file msg/errore.msg; the one of the installed fpc (same 3.2.2) is used.
# - The 32-bit ProcessPrng stand-in (tests/windows/processprng.c, test only, never shipped) in
#   the prefix's syswow64, exported undecorated (stdcall would make it ProcessPrng@8).
# - The .NET Core 3.1 runtime for 32-bit Windows: PyPI's dotnetcore2 wheel for win32.
#
# Everything it fetches or builds is cached under target/windows32/: a rerun only rebuilds
# what changed.
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD
CACHE=$ROOT/target/windows32
DIST=$ROOT/dist/windows-x86
TRIPLE=i686-pc-windows-gnu
mkdir -p "$CACHE" "$DIST"

step() { echo "== windows32: $*"; }

# ---- install ----

apt_packages=(rustc-web rust-web-src cargo-web gcc-mingw-w64-i686 wine64 wine32:i386 fpc
              fpc-source-3.2.2 mono-mcs mono-runtime python3-pip unzip)

as_root() {
  if [ "$(id -u)" -eq 0 ]; then "$@"; return; fi
  command -v sudo >/dev/null || { echo "windows32: run as root, or run: $*" >&2; exit 2; }
  sudo "$@"
}

install_packages() {
  local missing=() p added=""
  if ! dpkg --print-foreign-architectures | grep -qx i386; then
    step "enabling the i386 package architecture (for wine32)"
    as_root dpkg --add-architecture i386
    added=1
  fi
  for p in "${apt_packages[@]}"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
  done
  [ ${#missing[@]} -eq 0 ] && [ -z "$added" ] && return 0
  as_root apt-get update -q
  [ ${#missing[@]} -eq 0 ] && return 0
  step "installing ${missing[*]}"
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends "${missing[@]}"
}

# ---- build ----

# The start-up objects, from the library source that -Zbuild-std uses (rust-web-src).
RTSTARTUP=$CACHE/rtstartup
build_rtstartup() {
  local src
  src=$(/usr/bin/rustc --print sysroot)/lib/rustlib/src/rust/library/rtstartup
  mkdir -p "$RTSTARTUP"
  local f
  for f in rsbegin rsend; do
    if [ ! -f "$RTSTARTUP/$f.o" ] || [ "$src/$f.rs" -nt "$RTSTARTUP/$f.o" ]; then
      step "compiling $f.o"
      RUSTC_BOOTSTRAP=1 /usr/bin/rustc --target "$TRIPLE" --emit=obj -o "$RTSTARTUP/$f.o" "$src/$f.rs"
    fi
  done
}

# The environment of every cargo run for the target (the DLL and the crate's tests).
cargo_i686() {
  RUSTC=/usr/bin/rustc RUSTC_BOOTSTRAP=1 \
  CARGO_TARGET_I686_PC_WINDOWS_GNU_LINKER=i686-w64-mingw32-gcc \
  CARGO_TARGET_I686_PC_WINDOWS_GNU_RUSTFLAGS="-L native=$RTSTARTUP" \
  CARGO_TARGET_I686_PC_WINDOWS_GNU_RUNNER=/usr/lib/wine/wine \
  CARGO_PROFILE_RELEASE_DEBUG=0 \
    /usr/bin/cargo "$@" --locked --release --no-default-features --target "$TRIPLE" -Zbuild-std \
      --target-dir "$CACHE/cargo"
}

build_dll() {
  build_rtstartup
  step "building $TRIPLE DLL"
  cargo_i686 build --lib
  local out=$CACHE/cargo/$TRIPLE/release
  # The unwind tables are registered by rsbegin.o's constructor: check it is in the DLL.
  i686-w64-mingw32-nm "$out/spiegelinformatie.dll" | grep "rsbegin9eh_frames4init" >/dev/null \
    || { echo "windows32: the DLL does not register its unwind tables (rsbegin.o)" >&2; exit 1; }
  i686-w64-mingw32-strip -o "$DIST/spiegelinformatie.dll" "$out/spiegelinformatie.dll"
  cp "$out/libspiegelinformatie.dll.a" "$DIST/"
  # The exports as a module definition, for MSVC's `lib /def: /machine:x86`. cdecl: the names
  # are undecorated, as in the header.
  { echo "LIBRARY spiegelinformatie.dll"; echo "EXPORTS"
    i686-w64-mingw32-objdump -p "$DIST/spiegelinformatie.dll" \
      | sed -n 's/^[[:space:]]*\[ *[0-9]*\] \(spiegel_[a-z0-9_]*\)$/  \1/p'; } >"$DIST/spiegelinformatie.def"
  grep -q "spiegel_abi_version" "$DIST/spiegelinformatie.def" || { echo "windows32: no exports in the DLL" >&2; exit 1; }
  i686-w64-mingw32-objdump -p "$DIST/spiegelinformatie.dll" | grep "^Magic.*(PE32)" >/dev/null \
    || { echo "windows32: not a 32-bit DLL" >&2; exit 1; }
  cp include/spiegelinformatie.h "$DIST/"
  echo "windows32: $(du -h "$DIST/spiegelinformatie.dll" | cut -f1) $DIST/spiegelinformatie.dll"
}

# ---- Wine ----

export PATH=/usr/lib/wine:$PATH
export WINEPREFIX=$CACHE/wine WINEDEBUG=-all WINEDLLOVERRIDES="mscoree,mshtml="

winpath() { local p=$1; printf 'Z:%s' "${p//\//\\}"; }

# A WoW64 prefix (64-bit Windows running 32-bit programs, as Windows 10/11 x64 does), with the
# 32-bit test-only ProcessPrng stand-in in syswow64 (Wine 8 lacks bcryptprimitives.dll).
prepare_wine() {
  if [ ! -f "$WINEPREFIX/system.reg" ]; then
    step "creating the Wine prefix"
    wine wineboot --init >"$CACHE/wineboot.log" 2>&1 || { cat "$CACHE/wineboot.log"; exit 1; }
    wineserver -w
  fi
  local stub=$WINEPREFIX/drive_c/windows/syswow64/bcryptprimitives.dll
  if [ ! -f "$stub" ] || [ tests/windows/processprng.c -nt "$stub" ]; then
    i686-w64-mingw32-gcc -O2 -shared -Wl,--kill-at -o "$stub" tests/windows/processprng.c -lbcrypt
  fi
}

# Runs a 32-bit Windows program under Wine and checks that it printed `passed_line`.
run_wine() {
  local what=$1 passed_line=$2; shift 2
  local log=$CACHE/logs/$what.log
  mkdir -p "$CACHE/logs"
  if ! wine "$@" >"$log" 2>&1; then
    cat "$log"; echo "windows32: $what failed" >&2; exit 1
  fi
  if [ -n "$passed_line" ] && ! tr -d '\r' <"$log" | grep -qxF "$passed_line"; then
    cat "$log"; echo "windows32: $what did not print '$passed_line'" >&2; exit 1
  fi
  echo "windows32: $what passed"
}

# Every program under test must be a 32-bit one.
is_32bit() { file "$1" | grep -q "PE32 executable.*80386" || { echo "windows32: $1 is not 32-bit" >&2; exit 1; }; }

same_as_golden() {
  cmp "$1" bindings/reference/reference.xml || { echo "windows32: $1 differs from the golden file" >&2; exit 1; }
}

# ---- the tests ----

GOLDEN=$ROOT/bindings/reference/reference.xml

scratch() { local d=$CACHE/scratch/$1; rm -rf "$d"; mkdir -p "$d"; echo "$d"; }

test_c() {
  step "C programs of bindings/c under 32-bit Wine"
  local bin=$CACHE/c
  mkdir -p "$bin"
  cp "$DIST/spiegelinformatie.dll" "$bin/"
  local program
  for program in example test stream threads hostile; do
    i686-w64-mingw32-gcc -std=c99 -Wall -Wextra -Werror -pedantic -O1 -pthread -static \
      -I include -I bindings/c "bindings/c/$program.c" -o "$bin/$program.exe" \
      "$DIST/libspiegelinformatie.dll.a"
  done
  i686-w64-mingw32-gcc -std=c99 -Wall -Wextra -Werror -O1 -static -I include -I bindings/c \
    tests/windows/paths.c -o "$bin/paths.exe" "$DIST/libspiegelinformatie.dll.a"
  is_32bit "$bin/test.exe"
  local s g
  g=$(winpath "$GOLDEN")
  s=$(scratch c)
  run_wine c-example "" "$bin/example.exe" "$(winpath "$s/example.xml")"
  grep -q 'cl_d5_diagnose_code="D5_5.03"' "$s/example.xml"
  run_wine c-test "" "$bin/test.exe" "$g" "$(winpath "$s")"
  same_as_golden "$s/reference-from-c.xml"
  run_wine c-stream "" "$bin/stream.exe" "$g" "$(winpath "$s")"
  same_as_golden "$s/streamed.xml"
  run_wine c-threads "" "$bin/threads.exe" "$g" "$(winpath "$s")"
  run_wine c-hostile "" "$bin/hostile.exe" "$(winpath "$s")"
  step "Windows paths (non-ASCII, spaces, \\ and /)"
  s=$(scratch paths)
  run_wine paths "paths: all checks passed" "$bin/paths.exe" "$g" "$(winpath "$s")"
}

# The .NET Core 3.1 runtime for 32-bit Windows (PyPI's dotnetcore2 wheel for win32): a 32-bit
# dotnet.exe, so the wrapper's P/Invoke loads the 32-bit DLL.
DOTNET=$CACHE/dotnet/dotnetcore2/bin/dotnet.exe
fetch_dotnet() {
  [ -f "$DOTNET" ] && return 0
  step "fetching the 32-bit Windows .NET Core runtime (pip: dotnetcore2, win32)"
  local tmp=$CACHE/dotnet-download
  rm -rf "$tmp" "$CACHE/dotnet"
  python3 -m pip download --quiet --platform win32 --only-binary=:all: --no-deps -d "$tmp" dotnetcore2
  unzip -q "$tmp"/dotnetcore2-*.whl -d "$CACHE/dotnet"
  rm -rf "$tmp"
}

runtimeconfig() {
  cat >"$1" <<'JSON'
{ "runtimeOptions": { "tfm": "netcoreapp3.1",
    "framework": { "name": "Microsoft.NETCore.App", "version": "3.1.0" } } }
JSON
}

test_csharp() {
  step "C# tests on the 32-bit Windows .NET runtime under Wine"
  fetch_dotnet
  is_32bit "$DOTNET"
  local bin=$CACHE/csharp
  mkdir -p "$bin"
  mcs -nologo -codepage:utf8 -warnaserror -target:library -out:"$bin/Spiegelinformatie.Net.dll" \
    bindings/csharp/Spiegelinformatie.cs bindings/csharp/SpiegelBulk.cs
  local program
  for program in Test BulkTest Example Availability; do
    mcs -nologo -codepage:utf8 -warnaserror -r:"$bin/Spiegelinformatie.Net.dll" \
      -out:"$bin/$program.exe" "bindings/csharp/$program.cs"
    runtimeconfig "$bin/$program.runtimeconfig.json"
  done
  cp "$DIST/spiegelinformatie.dll" "$bin/"
  local s
  s=$(scratch csharp)
  run_wine csharp-test "csharp test: all checks passed" "$DOTNET" "$(winpath "$bin/Test.exe")" \
    "$(winpath "$GOLDEN")" "$(winpath "$s")"
  same_as_golden "$s/reference-from-csharp.xml"
  same_as_golden "$s/streamed-from-csharp.xml"
  run_wine csharp-bulk-test "csharp bulk test: all checks passed" "$DOTNET" "$(winpath "$bin/BulkTest.exe")" \
    "$(winpath "$GOLDEN")" "$(winpath "$s")"
  same_as_golden "$s/bulk-streamed-from-csharp.xml"
  same_as_golden "$s/bulk-typed-from-csharp.xml"
  run_wine csharp-example "" "$DOTNET" "$(winpath "$bin/Example.exe")" "$(winpath "$s/example.xml")"
  grep -q 'cl_d5_diagnose_code="D5_5.03"' "$s/example.xml"
  local lone=$CACHE/csharp-availability
  rm -rf "$lone"; mkdir -p "$lone"
  cp "$bin/Availability.exe" "$bin/Availability.runtimeconfig.json" "$bin/Spiegelinformatie.Net.dll" "$lone/"
  run_wine csharp-availability "csharp availability: all checks passed" "$DOTNET" "$(winpath "$lone/Availability.exe")"
}

# Free Pascal's i386 cross compiler and win32 RTL, built from fpc-source by the installed
# ppcx64 (Debian ships neither).
FPC_DIR=$CACHE/fpc
PPC386=$FPC_DIR/compiler/ppcross386
FPC_RTL=$FPC_DIR/rtl/units/i386-win32
build_fpc() {
  [ -x "$PPC386" ] && [ -f "$FPC_RTL/sysutils.ppu" ] && return 0
  step "building Free Pascal's i386 cross compiler and win32 RTL"
  rm -rf "$FPC_DIR"
  mkdir -p "$FPC_DIR"
  cp -r /usr/share/fpcsrc/3.2.2/compiler /usr/share/fpcsrc/3.2.2/rtl "$FPC_DIR/"
  local msg="" m
  for m in /usr/lib/*/fpc/3.2.2/msg/errore.msg /usr/lib/fpc/3.2.2/msg/errore.msg; do
    [ -f "$m" ] && { msg=$m; break; }
  done
  [ -n "$msg" ] || { echo "windows32: fpc's msg/errore.msg not found" >&2; exit 1; }
  mkdir -p "$FPC_DIR/compiler/msg"
  cp "$msg" "$FPC_DIR/compiler/msg/"
  (cd "$FPC_DIR/compiler" && fpcmake -Tall >/dev/null \
     && make compiler PPC_TARGET=i386 CPU_UNITDIR=i386 FPC=ppcx64 EXENAME=ppcross386 >"$FPC_DIR/compiler.log" 2>&1) \
    || { tail -20 "$FPC_DIR/compiler.log"; exit 1; }
  touch "$FPC_DIR/rtl/i386/makefile.cpu"
  (cd "$FPC_DIR/rtl/win32" && fpcmake -Tall >/dev/null \
     && make OS_TARGET=win32 CPU_TARGET=i386 FPC="$PPC386" >"$FPC_DIR/rtl.log" 2>&1) \
    || { tail -20 "$FPC_DIR/rtl.log"; exit 1; }
}

fpc_win32() {
  local out=$1; shift
  mkdir -p "$out/units"
  "$PPC386" -n -Twin32 -Mdelphi -FcUTF8 -vew -Fu"$FPC_RTL" \
    -FU"$out/units" -FE"$out" "$@" >"$out/fpc.log" 2>&1 || { cat "$out/fpc.log"; exit 1; }
}

test_delphi() {
  step "Delphi tests (Free Pascal, win32) under 32-bit Wine"
  build_fpc
  local bin=$CACHE/delphi
  fpc_win32 "$bin" bindings/delphi/Test.dpr
  fpc_win32 "$bin" bindings/delphi/BulkTest.dpr
  fpc_win32 "$bin" bindings/delphi/Example.dpr
  is_32bit "$bin/Test.exe"
  cp "$DIST/spiegelinformatie.dll" "$bin/"
  local s
  s=$(scratch delphi)
  run_wine delphi-test "delphi test: all checks passed" "$bin/Test.exe" "$(winpath "$GOLDEN")" "$(winpath "$s")"
  same_as_golden "$s/reference-from-delphi.xml"
  same_as_golden "$s/streamed-from-delphi.xml"
  run_wine delphi-bulk-test "delphi bulk test: all checks passed" "$bin/BulkTest.exe" "$(winpath "$GOLDEN")" "$(winpath "$s")"
  same_as_golden "$s/bulk-streamed-from-delphi.xml"
  same_as_golden "$s/bulk-typed-from-delphi.xml"
  run_wine delphi-example "" "$bin/Example.exe" "$(winpath "$s/example.xml")"
  grep -q 'cl_d5_diagnose_code="D5_5.03"' "$s/example.xml"

  step "Delphi tests with the DLL loaded at run time (SPIEGEL_DYNAMIC) under 32-bit Wine"
  local dyn=$CACHE/delphi-dynamic
  fpc_win32 "$dyn" -dSPIEGEL_DYNAMIC bindings/delphi/Test.dpr
  fpc_win32 "$dyn" -dSPIEGEL_DYNAMIC bindings/delphi/BulkTest.dpr
  fpc_win32 "$dyn" -dSPIEGEL_DYNAMIC bindings/delphi/Availability.dpr
  cp "$DIST/spiegelinformatie.dll" "$dyn/"
  s=$(scratch delphi-dynamic)
  run_wine delphi-dynamic-test "delphi test: all checks passed" "$dyn/Test.exe" "$(winpath "$GOLDEN")" "$(winpath "$s")"
  same_as_golden "$s/reference-from-delphi.xml"
  run_wine delphi-dynamic-bulk-test "delphi bulk test: all checks passed" "$dyn/BulkTest.exe" "$(winpath "$GOLDEN")" "$(winpath "$s")"
  same_as_golden "$s/bulk-streamed-from-delphi.xml"
  same_as_golden "$s/bulk-typed-from-delphi.xml"
  local lone=$CACHE/delphi-availability
  rm -rf "$lone"; mkdir -p "$lone"
  cp "$dyn/Availability.exe" "$lone/"
  run_wine delphi-availability "delphi availability: all checks passed" "$lone/Availability.exe" \
    "$(winpath "$DIST/spiegelinformatie.dll")"
}

# The crate's own tests as 32-bit Windows programs (the foreign-language tests of
# tests/ffi_c.rs and tests/bindings.rs are Unix only: they are the ones above).
test_rust() {
  step "the crate's tests as 32-bit Windows programs under Wine"
  build_rtstartup
  cargo_i686 test --lib --bins --tests --no-fail-fast
}

install_packages
build_dll
[ "${1:-}" = build ] && exit 0
prepare_wine
test_c
test_csharp
test_delphi
[ "${1:-}" = bindings ] && { step "the 32-bit C, C# and Delphi tests passed"; exit 0; }
test_rust
step "all 32-bit Windows tests passed"
