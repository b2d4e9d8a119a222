"""The preview's print and motion controls: soft proof, paste-up joins, play / pause / scrub.

A mixin of `PreviewPanel` (like `PreviewControls`):

- Soft proof (print formats): the render shown through the press profile and back, i.e. the
  colours as a coated-paper press prints them (encode/press.py, the PDF's own conversion).
- Joins (formats with `print.panel_mm`): the paste-up panel joins drawn over the poster.
- Play / scrub (formats with `motion:`): the frame at the slider's time, rendered by the same
  storyboard export encodes (render/motion.py), inside the mockup. Playing steps the time at the
  preview's frame rate; renders are requests like any other, so a slow frame is skipped, never
  queued. At the end (or when stopped) the preview shows the still, which is the last frame.
"""

from __future__ import annotations

from PySide6.QtCore import QLineF, QSignalBlocker, Qt, QTimer
from PySide6.QtWidgets import QLabel, QSlider

from .preview_helpers import separator, tool_button

PLAY_FPS = 12  # preview frames a second while playing (export encodes at the placement's rate)


class PreviewMedia:
    """Soft proof, joins and playback state and controls, for `PreviewPanel`."""

    def _init_media(self) -> None:
        self._proof = False
        self._joins = False
        self._time_s: float | None = None  # None: the still
        self.proof_button = tool_button("Soft proof", "Print formats: the colours as the press prints them", True)
        self.joins_button = tool_button("Joins", "Posters: the paste-up panel joins", True)
        self.play_button = tool_button("▶ Play", "Animated formats: play the animation export writes", True)
        self.time_slider = QSlider(Qt.Orientation.Horizontal)
        self.time_slider.setToolTip("Scrub through the animation")
        self.time_slider.setMinimumWidth(120)
        self.time_label = QLabel()
        self.time_label.setObjectName("timeLabel")
        row = self._toolbar.layout()
        self._print_sep, self._motion_sep = separator(), separator()
        for w in (self._print_sep, self.proof_button, self.joins_button, self._motion_sep):
            row.addWidget(w)
        for w in (self.play_button, self.time_slider, self.time_label):
            row.addWidget(w)
        self._play_timer = QTimer(self, interval=round(1000 / PLAY_FPS), timeout=self._on_play_tick)
        self.proof_button.toggled.connect(self.set_soft_proof)
        self.joins_button.toggled.connect(self.set_joins_visible)
        self.play_button.toggled.connect(self.set_playing)
        self.time_slider.valueChanged.connect(self._on_slider)

    # -- public controls -----------------------------------------------------------------------
    def set_soft_proof(self, on: bool) -> None:
        on = bool(on) and self._is_print()
        with QSignalBlocker(self.proof_button):
            self.proof_button.setChecked(on)
        if on != self._proof:
            self._proof = on
            self._request_all()

    def set_joins_visible(self, on: bool) -> None:
        self._joins = bool(on) and bool(self._join_lines(self._format(0)))
        with QSignalBlocker(self.joins_button):
            self.joins_button.setChecked(self._joins)
        for p in self.canvas.plates:
            p.overlay.joins_visible = self._joins
            p.overlay.update()

    def set_time(self, seconds: float | None) -> None:
        """Show the animation's frame at `seconds` (None: the still)."""
        board = self._board()
        if board is None:
            seconds = None
        elif seconds is not None:
            seconds = min(max(0.0, seconds), board.duration_s)
        if seconds == self._time_s:
            return
        self._time_s = seconds
        with QSignalBlocker(self.time_slider):
            self.time_slider.setValue(
                round((seconds if seconds is not None else (board.duration_s if board else 0)) * 1000)
            )
        self._update_time_label()
        self._request(0, fast=self._play_timer.isActive())

    def set_playing(self, on: bool) -> None:
        on = bool(on) and self._board() is not None
        with QSignalBlocker(self.play_button):
            self.play_button.setChecked(on)
            self.play_button.setText("❚❚ Pause" if on else "▶ Play")
        if on:
            board = self._board()
            if self._time_s is None or (board and self._time_s >= board.duration_s - 1e-6):
                self.set_time(0.0)
            self._play_timer.start()
        else:
            self._play_timer.stop()

    def is_playing(self) -> bool:
        return self._play_timer.isActive()

    # -- internals -----------------------------------------------------------------------------
    def _is_print(self) -> bool:
        fmt = self._format(0)
        return fmt is not None and fmt.print_spec is not None

    def _board(self):
        fmt = self._format(0)
        if fmt is None or fmt.motion is None:
            return None
        from ..render.motion import storyboard

        mid, _ = self._target(0)
        c = self.session.campaign
        if mid not in c.message_ids:
            return None
        return storyboard(c, c.message(mid), fmt)

    def _media_request(self, i: int) -> dict:
        """What a plate's render request adds: soft proof and the animation's time (main plate only)."""
        return {"soft_proof": self._proof, "time_s": self._time_s if i == 0 else None}

    def _media_key(self, i: int) -> tuple:
        return (self._proof, self._time_s if i == 0 else None)

    @staticmethod
    def _join_lines(fmt) -> tuple[QLineF, ...]:
        """The paste-up joins of a poster in format pixels."""
        spec = getattr(fmt, "print_spec", None)
        if spec is None or spec.panel_mm is None:
            return ()
        pw, ph = spec.panel_mm
        kx, ky = fmt.width / spec.width_mm, fmt.height / spec.height_mm
        lines = [QLineF(i * pw * kx, 0, i * pw * kx, fmt.height) for i in range(1, int(spec.width_mm / pw + 1e-6))]
        lines += [QLineF(0, j * ph * ky, fmt.width, j * ph * ky) for j in range(1, int(spec.height_mm / ph + 1e-6))]
        return tuple(ln for ln in lines if 0 < ln.x1() < fmt.width or 0 < ln.y1() < fmt.height)

    def _sync_media_controls(self) -> None:
        fmt = self._format(0)
        printable = self._is_print()
        self.proof_button.setVisible(printable)
        if not printable and self._proof:
            self.set_soft_proof(False)
        joins = bool(self._join_lines(fmt))
        self.joins_button.setVisible(joins)
        if not joins and self._joins:
            self.set_joins_visible(False)
        self._print_sep.setVisible(printable or joins)
        board = self._board()
        self._motion_sep.setVisible(board is not None)
        for w in (self.play_button, self.time_slider, self.time_label):
            w.setVisible(board is not None)
        if board is None:
            self.set_playing(False)
            self._time_s = None
        else:
            with QSignalBlocker(self.time_slider):
                self.time_slider.setRange(0, round(board.duration_s * 1000))
                self.time_slider.setValue(
                    round((self._time_s if self._time_s is not None else board.duration_s) * 1000)
                )
        self._update_time_label()

    def _update_time_label(self) -> None:
        board = self._board()
        if board is None:
            self.time_label.setText("")
            return
        t = board.duration_s if self._time_s is None else self._time_s
        self.time_label.setText(f"{t:4.1f} / {board.duration_s:g} s")

    def _on_slider(self, value: int) -> None:
        self.set_time(value / 1000)

    def _on_play_tick(self) -> None:
        board = self._board()
        if board is None:
            self.set_playing(False)
            return
        t = (self._time_s or 0.0) + 1 / PLAY_FPS
        if t >= board.duration_s:
            self.set_playing(False)
            self.set_time(None)  # the end card: the still, sharp
            return
        self.set_time(t)
