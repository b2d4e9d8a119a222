"""The bundled fonts, and which one draws each character.

Fonts come only from the repository's `fonts/` folder, never from the system, so a render is the
same on every machine (and the same bytes a reviewer approved). Each text role has a chain: its
display face first, then Noto faces for scripts Inter lacks, then the colour emoji font.
"""

from __future__ import annotations

import hashlib
import struct
import sys
import unicodedata
import zlib
from array import array
from dataclasses import dataclass
from functools import cache, lru_cache
from pathlib import Path

from PIL import ImageFont, features

from ..base import cache as disk_cache
from ..base import resources
from ..model.platforms import registry

FONTS_DIR = resources.FONTS_DIR

EMOJI_FONT = FONTS_DIR / "twemoji" / "CreativeStudioEmoji.ttf"
_FALLBACKS = (
    FONTS_DIR / "noto" / "NotoSans-Bold.ttf",
    FONTS_DIR / "noto" / "NotoSansArabic-Bold.ttf",
    FONTS_DIR / "noto" / "NotoSansHebrew-Bold.ttf",
    FONTS_DIR / "noto" / "NotoSansDevanagari-Bold.ttf",
    FONTS_DIR / "noto" / "NotoSansThai-Bold.ttf",
)
# The text roles' fonts come from the platform registry (templates/platforms.yaml text_roles);
# "ui" and "body" are the mockups' own chrome.
ROLE_FONTS = {
    **{r.id: FONTS_DIR / r.font for r in registry().text_roles},
    "ui": FONTS_DIR / "inter" / "Inter-SemiBold.otf",
    "body": FONTS_DIR / "inter" / "Inter-Regular.otf",
}

HAS_RAQM = features.check("raqm")
LAYOUT_ENGINE = ImageFont.Layout.RAQM if HAS_RAQM else ImageFont.Layout.BASIC

ZWJ = "\u200d"
_VS = {"\ufe0e", "\ufe0f"}


class FontMissingError(Exception):
    """A font file the engine needs is not in fonts/ (a broken checkout)."""


def chain_for(role: str) -> tuple[Path, ...]:
    return (ROLE_FONTS.get(role, ROLE_FONTS["body"]), *_FALLBACKS, EMOJI_FONT)


# -- coverage, cached on disk ------------------------------------------------------------------
# Reading a cmap with fontTools costs ~30 ms per font plus ~40 ms to import fontTools, on every
# process start (each CLI run, each worker). The code points a font maps are a function of its
# bytes, so they are stored once per font content, keyed by its sha256, in the user cache folder:
# a changed font has another hash and is read afresh; a damaged cache file is ignored and rebuilt.
_COVERAGE_MAGIC = b"CSCOV1\n"
_COVERAGE_HEADER = struct.Struct("<II")  # count of code points, crc32 of the payload


def _read_cached(digest: str) -> frozenset[int] | None:
    data = disk_cache.read("font-coverage", f"{digest}.cov")
    if data is None:
        return None
    head = len(_COVERAGE_MAGIC) + _COVERAGE_HEADER.size
    if len(data) < head or not data.startswith(_COVERAGE_MAGIC):
        return None
    count, crc = _COVERAGE_HEADER.unpack_from(data, len(_COVERAGE_MAGIC))
    payload = data[head:]
    if len(payload) != count * 4 or zlib.crc32(payload) != crc:
        return None
    points = array("I")  # 4 bytes on every platform CPython supports
    points.frombytes(payload)
    if sys.byteorder == "big":
        points.byteswap()
    return frozenset(points)


def _write_cached(digest: str, points: frozenset[int]) -> None:
    arr = array("I", sorted(points))
    if sys.byteorder == "big":
        arr.byteswap()
    payload = arr.tobytes()
    header = _COVERAGE_MAGIC + _COVERAGE_HEADER.pack(len(arr), zlib.crc32(payload))
    disk_cache.write("font-coverage", f"{digest}.cov", header + payload)


def _read_cmap(path: Path) -> frozenset[int]:
    from fontTools.ttLib import TTFont

    with TTFont(path, lazy=True) as tt:
        return frozenset(tt.getBestCmap() or {})


