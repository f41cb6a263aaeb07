//! Writing output files safely: every file the library or the CLI writes goes through here.
//!
//! - **Atomic.** The bytes go to a temporary file `.spiegel-<pid>-<n>.tmp` in the target's
//!   directory, which is flushed, synced and then renamed over the target (and on Unix the
//!   directory is synced after the rename). A failure leaves no file behind and an existing
//!   target untouched. Hard links to the old file keep the old contents.
//! - **Only regular files are replaced.** A target that is a directory, a device (`/dev/null`),
//!   a FIFO or a socket is refused before anything is written. A target that is a symbolic
//!   link is written *through*: the link's final target is replaced (atomically, the
//!   temporary file beside that target) and the link stays a link.
//! - **Permissions.** The temporary file is created with mode `0666` for a new file, or the
//!   replaced file's permission bits, both masked by the process's umask by the kernel itself;
//!   it is never chmod-ed wider afterwards. So `umask 077` gives `0600` files, `umask 022`
//!   `0644`, and the temporary file never has wider permissions than the result.
//! - **Several outputs of one run** ([`stage`], [`commit_all`]): every temporary file is
//!   written and synced first, and only then are they renamed, one after the other, so a run
//!   that fails while writing has changed nothing. (The renames themselves are not one atomic
//!   step: should one fail, the files renamed before it stay.)
//! - **Outputs that are inputs** ([`check_outputs`]): compared as files (device and inode on
//!   Unix, the canonical path elsewhere and for files that do not exist yet), not as strings.
//!   (On Windows a hard link of an input is therefore not recognised.)
//! - **Stale temporaries** of killed runs are swept on Unix (see [`sweep_stale`]).
//! - **Windows.** Renaming over a file another program holds open fails with "Access denied"
//!   or a sharing violation for as long as it is open; the rename is retried with backoff for
//!   about two seconds. `std::fs::rename` is used: `MoveFileExW(MOVEFILE_REPLACE_EXISTING)`,
//!   and when that is denied a rename with POSIX semantics (`FileRenameInfoEx`, Windows 10
//!   1607 / Server 2016 and later), which replaces a target others hold open with
//!   `FILE_SHARE_DELETE`. `MOVEFILE_WRITE_THROUGH` only matters for moves between volumes;
//!   ours never leave the target's directory.

use std::fmt;
use std::fs::{self, File, OpenOptions};
use std::io::{self, BufWriter, Write};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU32, Ordering};
use std::time::{Duration, SystemTime};

use crate::i18n::{self, Lang};

/// The prefix of our temporary files.
const TEMP_PREFIX: &str = ".spiegel-";
/// The suffix of our temporary files.
const TEMP_SUFFIX: &str = ".tmp";
/// Symbolic links followed at most when resolving a target.
const MAX_LINKS: usize = 40;

/// Why an output path was refused before anything was written.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Refused {
    /// The target exists and is not a regular file (a directory, a device, a FIFO, a socket).
    NotRegular {
        /// The path as given.
        path: PathBuf,
    },
    /// Resolving the symbolic links of the path did not end.
    TooManyLinks {
        /// The path as given.
        path: PathBuf,
    },
    /// The output is a file this run also reads.
    IsInput {
        /// The output as given.
        output: PathBuf,
        /// The input as given.
        input: PathBuf,
    },
    /// Two outputs of one run are the same file.
    Twice {
        /// The first output as given.
        first: PathBuf,
        /// The second output as given.
        second: PathBuf,
    },
}

impl Refused {
    /// The message in `lang`.
    pub fn message(&self, lang: Lang) -> String {
        let show = |p: &Path| p.display().to_string();
        match self {
            Refused::NotRegular { path } => i18n::text(lang, "output.not-regular", &[("path", &show(path))]),
            Refused::TooManyLinks { path } => {
                i18n::text(lang, "output.too-many-links", &[("path", &show(path))])
            }
            Refused::IsInput { output, input } => i18n::text(
                lang,
                "output.is-input",
                &[("output", &show(output)), ("input", &show(input))],
            ),
            Refused::Twice { first, second } => i18n::text(
                lang,
                "output.twice",
                &[("first", &show(first)), ("second", &show(second))],
            ),
        }
    }

