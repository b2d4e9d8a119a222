"""The user cache folder: derived facts that are costly to recompute on every process start.

Everything in it is keyed by the sha256 of what it was derived from, so a stale entry is never
read (a changed input has another key), and everything in it may be deleted at any time: it is
rebuilt on the next run. Writes are atomic; a cache that cannot be written only costs time.
"""

from __future__ import annotations

import os
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
