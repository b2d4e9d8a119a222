"""The sign-off sheet of a multilingual campaign: one sheet, a section per language, counts per language."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from pathlib import Path

from PIL import Image

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "model"))
from variants_helpers import GD_SLOGAN, multilingual  # noqa: E402

from creative_studio.cli import run  # noqa: E402


def _campaign(tmp_path, monkeypatch) -> Path:
    monkeypatch.setenv("CREATIVE_STUDIO_CACHE", str(tmp_path / "cache"))
    path = multilingual(tmp_path)
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("formats: all", "formats: [google-300x250, google-320x50]", 1), "utf-8")
    return path


def _text(pdf: Path) -> str:
    assert shutil.which("pdftotext"), "the sheet tests read the PDF with pdftotext: install poppler-utils"
    return subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True, check=True).stdout


def test_one_sheet_grouped_by_language(tmp_path, monkeypatch):
    path = _campaign(tmp_path, monkeypatch)
    for lang in ("en", "gd"):
        args = ["review", "set", str(path), "-m", "freedom", "-f", "google-300x250", "--status", "approved"]
        assert run([*args, "--by", "Jane Doe", "-l", lang]) == 0
    pdf = tmp_path / "sheet.pdf"
    assert run(["review", "sheet", str(path), "-o", str(pdf)]) == 0
    text = _text(pdf)
    assert "Languages" in text and "en (default), gd, cy" in text
    assert "3 messages × 2 formats × 3 languages = 18" in text
    # A heading per language, in the campaign's order, each with its own counts.
    heads = re.findall(r"Language (\w+)(?: \(default\))? · (\d+) of (\d+) approved", text)
    assert heads == [("en", "1", "6"), ("gd", "1", "6"), ("cy", "0", "6")]
    # Under each heading its own rows: the Gaelic section shows the Gaelic slogan.
    en, gd, cy = (text.index(f"Language {x}") for x in ("en", "gd", "cy"))
    assert text.index("Get ready to kiss your freedom goodbye", en) < gd
    assert gd < text.index(GD_SLOGAN[:20], gd) < cy
    assert text[en:gd].count("APPROVED") == 1 and text[gd:cy].count("APPROVED") == 1
    assert "APPROVED" not in text[cy:].split("Approval for release")[0]
    assert text.count("Google medium rectangle 300x250") == 9  # a row per message in each language
    assert "en: 1 of 6; gd: 1 of 6; cy: 0 of 6" in text.replace("\n", " ")
    # Cover counts per language (the "By language" table).
    cover = text.split("How to verify")[0]
    assert "By language" in cover
    rows = {m.group(1): m.group(2, 3) for m in re.finditer(r"^\s*(en|gd|cy)\s+(\d+)\s+(\d+)", cover, re.M)}
    assert rows == {"en": ("1", "5"), "gd": ("1", "5"), "cy": ("0", "6")}
    # Rasterised: the pages render, and the rows carry thumbnails.
    subprocess.run(["pdftoppm", "-r", "40", "-png", "-f", "2", "-l", "2", str(pdf), str(tmp_path / "p")], check=True)
    page = Image.open(next(tmp_path.glob("p-*.png"))).convert("RGB")
    assert len(page.getcolors(1 << 24)) > 50  # pictures, not only text


def test_one_language_is_asked_for_with_l(tmp_path, monkeypatch):
    path = _campaign(tmp_path, monkeypatch)
    pdf = tmp_path / "gd.pdf"
    assert run(["review", "sheet", str(path), "-o", str(pdf), "-l", "gd"]) == 0
    text = _text(pdf)
    assert "Sign-off sheet · gd" in text and "Language gd" not in text
    assert text.count("Google medium rectangle 300x250") == 3  # one row per message, in Gaelic only
    assert GD_SLOGAN[:20] in text
