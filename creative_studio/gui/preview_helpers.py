"""Pure helpers of the preview panel: keep-clear band labels, request records, small widgets."""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import QRectF, Qt
from PySide6.QtWidgets import QFrame, QToolButton

from ..model.platforms import registry
from ..model.types import MM_PER_INCH, Format
from .preview_canvas import Band


def band_label(fmt: Format, side: str, px: int) -> str:
    """A short name for a keep-clear band: "Snapchat UI: top 150 px", "keep clear: right 177 px (150 mm)"."""
    who = registry().platform(fmt.platform).bands_for(fmt).short
    text = f"{who}: {side} {px} px"
    if fmt.print_spec:
        ps = fmt.print_spec
        text += f" ({round(px / ps.dpi * MM_PER_INCH * ps.scale)} mm)"
    return text


def keep_clear_bands(fmt: Format) -> tuple[Band, ...]:
    """The format's keep-clear insets as rectangles in 1x pixels (side bands between top and bottom)."""
    s, w, h = fmt.safe, fmt.width, fmt.height
    bands = []
    if s.top:
        bands.append(Band(QRectF(0, 0, w, s.top), "top", band_label(fmt, "top", s.top)))
    if s.bottom:
        bands.append(Band(QRectF(0, h - s.bottom, w, s.bottom), "bottom", band_label(fmt, "bottom", s.bottom)))
    mid = QRectF(0, s.top, w, max(0, h - s.top - s.bottom))
    if s.left:
        bands.append(Band(QRectF(0, mid.top(), s.left, mid.height()), "left", band_label(fmt, "left", s.left)))
    if s.right:
        bands.append(
            Band(QRectF(w - s.right, mid.top(), s.right, mid.height()), "right", band_label(fmt, "right", s.right))
        )
    return tuple(bands)


@dataclass(frozen=True)
class Req:
    """One render asked for: what, at which scale, when."""

    rid: int
    t0: float
    scale: float
    fast: bool
    target: tuple  # message id, format id, mockup, soft proof, animation time (None: the still)


@dataclass
class Shown:
    out: object  # Rendered
    req: Req
    ms: float


def tool_button(text: str, tip: str, checkable: bool = False, checked: bool = False) -> QToolButton:
    b = QToolButton()
    b.setText(text)
    b.setToolTip(tip)
    b.setCheckable(checkable)
    b.setChecked(checked)
    b.setAutoRaise(True)
    b.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
    return b


def separator() -> QFrame:
    f = QFrame()
    f.setFrameShape(QFrame.Shape.VLine)
    f.setFrameShadow(QFrame.Shadow.Sunken)
    return f


def typical_distances(fmt: Format) -> tuple[float, ...]:
    try:
        from ..render.distance import default_distances

        return tuple(float(v) for v in default_distances(fmt))
    except Exception:  # noqa: BLE001 - only a tooltip
        return tuple(fmt.viewing_distance_m or ())


def suits(have: float, want: float) -> bool:
    """A render within 3 % of the wanted scale is kept: resampling it costs nothing visible."""
    return want * 0.97 <= have <= want * 1.03


def resolvable_note(fmt: Format, metres: float) -> str:
    """ ", eye resolves ~700 px across" — how much of the poster a viewer can tell apart."""
    try:
        from ..render.distance import resolvable_px

        return f", eye resolves ~{resolvable_px(fmt, metres):.0f} px across"
    except Exception:  # noqa: BLE001 - an optional detail
        return ""


def short_text(text: str, n: int = 28) -> str:
    text = " ".join(text.split())
    return text if len(text) <= n else text[: n - 1] + "…"


__all__ = ["band_label", "keep_clear_bands"]
