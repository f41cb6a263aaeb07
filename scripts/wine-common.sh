# Shared by scripts/windows.sh, scripts/windows32.sh and scripts/windows-java.sh (sourced, not
# run on its own): the Debian packages, the Wine prefix and Windows paths. The caller sets
# CACHE (its cache folder) and defines `step`.

# Installs those of the Debian packages named that are missing (as root, or with sudo).
install_missing() {
  local missing=() p
  for p in "$@"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
  done
  [ ${#missing[@]} -eq 0 ] && return 0
  step "installing ${missing[*]}"
  local sudo=""
  if [ "$(id -u)" -ne 0 ]; then
    command -v sudo >/dev/null || { echo "run as root or install: ${missing[*]}" >&2; exit 2; }
    sudo="sudo"
  fi
  $sudo apt-get update -q
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -q --no-install-recommends "${missing[@]}"
}

# Debian's wine64 package puts wine64 and wineserver in /usr/lib/wine, not on PATH.
export PATH=/usr/lib/wine:$PATH
export WINEPREFIX=$CACHE/wine WINEDEBUG=-all WINEDLLOVERRIDES="mscoree,mshtml="

# The Wine loader and MinGW compiler of the architecture under test (x64 unless the caller
# sets them: scripts/windows32.sh tests 32-bit programs in a WoW64 prefix).
WINE=${WINE:-wine64}
MINGW=${MINGW:-x86_64-w64-mingw32}

# A Windows path for a Unix one: Wine's Z: drive is /.
winpath() { local p=$1; printf 'Z:%s' "${p//\//\\}"; }

# The prefix, with the test-only ProcessPrng stand-in (Wine 8 lacks bcryptprimitives.dll,
# which every program of Rust >= 1.78 imports; real Windows 10 and later have it). It is
# never shipped. 64-bit programs find it in system32, 32-bit ones in syswow64, where it is
# exported undecorated (stdcall would name it ProcessPrng@8).
prepare_wine() {
  if [ ! -f "$WINEPREFIX/system.reg" ]; then
    step "creating the Wine prefix"
    "$WINE" wineboot --init >"$CACHE/wineboot.log" 2>&1 || { cat "$CACHE/wineboot.log"; exit 1; }
    wineserver -w
  fi
  # One server for the whole run, kept a minute after its last program exits: with the default
  # three seconds a program can start just as the server quits ("recvmsg: Connection reset by
  # peer"), which happened between two test programs.
  wineserver -k 2>/dev/null || true
  wineserver -w 2>/dev/null || true
  wineserver -p60
  local dir=system32 flags=()
  if [ "$MINGW" = i686-w64-mingw32 ]; then dir=syswow64; flags=(-Wl,--kill-at); fi
  local stub=$WINEPREFIX/drive_c/windows/$dir/bcryptprimitives.dll
  if [ ! -f "$stub" ] || [ tests/windows/processprng.c -nt "$stub" ]; then
    "$MINGW-gcc" -O2 -shared "${flags[@]}" -o "$stub" tests/windows/processprng.c -lbcrypt
  fi
}
