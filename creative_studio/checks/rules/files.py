"""File rules: what the encoded file and the fonts can carry.

- file-size      the encoded PNG over the format's byte limit -> error.
- missing-glyph  a character no bundled font can draw -> error.
"""

from __future__ import annotations

from collections.abc import Iterator

from ..findings import Finding
from .context import Context, role_name, rule

# -- file-size --------------------------------------------------------------------------------------


@rule
def file_size(ctx: Context) -> Iterator[Finding]:
    limit = ctx.format.max_bytes
    if ctx.budget_error:
        yield ctx.finding("file-size", "error", ctx.budget_error)
    elif ctx.png_bytes is not None and ctx.png_bytes > limit:
        yield ctx.finding(
            "file-size", "error", f"The PNG is {ctx.png_bytes:,} bytes; {ctx.format.name} allows {limit:,}"
        )


# -- missing-glyph ----------------------------------------------------------------------------------


@rule
def missing_glyph(ctx: Context) -> Iterator[Finding]:
    for b in ctx.result.texts:
        if b.missing:
            chars = " ".join(f"'{c}' (U+{ord(c[0]):04X})" for c in dict.fromkeys(b.missing))
            yield ctx.finding(
                "missing-glyph",
                "error",
                f"{role_name(b.role)} has characters no bundled font can draw: {chars}; they would print as boxes",
                b.ink or b.box,
            )
