"""Rebuild fonts/twemoji/CreativeStudioEmoji.ttf from the npm package twemoji-colr-font.

Why: the COLRv0 Twemoji font ships with empty base glyphs. FreeType (and so Pillow) sizes the
colour bitmap from the base glyph's outline, so the emoji come out blank. Giving every coloured
base glyph a composite outline made of its own layer glyphs fixes the bounding box; the colours
still come from COLR/CPAL, so the art is unchanged and stays vector (sharp at any size).

Usage:  npm pack twemoji-colr-font@15.0.3 && tar xzf twemoji-colr-font-15.0.3.tgz
        python tools/build_emoji_font.py package/twemoji.woff2 fonts/twemoji/CreativeStudioEmoji.ttf
(needs fontTools and brotli; run once, the output is committed.)
"""

from __future__ import annotations

import sys

from fontTools.ttLib import TTFont
from fontTools.ttLib.tables._g_l_y_f import Glyph, GlyphComponent

FAMILY = "Creative Studio Emoji"


def fill_base_glyphs(font: TTFont) -> int:
    glyf = font["glyf"]
    layers = font["COLR"].ColorLayers
    filled = 0
    for base, layer_list in layers.items():
        g = glyf[base]
        if g.numberOfContours != 0:
            continue
        comp = Glyph()
        comp.numberOfContours = -1
        comp.components = []
        for layer in layer_list:
            c = GlyphComponent()
            c.glyphName = layer.name
            c.x = c.y = 0
            c.flags = 0
            comp.components.append(c)
        glyf[base] = comp
        filled += 1
    for name in layers:
        glyf[name].recalcBounds(glyf)
    font["maxp"].recalc(font) if hasattr(font["maxp"], "recalc") else None
    return filled


def rename(font: TTFont) -> None:
    # OFL: a modified version should not present itself under the original's name.
    for rec in font["name"].names:
        if rec.nameID in (1, 16):
            rec.string = FAMILY
        elif rec.nameID == 4:
            rec.string = FAMILY
        elif rec.nameID == 6:
            rec.string = FAMILY.replace(" ", "")


def main(src: str, dst: str) -> None:
    font = TTFont(src)
    font.flavor = None
    n = fill_base_glyphs(font)
    rename(font)
    font.save(dst)
    print(f"filled {n} base glyphs -> {dst}")


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])
