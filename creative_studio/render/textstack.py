"""The text shaping libraries under Pillow, and the refusal to render without raqm.

Without raqm Pillow falls back to its basic layout: no bidi, no ligatures or mark positioning,
different advances. Every render would silently differ from the bytes a reviewer approved on a
machine that has it, so the commands that render refuse to start instead (exit 2).
"""

from __future__ import annotations

from PIL import features

#: The libraries whose versions decide where glyphs land (also part of the review cache key).
LIBRARIES = ("freetype2", "harfbuzz", "raqm", "fribidi")


def versions() -> dict[str, str | None]:
    """Version of each shaping library Pillow loaded here; None for one it lacks."""
    return {lib: features.version(lib) for lib in LIBRARIES}


def raqm_problem() -> str | None:
    """A sentence saying how to get raqm when Pillow lacks it; None when text layout is complete."""
    if features.check("raqm"):
        return None
    return (
        "Pillow cannot lay out text with raqm on this machine, so every render would differ from the "
        "approved bytes; nothing was rendered. Install the fribidi library raqm loads "
        "('sudo apt-get install libfribidi0' on Debian/Ubuntu, or 'bash scripts/setup.sh'); if it is "
        "installed already, this Pillow was built without raqm: reinstall Pillow's wheel "
        "('pip install --force-reinstall -c constraints.txt pillow'). Then run the command again."
    )
