"""Hot reload: when the campaign, its catalogue or its review file changes on disk, adopt it.

Editors save by writing a new file and renaming it over the old one, which silently drops the
old inode from an inotify watch; so the watcher also watches the folders and re-adds the file
paths after every change. Bursts (an editor writes, renames, touches) are coalesced by a 200 ms
single-shot timer, and a change is real only if a file's bytes differ from what was last seen
(a sha256 per file), which also makes our own saves invisible: the saver's output is recorded as
seen before the file system event arrives.

An invalid file never replaces the campaign: its `FILE:LINE:COLUMN` error goes to
`session.errorRaised` and the last good state stays. Unsaved edits are never silently lost:
`ask_reload_over_unsaved()` decides (a message box by default; tests replace it).
"""

from __future__ import annotations

import hashlib
from pathlib import Path

from PySide6.QtCore import QFileSystemWatcher, QObject, QTimer, Signal
from PySide6.QtWidgets import QMessageBox, QWidget

from ..model import Campaign, TemplateError, load_campaign
from ..model.loader import TEMPLATES_DIR
from ..model.saver import save_campaign
from ..model.yamlio import read_yaml
from .session import Session

DEBOUNCE_MS = 200


def review_files(campaign_path: Path) -> list[Path]:
    """The review file names beside a campaign (contracts.md: CAMPAIGN.review.yaml or .json)."""
    stem = campaign_path.with_suffix("")
    return [stem.with_name(stem.name + ".review.yaml"), stem.with_name(stem.name + ".review.json")]


def catalogue_files(campaign_path: Path) -> list[Path]:
    """The formats and layouts files a campaign file names (the bundled ones when it names none)."""
    formats, layouts = TEMPLATES_DIR / "formats.yaml", TEMPLATES_DIR / "layouts.yaml"
    try:
        cat = read_yaml(campaign_path, "campaign").data.get("catalogue", {}) or {}
    except TemplateError:
        cat = {}
    if "formats" in cat:
        formats = campaign_path.parent / str(cat["formats"])
    if "layouts" in cat:
        layouts = campaign_path.parent / str(cat["layouts"])
    return [Path(formats), Path(layouts)]


def _sha(path: Path) -> str | None:
    try:
        return hashlib.sha256(path.read_bytes()).hexdigest()
    except OSError:
        return None


