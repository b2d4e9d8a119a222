"""The compliance rules. Each is a small pure function over one render (boxes, pixels, format).

A rule takes a `Context` and yields `Finding`s. Boxes are reported in pixels of the full-size
image, whatever scale the render was made at, so the GUI can outline them on any preview.
Rules never render: they read the layout boxes the engine returned and sample its pixels.
Each family module's docstring gives its thresholds and why (the numbers come from
../shared/platforms.md).

Families, in the order their findings are printed:

- layout      text-overflow, safe-zone
- overlap     overlap
- legibility  min-text-size, contrast
- face        face-contrast
- copy        word-count, copy-length, text-coverage
- files       file-size, missing-glyph
- press       out-of-gamut, panel-join (print formats)
- translation    missing-translation
- accessibility  missing-alt-text

How to add a rule:

1. Write it as a function decorated with `@rule` (from `.context`), in the family module it
   belongs to, or in a new module `checks/rules/<family>.py`. The rule id is the function name
   with dashes (`def face_contrast` -> "face-contrast"); pass that id to `ctx.finding(...)`.
   Inside a family, rules run in the order they are defined.
2. A new module only: import it below and put it in FAMILIES where its findings should print.
   (Importing a module registers its rules; a registered rule whose module is not in FAMILIES
   stops the import with an error, so a rule cannot be silently left out.)
3. Add a test in tests/checks/test_rules.py: a campaign in tests/checks/data/ that breaks the
   rule (assert rule id, severity, box and text) and check the clean campaign still keeps it.
   `RULE_IDS` (creative_studio.checks) is derived from this registry, so the CLI's JSON contract
   test (tests/checks/test_cli.py) lists the ids it expects: add the new id there too.
"""

from __future__ import annotations

from ...render.colour import luminance
from . import accessibility, copy, face, files, layout, legibility, overlap, press, translation
from .context import REGISTERED, Context, Rule, rule, rule_id
from .copy import count_chars, count_words, has_emoji, union_area
from .layout import band_name
from .legibility import contrast_ratio, fill_for, is_large_text, line_contrast, text_spans

FAMILIES = (layout, overlap, legibility, face, copy, files, press, translation, accessibility)

RULES: list[Rule] = [r for fam in FAMILIES for r in REGISTERED if r.__module__ == fam.__name__]
if len(RULES) != len(REGISTERED):
    _stray = sorted({r.__module__ for r in REGISTERED} - {fam.__name__ for fam in FAMILIES})
    raise RuntimeError(f"rules registered in {_stray} are not in checks.rules.FAMILIES; add the module there")

RULE_IDS: tuple[str, ...] = tuple(rule_id(r) for r in RULES)

__all__ = [
    "FAMILIES",
    "RULES",
    "RULE_IDS",
    "Context",
    "Rule",
    "band_name",
    "contrast_ratio",
    "count_chars",
    "count_words",
    "fill_for",
    "has_emoji",
    "is_large_text",
    "line_contrast",
    "luminance",
    "rule",
    "rule_id",
    "text_spans",
    "union_area",
]
