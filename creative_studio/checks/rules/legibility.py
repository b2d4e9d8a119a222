"""Legibility rules: letters big enough for the viewing distance, and enough contrast to read them.

- min-text-size  digital: the slogan's cap height at 1x below `min_text_px` -> warning, below half
                 of it -> error. The call to action and the hashtag are secondary copy read after
                 the slogan: their floor is 0.6 x `min_text_px` (warning; error below half).
                 Print (formats with `print:`): the cap height at full physical size must be at
                 least viewing distance / 120 (about 1 inch per 10 ft). A slogan the NEAREST typical
                 viewer cannot read is an error; one that does not carry to the FARTHEST typical
                 distance is a warning (a 7-word slogan cannot reach 500 mm caps on a 6 m poster:
                 the designer should know, and may choose shorter billboard copy). The call to
                 action and hashtag are measured against the nearest distance (warning).
- contrast       WCAG 2.x ratio of each text line against the pixels actually behind it (face,
                 glow and cracks included): 4.5:1 normal, 3:1 large text (>= 24 px, or >= 18.66 px
                 bold, at 1x; every role font we ship is bold); below -> error. The worst line of a
                 render is reported. The ground judged is the worst tenth of what is behind the
                 letters (the median for lines under 12 render px, whose pixels are mostly
                 anti-aliased edges); colour emoji in the copy are left out; preview lines under
                 5 px are not judged (the full-size render, which check and export use, always is).
"""

from __future__ import annotations

import math
from collections.abc import Iterator
from functools import lru_cache

from PIL import Image, ImageChops, ImageFilter

from ...model.platforms import registry
from ...model.types import MM_PER_INCH
from ...render.colour import hex_rgb as _hex
from ...render.colour import luminance
from ...render.engine import Rect, TextBlock
from ..findings import Finding
from .context import Context, excerpt, role_name, rule

# -- min-text-size ----------------------------------------------------------------------------------

SECONDARY_FLOOR = 0.6  # the call to action and hashtag, as a share of the slogan's floor
LETTER_RATIO = 120  # viewing distance / letter height: about 1 inch per 10 ft


@lru_cache(maxsize=64)
def _cap_ratio(role: str) -> float:
    from ...render import text as textmod

    return textmod.cap_height(role, 1000) / 1000


def _cap_1x(ctx: Context, b: TextBlock) -> float:
    """Cap height in full-size pixels. At scale 1 the engine's measurement; else from the font size
    (a preview's rounded cap_px divided by a small scale would be off by several pixels)."""
    if ctx.scale == 1.0:
        return float(b.cap_px)
    return b.size_px / ctx.scale * _cap_ratio(b.role)


def _shorten_advice(ctx: Context, b: TextBlock) -> str:
    """What the designer can change in the campaign to make this text set larger."""
    from .copy import count_chars, count_words

    if b.role == "slogan":
        return f"Use fewer words in the slogan (it has {count_words(b.text)}); shorter copy sets larger"
    if b.role == "cta":
        field_name = "cta_short" if b.text == ctx.message.cta_short else "cta"
        return (
            f"Shorten the call to action (`{field_name}`, {count_chars(b.text)} characters); shorter copy sets larger"
        )
    return f"Shorten the {role_name(b.role).lower()} ({count_chars(b.text)} characters); shorter copy sets larger"


@rule
def min_text_size(ctx: Context) -> Iterator[Finding]:
    fmt = ctx.format
    if fmt.print_spec and fmt.viewing_distance_m:
        ps = fmt.print_spec
        near, far = fmt.viewing_distance_m
        for b in ctx.result.texts:
            cap_mm = _cap_1x(ctx, b) / ps.dpi * MM_PER_INCH * ps.scale
            if b.role == "slogan" and cap_mm < near * 1000 / LETTER_RATIO:
                dist, sev = near, "error"  # even the nearest viewer cannot read it
            elif b.role == "slogan":
                dist, sev = far, "warning"  # readable near, not from the far end of the range
            else:
                dist, sev = near, "warning"
            need = dist * 1000 / LETTER_RATIO
            if cap_mm < need:
                legible_at = cap_mm * LETTER_RATIO / 1000
                yield ctx.finding(
                    "min-text-size",
                    sev,
                    f"{role_name(b.role)} cap height {cap_mm:.0f} mm; at {dist:g} m it needs {need:.0f} mm "
                    f"(viewing distance / {LETTER_RATIO}); it reads from about {legible_at:.0f} m. "
                    f"{_shorten_advice(ctx, b)}",
                    b.ink or b.box,
                )
        return
    if fmt.min_text_px <= 0:
        return
    for b in ctx.result.texts:
        floor = fmt.min_text_px * (1.0 if b.role == "slogan" else SECONDARY_FLOOR)
        cap = _cap_1x(ctx, b)
        if cap < floor - 0.25:  # a quarter pixel of slack for rounding at preview scale
            sev = "error" if cap < floor / 2 else "warning"
            yield ctx.finding(
                "min-text-size",
                sev,
                f"{role_name(b.role)} cap height {cap:.0f} px is below the {floor:g} px floor for "
                f"{fmt.name}; {_shorten_advice(ctx, b)[0].lower()}{_shorten_advice(ctx, b)[1:]}",
                b.ink or b.box,
            )


