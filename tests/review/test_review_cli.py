"""`main.py review status|set|sheet`: output, exit codes, and the sign-off sheet's content."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from dataclasses import replace
from pathlib import Path

import pytest

from creative_studio.cli import run
from creative_studio.review import load_reviews, review_path

ROOT = Path(__file__).resolve().parents[2]


def test_set_then_status(campaign_path, capsys):
    rc = run(
        [
            "review",
            "set",
            str(campaign_path),
            "-m",
            "freedom",
            "-f",
            "google-300x250",
            "--status",
            "approved",
            "--by",
            "Jane Doe",
            "--role",
            "Comms lead",
            "--note",
            "OK to run",
        ]
    )
    out = capsys.readouterr().out
    assert rc == 0, out
    assert "freedom / google-300x250: approved by Jane Doe (Comms lead)" in out
    assert (
        run(
            [
                "review",
                "set",
                str(campaign_path),
                "-m",
                "employ",
                "-f",
                "google-320x50",
                "--status",
                "changes-requested",
                "--by",
                "Ahmed Khan",
            ]
        )
        == 0
    )
    capsys.readouterr()
    assert run(["review", "status", str(campaign_path), "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    cells = {(c["message"], c["format"]): c for c in data["cells"]}
    assert len(cells) == 6
    a = cells[("freedom", "google-300x250")]
    assert a["status"] == "approved" and a["by"] == "Jane Doe" and a["note"] == "OK to run"
    assert a["sha256"] == a["current_sha256"] and len(a["sha256"]) == 64
    assert cells[("employ", "google-320x50")]["status"] == "changes-requested"
    assert cells[("family", "google-320x50")]["status"] == "pending"
    assert cells[("family", "google-320x50")]["current_sha256"]
    assert set(cells[("family", "google-320x50")]) >= {
        "message",
        "format",
        "status",
        "by",
        "at",
        "note",
        "sha256",
        "current_sha256",
    }
    assert data["counts"] == {"pending": 4, "approved": 1, "changes-requested": 1, "rejected": 0, "stale": 0}

    # Edit the slogan in the file: the approval goes stale.
    text = campaign_path.read_text(encoding="utf-8")
    campaign_path.write_text(
        text.replace("Get ready to kiss your freedom goodbye", "Kiss your freedom goodbye"), encoding="utf-8"
    )
    assert run(["review", "status", str(campaign_path)]) == 0
    out = capsys.readouterr().out
    line = next(ln for ln in out.splitlines() if ln.startswith("freedom") and "google-300x250" in ln)
    assert "stale" in line and "judged" in line
    assert "6 renders: 4 pending, 0 approved, 1 changes-requested, 0 rejected, 1 stale" in out


@pytest.mark.parametrize(
    "args, needle",
    [
        (["-m", "fredom", "-f", "google-300x250"], "unknown message 'fredom'; did you mean 'freedom'?"),
        (["-m", "freedom", "-f", "google-300x251"], "unknown format 'google-300x251'"),
    ],
)
def test_set_unknown_ids_exit_2(campaign_path, capsys, args, needle):
    rc = run(["review", "set", str(campaign_path), *args, "--status", "approved", "--by", "Jane"])
    err = capsys.readouterr().err
    assert rc == 2
    assert err.startswith(f"{campaign_path}: ") and needle in err
    assert "Traceback" not in err
    assert not review_path(campaign_path).exists()


def test_bad_status_and_missing_campaign_exit_2(campaign_path, tmp_path, capsys):
    assert (
        run(
            [
                "review",
                "set",
                str(campaign_path),
                "-m",
                "freedom",
                "-f",
                "google-300x250",
                "--status",
                "ok",
                "--by",
                "J",
            ]
        )
        == 2
    )
    assert run(["review", "status", str(tmp_path / "nope.yaml")]) == 2
    assert "nope.yaml" in capsys.readouterr().err


def test_corrupt_review_file_exit_2_with_line(campaign_path, capsys):
    review_path(campaign_path).write_text(
        "version: 1\ndecisions:\n  - message: freedom\n    status: [\n", encoding="utf-8"
    )
    for cmd in (
        ["status", str(campaign_path)],
        ["sheet", str(campaign_path), "-o", str(campaign_path) + ".pdf"],
        ["set", str(campaign_path), "-m", "freedom", "-f", "google-300x250", "--status", "approved", "--by", "J"],
    ):
        assert run(["review", *cmd]) == 2
        err = capsys.readouterr().err
        assert err.startswith(f"{review_path(campaign_path)}:5:"), err
        assert "Traceback" not in err


def test_main_py_subprocess(campaign_path):
    r = subprocess.run(
        [
            sys.executable,
            str(ROOT / "main.py"),
            "review",
            "set",
            str(campaign_path),
            "-m",
            "family",
            "-f",
            "google-320x50",
            "--status",
            "rejected",
            "--by",
            "Legal",
            "--note",
            "No",
        ],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert r.returncode == 0, r.stderr
    assert load_reviews(campaign_path).latest("family", "google-320x50").status == "rejected"


def _pdf_text(pdf: Path) -> str:
    assert shutil.which("pdftotext"), "the sheet tests read the PDF with pdftotext: install poppler-utils"
    return subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True, check=True).stdout


def test_sheet(campaign_path, tmp_path, capsys):
    assert (
        run(
            [
                "review",
                "set",
                str(campaign_path),
                "-m",
                "freedom",
                "-f",
                "google-300x250",
                "--status",
                "approved",
                "--by",
                "Jane Doe",
                "--role",
                "Comms lead",
            ]
        )
        == 0
    )
    assert (
        run(
            [
                "review",
                "set",
                str(campaign_path),
                "-m",
                "employ",
                "-f",
                "google-320x50",
                "--status",
                "rejected",
                "--by",
                "Ahmed Khan",
                "--role",
                "Legal reviewer",
                "--note",
                "Slogan too small on mobile",
            ]
        )
        == 0
    )
    sha = load_reviews(campaign_path).latest("freedom", "google-300x250").sha256
    pdf = tmp_path / "sheet.pdf"
    capsys.readouterr()
    assert run(["review", "sheet", str(campaign_path), "-o", str(pdf)]) == 0
    assert "page(s), 6 renders" in capsys.readouterr().out
    data = pdf.read_bytes()
    assert data.startswith(b"%PDF-")
    text = _pdf_text(pdf)
    for needle in (
        "Sign-off sheet",
        "#StopItNow: online grooming",
        "Police Scotland",
        "4 March 2019",
        "31 March 2019",
        "Jane Doe",
        "Comms lead",
        "Ahmed Khan",
        "Legal reviewer",
        "APPROVED",
        "REJECTED",
        "PENDING",
        "Slogan too small on mobile",
        sha[:12],
        "Google medium rectangle 300x250",
        "300 × 250 px",
        "Approved for release by",
        "Signature",
        "Page 1 of",
    ):
        assert needle in text, needle


def test_sheet_stays_readable_for_many_renders(campaign, tmp_path):
    """130 renders: several rows a page, the header on every page, page numbers (no full-size renders)."""
    from creative_studio.review.sheet import build_sheet
    from creative_studio.review.state import CellInfo

    base = campaign.message("freedom")
    msgs = tuple(replace(base, id=f"m{i}", slogan=f"Slogan number {i}") for i in range(5))
    formats = (
        tuple(
            f
            for f in __import__("creative_studio.model", fromlist=["x"]).load_sample().formats
            if f.platform == "google"
        )[:13]
        * 2
    )
    formats = tuple(replace(f, id=f"{f.id}-{i}") for i, f in enumerate(formats))
    big = replace(campaign, messages=msgs, formats=formats)
    infos = {
        (m.id, f.id): CellInfo(
            m.id,
            f.id,
            sha256=f"{i:064x}",
            bytes=1000,
            width=f.width,
            height=f.height,
            errors=int(i % 3 == 0),
            warnings=1,
            rules=("contrast",),
        )
        for i, (m, f) in enumerate((m, f) for m in msgs for f in formats)
    }
    pdf = tmp_path / "big.pdf"
    stats = build_sheet(big, pdf, infos=infos)
    assert stats.renders == 130
    assert 12 <= stats.pages <= 25
    text = _pdf_text(pdf)
    pages = text.split("\f")
    assert f"Page {stats.pages} of {stats.pages}" in text
    table_pages = [p for p in pages[1:] if "Export sha256" in p]
    assert len(table_pages) >= stats.pages - 2  # the column header repeats on every table page
    assert all(p.count("PENDING") >= 6 for p in table_pages[:-1])
    assert "Slogan number 4" in text and f"{129:064x}"[:12] in text


def test_review_package_is_qt_free():
    code = (
        "import sys; import creative_studio.review, creative_studio.review.sheet, creative_studio.review.diff, "
        "creative_studio.review.command, creative_studio.review.state; "
        "assert not [m for m in sys.modules if m.startswith('PySide6')], 'Qt imported'"
    )
    r = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, timeout=60)
    assert r.returncode == 0, r.stderr
