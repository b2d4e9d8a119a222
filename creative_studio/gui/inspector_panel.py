"""The inspector: facts of the selected format and the check findings of the selected cell.

Everything shown is read from the session (campaign snapshot, selection, findings); clicking a
finding calls `session.select_finding`, which the preview outlines. Nothing here renders.
"""

from __future__ import annotations

from PySide6.QtCore import QAbstractListModel, QModelIndex, QObject, QPersistentModelIndex, QRectF, QSize, Qt, QTimer
from PySide6.QtGui import QColor, QFont, QFontMetrics, QIcon, QPainter, QPen, QPixmap
from PySide6.QtWidgets import (
    QAbstractItemView,
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QListView,
    QScrollArea,
    QStyle,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QVBoxLayout,
    QWidget,
)

from ..model import Campaign, Format
from . import theme
from .session import Session

FindingRole = Qt.ItemDataRole.UserRole + 1

_Index = QModelIndex | QPersistentModelIndex


def human_bytes(n: int) -> str:
    for unit, size in (("GB", 1 << 30), ("MB", 1 << 20), ("KB", 1 << 10)):
        if n >= size:
            v = n / size
            return f"{v:.0f} {unit}" if v >= 10 or v == int(v) else f"{v:.1f} {unit}"
    return f"{n} bytes"


def severity_icon(severity: str, size: int = 16) -> QIcon:
    """A filled circle with '!' (error, red) or a triangle-ish amber dot (warning)."""
    pm = QPixmap(size, size)
    pm.fill(Qt.GlobalColor.transparent)
    p = QPainter(pm)
    p.setRenderHint(QPainter.RenderHint.Antialiasing)
    p.setPen(Qt.PenStyle.NoPen)
    p.setBrush(theme.color("error" if severity == "error" else "warning"))
    p.drawEllipse(QRectF(1, 1, size - 2, size - 2))
    p.setPen(QPen(QColor("#FFFFFF"), max(1.5, size / 9), Qt.PenStyle.SolidLine, Qt.PenCapStyle.RoundCap))
    p.drawLine(QRectF(0, 0, size, size).center().x(), size * 0.28, QRectF(0, 0, size, size).center().x(), size * 0.58)
    p.drawPoint(QRectF(0, 0, size, size).center().x(), size * 0.74)
    p.end()
    return QIcon(pm)


def format_facts(fmt: Format, campaign: Campaign | None = None, message_id: str = "") -> list[tuple[str, str]]:
    """(label, value) rows describing a format; values may hold simple HTML (links)."""
    rows: list[tuple[str, str]] = [
        ("Platform", theme.platform_label(fmt.platform)),
        ("Pixel size", f"{fmt.width} × {fmt.height} px"),
    ]
    if fmt.print_spec:
        ps = fmt.print_spec
        rows.append(("Physical size", f"{ps.width_mm:g} × {ps.height_mm:g} mm"))
        rows.append(("Artwork", f"1:{ps.scale:g} at {ps.dpi} dpi"))
    s = fmt.safe
    if s.is_zero():
        safe = "none"
    else:
        sides = [f"top {s.top}", f"bottom {s.bottom}"]
        sides += [f"sides {s.left}"] if s.left == s.right else [f"left {s.left}", f"right {s.right}"]
        safe = " · ".join(x for x in sides if not x.endswith(" 0")) + " px"
    rows.append(("Safe zones", safe))
    rows.append(("Byte limit", human_bytes(fmt.max_bytes)))
    rows.append(("File types", ", ".join(t.upper() for t in fmt.file_types)))
    if fmt.copy_limits:
        msg = None
        if campaign is not None and message_id in campaign.message_ids:
            msg = campaign.message(message_id)
        parts = []
        for field_name, limit in fmt.copy_limits:
            label = field_name.replace("_", " ")
            value = getattr(msg, field_name, None) if msg is not None else None
            if value is None and field_name == "brand_name" and campaign is not None:
                value = campaign.brand_name
            if isinstance(value, str) and value:
                n = len(value)
                colour = theme.color("error" if n > limit else "ok").name()
                parts.append(f"{label} ≤ {limit} <span style='color:{colour}'>(now {n})</span>")
            else:
                parts.append(f"{label} ≤ {limit}")
        rows.append(("Copy limits", "<br>".join(parts)))
    if fmt.viewing_distance_m:
        a, b = fmt.viewing_distance_m
        rows.append(("Viewing distance", f"{a:g}–{b:g} m"))
    if fmt.text_coverage_max is not None:
        rows.append(("Text coverage", f"at most {fmt.text_coverage_max:.0%} ({fmt.text_coverage_severity})"))
    if fmt.source:
        src = fmt.source
        if src.startswith(("http://", "https://")):
            short = src.split("://", 1)[1]
            short = short if len(short) <= 42 else short[:40] + "…"
            rows.append(("Source", f"<a href='{src}'>{short}</a>"))
        else:
            rows.append(("Source", src))
    if fmt.checked:
        rows.append(("Checked", fmt.checked))
    if fmt.notes:
        rows.append(("Notes", fmt.notes))
    return rows


