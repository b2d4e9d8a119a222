"""missing-translation: a render in one language that shows another language's copy.

A field the render's language does not state anywhere (not for this format, its platform, the
message or the campaign) falls back to the default language's text (model/variants.py). The
render still works, so this is a warning, one per render, naming the fields and how to add them.

The hashtag and the url are identifiers rather than prose (#StopItNow, stopitnow.org.uk), usually
the same in every language: they fall back silently. Give them per language when they differ.
"""

from __future__ import annotations

from collections.abc import Iterator

from ...model.types import SHARED_FIELDS as SHARED  # the same in every language unless stated
from ..findings import Finding
from .context import Context, rule

FIELD_NAMES = {
    "slogan": "slogan",
    "cta": "call to action",
    "cta_short": "short call to action",
    "hashtag": "hashtag",
    "headline": "headline",
    "primary_text": "primary text",
    "description": "description",
    "alt_text": "alt text",
    "brand_name": "brand name",
    "url": "url",
}


@rule
def missing_translation(ctx: Context) -> Iterator[Finding]:
    copy = ctx.result.copy
    if copy is None:
        return
    missing = [v for v in copy.fallbacks if v.field not in SHARED]
    if not missing:
        return
    default = ctx.campaign.default_language
    names = ", ".join(FIELD_NAMES.get(v.field, v.field) for v in missing)
    yield ctx.finding(
        "missing-translation",
        "warning",
        f"'{copy.language}' has no {names}: the '{default}' text is used instead. Add the "
        f"'{copy.language}' text to the campaign (or export the copy deck, fill its '{copy.language}' "
        "column and import it)",
    )
