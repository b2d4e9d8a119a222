"""The preview's print and motion controls: soft proof, paste-up joins, play and scrub.

Pixels, not impressions: each probe reads `panel.grab()` where the engine or the overlay put
something, and compares with what the same control shows when off.
"""

from __future__ import annotations

import pytest
from PySide6.QtCore import QPoint
from PySide6.QtGui import QImage

from creative_studio.encode import press
from creative_studio.gui.preview_panel import PreviewPanel
from creative_studio.gui.render_service import RenderService
from creative_studio.gui.session import Session
from creative_studio.model import load_sample
from creative_studio.render import render_detailed
from creative_studio.render.colour import hex_rgb
from creative_studio.render.motion import storyboard


@pytest.fixture(scope="module")
def campaign():
    return load_sample()


@pytest.fixture
def make_panel(qtbot, campaign):
    made = []

    def make(message: str, fmt: str, camp=None):
        session = Session(camp or campaign)
        session.select(message, fmt)
        service = RenderService()
        panel = PreviewPanel(session, service)
        qtbot.addWidget(panel)
        panel.resize(1000, 700)
        panel.show()
        qtbot.waitExposed(panel)
        panel.set_mockup_visible(False)
        qtbot.waitUntil(panel.is_ready, timeout=20000)
        made.append((panel, service, session))
        return panel, session

    yield make
    for panel, service, session in made:
        panel.shutdown()
        service.shutdown()
        session.undo_stack.setClean()


def _pixel(panel, x: float, y: float) -> tuple[int, int, int]:
    img: QImage = panel.grab().toImage()
    p: QPoint = panel.map_from_format(x, y)
    c = img.pixelColor(p)
    return c.red(), c.green(), c.blue()


def test_soft_proof_shows_a_green_brand_colour_as_the_press_prints_it(qtbot, make_panel, campaign):
    from dataclasses import replace

    green = replace(campaign, brand=replace(campaign.brand, cta_background="#00FF00"))
    panel, _ = make_panel("employ", "outdoor-48-sheet", green)
    assert panel.proof_button.isVisible() and not panel.play_button.isVisible()
    pill = render_detailed(green, "employ", "outdoor-48-sheet", 0.05).block("cta").pill
    x, y = (pill[0] + pill[2]) / 2 / 0.05, (pill[1] + pill[3]) / 2 / 0.05 - 0.3 * (pill[3] - pill[1]) / 0.05
    before = _pixel(panel, x, y)
    assert before[1] > 240 and before[0] < 30  # the screen's #00FF00
    panel.proof_button.click()
    qtbot.waitUntil(panel.is_ready, timeout=20000)
    after = _pixel(panel, x, y)
    printed = press.printed_rgb(hex_rgb("#00FF00"))
    assert max(abs(a - b) for a, b in zip(after, printed, strict=True)) <= 6, (after, printed)
    panel.proof_button.click()
    qtbot.waitUntil(panel.is_ready, timeout=20000)
    assert _pixel(panel, x, y)[1] > 240


def test_joins_overlay_draws_the_paste_up_panels_of_a_96_sheet(qtbot, make_panel):
    panel, _ = make_panel("family", "outdoor-96-sheet")
    assert panel.joins_button.isVisible()
    fmt = panel.session.campaign.format("outdoor-96-sheet")
    x_join = 1016 * fmt.width / 12192  # the first vertical join
    y = fmt.height * 0.08  # over the dark ground, clear of the face and text
    off = _pixel(panel, x_join, y)
    away_off = _pixel(panel, x_join * 1.5, y)
    panel.joins_button.click()
    qtbot.waitUntil(lambda: _pixel(panel, x_join, y) != off, timeout=5000)
    # Away from any join nothing changed.
    assert _pixel(panel, x_join * 1.5, y) == away_off
    assert len(panel._join_lines(fmt)) == 11 + 1  # 12 columns and 2 rows of panels


def test_scrub_shows_the_intact_face_at_the_start_and_the_still_at_the_end(qtbot, make_panel, campaign):
    panel, _ = make_panel("employ", "snapchat-snap-ad")
    assert panel.play_button.isVisible() and not panel.proof_button.isVisible()
    slogan = render_detailed(campaign, "employ", "snapchat-snap-ad").block("slogan").lines[0].ink
    sx, sy = (slogan[0] + slogan[2]) / 2, (slogan[1] + slogan[3]) / 2
    board = storyboard(campaign, campaign.message("employ"), campaign.format("snapchat-snap-ad"))

    def slogan_area_brightness() -> float:
        img = panel.grab().toImage()
        pts = [panel.map_from_format(slogan[0] + (slogan[2] - slogan[0]) * k / 20, sy) for k in range(21)]
        return max(img.pixelColor(p).lightness() for p in pts)

    still = slogan_area_brightness()
    assert still > 200  # white slogan letters
    panel.set_time(0.0)
    qtbot.waitUntil(panel.is_ready, timeout=20000)
    assert slogan_area_brightness() < 120  # no text yet: the ground
    assert panel.time_label.text().strip().startswith("0.0")
    panel.time_slider.setValue(round(board.duration_s * 1000))
    qtbot.waitUntil(panel.is_ready, timeout=20000)
    assert slogan_area_brightness() > 200
    del sx


def test_play_runs_to_the_end_card_and_stops(qtbot, make_panel):
    panel, _ = make_panel("employ", "google-300x250")
    panel.play_button.click()
    assert panel.is_playing() and panel.play_button.text().startswith("❚❚")
    qtbot.waitUntil(lambda: not panel.is_playing(), timeout=30000)
    assert panel._time_s is None and panel.play_button.text().startswith("▶")