    /// Finds a refusal inside an I/O error made by this module.
    pub fn of(error: &io::Error) -> Option<&Refused> {
        error.get_ref().and_then(|e| e.downcast_ref::<Refused>())
    }
}

impl fmt::Display for Refused {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message(Lang::En))
    }
}

impl std::error::Error for Refused {}

impl From<Refused> for io::Error {
    fn from(refused: Refused) -> Self {
        io::Error::new(io::ErrorKind::InvalidInput, refused)
    }
}

/// The file `path` names for writing: symbolic links followed to their final target (which
/// may not exist yet). Fails when that target exists and is not a regular file.
pub fn resolve_target(path: &Path) -> io::Result<PathBuf> {
    let mut current = path.to_path_buf();
    for _ in 0..MAX_LINKS {
        match fs::symlink_metadata(&current) {
            Ok(meta) if meta.file_type().is_symlink() => {
                let link = fs::read_link(&current)?;
                current = match current.parent() {
                    Some(dir) => dir.join(link),
                    None => link,
                };
            }
            Ok(meta) if meta.is_file() => return Ok(current),
            Ok(_) => {
                return Err(Refused::NotRegular {
                    path: path.to_path_buf(),
                }
                .into())
            }
            Err(e) if e.kind() == io::ErrorKind::NotFound => return Ok(current),
            Err(e) => return Err(e),
        }
    }
    Err(Refused::TooManyLinks {
        path: path.to_path_buf(),
    }
    .into())
}

/// What makes two paths the same file.
#[derive(Debug, PartialEq, Eq)]
enum Identity {
    /// An existing file (Unix): device and inode, so hard links and bind mounts compare equal.
    #[cfg(unix)]
    Inode(u64, u64),
    /// The canonical directory joined with the file name.
    Path(PathBuf),
}

fn identity(path: &Path) -> io::Result<Identity> {
    #[cfg(unix)]
    if let Ok(meta) = fs::metadata(path) {
        use std::os::unix::fs::MetadataExt;
        return Ok(Identity::Inode(meta.dev(), meta.ino()));
    }
    if let Ok(canonical) = fs::canonicalize(path) {
        return Ok(Identity::Path(canonical));
    }
    // Not there yet: the canonical directory and the name of the file it would be.
    let target = resolve_target(path)?;
    let dir = parent_dir(&target);
    let dir = fs::canonicalize(dir).unwrap_or_else(|_| absolute(dir));
    Ok(Identity::Path(match target.file_name() {
        Some(name) => dir.join(name),
        None => dir,
    }))
}

fn absolute(path: &Path) -> PathBuf {
    std::path::absolute(path).unwrap_or_else(|_| path.to_path_buf())
}

/// Refuses, before anything is written, an output that is a file this run reads, two outputs
/// that are the same file, and an output that exists and is not a regular file. `inputs` are
/// the files read (`-`, standard input, is skipped); compared as files, not as strings.
pub fn check_outputs(inputs: &[&Path], outputs: &[&Path]) -> io::Result<()> {
    let is_stdio = |p: &Path| p == Path::new("-");
    let mut seen: Vec<(&Path, Identity)> = Vec::with_capacity(outputs.len());
    let inputs: Vec<(&Path, Identity)> = inputs
        .iter()
        .filter(|p| !is_stdio(p))
        .filter_map(|p| identity(p).ok().map(|id| (*p, id)))
        .collect();
    for output in outputs.iter().filter(|p| !is_stdio(p)) {
        resolve_target(output)?;
        let id = identity(output)?;
        if let Some((input, _)) = inputs.iter().find(|(_, i)| *i == id) {
            return Err(Refused::IsInput {
                output: output.to_path_buf(),
                input: input.to_path_buf(),
            }
            .into());
        }
        if let Some((first, _)) = seen.iter().find(|(_, i)| *i == id) {
            return Err(Refused::Twice {
                first: first.to_path_buf(),
                second: output.to_path_buf(),
            }
            .into());
        }
        seen.push((output, id));
    }
    Ok(())
}

