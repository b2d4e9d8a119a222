"""Which text a render uses: languages, per-platform and per-format overrides, inheritance.

One pure function, `resolve_copy`, answers "what does the Gaelic Snap ad of `freedom` say, and
where does each value come from" for the engine, the checks, the manifest and the GUI. The rules
(docs/variants.md):

* Within a language the narrowest scope wins: `format:ID`, then `platform:ID`, then `all`. Within
  one scope a message's own value beats the campaign-wide one (`defaults:`, `brand_name`, `url`),
  so a campaign-wide outdoor call to action applies to every message on outdoor formats unless a
  message says otherwise for outdoor.
* `cta_short` that is stated nowhere in a language means "the call to action" of that language.
* A language with no value anywhere falls back to the default language (the first in
  `campaign.languages`), and the value says so (`fallback`): the `missing-translation` rule
  reports it.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Any

from .types import (
    ALL_SCOPES,
    CAMPAIGN_FIELDS,
    CAMPAIGN_WIDE,
    COPY_FIELDS,
    MESSAGE_FIELDS,
    Campaign,
    Format,
    Message,
)

SCOPE_KINDS = ("platform", "format")


def scope_of(kind: str, ident: str) -> str:
    return f"{kind}:{ident}"


def split_scope(scope: str) -> tuple[str, str]:
    """'platform:outdoor' -> ('platform', 'outdoor'); 'all' -> ('all', '')."""
    if scope == ALL_SCOPES:
        return ALL_SCOPES, ""
    kind, _, ident = scope.partition(":")
    return kind, ident


def scopes_for(fmt: Format | None) -> tuple[str, ...]:
    """The scopes that apply to a render of `fmt`, narrowest first."""
    if fmt is None:
        return (ALL_SCOPES,)
    return (scope_of("format", fmt.id), scope_of("platform", fmt.platform), ALL_SCOPES)


@dataclass(frozen=True)
class ResolvedValue:
    """One field's text for a render, and where it came from (for the GUI and the checks)."""

    field: str
    text: str
    language: str  # the language the text is in (the default language on a fallback)
    scope: str  # "all", "platform:ID" or "format:ID"
    owner: str  # the message id, or "*" for campaign-wide copy
    fallback: bool = False  # the requested language had no value: the default language's is used
    via: str = ""  # "cta" when cta_short was stated nowhere and the call to action stands in

    @property
    def origin(self) -> str:
        """'master', 'platform' or 'format', plus ' (fallback language)' when it fell back."""
        kind = split_scope(self.scope)[0]
        base = "master" if kind == ALL_SCOPES else kind
        return base + (" (fallback language)" if self.fallback else "")


@dataclass(frozen=True)
class ResolvedCopy:
    """Every copy field of one message on one format in one language."""

    message_id: str
    format_id: str
    language: str
    values: tuple[ResolvedValue, ...]

    def value(self, field_name: str) -> ResolvedValue:
        for v in self.values:
            if v.field == field_name:
                return v
        raise KeyError(field_name)

    def text(self, field_name: str) -> str:
        return self.value(field_name).text

    @property
    def fallbacks(self) -> tuple[ResolvedValue, ...]:
        """The fields the requested language lacks (shown in the default language instead)."""
        return tuple(v for v in self.values if v.fallback)

    def apply(self, message: Message) -> Message:
        """`message` with its copy replaced by the resolved copy (face and id kept)."""
        new: dict[str, Any] = {f: self.text(f) for f in MESSAGE_FIELDS if getattr(message, f) != self.text(f)}
        return replace(message, **new) if new else message


def _master(campaign: Campaign, message: Message, field_name: str) -> str:
    if field_name in CAMPAIGN_FIELDS:
        return str(getattr(campaign, field_name))
    return message.text_for(field_name)


def _lookup(
    campaign: Campaign, message: Message, field_name: str, language: str, scopes: tuple[str, ...]
) -> ResolvedValue | None:
    """The value of one field in one language (no language fallback), or None."""
    table = campaign.copy
    owners = (CAMPAIGN_WIDE,) if field_name in CAMPAIGN_FIELDS else (message.id, CAMPAIGN_WIDE)
    for scope in scopes:
        if scope == ALL_SCOPES and language == campaign.default_language:
            # The master: the Message's attribute (own value or the defaults, merged by the loader).
            text = _master(campaign, message, field_name)
            inherited = table.get(CAMPAIGN_WIDE, ALL_SCOPES, field_name, language) == text
            owner = message.id if field_name in MESSAGE_FIELDS and not inherited else CAMPAIGN_WIDE
            return ResolvedValue(field_name, text, language, scope, owner)
        for owner in owners:
            found = table.get(owner, scope, field_name, language)
            if found is not None:
                return ResolvedValue(field_name, found, language, scope, owner)
    return None


def resolve_field(
    campaign: Campaign, message: Message, fmt: Format | None, field_name: str, language: str | None = None
) -> ResolvedValue:
    if field_name not in COPY_FIELDS:
        raise KeyError(field_name)
    lang = campaign.language(language)
    scopes = scopes_for(fmt)
    chain = [lang] if lang == campaign.default_language else [lang, campaign.default_language]
    for i, code in enumerate(chain):
        found = _lookup(campaign, message, field_name, code, scopes)
        if found is None and field_name == "cta_short":
            cta = _lookup(campaign, message, "cta", code, scopes)
            if cta is not None:
                found = replace(cta, field="cta_short", via="cta")
        if found is not None:
            if i and not found.text.strip():
                break  # nothing to translate: the default language is empty as well
            return replace(found, fallback=bool(i))
    return ResolvedValue(field_name, "", lang, ALL_SCOPES, CAMPAIGN_WIDE)


def resolve_message(
    campaign: Campaign, message: Message, fmt: Format | None, language: str | None = None
) -> ResolvedCopy:
    """`resolve_copy` for a message object (which may not be in the campaign yet: GUI edits)."""
    lang = campaign.language(language)
    values = tuple(resolve_field(campaign, message, fmt, f, lang) for f in COPY_FIELDS)
    return ResolvedCopy(message.id, fmt.id if fmt else "", lang, values)


def resolve_copy(
    campaign: Campaign, message_id: str, format_id: str | None, language: str | None = None
) -> ResolvedCopy:
    """Every copy field of a message on a format (None: no format, master scope) in a language.

    Raises KeyError for an unknown message, format or language.
    """
    message = campaign.message(message_id)
    fmt = campaign.format(format_id) if format_id else None
    return resolve_message(campaign, message, fmt, language)


def has_overrides(campaign: Campaign, message_id: str, format_id: str, language: str | None = None) -> bool:
    """Whether any value of this cell comes from a platform or format override (matrix marks)."""
    rc = resolve_copy(campaign, message_id, format_id, language)
    return any(split_scope(v.scope)[0] != ALL_SCOPES for v in rc.values)


__all__ = [
    "SCOPE_KINDS",
    "ResolvedCopy",
    "ResolvedValue",
    "has_overrides",
    "resolve_copy",
    "resolve_field",
    "resolve_message",
    "scope_of",
    "scopes_for",
    "split_scope",
]
