"""Every command that writes refuses to replace what it must not: devices, FIFOs, folders, the
campaign, its catalogue, its review history and cache. Nothing is destroyed, exit 2, one sentence."""

from __future__ import annotations

import os
import shutil
import stat
import subprocess
import sys
from pathlib import Path

import pytest

from creative_studio.base.atomic import write_bytes_atomic
from creative_studio.base.outputs import OutputError, check_output_dir, check_output_path
from creative_studio.model import TEMPLATES_DIR

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    """A campaign with its own catalogue, review file and review cache, all in one folder."""
    for name in ("stopitnow.yaml", "formats.yaml", "layouts.yaml"):
        shutil.copy(TEMPLATES_DIR / name, tmp_path / name)
    (tmp_path / "stopitnow.review.yaml").write_text("decisions: []\n", encoding="utf-8")
    (tmp_path / "stopitnow.review-cache").mkdir()
    (tmp_path / "stopitnow.review-cache" / "a.png").write_bytes(b"judged")
    os.mkfifo(tmp_path / "pipe.png")
    return tmp_path


def main(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, str(ROOT / "main.py"), *args], capture_output=True, text=True, timeout=300)


def snapshot(folder: Path) -> dict[str, bytes | str]:
    out: dict[str, bytes | str] = {}
    for p in sorted(folder.rglob("*")):
        mode = p.lstat().st_mode
        out[str(p.relative_to(folder))] = p.read_bytes() if stat.S_ISREG(mode) else stat.filemode(mode)
    return out


TARGETS = {
    "dev-null": (lambda f: Path("/dev/null"), "a device"),
    "folder": (lambda f: f, "a folder"),
    "fifo": (lambda f: f / "pipe.png", "a pipe (FIFO)"),
    "campaign": (lambda f: f / "stopitnow.yaml", "the campaign file"),
    "catalogue": (lambda f: f / "formats.yaml", "the campaign's catalogue"),
    "layouts": (lambda f: f / "layouts.yaml", "the campaign's catalogue"),
    "review": (lambda f: f / "stopitnow.review.yaml", "the campaign's review history"),
    "review-cache": (lambda f: f / "stopitnow.review-cache" / "a.png", "inside the review cache"),
}


@pytest.mark.parametrize("case", sorted(TARGETS))
def test_render_refuses_and_destroys_nothing(folder, case):
    target_of, words = TARGETS[case]
    target = target_of(folder)
    before = snapshot(folder)
    null_before = os.stat("/dev/null")
    r = main("render", str(folder / "stopitnow.yaml"), "-m", "freedom", "-f", "google-320x50", "-o", str(target))
    assert r.returncode == 2 and "Traceback" not in r.stderr
    assert r.stderr.strip() == r.stderr.strip().splitlines()[0]  # one line
    assert r.stderr.startswith(f"{target}: ") and words in r.stderr and "choose another" in r.stderr
    assert snapshot(folder) == before
    null_after = os.stat("/dev/null")
    assert stat.S_ISCHR(null_after.st_mode) and null_after.st_rdev == null_before.st_rdev


@pytest.mark.parametrize("case", ["review", "campaign", "dev-null", "fifo"])
def test_review_sheet_refuses_and_destroys_nothing(folder, case):
    target_of, words = TARGETS[case]
    target = target_of(folder)
    before = snapshot(folder)
    r = main("review", "sheet", str(folder / "stopitnow.yaml"), "-o", str(target))
    assert r.returncode == 2 and "Traceback" not in r.stderr
    assert r.stderr.startswith(f"{target}: ") and words in r.stderr
    assert snapshot(folder) == before


def test_export_refuses_the_review_cache_and_a_file_as_folder(folder):
    before = snapshot(folder)
    for target, words in (
        (folder / "stopitnow.review-cache", "the review cache"),
        (folder / "formats.yaml", "not a folder"),
    ):
        r = main("export", str(folder / "stopitnow.yaml"), "-o", str(target), "-f", "google-320x50")
        assert r.returncode == 2 and "Traceback" not in r.stderr
        assert r.stderr.startswith(f"{target}: ") and words in r.stderr
    assert snapshot(folder) == before


def test_export_into_the_campaign_folder_keeps_its_files(folder):
    before = snapshot(folder)
    r = main("export", str(folder / "stopitnow.yaml"), "-o", str(folder), "-f", "google-320x50", "--jobs", "1")
    assert r.returncode == 0, r.stderr
    after = snapshot(folder)
    assert {k: v for k, v in after.items() if k in before} == before
    assert "manifest.json" in after and "stopitnow/freedom/google-320x50.png" in after


def test_export_refuses_a_fifo_where_a_png_goes_and_writes_the_rest(folder, tmp_path_factory):
    out = tmp_path_factory.mktemp("out")
    (out / "stopitnow" / "employ").mkdir(parents=True)
    os.mkfifo(out / "stopitnow" / "employ" / "google-320x50.png")
    r = main("export", str(folder / "stopitnow.yaml"), "-o", str(out), "-f", "google-320x50", "--jobs", "1")
    assert r.returncode == 1 and "Traceback" not in r.stderr
    assert "employ/google-320x50.png: this is a pipe (FIFO)" in r.stderr
    assert stat.S_ISFIFO(os.lstat(out / "stopitnow" / "employ" / "google-320x50.png").st_mode)
    assert (out / "stopitnow" / "freedom" / "google-320x50.png").is_file()


def test_guard_follows_symlinks_to_protected_files(tmp_path):
    real = tmp_path / "campaign.yaml"
    real.write_text("x")
    link = tmp_path / "out.png"
    link.symlink_to(real)
    with pytest.raises(OutputError) as info:
        check_output_path(link, {real: "the campaign file"})
    assert "the campaign file" in str(info.value)
    check_output_path(tmp_path / "new.png", {real: "the campaign file"})  # absent: fine
    with pytest.raises(OutputError):
        check_output_dir(tmp_path / "cache" / "sub", {tmp_path / "cache": "the review cache"})


def test_atomic_writes_refuse_non_regular_targets_for_every_writer(tmp_path):
    os.mkfifo(tmp_path / "p")
    for target in (tmp_path / "p", tmp_path, Path("/dev/null")):
        with pytest.raises(OutputError):
            write_bytes_atomic(target, b"data")
    assert stat.S_ISFIFO(os.lstat(tmp_path / "p").st_mode)
    assert list(tmp_path.glob("*.part")) == [] and list(tmp_path.glob(".*.part")) == []


def test_scale_past_the_pixel_cap_is_refused_before_allocating(folder):
    r = main(
        "render", str(folder / "stopitnow.yaml"), "-m", "freedom", "-f", "outdoor-96-sheet", "--scale", "4",
        "-o", str(folder / "big.png"),
    )  # fmt: skip
    assert r.returncode == 2 and "Traceback" not in r.stderr
    assert "57600x14400" in r.stderr and "use a scale of at most 1.38" in r.stderr
    assert not (folder / "big.png").exists()


def test_the_engine_refuses_the_scale_for_every_caller(sample):
    from creative_studio.render import RenderError, render_detailed

    with pytest.raises(RenderError) as info:
        render_detailed(sample, "freedom", "outdoor-96-sheet", 2.0)
    assert "28800x7200" in str(info.value)
