"""Choosing a brand colour: the campaign follows the dialog live, and the dialog tells the contrast.

While the dialog is open every colour tried is shown in the preview and the thumbnails (the
session shows the tried campaign without an undo step); OK records the choice as one undoable
step, Cancel puts the campaign back as it was. Under the colour field the dialog gives the WCAG
contrast of the colour against what it sits on (text on the ground, the button's text on the
button, and for a ground the text on it), with the ratio the project's contrast rule computes.
"""

from __future__ import annotations

from dataclasses import replace

from PySide6.QtCore import QTimer, Signal
from PySide6.QtGui import QColor
from PySide6.QtWidgets import QColorDialog, QLabel, QWidget

from ..checks.rules.legibility import contrast_ratio
from ..model import Brand
from ..render.colour import hex_rgb
from .campaign_model import BRAND_LABELS, OVER_LIMIT

# What each colour is judged against: the colours it sits on (or that sit on it).
AGAINST = {
    "text": ("background", "background_2"),
    "accent": ("background", "background_2"),
    "cta_text": ("cta_background",),
    "cta_background": ("cta_text",),
    "background": ("text",),
    "background_2": ("text",),
}
TRY_DELAY_MS = 40  # a drag across the colour field shows at most one campaign per frame or two


def contrast_note(brand: Brand, name: str, colour: str) -> tuple[str, float]:
    """'Contrast 4.8:1 against #1A1A2E — passes AA' for `colour` as the brand's `name`, and the
    ratio: against the worst of what it meets (a gradient's two ends)."""
    others = [getattr(brand, o) for o in AGAINST.get(name, ())]
    if not others:
        return "", 0.0
    ratio, other = min((contrast_ratio(hex_rgb(colour), hex_rgb(o)), o) for o in others)
    if ratio >= 7.0:
        verdict = "passes AAA"
    elif ratio >= 4.5:
        verdict = "passes AA"
    elif ratio >= 3.0:
        verdict = "passes AA for large text only"
    else:
        verdict = "fails AA"
    what = "the text" if name in ("background", "background_2", "cta_background") else ""
    against = f"{what} {other.upper()}".strip()
    return f"Contrast {ratio:.1f}:1 against {against} — {verdict}", ratio


class BrandColourDialog(QColorDialog):
    """The colour dialog with a contrast line; emits what the designer tries.

    Signals:
        tried(str): the colour now in the dialog (#RRGGBB), coalesced while dragging
    """

    tried = Signal(str)

    def __init__(self, brand: Brand, name: str, parent: QWidget | None = None):
        super().__init__(QColor(getattr(brand, name)), parent)
        self.setOption(QColorDialog.ColorDialogOption.DontUseNativeDialog, True)  # it carries our line
        self.setWindowTitle(f"{BRAND_LABELS.get(name, name)} colour")
        self.brand, self.name = brand, name
        self.contrast_label = QLabel(self)
        self.contrast_label.setObjectName("contrastLabel")
        lay = self.layout()
        lay.insertWidget(max(0, lay.count() - 1), self.contrast_label)  # above OK / Cancel
        self._timer = QTimer(self, singleShot=True, interval=TRY_DELAY_MS, timeout=self._emit_tried)
        self.currentColorChanged.connect(self.on_currentColorChanged)
        self._show_contrast(self.currentColor())

    def chosen(self) -> str:
        return self.currentColor().name().upper()

    def on_currentColorChanged(self, colour: QColor) -> None:  # noqa: N802
        self._show_contrast(colour)
        self._timer.start()

    def _emit_tried(self) -> None:
        self.tried.emit(self.chosen())

    def flush(self) -> None:
        """Emit a pending try now (tests and accept: the last colour is never lost to the timer)."""
        if self._timer.isActive():
            self._timer.stop()
            self._emit_tried()

    def _show_contrast(self, colour: QColor) -> None:
        text, ratio = contrast_note(replace(self.brand, **{self.name: colour.name().upper()}), self.name, colour.name())
        self.contrast_label.setText(text)
        ok = ratio >= 4.5
        self.contrast_label.setStyleSheet("" if ok or not text else f"color: {OVER_LIMIT.name()}; font-weight: 600;")