class FindingsModel(QAbstractListModel):
    """A thin list model over one cell's tuple of Finding."""

    def __init__(self, parent: QObject | None = None):
        super().__init__(parent)
        self._findings: tuple = ()

    def set_findings(self, findings: tuple | None) -> None:
        self.beginResetModel()
        # Errors first, then warnings; stable within a severity (rule order).
        self._findings = tuple(sorted(findings or (), key=lambda f: f.severity != "error"))
        self.endResetModel()

    @property
    def findings(self) -> tuple:
        return self._findings

    def rowCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008, N802 - Qt's name
        return 0 if parent.isValid() else len(self._findings)

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole):
        if not index.isValid() or not 0 <= index.row() < len(self._findings):
            return None
        f = self._findings[index.row()]
        if role == Qt.ItemDataRole.DisplayRole:
            return f"{f.rule}: {f.text}"
        if role == Qt.ItemDataRole.ToolTipRole:
            return f"{f.severity.title()} · {f.rule}\n{f.text}"
        if role == Qt.ItemDataRole.DecorationRole:
            return severity_icon(f.severity)
        if role == FindingRole:
            return f
        return None


class IssuesModel(QAbstractListModel):
    """Cells of the campaign with findings: (message id, format id, format name, errors, warnings)."""

    CellRole = Qt.ItemDataRole.UserRole + 2

    def __init__(self, parent: QObject | None = None):
        super().__init__(parent)
        self._rows: tuple[tuple[str, str, str, int, int], ...] = ()

    def set_rows(self, rows) -> None:
        rows = tuple(rows)
        if rows == self._rows:
            return
        self.beginResetModel()
        self._rows = rows
        self.endResetModel()

    @property
    def rows(self) -> tuple:
        return self._rows

    def rowCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008, N802 - Qt's name
        return 0 if parent.isValid() else len(self._rows)

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole):
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        m, f, name, e, w = self._rows[index.row()]
        if role == Qt.ItemDataRole.DisplayRole:
            parts = ([f"{e} error{'s' * (e != 1)}"] if e else []) + ([f"{w} warning{'s' * (w != 1)}"] if w else [])
            return f"{name}  ·  {m}  —  {', '.join(parts)}"
        if role == Qt.ItemDataRole.ToolTipRole:
            return f"Show {m} on {name}"
        if role == Qt.ItemDataRole.DecorationRole:
            return severity_icon("error" if e else "warning", 14)
        if role == self.CellRole:
            return (m, f)
        return None


class IssueDelegate(QStyledItemDelegate):
    """Icon, format name (elided), message id, counts right-aligned in their severity colour."""

    def sizeHint(self, option: QStyleOptionViewItem, index: QModelIndex) -> QSize:  # noqa: N802 - Qt's name
        return QSize(200, QFontMetrics(option.font).height() + 10)

    def paint(self, painter: QPainter, option: QStyleOptionViewItem, index: QModelIndex) -> None:
        cell = index.data(IssuesModel.CellRole)
        if not cell:
            return
        m, _f, name, e, w = index.model().rows[index.row()]
        painter.save()
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        r = QRectF(option.rect).adjusted(1, 1, -1, -1)
        if option.state & QStyle.StateFlag.State_MouseOver:
            painter.setPen(Qt.PenStyle.NoPen)
            painter.setBrush(theme.color("cell_hover"))
            painter.drawRoundedRect(r, 5, 5)
        icon = severity_icon("error" if e else "warning", 14)
        icon.paint(painter, int(r.left()) + 4, int(r.center().y()) - 7, 14, 14)
        fm = QFontMetrics(option.font)
        count = f"{e} err" if e else ""
        if w:
            count += (" · " if count else "") + f"{w} warn"
        cw = fm.horizontalAdvance(count) + 6
        painter.setPen(theme.color("error" if e else "warning"))
        painter.drawText(
            QRectF(r.right() - cw, r.top(), cw - 4, r.height()),
            Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter,
            count,
        )
        mid_w = fm.horizontalAdvance(m) + 12
        x = r.left() + 24
        name_w = max(20, r.right() - cw - mid_w - x)
        painter.setPen(theme.color("text"))
        painter.drawText(
            QRectF(x, r.top(), name_w, r.height()),
            Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter,
            fm.elidedText(name, Qt.TextElideMode.ElideRight, int(name_w)),
        )
        painter.setPen(theme.color("muted"))
        painter.drawText(
            QRectF(x + name_w + 6, r.top(), mid_w, r.height()),
            Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter,
            m,
        )
        painter.restore()


