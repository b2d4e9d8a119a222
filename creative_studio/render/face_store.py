"""Face facts kept across processes: the crack network, the glyph's ink extent, finished stills.

A fresh process (each `render`, each export worker) would otherwise generate the same crack
network (~15 ms), draw the emoji at 512 px to measure its ink (~15 ms) and rasterise the same
face (~60 ms at Snap-ad size) that the previous run made. All three are functions of their
arguments, the face code and the libraries, so they are kept in the user cache
(:mod:`..base.cache`: atomic, checksummed, rebuilt when damaged) under a key that hashes:

* the source of every face module (an edited crack generator or rasteriser has other keys),
* the Python, Pillow, FreeType, HarfBuzz, raqm and fribidi versions (float maths, resampling,
  glyph rasterisation and shaping),
* for anything drawn from the emoji font, the font file's sha256,
* and the arguments themselves.

So a stale entry is never read; a cached still is byte for byte the image the renderer makes.
Stills are kept only on keyframes (whole crack stages: animation in-betweens are each drawn
once) and at 256..1200 px (smaller ones cost less to draw than to read; larger ones are print
size and would take megabytes each), at most ``MAX_STILLS`` of them, least recently used first
out. Without a readable source (a bytecode-only install) nothing is kept: only time is lost.
"""

from __future__ import annotations

import hashlib
import marshal
import struct
import sys
import zlib
from collections.abc import Callable
from functools import cache
from pathlib import Path

from PIL import Image

from ..base import cache as disk_cache
from .face_geometry import Crack, Fragment, Network

# Every face module (each decides pixels of the face or of its ring; this one what is read back).
_SOURCES = (
    "face.py",
    "face_cracks.py",
    "face_edge.py",
    "face_geometry.py",
    "face_glyph.py",
    "face_progress.py",
    "face_store.py",
)
NETWORKS, INKS, STILLS = "face-network", "face-ink", "face-still"
MAX_STILLS = 200
#: False: nothing is read or written (the face tests use it to exercise the renderer itself).
ENABLED = True
STILL_SIDES = (256, 1200)
_STILL_HEAD = struct.Struct("<4sII")  # mode, width, height (then the zlib-compressed pixels)


@cache
def engine_key() -> str | None:
    """Hash of the face code and the libraries that draw it; None when the source is unreadable."""
    from PIL import Image, _imagingft

    h = hashlib.sha256(f"py {sys.version} pillow {Image.__version__}\0".encode())
    libs = ("freetype2_version", "harfbuzz_version", "raqm_version", "fribidi_version")
    h.update(repr([getattr(_imagingft, name, None) for name in libs]).encode())
    here = Path(__file__).parent
    try:
        for name in _SOURCES:
            h.update(name.encode() + b"\0" + (here / name).read_bytes() + b"\0")
    except OSError:
        return None
    return h.hexdigest()


@cache
def _font_sha256(path: Path) -> str | None:
    try:
        return hashlib.sha256(path.read_bytes()).hexdigest()
    except OSError:
        return None


def _key(*parts: object) -> str | None:
    if not ENABLED:
        return None
    code = engine_key()
    if code is None or any(p is None for p in parts):
        return None
    return hashlib.sha256(repr((code, *parts)).encode()).hexdigest()


# -- the crack network (marshal: plain tuples of floats and ints, as Python's own bytecode cache) --


def _network_to_data(net: Network) -> tuple:
    cracks = tuple((c.points, c.width, c.tip, c.reach, c.side, c.floor, c.rough, c.rank, c.parents) for c in net.cracks)
    frags = tuple((f.polygon, f.centre, f.shift, f.angle, f.shade) for f in net.fragments)
    return (net.impact, cracks, net.crush, net.pit, net.chips, frags, net.starts)


def _network_from_data(data: tuple) -> Network:
    impact, cracks, crush, pit, chips, frags, starts = data
    return Network(
        impact,
        tuple(Crack(*c) for c in cracks),
        crush,
        pit,
        chips,
        tuple(Fragment(*f) for f in frags),
        starts,
    )


def network(seed: int, make: Callable[[int], Network]) -> Network:
    """``make(seed)``, or the network an earlier process made for this seed and code."""
    key = _key("network", seed)
    if key is not None and (payload := disk_cache.read_checked(NETWORKS, key)) is not None:
        try:
            return _network_from_data(marshal.loads(payload))
        except (ValueError, TypeError, EOFError):
            pass  # written by another layout: make it afresh below
    net = make(seed)
    if key is not None:
        disk_cache.write_checked(NETWORKS, key, marshal.dumps(_network_to_data(net), 4))
    return net


# -- the glyph's ink: its extent per font pixel, and the box of a face's art ----------------------


def ink_fraction(emoji: str, font: Path, make: Callable[[str], float]) -> float:
    """``make(emoji)``: the glyph's ink extent per pixel of font size, or an earlier process's."""
    key = _key("ink", emoji, _font_sha256(font))
    if key is not None and (payload := disk_cache.read_checked(INKS, key)) is not None and len(payload) == 8:
        return struct.unpack("<d", payload)[0]
    value = make(emoji)
    if key is not None:
        disk_cache.write_checked(INKS, key, struct.pack("<d", value))
    return value


def ink_box(key_parts: tuple, font: Path, make: Callable[[], tuple[float, ...]]) -> tuple[float, float, float, float]:
    """``make()``: where a face's art lies in its square (four shares of the side), or the same
    four floats an earlier process measured."""
    key = _key("box", *key_parts, _font_sha256(font))
    if key is not None and (payload := disk_cache.read_checked(INKS, key)) is not None and len(payload) == 32:
        return struct.unpack("<4d", payload)
    x0, y0, x1, y1 = make()
    if key is not None:
        disk_cache.write_checked(INKS, key, struct.pack("<4d", x0, y0, x1, y1))
    return x0, y0, x1, y1


# -- finished stills ------------------------------------------------------------------------------


def keeps_still(size: int, progress: float) -> bool:
    return STILL_SIDES[0] <= size <= STILL_SIDES[1] and progress == int(progress)


def still(key_parts: tuple, font: Path, make: Callable[[], Image.Image]) -> Image.Image:
    """``make()``: a face image, or the identical one an earlier process made (see the module)."""
    key = _key("still", *key_parts, _font_sha256(font))
    if key is not None and (im := _read_still(key)) is not None:
        disk_cache.touch(STILLS, key)
        return im
    im = make()
    if key is not None and im.mode in ("RGBA", "RGB", "L"):
        head = _STILL_HEAD.pack(im.mode.encode().ljust(4), im.width, im.height)
        disk_cache.write_checked(STILLS, key, head + zlib.compress(im.tobytes(), 1), keep=MAX_STILLS)
    return im


def _read_still(key: str) -> Image.Image | None:
    payload = disk_cache.read_checked(STILLS, key)
    if payload is None or len(payload) < _STILL_HEAD.size:
        return None
    mode_b, w, h = _STILL_HEAD.unpack_from(payload)
    mode = mode_b.rstrip().decode("ascii", "replace")
    if mode not in ("RGBA", "RGB", "L"):
        return None
    try:
        raw = zlib.decompress(payload[_STILL_HEAD.size :])
    except zlib.error:
        return None
    if len(raw) != w * h * len(mode):
        return None
    return Image.frombytes(mode, (w, h), raw)
