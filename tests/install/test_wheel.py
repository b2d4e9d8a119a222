"""A real install: the wheel (and an editable install) in a fresh virtual environment, run from an
unrelated folder with the repository nowhere on sys.path: init, render, check and export work.

Offline and quick: the wheel is built without build isolation from a copy of the source, and the
new environment borrows the already-installed third-party packages through a .pth line (site dirs
named there are not scanned for .pth files, so this environment's editable creative-studio does not
leak in); `pip check` then proves the wheel's declared dependencies are what those packages satisfy.
"""

from __future__ import annotations

import json
import os
import re
import shlex
import shutil
import subprocess
import sys
import sysconfig
import tarfile
import zipfile
from pathlib import Path

import pytest
from PIL import Image

from creative_studio import __version__
from creative_studio.cli import run as run_here

ROOT = Path(__file__).resolve().parents[2]
SMALL = ["-f", "google-300x250", "-f", "google-728x90"]
pytestmark = pytest.mark.slow

_SKIP_TOP = {"tests", "benchmarks", "docs", "tools"}
_SKIP_ANY = {".git", ".venv", "venv", "build", "dist", "__pycache__", ".pytest_cache", ".hypothesis", ".ruff_cache"}


def _copy_source(dest: Path) -> Path:
    """The source tree without caches, environments or anything a build left behind."""

    def ignore(folder: str, names: list[str]) -> set[str]:
        top = Path(folder) == ROOT
        return {
            n
            for n in names
            if n in _SKIP_ANY or n.endswith(".egg-info") or n == ".mypy_cache" or (top and n in _SKIP_TOP)
        }

    shutil.copytree(ROOT, dest, symlinks=True, ignore=ignore)
    return dest


