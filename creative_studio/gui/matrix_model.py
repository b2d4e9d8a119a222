"""The message x format matrix as a thin Qt table model over the campaign's tuples.

Rows are the campaign's messages, columns its formats, in campaign order. The model holds no
campaign state of its own beyond what the view needs to paint: the latest thumbnail per cell,
the check findings per cell and the review status per cell. Everything else is read from the
immutable `Campaign` snapshot it was given.
"""

from __future__ import annotations

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QObject, QPersistentModelIndex, QSize, Qt
from PySide6.QtGui import QImage

from ..model import Campaign
from ..model.copyedit import cell_overrides
from ..model.platforms import registry
from . import theme

ThumbRole = Qt.ItemDataRole.UserRole + 1  # QImage or None (not rendered yet)
FindingsRole = Qt.ItemDataRole.UserRole + 2  # tuple of Finding, or None (not checked yet)
ReviewRole = Qt.ItemDataRole.UserRole + 3  # "approved" | "changes-requested" | ... | None
MessageIdRole = Qt.ItemDataRole.UserRole + 4
FormatIdRole = Qt.ItemDataRole.UserRole + 5
PlatformRole = Qt.ItemDataRole.UserRole + 6  # on cells and horizontal header sections
SizeTextRole = Qt.ItemDataRole.UserRole + 7  # "1080 × 1920" on horizontal header sections
StaleRole = Qt.ItemDataRole.UserRole + 8  # True while a newer thumbnail is being rendered
ErrorRole = Qt.ItemDataRole.UserRole + 9  # the render error text, or None
DraftRole = Qt.ItemDataRole.UserRole + 10  # True while the findings are a reduced-scale draft
OverridesRole = Qt.ItemDataRole.UserRole + 11  # tuple of CellOverride (fields set for a platform/format)

CELL_SIZE = QSize(164, 132)
THUMB_BOX = (150, 110)

_Index = QModelIndex | QPersistentModelIndex


def short_format_name(name: str, platform: str) -> str:
    """'Google leaderboard 728x90' -> 'leaderboard 728x90': the platform is the group header."""
    return registry().platform(platform).short_name(name)


def counts(findings: tuple | None) -> tuple[int, int]:
    """(errors, warnings) in a findings tuple (0, 0 when unchecked)."""
    if not findings:
        return 0, 0
    e = sum(1 for f in findings if f.severity == "error")
    return e, len(findings) - e