/// The directory a file lives in (`.` for a bare name).
fn parent_dir(path: &Path) -> &Path {
    match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p,
        _ => Path::new("."),
    }
}

/// A temporary file beside its target, deleted when dropped unless renamed over the target.
#[derive(Debug)]
pub struct Temporary {
    temp: PathBuf,
    target: PathBuf,
    armed: bool,
}

impl Temporary {
    /// Creates the temporary file for writing `path` (see the module documentation): the
    /// target resolved through symbolic links and checked, stale temporaries swept, the file
    /// created with the umask-masked mode and locked against sweeping.
    pub fn create(path: &Path) -> io::Result<(File, Temporary)> {
        let target = resolve_target(path)?;
        let dir = parent_dir(&target).to_path_buf();
        sweep_stale(&dir, STALE_AFTER);
        let mode = replaced_mode(&target);
        let mut last_error = None;
        for _ in 0..100 {
            let temp = dir.join(temp_name());
            match create_new(&temp, mode) {
                Ok(file) => {
                    let temporary = Temporary {
                        temp,
                        target,
                        armed: true,
                    };
                    lock_against_sweeping(&file);
                    return Ok((file, temporary));
                }
                Err(e) if e.kind() == io::ErrorKind::AlreadyExists => last_error = Some(e),
                Err(e) => return Err(e),
            }
        }
        Err(last_error.unwrap_or_else(|| io::Error::other("no free temporary file name")))
    }

    /// The file that will be replaced (symbolic links resolved).
    pub fn target(&self) -> &Path {
        &self.target
    }

    /// Syncs and closes `file` (the one [`Temporary::create`] returned): ready to be renamed.
    pub fn finish(self, file: File) -> io::Result<Ready> {
        file.sync_all()?;
        drop(file);
        Ok(Ready(self))
    }
}

impl Drop for Temporary {
    fn drop(&mut self) {
        if self.armed {
            let _ = fs::remove_file(&self.temp);
        }
    }
}

/// A complete, synced temporary file, waiting to be renamed over its target.
#[derive(Debug)]
pub struct Ready(Temporary);

impl Ready {
    /// The file that will be replaced.
    pub fn target(&self) -> &Path {
        &self.0.target
    }

    /// Renames the temporary file over the target (retried while Windows reports the target
    /// in use).
    pub fn commit(mut self) -> io::Result<()> {
        rename_replacing(&self.0.temp, &self.0.target)?;
        self.0.armed = false;
        sync_dir(parent_dir(&self.0.target));
        Ok(())
    }
}

/// Makes a rename durable: on Unix the directory is synced too (best effort: the rename has
/// happened either way). Windows has no directory handles to sync; NTFS journals the rename.
fn sync_dir(dir: &Path) {
    #[cfg(unix)]
    if let Ok(d) = File::open(dir) {
        let _ = d.sync_all();
    }
    #[cfg(not(unix))]
    let _ = dir;
}

/// Writes `write`'s output to a temporary file for `path` and makes it ready, without
/// replacing anything yet. `E` must absorb I/O errors.
pub fn stage<T, E>(
    path: &Path,
    write: impl FnOnce(&mut BufWriter<File>) -> Result<T, E>,
) -> Result<(T, Ready), E>
where
    E: From<io::Error>,
{
    let (file, temporary) = Temporary::create(path)?;
    let mut out = BufWriter::new(file);
    let value = write(&mut out)?;
    out.flush()?;
    let file = out.into_inner().map_err(|e| e.into_error())?;
    Ok((value, temporary.finish(file)?))
}

