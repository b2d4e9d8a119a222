"""What every rule shares: the `Context` a rule reads, the `rule` decorator and small box helpers.

A rule is a function `Context -> Iterator[Finding]`; `@rule` records it. The package's
`__init__` puts the recorded rules in the order of its FAMILIES tuple (that order is the order
findings are printed in).
"""

from __future__ import annotations

import math
from collections.abc import Callable, Iterator
from dataclasses import dataclass

from ...model.platforms import Platform, registry
from ...model.types import Campaign, Format, Message
from ...render.engine import Rect, RenderResult, TextBlock
from ..findings import Finding


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
    def platform(self) -> Platform:
        """What the platform registry (templates/platforms.yaml) says about this format's platform."""
        return registry().platform(self.result.format.platform)

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
        return Finding(rule, severity, self.message.id, self.format.id, text, box, self.result.language)


Rule = Callable[[Context], Iterator[Finding]]
REGISTERED: list[Rule] = []  # in definition order; the package orders them by family


def rule(fn: Rule) -> Rule:
    """Record a rule. Its id is the function's name with dashes: `safe_zone` -> "safe-zone"."""
    REGISTERED.append(fn)
    return fn


def rule_id(fn: Rule) -> str:
    return fn.__name__.replace("_", "-")


def role_name(role: str) -> str:
    """How findings name a text role ("Call to action"), from the platform registry."""
    return registry().role_label(role)


def intersects(a: Rect, b: Rect) -> bool:
    return a[0] < b[2] and b[0] < a[2] and a[1] < b[3] and b[1] < a[3]


def union_bbox(boxes: list[Rect]) -> Rect:
    return (min(b[0] for b in boxes), min(b[1] for b in boxes), max(b[2] for b in boxes), max(b[3] for b in boxes))


def ink_boxes(b: TextBlock) -> list[Rect]:
    """What a block puts on the image: each line's glyph ink and the button behind it."""
    return [ln.ink for ln in b.lines if ln.ink] + ([b.pill] if b.pill else [])


def excerpt(text: str, n: int = 40) -> str:
    text = " ".join(text.split())
    return text if len(text) <= n else text[: n - 1] + "…"
