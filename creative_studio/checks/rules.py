"""The compliance rules. Each is a small pure function over one render (boxes, pixels, format).

A rule takes a `Context` and yields `Finding`s. Boxes are reported in pixels of the full-size
image, whatever scale the render was made at, so the GUI can outline them on any preview.
Rules never render: they read the layout boxes the engine returned and sample its pixels.

Thresholds, and why (the numbers come from ../shared/platforms.md):

- safe-zone      any text ink or the call-to-action button inside a keep-clear band -> error.
- text-overflow  text set at the layout's minimum size still does not fit its box (it is cut
                 inside its box with an ellipsis) -> error.
- overlap        (checks/overlap.py) face art, logo and text blocks on top of each other -> error.
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
- word-count     outdoor: slogan over 7 words -> warning, over 10 -> error; on a roadside
                 billboard (viewing distance reaching 20 m or more) a slogan over 5 words -> warning.
- copy-length    every copy field the format has a limit for, counted in user-perceived
                 characters; over -> error. `long_headline` (Google responsive) is the slogan,
                 `brand_name` is the campaign's; Snapchat refuses emoji in the brand name (error).
- text-coverage  union area of the text ink boxes (slogan lines, the call-to-action button,
                 hashtag lines) / image area above `text_coverage_max` -> the format's severity.
- file-size      the encoded PNG over the format's byte limit -> error.
- missing-glyph  a character no bundled font can draw -> error.
"""

from __future__ import annotations

import math
import unicodedata
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from functools import lru_cache

from PIL import Image, ImageChops, ImageFilter

from ..model.types import MM_PER_INCH, Campaign, Format, Message
from ..render.colour import hex_rgb as _hex
from ..render.colour import luminance
from ..render.engine import Rect, RenderResult, TextBlock
from .findings import Finding


@dataclass(frozen=True)
class Context:
    campaign: Campaign
    message: Message
    result: RenderResult
    png_bytes: int | None = None
    budget_error: str | None = None

    @property
    def format(self) -> Format:
        return self.result.format

    @property
    def scale(self) -> float:
        return self.result.scale

    def full(self, box: Rect) -> Rect:
        """A box of the render in whole full-size pixels (outward, so it covers all the ink)."""
        s = self.result.scale
        e = 1e-6
        return (
            math.floor(box[0] / s + e),
            math.floor(box[1] / s + e),
            math.ceil(box[2] / s - e),
            math.ceil(box[3] / s - e),
        )

    def clamp(self, box: Rect) -> Rect:
        """A full-size box cut to the image (overflowing text may run off the canvas)."""
        w, h = self.format.width, self.format.height
        return (min(max(box[0], 0), w), min(max(box[1], 0), h), min(max(box[2], 0), w), min(max(box[3], 0), h))

    def finding(self, rule: str, severity: str, text: str, box: Rect | None = None, full_size: bool = False) -> Finding:
        """A finding on this render; `box` in render pixels (or full-size ones with full_size)."""
        if box is not None:
            box = self.clamp(box if full_size else self.full(box))
        return Finding(rule, severity, self.message.id, self.format.id, text, box)


Rule = Callable[[Context], Iterator[Finding]]
RULES: list[Rule] = []


def rule(fn: Rule) -> Rule:
    RULES.append(fn)
    return fn


_ROLE_NAMES = {"slogan": "Slogan", "cta": "Call to action", "hashtag": "Hashtag"}


def _name(role: str) -> str:
    return _ROLE_NAMES.get(role, role.capitalize())


def _intersects(a: Rect, b: Rect) -> bool:
    return a[0] < b[2] and b[0] < a[2] and a[1] < b[3] and b[1] < a[3]


def _union_bbox(boxes: list[Rect]) -> Rect:
    return (min(b[0] for b in boxes), min(b[1] for b in boxes), max(b[2] for b in boxes), max(b[3] for b in boxes))


def _ink_boxes(b: TextBlock) -> list[Rect]:
    """What a block puts on the image: each line's glyph ink and the button behind it."""
    return [ln.ink for ln in b.lines if ln.ink] + ([b.pill] if b.pill else [])


def _excerpt(text: str, n: int = 40) -> str:
    text = " ".join(text.split())
    return text if len(text) <= n else text[: n - 1] + "…"


# -- text-overflow ----------------------------------------------------------------------------------


@rule
def text_overflow(ctx: Context) -> Iterator[Finding]:
    for b in ctx.result.texts:
        if b.overflow:
            size_1x = round(b.size_px / ctx.scale)
            yield ctx.finding(
                "text-overflow",
                "error",
                f'{_name(b.role)} "{_excerpt(b.text)}" does not fit its box even at the minimum size '
                f"({size_1x} px, {len(b.lines)} line(s)) and was cut with an ellipsis; shorten the text",
                b.ink or b.box,
            )


