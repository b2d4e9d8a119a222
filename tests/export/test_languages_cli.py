"""-l/--language on the command line: render, export, check and review, per language."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import pytest
from PIL import Image

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "model"))
from variants_helpers import GD_SLOGAN, multilingual  # noqa: E402

from creative_studio.cli import run  # noqa: E402


@pytest.fixture
def campaign(tmp_path: Path) -> Path:
    path = multilingual(tmp_path)
    text = path.read_text(encoding="utf-8")
    few = "formats: [google-300x250, snapchat-snap-ad, outdoor-48-sheet]"
    path.write_text(text.replace("formats: all", few, 1), encoding="utf-8")
    return path


def test_render_in_gaelic_and_welsh(campaign, tmp_path, capsys):
    out = tmp_path / "gd-snap.png"
    assert run(["render", str(campaign), "-m", "freedom", "-f", "snapchat-snap-ad", "-l", "gd", "-o", str(out)]) == 0
    with Image.open(out) as im:
        assert im.size == (1080, 1920) and im.info.get("Language") == "gd"
    cy = tmp_path / "cy-48.png"
    assert (
        run(
            [
                "render",
                str(campaign),
                "-m",
                "freedom",
                "-f",
                "outdoor-48-sheet",
                "-l",
                "cy",
                "--scale",
                "0.1",
                "-o",
                str(cy),
            ]
        )
        == 0
    )
    en = tmp_path / "en-snap.png"
    assert run(["render", str(campaign), "-m", "freedom", "-f", "snapchat-snap-ad", "-o", str(en)]) == 0
    assert en.read_bytes() != out.read_bytes()
    capsys.readouterr()
    assert run(["render", str(campaign), "-m", "freedom", "-f", "snapchat-snap-ad", "-l", "gdd", "-o", str(out)]) == 2
    err = capsys.readouterr().err
    assert "unknown language 'gdd'; did you mean 'gd'?" in err and "Traceback" not in err


def test_export_without_l_writes_every_language_and_with_l_only_those(campaign, tmp_path, capsys):
    out = tmp_path / "all"
    assert (
        run(["export", str(campaign), "-o", str(out), "-m", "freedom", "-f", "google-300x250", "--jobs", "1", "-q"])
        == 0
    )
    manifest = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
    assert [(f["language"], f["path"]) for f in manifest["files"]] == [
        (lang, f"stopitnow/{lang}/freedom/google-300x250.png") for lang in ("en", "gd", "cy")
    ]
    assert manifest["files"][1]["alt_text"] == manifest["files"][0]["alt_text"]  # no Gaelic alt text yet
    one = tmp_path / "cy"
    assert run(["export", str(campaign), "-o", str(one), "-f", "google-300x250", "-l", "cy", "--jobs", "1", "-q"]) == 0
    manifest = json.loads((one / "manifest.json").read_text(encoding="utf-8"))
    assert {f["language"] for f in manifest["files"]} == {"cy"} and manifest["languages"] == ["cy"]
    assert sorted(p.name for p in (one / "stopitnow").iterdir()) == ["cy"]


def test_check_runs_per_language(campaign, capsys):
    code = run(["check", str(campaign), "--json", "-m", "employ", "-f", "snapchat-snap-ad", "-l", "gd", "--jobs", "1"])
    data = json.loads(capsys.readouterr().out)
    assert code == 0
    assert {f["language"] for f in data["findings"]} == {"gd"}
    assert [f["rule"] for f in data["findings"] if f["rule"] == "missing-translation"] == ["missing-translation"]
    run(["check", str(campaign), "-m", "employ", "-f", "snapchat-snap-ad", "--jobs", "1"])
    text = capsys.readouterr().out
    # English has every text: no finding; Gaelic and Welsh fall back for the slogan and more
    assert "snapchat-snap-ad [gd]" in text and "snapchat-snap-ad [cy]" in text
    assert "[en]" not in text
    assert "3 renders checked" in text


def test_review_decisions_are_per_language(campaign, capsys):
    args = [
        "review",
        "set",
        str(campaign),
        "-m",
        "freedom",
        "-f",
        "google-300x250",
        "--status",
        "approved",
        "--by",
        "Comms lead",
        "-l",
        "gd",
    ]
    assert run(args) == 0
    assert "freedom / google-300x250 / gd: approved" in capsys.readouterr().out
    assert run(["review", "status", str(campaign), "--json", "-l", "gd", "-l", "en"]) == 0
    cells = json.loads(capsys.readouterr().out)["cells"]
    state = {(c["message"], c["format"], c["language"]): c["status"] for c in cells}
    assert state[("freedom", "google-300x250", "gd")] == "approved"
    assert state[("freedom", "google-300x250", "en")] == "pending"
    assert {c["language"] for c in cells} == {"gd", "en"}
    out = campaign.parent / "approved"
    assert (
        run(
            [
                "export",
                str(campaign),
                "-o",
                str(out),
                "-m",
                "freedom",
                "-f",
                "google-300x250",
                "--approved-only",
                "--jobs",
                "1",
                "-q",
            ]
        )
        == 0
    )
    manifest = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
    assert [(f["language"], f["review"]) for f in manifest["files"]] == [("gd", "approved")]
    assert GD_SLOGAN  # the Gaelic slogan is what was approved (rendered from the campaign)


def test_sign_off_sheet_is_per_language(campaign, capsys):
    run(
        [
            "review",
            "set",
            str(campaign),
            "-m",
            "employ",
            "-f",
            "snapchat-snap-ad",
            "--status",
            "approved",
            "--by",
            "Legal",
            "-l",
            "cy",
        ]
    )
    capsys.readouterr()
    cy, en = campaign.parent / "cy.pdf", campaign.parent / "en.pdf"
    assert run(["review", "sheet", str(campaign), "-o", str(cy), "-l", "cy"]) == 0
    assert "9 renders (8 pending, 1 approved" in capsys.readouterr().out
    assert run(["review", "sheet", str(campaign), "-o", str(en), "-l", "en"]) == 0
    assert "9 renders (9 pending, 0 approved" in capsys.readouterr().out  # approving Welsh approves no English
    every = campaign.parent / "all.pdf"
    assert run(["review", "sheet", str(campaign), "-o", str(every)]) == 0  # without -l: every language
    assert "27 renders (26 pending, 1 approved" in capsys.readouterr().out
    assert cy.read_bytes()[:5] == b"%PDF-"
