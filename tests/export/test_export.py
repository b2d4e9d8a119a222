"""Export: exact sizes, byte budgets, same input -> same bytes, atomic files, safe paths, manifest."""

from __future__ import annotations

import hashlib
import json
import os
import subprocess
import sys
from dataclasses import replace
from pathlib import Path

import pytest
from PIL import Image

from creative_studio.base.atomic import write_bytes_atomic
from creative_studio.encode import BudgetError, encode_for_format
from creative_studio.export import export_batch, safe_join
from creative_studio.export.batch import UnsafePathError
from creative_studio.render import render

ROOT = Path(__file__).resolve().parents[2]
SMALL = ["google-300x250", "google-320x50", "google-728x90", "google-160x600"]


def chunks(data: bytes) -> list[bytes]:
    out, i = [], 8
    while i < len(data):
        n = int.from_bytes(data[i : i + 4], "big")
        out.append(data[i + 4 : i + 8])
        i += 12 + n
    return out


def test_export_writes_exact_files_and_manifest(sample, tmp_path):
    res = export_batch(sample, tmp_path, format_ids=SMALL, jobs=2)
    assert not res.failed
    manifest = json.loads((tmp_path / "manifest.json").read_text())
    assert manifest["campaign"] == "stopitnow"
    assert manifest["campaign_sha256"] == sample.sha256
    assert manifest["generator"].startswith("creative-studio ")
    assert len(manifest["files"]) == 3 * len(SMALL)
    for entry in manifest["files"]:
        path = tmp_path / entry["path"]
        data = path.read_bytes()
        assert hashlib.sha256(data).hexdigest() == entry["sha256"]
        assert len(data) == entry["bytes"] <= 150 * 1024
        img = Image.open(path)
        assert img.size == (entry["width"], entry["height"])
        assert f"{img.size[0]}x{img.size[1]}" in entry["format"]
        assert entry["review"] in ("pending", "approved", "changes-requested", "rejected", "stale")
        assert set(entry["checks"]) == {"errors", "warnings"}
        assert entry["alt_text"]
        assert b"tIME" not in chunks(data) and b"sRGB" in chunks(data)
        assert img.text["Campaign"] == "stopitnow" and img.text["Format"] == entry["format"]


def test_same_input_same_bytes(sample, tmp_path):
    a = export_batch(sample, tmp_path / "a", format_ids=SMALL[:2], jobs=1)
    b = export_batch(sample, tmp_path / "b", format_ids=SMALL[:2], jobs=2)
    assert [f.sha256 for f in a.files] == [f.sha256 for f in b.files]
    assert (tmp_path / "a" / "manifest.json").read_bytes() == (tmp_path / "b" / "manifest.json").read_bytes()


def test_print_format_records_dpi(sample, tmp_path):
    res = export_batch(sample, tmp_path, message_ids=["employ"], format_ids=["outdoor-6-sheet"], jobs=1)
    assert not res.failed, res.failed
    img = Image.open(tmp_path / res.files[0].path)
    assert img.size == (3543, 5315)
    assert round(img.info["dpi"][0]) == 300


def test_palette_reduction_meets_a_tight_budget(sample):
    fmt = replace(sample.format("google-300x250"), max_bytes=30_000)
    img = render(sample, "family", "google-300x250")
    enc = encode_for_format(img, fmt, {})
    assert len(enc.data) <= 30_000
    assert enc.method.startswith("palette-") or enc.method == "lossless"


def test_impossible_budget_fails_clearly(sample, tmp_path):
    fmt = replace(sample.format("google-300x250"), max_bytes=1500)
    with pytest.raises(BudgetError, match="google-300x250"):
        encode_for_format(render(sample, "family", "google-300x250"), fmt, {})
    tight = replace(sample, formats=tuple(fmt if f.id == fmt.id else f for f in sample.formats))
    res = export_batch(tight, tmp_path, message_ids=["family"], format_ids=["google-300x250"], jobs=1)
    assert res.files[0].error and "1,500 bytes" in res.files[0].error
    assert not (tmp_path / res.files[0].path).exists()


def test_atomic_write_leaves_old_file_on_failure(tmp_path, monkeypatch):
    target = tmp_path / "x.png"
    target.write_bytes(b"old")

    def boom(src, dst):
        raise OSError("disk full")

    monkeypatch.setattr(os, "replace", boom)
    with pytest.raises(OSError):
        write_bytes_atomic(target, b"new" * 1000)
    assert target.read_bytes() == b"old"
    assert [p.name for p in tmp_path.iterdir()] == ["x.png"]


