# The Windows tests of the C, C# and Delphi bindings, shared by scripts/windows.sh (x64) and
# scripts/windows32.sh (x86); sourced after scripts/wine-common.sh, not run on its own.
#
# The caller sets: NAME (for messages), CACHE, DIST (the DLL and its import library), GOLDEN,
# MINGW (the MinGW gcc prefix), WINE (wine64 or wine), DOTNET_PLATFORM (the pip platform of
# the dotnetcore2 wheel), FPC_TARGET (win64 or win32), and defines `step`, `build_fpc`
# (Free Pascal's compiler and RTL for FPC_TARGET), `fpc_windows OUT [FPC ARGS...]` (one
# program compiled into OUT) and `check_arch FILE` (fails unless FILE is a program of the
# target architecture).

# Runs a Windows program under Wine and checks that it printed `passed_line`.
run_wine() {
  local what=$1 passed_line=$2; shift 2
  local log=$CACHE/logs/$what.log
  mkdir -p "$CACHE/logs"
  if ! "$WINE" "$@" >"$log" 2>&1; then
    cat "$log"; echo "$NAME: $what failed" >&2; exit 1
  fi
  if [ -n "$passed_line" ] && ! tr -d '\r' <"$log" | grep -qxF "$passed_line"; then
    cat "$log"; echo "$NAME: $what did not print '$passed_line'" >&2; exit 1
  fi
  echo "$NAME: $what passed"
}

same_as_golden() {
  cmp "$1" "$GOLDEN" || { echo "$NAME: $1 differs from the golden file" >&2; exit 1; }
}

# A fresh scratch directory for one test.
scratch() { local d=$CACHE/scratch/$1; rm -rf "$d"; mkdir -p "$d"; echo "$d"; }

test_c() {
  step "C programs of bindings/c under Wine"
  local bin=$CACHE/c
  mkdir -p "$bin"
  cp "$DIST/spiegelinformatie.dll" "$bin/"
  local program
  for program in example test stream threads hostile; do
    "$MINGW-gcc" -std=c99 -Wall -Wextra -Werror -pedantic -O1 -pthread -static \
      -I include -I bindings/c "bindings/c/$program.c" -o "$bin/$program.exe" \
      "$DIST/libspiegelinformatie.dll.a"
  done
  "$MINGW-gcc" -std=c99 -Wall -Wextra -Werror -O1 -static -I include -I bindings/c \
    tests/windows/paths.c -o "$bin/paths.exe" "$DIST/libspiegelinformatie.dll.a"
  check_arch "$bin/test.exe"
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

# A real Windows .NET Core 3.1 runtime (PyPI's dotnetcore2 wheel for DOTNET_PLATFORM): CoreCLR
# P/Invoke, as on .NET 6/8. Mono's mcs compiles; a runtimeconfig.json names the runtime.
DOTNET=$CACHE/dotnet/dotnetcore2/bin/dotnet.exe
fetch_dotnet() {
  [ -f "$DOTNET" ] && return 0
  step "fetching the Windows .NET Core runtime (pip: dotnetcore2, $DOTNET_PLATFORM)"
  local tmp=$CACHE/dotnet-download
  rm -rf "$tmp" "$CACHE/dotnet"
  python3 -m pip download --quiet --platform "$DOTNET_PLATFORM" --only-binary=:all: --no-deps -d "$tmp" dotnetcore2
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
  step "C# tests on the Windows .NET runtime under Wine"
  fetch_dotnet
  check_arch "$DOTNET"
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
  # Availability, in a folder without spiegelinformatie.dll.
  local lone=$CACHE/csharp-availability
  rm -rf "$lone"; mkdir -p "$lone"
  cp "$bin/Availability.exe" "$bin/Availability.runtimeconfig.json" "$bin/Spiegelinformatie.Net.dll" "$lone/"
  run_wine csharp-availability "csharp availability: all checks passed" "$DOTNET" "$(winpath "$lone/Availability.exe")"
}

test_delphi() {
  step "Delphi tests (Free Pascal, $FPC_TARGET) under Wine"
  build_fpc
  local bin=$CACHE/delphi
  fpc_windows "$bin" bindings/delphi/Test.dpr
  fpc_windows "$bin" bindings/delphi/BulkTest.dpr
  fpc_windows "$bin" bindings/delphi/Example.dpr
  check_arch "$bin/Test.exe"
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

  step "Delphi tests with the DLL loaded at run time (SPIEGEL_DYNAMIC) under Wine"
  local dyn=$CACHE/delphi-dynamic
  fpc_windows "$dyn" -dSPIEGEL_DYNAMIC bindings/delphi/Test.dpr
  fpc_windows "$dyn" -dSPIEGEL_DYNAMIC bindings/delphi/BulkTest.dpr
  fpc_windows "$dyn" -dSPIEGEL_DYNAMIC bindings/delphi/Availability.dpr
  cp "$DIST/spiegelinformatie.dll" "$dyn/"
  s=$(scratch delphi-dynamic)
  run_wine delphi-dynamic-test "delphi test: all checks passed" "$dyn/Test.exe" "$(winpath "$GOLDEN")" "$(winpath "$s")"
  same_as_golden "$s/reference-from-delphi.xml"
  run_wine delphi-dynamic-bulk-test "delphi bulk test: all checks passed" "$dyn/BulkTest.exe" "$(winpath "$GOLDEN")" "$(winpath "$s")"
  same_as_golden "$s/bulk-streamed-from-delphi.xml"
  same_as_golden "$s/bulk-typed-from-delphi.xml"
  # Availability starts where no spiegelinformatie.dll can be found, then loads it by path.
  local lone=$CACHE/delphi-availability
  rm -rf "$lone"; mkdir -p "$lone"
  cp "$dyn/Availability.exe" "$lone/"
  run_wine delphi-availability "delphi availability: all checks passed" "$lone/Availability.exe" \
    "$(winpath "$DIST/spiegelinformatie.dll")"
}
