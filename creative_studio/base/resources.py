"""Where the bundled data lives: the catalogue, the JSON Schemas, the sample campaign, the fonts.

Everything is found through `importlib.resources` from the installed package, so a wheel works
from any folder. In a checkout, `creative_studio/templates` and `creative_studio/fonts` are
symlinks to the top-level `templates/` and `fonts/` that designers edit: one copy in git, found the
same way in a checkout, an editable install and a wheel.

The engine needs real files (FreeType, Qt and the YAML loader open paths), so the package must be
installed unpacked (what pip does); a zipped package is refused with a sentence.
"""

from __future__ import annotations

from importlib.resources import files
from pathlib import Path

__all__ = [
    "CATALOGUE_FORMATS",
    "CATALOGUE_LAYOUTS",
    "FONTS_DIR",
    "PACKAGE_DIR",
    "SAMPLE_CAMPAIGN",
    "SCHEMA_DIR",
    "TEMPLATES_DIR",
    "font",
    "schema",
]


def _data_dir(name: str) -> Path:
    where = files("creative_studio") / name
    if not isinstance(where, Path):  # a zip import: FreeType and Qt cannot open files in it
        raise RuntimeError(
            f"creative_studio/{name} is inside an archive ({where}); install the package unpacked with pip"
        )
    # Resolved, so a checkout's symlink reads as the top-level folder in messages and comparisons.
    return where.resolve()


PACKAGE_DIR = Path(str(files("creative_studio"))).resolve()
TEMPLATES_DIR = _data_dir("templates")
SCHEMA_DIR = TEMPLATES_DIR / "schema"
FONTS_DIR = _data_dir("fonts")
SAMPLE_CAMPAIGN = TEMPLATES_DIR / "stopitnow.yaml"
CATALOGUE_FORMATS = TEMPLATES_DIR / "formats.yaml"
CATALOGUE_LAYOUTS = TEMPLATES_DIR / "layouts.yaml"


def font(relative: str) -> Path:
    """A bundled font by its path under fonts/, e.g. font("noto/NotoSans-Bold.ttf")."""
    return FONTS_DIR / relative


def schema(kind: str) -> Path:
    """The JSON Schema for one kind of template: "formats", "layouts" or "campaign"."""
    return SCHEMA_DIR / f"{kind}.schema.json"
