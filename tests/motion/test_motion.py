"""Motion: the storyboard ends on the still, GIFs and MP4s meet their placements' specs, same bytes.

PyAV (the `video` extra) is imported only by the MP4 tests, so the rest of this module runs without
it; the MP4 tests then fail, saying what is missing, rather than skip.
"""

from __future__ import annotations

import hashlib
import io
import json
import subprocess
import sys
from pathlib import Path

import pytest
from PIL import Image, ImageChops, ImageStat

from creative_studio.checks.motion import FLASH_AREA, Play, check_play, flash_area
from creative_studio.export.motion_job import motion_file
from creative_studio.model import load_campaign
from creative_studio.render import render, render_detailed
from creative_studio.render.motion import FrameSource, storyboard

ROOT = Path(__file__).resolve().parents[2]
SAMPLE = ROOT / "templates" / "stopitnow.yaml"


@pytest.fixture(scope="module")
def campaign():
    return load_campaign(SAMPLE)


def _mean_diff(a: Image.Image, b: Image.Image) -> float:
    return sum(ImageStat.Stat(ImageChops.difference(a.convert("RGB"), b.convert("RGB"))).mean) / 3


def test_the_storyboard_starts_intact_and_ends_on_the_exported_still(campaign):
    msg = campaign.message("family")
    fmt = campaign.format("snapchat-snap-ad")
    src = FrameSource(campaign, msg, fmt, 0.25)
    keys = [src.key(i) for i in range(src.board.frames)]
    assert keys[0] == (0.0, 0.0, 0.0) and keys[-1] == (float(msg.face.crack_stage), 1.0, 1.0)
    # Crack progress, then the slogan, then the call to action: each only ever grows.
    for k in range(3):
        seq = [key[k] for key in keys]
        assert seq == sorted(seq)
    # The cracks have finished before any text shows (so fades are blends of settled pictures).
    assert all(p == msg.face.crack_stage for p, a, _ in keys if a > 0)
    last = src.image(keys[-1])
    assert last.tobytes() == render(campaign, "family", "snapchat-snap-ad", 0.25).tobytes()
    assert _mean_diff(src.image(keys[0]), last) > 5


def test_durations_follow_the_campaign_within_each_placement(campaign):
    msg = campaign.message("employ")
    assert storyboard(campaign, msg, campaign.format("snapchat-snap-ad")).duration_s == campaign.motion.duration_s
    d6 = storyboard(campaign, msg, campaign.format("outdoor-d6"))
    assert d6.duration_s == 10.0 and d6.fps == 25 and d6.reduced
    snap = storyboard(campaign, msg, campaign.format("snapchat-snap-ad"))
    # Reduced motion: the fades take longer on the D6 than on the Snap ad.
    assert d6.slogan_in[1] - d6.slogan_in[0] > snap.slogan_in[1] - snap.slogan_in[0]


def test_gif_for_google_within_150_kb_200_ms_frames_and_30_s(campaign):
    mf = motion_file(campaign, "freedom", "google-300x250")
    assert mf.kind == "gif" and len(mf.data) <= 153600 and not mf.findings
    im = Image.open(io.BytesIO(mf.data))
    durations = []
    frames = []
    for i in range(im.n_frames):
        im.seek(i)
        durations.append(im.info["duration"])
        frames.append(im.convert("RGB"))
    assert im.n_frames >= 5 and min(durations) >= 200
    plays = im.info.get("loop", -1) + 1 if "loop" in im.info else 1
    assert plays * sum(durations) <= 30000
    still = render(campaign, "freedom", "google-300x250")
    assert _mean_diff(frames[-1], still) < 4  # the end card (palette of at most 128 colours)
    assert _mean_diff(frames[0], still) > 10  # the first frame is the intact face alone
    assert motion_file(campaign, "freedom", "google-300x250").data == mf.data


def test_snap_ad_mp4_is_h264_yuv420p_with_silent_aac_fast_start_and_no_edit_list(campaign):
    mf = motion_file(campaign, "employ", "snapchat-snap-ad")
    assert mf.kind == "mp4" and not mf.findings
    import av  # the video extra: installed by the test setup; only the MP4 tests need it

    data = mf.data
    assert data.find(b"moov") < data.find(b"mdat") and b"elst" not in data
    with av.open(io.BytesIO(data)) as f:
        v = f.streams.video[0]
        assert v.codec_context.name == "h264" and v.codec_context.pix_fmt == "yuv420p"
        assert (v.codec_context.width, v.codec_context.height) == (1080, 1920) and v.average_rate == 30
        (a,) = f.streams.audio
        assert a.codec_context.name == "aac"
        frames = [fr.to_image() for fr in f.decode(video=0)]
    assert len(frames) == 180  # 6 s at 30 fps
    still = render(campaign, "employ", "snapchat-snap-ad")
    assert _mean_diff(frames[-1], still) < 3
    assert _mean_diff(frames[0], still) > 8
    # Visibly progressing: the face region changes between the start and the middle of the cracks.
    face = render_detailed(campaign, "employ", "snapchat-snap-ad").face
    board = storyboard(campaign, campaign.message("employ"), campaign.format("snapchat-snap-ad"))
    mid = round((board.intact_s + board.cracked_s) / 2 * 30)
    cracked = round(board.cracked_s * 30)
    crops = [frames[i].crop(face) for i in (0, mid, cracked)]
    assert 0.1 < _mean_diff(crops[0], crops[1]) < _mean_diff(crops[0], crops[2])
    assert _mean_diff(crops[0], crops[2]) > 2
    assert motion_file(campaign, "employ", "snapchat-snap-ad").data == data


