"""Region renders: the pixels of a window of a format equal that window of the full render.

Tolerance: none. The region is the same engine pass with its painting moved by the region's
corner, so every comparison here is byte for byte, posters included.
"""

from __future__ import annotations

import json
import os
import random
import subprocess
import sys
from pathlib import Path

import pytest

from creative_studio.model import load_campaign
from creative_studio.render import RenderError, render_message
from creative_studio.render.region import render_region

ROOT = Path(__file__).resolve().parents[2]
CAMPAIGNS = [ROOT / "templates" / "stopitnow.yaml", *sorted((ROOT / "tests" / "campaigns").glob("*.yaml"))]


def _boxes(w: int, h: int, rng: random.Random, blocks) -> list[tuple[int, int, int, int]]:
    """Random windows, the whole canvas, one-pixel strips and windows whose edge cuts through text."""
    out = [(0, 0, w, h), (0, 0, 1, h), (w - 1, 0, w, h), (0, h - 1, w, h)]
    for _ in range(3):
        x0, y0 = rng.randrange(w), rng.randrange(h)
        out.append((x0, y0, rng.randint(x0 + 1, w), rng.randint(y0 + 1, h)))
    for b in blocks:  # a window starting inside a line's ink: glyphs cut at the region's edge
        for ln in b.lines:
            if ln.ink:
                x0, y0, x1, y1 = ln.ink
                cx, cy = (x0 + x1) // 2, (y0 + y1) // 2
                out.append((cx, cy, min(w, cx + 37), min(h, cy + 23)))
                out.append((max(0, x0 - 3), max(0, cy), min(w, x1 + 3), min(h, y1 + 5)))
    return [b for b in out if b[0] < b[2] and b[1] < b[3]]


@pytest.mark.parametrize("path", CAMPAIGNS, ids=lambda p: p.stem)
def test_digital_regions_equal_the_full_render(path):
    campaign = load_campaign(path)
    rng = random.Random(path.stem)
    n = 0
    for fmt in campaign.formats:
        if fmt.print_spec is not None:
            continue
        for message in campaign.messages:
            language = campaign.languages[n % len(campaign.languages)]
            scale = (1.0, 0.5, 0.37)[n % 3]
            n += 1
            full = render_message(campaign, message, fmt, scale, language)
            for box in _boxes(*full.image.size, rng, full.texts):
                part = render_region(campaign, message, fmt, scale, box, language)
                assert part.size == (box[2] - box[0], box[3] - box[1])
                assert part.tobytes() == full.image.crop(box).tobytes(), (fmt.id, message.id, language, scale, box)
    assert n > 20


@pytest.mark.parametrize("fid", ["outdoor-96-sheet", "outdoor-48-sheet", "outdoor-6-sheet"])
def test_poster_regions_equal_a_full_render_at_a_moderate_scale(sample, fid):
    fmt = sample.format(fid)
    rng = random.Random(fid)
    for message in sample.messages:
        full = render_message(sample, message, fmt, 0.3)
        w, h = full.image.size
        face = full.face
        boxes = [(face[0] - 40, face[1] + 10, face[0] + 300, face[1] + 200)]  # across the face's edge
        for _ in range(4):
            x0, y0 = rng.randrange(w), rng.randrange(h)
            boxes.append((x0, y0, min(w, x0 + rng.randint(1, 900)), min(h, y0 + rng.randint(1, 700))))
        boxes += _boxes(w, h, rng, full.texts)[4:]
        for box in boxes:
            box = (max(0, box[0]), max(0, box[1]), min(w, box[2]), min(h, box[3]))
            part = render_region(sample, message, fmt, 0.3, box)
            assert part.tobytes() == full.image.crop(box).tobytes(), (fid, message.id, box)


def test_a_region_outside_the_canvas_is_refused_with_a_sentence(sample):
    fmt = sample.format("google-300x250")
    message = sample.messages[0]
    with pytest.raises(RenderError, match=r"region 200,0,400,100 is not inside google-300x250 at scale 1 \(300x250"):
        render_region(sample, message, fmt, 1.0, (200, 0, 400, 100))
    with pytest.raises(RenderError, match="not inside"):
        render_region(sample, message, fmt, 1.0, (10, 10, 10, 20))
    with pytest.raises(RenderError, match="scale 0 is out of range"):
        render_region(sample, message, fmt, 0, (0, 0, 10, 10))


MEASURE = """
import json, resource, sys
from creative_studio.model import load_campaign
from creative_studio.render.engine import layout_message
from creative_studio.render.region import render_region
c = load_campaign(sys.argv[1])
fmt, m = c.format("outdoor-96-sheet"), c.message("employ")
layout_message(c, m, fmt, 1.0)
render_region(c, m, fmt, 0.05, (0, 0, 20, 20))  # fonts, imports, caches
before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
face = layout_message(c, m, fmt, 1.0).face
im = render_region(c, m, fmt, 1.0, (face[2] + 4000, 1200, face[2] + 5000, 2000))
after = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
print(json.dumps({"size": im.size, "added_kb": after - before}))
"""


def test_a_region_of_the_96_sheet_at_full_size_does_not_allocate_the_frame():
    """A 1000x800 window of the 14400x3600 96-sheet at scale 1: the frame alone would be 155 MB."""
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    out = subprocess.run(
        [sys.executable, "-c", MEASURE, str(ROOT / "templates" / "stopitnow.yaml")],
        capture_output=True,
        text=True,
        env=env,
        check=True,
    )
    got = json.loads(out.stdout)
    assert got["size"] == [1000, 800]
    assert got["added_kb"] < 80_000, got  # measured ~24 MB (glyph masks of the slogan's lines)
