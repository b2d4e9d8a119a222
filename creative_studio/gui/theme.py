"""Light and dark looks for the app: Fusion style, a calm palette, the bundled Inter UI font.

Why here and not scattered across panels: every panel asks this module for its colours
(`color("accent")`, `platform_color("snapchat")`) so that switching theme restyles the whole app
from one place, and the look is the same on every machine (the UI font ships in `fonts/`).
"""

from __future__ import annotations

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QColor, QFont, QFontDatabase, QIcon, QPainter, QPainterPath, QPalette, QPen, QPixmap
from PySide6.QtWidgets import QApplication, QLabel, QWidget

from ..base import resources
from ..model.platforms import registry

THEMES = ("light", "dark")
_FONT_DIR = resources.font("inter")
UI_FAMILY = "Inter"

# Semantic colours per theme; panels use these names, never literal hex values.
_COLORS: dict[str, dict[str, str]] = {
    "light": {
        "window": "#F3F4F7",
        "base": "#FFFFFF",
        "alt": "#F7F8FA",
        "text": "#1D2330",
        "muted": "#6B7385",
        "border": "#DADDE5",
        "panel_header": "#E9EBF0",
        "accent": "#3D5AFE",
        "accent_text": "#FFFFFF",
        "cell": "#ECEEF2",
        "cell_hover": "#E1E5EE",
        "error": "#E03131",
        "warning": "#F08C00",
        "ok": "#2F9E44",
        "banner": "#FFF4E5",
        "banner_border": "#F59F00",
        "banner_text": "#5C3B00",
        "shadow": "#000000",
        "scroll_handle": "#C4C9D4",
        "scroll_hover": "#9CA3B2",
    },
    "dark": {
        "window": "#1B1E24",
        "base": "#22262E",
        "alt": "#262B34",
        "text": "#E6E8EE",
        "muted": "#9AA1B0",
        "border": "#343A46",
        "panel_header": "#272C35",
        "accent": "#7C8CFF",
        "accent_text": "#0E1220",
        "cell": "#2A2F39",
        "cell_hover": "#323845",
        "error": "#FF6B6B",
        "warning": "#FFA94D",
        "ok": "#69DB7C",
        "banner": "#3A2E12",
        "banner_border": "#F59F00",
        "banner_text": "#FFE3A3",
        "shadow": "#000000",
        "scroll_handle": "#4A5160",
        "scroll_hover": "#667085",
    },
}

# One hue per platform for the matrix's group headers and tags: (id, label, #RRGGBB), in the
# registry's order (templates/platforms.yaml holds them; generic colours, no brand assets).
PLATFORMS: tuple[tuple[str, str, str], ...] = tuple((p.id, p.label, p.colour) for p in registry().platforms)
PLATFORM_LABELS = {p: label for p, label, _ in PLATFORMS}

_current = "light"


def current() -> str:
    return _current


def color(name: str) -> QColor:
    """A semantic colour of the current theme."""
    return QColor(_COLORS[_current][name])


def platform_color(platform: str) -> QColor:
    return QColor(registry().platform(platform).colour)


def platform_label(platform: str) -> str:
    return registry().platform(platform).label


def load_fonts() -> str:
    """Register the bundled Inter faces; returns the UI family (falls back to the system's)."""
    global UI_FAMILY
    families: list[str] = []
    for name in ("Inter-Regular.otf", "Inter-SemiBold.otf", "Inter-Bold.otf"):
        path = _FONT_DIR / name
        if path.exists():
            fid = QFontDatabase.addApplicationFont(str(path))
            if fid >= 0:
                families += QFontDatabase.applicationFontFamilies(fid)
    UI_FAMILY = families[0] if families else QFont().defaultFamily()
    return UI_FAMILY


