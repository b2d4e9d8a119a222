"""Review mode: sign off the current message x format from the keyboard.

The panel shows the current cell's sign-off state and history, and records a verdict with one
key: A approve, C request changes, R reject; N/J next and P/K previous cell (within the filter).
A verdict is bound to the sha256 of the exact bytes export would write, so recording one needs
a full-size render: that happens on a worker thread (a one-thread pool, so decisions land in the
order they were made), never on the GUI thread. Current hashes of every cell that has a decision
are computed in the background too (cached by content on disk), so `stale` shows up in the panel,
the filter and the matrix badges after an edit; the panel emits `session.reviewChanged` when
states may have moved. Undecided cells are pending whatever their bytes, so they cost nothing.

Decisions are per language: the panel signs off the language the session shows (the toolbar's
language switcher), names it above the cell, and keeps each language's states, staleness and
history apart, so approving the English render approves nothing in Gaelic.

For a stale cell, "Compare with approved" shows the approved PNG (from the review cache) and the
current render side by side with the changed pixels in magenta.

The reviewer's name and role are remembered in QSettings("CreativeStudio", "CreativeStudio").
"""

from __future__ import annotations

import threading
from pathlib import Path

from PySide6.QtCore import QFileSystemWatcher, QSettings, Qt, QThreadPool, QTimer, Signal
from PySide6.QtGui import QColor, QKeySequence, QPixmap, QShortcut
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QScrollArea,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from ..model import TEMPLATES_DIR, Campaign
from ..review.store import ReviewLog, review_path
from .flow_layout import FlowLayout
from .review_compare import CompareAndSheet
from .review_hashing import HashingAndWatching
from .review_jobs import (
    FILTERS,
    SETTINGS_ORG,
    STATE_COLOUR,
    STATE_LABEL,
    DecideJob,
    JobSignals,
    Recorded,
)
from .visibility import on_screen