def _pip(*args: str, cwd: Path) -> subprocess.CompletedProcess:
    r = subprocess.run(
        [sys.executable, "-m", "pip", "--disable-pip-version-check", *args],
        cwd=cwd,
        env=_clean_env(),
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert r.returncode == 0, r.stdout + r.stderr
    return r


def _clean_env(**extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("PYTHON") and k != "PIP_REQUIRE_VIRTUALENV"}
    env["PIP_NO_INDEX"] = "1"  # offline: nothing may be fetched
    env.update(extra)
    return env


def _venv(where: Path) -> Path:
    subprocess.run([sys.executable, "-m", "venv", "--without-pip", str(where)], check=True, timeout=120)
    py = where / "bin" / "python"
    purelib = subprocess.run(
        [str(py), "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout.strip()
    here = sorted({sysconfig.get_paths()["purelib"], sysconfig.get_paths()["platlib"]})
    (Path(purelib) / "borrowed_dependencies.pth").write_text("\n".join(here) + "\n")
    return py


def _run(argv: list[str], cwd: Path, venv: Path) -> subprocess.CompletedProcess:
    env = _clean_env(
        CREATIVE_STUDIO_CACHE=str(cwd / ".cache"),
        QT_QPA_PLATFORM="offscreen",
        PATH=f"{venv / 'bin'}:{os.environ['PATH']}",
    )
    return subprocess.run(argv, cwd=cwd, env=env, capture_output=True, text=True, timeout=300)


def _where_it_imports_from(py: Path, cwd: Path, venv: Path) -> tuple[Path, list[str]]:
    r = _run(
        [str(py), "-c", "import creative_studio, json, sys; print(json.dumps([creative_studio.__file__, sys.path]))"],
        cwd,
        venv,
    )
    assert r.returncode == 0, r.stderr
    file, path = json.loads(r.stdout)
    return Path(file), path


def _init_render_check_export(venv: Path, work: Path) -> dict[str, str]:
    """What a new user types, from a folder of their own. Returns the export's sha256 per file."""
    r = _run(["creative-studio", "init", "camp"], work, venv)
    assert (r.returncode, r.stderr) == (0, ""), r.stderr
    lines = r.stdout.split("next:\n", 1)[1].splitlines()
    render, check, export = (shlex.split(line.split("#")[0]) for line in lines[:3])
    assert [render[:2], check[:2], export[:2]] == [
        ["creative-studio", "render"],
        ["creative-studio", "check"],
        ["creative-studio", "export"],
    ]

    r = _run(render, work, venv)
    assert r.returncode == 0, r.stderr
    png = work / render[render.index("-o") + 1]
    assert png.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    assert r.stdout.startswith(f"{png.name}: 1080x1920, ")

    r = _run([*render[:-2], "-o", "mockup.png", "--mockup", "--scale", "0.25"], work, venv)
    assert r.returncode == 0, r.stderr  # mockups draw their UI text with the bundled Inter

    r = _run([*check, *SMALL, "--json"], work, venv)
    assert r.returncode in (0, 1), r.stderr
    assert {f["format"] for f in json.loads(r.stdout)["findings"]} <= {"google-300x250", "google-728x90"}

    r = _run([*export, *SMALL, "-q"], work, venv)
    assert r.returncode == 0, r.stderr
    manifest = json.loads((work / "camp" / "out" / "manifest.json").read_text())
    assert manifest["generator"] == f"creative-studio {__version__}"
    assert len(manifest["files"]) == 6
    return {f["path"]: f["sha256"] for f in manifest["files"]}


def _same_as_the_checkout(campaign: Path, tmp: Path, monkeypatch) -> dict[str, str]:
    monkeypatch.setenv("CREATIVE_STUDIO_CACHE", str(tmp / "cache-here"))
    assert run_here(["export", str(campaign), "-o", str(tmp / "here"), *SMALL, "-q", "--jobs", "1"]) == 0
    manifest = json.loads((tmp / "here" / "manifest.json").read_text())
    return {f["path"]: f["sha256"] for f in manifest["files"]}


def test_the_wheel_installs_and_runs_from_any_folder(tmp_path, monkeypatch):
    src = _copy_source(tmp_path / "src")
    built = _pip(
        "wheel", "-v", "--no-deps", "--no-build-isolation", "-w", str(tmp_path / "dist"), str(src), cwd=tmp_path
    )
    noise = [line for line in (built.stdout + built.stderr).splitlines() if re.search(r"(?i)warning|deprecat", line)]
    assert not noise, "the build is not quiet:\n" + "\n".join(noise)
    (wheel,) = (tmp_path / "dist").glob("creative_studio-*.whl")
    names = set(zipfile.ZipFile(wheel).namelist())
    shipped = {n for n in names if n.startswith(("creative_studio/templates/", "creative_studio/fonts/"))}
    in_repo = {
        f"creative_studio/{p.relative_to(src)}"
        for folder in ("templates", "fonts")
        for p in (src / folder).rglob("*")
        if p.is_file() and ".review" not in p.name
    }
    assert shipped == in_repo  # every template, schema, font and licence; nothing else
    assert "creative_studio/templates/schema/campaign.schema.json" in shipped
    assert "creative_studio/encode/profiles/CreativeStudio-FOGRA39.icc" in names  # print's press profile
    # The sdist (what `python -m build` makes first) carries real copies, not the checkout's links.
    r = subprocess.run(
        [
            sys.executable,
            "-c",
            f"from setuptools import build_meta as b; print(b.build_sdist({str(tmp_path / 'sdist')!r}))",
        ],
        cwd=src,
        env=_clean_env(),
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert r.returncode == 0, r.stderr
    with tarfile.open(tmp_path / "sdist" / r.stdout.split()[-1]) as sdist:
        members = {m.name.split("/", 1)[1]: m for m in sdist.getmembers() if "/" in m.name}
    assert {
        n
        for n, m in members.items()
        if m.isfile() and n.startswith(("creative_studio/templates/", "creative_studio/fonts/"))
    } == shipped
    assert not [n for n, m in members.items() if m.issym()]
    meta = zipfile.ZipFile(wheel).read(f"creative_studio-{__version__}.dist-info/METADATA").decode()
    assert "License-Expression: MIT AND OFL-1.1 AND CC-BY-4.0 AND Zlib" in meta

    venv = tmp_path / "venv"
    py = _venv(venv)
    _pip("--python", str(py), "install", "--no-deps", str(wheel), cwd=tmp_path)
    _pip("--python", str(py), "check", cwd=tmp_path)  # every declared dependency is satisfied

    work = tmp_path / "somewhere-else"
    work.mkdir()
    file, path = _where_it_imports_from(py, work, venv)
    assert file.is_relative_to(venv), file
    # The checkout's source is nowhere on sys.path (its .venv may be: the borrowed dependencies).
    sources = [p for p in path if p and (Path(p) / "creative_studio" / "__init__.py").exists()]
    assert [Path(p) for p in sources] == [file.parent.parent], path
    assert not any(p and Path(p).resolve() == ROOT for p in path), path
    shutil.rmtree(src)  # nothing may still need the source tree

    r = _run(["python", "-m", "creative_studio", "--version"], work, venv)
    assert (r.returncode, r.stdout) == (0, f"creative-studio {__version__}\n")
    r = _run(["sh", "-c", "creative-studio formats | head -n 3"], work, venv)
    assert (r.returncode, r.stderr, len(r.stdout.splitlines())) == (0, "", 3)

    installed = _init_render_check_export(venv, work)
    # The app too: its UI and emoji fonts come from the installed package.
    r = _run(["creative-studio", "--screenshot", "window.png", "camp/campaign.yaml"], work, venv)
    assert r.returncode == 0, r.stderr
    with Image.open(work / "window.png") as shot:
        assert shot.width >= 1000 and shot.height >= 600
    assert installed == _same_as_the_checkout(work / "camp" / "campaign.yaml", tmp_path, monkeypatch)


def test_an_editable_install_finds_its_data_from_any_folder(tmp_path):
    src = _copy_source(tmp_path / "src")
    venv = tmp_path / "venv"
    py = _venv(venv)
    _pip("--python", str(py), "install", "--no-deps", "--no-build-isolation", "-e", str(src), cwd=tmp_path)
    work = tmp_path / "elsewhere"
    work.mkdir()
    file, _ = _where_it_imports_from(py, work, venv)
    assert file == src / "creative_studio" / "__init__.py"
    # A designer's edit of the top-level templates/ is what the installed program reads.
    formats = src / "templates" / "formats.yaml"
    formats.write_text(formats.read_text().replace("Google medium rectangle 300x250", "Edited in templates/", 1))
    r = _run(["creative-studio", "formats", "--json"], work, venv)
    assert r.returncode == 0, r.stderr
    names = {f["id"]: f["name"] for f in json.loads(r.stdout)}
    assert names["google-300x250"] == "Edited in templates/"
