"""Where a line may break, and the order in which a line's characters are drawn.

Both come from ICU (through PyICU, `import icu`), the reference implementation of the Unicode
line breaking algorithm (UAX #14) and of the bidirectional algorithm (UAX #9):

- `units(text, keep)` cuts a paragraph into pieces that must stay on one line. ICU's line
  break iterator gives the break opportunities (it already keeps "70%", "£5", a no-break space,
  "word!" and "(word)" together and never breaks before closing punctuation); on top of that a
  typesetter's rules remove opportunities that UAX #14 allows but a designer would not accept:
  inside a phone number ("0808 1000 900"), between a number and its unit ("20 mph",
  "30 km/h", "10 m"), before a dash used as punctuation ("children – deserve"), before
  closing punctuation after a space, and inside a phrase the campaign lists in `keep_together`.
- `visual_runs(line)` gives the line's runs in display order with their direction, from ICU's
  `Bidi` (paragraph level from the first strong character, as UAX #9 says), so mixed Arabic or
  Hebrew with numbers and Latin words reads in the right order. Raqm then shapes each run.

ICU counts in UTF-16 code units; Python strings count code points. `_u16_map` translates.
"""

from __future__ import annotations

import re
import threading
import unicodedata
from collections.abc import Sequence
from functools import lru_cache

import icu

_local = threading.local()  # ICU iterators are not thread-safe; one per thread


def _line_iterator() -> icu.BreakIterator:
    it = getattr(_local, "line", None)
    if it is None:
        it = _local.line = icu.BreakIterator.createLineInstance(icu.Locale.getRoot())
    return it


def _u16_map(text: str) -> list[int]:
    """For each UTF-16 offset (0..len16), the code point offset it falls on."""
    out: list[int] = []
    for i, ch in enumerate(text):
        out.append(i)
        if ord(ch) > 0xFFFF:
            out.append(i)
    out.append(len(text))
    return out


DASHES = "\u2013\u2014\u2012\u2015\u2212"  # en, em, figure, horizontal bar, minus
_CLOSING_PO = set("!?.,;:\u2026\u203c\u2049\u00bb\u203a")
# Units a number is never separated from (case-sensitive where case means something: "m" vs "M").
_UNITS = (
    r"%|‰|mph|km/h|kph|km|cm|mm|nm|m²|m³|m|kg|mg|g|t|lb|lbs|oz|st|mi|miles?|ft|yds?|yards?|"
    r"l|ml|cl|L|°C|°F|°|K|h|hrs?|hours?|mins?|minutes?|secs?|seconds?|s|ms|days?|weeks?|"
    r"months?|years?|yrs?|am|pm|a\.m\.|p\.m\.|p|kW|kWh|W|V|A|Hz|MHz|GHz|GB|MB|kB|TB|px|pt|dB"
)
_NUM_UNIT = re.compile(r"(?<![\w.])\d[\d,.]*(?:[ \u00a0\u202f])(?:" + _UNITS + r")(?![\w])")
_CURRENCY = re.compile(r"[£$€¥₹](?:[ \u00a0])\d")
# A phone number: groups of digits (optionally a leading + and brackets) separated by single
# spaces, dots, hyphens or " / ", with at least 7 digits in all.
_PHONE = re.compile(r"\+?\(?\d[\d)]*(?:(?:[ \u00a0.\-]|\s/\s)\(?\d[\d)]*)+")


def is_dash(ch: str) -> bool:
    return ch in DASHES


def _closing(ch: str) -> bool:
    return unicodedata.category(ch) in ("Pe", "Pf") or ch in _CLOSING_PO


@lru_cache(maxsize=1024)
def _opportunities(text: str) -> tuple[int, ...]:
    """ICU's break opportunities in `text` (code point offsets, 0 < p < len(text))."""
    if not text:
        return ()
    it = _line_iterator()
    it.setText(icu.UnicodeString(text))
    m = _u16_map(text)
    return tuple(m[p] for p in it if 0 < p < len(m) - 1)


def _protected(text: str, keep: tuple[str, ...]) -> list[tuple[int, int]]:
    """Spans (start, end) inside which no break is allowed."""
    spans: list[tuple[int, int]] = []
    low = text.casefold()
    for phrase in keep:
        p = " ".join(phrase.split()).casefold()
        if not p:
            continue
        start = low.find(p)
        while start >= 0:
            spans.append((start, start + len(p)))
            start = low.find(p, start + 1)
    for m in _PHONE.finditer(text):
        if sum(c.isdigit() for c in m.group()) >= 7:
            spans.append(m.span())
    for rx in (_NUM_UNIT, _CURRENCY):
        spans.extend(m.span() for m in rx.finditer(text))
    return spans


