"""Starting the app: `run_app(..., screenshot=...)` and bad input at start."""

from __future__ import annotations

from PySide6.QtGui import QImage

from creative_studio.gui import app as app_module
from creative_studio.gui.app import SCREENSHOT_SIZE, run_app, wait_until_ready


def test_screenshot_writes_the_window_with_renders(qapp, tmp_path, is_blank):
    out = tmp_path / "shot.png"
    assert run_app(None, screenshot=str(out)) == 0
    image = QImage(str(out))
    assert not image.isNull()
    dpr = qapp.primaryScreen().devicePixelRatio()
    assert (image.width(), image.height()) == (round(SCREENSHOT_SIZE[0] * dpr), round(SCREENSHOT_SIZE[1] * dpr))
    assert not is_blank(image)
    # The matrix area holds rendered thumbnails: many distinct colours, not a flat placeholder.
    colours = {image.pixel(x, y) for x in range(400, 1300, 7) for y in range(150, 560, 7)}
    assert len(colours) > 200


def test_bad_campaign_at_start_prints_file_line_column(qapp, tmp_path, capsys):
    bad = tmp_path / "bad.yaml"
    bad.write_text("campaign:\n  id: x\n  name: [unclosed\n", encoding="utf-8")
    assert run_app(str(bad), screenshot=str(tmp_path / "never.png")) == 2
    err = capsys.readouterr().err
    assert err.startswith(f"{bad}:")
    assert err.split(":")[1].isdigit()  # a line number
    assert not (tmp_path / "never.png").exists()


def test_missing_campaign_file_is_bad_input(qapp, tmp_path, capsys):
    assert run_app(str(tmp_path / "nope.yaml"), screenshot=str(tmp_path / "x.png")) == 2
    assert "nope.yaml" in capsys.readouterr().err


def test_wait_until_ready_gives_up_after_the_timeout(qapp):
    class NeverReady:
        def is_ready(self):
            return False

    assert wait_until_ready(NeverReady(), timeout_ms=120) is False


def test_app_identity(qapp):
    app_module.ensure_app()
    assert qapp.applicationName() == "CreativeStudio"
    assert qapp.organizationName() == "CreativeStudio"
