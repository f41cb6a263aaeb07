//! The `spiegel` command's outputs (issue #12 items 5-7, 9, 12; #10 item 4): a run that exits
//! 2 has changed nothing; devices, directories and inputs are never replaced; symbolic links
//! are written through; stale temporaries of killed runs are swept; files get the umask;
//! stdout and stderr failures are exit 2, never a panic.

use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};

const SPIEGEL: &str = env!("CARGO_BIN_EXE_spiegel");

fn spiegel(args: &[&str]) -> Output {
    Command::new(SPIEGEL).args(args).output().unwrap()
}

fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

fn example() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data/spec-example.json")
}

fn s(p: &Path) -> &str {
    p.to_str().unwrap()
}

/// Every file under `dir` with its bytes, sorted: what "changed nothing" compares.
fn snapshot(dir: &Path) -> Vec<(String, Vec<u8>)> {
    let mut all: Vec<_> = fs::read_dir(dir)
        .unwrap()
        .map(|e| {
            let e = e.unwrap();
            let name = e.file_name().to_string_lossy().into_owned();
            let bytes = if e.file_type().unwrap().is_file() {
                fs::read(e.path()).unwrap()
            } else {
                Vec::new()
            };
            (name, bytes)
        })
        .collect();
    all.sort();
    all
}

/// A scratch directory holding a copy of the example input as `in.json`.
fn scratch() -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join("in.json");
    fs::copy(example(), &input).unwrap();
    (dir, input)
}

fn generate_args<'a>(input: &'a str, out: &'a str) -> Vec<&'a str> {
    vec![
        "generate",
        "-q",
        "-i",
        input,
        "-k",
        "2024-Q1",
        "-o",
        out,
        "--created",
        "2024-04-03T10:15:00",
    ]
}

/// Runs `args`, expects exit 2 with `message` on stderr, and the directory unchanged.
fn refused_and_unchanged(dir: &Path, args: &[&str], message: &str) {
    let before = snapshot(dir);
    let o = spiegel(args);
    assert_eq!(o.status.code(), Some(2), "{args:?}: {}", stderr(&o));
    assert!(stderr(&o).contains(message), "{args:?}: {}", stderr(&o));
    assert!(!stderr(&o).contains("panicked"), "{}", stderr(&o));
    assert_eq!(snapshot(dir), before, "{args:?} changed the directory");
}

#[test]
fn an_output_that_is_an_input_is_refused_before_anything_happens() {
    let (dir, input) = scratch();
    let d = dir.path();
    let other_spelling = d.join("sub").join("..").join("in.json");
    fs::create_dir(d.join("sub")).unwrap();
    let xml = d.join("q1.xml");
    fs::write(&xml, "an earlier file").unwrap();
    let i = s(&input);
    refused_and_unchanged(d, &generate_args(i, i), "is also an input");
    refused_and_unchanged(d, &generate_args(i, s(&other_spelling)), "is also an input");
    // Hard links are found by device and inode, which only Unix gives.
    #[cfg(unix)]
    {
        let hard = d.join("hard.xml");
        fs::hard_link(&input, &hard).unwrap();
        refused_and_unchanged(d, &generate_args(i, s(&hard)), "is also an input");
    }
    let mut with_report = generate_args(i, s(&xml));
    with_report.extend(["--report", s(&xml)]);
    refused_and_unchanged(d, &with_report, "are the same file");
    let mut report_is_input = generate_args(i, s(&xml));
    report_is_input.extend(["--report", i]);
    refused_and_unchanged(d, &report_is_input, "is also an input");
    refused_and_unchanged(d, &["validate", s(&xml), "--report", s(&xml)], "is also an input");
    refused_and_unchanged(
        d,
        &["preview", "-i", i, "-k", "2024-Q1", "--out", i],
        "is also an input",
    );
    let organisatie = d.join("org.txt");
    fs::write(&organisatie, "Locatie A\n").unwrap();
    let mut onto_list = generate_args(i, s(&organisatie));
    onto_list.extend(["--organisatie", s(&organisatie)]);
    refused_and_unchanged(d, &onto_list, "is also an input");
}

#[test]
fn a_range_whose_file_name_is_the_input_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    // The input happens to carry the name the range gives the file of 2024-Q1.
    let input = dir.path().join("spiegelinformatie_12345678_2024Q1.xml");
    fs::copy(example(), &input).unwrap();
    refused_and_unchanged(
        dir.path(),
        &[
            "generate",
            "-i",
            s(&input),
            "--input-format",
            "json",
            "--from",
            "2024-Q1",
            "--to",
            "2024-Q2",
            "--out-dir",
            s(dir.path()),
        ],
        "is also an input",
    );
}

