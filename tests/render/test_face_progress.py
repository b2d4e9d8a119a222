"""Continuous cracking: the stages are keyframes of one progression, any instant renders.

*Crack ink* here: pixels of the face whose colour (flattened on grey) differs from the intact
face by more than 20 levels, i.e. everything the cracking drew or moved.
"""

from __future__ import annotations

import dataclasses
import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from PIL import Image, ImageChops

from creative_studio.model import load_sample
from creative_studio.render import RenderError, render, render_detailed
from creative_studio.render.face import clear_caches, render_face
from creative_studio.render.face_geometry import _LATEST_START, MAX_STAGE, network
from creative_studio.render.face_progress import progress_state

WORRIED = "\U0001f61f"
SMILE = "\U0001f642"
ROOT = Path(__file__).resolve().parents[2]


def flat(im: Image.Image) -> Image.Image:
    out = Image.new("RGBA", im.size, (128, 128, 128, 255))
    out.alpha_composite(im)
    return out.convert("RGB")


def ink(im: Image.Image, base: Image.Image) -> int:
    diff = ImageChops.difference(flat(im), flat(base)).convert("L").point(lambda v: 255 if v > 20 else 0)
    return im.width * im.height - diff.histogram()[0]


@pytest.fixture(autouse=True)
def _fresh_caches():
    clear_caches()
    yield
    clear_caches()


@pytest.mark.parametrize("size", [40, 160, 700])
@pytest.mark.parametrize("stage", range(MAX_STAGE + 1))
def test_progress_at_a_stage_draws_exactly_that_stage(size, stage):
    by_stage = render_face(WORRIED, size, stage, 2019).tobytes()
    clear_caches()
    assert render_face(WORRIED, size, 0, 2019, progress=float(stage)).tobytes() == by_stage
    assert render_face(WORRIED, size, 3, 2019, progress=stage).tobytes() == by_stage


def test_between_two_stages_is_between_them():
    base = render_face(SMILE, 300, 0, 7)
    one, mid, two = (ink(render_face(SMILE, 300, 0, 7, progress=p), base) for p in (1.0, 1.5, 2.0))
    assert one < mid < two, (one, mid, two)
    # The stage-2 cracks grow from the impact outwards: half way, the far half is not drawn yet.
    assert mid < one + 0.8 * (two - one)


@pytest.mark.parametrize("seed", [1, 2019])
def test_ink_grows_at_every_step(seed):
    base = render_face(WORRIED, 120, 0, seed)
    values = [ink(render_face(WORRIED, 120, 0, seed, progress=i / 10), base) for i in range(31)]
    assert values[0] == 0
    assert all(b >= a for a, b in zip(values, values[1:], strict=False)), values
    assert values[3] > 0  # the impact shows early
    assert values[-1] > 5 * values[10]


@settings(max_examples=20, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    a=st.floats(min_value=0.0, max_value=3.0, allow_nan=False),
    b=st.floats(min_value=0.0, max_value=3.0, allow_nan=False),
    seed=st.integers(min_value=0, max_value=2**31 - 1),
    size=st.sampled_from([48, 96, 200]),
)
def test_crack_ink_never_decreases_with_progress(a, b, seed, size):
    """Pixels covered never decrease, up to rasterising noise at a moving edge.

    The geometry only grows (test_geometry_never_shrinks_between_instants), but a growing tip's
    last segment and a drifting shard are rounded to the pixel grid anew at every instant, so a
    pixel or two may flip back (measured at most 0.063 % of the face over 150 random pairs).
    """
    lo, hi = sorted((a, b))
    base = render_face(SMILE, size, 0, seed)
    before = ink(render_face(SMILE, size, 0, seed, progress=lo), base)
    after = ink(render_face(SMILE, size, 0, seed, progress=hi), base)
    assert after >= before - max(2, 0.001 * size * size), (before, after)
    if hi - lo >= 0.25 and hi > 0.1:
        assert after > before  # a quarter of a stage always shows