class CampaignWatcher(QObject):
    """Watches the session's campaign files and reloads them into the session.

    Signals:
        reloaded(object): the session adopted a campaign changed on disk
        reviewFileChanged(): the review file changed (also relayed as session.reviewChanged)
        checked(): a debounced check ran (whatever it found; for tests and status bars)
    """

    reloaded = Signal(object)
    reviewFileChanged = Signal()
    checked = Signal()

    def __init__(self, session: Session, parent: QObject | None = None):
        super().__init__(parent)
        self.session = session
        self._fs = QFileSystemWatcher(self)
        self._fs.fileChanged.connect(self.on_path_changed)
        self._fs.directoryChanged.connect(self.on_path_changed)
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(DEBOUNCE_MS)
        self._timer.timeout.connect(self.check_now)
        self._seen: dict[Path, str | None] = {}
        self._declined_sha: str | None = None  # a disk state the designer chose not to load
        session.campaignLoaded.connect(self.on_campaign_loaded)
        session.dirtyChanged.connect(self.on_dirty_changed)
        self.rewatch(snapshot=True)

    # -- hooks -------------------------------------------------------------------------------------
    def ask_reload_over_unsaved(self) -> bool:
        """The file changed on disk but there are unsaved edits: reload (losing them)? Tests replace this."""
        parent = self.parent() if isinstance(self.parent(), QWidget) else None
        path = self.session.path
        box = QMessageBox(
            QMessageBox.Icon.Question,
            "Campaign changed on disk",
            f"{path.name if path else 'The campaign'} was changed outside Creative Studio.",
            QMessageBox.StandardButton.NoButton,
            parent,
        )
        box.setInformativeText(
            "Reload it and lose your unsaved edits, or keep editing? (Saving later writes your version over the file.)"
        )
        reload_btn = box.addButton("Reload from disk", QMessageBox.ButtonRole.DestructiveRole)
        keep = box.addButton("Keep my edits", QMessageBox.ButtonRole.RejectRole)
        box.setDefaultButton(keep)
        box.exec()
        return box.clickedButton() is reload_btn

    # -- what is watched ---------------------------------------------------------------------------
    def watched_files(self) -> list[Path]:
        path = self.session.path
        if path is None:
            return []
        files = [Path(path)] + catalogue_files(Path(path)) + review_files(Path(path))
        out: list[Path] = []
        for f in files:
            f = Path(f).resolve()
            if f not in out:
                out.append(f)
        return out

    def rewatch(self, snapshot: bool = False) -> None:
        """Watch the current files (re-adding any an editor's rename dropped) and their folders."""
        files = self.watched_files()
        want = {str(f) for f in files if f.exists()} | {str(f.parent) for f in files if f.parent.exists()}
        have = set(self._fs.files()) | set(self._fs.directories())
        stale = sorted(have - want)
        if stale:
            self._fs.removePaths(stale)
        missing = sorted(want - have)
        if missing:
            self._fs.addPaths(missing)
        if snapshot:
            self._seen = {f: _sha(f) for f in files}
            path = self.session.path
            if path is not None and self.session.campaign.sha256:
                # what the session holds counts as seen, even if the file moved on meanwhile
                self._seen[Path(path).resolve()] = self.session.campaign.sha256

    # -- saving (so our own write is not mistaken for an outside change) ---------------------------
    def save_campaign(self, path: str | Path | None = None) -> Campaign | None:
        """Save the session's campaign (Save As with `path`); the fresh campaign, or None on failure.

        A failure (unreadable original, disk full, a value that would not read back) is shown
        through session.errorRaised and nothing is written.
        """
        self._timer.stop()
        try:
            fresh = save_campaign(self.session.campaign, path)
        except (TemplateError, OSError, ValueError) as exc:
            self.session.errorRaised.emit(str(exc))
            return None
        self.session.mark_saved(fresh)
        self._declined_sha = None
        self.rewatch(snapshot=True)
        return fresh

    # -- file system events -------------------------------------------------------------------------
    def on_campaign_loaded(self, campaign: Campaign) -> None:
        self.rewatch(snapshot=True)

    def on_dirty_changed(self, dirty: bool) -> None:
        """Saved (by whoever: the main window may call the saver itself), perhaps under a new name."""
        if dirty:
            return
        self.rewatch()
        path = self.session.path
        if path is not None and Path(path).resolve() not in self._seen:
            self.rewatch(snapshot=True)

    def on_path_changed(self, path: str) -> None:
        self._timer.start()  # restart: one check after the burst settles

    def check_now(self) -> None:
        """Compare every watched file with what was last seen; reload the campaign if it changed."""
        self._timer.stop()
        try:
            self._check()
        finally:
            self.rewatch()
            self.checked.emit()

    def _check(self) -> None:
        path = self.session.path
        if path is None:
            return
        path = Path(path).resolve()
        files = self.watched_files()
        now = {f: _sha(f) for f in files}
        changed = {f for f in files if now[f] != self._seen.get(f)}
        self._seen.update(now)
        if not changed:
            return
        reviews = set(review_files(path))
        if changed & {r.resolve() for r in reviews}:
            self.reviewFileChanged.emit()
            self.session.reviewChanged.emit()
        model_changed = changed - {r.resolve() for r in reviews}
        if not model_changed:
            return
        if model_changed == {path} and now[path] == self.session.campaign.sha256:
            return  # our own save, or the file went back to the state we hold
        if now[path] is None:
            self.session.errorRaised.emit(
                f"{path}: the campaign file was removed or renamed; "
                "your campaign is still open here, save it to write it back"
            )
            return
        try:
            campaign = load_campaign(path)
        except TemplateError as exc:
            self.session.errorRaised.emit(str(exc))
            return
        if self.session.dirty:
            if campaign.sha256 == self._declined_sha and model_changed == {path}:
                return
            if not self.ask_reload_over_unsaved():
                self._declined_sha = campaign.sha256
                return
        self._declined_sha = None
        self.session.reload(campaign)
        self.reloaded.emit(campaign)


__all__ = ["DEBOUNCE_MS", "CampaignWatcher", "catalogue_files", "review_files"]
