"""The exported bytes of a few small sample cells are pinned, so any drift is a deliberate change.

Everything that decides the bytes is pinned (constraints.txt: Pillow and the FreeType, HarfBuzz,
raqm and zlib inside its wheel; the bundled fonts; the engine), so a hash here only moves when
someone changes the picture. When you do that on purpose: look at the new PNGs (the failure names
the folder), then run

    CS_UPDATE_PINS=1 python -m pytest tests/install/test_pinned_bytes.py

(CS_UPDATE_GOLDENS=1 does the same) and commit tests/install/pinned_sha256.json with your change.
"""

from __future__ import annotations

import hashlib
import json
import os
import zlib
from pathlib import Path

from creative_studio.cli import run
from creative_studio.render.textstack import versions

ROOT = Path(__file__).resolve().parents[2]
SAMPLE = ROOT / "templates" / "stopitnow.yaml"
PINS = Path(__file__).with_name("pinned_sha256.json")
# Three shapes (rectangle, leaderboard, half page) x the three messages (crack stages 1 to 3):
# text wrapping, the face, the cracks and the call to action all show up in these bytes.
MESSAGES = ("freedom", "employ", "family")
FORMATS = ("google-300x250", "google-728x90", "google-300x600")


def _environment() -> dict[str, str | None]:
    import PIL

    return {"pillow": PIL.__version__, "zlib": zlib.ZLIB_RUNTIME_VERSION, **versions()}


def test_exports_match_the_pinned_sha256(tmp_path, monkeypatch):
    monkeypatch.setenv("CREATIVE_STUDIO_CACHE", str(tmp_path / "cache"))
    out = tmp_path / "out"
    argv = ["export", str(SAMPLE), "-o", str(out), "--jobs", "1", "-q", "--allow-errors"]
    for m in MESSAGES:
        argv += ["-m", m]
    for f in FORMATS:
        argv += ["-f", f]
    assert run(argv) == 0
    manifest = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
    got = {}
    for entry in manifest["files"]:
        data = (out / entry["path"]).read_bytes()
        assert entry["sha256"] == hashlib.sha256(data).hexdigest(), entry["path"]
        got[entry["path"]] = entry["sha256"]
    assert len(got) == len(MESSAGES) * len(FORMATS)

    if os.environ.get("CS_UPDATE_PINS") or os.environ.get("CS_UPDATE_GOLDENS"):
        PINS.write_text(
            json.dumps({"made_with": _environment(), "exports": dict(sorted(got.items()))}, indent=2) + "\n",
            encoding="utf-8",
        )
    pins = json.loads(PINS.read_text(encoding="utf-8"))
    changed = sorted(p for p in got if pins["exports"].get(p) != got[p])
    assert not changed, (
        f"the exported bytes of {len(changed)} pinned file(s) changed: {', '.join(changed)}. "
        f"Pinned with {pins['made_with']}; here {_environment()}. If the library versions differ, install "
        f"the pinned ones (pip install -c constraints.txt ...). If you changed the picture on purpose, look at "
        f"the new files in {out} and run CS_UPDATE_PINS=1 python -m pytest tests/install/test_pinned_bytes.py, "
        f"then commit tests/install/pinned_sha256.json"
    )
    assert sorted(pins["exports"]) == sorted(got), "pinned_sha256.json names cells this test no longer exports"
