"""export --print: a preflighted PDF/X-4 beside the PNG of every print format, in the manifest."""

from __future__ import annotations

import hashlib
import json
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
SAMPLE = ROOT / "templates" / "stopitnow.yaml"


def _export(out: Path, *extra: str) -> subprocess.CompletedProcess:
    cmd = [sys.executable, str(ROOT / "main.py"), "export", str(SAMPLE), "-o", str(out), "-q", "-m", "employ"]
    cmd += ["-f", "outdoor-6-sheet", "-f", "google-300x250", *extra]
    return subprocess.run(cmd, capture_output=True, text=True, timeout=600)


def _hashes(root: Path) -> dict[str, str]:
    return {
        str(p.relative_to(root)): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(root.rglob("*"))
        if p.is_file()
    }


def test_export_print_writes_pdfs_for_print_formats_only_and_lists_them(tmp_path):
    r = _export(tmp_path / "a", "--print")
    assert r.returncode == 0, r.stderr
    m = json.loads((tmp_path / "a" / "manifest.json").read_text())
    by_type = {(f["format"], f["type"]): f for f in m["files"]}
    assert set(by_type) == {("outdoor-6-sheet", "png"), ("outdoor-6-sheet", "pdf"), ("google-300x250", "png")}
    pdf = by_type[("outdoor-6-sheet", "pdf")]
    data = (tmp_path / "a" / pdf["path"]).read_bytes()
    assert data.startswith(b"%PDF-1.6") and pdf["bytes"] == len(data)
    assert pdf["sha256"] == hashlib.sha256(data).hexdigest()
    assert pdf["trim_mm"] == [300.0, 450.0] and pdf["bleed_mm"] == 3.0
    pre = subprocess.run(
        [sys.executable, str(ROOT / "main.py"), "preflight", str(tmp_path / "a" / pdf["path"])],
        capture_output=True,
        text=True,
    )
    assert pre.returncode == 0, pre.stderr
    # Without --print there are no PDFs; a re-export with --print gives the same bytes.
    assert _export(tmp_path / "b").returncode == 0
    assert not list((tmp_path / "b").rglob("*.pdf"))
    assert _export(tmp_path / "c", "--print").returncode == 0
    assert _hashes(tmp_path / "a") == _hashes(tmp_path / "c")


def test_marks_without_print_is_refused(tmp_path):
    r = _export(tmp_path / "x", "--marks")
    assert r.returncode == 2 and "--marks goes with --print" in r.stderr and "Traceback" not in r.stderr