/// Renames every staged file over its target, in order. On a failure the files not yet
/// renamed are deleted and the error returned.
pub fn commit_all(staged: Vec<Ready>) -> io::Result<()> {
    for ready in staged {
        let target = ready.target().to_path_buf();
        ready
            .commit()
            .map_err(|e| io::Error::new(e.kind(), format!("renaming onto {}: {e}", target.display())))?;
    }
    Ok(())
}

/// Runs `write` on a temporary file beside `path` and renames it to `path` when `write`
/// succeeds. `E` must absorb I/O errors.
pub fn write_atomically<T, E>(
    path: &Path,
    write: impl FnOnce(&mut BufWriter<File>) -> Result<T, E>,
) -> Result<T, E>
where
    E: From<io::Error>,
{
    let (value, ready) = stage(path, write)?;
    ready.commit()?;
    Ok(value)
}

fn temp_name() -> String {
    static COUNTER: AtomicU32 = AtomicU32::new(0);
    let n = COUNTER.fetch_add(1, Ordering::Relaxed);
    let nanos = SystemTime::now()
        .duration_since(SystemTime::UNIX_EPOCH)
        .map_or(0, |d| d.subsec_nanos());
    format!(
        "{TEMP_PREFIX}{}-{nanos:08x}{n:04x}{TEMP_SUFFIX}",
        std::process::id()
    )
}

/// The permission bits the new file asks for (the umask applies on top): those of the file
/// it replaces, or `0666`.
#[cfg(unix)]
fn replaced_mode(target: &Path) -> u32 {
    use std::os::unix::fs::PermissionsExt;
    fs::metadata(target).map_or(0o666, |m| m.permissions().mode() & 0o777)
}

#[cfg(not(unix))]
fn replaced_mode(_target: &Path) -> u32 {
    0
}

fn create_new(path: &Path, mode: u32) -> io::Result<File> {
    let mut options = OpenOptions::new();
    options.write(true).create_new(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        options
            .mode(mode)
            .custom_flags(libc::O_NOFOLLOW | libc::O_CLOEXEC);
    }
    #[cfg(not(unix))]
    let _ = mode;
    options.open(path)
}

/// How old (last written) a temporary file must be before a sweep may remove it.
pub const STALE_AFTER: Duration = Duration::from_secs(60 * 60);

/// Entries of a directory looked at by one sweep at most, so that a huge directory costs a
/// bounded time.
#[cfg(unix)]
const SWEEP_LIMIT: usize = 10_000;

/// A writer holds an exclusive `flock` on its temporary file until it closes it; a sweep
/// removes only files nobody holds.
#[cfg(unix)]
fn lock_against_sweeping(file: &File) {
    use std::os::unix::io::AsRawFd;
    // SAFETY: flock on a descriptor we own; failure (e.g. a file system without locks) only
    // means the file is not protected, and then the age rule still protects it.
    let _ = unsafe { libc::flock(file.as_raw_fd(), libc::LOCK_EX | libc::LOCK_NB) };
}

#[cfg(not(unix))]
fn lock_against_sweeping(_file: &File) {}

/// Removes our stale temporary files from `dir`: on Unix, files named `.spiegel-*.tmp` that
/// are regular files owned by this user, last written at least `min_age` ago, and not locked
/// by a running writer (every writer holds an exclusive `flock` on its temporary file while it
/// writes; a killed process holds nothing). Best effort: errors are ignored; at most a fixed
/// number of directory entries is looked at. Returns the number removed. On other systems it
/// removes nothing (Windows does not let an open file be deleted, but cannot tell a killed
/// run's file from one being written by an older version of the library either).
pub fn sweep_stale(dir: &Path, min_age: Duration) -> usize {
    #[cfg(unix)]
    {
        let Ok(entries) = fs::read_dir(dir) else {
            return 0;
        };
        entries
            .take(SWEEP_LIMIT)
            .filter_map(Result::ok)
            .filter(|e| {
                let name = e.file_name();
                let name = name.to_string_lossy();
                name.starts_with(TEMP_PREFIX) && name.ends_with(TEMP_SUFFIX)
            })
            .filter(|e| remove_if_stale(&e.path(), min_age))
            .count()
    }
    #[cfg(not(unix))]
    {
        let _ = (dir, min_age);
        0
    }
}

