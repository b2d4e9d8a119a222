"""Text: fitting a box as a typesetter would, and drawing lines at any scale.

Fitting finds the largest size at which the text fits its box in at most `max_lines` lines. The
break opportunities come from Unicode line breaking (ICU, see linebreak.py) minus the ones a
designer would refuse (inside a phone number, between a number and its unit, before a dash,
inside a `keep_together` phrase); the designer's own newlines always break. Among the allowed
breaks a dynamic programme picks the most even lines (the squared deviation from the mean line
length over all break choices), prefers line ends after sentence and clause punctuation, and
keeps a short word from sitting alone on the last line when another break exists.

The engine fits in format units (the format at full size), so a thumbnail, the preview and the
export break every line identically; only the drawing scales. Text that cannot fit at the
minimum size is set at the minimum size in as many lines as the box holds, the last one cut
with an ellipsis, and flagged as overflowing: nothing is drawn outside the box.

Word widths are measured once at a reference size and scaled; the chosen size is verified with
real measurements, so fitting costs a few milliseconds at any canvas size, and a fit is cached:
re-rendering the same copy at another scale does no fitting at all.
"""

from __future__ import annotations

import math
import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from PIL import Image, ImageDraw

from . import fonts, linebreak

REF_SIZE = 100
FEWER_LINES_GAIN = 1.04  # one more line must buy at least 4 % more size to be worth it
RUNT_PENALTY = 1.0
SHAPE_SLACK = 1.06
RUNT_SIZE = 0.8  # a layout with a runt is judged as if its type were 20 % smaller
BREAK_WEIGHT = 0.1  # cost of a plain word break over one after a full stop (a clause: 0.3 of it)
SMALL_PX = 16.0  # below this render size, lines are drawn supersampled for even spacing
SUPERSAMPLE = 4
ELLIPSIS = "\u2026"
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u2028\u2029]")
_SPACES = re.compile(r"[ \t]+")
_SCRATCH = ImageDraw.Draw(Image.new("RGB", (1, 1)))  # measures ink boxes; never drawn on


def clean(text: str) -> str:
    """Normalise what a designer typed: NFC, no control characters, tabs as spaces."""
    text = unicodedata.normalize("NFC", text.replace("\r\n", "\n").replace("\t", " "))
    return _CONTROL.sub("", text)


def is_rtl(text: str) -> bool:
    """The paragraph direction of `text` (UAX #9: its first strong character)."""
    return bool(text) and linebreak.base_rtl(text)


def _q(size: float) -> float:
    """Font sizes in 1/64 px steps (FreeType's unit), so caches see few distinct keys."""
    return max(1 / 64, round(size * 64) / 64)


@lru_cache(maxsize=8192)
def _run_length(text: str, path_str: str, size: float, rtl: bool = False) -> float:
    from pathlib import Path

    f = fonts.font(Path(path_str), size)
    kw: dict = {"direction": "rtl"} if rtl and fonts.HAS_RAQM else {}
    try:
        return float(f.getlength(text, mode="RGBA", **kw))
    except (OSError, ValueError):
        try:
            return float(f.getlength(text))
        except (OSError, ValueError):
            return 0.55 * size * len(text)


def line_width(text: str, role: str, size: float) -> float:
    rs, _ = fonts.runs(text, role)
    return sum(_run_length(r.text, str(r.path), _q(size)) for r in rs)


@lru_cache(maxsize=512)
def metrics(role: str, size: float) -> tuple[float, float]:
    """(ascent, descent) of the role's primary font at `size`."""
    f = fonts.font(fonts.chain_for(role)[0], _q(size))
    a, d = f.getmetrics()
    return float(a), float(d)


@lru_cache(maxsize=4096)
def _ref_metrics(text: str, role: str) -> tuple[float, float]:
    a, d = metrics(role, REF_SIZE)
    rs, _ = fonts.runs(text, role)
    primary = fonts.chain_for(role)[0]
    for r in rs:
        if r.path == primary or not r.text.strip():
            continue
        try:
            kw: dict = {"embedded_color": True} if r.path == fonts.EMOJI_FONT else {}
            bb = _SCRATCH.textbbox((0, 0), r.text, font=fonts.font(r.path, REF_SIZE), anchor="ls", **kw)
        except (OSError, ValueError):
            continue
        a, d = max(a, -bb[1]), max(d, bb[3])
    return a, d


