"""Opening files a campaign names: only regular files, never a hang, a bounded read.

A FIFO opened for reading blocks until a writer appears, a device can stream forever, and a
folder cannot be read at all; `open_regular` refuses all three before reading a byte. It checks
with `os.stat` first (so a device is never even opened), then opens with O_NONBLOCK (so a file
swapped for a FIFO in between cannot block the open) and checks the opened descriptor again.
"""

from __future__ import annotations

import io
import os
import stat
from pathlib import Path


class InputFileError(Exception):
    """An input file that cannot be used; `sentence` says why without quoting its content."""

    def __init__(self, path: str | Path, sentence: str):
        self.path = str(path)
        self.sentence = sentence
        super().__init__(f"{path}: {sentence}")


def file_kind(mode: int) -> str:
    """What a non-regular file is, in words for a message ("a pipe (FIFO)", "a folder", ...)."""
    if stat.S_ISDIR(mode):
        return "a folder"
    if stat.S_ISFIFO(mode):
        return "a pipe (FIFO)"
    if stat.S_ISSOCK(mode):
        return "a socket"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "a device"
    return "not a regular file"


def _refuse(path: str | Path, mode: int, what: str) -> InputFileError:
    return InputFileError(path, f"this is {file_kind(mode)}, not a {what}; give the path of a regular file")


def open_regular(path: str | Path, what: str = "file") -> io.BufferedReader:
    """Open a regular file for binary reading; anything else raises InputFileError at once."""
    try:
        st = os.stat(path)
    except FileNotFoundError:
        raise InputFileError(path, "file not found; check the path and its spelling") from None
    except OSError as exc:
        raise InputFileError(path, f"cannot read the file: {exc.strerror}") from None
    if not stat.S_ISREG(st.st_mode):
        raise _refuse(path, st.st_mode, what)
    flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_NOCTTY", 0) | getattr(os, "O_CLOEXEC", 0)
    try:
        fd = os.open(path, flags)
    except OSError as exc:
        raise InputFileError(path, f"cannot read the file: {exc.strerror}") from None
    try:
        st = os.fstat(fd)
        if not stat.S_ISREG(st.st_mode):  # swapped between the stat and the open
            raise _refuse(path, st.st_mode, what)
        if hasattr(os, "set_blocking"):
            os.set_blocking(fd, True)
        return os.fdopen(fd, "rb")
    except BaseException:
        os.close(fd)
        raise


def read_regular_file(path: str | Path, max_bytes: int, what: str = "file") -> bytes:
    """All bytes of a regular file of at most max_bytes (checked before and while reading)."""
    with open_regular(path, what) as fh:
        size = os.fstat(fh.fileno()).st_size
        if size > max_bytes:
            raise InputFileError(
                path,
                f"the file is {size:,} bytes; a {what} is limited to {max_bytes:,} bytes (is this the right file?)",
            )
        try:
            data = fh.read(max_bytes + 1)
        except OSError as exc:
            raise InputFileError(path, f"cannot read the file: {exc.strerror}") from None
    if len(data) > max_bytes:  # it grew while we read
        raise InputFileError(path, f"the file is over {max_bytes:,} bytes; a {what} is limited to that")
    return data
