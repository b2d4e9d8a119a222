"""The export job of the export dialog: the CLI's export_batch on a QThread, and its wording.

export_batch itself fans the renders out to worker processes; this thread only keeps the GUI
thread free and relays progress per file by queued signal. Cancel sets a flag export_batch polls.
"""

from __future__ import annotations

import os
import threading
from pathlib import Path

from PySide6.QtCore import QThread, Signal

from ..model import Campaign

# export_batch renders in-process when jobs == 1: in the app that would be this process, and the
# render thread's Pillow work holds the GIL long enough to stall the window (measured 276 ms
# gaps on a 96-sheet). From the app, always at least two worker processes.
MIN_JOBS = 2


def default_jobs() -> int:
    return max(MIN_JOBS, os.cpu_count() or 1)


class ExportThread(QThread):
    """Runs export_batch off the GUI thread.

    Signals:
        fileDone(int, int, object): done, total, FileResult (queued to the GUI thread)
        exportFinished(object): the BatchResult
        exportFailed(str): export could not run at all (bad folder, bad ids)
    """

    fileDone = Signal(int, int, object)
    exportFinished = Signal(object)
    exportFailed = Signal(str)

    def __init__(
        self,
        campaign: Campaign,
        outdir: Path,
        message_ids: list[str],
        format_ids: list[str],
        jobs: int,
        allow_errors: bool,
        approved_only: bool,
        parent=None,
    ):
        super().__init__(parent)
        self.campaign = campaign
        self.outdir = outdir
        self.message_ids = message_ids
        self.format_ids = format_ids
        self.jobs = max(MIN_JOBS, jobs)
        self.allow_errors = allow_errors
        self.approved_only = approved_only
        self._cancel = threading.Event()

    def cancel(self) -> None:
        self._cancel.set()

    def is_cancelled(self) -> bool:
        return self._cancel.is_set()

    def run(self) -> None:
        try:
            from ..export import export_batch
            from ..review import approved_hashes, status_lookup  # the same wiring as `main.py export`
            from ..review.store import manifest_binding

            review_status = status_lookup(self.campaign)
            approved = approved_hashes(self.campaign) if self.approved_only else None
            result = export_batch(
                self.campaign,
                self.outdir,
                self.message_ids,
                self.format_ids,
                jobs=self.jobs,
                allow_errors=self.allow_errors,
                approved=approved,
                review_status=review_status,
                review_file=manifest_binding(self.campaign),
                progress=lambda done, total, r: self.fileDone.emit(done, total, r),
                cancelled=self._cancel.is_set,
            )
        except Exception as exc:  # noqa: BLE001 - shown in the dialog, never a crash
            self.exportFailed.emit(f"{type(exc).__name__}: {exc}" if not str(exc).startswith("/") else str(exc))
            return
        self.exportFinished.emit(result)


__all__ = ["MIN_JOBS", "ExportThread", "default_jobs"]
