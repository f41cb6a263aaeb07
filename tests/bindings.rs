//! Builds the C#, Java and Delphi wrappers (bindings/csharp, bindings/java, bindings/delphi)
//! with the real compilers against the cdylib of this build, and runs each language's test
//! (the reference delivery byte-identical to the golden file, through the delivery and through
//! the streaming class, to a path and to a stream; the report, refused records, a refused
//! record in a stream gone past, validating and previewing files, code lists, organisation
//! structures, JSON Lines, missing quarters) and its example.
//!
//! Needs Mono (mcs, mono), a JDK (javac, java) with JNA (`/usr/share/java/jna.jar`, or the
//! path in `SPIEGEL_JNA_JAR`) and Free Pascal (fpc). A missing tool makes its tests print
//! `SKIPPED: <tool> not installed` and pass, unless `CI` is set: then they fail.
//!
//! The programs run under `LC_ALL=C`, where any reliance on the locale's charset would
//! corrupt the non-ASCII groep_code.
//!
//! Unix only: inside Wine there is no mcs, mono, javac, java and fpc. scripts/windows.sh runs the same programs
//! against the Windows DLL.
#![cfg(unix)]

mod common;

use common::library_dir;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};
use std::sync::OnceLock;

fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

fn golden() -> PathBuf {
    common::reference::golden_path()
}

/// Whether `program args` runs successfully; when it does not, fails under `CI` and otherwise
/// prints why the test is skipped.
fn available(tool: &str, program: &str, args: &[&str]) -> bool {
    let found = Command::new(program)
        .args(args)
        .output()
        .map(|o| o.status.success())
        .unwrap_or(false);
    if !found {
        if std::env::var_os("CI").is_some() {
            panic!("{tool} is required in CI but `{program}` cannot be run");
        }
        eprintln!("SKIPPED: {tool} not installed");
    }
    found
}

/// Where a language's programs are compiled: one directory per language, rebuilt once per run
/// of this test binary (the compilers overwrite their outputs).
fn build_dir(language: &str) -> PathBuf {
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR"))
        .join("bindings")
        .join(language);
    std::fs::create_dir_all(&dir).expect("build directory");
    dir
}

/// Runs a compiler and panics with its output when it fails.
fn compile(what: &str, mut command: Command) {
    let output = command
        .output()
        .unwrap_or_else(|e| panic!("{what}: cannot run: {e}"));
    assert!(
        output.status.success(),
        "{what} failed ({}):\n{}{}",
        output.status,
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    );
}

/// Runs a built program under `LC_ALL=C` and shows its output.
fn run(mut command: Command) -> Output {
    command.env("LC_ALL", "C").env("LANG", "C");
    let output = command.output().expect("the program runs");
    println!("{}", String::from_utf8_lossy(&output.stdout));
    eprintln!("{}", String::from_utf8_lossy(&output.stderr));
    output
}

/// The test program exited 0 and printed its `passed` line (any output when `line` is empty).
fn assert_passed(what: &str, output: &Output, line: &str) {
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert!(
        output.status.success() && (line.is_empty() || stdout.lines().any(|l| l.trim() == line)),
        "{what} failed ({}):\n{stdout}{}",
        output.status,
        String::from_utf8_lossy(&output.stderr)
    );
}

