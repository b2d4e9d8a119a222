"""The inspector: format facts for the selected cell, its findings, clicking a finding."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt

from creative_studio.checks import Finding
from creative_studio.gui.inspector_panel import FindingsModel, InspectorPanel, format_facts, human_bytes

F1 = Finding(
    "safe-zone", "error", "employ", "snapchat-snap-ad", "Slogan overlaps the bottom 150 px", (64, 1700, 1016, 1840)
)
F2 = Finding("contrast", "warning", "employ", "snapchat-snap-ad", "Hashtag contrast is 3.9:1")


@pytest.fixture
def inspector(qtbot, session):
    w = InspectorPanel(session)
    qtbot.addWidget(w)
    w.resize(360, 800)
    w.show()
    return w


def test_shows_the_selected_formats_facts(inspector, session):
    session.select("employ", "snapchat-snap-ad")
    assert inspector.title.text() == "Snapchat Snap Ad 9:16"
    assert inspector.fact("Pixel size") == "1080 × 1920 px"
    assert "bottom" in inspector.fact("Safe zones")
    assert inspector.fact("Byte limit") == "5 MB"
    assert "Who would employ you?" in inspector.subtitle.text()
    assert "forbusiness.snapchat.com" in inspector.fact("Source")


def test_print_formats_show_physical_size_dpi_and_distance(inspector, session):
    session.select(format_id="outdoor-48-sheet")
    assert inspector.fact("Pixel size") == "7200 × 3600 px"
    assert inspector.fact("Physical size") == "6096 × 3048 mm"
    assert "300 dpi" in inspector.fact("Artwork")
    assert inspector.fact("Viewing distance") == "30–60 m"
    session.select(format_id="google-300x250")
    assert inspector.fact("Physical size") == ""  # digital: the print rows are gone


def test_findings_list_updates_live_and_selects(qtbot, inspector, session):
    session.select("employ", "snapchat-snap-ad")
    assert inspector.summary.text() == "Checking…"
    session.set_findings("employ", "snapchat-snap-ad", (F2, F1))
    assert inspector.findings_model.rowCount() == 2
    assert inspector.findings_model.findings[0] is F1  # errors first
    assert "1</b> error" in inspector.summary.text() and "warning" in inspector.summary.text()
    # Findings for another cell leave the list alone.
    session.set_findings("freedom", "snapchat-snap-ad", ())
    assert inspector.findings_model.rowCount() == 2
    with qtbot.waitSignal(session.findingSelected, timeout=1000) as sig:
        inspector.select_finding_row(0)
    assert sig.args == [F1]
    # Moving to another cell clears the outline on the preview.
    with qtbot.waitSignal(session.findingSelected, timeout=1000) as sig:
        session.select("freedom")
    assert sig.args == [None]
    assert "All checks pass" in inspector.summary.text()


def test_findings_model_passes_qtmodeltester(qtmodeltester):
    model = FindingsModel()
    model.set_findings((F1, F2))
    qtmodeltester.check(model)
    model.set_findings(None)
    qtmodeltester.check(model)


def test_copy_limits_show_the_current_length(sample):
    rows = dict(format_facts(sample.format("facebook-feed-square"), sample, "freedom"))
    assert "headline ≤ 40" in rows["Copy limits"] and "now" in rows["Copy limits"]


def test_human_bytes():
    assert human_bytes(153600) == "150 KB"
    assert human_bytes(31457280) == "30 MB"
    assert human_bytes(512) == "512 bytes"


def test_other_cells_with_findings_are_listed_and_clickable(qtbot, qtmodeltester, inspector, session):
    session.select("freedom", "facebook-feed-square")
    session.set_findings("employ", "snapchat-snap-ad", (F2, F1))
    session.set_findings("family", "outdoor-d6", (F2,))
    qtbot.waitUntil(lambda: inspector.issues_model.rowCount() == 2, timeout=2000)
    assert inspector.issues_model.rows[0][:2] == ("employ", "snapchat-snap-ad")  # errors first
    assert "1 error" in inspector.issues_model.index(0, 0).data()
    qtmodeltester.check(inspector.issues_model)
    idx = inspector.issues_model.index(1, 0)
    with qtbot.waitSignal(session.selectionChanged, timeout=1000):
        qtbot.mouseClick(
            inspector.issues_view.viewport(),
            Qt.MouseButton.LeftButton,
            pos=inspector.issues_view.visualRect(idx).center(),
        )
    assert (session.message_id, session.format_id) == ("family", "outdoor-d6")


def test_draft_findings_are_labelled_until_the_full_size_verdict(inspector, session, tmp_path):
    session.select("employ", "snapchat-snap-ad")
    session.set_findings("employ", "snapchat-snap-ad", (F1, F2), draft=True)
    assert inspector.draft_label.isVisible() and "Draft" in inspector.draft_label.text()
    assert inspector.findings_model.rowCount() == 2
    inspector.grab().save(str(tmp_path / "inspector_draft.png"))
    session.set_findings("employ", "snapchat-snap-ad", (F1, F2), draft=False)  # same findings, now final
    assert not inspector.draft_label.isVisible()
    assert inspector.findings_model.rowCount() == 2
