"""The matrix: its model, background thumbnails, check findings, selection and filtering."""

from __future__ import annotations

from dataclasses import replace

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication, QImage
from PySide6.QtTest import QTest

from creative_studio.checks import Finding
from creative_studio.gui.matrix_model import FindingsRole, MatrixModel, ReviewRole, ThumbRole, counts, short_format_name
from creative_studio.gui.matrix_panel import MatrixPanel, check_scale

ALL_CELLS = 3 * 26


@pytest.fixture
def panel(qtbot, session, service):
    p = MatrixPanel(session, service)
    qtbot.addWidget(p)
    p.resize(1200, 560)
    p.show()
    return p


def _ready(qtbot, panel, timeout=20000):
    qtbot.waitUntil(panel.is_ready, timeout=timeout)


def test_model_passes_qtmodeltester(qtmodeltester, sample):
    model = MatrixModel(sample)
    img = QImage(20, 10, QImage.Format.Format_RGBA8888)
    img.fill(Qt.GlobalColor.red)
    model.set_thumbnail("freedom", "facebook-story", img)
    model.set_findings(
        "freedom", "facebook-story", (Finding("contrast", "warning", "freedom", "facebook-story", "low"),)
    )
    model.set_review("employ", "snapchat-snap-ad", "approved")
    qtmodeltester.check(model)
    # Structure changes (a message deleted) go through a model reset and keep the model valid.
    model.set_campaign(sample.without_message("employ"))
    assert model.rowCount() == 2
    assert model.data(model.index_of("freedom", "facebook-story"), ThumbRole) is img
    qtmodeltester.check(model)


def test_model_rows_and_columns_follow_campaign(sample):
    model = MatrixModel(sample)
    assert (model.rowCount(), model.columnCount()) == (len(sample.messages), len(sample.formats))
    assert model.headerData(0, Qt.Orientation.Vertical) == sample.messages[0].slogan
    fb = sample.format_ids.index("facebook-story")
    assert model.headerData(fb, Qt.Orientation.Horizontal) == "Story 9:16"
    assert short_format_name("Google leaderboard 728x90", "google") == "Leaderboard 728x90"
    assert counts(None) == (0, 0)


def test_thumbnails_arrive_and_are_not_blank(qtbot, panel, sample, is_blank):
    qtbot.waitUntil(lambda: panel.model.thumbnails_ready() == ALL_CELLS, timeout=20000)
    for m in sample.message_ids:
        for f in ("facebook-feed-square", "snapchat-snap-ad", "google-728x90", "outdoor-96-sheet"):
            img = panel.model.thumbnail(m, f)
            assert img is not None and not img.isNull()
            dpr = img.devicePixelRatio()
            assert img.width() / dpr <= 150.5 and img.height() / dpr <= 110.5
            assert not is_blank(img), (m, f)
    # The painted view shows them too (the delegate draws the image, not a placeholder).
    shot = panel.view.viewport().grab().toImage()
    assert not is_blank(shot)


def test_checks_publish_findings_at_check_scale(qtbot, panel, session, sample):
    with qtbot.waitSignal(panel.checksReady, timeout=30000):
        pass
    for m in sample.message_ids:
        for f in sample.format_ids:
            assert session.findings(m, f) is not None, (m, f)
    # The badges read the same findings the session holds.
    for f in ("facebook-feed-square", "snapchat-snap-ad", "outdoor-96-sheet"):
        assert panel.model.index_of("freedom", f).data(FindingsRole) == session.findings("freedom", f)
    e = Finding("safe-zone", "error", "freedom", "x", "t")
    w = Finding("contrast", "warning", "freedom", "x", "t")
    assert counts((e, w, w)) == (1, 2)
    assert check_scale(sample.format("outdoor-96-sheet")) == pytest.approx(1200 / 14400)
    assert check_scale(sample.format("google-300x250")) == 1.0


