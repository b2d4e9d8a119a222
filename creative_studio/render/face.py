"""Render the campaign's emoji face, intact or cracked, at any instant of its cracking.

The #StopItNow creative is a yellow emoji face that cracks a little more with each message.
:func:`render_face` draws it at any size (40 px to 4000 px and beyond) from the bundled vector
COLR font, so every size is rasterised natively and stays sharp.

The work is split by kind:

* :mod:`.face_geometry`: the crack network as pure data (polylines with widths, ranks and
  birth times, in face-relative units, from a seed), the continuous progression between the
  stages and the level of detail.  No pixels.
* :mod:`.face_cracks`: rasterising that network (grooves, highlights, depth, chips, shards).
* :mod:`.face_glyph`: the emoji from the COLR font.
* :mod:`.face_edge`: the face's silhouette ring (the optional outline or shadow, and what the
  ``face-contrast`` check samples).
* :mod:`.face_store`: what survives the process (networks, ink extents, stills) in the user cache.
* this module: the public API, the caches and the helper thread for big faces.

Why one network per seed, in unit coordinates: a 40 px and a 4000 px render show the same art,
and every stage is the continuation of the previous one, so the campaign reads as one face
cracking further rather than four unrelated pictures; any instant between two stages can be
drawn for motion.
"""

from __future__ import annotations

import functools
import math
import os
import threading
from collections import OrderedDict
from typing import TYPE_CHECKING

from PIL import Image

from ..model.types import Format
from . import face_edge, face_geometry, face_glyph, face_store
from .face_cracks import apply_cracks, chips, crack_layers, depth, moved, punch, shatter
from .face_geometry import MARGIN, MAX_STAGE
from .face_glyph import FONT_PATH, check_glyphs, glyph
from .face_progress import check_progress, level_of_detail, progress_state

if TYPE_CHECKING:  # the thread pool is made (and concurrent.futures imported) for the first big face
    from concurrent.futures import ThreadPoolExecutor

__all__ = ["FONT_PATH", "MARGIN", "MAX_STAGE", "clear_caches", "ink_box", "render_face", "visible_crack_px"]

#: Sizes outside this range are refused: a 16384 px face is already a 1 GiB RGBA image.
_MIN_SIZE, _MAX_SIZE = 1, 16384

# ----------------------------------------------------------------------------- caches


class _ImageCache:
    """LRU cache of images bounded by entry count *and* bytes.

    A plain ``lru_cache(maxsize=64)`` could pin 64 x 64 MB at 4000 px; the byte
    budget keeps big renders from eating the desktop's memory.
    """

    def __init__(self, max_items: int, max_bytes: int) -> None:
        self._items: OrderedDict[tuple, Image.Image] = OrderedDict()
        self._bytes = 0
        self._max_items, self._max_bytes = max_items, max_bytes
        self._lock = threading.Lock()

    def get(self, key: tuple) -> Image.Image | None:
        with self._lock:
            im = self._items.get(key)
            if im is not None:
                self._items.move_to_end(key)
            return im

    def put(self, key: tuple, im: Image.Image) -> None:
        cost = im.width * im.height * 4
        if cost > self._max_bytes:
            return
        with self._lock:
            if key in self._items:
                return
            self._items[key] = im
            self._bytes += cost
            while len(self._items) > self._max_items or self._bytes > self._max_bytes:
                _, old = self._items.popitem(last=False)
                self._bytes -= old.width * old.height * 4

    def clear(self) -> None:
        with self._lock:
            self._items.clear()
            self._bytes = 0


_renders = _ImageCache(max_items=64, max_bytes=512 * 2**20)
_glyphs = _ImageCache(max_items=16, max_bytes=256 * 2**20)


def clear_caches() -> None:
    """Forget cached renders, glyphs and crack networks in this process (tests, memory pressure).

    The user cache on disk (:mod:`.face_store`) is kept: its entries cannot go stale."""
    _renders.clear()
    _glyphs.clear()
    network.cache_clear()
    face_geometry.network.cache_clear()
    face_edge.clear_caches()


# ------------------------------------------------------------------------- viewing distance