/// The test wrote the reference file; it must be the golden file, byte for byte.
fn assert_reference_file(path: &Path) {
    let written = std::fs::read(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    assert_eq!(
        written,
        std::fs::read(golden()).unwrap(),
        "{} differs from the golden file",
        path.display()
    );
}

/// The example exited 0, said so, and wrote its file.
fn assert_example(what: &str, output: &Output, xml: &Path) {
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert!(
        output.status.success() && stdout.contains("wrote "),
        "{what} failed ({}):\n{stdout}{}",
        output.status,
        String::from_utf8_lossy(&output.stderr)
    );
    let text = std::fs::read_to_string(xml).unwrap();
    assert!(text.contains(r#"<Primair cl_d5_diagnose_code="D5_5.03" datum="2023-11-20"/>"#));
    assert!(text.contains(r#"<Item item_code="1" score="4"/>"#));
    assert!(text.contains(r#"begindatum_aangeleverde_periode="2024-01-01""#));
}

// ---- C# (Mono) ----

fn csharp_available() -> bool {
    available("mcs", "mcs", &["--version"]) && available("mono", "mono", &["--version"])
}

/// Spiegelinformatie.Net.dll (the managed assembly's name must differ from the native
/// spiegelinformatie.dll's on a case-insensitive file system), Test.exe and Example.exe, built once.
fn csharp_build() -> &'static Path {
    static DIR: OnceLock<PathBuf> = OnceLock::new();
    DIR.get_or_init(|| {
        let dir = build_dir("csharp");
        let src = root().join("bindings/csharp");
        let dll = dir.join("Spiegelinformatie.Net.dll");
        let mut mcs = Command::new("mcs");
        mcs.args(["-nologo", "-codepage:utf8", "-warnaserror", "-target:library"])
            .arg(format!("-out:{}", dll.display()))
            .arg(src.join("Spiegelinformatie.cs"))
            .arg(src.join("SpiegelBulk.cs"));
        compile("mcs Spiegelinformatie.cs SpiegelBulk.cs", mcs);
        for program in ["Test", "Example", "BulkTest", "Availability"] {
            let mut mcs = Command::new("mcs");
            mcs.args(["-nologo", "-codepage:utf8", "-warnaserror"])
                .arg(format!("-r:{}", dll.display()))
                .arg(format!("-out:{}", dir.join(format!("{program}.exe")).display()))
                .arg(src.join(format!("{program}.cs")));
            compile(&format!("mcs {program}.cs"), mcs);
        }
        dir
    })
}

#[test]
fn csharp_reference_delivery_is_byte_identical_to_the_golden_file() {
    if !csharp_available() {
        return;
    }
    let bin = csharp_build();
    let scratch = tempfile::tempdir().unwrap();
    let mut mono = Command::new("mono");
    mono.arg(bin.join("Test.exe"))
        .arg(golden())
        .arg(scratch.path())
        .env("LD_LIBRARY_PATH", library_dir());
    let output = run(mono);
    assert_passed("C# test", &output, "csharp test: all checks passed");
    assert_reference_file(&scratch.path().join("reference-from-csharp.xml"));
    assert_reference_file(&scratch.path().join("streamed-from-csharp.xml"));
}

#[test]
fn csharp_typed_bulk_layer_writes_the_golden_file_and_collects_refusals() {
    if !csharp_available() {
        return;
    }
    let bin = csharp_build();
    let scratch = tempfile::tempdir().unwrap();
    let mut mono = Command::new("mono");
    mono.arg(bin.join("BulkTest.exe"))
        .arg(golden())
        .arg(scratch.path())
        .env("LD_LIBRARY_PATH", library_dir());
    let output = run(mono);
    assert_passed("C# bulk test", &output, "csharp bulk test: all checks passed");
    assert_reference_file(&scratch.path().join("bulk-streamed-from-csharp.xml"));
    assert_reference_file(&scratch.path().join("bulk-typed-from-csharp.xml"));
}

#[test]
fn csharp_a_provider_id_where_a_trajectory_id_belongs_does_not_compile() {
    if !csharp_available() {
        return;
    }
    let bin = csharp_build();
    let scratch = tempfile::tempdir().unwrap();
    let source = scratch.path().join("Mixup.cs");
    let program = |argument: &str| {
        format!(
            "using System; using Spiegelinformatie;\n\
             static class Mixup {{ static void Main() {{\n\
             using (var d = new TypedDelivery(\"2024-Q1\", new DateTime(2024, 4, 3))) {{\n\
             ZorgaanbiederId a = d.AddZorgaanbieder(\"12345678\");\n\
             ZorgtrajectId t = d.Zorgtraject(a, new DateTime(2024, 1, 1)).Add();\n\
             d.AddPrestatie({argument}, \"CO0001\", new DateTime(2024, 1, 2)); }} }} }}\n"
        )
    };
    let mcs = |text: String| {
        std::fs::write(&source, text).unwrap();
        Command::new("mcs")
            .args(["-nologo", "-warnaserror"])
            .arg(format!("-r:{}", bin.join("Spiegelinformatie.Net.dll").display()))
            .arg(format!("-out:{}", scratch.path().join("Mixup.exe").display()))
            .arg(&source)
            .output()
            .unwrap()
    };
    assert!(mcs(program("t")).status.success(), "the right id compiles");
    let wrong = mcs(program("a"));
    assert!(
        !wrong.status.success(),
        "a ZorgaanbiederId as a ZorgtrajectId compiled"
    );
    let said = format!(
        "{}{}",
        String::from_utf8_lossy(&wrong.stdout),
        String::from_utf8_lossy(&wrong.stderr)
    );
    assert!(
        said.contains("cannot convert `Spiegelinformatie.ZorgaanbiederId'"),
        "{said}"
    );
}

#[test]
fn csharp_example_writes_a_file() {
    if !csharp_available() {
        return;
    }
    let bin = csharp_build();
    // The other way to find the library: a dllmap next to the assembly, no LD_LIBRARY_PATH.
    let scratch = tempfile::tempdir().unwrap();
    for file in ["Spiegelinformatie.Net.dll", "Example.exe"] {
        std::fs::copy(bin.join(file), scratch.path().join(file)).unwrap();
    }
    std::fs::write(
        scratch.path().join("Spiegelinformatie.Net.dll.config"),
        format!(
            "<configuration>\n  <dllmap dll=\"spiegelinformatie\" target=\"{}\"/>\n</configuration>\n",
            library_dir().join("libspiegelinformatie.so").display()
        ),
    )
    .unwrap();
    let xml = scratch.path().join("example.xml");
    let mut mono = Command::new("mono");
    mono.arg(scratch.path().join("Example.exe"))
        .arg(&xml)
        .env_remove("LD_LIBRARY_PATH");
    let output = run(mono);
    assert_example("C# example", &output, &xml);
}

#[test]
fn csharp_program_starts_without_the_library() {
    if !csharp_available() {
        return;
    }
    let bin = csharp_build();
    let mut mono = Command::new("mono");
    mono.arg(bin.join("Availability.exe"))
        .env_remove("LD_LIBRARY_PATH");
    let output = run(mono);
    assert_passed(
        "C# availability",
        &output,
        "csharp availability: all checks passed",
    );
}

// ---- Java (JNA) ----

fn jna_jar() -> PathBuf {
    std::env::var_os("SPIEGEL_JNA_JAR")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from("/usr/share/java/jna.jar"))
}

fn java_available() -> bool {
    if !(available("javac", "javac", &["--version"]) && available("java", "java", &["--version"])) {
        return false;
    }
    if !jna_jar().exists() {
        if std::env::var_os("CI").is_some() {
            panic!("JNA is required in CI: no {}", jna_jar().display());
        }
        eprintln!(
            "SKIPPED: jna.jar not installed ({}; set SPIEGEL_JNA_JAR)",
            jna_jar().display()
        );
        return false;
    }
    true
}

/// The wrapper, Test and Example compiled in one javac run.
fn java_build() -> &'static Path {
    static DIR: OnceLock<PathBuf> = OnceLock::new();
    DIR.get_or_init(|| {
        let dir = build_dir("java");
        let src = root().join("bindings/java");
        let mut sources = vec![
            src.join("Test.java"),
            src.join("Example.java"),
            src.join("BulkTest.java"),
            src.join("Availability.java"),
        ];
        let package = src.join("src/nl/spiegelinformatie");
        for entry in std::fs::read_dir(&package).unwrap() {
            let path = entry.unwrap().path();
            if path.extension().is_some_and(|e| e == "java") {
                sources.push(path);
            }
        }
        let mut javac = Command::new("javac");
        javac
            .args(["-encoding", "UTF-8", "-Xlint:all", "-Werror", "-cp"])
            .arg(jna_jar())
            .arg("-d")
            .arg(&dir)
            .args(&sources);
        compile("javac", javac);
        dir
    })
}

fn java(main: &str, args: &[&Path]) -> Output {
    let classes = java_build();
    let mut java = Command::new("java");
    java.arg("-cp")
        .arg(format!("{}:{}", jna_jar().display(), classes.display()))
        .arg(format!("-Djna.library.path={}", library_dir().display()))
        .arg(main)
        .args(args);
    run(java)
}

#[test]
fn java_reference_delivery_is_byte_identical_to_the_golden_file() {
    if !java_available() {
        return;
    }
    let scratch = tempfile::tempdir().unwrap();
    let output = java("Test", &[&golden(), scratch.path()]);
    assert_passed("Java test", &output, "java test: all checks passed");
    assert_reference_file(&scratch.path().join("reference-from-java.xml"));
    assert_reference_file(&scratch.path().join("streamed-from-java.xml"));
}

#[test]
fn java_typed_bulk_layer_writes_the_golden_file_and_collects_refusals() {
    if !java_available() {
        return;
    }
    let scratch = tempfile::tempdir().unwrap();
    let output = java("BulkTest", &[&golden(), scratch.path()]);
    assert_passed("Java bulk test", &output, "java bulk test: all checks passed");
    assert_reference_file(&scratch.path().join("bulk-streamed-from-java.xml"));
    assert_reference_file(&scratch.path().join("bulk-typed-from-java.xml"));
}

#[test]
fn java_a_provider_id_where_a_trajectory_id_belongs_does_not_compile() {
    if !java_available() {
        return;
    }
    let classes = java_build();
    let scratch = tempfile::tempdir().unwrap();
    let source = scratch.path().join("Mixup.java");
    let javac = |argument: &str| {
        let text = format!(
            "import java.time.LocalDate;\nimport java.time.LocalDateTime;\nimport nl.spiegelinformatie.*;\n\
             public final class Mixup {{ public static void main(String[] a) {{\n\
             try (TypedDelivery d = new TypedDelivery(\"2024-Q1\", LocalDateTime.of(2024, 4, 3, 0, 0))) {{\n\
             ZorgaanbiederId p = d.addZorgaanbieder(\"12345678\");\n\
             ZorgtrajectId t = d.zorgtraject(p, LocalDate.of(2024, 1, 1)).add();\n\
             d.addPrestatie({argument}, \"CO0001\", LocalDate.of(2024, 1, 2)); }} }} }}\n"
        );
        std::fs::write(&source, text).unwrap();
        Command::new("javac")
            .arg("-cp")
            .arg(format!("{}:{}", jna_jar().display(), classes.display()))
            .arg("-d")
            .arg(scratch.path())
            .arg(&source)
            .output()
            .unwrap()
    };
    assert!(javac("t").status.success(), "the right id compiles");
    let wrong = javac("p");
    assert!(
        !wrong.status.success(),
        "a ZorgaanbiederId as a ZorgtrajectId compiled"
    );
    let said = String::from_utf8_lossy(&wrong.stderr);
    assert!(
        said.contains("ZorgaanbiederId cannot be converted to ZorgtrajectId"),
        "{said}"
    );
}

#[test]
fn java_example_writes_a_file() {
    if !java_available() {
        return;
    }
    let scratch = tempfile::tempdir().unwrap();
    let xml = scratch.path().join("example.xml");
    let output = java("Example", &[&xml]);
    assert_example("Java example", &output, &xml);
}

#[test]
fn java_program_starts_without_the_library_and_loads_it_later() {
    if !java_available() {
        return;
    }
    let classes = java_build();
    let mut java = Command::new("java");
    java.arg("-cp")
        .arg(format!("{}:{}", jna_jar().display(), classes.display()))
        .arg("Availability")
        .arg(library_dir())
        .env_remove("LD_LIBRARY_PATH");
    let output = run(java);
    assert_passed(
        "Java availability",
        &output,
        "java availability: all checks passed",
    );
}

// ---- Delphi (Free Pascal in Delphi mode) ----

fn fpc_available() -> bool {
    // fpc has no --version; -iV prints the version.
    available("fpc", "fpc", &["-iV"])
}

/// Test and Example, with the unit, linked against the cdylib with an rpath to it.
fn delphi_build() -> &'static Path {
    static DIR: OnceLock<PathBuf> = OnceLock::new();
    DIR.get_or_init(|| {
        let dir = build_dir("delphi");
        let units = dir.join("units");
        std::fs::create_dir_all(&units).unwrap();
        let lib = library_dir().display().to_string();
        for program in ["Test", "Example", "BulkTest"] {
            let mut fpc = Command::new("fpc");
            fpc.args(["-Mdelphi", "-FcUTF8", "-vew"])
                .arg(format!("-Fl{lib}"))
                .arg(format!("-k-rpath={lib}"))
                .arg(format!("-FU{}", units.display()))
                .arg(format!("-FE{}", dir.display()))
                .arg(root().join(format!("bindings/delphi/{program}.dpr")));
            compile(&format!("fpc {program}.dpr"), fpc);
        }
        dir
    })
}

#[test]
fn delphi_reference_delivery_is_byte_identical_to_the_golden_file() {
    if !fpc_available() {
        return;
    }
    let bin = delphi_build();
    let scratch = tempfile::tempdir().unwrap();
    // No LD_LIBRARY_PATH: the rpath given at link time finds the library.
    let mut test = Command::new(bin.join("Test"));
    test.arg(golden())
        .arg(scratch.path())
        .env_remove("LD_LIBRARY_PATH");
    let output = run(test);
    assert_passed("Delphi test", &output, "delphi test: all checks passed");
    assert_reference_file(&scratch.path().join("reference-from-delphi.xml"));
    assert_reference_file(&scratch.path().join("streamed-from-delphi.xml"));
}

/// Test, BulkTest and Availability compiled with SPIEGEL_DYNAMIC: the library is loaded at run
/// time with dlopen (LoadLibrary on Windows), nothing is linked.
fn delphi_dynamic_build() -> &'static Path {
    static DIR: OnceLock<PathBuf> = OnceLock::new();
    DIR.get_or_init(|| {
        let dir = build_dir("delphi-dynamic");
        let units = dir.join("units");
        std::fs::create_dir_all(&units).unwrap();
        for program in ["Test", "BulkTest", "Availability"] {
            let mut fpc = Command::new("fpc");
            fpc.args(["-Mdelphi", "-FcUTF8", "-vew", "-dSPIEGEL_DYNAMIC"])
                .arg(format!("-FU{}", units.display()))
                .arg(format!("-FE{}", dir.display()))
                .arg(root().join(format!("bindings/delphi/{program}.dpr")));
            compile(&format!("fpc -dSPIEGEL_DYNAMIC {program}.dpr"), fpc);
        }
        dir
    })
}

/// Runs a SPIEGEL_DYNAMIC test program, which finds the library through `LD_LIBRARY_PATH`, and
/// checks its `passed` line and the reference files it wrote.
fn run_delphi_dynamic(program: &str, passed: &str, written: &[&str]) {
    let scratch = tempfile::tempdir().unwrap();
    let mut test = Command::new(delphi_dynamic_build().join(program));
    test.arg(golden())
        .arg(scratch.path())
        .env("LD_LIBRARY_PATH", library_dir());
    let output = run(test);
    assert_passed(&format!("Delphi {program} (SPIEGEL_DYNAMIC)"), &output, passed);
    for file in written {
        assert_reference_file(&scratch.path().join(file));
    }
}

#[test]
fn delphi_reference_delivery_with_the_library_loaded_at_run_time() {
    if !fpc_available() {
        return;
    }
    run_delphi_dynamic(
        "Test",
        "delphi test: all checks passed",
        &["reference-from-delphi.xml"],
    );
}

/// The typed layer (SpiegelBulk) loads with the unit: a SPIEGEL_DYNAMIC program that uses it
/// links nothing, so an EPD still starts where the library is missing.
#[test]
fn delphi_typed_bulk_layer_with_the_library_loaded_at_run_time() {
    if !fpc_available() {
        return;
    }
    let needed = run({
        let mut readelf = Command::new("readelf");
        readelf.arg("-d").arg(delphi_dynamic_build().join("BulkTest"));
        readelf
    });
    let dynamic_section = String::from_utf8_lossy(&needed.stdout);
    assert!(
        !dynamic_section.contains("libspiegelinformatie"),
        "BulkTest built with SPIEGEL_DYNAMIC links the library:\n{dynamic_section}"
    );
    run_delphi_dynamic(
        "BulkTest",
        "delphi bulk test: all checks passed",
        &["bulk-streamed-from-delphi.xml", "bulk-typed-from-delphi.xml"],
    );
}

#[test]
fn delphi_program_starts_without_the_library_and_loads_it_later() {
    if !fpc_available() {
        return;
    }
    let bin = delphi_dynamic_build();
    let mut availability = Command::new(bin.join("Availability"));
    availability
        .arg(library_dir().join("libspiegelinformatie.so"))
        .env_remove("LD_LIBRARY_PATH");
    let output = run(availability);
    assert_passed(
        "Delphi availability",
        &output,
        "delphi availability: all checks passed",
    );
}

#[test]
fn delphi_typed_bulk_layer_writes_the_golden_file_and_collects_refusals() {
    if !fpc_available() {
        return;
    }
    let bin = delphi_build();
    let scratch = tempfile::tempdir().unwrap();
    let mut test = Command::new(bin.join("BulkTest"));
    test.arg(golden())
        .arg(scratch.path())
        .env_remove("LD_LIBRARY_PATH");
    let output = run(test);
    assert_passed("Delphi bulk test", &output, "delphi bulk test: all checks passed");
    assert_reference_file(&scratch.path().join("bulk-streamed-from-delphi.xml"));
    assert_reference_file(&scratch.path().join("bulk-typed-from-delphi.xml"));
}

#[test]
fn delphi_a_provider_id_where_a_trajectory_id_belongs_does_not_compile() {
    if !fpc_available() {
        return;
    }
    let scratch = tempfile::tempdir().unwrap();
    let source = scratch.path().join("Mixup.dpr");
    let lib = library_dir().display().to_string();
    let fpc = |argument: &str| {
        let text = format!(
            "program Mixup;\n{{$MODE DELPHI}}\nuses SysUtils, Spiegelinformatie, SpiegelBulk;\n\
             var D: TSpiegelTypedDelivery; A: TZorgaanbiederId; T: TZorgtrajectId;\n\
             begin\n  D := TSpiegelTypedDelivery.Create('2024-Q1', Now);\n\
             A := D.AddZorgaanbieder('12345678');\n  T := D.Zorgtraject(A, Date).Add;\n\
             D.AddPrestatie({argument}, 'CO0001', Date);\n  D.Free;\nend.\n"
        );
        std::fs::write(&source, text).unwrap();
        Command::new("fpc")
            .args(["-Mdelphi", "-FcUTF8", "-vew"])
            .arg(format!("-Fl{lib}"))
            .arg(format!("-Fu{}", root().join("bindings/delphi").display()))
            .arg(format!("-FU{}", scratch.path().display()))
            .arg(format!("-FE{}", scratch.path().display()))
            .arg(&source)
            .output()
            .unwrap()
    };
    assert!(fpc("T").status.success(), "the right id compiles");
    let wrong = fpc("A");
    assert!(
        !wrong.status.success(),
        "a TZorgaanbiederId as a TZorgtrajectId compiled"
    );
    let said = String::from_utf8_lossy(&wrong.stdout);
    assert!(said.contains("Incompatible type"), "{said}");
}

#[test]
fn delphi_example_writes_a_file() {
    if !fpc_available() {
        return;
    }
    let bin = delphi_build();
    let scratch = tempfile::tempdir().unwrap();
    let xml = scratch.path().join("example.xml");
    let mut example = Command::new(bin.join("Example"));
    example.arg(&xml).env_remove("LD_LIBRARY_PATH");
    let output = run(example);
    assert_example("Delphi example", &output, &xml);
}

// ---- The READMEs' first files ----

/// The first ```` ```fence ```` block under "## A first file" in a binding's README: what a
/// vendor copies first must compile and write a file.
fn readme_first_file(binding: &str, fence: &str) -> String {
    let readme = std::fs::read_to_string(root().join("bindings").join(binding).join("README.md"))
        .expect("the binding's README");
    let section = readme
        .split_once("## A first file")
        .unwrap_or_else(|| panic!("{binding}/README.md has no 'A first file' section"))
        .1;
    let opening = format!("```{fence}\n");
    let code = section
        .split_once(&opening)
        .unwrap_or_else(|| panic!("no ```{fence} block in {binding}'s first file"))
        .1;
    code.split_once("\n```")
        .expect("the block is closed")
        .0
        .to_string()
}

/// The first file exited 0 and wrote the trajectory the README builds, with the quarter's
/// period, and without the vendor key (which never goes into the file).
fn assert_first_file(what: &str, output: &Output, dir: &Path) {
    assert_passed(what, output, "");
    let xml = std::fs::read_to_string(dir.join("spiegel-2024-Q1.xml"))
        .unwrap_or_else(|e| panic!("{what} wrote no spiegel-2024-Q1.xml: {e}"));
    assert!(xml.contains(r#"begindatum_aangeleverde_periode="2024-01-01""#));
    assert!(xml.contains(r#"<Zorgtraject begindatum="2023-11-02" groep_code="Locatie A">"#));
    assert!(xml.contains(r#"<Primair cl_d5_diagnose_code="D5_5.03" datum="2023-11-20"/>"#));
    assert!(xml.contains(r#"<Prestatie prestatie_code="CO0001" datum="2024-02-01"/>"#));
    assert!(xml.contains(r#"<Item item_code="1" score="4"/>"#));
    assert!(!xml.contains("EPD-4711"), "the vendor key went into the file");
}

#[test]
fn csharp_readme_first_file_writes_a_file() {
    if !csharp_available() {
        return;
    }
    let bin = csharp_build();
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("FirstFile.cs"),
        readme_first_file("csharp", "csharp"),
    )
    .unwrap();
    std::fs::copy(
        bin.join("Spiegelinformatie.Net.dll"),
        dir.path().join("Spiegelinformatie.Net.dll"),
    )
    .unwrap();
    let mut mcs = Command::new("mcs");
    mcs.args(["-nologo", "-codepage:utf8", "-warnaserror"])
        .arg("-r:Spiegelinformatie.Net.dll")
        .arg("-out:FirstFile.exe")
        .arg("FirstFile.cs")
        .current_dir(dir.path());
    compile("mcs FirstFile.cs (the README's first file)", mcs);
    let mut mono = Command::new("mono");
    mono.arg("FirstFile.exe")
        .current_dir(dir.path())
        .env("LD_LIBRARY_PATH", library_dir());
    assert_first_file("the C# README's first file", &run(mono), dir.path());
}

#[test]
fn java_readme_first_file_writes_a_file() {
    if !java_available() {
        return;
    }
    let classes = java_build();
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("FirstFile.java"),
        readme_first_file("java", "java"),
    )
    .unwrap();
    let class_path = format!("{}:{}", jna_jar().display(), classes.display());
    let mut javac = Command::new("javac");
    javac
        .args(["-encoding", "UTF-8", "-Xlint:all", "-Werror", "-cp"])
        .arg(&class_path)
        .arg("FirstFile.java")
        .current_dir(dir.path());
    compile("javac FirstFile.java (the README's first file)", javac);
    let mut java = Command::new("java");
    java.arg("-cp")
        .arg(format!("{class_path}:."))
        .arg(format!("-Djna.library.path={}", library_dir().display()))
        .arg("FirstFile")
        .current_dir(dir.path());
    assert_first_file("the Java README's first file", &run(java), dir.path());
}

#[test]
fn delphi_readme_first_file_writes_a_file() {
    if !fpc_available() {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("FirstFile.dpr"),
        readme_first_file("delphi", "pascal"),
    )
    .unwrap();
    let lib = library_dir().display().to_string();
    let units = dir.path().join("units");
    std::fs::create_dir_all(&units).unwrap();
    let mut fpc = Command::new("fpc");
    fpc.args(["-Mdelphi", "-FcUTF8", "-vew"])
        .arg(format!("-Fu{}", root().join("bindings/delphi").display()))
        .arg(format!("-Fl{lib}"))
        .arg(format!("-k-rpath={lib}"))
        .arg(format!("-FU{}", units.display()))
        .arg("FirstFile.dpr")
        .current_dir(dir.path());
    compile("fpc FirstFile.dpr (the README's first file)", fpc);
    let mut program = Command::new(dir.path().join("FirstFile"));
    program.current_dir(dir.path()).env_remove("LD_LIBRARY_PATH");
    assert_first_file("the Delphi README's first file", &run(program), dir.path());
}
