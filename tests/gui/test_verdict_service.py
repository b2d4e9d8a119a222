"""The verdict service: full-size findings from worker processes, a killed worker costs one retry,
closing stops the workers at once (through the shared runner's public WorkerPool, no pool internals)."""

from __future__ import annotations

import os
import signal

import pytest

from creative_studio.checks.report import check_one
from creative_studio.gui.verdict_service import VerdictService


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    return True


@pytest.fixture
def verdicts(qapp):
    v = VerdictService(workers=1)
    yield v
    v.shutdown()


def test_a_verdict_is_what_check_prints(qtbot, verdicts, sample):
    with qtbot.waitSignal(verdicts.judged, timeout=60000) as got:
        token = verdicts.request(sample, "employ", "google-300x250")
    v = got.args[0]
    assert (v.message, v.format, v.token, v.error) == ("employ", "google-300x250", token, "")
    assert v.findings == tuple(check_one("employ", "google-300x250", sample))
    assert not verdicts.pending()
    # the worker gives way to the app: lower CPU priority than the GUI's process
    (pid,) = verdicts.worker_pids()
    assert os.getpriority(os.PRIO_PROCESS, pid) >= os.getpriority(os.PRIO_PROCESS, 0) + 10 or (
        os.getpriority(os.PRIO_PROCESS, pid) == 19  # already at the floor
    )


def test_a_killed_worker_costs_its_cell_one_retry_on_a_fresh_worker(qtbot, verdicts, sample):
    judged = []
    verdicts.judged.connect(judged.append)
    verdicts.request(sample, "employ", "outdoor-96-sheet")  # seconds of work at 14400 x 3600
    qtbot.waitUntil(lambda: bool(verdicts.worker_pids()), timeout=30000)
    (first,) = verdicts.worker_pids()
    os.kill(first, signal.SIGKILL)  # as the out-of-memory killer would
    qtbot.waitUntil(lambda: bool(judged), timeout=120000)
    (v,) = judged
    assert v.error == "" and v.findings == tuple(check_one("employ", "outdoor-96-sheet", sample))
    assert first not in verdicts.worker_pids() and not _alive(first)


def test_closing_stops_a_print_size_verdict_at_once(qtbot, verdicts, sample):
    verdicts.request(sample, "family", "outdoor-96-sheet")
    verdicts.request(sample, "freedom", "outdoor-96-sheet")  # queued behind it: never started
    qtbot.waitUntil(lambda: bool(verdicts.worker_pids()), timeout=30000)
    pids = verdicts.worker_pids()
    judged = []
    verdicts.judged.connect(judged.append)
    verdicts.shutdown()
    assert not any(_alive(p) for p in pids)  # killed and reaped, not left to finish the poster
    assert verdicts.worker_pids() == [] and not verdicts.pending()
    assert judged == []


def test_a_newer_request_replaces_one_that_has_not_started(qtbot, verdicts, sample):
    judged = []
    verdicts.judged.connect(judged.append)
    verdicts.request(sample, "employ", "outdoor-48-sheet")  # the one worker is busy with this
    verdicts.request(sample, "family", "google-300x250")
    newest = verdicts.request(sample, "family", "google-300x250")  # the queued one is dropped
    qtbot.waitUntil(lambda: not verdicts.pending(), timeout=120000)
    cells = [(v.message, v.format, v.token) for v in judged]
    assert ("family", "google-300x250", newest) in cells
    assert len([c for c in cells if c[:2] == ("family", "google-300x250")]) == 1
