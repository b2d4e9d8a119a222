#!/usr/bin/env python3
"""The yardstick for `main.py render`: a plain, hand-written Pillow script of a comparable Snap ad.

1080x1920: a vertical gradient ground, a yellow disc with two eyes and a mouth, a slogan wrapped
greedily to the width in Inter Display Black, a call-to-action pill, a hashtag, written as a PNG
at compression level 6. No campaign file, no checks, no font fallback: what a designer would type
to get roughly the same picture. benchmarks/bench.py runs it as a subprocess beside the CLI.

    python benchmarks/plain_pillow_ad.py OUT.png
"""

from __future__ import annotations

import sys
from pathlib import Path

from PIL import Image, ImageDraw, ImageFont

W, H = 1080, 1920
FONTS = Path(__file__).resolve().parent.parent / "fonts" / "inter"
SLOGAN = "Who would employ you?"
CTA = "Get confidential help from Stop It Now!"
HASHTAG = "#StopItNow"


def wrap(draw: ImageDraw.ImageDraw, text: str, font: ImageFont.FreeTypeFont, width: int) -> list[str]:
    lines: list[str] = []
    for word in text.split():
        trial = f"{lines[-1]} {word}" if lines else word
        if lines and draw.textlength(trial, font=font) <= width:
            lines[-1] = trial
        else:
            lines.append(word)
    return lines


def main(out: str) -> None:
    # Gradient: one column of colours stretched across the width.
    top, bottom = (14, 22, 36), (30, 48, 84)
    column = Image.new("RGB", (1, H))
    column.putdata(
        [tuple(round(a + (b - a) * y / (H - 1)) for a, b in zip(top, bottom, strict=True)) for y in range(H)]
    )
    img = column.resize((W, H))
    draw = ImageDraw.Draw(img)

    cx, cy, r = W // 2, 490, 300
    draw.ellipse((cx - r, cy - r, cx + r, cy + r), fill=(255, 204, 77))
    for ex in (cx - 110, cx + 110):
        draw.ellipse((ex - 42, cy - 85, ex + 42, cy + 30), fill=(102, 69, 0))
    draw.rounded_rectangle((cx - 135, cy + 100, cx + 135, cy + 135), radius=17, fill=(102, 69, 0))

    slogan_font = ImageFont.truetype(str(FONTS / "InterDisplay-Black.otf"), 150)
    y = 980
    for line in wrap(draw, SLOGAN, slogan_font, W - 160):
        draw.text((cx, y), line, font=slogan_font, fill="white", anchor="mt")
        y += 180

    draw.rounded_rectangle((130, 1455, W - 130, 1615), radius=80, fill=(255, 204, 51))
    cta_font = ImageFont.truetype(str(FONTS / "Inter-Bold.otf"), 36)
    draw.text((cx, 1535), CTA, font=cta_font, fill=(20, 28, 45), anchor="mm")
    tag_font = ImageFont.truetype(str(FONTS / "InterDisplay-ExtraBold.otf"), 52)
    draw.text((cx, 1710), HASHTAG, font=tag_font, fill=(255, 204, 51), anchor="mm")

    img.save(out, "PNG", compress_level=6)


if __name__ == "__main__":
    main(sys.argv[1] if len(sys.argv) > 1 else "plain.png")
