"""Accessibility rules (alt text): every exported image needs words a screen reader can say, and they must be true.

- missing-alt-text  the message has no alt text (blank or whitespace) -> warning. Nothing invents
                    one: the manifest carries what the designer wrote, or nothing.
                    The alt text no longer contains the slogan -> warning: the image says words
                    the description does not (typically the slogan was edited after the alt text
                    was written). "Contains" compares words, not characters: Unicode-normalised
                    (NFKC), case-folded, punctuation, symbols and emoji dropped, whitespace
                    collapsed, and matched on word boundaries; so "Who would employ you?" is in
                    "… Text: who would EMPLOY you #StopItNow" but "employ" is not in "employer".

Both are judged per render (each exported file carries the message's alt text), without a box:
the problem is in the copy, not at a place on the image.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterator

from ..findings import Finding
from .context import Context, rule

RULE = "missing-alt-text"


def words(text: str) -> str:
    """Text reduced to its words: NFKC, case-folded, non-letters/digits as spaces, single spaces."""
    text = unicodedata.normalize("NFKC", text).casefold()
    out = []
    for ch in text:
        cat = unicodedata.category(ch)
        out.append(ch if cat[0] in "LN" or cat == "Mn" or cat == "Mc" else " ")
    return " ".join("".join(out).split())


def contains_text(haystack: str, needle: str) -> bool:
    """True when the words of `needle` appear, in order and adjacent, among the words of `haystack`."""
    n = words(needle)
    if not n:
        return True
    return f" {n} " in f" {words(haystack)} "


@rule
def missing_alt_text(ctx: Context) -> Iterator[Finding]:
    msg = ctx.message
    alt = msg.alt_text or ""
    if not alt.strip():
        yield ctx.finding(
            RULE,
            "warning",
            "No alt text: screen readers will say nothing about this image. Describe the face and give "
            "the text it shows (Campaign panel, Accessibility).",
        )
        return
    if not contains_text(alt, msg.slogan):
        yield ctx.finding(
            RULE,
            "warning",
            f"The alt text does not contain the slogan “{msg.slogan.strip()}”: a screen reader would "
            "describe different words from the ones on the image. Update the alt text.",
        )


__all__ = ["contains_text", "missing_alt_text", "words"]
