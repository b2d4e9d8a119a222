"""The face part of the campaign panel: emoji, crack stage, seed and the rendered face preview.

A mixin of `CampaignPanel`. The preview is rendered by the engine on the panel's own one-thread
pool, never on the GUI thread; a newer face supersedes an older request.
"""

from __future__ import annotations

import random
from dataclasses import replace

from PySide6.QtCore import QSize, Qt
from PySide6.QtGui import QIcon, QPixmap
from PySide6.QtWidgets import (
    QButtonGroup,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QMenu,
    QSizePolicy,
    QSpinBox,
    QToolButton,
    QWidget,
    QWidgetAction,
)

from ..model import Face
from .campaign_model import FACE_PREVIEW_PX, SEED_MAX, STAGES
from .campaign_widgets import FaceJob
from .emoji_picker import EmojiPicker, emoji_name, emoji_pixmap


class FaceEditing:
    """Face editor + preview, for `CampaignPanel`."""

    def _build_face(self) -> QWidget:
        box = QWidget(self)
        grid = QGridLayout(box)
        grid.setContentsMargins(0, 0, 0, 0)
        grid.setHorizontalSpacing(8)
        grid.setVerticalSpacing(6)

        self.face_preview = QLabel(box)
        self.face_preview.setObjectName("FacePreview")
        self.face_preview.setFixedSize(FACE_PREVIEW_PX, FACE_PREVIEW_PX)
        self.face_preview.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.face_preview.setAccessibleName("Face preview")
        grid.addWidget(self.face_preview, 0, 0, 2, 1, Qt.AlignmentFlag.AlignTop)

        self.emoji_button = QToolButton(box)
        self.emoji_button.setObjectName("EmojiButton")
        self.emoji_button.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        self.emoji_button.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
        self.emoji_button.setIconSize(QSize(22, 22))
        self.emoji_button.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Fixed)
        self.emoji_button.setMinimumWidth(120)
        self.emoji_button.setToolTip("Choose the emoji (from the bundled emoji font)")
        menu = QMenu(self.emoji_button)
        self.emoji_picker = EmojiPicker(parent=menu)
        self.emoji_picker.picked.connect(self.on_emoji_picked)
        wa = QWidgetAction(menu)
        wa.setDefaultWidget(self.emoji_picker)
        menu.addAction(wa)
        self._emoji_menu = menu
        self.emoji_button.setMenu(menu)
        grid.addWidget(self.emoji_button, 0, 1, 1, 2)

        self.seed_spin = QSpinBox(box)
        self.seed_spin.setRange(0, SEED_MAX)
        self.seed_spin.setPrefix("Seed ")
        self.seed_spin.setToolTip("The crack pattern: the same seed gives the same cracks")
        self.seed_spin.setKeyboardTracking(False)
        self.seed_spin.valueChanged.connect(self.on_seed_changed)
        self.seed_spin.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Fixed)
        self.seed_spin.setMinimumWidth(70)
        self.new_seed_button = QToolButton(box)
        self.new_seed_button.setText("New cracks")
        self.new_seed_button.setToolTip("Pick a new random seed: a different crack pattern")
        self.new_seed_button.clicked.connect(self.new_seed)
        grid.addWidget(self.seed_spin, 1, 1, Qt.AlignmentFlag.AlignTop)
        grid.addWidget(self.new_seed_button, 1, 2, Qt.AlignmentFlag.AlignTop)

        stages = QHBoxLayout()
        stages.setSpacing(0)
        self.stage_group = QButtonGroup(box)
        self.stage_group.setExclusive(True)
        self.stage_buttons: list[QToolButton] = []
        for i, (name, tip) in enumerate(STAGES):
            b = QToolButton(box)
            b.setText(name)
            b.setCheckable(True)
            b.setToolTip(f"Crack stage {i}: {tip}")
            b.setAccessibleName(f"Crack stage {i}, {name}")
            b.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Fixed)
            b.setMinimumWidth(50)
            self.stage_group.addButton(b, i)
            self.stage_buttons.append(b)
            stages.addWidget(b, 1)
        self.stage_group.idClicked.connect(self.on_stage_clicked)
        for b in self.stage_buttons:  # a segmented control: the chosen stage must read at a glance
            b.setStyleSheet(
                "QToolButton:checked { background: palette(highlight); color: palette(highlighted-text);"
                " border-color: palette(highlight); }"
            )
        grid.addLayout(stages, 2, 0, 1, 3)
        grid.setColumnStretch(1, 1)
        return box

    def _load_face(self, face: Face) -> None:
        self.emoji_button.setText(emoji_name(face.emoji).split(" (")[0])
        self.emoji_button.setIcon(QIcon(emoji_pixmap(face.emoji, 22, self.devicePixelRatioF())))
        self.emoji_picker.set_current(face.emoji)
        b = self.stage_group.button(face.crack_stage)
        if b is not None and not b.isChecked():
            b.setChecked(True)
        if self.seed_spin.value() != face.seed:
            self.seed_spin.setValue(face.seed)
        if face != self._face_shown:
            self._request_face(face)

    def _request_face(self, face: Face) -> None:
        self._face_request += 1
        self._face_shown = face
        dpr = self.devicePixelRatioF()
        self._face_pool.start(
            FaceJob(self._face_signals, self._face_request, face, max(16, round(FACE_PREVIEW_PX * dpr)))
        )

    def on_face_rendered(self, request: int, image) -> None:
        if request != self._face_request:
            return  # a newer face was asked for meanwhile
        if image is None:
            self.face_preview.setPixmap(QPixmap())
            self.face_preview.setText("?")
            return
        from .render_service import pil_to_qimage

        pm = QPixmap.fromImage(pil_to_qimage(image))
        pm.setDevicePixelRatio(self.devicePixelRatioF())
        self.face_preview.setPixmap(pm)

    def face_preview_ready(self) -> bool:
        pm = self.face_preview.pixmap()
        return pm is not None and not pm.isNull()

    def _set_face(self, **changes) -> None:
        m = self.current_message()
        if m is None or self._updating:
            return
        face = replace(m.face, **changes)
        if face != m.face:
            self.session.set_face(m.id, face)

    def on_emoji_picked(self, emoji: str) -> None:
        self._emoji_menu.close()
        self._set_face(emoji=emoji)

    def on_stage_clicked(self, stage: int) -> None:
        self._set_face(crack_stage=stage)

    def on_seed_changed(self, seed: int) -> None:
        self._set_face(seed=seed)

    def new_seed(self) -> None:
        m = self.current_message()
        if m is not None:
            seed = random.randrange(1, SEED_MAX)
            while seed == m.face.seed:
                seed = random.randrange(1, SEED_MAX)
            self._set_face(seed=seed)
