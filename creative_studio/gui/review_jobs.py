"""The review panel's vocabulary and its background jobs (hash, decide, compare, sheet).

Every job works on an immutable campaign snapshot on a worker thread and reports back by signal;
the panel drops results that a newer request superseded.
"""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import QObject, QRunnable, Signal

from ..model import Campaign
from ..review.store import Decision
from .render_service import pil_to_qimage

STATE_LABEL = {
    "approved": "Approved",
    "changes-requested": "Changes requested",
    "rejected": "Rejected",
    "stale": "Stale",
    "pending": "Pending",
    "": "…",
}
STATE_COLOUR = {
    "approved": "#2F9E44",
    "changes-requested": "#E67700",
    "rejected": "#E03131",
    "stale": "#8E44AD",
    "pending": "#6B7385",
    "": "#6B7385",
}
FILTERS = (
    ("all", "All cells"),
    ("pending", "Pending"),
    ("changes-requested", "Changes requested"),
    ("stale", "Stale"),
    ("rejected", "Rejected"),
    ("approved", "Approved"),
)
SETTINGS_ORG = "CreativeStudio"


@dataclass(frozen=True)
class Hashed:
    generation: int
    key: str
    message: str
    format: str
    sha256: str
    error: str


@dataclass(frozen=True)
class Recorded:
    decision: Decision | None
    message: str
    format: str
    key: str
    sha256: str
    error: str = ""


@dataclass(frozen=True)
class Compared:
    token: int
    message: str
    format: str
    image: object  # QImage or None
    bbox: tuple | None
    text: str


class JobSignals(QObject):
    hashed = Signal(object)
    recorded = Signal(object)
    compared = Signal(object)
    sheet = Signal(str, str)  # path, error ("" when written)


class SheetJob(QRunnable):
    """The sign-off sheet for a campaign snapshot (hashes come from the cache the panel filled)."""

    def __init__(self, signals: JobSignals, campaign: Campaign, path: str):
        super().__init__()
        self.setAutoDelete(True)
        self._signals, self._campaign, self._path = signals, campaign, path

    def run(self) -> None:
        from ..review.sheet import build_sheet

        try:
            build_sheet(self._campaign, self._path)
            self._signals.sheet.emit(self._path, "")
        except Exception as exc:  # noqa: BLE001 - reported in the panel
            self._signals.sheet.emit(self._path, str(exc) or type(exc).__name__)


def hash_cell(message_id: str, format_id: str, campaign: Campaign, language=None) -> tuple[str, str]:
    """(export sha256, error) of a cell: runs in a worker process (a full-size render and encode)."""
    from ..review.state import cell_info

    info = cell_info(campaign, message_id, format_id, language=language)
    return info.sha256, info.error


class DecideJob(QRunnable):
    def __init__(
        self,
        signals: JobSignals,
        campaign: Campaign,
        m: str,
        f: str,
        key: str,
        status: str,
        by: str,
        role: str,
        note: str,
        language: str | None = None,
    ):
        super().__init__()
        self.setAutoDelete(True)
        self._signals = signals
        self._args = (campaign, m, f, key, status, by, role, note, language)

    def run(self) -> None:
        from ..export.batch import render_png
        from ..review.state import info_from_render, remember
        from ..review.store import record_decision

        campaign, m, f, key, status, by, role, note, lang = self._args
        try:
            data, result, method = render_png(campaign, m, f, lang)  # the language shown, and only it
            from ..export.deliverables import deliverable_hashes

            files, _ = deliverable_hashes(campaign, m, f, lang)  # the PDF and animation are signed off too
            d = record_decision(campaign, m, f, status, by, role, note, png_bytes=data, language=lang, files=files)
            try:
                remember(campaign, info_from_render(campaign, m, f, data, result, method), lang)
            except Exception:  # noqa: BLE001 - the decision is recorded; the cache is a nicety
                pass
            out = Recorded(d, m, f, key, d.sha256)
        except Exception as exc:  # noqa: BLE001 - reported in the panel
            out = Recorded(None, m, f, key, "", str(exc) or type(exc).__name__)
        self._signals.recorded.emit(out)


class CompareJob(QRunnable):
    def __init__(
        self, signals: JobSignals, token: int, campaign: Campaign, m: str, f: str, judged_sha: str, language=None
    ):
        super().__init__()
        self.setAutoDelete(True)
        self._signals = signals
        self._args = (token, campaign, m, f, judged_sha, language)

    def run(self) -> None:
        from ..export.batch import render_png
        from ..review.diff import compare_images
        from ..review.store import cached_png

        token, campaign, m, f, judged, lang = self._args
        try:
            old = cached_png(campaign, judged)
            if old is None:
                self._signals.compared.emit(
                    Compared(token, m, f, None, None, f"The judged PNG {judged[:12]} is not in the review cache.")
                )
                return
            data, _result, _method = render_png(campaign, m, f, lang)
            diff = compare_images(old, data)
            if diff.bbox is None:
                text = "No pixel changed (the bytes differ only in encoding or metadata)."
            else:
                x0, y0, x1, y1 = diff.bbox
                text = f"{diff.changed_fraction * 100:.2f}% of pixels changed, within x {x0}–{x1}, y {y0}–{y1}" + (
                    " (the pixel size changed)" if diff.size_changed else ""
                )
            self._signals.compared.emit(Compared(token, m, f, pil_to_qimage(diff.image), diff.bbox, text))
        except Exception as exc:  # noqa: BLE001
            self._signals.compared.emit(Compared(token, m, f, None, None, f"Cannot compare: {exc}"))


__all__ = ["FILTERS", "SETTINGS_ORG", "STATE_COLOUR", "STATE_LABEL"]
