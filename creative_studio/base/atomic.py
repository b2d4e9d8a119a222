"""Atomic file writes: a crash or kill never leaves a half-written file under its final name.

Temp files are named `.NAME.<pid>-<random>.part` beside their target, so a later run can tell
the leftovers of a killed writer (`remove_dead_temp_files`) from those of a live one.
"""

from __future__ import annotations

import os
import re
import tempfile
from pathlib import Path

from .outputs import DISK_FULL_ERRNOS, DiskFullError, OutputError, check_output_path

_TEMP = re.compile(r"^\..+\.(\d+)-[A-Za-z0-9_]+\.part$")


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


def _durable_temp(path: Path, data: bytes) -> str:
    """`data` in a new temporary file beside `path`, on disk (fsynced); its name."""
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.{os.getpid()}-", suffix=".part", dir=path.parent)
    try:
        # mkstemp makes the file private (0600); give it the mode a normal open() would.
        os.fchmod(fd, 0o666 & ~_umask())
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
    except BaseException:
        os.unlink(tmp)
        raise
    return tmp


def write_bytes_atomic(path: str | Path, data: bytes) -> None:
    """Write to a temporary file in the same folder, fsync it, then rename over the target.

    Refuses (OutputError) to replace anything that is not a regular file; a full disk raises
    DiskFullError naming the path. Callers with files to protect call check_output_path first.
    """
    path = Path(path)
    check_output_path(path)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        if exc.errno in DISK_FULL_ERRNOS:
            raise DiskFullError(path) from None
        raise OutputError(path, f"cannot make the folder {path.parent} ({exc.strerror})", exc.errno or 0) from None
    try:
        tmp = _durable_temp(path, data)
        try:
            os.replace(tmp, path)
        except BaseException:
            os.unlink(tmp)
            raise
    except OSError as exc:
        if exc.errno in DISK_FULL_ERRNOS and not isinstance(exc, OutputError):
            raise DiskFullError(path) from None
        raise
    try:  # make the rename itself durable
        dfd = os.open(path.parent, os.O_RDONLY)
        try:
            os.fsync(dfd)
        finally:
            os.close(dfd)
    except OSError:
        pass


def write_text_atomic(path: str | Path, text: str) -> None:
    write_bytes_atomic(path, text.encode("utf-8"))


def create_file_atomic(path: str | Path, data: bytes) -> None:
    """Write a new file whole under `path`, never replacing anything that is there.

    The bytes go to a temporary file that is fsynced and then hard-linked to `path`, which fails
    (FileExistsError) if the name exists, even when another process took it a moment ago.
    """
    path = Path(path)
    try:
        tmp = _durable_temp(path, data)
    except OSError as exc:
        if exc.errno in DISK_FULL_ERRNOS:
            raise DiskFullError(path) from None
        raise
    try:
        os.link(tmp, path)
    finally:
        try:
            os.unlink(tmp)
        except FileNotFoundError:
            pass


def _alive(pid: int) -> bool:
    if pid == os.getpid():
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def remove_dead_temp_files(folder: str | Path, recursive: bool = True) -> int:
    """Remove temp files left in `folder` by writers that were killed (their pid is gone).

    Only names of the form `.NAME.<pid>-<random>.part` are touched; a live writer's are kept.
    Returns how many were removed.
    """
    folder = Path(folder)
    removed = 0
    walker = os.walk(folder) if recursive else [(str(folder), [], os.listdir(folder) if folder.is_dir() else [])]
    for root, _dirs, files in walker:
        for name in files:
            m = _TEMP.match(name)
            if m and not _alive(int(m.group(1))):
                try:
                    os.unlink(os.path.join(root, name))
                    removed += 1
                except OSError:
                    pass
    return removed
