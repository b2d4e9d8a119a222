"""Save As into another folder: the files a campaign names come along, so it opens anywhere.

A campaign may only name files inside its own folder (or the catalogue bundled with the
program); that is what keeps a campaign received from someone else from reading the rest of the
disk. So when the designer saves a campaign into a new folder, pointing back at `../formats.yaml`
or `../../brand/logo.png` would give a file the next run refuses. Instead:

- a file bundled with the program (the catalogue) stays the bundled one: a catalogue that is
  entirely bundled is simply not named, as `init` writes it;
- a file already inside the new folder is named relative to it;
- anything else is copied into the new folder under its own name (or `name-2.ext` when that name
  holds a different file; an identical file there is reused). A copy never replaces a file.

The plan is made while the YAML is written (`reference`), the copies are made before the
campaign is verified and written (`write`), and taken back if saving fails (`remove`).
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path

from ..base import resources
from ..base.atomic import create_file_atomic
from ..base.inputs import read_regular_file

# A catalogue file or a logo is far below this; the campaign loader enforces the real caps.
_MAX_COPY_BYTES = 64 * 1024 * 1024


def bundled(file: Path) -> bool:
    """True for a file shipped with the program (the bundled catalogue)."""
    return Path(os.path.abspath(file)).resolve().is_relative_to(resources.TEMPLATES_DIR.resolve())


@dataclass
class Carry:
    """The files a campaign saved into `folder` brings along."""

    folder: Path
    planned: dict[Path, Path] = field(default_factory=dict)  # original (resolved) -> its copy
    created: list[Path] = field(default_factory=list)

    def reference(self, file: Path) -> str:
        """How the campaign file in `folder` names `file` (planning a copy when needed)."""
        file = Path(os.path.abspath(file))
        folder = Path(os.path.abspath(self.folder))
        real = file.resolve()
        if real.is_relative_to(folder.resolve()) or bundled(file):
            return _relative(file, folder)
        if real not in self.planned:
            self.planned[real] = self._free_name(real)
        return self.planned[real].name

    def _free_name(self, original: Path) -> Path:
        taken = set(self.planned.values())
        stem, suffix = original.stem, original.suffix
        for i in range(1, 1000):
            name = original.name if i == 1 else f"{stem}-{i}{suffix}"
            dest = self.folder / name
            if dest in taken:
                continue
            if not dest.exists() or _same_bytes(dest, original):
                return dest
        raise FileExistsError(f"no free name for a copy of {original.name} in {self.folder}")

    def moved(self, file: str) -> str:
        """Where the saved campaign finds `file` (an absolute path the model holds): its copy, if any."""
        copy = self.planned.get(Path(os.path.abspath(file)).resolve())
        return str(copy.resolve()) if copy is not None else file

    def write(self) -> list[Path]:
        """Make the planned copies (skipping identical files already there); the files made."""
        for original, dest in self.planned.items():
            if dest.exists() and _same_bytes(dest, original):
                continue
            create_file_atomic(dest, read_regular_file(original, _MAX_COPY_BYTES, "file"))
            self.created.append(dest)
        return list(self.created)

    def remove(self) -> None:
        """Take back the copies this save made (it failed)."""
        for p in self.created:
            try:
                p.unlink()
            except FileNotFoundError:
                pass
        self.created.clear()


def _same_bytes(a: Path, b: Path) -> bool:
    try:
        return a.is_file() and a.stat().st_size == b.stat().st_size and a.read_bytes() == b.read_bytes()
    except OSError:
        return False


def _relative(file: Path, folder: Path) -> str:
    try:
        return Path(os.path.relpath(file, folder)).as_posix()
    except ValueError:  # another drive (Windows): no relative path exists
        return str(file)