#[cfg(unix)]
fn remove_if_stale(path: &Path, min_age: Duration) -> bool {
    use std::os::unix::fs::{MetadataExt, OpenOptionsExt};
    use std::os::unix::io::AsRawFd;
    let Ok(meta) = fs::symlink_metadata(path) else {
        return false;
    };
    // SAFETY: geteuid has no preconditions.
    let ours = meta.uid() == unsafe { libc::geteuid() };
    let old = meta
        .modified()
        .ok()
        .and_then(|m| m.elapsed().ok())
        .is_some_and(|age| age >= min_age);
    if !meta.is_file() || !ours || !old {
        return false;
    }
    let Ok(file) = OpenOptions::new()
        .read(true)
        .custom_flags(libc::O_NOFOLLOW | libc::O_NONBLOCK | libc::O_CLOEXEC)
        .open(path)
    else {
        return false;
    };
    // SAFETY: flock on a descriptor we own.
    if unsafe { libc::flock(file.as_raw_fd(), libc::LOCK_EX | libc::LOCK_NB) } != 0 {
        return false;
    }
    // Still the very file checked above?
    let same = file
        .metadata()
        .is_ok_and(|m| m.dev() == meta.dev() && m.ino() == meta.ino());
    same && fs::remove_file(path).is_ok()
}

/// Whether a failed rename may succeed when tried again: on Windows, while another program
/// has the target open (access denied, sharing or lock violation).
fn is_transient(error: &io::Error) -> bool {
    cfg!(windows)
        && (error.kind() == io::ErrorKind::PermissionDenied
            || matches!(error.raw_os_error(), Some(5 | 32 | 33)))
}

/// The waits between tries of a rename: about two seconds in all.
const RENAME_BACKOFF: [Duration; 7] = [
    Duration::from_millis(10),
    Duration::from_millis(30),
    Duration::from_millis(60),
    Duration::from_millis(120),
    Duration::from_millis(250),
    Duration::from_millis(500),
    Duration::from_millis(1000),
];

fn rename_replacing(from: &Path, to: &Path) -> io::Result<()> {
    retry(&RENAME_BACKOFF, || fs::rename(from, to), is_transient)
}