#: 1 arcminute, the finest detail normal (20/20) vision resolves.
ARCMINUTE = math.radians(1 / 60)
#: The groove's anti-aliased edges are lighter than its centre: aim a little above the limit so
#: the *visible* width reaches it.
_VISIBLE_MARGIN = 1.15


def visible_crack_px(fmt: Format, scale: float) -> float:
    """Thinnest crack, in pixels of a render at ``scale``, that can be seen on the printed poster.

    1 arcminute at the format's nearest viewing distance, at full physical size, converted with
    the poster's millimetres per artwork pixel.  0.0 for formats that are not print or have no
    viewing distance (screens: the face's pixel size alone decides the detail).
    """
    spec, dist = fmt.print_spec, fmt.viewing_distance_m
    if spec is None or not dist or fmt.width <= 0:
        return 0.0
    mm_per_px = spec.width_mm / fmt.width
    arcmin_mm = min(dist) * 1000.0 * math.tan(ARCMINUTE)
    return _VISIBLE_MARGIN * arcmin_mm / mm_per_px * scale


# ------------------------------------------------------------------------------------- API


def _validate(emoji: str, size: int, crack_stage: int, seed: int) -> None:
    if not isinstance(emoji, str) or not emoji:
        raise ValueError("emoji must be a non-empty string")
    if isinstance(size, bool) or not isinstance(size, int) or not _MIN_SIZE <= size <= _MAX_SIZE:
        raise ValueError(f"size must be an int in {_MIN_SIZE}..{_MAX_SIZE}, got {size!r}")
    if isinstance(crack_stage, bool) or not isinstance(crack_stage, int) or not 0 <= crack_stage <= MAX_STAGE:
        raise ValueError(f"crack_stage must be an int in 0..{MAX_STAGE}, got {crack_stage!r}")
    if isinstance(seed, bool) or not isinstance(seed, int):
        raise ValueError(f"seed must be an int, got {seed!r}")


_PARALLEL_FROM = 1000  # px; below this a thread hand-off costs more than it saves
_worker: ThreadPoolExecutor | None = None
_worker_lock = threading.Lock()


def _background() -> ThreadPoolExecutor:
    global _worker
    with _worker_lock:
        if _worker is None:
            from concurrent.futures import ThreadPoolExecutor

            _worker = ThreadPoolExecutor(max_workers=1, thread_name_prefix="face-glyph")
        return _worker


def _after_fork_in_child() -> None:
    """A forked child inherits the pool object but not its thread (work sent to it would wait
    forever) and may inherit locks held by threads that no longer exist: start afresh.
    (The font lock is reset by :mod:`.face_glyph`'s own handler.)"""
    global _worker, _worker_lock
    _worker = None
    _worker_lock = threading.Lock()
    for cache in (_renders, _glyphs):
        cache._lock = threading.Lock()


os.register_at_fork(after_in_child=_after_fork_in_child)


@functools.lru_cache(maxsize=64)
def network(seed: int) -> face_geometry.Network:
    """The crack network for ``seed``: made once per process, read from the user cache if an
    earlier process made it (see :mod:`.face_store`)."""
    return face_store.network(seed, face_geometry.network)


# Faces larger than this are print-size: an export worker draws each once, so caching them would
# only hold memory (a 3000 px face is 36 MB; a 96-sheet export must stay near 2.5 frames of RAM).
_CACHE_MAX_SIDE = 1200


def _cached_glyph(emoji: str, size: int) -> Image.Image:
    """The glyph, shared (callers copy it) up to _CACHE_MAX_SIDE; a private one above."""
    if size > _CACHE_MAX_SIDE:
        return glyph(emoji, size)
    face = _glyphs.get((emoji, size))
    if face is None:
        face = glyph(emoji, size)
        _glyphs.put((emoji, size), face)
    return face


def _own(im: Image.Image, size: int) -> Image.Image:
    """A glyph the caller may draw on: cached ones are copied, private ones are used as they are."""
    return im.copy() if size <= _CACHE_MAX_SIDE else im


