"""Text: shaping across font runs, fitting a box with balanced line breaks, drawing.

Fitting finds the largest size at which the text fits its box in at most `max_lines` lines, with
the words spread so the lines are as even as possible (the longest line as short as it can be).
Word widths are measured once at a reference size and scaled, then the chosen size is verified
with real measurements, so fitting a slogan costs a few milliseconds at any canvas size.
Text that cannot fit at the minimum size is set at the minimum size and flagged as overflowing:
it is never clipped silently.
"""

from __future__ import annotations

import math
import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from PIL import ImageDraw

from . import fonts

REF_SIZE = 100
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u2028\u2029]")


def clean(text: str) -> str:
    """Normalise what a designer typed: NFC, no control characters, tabs as spaces."""
    text = unicodedata.normalize("NFC", text.replace("\r\n", "\n").replace("\t", " "))
    return _CONTROL.sub("", text)


def is_rtl(text: str) -> bool:
    for ch in text:
        b = unicodedata.bidirectional(ch)
        if b in ("R", "AL"):
            return True
        if b == "L":
            return False
    return False


@lru_cache(maxsize=4096)
def _run_length(text: str, path_str: str, size: int) -> float:
    from pathlib import Path

    f = fonts.font(Path(path_str), size)
    try:
        return float(f.getlength(text, mode="RGBA"))
    except (OSError, ValueError):
        return float(f.getlength(text))


def line_width(text: str, role: str, size: int) -> float:
    rs, _ = fonts.runs(text, role)
    return sum(_run_length(r.text, str(r.path), size) for r in rs)


@lru_cache(maxsize=256)
def metrics(role: str, size: int) -> tuple[int, int]:
    """(ascent, descent) of the role's primary font at `size`."""
    f = fonts.font(fonts.chain_for(role)[0], size)
    a, d = f.getmetrics()
    return a, d


def _words(text: str) -> list[list[str]]:
    """Paragraphs (forced breaks from newlines) of words."""
    return [p.split() for p in text.split("\n") if p.strip()] or [[]]


def _greedy_lines(widths: list[list[float]], space: float, limit: float) -> int:
    """Lines needed when each line may be at most `limit` wide (words never split)."""
    n = 0
    for para in widths:
        if not para:
            n += 1
            continue
        cur = -1.0
        n += 1
        for w in para:
            if cur < 0:
                cur = w
            elif cur + space + w <= limit:
                cur += space + w
            else:
                n += 1
                cur = w
    return n


def _break(words: list[list[str]], widths: list[list[float]], space: float, limit: float) -> list[str]:
    """Break each paragraph into lines no wider than `limit`, as evenly as possible.

    Dynamic programming over break points minimises the sum of squared slack (the last line
    included), so "Get ready to kiss / your freedom goodbye" beats a greedy fill that leaves one
    word dangling. A word wider than the limit gets a line of its own.
    """
    lines: list[str] = []
    for para, ws in zip(words, widths, strict=True):
        n = len(para)
        if n == 0:
            continue
        if n > 60:  # long copy: greedy is good enough and linear
            lines.extend(_greedy_break(para, ws, space, limit))
            continue
        inf = float("inf")
        cost = [inf] * (n + 1)
        nlines = [0] * (n + 1)
        prev = [0] * (n + 1)
        cost[0] = 0.0
        for j in range(1, n + 1):
            w = -space
            for i in range(j - 1, -1, -1):
                w += space + ws[i]
                if w > limit and i < j - 1:
                    break
                slack = max(0.0, limit - w)
                c = cost[i] + slack * slack
                if c < cost[j] - 1e-9 or (abs(c - cost[j]) <= 1e-9 and nlines[i] + 1 < nlines[j]):
                    cost[j], prev[j], nlines[j] = c, i, nlines[i] + 1
        out: list[str] = []
        j = n
        while j > 0:
            i = prev[j]
            out.append(" ".join(para[i:j]))
            j = i
        lines.extend(reversed(out))
    return lines or [""]


def _greedy_break(para: list[str], ws: list[float], space: float, limit: float) -> list[str]:
    lines: list[str] = []
    cur: list[str] = []
    cw = -1.0
    for word, w in zip(para, ws, strict=True):
        if cw < 0:
            cur, cw = [word], w
        elif cw + space + w <= limit:
            cur.append(word)
            cw += space + w
        else:
            lines.append(" ".join(cur))
            cur, cw = [word], w
    if cur:
        lines.append(" ".join(cur))
    return lines


def _min_width_for(widths: list[list[float]], space: float, k: int) -> float:
    """The smallest line-width limit that sets the words in at most k lines (balanced breaks)."""
    flat = [w for p in widths for w in p]
    lo = max(flat, default=0.0)
    hi = sum(flat) + space * max(0, len(flat) - 1) + 1e-6
    if _greedy_lines(widths, space, lo) <= k:
        return lo
    for _ in range(40):
        mid = (lo + hi) / 2
        if _greedy_lines(widths, space, mid) <= k:
            hi = mid
        else:
            lo = mid
        if hi - lo < 0.01:
            break
    return hi


