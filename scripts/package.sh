#!/usr/bin/env bash
# Builds what vendors install, into dist/, and tests each package the way a vendor uses it.
#
#   bash scripts/package.sh              build and test everything
#   bash scripts/package.sh --no-xsd     the Linux library without XSD validation (no libxml2)
#
# dist/linux-x64/    libspiegelinformatie.so.N (SONAME, N = ABI major) with the
#                    libspiegelinformatie.so link, libspiegelinformatie.a, the header, the
#                    pkg-config file and the `spiegel` CLI; all stripped
# dist/windows-x64/  spiegelinformatie.dll and its import library (scripts/windows.sh build)
# dist/windows-x86/  the same, 32-bit (scripts/windows32.sh build)
# dist/nuget/        Spiegelinformatie.Net.<version>.nupkg
# dist/java/         spiegelinformatie-<version>.jar (wrapper + natives for JNA), its .pom, and the
#                    -sources.jar and -javadoc.jar
# dist/delphi/       the unit, its include files, an example and the natives
#
# The tests (each uses only what its package contains): a C# program compiled against the
# .nupkg's assembly runs on Mono with the package's Linux library (scripts/windows.sh runs it
# on the Windows .NET runtime with the package's DLL); `java -cp jna.jar:<the jar>` finds the
# library inside the jar; the Delphi example builds from dist/delphi and runs.
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD
DIST=$ROOT/dist
WORK=$ROOT/target/package
VERSION=$(sed -n 's/^version = "\(.*\)"/\1/p' Cargo.toml | head -n1)
ABI=$(sed -n 's/^pub const SPIEGEL_ABI_VERSION: u32 = \([0-9]*\);/\1/p' src/ffi/codes.rs)
SONAME=libspiegelinformatie.so.$ABI
JNA_JAR=${SPIEGEL_JNA_JAR:-/usr/share/java/jna.jar}
features=()
[ "${1:-}" = --no-xsd ] && features=(--no-default-features)

step() { echo "== package: $*"; }
fail() { echo "package: $*" >&2; exit 1; }
rm -rf "$WORK"
mkdir -p "$WORK"

# ---- Linux ----

linux() {
  step "Linux x64 library and CLI ${features[*]:-}"
  cargo build --locked --release --lib --bins "${features[@]}"
  local out=$DIST/linux-x64 rel=$ROOT/target/release
  rm -rf "$out"
  mkdir -p "$out/lib/pkgconfig" "$out/include" "$out/bin"
  strip --strip-unneeded -o "$out/lib/$SONAME" "$rel/libspiegelinformatie.so"
  ln -s "$SONAME" "$out/lib/libspiegelinformatie.so"
  strip --strip-debug -o "$out/lib/libspiegelinformatie.a" "$rel/libspiegelinformatie.a"
  strip -o "$out/bin/spiegel" "$rel/spiegel"
  cp include/spiegelinformatie.h "$out/include/"
  sed -e '/^#/d' -e 's|@PREFIX@|${pcfiledir}/../..|' -e 's|@LIBDIR@|${prefix}/lib|' \
      -e 's|@INCLUDEDIR@|${prefix}/include|' -e "s|@VERSION@|$VERSION|" \
      bindings/c/spiegelinformatie.pc.in >"$out/lib/pkgconfig/spiegelinformatie.pc"
  readelf -d "$out/lib/$SONAME" | grep -q "Library soname: \[$SONAME\]" || fail "no SONAME $SONAME"
  if readelf -S "$out/lib/$SONAME" | grep -q '\.symtab'; then fail "$SONAME is not stripped"; fi
  echo "package: $(du -h "$out/lib/$SONAME" | cut -f1) $out/lib/$SONAME"
}

windows() {
  bash scripts/windows.sh build
  bash scripts/windows32.sh build
}

# ---- NuGet ----

NUPKG=$DIST/nuget/Spiegelinformatie.Net.$VERSION.nupkg