/// Runs `op`, and again after each wait in `waits` while its error is `transient`.
fn retry(
    waits: &[Duration],
    mut op: impl FnMut() -> io::Result<()>,
    transient: impl Fn(&io::Error) -> bool,
) -> io::Result<()> {
    let mut waits = waits.iter();
    loop {
        match op() {
            Err(e) if transient(&e) => match waits.next() {
                Some(wait) => std::thread::sleep(*wait),
                None => return Err(e),
            },
            other => return other,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Write;

    fn entries(dir: &Path) -> Vec<String> {
        let mut names: Vec<_> = fs::read_dir(dir)
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        names.sort();
        names
    }

    #[test]
    fn failure_leaves_existing_file_untouched_and_no_temp() {
        let dir = tempfile::tempdir().unwrap();
        let target = dir.path().join("out.xml");
        fs::write(&target, "old").unwrap();
        let result: Result<(), io::Error> = write_atomically(&target, |w| {
            w.write_all(b"half")?;
            Err(io::Error::other("boom"))
        });
        assert!(result.is_err());
        assert_eq!(fs::read_to_string(&target).unwrap(), "old");
        assert_eq!(entries(dir.path()), ["out.xml"]);
    }

    #[test]
    fn success_replaces_the_file() {
        let dir = tempfile::tempdir().unwrap();
        let target = dir.path().join("out.xml");
        fs::write(&target, "old").unwrap();
        write_atomically::<_, io::Error>(&target, |w| w.write_all(b"new")).unwrap();
        assert_eq!(fs::read_to_string(&target).unwrap(), "new");
        assert_eq!(entries(dir.path()), ["out.xml"]);
    }

    #[test]
    fn missing_directory_is_an_error() {
        let r = write_atomically::<_, io::Error>(Path::new("/nonexistent-dir-xyz/out.xml"), |_| Ok(()));
        assert!(r.is_err());
    }

    #[test]
    fn a_directory_is_never_replaced() {
        let dir = tempfile::tempdir().unwrap();
        let target = dir.path().join("sub");
        fs::create_dir(&target).unwrap();
        let e = write_atomically::<_, io::Error>(&target, |w| w.write_all(b"x")).unwrap_err();
        assert!(matches!(Refused::of(&e), Some(Refused::NotRegular { .. })), "{e}");
        assert!(target.is_dir());
        assert_eq!(entries(dir.path()), ["sub"]);
    }

    #[test]
    fn staged_files_appear_only_on_commit() {
        let dir = tempfile::tempdir().unwrap();
        let a = dir.path().join("a.xml");
        let b = dir.path().join("b.csv");
        fs::write(&a, "old a").unwrap();
        let ((), ready_a) = stage::<_, io::Error>(&a, |w| w.write_all(b"new a")).unwrap();
        let ((), ready_b) = stage::<_, io::Error>(&b, |w| w.write_all(b"new b")).unwrap();
        assert_eq!(fs::read_to_string(&a).unwrap(), "old a");
        assert!(!b.exists());
        commit_all(vec![ready_a, ready_b]).unwrap();
        assert_eq!(fs::read_to_string(&a).unwrap(), "new a");
        assert_eq!(fs::read_to_string(&b).unwrap(), "new b");
        assert_eq!(entries(dir.path()), ["a.xml", "b.csv"]);
    }

    #[test]
    fn dropped_staged_files_leave_nothing() {
        let dir = tempfile::tempdir().unwrap();
        let a = dir.path().join("a.xml");
        let staged = stage::<_, io::Error>(&a, |w| w.write_all(b"new a")).unwrap();
        drop(staged);
        assert!(entries(dir.path()).is_empty());
    }

    #[test]
    fn same_file_is_found_through_other_spellings() {
        let dir = tempfile::tempdir().unwrap();
        let input = dir.path().join("in.json");
        fs::write(&input, "{}").unwrap();
        let other = dir.path().join(".").join("in.json");
        let e = check_outputs(&[&input], &[&other]).unwrap_err();
        assert!(matches!(Refused::of(&e), Some(Refused::IsInput { .. })), "{e}");
        let new = dir.path().join("new.xml");
        let new_again = dir.path().join("x").join("..").join("new.xml");
        fs::create_dir(dir.path().join("x")).unwrap();
        let e = check_outputs(&[&input], &[&new, &new_again]).unwrap_err();
        assert!(matches!(Refused::of(&e), Some(Refused::Twice { .. })), "{e}");
        check_outputs(&[&input, Path::new("-")], &[&new, &dir.path().join("r.csv")]).unwrap();
    }

    #[test]
    fn retry_stops_at_success_or_after_the_last_wait() {
        let mut tries = 0;
        let waits = [Duration::ZERO; 3];
        let result = retry(
            &waits,
            || {
                tries += 1;
                Err(io::Error::from(io::ErrorKind::PermissionDenied))
            },
            |_| true,
        );
        assert!(result.is_err());
        assert_eq!(tries, 4);
        let mut tries = 0;
        let result = retry(
            &waits,
            || {
                tries += 1;
                if tries < 2 {
                    Err(io::Error::from(io::ErrorKind::PermissionDenied))
                } else {
                    Ok(())
                }
            },
            |_| true,
        );
        assert!(result.is_ok());
        assert_eq!(tries, 2);
        let mut tries = 0;
        let _ = retry(
            &waits,
            || {
                tries += 1;
                Err(io::Error::other("hard"))
            },
            |_| false,
        );
        assert_eq!(tries, 1);
    }

    #[cfg(unix)]
    mod unix {
        use super::*;
        use std::os::unix::fs::{symlink, PermissionsExt};

        fn mode(path: &Path) -> u32 {
            fs::metadata(path).unwrap().permissions().mode() & 0o777
        }

        #[test]
        fn a_symlink_is_written_through_and_stays_a_link() {
            let dir = tempfile::tempdir().unwrap();
            let real = dir.path().join("real.xml");
            fs::write(&real, "old").unwrap();
            let link = dir.path().join("link.xml");
            symlink("real.xml", &link).unwrap();
            write_atomically::<_, io::Error>(&link, |w| w.write_all(b"new")).unwrap();
            assert!(fs::symlink_metadata(&link).unwrap().file_type().is_symlink());
            assert_eq!(fs::read_to_string(&real).unwrap(), "new");
            assert_eq!(entries(dir.path()), ["link.xml", "real.xml"]);
        }

        #[test]
        fn a_device_is_never_replaced() {
            let e = resolve_target(Path::new("/dev/null")).unwrap_err();
            assert!(matches!(Refused::of(&e), Some(Refused::NotRegular { .. })), "{e}");
        }

        #[test]
        fn a_link_loop_is_refused() {
            let dir = tempfile::tempdir().unwrap();
            symlink("b", dir.path().join("a")).unwrap();
            symlink("a", dir.path().join("b")).unwrap();
            let e = resolve_target(&dir.path().join("a")).unwrap_err();
            assert!(
                matches!(Refused::of(&e), Some(Refused::TooManyLinks { .. })),
                "{e}"
            );
        }

        #[test]
        fn a_hard_link_of_an_input_is_the_same_file() {
            let dir = tempfile::tempdir().unwrap();
            let input = dir.path().join("in.json");
            fs::write(&input, "{}").unwrap();
            let hard = dir.path().join("hard.xml");
            fs::hard_link(&input, &hard).unwrap();
            assert!(check_outputs(&[&input], &[&hard]).is_err());
        }

        #[test]
        fn replaced_files_keep_their_mode_masked_by_the_umask() {
            let dir = tempfile::tempdir().unwrap();
            let target = dir.path().join("out.xml");
            fs::write(&target, "old").unwrap();
            fs::set_permissions(&target, fs::Permissions::from_mode(0o600)).unwrap();
            write_atomically::<_, io::Error>(&target, |w| w.write_all(b"new")).unwrap();
            assert_eq!(mode(&target), 0o600);
        }

        #[test]
        fn stale_temporaries_are_swept_and_live_ones_kept() {
            let dir = tempfile::tempdir().unwrap();
            let stale = dir.path().join(".spiegel-1-dead.tmp");
            fs::write(&stale, "killed").unwrap();
            let other = dir.path().join("keep.tmp");
            fs::write(&other, "not ours").unwrap();
            let (_live_file, live) = Temporary::create(&dir.path().join("x.xml")).unwrap();
            // Too young for the real threshold: nothing goes.
            assert_eq!(sweep_stale(dir.path(), STALE_AFTER), 0);
            // Old enough: the killed run's file goes, the locked one of a live writer stays.
            assert_eq!(sweep_stale(dir.path(), Duration::ZERO), 1);
            assert!(!stale.exists());
            assert!(other.exists());
            assert!(live.temp.exists());
        }
    }
}
