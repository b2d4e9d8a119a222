"""The copy deck: export, import unchanged = byte-identical, new languages and overrides, bad decks."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st
from variants_helpers import GD_SLOGAN, copy_sample, multilingual

from creative_studio.cli import run
from creative_studio.model import load_campaign
from creative_studio.model.copydeck import deck_table, export_deck, import_deck
from creative_studio.model.deckfile import read_deck
from creative_studio.model.variants import resolve_copy
from creative_studio.render import render_detailed

GD = {
    "brand_name": "Poileas Alba",
    "cta": "A bheil dragh ort mu do ghiùlan air loidhne? Faigh cuideachadh dìomhair bho Stop It Now!",
    "cta_short": "Faigh cuideachadh: Stop It Now!",
    "headline": "Stad e a-nis. Faigh cuideachadh.",
    "primary_text": "A bheil dragh ort? Faigh cuideachadh dìomhair.",
    "description": "Dìomhair: 0808 1000 900",
}
GD_SLOGANS = {
    "freedom": GD_SLOGAN,
    "employ": "Cò a bheireadh obair dhut?",
    "family": "Ciamar a bheir e buaidh air do theaghlach?",
}
SHORT_EN, SHORT_GD = "Kiss freedom goodbye", "Soraidh le do shaorsa"


def read_csv(path: Path) -> list[list[str]]:
    return list(csv.reader(io.StringIO(path.read_bytes().decode("utf-8-sig"), newline="")))


def write_csv(path: Path, rows: list[list[str]], bom: bool = True) -> None:
    buf = io.StringIO(newline="")
    csv.writer(buf, lineterminator="\r\n").writerows(rows)
    path.write_bytes((b"\xef\xbb\xbf" if bom else b"") + buf.getvalue().encode("utf-8"))


def cli(*args: str) -> int:
    return run(list(args))


@pytest.mark.parametrize("kind", ["csv", "xlsx"])
@pytest.mark.parametrize("which", ["sample", "multilingual"])
def test_unchanged_deck_leaves_the_campaign_byte_identical(tmp_path, kind, which):
    path = copy_sample(tmp_path) if which == "sample" else multilingual(tmp_path)
    before = path.read_bytes()
    deck = tmp_path / f"deck.{kind}"
    assert cli("copydeck", "export", str(path), "-o", str(deck)) == 0
    assert cli("copydeck", "import", str(path), str(deck)) == 0
    assert path.read_bytes() == before
    change = import_deck(load_campaign(path), deck)
    assert not change.written and not change.changed


def test_csv_is_utf8_with_bom_and_crlf_and_reads_without_the_bom(tmp_path):
    c = load_campaign(multilingual(tmp_path))
    deck = tmp_path / "deck.csv"
    export_deck(c, deck)
    raw = deck.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf") and b"\r\n" in raw and GD_SLOGAN.encode("utf-8") in raw
    rows = read_csv(deck)
    assert rows[0] == ["message", "field", "scope", "en", "gd", "cy"]
    assert [
        "freedom",
        "slogan",
        "platform:outdoor",
        "Kiss your freedom goodbye",
        "Soraidh slàn le do shaorsa",
        "",
    ] in rows
    assert ["freedom", "cta_short", "format:google-300x250", "Get help now", "", ""] in rows
    assert rows[1][:3] == ["*", "brand_name", "all"]
    deck.write_bytes(raw[3:])
    assert [cells for _, cells in read_deck(deck)] == rows


def test_xlsx_bytes_are_deterministic_and_hold_the_same_table(tmp_path):
    from openpyxl import load_workbook

    c = load_campaign(multilingual(tmp_path))
    a, b = tmp_path / "a.xlsx", tmp_path / "b.xlsx"
    export_deck(c, a)
    export_deck(c, b)
    assert a.read_bytes() == b.read_bytes()
    header, rows = deck_table(c)
    ws = load_workbook(a).active
    got = [[v or "" for v in row] for row in ws.iter_rows(values_only=True)]
    assert got == [header] + rows


def gaelic_deck(tmp_path: Path, campaign_path: Path, kind: str = "csv") -> Path:
    """The exported deck plus a gd column and an outdoor-only slogan row (for freedom)."""
    c = load_campaign(campaign_path)
    header, rows = deck_table(c)
    header = header + ["gd"]
    for r in rows:
        msg, field = r[0], r[1]
        r.append(GD.get(field, "") if msg == "*" else GD_SLOGANS[msg] if field == "slogan" else "")
    rows.append(["freedom", "slogan", "platform:outdoor", SHORT_EN, SHORT_GD])
    rows.append(["employ", "cta_short", "format:google-300x250", "Get help now", ""])
    deck = tmp_path / f"gaelic.{kind}"
    if kind == "csv":
        write_csv(deck, [header] + rows)
    else:
        from creative_studio.model.deckfile import deck_bytes

        deck.write_bytes(deck_bytes(deck, header, rows))
    return deck


@pytest.mark.parametrize("kind", ["csv", "xlsx"])
def test_a_gaelic_column_and_an_outdoor_slogan_row(tmp_path, kind):
    path = copy_sample(tmp_path)
    original = path.read_text(encoding="utf-8")
    deck = gaelic_deck(tmp_path, path, kind)
    assert cli("copydeck", "import", str(path), str(deck)) == 0
    c = load_campaign(path)
    assert c.languages == ("en", "gd")
    for fmt in c.formats:
        scale = 0.05 if fmt.width > 4000 else 0.2
        for m in c.message_ids:
            gd = render_detailed(c, m, fmt.id, scale, "gd").block("slogan").text
            en = render_detailed(c, m, fmt.id, scale, "en").block("slogan").text
            outdoor = fmt.platform == "outdoor" and m == "freedom"
            assert gd == (SHORT_GD if outdoor else GD_SLOGANS[m]), (m, fmt.id)
            assert en == (SHORT_EN if outdoor else c.message(m).slogan), (m, fmt.id)
    # the header of the Gaelic Snap ad mockup says Poileas Alba; the English one Police Scotland
    assert resolve_copy(c, "employ", "snapchat-snap-ad", "gd").text("brand_name") == "Poileas Alba"
    assert resolve_copy(c, "employ", "snapchat-snap-ad", "en").text("brand_name") == "Police Scotland"
    # an override on one format stays on that format (and message)
    assert resolve_copy(c, "employ", "google-300x250", "en").text("cta_short") == "Get help now"
    for other in ("google-728x90", "snapchat-snap-ad"):
        assert resolve_copy(c, "employ", other, "en").text("cta_short") == "Get help: Stop It Now!"
    assert resolve_copy(c, "freedom", "google-300x250", "en").text("cta_short") == "Get help: Stop It Now!"
    # every comment line of the designer's file is still there, in order
    comments = [ln.strip() for ln in original.splitlines() if ln.strip().startswith("#")]
    now = [ln.strip() for ln in path.read_text(encoding="utf-8").splitlines() if ln.strip().startswith("#")]
    assert now == comments
    # and importing the same deck again changes nothing
    before = path.read_bytes()
    assert cli("copydeck", "import", str(path), str(deck)) == 0
    assert path.read_bytes() == before


def test_an_empty_cell_means_inherit(tmp_path):
    path = multilingual(tmp_path)
    deck = tmp_path / "deck.csv"
    export_deck(load_campaign(path), deck)
    rows = read_csv(deck)
    for r in rows:
        if r[:3] == ["freedom", "slogan", "platform:outdoor"]:
            r[4] = ""  # gd: inherit the Gaelic master on outdoor
        if r[:3] == ["freedom", "cta_short", "format:google-300x250"]:
            r[3] = ""  # the only value of the row: the override goes
    write_csv(deck, rows)
    assert cli("copydeck", "import", str(path), str(deck)) == 0
    c = load_campaign(path)
    assert resolve_copy(c, "freedom", "outdoor-48-sheet", "gd").text("slogan") == GD_SLOGAN
    assert resolve_copy(c, "freedom", "outdoor-48-sheet", "en").text("slogan") == "Kiss your freedom goodbye"
    assert "google-300x250" not in path.read_text(encoding="utf-8")


BAD = [
    (lambda rows: rows.append(["fredom", "slogan", "all", "x"]), "unknown message 'fredom'; did you mean 'freedom'?"),
    (lambda rows: rows.append(["freedom", "slogans", "all", "x"]), "unknown field 'slogans'"),
    (lambda rows: rows.append(["freedom", "slogan", "platform:tiktok", "x"]), "unknown platform 'tiktok'"),
    (lambda rows: rows.append(["freedom", "slogan", "outdoor", "x"]), "unknown scope 'outdoor'"),
    (lambda rows: rows.append(["freedom", "slogan", "format:google-300x251", "x"]), "did you mean 'google-300x250'"),
    (lambda rows: rows.append(["*", "slogan", "all", "x"]), "the slogan belongs to a message"),
    (lambda rows: rows.append(["freedom", "brand_name", "all", "x"]), "brand_name is campaign-wide"),
    (lambda rows: rows.append(list(rows[-1])), "this row repeats row"),
    (lambda rows: rows[0].append("Gaelic"), "'Gaelic' is not a language code"),
    (lambda rows: rows[0].append("zz"), "'zz' is not a language code"),
    (lambda rows: rows[0].__setitem__(0, "msg"), "the header must start with the columns message, field, scope"),
    (lambda rows: rows.append(["freedom", "slogan", "all", ""]), "this row repeats row"),
]


@pytest.mark.parametrize(("spoil", "says"), BAD, ids=[b[1][:30] for b in BAD])
def test_bad_decks_are_refused_with_deck_row(tmp_path, capsys, spoil, says):
    path = copy_sample(tmp_path)
    deck = tmp_path / "deck.csv"
    export_deck(load_campaign(path), deck)
    rows = read_csv(deck)
    spoil(rows)
    write_csv(deck, rows)
    before = path.read_bytes()
    assert cli("copydeck", "import", str(path), str(deck)) == 2
    err = capsys.readouterr().err
    row = 1 if "header" in says or "language code" in says else len(rows)
    assert err.startswith(f"{deck}:{row}: "), err
    assert says in err and "Traceback" not in err
    assert path.read_bytes() == before


def test_an_empty_default_slogan_is_refused(tmp_path, capsys):
    path = copy_sample(tmp_path)
    deck = tmp_path / "deck.csv"
    export_deck(load_campaign(path), deck)
    rows = read_csv(deck)
    n = next(i for i, r in enumerate(rows) if r[:3] == ["employ", "slogan", "all"])
    rows[n][3] = ""
    write_csv(deck, rows)
    before = path.read_bytes()
    assert cli("copydeck", "import", str(path), str(deck)) == 2
    assert f"{deck}:{n + 1}: the slogan of 'employ' is empty in 'en'" in capsys.readouterr().err
    assert path.read_bytes() == before


@pytest.mark.parametrize(
    ("body", "row"),
    [
        (b'message,field,scope,en\r\nfreedom,slogan,all,"unterminated\r\n', 2),
        (b"message,field,scope,en\r\nfreedom,slogan,all,caf\xe9\r\n", 2),
        (b"", 1),
        (b"message,field,scope,en\r\nfreedom,slogan,all,x,extra\r\n", 2),
    ],
    ids=["unterminated-quote", "not-utf8", "empty", "extra-cell"],
)
def test_malformed_csv_is_refused_with_its_row(tmp_path, capsys, body, row):
    path = copy_sample(tmp_path)
    deck = tmp_path / "deck.csv"
    deck.write_bytes(body)
    before = path.read_bytes()
    assert cli("copydeck", "import", str(path), str(deck)) == 2
    err = capsys.readouterr().err
    assert err.startswith(f"{deck}:{row}: ") and "Traceback" not in err, err
    assert path.read_bytes() == before


def test_not_a_spreadsheet_is_refused(tmp_path, capsys):
    path = copy_sample(tmp_path)
    deck = tmp_path / "deck.xlsx"
    deck.write_bytes(b"PK\x03\x04 not really a zip")
    assert cli("copydeck", "import", str(path), str(deck)) == 2
    assert "cannot open the spreadsheet" in capsys.readouterr().err
    assert cli("copydeck", "export", str(path), "-o", str(tmp_path / "deck.txt")) == 2
    assert "a copy deck is a .csv or .xlsx file" in capsys.readouterr().err


def test_copy_starting_with_equals_stays_text_in_xlsx(tmp_path):
    path = copy_sample(tmp_path)
    c = load_campaign(path)
    header, rows = deck_table(c)
    rows.append(["employ", "headline", "platform:facebook", "=1+1 is not a formula"])
    from creative_studio.model.deckfile import deck_bytes

    deck = tmp_path / "d.xlsx"
    deck.write_bytes(deck_bytes(deck, header, rows))
    import_deck(c, deck)
    c = load_campaign(path)
    assert resolve_copy(c, "employ", "facebook-feed-square", "en").text("headline") == "=1+1 is not a formula"


def _with_formula_copy(tmp_path: Path) -> Path:
    """The sample with copy a spreadsheet would run as formulas, and one value that starts with '."""
    path = copy_sample(tmp_path)
    text = path.read_text(encoding="utf-8")
    text = text.replace(
        "slogan: Who would employ you?", 'slogan: \'=HYPERLINK("http://x.test","Who would employ you?")\''
    )
    text = text.replace('headline: "Stop it now. Get help."', 'headline: "\'=1+1 stays as typed"')
    text = text.replace('description: "Confidential: 0808 1000 900"', 'description: "+44 808 1000 900"')
    text = text.replace("slogan: How will it affect your family?", 'slogan: "@family: how will it affect them?"')
    path.write_text(text, encoding="utf-8")
    return path


