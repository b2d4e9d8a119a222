"""The program's entry points, the closed-pipe exit, the raqm refusal and where data is found."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

import creative_studio
from creative_studio.base import resources

ROOT = Path(__file__).resolve().parents[2]
SAMPLE = ROOT / "templates" / "stopitnow.yaml"


def _env(**extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k != "PYTHONPATH"}
    env.update(PYTHONPATH=str(ROOT), **extra)
    return env


def test_python_dash_m_and_version(tmp_path):
    for argv in (["-m", "creative_studio", "--version"], [str(ROOT / "main.py"), "--version"]):
        r = subprocess.run([sys.executable, *argv], cwd=tmp_path, env=_env(), capture_output=True, text=True)
        assert (r.returncode, r.stdout, r.stderr) == (0, f"creative-studio {creative_studio.__version__}\n", "")


def test_python_dash_m_runs_subcommands(tmp_path):
    r = subprocess.run(
        [sys.executable, "-m", "creative_studio", "formats"], cwd=tmp_path, env=_env(), capture_output=True, text=True
    )
    assert r.returncode == 0 and r.stderr == ""
    assert r.stdout.splitlines()[1].split()[0] == "facebook-feed-square"


@pytest.mark.parametrize("argv", [["formats"], ["formats", "--json"]])
def test_a_closed_pipe_ends_quietly(argv, tmp_path):
    """`creative-studio formats | head`: the reader is gone before we write; no traceback, no message."""
    read_end, write_end = os.pipe()
    os.close(read_end)
    try:
        r = subprocess.run(
            [sys.executable, "-m", "creative_studio", *argv],
            cwd=tmp_path,
            env=_env(),
            stdout=write_end,
            stderr=subprocess.PIPE,
            text=True,
        )
    finally:
        os.close(write_end)
    assert r.stderr == ""
    assert r.returncode == 141  # as a program killed by SIGPIPE reports it to the shell


def test_formats_piped_into_head_prints_the_first_lines(tmp_path):
    r = subprocess.run(
        f"{sys.executable} -m creative_studio formats | head -n 1",
        shell=True,
        cwd=tmp_path,
        env=_env(),
        capture_output=True,
        text=True,
    )
    assert (r.returncode, r.stderr) == (0, "")
    assert r.stdout.split() == ["id", "platform", "pixels", "max", "bytes", "safe", "zone", "(t", "r", "b", "l,", "px)"]


# Pillow without raqm, as on a machine without libfribidi0: features.check("raqm") is False.
_NO_RAQM = """
import sys
import PIL.features as f
real = f.check
f.check = lambda name: False if name == "raqm" else real(name)
from creative_studio.cli import main
sys.exit(main(sys.argv[1:]))
"""


@pytest.mark.parametrize(
    "argv",
    [
        ["render", str(SAMPLE), "-m", "employ", "-f", "google-300x250", "-o", "x.png"],
        ["export", str(SAMPLE), "-o", "out", "-f", "google-300x250"],
        ["check", str(SAMPLE), "-f", "google-300x250"],
        ["review", "status", str(SAMPLE)],
        [str(SAMPLE)],  # the app
    ],
)
def test_without_raqm_rendering_commands_refuse_at_start(argv, tmp_path):
    r = subprocess.run(
        [sys.executable, "-c", _NO_RAQM, *argv],
        cwd=tmp_path,
        env=_env(QT_QPA_PLATFORM="offscreen"),
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert r.returncode == 2
    assert r.stdout == ""
    assert r.stderr.startswith("Pillow cannot lay out text with raqm on this machine")
    assert "sudo apt-get install libfribidi0" in r.stderr and "Traceback" not in r.stderr
    assert list(tmp_path.iterdir()) == []  # nothing written


def test_without_raqm_commands_that_lay_out_no_text_still_work(tmp_path):
    r = subprocess.run(
        [sys.executable, "-c", _NO_RAQM, "init", "camp"], cwd=tmp_path, env=_env(), capture_output=True, text=True
    )
    assert (r.returncode, r.stderr) == (0, "")
    assert (tmp_path / "camp" / "campaign.yaml").is_file()


def test_engine_fingerprint_covers_the_text_shaping_libraries(monkeypatch):
    from PIL import features

    from creative_studio.review import state

    state.engine_fingerprint.cache_clear()
    before = state.engine_fingerprint()
    real = features.version
    for lib in ("freetype2", "harfbuzz", "raqm", "fribidi"):
        monkeypatch.setattr(features, "version", lambda name, lib=lib: "0.0.0-other" if name == lib else real(name))
        state.engine_fingerprint.cache_clear()
        assert state.engine_fingerprint() != before, lib
    monkeypatch.setattr(features, "version", real)
    state.engine_fingerprint.cache_clear()
    assert state.engine_fingerprint() == before


def test_bundled_data_is_found_through_the_package():
    assert resources.TEMPLATES_DIR == (Path(creative_studio.__file__).parent / "templates").resolve()
    assert resources.FONTS_DIR == (Path(creative_studio.__file__).parent / "fonts").resolve()
    for path in (resources.SAMPLE_CAMPAIGN, resources.CATALOGUE_FORMATS, resources.CATALOGUE_LAYOUTS):
        assert path.is_file(), path
    for kind in ("formats", "layouts", "campaign"):
        assert resources.schema(kind).is_file()
    assert resources.font("twemoji/CreativeStudioEmoji.ttf").is_file()


def test_the_checkout_keeps_one_copy_of_templates_and_fonts():
    """Designers edit the top-level folders; the package reaches them through symlinks."""
    for name in ("templates", "fonts"):
        link = ROOT / "creative_studio" / name
        assert link.is_symlink() and os.readlink(link) == f"../{name}"
        assert (ROOT / name).is_dir() and not (ROOT / name).is_symlink()


def test_no_module_climbs_to_templates_or_fonts():
    bad = []
    for path in sorted((ROOT / "creative_studio").rglob("*.py")):
        for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            if re.search(r"parents\[\d\]|\.parent\.parent", line) and re.search(r"templates|fonts|schema", line):
                bad.append(f"{path.relative_to(ROOT)}:{n}: {line.strip()}")
    assert not bad, "find bundled data with creative_studio.base.resources instead:\n" + "\n".join(bad)


def test_render_loads_neither_qt_nor_the_pdf_library(tmp_path):
    """A command imports what it needs: `render` starts without PySide6 or reportlab."""
    code = (
        "import sys\n"
        "from creative_studio.cli import main\n"
        f"status = main(['render', {str(SAMPLE)!r}, '-m', 'employ', '-f', 'google-300x250', '-o', 'x.png'])\n"
        "heavy = sorted({m.split('.')[0] for m in sys.modules} & {'PySide6', 'shiboken6', 'reportlab'})\n"
        "print(status, heavy)\n"
    )
    r = subprocess.run([sys.executable, "-c", code], cwd=tmp_path, env=_env(), capture_output=True, text=True)
    assert r.stderr == ""
    assert r.stdout.splitlines()[-1] == "0 []"


@pytest.mark.parametrize("how", ["-m", "main.py"])
def test_init_prints_the_next_commands_as_they_were_started(how, tmp_path):
    start = ["-m", "creative_studio"] if how == "-m" else [str(ROOT / "main.py")]
    r = subprocess.run([sys.executable, *start, "init", "c"], cwd=tmp_path, env=_env(), capture_output=True, text=True)
    assert r.returncode == 0, r.stderr
    prog = "python -m creative_studio" if how == "-m" else f"python {ROOT / 'main.py'}"
    assert (
        r.stdout.splitlines()[2]
        == f"  {prog} render c/campaign.yaml -m freedom -f snapchat-snap-ad -o snapchat-snap-ad.png"
    )