nuget() {
  step "NuGet package"
  local stage=$WORK/nuget
  mkdir -p "$stage/lib/netstandard2.0" "$stage/runtimes/win-x64/native" "$stage/runtimes/win-x86/native" \
           "$stage/runtimes/linux-x64/native" "$stage/build/net462" "$stage/_rels"
  # mcs compiles against the .NET Framework 4.x surface (mscorlib 4.0), which every
  # netstandard2.0 host (.NET Framework 4.6.2+, .NET Core 2+, .NET 5+) resolves through its
  # mscorlib facade; the .csproj builds the same source as a pure netstandard2.0 assembly.
  # -nowarn:1591: not every raw import has its own doc comment (the XML file is for IntelliSense).
  mcs -nologo -codepage:utf8 -warnaserror -nowarn:1591 -optimize -target:library \
    -out:"$stage/lib/netstandard2.0/Spiegelinformatie.Net.dll" \
    -doc:"$stage/lib/netstandard2.0/Spiegelinformatie.Net.xml" \
    bindings/csharp/Spiegelinformatie.cs bindings/csharp/SpiegelBulk.cs
  cp "$DIST/windows-x64/spiegelinformatie.dll" "$stage/runtimes/win-x64/native/"
  cp "$DIST/windows-x86/spiegelinformatie.dll" "$stage/runtimes/win-x86/native/"
  cp -L "$DIST/linux-x64/lib/libspiegelinformatie.so" "$stage/runtimes/linux-x64/native/libspiegelinformatie.so"
  cp bindings/csharp/Spiegelinformatie.Net.targets "$stage/build/net462/"
  cp bindings/csharp/README.md "$stage/README.md"
  sed -e "s|@VERSION@|$VERSION|g" bindings/csharp/Spiegelinformatie.Net.nuspec >"$stage/Spiegelinformatie.Net.nuspec"
  cat >"$stage/[Content_Types].xml" <<'XML'
<?xml version="1.0" encoding="utf-8"?>
<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">
  <Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml" />
  <Default Extension="nuspec" ContentType="application/octet" />
  <Default Extension="dll" ContentType="application/octet" />
  <Default Extension="so" ContentType="application/octet" />
  <Default Extension="xml" ContentType="application/octet" />
  <Default Extension="targets" ContentType="application/octet" />
  <Default Extension="md" ContentType="application/octet" />
</Types>
XML
  cat >"$stage/_rels/.rels" <<'XML'
<?xml version="1.0" encoding="utf-8"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">
  <Relationship Type="http://schemas.microsoft.com/packaging/2010/07/manifest" Target="/Spiegelinformatie.Net.nuspec" Id="R1" />
</Relationships>
XML
  mkdir -p "$DIST/nuget"
  rm -f "$NUPKG"
  (cd "$stage" && zip -q -X -r "$NUPKG" "[Content_Types].xml" _rels Spiegelinformatie.Net.nuspec README.md lib runtimes build)
  echo "package: $NUPKG"
}

# A vendor's program against the package alone, on Mono: what `dotnet build` puts in the
# output folder (the assembly from lib/, the native from runtimes/linux-x64/native/).
nuget_test() {
  step "NuGet package: a program using only the package, on Mono"
  local pkg=$WORK/nuget-consumer/pkg app=$WORK/nuget-consumer/app
  mkdir -p "$pkg" "$app"
  unzip -q "$NUPKG" -d "$pkg"
  cp "$pkg/lib/netstandard2.0/Spiegelinformatie.Net.dll" "$pkg/runtimes/linux-x64/native/libspiegelinformatie.so" "$app/"
  mcs -nologo -codepage:utf8 -warnaserror -r:"$app/Spiegelinformatie.Net.dll" -out:"$app/Example.exe" bindings/csharp/Example.cs
  (cd "$WORK" && env -u LD_LIBRARY_PATH mono "$app/Example.exe" "$WORK/nuget-example.xml") || fail "the NuGet consumer failed on Mono"
  grep -q 'cl_d5_diagnose_code="D5_5.03"' "$WORK/nuget-example.xml" || fail "the NuGet consumer wrote no file"
}

# ---- Java ----

JAR=$DIST/java/spiegelinformatie-$VERSION.jar

