"""The copy deck as a file: CSV (UTF-8 with BOM, RFC 4180) or XLSX (openpyxl), read and written.

Both hold one table: a header row `message, field, scope, <language>...` and one row per copy
value. A CSV cell that a spreadsheet program would run as a formula (it starts with `=`, `+`,
`-`, `@`, a tab or a carriage return: CSV injection) is written with a leading `'`, as OWASP
advises, and read back without it; a value that itself starts with `'` before such a character
gets one more `'`, so the escape is reversible and an unchanged deck changes nothing. In the XLSX
every cell is a string cell, never a formula. Writing is deterministic (the same deck gives the same bytes: the XLSX's zip entries and
document properties carry a fixed date), so a deck can be committed and diffed. Reading gives
every row with its number in the file (the header is row 1), for `DECK:ROW: sentence` errors.
"""

from __future__ import annotations

import csv
import io
import re
import zipfile
from pathlib import Path

from .yamlio import TemplateError

BOM = "\ufeff"
MAX_DECK_BYTES = 20_000_000  # a copy deck is a few hundred rows; anything larger is a mistake
FIXED_DATE = (2000, 1, 1, 0, 0, 0)  # zip entries and docProps: the bytes do not depend on the clock
SHEET_TITLE = "Copy deck"
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")  # what makes a spreadsheet read a cell as a formula
_ESCAPED = re.compile(r"'+[=+\-@\t\r]")  # quotes before a formula start: what escape_cell adds to


class DeckError(TemplateError):
    """A copy deck that cannot be used: `DECK:ROW: sentence`."""

    def __init__(self, file: str | Path, row: int | None, message: str):
        super().__init__(file, row, None, message)


def kind_of(path: str | Path) -> str:
    suffix = Path(path).suffix.lower()
    if suffix in (".csv", ".xlsx"):
        return suffix[1:]
    raise DeckError(path, None, f"a copy deck is a .csv or .xlsx file, not '{suffix or 'no extension'}'")


# ------------------------------------------------------------------------------------ writing


def deck_bytes(path: str | Path, header: list[str], rows: list[list[str]]) -> bytes:
    """The deck file's bytes for `path`'s kind (csv or xlsx)."""
    return _csv_bytes(header, rows) if kind_of(path) == "csv" else _xlsx_bytes(header, rows)


def escape_cell(value: str) -> str:
    """A CSV cell a spreadsheet shows as text: `=HYPERLINK(...)` -> `'=HYPERLINK(...)`.

    Also `'=x` -> `''=x`, so that `unescape_cell` can tell the two apart (reversible).
    """
    return "'" + value if value.startswith(FORMULA_START) or _ESCAPED.match(value) else value


def unescape_cell(value: str) -> str:
    """The value `escape_cell` was given; a cell it would not have written is returned as it is."""
    return value[1:] if _ESCAPED.match(value) else value


def _csv_bytes(header: list[str], rows: list[list[str]]) -> bytes:
    buf = io.StringIO(newline="")
    w = csv.writer(buf, lineterminator="\r\n", quoting=csv.QUOTE_MINIMAL)
    w.writerow([escape_cell(c) for c in header])
    w.writerows([escape_cell(c) for c in r] for r in rows)
    # The BOM makes Excel read the file as UTF-8 (without it, 'slàn' opens as 'slÃ n').
    return (BOM + buf.getvalue()).encode("utf-8")


def _xlsx_bytes(header: list[str], rows: list[list[str]]) -> bytes:
    import datetime

    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font

    wb = Workbook()
    ws = wb.active
    ws.title = SHEET_TITLE
    ws.append(header)
    for cell in ws[1]:
        cell.font = Font(bold=True)
        cell.data_type = "s"
    for r in rows:
        ws.append(r)
    for row in ws.iter_rows(min_row=2):
        for cell in row:
            cell.data_type = "s"  # copy that starts with '=' is text, never a formula (openpyxl guesses 'f')
            cell.alignment = Alignment(wrap_text=True, vertical="top")
    ws.freeze_panes = "D2"
    for col, width in zip("ABC", (14, 14, 26), strict=True):
        ws.column_dimensions[col].width = width
    for i in range(3, len(header)):
        ws.column_dimensions[_column_letter(i)].width = 48
    fixed = datetime.datetime(*FIXED_DATE)
    wb.properties.creator = "creative-studio"
    wb.properties.created = fixed
    buf = io.BytesIO()
    wb.save(buf)
    return _fix_dates(buf.getvalue(), fixed.strftime("%Y-%m-%dT%H:%M:%SZ"))


