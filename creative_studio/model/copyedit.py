"""Change one copy value at one scope: the app's "for this format", "for this platform", "for all".

A value is addressed the way the copy deck addresses it: a message (or `*` for the campaign-wide
brand_name and url), a field, a scope (`all`, `platform:ID`, `format:ID`) and a language. Two of
those addresses are not in the CopyTable but are attributes, as they were before languages
existed: the default language's master of a message field (`Message.slogan` …) and of
brand_name / url (`Campaign.brand_name`, `Campaign.url`). Everything else is a CopyTable entry.

Each function returns a new Campaign (the model is immutable); the GUI wraps them in undoable
commands and the saver writes the table back under `overrides:` (model/saver.py).
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from .types import ALL_SCOPES, CAMPAIGN_FIELDS, CAMPAIGN_WIDE, COPY_FIELDS, Campaign, CopyKey, CopyTable
from .variants import resolve_copy, scope_of, split_scope


def owner_of(message_id: str, field_name: str) -> str:
    """Whose value it is: brand_name and url are campaign-wide (`*`), the rest the message's."""
    return CAMPAIGN_WIDE if field_name in CAMPAIGN_FIELDS else message_id


def is_attribute(campaign: Campaign, field_name: str, scope: str, language: str) -> bool:
    """True for the default language's master, which lives on the Message / Campaign itself."""
    return scope == ALL_SCOPES and language == campaign.default_language


def cell_scopes(campaign: Campaign, format_id: str) -> tuple[str, str, str]:
    """(format scope, platform scope, `all`) of a cell, narrowest first."""
    fmt = campaign.format(format_id)
    return scope_of("format", fmt.id), scope_of("platform", fmt.platform), ALL_SCOPES


def stated_value(campaign: Campaign, message_id: str, field_name: str, scope: str, language: str) -> str | None:
    """The text stated at exactly this scope and language (None: nothing there, it inherits)."""
    if field_name not in COPY_FIELDS:
        raise KeyError(field_name)
    if is_attribute(campaign, field_name, scope, language):
        if field_name in CAMPAIGN_FIELDS:
            return str(getattr(campaign, field_name))
        return campaign.message(message_id).text_for(field_name)
    return campaign.copy.get(owner_of(message_id, field_name), scope, field_name, language)


def _campaign_default(campaign: Campaign, field_name: str) -> str | None:
    return campaign.copy.get(CAMPAIGN_WIDE, ALL_SCOPES, field_name, campaign.default_language)


def can_reset(campaign: Campaign, message_id: str, field_name: str, scope: str, language: str) -> bool:
    """Whether "reset to inherited" at this scope would change anything.

    A platform or format override, or a translation, can always be removed. The default
    language's master of a message field can be reset only to a campaign default (`defaults:`)
    that differs from it; brand_name's and url's master have nothing above them.
    """
    if is_attribute(campaign, field_name, scope, language):
        if field_name in CAMPAIGN_FIELDS:
            return False
        default = _campaign_default(campaign, field_name)
        return default is not None and default != campaign.message(message_id).text_for(field_name)
    return stated_value(campaign, message_id, field_name, scope, language) is not None


def with_table_value(table: CopyTable, key: CopyKey, text: str | None) -> CopyTable:
    """`table` with `key` set to `text` (in place, keeping file order; new keys go last) or removed."""
    entries = list(table.entries)
    for i, (k, _) in enumerate(entries):
        if k == key:
            if text is None:
                del entries[i]
            else:
                entries[i] = (key, text)
            return CopyTable(tuple(entries))
    if text is None:
        return table
    return CopyTable((*entries, (key, text)))


def with_copy_value(
    campaign: Campaign, message_id: str, field_name: str, scope: str, language: str, text: str | None
) -> Campaign:
    """The campaign with one value set (`text`) or removed (None: reset to inherited)."""
    if field_name not in COPY_FIELDS:
        raise KeyError(field_name)
    kind = split_scope(scope)[0]
    if kind not in (ALL_SCOPES, "platform", "format"):
        raise ValueError(f"unknown scope {scope!r}")
    campaign.language(language)  # KeyError for a language the campaign does not have
    if is_attribute(campaign, field_name, scope, language):
        if text is None:
            if not can_reset(campaign, message_id, field_name, scope, language):
                return campaign
            text = _campaign_default(campaign, field_name) or ""
        if field_name == "brand_name":
            return replace(campaign, brand_name=text)
        if field_name == "url":
            return replace(campaign, url=text)
        return campaign.with_message_text(message_id, field_name, text)
    key = (owner_of(message_id, field_name), scope, field_name, language)
    return replace(campaign, copy=with_table_value(campaign.copy, key, text))


@dataclass(frozen=True)
class CellOverride:
    """A field of a cell whose value comes from a narrower placement than `all`."""

    field: str
    scope: str  # "platform:ID" or "format:ID"
    owner: str  # message id, or "*" for a campaign-wide override
    fallback: bool  # the language shown has none: the default language's override stands in


def cell_overrides(
    campaign: Campaign, message_id: str, format_id: str, language: str | None = None
) -> tuple[CellOverride, ...]:
    """Which fields of this cell come from a platform or format override (the matrix marks)."""
    if not any(k[1] != ALL_SCOPES for k in campaign.copy.keys()):
        return ()  # the common case, free: no overrides anywhere
    rc = resolve_copy(campaign, message_id, format_id, language)
    return tuple(
        CellOverride(v.field, v.scope, v.owner, v.fallback)
        for v in rc.values
        if split_scope(v.scope)[0] != ALL_SCOPES and not v.via
    )


__all__ = [
    "CellOverride",
    "can_reset",
    "cell_overrides",
    "cell_scopes",
    "is_attribute",
    "owner_of",
    "stated_value",
    "with_copy_value",
    "with_table_value",
]
