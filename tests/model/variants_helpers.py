"""A multilingual copy of the sample campaign for the variants and copy-deck tests."""

from __future__ import annotations

import shutil
from pathlib import Path

from creative_studio.model.loader import TEMPLATES_DIR

GD_SLOGAN = "Bi deiseil airson soraidh slàn a leigeil le do shaorsa"
GD_SHORT = "Soraidh slàn le do shaorsa"
EN_SHORT = "Kiss your freedom goodbye"


def copy_sample(folder: Path, name: str = "stopitnow.yaml") -> Path:
    """The sample campaign and its catalogue, copied into `folder`."""
    for f in ("formats.yaml", "layouts.yaml"):
        shutil.copy(TEMPLATES_DIR / f, folder / f)
    shutil.copy(TEMPLATES_DIR / "stopitnow.yaml", folder / name)
    return folder / name


def multilingual(folder: Path, extra: str = "") -> Path:
    """English, Gaelic and Welsh; an outdoor slogan and a Google 300x250 call to action for freedom."""
    path = copy_sample(folder, "multi.yaml")
    text = path.read_text(encoding="utf-8")
    text = text.replace(
        '  name: "#StopItNow: online grooming"\n',
        '  name: "#StopItNow: online grooming"\n  languages: [en, gd, cy]\n',
    )
    text = text.replace(
        "  brand_name: Police Scotland", "  brand_name: {en: Police Scotland, gd: Poileas Alba, cy: Heddlu'r Alban}"
    )
    text = text.replace(
        "    slogan: Get ready to kiss your freedom goodbye\n",
        "    slogan:\n"
        "      en: Get ready to kiss your freedom goodbye\n"
        f"      gd: {GD_SLOGAN}\n"
        "      cy: Byddwch yn barod i ffarwelio â'ch rhyddid\n"
        "    overrides:\n"
        "      platform:outdoor:\n"
        f"        slogan: {{en: {EN_SHORT}, gd: {GD_SHORT}}}\n"
        "      format:google-300x250:\n"
        "        cta_short: Get help now\n",
    )
    text = text.replace(
        '  cta_short: "Get help: Stop It Now!"',
        '  cta_short: {en: "Get help: Stop It Now!", gd: "Faigh cuideachadh: Stop It Now!", '
        'cy: "Cael help: Stop It Now!"}',
    )
    path.write_text(text + extra, encoding="utf-8")
    return path