def _render(emoji: str, size: int, progress: float, seed: int, min_px: float) -> Image.Image:
    """Uncached render (see :func:`render_face`).

    The crack masks do not depend on the glyph, and FreeType releases the GIL while
    it rasterises, so for big renders the glyph is drawn on a worker thread while
    this thread draws the cracks (about 0.2 s saved at 4000 px on two cores).
    """
    if progress == 0.0:
        return _own(_cached_glyph(emoji, size), size)
    check_glyphs(emoji)  # fail fast, before any work is queued
    pending = None
    if size >= _PARALLEL_FROM and (size > _CACHE_MAX_SIDE or _glyphs.get((emoji, size)) is None):
        pending = _background().submit(_cached_glyph, emoji, size)
    net = network(seed)
    state = progress_state(net, progress)
    layers = crack_layers(net, size, state, level_of_detail(size, min_px))
    face = _own(pending.result() if pending is not None else _cached_glyph(emoji, size), size)
    apply_cracks(face, layers)
    if state.shatter <= 0:
        return face
    under = depth(face.getchannel("A"))
    punch(face, chips(net, state), size)
    return shatter(face, [moved(f, state.shatter) for f in net.fragments], size, under)


def render_face(
    emoji: str,
    size: int,
    crack_stage: int,
    seed: int,
    *,
    progress: float | None = None,
    min_crack_px: float = 0.0,
) -> Image.Image:
    """Render ``emoji`` as the campaign face: RGBA, exactly ``size`` x ``size``.

    Transparent outside the face.  ``crack_stage`` 0 is the intact emoji; 1 adds one
    or two hairline cracks from an impact near the top right; 2 a full crack network
    with branches and a crushed impact; 3 shatters the face into slightly drifted,
    rotated fragments with chips missing.  The same ``seed`` gives the same crack
    network at every size and each stage grows from the previous one; identical
    arguments always give identical pixels.

    ``progress`` (0.0 .. 3.0) draws any instant of the cracking instead of the stage: the
    stages are its keyframes (progress 2.0 is exactly stage 2), and crack ink only grows
    with it.  ``min_crack_px`` is the thinnest crack (output pixels) a viewer can see, from
    :func:`visible_crack_px` for print; small faces draw fewer, thinner cracks whatever it is.

    Results up to 1200 px are cached (bounded by count and memory); a fresh copy is
    returned, so callers may modify it. Larger (print-size) faces are not kept.

    Raises ValueError for arguments out of range or if the emoji font has no glyph for
    a character of ``emoji``.
    """
    _validate(emoji, size, crack_stage, seed)
    p = float(crack_stage) if progress is None else check_progress(progress)
    if not isinstance(min_crack_px, int | float) or not math.isfinite(min_crack_px) or min_crack_px < 0:
        raise ValueError(f"min_crack_px must be a number >= 0, got {min_crack_px!r}")
    min_px = round(float(min_crack_px), 3)  # the key and the pixels use the same value
    if size > _CACHE_MAX_SIDE:
        return _render(emoji, size, p, seed, min_px)  # print size: made once, not kept
    key = (emoji, size, p, seed, min_px)
    im = _renders.get(key)
    if im is None:
        if face_store.keeps_still(size, p):
            im = face_store.still(key, face_glyph.FONT_PATH, lambda: _render(emoji, size, p, seed, min_px))
        else:
            im = _render(emoji, size, p, seed, min_px)
        _renders.put(key, im)
    return im.copy()


_INK_PX = 160  # measured on a small render: the box is a share of the side, exact enough there


def ink_box(emoji: str, crack_stage: int, seed: int) -> tuple[float, float, float, float]:
    """Where the face's art is inside its square, as shares of the side (x0, y0, x1, y1).

    Emoji whose art leaves the disc (a cowboy hat, raised hands) reach further than a smiley.
    Measured once per emoji, stage, seed and font, then read from the user cache.
    """

    def measure() -> tuple[float, float, float, float]:
        n = _INK_PX
        im = render_face(emoji, n, crack_stage, seed)
        bb = im.getchannel("A").point(lambda v: 255 if v > 24 else 0).getbbox() or (0, 0, n, n)
        return bb[0] / n, bb[1] / n, bb[2] / n, bb[3] / n

    return face_store.ink_box((emoji, crack_stage, seed, _INK_PX), face_glyph.FONT_PATH, measure)
