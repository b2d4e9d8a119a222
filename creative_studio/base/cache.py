"""The user cache folder: derived facts that are costly to recompute on every process start.

Everything in it is keyed by the sha256 of what it was derived from, so a stale entry is never
read (a changed input has another key), and everything in it may be deleted at any time: it is
rebuilt on the next run. Writes are atomic; a cache that cannot be written only costs time.
"""

from __future__ import annotations

import os
import struct
import zlib
from pathlib import Path

from .atomic import write_bytes_atomic


def cache_dir() -> Path:
    """$CREATIVE_STUDIO_CACHE, else ~/.cache/creative-studio (the folder review's hash cache uses)."""
    env = os.environ.get("CREATIVE_STUDIO_CACHE")
    return Path(env) if env else Path.home() / ".cache" / "creative-studio"


def entry(kind: str, key: str) -> Path:
    """The file for one cached fact: <cache>/<kind>/<key>."""
    return cache_dir() / kind / key


def read(kind: str, key: str) -> bytes | None:
    try:
        return entry(kind, key).read_bytes()
    except OSError:
        return None


def write(kind: str, key: str, data: bytes) -> None:
    try:
        write_bytes_atomic(entry(kind, key), data)
    except OSError:
        pass  # read-only or full: the next process recomputes, nothing more


# -- checksummed entries --------------------------------------------------------------------------
# A cache file may be cut short (a full disk, a crash before the rename on a file system that does
# not order the writes) or damaged later; these entries carry their length and crc32, so a damaged
# one reads as absent and is rebuilt instead of being trusted.
_MAGIC = b"CSCACHE1"
_HEADER = struct.Struct("<QI")  # payload length, crc32 of the payload


def read_checked(kind: str, key: str) -> bytes | None:
    """The payload written by `write_checked`, or None if absent, damaged or unreadable."""
    data = read(kind, key)
    head = len(_MAGIC) + _HEADER.size
    if data is None or len(data) < head or not data.startswith(_MAGIC):
        return None
    length, crc = _HEADER.unpack_from(data, len(_MAGIC))
    payload = data[head:]
    if len(payload) != length or zlib.crc32(payload) != crc:
        return None
    return payload


def write_checked(kind: str, key: str, payload: bytes, keep: int | None = None) -> None:
    """Store `payload` under kind/key; with `keep`, at most that many entries of the kind stay
    (the least recently written or `touch`ed go first), so a kind whose keys vary cannot fill the disk."""
    write(kind, key, _MAGIC + _HEADER.pack(len(payload), zlib.crc32(payload)) + payload)
    if keep is not None:
        _trim(cache_dir() / kind, keep)


def _trim(folder: Path, keep: int) -> None:
    try:
        entries = [(e.stat().st_mtime_ns, e.path) for e in os.scandir(folder) if e.is_file()]
    except OSError:
        return
    entries.sort()
    for _, path in entries[: max(0, len(entries) - keep)]:
        try:
            os.unlink(path)
        except OSError:
            pass  # another process removed it first


def touch(kind: str, key: str) -> None:
    """Mark an entry as just used, so `write_checked(..., keep=)` removes it last."""
    try:
        os.utime(entry(kind, key))
    except OSError:
        pass
