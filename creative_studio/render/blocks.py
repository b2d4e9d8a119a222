"""One text role planned in format units: its size, lines, line positions and button, decided
for the format at full size so that every scale draws the same thing (the engine rasterises)."""

from __future__ import annotations

from dataclasses import dataclass

from ..model.types import TextSlot
from . import text as textmod
from .placement import FRect


@dataclass(frozen=True)
class Planned:
    """One text block decided in format units: everything but the pixels."""

    slot: TextSlot
    text: str
    box: FRect
    fit: textmod.Fit
    xs: tuple[float, ...]  # each line's start, format units
    baselines: tuple[float, ...]
    pill: FRect | None
    align: str
    rtl: bool
    min_px: int
    fill: str
    pill_fill: str | None
    keep: tuple[str, ...] = ()

    @property
    def extent(self) -> FRect:
        """What the block covers in format units (line boxes and the button), without drawing."""
        if self.pill:
            return self.pill
        a, d = textmod.text_metrics(self.text, self.slot.role, self.fit.size)
        xs = [(x, x + w) for x, w in zip(self.xs, self.fit.widths, strict=True)] or [(self.box[0], self.box[0])]
        return (
            min(x for x, _ in xs),
            min(self.baselines, default=self.box[1]) - a,
            max(x for _, x in xs),
            max(self.baselines, default=self.box[1]) + d,
        )


def plan_text(slot: TextSlot, text: str, box: FRect, short: float, keep: tuple[str, ...], fill: str, pill_fill):
    """Size, lines and positions of one text role in format units (independent of the scale)."""
    role = slot.role
    bw, bh = box[2] - box[0], box[3] - box[1]
    pad_x = pad_y = 0.0
    if slot.pill:
        pad_y, pad_x = bh * 0.18, bh * 0.35
    min_px = max(1, round(slot.min_size * short))
    max_px = max(min_px, round(slot.max_size * short))

    def fit_in(px: float, py: float) -> textmod.Fit:
        return textmod.fit_text(
            text,
            role,
            round(bw - 2 * px, 3),
            round(bh - 2 * py, 3),
            min_px,
            max_px,
            slot.max_lines,
            slot.line_spacing,
            keep,
        )

    fit = fit_in(pad_x, pad_y)
    if slot.pill and fit.overflow:
        # A tight button: padding proportional to the smallest type rather than to the box.
        tight = fit_in(0.5 * min_px, 0.2 * min_px)
        if not tight.overflow or len(" ".join(tight.lines)) > len(" ".join(fit.lines)):
            fit, pad_x, pad_y = tight, 0.5 * min_px, 0.2 * min_px
    total_h = fit.line_height * len(fit.lines)
    asc, desc = textmod.text_metrics(text, role, fit.size)
    widest = max(fit.widths, default=0.0)
    pill = None
    if slot.pill:
        pill_h = min(bh, total_h + 2 * pad_y)
        pill_w = min(bw, widest + 2 * pad_x)
        side = slot.align
        if textmod.is_rtl(textmod.clean(text)):  # a right-to-left button starts from the right
            side = {"left": "right", "right": "left"}.get(side, side)
        px0 = box[0] if side == "left" else box[2] - pill_w if side == "right" else box[0] + (bw - pill_w) / 2
        py0 = box[1] + (bh - pill_h) / 2
        pill = (px0, py0, px0 + pill_w, py0 + pill_h)
        top, left, right, align = py0 + (pill_h - total_h) / 2, px0 + pad_x, px0 + pill_w - pad_x, "center"
    else:
        top = (
            box[1]
            if slot.valign == "top"
            else box[3] - total_h
            if slot.valign == "bottom"
            else box[1] + (bh - total_h) / 2
        )
        left, right, align = box[0], box[2], slot.align
    extra = fit.line_height - (asc + desc)  # half the leading above each line: optical centring
    rtl = textmod.is_rtl(textmod.clean(text))
    xs, bls = [], []
    for i, lw in enumerate(fit.widths):
        bls.append(top + i * fit.line_height + extra / 2 + asc)
        if align == "left" and not rtl:
            xs.append(left)
        elif align == "right" or (align == "left" and rtl):
            xs.append(right - lw)
        else:
            xs.append(left + ((right - left) - lw) / 2)
    return Planned(slot, text, box, fit, tuple(xs), tuple(bls), pill, align, rtl, min_px, fill, pill_fill, keep)
