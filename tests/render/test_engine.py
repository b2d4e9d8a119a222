"""The engine: exact sizes, every template renders, determinism, golden images, no Qt."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from PIL import Image, ImageChops, ImageStat

from creative_studio.render import RenderError, render, render_detailed

ROOT = Path(__file__).resolve().parents[2]
GOLDEN = Path(__file__).parent / "golden"
# (message, format, scale): small scales keep the suite fast; together they cover every layout.
GOLDEN_CASES = [
    ("freedom", "facebook-feed-square", 0.25),
    ("employ", "snapchat-snap-ad", 0.2),
    ("family", "google-320x50", 1.0),
    ("employ", "google-160x600", 1.0),
    ("freedom", "x-image-landscape", 0.25),
    ("family", "outdoor-96-sheet", 0.04),
    ("employ", "outdoor-48-sheet", 0.06),
    ("freedom", "google-970x250", 0.5),
]


def test_every_format_renders_at_exact_size(sample):
    for f in sample.formats:
        scale = min(1.0, 300 / max(f.width, f.height))
        img = render(sample, "employ", f.id, scale)
        assert img.size == f.size_at(scale), f.id
        assert img.mode == "RGB"


@pytest.mark.parametrize("fid", ["google-300x250", "google-320x50", "facebook-feed-landscape"])
def test_full_size_is_exact(sample, fid):
    f = sample.format(fid)
    assert render(sample, "freedom", fid).size == (f.width, f.height)


def test_every_message_and_format_sets_text_without_overflow(sample):
    for m in sample.message_ids:
        for f in sample.formats:
            scale = min(1.0, 1200 / max(f.width, f.height))
            r = render_detailed(sample, m, f.id, scale)
            assert {b.role for b in r.texts} >= {"slogan"}
            for b in r.texts:
                assert not b.overflow, (m, f.id, b.role)
                assert not b.missing


def test_text_stays_inside_safe_area(sample):
    r = render_detailed(sample, "freedom", "snapchat-snap-ad", 0.5)
    x0, y0, x1, y1 = r.safe
    for b in r.texts:
        ink = b.ink
        assert ink[0] >= x0 and ink[1] >= y0 and ink[2] <= x1 and ink[3] <= y1, b.role


def test_deterministic_pixels(sample):
    a = render(sample, "family", "facebook-feed-portrait", 0.3)
    b = render(sample, "family", "facebook-feed-portrait", 0.3)
    assert a.tobytes() == b.tobytes()


def test_edit_changes_pixels_only_where_text_is(sample):
    a = render_detailed(sample, "employ", "facebook-feed-square", 0.3)
    edited = sample.with_message_text("employ", "slogan", "Who would hire you now?")
    b = render_detailed(edited, "employ", "facebook-feed-square", 0.3)
    diff = ImageChops.difference(a.image, b.image).getbbox()
    assert diff is not None
    face = a.face
    assert not (diff[0] >= face[0] and diff[2] <= face[2] and diff[1] >= face[1] and diff[3] <= face[3])


def test_crack_stage_changes_face(sample):
    from creative_studio.model import Face

    a = render_detailed(sample, "employ", "facebook-feed-square", 0.3)
    b = render_detailed(
        sample.with_message_face("employ", Face("\U0001f610", 0, 2019)), "employ", "facebook-feed-square", 0.3
    )
    bbox = ImageChops.difference(a.image, b.image).getbbox()
    assert bbox is not None
    fx0, fy0, fx1, fy1 = a.face
    assert bbox[0] >= fx0 - 30 and bbox[2] <= fx1 + 30 and bbox[3] <= fy1 + 30


def test_unknown_ids_raise_render_error(sample):
    with pytest.raises(RenderError, match="unknown message"):
        render(sample, "nope", "google-300x250")
    with pytest.raises(RenderError, match="unknown format"):
        render(sample, "freedom", "google-1x1")
    with pytest.raises(RenderError, match="scale"):
        render(sample, "freedom", "google-300x250", 0)


def test_emoji_without_artwork_is_a_clear_error(sample):
    from creative_studio.model import Face

    broken = sample.with_message_face("employ", Face("\u0041", 0, 1))  # "A" is no emoji
    with pytest.raises(RenderError, match="employ"):
        render(broken, "employ", "google-300x250")


def test_poster_preview_is_small(sample):
    f = sample.format("outdoor-96-sheet")
    img = render(sample, "freedom", f.id, 0.05)
    assert img.size == (720, 180)


@pytest.mark.parametrize("message,fid,scale", GOLDEN_CASES, ids=lambda v: str(v))
def test_golden_images(sample, message, fid, scale):
    """Compare with committed goldens; CS_UPDATE_GOLDENS=1 rewrites them (then look at them!)."""
    img = render(sample, message, fid, scale)
    path = GOLDEN / f"{message}_{fid}_{scale}.png"
    if os.environ.get("CS_UPDATE_GOLDENS"):
        GOLDEN.mkdir(exist_ok=True)
        img.save(path)
    ref = Image.open(path).convert("RGB")
    assert ref.size == img.size
    diff = ImageChops.difference(ref, img).convert("L")
    mean = ImageStat.Stat(diff).mean[0]
    changed = sum(diff.point(lambda v: 255 if v > 48 else 0).histogram()[255:]) / (img.width * img.height)
    assert mean < 1.5 and changed < 0.01, f"{path.name}: mean diff {mean:.2f}, {changed:.2%} pixels changed"


def test_engine_imports_no_qt():
    code = (
        "import sys; import creative_studio.render, creative_studio.model, creative_studio.checks, "
        "creative_studio.export, creative_studio.render.engine, creative_studio.review, creative_studio.render.mockups\n"
        "from creative_studio.model import load_sample; from creative_studio.render import render\n"
        "render(load_sample(), 'freedom', 'google-300x250')\n"
        "bad = [m for m in sys.modules if m.startswith('PySide6') or m.startswith('shiboken')]\n"
        "print(bad); sys.exit(1 if bad else 0)"
    )
    proc = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert proc.returncode == 0, proc.stdout + proc.stderr


def test_partner_logo_is_drawn_in_its_box(sample, tmp_path):
    from dataclasses import replace

    logo = tmp_path / "logo.png"
    Image.new("RGBA", (200, 100), (255, 255, 255, 255)).save(logo)
    c = replace(sample, brand=replace(sample.brand, logo=str(logo)))
    r = render_detailed(c, "employ", "facebook-story", 0.5)
    lay = c.layout_for(r.format)
    x0, y0, x1, y1 = r.safe
    bx = x0 + (lay.logo.x + lay.logo.w) * (x1 - x0) - 5  # right-aligned: inside its right edge
    by = y0 + (lay.logo.y + lay.logo.h / 2) * (y1 - y0)
    assert r.image.getpixel((int(bx), int(by))) == (255, 255, 255)
    plain = render_detailed(sample, "employ", "facebook-story", 0.5)
    assert plain.image.getpixel((int(bx), int(by))) != (255, 255, 255)


def test_missing_font_is_bad_input_not_a_traceback(tmp_path):
    code = (
        "import sys; sys.path.insert(0, %r)\n"
        "from pathlib import Path\n"
        "from creative_studio.render import fonts\n"
        "fonts.ROLE_FONTS['slogan'] = Path(%r)\n"
        "from creative_studio.cli import main\n"
        "sys.exit(main(['render', %r, '-m', 'employ', '-f', 'google-300x250', '-o', %r]))\n"
        % (str(ROOT), str(tmp_path / "gone.otf"), str(ROOT / "templates" / "stopitnow.yaml"), str(tmp_path / "x.png"))
    )
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120)
    assert proc.returncode == 2
    assert "gone.otf: font file missing" in proc.stderr and "Traceback" not in proc.stderr
