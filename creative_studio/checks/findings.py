"""A finding: one problem one rule saw on one render."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Finding:
    rule: str
    severity: str  # "error" | "warning"
    message: str  # message id
    format: str  # format id
    text: str  # what is wrong and how to fix it, for a designer
    box: tuple[int, int, int, int] | None = None  # x0, y0, x1, y1 in pixels at scale 1
    language: str = ""  # the language of the render judged ("" when not known)

    def to_json(self) -> dict:
        d: dict[str, object] = {
            "rule": self.rule,
            "severity": self.severity,
            "message": self.message,
            "format": self.format,
            "text": self.text,
        }
        if self.box is not None:
            d["box"] = list(self.box)
        if self.language:
            d["language"] = self.language
        return d
