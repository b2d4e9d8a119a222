"""The one session object: the current campaign, the selection, undo history, and change signals.

Widgets get the session in `__init__`, listen to its signals and change the campaign only
through its methods, which push undoable commands. Widgets never call each other.
The campaign is immutable: every edit makes a new `Campaign`, so a render worker can keep
reading the snapshot it was given while the designer types.
"""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

from PySide6.QtCore import QObject, Signal
from PySide6.QtGui import QUndoCommand, QUndoStack

from ..model import Brand, Campaign, Face, Message, load_campaign
from ..model.copyedit import with_copy_value


class _SetCampaign(QUndoCommand):
    """Replace the campaign with a new snapshot; consecutive edits of one field merge."""

    def __init__(self, session: Session, before: Campaign, after: Campaign, text: str, merge_key: str = ""):
        super().__init__(text)
        self._session = session
        self._before = before
        self._after = after
        self._merge_key = merge_key

    def id(self) -> int:  # noqa: A003 - Qt's name
        return 1 if self._merge_key else -1

    def mergeWith(self, other: QUndoCommand) -> bool:  # noqa: N802 - Qt's name
        if not isinstance(other, _SetCampaign) or other._merge_key != self._merge_key or not self._merge_key:
            return False
        self._after = other._after
        return True

    def redo(self) -> None:
        self._session._apply(self._after)

    def undo(self) -> None:
        self._session._apply(self._before)