def test_d6_mp4_is_10_s_at_25_fps_silent_under_25_mb(campaign):
    mf = motion_file(campaign, "employ", "outdoor-d6")
    assert len(mf.data) <= 25 * 1024 * 1024 and not mf.findings
    import av  # the video extra: installed by the test setup; only the MP4 tests need it

    with av.open(io.BytesIO(mf.data)) as f:
        assert not f.streams.audio
        v = f.streams.video[0]
        assert v.average_rate == 25
        assert sum(1 for _ in f.decode(video=0)) == 250


def test_flashing_is_caught_and_the_storyboard_does_not_flash(campaign):
    black, white = Image.new("RGB", (108, 192), "black"), Image.new("RGB", (108, 192), "white")
    strobe = [(black if i % 2 else white, 1) for i in range(30)]  # 15 flashes a second at 30 fps
    assert flash_area(strobe, 30) == pytest.approx(1.0)
    slow = [(black, 15), (white, 15), (black, 15), (white, 15)]  # one change a half second
    assert flash_area(slow, 30) == 0.0
    src = FrameSource(campaign, campaign.message("family"), campaign.format("snapchat-snap-ad"), 0.1)
    assert flash_area([(src.image(k), n) for k, n in src.runs()], 30) <= FLASH_AREA


def test_motion_rules_name_what_is_wrong(campaign):
    gif = campaign.format("google-300x250")
    bad = Play("gif", 10, (100, 100, 1000), 1.2, 30, 200_000, last_has_cta=False)
    found = {f.rule: f for f in check_play("employ", gif, bad, [(Image.new("RGB", (30, 25)), 3)])}
    assert set(found) == {"motion-duration", "motion-frame-rate", "file-size", "motion-end-card"}
    assert "under 200 ms" in found["motion-frame-rate"].text and "over by 30 s" in found["motion-duration"].text
    d6 = campaign.format("outdoor-d6")
    found = {f.rule for f in check_play("employ", d6, Play("mp4", 30, (), 6.0, 1, 1000, True), [])}
    assert found == {"motion-duration", "motion-frame-rate"}


def test_export_motion_lists_files_with_type_and_duration_and_repeats_bytes(tmp_path):
    def run(out: Path) -> dict:
        cmd = [sys.executable, str(ROOT / "main.py"), "export", str(SAMPLE), "-o", str(out), "-q", "--motion"]
        cmd += ["-m", "employ", "-f", "google-320x50", "-f", "facebook-story", "-f", "x-image-square"]
        r = subprocess.run(cmd, capture_output=True, text=True, timeout=600)
        assert r.returncode == 0, r.stderr
        return json.loads((out / "manifest.json").read_text())

    m = run(tmp_path / "a")
    kinds = {(f["format"], f["type"]): f for f in m["files"]}
    assert {("google-320x50", "gif"), ("facebook-story", "mp4"), ("x-image-square", "mp4")} <= set(kinds)
    assert kinds[("facebook-story", "mp4")]["duration_s"] == 6.0
    for f in m["files"]:
        data = (tmp_path / "a" / f["path"]).read_bytes()
        assert hashlib.sha256(data).hexdigest() == f["sha256"]
    m2 = run(tmp_path / "b")
    assert [(f["path"], f["sha256"]) for f in m["files"]] == [(f["path"], f["sha256"]) for f in m2["files"]]


def test_without_the_video_extra_gifs_still_export_and_mp4_says_how_to_install(tmp_path):
    code = (
        "import sys; sys.modules['av'] = None\n"  # as if PyAV were not installed
        "from creative_studio.cli import main\n"
        f"sys.exit(main(['export', {str(SAMPLE)!r}, '-o', {str(tmp_path)!r}, '-q', '--motion', "
        "'-m', 'employ', '-f', 'google-300x250', '-f', 'snapchat-snap-ad']))\n"
    )
    r = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=600, cwd=ROOT)
    assert r.returncode == 1 and "Traceback" not in r.stderr
    assert "pip install 'creative-studio[video]'" in r.stderr
    m = json.loads((tmp_path / "manifest.json").read_text())
    assert any(f["type"] == "gif" for f in m["files"])
    assert [n["type"] for n in m["not_written"]] == ["mp4"]