def _column_letter(i: int) -> str:
    from openpyxl.utils import get_column_letter

    return get_column_letter(i + 1)


_MODIFIED = re.compile(rb"(<dcterms:modified[^>]*>)[^<]*(</dcterms:modified>)")


def _fix_dates(data: bytes, stamp: str) -> bytes:
    """Re-zip with fixed entry dates and a fixed 'modified' property (openpyxl stamps the clock)."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as src, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            body = src.read(info.filename)
            if info.filename == "docProps/core.xml":
                body = _MODIFIED.sub(rb"\g<1>" + stamp.encode() + rb"\g<2>", body)
            entry = zipfile.ZipInfo(info.filename, date_time=FIXED_DATE)
            entry.compress_type = zipfile.ZIP_DEFLATED
            entry.external_attr = 0o600 << 16
            dst.writestr(entry, body)
    return out.getvalue()


# ------------------------------------------------------------------------------------ reading


def read_deck(path: str | Path) -> list[tuple[int, list[str]]]:
    """Every non-empty row of the deck as (row number, cells), the header first."""
    path = Path(path)
    kind = kind_of(path)
    try:
        size = path.stat().st_size
    except FileNotFoundError:
        raise DeckError(path, None, "file not found; check the path and its spelling") from None
    except OSError as exc:
        raise DeckError(path, None, f"cannot read the file: {exc.strerror}") from None
    if not path.is_file():
        raise DeckError(path, None, "this is a folder, not a copy deck")
    if size > MAX_DECK_BYTES:
        raise DeckError(path, None, f"the file is {size:,} bytes; a copy deck is limited to {MAX_DECK_BYTES:,}")
    rows = _read_csv(path) if kind == "csv" else _read_xlsx(path)
    out = [(n, cells) for n, cells in rows if any(c.strip() for c in cells)]
    if not out:
        raise DeckError(path, 1, "the deck is empty; it needs a header row: message, field, scope, <language>...")
    return out


def _read_csv(path: Path) -> list[tuple[int, list[str]]]:
    raw = path.read_bytes()
    try:
        text = raw.decode("utf-8-sig")  # with or without the BOM
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        raise DeckError(
            path, line, "the deck is not UTF-8 text; save it as 'CSV UTF-8 (comma delimited)' from the spreadsheet"
        ) from None
    if "\x00" in text:
        raise DeckError(path, None, "the file contains NUL bytes; it is not a CSV copy deck")
    reader = csv.reader(io.StringIO(text, newline=""), strict=True)
    rows = []
    try:
        for cells in reader:
            rows.append((reader.line_num - _extra_lines(cells), [unescape_cell(c) for c in cells]))
    except csv.Error as exc:
        raise DeckError(
            path,
            reader.line_num,
            f"the CSV is malformed ({exc}); check the quotes on this row (a quote inside "
            'a quoted cell is written twice: "")',
        ) from None
    return rows


def _extra_lines(cells: list[str]) -> int:
    """How many line breaks quoted cells of this row hold (the row starts that much earlier)."""
    return sum(c.count("\n") for c in cells)


def _read_xlsx(path: Path) -> list[tuple[int, list[str]]]:
    from openpyxl import load_workbook

    try:
        wb = load_workbook(path, read_only=True, data_only=True)
    except Exception as exc:  # noqa: BLE001 - openpyxl raises many kinds for a broken file
        raise DeckError(
            path, None, f"cannot open the spreadsheet ({type(exc).__name__}: {exc}); save it again as .xlsx"
        ) from None
    try:
        ws = wb[SHEET_TITLE] if SHEET_TITLE in wb.sheetnames else wb.worksheets[0]
        rows = []
        for n, values in enumerate(ws.iter_rows(values_only=True), start=1):
            rows.append((n, [_cell_text(v) for v in values]))
        return rows
    finally:
        wb.close()


def _cell_text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))  # a number typed into the sheet: 2019, not 2019.0
    return str(value)


__all__ = ["DeckError", "deck_bytes", "escape_cell", "kind_of", "read_deck", "unescape_cell"]