class MatrixModel(QAbstractTableModel):
    """messages x formats; cells carry a thumbnail, findings and a review status."""

    def __init__(self, campaign: Campaign, parent: QObject | None = None):
        super().__init__(parent)
        self._campaign = campaign
        self._thumbs: dict[tuple[str, str], QImage] = {}
        self._stale: set[tuple[str, str]] = set()
        self._findings: dict[tuple[str, str], tuple] = {}
        self._review: dict[tuple[str, str], str] = {}
        self._errors: dict[tuple[str, str], str] = {}
        self._drafts: set[tuple[str, str]] = set()
        self.language: str | None = None  # the language shown (None: the default)
        self._overrides: dict[tuple[str, str], tuple] = {}  # cache, cleared with every snapshot

    def overrides(self, message_id: str, format_id: str) -> tuple:
        """The cell's fields that come from a platform or format override, in the language shown."""
        key = (message_id, format_id)
        got = self._overrides.get(key)
        if got is None:
            lang = self.language if self.language in self._campaign.languages else None
            try:
                got = cell_overrides(self._campaign, message_id, format_id, lang)
            except KeyError:
                got = ()
            self._overrides[key] = got
        return got

    # -- campaign ------------------------------------------------------------------------------
    @property
    def campaign(self) -> Campaign:
        return self._campaign

    def set_campaign(self, campaign: Campaign) -> None:
        """Adopt a new snapshot: a reset when rows/columns changed, else header updates only."""
        old = self._campaign
        self._campaign = campaign
        self._overrides.clear()
        # The marks depend on the copy table alone (overrides and translations live there): a
        # keystroke in a message's own text must not repaint every cell of the matrix.
        if old.copy != campaign.copy:
            self.dataChanged.emit(
                self.index(0, 0),
                self.index(max(0, self.rowCount() - 1), max(0, self.columnCount() - 1)),
                [OverridesRole, Qt.ItemDataRole.ToolTipRole],
            )
        if old.message_ids != campaign.message_ids or old.format_ids != campaign.format_ids:
            self.beginResetModel()
            keep_m, keep_f = set(campaign.message_ids), set(campaign.format_ids)
            for store in (self._thumbs, self._findings, self._review, self._errors):
                for key in [k for k in store if k[0] not in keep_m or k[1] not in keep_f]:
                    del store[key]
            self._drafts &= set(self._findings)
            self._stale &= set(self._thumbs)
            self.endResetModel()
            return
        for row, (a, b) in enumerate(zip(old.messages, campaign.messages, strict=True)):
            if a.slogan != b.slogan or a.face != b.face:
                self.headerDataChanged.emit(Qt.Orientation.Vertical, row, row)
        if old.formats != campaign.formats:
            self.headerDataChanged.emit(Qt.Orientation.Horizontal, 0, len(campaign.formats) - 1)

    def cell(self, index: _Index) -> tuple[str, str]:
        return self._campaign.messages[index.row()].id, self._campaign.formats[index.column()].id

    def index_of(self, message_id: str, format_id: str) -> QModelIndex:
        try:
            row = self._campaign.message_ids.index(message_id)
            col = self._campaign.format_ids.index(format_id)
        except ValueError:
            return QModelIndex()
        return self.index(row, col)

    # -- per-cell state -----------------------------------------------------------------------
    def _changed(self, message_id: str, format_id: str, roles: list[int]) -> None:
        idx = self.index_of(message_id, format_id)
        if idx.isValid():
            self.dataChanged.emit(idx, idx, roles)

    def set_thumbnail(
        self, message_id: str, format_id: str, image: QImage, error: str = "", notify: bool = True
    ) -> None:
        """A fresh thumbnail (or, with `error`, the reason the cell could not be drawn).

        With notify=False the caller announces the change later with `notify_cells` (batching).
        """
        key = (message_id, format_id)
        self._thumbs[key] = image
        self._stale.discard(key)
        if error:
            self._errors[key] = error
        else:
            self._errors.pop(key, None)
        if notify:
            self._changed(
                message_id,
                format_id,
                [ThumbRole, StaleRole, ErrorRole, Qt.ItemDataRole.DecorationRole, Qt.ItemDataRole.ToolTipRole],
            )

    def notify_cells(self, cells: set[tuple[str, str]] | list[tuple[str, str]]) -> None:
        """One dataChanged over the bounding range of `cells` (thumbnails that arrived in a frame)."""
        idx = [self.index_of(m, f) for m, f in cells]
        idx = [i for i in idx if i.isValid()]
        if not idx:
            return
        top = min(i.row() for i in idx)
        bottom = max(i.row() for i in idx)
        left = min(i.column() for i in idx)
        right = max(i.column() for i in idx)
        self.dataChanged.emit(
            self.index(top, left),
            self.index(bottom, right),
            [ThumbRole, StaleRole, ErrorRole, Qt.ItemDataRole.DecorationRole, Qt.ItemDataRole.ToolTipRole],
        )

    def mark_stale(self, message_id: str, format_id: str) -> None:
        if (message_id, format_id) in self._thumbs and (message_id, format_id) not in self._stale:
            self._stale.add((message_id, format_id))
            self._changed(message_id, format_id, [StaleRole])

    def thumbnail(self, message_id: str, format_id: str) -> QImage | None:
        return self._thumbs.get((message_id, format_id))

    def set_findings(self, message_id: str, format_id: str, findings: tuple | None, draft: bool = False) -> None:
        """A cell's findings; `draft` when they come from a reduced render (full size pending)."""
        key = (message_id, format_id)
        if findings is None:
            self._findings.pop(key, None)
        else:
            self._findings[key] = tuple(findings)
        if draft and findings is not None:
            self._drafts.add(key)
        else:
            self._drafts.discard(key)
        self._changed(message_id, format_id, [FindingsRole, DraftRole, Qt.ItemDataRole.ToolTipRole])

    def set_review(self, message_id: str, format_id: str, status: str | None) -> None:
        if self._review.get((message_id, format_id)) == status:
            return
        if status is None:
            self._review.pop((message_id, format_id), None)
        else:
            self._review[(message_id, format_id)] = status
        self._changed(message_id, format_id, [ReviewRole, Qt.ItemDataRole.ToolTipRole])

    def thumbnails_ready(self) -> int:
        """How many cells show an up-to-date thumbnail."""
        cells = {(m, f) for m in self._campaign.message_ids for f in self._campaign.format_ids}
        return len((set(self._thumbs) - self._stale) & cells)

    # -- Qt model API ----------------------------------------------------------------------------
    def rowCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008, N802 - Qt's name
        return 0 if parent.isValid() else len(self._campaign.messages)

    def columnCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008, N802 - Qt's name
        return 0 if parent.isValid() else len(self._campaign.formats)

    def flags(self, index: _Index) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole):
        if not index.isValid() or not (0 <= index.row() < self.rowCount() and 0 <= index.column() < self.columnCount()):
            return None
        msg = self._campaign.messages[index.row()]
        fmt = self._campaign.formats[index.column()]
        key = (msg.id, fmt.id)
        if role == Qt.ItemDataRole.DisplayRole:
            return f"{msg.slogan} — {fmt.name}"
        if role == ThumbRole:
            return self._thumbs.get(key)
        if role == Qt.ItemDataRole.DecorationRole:
            img = self._thumbs.get(key)
            return img if img is not None and not img.isNull() else None
        if role == ErrorRole:
            return self._errors.get(key)
        if role == StaleRole:
            return key in self._stale or key not in self._thumbs
        if role == FindingsRole:
            return self._findings.get(key)
        if role == DraftRole:
            return key in self._drafts
        if role == ReviewRole:
            return self._review.get(key)
        if role == OverridesRole:
            return self.overrides(msg.id, fmt.id)
        if role == MessageIdRole:
            return msg.id
        if role == FormatIdRole:
            return fmt.id
        if role == PlatformRole:
            return fmt.platform
        if role == Qt.ItemDataRole.SizeHintRole:
            return CELL_SIZE
        if role == Qt.ItemDataRole.ToolTipRole:
            lines = [f"<b>{fmt.name}</b> · {fmt.width}×{fmt.height} px", f"“{msg.slogan}”"]
            found = self._findings.get(key)
            if key in self._errors:
                lines.append(f"Could not render: {self._errors[key]}")
            elif found is None:
                lines.append("<i>checking…</i>")
            elif not found:
                lines.append("No check findings")
            else:
                for f in found[:6]:
                    lines.append(f"{'⛔' if f.severity == 'error' else '⚠'} {f.rule}: {f.text}")
                if len(found) > 6:
                    lines.append(f"… and {len(found) - 6} more")
            if found is not None and key in self._drafts:
                lines.append("<i>Draft: judged on a reduced render; the full-size check is running…</i>")
            if key in self._review:
                lines.append(f"Review: {self._review[key]}")
            over = self.overrides(msg.id, fmt.id)
            if over:
                lines.append(
                    "◆ Overrides: "
                    + ", ".join(f"{o.field} ({o.scope}{', fallback' if o.fallback else ''})" for o in over)
                )
            return "<br>".join(lines)
        return None

    def headerData(
        self,
        section: int,
        orientation: Qt.Orientation,  # noqa: N802 - Qt's name
        role: int = Qt.ItemDataRole.DisplayRole,
    ):
        if orientation == Qt.Orientation.Horizontal:
            if not 0 <= section < len(self._campaign.formats):
                return None
            fmt = self._campaign.formats[section]
            if role == Qt.ItemDataRole.DisplayRole:
                return short_format_name(fmt.name, fmt.platform)
            if role == Qt.ItemDataRole.ToolTipRole:
                return f"{fmt.name} ({fmt.width}×{fmt.height} px) — {theme.platform_label(fmt.platform)}"
            if role == PlatformRole:
                return fmt.platform
            if role == SizeTextRole:
                return f"{fmt.width} × {fmt.height}"
            if role == FormatIdRole:
                return fmt.id
            return None
        if not 0 <= section < len(self._campaign.messages):
            return None
        msg = self._campaign.messages[section]
        if role == Qt.ItemDataRole.DisplayRole:
            return msg.slogan
        if role == Qt.ItemDataRole.ToolTipRole:
            return f"{msg.id}: {msg.slogan}"
        if role == MessageIdRole:
            return msg.id
        return None