def test_geometry_never_shrinks_between_instants():
    """The data itself: tips, widths, pit, crush and shatter only grow with progress."""
    net = network(2019)
    prev = progress_state(net, 0.0)
    for i in range(1, 61):
        cur = progress_state(net, i / 20)
        tips = dict((id(c), e) for c, e in prev.cracks)
        for c, e in cur.cracks:
            assert e >= tips.get(id(c), 0.0)
        assert len(cur.cracks) >= len(prev.cracks)
        for name in ("width", "pit", "crush", "shatter"):
            assert getattr(cur, name) >= getattr(prev, name), (i, name)
        prev = cur


def test_children_are_born_after_their_parents_reach_them():
    net = network(7)
    seen_growth = False
    for stage, starts in enumerate(net.starts, start=1):
        for c, t0 in zip(net.cracks, starts, strict=True):
            if c.parents and c.end(stage) > c.end(stage - 1) and t0 < _LATEST_START:
                seen_growth = True
                # At its birth every parent has reached the child's root.
                state = progress_state(net, stage - 1 + max(t0, 1e-9))
                tips = {id(k): e for k, e in state.cracks}
                for i, at in c.parents:
                    assert tips.get(id(net.cracks[i]), 0.0) >= at - 1e-6
    assert seen_growth


@pytest.mark.parametrize("bad", [-0.1, 3.01, float("nan"), float("inf"), "1", True])
def test_bad_progress_is_refused(bad):
    with pytest.raises(ValueError, match="progress"):
        render_face(SMILE, 100, 0, 1, progress=bad)


def test_any_instant_is_deterministic_across_processes():
    code = (
        "import hashlib, sys; sys.path.insert(0, sys.argv[1]);"
        "from creative_studio.render.face import render_face;"
        "print(hashlib.sha256(render_face('\\U0001F61F', 150, 0, 77, progress=2.37).tobytes()).hexdigest())"
    )
    outs = {subprocess.run([sys.executable, "-c", code, str(ROOT)], capture_output=True, text=True, check=True).stdout}
    outs.add(subprocess.run([sys.executable, "-c", code, str(ROOT)], capture_output=True, text=True, check=True).stdout)
    assert len(outs) == 1


@pytest.mark.parametrize("module", ["face_geometry", "face_progress"])
def test_geometry_modules_draw_no_pixels(module):
    """The crack network is data: its modules import only the standard library and each other."""
    import ast

    tree = ast.parse((ROOT / "creative_studio" / "render" / f"{module}.py").read_text(encoding="utf-8"))
    imported = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            imported |= {a.name.split(".")[0] for a in node.names}
        elif isinstance(node, ast.ImportFrom):
            imported.add("." * node.level + (node.module or ""))
    allowed = {"__future__", "dataclasses", "functools", "math", "random", "collections.abc", ".face_geometry"}
    assert imported <= allowed, imported - allowed


# ------------------------------------------------------------------------------ engine


@pytest.fixture(scope="module")
def sample():
    return load_sample()


def test_engine_renders_any_instant(sample):
    a = render(sample, "family", "facebook-feed-square", 0.25, crack_progress=1.5)
    b = render(sample, "family", "facebook-feed-square", 0.25, crack_progress=1.5)
    assert a.tobytes() == b.tobytes()
    intact = render(sample, "family", "facebook-feed-square", 0.25, crack_progress=0.0)
    stage3 = render(sample, "family", "facebook-feed-square", 0.25)
    assert len({a.tobytes(), intact.tobytes(), stage3.tobytes()}) == 3
    assert render_detailed(sample, "family", "facebook-feed-square", 0.25, crack_progress=3.0).image.tobytes() == (
        stage3.tobytes()
    )


def test_engine_progress_k_is_the_message_at_stage_k(sample):
    m = sample.message("employ")
    for stage in (1, 3):
        staged = sample.with_message(dataclasses.replace(m, face=dataclasses.replace(m.face, crack_stage=stage)))
        want = render(staged, "employ", "google-300x250", 1.0).tobytes()
        assert render(sample, "employ", "google-300x250", 1.0, crack_progress=stage).tobytes() == want


def test_engine_refuses_bad_progress_with_a_render_error(sample):
    with pytest.raises(RenderError, match="progress"):
        render(sample, "family", "google-300x250", 0.5, crack_progress=4.0)