# -- safe-zone --------------------------------------------------------------------------------------


def _who(fmt: Format, side: str) -> str:
    """Who or what takes a keep-clear band of a format: the end of "overlaps the top 150 px ..."."""
    p = fmt.platform
    if p == "snapchat":
        return {
            "top": "that Snapchat covers with the brand name and headline",
            "bottom": "that Snapchat covers with its call to action",
        }.get(side, "that Snapchat keeps clear at the screen edges")
    if p == "facebook":
        if fmt.height >= fmt.width * 1.5:  # stories and Reels: full-screen with overlays
            return {
                "top": "that Facebook covers with the profile photo and name",
                "bottom": "that Facebook covers with its call to action and captions",
            }.get(side, "that Facebook covers with its like, comment and share buttons")
        return "that Facebook's profile grid crops off (4:5 shown as 3:4)"
    if p == "google":
        return "that Google may crop when it fits the ad to other shapes (keep content in the centre 80 %)"
    if p == "outdoor":
        return ", outside the poster's safe area (frame, paste-up overlaps)"
    return "that the platform keeps clear"


def _tail(who: str) -> str:
    return who if who.startswith(",") else " " + who


def _band_name(fmt: Format, side: str, px: int) -> str:
    if fmt.print_spec:
        ps = fmt.print_spec
        return f"{side} {round(px / ps.dpi * MM_PER_INCH * ps.scale)} mm"
    along = fmt.height if side in ("top", "bottom") else fmt.width
    pct = px / along * 100
    if abs(pct - round(pct)) < 0.06:  # the format gave a percentage: say both
        return f"{side} {px} px ({round(pct)} %)"
    return f"{side} {px} px"


def _bands(ctx: Context) -> list[tuple[str, str, Rect]]:
    """The keep-clear bands of the format in render pixels: (side, name, rect)."""
    fmt, result = ctx.format, ctx.result
    w, h = result.image.size
    x0, y0, x1, y1 = result.safe
    out = []
    for side, cond, rect, px in (
        ("top", y0 > 0, (0, 0, w, y0), fmt.safe.top),
        ("bottom", y1 < h, (0, y1, w, h), fmt.safe.bottom),
        ("left", x0 > 0, (0, 0, x0, h), fmt.safe.left),
        ("right", x1 < w, (x1, 0, w, h), fmt.safe.right),
    ):
        if cond:
            out.append((side, _band_name(fmt, side, px), rect))
    return out


@rule
def safe_zone(ctx: Context) -> Iterator[Finding]:
    bands = _bands(ctx)
    if not bands:
        return
    for b in ctx.result.texts:
        boxes = _ink_boxes(b)
        for side, name, band in bands:
            hit = [bx for bx in boxes if _intersects(bx, band)]
            if hit:
                yield ctx.finding(
                    "safe-zone",
                    "error",
                    f"{_name(b.role)} overlaps the {name}{_tail(_who(ctx.format, side))}",
                    _union_bbox(hit),
                )


# -- min-text-size ----------------------------------------------------------------------------------

SECONDARY_FLOOR = 0.6  # the call to action and hashtag, as a share of the slogan's floor
LETTER_RATIO = 120  # viewing distance / letter height: about 1 inch per 10 ft


@lru_cache(maxsize=64)
def _cap_ratio(role: str) -> float:
    from ..render import text as textmod

    return textmod.cap_height(role, 1000) / 1000


def _cap_1x(ctx: Context, b: TextBlock) -> float:
    """Cap height in full-size pixels. At scale 1 the engine's measurement; else from the font size
    (a preview's rounded cap_px divided by a small scale would be off by several pixels)."""
    if ctx.scale == 1.0:
        return float(b.cap_px)
    return b.size_px / ctx.scale * _cap_ratio(b.role)


def _shorten_advice(ctx: Context, b: TextBlock) -> str:
    """What the designer can change in the campaign to make this text set larger."""
    if b.role == "slogan":
        return f"Use fewer words in the slogan (it has {count_words(b.text)}); shorter copy sets larger"
    if b.role == "cta":
        field_name = "cta_short" if b.text == ctx.message.cta_short else "cta"
        return (
            f"Shorten the call to action (`{field_name}`, {count_chars(b.text)} characters); shorter copy sets larger"
        )
    return f"Shorten the {_name(b.role).lower()} ({count_chars(b.text)} characters); shorter copy sets larger"


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
                    f"{_name(b.role)} cap height {cap_mm:.0f} mm; at {dist:g} m it needs {need:.0f} mm "
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
                f"{_name(b.role)} cap height {cap:.0f} px is below the {floor:g} px floor for "
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


