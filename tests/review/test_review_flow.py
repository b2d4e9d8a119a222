"""End to end: approve -> edit the slogan -> stale -> the diff shows it -> re-approve -> export it."""

from __future__ import annotations

import hashlib
import json

from creative_studio.export import export_batch
from creative_studio.export.batch import render_png
from creative_studio.review import (
    approved_hashes,
    cached_png,
    cell_states,
    compare_images,
    current_hashes,
    diff_images,
    load_reviews,
    record_decision,
    status_lookup,
)

CELL = ("freedom", "google-300x250")


def _approve(campaign, by="Jane Doe"):
    data, _, _ = render_png(campaign, *CELL)
    return record_decision(campaign, *CELL, "approved", by, "Comms lead", "", png_bytes=data), data


def _overlaps(a, b) -> bool:
    return a[0] < b[2] and b[0] < a[2] and a[1] < b[3] and b[1] < a[3]


def test_approve_edit_stale_diff_reapprove_export(campaign, tmp_path):
    first, first_png = _approve(campaign)
    assert first.sha256 == hashlib.sha256(first_png).hexdigest()
    hashes = current_hashes(campaign, [CELL], jobs=1)
    assert cell_states(campaign, hashes)[CELL] == "approved"

    # Edit the slogan: the render changes, so the approval no longer covers it.
    edited = campaign.with_message_text("freedom", "slogan", "Get ready to lose your freedom")
    new_hashes = current_hashes(edited, [CELL], jobs=1)
    assert new_hashes[CELL] != first.sha256
    states = cell_states(edited, new_hashes)
    assert states[CELL] == "stale"
    assert states[("employ", "google-300x250")] == "pending"
    assert approved_hashes(edited)[CELL] == frozenset({first.sha256})  # the old bytes, not the new

    # The diff: approved bytes from the review cache against the current render.
    approved_png = cached_png(edited, first.sha256)
    assert approved_png == first_png
    current_png, result, _ = render_png(edited, *CELL)
    diff = compare_images(approved_png, current_png)
    assert diff.bbox is not None and diff.changed_fraction > 0
    slogan = result.block("slogan").ink
    assert _overlaps(diff.bbox, slogan)
    assert not _overlaps(diff.bbox, result.face)  # the face did not change
    image = diff_images(approved_png, current_png)
    w, h = result.image.size
    assert image.width >= 3 * w and image.height >= h
    assert image.info["bbox"] == diff.bbox
    # Changed pixels are magenta in the third panel.
    assert (255, 0, 255) in {c for _, c in image.getcolors(1 << 20)}

    # Export with the gate before re-approval: nothing is approved for the new bytes.
    out1 = tmp_path / "out1"
    res = export_batch(
        edited,
        out1,
        ["freedom"],
        ["google-300x250"],
        jobs=1,
        approved=approved_hashes(edited),
        review_status=status_lookup(edited),
    )
    assert [r.skipped for r in res.files] == ["not approved (or the approval is stale)"]
    assert not (out1 / "stopitnow" / "freedom" / "google-300x250.png").exists()

    # Re-approve; export --approved-only writes exactly the approved bytes, and the manifest says so.
    second, second_png = _approve(edited, by="Ahmed Khan")
    assert second.sha256 == new_hashes[CELL]
    assert cell_states(edited, new_hashes)[CELL] == "approved"
    out2 = tmp_path / "out2"
    res = export_batch(
        edited,
        out2,
        None,
        ["google-300x250"],
        jobs=1,
        approved=approved_hashes(edited),
        review_status=status_lookup(edited),
    )
    written = [(r.message, r.format) for r in res.files if r.written]
    assert written == [CELL]
    png = (out2 / "stopitnow" / "freedom" / "google-300x250.png").read_bytes()
    assert png == second_png and hashlib.sha256(png).hexdigest() == second.sha256
    manifest = json.loads((out2 / "manifest.json").read_text(encoding="utf-8"))
    [entry] = manifest["files"]
    assert entry["review"] == "approved" and entry["sha256"] == second.sha256
    skipped = {(x["message"], x["format"]) for x in manifest["not_written"]}
    assert skipped == {("employ", "google-300x250"), ("family", "google-300x250")}

    # Without the gate the manifest still reports each file's review state.
    out3 = tmp_path / "out3"
    export_batch(campaign, out3, None, ["google-300x250"], jobs=1, review_status=status_lookup(campaign))
    states = {
        (f["message"], f["format"]): f["review"]
        for f in json.loads((out3 / "manifest.json").read_text(encoding="utf-8"))["files"]
    }
    assert states == {CELL: "stale", ("employ", "google-300x250"): "pending", ("family", "google-300x250"): "pending"}
    assert [d.by for d in load_reviews(campaign).history] == ["Jane Doe", "Ahmed Khan"]


def test_identical_renders_have_no_diff(campaign):
    data, _, _ = render_png(campaign, *CELL)
    diff = compare_images(data, data)
    assert diff.bbox is None and diff.changed_fraction == 0 and not diff.size_changed


def test_diff_downscales_huge_images():
    import io

    from PIL import Image, ImageDraw

    from creative_studio.review.diff import MAX_SIDE

    a = Image.new("RGB", (9000, 2250), (14, 26, 43))
    b = a.copy()
    ImageDraw.Draw(b).rectangle((6000, 1000, 6400, 1200), fill=(255, 255, 255))

    def png(im):
        buf = io.BytesIO()
        im.save(buf, format="PNG", compress_level=1)
        return buf.getvalue()

    diff = compare_images(png(a), png(b))
    assert max(diff.image.size) <= MAX_SIDE + 200  # stacked panels plus labels, not 9000 px
    x0, y0, x1, y1 = diff.bbox
    assert abs(x0 - 6000) <= 10 and abs(y0 - 1000) <= 10 and abs(x1 - 6401) <= 10 and abs(y1 - 1201) <= 10


def test_hash_cache_survives_processes_and_follows_content(campaign):
    from creative_studio.review import state

    h1 = current_hashes(campaign, [CELL], jobs=1)[CELL]
    state._MEMO.clear()  # as in a new process: the disk cache answers
    key = state.render_key(campaign, *CELL)
    assert state._cache_get(key).sha256 == h1
    edited = campaign.with_message_text("freedom", "cta_short", "Get help now")
    assert state.render_key(edited, *CELL) != key
    assert state.render_key(campaign.with_message_text("employ", "slogan", "x"), *CELL) == key
    assert state.known_hash(campaign, *CELL) == h1
    assert state.known_hash(edited, *CELL) is None


def test_the_cache_key_covers_the_engine_but_not_preview_only_code():
    from creative_studio.review.state import byte_sources

    names = {p.relative_to(p.parents[1]).as_posix() for p in byte_sources()}
    assert {
        "render/engine.py",
        "render/face.py",
        "render/text.py",
        "render/fonts.py",
        "encode/png.py",
        "export/batch.py",
    } <= names
    assert not any(n.startswith("render/mockups") for n in names)  # preview-only