@cache
def coverage(path: Path) -> frozenset[int]:
    """Code points the font maps: read from its cmap once per font content, then from the cache."""
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        raise FontMissingError(f"{path}: font file missing; restore the fonts/ folder from the repository") from None
    digest = hashlib.sha256(data).hexdigest()
    points = _read_cached(digest)
    if points is None:
        points = _read_cmap(path)
        _write_cached(digest, points)
    return points


def font(path: Path, size: float) -> ImageFont.FreeTypeFont:
    """The font at `size` px; fractional sizes are kept (in 1/64 px, FreeType's unit), so a
    line drawn at 0.25 x of a 37 px size is 9.25 px, not 9: layout is the same at every scale."""
    return _font(path, max(1 / 64, round(float(size) * 64) / 64))


@lru_cache(maxsize=1024)
def _font(path: Path, size: float) -> ImageFont.FreeTypeFont:
    if not path.exists():
        raise FontMissingError(f"{path}: font file missing; restore the fonts/ folder from the repository")
    return ImageFont.truetype(str(path), size if size != int(size) else int(size), layout_engine=LAYOUT_ENGINE)


def _is_mark(ch: str) -> bool:
    return (
        unicodedata.category(ch) in ("Mn", "Me", "Mc")
        or ch in _VS
        or 0xE0020 <= ord(ch) <= 0xE007F
        or 0x1F3FB <= ord(ch) <= 0x1F3FF
    )


def clusters(text: str) -> list[str]:
    """Split text into user-perceived characters: base + marks, emoji ZWJ sequences, flag pairs."""
    out: list[str] = []
    i = 0
    n = len(text)
    while i < n:
        j = i + 1
        ri = 0x1F1E6 <= ord(text[i]) <= 0x1F1FF
        while j < n:
            ch = text[j]
            if _is_mark(ch):
                j += 1
            elif ch == ZWJ:
                j += 2 if j + 1 < n else 1
            elif ri and 0x1F1E6 <= ord(ch) <= 0x1F1FF and j == i + 1:
                j += 1
            else:
                break
        out.append(text[i:j])
        i = j
    return out


def _wants_emoji(cluster: str) -> bool:
    cp = ord(cluster[0])
    return "\ufe0f" in cluster or ZWJ in cluster or cp >= 0x1F000 or (0x2600 <= cp <= 0x27BF and len(cluster) > 1)


def pick_font(cluster: str, chain: tuple[Path, ...]) -> Path | None:
    """The first font of the chain that can draw the cluster's base character, or None."""
    cp = ord(cluster[0])
    if _wants_emoji(cluster) and cp in coverage(EMOJI_FONT):
        return EMOJI_FONT
    for path in chain:
        if cp in coverage(path):
            return path
    return None


@dataclass(frozen=True)
class Run:
    text: str
    path: Path


@lru_cache(maxsize=8192)
def runs(text: str, role: str) -> tuple[tuple[Run, ...], tuple[str, ...]]:
    """Split text into runs of one font each; also return clusters no bundled font can draw.

    Characters no font has are kept in the primary font's run (they draw as a box, which the
    missing-glyph check reports) so nothing is silently dropped.
    """
    chain = chain_for(role)
    out: list[Run] = []
    missing: list[str] = []
    for cl in clusters(text):
        path = pick_font(cl, chain)
        if path is None:
            if not cl.isspace():
                missing.append(cl)
            path = out[-1].path if out else chain[0]
        if cl.isspace() and out and out[-1].path != EMOJI_FONT:
            path = out[-1].path  # spaces join the text run before them: fewer, longer runs
        elif cl.isspace():
            path = chain[0]  # the emoji font has no space glyph
        if out and out[-1].path == path:
            out[-1] = Run(out[-1].text + cl, path)
        else:
            out.append(Run(cl, path))
    return tuple(out), tuple(missing)


def missing_glyphs(text: str) -> tuple[str, ...]:
    """Clusters of `text` that no bundled font can draw."""
    return runs(text, "slogan")[1]
