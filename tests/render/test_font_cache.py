"""Font coverage is read from a font's cmap once per font content, then from the on-disk cache."""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import struct
import subprocess
import sys
import zlib
from pathlib import Path

import pytest

from creative_studio.render import fonts

ROOT = Path(__file__).resolve().parents[2]
INTER = fonts.ROLE_FONTS["slogan"]
HEBREW = fonts.FONTS_DIR / "noto" / "NotoSansHebrew-Bold.ttf"


@pytest.fixture
def cache(tmp_path, monkeypatch):
    monkeypatch.setenv("CREATIVE_STUDIO_CACHE", str(tmp_path / "cache"))
    fonts.coverage.cache_clear()
    yield tmp_path / "cache" / "font-coverage"
    fonts.coverage.cache_clear()  # later tests read the real cache again


def _entry(cache: Path, font: Path) -> Path:
    return cache / f"{hashlib.sha256(font.read_bytes()).hexdigest()}.cov"


def _forge(file: Path, points: list[int]) -> None:
    payload = struct.pack(f"<{len(points)}I", *points)
    file.write_bytes(b"CSCOV1\n" + struct.pack("<II", len(points), zlib.crc32(payload)) + payload)


def test_first_read_writes_the_cache_keyed_by_the_font_sha256(cache, tmp_path):
    font = tmp_path / "font.otf"
    shutil.copy(INTER, font)
    points = fonts.coverage(font)
    assert ord("W") in points and ord("?") in points and 0x05D0 not in points
    assert [p.name for p in cache.iterdir()] == [_entry(cache, font).name]


def test_a_later_process_takes_the_coverage_from_the_cache(cache, tmp_path):
    font = tmp_path / "font.otf"
    shutil.copy(INTER, font)
    fonts.coverage(font)
    _forge(_entry(cache, font), [ord("A"), ord("B")])  # what only the cache can say
    fonts.coverage.cache_clear()  # a new process
    assert fonts.coverage(font) == frozenset({ord("A"), ord("B")})


def test_a_changed_font_is_read_afresh(cache, tmp_path):
    font = tmp_path / "font.otf"
    shutil.copy(INTER, font)
    fonts.coverage(font)
    _forge(_entry(cache, font), [ord("A")])
    shutil.copy(HEBREW, font)  # same path, other bytes
    fonts.coverage.cache_clear()
    points = fonts.coverage(font)
    assert 0x05D0 in points and points != frozenset({ord("A")})
    assert _entry(cache, font).exists() and len(list(cache.iterdir())) == 2


@pytest.mark.parametrize(
    "damage",
    [
        lambda b: b[:-3],  # truncated
        lambda b: b[:20] + bytes([b[20] ^ 0xFF]) + b[21:],  # a flipped byte (crc fails)
        lambda b: b"garbage",
        lambda b: b"",
    ],
)
def test_a_damaged_cache_file_is_ignored_and_rebuilt(cache, tmp_path, damage):
    font = tmp_path / "font.otf"
    shutil.copy(INTER, font)
    good = fonts.coverage(font)
    entry = _entry(cache, font)
    intact = entry.read_bytes()
    entry.write_bytes(damage(intact))
    fonts.coverage.cache_clear()
    assert fonts.coverage(font) == good
    assert entry.read_bytes() == intact


def test_an_unwritable_cache_folder_still_gives_the_coverage(tmp_path, monkeypatch):
    blocker = tmp_path / "file"
    blocker.write_text("not a folder")
    monkeypatch.setenv("CREATIVE_STUDIO_CACHE", str(blocker / "cache"))
    fonts.coverage.cache_clear()
    try:
        assert ord("W") in fonts.coverage(INTER)
    finally:
        fonts.coverage.cache_clear()


def test_a_missing_font_says_how_to_fix_it(cache, tmp_path):
    with pytest.raises(fonts.FontMissingError, match="restore the fonts/ folder"):
        fonts.coverage(tmp_path / "gone.otf")


_PROBE = """
import json, sys
from creative_studio.cli import main
try:
    code = main(sys.argv[1:])
except SystemExit as e:
    code = e.code
print(json.dumps({"code": code, "modules": sorted({m.split(".")[0] for m in sys.modules})}))
"""


def test_render_loads_no_pdf_qt_or_font_tooling(tmp_path):
    """`render` needs Pillow and the model: no PDF, Qt or font tooling, no process pool, and no
    schema checker once cached."""
    env = {**os.environ, "CREATIVE_STUDIO_CACHE": str(tmp_path / "cache"), "PYTHONPATH": str(ROOT)}
    cmd = [sys.executable, "-c", _PROBE, "render", str(ROOT / "templates" / "stopitnow.yaml")]
    cmd += ["-m", "employ", "-f", "snapchat-snap-ad", "-o", str(tmp_path / "out.png")]
    first = json.loads(subprocess.run(cmd, env=env, capture_output=True, text=True, check=True).stdout.splitlines()[-1])
    second = json.loads(
        subprocess.run(cmd, env=env, capture_output=True, text=True, check=True).stdout.splitlines()[-1]
    )
    assert first["code"] == second["code"] == 0
    assert "fontTools" in first["modules"]  # the first run reads the cmaps ...
    loaded = set(second["modules"])  # ... the next one does not
    unneeded = {"fontTools", "uharfbuzz", "jsonschema", "reportlab", "PySide6", "shiboken6", "pikepdf"}
    # No worker pool either: export's and the review's pools start elsewhere, the face's helper
    # thread only for print-size faces.
    unneeded |= {"multiprocessing", "concurrent"}
    assert loaded.isdisjoint(unneeded), loaded & unneeded
    assert (tmp_path / "out.png").read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
