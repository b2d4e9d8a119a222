"""Full-size check verdicts in worker processes: what the matrix shows is what `check` prints.

`check` judges each cell on its full-size render (a 96-sheet is 14400 x 3600 px). That is too
heavy for a thread of the app (it would share the GIL with the GUI and the previews, and the GUI
must never render at print size), so this service hands the immutable campaign snapshot to a
small pool of *spawned* worker processes (the shared runner's `base.pool.WorkerPool`) that run
the very function `check` runs (`checks.report.check_one`) and sends the findings back by signal.
Spawn, not fork: the app has Qt and render threads running, which a forked child would inherit
half-alive.

Newest request per cell wins: an older request that has not started is cancelled, an older result
is dropped. While a cell waits for its verdict the matrix shows the reduced-scale findings of the
thumbnail pass, labelled as a draft. A worker that dies loses only the cell it was judging; that
cell is asked for once more on a fresh worker. Closing the app kills the workers at once.
"""

from __future__ import annotations

import os
import threading
from dataclasses import dataclass

from PySide6.QtCore import QObject, Signal

from ..base.pool import Failed, Lost, WorkerPool
from ..model import Campaign

Cell = tuple[str, str]
BACKGROUND_NICENESS = 10  # the app's worker processes give way to its GUI and previews


@dataclass(frozen=True)
class Verdict:
    """The full-size findings of one cell (empty with `error` when it could not be judged)."""

    message: str
    format: str
    token: int
    findings: tuple
    error: str = ""
    lost: bool = False  # the worker judging it died (killed, out of memory): asked for once more


def default_workers() -> int:
    """One process per spare core, at most two: the GUI and its render threads need the rest."""
    return max(1, min(2, (os.cpu_count() or 1) - 1))


class _Signals(QObject):
    done = Signal(object)


def _judge(message_id: str, format_id: str, campaign: Campaign, language: str | None = None) -> tuple:
    from ..checks.report import check_one  # the function `check` runs, by reference

    return tuple(check_one(message_id, format_id, campaign, language))


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
        self._pool: WorkerPool | None = None
        self._lock = threading.Lock()
        self._counter = 0
        self._latest: dict[Cell, int] = {}
        self._pending: dict[Cell, tuple[Campaign, int, int]] = {}  # cell -> (snapshot, token, tries)
        self._held: dict[Cell, tuple[Campaign, int]] = {}
        self._languages: dict[Cell, str | None] = {}  # the language of each cell's newest request
        self._paused = False
        self._closed = False
        self._signals = _Signals()  # no parent: a late worker callback may still emit into it
        self._signals.done.connect(self._on_done)

    # -- requests ------------------------------------------------------------------------------------
    def request(self, campaign: Campaign, message_id: str, format_id: str, language: str | None = None) -> int:
        """Ask for the full-size verdict of a cell of `campaign` in `language` (None: the
        default one); returns its token. A newer request for the cell, in any language, wins."""
        cell = (message_id, format_id)
        with self._lock:
            self._counter += 1
            token = self._counter
            old = self._latest.get(cell)
            self._latest[cell] = token
        if old is not None and self._pool is not None:
            self._pool.cancel((cell, old))  # not started yet: never judged; running: its result is dropped
        self._languages[cell] = language
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
                token = self._latest.pop(cell, None)
            self._pending.pop(cell, None)
            self._held.pop(cell, None)
            if token is not None and self._pool is not None:
                self._pool.cancel((cell, token))
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

    def worker_pids(self) -> list[int]:
        """The worker processes now running (none before the first verdict or after shutdown)."""
        return self._pool.pids() if self._pool is not None else []

    # -- the pool ------------------------------------------------------------------------------------
    def _submit(self, cell: Cell, campaign: Campaign, token: int) -> None:
        if self._closed:
            return
        if self._pool is None:
            self._pool = WorkerPool(_judge, self._workers, self._finished, niceness=BACKGROUND_NICENESS)
        self._pool.submit((cell, token), (cell[0], cell[1], campaign, self._languages.get(cell)))

    def _finished(self, key: tuple[Cell, int], outcome) -> None:
        """Runs on the pool's thread: only package the outcome and hand it to the GUI thread."""
        (m, f), token = key
        if isinstance(outcome, Lost):
            out = Verdict(m, f, token, (), outcome.reason, lost=True)
        elif isinstance(outcome, Failed):
            exc = outcome.exception
            out = Verdict(m, f, token, (), f"{type(exc).__name__}: {exc}")
        else:
            out = Verdict(m, f, token, tuple(outcome))
        try:
            self._signals.done.emit(out)
        except RuntimeError:  # the service is gone (app closing)
            pass

    def _on_done(self, out: Verdict) -> None:
        cell = (out.message, out.format)
        if self._latest.get(cell) != out.token or self._closed:
            return
        if out.lost:
            campaign, token, tries = self._pending.get(cell, (None, 0, 0))
            if campaign is not None and tries < 1:
                self._pending[cell] = (campaign, token, tries + 1)
                self._submit(cell, campaign, token)
                return
            out = Verdict(out.message, out.format, out.token, (), f"the checking process stopped: {out.error}")
        self._pending.pop(cell, None)
        self.judged.emit(out)
        if not self._pending:
            self.idle.emit()

    def shutdown(self) -> None:
        """Cancel everything and stop the workers now (a print-size render is not waited for)."""
        self._closed = True
        with self._lock:
            self._latest.clear()
        self._pending.clear()
        self._held.clear()
        pool, self._pool = self._pool, None
        if pool is not None:
            pool.stop()


__all__ = ["Verdict", "VerdictService", "default_workers"]