#[test]
fn devices_and_directories_are_never_replaced() {
    let (dir, input) = scratch();
    let i = s(&input);
    refused_and_unchanged(dir.path(), &generate_args(i, s(dir.path())), "not a regular file");
    #[cfg(unix)]
    {
        refused_and_unchanged(dir.path(), &generate_args(i, "/dev/null"), "not a regular file");
        refused_and_unchanged(
            dir.path(),
            &["workload", "--out", "/dev/null", "--trajectories", "2"],
            "not a regular file",
        );
        let mut report = generate_args(i, "q.xml");
        report.extend(["--report", "/dev/null"]);
        refused_and_unchanged(dir.path(), &report, "not a regular file");
        use std::os::unix::fs::FileTypeExt;
        assert!(fs::symlink_metadata("/dev/null")
            .unwrap()
            .file_type()
            .is_char_device());
    }
}

#[cfg(unix)]
#[test]
fn a_symlink_is_written_through_to_its_target() {
    let (dir, input) = scratch();
    let real = dir.path().join("real.xml");
    fs::write(&real, "old").unwrap();
    let link = dir.path().join("link.xml");
    std::os::unix::fs::symlink("real.xml", &link).unwrap();
    let o = spiegel(&generate_args(s(&input), s(&link)));
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(fs::symlink_metadata(&link).unwrap().file_type().is_symlink());
    assert_eq!(
        fs::read_to_string(&real).unwrap(),
        fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data/spec-example.xml"))
            .unwrap()
    );
}

#[test]
fn an_unwritable_report_leaves_the_xml_untouched() {
    let (dir, input) = scratch();
    let xml = dir.path().join("q1.xml");
    fs::write(&xml, "the file sent last time").unwrap();
    let missing = dir.path().join("no-such-dir").join("report.csv");
    let mut args = generate_args(s(&input), s(&xml));
    args.extend(["--report", s(&missing)]);
    refused_and_unchanged(dir.path(), &args, "cannot write report");
}

#[test]
fn a_range_with_an_unwritable_report_writes_no_quarter() {
    let (dir, input) = scratch();
    let out_dir = dir.path().join("quarters");
    let missing = dir.path().join("no-such-dir").join("report.json");
    refused_and_unchanged(
        dir.path(),
        &[
            "generate",
            "-i",
            s(&input),
            "--from",
            "2024-Q1",
            "--to",
            "2024-Q4",
            "--out-dir",
            s(&out_dir),
            "--report",
            s(&missing),
        ],
        "cannot write report",
    );
    assert!(!out_dir.exists(), "the run left the directory it made");
}

#[test]
fn stale_temporaries_of_killed_runs_are_swept() {
    let (dir, input) = scratch();
    let stale = dir.path().join(".spiegel-4242-0000dead0000.tmp");
    let young = dir.path().join(".spiegel-4243-0000beef0000.tmp");
    let foreign = dir.path().join(".other-1.tmp");
    for p in [&stale, &young, &foreign] {
        fs::write(p, "left behind").unwrap();
    }
    let long_ago = std::time::SystemTime::now() - std::time::Duration::from_secs(2 * 3600);
    for p in [&stale, &foreign] {
        fs::File::options()
            .write(true)
            .open(p)
            .unwrap()
            .set_modified(long_ago)
            .unwrap();
    }
    let o = spiegel(&generate_args(s(&input), s(&dir.path().join("q1.xml"))));
    assert!(o.status.success(), "{}", stderr(&o));
    assert_eq!(
        stale.exists(),
        !cfg!(unix),
        "an hour-old unlocked temporary is swept on Unix"
    );
    assert!(
        young.exists(),
        "a recent temporary may belong to a running writer"
    );
    assert!(foreign.exists(), "only our own names are swept");
}

#[cfg(unix)]
fn mode(p: &Path) -> u32 {
    use std::os::unix::fs::PermissionsExt;
    fs::metadata(p).unwrap().permissions().mode() & 0o777
}

/// Runs spiegel in `dir` under `umask`.
#[cfg(unix)]
fn spiegel_with_umask(dir: &Path, umask: &str, args: &[&str]) -> Output {
    Command::new("sh")
        .current_dir(dir)
        .arg("-c")
        .arg(format!("umask {umask} && exec \"$0\" \"$@\""))
        .arg(SPIEGEL)
        .args(args)
        .output()
        .unwrap()
}

