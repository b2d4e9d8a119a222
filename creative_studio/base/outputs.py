"""Where a command may write: the one guard every writer calls before it replaces a path.

`write_bytes_atomic` renames a finished temp file over its target, which replaces whatever the
name pointed at: a device (`-o /dev/null` run as root), a FIFO, the campaign itself, its review
history. `check_output_path` refuses, with one sentence naming the path:

- anything that exists and is not a regular file (device, FIFO, socket, folder);
- a regular file the user may not write;
- any of the `protected` paths (the campaign, its catalogue, its review file...) or anything
  inside a protected folder (the review cache), also when reached through a symlink.

Errors are `OutputError`, an OSError whose `filename` is the path and `strerror` the sentence, so
every existing `except OSError` (and the CLI's exit 2) reports them as "PATH: sentence".
"""

from __future__ import annotations

import errno
import os
import stat
from collections.abc import Iterable, Mapping
from pathlib import Path

from .inputs import file_kind


class OutputError(OSError):
    """A path the program refuses to write, or a write that failed for a reason named in one sentence."""

    def __init__(self, path: str | Path, sentence: str, code: int = errno.EPERM):
        super().__init__(code, sentence, str(path))
        self.path = str(path)
        self.sentence = sentence

    def __str__(self) -> str:
        return f"{self.path}: {self.sentence}"

    def __reduce__(self):  # survives the trip back from a worker process
        return (type(self), (self.path, self.sentence, self.errno))


class DiskFullError(OutputError):
    """No space left (or quota exceeded) while writing `path`."""

    def __init__(self, path: str | Path, sentence: str | None = None, code: int = errno.ENOSPC):
        super().__init__(
            path, sentence or "the disk is full (no space left on the device); free some space or write elsewhere", code
        )


DISK_FULL_ERRNOS = frozenset({errno.ENOSPC, getattr(errno, "EDQUOT", errno.ENOSPC)})


def _protected_items(protected: Mapping[Path, str] | Iterable[Path] | None) -> list[tuple[Path, str]]:
    if not protected:
        return []
    if isinstance(protected, Mapping):
        items = list(protected.items())
    else:
        items = [(p, "") for p in protected]
    out = []
    for p, what in items:
        p = Path(p)
        for q in {p.absolute(), p.resolve()}:
            out.append((q, what))
    return out


def _clash(target: Path, protected: list[tuple[Path, str]]) -> str | None:
    candidates = {target.absolute(), target.resolve()}
    for c in candidates:
        for p, what in protected:
            if c == p:
                return f"overwrite {what or 'a file this campaign needs'}"
            if c.is_relative_to(p):
                return f"write inside {what or 'a folder this campaign needs'} ({p})"
    return None


def check_output_path(path: str | Path, protected: Mapping[Path, str] | Iterable[Path] | None = None) -> Path:
    """Refuse to write `path` unless it is absent or a regular file the user may replace.

    `protected` is a set of paths (or a mapping path -> what it is, for the message) that must
    never be replaced; a protected folder protects everything inside it.
    """
    target = Path(path)
    try:
        st = os.stat(target)
    except FileNotFoundError:
        st = None
    except NotADirectoryError:
        raise OutputError(target, "a part of this path is a file, not a folder; choose another output path") from None
    except OSError as exc:
        raise OutputError(target, f"cannot check this output path ({exc.strerror})") from None
    if st is not None:
        if not stat.S_ISREG(st.st_mode):
            raise OutputError(
                target,
                f"this is {file_kind(st.st_mode)}, not a file the program may replace; choose another output path",
            )
        if not os.access(target, os.W_OK):
            raise OutputError(target, "this file is read-only; choose another output path", errno.EACCES)
    what = _clash(target, _protected_items(protected))
    if what:
        raise OutputError(target, f"refusing to {what}; choose another output path")
    return target


def check_output_dir(path: str | Path, protected: Mapping[Path, str] | Iterable[Path] | None = None) -> Path:
    """An output folder: absent or a folder, not a protected path and not inside one."""
    target = Path(path)
    try:
        st = os.stat(target)
    except FileNotFoundError:
        st = None
    except OSError as exc:
        raise OutputError(target, f"cannot check this output folder ({exc.strerror})") from None
    if st is not None and not stat.S_ISDIR(st.st_mode):
        raise OutputError(target, f"this is {file_kind(st.st_mode)}, not a folder; give a folder to export into")
    items = _protected_items(protected)
    for c in {target.absolute(), target.resolve()}:
        for p, what in items:
            if c == p or c.is_relative_to(p):
                raise OutputError(
                    target, f"refusing to export into {what or 'a folder this campaign needs'}; choose another folder"
                )
    return target