def contrast_ratio(a: tuple[int, int, int], b: tuple[int, int, int]) -> float:
    la, lb = luminance(tuple(a[:3])), luminance(tuple(b[:3]))
    hi, lo = max(la, lb), min(la, lb)
    return (hi + 0.05) / (lo + 0.05)


def _fill_for(ctx: Context, role: str) -> tuple[int, int, int]:
    """Fallback for renders without TextBlock.fill: the colour the engine draws a role in."""
    brand = ctx.campaign.brand
    return _hex(brand.accent if role == "hashtag" else brand.cta_text if role == "cta" else brand.text)


@lru_cache(maxsize=16)
def _is_bold(role: str) -> bool:
    from ..render import fonts

    name = fonts.ROLE_FONTS.get(role, fonts.ROLE_FONTS["body"]).name
    return any(w in name for w in ("Bold", "Black", "Heavy"))


def is_large_text(role: str, size_1x: float) -> bool:
    return size_1x >= LARGE_PX or (_is_bold(role) and size_1x >= LARGE_BOLD_PX)


def _chebyshev(a: tuple[int, int, int], b: tuple[int, int, int]) -> int:
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
        colours = tile.getcolors(area) or []
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
            bg = [(contrast_ratio(fill, c), n) for n, c in (tile.getcolors(area) or []) if c[3] == 0]
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
    from ..render import fonts
    from ..render import text as textmod

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
        fill = _hex(b.fill) if b.fill else _fill_for(ctx, b.role)
        size_1x = b.size_px / ctx.scale
        need = 3.0 if is_large_text(b.role, size_1x) else 4.5
        for ln in b.lines:
            if not ln.ink or (ctx.scale < 1 and ln.ink[3] - ln.ink[1] < TOO_SMALL_PX):
                continue
            ratios = [line_contrast(image, span, fill) for span in text_spans(b.role, b.size_px, ln.text, ln.ink)]
            ratios = [r for r in ratios if r is not None]
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
        f'{_name(b.role)} line "{_excerpt(ln.text)}" has a contrast of {ratio:.1f}:1 against the pixels '
        f"behind it; WCAG asks {need:g}:1 for {kind}. Change the text or background colour, or move "
        "the text off the face",
        ln.ink,
    )


# -- word-count -------------------------------------------------------------------------------------

POSTER_WORDS_WARN, POSTER_WORDS_ERROR, BILLBOARD_HEADLINE_WORDS = 7, 10, 5
ROADSIDE_M = 20  # a viewing distance this far means a billboard read in passing


def count_words(text: str) -> int:
    """Words a reader has to read: tokens with at least one letter or digit (not '-' or '!')."""
    return sum(any(unicodedata.category(c)[0] in "LN" for c in tok) for tok in text.split())


@rule
def word_count(ctx: Context) -> Iterator[Finding]:
    fmt = ctx.format
    if fmt.platform != "outdoor":
        return
    b = ctx.result.block("slogan")
    text = b.text if b else ctx.message.slogan
    n = count_words(text)
    box = (b.ink or b.box) if b else None
    billboard = bool(fmt.viewing_distance_m and fmt.viewing_distance_m[1] >= ROADSIDE_M)
    if n > POSTER_WORDS_ERROR:
        yield ctx.finding(
            "word-count",
            "error",
            f"Slogan has {n} words; a poster gets about 2 seconds of attention: keep it to "
            f"{POSTER_WORDS_WARN} or fewer (never more than {POSTER_WORDS_ERROR})",
            box,
        )
    elif billboard and n > BILLBOARD_HEADLINE_WORDS:
        yield ctx.finding(
            "word-count",
            "warning",
            f"Slogan has {n} words; a roadside billboard headline should have {BILLBOARD_HEADLINE_WORDS} or fewer",
            box,
        )
    elif n > POSTER_WORDS_WARN:
        yield ctx.finding(
            "word-count", "warning", f"Slogan has {n} words; posters work best with {POSTER_WORDS_WARN} or fewer", box
        )


# -- copy-length ------------------------------------------------------------------------------------

_FIELD_NAMES = {
    "primary_text": "Primary text",
    "headline": "Headline",
    "long_headline": "Long headline",
    "description": "Description",
    "brand_name": "Brand name",
}
_PLATFORM_NAMES = {"facebook": "Facebook", "snapchat": "Snapchat", "x": "X", "google": "Google", "outdoor": "outdoor"}


