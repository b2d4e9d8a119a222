"""Nothing below gui/ loads Qt, at run time: every module of every Qt-free package, imported and used.

import-linter (pyproject.toml, run by the test command) checks the import graph statically; this
checks what actually lands in sys.modules, which also catches Qt pulled in through a third-party
package (PIL.ImageQt would do it).
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
QT_FREE = ("base", "model", "render", "encode", "checks", "export", "review", "cli")

CODE = """
import importlib, pkgutil, sys
import creative_studio
names = []
for pkg in {pkgs!r}:
    mod = importlib.import_module("creative_studio." + pkg)
    names.append(mod.__name__)
    for info in pkgutil.walk_packages(mod.__path__, mod.__name__ + "."):
        importlib.import_module(info.name)
        names.append(info.name)
from creative_studio.checks import run_checks
from creative_studio.model import load_sample
from creative_studio.render import render_detailed
from creative_studio.render.mockups import render_mockup
c = load_sample()
res = render_detailed(c, "employ", "snapchat-snap-ad", 0.25)
render_mockup(c, res)
run_checks(c, res)
from creative_studio.cli import main
assert main(["formats"]) == 0
qt = sorted(m for m in sys.modules if m.split(".")[0] in ("PySide6", "shiboken6"))
print(len(names), "modules;", "Qt:", qt)
sys.exit(1 if qt else 0)
"""


def test_no_module_below_gui_loads_qt():
    proc = subprocess.run(
        [sys.executable, "-c", CODE.format(pkgs=QT_FREE)], cwd=ROOT, capture_output=True, text=True, timeout=180
    )
    assert proc.returncode == 0, proc.stdout[-2000:] + proc.stderr[-2000:]
    n = int(proc.stdout.strip().splitlines()[-1].split()[0])
    assert n >= 45  # every module was imported, not just the package roots
