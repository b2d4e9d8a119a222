"""The one process pool: CPU-bound tasks in worker processes that may die without sinking the run.

Export, `check` and the review status all render full-size images in worker processes. This
runner replaces concurrent.futures' ProcessPoolExecutor for them because that pool, when one
worker dies (the out-of-memory killer, kill -9), breaks as a whole: every pending future fails
with BrokenProcessPool and nobody knows which task killed it. Here each worker gets one task at a
time over its own pipe, so when a worker dies the parent knows exactly which task it was running:
that task's outcome is `Lost(reason)`, a fresh worker takes over, and every other task runs.

Workers also die with their parent: on Linux the kernel sends them SIGKILL when it exits
(prctl PR_SET_PDEATHSIG), and everywhere a watchdog thread exits the worker when its parent
process changes. Workers ignore SIGINT; the parent handles Ctrl-C and stops them.

Use:
    outcomes = run_tasks(fn, [(args...), ...], jobs=4, initializer=init, initargs=(campaign,),
                         on_outcome=lambda i, out: ..., cancelled=lambda: False)
`outcomes[i]` is fn's return value, a `Failed` (fn raised: `.exception`) or a `Lost` (the worker
died). Tasks not started because of cancellation are missing from the dict.
"""

from __future__ import annotations

import os
import signal
import sys
import threading
import time
from collections import deque
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    import multiprocessing.context

# multiprocessing (with socket, pickle, subprocess...) is imported when a pool starts, not when
# this module is: `render` and the app's GUI thread import modules that name Failed and Lost but
# never start a worker, and pay ~15 ms of start-up for nothing otherwise.

WATCHDOG_INTERVAL_S = 0.5  # how often a worker checks that its parent is still there


@dataclass(frozen=True)
class Lost:
    """The worker running this task died (killed, out of memory, crashed)."""

    reason: str


@dataclass(frozen=True)
class Failed:
    """The task raised; the exception (or a stand-in when it could not be pickled)."""

    exception: BaseException


def mp_context() -> multiprocessing.context.BaseContext:
    """fork is fastest, but forking a process that runs Qt threads is unsafe: spawn there."""
    import multiprocessing

    if "PySide6" in sys.modules or sys.platform != "linux":
        return multiprocessing.get_context("spawn")
    return multiprocessing.get_context("fork")


def _exit_with_parent(parent_pid: int) -> None:
    """Make this worker exit when the parent process dies (no orphans burning CPU)."""
    if sys.platform.startswith("linux"):
        try:
            import ctypes

            libc = ctypes.CDLL(None, use_errno=True)
            libc.prctl(1, int(signal.SIGKILL), 0, 0, 0)  # PR_SET_PDEATHSIG
        except (OSError, AttributeError):
            pass
    if os.getppid() != parent_pid:  # the parent died before prctl took effect
        os._exit(1)

    def watch() -> None:
        while True:
            time.sleep(WATCHDOG_INTERVAL_S)
            if os.getppid() != parent_pid:
                os._exit(1)

    threading.Thread(target=watch, name="parent-watchdog", daemon=True).start()


def _portable(exc: BaseException) -> BaseException:
    import pickle

    try:
        pickle.loads(pickle.dumps(exc))
        return exc
    except Exception:  # noqa: BLE001 - anything unpicklable becomes a plain RuntimeError
        return RuntimeError(f"{type(exc).__name__}: {exc}")


def _worker_main(conn: Any, parent_pid: int, fn: Callable, initializer: Callable | None, initargs: tuple) -> None:
    _exit_with_parent(parent_pid)
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    if initializer is not None:
        initializer(*initargs)
    while True:
        try:
            msg = conn.recv()
        except (EOFError, OSError):
            return
        if msg is None:
            return
        index, args = msg
        try:
            out: tuple = (index, True, fn(*args))
        except BaseException as exc:  # noqa: BLE001 - reported to the parent as Failed
            out = (index, False, _portable(exc))
        try:
            conn.send(out)
        except (EOFError, OSError):
            return
        except Exception as exc:  # noqa: BLE001 - the result itself could not be pickled
            conn.send((index, False, RuntimeError(f"the result could not be sent back: {exc}")))