class FindingDelegate(QStyledItemDelegate):
    """Severity icon, rule in bold, the sentence word-wrapped underneath."""

    PAD = 8
    ICON = 16

    def _text_width(self, option: QStyleOptionViewItem) -> int:
        return max(60, option.rect.width() - self.ICON - 3 * self.PAD)

    def sizeHint(self, option: QStyleOptionViewItem, index: QModelIndex) -> QSize:  # noqa: N802 - Qt's name
        f = index.data(FindingRole)
        if f is None:
            return QSize(0, 0)
        width = option.widget.viewport().width() if option.widget is not None else 280
        tw = max(60, width - self.ICON - 3 * self.PAD)
        fm = QFontMetrics(option.font)
        body = fm.boundingRect(0, 0, tw, 10000, Qt.TextFlag.TextWordWrap, f.text).height()
        return QSize(width, self.PAD * 2 + fm.height() + 2 + body)

    def paint(self, painter: QPainter, option: QStyleOptionViewItem, index: QModelIndex) -> None:
        f = index.data(FindingRole)
        if f is None:
            return
        painter.save()
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        r = QRectF(option.rect).adjusted(2, 2, -2, -2)
        selected = bool(option.state & QStyle.StateFlag.State_Selected)
        hover = bool(option.state & QStyle.StateFlag.State_MouseOver)
        painter.setPen(QPen(theme.color("accent"), 1.5) if selected else Qt.PenStyle.NoPen)
        painter.setBrush(theme.color("cell_hover") if (selected or hover) else theme.color("alt"))
        painter.drawRoundedRect(r, 6, 6)
        icon = severity_icon(f.severity, self.ICON)
        icon.paint(painter, int(r.left()) + self.PAD, int(r.top()) + self.PAD, self.ICON, self.ICON)
        x = r.left() + self.PAD * 2 + self.ICON
        tw = r.right() - self.PAD - x
        bold = QFont(option.font)
        bold.setWeight(QFont.Weight.DemiBold)
        painter.setFont(bold)
        fm = painter.fontMetrics()
        painter.setPen(theme.color("error" if f.severity == "error" else "warning"))
        painter.drawText(
            QRectF(x, r.top() + self.PAD - 1, tw, fm.height()),
            Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter,
            f"{f.rule} · {f.severity}",
        )
        painter.setFont(option.font)
        painter.setPen(theme.color("text"))
        painter.drawText(
            QRectF(x, r.top() + self.PAD + fm.height() + 1, tw, r.height()),
            Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop | Qt.TextFlag.TextWordWrap,
            f.text,
        )
        painter.restore()


