"""The matrix's full-size verdicts, its platform filter and its summary line.

A mixin of `MatrixPanel`. Verdicts come from the `VerdictService` (worker processes) and
replace the reduced-scale drafts; the summary counts what the cells show, saying "draft" while
any cell still waits for its full-size verdict.
"""

from __future__ import annotations

from . import theme
from .matrix_model import counts


class VerdictsAndFilter:
    """Verdicts, platform filter, summary line, for `MatrixPanel`."""

    def visible_platforms(self) -> set[str]:
        return set(self._platforms)

    def set_platforms(self, platforms: set[str] | None) -> None:
        """Show only formats of these platforms (None: all)."""
        allp = {p for p, _, _ in theme.PLATFORMS}
        self._platforms = set(allp if not platforms else platforms) & allp or allp
        for p, b in self.filter_buttons.items():
            b.setChecked(self._platforms == allp if p == "all" else (p in self._platforms and self._platforms != allp))
        self.apply_filters()

    def on_judged(self, verdict) -> None:
        """A full-size verdict: it replaces the draft, and is what `check` prints for the cell."""
        cell = (verdict.message, verdict.format)
        if self._verdict_tokens.get(cell) != verdict.token:
            return  # asked for inputs that have changed since
        del self._verdict_tokens[cell]
        self._pending_verdicts.discard(cell)
        if verdict.error:
            self._verdict_errors[cell] = verdict.error  # the draft stays, marked as such
        else:
            self._verdict_errors.pop(cell, None)
            self._final.add(cell)
            # asked for in the language shown (a switch re-asks every cell: older tokens are dropped)
            self._session.set_findings(verdict.message, verdict.format, verdict.findings, draft=False)
            self.model.set_findings(verdict.message, verdict.format, verdict.findings, False)
        if not self._pending_verdicts:
            self._update_subtitle()
            self.verdictsReady.emit()
        else:
            self._schedule_subtitle()

    def verdicts_ready(self) -> bool:
        """Every cell shows its full-size verdict (or has none to wait for without a service)."""
        return self._verdicts is None or (not self._pending_verdicts and not self._idle_timer.isActive())

    def _schedule_subtitle(self) -> None:
        if not self._subtitle_timer.isActive():
            self._subtitle_timer.start()

    def _update_subtitle(self) -> None:
        c = self._session.campaign
        visible = sum(1 for f in c.formats if f.platform in self._platforms)
        langs = self.model.row_languages
        text = f"{len(c.messages)} messages × {len(langs)} languages × {visible} formats" if langs else ""
        text = text or f"{len(c.messages)} messages × {visible} formats"
        if self._pending_thumbs:
            total = len(c.messages) * len(c.formats) * max(1, len(langs))
            text += f"  ·  rendering {total - len(self._pending_thumbs)}/{total}"
        else:
            errors = warnings = 0
            checked = 0
            for m in c.message_ids:
                for f in c.format_ids:
                    found = self._session.findings(m, f)
                    if found is not None:
                        checked += 1
                        e, w = counts(found)
                        errors += e
                        warnings += w
            if self._pending_checks:
                text += f"  ·  checking {checked}/{len(c.messages) * len(c.formats)}"
            elif self._pending_verdicts:
                total = len(c.messages) * len(c.formats)
                text += (
                    f"  ·  {errors} error{'s' * (errors != 1)}, {warnings} warning{'s' * (warnings != 1)}"
                    f" (draft; full size {total - len(self._pending_verdicts)}/{total})"
                )
            else:
                text += f"  ·  {errors} error{'s' * (errors != 1)}, {warnings} warning{'s' * (warnings != 1)}"
            if langs and not self._pending_checks:
                text += f" in {self.model.findings_language}"  # the checks run in the language shown
        self.subtitle.setText(text)
        self.subtitle.setToolTip(text)