def text_metrics(text: str, role: str, size: float) -> tuple[float, float]:
    """(ascent, descent) for a line of `text` at `size`: the role font's, widened to the ink of
    any fallback run (Arabic, Devanagari or Thai from the Noto faces reach further than Inter).
    Measured once at the reference size and scaled, so it is the same at every render scale."""
    a, d = _ref_metrics(text, role)
    return a * size / REF_SIZE, d * size / REF_SIZE


def cap_height(role: str, size: float) -> int:
    """Height of a capital H in pixels at `size` (what legibility rules measure)."""
    f = fonts.font(fonts.chain_for(role)[0], _q(size))
    bb = f.getbbox("H", anchor="ls")
    return max(0, -round(bb[1]))


# -- breaking ---------------------------------------------------------------------------------------


@dataclass(frozen=True)
class _Para:
    units: tuple[str, ...]
    full: tuple[float, ...]  # width with trailing spaces, at REF_SIZE
    trim: tuple[float, ...]  # width without them
    quality: tuple[float, ...]  # how good a line end after each unit is (0 best)


def _paragraphs(text: str, role: str, keep: tuple[str, ...]) -> list[_Para]:
    out = []
    for raw in text.split("\n"):
        p = _SPACES.sub(" ", raw).strip(" ")
        if not p:
            continue
        us = tuple(linebreak.units(p, keep))
        full = tuple(line_width(u, role, REF_SIZE) for u in us)
        trim = tuple(line_width(u.rstrip(" "), role, REF_SIZE) for u in us)
        out.append(_Para(us, full, trim, tuple(linebreak.break_quality(u) for u in us)))
    return out


def _greedy_count(p: _Para, limit: float) -> int:
    n, cur = 1, 0.0
    for i in range(len(p.units)):
        if cur and cur + p.trim[i] > limit:
            n, cur = n + 1, 0.0
        cur += p.full[i]
    return n


def _count(paras: list[_Para], limit: float) -> int:
    return sum(_greedy_count(p, limit) for p in paras)


def _min_width_for(paras: list[_Para], k: int) -> float:
    """The smallest line length that sets the paragraphs in at most k lines."""
    lo = max((w for p in paras for w in p.trim), default=0.0)
    hi = sum(sum(p.full) for p in paras) + 1e-6
    if _count(paras, lo) <= k:
        return lo
    for _ in range(40):
        mid = (lo + hi) / 2
        if _count(paras, mid) <= k:
            hi = mid
        else:
            lo = mid
        if hi - lo < 0.01:
            break
    return hi


def _is_runt(p: _Para, i: int, target: float) -> bool:
    """A last line holding one short word (or a lone emoji) when the paragraph has several."""
    word = p.units[i].strip()
    return len(fonts.clusters(word)) <= 4 or p.trim[i] < 0.3 * target


def _dp(p: _Para, n_lines: int, limit: float) -> list[str]:
    """Exactly n_lines lines no longer than `limit` (if possible), as even as possible."""
    n = len(p.units)
    n_lines = max(1, min(n_lines, n))
    target = max(1e-6, (sum(p.full) - (p.full[-1] - p.trim[-1])) / n_lines)
    inf = float("inf")
    # cost[l][j]: best cost of setting units[:j] in l lines
    cost = [[inf] * (n + 1) for _ in range(n_lines + 1)]
    back = [[0] * (n + 1) for _ in range(n_lines + 1)]
    cost[0][0] = 0.0
    for line_no in range(1, n_lines + 1):
        last = line_no == n_lines
        for j in range(line_no, n + 1) if not last else (n,):
            w = 0.0
            for i in range(j - 1, line_no - 2, -1):
                w = p.trim[i] if i == j - 1 else w + p.full[i]
                if w > limit and i < j - 1:
                    break
                base = cost[line_no - 1][i]
                if base == inf:
                    continue
                dev = (w - target) / target
                c = base + dev * dev + (0.0 if j == n else BREAK_WEIGHT * p.quality[j - 1])
                if w > limit:
                    c += 100.0  # one unit wider than the box: its own line, reported by the fit
                if n_lines > 1 and i == j - 1 and _is_runt(p, i, target):
                    # A short word alone: worst on the last line, weak anywhere ("Tame / the Wild").
                    c += RUNT_PENALTY if last else RUNT_PENALTY / 2
                if c < cost[line_no][j]:
                    cost[line_no][j], back[line_no][j] = c, i
    lines, j = [], n
    for line_no in range(n_lines, 0, -1):
        i = back[line_no][j]
        lines.append("".join(p.units[i:j]).rstrip(" "))
        j = i
    return list(reversed(lines))


