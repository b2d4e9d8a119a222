"""The language switcher: which of the campaign's languages the matrix and the preview show.

A combo box in the toolbar, shown only when the campaign has more than one language. Picking a
language sets it on the render service (every preview, thumbnail and check is rendered in it)
and re-announces the campaign so the panels render again; the campaign itself does not change,
so nothing becomes dirty and undo is untouched. Edits in the campaign panel still edit the
default language's master text.

"All languages" (the last item) makes the matrix show one row per (language, message), grouped
by language (`Session.language_rows`). The language shown is then the selected row's: selecting
a cell in a Gaelic row calls `Session.set_language("gd")`, and the switcher follows it (render
service, re-announced campaign) exactly as if Gaelic had been picked, staying on "All languages".
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QComboBox, QWidget

from ..model import Campaign
from .render_service import RenderService
from .session import Session

ALL_LANGUAGES = "*"  # the item data of "All languages"


class LanguageSwitcher(QComboBox):
    """Signals: languageChanged(str): the language now shown (a code of the campaign)."""

    languageChanged = Signal(str)

    def __init__(self, session: Session, service: RenderService, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("LanguageSwitcher")
        self.setToolTip("The language the matrix and the preview show (campaign: languages:)")
        self.setAccessibleName("Language")
        self._session = session
        self._service = service
        self._codes: tuple[str, ...] = ()
        self.currentIndexChanged.connect(self._on_index)
        session.campaignChanged.connect(self.on_campaignChanged)
        session.languageChanged.connect(self.on_languageChanged)
        session.languageRowsChanged.connect(self._show_current)
        self.on_campaignChanged(session.campaign)

    @property
    def language(self) -> str:
        """The language shown (the campaign's default when none was picked)."""
        return self._service.language or self._session.campaign.default_language

    def set_language(self, code: str) -> None:
        """Pick a language of the campaign, or `ALL_LANGUAGES` for the language rows."""
        i = self.findData(code)
        if i >= 0:
            self.setCurrentIndex(i)

    def on_campaignChanged(self, campaign: Campaign) -> None:  # noqa: N802 - signal name
        if campaign.languages == self._codes:
            return
        self._codes = campaign.languages
        keep = self._service.language if self._service.language in campaign.languages else None
        self.blockSignals(True)
        self.clear()
        for i, code in enumerate(campaign.languages):
            self.addItem(f"{code} (default)" if i == 0 else code, code)
        if campaign.multilingual:
            self.addItem("All languages", ALL_LANGUAGES)
            self.setItemData(self.count() - 1, "One row per language and message", Qt.ItemDataRole.ToolTipRole)
        self.blockSignals(False)
        if keep != self._service.language:
            self._service.language = keep
        self._session.set_language(keep)
        self._session.set_language_rows(self._session.language_rows)  # off once one language is left
        self._show_current()
        self.show_if(campaign.multilingual)

    def _show_current(self, *_args) -> None:
        """The combo shows "All languages" in row mode, else the language shown (no signal)."""
        lang = self._service.language if self._service.language in self._codes else None
        i = self.findData(ALL_LANGUAGES) if self._session.language_rows else (self._codes.index(lang) if lang else 0)
        self.blockSignals(True)
        self.setCurrentIndex(max(0, i))
        self.blockSignals(False)

    def on_languageChanged(self, _code: str) -> None:  # noqa: N802 - signal name
        """The session shows another language (a language row's cell was selected): follow it."""
        wanted = self._session.language
        if wanted == self._service.language:
            return
        self._service.language = wanted
        self._show_current()
        self.languageChanged.emit(wanted or self._session.campaign.default_language)
        self._session.campaignChanged.emit(self._session.campaign)  # render everything again

    def show_if(self, visible: bool) -> None:
        """Hook for the toolbar action that holds this widget (set by `add_to_toolbar`)."""
        action = getattr(self, "_action", None)
        if action is not None:
            action.setVisible(visible)

    def _on_index(self, index: int) -> None:
        if self.itemData(index) == ALL_LANGUAGES:
            self._session.set_language_rows(True)  # the language shown stays the one it was
            return
        if not (0 <= index < len(self._codes)):
            return
        self._session.set_language_rows(False)
        code = self._codes[index]
        wanted = None if index == 0 else code
        if wanted == self._service.language:
            return
        self._service.language = wanted
        self._session.set_language(wanted)  # the review panel signs off this language
        self.languageChanged.emit(code)
        self._session.campaignChanged.emit(self._session.campaign)  # render everything again


def add_to_toolbar(toolbar, session: Session, service: RenderService, review_dock=None) -> LanguageSwitcher:
    """Put a switcher on `toolbar` (hidden while the campaign has one language) and return it.

    The Review tab signs off the language shown: for a multilingual campaign its title names
    that language ("Review · gd"), so nobody approves English believing it is Gaelic.
    """
    switcher = LanguageSwitcher(session, service, toolbar)
    switcher._action = toolbar.addWidget(switcher)
    switcher.show_if(session.campaign.multilingual)
    if review_dock is not None:
        title = review_dock.windowTitle()

        def retitle(*_args) -> None:
            c = session.campaign
            code = session.language or c.default_language
            review_dock.setWindowTitle(f"{title} \u00b7 {code}" if c.multilingual else title)

        session.languageChanged.connect(retitle)
        session.campaignChanged.connect(retitle)
        retitle()
    return switcher


__all__ = ["ALL_LANGUAGES", "LanguageSwitcher", "add_to_toolbar"]
