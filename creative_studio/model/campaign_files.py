"""Files a campaign names (its partner logo, its catalogue): inside its folder, and images that are safe.

A path from a campaign file is resolved against the campaign's folder and refused when it leaves
it, unless the designer allows it (`--allow-outside-paths` or the environment variable below). An
image must be a regular file, a PNG or JPEG by its content, with declared dimensions under the
caps, checked before a pixel is decoded.
"""

from __future__ import annotations

import os
from pathlib import Path

from ..base import resources
from .yamlio import Located

ALLOW_OUTSIDE_ENV = "CREATIVE_STUDIO_ALLOW_OUTSIDE_PATHS"


def outside_paths_allowed() -> bool:
    """True when the designer let campaigns name files outside their folder.

    Set by the command-line option --allow-outside-paths (every command has it) or by the
    environment variable CREATIVE_STUDIO_ALLOW_OUTSIDE_PATHS=1 (for the app). Deliberately not a
    key of the campaign: a campaign received from someone else must not grant itself access.
    """
    return os.environ.get(ALLOW_OUTSIDE_ENV, "") not in ("", "0")


# Files this process has already accepted for a campaign (inside its folder, or allowed by the
# option). A campaign saved elsewhere by the app ("Save As") keeps working in this session even
# though its catalogue is now at ../formats.yaml; a new process asks for the option again.
_ACCEPTED: set[Path] = set()


def _resolve(base_file: Path, rel: str, located: Located, path: tuple) -> Path:
    """A file named by the campaign: inside the campaign's folder (or the bundled templates)."""
    p = base_file.parent / rel
    target = p.resolve()
    if target not in _ACCEPTED:
        folder = base_file.parent.resolve()
        inside = target.is_relative_to(folder) or target.is_relative_to(resources.TEMPLATES_DIR.resolve())
        if not inside and not outside_paths_allowed():
            raise located.error(
                path,
                f"'{rel}' is outside the campaign's folder ({folder}); move the file into that folder, "
                "or, if you trust this campaign, run with --allow-outside-paths "
                f"(or set {ALLOW_OUTSIDE_ENV}=1)",
            )
        if p.exists():
            _ACCEPTED.add(target)
    if not p.exists():
        raise located.error(
            path, f"the file '{rel}' does not exist (looked in {p.parent}); give a path relative to the campaign file"
        )
    return p


# Caps on an input image, checked on its header before a pixel is decoded. A logo sits in a box
# of at most a few thousand pixels (the 96-sheet's logo box is ~2,000 px wide), so 25 MP and
# 16,384 px a side are generous; decoding one costs at most ~100 MB for a moment (RGBA), and only
# the placed, box-sized copy is kept (render/engine.py).
MAX_LOGO_PIXELS = 25_000_000
MAX_LOGO_SIDE = 16_384


def check_image(base_file: Path, rel: str, located: Located, path: tuple) -> Path:
    """An input image must be a regular PNG/JPEG file Pillow can read, under the pixel caps.

    Only the header and the chunk structure are read (Image.open is lazy, verify() checks the
    chunks without decoding pixels), so a decompression bomb, a FIFO or a damaged file is refused
    at once. Every failure names the file and never quotes its content.
    """
    import warnings

    from PIL import Image, UnidentifiedImageError

    from ..base.inputs import InputFileError, open_regular

    p = _resolve(base_file, rel, located, path)
    try:
        with open_regular(p, "image") as fh, warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(fh) as im:
                fmt, (w, h) = im.format, im.size
                if fmt in ("PNG", "JPEG") and w <= MAX_LOGO_SIDE and h <= MAX_LOGO_SIDE and w * h <= MAX_LOGO_PIXELS:
                    im.verify()
    except InputFileError as exc:
        raise located.error(path, f"the image '{rel}': {exc.sentence}") from None
    except (Image.DecompressionBombError, Image.DecompressionBombWarning):
        raise located.error(
            path,
            f"the image '{rel}' is too large to open safely (it declares more pixels than any logo needs); "
            "supply a smaller file",
        ) from None
    except UnidentifiedImageError:
        raise located.error(path, f"'{rel}' is not an image Pillow can read; save it as PNG or JPEG") from None
    except Exception as exc:  # noqa: BLE001 - Pillow raises many types for damaged files
        raise located.error(
            path,
            f"the image '{rel}' is damaged or truncated ({type(exc).__name__}: {str(exc)[:80]}); "
            "save it again as PNG or JPEG",
        ) from None
    if fmt not in ("PNG", "JPEG"):
        raise located.error(path, f"'{rel}' is a {fmt} image; save it as PNG or JPEG")
    if w * h > MAX_LOGO_PIXELS or w > MAX_LOGO_SIDE or h > MAX_LOGO_SIDE:
        raise located.error(
            path,
            f"the image '{rel}' is {w}x{h} ({w * h / 1e6:.0f} MP); logos are limited to "
            f"{MAX_LOGO_PIXELS / 1e6:.0f} MP and {MAX_LOGO_SIDE:,} px a side: scale it down",
        )
    return p.resolve()