def _has_runt(paras: list[_Para], limit: float) -> bool:
    for p in paras:
        n = _greedy_count(p, limit)
        if n < 2:
            continue
        lines = _dp(p, n, limit * 1.0001)
        target = sum(p.full) / n
        for ln in lines if n >= 3 else lines[-1:]:
            if " " not in ln and (len(fonts.clusters(ln)) <= 4 or line_width(ln, "slogan", REF_SIZE) < 0.3 * target):
                return True
    return False


def _break_all(paras: list[_Para], k_limit: float, limit: float) -> list[str]:
    lines: list[str] = []
    for p in paras:
        lines.extend(_dp(p, _greedy_count(p, k_limit), limit))
    return lines or [""]


# -- fitting ----------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Fit:
    size: int
    lines: tuple[str, ...]
    overflow: bool
    line_height: float
    widths: tuple[float, ...]


def _ellipsize(text: str, role: str, size: float, width: float, keep: tuple[str, ...] = ()) -> str:
    """The longest start of `text` that fits `width` with an ellipsis after it: whole words
    (never "0808 80…" when "Call…" fits), else as many characters as fit."""
    us = linebreak.units(text, keep)
    best = ""
    for i in range(1, len(us)):
        cand = "".join(us[:i]).rstrip(" ") + ELLIPSIS
        if line_width(cand, role, size) > width:
            break
        best = cand
    if best:
        return best
    cl = fonts.clusters(text)
    lo, hi = 0, len(cl)
    while lo < hi:
        mid = (lo + hi + 1) // 2
        if line_width("".join(cl[:mid]).rstrip(" ") + ELLIPSIS, role, size) <= width:
            lo = mid
        else:
            hi = mid - 1
    return "".join(cl[:lo]).rstrip(" ") + ELLIPSIS if lo else ""