def test_kill_during_write_never_leaves_partial_file(tmp_path):
    """A writer killed mid-way leaves either nothing or a complete file under the final name."""
    script = (
        "import sys; sys.path.insert(0, %r)\n"
        "from creative_studio.base.atomic import write_bytes_atomic\n"
        "import os, signal\n"
        "data = b'x' * 50_000_000\n"
        "orig = os.fsync\n"
        "def die(fd): os.kill(os.getpid(), signal.SIGKILL)\n"
        "os.fsync = die\n"
        "write_bytes_atomic(%r, data)\n" % (str(ROOT), str(tmp_path / "big.png"))
    )
    proc = subprocess.run([sys.executable, "-c", script], capture_output=True, timeout=60)
    assert proc.returncode != 0
    assert not (tmp_path / "big.png").exists()


def test_names_cannot_escape_output_folder(tmp_path):
    for bad in ("..", "../x", "a/b", ".hidden", "", "x\x00y"):
        with pytest.raises(UnsafePathError):
            safe_join(tmp_path, bad)
    assert safe_join(tmp_path, "stopitnow", "freedom", "google-300x250.png").is_relative_to(tmp_path.resolve())


def test_cli_export_and_exit_codes(tmp_path):
    main = [sys.executable, str(ROOT / "main.py")]
    camp = str(ROOT / "templates" / "stopitnow.yaml")
    ok = subprocess.run(
        main + ["export", camp, "-o", str(tmp_path), "-f", "google-320x50", "-m", "employ", "--jobs", "1"],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert ok.returncode == 0, ok.stderr
    assert (tmp_path / "stopitnow" / "employ" / "google-320x50.png").exists()
    bad = subprocess.run(
        main + ["export", camp, "-o", str(tmp_path), "-f", "google-320x51"], capture_output=True, text=True, timeout=120
    )
    assert bad.returncode == 2 and "unknown format 'google-320x51'" in bad.stderr and "Traceback" not in bad.stderr


def test_cli_formats_and_render(tmp_path):
    main = [sys.executable, str(ROOT / "main.py")]
    out = subprocess.run(main + ["formats", "--json"], capture_output=True, text=True, timeout=60)
    data = json.loads(out.stdout)
    assert {"id": "google-320x50", "width": 320, "height": 50}.items() <= next(
        d for d in data if d["id"] == "google-320x50"
    ).items()
    png = tmp_path / "one.png"
    r = subprocess.run(
        main
        + [
            "render",
            str(ROOT / "templates" / "stopitnow.yaml"),
            "-m",
            "freedom",
            "-f",
            "outdoor-96-sheet",
            "--scale",
            "0.05",
            "-o",
            str(png),
        ],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert r.returncode == 0, r.stderr
    assert Image.open(png).size == (720, 180)


def test_atomic_files_get_normal_permissions(tmp_path):
    old = os.umask(0o022)
    try:
        write_bytes_atomic(tmp_path / "f.png", b"x")
    finally:
        os.umask(old)
    assert (tmp_path / "f.png").stat().st_mode & 0o777 == 0o644


def test_cli_render_at_full_size_gives_the_export_bytes(sample, tmp_path):
    main = [sys.executable, str(ROOT / "main.py")]
    camp = str(ROOT / "templates" / "stopitnow.yaml")
    subprocess.run(
        main + ["render", camp, "-m", "employ", "-f", "google-300x250", "-o", str(tmp_path / "r.png")],
        check=True,
        capture_output=True,
        timeout=120,
    )
    res = export_batch(sample, tmp_path / "out", message_ids=["employ"], format_ids=["google-300x250"], jobs=1)
    assert (tmp_path / "r.png").read_bytes() == (tmp_path / "out" / res.files[0].path).read_bytes()


def test_alt_text_is_never_invented(sample, tmp_path):
    """A message without alt text exports with an empty one, not a made-up description."""

    c = sample.with_message(replace(sample.message("freedom"), alt_text=""))
    export_batch(c, tmp_path, message_ids=["freedom", "employ"], format_ids=SMALL[:1], jobs=1)
    manifest = json.loads((tmp_path / "manifest.json").read_text())
    alts = {e["message"]: e["alt_text"] for e in manifest["files"]}
    assert alts == {"freedom": "", "employ": sample.message("employ").alt_text}