@dataclass(frozen=True)
class Fit:
    size: int
    lines: tuple[str, ...]
    overflow: bool
    line_height: int
    widths: tuple[float, ...]


def fit_text(
    text: str,
    role: str,
    box_w: float,
    box_h: float,
    min_px: int,
    max_px: int,
    max_lines: int,
    line_spacing: float = 1.05,
) -> Fit:
    """Largest size in [min_px, max_px] at which text fits box_w x box_h in <= max_lines lines."""
    text = clean(text)
    min_px = max(1, int(min_px))
    max_px = max(min_px, int(max_px))
    words = _words(text)
    forced = len(words)
    a, d = metrics(role, REF_SIZE)
    lh_unit = (a + d) / REF_SIZE * line_spacing
    ref_widths = [[line_width(w, role, REF_SIZE) for w in p] for p in words]
    space_ref = line_width(" ", role, REF_SIZE) or REF_SIZE * 0.25

    best_size = 0.0
    best_k = forced
    for k in range(forced, max(forced, max_lines) + 1):
        wlim = _min_width_for(ref_widths, space_ref, k)
        by_w = box_w / (wlim / REF_SIZE) if wlim > 0 else math.inf
        by_h = box_h / (k * lh_unit)
        s = min(by_w, by_h, float(max_px))  # capped: fewer lines win once the cap is reached
        if s > best_size * 1.0001:
            best_size, best_k = s, k
    size = int(min(max_px, math.floor(best_size))) if best_size != math.inf else max_px

    def layout(sz: int, k: int) -> tuple[list[str], list[float], int]:
        sw = [[w * sz / REF_SIZE for w in p] for p in ref_widths]
        sp = space_ref * sz / REF_SIZE
        lim = max(_min_width_for(sw, sp, k), 0.0)
        # Words wider than the box still go on their own lines.
        lines = _break(words, sw, sp, max(lim, 1e-6) * 1.0001)
        real = [line_width(ln, role, sz) for ln in lines]
        am, dm = metrics(role, sz)
        return lines, real, max(1, round((am + dm) * line_spacing))

    if size >= min_px:
        # Verify with real measurements (hinting, kerning); step down until it fits.
        for _ in range(12):
            lines, real, lh = layout(size, best_k)
            if (max(real, default=0) <= box_w + 0.5 and len(lines) * lh <= box_h + 0.5) or size <= min_px:
                break
            size = max(min_px, size - max(1, size // 40))
        fits = max(real, default=0) <= box_w + 0.5 and len(lines) * lh <= box_h + 0.5 and len(lines) <= max_lines
        if fits:
            return Fit(size, tuple(lines), False, lh, tuple(real))
    # Overflow: minimum size, greedy breaks at the box width, flagged.
    sz = min_px
    sw = [[w * sz / REF_SIZE for w in p] for p in ref_widths]
    lines = _break(words, sw, space_ref * sz / REF_SIZE, box_w)
    real = [line_width(ln, role, sz) for ln in lines]
    am, dm = metrics(role, sz)
    lh = max(1, round((am + dm) * line_spacing))
    overflow = max(real, default=0) > box_w + 0.5 or len(lines) * lh > box_h + 0.5 or len(lines) > max_lines
    return Fit(sz, tuple(lines), overflow, lh, tuple(real))


def cap_height(role: str, size: int) -> int:
    """Height of a capital H in pixels at `size` (what legibility rules measure)."""
    f = fonts.font(fonts.chain_for(role)[0], size)
    bb = f.getbbox("H", anchor="ls")
    return max(0, -int(bb[1]))  # FreeType boxes are whole pixels


def draw_line(
    draw: ImageDraw.ImageDraw,
    x: float,
    baseline: float,
    text: str,
    role: str,
    size: int,
    fill: str | tuple[int, int, int],
) -> tuple[int, int, int, int] | None:
    """Draw one line starting at x on the baseline; return its ink box (or None when blank)."""
    rs, _ = fonts.runs(clean(text), role)
    if is_rtl(text):
        rs = tuple(reversed(rs))
    box: list[int] | None = None
    cx = x
    for r in rs:
        f = fonts.font(r.path, size)
        kw: dict[str, Any] = {"embedded_color": True} if r.path == fonts.EMOJI_FONT else {}
        try:
            bb = draw.textbbox((cx, baseline), r.text, font=f, anchor="ls", **kw)
            draw.text((cx, baseline), r.text, font=f, fill=fill, anchor="ls", **kw)
        except (OSError, ValueError):
            continue  # a run FreeType refuses (e.g. bitmap-only size) is skipped, not fatal
        bb = (math.floor(bb[0]), math.floor(bb[1]), math.ceil(bb[2]), math.ceil(bb[3]))  # whole pixels
        if bb[2] > bb[0] and bb[3] > bb[1] and r.text.strip():
            box = [min(box[0], bb[0]), min(box[1], bb[1]), max(box[2], bb[2]), max(box[3], bb[3])] if box else list(bb)
        cx += _run_length(r.text, str(r.path), size)
    return (box[0], box[1], box[2], box[3]) if box else None