def _overflow_fit(
    text: str,
    paras: list[_Para],
    role: str,
    box_w: float,
    box_h: float,
    sz: int,
    max_lines: int,
    ls: float,
    keep: tuple[str, ...] = (),
) -> Fit:
    """Minimum size, as many lines as the box holds; the cut is marked with an ellipsis."""
    a, d = text_metrics(text, role, sz)
    lh = (a + d) * ls
    room = max(1, min(max_lines, int((box_h + 0.5) // lh) if lh > 0 else 1))
    limit = box_w * REF_SIZE / sz
    lines: list[str] = []
    for p in paras:
        lines.extend(_dp(p, _greedy_count(p, limit), limit))
    cut = len(lines) > room
    if cut:
        rest = " ".join(lines[room - 1 :])
        lines = lines[: room - 1] + [rest]
    out = []
    shortened = cut
    for i, ln in enumerate(lines):
        last_cut = cut and i == len(lines) - 1
        if last_cut or line_width(ln, role, sz) > box_w:
            ln = _ellipsize(ln, role, sz, box_w, keep)
            shortened = True
        out.append(ln)
    # Nothing had to be cut: it fits at the minimum size after all.
    shortened = shortened or len(out) * lh > box_h + 0.5 or len(out) > max_lines
    return Fit(sz, tuple(out), shortened, lh, tuple(line_width(ln, role, sz) for ln in out))


@lru_cache(maxsize=2048)
def fit_text(
    text: str,
    role: str,
    box_w: float,
    box_h: float,
    min_px: int,
    max_px: int,
    max_lines: int,
    line_spacing: float = 1.05,
    keep: tuple[str, ...] = (),
) -> Fit:
    """Largest size in [min_px, max_px] at which text fits box_w x box_h in <= max_lines lines."""
    text = clean(text)
    min_px = max(1, int(min_px))
    max_px = max(min_px, int(max_px))
    paras = _paragraphs(text, role, keep)
    if not paras:
        a, d = metrics(role, min_px)
        return Fit(min_px, (), False, (a + d) * line_spacing, ())
    forced = len(paras)
    a, d = text_metrics(text, role, REF_SIZE)
    lh_unit = (a + d) / REF_SIZE * line_spacing
    best_size, best_score, best_k = 0.0, 0.0, forced
    prev_n = -1
    for k in range(forced, max(forced, max_lines) + 1):
        wlim = _min_width_for(paras, k)
        n = _count(paras, wlim)
        if n == prev_n:
            break  # more lines allowed, none used: nothing further to try
        prev_n = n
        by_w = box_w / (wlim / REF_SIZE) if wlim > 0 else math.inf
        s = min(by_w, box_h / (k * lh_unit), float(max_px))
        # A short word alone on the last line costs a typesetter's judgement of size: the
        # larger type must be clearly larger to be worth "Who / would / employ / you?".
        score = s * (RUNT_SIZE if _has_runt(paras, wlim) else 1.0)
        if score > best_score * FEWER_LINES_GAIN:
            best_size, best_score, best_k = s, score, k
    size = int(min(max_px, math.floor(best_size))) if best_size != math.inf else max_px
    k_limit = _min_width_for(paras, best_k)
    if size >= min_px:
        # Verify with real measurements (kerning, shaping); step down until it fits.
        for _ in range(400):  # 2.5 % steps: a few at most in practice, bounded regardless
            # Up to SHAPE_SLACK wider than the tightest setting: a better shape (a break after a
            # full stop, no runt) may cost a few per cent of size; real widths are checked below.
            lines = _break_all(paras, k_limit, max(box_w * REF_SIZE / size, k_limit * SHAPE_SLACK))
            real = [line_width(ln, role, size) for ln in lines]
            am, dm = text_metrics(text, role, size)
            lh = (am + dm) * line_spacing
            fits = max(real, default=0) <= box_w + 0.01 and len(lines) * lh <= box_h + 0.5
            if fits and len(lines) <= max_lines:
                return Fit(size, tuple(lines), False, lh, tuple(real))
            if size <= min_px:
                break
            size = max(min_px, size - max(1, size // 40))
    return _overflow_fit(text, paras, role, box_w, box_h, min_px, max_lines, line_spacing, keep)


# -- drawing ----------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Piece:
    """A run of one font and one direction, at its place on the line (render pixels)."""

    x: float
    text: str
    path: Path
    rtl: bool
    width: float


def pieces(
    x: float, text: str, role: str, size: float, rtl_paragraph: bool | None = None, keep: tuple[str, ...] = ()
) -> list[Piece]:
    """The line's runs in display order (ICU bidi), each with its x; widths at `size`."""
    text = clean(text)
    if rtl_paragraph is None:
        rtl_paragraph = is_rtl(text)
    return [
        Piece(x + p.x, p.text, p.path, p.rtl, p.width) for p in _pieces_at_0(text, role, _q(size), rtl_paragraph, keep)
    ]


@lru_cache(maxsize=4096)
def _pieces_at_0(text: str, role: str, size: float, rtl_paragraph: bool, keep: tuple[str, ...]) -> tuple[Piece, ...]:
    out = []
    cx = 0.0
    for start, end, rtl in linebreak.visual_runs(text, rtl_paragraph, keep):
        rs, _ = fonts.runs(text[start:end], role)
        for r in reversed(rs) if rtl else rs:
            w = _run_length(r.text, str(r.path), size, rtl)
            out.append(Piece(cx, r.text, r.path, rtl, w))
            cx += w
    return tuple(out)


def _kw(p: Piece) -> dict:
    kw: dict = {"embedded_color": True} if p.path == fonts.EMOJI_FONT else {}
    if p.rtl and fonts.HAS_RAQM:
        kw["direction"] = "rtl"
    return kw


def line_ink(x: float, baseline: float, text: str, role: str, size: float, rtl_paragraph: bool | None = None, keep=()):
    """The box the glyphs of a line cover when drawn at (x, baseline), without drawing it.

    Measured once per line and size at the origin (Pillow's text boxes move with the origin),
    then moved: a re-render at the same size measures nothing."""
    text = clean(text)
    if rtl_paragraph is None:
        rtl_paragraph = is_rtl(text)
    box = _ink_at_0(text, role, _q(size), rtl_paragraph, tuple(keep))
    if box is None:
        return None
    return (math.floor(box[0] + x), math.floor(box[1] + baseline), math.ceil(box[2] + x), math.ceil(box[3] + baseline))


@lru_cache(maxsize=4096)
def _ink_at_0(text: str, role: str, size: float, rtl_paragraph: bool, keep: tuple[str, ...]):
    box = None
    for p in _pieces_at_0(text, role, size, rtl_paragraph, keep):
        if not p.text.strip():
            continue
        try:
            bb = _SCRATCH.textbbox((p.x, 0), p.text, font=fonts.font(p.path, size), anchor="ls", **_kw(p))
        except (OSError, ValueError):
            continue
        if bb[2] > bb[0] and bb[3] > bb[1]:
            box = (
                bb if box is None else (min(box[0], bb[0]), min(box[1], bb[1]), max(box[2], bb[2]), max(box[3], bb[3]))
            )
    return box


def _draw_small(draw: ImageDraw.ImageDraw, ps: list[Piece], baseline: float, size: float, fill) -> None:
    """Small type: lettering drawn at SUPERSAMPLE x into a mask and reduced, so every glyph
    sits at its true fractional position (hinted whole-pixel placement makes 10 px words look
    unevenly spaced: "Cuid eachadh"). Colour emoji are drawn directly."""
    text_ps = [p for p in ps if p.path != fonts.EMOJI_FONT and p.text.strip()]
    if text_ps:
        k = SUPERSAMPLE
        a, d = size * 1.4, size * 0.6  # room for accents above caps and for descenders
        x0 = math.floor(min(p.x for p in text_ps) - size * 0.5)
        x1 = math.ceil(max(p.x + p.width for p in text_ps) + size * 0.5)
        y0 = math.floor(baseline - a)
        y1 = math.ceil(baseline + d)
        mask = Image.new("L", ((x1 - x0) * k, (y1 - y0) * k), 0)
        md = ImageDraw.Draw(mask)
        for p in text_ps:
            try:
                md.text(
                    ((p.x - x0) * k, (baseline - y0) * k),
                    p.text,
                    font=fonts.font(p.path, _q(size * k)),
                    fill=255,
                    anchor="ls",
                    **_kw(p),
                )
            except (OSError, ValueError):
                continue
        draw.bitmap((x0, y0), mask.reduce(k), fill=fill)
    for p in ps:
        if p.path == fonts.EMOJI_FONT:
            try:
                draw.text((p.x, baseline), p.text, font=fonts.font(p.path, _q(size)), fill=fill, anchor="ls", **_kw(p))
            except (OSError, ValueError):
                continue


def draw_line(
    draw: ImageDraw.ImageDraw,
    x: float,
    baseline: float,
    text: str,
    role: str,
    size: float,
    fill: str | tuple[int, int, int],
    rtl_paragraph: bool | None = None,
    keep: tuple[str, ...] = (),
) -> tuple[int, int, int, int] | None:
    """Draw one line starting at x on the baseline; return its ink box (or None when blank)."""
    size = _q(size)
    ps = pieces(x, text, role, size, rtl_paragraph, keep)
    if size < SMALL_PX and type(draw) is ImageDraw.ImageDraw:  # print's recording draw wants runs
        _draw_small(draw, ps, baseline, size, fill)
    else:
        for p in ps:
            if not p.text.strip():
                continue
            try:
                draw.text((p.x, baseline), p.text, font=fonts.font(p.path, size), fill=fill, anchor="ls", **_kw(p))
            except (OSError, ValueError):
                continue  # a run FreeType refuses (e.g. bitmap-only size) is skipped, not fatal
    return line_ink(x, baseline, text, role, size, rtl_paragraph, keep)