class InspectorPanel(QWidget):
    """Facts of the selected format and findings of the selected cell (live)."""

    def __init__(self, session: Session, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("InspectorPanel")
        self._session = session
        self._fact_rows: list[tuple[QLabel, QLabel]] = []

        content = QWidget(self)
        outer = QVBoxLayout(content)
        outer.setContentsMargins(14, 12, 14, 12)
        outer.setSpacing(4)

        self.title = theme.header("", content)
        self.title.setWordWrap(True)
        self.subtitle = theme.header("", content, sub=True)
        self.subtitle.setWordWrap(True)
        outer.addWidget(self.title)
        outer.addWidget(self.subtitle)

        outer.addWidget(theme.section("Format", content))
        self.facts = QGridLayout()
        self.facts.setHorizontalSpacing(12)
        self.facts.setVerticalSpacing(6)
        self.facts.setColumnStretch(1, 1)
        outer.addLayout(self.facts)

        head = QHBoxLayout()
        head.addWidget(theme.section("Checks", content))
        head.addStretch(1)
        outer.addLayout(head)
        self.summary = QLabel(content)
        self.summary.setObjectName("FactValue")
        self.summary.setWordWrap(True)
        outer.addWidget(self.summary)
        self.draft_label = QLabel(content)  # the findings are a reduced-scale draft (full size pending)
        self.draft_label.setObjectName("DraftLabel")
        self.draft_label.setWordWrap(True)
        self.draft_label.setText(
            "Draft: judged on a reduced render. The full-size check (the one export and the check command use) is running…"
        )
        self.draft_label.setVisible(False)
        outer.addWidget(self.draft_label)

        self.findings_model = FindingsModel(self)
        self.findings_view = QListView(content)
        self.findings_view.setModel(self.findings_model)
        self.findings_view.setItemDelegate(FindingDelegate(self.findings_view))
        self.findings_view.setWordWrap(True)
        self.findings_view.setMouseTracking(True)
        self.findings_view.setResizeMode(QListView.ResizeMode.Adjust)
        self.findings_view.setVerticalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
        self.findings_view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.findings_view.setFrameShape(QFrame.Shape.NoFrame)
        self.findings_view.setStyleSheet("QListView { background: transparent; }")
        self.findings_view.selectionModel().currentChanged.connect(self.on_finding_current)
        outer.addWidget(self.findings_view)

        # Every other cell with findings, worst first: one click away from the next problem.
        outer.addWidget(theme.section("Elsewhere in the campaign", content))
        self.issues_model = IssuesModel(self)
        self.issues_view = QListView(content)
        self.issues_view.setModel(self.issues_model)
        self.issues_view.setFrameShape(QFrame.Shape.NoFrame)
        self.issues_view.setIconSize(QSize(14, 14))
        self.issues_view.setUniformItemSizes(True)
        self.issues_view.setSpacing(1)
        self.issues_view.setMouseTracking(True)
        self.issues_view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.issues_view.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.issues_view.setItemDelegate(IssueDelegate(self.issues_view))
        self.issues_view.setStyleSheet("QListView { background: transparent; }")
        self.issues_view.clicked.connect(self.on_issue_clicked)
        self.issues_view.activated.connect(self.on_issue_clicked)
        self.issues_empty = QLabel("No findings in other cells yet.", content)
        self.issues_empty.setObjectName("FactKey")
        outer.addWidget(self.issues_empty)
        outer.addWidget(self.issues_view)
        outer.addStretch(1)
        self._issues_timer = QTimer(self)
        self._issues_timer.setSingleShot(True)
        self._issues_timer.setInterval(120)
        self._issues_timer.timeout.connect(self.refresh_issues)

        scroll = QScrollArea(self)
        scroll.setWidget(content)
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        lay = QVBoxLayout(self)
        lay.setContentsMargins(0, 0, 0, 0)
        lay.addWidget(scroll)

        session.selectionChanged.connect(self.on_selectionChanged)
        session.campaignChanged.connect(self.on_campaignChanged)
        session.findingsChanged.connect(self.on_findingsChanged)
        self.refresh()

    # -- what is shown ------------------------------------------------------------------------------
    def fact(self, label: str) -> str:
        """The shown value of a fact row ('' if absent); for tests and accessibility."""
        for k, v in self._fact_rows:
            if k.text() == label:
                return v.text()
        return ""

    def refresh(self) -> None:
        s = self._session
        c = s.campaign
        try:
            fmt = c.format(s.format_id)
        except KeyError:
            fmt = None
        if fmt is None:
            self.title.setText("No format selected")
            self.subtitle.setText("")
            self._set_facts([])
        else:
            self.title.setText(fmt.name)
            slogan = c.message(s.message_id).slogan if s.message_id in c.message_ids else ""
            self.subtitle.setText(f"“{slogan}”" if slogan else "")
            self._set_facts(format_facts(fmt, c, s.message_id))
        self._show_findings(s.findings(s.message_id, s.format_id))

    def _set_facts(self, rows: list[tuple[str, str]]) -> None:
        # Reuse labels: the inspector updates on every keystroke.
        while len(self._fact_rows) < len(rows):
            k, v = QLabel(self), QLabel(self)
            k.setObjectName("FactKey")
            v.setObjectName("FactValue")
            k.setAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop)
            v.setWordWrap(True)
            v.setOpenExternalLinks(True)
            v.setTextInteractionFlags(Qt.TextInteractionFlag.TextBrowserInteraction)
            i = len(self._fact_rows)
            self.facts.addWidget(k, i, 0)
            self.facts.addWidget(v, i, 1)
            self._fact_rows.append((k, v))
        for i, (k, v) in enumerate(self._fact_rows):
            visible = i < len(rows)
            k.setVisible(visible)
            v.setVisible(visible)
            if visible:
                k.setText(rows[i][0])
                v.setText(rows[i][1])

    def _show_findings(self, findings: tuple | None) -> None:
        if tuple(findings or ()) == self.findings_model.findings and findings is not None:
            self._summarise(findings)
            return
        self.findings_model.set_findings(findings)
        self._summarise(findings)
        self._fit_findings()

    def _fit_findings(self) -> None:
        """The list is as tall as its rows (the panel scrolls, not the list)."""
        view = self.findings_view
        h = sum(view.sizeHintForRow(r) for r in range(self.findings_model.rowCount()))
        view.setFixedHeight(h + 4 if h else 0)
        view.setVisible(bool(h))

    def resizeEvent(self, event) -> None:  # noqa: N802 - Qt's name
        super().resizeEvent(event)
        self._fit_findings()

    def _summarise(self, findings: tuple | None) -> None:
        s = self._session
        draft = findings is not None and s.is_draft(s.message_id, s.format_id)
        self.draft_label.setVisible(draft)
        if draft:
            self.draft_label.setStyleSheet(f"color: {theme.color('muted').name()}; font-style: italic;")
        if findings is None:
            self.summary.setText("Checking…")
        elif not findings:
            self.summary.setText(f"<span style='color:{theme.color('ok').name()}'>✔</span> All checks pass")
        else:
            e = sum(1 for f in findings if f.severity == "error")
            w = len(findings) - e
            parts = []
            if e:
                parts.append(
                    f"<span style='color:{theme.color('error').name()}'><b>{e}</b> error{'s' * (e != 1)}</span>"
                )
            if w:
                parts.append(
                    f"<span style='color:{theme.color('warning').name()}'><b>{w}</b> warning{'s' * (w != 1)}</span>"
                )
            self.summary.setText(" · ".join(parts))

    # -- session signals ----------------------------------------------------------------------------
    def on_selectionChanged(self, _m: str, _f: str) -> None:  # noqa: N802 - signal name
        if self.findings_view.currentIndex().isValid():
            self._session.select_finding(None)
        self.refresh()
        self._issues_timer.start()

    def on_campaignChanged(self, _campaign) -> None:  # noqa: N802 - signal name
        self.refresh()

    def on_findingsChanged(self, message_id: str, format_id: str, findings) -> None:  # noqa: N802
        if (message_id, format_id) == (self._session.message_id, self._session.format_id):
            self._show_findings(findings)
        if not self._issues_timer.isActive():
            self._issues_timer.start()

    def refresh_issues(self) -> None:
        s = self._session
        c = s.campaign
        rows = []
        for m in c.message_ids:
            for fmt in c.formats:
                if (m, fmt.id) == (s.message_id, s.format_id):
                    continue
                found = s.findings(m, fmt.id) or ()
                e = sum(1 for x in found if x.severity == "error")
                w = len(found) - e
                if e or w:
                    rows.append((m, fmt.id, fmt.name, e, w))
        rows.sort(key=lambda r: (-r[3], -r[4]))
        self.issues_model.set_rows(rows)
        self.issues_empty.setVisible(not rows)
        self.issues_view.setVisible(bool(rows))
        row_h = max(18, self.issues_view.sizeHintForRow(0)) + 2 if rows else 0
        self.issues_view.setFixedHeight(min(10, len(rows)) * row_h + 4)

    def on_issue_clicked(self, index: QModelIndex) -> None:
        cell = index.data(IssuesModel.CellRole)
        if cell:
            self._session.select(*cell)

    def on_finding_current(self, current: QModelIndex, _previous: QModelIndex) -> None:
        self._session.select_finding(current.data(FindingRole) if current.isValid() else None)

    def select_finding_row(self, row: int) -> None:
        """Select the row-th finding (as a click would)."""
        self.findings_view.setCurrentIndex(self.findings_model.index(row, 0))