class ReviewPanel(CompareAndSheet, HashingAndWatching, QWidget):
    """Sign-off for the session's current cell.

    Signals:
        decisionRecorded(object): a Decision was written to the review file
        decisionFailed(str): recording failed (message shown in the panel too)
        hashesUpdated(): current export hashes changed (states may have moved)
        compareReady(object): the approved-vs-current comparison for the current cell (dict)
        sheetWritten(str, str): the sign-off sheet was written to path (error "" on success)
        historyBroken(str): the review file's hash chain broke ("FILE:LINE: sentence"), or "" when intact again
    """

    decisionRecorded = Signal(object)
    decisionFailed = Signal(str)
    hashesUpdated = Signal()
    compareReady = Signal(object)
    sheetWritten = Signal(str, str)
    historyBroken = Signal(str)

    def __init__(
        self,
        session,
        parent: QWidget | None = None,
        settings: QSettings | None = None,
        background_hashing: bool = True,
        shortcut_context: Qt.ShortcutContext = Qt.ShortcutContext.WidgetWithChildrenShortcut,
    ):
        super().__init__(parent)
        self.setObjectName("ReviewPanel")
        self._session = session
        self._settings = settings if settings is not None else QSettings(SETTINGS_ORG, SETTINGS_ORG)
        self._background = background_hashing
        self._signals = JobSignals()
        self._signals.hashed.connect(self.on_hashed)
        self._signals.recorded.connect(self.on_recorded)
        self._signals.compared.connect(self.on_compared)
        self._signals.sheet.connect(self.on_sheet)
        self._pool = QThreadPool(self)  # background hashes + comparisons
        self._pool.setMaxThreadCount(2)
        self._decide_pool = QThreadPool(self)  # one thread: decisions are recorded in order
        self._decide_pool.setMaxThreadCount(1)
        self._lock = threading.Lock()
        self._generation = 0
        self._log = ReviewLog(review_path(session.campaign) if session.campaign.path else None, ())  # type: ignore[arg-type]
        self._keys_store: dict[tuple[str, str], str] = {}  # cell -> content key of its current render
        self._keys_for: Campaign | None = None  # an edited campaign whose keys are not computed yet
        self._hashes: dict[str, str] = {}  # content key -> current export sha256 ("" = cannot export)
        self._hash_errors: dict[str, str] = {}
        self._hash_workers = None  # base.pool.WorkerPool, started at the first hash
        self._hash_queued: set[tuple[int, str, str, str]] = set()  # (generation, m, f, key) submitted
        self._in_flight = 0
        self._compare_token = 0
        self._log_error = ""
        self._refused_unsaved = False

        # -- widgets ----------------------------------------------------------------------------
        self.name_edit = QLineEdit(self)
        self.name_edit.setPlaceholderText("Your name (required)")
        self.name_edit.setText(str(self._settings.value("review/name", "") or ""))
        self.role_combo = QComboBox(self)
        self.role_combo.setEditable(True)
        self.role_combo.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        self.role_combo.lineEdit().setPlaceholderText("Role, e.g. Comms lead")
        self._fill_roles()
        self.role_combo.setEditText(str(self._settings.value("review/role", "") or ""))
        self.name_edit.textChanged.connect(lambda t: self._settings.setValue("review/name", t.strip()))
        self.role_combo.editTextChanged.connect(lambda t: self._settings.setValue("review/role", t.strip()))

        self.cell_label = QLabel(self)
        self.cell_label.setTextFormat(Qt.TextFormat.RichText)
        self.cell_label.setWordWrap(True)
        self.state_label = QLabel(self)
        self.state_label.setTextFormat(Qt.TextFormat.RichText)
        self.state_label.setWordWrap(True)
        self.state_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.message_label = QLabel(self)  # feedback: recording..., errors
        self.message_label.setWordWrap(True)

        self.note_edit = QLineEdit(self)
        self.note_edit.setPlaceholderText("Note (optional; required reading for 'changes' and 'reject')")
        self.approve_button = QPushButton("&Approve  [A]", self)
        self.changes_button = QPushButton("Request &changes  [C]", self)
        self.reject_button = QPushButton("&Reject  [R]", self)
        self.approve_button.clicked.connect(lambda: self.decide("approved"))
        self.changes_button.clicked.connect(lambda: self.decide("changes-requested"))
        self.reject_button.clicked.connect(lambda: self.decide("rejected"))
        for b, c in (
            (self.approve_button, "approved"),
            (self.changes_button, "changes-requested"),
            (self.reject_button, "rejected"),
        ):
            b.setStyleSheet(f"QPushButton {{ border-left: 4px solid {STATE_COLOUR[c]}; padding: 4px 8px; }}")
            b.setFocusPolicy(Qt.FocusPolicy.TabFocus)

        self.filter_combo = QComboBox(self)
        for key, label in FILTERS:
            self.filter_combo.addItem(label, key)
        self.filter_combo.currentIndexChanged.connect(lambda _i: self._update_counts())
        self.prev_button = QPushButton("◀ Previous  [P]", self)
        self.next_button = QPushButton("Next  [N] ▶", self)
        self.prev_button.clicked.connect(self.select_previous)
        self.next_button.clicked.connect(self.select_next)
        self.advance_check = QCheckBox("Go to the next cell after a verdict", self)
        self.advance_check.setChecked(str(self._settings.value("review/advance", "true")).lower() == "true")
        self.advance_check.toggled.connect(
            lambda v: self._settings.setValue("review/advance", "true" if v else "false")
        )
        self.counts_label = QLabel(self)
        self.counts_label.setWordWrap(True)
        self.sheet_button = QPushButton("Sign-off sheet (PDF)…", self)
        self.sheet_button.clicked.connect(self.on_sheet_button)

        self.history_list = QListWidget(self)
        self.history_list.setWordWrap(True)
        self.history_list.setMinimumHeight(80)
        self.history_list.setFocusPolicy(Qt.FocusPolicy.NoFocus)

        self.compare_button = QPushButton("Compare with approved  [D]", self)
        self.compare_button.setCheckable(True)
        self.compare_button.toggled.connect(self._on_compare_toggled)
        self.compare_text = QLabel(self)
        self.compare_text.setWordWrap(True)
        self.compare_image = QLabel(self)
        self.compare_image.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.compare_image.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Ignored)
        self.compare_image.setMinimumHeight(160)
        self._compare_pixmap: QPixmap | None = None
        self.large_button = QPushButton("Open large view", self)
        self.large_button.setEnabled(False)
        self.large_button.clicked.connect(self.open_large_compare)
        self._large: QDialog | None = None
        self.compare_area = QWidget(self)
        ca = QVBoxLayout(self.compare_area)
        ca.setContentsMargins(0, 0, 0, 0)
        top = QHBoxLayout()
        top.addWidget(self.compare_text, 1)
        top.addWidget(self.large_button)
        ca.addLayout(top)
        ca.addWidget(self.compare_image, 1)
        self.compare_area.setVisible(False)

        # -- layout -----------------------------------------------------------------------------
        who = QFormLayout()
        who.addRow("Reviewer", self.name_edit)
        who.addRow("Role", self.role_combo)
        # Rows of buttons wrap in a narrow dock instead of clipping "Reject" and "Next".
        verdicts = FlowLayout(spacing=6)
        for b in (self.approve_button, self.changes_button, self.reject_button):
            verdicts.addWidget(b)
        nav = FlowLayout(spacing=6)
        self.filter_combo.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        nav.addWidget(self.prev_button)
        nav.addWidget(self.filter_combo)
        nav.addWidget(self.next_button)
        inner = QWidget(self)
        lay = QVBoxLayout(inner)
        lay.addLayout(who)
        lay.addWidget(self.cell_label)
        lay.addWidget(self.state_label)
        lay.addWidget(self.note_edit)
        lay.addLayout(verdicts)
        lay.addWidget(self.message_label)
        lay.addLayout(nav)
        lay.addWidget(self.advance_check)
        lay.addWidget(self.counts_label)
        lay.addWidget(self.sheet_button)
        lay.addWidget(QLabel("<b>History</b>", self))
        lay.addWidget(self.history_list, 1)
        lay.addWidget(self.compare_button)
        lay.addWidget(self.compare_area, 2)
        scroll = QScrollArea(self)
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QScrollArea.Shape.NoFrame)
        scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)  # wrap, never clip
        scroll.setWidget(inner)
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.addWidget(scroll)

        # -- keyboard -----------------------------------------------------------------------------
        self.shortcuts: list[QShortcut] = []
        for keys, slot in (
            (("A",), lambda: self.decide("approved")),
            (("C",), lambda: self.decide("changes-requested")),
            (("R",), lambda: self.decide("rejected")),
            (("N", "J"), self.select_next),
            (("P", "K"), self.select_previous),
            (("D",), self.compare_button.toggle),
        ):
            for k in keys:
                sc = QShortcut(QKeySequence(k), self)
                sc.setContext(shortcut_context)
                sc.activated.connect(slot)
                self.shortcuts.append(sc)

        # -- wiring -------------------------------------------------------------------------------
        # While the designer types, the panel catches up a few times a second, not per keystroke:
        # keying every cell costs ~10 ms of the GUI thread that the preview needs. Anything that
        # reads the keys (a decision, a state) computes them first, so nothing acts on old ones.
        self._edit_timer = QTimer(self)
        self._edit_timer.setSingleShot(True)
        self._edit_timer.setInterval(150)
        self._edit_timer.timeout.connect(self._catch_up)
        self._hash_timer = QTimer(self)  # coalesces bursts of edits into one hashing pass
        self._hash_timer.setSingleShot(True)
        self._hash_timer.setInterval(400)
        self._hash_timer.timeout.connect(self._start_hashing)
        self._changed_timer = QTimer(self)  # coalesces hash results into one reviewChanged
        self._changed_timer.setSingleShot(True)
        self._changed_timer.setInterval(250)
        self._changed_timer.timeout.connect(self._emit_review_changed)
        self._watch_timer = QTimer(self)
        self._watch_timer.setSingleShot(True)
        self._watch_timer.setInterval(200)
        self._watch_timer.timeout.connect(self._on_file_changed)
        self._watcher = QFileSystemWatcher(self)
        self._watcher.fileChanged.connect(lambda _p: self._watch_timer.start())
        self._watcher.directoryChanged.connect(lambda _p: self._watch_timer.start())

        session.selectionChanged.connect(self.on_selectionChanged)
        session.campaignChanged.connect(self.on_campaignChanged)
        session.campaignLoaded.connect(self.on_campaignLoaded)
        session.reviewChanged.connect(self.on_reviewChanged)
        session.dirtyChanged.connect(self.on_dirtyChanged)
        session.languageChanged.connect(self.on_languageChanged)
        self.on_campaignLoaded(session.campaign)

    # -- state queries (tests, the main window) ----------------------------------------------------
    @property
    def log(self) -> ReviewLog:
        return self._log

    @property
    def language(self) -> str:
        """The language signed off: the one the session shows."""
        c = self._session.campaign
        return self._session.language or c.default_language

    def language_key(self) -> str:
        """How decisions name that language ("" for the default one; review/store.py)."""
        from ..review.store import language_key

        try:
            return language_key(self._session.campaign, self._session.language)
        except Exception:  # noqa: BLE001 - a language the campaign no longer has: its default
            return ""

    def _render_language(self) -> str | None:
        """The language argument of renders and decisions (None: the default language)."""
        return self._session.language

    def current_hash(self, message_id: str, format_id: str) -> str | None:
        """Current export sha256 of a cell, or None while not yet computed."""
        key = self._keys.get((message_id, format_id))
        return self._hashes.get(key) if key else None

    def state(self, message_id: str, format_id: str) -> str:
        from ..review.state import state_of

        return state_of(self._log, message_id, format_id, self.current_hash(message_id, format_id), self.language_key())

    def is_busy(self) -> bool:
        """Decisions still being recorded."""
        return self._in_flight > 0

    def set_filter(self, key: str) -> None:
        i = self.filter_combo.findData(key)
        if i >= 0:
            self.filter_combo.setCurrentIndex(i)

    def reviewer(self) -> tuple[str, str]:
        return self.name_edit.text().strip(), self.role_combo.currentText().strip()

    def set_reviewer(self, name: str, role: str = "") -> None:
        self.name_edit.setText(name)
        self.role_combo.setEditText(role)

    # -- verdicts ------------------------------------------------------------------------------------
    def decide(self, status: str) -> bool:
        """Record a verdict on the current cell (off the GUI thread). False when refused at once."""
        s = self._session
        name, role = self.reviewer()
        m, f = s.message_id, s.format_id
        if not m or not f:
            return self._refuse("Select a message and format first.")
        if not name:
            self.name_edit.setFocus()
            return self._refuse("Enter your name first: every verdict records who made it.")
        why = self.needs_saved_campaign("a verdict must match the saved file that export uses")
        if why:
            return self._refuse(why)
        if self._log_error:
            return self._refuse(f"The review file cannot be read, so nothing is recorded: {self._log_error}")
        note = self.note_edit.text().strip()
        key = self._keys.get((m, f), "")
        self._in_flight += 1
        lang = self._render_language()
        self.message_label.setText(f"Recording {STATE_LABEL[status].lower()} for {m} / {f}{self._in_lang()}…")
        self._decide_pool.start(DecideJob(self._signals, s.campaign, m, f, key, status, name, role, note, lang))
        self.note_edit.clear()
        if self.advance_check.isChecked():
            self.select_next()
        return True

    def needs_saved_campaign(self, why: str) -> str:
        """The sentence to show when an action needs the campaign saved first, else ""."""
        s = self._session
        if s.campaign.path is None:
            return f"Save the campaign first: {why} (the review file sits beside it)."
        if Path(s.campaign.path).resolve().is_relative_to(TEMPLATES_DIR.resolve()):
            return f"Save the campaign first, as your own copy: {why} (the bundled sample is read-only)."
        if s.dirty:
            return f"Save the campaign first: {why}."
        return ""

    def _refuse(self, text: str) -> bool:
        self.message_label.setText(f'<span style="color:{STATE_COLOUR["rejected"]}">{text}</span>')
        self._refused_unsaved = text.startswith("Save the campaign first")
        self.decisionFailed.emit(text)
        return False

    def on_dirtyChanged(self, dirty: bool) -> None:  # noqa: N802
        """Once saved, a "save the campaign first" refusal no longer applies: clear it."""
        if not dirty and self._refused_unsaved:
            self._refused_unsaved = False
            self.message_label.setText("Saved: you can record verdicts and write the sheet now.")

    def on_recorded(self, out: Recorded) -> None:
        self._in_flight = max(0, self._in_flight - 1)
        if out.decision is None:
            self._refuse(f"Not recorded ({out.message} / {out.format}): {out.error}")
            return
        if out.key:
            self._hashes[out.key] = out.sha256
        d = out.decision
        self.message_label.setText(
            f"Recorded: {out.message} / {out.format} {STATE_LABEL[d.status].lower()} (sha256 {d.sha256[:12]})."
        )
        self._reload_log()
        self.decisionRecorded.emit(d)
        self._session.reviewChanged.emit()

    # -- navigation ------------------------------------------------------------------------------------
    def _cells(self) -> list[tuple[str, str]]:
        c = self._session.campaign
        return [(m, f) for m in c.message_ids for f in c.format_ids]

    def _matches(self, cell: tuple[str, str]) -> bool:
        want = self.filter_combo.currentData() or "all"
        return want == "all" or self.state(*cell) == want

    def _step(self, delta: int) -> bool:
        cells = self._cells()
        if not cells:
            return False
        cur = (self._session.message_id, self._session.format_id)
        i = cells.index(cur) if cur in cells else -1
        for n in range(1, len(cells) + 1):
            cand = cells[(i + delta * n) % len(cells)]
            if self._matches(cand):
                if cand != cur:
                    self._session.select(*cand)
                return cand != cur
        self.message_label.setText("No cell matches the filter.")
        return False

    def select_next(self) -> bool:
        return self._step(1)

    def select_previous(self) -> bool:
        return self._step(-1)

    # -- session signals ----------------------------------------------------------------------------------
    def on_selectionChanged(self, _m: str = "", _f: str = "") -> None:  # noqa: N802
        self._refresh_cell()
        key = self._keys.get((self._session.message_id, self._session.format_id))
        if key and key not in self._hashes and on_screen(self):
            self._request_hashes(current_only=True)
        if self.compare_button.isChecked():
            self._request_compare()

    @property
    def _keys(self) -> dict[tuple[str, str], str]:
        if self._keys_for is not None:
            campaign, self._keys_for = self._keys_for, None
            self._keys_store = self._compute_keys(campaign)
        return self._keys_store

    @_keys.setter
    def _keys(self, keys: dict[tuple[str, str], str]) -> None:
        self._keys_for = None
        self._keys_store = keys

    def on_campaignChanged(self, campaign: Campaign) -> None:  # noqa: N802
        self._keys_for = campaign  # keyed when first read, or when the burst of edits pauses
        if not self._edit_timer.isActive():
            self._edit_timer.start()

    def _catch_up(self) -> None:
        self._keys  # noqa: B018 - computes the pending keys
        self._fill_roles()
        self._refresh_cell()
        self._hash_timer.start()

    def on_languageChanged(self, _code: str = "") -> None:  # noqa: N802
        """Another language is shown: its own keys, hashes, states and history."""
        self._keys = self._compute_keys(self._session.campaign)
        self._refresh_cell()
        self._update_counts()
        if self.compare_button.isChecked():
            self._request_compare()
        self._hash_timer.start(0)

    def _in_lang(self) -> str:
        """ " in gd" for a multilingual campaign (the language a verdict is for), else ""."""
        return f" in {self.language}" if self._session.campaign.multilingual else ""

    def on_campaignLoaded(self, campaign: Campaign) -> None:  # noqa: N802
        self._keys = self._compute_keys(campaign)
        self._watch(campaign)
        self._reload_log()
        self._fill_roles()
        self._refresh_cell()
        self._hash_timer.start(0 if self._background else 400)

    def on_reviewChanged(self) -> None:  # noqa: N802
        before = self._log.history
        self._reload_log()
        if self._log.history != before:
            self._hash_timer.start()  # newly decided cells (e.g. from the command line) need hashes

    # -- shown ------------------------------------------------------------------------------------------------
    def showEvent(self, event) -> None:  # noqa: N802 - Qt's name
        super().showEvent(event)
        self._hash_timer.start(0)  # the current cell's hash, for display

    # -- view ----------------------------------------------------------------------------------------------------
    def _fill_roles(self) -> None:
        text = self.role_combo.currentText()
        wanted = list(dict.fromkeys(list(self._session.campaign.reviewers) + ["Comms lead", "Legal reviewer"]))
        have = [self.role_combo.itemText(i) for i in range(self.role_combo.count())]
        if have != wanted:
            self.role_combo.blockSignals(True)
            self.role_combo.clear()
            self.role_combo.addItems(wanted)
            self.role_combo.setEditText(text)
            self.role_combo.blockSignals(False)

    def _refresh_cell(self) -> None:
        from html import escape

        s = self._session
        m, f = s.message_id, s.format_id
        c = s.campaign
        try:
            fmt = c.format(f)
            msg = c.message(m)
        except KeyError:
            self.cell_label.setText("No cell selected.")
            self.state_label.setText("")
            self.history_list.clear()
            return
        lk = self.language_key()
        lang_line = ""
        slogan = msg.slogan
        if c.multilingual:
            default = " (default)" if not lk else ""
            lang_line = f"Signing off in <b>{escape(self.language)}</b>{default}<br/>"
            try:
                from ..model.variants import resolve_copy

                slogan = resolve_copy(c, m, f, self.language).text("slogan")
            except Exception:  # noqa: BLE001 - the master slogan is still a fair label
                pass
        self.cell_label.setText(
            f"{lang_line}<b>{escape(fmt.name)}</b> · {fmt.width}×{fmt.height} px<br/>"
            f"<span>“{escape(slogan)}”</span> <small>({escape(m)} / {escape(f)})</small>"
        )
        cur = self.current_hash(m, f)
        d = self._log.latest(m, f, lk)
        state = self.state(m, f)
        colour = STATE_COLOUR[state]
        lines = [f'<span style="font-size:15pt; font-weight:600; color:{colour}">{STATE_LABEL[state]}</span>']
        if d is not None:
            who = escape(d.by) + (f" ({escape(d.role)})" if d.role else "")
            lines.append(f"{STATE_LABEL[d.status]} by {who}, {escape(d.at)}")
            if d.note:
                lines.append(f"“{escape(d.note)}”")
        if cur is None:
            lines.append("<small>Computing the export hash…</small>")
        elif cur == "":
            err = self._hash_errors.get(self._keys.get((m, f), ""), "")
            lines.append(f'<small style="color:{STATE_COLOUR["rejected"]}">Cannot be exported: {escape(err)}</small>')
        else:
            extra = f" · judged {d.sha256[:12]}" if d is not None and d.sha256 != cur else ""
            lines.append(f"<small>export sha256 <code>{cur[:12]}</code>{extra}</small>")
        if state == "stale":
            lines.append("<small>The render changed since the verdict. Press D to compare, then decide again.</small>")
        if self._log_error:
            lines.append(f'<small style="color:{STATE_COLOUR["rejected"]}">{escape(self._log_error)}</small>')
        self.state_label.setText("<br/>".join(lines))
        self.compare_button.setEnabled(d is not None)
        self.history_list.clear()
        for h in reversed(self._log.for_cell(m, f, lk)):
            who = h.by + (f" ({h.role})" if h.role else "")
            text = f"{h.at}  {STATE_LABEL[h.status]} — {who} · {h.sha256[:12]}" + (f"\n“{h.note}”" if h.note else "")
            item = QListWidgetItem(text)
            item.setForeground(QColor(STATE_COLOUR[h.status]))
            self.history_list.addItem(item)
        if not self._log.for_cell(m, f, lk):
            self.history_list.addItem(f"No decisions yet{self._in_lang()}.")

    def _update_counts(self) -> None:
        from ..review.state import counts

        cnt = counts(self.state(*c) for c in self._cells())
        total = sum(cnt.values())
        want = self.filter_combo.currentData() or "all"
        n = total if want == "all" else cnt.get(want, 0)
        self.counts_label.setText(
            f"<small>{cnt['approved']}/{total} approved · {cnt['pending']} pending · {cnt['changes-requested']} "
            f"changes · {cnt['rejected']} rejected · {cnt['stale']} stale — {n} in filter{self._in_lang()}</small>"
        )

    # -- compare -------------------------------------------------------------------------------------------------
    def resizeEvent(self, event) -> None:  # noqa: N802 - Qt's name
        super().resizeEvent(event)
        self._fit_compare()

    # -- lifecycle ---------------------------------------------------------------------------------------------------
    def shutdown(self, msecs: int = 30000) -> None:
        """Stop background hashing and wait for pending verdicts to be written (call on close)."""
        with self._lock:
            self._generation += 1
        self._hash_timer.stop()
        workers, self._hash_workers = self._hash_workers, None
        if workers is not None:
            workers.stop()  # a print-size hash in progress is not waited for
        self._pool.clear()
        self._decide_pool.waitForDone(msecs)
        self._pool.waitForDone(msecs)


__all__ = ["ReviewPanel"]
