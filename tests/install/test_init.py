"""`init DIR`: a starter campaign that loads, renders, checks and exports from its own folder."""

from __future__ import annotations

import json
import shlex

import pytest
from PIL import Image

from creative_studio.base import resources
from creative_studio.cli import main
from creative_studio.model import load_campaign


@pytest.fixture(autouse=True)
def _cache(tmp_path, monkeypatch):
    monkeypatch.setenv("CREATIVE_STUDIO_CACHE", str(tmp_path / "cache"))


def _next_commands(stdout: str) -> list[list[str]]:
    """The commands init tells the user to type, as argv lists (without the program name)."""
    lines = stdout.split("next:\n", 1)[1].splitlines()
    return [shlex.split(line.split("#")[0])[1:] for line in lines if line.startswith("  ")]


def test_init_writes_the_sample_on_the_bundled_catalogue(tmp_path, monkeypatch, capsys):
    monkeypatch.chdir(tmp_path)
    assert main(["init", "camp"]) == 0
    out = capsys.readouterr().out
    assert sorted(p.name for p in (tmp_path / "camp").iterdir()) == ["campaign.yaml"]
    text = (tmp_path / "camp" / "campaign.yaml").read_text(encoding="utf-8")
    assert "\ncatalogue:" not in text  # no copy of the catalogue to drift from the bundled one
    campaign = load_campaign(tmp_path / "camp" / "campaign.yaml")
    sample = load_campaign(resources.SAMPLE_CAMPAIGN)
    assert campaign.formats == sample.formats
    assert campaign.messages == sample.messages
    assert "camp/campaign.yaml" in out


def test_the_commands_init_prints_work_from_that_folder(tmp_path, monkeypatch, capsys):
    monkeypatch.chdir(tmp_path)
    assert main(["init", "starter"]) == 0
    commands = _next_commands(capsys.readouterr().out)
    assert [c[0] for c in commands] == ["render", "check", "export", "starter/campaign.yaml"]
    render, check, export = commands[:3]
    assert main(render) == 0
    png = tmp_path / render[render.index("-o") + 1]
    assert Image.open(png).size == (1080, 1920)
    assert capsys.readouterr().out == f"{render[render.index('-o') + 1]}: 1080x1920, {png.stat().st_size:,} bytes\n"
    # The whole campaign at full size takes minutes on two cores; the printed commands' arguments
    # are what is tested here, on two small formats.
    small = ["-f", "google-300x250", "-f", "google-728x90"]
    assert main([*check, *small, "--json"]) in (0, 1)
    findings = json.loads(capsys.readouterr().out)["findings"]
    assert {f["format"] for f in findings} <= {"google-300x250", "google-728x90"}
    assert main([*export, *small, "-q"]) == 0
    manifest = json.loads((tmp_path / "starter" / "out" / "manifest.json").read_text())
    assert len(manifest["files"]) == 3 * 2


def test_init_copy_catalogue_writes_an_editable_catalogue_beside_it(tmp_path, capsys):
    assert main(["init", str(tmp_path / "c"), "--copy-catalogue"]) == 0
    names = sorted(p.name for p in (tmp_path / "c").iterdir())
    assert names == ["campaign.yaml", "formats.yaml", "layouts.yaml"]
    assert (tmp_path / "c" / "formats.yaml").read_bytes() == resources.CATALOGUE_FORMATS.read_bytes()
    # The campaign reads the copies: an edit there is seen.
    fm = tmp_path / "c" / "formats.yaml"
    fm.write_text(fm.read_text().replace("name: Google medium rectangle 300x250", "name: Medium rectangle (ours)", 1))
    campaign = load_campaign(tmp_path / "c" / "campaign.yaml")
    assert campaign.format("google-300x250").name == "Medium rectangle (ours)"


def test_init_never_replaces_a_file(tmp_path, capsys):
    (tmp_path / "campaign.yaml").write_text("mine\n")
    assert main(["init", str(tmp_path)]) == 2
    err = capsys.readouterr().err
    assert (
        err.strip() == f"{tmp_path / 'campaign.yaml'}: already exists; init never replaces a file, use an empty folder"
    )
    assert (tmp_path / "campaign.yaml").read_text() == "mine\n"
    # --copy-catalogue checks every file before writing any.
    (tmp_path / "d").mkdir()
    (tmp_path / "d" / "layouts.yaml").write_text("mine\n")
    assert main(["init", str(tmp_path / "d"), "--copy-catalogue"]) == 2
    assert "layouts.yaml: already exists" in capsys.readouterr().err
    assert sorted(p.name for p in (tmp_path / "d").iterdir()) == ["layouts.yaml"]


def test_init_into_a_file_is_refused(tmp_path, capsys):
    (tmp_path / "f").write_text("x")
    assert main(["init", str(tmp_path / "f")]) == 2
    assert (
        capsys.readouterr().err.strip() == f"{tmp_path / 'f'}: is not a folder; give a folder for the starter campaign"
    )