def _copy_value(ctx: Context, field_name: str) -> str | None:
    """The text a copy field holds: brand_name is the campaign's; long_headline is the slogan."""
    if field_name == "brand_name":
        return ctx.campaign.brand_name
    if field_name == "long_headline":
        return ctx.message.slogan
    if hasattr(ctx.message, field_name):
        return str(getattr(ctx.message, field_name))
    return None


def count_chars(text: str) -> int:
    """User-perceived characters (an emoji sequence or a letter with its accents counts once)."""
    from ..render import fonts
    from ..render import text as textmod

    return len(fonts.clusters(textmod.clean(text).strip()))


def has_emoji(text: str) -> bool:
    for ch in text:
        cp = ord(ch)
        if cp >= 0x1F000 or 0x2600 <= cp <= 0x27BF or cp in (0xFE0F, 0x200D) or 0x2B00 <= cp <= 0x2BFF:
            return True
    return False


@rule
def copy_length(ctx: Context) -> Iterator[Finding]:
    fmt = ctx.format
    platform = _PLATFORM_NAMES.get(fmt.platform, fmt.platform)
    for field_name, limit in fmt.copy_limits:
        value = _copy_value(ctx, field_name)
        if value is None:
            continue
        label = _FIELD_NAMES.get(field_name, field_name.replace("_", " ").capitalize())
        n = count_chars(value)
        if n > limit:
            yield ctx.finding(
                "copy-length",
                "error",
                f"{label} is {n} characters; {platform} ({fmt.name}) allows {limit}: cut "
                f'{n - limit} ("{_excerpt(value)}")',
            )
        if field_name == "brand_name" and fmt.platform == "snapchat" and has_emoji(value):
            yield ctx.finding(
                "copy-length",
                "error",
                f'Brand name "{value}" contains emoji; Snapchat allows no emoji in the brand name',
            )


# -- text-coverage ----------------------------------------------------------------------------------


def union_area(boxes: list[Rect]) -> int:
    """Area of the union of rectangles (coordinate compression; a handful of boxes)."""
    boxes = [b for b in boxes if b[2] > b[0] and b[3] > b[1]]
    if not boxes:
        return 0
    xs = sorted({x for b in boxes for x in (b[0], b[2])})
    area = 0
    for xa, xb in zip(xs, xs[1:], strict=False):
        spans = sorted((b[1], b[3]) for b in boxes if b[0] <= xa and b[2] >= xb)
        cover, cur_a, cur_b = 0, None, None
        for a, bb in spans:
            if cur_b is None or a > cur_b:
                if cur_b is not None:
                    cover += cur_b - cur_a
                cur_a, cur_b = a, bb
            else:
                cur_b = max(cur_b, bb)
        if cur_b is not None:
            cover += cur_b - cur_a
        area += cover * (xb - xa)
    return area


@rule
def text_coverage(ctx: Context) -> Iterator[Finding]:
    fmt = ctx.format
    if fmt.text_coverage_max is None:
        return
    boxes = [ctx.clamp(ctx.full(bx)) for b in ctx.result.texts for bx in _ink_boxes(b)]
    if not boxes:
        return
    share = union_area(boxes) / (fmt.width * fmt.height)
    if share <= fmt.text_coverage_max:
        return
    limit = f"{fmt.text_coverage_max * 100:g} %"
    if fmt.platform == "google":
        why = f"Google refuses responsive display images with text on more than {limit}"
    elif fmt.platform == "facebook":
        why = f"Meta finds images with text on less than {limit} perform better"
    else:
        why = f"{fmt.name} allows text on at most {limit}"
    yield ctx.finding(
        "text-coverage",
        fmt.text_coverage_severity,
        f"Text covers {share * 100:.0f} % of the image; {why}. Shorten the copy or make it smaller",
        _union_bbox(boxes),
        full_size=True,
    )


# -- file-size --------------------------------------------------------------------------------------


@rule
def file_size(ctx: Context) -> Iterator[Finding]:
    limit = ctx.format.max_bytes
    if ctx.budget_error:
        yield ctx.finding("file-size", "error", ctx.budget_error)
    elif ctx.png_bytes is not None and ctx.png_bytes > limit:
        yield ctx.finding(
            "file-size", "error", f"The PNG is {ctx.png_bytes:,} bytes; {ctx.format.name} allows {limit:,}"
        )


# -- missing-glyph ----------------------------------------------------------------------------------


@rule
def missing_glyph(ctx: Context) -> Iterator[Finding]:
    for b in ctx.result.texts:
        if b.missing:
            chars = " ".join(f"'{c}' (U+{ord(c[0]):04X})" for c in dict.fromkeys(b.missing))
            yield ctx.finding(
                "missing-glyph",
                "error",
                f"{_name(b.role)} has characters no bundled font can draw: {chars}; they would print as boxes",
                b.ink or b.box,
            )
