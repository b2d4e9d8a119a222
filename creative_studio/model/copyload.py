"""Read the copy of a campaign file: languages, per-language values and scoped overrides.

The YAML form (templates/schema/campaign.schema.json, docs/variants.md):

    campaign:
      languages: [en, gd]          # the first is the default; absent: [en]
      brand_name: {en: Police Scotland, gd: Poileas Alba}
    defaults:
      cta: "Get help"              # plain text: the default language, every placement
      overrides:                   # campaign-wide, narrower placements
        platform:outdoor: {cta_short: "stopitnow.org.uk"}
    messages:
      - id: freedom
        slogan:
          en: Get ready to kiss your freedom goodbye
          gd: Bi deiseil airson soraidh slàn a leigeil le do shaorsa
        overrides:
          platform:outdoor:
            slogan: {en: Kiss your freedom goodbye}
          format:google-300x250:
            cta: Get help now

This module turns that into the default-language master values (what the Message attributes
hold, as before) and a CopyTable of everything else, checking what the schema cannot: that every
language is listed in `languages`, that every scope names a known platform or format.
"""

from __future__ import annotations

import difflib
from typing import Any

from .types import ALL_SCOPES, CAMPAIGN_FIELDS, CAMPAIGN_WIDE, DEFAULT_LANGUAGE, CopyKey, CopyTable, Format
from .yamlio import Located


def read_languages(located: Located) -> tuple[str, ...]:
    c = located.data.get("campaign", {})
    langs = c.get("languages")
    if langs is None:
        return (DEFAULT_LANGUAGE,)
    seen: dict[str, int] = {}
    for i, code in enumerate(langs):
        if code in seen:
            raise located.error(
                ("campaign", "languages", i), f"the language '{code}' is listed twice; list each language once"
            )
        seen[code] = i
    return tuple(langs)


def _hint(word: str, known: list[str]) -> str:
    close = difflib.get_close_matches(word, known, n=1)
    return f"; did you mean '{close[0]}'?" if close else ""


class CopyReader:
    """Collects the copy of one campaign file while the loader walks it."""

    def __init__(self, located: Located, languages: tuple[str, ...], catalogue: tuple[Format, ...]):
        self.located = located
        self.languages = languages
        self.default = languages[0]
        self.platforms = sorted({f.platform for f in catalogue})
        self.format_ids = [f.id for f in catalogue]
        self.entries: list[tuple[CopyKey, str]] = []

    def texts(self, value: Any, path: tuple) -> dict[str, str]:
        """A copy value as {language: text}; plain text is the default language's."""
        if not isinstance(value, dict):
            return {self.default: str(value)}
        out = {}
        for code, text in value.items():
            if code not in self.languages:
                raise self.located.error(
                    path + (code,),
                    f"'{code}' is not one of the campaign's languages ({', '.join(self.languages)})"
                    f"{_hint(code, list(self.languages))}; add it to campaign: languages: first",
                    key=True,
                )
            out[code] = str(text)
        return out

    def add(self, owner: str, scope: str, field_name: str, texts: dict[str, str], skip_default: bool) -> None:
        for code, text in texts.items():
            if skip_default and code == self.default:
                continue
            self.entries.append(((owner, scope, field_name, code), text))

    def field(self, owner: str, field_name: str, value: Any, path: tuple, master_in_table: bool) -> str | None:
        """Record a field at scope `all`; return its default-language text (None if not given)."""
        texts = self.texts(value, path)
        self.add(owner, ALL_SCOPES, field_name, texts, skip_default=not master_in_table)
        return texts.get(self.default)

    def scope(self, scope: str, path: tuple) -> str:
        kind, _, ident = scope.partition(":")
        known = self.platforms if kind == "platform" else self.format_ids
        if ident not in known:
            what = "platform" if kind == "platform" else "format"
            extra = f" The platforms are: {', '.join(self.platforms)}" if kind == "platform" else ""
            raise self.located.error(
                path,
                f"unknown {what} '{ident}' in the override '{scope}'{_hint(ident, known)}"
                + ("" if kind == "platform" else "; run 'main.py formats' for the list")
                + ("." + extra if extra else ""),
                key=True,
            )
        return scope

    def overrides(self, owner: str, block: dict, path: tuple) -> None:
        for scope, fields in (block or {}).items():
            self.scope(scope, path + (scope,))
            for name, value in (fields or {}).items():
                self.add(owner, scope, name, self.texts(value, path + (scope, name)), skip_default=False)

    def require_default(self, texts_value: Any, path: tuple, what: str) -> None:
        if isinstance(texts_value, dict) and self.default not in texts_value:
            raise self.located.error(
                path,
                f"{what} has no text in the default language '{self.default}' (the first of campaign: "
                f"languages:); add '{self.default}: ...' to it",
            )

    def table(self) -> CopyTable:
        return CopyTable(tuple(self.entries))


def campaign_field(reader: CopyReader, c: dict, name: str, fallback: str) -> str:
    """brand_name or url from the campaign: block (texts per language), the default's as master."""
    if name not in c:
        return fallback
    assert name in CAMPAIGN_FIELDS
    got = reader.field(CAMPAIGN_WIDE, name, c[name], ("campaign", name), master_in_table=False)
    return fallback if got is None else got


__all__ = ["CopyReader", "campaign_field", "read_languages"]
