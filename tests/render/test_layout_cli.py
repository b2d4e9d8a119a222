"""`main.py layout --json` and `main.py render`'s exit 1 / JPEG output, through a subprocess."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from creative_studio.model import load_sample
from creative_studio.render import render_detailed

ROOT = Path(__file__).resolve().parents[2]
SAMPLE = ROOT / "templates" / "stopitnow.yaml"
CAMPAIGNS = ROOT / "tests" / "campaigns"


def main(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, str(ROOT / "main.py"), *args], capture_output=True, text=True, cwd=ROOT, timeout=600
    )


def test_layout_json_has_the_contract_shape_and_matches_the_render():
    p = main(
        "layout",
        str(SAMPLE),
        "-m",
        "freedom",
        "-f",
        "facebook-feed-square",
        "-f",
        "google-300x250",
        "--scale",
        "0.5",
        "--json",
    )
    assert p.returncode == 0, p.stderr
    data = json.loads(p.stdout)
    assert [(r["message"], r["format"]) for r in data["renders"]] == [
        ("freedom", "facebook-feed-square"),
        ("freedom", "google-300x250"),
    ]
    r = data["renders"][0]
    assert set(r) == {"message", "format", "language", "width", "height", "scale", "face", "logo", "blocks"}
    assert (r["width"], r["height"], r["scale"]) == (540, 540, 0.5)
    assert r["logo"] is None  # the sample has no partner logo
    for b in r["blocks"]:
        assert set(b) == {"role", "text", "box", "ink", "size_px", "cap_px", "overflow", "lines"}
        assert all(set(ln) == {"text", "ink"} for ln in b["lines"])
    # Exactly where render puts things at the same scale.
    res = render_detailed(load_sample(), "freedom", "facebook-feed-square", 0.5)
    assert [b["role"] for b in r["blocks"]] == [b.role for b in res.texts]
    for b, blk in zip(r["blocks"], res.texts, strict=True):
        assert b["box"] == list(blk.box) and b["ink"] == list(blk.ink)
        assert [ln["text"] for ln in b["lines"]] == [ln.text for ln in blk.lines]
        assert [ln["ink"] for ln in b["lines"]] == [list(ln.ink) for ln in blk.lines]
    assert r["face"] == list(res.face_ink)


def test_layout_reports_the_logo_box():
    p = main("layout", str(CAMPAIGNS / "roadsafe.yaml"), "-m", "wildwest", "-f", "facebook-feed-square", "--json")
    assert p.returncode == 0, p.stderr
    r = json.loads(p.stdout)["renders"][0]
    x0, y0, x1, y1 = r["logo"]
    assert 0 < x0 < x1 < 1080 and 0 < y0 < y1 < 1080


@pytest.mark.parametrize(
    "args, says",
    [
        (["-f", "nope"], "unknown format 'nope'"),
        (["-m", "nope"], "unknown message 'nope'"),
        (["--scale", "0"], "--scale 0"),
    ],
)
def test_layout_bad_input_exits_2(args, says):
    p = main("layout", str(SAMPLE), *args, "--json")
    assert p.returncode == 2 and says in p.stderr and "Traceback" not in p.stderr


def test_a_format_left_out_of_the_campaign_says_how_to_add_it(tmp_path):
    c = tmp_path / "c.yaml"
    c.write_text("campaign: {id: c, name: C}\nformats: [facebook-feed-square]\nmessages: [{id: a, slogan: Hello}]\n")
    p = main("layout", str(c), "-f", "google-300x250", "--json")
    assert p.returncode == 2
    assert "not in this campaign's formats; add it to `formats:`" in p.stderr


def test_render_exits_1_with_the_errors_and_still_writes_the_file(tmp_path):
    out = tmp_path / "long.png"
    p = main(
        "render",
        str(CAMPAIGNS / "celtic.yaml"),
        "-m",
        "long",
        "-f",
        "facebook-feed-square",
        "-o",
        str(out),
        "--scale",
        "0.5",
    )
    assert p.returncode == 1, p.stderr
    assert "text-overflow" in p.stderr and "ellipsis" in p.stderr
    assert out.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"


def test_render_exits_0_without_errors(tmp_path):
    p = main("render", str(SAMPLE), "-m", "employ", "-f", "facebook-feed-square", "-o", str(tmp_path / "a.png"))
    assert p.returncode == 0, p.stderr
    assert p.stderr == ""


def test_render_jpeg_is_deterministic_and_other_types_are_refused(tmp_path):
    a, b = tmp_path / "a.jpg", tmp_path / "b.jpeg"
    for out in (a, b):
        p = main("render", str(SAMPLE), "-m", "freedom", "-f", "google-300x250", "-o", str(out))
        assert p.returncode == 0, p.stderr
    assert a.read_bytes()[:3] == b"\xff\xd8\xff" and a.read_bytes() == b.read_bytes()
    from PIL import Image

    with Image.open(a) as im:
        assert im.format == "JPEG" and im.size == (300, 250)
    p = main("render", str(SAMPLE), "-m", "freedom", "-f", "google-300x250", "-o", str(tmp_path / "a.gif"))
    assert p.returncode == 2 and "end the output name in .png, .jpg or .jpeg" in p.stderr
    assert not (tmp_path / "a.gif").exists()
