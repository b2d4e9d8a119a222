"""The toolbar's language switcher: the matrix and the preview render in the language picked."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest
from PySide6.QtCore import Qt

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "model"))
from variants_helpers import GD_SHORT, GD_SLOGAN  # noqa: E402


@pytest.fixture
def multi_window(multilingual_window):
    return multilingual_window(["snapchat-snap-ad", "outdoor-48-sheet"])


def test_switcher_is_hidden_for_a_one_language_campaign(window):
    assert window.language_switcher._action.isVisible() is False
    assert window.language_switcher.language == "en"


def test_picking_gaelic_renders_the_preview_and_matrix_in_gaelic(qtbot, multi_window, service):
    w = multi_window
    sw = w.language_switcher
    assert sw._action.isVisible() and [sw.itemData(i) for i in range(sw.count())] == [
        "en",
        "gd",
        "cy",
        "*",
    ]  # "*": All languages
    w.session.select("freedom", "snapchat-snap-ad")
    seen: list = []
    service.rendered.connect(lambda out: seen.append(out))
    sw.set_language("gd")
    assert service.language == "gd" and not w.session.dirty
    assert w.review_dock.windowTitle() == "Review \u00b7 gd"  # the Review tab signs off Gaelic now
    assert w.session.language == "gd" and "Signing off in <b>gd</b>" in w.review_panel.cell_label.text()

    def gaelic(fmt: str, text: str) -> bool:
        return any(
            o.result is not None
            and o.result.language == "gd"
            and o.result.format.id == fmt
            and o.result.message_id == "freedom"
            and o.result.block("slogan").text == text
            for o in seen
        )

    qtbot.waitUntil(
        lambda: gaelic("snapchat-snap-ad", GD_SLOGAN) and gaelic("outdoor-48-sheet", GD_SHORT), timeout=20000
    )
    assert any(o.key.startswith("thumb:") and o.result.language == "gd" for o in seen if o.result is not None)
    seen.clear()
    sw.set_language("en")
    assert service.language is None and w.review_dock.windowTitle() == "Review \u00b7 en"
    qtbot.waitUntil(lambda: any(o.result is not None and o.result.language == "en" for o in seen), timeout=20000)


def test_copy_panel_shows_where_each_value_comes_from(qtbot, multi_window):
    w = multi_window
    panel = w.copy_sources
    w.session.select("freedom", "outdoor-48-sheet")
    rows = {r[0]: r for r in panel.rows()}
    assert rows["Slogan"][1:] == ("Kiss your freedom goodbye", "platform:outdoor")
    assert rows["Brand name"][1:] == ("Police Scotland", "master")
    assert rows["Hashtag"][2] == "campaign default"
    w.language_switcher.set_language("gd")
    rows = {r[0]: r for r in panel.rows()}
    assert rows["Slogan"][1:] == (GD_SHORT, "platform:outdoor")
    assert rows["Brand name"][1] == "Poileas Alba"
    assert rows["Headline"][2] == "campaign default (en: no translation)"
    # the hashtag is shared by every language (the check does not warn): said so, not orange
    assert rows["Hashtag"][2] == "campaign default (en, every language)"
    hashtag_row = [r[0] for r in panel.rows()].index("Hashtag")
    headline_row = [r[0] for r in panel.rows()].index("Headline")
    assert panel.table.item(hashtag_row, 1).data(Qt.ItemDataRole.ForegroundRole) is None
    assert panel.table.item(headline_row, 1).data(Qt.ItemDataRole.ForegroundRole) is not None
    w.session.select("freedom", "snapchat-snap-ad")
    assert {r[0]: r for r in panel.rows()}["Slogan"][1:] == (GD_SLOGAN, "master")
    assert "freedom" in panel.title.text() and "gd" in panel.title.text()


def test_copy_deck_from_the_file_menu(qtbot, tmp_path, multi_window, window):
    import csv
    import io

    # the bundled sample is never written
    assert window.copydeck.import_from(tmp_path / "none.csv") is False
    assert "bundled sample is never changed" in window.banner.label.text()
    w = multi_window
    titles = [a.text() for a in w.menuBar().actions()[0].menu().actions()]
    assert "Export Copy &Deck…" in titles and "Import Copy De&ck…" in titles
    deck = tmp_path / "deck.csv"
    assert w.copydeck.export_to(deck)
    rows = list(csv.reader(io.StringIO(deck.read_bytes().decode("utf-8-sig"), newline="")))
    rows[0].append("ga")
    for r in rows[1:]:
        r.append("Sealbhaigh do shaoirse" if r[:3] == ["freedom", "slogan", "all"] else "")
    buf = io.StringIO(newline="")
    csv.writer(buf).writerows(rows)
    deck.write_text(buf.getvalue(), encoding="utf-8")
    assert w.copydeck.import_from(deck)
    assert w.session.campaign.languages == ("en", "gd", "cy", "ga") and not w.session.dirty
    assert w.language_switcher.count() == 5  # four languages and "All languages"
    # a bad deck shows DECK:ROW in the banner and changes nothing
    before = w.session.path.read_bytes()
    deck.write_text("message,field,scope,en\nnobody,slogan,all,Hi\n", encoding="utf-8")
    assert w.copydeck.import_from(deck) is False
    assert f"{deck}:2: unknown message 'nobody'" in w.banner.label.text()
    assert w.session.path.read_bytes() == before


def test_switching_language_never_shows_the_other_languages_findings(qtbot, multi_window):
    w = multi_window
    s = w.session
    s.select("employ", "snapchat-snap-ad")
    qtbot.waitUntil(lambda: s.findings("employ", "snapchat-snap-ad") is not None, timeout=30000)
    english = s.findings("employ", "snapchat-snap-ad")
    assert not any(f.rule == "missing-translation" for f in english)
    w.language_switcher.set_language("gd")
    # at once: no verdict rather than the English one under a Gaelic title
    assert s.findings("employ", "snapchat-snap-ad") is None
    assert w.inspector.findings_model.findings == ()
    qtbot.waitUntil(
        lambda: any(f.rule == "missing-translation" for f in s.findings("employ", "snapchat-snap-ad") or ()),
        timeout=30000,
    )
    qtbot.waitUntil(
        lambda: any(f.rule == "missing-translation" for f in w.inspector.findings_model.findings), timeout=10000
    )