def test_csv_escapes_formulas_and_round_trips_byte_identically(tmp_path):
    path = _with_formula_copy(tmp_path)
    before = path.read_bytes()
    c = load_campaign(path)
    assert c.message("employ").slogan.startswith("=HYPERLINK(")
    deck = tmp_path / "deck.csv"
    assert cli("copydeck", "export", str(path), "-o", str(deck)) == 0
    cells = {(r[0], r[1]): r[3] for r in read_csv(deck)[1:]}
    # What a spreadsheet program opens: every formula start behind a quote, so it shows text.
    assert cells[("employ", "slogan")] == '\'=HYPERLINK("http://x.test","Who would employ you?")'
    assert cells[("family", "slogan")] == "'@family: how will it affect them?"
    assert cells[("*", "description")] == "'+44 808 1000 900"
    assert cells[("*", "headline")] == "''=1+1 stays as typed"  # a quote of its own gets one more
    assert cells[("freedom", "slogan")] == "Get ready to kiss your freedom goodbye"  # plain copy is untouched
    assert not [v for row in read_csv(deck) for v in row if v[:1] in "=+-@\t\r"]
    assert cli("copydeck", "import", str(path), str(deck)) == 0
    assert path.read_bytes() == before
    change = import_deck(load_campaign(path), deck)
    assert not change.written and not change.changed


