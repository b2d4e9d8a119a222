"""The review file: round trip, latest-wins, strict reading, crash safety, concurrent writers."""

from __future__ import annotations

import hashlib
import json
import multiprocessing
import os
import signal
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from creative_studio.model import TemplateError, load_campaign
from creative_studio.review import (
    approved_hashes,
    cached_png,
    cell_states,
    load_reviews,
    record_decision,
    review_path,
    status_lookup,
)
from creative_studio.review.store import ReviewError, format_review_file, lock_path, parse_review_text

ROOT = Path(__file__).resolve().parents[2]
SHA_A = "a" * 64
SHA_B = "b" * 64


def test_record_and_reload(campaign):
    png = b"\x89PNG fake bytes for the cache"
    d = record_decision(
        campaign,
        "freedom",
        "google-300x250",
        "approved",
        "Jane Doe",
        "Comms lead",
        "Good to go",
        hashlib.sha256(png).hexdigest(),
        png,
    )
    record_decision(
        campaign, "employ", "google-320x50", "rejected", "Ahmed Khan", "Legal reviewer", "Slogan unreadable", SHA_B
    )
    log = load_reviews(campaign)
    assert log.history[0] == d
    assert d.at.endswith("Z") and d.campaign_sha256 == campaign.sha256
    assert log.latest("employ", "google-320x50").status == "rejected"
    assert log.latest("family", "google-300x250") is None
    assert log.reviewers == (("Jane Doe", "Comms lead"), ("Ahmed Khan", "Legal reviewer"))
    # The judged bytes are kept beside the review file, named by their hash.
    assert cached_png(campaign, d.sha256) == png
    # Any YAML reader gets the same data back: the file is plain, safe YAML.
    data = yaml.safe_load(review_path(campaign).read_text(encoding="utf-8"))
    assert data["decisions"][0] == {
        "message": "freedom",
        "format": "google-300x250",
        "status": "approved",
        "by": "Jane Doe",
        "role": "Comms lead",
        "at": d.at,
        "note": "Good to go",
        "sha256": d.sha256,
        "campaign_sha256": campaign.sha256,
        "seq": 1,
        "prev": "0" * 64,  # the genesis value
    }
    # The chain as docs/review.md defines it, recomputed with nothing but json and hashlib.
    second = data["decisions"][1]
    canonical = json.dumps(data["decisions"][0], sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    assert second["prev"] == hashlib.sha256(canonical.encode("utf-8")).hexdigest()
    assert second["seq"] == 2
    last = json.dumps(second, sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode("utf-8")
    assert data["head"] == {"count": 2, "sha256": hashlib.sha256(last).hexdigest()}


def test_the_latest_decision_counts(campaign):
    cell = ("freedom", "google-300x250")
    record_decision(campaign, *cell, "approved", "Jane", sha256=SHA_A)
    assert approved_hashes(campaign)[cell] == frozenset({SHA_A})
    assert status_lookup(campaign)(*cell, SHA_A) == "approved"
    assert status_lookup(campaign)(*cell, SHA_B) == "stale"
    assert status_lookup(campaign)("employ", "google-300x250", SHA_A) == "pending"
    # Withdrawing the approval: the earlier approved hash no longer passes the export gate.
    record_decision(campaign, *cell, "changes-requested", "Ahmed", sha256=SHA_A, note="Add the helpline")
    assert cell not in approved_hashes(campaign)
    assert status_lookup(campaign)(*cell, SHA_A) == "changes-requested"
    # A later approval of other bytes counts for those bytes only.
    record_decision(campaign, *cell, "approved", "Jane", sha256=SHA_B)
    assert approved_hashes(campaign)[cell] == frozenset({SHA_B})
    states = cell_states(campaign, {cell: SHA_A, ("employ", "google-300x250"): SHA_A})
    assert states[cell] == "stale"
    assert states[("employ", "google-300x250")] == "pending"
    assert len(load_reviews(campaign).history) == 3


def test_refuses_bad_decisions(campaign):
    with pytest.raises(ReviewError, match="unknown message 'nope'"):
        record_decision(campaign, "nope", "google-300x250", "approved", "Jane", sha256=SHA_A)
    with pytest.raises(ReviewError, match="status"):
        record_decision(campaign, "freedom", "google-300x250", "ok", "Jane", sha256=SHA_A)
    with pytest.raises(ReviewError, match="name"):
        record_decision(campaign, "freedom", "google-300x250", "approved", "  ", sha256=SHA_A)
    with pytest.raises(ReviewError, match="other than the one judged"):
        record_decision(campaign, "freedom", "google-300x250", "approved", "Jane", sha256=SHA_A, png_bytes=b"x")
    assert not review_path(campaign).exists()


@pytest.mark.parametrize(
    "text, line",
    [
        ("version: 1\ndecisions:\n  - message: freedom\n    format: [oops\n", 4),  # where the bracket opened
        (
            "version: 1\ndecisions:\n  - message: freedom\n    format: google-300x250\n    status: approvd\n"
            "    by: J\n    at: '2019-03-01T09:00:00Z'\n    sha256: '" + "a" * 64 + "'\n",
            5,
        ),
        (
            "version: 1\ndecisions:\n  - message: freedom\n    format: google-300x250\n    status: approved\n"
            "    by: J\n    at: yesterday\n    sha256: '" + "a" * 64 + "'\n",
            7,
        ),
        (
            "version: 1\ndecisions:\n  - message: freedom\n    format: f\n    status: approved\n    by: J\n"
            "    at: '2019-03-01T09:00:00Z'\n    sha256: short\n",
            8,
        ),
        ("version: 1\ndecisions: {a: 1}\n", 2),
        ("version: 1\ndecisions:\n  - message: freedom\n    message: employ\n", 4),  # duplicate key
    ],
)
def test_a_corrupt_review_file_gives_file_line_column(campaign, text, line):
    review_path(campaign).write_text(text, encoding="utf-8")
    with pytest.raises(TemplateError) as exc:
        load_reviews(campaign)
    assert str(exc.value).startswith(f"{review_path(campaign)}:{line}:")
    # ... and nothing is appended to a file that cannot be read.
    with pytest.raises(TemplateError):
        record_decision(campaign, "freedom", "google-300x250", "approved", "Jane", sha256=SHA_A)
    assert review_path(campaign).read_text(encoding="utf-8") == text


def test_hand_written_plain_yaml_reads_the_same(campaign):
    text = (
        "decisions:\n  - message: freedom\n    format: google-300x250\n    status: approved\n"
        "    by: Jane Doe\n    role: Comms lead\n    at: 2019-03-01T09:00:00Z\n    note:\n"
        f"    sha256: {SHA_A}\n"
    )
    [d] = parse_review_text(text, "x.review.yaml")
    assert (d.at, d.note, d.sha256, d.by) == ("2019-03-01T09:00:00Z", "", SHA_A, "Jane Doe")


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(note=st.text(), by=st.text(min_size=1).filter(lambda s: s.strip()))
def test_any_text_round_trips(campaign, note, by):
    from creative_studio.review.store import Decision

    d = Decision("freedom", "google-300x250", "approved", by.strip(), 'Role: "x"', "2019-03-01T09:00:00Z", note, SHA_A)
    text = format_review_file("stopitnow.yaml", "stopitnow", (d, d))
    assert parse_review_text(text, "x.review.yaml") == (d, d)
    data = yaml.safe_load(text)
    assert data["decisions"][0]["note"] == note


# -- crash safety ------------------------------------------------------------------------------

_KILL_WRITER = textwrap.dedent("""
    import os, signal, sys
    sys.path.insert(0, {root!r})
    from creative_studio.model import load_campaign
    from creative_studio.review import record_decision
    campaign = load_campaign({path!r})
    real_replace = os.replace
    def slow_replace(src, dst):
        # The temp file is complete; die before it replaces the review file.
        print("READY", flush=True)
        signal.pause()  # block until the test kills us
        real_replace(src, dst)
    os.replace = slow_replace
    record_decision(campaign, "family", "google-300x250", "rejected", "Killer", sha256="c" * 64)
""")


def test_a_writer_killed_mid_write_leaves_the_previous_file(campaign, campaign_path):
    record_decision(campaign, "freedom", "google-300x250", "approved", "Jane", sha256=SHA_A)
    before = review_path(campaign).read_bytes()
    proc = subprocess.Popen(
        [sys.executable, "-c", _KILL_WRITER.format(root=str(ROOT), path=str(campaign_path))],
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert proc.stdout.readline().strip() == "READY"
        os.kill(proc.pid, signal.SIGKILL)
    finally:
        proc.wait(10)
    assert review_path(campaign).read_bytes() == before
    assert [d.by for d in load_reviews(campaign).history] == ["Jane"]
    assert list(campaign_path.parent.glob(".stopitnow.review.yaml.*.part"))  # the dead writer's temp file
    # The lock died with the writer: the next decision goes through and clears the leftovers.
    record_decision(campaign, "employ", "google-300x250", "approved", "Jane", sha256=SHA_B)
    assert len(load_reviews(campaign).history) == 2
    assert not list(campaign_path.parent.glob(".stopitnow.review.yaml.*.part"))


def _hammer(path: str, worker: int, n: int) -> None:
    c = load_campaign(path)
    for i in range(n):
        record_decision(
            c, "freedom", "google-300x250", "approved", f"w{worker}", note=str(i), sha256=f"{worker:02x}{i:062x}"
        )


def _hammer_then_signal(path: str, worker: int, n: int, ready) -> None:
    c = load_campaign(path)
    for i in range(n):
        record_decision(
            c, "freedom", "google-300x250", "approved", f"w{worker}", note=str(i), sha256=f"{worker:02x}{i:062x}"
        )
        if i == 20:
            ready.set()  # well into the loop: the kill lands in the middle of some write


def test_a_loop_writer_killed_at_random_never_corrupts(campaign, campaign_path):
    ctx = multiprocessing.get_context("fork")
    ready = ctx.Event()
    p = ctx.Process(target=_hammer_then_signal, args=(str(campaign_path), 9, 10_000, ready))
    p.start()
    assert ready.wait(60)
    os.kill(p.pid, signal.SIGKILL)
    p.join(10)
    n = len(load_reviews(campaign).history)  # parses: never half-written
    assert n >= 1
    leftovers = [q.name for q in campaign_path.parent.iterdir() if q.name.endswith(".part")]
    # A killed writer may leave its temp file behind, never a broken review file.
    assert all(name.startswith(".stopitnow.review.yaml.") for name in leftovers)


def test_concurrent_writers_lose_nothing(campaign, campaign_path):
    ctx = multiprocessing.get_context("fork")
    procs = [ctx.Process(target=_hammer, args=(str(campaign_path), w, 10)) for w in range(4)]
    for p in procs:
        p.start()
    for p in procs:
        p.join(60)
        assert p.exitcode == 0
    log = load_reviews(campaign)
    assert len(log.history) == 40
    assert {(d.by, d.note) for d in log.history} == {(f"w{w}", str(i)) for w in range(4) for i in range(10)}
    for w in range(4):  # each writer's decisions are in its own order
        assert [d.note for d in log.history if d.by == f"w{w}"] == [str(i) for i in range(10)]
    assert lock_path(campaign).exists()