#[cfg(unix)]
#[test]
fn every_output_gets_the_umask() {
    for (umask, expected) in [("077", 0o600), ("022", 0o644)] {
        let (dir, input) = scratch();
        let d = dir.path();
        let xml = d.join("q1.xml");
        let report = d.join("report.csv");
        let i = s(&input);
        let mut args = generate_args(i, s(&xml));
        args.extend(["--report", s(&report)]);
        let runs: Vec<Vec<&str>> = vec![
            args,
            vec![
                "preview", "-i", i, "-k", "2024-Q1", "--format", "html", "--out", "p.html",
            ],
            vec![
                "generate",
                "-q",
                "-i",
                i,
                "--from",
                "2024-Q1",
                "--to",
                "2024-Q2",
                "--out-dir",
                "range",
            ],
            vec!["demo", "-q", "-o", "demo", "-k", "2024-Q1"],
            vec!["workload", "-q", "--out", "w.jsonl", "--trajectories", "3"],
        ];
        for run in &runs {
            let o = spiegel_with_umask(d, umask, run);
            assert!(o.status.success(), "{run:?}: {}", stderr(&o));
        }
        let mut files = vec![xml, report, d.join("p.html"), d.join("w.jsonl")];
        for sub in ["range", "demo"] {
            files.extend(fs::read_dir(d.join(sub)).unwrap().map(|e| e.unwrap().path()));
        }
        assert!(files.len() >= 7, "{files:?}");
        for f in &files {
            assert_eq!(mode(f), expected, "{} under umask {umask}", f.display());
        }
    }
}

#[cfg(unix)]
#[test]
fn a_replaced_file_never_gets_wider_permissions() {
    let (dir, input) = scratch();
    let xml = dir.path().join("q1.xml");
    fs::write(&xml, "old").unwrap();
    let o = spiegel_with_umask(dir.path(), "077", &generate_args(s(&input), s(&xml)));
    assert!(o.status.success(), "{}", stderr(&o));
    assert_eq!(mode(&xml), 0o600, "a 0644 file replaced under umask 077");
}

#[cfg(target_os = "linux")]
#[test]
fn a_full_stdout_is_exit_2_with_a_message() {
    for args in [
        vec!["schedule", "--date", "2024-05-01"],
        vec!["schedule", "--date", "2024-05-01", "--format", "json"],
        vec!["workload", "-q", "--out", "-", "--trajectories", "3"],
        vec!["--help"],
    ] {
        let full = fs::File::create("/dev/full").unwrap();
        let o = Command::new(SPIEGEL).args(&args).stdout(full).output().unwrap();
        assert_eq!(o.status.code(), Some(2), "{args:?}: {}", stderr(&o));
        assert!(!stderr(&o).contains("panicked"), "{}", stderr(&o));
    }
    let (dir, input) = scratch();
    let xml = dir.path().join("q1.xml");
    let mut args = generate_args(s(&input), s(&xml));
    args.extend(["--format", "json"]);
    let full = fs::File::create("/dev/full").unwrap();
    let before = snapshot(dir.path());
    let o = Command::new(SPIEGEL).args(&args).stdout(full).output().unwrap();
    assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));
    assert!(stderr(&o).contains("standard output"), "{}", stderr(&o));
    assert_eq!(
        snapshot(dir.path()),
        before,
        "a failed summary must not leave the file written"
    );
}

#[cfg(target_os = "linux")]
#[test]
fn a_full_stderr_is_exit_2_and_nothing_written() {
    let (dir, input) = scratch();
    let xml = dir.path().join("q1.xml");
    let mut args = generate_args(s(&input), s(&xml));
    args.retain(|a| *a != "-q");
    let before = snapshot(dir.path());
    let full = fs::File::create("/dev/full").unwrap();
    let o = Command::new(SPIEGEL).args(&args).stderr(full).output().unwrap();
    assert_eq!(o.status.code(), Some(2));
    assert_eq!(snapshot(dir.path()), before);
    let full = fs::File::create("/dev/full").unwrap();
    let o = Command::new(SPIEGEL)
        .args(["schedule", "--date", "nonsense"])
        .stderr(full)
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(2), "a usage error with nowhere to say it");
}

#[test]
fn a_closed_stdout_pipe_ends_quietly() {
    let mut child = Command::new(SPIEGEL)
        .args(["workload", "-q", "--out", "-", "--trajectories", "20000"])
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    drop(child.stdout.take());
    let o = child.wait_with_output().unwrap();
    assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));
    assert_eq!(stderr(&o), "", "a closed pipe is not an error worth a message");
}
