"""Layout rules: text that does not fit its box, and text inside a band the platform covers.

- text-overflow  text set at the layout's minimum size still does not fit its box (the engine cuts
                 it inside its box with an ellipsis; it never spills) -> error.
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
                f"({size_1x} px, {len(b.lines)} line(s)) and was cut with an ellipsis; shorten the text",
                b.ink or b.box,
            )


# -- safe-zone --------------------------------------------------------------------------------------


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
                    f"{role_name(b.role)} overlaps the {name}{ctx.platform.band_who(ctx.format, side)}",
                    union_bbox(hit),
                )
