"""The preview panel's toolbar, status strip and keyboard actions, and keeping them in step.

A mixin of `PreviewPanel`: it builds the controls (mockup, safe zones, distance, zoom, compare)
and syncs them with the panel's state; the panel owns what is rendered and shown.
"""

from __future__ import annotations

from PySide6.QtCore import QSignalBlocker, Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QComboBox, QFrame, QHBoxLayout, QLabel, QSizePolicy, QSpinBox, QWidget

from .flow_layout import FlowLayout
from .preview_distance import default_distance, is_outdoor
from .preview_helpers import separator, short_text, tool_button, typical_distances


class PreviewControls:
    """Toolbar + status strip + zoom actions, for `PreviewPanel`."""

    def _build_toolbar(self) -> None:
        bar = QWidget(self)
        bar.setObjectName("previewToolbar")
        row = FlowLayout(bar, spacing=4)  # wraps instead of taking width from the docks
        row.setContentsMargins(6, 3, 6, 3)
        self.mockup_button = tool_button("Mockup", "Show the creative inside its platform mockup", True, True)
        self.safe_button = tool_button("Safe zones", "Hatch the format's keep-clear bands", True, False)
        self.distance_button = tool_button(
            "Distance", "Outdoor: the poster as 20/20 eyes resolve it at a viewing distance", True, False
        )
        self.distance_spin = QSpinBox()
        self.distance_spin.setRange(1, 300)
        self.distance_spin.setSuffix(" m")
        self.distance_spin.setToolTip("Viewing distance in metres")
        self.zoom_out_button = tool_button("−", "Zoom out (Ctrl+-)")
        self.zoom_combo = QComboBox()
        self.zoom_combo.setEditable(True)
        self.zoom_combo.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        self.zoom_combo.addItems(["Fit", "25 %", "50 %", "100 %", "200 %", "400 %"])
        self.zoom_combo.setMinimumContentsLength(6)
        self.zoom_combo.setToolTip("Zoom: Fit (Ctrl+0), 100 % (Ctrl+1), or type a percentage")
        self.zoom_in_button = tool_button("+", "Zoom in (Ctrl+=)")
        self.zoom_label = QLabel()
        self.zoom_label.setObjectName("zoomLabel")
        self.compare_button = tool_button("Compare", "Show a second message or format side by side", True, False)
        self.compare_message = QComboBox()
        self.compare_message.setToolTip("Message of the second picture")
        self.compare_format = QComboBox()
        self.compare_format.setToolTip("Format of the second picture")
        for c in (self.compare_message, self.compare_format):
            c.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
            c.setMinimumContentsLength(14)
            c.setVisible(False)
        for w in (
            self.mockup_button,
            self.safe_button,
            separator(),
            self.distance_button,
            self.distance_spin,
            separator(),
            self.zoom_out_button,
            self.zoom_combo,
            self.zoom_in_button,
            self.zoom_label,
        ):
            row.addWidget(w)
        for w in (self.compare_button, self.compare_message, self.compare_format):
            row.addWidget(w)
        policy = QSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Minimum)
        policy.setHeightForWidth(True)
        bar.setSizePolicy(policy)
        self._toolbar = bar

        self.mockup_button.toggled.connect(self.set_mockup_visible)
        self.safe_button.toggled.connect(self.set_safe_zones_visible)
        self.distance_button.toggled.connect(lambda on: self.set_distance(on))
        self.distance_spin.valueChanged.connect(lambda v: self.set_distance(self._distance, float(v)))
        self.zoom_in_button.clicked.connect(self.zoom_in)
        self.zoom_out_button.clicked.connect(self.zoom_out)
        self.zoom_combo.activated.connect(self._on_zoom_combo)
        self.zoom_combo.lineEdit().editingFinished.connect(self._on_zoom_typed)
        self.compare_button.toggled.connect(lambda on: self.set_compare(on))
        self.compare_message.activated.connect(self._on_compare_combo)
        self.compare_format.activated.connect(self._on_compare_combo)

    def _build_status(self) -> None:
        bar = QFrame(self)
        bar.setObjectName("previewStatus")
        bar.setStyleSheet("#previewStatus { background: #232529; } #previewStatus QLabel { color: #B8BCC6; }")
        row = QHBoxLayout(bar)
        row.setContentsMargins(10, 4, 10, 4)
        row.setSpacing(16)
        self.status_labels = [QLabel(), QLabel()]
        for lab in self.status_labels:
            lab.setTextFormat(Qt.TextFormat.RichText)
            lab.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
            row.addWidget(lab, 1)
        self.status_labels[1].setVisible(False)
        self._status = bar

    def _build_actions(self) -> None:
        def action(text: str, keys: list[str], slot) -> QAction:
            a = QAction(text, self)
            a.setShortcuts([QKeySequence(k) for k in keys])
            a.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
            a.triggered.connect(slot)
            self.addAction(a)
            return a

        self.zoom_in_action = action("Zoom In", ["Ctrl+=", "Ctrl++"], self.zoom_in)
        self.zoom_out_action = action("Zoom Out", ["Ctrl+-"], self.zoom_out)
        self.zoom_fit_action = action("Zoom to Fit", ["Ctrl+0"], self.zoom_fit)
        self.zoom_100_action = action("Actual Pixels (100 %)", ["Ctrl+1"], self.zoom_100)
        self.zoom_actions = (self.zoom_in_action, self.zoom_out_action, self.zoom_fit_action, self.zoom_100_action)

    def _update_zoom_label(self) -> None:
        z = self.canvas.zoom
        with QSignalBlocker(self.zoom_combo):
            self.zoom_combo.setEditText(f"{z * 100:.3g} %")
        notes = []
        if self.canvas.fit:
            notes.append("Fit")
        s, clamped = self.wanted_scale(0)
        if clamped and self._detail_want(0) is not None:
            clamped = False  # the view's region is rendered at the zoom's own scale (preview_detail.py)
        if clamped:
            fmt = self._format(0)
            why = (
                "the mockup's scene: turn Mockup off for more"
                if fmt is not None
                and self._mockup
                and not self._distance_for(0)
                and self._density_cap.get(fmt.id, 1.0) <= s
                else "large poster"
            )
            notes.append(f"<span style='color:#E0A040'>detail limited to {s * 100:.3g} % ({why})</span>")
        self.zoom_label.setText(" · ".join(notes))

    def _on_zoom_combo(self, index: int) -> None:
        text = self.zoom_combo.itemText(index)
        if text == "Fit":
            self.zoom_fit()
        else:
            self.canvas.zoom_to(float(text.rstrip(" %")) / 100)
        self._update_zoom_label()

    def _on_zoom_typed(self) -> None:
        text = self.zoom_combo.currentText().strip().rstrip("%").strip()
        if text.lower() == "fit":
            self.zoom_fit()
            return
        try:
            value = float(text.replace(",", "."))
        except ValueError:
            self._update_zoom_label()
            return
        if value > 0:
            self.canvas.zoom_to(value / 100)

    def _on_compare_combo(self, _index: int = 0) -> None:
        self.set_compare(True, self.compare_message.currentData() or "", self.compare_format.currentData() or "")

    def _next_message(self) -> str:
        ids = self.session.campaign.message_ids
        if len(ids) < 2:
            return ""
        cur = self.session.message_id
        return ids[(ids.index(cur) + 1) % len(ids)] if cur in ids else ids[0]

    @staticmethod
    def _select_combo(combo: QComboBox, value: str) -> None:
        i = combo.findData(value)
        with QSignalBlocker(combo):
            combo.setCurrentIndex(max(0, i))

    def _fill_compare_combos(self) -> None:
        c = self.session.campaign
        if self._cmp_message not in c.message_ids:
            self._cmp_message = ""  # deleted or renamed: fall back to the selection's message
        if self._cmp_format not in c.format_ids:
            self._cmp_format = ""
        want_m = [("", "Same message")] + [(m.id, f"{m.id} — {short_text(m.slogan)}") for m in c.messages]
        want_f = [("", "Same format")] + [(f.id, f.name) for f in c.formats]
        for combo, items, value in (
            (self.compare_message, want_m, self._cmp_message),
            (self.compare_format, want_f, self._cmp_format),
        ):
            have = [combo.itemData(k) for k in range(combo.count())]
            with QSignalBlocker(combo):
                if have != [d for d, _ in items]:
                    combo.clear()
                    for d, t in items:
                        combo.addItem(t, d)
                else:
                    for k, (_, t) in enumerate(items):
                        if combo.itemText(k) != t:
                            combo.setItemText(k, t)
            self._select_combo(combo, value)

    def _sync_format_controls(self) -> None:
        """Distance view only for outdoor formats, defaulting to the format's viewing distance."""
        self._sync_media_controls()
        fmt = self._format(0)
        outdoor = is_outdoor(fmt)
        self.distance_button.setEnabled(outdoor)
        self.distance_spin.setEnabled(outdoor)
        self.distance_spin.setVisible(outdoor)
        if outdoor and fmt is not None and self._distance_fmt != fmt.id:
            self._distance_fmt = fmt.id
            typical = " – ".join(f"{v:g} m" for v in typical_distances(fmt))
            self.distance_spin.setToolTip(
                f"Viewing distance in metres (typical for this format: {typical})"
                if typical
                else "Viewing distance in metres"
            )
            d = default_distance(fmt)
            if d:
                self._metres = d
                with QSignalBlocker(self.distance_spin):
                    self.distance_spin.setValue(round(d))
        if not outdoor and self._distance:
            self._distance = False
            with QSignalBlocker(self.distance_button):
                self.distance_button.setChecked(False)
