"""The compliance rules. Each is a small pure function over one render (boxes, pixels, format).

A rule takes a `Context` and yields `Finding`s. Boxes are reported in pixels of the full-size
image, whatever scale the render was made at, so the GUI can outline them on any preview.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass

from ..model.types import Campaign, Format, Message
from ..render.engine import Rect, RenderResult
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

    def full(self, box: Rect) -> Rect:
        """A box of the render in full-size pixels."""
        s = self.result.scale
        if s == 1.0:
            return box
        return (round(box[0] / s), round(box[1] / s), round(box[2] / s), round(box[3] / s))

    def finding(self, rule: str, severity: str, text: str, box: Rect | None = None) -> Finding:
        return Finding(rule, severity, self.message.id, self.format.id, text, self.full(box) if box else None)


Rule = Callable[[Context], Iterator[Finding]]
RULES: list[Rule] = []


def rule(fn: Rule) -> Rule:
    RULES.append(fn)
    return fn


_ROLE_NAMES = {"slogan": "Slogan", "cta": "Call to action", "hashtag": "Hashtag"}


def _intersects(a: Rect, b: Rect) -> bool:
    return a[0] < b[2] and b[0] < a[2] and a[1] < b[3] and b[1] < a[3]


@rule
def text_overflow(ctx: Context) -> Iterator[Finding]:
    for b in ctx.result.texts:
        if b.overflow:
            size_1x = round(b.size_px / ctx.result.scale)
            yield ctx.finding(
                "text-overflow", "error",
                f"{_ROLE_NAMES.get(b.role, b.role)} does not fit its box even at the minimum size "
                f"({size_1x} px); shorten the text", b.ink or b.box)


def _bands(fmt: Format, result: RenderResult) -> list[tuple[str, Rect]]:
    """The keep-clear bands of a format, in render pixels, with a name for each."""
    w, h = result.image.size
    x0, y0, x1, y1 = result.safe
    out = []
    if y0 > 0:
        out.append((f"top {fmt.safe.top} px", (0, 0, w, y0)))
    if y1 < h:
        out.append((f"bottom {fmt.safe.bottom} px", (0, y1, w, h)))
    if x0 > 0:
        out.append((f"left {fmt.safe.left} px", (0, 0, x0, h)))
    if x1 < w:
        out.append((f"right {fmt.safe.right} px", (x1, 0, w, h)))
    return out


_WHO_COVERS = {
    "snapchat": "Snapchat covers with its brand name, headline, \"Ad\" label and call to action",
    "facebook": "Facebook covers with its profile row and call to action",
    "google": "Google may crop (keep content in the centre 80 %)",
    "outdoor": "is outside the poster's safe area (frames, paste-up overlaps)",
}


@rule
def safe_zone(ctx: Context) -> Iterator[Finding]:
    bands = _bands(ctx.format, ctx.result)
    if not bands:
        return
    for b in ctx.result.texts:
        boxes = [ln.ink for ln in b.lines if ln.ink] + ([b.pill] if b.pill else [])
        for name, band in bands:
            hit = [bx for bx in boxes if _intersects(bx, band)]
            if hit:
                ink = (min(x[0] for x in hit), min(x[1] for x in hit), max(x[2] for x in hit), max(x[3] for x in hit))
                who = _WHO_COVERS.get(ctx.format.platform, "the platform covers")
                yield ctx.finding("safe-zone", "error",
                                  f"{_ROLE_NAMES.get(b.role, b.role)} overlaps the {name} that {who}", ink)
                break


@rule
def file_size(ctx: Context) -> Iterator[Finding]:
    limit = ctx.format.max_bytes
    if ctx.budget_error:
        yield ctx.finding("file-size", "error", ctx.budget_error)
    elif ctx.png_bytes is not None and ctx.png_bytes > limit:
        yield ctx.finding("file-size", "error",
                          f"The PNG is {ctx.png_bytes:,} bytes; {ctx.format.name} allows {limit:,}")


@rule
def missing_glyph(ctx: Context) -> Iterator[Finding]:
    for b in ctx.result.texts:
        if b.missing:
            chars = " ".join(f"'{c}' (U+{ord(c[0]):04X})" for c in dict.fromkeys(b.missing))
            yield ctx.finding("missing-glyph", "error",
                              f"{_ROLE_NAMES.get(b.role, b.role)} has characters no bundled font can draw: {chars}; "
                              "they would print as boxes", b.ink or b.box)