# -- contrast ---------------------------------------------------------------------------------------

SAMPLES_PER_LINE = 24000  # pixels sampled per text line, whatever the render size
TEXT_TOLERANCE = 40  # max channel distance from the fill colour for a pixel to count as text
WORST_SHARE = 0.10  # the background percentile judged: the worst 10 % of what is behind the text
SMALL_LINE_PX = 12  # lines shorter than this (render pixels) are judged on their median ground
TOO_SMALL_PX = 5  # preview lines shorter than this are not judged (the full-size render is)
LARGE_PX, LARGE_BOLD_PX = 24.0, 18.66


def contrast_ratio(a: tuple[int, ...], b: tuple[int, ...]) -> float:
    """WCAG ratio of two colours (RGB, or RGBA whose alpha is ignored)."""
    la, lb = luminance((a[0], a[1], a[2])), luminance((b[0], b[1], b[2]))
    hi, lo = max(la, lb), min(la, lb)
    return (hi + 0.05) / (lo + 0.05)


def fill_for(ctx: Context, role: str) -> tuple[int, int, int]:
    """Fallback for renders without TextBlock.fill: the colour the engine draws a role in."""
    return _hex(getattr(ctx.campaign.brand, registry().role_colour(role)))


@lru_cache(maxsize=16)
def _is_bold(role: str) -> bool:
    from ...render import fonts

    name = fonts.ROLE_FONTS.get(role, fonts.ROLE_FONTS["body"]).name
    return any(w in name for w in ("Bold", "Black", "Heavy"))


def is_large_text(role: str, size_1x: float) -> bool:
    return size_1x >= LARGE_PX or (_is_bold(role) and size_1x >= LARGE_BOLD_PX)


def _colours(image: Image.Image, n: int) -> list[tuple[int, tuple[int, ...]]]:
    """(count, colour) of an RGB or RGBA image with at most `n` colours."""
    return [(k, c) for k, c in (image.getcolors(n) or []) if isinstance(c, tuple)]


def _chebyshev(a: tuple[int, ...], b: tuple[int, ...]) -> int:
    return max(abs(a[0] - b[0]), abs(a[1] - b[1]), abs(a[2] - b[2]))