class Session(QObject):
    """State of one open campaign.

    Signals:
        campaignChanged(object): a new Campaign snapshot (after any edit, undo, redo or load)
        campaignLoaded(object): a campaign was opened or reloaded from disk (new file state)
        selectionChanged(str, str): the current (message id, format id)
        dirtyChanged(bool): unsaved edits exist / all saved
        errorRaised(str): a FILE:LINE:COLUMN error to show without blocking (bad reload, save failure)
        reviewChanged(): a sign-off decision was recorded or the review file changed on disk
        findingsChanged(str, str, object): check findings (tuple of Finding) for (message, format);
            `is_draft(message, format)` tells a reduced-scale draft from the full-size verdict
        findingSelected(object): a Finding the designer clicked (or None), to outline on the preview
        languageChanged(str): the language shown and signed off (a code of the campaign) changed
        languageRowsChanged(bool): the matrix shows one row per (language, message) / per message
    """

    campaignChanged = Signal(object)
    campaignLoaded = Signal(object)
    selectionChanged = Signal(str, str)
    dirtyChanged = Signal(bool)
    errorRaised = Signal(str)
    reviewChanged = Signal()
    findingsChanged = Signal(str, str, object)
    findingSelected = Signal(object)
    languageChanged = Signal(str)
    languageRowsChanged = Signal(bool)

    def __init__(self, campaign: Campaign, parent: QObject | None = None):
        super().__init__(parent)
        self._campaign = campaign
        self.undo_stack = QUndoStack(self)
        self.undo_stack.cleanChanged.connect(self.on_cleanChanged)
        self._message_id = campaign.message_ids[0] if campaign.messages else ""
        self._format_id = campaign.format_ids[0] if campaign.formats else ""
        self._findings: dict[tuple[str, str], tuple] = {}
        self._drafts: set[tuple[str, str]] = set()
        self._before_try: Campaign | None = None  # the committed campaign while one is tried
        self._language: str | None = None  # None: the campaign's default language
        self._language_rows = False  # the matrix shows every language (a view state, not the campaign's)

    def on_cleanChanged(self, clean: bool) -> None:  # noqa: N802 - slot named after the signal
        # A bound method, not a lambda: Qt drops the connection when the session is destroyed.
        self.dirtyChanged.emit(not clean)

    # -- reading ---------------------------------------------------------------------------------
    @property
    def campaign(self) -> Campaign:
        return self._campaign

    @property
    def path(self) -> Path | None:
        return self._campaign.path

    @property
    def message_id(self) -> str:
        return self._message_id

    @property
    def format_id(self) -> str:
        return self._format_id

    @property
    def language(self) -> str | None:
        """The language the app shows and the review panel signs off (None: the default one)."""
        return self._language if self._language in self._campaign.languages else None

    def set_language(self, code: str | None) -> None:
        """Show (and sign off) `code`; the default language or None means the campaign's first."""
        code = None if code in (None, self._campaign.default_language) else code
        if code != self._language:
            self._language = code
            # Findings are of one language: never show English ones as the Gaelic verdict. The
            # cells read "not checked yet" until the checks of the language now shown arrive.
            self._findings.clear()
            self._drafts.clear()
            self.languageChanged.emit(code or self._campaign.default_language)

    @property
    def language_rows(self) -> bool:
        """The matrix shows one row per (language, message) ("All languages"): only ever for a
        multilingual campaign. A way of looking, so it never dirties the campaign or enters undo."""
        return self._language_rows and self._campaign.multilingual

    def set_language_rows(self, on: bool) -> None:
        on = bool(on) and self._campaign.multilingual
        if on != self._language_rows:
            self._language_rows = on
            self.languageRowsChanged.emit(on)

    @property
    def dirty(self) -> bool:
        return not self.undo_stack.isClean()

    # -- loading -----------------------------------------------------------------------------------
    @classmethod
    def open(cls, path: str | Path, parent: QObject | None = None) -> Session:
        """Load a campaign from disk (raises TemplateError with FILE:LINE:COLUMN)."""
        return cls(load_campaign(path), parent)

    def reload(self, campaign: Campaign) -> None:
        """Adopt a campaign freshly read from disk: clears undo history and the dirty flag."""
        self._before_try = None  # a colour being tried is of the old file: cancelling must not bring it back
        self._campaign = campaign
        self.undo_stack.clear()
        self.undo_stack.setClean()
        self._fix_selection()
        self.campaignLoaded.emit(campaign)
        self.campaignChanged.emit(campaign)

    def mark_saved(self, campaign: Campaign | None = None) -> None:
        """After a save: the file now holds the current state (sha256 etc. may be refreshed)."""
        if campaign is not None:
            self._campaign = campaign
        self.undo_stack.setClean()

    # -- check findings (published by whoever rendered the cell) ----------------------------------
    def set_findings(self, message_id: str, format_id: str, findings: tuple, draft: bool = False) -> None:
        """Publish a cell's findings; `draft` when judged on a reduced render (the full-size
        verdict, which is what `check` prints, is still on its way)."""
        findings = tuple(findings)
        cell = (message_id, format_id)
        if self._findings.get(cell) != findings or (cell in self._drafts) != draft:
            self._findings[cell] = findings
            if draft:
                self._drafts.add(cell)
            else:
                self._drafts.discard(cell)
            self.findingsChanged.emit(message_id, format_id, findings)

    def is_draft(self, message_id: str, format_id: str) -> bool:
        """True while a cell's findings come from a reduced-scale render, not the full-size verdict."""
        return (message_id, format_id) in self._drafts

    def findings(self, message_id: str, format_id: str) -> tuple | None:
        """Latest findings for a cell, or None when it has not been checked yet."""
        return self._findings.get((message_id, format_id))

    def select_finding(self, finding) -> None:
        self.findingSelected.emit(finding)

    # -- selection ---------------------------------------------------------------------------------
    def select(self, message_id: str | None = None, format_id: str | None = None) -> None:
        m = message_id if message_id is not None else self._message_id
        f = format_id if format_id is not None else self._format_id
        if (m, f) != (self._message_id, self._format_id):
            self._message_id, self._format_id = m, f
            self.selectionChanged.emit(m, f)

    def _fix_selection(self) -> None:
        c = self._campaign
        m = self._message_id if self._message_id in c.message_ids else (c.message_ids[0] if c.messages else "")
        f = self._format_id if self._format_id in c.format_ids else (c.format_ids[0] if c.formats else "")
        if (m, f) != (self._message_id, self._format_id):
            self._message_id, self._format_id = m, f
            self.selectionChanged.emit(m, f)

    # -- editing (each pushes an undoable command) --------------------------------------------------
    def _apply(self, campaign: Campaign) -> None:
        self._campaign = campaign
        self._fix_selection()
        self.campaignChanged.emit(campaign)

    def try_campaign(self, campaign: Campaign | None) -> None:
        """Show a campaign being tried (a colour dialog's live preview) without an undo step;
        None puts back the campaign as it was before the first try."""
        if campaign is None:
            if self._before_try is not None:
                before, self._before_try = self._before_try, None
                self._apply(before)
            return
        if self._before_try is None:
            self._before_try = self._campaign
        self._apply(campaign)

    def _push(self, after: Campaign, text: str, merge_key: str = "") -> None:
        self.try_campaign(None)  # an edit starts from the campaign as committed, never from a try
        if after == self._campaign:
            return
        self.undo_stack.push(_SetCampaign(self, self._campaign, after, text, merge_key))

    def set_message_text(self, message_id: str, field_name: str, text: str) -> None:
        """Typing in a field: consecutive keystrokes in the same field undo as one step."""
        self._push(
            self._campaign.with_message_text(message_id, field_name, text),
            f"Edit {field_name} of {message_id}",
            merge_key=f"text:{message_id}:{field_name}",
        )

    def set_face(self, message_id: str, face: Face) -> None:
        self._push(self._campaign.with_message_face(message_id, face), f"Change face of {message_id}")

    def set_brand(self, brand: Brand) -> None:
        self._push(self._campaign.with_brand(brand), "Change brand colours")

    def add_message(self, message: Message, index: int | None = None) -> None:
        msgs = list(self._campaign.messages)
        msgs.insert(len(msgs) if index is None else index, message)
        self._push(self._campaign.with_messages(tuple(msgs)), f"Add message {message.id}")

    def duplicate_message(self, message_id: str) -> str:
        src = self._campaign.message(message_id)
        ids = set(self._campaign.message_ids)
        n = 2
        while f"{message_id}-{n}" in ids:
            n += 1
        new_id = f"{message_id}-{n}"
        idx = self._campaign.message_ids.index(message_id) + 1
        self.add_message(replace(src, id=new_id), idx)
        return new_id

    def delete_message(self, message_id: str) -> None:
        if len(self._campaign.messages) <= 1:
            return  # a campaign needs at least one message
        self._push(self._campaign.without_message(message_id), f"Delete message {message_id}")

    def move_message(self, message_id: str, delta: int) -> None:
        msgs = list(self._campaign.messages)
        i = self._campaign.message_ids.index(message_id)
        j = max(0, min(len(msgs) - 1, i + delta))
        if i == j:
            return
        msgs.insert(j, msgs.pop(i))
        self._push(self._campaign.with_messages(tuple(msgs)), f"Move message {message_id}")

    def move_message_to(self, message_id: str, index: int) -> None:
        """Drag and drop: put the message at `index` of the list without it (one undo step)."""
        ids = self._campaign.message_ids
        if message_id in ids:
            self.move_message(message_id, max(0, min(len(ids) - 1, index)) - ids.index(message_id))

    def set_message_fields(self, message_id: str, texts: dict[str, str]) -> None:
        """Paste: several copy fields of one message at once, undone as one step."""
        after = self._campaign
        for name, text in texts.items():
            after = after.with_message_text(message_id, name, text)
        self._push(after, f"Paste copy into {message_id}")

    def set_copy(self, message_id: str, field_name: str, scope: str, language: str, text: str) -> None:
        """Type a copy value at a scope ("all", "platform:ID", "format:ID") in a language.

        Consecutive keystrokes in the same field, scope and language undo as one step.
        """
        where = "for all" if scope == "all" else f"for {scope}"
        self._push(
            with_copy_value(self._campaign, message_id, field_name, scope, language, text),
            f"Edit {field_name} of {message_id} {where} ({language})",
            merge_key=f"copy:{message_id}:{field_name}:{scope}:{language}",
        )

    def reset_copy(self, message_id: str, field_name: str, scope: str, language: str) -> None:
        """Reset to inherited: remove the value at `scope`, so the next scope's shows through."""
        self._push(
            with_copy_value(self._campaign, message_id, field_name, scope, language, None),
            f"Reset {field_name} of {message_id} at {scope} ({language})",
        )
