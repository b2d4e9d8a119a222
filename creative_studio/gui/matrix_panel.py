"""The matrix: every message on every format at a glance, with check and review badges.

Thumbnails are rendered in the background by the RenderService at thumbnail scale. The checks
need a larger render to be honest (at 10 px text hinting decides legibility), so each cell also
gets a second, lower-priority request at "check scale" whose findings are published through the
session, where the inspector and the preview read them too.

When the campaign changes, a single-shot timer coalesces the burst of edits and only cells whose
render inputs (message, brand, format, layouts) changed are requested again.
"""

from __future__ import annotations

import time

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QColor, QGuiApplication, QPalette
from PySide6.QtWidgets import (
    QAbstractItemView,
    QButtonGroup,
    QHBoxLayout,
    QLabel,
    QSizePolicy,
    QTableView,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from ..model import Campaign
from ..render import fit_scale
from . import theme
from .flow_layout import FlowLayout
from .matrix_actions import CellActions
from .matrix_delegate import ThumbnailDelegate
from .matrix_headers import MatrixHeader, MessageHeader
from .matrix_model import (
    CELL_SIZE,
    THUMB_BOX,
    MatrixModel,
    ReviewRole,
)
from .matrix_rows import LanguageRows
from .matrix_verdicts import VerdictsAndFilter
from .render_service import Rendered, RenderService
from .session import Session
from .verdict_service import VerdictService

COALESCE_MS = 30
THROTTLE_MS = 250  # while typing: at most one thumbnail pass per this interval
THUMB_PRIORITY = 0
CHECK_PRIORITY = -1  # after every thumbnail and the preview
CHECK_LONG_SIDE = 1200
CHECK_IDLE_MS = 250  # after an edit, checks start once typing pauses this long
FRAME_MS = 33  # batch repaints of arriving thumbnails (~30 fps)


def check_scale(fmt) -> float:
    """The scale at which the checks run: the format's size, capped at 1200 px on its longer side."""
    return min(1.0, CHECK_LONG_SIDE / max(fmt.width, fmt.height))


def review_statuses(campaign: Campaign, language: str | None = None) -> dict[tuple[str, str], str]:
    """Review status per cell in one language from `creative_studio.review` ({} while absent)."""
    try:
        from .. import review as review_pkg
    except Exception:  # noqa: BLE001 - an optional layer: no badges without it
        return {}
    fn = getattr(review_pkg, "cell_statuses", None) or getattr(review_pkg, "statuses", None)
    try:
        if fn is not None:
            return {tuple(k): str(v) for k, v in dict(fn(campaign, language=language)).items()}
    except Exception:  # noqa: BLE001
        return {}
    return {}


class MatrixPanel(LanguageRows, CellActions, VerdictsAndFilter, QWidget):
    """messages x formats thumbnails; click a cell to select it in the session.

    Signals:
        thumbnailsReady(): every visible cell shows an up-to-date thumbnail
        checksReady(): every cell has findings for the current campaign
        verdictsReady(): every cell has its full-size verdict (the findings `check` prints)
        cellExportRequested(str, str), cellRevealRequested(str, str), cellLargeRequested(str, str),
        cellDecisionRequested(str, str, str): a cell's menu or double-click asks the window to act
        imageCopied(str): a cell's full-size image is on the clipboard ("") or why it is not

    With a `VerdictService`, the reduced-scale findings are published as drafts and replaced by
    the full-size verdict of a worker process as it arrives (one verdict: what the matrix, the
    inspector and the badges show is what `check` prints). Without one, the reduced-scale
    findings are all there is (benchmarks, focused tests).
    """

    thumbnailsReady = Signal()
    checksReady = Signal()
    verdictsReady = Signal()
    cellExportRequested = Signal(str, str)
    cellRevealRequested = Signal(str, str)
    cellDecisionRequested = Signal(str, str, str)
    cellLargeRequested = Signal(str, str)
    imageCopied = Signal(str)  # "" when the clipboard holds the image, else why not

    def __init__(
        self,
        session: Session,
        render_service: RenderService,
        parent: QWidget | None = None,
        verdicts: VerdictService | None = None,
    ):
        super().__init__(parent)
        self.setObjectName("MatrixPanel")
        self._session = session
        self._service = render_service
        self.model = MatrixModel(session.campaign, self)
        self._keys: dict[str, tuple[str, str, str, str]] = {}  # render key -> (kind, message, format, language)
        self._inputs: dict[tuple[str, str, str], tuple] = {}  # last thumbnail inputs per (language, message, format)
        self._check_inputs: dict[tuple[str, str], tuple] = {}  # last check inputs per cell (the language shown)
        self._pending_thumbs: set[tuple[str, str, str]] = set()  # (language, message, format)
        self._pending_checks: set[tuple[str, str]] = set()
        self._verdicts = verdicts
        self._pending_verdicts: set[tuple[str, str]] = set()  # inputs changed since the last verdict
        self._verdict_tokens: dict[tuple[str, str], int] = {}  # cell -> token of the verdict asked for
        self._verdict_errors: dict[tuple[str, str], str] = {}
        self._final: set[tuple[str, str]] = set()  # cells showing the full-size verdict of their inputs
        if verdicts is not None:
            verdicts.judged.connect(self.on_judged)
        self._platforms: set[str] = {p for p, _, _ in theme.PLATFORMS}

        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(COALESCE_MS)
        self._timer.timeout.connect(self._on_timer)
        self._last_refresh = 0.0
        # Thumbnails arriving within one frame are announced together: one repaint, not 78.
        self._arrived: set[tuple[str, str, str]] = set()
        self._frame = QTimer(self)
        self._frame.setSingleShot(True)
        self._frame.setInterval(FRAME_MS)
        self._frame.timeout.connect(self._flush_arrived)
        self._checked_once = False
        self._idle_timer = QTimer(self)  # the designer paused: every changed cell, then the checks
        self._idle_timer.setSingleShot(True)
        self._idle_timer.timeout.connect(self._on_idle)
        self._filter_timer = QTimer(self, singleShot=True, interval=60, timeout=self.apply_filters)
        self._subtitle_timer = QTimer(self)
        self._subtitle_timer.setSingleShot(True)
        self._subtitle_timer.setInterval(100)
        self._subtitle_timer.timeout.connect(self._update_subtitle)

        # -- widgets
        top = QHBoxLayout()
        top.setContentsMargins(12, 8, 12, 6)
        top.setSpacing(6)
        self.title = theme.header("Matrix", self)
        self.subtitle = theme.header("", self, sub=True)
        # The summary's length changes as renders and verdicts arrive: it must never widen the
        # matrix (that would take width from the docks), so it takes only the room that is left.
        self.subtitle.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
        top.addWidget(self.title)
        top.addWidget(self.subtitle, 1)
        chip_box = QWidget(self)  # the chips wrap onto a second row rather than widen the matrix
        chips = FlowLayout(chip_box, spacing=6)
        chip_policy = QSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Preferred)
        chip_policy.setHeightForWidth(True)
        chip_box.setSizePolicy(chip_policy)
        self.filter_group = QButtonGroup(self)
        self.filter_group.setExclusive(False)
        self.filter_buttons: dict[str, QToolButton] = {}
        for platform, label, _ in (("all", "All", ""), *theme.PLATFORMS):
            b = QToolButton(self)
            b.setObjectName("FilterChip")
            b.setText(label)
            b.setCheckable(True)
            b.setChecked(platform == "all")
            b.setCursor(Qt.CursorShape.PointingHandCursor)
            b.setToolTip("Show every platform" if platform == "all" else f"Show only {label} formats")
            b.clicked.connect(lambda _=False, p=platform: self._on_filter_clicked(p))
            self.filter_buttons[platform] = b
            self.filter_group.addButton(b)
            chips.addWidget(b)
        for w in self._build_filters():
            chips.addWidget(w)
        top.addWidget(chip_box, 0)

        self.view = QTableView(self)
        self.view.setModel(self.model)
        self.view.setHorizontalHeader(MatrixHeader(self.view))
        self.view.setVerticalHeader(MessageHeader(self.view))
        self.view.setItemDelegate(ThumbnailDelegate(self.view))
        self.view.setShowGrid(False)
        self.view.setMouseTracking(True)
        self.view.viewport().setAttribute(Qt.WidgetAttribute.WA_Hover)
        self.view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectItems)
        self.view.setHorizontalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
        self.view.setVerticalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
        self.view.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.view.setCornerButtonEnabled(False)
        # The delegate draws the selection itself; the style's row highlight would paint under it.
        pal = self.view.palette()
        for group in (QPalette.ColorGroup.Active, QPalette.ColorGroup.Inactive):
            pal.setColor(group, QPalette.ColorRole.Highlight, QColor(0, 0, 0, 0))
        self.view.setPalette(pal)
        self.view.horizontalHeader().setDefaultSectionSize(CELL_SIZE.width())
        self.view.verticalHeader().setDefaultSectionSize(CELL_SIZE.height())
        self.view.selectionModel().currentChanged.connect(self.on_current_changed)
        self.view.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.view.customContextMenuRequested.connect(self._on_context_menu)
        self.view.doubleClicked.connect(self._on_double_clicked)
        self._review_role = ReviewRole
        # Cells scrolled into view while edits are deferred render now, not at the pause.
        self.view.horizontalScrollBar().valueChanged.connect(self._on_scrolled)
        self.view.verticalScrollBar().valueChanged.connect(self._on_scrolled)

        self.corner = QLabel("MESSAGE  ↓\nFORMAT  →", self.view)
        self.corner.setObjectName("SectionHeader")
        self.corner.setAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignBottom)
        self.corner.setContentsMargins(16, 0, 0, 10)
        self.corner.setAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        layout.addLayout(top)
        layout.addWidget(self.view, 1)

        session.campaignChanged.connect(self.on_campaignChanged)
        session.selectionChanged.connect(self.on_selectionChanged)
        session.findingsChanged.connect(self.on_findingsChanged)
        session.reviewChanged.connect(self.on_reviewChanged)
        session.campaignLoaded.connect(self.on_campaignLoaded)
        session.languageRowsChanged.connect(self.on_languageRowsChanged)
        render_service.rendered.connect(self.on_rendered)

        self._update_subtitle()
        self.on_selectionChanged(session.message_id, session.format_id)
        self.on_reviewChanged()
        self._timer.start(0)  # first render as soon as the event loop runs

    def resizeEvent(self, event) -> None:  # noqa: N802 - Qt's name
        super().resizeEvent(event)
        self._place_corner()

    def showEvent(self, event) -> None:  # noqa: N802 - Qt's name
        super().showEvent(event)
        self._place_corner()
        # Once laid out at its real size, centre the current cell (the selection was set earlier).
        QTimer.singleShot(0, self._centre_current)

    def _centre_current(self) -> None:
        if self.view.currentIndex().isValid():
            self.view.scrollTo(self.view.currentIndex(), QAbstractItemView.ScrollHint.PositionAtCenter)

    def _place_corner(self) -> None:
        fw = self.view.frameWidth()
        self.corner.setGeometry(fw, fw, self.view.verticalHeader().width(), self.view.horizontalHeader().height())
        self.corner.raise_()

    # -- state for tests, the app's screenshot and the benchmark ---------------------------------
    @property
    def pending_thumbnails(self) -> int:
        return len(self._pending_thumbs) + (1 if self._timer.isActive() or self._idle_timer.isActive() else 0)

    @property
    def pending_checks(self) -> int:
        return len(self._pending_checks) + (1 if self._timer.isActive() or self._idle_timer.isActive() else 0)

    def preferred_height(self) -> int:
        """Height that shows every message row without a vertical scroll bar."""
        v = self.view
        rows = max(1, len(self._session.campaign.messages))  # language rows scroll
        return (
            self.layout().itemAt(0).sizeHint().height()
            + v.horizontalHeader().height()
            + rows * v.verticalHeader().defaultSectionSize()
            + v.horizontalScrollBar().sizeHint().height()
            + 2 * v.frameWidth()
            + 2
        )

    def is_ready(self) -> bool:
        """Thumbnails and checks are all up to date."""
        return (
            not self._timer.isActive()
            and not self._idle_timer.isActive()
            and not self._pending_thumbs
            and not self._pending_checks
        )

    # -- filtering ------------------------------------------------------------------------------
    # -- rendering ---------------------------------------------------------------------------------
    def _thumb_dpr(self) -> float:
        screen = self.screen() if self.isVisible() else QGuiApplication.primaryScreen()
        return max(1.0, screen.devicePixelRatio() if screen else 1.0)

    def _on_timer(self) -> None:
        # After the first full pass, edits re-render what is on screen; the rest waits for a pause.
        self.refresh(visible_only=self._checked_once)

    def _on_scrolled(self, _value: int) -> None:
        if self._idle_timer.isActive() and not self._timer.isActive():
            self._timer.start(COALESCE_MS)

    def _on_idle(self) -> None:
        self.refresh(schedule_idle=False)
        self._request_checks()

    def refresh(self, force: bool = False, visible_only: bool = False, schedule_idle: bool = True) -> int:
        """Request thumbnails for cells whose render inputs changed (only on-screen ones with
        `visible_only`); their checks and any deferred cells follow when editing pauses.

        Thumbnails are rendered in their row's language; the checks (and verdicts) in the
        language the app shows, which is the only language whose findings the matrix shows."""
        self._last_refresh = time.perf_counter()
        c = self._session.campaign
        dpr = self._thumb_dpr()
        n = 0
        visible = self._visible_row_cells() if visible_only else None
        deferred = False
        shown = self.model.shown_language
        langs = self.model.languages_shown()
        rows_mode = bool(self.model.row_languages)
        # The selected message in the language shown first, so what the designer looks at updates first.
        order = sorted(c.messages, key=lambda m: m.id != self._session.message_id)
        for lang in sorted(langs, key=lambda code: code != shown):
            for msg in order:
                for fmt in c.formats:
                    tcell = (lang, msg.id, fmt.id)
                    inputs = (msg, c.brand, fmt, c.layouts, dpr, c.copy, c.languages, lang)
                    if not force and self._inputs.get(tcell) == inputs:
                        continue
                    if visible is not None and tcell not in visible:
                        deferred = True
                        continue
                    self._inputs[tcell] = inputs
                    tkey = f"thumb:{lang}:{msg.id}:{fmt.id}" if rows_mode else f"thumb:{msg.id}:{fmt.id}"
                    self._keys[tkey] = ("thumb", msg.id, fmt.id, lang)
                    self.model.mark_stale(msg.id, fmt.id, lang)
                    self._pending_thumbs.add(tcell)
                    scale = fit_scale(fmt, round(THUMB_BOX[0] * dpr), round(THUMB_BOX[1] * dpr))
                    self._service.request(
                        tkey,
                        c,
                        msg.id,
                        fmt.id,
                        scale,
                        checks=False,
                        message=msg,
                        priority=THUMB_PRIORITY,
                        language=lang,
                    )
                    n += 1
        for msg in order:
            for fmt in c.formats:
                cell = (msg.id, fmt.id)
                inputs = (msg, c.brand, fmt, c.layouts, c.copy, c.languages, shown)
                if not force and self._check_inputs.get(cell) == inputs:
                    continue
                if visible is not None and not any((lang, *cell) in visible for lang in langs):
                    deferred = True
                    continue
                self._check_inputs[cell] = inputs
                self._pending_checks.add(cell)
                self._final.discard(cell)
                self._verdict_tokens.pop(cell, None)  # a verdict in flight judges the old inputs
                if self._verdicts is not None:
                    self._pending_verdicts.add(cell)
        # Checks wait until the designer pauses: a check render (up to 1200 px) in the pool would
        # delay the preview's next keystroke render; thumbnails are a few ms each and go now.
        if schedule_idle and (self._pending_checks or deferred) and not self._idle_timer.isActive():
            self._idle_timer.start(0 if (force or not self._checked_once) else CHECK_IDLE_MS)
        # Cells that no longer exist (or rows no longer shown) never report back.
        cells = {(m, f) for m in c.message_ids for f in c.format_ids}
        tcells = {(lang, m, f) for lang in langs for m, f in cells}
        for tcell in self._pending_thumbs - tcells:
            self._inputs.pop(tcell, None)  # asked for, never shown: ask again when it is
        self._pending_thumbs &= tcells
        self._pending_checks &= cells
        gone = self._pending_verdicts - cells
        if gone and self._verdicts is not None:
            self._verdicts.forget(gone)
        self._pending_verdicts &= cells
        self._final &= cells
        for k in [k for k in self._inputs if k[0] not in c.languages or k[1:] not in cells]:
            del self._inputs[k]
        for k in [k for k in self._check_inputs if k not in cells]:
            del self._check_inputs[k]
        self._update_subtitle()
        return n

    def _request_checks(self) -> None:
        c = self._session.campaign
        self._checked_once = True
        shown = self.model.shown_language
        lang = None if shown == c.default_language else shown
        order = sorted(c.messages, key=lambda m: m.id != self._session.message_id)
        for msg in order:
            for fmt in c.formats:
                if (msg.id, fmt.id) in self._pending_checks:
                    key = f"check:{msg.id}:{fmt.id}"
                    self._keys[key] = ("check", msg.id, fmt.id, shown)
                    self._service.request(
                        key,
                        c,
                        msg.id,
                        fmt.id,
                        check_scale(fmt),
                        checks=True,
                        message=msg,
                        priority=CHECK_PRIORITY,
                        language=shown,
                    )
        if self._verdicts is not None:
            for msg in order:
                for fmt in c.formats:
                    cell = (msg.id, fmt.id)
                    if cell in self._pending_verdicts and cell not in self._verdict_tokens:
                        self._verdict_tokens[cell] = self._verdicts.request(c, msg.id, fmt.id, lang)

    def on_rendered(self, out: Rendered) -> None:
        kind_cell = self._keys.get(out.key)
        if kind_cell is None:
            return
        kind, m, f, lang = kind_cell
        cell = (m, f)
        if kind == "copy":
            self._on_copy_rendered(out)
            return
        if kind == "thumb":
            tcell = (lang, m, f)
            if tcell not in self._pending_thumbs:
                return
            self._pending_thumbs.discard(tcell)
            image = out.image
            if not image.isNull():
                image.setDevicePixelRatio(self._inputs.get(tcell, (None,) * 5)[4] or 1.0)
            self.model.set_thumbnail(m, f, image, out.error, notify=False, language=lang)
            self._arrived.add(tcell)
            if not self._pending_thumbs:
                self._flush_arrived()
            elif not self._frame.isActive():
                self._frame.start()
        else:
            if cell not in self._pending_checks or lang != self.model.findings_language:
                return  # checked in a language no longer shown: its findings would be wrong here
            self._pending_checks.discard(cell)
            if not out.error and cell not in self._final:  # never over the full-size verdict
                draft = self._verdicts is not None
                self._session.set_findings(m, f, out.findings, draft=draft)
                self.model.set_findings(m, f, out.findings, draft, language=lang)
            if not self._pending_checks and not self._timer.isActive() and not self._idle_timer.isActive():
                self._update_subtitle()
                self.checksReady.emit()
        self._schedule_subtitle()

    def _flush_arrived(self) -> None:
        self._frame.stop()
        if self._arrived:
            self.model.notify_cells(self._arrived)
            self._arrived.clear()
        self._update_subtitle()
        if not self._pending_thumbs and not self._timer.isActive():
            self.thumbnailsReady.emit()

    # -- session signals --------------------------------------------------------------------------
    def on_campaignChanged(self, campaign: Campaign) -> None:  # noqa: N802 - signal name
        before = self.model.shown_language
        rebuilt = campaign.format_ids != self.model.campaign.format_ids
        rows = (
            campaign.message_ids != self.model.campaign.message_ids
            or campaign.languages != self.model.campaign.languages
        )
        self.model.set_campaign(campaign)
        self.model.language = self._service.language  # a language switch re-announces the campaign
        self.model.set_findings_language(self.model.shown_language)  # badges never of another language
        if rebuilt or rows or self.search_edit.text().strip():
            self._filter_timer.start()  # columns/rows rebuilt, or the copy being searched changed
        self.on_selectionChanged(self._session.message_id, self._session.format_id)
        if before != self.model.shown_language:
            self._verdict_tokens.clear()  # verdicts in flight judge the old language: never shown
        if before != self.model.shown_language or rows:
            self.on_reviewChanged()  # the review statuses of the language now shown
        self._schedule_refresh()

    def _schedule_refresh(self) -> None:
        """Coalesce a burst (30 ms); while typing continues, refresh at most every THROTTLE_MS.

        The preview must win the render worker on every keystroke; re-rendering 26 thumbnails
        per keystroke would sit between it and the GUI thread. Thumbnails follow a few times a
        second while the designer types, and exactly once more when they pause.
        """
        if self._checked_once:
            self._idle_timer.start(CHECK_IDLE_MS)  # restarted by every change: fires on the pause
        if self._timer.isActive():
            return
        since = (time.perf_counter() - self._last_refresh) * 1000
        delay = COALESCE_MS if since > THROTTLE_MS * 2 else max(COALESCE_MS, THROTTLE_MS - since)
        self._timer.start(round(delay))

    def on_findingsChanged(self, message_id: str, format_id: str, findings) -> None:  # noqa: N802
        self.model.set_findings(message_id, format_id, findings, self._session.is_draft(message_id, format_id))
        # (the model takes them as findings of its `findings_language`: results of any other
        # language are dropped before they reach the session, in on_rendered and on_judged)
        if (self.status_combo.currentData() or "all") in ("errors", "warnings"):
            self._filter_timer.start()
        self._schedule_subtitle()

    def on_campaignLoaded(self, _campaign) -> None:  # noqa: N802 - signal name
        self.on_reviewChanged()

    def on_reviewChanged(self) -> None:  # noqa: N802 - signal name
        c = self._session.campaign
        for lang in self.model.languages_shown():
            statuses = review_statuses(c, None if lang == c.default_language else lang)
            for m in c.message_ids:
                for f in c.format_ids:
                    self.model.set_review(m, f, statuses.get((m, f)), lang)
        if (self.status_combo.currentData() or "all") not in ("all", "errors", "warnings"):
            self._filter_timer.start()

    # -- summary --------------------------------------------------------------------------------
