"""The copy deck: every copy value of a campaign as one table a copywriter or translator edits.

Columns `message, field, scope, <language>...`; one row per message (`*` for campaign-wide
copy: brand_name, url and the `defaults:`), field and scope (`all`, `platform:ID`, `format:ID`)
that has a value in some language. `export_deck` writes it (CSV or XLSX); `import_deck` applies
one back to the campaign file:

* a cell with text sets that value; an empty cell means "inherit" (the override or translation
  is removed, the master or the default language shows through);
* a new language column adds the language to `campaign: languages:`; a language the deck has
  no column for is left as it is;
* a new row adds a value (an override, a translation); rows the deck leaves out are left as they
  are (to remove a value, empty its cell);
* the YAML is edited in place with the round-trip editor, so comments and key order stay, and
  written atomically. A deck that changes nothing leaves the file byte-identical (it is not
  written at all).

A deck naming an unknown message, field, scope or language is refused as `DECK:ROW: sentence`
before anything is written.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass
from pathlib import Path

from .deckfile import DeckError, deck_bytes, read_deck
from .types import (
    ALL_SCOPES,
    CAMPAIGN_FIELDS,
    CAMPAIGN_WIDE,
    COPY_FIELDS,
    MESSAGE_FIELDS,
    Campaign,
    CopyKey,
)

HEADER = ("message", "field", "scope")
# The campaign-wide fields, in deck order: what the brand says, then what every message inherits.
WIDE_FIELDS = CAMPAIGN_FIELDS + MESSAGE_FIELDS[1:]
LANG_CODE = re.compile(r"^[a-z]{2,3}(-[A-Za-z0-9]{2,8})*$")
# ISO 639-1: a two-letter column must be a real language (a 3-letter one is taken on trust).
ISO_639_1 = frozenset(
    "aa ab ae af ak am an ar as av ay az ba be bg bi bm bn bo br bs ca ce ch co cr cs cu cv cy da de dv dz "
    "ee el en eo es et eu fa ff fi fj fo fr fy ga gd gl gn gu gv ha he hi ho hr ht hu hy hz ia id ie ig ii "
    "ik io is it iu ja jv ka kg ki kj kk kl km kn ko kr ks ku kv kw ky la lb lg li ln lo lt lu lv mg mh mi "
    "mk ml mn mr ms mt my na nb nd ne ng nl nn no nr nv ny oc oj om or os pa pi pl ps pt qu rm rn ro ru rw "
    "sa sc sd se sg si sk sl sm sn so sq sr ss st su sv sw ta te tg th ti tk tl tn to tr ts tt tw ty ug uk "
    "ur uz ve vi vo wa wo xh yi yo za zh zu".split()
)


# --------------------------------------------------------------------------- the values


def deck_values(campaign: Campaign) -> dict[CopyKey, str]:
    """Every value the campaign states, as the deck shows it (a message's master only where it
    differs from what it would inherit; brand_name always)."""
    default = campaign.default_language
    out: dict[CopyKey, str] = {}
    out[(CAMPAIGN_WIDE, ALL_SCOPES, "brand_name", default)] = campaign.brand_name
    if campaign.url:
        out[(CAMPAIGN_WIDE, ALL_SCOPES, "url", default)] = campaign.url
    for key, text in campaign.copy.entries:
        out[key] = text
    for m in campaign.messages:
        for name in MESSAGE_FIELDS:
            out[(m.id, ALL_SCOPES, name, default)] = m.text_for(name)
    return normalise(campaign, out)


def normalise(campaign: Campaign, values: dict[CopyKey, str]) -> dict[CopyKey, str]:
    """Drop the default-language masters that only repeat what they inherit (as the loader reads
    them, a message that writes the default's text and one that writes nothing are the same)."""
    default = campaign.default_language
    out = dict(values)
    wide = (CAMPAIGN_WIDE, ALL_SCOPES)
    if not out.get(wide + ("brand_name", default)):
        out[wide + ("brand_name", default)] = campaign.client  # an empty brand name is the client's
    if out.get(wide + ("url", default), None) == "":
        del out[wide + ("url", default)]
    for m in campaign.message_ids:
        mine = (m, ALL_SCOPES)
        cta = out.get(mine + ("cta", default), out.get(wide + ("cta", default), ""))
        for name in MESSAGE_FIELDS[1:]:
            inherited = out.get(wide + (name, default))
            if inherited is None:
                inherited = cta if name == "cta_short" else ""
            if out.get(mine + (name, default)) == inherited:
                del out[mine + (name, default)]
    return out


def _row_order(campaign: Campaign, keys) -> list[tuple[str, str, str]]:
    """(owner, field, scope) rows: campaign-wide first, then messages; `all` before overrides."""
    rows = dict.fromkeys((k[0], k[2], k[1]) for k in keys)
    owners = (CAMPAIGN_WIDE, *campaign.message_ids)
    scopes = list(dict.fromkeys(k[1] for k in keys if k[1] != ALL_SCOPES))

    def rank(row: tuple[str, str, str]) -> tuple:
        owner, name, scope = row
        fields = WIDE_FIELDS if owner == CAMPAIGN_WIDE else MESSAGE_FIELDS
        return (
            owners.index(owner) if owner in owners else len(owners),
            -1 if scope == ALL_SCOPES else scopes.index(scope),
            fields.index(name) if name in fields else len(fields),
        )

    return sorted(rows, key=rank)


def deck_table(campaign: Campaign) -> tuple[list[str], list[list[str]]]:
    values = deck_values(campaign)
    header = list(HEADER) + list(campaign.languages)
    rows = []
    for owner, name, scope in _row_order(campaign, values):
        rows.append([owner, name, scope] + [values.get((owner, scope, name, lang), "") for lang in campaign.languages])
    return header, rows


def export_deck(campaign: Campaign, path: str | Path) -> int:
    """Write the copy deck (CSV or XLSX by the file's extension) atomically; the number of rows."""
    from ..base.atomic import write_bytes_atomic

    header, rows = deck_table(campaign)
    data = deck_bytes(path, header, rows)
    write_bytes_atomic(path, data)
    return len(rows)


# ------------------------------------------------------------------------------ reading a deck


@dataclass(frozen=True)
class DeckChange:
    rows: int  # data rows read
    changed: tuple[CopyKey, ...]  # values set or removed
    added_languages: tuple[str, ...]
    written: bool
    sha256: str = ""  # of the campaign file written


def _parse(campaign: Campaign, deck: Path) -> tuple[list[str], dict[CopyKey, str | None]]:
    """The deck's languages (in column order) and its cells: text, or None for "inherit"."""
    rows = read_deck(deck)
    (hrow, header), body = rows[0], rows[1:]
    names = [h.strip() for h in header]
    while names and not names[-1]:
        names.pop()
    if [n.lower() for n in names[:3]] != list(HEADER):
        raise DeckError(
            deck, hrow, f"the header must start with the columns message, field, scope (found: {', '.join(names[:3])})"
        )
    langs = names[3:]
    if not langs:
        raise DeckError(deck, hrow, "the deck has no language columns; add one per language, e.g. en, gd")
    for code in langs:
        if not LANG_CODE.match(code) or (len(code.split("-")[0]) == 2 and code.split("-")[0] not in ISO_639_1):
            hint = f" (the campaign has: {', '.join(campaign.languages)})"
            raise DeckError(
                deck,
                hrow,
                f"'{code}' is not a language code{hint}; head a language column with its ISO 639 code, "
                "e.g. en, gd, cy or pt-BR",
            )
        if langs.count(code) > 1:
            raise DeckError(deck, hrow, f"the language column '{code}' appears twice; keep one")
    known_scopes = _known_scopes(campaign)
    cells: dict[CopyKey, str | None] = {}
    seen: dict[tuple[str, str, str], int] = {}
    for n, row in body:
        if len(row) > len(names) and any(c.strip() for c in row[len(names) :]):
            raise DeckError(
                deck,
                n,
                f"the row has more cells than the header has columns ({len(names)}); "
                "give the extra column a language code in the header or delete its cells",
            )
        row = row + [""] * (len(names) - len(row))
        owner, name, scope = (c.strip() for c in row[:3])
        _check_row(campaign, deck, n, owner, name, scope, known_scopes)
        if (owner, name, scope) in seen:
            raise DeckError(
                deck,
                n,
                f"this row repeats row {seen[(owner, name, scope)]} ({owner}, {name}, {scope}); merge them into one",
            )
        seen[(owner, name, scope)] = n
        for code, text in zip(langs, row[3:], strict=False):
            cells[(owner, scope, name, code)] = text if text != "" else None
        if owner != CAMPAIGN_WIDE and name == "slogan" and scope == ALL_SCOPES:
            if campaign.default_language in langs and not row[3 + langs.index(campaign.default_language)].strip():
                raise DeckError(
                    deck,
                    n,
                    f"the slogan of '{owner}' is empty in '{campaign.default_language}', the "
                    "default language; every message needs one (leave other languages empty to inherit)",
                )
    return langs, cells


def _known_scopes(campaign: Campaign) -> dict[str, list[str]]:
    """The platforms and formats an override may name: the campaign's, and any already in use."""
    used = {k[1] for k in campaign.copy.keys()}
    return {
        "platform": sorted({f.platform for f in campaign.formats} | {s[9:] for s in used if s.startswith("platform:")}),
        "format": list(campaign.format_ids) + sorted({s[7:] for s in used if s.startswith("format:")}),
    }


def _check_row(campaign, deck, n, owner, name, scope, known_scopes) -> None:
    import difflib

    def near(word: str, choices) -> str:
        close = difflib.get_close_matches(word, list(choices), 1)
        return f"; did you mean '{close[0]}'?" if close else ""

    if owner != CAMPAIGN_WIDE and owner not in campaign.message_ids:
        raise DeckError(
            deck,
            n,
            f"unknown message '{owner}'{near(owner, campaign.message_ids)} The campaign has: "
            f"{', '.join(campaign.message_ids)} (and * for campaign-wide copy)",
        )
    if name not in COPY_FIELDS:
        raise DeckError(
            deck, n, f"unknown field '{name}'{near(name, COPY_FIELDS)} The copy fields are: {', '.join(COPY_FIELDS)}"
        )
    if owner == CAMPAIGN_WIDE and name == "slogan":
        raise DeckError(
            deck, n, "the slogan belongs to a message, not to the campaign: put a message id in the message column"
        )
    if owner != CAMPAIGN_WIDE and name in CAMPAIGN_FIELDS:
        raise DeckError(
            deck,
            n,
            f"{name} is campaign-wide: write * in the message column (it may still differ "
            "by platform or format through the scope column)",
        )
    if scope == ALL_SCOPES:
        return
    kind, _, ident = scope.partition(":")
    if kind not in known_scopes:
        raise DeckError(
            deck,
            n,
            f"unknown scope '{scope}'; write all, platform:ID (e.g. platform:outdoor) or "
            "format:ID (e.g. format:google-300x250)",
        )
    if ident not in known_scopes[kind]:
        listed = (
            f" The platforms are: {', '.join(known_scopes['platform'])}"
            if kind == "platform"
            else (" Run 'main.py formats' for the ids")
        )
        raise DeckError(
            deck, n, f"unknown {kind} '{ident}' in the scope '{scope}'{near(ident, known_scopes[kind])}{listed}"
        )


# ------------------------------------------------------------------------------ applying one


def import_deck(campaign: Campaign, deck: str | Path) -> DeckChange:
    """Apply a copy deck to the campaign's file (atomically); nothing is written when nothing
    changes, or when the deck is refused (DeckError) or the result would not load back."""
    from .deckapply import apply_values

    deck = Path(deck)
    if campaign.path is None:
        raise DeckError(deck, None, "the campaign has no file yet; save it before importing a copy deck")
    langs, cells = _parse(campaign, deck)
    added = tuple(code for code in langs if code not in campaign.languages)
    languages = campaign.languages + added
    current = deck_values(campaign)
    wanted = dict(current)
    for key, text in cells.items():
        if text is None:
            wanted.pop(key, None)
        else:
            wanted[key] = text
    rows = len({(k[0], k[2], k[1]) for k in cells})
    wanted = normalise(campaign, wanted)
    changed = tuple(k for k in dict.fromkeys([*current, *wanted]) if current.get(k) != wanted.get(k))
    if not changed and not added:
        return DeckChange(rows, (), (), False)
    data, after = apply_values(campaign, languages, {k: wanted.get(k) for k in changed})
    got = deck_values(after)
    if got != normalise(after, wanted) or after.languages != languages:
        bad = sorted(k for k in dict.fromkeys([*got, *wanted]) if got.get(k) != wanted.get(k))
        raise DeckError(
            deck,
            None,
            "the deck could not be applied exactly (" + ", ".join("/".join(k) for k in bad[:4]) + "); "
            "the campaign was left untouched",
        )
    from ..base.atomic import write_bytes_atomic

    if campaign.path.read_bytes() != data:
        write_bytes_atomic(campaign.path, data)
    return DeckChange(rows, changed, added, True, hashlib.sha256(data).hexdigest())


__all__ = ["DeckChange", "DeckError", "deck_table", "deck_values", "export_deck", "import_deck", "normalise"]