def test_an_edited_escaped_cell_imports_without_its_quote(tmp_path):
    path = _with_formula_copy(tmp_path)
    deck = tmp_path / "deck.csv"
    assert cli("copydeck", "export", str(path), "-o", str(deck)) == 0
    rows = read_csv(deck)
    for r in rows:
        if r[:2] == ["employ", "slogan"]:
            r[3] = "'-1 job offers for you"  # as a spreadsheet saves the text it showed
        if r[:2] == ["family", "slogan"]:
            r[3] = "=plain text typed by a translator"  # a sheet that dropped the quote: still text here
    write_csv(deck, rows)
    assert cli("copydeck", "import", str(path), str(deck)) == 0
    c = load_campaign(path)
    assert c.message("employ").slogan == "-1 job offers for you"
    assert c.message("family").slogan == "=plain text typed by a translator"


@given(st.text(alphabet=st.sampled_from("'=+-@\t\rab\n,\""), max_size=8) | st.text(max_size=12))
def test_the_csv_escape_is_reversible_and_leaves_no_formula_start(value):
    from creative_studio.model.deckfile import escape_cell, unescape_cell

    cell = escape_cell(value)
    assert unescape_cell(cell) == value
    assert not cell.startswith(("=", "+", "-", "@", "\t", "\r"))


def test_xlsx_cells_are_strings_not_formulas(tmp_path):
    from openpyxl import load_workbook

    path = _with_formula_copy(tmp_path)
    before = path.read_bytes()
    deck = tmp_path / "deck.xlsx"
    assert cli("copydeck", "export", str(path), "-o", str(deck)) == 0
    ws = load_workbook(deck).active
    cells = {(r[0].value, r[1].value): r[3] for r in ws.iter_rows(min_row=2)}
    slogan = cells[("employ", "slogan")]
    assert slogan.value == '=HYPERLINK("http://x.test","Who would employ you?")'  # no quote needed here
    assert slogan.data_type == "s"
    assert {c.data_type for row in ws.iter_rows() for c in row if c.value is not None} == {"s"}
    import zipfile

    assert b"<f>" not in zipfile.ZipFile(deck).read("xl/worksheets/sheet1.xml")  # no formula anywhere
    assert cli("copydeck", "import", str(path), str(deck)) == 0
    assert path.read_bytes() == before
