"""Sign-off covers what is delivered: the print PDF and the animation are bound with the PNG."""

from __future__ import annotations

import hashlib
import json
import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def _run(*args: str, cwd: Path) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, str(ROOT / "main.py"), *args], capture_output=True, text=True, cwd=cwd, timeout=600
    )


def test_approval_binds_pdf_and_gif_and_approved_only_writes_them(tmp_path):
    camp_dir = tmp_path / "camp"
    shutil.copytree(ROOT / "templates", camp_dir, ignore=shutil.ignore_patterns("*.review.yaml", "*.review-cache"))
    camp = camp_dir / "stopitnow.yaml"
    for fmt in ("outdoor-6-sheet", "google-300x250"):
        r = _run(
            "review",
            "set",
            str(camp),
            "-m",
            "employ",
            "-f",
            fmt,
            "--status",
            "approved",
            "--by",
            "A. Reviewer",
            cwd=tmp_path,
        )
        assert r.returncode == 0, r.stderr
    review = (camp_dir / "stopitnow.review.yaml").read_text()
    assert "pdf:" in review and "gif:" in review
    out = tmp_path / "out"
    r = _run(
        "export", str(camp), "-o", str(out), "-q", "--approved-only", "--print", "--motion", "-m", "employ",
        "-f", "outdoor-6-sheet", "-f", "google-300x250", "-f", "google-728x90", cwd=tmp_path,
    )  # fmt: skip
    assert r.returncode == 0, r.stderr
    m = json.loads((out / "manifest.json").read_text())
    written = {(f["format"], f["type"]) for f in m["files"]}
    assert written == {
        ("outdoor-6-sheet", "png"),
        ("outdoor-6-sheet", "pdf"),
        ("google-300x250", "png"),
        ("google-300x250", "gif"),
    }
    for f in m["files"]:
        assert hashlib.sha256((out / f["path"]).read_bytes()).hexdigest() in review
    assert {n["format"] for n in m["not_written"]} == {"google-728x90"}  # never approved