def palette(theme: str) -> QPalette:
    c = {k: QColor(v) for k, v in _COLORS[theme].items()}
    p = QPalette()
    R = QPalette.ColorRole
    p.setColor(R.Window, c["window"])
    p.setColor(R.WindowText, c["text"])
    p.setColor(R.Base, c["base"])
    p.setColor(R.AlternateBase, c["alt"])
    p.setColor(R.ToolTipBase, c["base"])
    p.setColor(R.ToolTipText, c["text"])
    p.setColor(R.PlaceholderText, c["muted"])
    p.setColor(R.Text, c["text"])
    p.setColor(R.Button, c["base"] if theme == "light" else c["alt"])
    p.setColor(R.ButtonText, c["text"])
    p.setColor(R.BrightText, c["error"])
    p.setColor(R.Highlight, c["accent"])
    p.setColor(R.HighlightedText, c["accent_text"])
    p.setColor(R.Link, c["accent"])
    p.setColor(R.Mid, c["border"])
    p.setColor(R.Midlight, c["panel_header"])
    p.setColor(R.Dark, c["border"].darker(130))
    p.setColor(R.Light, c["base"].lighter(110))
    p.setColor(R.Shadow, QColor(0, 0, 0, 90))
    disabled = QColor(c["muted"])
    disabled.setAlpha(150)
    for role in (R.WindowText, R.Text, R.ButtonText):
        p.setColor(QPalette.ColorGroup.Disabled, role, disabled)
    return p


def stylesheet(theme: str) -> str:
    c = _COLORS[theme]
    return f"""
QMainWindow::separator {{ background: {c["window"]}; width: 6px; height: 6px; }}
QDockWidget {{ font-weight: 600; }}
QDockWidget::title {{ background: {c["panel_header"]}; padding: 7px 10px; border-bottom: 1px solid {c["border"]}; }}
QToolBar {{ background: {c["base"]}; border: none; border-bottom: 1px solid {c["border"]}; spacing: 4px; padding: 4px 8px; }}
QToolBar QToolButton {{ padding: 5px 9px; border-radius: 6px; }}
QToolBar QToolButton:hover {{ background: {c["cell_hover"]}; }}
QToolBar QToolButton:checked {{ background: {c["cell"]}; }}
QStatusBar {{ background: {c["base"]}; border-top: 1px solid {c["border"]}; color: {c["muted"]}; }}
QStatusBar QLabel {{ padding: 0 8px; }}
QTabBar::tab {{ padding: 6px 14px; border: none; background: {c["window"]}; color: {c["muted"]}; }}
QTabBar::tab:selected {{ color: {c["text"]}; border-bottom: 2px solid {c["accent"]}; background: {c["base"]}; }}
QLabel#PanelHeader {{ font-size: 11pt; font-weight: 700; color: {c["text"]}; }}
QLabel#PanelSubheader {{ color: {c["muted"]}; }}
QLabel#SectionHeader {{ color: {c["muted"]}; font-size: 8pt; font-weight: 700; letter-spacing: 1px;
                        padding-top: 10px; }}
QLabel#FactValue {{ color: {c["text"]}; }}
QLabel#FactKey {{ color: {c["muted"]}; }}
QFrame#ErrorBanner {{ background: {c["banner"]}; border: 1px solid {c["banner_border"]}; border-radius: 6px; }}
QFrame#ErrorBanner QLabel {{ color: {c["banner_text"]}; }}
QFrame#ErrorBanner QToolButton {{ color: {c["banner_text"]}; border: none; padding: 2px 6px; font-weight: 700; }}
QToolButton#FilterChip {{ border: 1px solid {c["border"]}; border-radius: 12px; padding: 3px 12px;
                          background: {c["base"]}; }}
QToolButton#FilterChip:checked {{ background: {c["accent"]}; color: {c["accent_text"]}; border-color: {c["accent"]}; }}
QFrame#Card {{ background: {c["base"]}; border: 1px solid {c["border"]}; border-radius: 8px; }}
QListView, QTableView, QTreeView {{ border: none; }}
QScrollArea {{ border: none; }}
QScrollBar:vertical {{ background: {c["window"]}; width: 12px; margin: 0; border: none; }}
QScrollBar:horizontal {{ background: {c["window"]}; height: 12px; margin: 0; border: none; }}
QScrollBar::handle {{ background: {c["scroll_handle"]}; border-radius: 4px; margin: 2px; }}
QScrollBar::handle:vertical {{ min-height: 32px; }}
QScrollBar::handle:horizontal {{ min-width: 32px; }}
QScrollBar::handle:hover, QScrollBar::handle:pressed {{ background: {c["scroll_hover"]}; }}
QScrollBar::add-line, QScrollBar::sub-line {{ width: 0; height: 0; border: none; background: none; }}
QScrollBar::add-page, QScrollBar::sub-page {{ background: none; }}
QAbstractScrollArea::corner {{ background: {c["window"]}; border: none; }}
"""


