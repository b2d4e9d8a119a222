"""Real pixels at 100 % on a poster: the view's region rendered by the engine, not an enlargement.

Every comparison is against the engine's own region render (render/region.py), pixel for pixel
on the grabbed viewport; waits are on the panel's readiness, never on the clock.
"""

from __future__ import annotations

from collections import Counter

import pytest
from PySide6.QtCore import QPoint, QPointF, Qt
from PySide6.QtGui import QImage

from creative_studio.gui.preview_panel import PreviewPanel
from creative_studio.gui.render_service import RenderService, pil_to_qimage
from creative_studio.gui.session import Session
from creative_studio.model import load_sample
from creative_studio.render.engine import layout_message
from creative_studio.render.region import render_region

POSTER = "outdoor-96-sheet"


@pytest.fixture
def poster_panel(qtbot):
    campaign = load_sample()
    session = Session(campaign)
    session.select("employ", POSTER)
    service = RenderService()
    panel = PreviewPanel(session, service)
    qtbot.addWidget(panel)
    panel.resize(900, 640)
    panel.show()
    qtbot.waitExposed(panel)
    qtbot.waitUntil(panel.is_ready, timeout=20000)
    yield panel, session
    panel.shutdown()
    service.shutdown()
    session.undo_stack.setClean()


def _view_patch(panel, x: int, y: int, w: int, h: int) -> QImage:
    """What the viewport shows of format pixels x..x+w, y..y+h (one screen px per format px)."""
    top_left = panel.canvas.map_format_point(0, x, y).toPoint()
    return (
        panel.canvas.viewport()
        .grab()
        .toImage()
        .convertToFormat(QImage.Format.Format_RGBA8888)
        .copy(top_left.x(), top_left.y(), w, h)
    )


def _engine_patch(session, x: int, y: int, w: int, h: int) -> QImage:
    c = session.campaign
    image = render_region(c, c.message("employ"), c.format(POSTER), 1.0, (x, y, x + w, y + h))
    return pil_to_qimage(image)


def _look_at(canvas, x: float, y: float) -> None:
    plate = canvas.plates[0]
    canvas.centerOn(plate.root.mapToScene(plate.overlay.pos() + QPointF(x, y)))


def _slogan_point(session) -> tuple[int, int]:
    """The left end of the slogan's first line at full size: letters, not a flat ground."""
    c = session.campaign
    ink = layout_message(c, c.message("employ"), c.format(POSTER), 1.0).block("slogan").lines[0].ink
    return ink[0] + 40, (ink[1] + ink[3]) // 2


def test_100_percent_on_the_96_sheet_shows_real_pixels_and_panning_renders_the_next_region(qtbot, poster_panel):
    panel, session = poster_panel
    canvas = panel.canvas
    sx, sy = _slogan_point(session)
    canvas.setFocus()
    qtbot.keyClick(canvas, Qt.Key.Key_1, Qt.KeyboardModifier.ControlModifier)  # the 100 % key
    # Until the region arrives the view is the preview's picture enlarged, and says so.
    status = panel.status_labels[0].text()
    assert "on screen 100 %" in status and "enlarged" in status and "rendering real pixels…" in status
    qtbot.waitUntil(panel.is_ready, timeout=30000)
    assert "real pixels" in panel.status_labels[0].text()
    _look_at(canvas, sx, sy)  # the slogan's first letters in the middle of the view
    qtbot.waitUntil(panel.is_ready, timeout=30000)

    status = panel.status_labels[0].text()
    assert "on screen 100 % — real pixels" in status and "enlarged" not in status
    assert "limited" not in panel.zoom_label.text()
    assert panel.shown_scale() < 0.2  # the preview's own picture stays a screen-size render
    scale, box = panel.detail_region()
    assert scale == 1.0
    x, y = sx - 120, sy - 60
    shown = _view_patch(panel, x, y, 240, 120)
    expected = _engine_patch(session, x, y, 240, 120)
    assert shown == expected  # the engine's pixels, one for one: sharp letters, not a blur
    counts = Counter(expected.pixel(i, j) for i in range(240) for j in range(120))
    assert max(counts.values()) < 0.9 * 240 * 120 and len(counts) > 8  # letter and ground, and their edges

    # Pan by dragging 400 px to the left: the next region is rendered, and it is real pixels too.
    vp = canvas.viewport()
    start = QPoint(vp.width() // 2, vp.height() // 2)
    qtbot.mousePress(vp, Qt.MouseButton.LeftButton, pos=start)
    for step in range(1, 5):
        qtbot.mouseMove(vp, start - QPoint(100 * step, 0))
    qtbot.mouseRelease(vp, Qt.MouseButton.LeftButton, pos=start - QPoint(400, 0))
    qtbot.waitUntil(panel.is_ready, timeout=30000)
    scale2, box2 = panel.detail_region()
    assert scale2 == 1.0 and box2[0] == pytest.approx(box[0] + 400, abs=2)
    # a strip that only the new region covers (right of the old region's padded edge)
    x2 = box[2] + 10
    shown = _view_patch(panel, x2, sy - 60, 200, 120)
    assert shown == _engine_patch(session, x2, sy - 60, 200, 120)
    assert "real pixels" in panel.status_labels[0].text()


def test_an_edit_drops_the_stale_region_and_the_next_one_shows_the_new_text(qtbot, poster_panel):
    panel, session = poster_panel
    sx, sy = _slogan_point(session)
    panel.zoom_100()
    qtbot.waitUntil(panel.is_ready, timeout=30000)
    plate = panel.canvas.plates[0]
    _look_at(panel.canvas, sx, sy)
    qtbot.waitUntil(panel.is_ready, timeout=30000)
    assert plate.detail.isVisible()
    session.set_message_text("employ", "slogan", "Nobody would hire you now")
    assert not plate.detail.isVisible()  # the old letters are never shown over the new picture
    qtbot.waitUntil(panel.is_ready, timeout=30000)
    assert plate.detail.isVisible() and "real pixels" in panel.status_labels[0].text()
    scale, box = panel.detail_region()
    x, y = (box[0] + box[2]) // 2 - 100, (box[1] + box[3]) // 2 - 50
    assert _view_patch(panel, x, y, 200, 100) == _engine_patch(session, x, y, 200, 100)


def test_a_digital_format_at_200_percent_needs_no_region(qtbot, poster_panel):
    panel, session = poster_panel
    session.select(format_id="google-300x250")
    qtbot.waitUntil(panel.is_ready, timeout=20000)
    panel.canvas.zoom_to(2.0)
    qtbot.waitUntil(panel.is_ready, timeout=20000)
    assert panel.detail_region() is None  # the whole render is already at full size
    assert "enlarged 2.0×" in panel.status_labels[0].text()