def test_click_on_a_cell_selects_it(qtbot, panel, session):
    idx = panel.model.index_of("employ", "snapchat-snap-ad")
    panel.view.scrollTo(idx)
    rect = panel.view.visualRect(idx)
    with qtbot.waitSignal(session.selectionChanged, timeout=2000) as sig:
        qtbot.mouseClick(panel.view.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    assert sig.args == ["employ", "snapchat-snap-ad"]
    assert (session.message_id, session.format_id) == ("employ", "snapchat-snap-ad")


def test_selection_from_the_session_moves_the_current_cell(panel, session):
    session.select("family", "outdoor-d6")
    assert panel.model.cell(panel.view.currentIndex()) == ("family", "outdoor-d6")


def test_an_edit_rerenders_only_the_changed_message(qtbot, panel, session, service, monkeypatch):
    _ready(qtbot, panel)
    requested: list[str] = []
    original = service.request

    def spy(key, *args, **kwargs):
        requested.append(key)
        return original(key, *args, **kwargs)

    monkeypatch.setattr(service, "request", spy)
    before = panel.model.thumbnail("employ", "facebook-feed-square")
    session.set_message_text("employ", "slogan", "Who would ever employ you now?")
    session.set_message_text("employ", "slogan", "Who would ever employ you now??")  # a burst: one refresh
    qtbot.waitUntil(lambda: panel.is_ready() and bool(requested), timeout=20000)
    assert len(requested) == 2 * 26
    assert {k.split(":")[1] for k in requested} == {"employ"}
    after = panel.model.thumbnail("employ", "facebook-feed-square")
    assert after != before
    # A brand change touches every cell.
    requested.clear()
    session.set_brand(replace(session.campaign.brand, background="#402020"))
    qtbot.waitUntil(lambda: panel.is_ready() and bool(requested), timeout=30000)
    assert len(requested) == 2 * ALL_CELLS


def test_platform_filter_hides_other_columns(panel, sample):
    panel.set_platforms({"snapchat"})
    hidden = [f.id for col, f in enumerate(sample.formats) if panel.view.isColumnHidden(col)]
    assert len(hidden) == len(sample.formats) - 1
    assert panel.filter_buttons["snapchat"].isChecked() and not panel.filter_buttons["all"].isChecked()
    # A chip switches to its platform; Ctrl-click adds one.
    QTest.mouseClick(panel.filter_buttons["outdoor"], Qt.MouseButton.LeftButton)
    assert panel.visible_platforms() == {"outdoor"}
    QTest.mouseClick(panel.filter_buttons["snapchat"], Qt.MouseButton.LeftButton, Qt.KeyboardModifier.ControlModifier)
    assert panel.visible_platforms() == {"snapchat", "outdoor"}
    panel.filter_buttons["all"].click()
    assert not any(panel.view.isColumnHidden(c) for c in range(len(sample.formats)))


def test_adding_and_deleting_messages_resets_rows(qtbot, panel, session):
    _ready(qtbot, panel)
    new_id = session.duplicate_message("freedom")
    assert panel.model.rowCount() == 4
    qtbot.waitUntil(lambda: panel.model.thumbnails_ready() == 4 * 26, timeout=20000)
    session.delete_message(new_id)
    assert panel.model.rowCount() == 3
    assert panel.model.thumbnails_ready() == ALL_CELLS


def test_review_badges_come_from_the_review_package(panel, session, monkeypatch):
    import creative_studio.gui.matrix_panel as mp

    monkeypatch.setattr(mp, "review_statuses", lambda c, language=None: {("freedom", "snapchat-snap-ad"): "approved"})
    session.reviewChanged.emit()
    assert panel.model.index_of("freedom", "snapchat-snap-ad").data(ReviewRole) == "approved"
    assert panel.model.index_of("employ", "snapchat-snap-ad").data(ReviewRole) is None


def test_while_typing_only_visible_cells_render_the_rest_after_a_pause(qtbot, panel, session, service, monkeypatch):
    _ready(qtbot, panel)
    panel.resize(700, 560)  # a few columns on screen
    requested: list[str] = []
    original = service.request

    def spy(key, *args, **kwargs):
        requested.append(key)
        return original(key, *args, **kwargs)

    monkeypatch.setattr(service, "request", spy)
    session.set_message_text("family", "slogan", "How will it affect them?")
    qtbot.waitUntil(lambda: bool(requested), timeout=5000)
    visible = {f"thumb:{m}:{f}" for m, f in panel._visible_cells()}
    first_pass = list(requested)
    assert first_pass and set(first_pass) <= visible  # no checks, nothing off screen yet
    qtbot.waitUntil(panel.is_ready, timeout=30000)
    thumbs = {k for k in requested if k.startswith("thumb:")}
    checks = {k for k in requested if k.startswith("check:")}
    assert len(thumbs) == 26 and len(checks) == 26


def _by_cell(findings) -> dict[tuple[str, str], list[tuple]]:
    out: dict[tuple[str, str], list[tuple]] = {}
    for f in findings:
        box = tuple(f["box"]) if isinstance(f, dict) and f.get("box") else getattr(f, "box", None)
        rule, sev = (f["rule"], f["severity"]) if isinstance(f, dict) else (f.rule, f.severity)
        m, fmt = (f["message"], f["format"]) if isinstance(f, dict) else (f.message, f.format)
        out.setdefault((m, fmt), []).append((rule, sev, tuple(box) if box else None))
    return {k: sorted(v, key=repr) for k, v in out.items()}


def test_one_verdict_the_matrix_shows_what_check_prints(qtbot, session, service, sample):
    """Drafts first (labelled), then the full-size verdicts of worker processes, cell by cell
    equal to `check --json` on the sample: rule, severity and box."""
    import json
    import subprocess
    import sys
    from pathlib import Path

    from creative_studio.gui.matrix_model import DraftRole
    from creative_studio.gui.verdict_service import VerdictService

    verdicts = VerdictService(workers=2)
    verdicts.pause()  # hold the full-size pass: the drafts must show, marked as drafts
    p = MatrixPanel(session, service, verdicts=verdicts)
    qtbot.addWidget(p)
    p.resize(1200, 560)
    p.show()
    try:
        qtbot.waitUntil(p.is_ready, timeout=60000)  # thumbnails + reduced-scale checks
        cells = [(m, f) for m in sample.message_ids for f in sample.format_ids]
        assert all(session.findings(*c) is not None and session.is_draft(*c) for c in cells)
        assert p.model.index_of(*cells[0]).data(DraftRole) is True
        assert "draft" in p.subtitle.text()
        assert not p.verdicts_ready()

        with qtbot.waitSignal(p.verdictsReady, timeout=240000):
            verdicts.resume()
        assert not any(session.is_draft(*c) for c in cells)
        assert p.model.index_of(*cells[0]).data(DraftRole) is False
        assert "draft" not in p.subtitle.text()

        root = Path(__file__).resolve().parents[2]
        proc = subprocess.run(
            [sys.executable, str(root / "main.py"), "check", str(sample.path), "--json"],
            capture_output=True,
            text=True,
            timeout=600,
        )
        assert proc.returncode in (0, 1), proc.stderr
        expected = _by_cell(json.loads(proc.stdout)["findings"])
        shown = _by_cell(f for c in cells for f in session.findings(*c))
        for c in cells:
            assert shown.get(c, []) == expected.get(c, []), c
    finally:
        verdicts.shutdown()


def test_the_selection_follows_the_filter_so_the_inspector_never_shows_a_hidden_cell(panel, session):
    session.select("employ", "facebook-story")
    panel.set_platforms({"snapchat"})
    assert (session.message_id, session.format_id) == ("employ", "snapchat-snap-ad")


def test_search_by_text_and_filter_by_status(qtbot, panel, session, sample):
    _ready(qtbot, panel)
    QTest.keyClicks(panel.search_edit, "FAMILY")  # the slogan "How will it affect your family?"
    assert [m for m, _f in panel.shown_cells()][:1] == ["family"]
    assert {m for m, _f in panel.shown_cells()} == {"family"}
    assert session.message_id == "family"  # the selection followed
    panel.search_edit.clear()
    QTest.keyClicks(panel.search_edit, "leaderboard")  # no copy says it: format names do
    assert {f for _m, f in panel.shown_cells()} == {"google-728x90", "google-970x90"}
    panel.search_edit.clear()
    assert len(panel.shown_cells()) == ALL_CELLS
    panel.status_combo.setCurrentIndex(panel.status_combo.findData("warnings"))
    shown = panel.shown_cells()
    warned = {(m, f) for m, f in shown if any(x.severity == "warning" for x in session.findings(m, f))}
    assert warned and {f for _m, f in warned} == {f for _m, f in shown}  # no column without a warning
    assert {m for m, _f in warned} == {m for m, _f in shown} and len(shown) < ALL_CELLS
    panel.status_combo.setCurrentIndex(panel.status_combo.findData("errors"))
    assert panel.shown_cells() == []  # the sample has no errors
    panel.status_combo.setCurrentIndex(0)
    assert len(panel.shown_cells()) == ALL_CELLS


def test_cell_menu_and_double_click_ask_the_window(qtbot, panel, session, service):
    _ready(qtbot, panel)
    index = panel.model.index_of("employ", "google-300x250")
    menu = panel.cell_menu(index)
    texts = [a.text() for a in menu.actions() if a.text()]
    assert texts == [
        "Export this cell…",
        "Copy image",
        "Reveal in folder",
        "Approve",
        "Request changes",
        "Open large",
    ]
    actions = {a.text(): a for a in menu.actions()}
    with qtbot.waitSignal(panel.cellExportRequested) as sig:
        actions["Export this cell…"].trigger()
    assert sig.args == ["employ", "google-300x250"]
    with qtbot.waitSignal(panel.cellDecisionRequested) as sig:
        actions["Request changes"].trigger()
    assert sig.args == ["employ", "google-300x250", "changes-requested"]
    with qtbot.waitSignal(panel.imageCopied, timeout=20000) as sig:
        actions["Copy image"].trigger()
    assert sig.args == [""]
    image = QGuiApplication.clipboard().image()
    assert (image.width(), image.height()) == (300, 250)  # the export's pixels, not the thumbnail
    panel.view.scrollTo(index)
    rect = panel.view.visualRect(index)
    assert panel.view.viewport().rect().contains(rect.center())
    with qtbot.waitSignal(panel.cellLargeRequested) as sig:  # a real double-click: click, then double
        QTest.mouseClick(panel.view.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
        QTest.mouseDClick(panel.view.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    assert sig.args == ["employ", "google-300x250"]
    assert (session.message_id, session.format_id) == ("employ", "google-300x250")