def apply(app: QApplication, theme: str = "light") -> None:
    """Switch the whole app to `theme` (Fusion style, palette, stylesheet)."""
    global _current
    if theme not in THEMES:
        theme = "light"
    _current = theme
    app.setStyle("Fusion")
    app.setPalette(palette(theme))
    app.setStyleSheet(stylesheet(theme))


def header(text: str, parent: QWidget | None = None, sub: bool = False) -> QLabel:
    """A panel header label (styled by the theme's stylesheet)."""
    label = QLabel(text, parent)
    label.setObjectName("PanelSubheader" if sub else "PanelHeader")
    return label


def section(text: str, parent: QWidget | None = None) -> QLabel:
    """A small upper-case section title inside a panel."""
    label = QLabel(text.upper(), parent)
    label.setObjectName("SectionHeader")
    return label


ICONS = ("open", "save", "undo", "redo", "safe", "export", "theme")


def _icon_path(name: str) -> QPainterPath:
    """Simple line icons on a 24 x 24 grid (drawn, so they follow the theme and any DPI)."""
    p = QPainterPath()
    if name == "open":
        p.moveTo(3, 19)
        p.lineTo(3, 6)
        p.lineTo(9, 6)
        p.lineTo(11, 8)
        p.lineTo(19, 8)
        p.lineTo(19, 11)
        p.moveTo(3, 19)
        p.lineTo(6.5, 11)
        p.lineTo(22, 11)
        p.lineTo(18.5, 19)
        p.closeSubpath()
    elif name == "save":
        p.addRoundedRect(QRectF(4, 4, 16, 16), 2.5, 2.5)
        p.moveTo(8, 4)
        p.lineTo(8, 9)
        p.lineTo(15, 9)
        p.lineTo(15, 4)
        p.addRect(QRectF(8, 13.5, 8, 6.5))
    elif name in ("undo", "redo"):
        p.moveTo(9, 6)
        p.lineTo(5, 10)
        p.lineTo(9, 14)
        p.moveTo(5, 10)
        p.lineTo(14, 10)
        p.cubicTo(22, 10, 22, 19, 14, 19)
        p.lineTo(9, 19)
    elif name == "safe":
        p.addRoundedRect(QRectF(5, 2.5, 14, 19), 2.5, 2.5)
        p.moveTo(5, 6.5)
        p.lineTo(19, 6.5)
        p.moveTo(5, 17.5)
        p.lineTo(19, 17.5)
    elif name == "export":
        p.moveTo(12, 3)
        p.lineTo(12, 14)
        p.moveTo(7.5, 7.5)
        p.lineTo(12, 3)
        p.lineTo(16.5, 7.5)
        p.moveTo(5, 12)
        p.lineTo(5, 20)
        p.lineTo(19, 20)
        p.lineTo(19, 12)
    elif name == "theme":
        p.addEllipse(QRectF(4, 4, 16, 16))
        p.moveTo(12, 4)
        p.lineTo(12, 20)
    return p


def icon(name: str, size: int = 24) -> QIcon:
    """A themed line icon; call again after a theme switch."""
    ic = QIcon()
    for scale in (1, 2):
        pm = QPixmap(size * scale, size * scale)
        pm.setDevicePixelRatio(scale)
        pm.fill(Qt.GlobalColor.transparent)
        painter = QPainter(pm)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.scale(size / 24, size / 24)
        path = _icon_path(name)
        if name == "redo":
            painter.translate(24, 0)
            painter.scale(-1, 1)
        painter.setPen(
            QPen(color("text"), 1.7, Qt.PenStyle.SolidLine, Qt.PenCapStyle.RoundCap, Qt.PenJoinStyle.RoundJoin)
        )
        painter.setBrush(Qt.BrushStyle.NoBrush)
        painter.drawPath(path)
        if name == "theme":  # half filled: light/dark
            half = QPainterPath()
            half.moveTo(12, 4)
            half.arcTo(QRectF(4, 4, 16, 16), 90, 180)
            half.closeSubpath()
            painter.setBrush(color("text"))
            painter.drawPath(half)
        if name == "safe":  # hatch the keep-clear bands
            painter.setPen(QPen(color("text"), 1.0))
            for x in (8, 11, 14, 17):
                painter.drawLine(QPointF(x - 2, 6.5), QPointF(x, 2.8))
                painter.drawLine(QPointF(x - 2, 21.2), QPointF(x, 17.5))
        painter.end()
        ic.addPixmap(pm)
    return ic