def _allowed(text: str, p: int, spans: list[tuple[int, int]]) -> bool:
    if any(a < p < b for a, b in spans):
        return False
    nxt = text[p] if p < len(text) else ""
    if not nxt:
        return True
    if is_dash(nxt):
        return False  # no line starts with a dash
    if nxt == "-" and (p + 1 >= len(text) or text[p + 1] in " \u00a0"):
        return False  # a hyphen-minus standing for a dash (" - ")
    if _closing(nxt):
        return False
    return True


def units(paragraph: str, keep: tuple[str, ...] = ()) -> list[str]:
    """The paragraph cut at every allowed break; each piece keeps its trailing spaces.

    Joining the pieces gives the paragraph back exactly.
    """
    spans = _protected(paragraph, keep)
    cuts = [p for p in _opportunities(paragraph) if _allowed(paragraph, p, spans)]
    out, start = [], 0
    for p in cuts:
        out.append(paragraph[start:p])
        start = p
    if start < len(paragraph):
        out.append(paragraph[start:])
    return out


SENTENCE_END = set(".!?\u2026\u203c\u2049。")
CLAUSE_END = set(",;:") | set(DASHES)


def break_quality(unit: str) -> float:
    """How good a line end after this unit is: 0 best (sentence end) .. 1 plain word break."""
    s = unit.rstrip()
    if not s:
        return 1.0
    last = s[-1]
    # Look through closing quotes and brackets: 'now."' ends a sentence.
    i = len(s) - 1
    while i > 0 and unicodedata.category(s[i]) in ("Pe", "Pf"):
        i -= 1
    if s[i] in SENTENCE_END:
        return 0.0
    if s[i] in CLAUSE_END:
        return 0.3
    if last in "-\u2010" and len(s) > 1:
        return 3.0  # a hyphenated compound split: allowed, but a last resort
    return 1.0


# -- bidi -------------------------------------------------------------------------------------------


def base_rtl(text: str) -> bool:
    """The paragraph direction UAX #9 (P2, P3) gives: that of its first strong character."""
    b = icu.Bidi()
    b.setPara(icu.UnicodeString(text), icu.Bidi.DEFAULT_LTR)
    return b.getParaLevel() % 2 == 1


LRI, PDI = "\u2066", "\u2069"


def _isolated(line: str, keep: tuple[str, ...]) -> tuple[str, Sequence[int | None]]:
    """`line` with each phone number, number + unit and left-to-right keep_together phrase
    wrapped in a left-to-right isolate (LRI ... PDI), and the map back to `line`'s offsets.

    Inside right-to-left text the bidi algorithm would otherwise show "0808 1000 900" as
    "900 1000 0808", "20 mph" as "mph 20" and "Stop It Now!" as "!Stop It Now": isolates are
    how Unicode says "this span reads left to right as a unit" (UAX #9, X5a-X5c)."""
    spans = sorted(
        (a, b)
        for a, b in _protected(line, keep)
        if not any(unicodedata.bidirectional(c) in ("R", "AL") for c in line[a:b])
    )
    merged: list[tuple[int, int]] = []
    for a, b in spans:
        if merged and a <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(b, merged[-1][1]))
        else:
            merged.append((a, b))
    out: list[str] = []
    back: list[int | None] = []
    pos = 0
    for a, b in merged:
        out.append(line[pos:a])
        back.extend(range(pos, a))
        out.append(LRI + line[a:b] + PDI)
        back.extend([None, *range(a, b), None])
        pos = b
    out.append(line[pos:])
    back.extend(range(pos, len(line)))
    return "".join(out), back


def visual_runs(line: str, rtl_paragraph: bool, keep: tuple[str, ...] = ()) -> list[tuple[int, int, bool]]:
    """The line's directional runs in display order, left to right: (start, end, is_rtl).

    Offsets are code point offsets into `line`. The paragraph level is the whole paragraph's
    (a line of Latin words inside an Arabic paragraph still reads right to left). In a
    right-to-left paragraph, numbers with their units, phone numbers and keep_together phrases
    are isolated first so they read as the designer wrote them.
    """
    if not line:
        return []
    if rtl_paragraph:
        text, back = _isolated(line, keep)
    else:
        text, back = line, range(len(line))
    b = icu.Bidi()
    b.setPara(icu.UnicodeString(text), 1 if rtl_paragraph else 0)
    m = _u16_map(text)
    out = []
    for i in range(b.countRuns()):
        start16, length16, direction = b.getVisualRun(i)
        idx = [i for i in (back[k] for k in range(m[start16], m[start16 + length16])) if i is not None]
        if idx:
            out.append((idx[0], idx[-1] + 1, direction == 1))
    return out
