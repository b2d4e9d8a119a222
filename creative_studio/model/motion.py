"""Motion: what a placement accepts as animation (per format) and how the campaign wants it (campaign).

A format's `motion:` block says what file the placement takes and its limits; the campaign's
`motion:` block sets the storyboard's timing. Both are optional: a campaign without one uses the
defaults below, a format without one gets no animation.

    formats.yaml                                   CAMPAIGN.yaml
      snapchat-snap-ad:                              campaign: ...
        motion: {file: mp4, fps: 30,                 motion: {duration_s: 6, intact_s: 0.8, end_s: 2}
                 duration_s: [3, 180],
                 audio: silent, max_bytes: 1073741824}
"""

from __future__ import annotations

from dataclasses import dataclass

MOTION_FILES = ("gif", "mp4")
AUDIO = ("none", "silent")


@dataclass(frozen=True)
class MotionSpec:
    """What one placement accepts as animation."""

    file: str  # gif | mp4
    fps: float  # the frame rate to encode at (a GIF's is its highest: every frame >= 1/fps s)
    min_s: float
    max_s: float  # the longest a play may last (a GIF: all its plays together)
    max_bytes: int
    audio: str = "none"  # none | silent (an AAC track of silence, for placements that expect sound)
    reduced: bool = False  # the owner allows only subtle motion (no fast changes, no flashing)
    source: str = ""


@dataclass(frozen=True)
class MotionSettings:
    """The campaign's storyboard timing: how long, how long the intact face and the end card hold."""

    duration_s: float = 6.0
    intact_s: float = 0.8
    end_s: float = 2.0


def parse_spec(d: dict) -> MotionSpec:
    lo, hi = d["duration_s"]
    return MotionSpec(
        file=d["file"],
        fps=float(d["fps"]),
        min_s=float(lo),
        max_s=float(hi),
        max_bytes=int(d["max_bytes"]),
        audio=d.get("audio", "none"),
        reduced=bool(d.get("reduced", False)),
        source=d.get("source", ""),
    )


def parse_settings(d: dict | None) -> MotionSettings:
    if not d:
        return MotionSettings()
    base = MotionSettings()
    return MotionSettings(
        duration_s=float(d.get("duration_s", base.duration_s)),
        intact_s=float(d.get("intact_s", base.intact_s)),
        end_s=float(d.get("end_s", base.end_s)),
    )
