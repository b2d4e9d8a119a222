"""Faces kept in the user cache (render/face_store.py) are exactly what the renderer makes."""

from __future__ import annotations

import hashlib
import os
import subprocess
import sys
import zlib
from pathlib import Path

import pytest
from PIL import Image

from creative_studio.base import cache as disk_cache
from creative_studio.render import face_geometry, face_glyph, face_store
from creative_studio.render.face import clear_caches, ink_box, render_face

ROOT = Path(__file__).resolve().parents[2]
WORRIED = "\U0001f61f"


@pytest.fixture
def store(tmp_path, monkeypatch):
    monkeypatch.setenv("CREATIVE_STUDIO_CACHE", str(tmp_path / "cache"))
    monkeypatch.setattr(face_store, "ENABLED", True)
    clear_caches()
    yield tmp_path / "cache"
    clear_caches()


def _fresh(*args, **kw) -> bytes:
    """The face drawn by the renderer, nothing read from the cache."""
    clear_caches()
    face_store.ENABLED = False
    try:
        return render_face(*args, **kw).tobytes()
    finally:
        face_store.ENABLED = True
        clear_caches()


def _entries(store: Path, kind: str) -> list[Path]:
    folder = store / kind
    return sorted(folder.iterdir()) if folder.is_dir() else []


def test_a_still_read_back_is_the_render_byte_for_byte(store):
    want = _fresh(WORRIED, 420, 2, 2019)
    assert render_face(WORRIED, 420, 2, 2019).tobytes() == want  # made and stored
    assert len(_entries(store, face_store.STILLS)) == 1
    clear_caches()  # a new process
    assert render_face(WORRIED, 420, 2, 2019).tobytes() == want  # read back


def test_a_later_process_takes_the_still_from_the_cache(store):
    render_face(WORRIED, 420, 1, 7)
    (entry,) = _entries(store, face_store.STILLS)
    key = entry.name
    red = Image.new("RGBA", (420, 420), (255, 0, 0, 255))
    head = face_store._STILL_HEAD.pack(b"RGBA", 420, 420)
    disk_cache.write_checked(face_store.STILLS, key, head + zlib.compress(red.tobytes(), 1))
    clear_caches()
    assert render_face(WORRIED, 420, 1, 7).getpixel((5, 5)) == (255, 0, 0, 255)  # only the cache says red


@pytest.mark.parametrize("damage", [lambda b: b[:-10], lambda b: b[:40] + bytes([b[40] ^ 1]) + b[41:], lambda b: b""])
def test_a_damaged_still_is_drawn_again_and_replaced(store, damage):
    want = _fresh(WORRIED, 300, 3, 2019)
    render_face(WORRIED, 300, 3, 2019)
    (entry,) = _entries(store, face_store.STILLS)
    intact = entry.read_bytes()
    entry.write_bytes(damage(intact))
    clear_caches()
    assert render_face(WORRIED, 300, 3, 2019).tobytes() == want
    assert entry.read_bytes() == intact


def test_other_face_code_reads_none_of_the_old_entries(store, monkeypatch):
    render_face(WORRIED, 300, 2, 2019)
    before = _entries(store, face_store.STILLS)
    monkeypatch.setattr(face_store, "engine_key", lambda: "an edited crack generator")
    clear_caches()
    render_face(WORRIED, 300, 2, 2019)
    after = _entries(store, face_store.STILLS)
    assert len(after) == 2 and set(before) < set(after)


def test_the_key_hashes_the_face_modules_and_the_libraries():
    key = face_store.engine_key.__wrapped__()
    assert key is not None and len(key) == 64
    names = {p.name for p in (ROOT / "creative_studio" / "render").glob("face*.py")}
    assert set(face_store._SOURCES) == names  # a new face module must be named in the key


def test_in_between_instants_and_small_or_print_sizes_are_not_kept(store):
    render_face(WORRIED, 420, 0, 2019, progress=1.5)  # an animation frame
    render_face(WORRIED, 200, 2, 2019)  # cheaper to draw than to read
    render_face(WORRIED, 1300, 2, 2019)  # print size: megabytes each
    assert _entries(store, face_store.STILLS) == []


def test_the_stills_stay_few_least_recently_used_out(store, monkeypatch):
    monkeypatch.setattr(face_store, "MAX_STILLS", 3)
    for seed in range(3):
        render_face(WORRIED, 256, 1, seed)
    first = min(_entries(store, face_store.STILLS), key=lambda p: p.stat().st_mtime_ns)
    os.utime(first, ns=(1, 1))  # the oldest ...
    clear_caches()
    render_face(WORRIED, 256, 1, 0)  # ... until it is read again
    render_face(WORRIED, 256, 1, 3)
    kept = _entries(store, face_store.STILLS)
    assert len(kept) == 3 and first in kept


def test_networks_read_back_equal_the_generated_ones(store):
    for seed in (0, 7, 2019, -3):
        made = face_geometry.network.__wrapped__(seed)
        assert face_store.network(seed, face_geometry.network.__wrapped__) == made  # stored
        read = face_store.network(seed, lambda s: pytest.fail("generated again"))
        assert read == made  # tuples stay tuples, floats keep every bit
    assert len(_entries(store, face_store.NETWORKS)) == 4


def test_the_ink_box_is_measured_once(store):
    box = ink_box(WORRIED, 2, 2019)
    assert all(0 <= v <= 1 for v in box) and box[0] < box[2] and box[1] < box[3]
    again = face_store.ink_box((WORRIED, 2, 2019, 160), face_glyph.FONT_PATH, lambda: pytest.fail("measured again"))
    assert again == box
    clear_caches()
    assert ink_box(WORRIED, 2, 2019) == box


def test_an_unwritable_cache_costs_only_time(tmp_path, monkeypatch):
    blocker = tmp_path / "file"
    blocker.write_text("not a folder")
    monkeypatch.setenv("CREATIVE_STUDIO_CACHE", str(blocker / "cache"))
    monkeypatch.setattr(face_store, "ENABLED", True)
    want = _fresh(WORRIED, 300, 2, 2019)
    clear_caches()
    assert render_face(WORRIED, 300, 2, 2019).tobytes() == want


def test_render_writes_the_same_bytes_with_a_cold_and_a_warm_cache(tmp_path):
    """`render` of the Snap ad (a 628 px face): first run stores, the next reads; same file."""
    env = {**os.environ, "CREATIVE_STUDIO_CACHE": str(tmp_path / "cache"), "PYTHONPATH": str(ROOT)}
    digests = []
    for name in ("cold.png", "warm.png"):
        cmd = [sys.executable, str(ROOT / "main.py"), "render", str(ROOT / "templates" / "stopitnow.yaml")]
        cmd += ["-m", "employ", "-f", "snapchat-snap-ad", "-o", str(tmp_path / name)]
        subprocess.run(cmd, env=env, check=True, capture_output=True)
        digests.append(hashlib.sha256((tmp_path / name).read_bytes()).hexdigest())
    assert digests[0] == digests[1]
    assert _entries(tmp_path / "cache", face_store.STILLS)
    face_store.ENABLED = False
    try:
        from creative_studio.export import render_png
        from creative_studio.model import load_sample

        clear_caches()
        data, _, _ = render_png(load_sample(), "employ", "snapchat-snap-ad")
    finally:
        face_store.ENABLED = True
        clear_caches()
    assert hashlib.sha256(data).hexdigest() == digests[0]  # and what the renderer alone makes