java_jar() {
  step "Java jar"
  [ -f "$JNA_JAR" ] || fail "no JNA at $JNA_JAR (set SPIEGEL_JNA_JAR)"
  local stage=$WORK/java
  mkdir -p "$stage/classes/linux-x86-64" "$stage/classes/win32-x86-64" "$stage/classes/win32-x86" "$stage/classes/META-INF"
  javac --release 11 -encoding UTF-8 -Xlint:all -Werror -cp "$JNA_JAR" -d "$stage/classes" \
    bindings/java/src/nl/spiegelinformatie/*.java
  cp -L "$DIST/linux-x64/lib/libspiegelinformatie.so" "$stage/classes/linux-x86-64/"
  cp "$DIST/windows-x64/spiegelinformatie.dll" "$stage/classes/win32-x86-64/"
  cp "$DIST/windows-x86/spiegelinformatie.dll" "$stage/classes/win32-x86/"
  printf 'Manifest-Version: 1.0\nAutomatic-Module-Name: nl.spiegelinformatie\nImplementation-Title: spiegelinformatie\nImplementation-Version: %s\n' \
    "$VERSION" >"$stage/manifest.txt"
  mkdir -p "$DIST/java"
  rm -f "$JAR"
  jar --create --file "$JAR" --manifest "$stage/manifest.txt" -C "$stage/classes" .
  sed -e "s|@VERSION@|$VERSION|g" bindings/java/pom.xml >"$DIST/java/spiegelinformatie-$VERSION.pom"
  # The sources and the API documentation, as Maven repositories carry them for IDEs.
  rm -f "$DIST/java/spiegelinformatie-$VERSION-sources.jar" "$DIST/java/spiegelinformatie-$VERSION-javadoc.jar"
  jar --create --file "$DIST/java/spiegelinformatie-$VERSION-sources.jar" -C bindings/java/src .
  javadoc -quiet -Xdoclint:none -encoding UTF-8 -cp "$JNA_JAR" -d "$stage/javadoc" \
    bindings/java/src/nl/spiegelinformatie/*.java >"$stage/javadoc.log" 2>&1 || { cat "$stage/javadoc.log"; fail "javadoc"; }
  jar --create --file "$DIST/java/spiegelinformatie-$VERSION-javadoc.jar" -C "$stage/javadoc" .
  echo "package: $JAR (+ -sources.jar, -javadoc.jar)"
}

# `java -cp jna.jar:spiegelinformatie.jar`, nothing else: JNA finds the library in the jar.
java_test() {
  step "Java jar: a program with only jna.jar and the jar on the class path"
  local app=$WORK/java-consumer
  mkdir -p "$app"
  javac -encoding UTF-8 -cp "$JNA_JAR:$JAR" -d "$app" bindings/java/Example.java
  (cd "$WORK" && env -u LD_LIBRARY_PATH java -cp "$JNA_JAR:$JAR:$app" Example "$WORK/java-example.xml") \
    || fail "the jar consumer failed"
  grep -q 'cl_d5_diagnose_code="D5_5.03"' "$WORK/java-example.xml" || fail "the jar consumer wrote no file"
}

# ---- Delphi ----

delphi() {
  step "Delphi folder"
  local out=$DIST/delphi
  rm -rf "$out"
  mkdir -p "$out/win64" "$out/win32" "$out/linux-x64"
  cp bindings/delphi/Spiegelinformatie.pas bindings/delphi/SpiegelBulk.pas \
     bindings/delphi/SpiegelinformatieDynamic.inc \
     bindings/delphi/SpiegelinformatieDynamicBind.inc bindings/delphi/Example.dpr \
     bindings/delphi/README.md "$out/"
  cp "$DIST/windows-x64/spiegelinformatie.dll" "$out/win64/"
  cp "$DIST/windows-x86/spiegelinformatie.dll" "$out/win32/"
  cp "$DIST/linux-x64/lib/$SONAME" "$out/linux-x64/"
  ln -s "$SONAME" "$out/linux-x64/libspiegelinformatie.so"
}

# The example built from dist/delphi alone: linked (external) and loaded at run time.
delphi_test() {
  step "Delphi folder: the example built from it, linked and loaded at run time"
  local app=$WORK/delphi-consumer
  mkdir -p "$app/linked" "$app/dynamic"
  local lib=$DIST/delphi/linux-x64
  fpc -Mdelphi -FcUTF8 -ve -Fu"$DIST/delphi" -Fl"$lib" -k-rpath="$lib" -FU"$app/linked" -FE"$app/linked" \
    "$DIST/delphi/Example.dpr" >"$app/linked.log" 2>&1 || { cat "$app/linked.log"; fail "fpc"; }
  fpc -Mdelphi -FcUTF8 -ve -dSPIEGEL_DYNAMIC -Fu"$DIST/delphi" -FU"$app/dynamic" -FE"$app/dynamic" \
    "$DIST/delphi/Example.dpr" >"$app/dynamic.log" 2>&1 || { cat "$app/dynamic.log"; fail "fpc"; }
  # Loaded at run time from the program's own folder, as on Windows.
  cp -P "$lib"/libspiegelinformatie.so* "$app/dynamic/"
  env -u LD_LIBRARY_PATH "$app/linked/Example" "$WORK/delphi-linked.xml" || fail "the linked Delphi example failed"
  env -u LD_LIBRARY_PATH "$app/dynamic/Example" "$WORK/delphi-dynamic.xml" || fail "the dynamic Delphi example failed"
  grep -q 'cl_d5_diagnose_code="D5_5.03"' "$WORK/delphi-linked.xml" || fail "the linked Delphi example wrote no file"
  grep -q 'cl_d5_diagnose_code="D5_5.03"' "$WORK/delphi-dynamic.xml" || fail "the Delphi example wrote no file"
}

# The held-out vendor programs (tests/vendor/README.md): each language's package alone, the
# reference delivery through the typed layer, byte-identical to the golden file.
vendor_test() {
  step "held-out vendor programs against the packages (tests/vendor/run.sh)"
  bash tests/vendor/run.sh
}

bash scripts/setup.sh
windows
linux
nuget
nuget_test
java_jar
java_test
delphi
delphi_test
vendor_test
step "done: $(cd "$DIST" && find . -maxdepth 2 -name '*.nupkg' -o -maxdepth 2 -name '*.jar' -o -maxdepth 1 -type d ! -name . | sort | tr '\n' ' ')"
