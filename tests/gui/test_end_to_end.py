"""The designer's path through the whole window: open, edit a slogan, see it, undo, export."""

from __future__ import annotations

import json

from PySide6.QtGui import QImage

from creative_studio.export import export_batch

CELL = ("employ", "snapchat-snap-ad")


def _preview_image(window) -> QImage | None:
    """What the preview shows, or None while the preview panel is a placeholder."""
    canvas = getattr(window.preview, "canvas", None)  # the picture only: the panel's status shows timings
    if canvas is None:
        return None
    return canvas.grab().toImage()


def test_open_edit_preview_undo_export(qtbot, window, session, tmp_path, is_blank):
    window.show()
    session.select(*CELL)
    qtbot.waitUntil(window.is_ready, timeout=30000)

    thumb_before = window.matrix.model.thumbnail(*CELL).copy()
    assert not is_blank(thumb_before)
    preview_before = _preview_image(window)
    if preview_before is not None:
        assert not is_blank(preview_before)

    # Retype the slogan: the thumbnail (and the preview) follow.
    session.set_message_text("employ", "slogan", "Who would ever hire you?")
    assert "*" in window.windowTitle()
    qtbot.waitUntil(lambda: window.matrix.model.thumbnail(*CELL) != thumb_before, timeout=10000)
    qtbot.waitUntil(window.is_ready, timeout=30000)
    thumb_edited = window.matrix.model.thumbnail(*CELL).copy()
    assert not is_blank(thumb_edited)
    if preview_before is not None:
        qtbot.waitUntil(lambda: _preview_image(window) != preview_before, timeout=10000)
    # Other messages' thumbnails were not touched.
    assert window.matrix.model.thumbnail("freedom", CELL[1]) is not None

    # Undo: the renderer is deterministic, so the pixels come back exactly.
    window.act_undo.trigger()
    assert "*" not in window.windowTitle()
    qtbot.waitUntil(lambda: window.matrix.model.thumbnail(*CELL) == thumb_before, timeout=10000)
    if preview_before is not None:
        qtbot.waitUntil(window.is_ready, timeout=30000)
        qtbot.waitUntil(lambda: _preview_image(window) == preview_before, timeout=10000)

    # Findings for the cell reached the inspector.
    qtbot.waitUntil(lambda: session.findings(*CELL) is not None, timeout=30000)
    assert window.inspector.fact("Pixel size") == "1080 × 1920 px"

    # Export the current campaign (small formats keep it quick).
    out = tmp_path / "export"
    result = export_batch(session.campaign, out, message_ids=["employ", "freedom"],
                          format_ids=["google-300x250", "google-320x50"], jobs=1, allow_errors=True)
    written = sorted(p.relative_to(out).as_posix() for p in out.rglob("*.png"))
    assert len(written) == 4
    manifest = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
    assert {f["format"] for f in manifest["files"]} == {"google-300x250", "google-320x50"}
    assert not result.failed
