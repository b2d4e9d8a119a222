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


def _lower_priority(niceness: int) -> None:
    """In a worker: yield the CPU to the app (its GUI thread and previews) when both want it."""
    try:
        os.nice(niceness)
    except (AttributeError, OSError):  # no nice() on this platform, or not permitted: run as is
        pass


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


class WorkerPool:
    """Long-lived workers for a stream of tasks (the app's full-size verdicts), by key.

    `run_tasks` serves a batch known up front; an app asks for work as the designer edits, wants
    the newest request per key to win, and must stop print-size work at once when it closes. Here
    tasks wait in the parent until a worker is free (so one that has not started is simply
    dropped when its key is asked for again or cancelled), each worker runs one task at a time over
    its own pipe like `run_tasks`'s (so a worker that dies loses only its own task: `Lost`), and
    `stop` kills the workers through `Process.kill`. `on_outcome(key, outcome)` is called on the
    pool's thread with fn's return value, a `Failed` or a `Lost`. `niceness` lowers the workers'
    CPU priority (the app's background work must not take a core from the GUI while typing).
    """

    def __init__(
        self,
        fn: Callable,
        jobs: int,
        on_outcome: Callable[[Any, Any], None],
        context: multiprocessing.context.BaseContext | None = None,
        niceness: int = 0,
    ):
        self._fn, self._jobs, self._on_outcome = fn, max(1, jobs), on_outcome
        self._niceness = niceness
        self._ctx: Any = context or mp_context()
        self._lock = threading.Lock()
        self._queue: dict[Any, tuple] = {}  # key -> args, oldest first; not started yet
        self._workers: dict[Any, _Worker] = {}  # parent end of the pipe -> worker
        self._running: dict[Any, Any] = {}  # parent end -> key of the task it runs
        self._wake_r, self._wake_w = self._ctx.Pipe(duplex=False)
        self._stopped = False
        self._thread = threading.Thread(target=self._loop, name="cs-worker-pool", daemon=True)
        self._thread.start()

    def submit(self, key: Any, args: tuple) -> None:
        """Queue fn(*args) under `key`; a queued, not yet started task of that key is replaced."""
        with self._lock:
            if self._stopped:
                return
            self._queue.pop(key, None)
            self._queue[key] = args
        self._wake()

    def cancel(self, key: Any) -> bool:
        """Drop `key`'s task if it has not started; True if one was dropped."""
        with self._lock:
            return self._queue.pop(key, None) is not None

    def pids(self) -> list[int]:
        """The worker processes' ids (to watch them; `stop` ends them)."""
        with self._lock:
            return [w.proc.pid for w in self._workers.values() if w.proc.pid is not None]

    def stop(self) -> None:
        """Drop what is queued and kill the workers now (a running print-size task is not waited for)."""
        with self._lock:
            self._stopped = True
            self._queue.clear()
            workers = list(self._workers.values())
        for w in workers:
            w.proc.kill()
        self._wake()
        self._thread.join(10)
        for w in workers:
            w.proc.join(5)

    def _wake(self) -> None:
        try:
            self._wake_w.send_bytes(b"!")
        except (EOFError, OSError):
            pass

    def _start(self) -> _Worker:
        parent_end, child_end = self._ctx.Pipe(duplex=True)
        proc = self._ctx.Process(
            target=_worker_main,
            args=(child_end, os.getpid(), self._fn, _lower_priority if self._niceness else None, (self._niceness,)),
            daemon=True,
            name="cs-worker",
        )
        proc.start()
        child_end.close()
        w = _Worker(proc, parent_end)
        self._workers[parent_end] = w
        return w

    def _dispatch(self) -> None:
        """Hand queued tasks to idle workers, starting workers up to `jobs` (under the lock)."""
        while self._queue:
            idle = next((w for c, w in self._workers.items() if c not in self._running), None)
            if idle is None:
                if len(self._workers) >= self._jobs:
                    return
                idle = self._start()
            key = next(iter(self._queue))
            args = self._queue.pop(key)
            self._running[idle.conn] = key
            try:
                idle.conn.send((0, args))
            except (EOFError, OSError):
                pass  # it died already: its sentinel reports the task as lost

    def _loop(self) -> None:
        from multiprocessing.connection import wait as wait_ready

        while True:
            with self._lock:
                if self._stopped:
                    break
                self._dispatch()
                conns = list(self._workers)
                sentinels = {w.proc.sentinel: w for w in self._workers.values()}
            ready = wait_ready([self._wake_r, *conns, *sentinels], timeout=1.0)
            outcomes: list[tuple[Any, Any]] = []
            with self._lock:
                if self._stopped:
                    break
                for obj in ready:
                    if obj is self._wake_r:
                        while self._wake_r.poll(0):
                            self._wake_r.recv_bytes()
                        continue
                    w = self._workers.get(obj) or sentinels.get(obj)
                    if w is None or w.conn not in self._workers:
                        continue
                    try:
                        if w.conn.poll(0):
                            _, ok, value = w.conn.recv()
                            key = self._running.pop(w.conn, None)
                            outcomes.append((key, value if ok else Failed(value)))
                            continue
                    except (EOFError, OSError):
                        pass
                    if w.proc.is_alive() and obj is w.conn:
                        continue
                    # The worker is gone: its task (if any) is lost; a fresh worker starts on demand.
                    w.proc.join(5)
                    self._workers.pop(w.conn, None)
                    key = self._running.pop(w.conn, None)
                    w.conn.close()
                    if key is not None:
                        outcomes.append((key, Lost(death_reason(w.proc.exitcode))))
            for key, outcome in outcomes:
                self._on_outcome(key, outcome)
        with self._lock:
            workers = list(self._workers.values())
            self._workers.clear()
            self._running.clear()
        for w in workers:
            w.proc.kill()
            w.proc.join(5)
            w.conn.close()
