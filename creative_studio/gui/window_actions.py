"""The main window's actions, menus, toolbar and status bar.

A mixin of `MainWindow`: every QAction is made here with its shortcut and tip, so the menus, the
toolbar and the shortcut list read one table.
"""

from __future__ import annotations

from PySide6.QtCore import QSize, Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QLabel, QMenu, QSizePolicy, QWidget

from . import theme


class WindowActions:
    """Actions, menus, toolbar, status bar, for `MainWindow`."""

    def _action(
        self, text: str, slot, shortcut: QKeySequence | str | None = None, tip: str = "", checkable: bool = False
    ) -> QAction:
        a = QAction(text, self)
        if shortcut is not None:
            a.setShortcut(QKeySequence(shortcut))
        if tip:
            a.setStatusTip(tip)
            a.setToolTip(
                f"{tip} ({a.shortcut().toString(QKeySequence.SequenceFormat.NativeText)})" if shortcut else tip
            )
        a.setCheckable(checkable)
        if slot is not None:
            (a.toggled if checkable else a.triggered).connect(slot)
        self.addAction(a)
        return a

    def _build_actions(self) -> None:
        K = QKeySequence.StandardKey
        self.act_open = self._action("&Open…", self.open_dialog, K.Open, "Open a campaign file")
        self.act_save = self._action("&Save", self.save, K.Save, "Save the campaign")
        self.act_save_as = self._action("Save &As…", self.save_as, "Ctrl+Shift+S", "Save the campaign to a new file")
        self.act_export = self._action("&Export…", self.export, "Ctrl+E", "Export PNGs and a manifest")
        self.act_quit = self._action("&Quit", self.close, "Ctrl+Q", "Quit Creative Studio")
        self.act_undo = self.session.undo_stack.createUndoAction(self, "&Undo")
        self.act_undo.setShortcut(QKeySequence("Ctrl+Z"))
        self.act_redo = self.session.undo_stack.createRedoAction(self, "&Redo")
        self.act_redo.setShortcuts([QKeySequence("Ctrl+Shift+Z"), QKeySequence("Ctrl+Y")])
        for a in (self.act_undo, self.act_redo):
            self.addAction(a)
        self.act_dark = self._action(
            "&Dark Theme", self.set_dark, "Ctrl+Shift+D", "Switch light/dark theme", checkable=True
        )
        self.act_safe = self._action(
            "Safe &Zones",
            self.set_safe_zones,
            "Ctrl+Shift+G",
            "Show the safe-zone overlay on the preview",
            checkable=True,
        )
        self.act_safe.setChecked(True)
        self.act_clear_error = self._action("Dismiss Error", self.banner.dismiss, "Esc")
        self.act_next_msg = self._action(
            "Next Message", lambda: self._step(1, 0), "Ctrl+Down", "Select the next message"
        )
        self.act_prev_msg = self._action(
            "Previous Message", lambda: self._step(-1, 0), "Ctrl+Up", "Select the previous message"
        )
        self.act_next_fmt = self._action(
            "Next Format", lambda: self._step(0, 1), "Ctrl+Right", "Select the next format"
        )
        self.act_prev_fmt = self._action(
            "Previous Format", lambda: self._step(0, -1), "Ctrl+Left", "Select the previous format"
        )
        self.act_rerender = self._action(
            "Re-render All", lambda: self.matrix.refresh(force=True), "F5", "Render every thumbnail and check again"
        )
        self.platform_actions: list[QAction] = []
        self.act_all_platforms = self._action("All Platforms", lambda: self.matrix.set_platforms(None), "Alt+0")
        for i, (p, label, _) in enumerate(theme.PLATFORMS, start=1):
            self.platform_actions.append(
                self._action(
                    f"Only {label}",
                    lambda _=False, p=p: self.matrix.set_platforms({p}),
                    f"Alt+{i}",
                    f"Show only {label} formats in the matrix",
                )
            )

    def _build_menus(self) -> None:
        mb = self.menuBar()
        m = mb.addMenu("&File")
        m.addAction(self.act_open)
        self.recent_menu = QMenu("Open &Recent", self)
        self.recent_menu.aboutToShow.connect(self._fill_recent_menu)
        m.addMenu(self.recent_menu)
        m.addSeparator()
        m.addAction(self.act_save)
        m.addAction(self.act_save_as)
        m.addSeparator()
        m.addAction(self.act_export)
        m.addSeparator()
        m.addAction(self.act_quit)
        e = mb.addMenu("&Edit")
        e.addAction(self.act_undo)
        e.addAction(self.act_redo)
        v = mb.addMenu("&View")
        for i, dock in enumerate((self.campaign_dock, self.inspector_dock, self.review_dock), start=1):
            a = dock.toggleViewAction()
            a.setShortcut(QKeySequence(f"Ctrl+Alt+{i}"))  # plain Ctrl+digit belongs to the preview's zoom
            v.addAction(a)
        v.addSeparator()
        v.addAction(self.act_safe)
        v.addAction(self.act_dark)
        v.addSeparator()
        pm = v.addMenu("Matrix &Platforms")
        pm.addAction(self.act_all_platforms)
        for a in self.platform_actions:
            pm.addAction(a)
        v.addAction(self.act_rerender)
        n = mb.addMenu("&Navigate")
        for a in (self.act_prev_msg, self.act_next_msg, self.act_prev_fmt, self.act_next_fmt):
            n.addAction(a)
        r = mb.addMenu("&Review")
        self.act_show_review = self._action("Show Review Panel", self._show_review, "Ctrl+R", "Open the sign-off panel")
        r.addAction(self.act_show_review)
        decide = getattr(self.review_panel, "decide", None)
        if callable(decide):
            r.addSeparator()
            for text, status, keys in (
                ("&Approve", "approved", "Ctrl+Shift+A"),
                ("Request &Changes", "changes-requested", "Ctrl+Shift+C"),
                ("Re&ject", "rejected", "Ctrl+Shift+R"),
            ):
                r.addAction(
                    self._action(
                        text,
                        lambda _=False, st=status: self.review_panel.decide(st),
                        keys,
                        f"Record '{status}' for the selected cell",
                    )
                )
        for text, name, keys in (
            ("&Next to Review", "select_next", "Ctrl+Shift+J"),
            ("&Previous to Review", "select_previous", "Ctrl+Shift+K"),
        ):
            fn = getattr(self.review_panel, name, None)
            if callable(fn):
                r.addAction(self._action(text, lambda _=False, fn=fn: fn(), keys))
        sheet = getattr(self.review_panel, "on_sheet_button", None)
        if callable(sheet):
            r.addSeparator()
            r.addAction(
                self._action(
                    "Sign-off &Sheet (PDF)…",
                    lambda _=False: (self._show_review(), sheet()),  # its answer shows in the panel
                    "Ctrl+Shift+O",  # "sign-Off sheet"; Ctrl+Shift+S is Save As
                    "Write the sign-off sheet: every render with its state, who decided and when",
                )
            )
        self.review_menu = r
        h = mb.addMenu("&Help")
        self.act_shortcuts = self._action("&Keyboard Shortcuts", self.show_shortcuts, "F1")
        h.addAction(self.act_shortcuts)

    def _build_toolbar(self) -> None:
        tb = self.addToolBar("Main")
        tb.setObjectName("MainToolBar")
        tb.setMovable(False)
        tb.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
        tb.setIconSize(QSize(18, 18))
        for a in (
            self.act_open,
            self.act_save,
            None,
            self.act_undo,
            self.act_redo,
            None,
            self.act_safe,
            None,
            self.act_export,
        ):
            if a is None:
                tb.addSeparator()
            else:
                tb.addAction(a)
        spacer = QWidget(tb)
        spacer.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)
        tb.addWidget(spacer)
        from .language_switcher import add_to_toolbar

        self.language_switcher = add_to_toolbar(tb, self.session, self.render_service, self.review_dock)
        tb.addAction(self.act_dark)
        self.toolbar = tb
        self._apply_icons()

    def _apply_icons(self) -> None:
        for action, name in (
            (self.act_open, "open"),
            (self.act_save, "save"),
            (self.act_undo, "undo"),
            (self.act_redo, "redo"),
            (self.act_safe, "safe"),
            (self.act_export, "export"),
            (self.act_dark, "theme"),
        ):
            action.setIcon(theme.icon(name))

    def _build_statusbar(self) -> None:
        sb = self.statusBar()
        sb.setSizeGripEnabled(False)
        self.status_campaign = QLabel(self)
        self.status_dirty = QLabel(self)
        self.status_render = QLabel(self)
        sb.addWidget(self.status_campaign)
        sb.addWidget(self.status_dirty)
        sb.addPermanentWidget(self.status_render)
