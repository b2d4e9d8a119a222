"""The error banner: a non-modal strip above the matrix for FILE:LINE:COLUMN messages."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QToolButton, QVBoxLayout, QWidget


class ErrorBanner(QFrame):
    """A non-modal strip with a FILE:LINE:COLUMN message and a dismiss button.

    Signals:
        dismissed(): the designer closed the banner
    """

    dismissed = Signal()

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("ErrorBanner")
        lay = QHBoxLayout(self)
        lay.setContentsMargins(12, 8, 6, 8)
        lay.setSpacing(10)
        icon = QLabel("⚠", self)
        icon.setStyleSheet("font-size: 14pt;")
        self.label = QLabel(self)
        self.label.setWordWrap(True)
        self.label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.hint = QLabel("Showing the last good version.", self)
        self.hint.setStyleSheet("font-size: 8pt;")
        text = QVBoxLayout()
        text.setSpacing(2)
        text.addWidget(self.label)
        text.addWidget(self.hint)
        self.close_button = QToolButton(self)
        self.close_button.setText("✕")
        self.close_button.setToolTip("Dismiss (Esc)")
        self.close_button.clicked.connect(self.dismiss)
        lay.addWidget(icon, 0, Qt.AlignmentFlag.AlignTop)
        lay.addLayout(text, 1)
        lay.addWidget(self.close_button, 0, Qt.AlignmentFlag.AlignTop)
        self.hide()

    def show_error(self, text: str) -> None:
        self.label.setText(text)
        self.show()

    def dismiss(self) -> None:
        self.hide()
        self.dismissed.emit()

    @property
    def text(self) -> str:
        return self.label.text()


__all__ = ["ErrorBanner"]
