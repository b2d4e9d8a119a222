"""Layout rules: text that does not fit its box, and text inside a band the platform covers.

- text-overflow  text set at the layout's minimum size still does not fit its box -> error.
- safe-zone      any text ink or the call-to-action button inside a keep-clear band -> error.
"""

from __future__ import annotations

from collections.abc import Iterator

from ...model.types import MM_PER_INCH, Format
from ...render.engine import Rect
from ..findings import Finding
from .context import Context, excerpt, ink_boxes, intersects, role_name, rule, union_bbox

# -- text-overflow ----------------------------------------------------------------------------------


@rule
def text_overflow(ctx: Context) -> Iterator[Finding]:
    for b in ctx.result.texts:
        if b.overflow:
            size_1x = round(b.size_px / ctx.scale)
            yield ctx.finding(
                "text-overflow",
                "error",
                f'{role_name(b.role)} "{excerpt(b.text)}" does not fit its box even at the minimum size '
                f"({size_1x} px, {len(b.lines)} line(s)); shorten the text",
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


def band_name(fmt: Format, side: str, px: int) -> str:
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
            out.append((side, band_name(fmt, side, px), rect))
    return out


@rule
def safe_zone(ctx: Context) -> Iterator[Finding]:
    bands = _bands(ctx)
    if not bands:
        return
    for b in ctx.result.texts:
        boxes = ink_boxes(b)
        for side, name, band in bands:
            hit = [bx for bx in boxes if intersects(bx, band)]
            if hit:
                yield ctx.finding(
                    "safe-zone",
                    "error",
                    f"{role_name(b.role)} overlaps the {name}{_tail(_who(ctx.format, side))}",
                    union_bbox(hit),
                )
