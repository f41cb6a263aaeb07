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

install_packages() {
  if ! dpkg --print-foreign-architectures | grep -qx i386; then
    step "enabling the i386 package architecture (for wine32)"
    if [ "$(id -u)" -eq 0 ]; then dpkg --add-architecture i386; else sudo dpkg --add-architecture i386; fi
    # The new architecture's package lists: install_missing updates them (wine32:i386 is missing).
  fi
  install_missing "${apt_packages[@]}"
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

# ---- Wine and the tests ----

WINE=wine MINGW=i686-w64-mingw32
# shellcheck source=scripts/wine-common.sh
source scripts/wine-common.sh

GOLDEN=$ROOT/bindings/reference/reference.xml
NAME=windows32 DOTNET_PLATFORM=win32 FPC_TARGET=win32

# Every program under test must be a 32-bit one.
check_arch() {
  i686-w64-mingw32-objdump -f "$1" | grep -q "file format pei-i386" \
    || { echo "windows32: $1 is not a 32-bit Windows program" >&2; exit 1; }
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

fpc_windows() {
  local out=$1; shift
  mkdir -p "$out/units"
  "$PPC386" -n -Twin32 -Mdelphi -FcUTF8 -vew -Fu"$FPC_RTL" \
    -FU"$out/units" -FE"$out" "$@" >"$out/fpc.log" 2>&1 || { cat "$out/fpc.log"; exit 1; }
}

# shellcheck source=scripts/windows-tests.sh
source scripts/windows-tests.sh

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