def line_contrast(image: Image.Image, ink: Rect, fill: tuple[int, int, int]) -> float | None:
    """The contrast of text drawn in `fill` against the pixels around and between its glyphs.

    The line's ink box plus a margin of a fifth of its height is sampled nearest-neighbour, at most
    SAMPLES_PER_LINE pixels whatever the render size, and cut into tiles about twice as wide as
    they are tall, so a face or crack behind a few letters weighs as much as it does to a reader.
    In each tile the commonest colour unlike the text is the ground; pixels nearer the text colour
    than half-way to that ground are text (anti-aliased edges of small type are blends that never
    reach the pure fill colour), and the text mask is grown by one sample to drop the remaining
    edge blends. Of what is left (the ground, the face, cracks, other art), the pixel at the
    WORST_SHARE percentile of contrast is judged. A tile with nothing unlike the text colour is
    text on a ground of its own colour: ratio 1. Returns the worst tile's ratio (None: no pixels).
    """
    iw, ih = image.size
    x0, y0, x1, y1 = (round(v) for v in ink)
    # Type a few pixels high is mostly anti-aliased edge: judge its ground by the median, not the
    # worst tenth, which would be edge blends rather than anything behind the text.
    share = WORST_SHARE if y1 - y0 >= SMALL_LINE_PX else 0.5
    m = max(2, round((y1 - y0) * 0.2))
    x0, y0, x1, y1 = max(0, x0 - m), max(0, y0 - m), min(iw, x1 + m), min(ih, y1 + m)
    w, h = x1 - x0, y1 - y0
    if w <= 0 or h <= 0:
        return None
    step = max(1, math.ceil(math.sqrt(w * h / SAMPLES_PER_LINE)))
    if image.mode != "RGB":
        image = image.convert("RGB")
    if step > 1:
        sw, sh = max(1, round(w / step)), max(1, round(h / step))
        small = image.resize((sw, sh), Image.Resampling.NEAREST, box=(x0, y0, x1, y1))
    else:
        small = image.crop((x0, y0, x1, y1))
        sw, sh = w, h
    r, g, b = ImageChops.difference(small, Image.new("RGB", small.size, fill)).split()
    dist = ImageChops.lighter(ImageChops.lighter(r, g), b)  # Chebyshev distance to the fill colour
    tile_w = max(4, 2 * sh)
    n_tiles = max(1, round(sw / tile_w))
    worst: float | None = None
    for i in range(n_tiles):
        tx0, tx1 = round(i * sw / n_tiles), round((i + 1) * sw / n_tiles)
        area = (tx1 - tx0) * sh
        if area <= 0:
            continue
        tile = small.crop((tx0, 0, tx1, sh))
        colours = _colours(tile, area)
        unlike = [(n, c) for n, c in colours if _chebyshev(c, fill) > TEXT_TOLERANCE]
        n_text = area
        if unlike:
            ground = max(unlike)[1]
            thr = max(TEXT_TOLERANCE, _chebyshev(ground, fill) // 2)
            mask = dist.crop((tx0, 0, tx1, sh)).point(lambda v, t=thr: 255 if v <= t else 0)
            n_text = mask.histogram()[255]
        if n_text >= 0.9 * area:
            # Nothing (or next to nothing) unlike the text: the ground is about the text's colour.
            others = [(n, c) for n, c in colours if c != fill]
            ratio = contrast_ratio(fill, max(others)[1]) if others else 1.0
        else:
            grown = mask.filter(ImageFilter.MaxFilter(3)) if min(tx1 - tx0, sh) >= 3 else mask
            tile.putalpha(grown)
            bg = [(contrast_ratio(fill, c), n) for n, c in _colours(tile, area) if c[3] == 0]
            total = sum(n for _, n in bg)
            if total == 0:
                continue
            bg.sort()
            cut, acc, ratio = total * share, 0, bg[-1][0]
            for rt, n in bg:
                acc += n
                if acc >= cut:
                    ratio = rt
                    break
        worst = ratio if worst is None else min(worst, ratio)
    return worst


def text_spans(role: str, size: int, text: str, ink: Rect) -> list[Rect]:
    """The parts of a line's ink box that hold lettering, leaving out colour emoji.

    An emoji is artwork with its own colours, not text in the fill colour: measured as "background"
    it would fail every line it sits in. Run widths come from the font metrics the engine set the
    line with (no drawing); the line is taken to start at its ink box, which is within a side
    bearing of where the engine put it.
    """
    from ...render import fonts
    from ...render import text as textmod

    runs, _ = fonts.runs(text, role)
    if not any(r.path == fonts.EMOJI_FONT for r in runs):
        return [ink]
    if textmod.is_rtl(text):
        runs = tuple(reversed(runs))
    pad = 0.15 * size
    holes, x = [], float(ink[0])
    for r in runs:
        w = textmod.line_width(r.text, role, size)
        if r.path == fonts.EMOJI_FONT:
            holes.append((x - pad, x + w + pad))
        x += w
    spans, start = [], float(ink[0])
    for h0, h1 in holes:
        if h0 > start:
            spans.append((start, min(h0, ink[2])))
        start = max(start, h1)
    if start < ink[2]:
        spans.append((start, ink[2]))
    return [(round(a), ink[1], round(b), ink[3]) for a, b in spans if b - a >= 0.3 * size]


@rule
def contrast(ctx: Context) -> Iterator[Finding]:
    image = ctx.result.image
    worst = None  # (ratio / need, ratio, need, block, line)
    for b in ctx.result.texts:
        fill = _hex(b.fill) if b.fill else fill_for(ctx, b.role)
        size_1x = b.size_px / ctx.scale
        need = 3.0 if is_large_text(b.role, size_1x) else 4.5
        for ln in b.lines:
            if not ln.ink or (ctx.scale < 1 and ln.ink[3] - ln.ink[1] < TOO_SMALL_PX):
                continue
            measured = [line_contrast(image, span, fill) for span in text_spans(b.role, b.size_px, ln.text, ln.ink)]
            ratios = [r for r in measured if r is not None]
            if not ratios:
                continue
            ratio = min(ratios)
            if worst is None or ratio / need < worst[0]:
                worst = (ratio / need, ratio, need, b, ln)
    if worst is None or worst[0] >= 1.0:
        return
    _, ratio, need, b, ln = worst
    kind = "large text" if need == 3.0 else "text of this size"
    yield ctx.finding(
        "contrast",
        "error",
        f'{role_name(b.role)} line "{excerpt(ln.text)}" has a contrast of {ratio:.1f}:1 against the pixels '
        f"behind it; WCAG asks {need:g}:1 for {kind}. Change the text or background colour, or move "
        "the text off the face",
        ln.ink,
    )
