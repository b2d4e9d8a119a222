"""Full-size check verdicts in worker processes: what the matrix shows is what `check` prints.

`check` judges each cell on its full-size render (a 96-sheet is 14400 x 3600 px). That is too
heavy for a thread of the app (it would share the GIL with the GUI and the previews, and the GUI
must never render at print size), so this service hands the immutable campaign snapshot to a
small pool of *spawned* worker processes that run the very function `check` runs
(`checks.report.check_one`) and sends the findings back by signal. Spawn, not fork: the app has
Qt and render threads running, which a forked child would inherit half-alive.

Newest request per cell wins: an older request that has not started is cancelled, an older result
is dropped. While a cell waits for its verdict the matrix shows the reduced-scale findings of the
thumbnail pass, labelled as a draft. A worker that dies fails only the cells it held; they are
asked for once more on a fresh pool.
"""

from __future__ import annotations

import multiprocessing
import os
import threading
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass
from functools import partial

from PySide6.QtCore import QObject, Signal

from ..model import Campaign

Cell = tuple[str, str]


@dataclass(frozen=True)
class Verdict:
    """The full-size findings of one cell (empty with `error` when it could not be judged)."""

    message: str
    format: str
    token: int
    findings: tuple
    error: str = ""


def default_workers() -> int:
    """One process per spare core, at most two: the GUI and its render threads need the rest."""
    return max(1, min(2, (os.cpu_count() or 1) - 1))


class _Signals(QObject):
    done = Signal(object)


class VerdictService(QObject):
    """Judges cells at full size in worker processes, newest request per cell wins.

    Signals:
        judged(object): a `Verdict` for the latest request of its cell
        idle(): no verdict is pending any more
    """

    judged = Signal(object)
    idle = Signal()

    def __init__(self, parent: QObject | None = None, workers: int | None = None):
        super().__init__(parent)
        self._workers = workers or default_workers()
        self._pool: ProcessPoolExecutor | None = None
        self._lock = threading.Lock()
        self._counter = 0
        self._latest: dict[Cell, int] = {}
        self._pending: dict[Cell, tuple[Campaign, int, int]] = {}  # cell -> (snapshot, token, tries)
        self._futures: dict[Cell, Future] = {}
        self._held: dict[Cell, tuple[Campaign, int]] = {}
        self._paused = False
        self._closed = False
        self._signals = _Signals()  # no parent: a late worker callback may still emit into it
        self._signals.done.connect(self._on_done)

    # -- requests ------------------------------------------------------------------------------------
    def request(self, campaign: Campaign, message_id: str, format_id: str) -> int:
        """Ask for the full-size verdict of a cell of `campaign`; returns its token."""
        cell = (message_id, format_id)
        with self._lock:
            self._counter += 1
            token = self._counter
            self._latest[cell] = token
        old = self._futures.pop(cell, None)
        if old is not None:
            old.cancel()  # not started yet: never judged; running: its result will be dropped
        self._pending[cell] = (campaign, token, 0)
        if self._paused:
            self._held[cell] = (campaign, token)
        else:
            self._submit(cell, campaign, token)
        return token

    def forget(self, cells) -> None:
        """Cells that no longer exist: cancel their work and never report them."""
        for cell in list(cells):
            with self._lock:
                self._latest.pop(cell, None)
            self._pending.pop(cell, None)
            self._held.pop(cell, None)
            fut = self._futures.pop(cell, None)
            if fut is not None:
                fut.cancel()
        if not self._pending:
            self.idle.emit()

    def pending(self) -> set[Cell]:
        """Cells whose newest verdict has not arrived yet."""
        return set(self._pending)

    def is_pending(self, message_id: str, format_id: str) -> bool:
        return (message_id, format_id) in self._pending

    def pause(self) -> None:
        """Hold new requests (they are kept, newest per cell) until `resume`."""
        self._paused = True

    def resume(self) -> None:
        self._paused = False
        held, self._held = self._held, {}
        for cell, (campaign, token) in held.items():
            if self._latest.get(cell) == token:
                self._submit(cell, campaign, token)

    # -- the pool ------------------------------------------------------------------------------------
    def _ensure_pool(self) -> ProcessPoolExecutor:
        if self._pool is None:
            ctx = multiprocessing.get_context("spawn")
            self._pool = ProcessPoolExecutor(self._workers, mp_context=ctx)
        return self._pool

    def _submit(self, cell: Cell, campaign: Campaign, token: int) -> None:
        if self._closed:
            return
        from ..checks.report import check_one  # the function `check` runs, by reference

        try:
            fut = self._ensure_pool().submit(check_one, cell[0], cell[1], campaign)
        except (BrokenProcessPool, RuntimeError):  # a dead pool refuses work: start a fresh one
            self._drop_pool()
            fut = self._ensure_pool().submit(check_one, cell[0], cell[1], campaign)
        self._futures[cell] = fut
        fut.add_done_callback(partial(self._finished, cell, token))

    def _finished(self, cell: Cell, token: int, fut: Future) -> None:
        """Runs on the executor's thread: only package the outcome and hand it to the GUI thread."""
        if fut.cancelled():
            return
        try:
            out = Verdict(cell[0], cell[1], token, tuple(fut.result()))
        except BrokenProcessPool:
            out = Verdict(cell[0], cell[1], token, (), "broken-pool")
        except Exception as exc:  # noqa: BLE001 - a cell that cannot be judged is shown, never a crash
            out = Verdict(cell[0], cell[1], token, (), f"{type(exc).__name__}: {exc}")
        try:
            self._signals.done.emit(out)
        except RuntimeError:  # the service is gone (app closing)
            pass

    def _on_done(self, out: Verdict) -> None:
        cell = (out.message, out.format)
        if self._latest.get(cell) != out.token or self._closed:
            return
        if out.error == "broken-pool":
            self._drop_pool()
            campaign, token, tries = self._pending.get(cell, (None, 0, 0))
            if campaign is not None and tries < 1:
                self._pending[cell] = (campaign, token, tries + 1)
                self._submit(cell, campaign, token)
                return
            out = Verdict(out.message, out.format, out.token, (), "the checking process stopped (out of memory?)")
        self._futures.pop(cell, None)
        self._pending.pop(cell, None)
        self.judged.emit(out)
        if not self._pending:
            self.idle.emit()

    def _drop_pool(self) -> None:
        pool, self._pool = self._pool, None
        if pool is not None:
            _stop(pool)

    def shutdown(self) -> None:
        """Cancel everything and stop the workers now (a print-size render is not waited for)."""
        self._closed = True
        with self._lock:
            self._latest.clear()
        self._pending.clear()
        self._held.clear()
        self._futures.clear()
        self._drop_pool()


def _stop(pool: ProcessPoolExecutor) -> None:
    procs = list(getattr(pool, "_processes", {}).values())  # stdlib detail: 3.11 has no terminate_workers
    pool.shutdown(wait=False, cancel_futures=True)
    for p in procs:
        if p.is_alive():
            p.terminate()
    for p in procs:
        p.join(5)


__all__ = ["Verdict", "VerdictService", "default_workers"]