def death_reason(exitcode: int | None) -> str:
    """A sentence for a worker's exit code."""
    if exitcode is None:
        return "the worker process stopped answering"
    if exitcode < 0:
        try:
            name = signal.Signals(-exitcode).name
        except ValueError:
            name = f"signal {-exitcode}"
        if -exitcode == signal.SIGKILL:
            return (
                "the worker process rendering it was killed (SIGKILL; the system's out-of-memory killer does "
                "this when memory runs out)"
            )
        return f"the worker process rendering it was killed by {name}"
    return f"the worker process rendering it exited unexpectedly (exit code {exitcode})"


class _Worker:
    __slots__ = ("proc", "conn", "task")

    def __init__(self, proc: Any, conn: Any):
        self.proc = proc
        self.conn = conn
        self.task: int | None = None


def run_tasks(
    fn: Callable,
    tasks: Sequence[tuple],
    jobs: int,
    initializer: Callable | None = None,
    initargs: tuple = (),
    on_outcome: Callable[[int, Any], None] | None = None,
    cancelled: Callable[[], bool] | None = None,
    context: multiprocessing.context.BaseContext | None = None,
) -> dict[int, Any]:
    """Run fn(*tasks[i]) for every i in up to `jobs` worker processes; see the module doc."""
    from multiprocessing.connection import wait as wait_ready

    ctx: Any = context or mp_context()  # a concrete context (fork/spawn) has Process and Pipe
    outcomes: dict[int, Any] = {}
    todo = deque(range(len(tasks)))
    workers: dict[Any, _Worker] = {}  # keyed by the parent end of the worker's pipe
    me = os.getpid()
    stopped = False

    def record(index: int, outcome: Any) -> None:
        outcomes[index] = outcome
        if on_outcome is not None:
            on_outcome(index, outcome)

    def give(w: _Worker) -> bool:
        """The next task to w, or tell it to stop. False when it has none."""
        if todo and not stopped:
            w.task = todo.popleft()
            try:
                w.conn.send((w.task, tasks[w.task]))
            except (EOFError, OSError):
                pass  # it died already: its sentinel reports it with this task
            return True
        w.task = None
        try:
            w.conn.send(None)
        except (EOFError, OSError):
            pass
        return False

    def start() -> None:
        parent_end, child_end = ctx.Pipe(duplex=True)
        proc = ctx.Process(
            target=_worker_main, args=(child_end, me, fn, initializer, initargs), daemon=True, name="cs-worker"
        )
        proc.start()
        child_end.close()
        w = _Worker(proc, parent_end)
        workers[parent_end] = w
        give(w)  # the first task goes with the start, so a worker that dies in its start fails it

    def retire(w: _Worker) -> None:
        workers.pop(w.conn, None)
        w.proc.join(timeout=5)
        if w.proc.exitcode is None:
            w.proc.kill()
            w.proc.join(timeout=5)
        w.conn.close()

    def receive(w: _Worker) -> bool:
        """Read one result from w; False when the pipe is closed (the worker died)."""
        try:
            index, ok, value = w.conn.recv()
        except (EOFError, OSError):
            return False
        w.task = None
        record(index, value if ok else Failed(value))
        if not give(w):
            retire(w)
        return True

    try:
        for _ in range(max(1, min(jobs, len(todo)))):
            start()
        while workers:
            if not stopped and cancelled is not None and cancelled():
                stopped = True
            by_sentinel = {w.proc.sentinel: w for w in workers.values()}
            ready = wait_ready(list(workers) + list(by_sentinel), timeout=0.2)
            for obj in ready:
                w = workers.get(obj) or by_sentinel.get(obj)
                if w is None or w.conn not in workers:
                    continue  # already handled through its other handle
                if obj is w.conn and receive(w):
                    continue
                # The worker is gone (its pipe closed, or its process ended).
                if w.conn.poll(0) and receive(w):
                    continue
                w.proc.join(timeout=5)
                task = w.task
                workers.pop(w.conn, None)
                w.conn.close()
                if task is not None:
                    record(task, Lost(death_reason(w.proc.exitcode)))
                    if todo and not stopped:
                        start()
    finally:
        for w in list(workers.values()):  # an error or Ctrl-C in the parent: stop them all
            w.proc.kill()
            w.proc.join(timeout=5)
            w.conn.close()
    return outcomes
