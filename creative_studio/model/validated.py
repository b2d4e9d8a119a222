"""Which file contents passed schema validation in an earlier process (a marker file in the user cache).

A fresh process (each CLI run, each export worker) would otherwise import jsonschema and check
the same catalogue again (~0.15 s of CPU). The marker's name is a sha256 over the text's sha256,
the kind and every schema file plus the program version: an edited file, a new schema or a new
release is validated afresh. Only successes are recorded; errors are always found and reported.
"""

from __future__ import annotations

import hashlib
from functools import cache
from pathlib import Path

from ..base import cache as disk_cache

_KIND = "validated"


@cache
def _schemas_sha256(schema_dir: Path) -> str:
    from .. import __version__

    h = hashlib.sha256(__version__.encode())
    for f in sorted(schema_dir.glob("*.schema.json")):
        h.update(f.name.encode() + b"\0" + f.read_bytes() + b"\0")
    return h.hexdigest()


def _key(schema_dir: Path, kind: str, text_sha256: str) -> str:
    return hashlib.sha256(f"{kind}\0{text_sha256}\0{_schemas_sha256(schema_dir)}".encode()).hexdigest()


def before(schema_dir: Path, kind: str, text_sha256: str) -> bool:
    """This exact text validated against these exact schemas in an earlier process."""
    try:
        return disk_cache.entry(_KIND, _key(schema_dir, kind, text_sha256)).is_file()
    except OSError:
        return False


def remember(schema_dir: Path, kind: str, text_sha256: str) -> None:
    disk_cache.write(_KIND, _key(schema_dir, kind, text_sha256), b"")
