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
from ..model.variants import resolve_field
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
LanguageRole = Qt.ItemDataRole.UserRole + 12  # the row's language on cells and vertical sections ("" in one)
GroupStartRole = Qt.ItemDataRole.UserRole + 13  # True on a vertical section that starts a language group

CELL_SIZE = QSize(164, 132)
THUMB_BOX = (150, 110)

_Index = QModelIndex | QPersistentModelIndex
_THUMB_ROLES = [ThumbRole, StaleRole, ErrorRole, Qt.ItemDataRole.DecorationRole, Qt.ItemDataRole.ToolTipRole]


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
    """messages x formats; cells carry a thumbnail, findings and a review status.

    In one language (the default) a row is a message, shown in `language`. With language rows
    (`set_language_rows`) a row is a (language, message): every message in the first language,
    then every message in the next, and so on. Thumbnails and review statuses are kept per
    (language, message, format); the findings are of one language only (`findings_language`:
    the checks run in the language the app shows) and rows of any other language show none.
    """

    def __init__(self, campaign: Campaign, parent: QObject | None = None):
        super().__init__(parent)
        self._campaign = campaign
        self._thumbs: dict[tuple[str, str, str], QImage] = {}  # (language, message, format)
        self._stale: set[tuple[str, str, str]] = set()
        self._errors: dict[tuple[str, str, str], str] = {}
        self._review: dict[tuple[str, str, str], str] = {}
        self._findings: dict[tuple[str, str], tuple] = {}  # in `findings_language`
        self._drafts: set[tuple[str, str]] = set()
        self._findings_language = campaign.default_language
        self._language: str | None = None  # the language shown (None: the default)
        self._row_languages: tuple[str, ...] = ()  # language rows: every language; (): one language
        self._overrides: dict[tuple[str, str, str], tuple] = {}  # cache, cleared with every snapshot

    # -- languages -----------------------------------------------------------------------------
    @property
    def language(self) -> str | None:
        return self._language

    @language.setter
    def language(self, code: str | None) -> None:
        """The language the app shows: every row's in one-language mode (else the selected row's)."""
        if code == self._language:
            return
        self._language = code
        if not self._row_languages:
            self._all_changed()
            self.headerDataChanged.emit(Qt.Orientation.Vertical, 0, max(0, self.rowCount() - 1))

    @property
    def shown_language(self) -> str:
        c = self._campaign
        return self._language if self._language in c.languages else c.default_language

    @property
    def row_languages(self) -> tuple[str, ...]:
        """The languages of the language rows, in order; () in one-language mode."""
        return self._row_languages

    def set_language_rows(self, on: bool) -> None:
        """One row per (language, message) when `on` and the campaign has several languages."""
        langs = self._campaign.languages if on and self._campaign.multilingual else ()
        if langs != self._row_languages:
            self.beginResetModel()
            self._row_languages = langs
            self.endResetModel()

    def languages_shown(self) -> tuple[str, ...]:
        """Every language some row is in."""
        return self._row_languages or (self.shown_language,)

    def row_language(self, row: int) -> str:
        n = len(self._campaign.messages)
        if self._row_languages and n:
            return self._row_languages[min(row // n, len(self._row_languages) - 1)]
        return self.shown_language

    def _row(self, row: int) -> tuple[str, int]:
        """(language, message index) of a row."""
        n = max(1, len(self._campaign.messages))
        return self.row_language(row), row % n if self._row_languages else row

    def rows(self) -> list[tuple[str, str]]:
        """(language, message id) of every row, in order."""
        ids = self._campaign.message_ids
        return [(lang, m) for lang in self.languages_shown() for m in ids]

    @property
    def findings_language(self) -> str:
        return self._findings_language

    def set_findings_language(self, code: str) -> None:
        """The findings about to arrive are of `code`: those of another language go at once."""
        if code == self._findings_language:
            return
        self._findings_language = code
        self._findings.clear()
        self._drafts.clear()
        self._all_changed([FindingsRole, DraftRole, Qt.ItemDataRole.ToolTipRole])

    def _all_changed(self, roles: list[int] | None = None) -> None:
        if self.rowCount() and self.columnCount():
            self.dataChanged.emit(
                self.index(0, 0), self.index(self.rowCount() - 1, self.columnCount() - 1), roles or []
            )

    def overrides(self, message_id: str, format_id: str, language: str | None = None) -> tuple:
        """The cell's fields that come from a platform or format override, in `language`
        (None: the language shown)."""
        lang = language or self.shown_language
        key = (lang, message_id, format_id)
        got = self._overrides.get(key)
        if got is None:
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
            self._all_changed([OverridesRole, Qt.ItemDataRole.ToolTipRole])
        langs = self._row_languages and (campaign.languages if campaign.multilingual else ())
        if (
            old.message_ids != campaign.message_ids
            or old.format_ids != campaign.format_ids
            or langs != self._row_languages
        ):
            self.beginResetModel()
            self._row_languages = langs
            keep_m, keep_f, keep_l = set(campaign.message_ids), set(campaign.format_ids), set(campaign.languages)
            for store in (self._thumbs, self._review, self._errors):
                for key in [k for k in store if k[0] not in keep_l or k[1] not in keep_m or k[2] not in keep_f]:
                    del store[key]
            for key in [k for k in self._findings if k[0] not in keep_m or k[1] not in keep_f]:
                del self._findings[key]
            self._drafts &= set(self._findings)
            self._stale &= set(self._thumbs)
            self.endResetModel()
            return
        if old.messages != campaign.messages or old.copy != campaign.copy:
            self.headerDataChanged.emit(Qt.Orientation.Vertical, 0, max(0, self.rowCount() - 1))
        if old.formats != campaign.formats:
            self.headerDataChanged.emit(Qt.Orientation.Horizontal, 0, len(campaign.formats) - 1)

    def cell(self, index: _Index) -> tuple[str, str]:
        """(message id, format id) of a cell (its row's language: `row_language(index.row())`)."""
        _lang, m = self._row(index.row())
        return self._campaign.messages[m].id, self._campaign.formats[index.column()].id

    def index_of(self, message_id: str, format_id: str, language: str | None = None) -> QModelIndex:
        """The cell of a message on a format in `language` (None: the language shown)."""
        lang = language or self.shown_language
        langs = self.languages_shown()
        try:
            row = self._campaign.message_ids.index(message_id)
            col = self._campaign.format_ids.index(format_id)
            block = langs.index(lang) if self._row_languages else 0
        except ValueError:
            return QModelIndex()
        if not self._row_languages and lang != self.shown_language:
            return QModelIndex()
        return self.index(block * len(self._campaign.messages) + row, col)

    # -- per-cell state -----------------------------------------------------------------------
    def _changed(self, message_id: str, format_id: str, roles: list[int], language: str | None = None) -> None:
        langs = self.languages_shown() if language is None else (language,)
        for lang in langs:
            idx = self.index_of(message_id, format_id, lang)
            if idx.isValid():
                self.dataChanged.emit(idx, idx, roles)

    def set_thumbnail(
        self,
        message_id: str,
        format_id: str,
        image: QImage,
        error: str = "",
        notify: bool = True,
        language: str | None = None,
    ) -> None:
        """A fresh thumbnail in `language` (None: the language shown), or, with `error`, the
        reason the cell could not be drawn.

        With notify=False the caller announces the change later with `notify_cells` (batching).
        """
        lang = language or self.shown_language
        key = (lang, message_id, format_id)
        self._thumbs[key] = image
        self._stale.discard(key)
        if error:
            self._errors[key] = error
        else:
            self._errors.pop(key, None)
        if notify:
            self._changed(message_id, format_id, _THUMB_ROLES, lang)

    def notify_cells(self, cells) -> None:
        """One dataChanged over the bounding range of `cells` ((language, message, format), or
        (message, format) in the language shown): the thumbnails that arrived in a frame."""
        idx = [self.index_of(c[-2], c[-1], c[0] if len(c) == 3 else None) for c in cells]
        idx = [i for i in idx if i.isValid()]
        if not idx:
            return
        top = min(i.row() for i in idx)
        bottom = max(i.row() for i in idx)
        left = min(i.column() for i in idx)
        right = max(i.column() for i in idx)
        self.dataChanged.emit(self.index(top, left), self.index(bottom, right), _THUMB_ROLES)

    def mark_stale(self, message_id: str, format_id: str, language: str | None = None) -> None:
        key = (language or self.shown_language, message_id, format_id)
        if key in self._thumbs and key not in self._stale:
            self._stale.add(key)
            self._changed(message_id, format_id, [StaleRole], key[0])

    def thumbnail(self, message_id: str, format_id: str, language: str | None = None) -> QImage | None:
        return self._thumbs.get((language or self.shown_language, message_id, format_id))

    def set_findings(
        self, message_id: str, format_id: str, findings: tuple | None, draft: bool = False, language: str | None = None
    ) -> None:
        """A cell's findings in `language` (None: `findings_language`); `draft` when they come
        from a reduced render (full size pending). Findings of another language are ignored."""
        if language is not None and language != self._findings_language:
            return
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

    def set_review(self, message_id: str, format_id: str, status: str | None, language: str | None = None) -> None:
        lang = language or self.shown_language
        key = (lang, message_id, format_id)
        if self._review.get(key) == status:
            return
        if status is None:
            self._review.pop(key, None)
        else:
            self._review[key] = status
        self._changed(message_id, format_id, [ReviewRole, Qt.ItemDataRole.ToolTipRole], lang)

    def thumbnails_ready(self) -> int:
        """How many cells show an up-to-date thumbnail."""
        c = self._campaign
        cells = {(lang, m, f) for lang in self.languages_shown() for m in c.message_ids for f in c.format_ids}
        return len((set(self._thumbs) - self._stale) & cells)

    def slogan(self, row: int) -> str:
        """The row's slogan in its language (the master text in one-language mode)."""
        lang, m = self._row(row)
        msg = self._campaign.messages[m]
        if not self._row_languages:
            return msg.slogan
        try:
            return resolve_field(self._campaign, msg, None, "slogan", lang).text or msg.slogan
        except KeyError:
            return msg.slogan

    # -- Qt model API ----------------------------------------------------------------------------
    def rowCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008, N802 - Qt's name
        return 0 if parent.isValid() else len(self._campaign.messages) * max(1, len(self._row_languages))

    def columnCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008, N802 - Qt's name
        return 0 if parent.isValid() else len(self._campaign.formats)

    def flags(self, index: _Index) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable

    def _thumb(self, key: tuple[str, str, str]) -> QImage | None:
        """The cell's thumbnail; in one language, another language's stands in (veiled as
        stale) while the switch re-renders, rather than a blank card."""
        img = self._thumbs.get(key)
        if img is None and not self._row_languages:
            for lang in self._campaign.languages:
                img = self._thumbs.get((lang, key[1], key[2]))
                if img is not None:
                    break
        return img

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole):
        if not index.isValid() or not (0 <= index.row() < self.rowCount() and 0 <= index.column() < self.columnCount()):
            return None
        lang, m = self._row(index.row())
        msg = self._campaign.messages[m]
        fmt = self._campaign.formats[index.column()]
        key = (lang, msg.id, fmt.id)
        cell = (msg.id, fmt.id)
        checked = lang == self._findings_language  # findings are of one language only
        if role == Qt.ItemDataRole.DisplayRole:
            return f"{msg.slogan} — {fmt.name}"
        if role == ThumbRole:
            return self._thumb(key)
        if role == Qt.ItemDataRole.DecorationRole:
            img = self._thumb(key)
            return img if img is not None and not img.isNull() else None
        if role == ErrorRole:
            return self._errors.get(key)
        if role == StaleRole:
            return key in self._stale or key not in self._thumbs
        if role == FindingsRole:
            return self._findings.get(cell) if checked else None
        if role == DraftRole:
            return checked and cell in self._drafts
        if role == ReviewRole:
            return self._review.get(key)
        if role == OverridesRole:
            return self.overrides(msg.id, fmt.id, lang)
        if role == MessageIdRole:
            return msg.id
        if role == FormatIdRole:
            return fmt.id
        if role == LanguageRole:
            return lang if self._row_languages else ""
        if role == PlatformRole:
            return fmt.platform
        if role == Qt.ItemDataRole.SizeHintRole:
            return CELL_SIZE
        if role == Qt.ItemDataRole.ToolTipRole:
            return self._tooltip(index.row(), key, checked)
        return None

    def _tooltip(self, row: int, key: tuple[str, str, str], checked: bool) -> str:
        lang, m, f = key
        fmt = self._campaign.format(f)
        lines = [f"<b>{fmt.name}</b> · {fmt.width}×{fmt.height} px", f"“{self.slogan(row)}”"]
        if self._row_languages:
            lines[0] += f" · {lang}"
        found = self._findings.get((m, f)) if checked else None
        if key in self._errors:
            lines.append(f"Could not render: {self._errors[key]}")
        elif not checked:
            lines.append(
                f"<i>Checks run in the language selected ({self._findings_language}): select this cell to check it in {lang}</i>"
            )
        elif found is None:
            lines.append("<i>checking…</i>")
        elif not found:
            lines.append("No check findings")
        else:
            for x in found[:6]:
                lines.append(f"{'⛔' if x.severity == 'error' else '⚠'} {x.rule}: {x.text}")
            if len(found) > 6:
                lines.append(f"… and {len(found) - 6} more")
        if found is not None and (m, f) in self._drafts:
            lines.append("<i>Draft: judged on a reduced render; the full-size check is running…</i>")
        if key in self._review:
            lines.append(f"Review: {self._review[key]}")
        over = self.overrides(m, f, lang)
        if over:
            lines.append(
                "◆ Overrides: " + ", ".join(f"{o.field} ({o.scope}{', fallback' if o.fallback else ''})" for o in over)
            )
        return "<br>".join(lines)

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
        if not 0 <= section < self.rowCount():
            return None
        lang, m = self._row(section)
        msg = self._campaign.messages[m]
        if role == Qt.ItemDataRole.DisplayRole:
            return self.slogan(section)
        if role == Qt.ItemDataRole.ToolTipRole:
            where = f" ({lang})" if self._row_languages else ""
            return f"{msg.id}{where}: {self.slogan(section)}"
        if role == MessageIdRole:
            return msg.id
        if role == LanguageRole:
            return lang if self._row_languages else ""
        if role == GroupStartRole:
            return bool(self._row_languages) and m == 0
        return None
