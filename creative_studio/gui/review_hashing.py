"""The review panel's background hashing and its watch on the review file.

A mixin of `ReviewPanel`. Only decided cells need a current export hash (approved or stale); the
hashes are computed on worker threads, generation-stamped so a newer campaign cancels older work.
The review file is watched (its folder too: an atomic replace makes a new file).
"""

from __future__ import annotations

from ..model import Campaign
from ..review.store import ReviewLog, load_reviews, review_path
from .review_jobs import Hashed, hash_cell
from .visibility import on_screen


class HashingAndWatching:
    """Export hashes + review-file watching, for `ReviewPanel`."""

    def _compute_keys(self, campaign: Campaign) -> dict[tuple[str, str], str]:
        from ..review.state import render_keys

        try:
            return render_keys(campaign, language=self._render_language())
        except Exception:  # noqa: BLE001 - a campaign that cannot be keyed simply has no hashes
            return {}

    def _is_current_generation(self, gen: int) -> bool:
        with self._lock:
            return gen == self._generation

    def _start_hashing(self) -> None:
        self._request_hashes(current_only=not self._background)

    def _request_hashes(self, current_only: bool) -> None:
        """Hash the current cell (when shown) and every cell that has a decision.

        Only decided cells need a current hash for their state (approved or stale); a cell nobody
        decided is pending whatever its bytes. So the background work is proportional to the
        decisions made, and nothing at all happens at the start of a review.
        """
        cur = (self._session.message_id, self._session.format_id)
        # the current cell's hash is for display only: a full-size render, so only when it can be seen
        cells = [cur] if cur in self._keys and on_screen(self) else []
        if not current_only:
            lk = self.language_key()
            cells += [c for c in self._keys if c != cur and self._log.latest(*c, lk) is not None]
        todo = [(m, f, self._keys[(m, f)]) for m, f in cells if self._keys[(m, f)] not in self._hashes]
        if not todo:
            return
        with self._lock:
            if not current_only:
                self._generation += 1
            gen = self._generation
        self._hash_in_workers(gen, todo, not current_only)

    def _hash_in_workers(self, gen: int, todo: list[tuple[str, str, str]], new_generation: bool) -> None:
        """Hash cells in a worker process, never in a thread of the app.

        A hash is a full-size render and PNG encode (seconds for a 96-sheet). In a thread it held
        the GIL the GUI thread and the preview need: typing stalled while decided cells were
        re-hashed. The shared runner's WorkerPool runs them in a spawned process instead; queued
        cells of an older generation are cancelled, results of one are dropped.
        """
        from ..base.pool import WorkerPool
        from .verdict_service import BACKGROUND_NICENESS

        if self._hash_workers is None:
            self._hash_workers = WorkerPool(hash_cell, 1, self._hash_outcome, niceness=BACKGROUND_NICENESS)
        with self._lock:
            old = [k for k in self._hash_queued if k[0] != gen] if new_generation else []
            self._hash_queued.difference_update(old)
            tasks = [(gen, m, f, key) for m, f, key in todo]
            self._hash_queued.update(tasks)
        for key in old:
            self._hash_workers.cancel(key)
        campaign, language = self._session.campaign, self._render_language()
        for task in tasks:
            self._hash_workers.submit(task, (task[1], task[2], campaign, language))

    def _hash_outcome(self, task: tuple[int, str, str, str], outcome) -> None:
        """On the pool's thread: package the outcome for the GUI thread."""
        from ..base.pool import Failed, Lost

        gen, m, f, key = task
        with self._lock:
            self._hash_queued.discard(task)
        if not self._is_current_generation(gen):
            return
        if isinstance(outcome, Lost):
            out = Hashed(gen, key, m, f, "", f"the hashing process stopped: {outcome.reason}")
        elif isinstance(outcome, Failed):
            exc = outcome.exception
            out = Hashed(gen, key, m, f, "", f"{type(exc).__name__}: {exc}")
        else:
            sha256, error = outcome
            out = Hashed(gen, key, m, f, sha256, error)
        try:
            self._signals.hashed.emit(out)
        except RuntimeError:  # the panel is gone (app closing)
            pass

    def on_hashed(self, out: Hashed) -> None:
        if out.key not in self._keys.values():
            return  # an older version of the campaign
        old = self._hashes.get(out.key)
        self._hashes[out.key] = out.sha256
        if out.error:
            self._hash_errors[out.key] = out.error
        if (out.message, out.format) == (self._session.message_id, self._session.format_id):
            self._refresh_cell()
            if self.compare_button.isChecked():
                self._request_compare()
        if old != out.sha256:
            self._update_counts()
            self.hashesUpdated.emit()
            if self._log.latest(out.message, out.format, self.language_key()) is not None:
                self._changed_timer.start()  # the matrix re-reads states (now maybe stale)

    def _emit_review_changed(self) -> None:
        self._session.reviewChanged.emit()

    def _watch(self, campaign: Campaign) -> None:
        files, dirs = self._watcher.files(), self._watcher.directories()
        if files:
            self._watcher.removePaths(files)
        if dirs:
            self._watcher.removePaths(dirs)
        if campaign.path is None:
            return
        rp = review_path(campaign)
        if rp.parent.is_dir():
            self._watcher.addPath(str(rp.parent))  # the atomic replace makes a new file: watch the folder
        if rp.exists():
            self._watcher.addPath(str(rp))

    def _on_file_changed(self) -> None:
        before = self._log.history
        self._reload_log()
        c = self._session.campaign
        if c.path is not None and review_path(c).exists() and str(review_path(c)) not in self._watcher.files():
            self._watcher.addPath(str(review_path(c)))
        if self._log.history != before:
            self._session.reviewChanged.emit()  # e.g. a decision recorded from the command line

    def _reload_log(self) -> None:
        c = self._session.campaign
        if c.path is None:
            self._log = ReviewLog(None, ())  # type: ignore[arg-type]
            self._log_error = ""
        else:
            try:
                self._log = load_reviews(c)
                self._log_error = ""
            except Exception as exc:  # noqa: BLE001 - a corrupt file: say where, keep the last good state
                self._log_error = str(exc)
                self._session.errorRaised.emit(str(exc))
        if self.history_problem() != getattr(self, "_history_text", ""):  # review/chain.py: a hand-edited history
            self._history_text = self.history_problem()
            self.historyBroken.emit(self._history_text)
        self._refresh_cell()
        self._update_counts()

    def history_problem(self) -> str:
        """The first break of the review file's hash chain as FILE:LINE: sentence, "" when intact."""
        chain = self._log.chain
        return chain.describe(str(self._log.path))[0] if chain.broken else ""
