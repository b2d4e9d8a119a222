"""Copy rules: how many words, how many characters, how much of the image is text.

- word-count     outdoor: slogan over 7 words -> warning, over 10 -> error; on a roadside
                 billboard (viewing distance reaching 20 m or more) a slogan over 5 words -> warning.
- copy-length    every copy field the format has a limit for, counted in user-perceived
                 characters; over -> error. `long_headline` (Google responsive) is the slogan,
                 `brand_name` is the campaign's; Snapchat refuses emoji in the brand name (error).
- text-coverage  union area of the text ink boxes (slogan lines, the call-to-action button,
                 hashtag lines) / image area above `text_coverage_max` -> the format's severity.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterator

from ...model.platforms import registry
from ...render.engine import Rect
from ..findings import Finding
from .context import Context, excerpt, ink_boxes, rule, union_bbox

# -- word-count -------------------------------------------------------------------------------------

POSTER_WORDS_WARN, POSTER_WORDS_ERROR, BILLBOARD_HEADLINE_WORDS = 7, 10, 5
ROADSIDE_M = 20  # a viewing distance this far means a billboard read in passing


def count_words(text: str) -> int:
    """Words a reader has to read: tokens with at least one letter or digit (not '-' or '!')."""
    return sum(any(unicodedata.category(c)[0] in "LN" for c in tok) for tok in text.split())


@rule
def word_count(ctx: Context) -> Iterator[Finding]:
    fmt = ctx.format  # only where the registry's platform lists it under checks: (outdoor)
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


def _copy_value(ctx: Context, source: str) -> str | None:
    """The text a copy field holds (its registry `from:`): a message field, or the brand name."""
    if source == "brand_name":
        return ctx.campaign.brand_name
    if hasattr(ctx.message, source):
        return str(getattr(ctx.message, source))
    return None


def count_chars(text: str) -> int:
    """User-perceived characters (an emoji sequence or a letter with its accents counts once)."""
    from ...render import fonts
    from ...render import text as textmod

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
    plat = ctx.platform
    platform = plat.name
    for field_name, limit in fmt.copy_limits:
        field = registry().copy_field(field_name)
        value = _copy_value(ctx, field.source)
        if value is None:
            continue
        label = field.label
        n = count_chars(value)
        if n > limit:
            yield ctx.finding(
                "copy-length",
                "error",
                f"{label} is {n} characters; {platform} ({fmt.name}) allows {limit}: cut "
                f'{n - limit} ("{excerpt(value)}")',
            )
        if field_name == "brand_name" and not plat.brand_name_emoji and has_emoji(value):
            yield ctx.finding(
                "copy-length",
                "error",
                f'Brand name "{value}" contains emoji; {platform} allows no emoji in the brand name',
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
        cover, cur_a = 0, 0
        cur_b: int | None = None
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
    boxes = [ctx.clamp(ctx.full(bx)) for b in ctx.result.texts for bx in ink_boxes(b)]
    if not boxes:
        return
    share = union_area(boxes) / (fmt.width * fmt.height)
    if share <= fmt.text_coverage_max:
        return
    limit = f"{fmt.text_coverage_max * 100:g} %"
    why = ctx.platform.coverage_reason(fmt, limit)
    yield ctx.finding(
        "text-coverage",
        fmt.text_coverage_severity,
        f"Text covers {share * 100:.0f} % of the image; {why}. Shorten the copy or make it smaller",
        union_bbox(boxes),
        full_size=True,
    )
