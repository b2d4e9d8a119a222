"""The theme: scroll bars drawn in the palette of each theme (track, handle, hover), not Fusion's grey."""

from __future__ import annotations

from collections import Counter

import pytest
from PySide6.QtCore import QPoint
from PySide6.QtWidgets import QLabel, QScrollArea

from creative_studio.gui import theme


@pytest.fixture
def themed(qapp):
    """The app as the other tests left it is put back afterwards (style, palette, stylesheet)."""
    style, palette, sheet, current = qapp.style().name(), qapp.palette(), qapp.styleSheet(), theme.current()
    yield qapp
    theme.apply(qapp, current)
    qapp.setStyleSheet(sheet)
    qapp.setStyle(style)
    qapp.setPalette(palette)


def _colours(image, x0: int, x1: int, y0: int, y1: int) -> Counter:
    return Counter(image.pixelColor(x, y).name().upper() for x in range(x0, x1) for y in range(y0, y1))


@pytest.mark.parametrize("name", theme.THEMES)
def test_scroll_bars_wear_the_theme(qtbot, themed, name):
    theme.apply(themed, name)
    area = QScrollArea()
    qtbot.addWidget(area)
    content = QLabel("tall content")
    content.setMinimumSize(300, 3000)
    area.setWidget(content)
    area.resize(240, 300)
    area.show()
    qtbot.waitExposed(area)
    bar = area.verticalScrollBar()
    assert bar.width() == 12
    palette = {k: theme.color(k).name().upper() for k in ("window", "scroll_handle", "scroll_hover")}
    image = bar.grab().toImage()
    top = _colours(image, 4, 8, 4, 20)  # inside the handle (at the top: the view is at its start)
    track = _colours(image, 0, 12, bar.height() - 20, bar.height() - 4)  # the empty track below it
    assert top.most_common(1)[0][0] == palette["scroll_handle"]
    assert set(track) == {palette["window"]}
    # Hovering the handle lights it in the theme's hover colour.
    qtbot.mouseMove(bar, QPoint(6, 10))
    hovered = _colours(bar.grab().toImage(), 4, 8, 4, 20).most_common(1)[0][0]
    assert hovered == palette["scroll_hover"]
    # Scrolling moves the handle: the top of the track is now empty.
    bar.setValue(bar.maximum())
    image = bar.grab().toImage()
    assert set(_colours(image, 0, 12, 0, 6)) == {palette["window"]}
    assert _colours(image, 4, 8, bar.height() - 20, bar.height() - 4).most_common(1)[0][0] in (
        palette["scroll_handle"],
        palette["scroll_hover"],
    )
