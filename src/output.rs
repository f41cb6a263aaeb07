//! Writing files atomically: a temporary file in the target's directory, synced, then renamed
//! over the target. A failure leaves no file behind and an existing target untouched.

use std::fs::File;
use std::io::{self, BufWriter};
use std::path::Path;

/// Runs `write` on a temporary file beside `path` and renames it to `path` when `write`
/// succeeds. `E` must absorb I/O errors.
pub fn write_atomically<T, E>(
    path: &Path,
    write: impl FnOnce(&mut BufWriter<File>) -> Result<T, E>,
) -> Result<T, E>
where
    E: From<io::Error>,
{
    let dir = match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p,
        _ => Path::new("."),
    };
    let temp = tempfile::Builder::new()
        .prefix(".spiegel-")
        .suffix(".tmp")
        .tempfile_in(dir)?;
    let (file, temp_path) = temp.into_parts();
    let mut out = BufWriter::new(file);
    let value = write(&mut out)?;
    let file = out.into_inner().map_err(|e| e.into_error())?;
    give_normal_permissions(&file, path)?;
    file.sync_all()?;
    temp_path.persist(path).map_err(|e| e.error)?;
    Ok(value)
}

/// Temporary files are private (0600); the result should look like any file the user writes:
/// the permissions of the file it replaces, or 0644.
#[cfg(unix)]
pub(crate) fn give_normal_permissions(file: &File, target: &Path) -> io::Result<()> {
    use std::os::unix::fs::PermissionsExt;
    let mode = std::fs::metadata(target).map_or(0o644, |m| m.permissions().mode() & 0o7777);
    file.set_permissions(std::fs::Permissions::from_mode(mode))
}

#[cfg(not(unix))]
pub(crate) fn give_normal_permissions(_file: &File, _target: &Path) -> io::Result<()> {
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Write;

    #[test]
    fn failure_leaves_existing_file_untouched_and_no_temp() {
        let dir = tempfile::tempdir().unwrap();
        let target = dir.path().join("out.xml");
        std::fs::write(&target, "old").unwrap();
        let result: Result<(), io::Error> = write_atomically(&target, |w| {
            w.write_all(b"half")?;
            Err(io::Error::other("boom"))
        });
        assert!(result.is_err());
        assert_eq!(std::fs::read_to_string(&target).unwrap(), "old");
        assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 1);
    }

    #[cfg(unix)]
    #[test]
    fn new_files_are_0644() {
        use std::os::unix::fs::PermissionsExt;
        let dir = tempfile::tempdir().unwrap();
        let target = dir.path().join("new.xml");
        write_atomically::<_, io::Error>(&target, |w| w.write_all(b"x")).unwrap();
        assert_eq!(
            std::fs::metadata(&target).unwrap().permissions().mode() & 0o777,
            0o644
        );
    }

    #[test]
    fn success_replaces_the_file() {
        let dir = tempfile::tempdir().unwrap();
        let target = dir.path().join("out.xml");
        std::fs::write(&target, "old").unwrap();
        write_atomically::<_, io::Error>(&target, |w| w.write_all(b"new")).unwrap();
        assert_eq!(std::fs::read_to_string(&target).unwrap(), "new");
    }

    #[test]
    fn missing_directory_is_an_error() {
        let r = write_atomically::<_, io::Error>(Path::new("/nonexistent-dir-xyz/out.xml"), |_| Ok(()));
        assert!(r.is_err());
    }
}
