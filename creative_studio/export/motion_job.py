"""The animation of one cell: a GIF or MP4 per the format's motion spec, checked over time.

Export calls this in the same worker task as the cell's PNG (the end card is that PNG's picture),
so the animation passes the same gate as its still.
"""

from __future__ import annotations

from dataclasses import dataclass

from ..checks.findings import Finding
from ..model.types import Campaign


@dataclass(frozen=True)
class MotionFile:
    kind: str  # gif | mp4
    data: bytes
    duration_s: float
    fps: float
    plays: int
    findings: tuple[Finding, ...]


def motion_file(campaign: Campaign, message_id: str, format_id: str, language: str | None = None) -> MotionFile:
    """Encode and check the animation of one message on one format (deterministic bytes)."""
    from ..checks import run_checks
    from ..checks.motion import Play, check_play
    from ..render.engine import render_message
    from ..render.motion import FrameSource

    msg = campaign.message(message_id)
    fmt = campaign.format(format_id)
    spec = fmt.motion
    if spec is None:
        raise ValueError(f"{format_id} takes no animation")

    def runs_at(rate: float):
        src = FrameSource(campaign, msg, fmt, 1.0, fps=rate, language=language)
        return [(src.image(k), n) for k, n in src.runs()]

    src = FrameSource(campaign, msg, fmt, 1.0, language=language)
    still = render_message(campaign, msg, fmt, 0.1, language)
    last_has_cta = src.key(src.board.frames - 1)[2] == 1.0 and still.block("cta") is not None
    if spec.file == "gif":
        from ..encode.gif import encode_gif

        gif = encode_gif(runs_at, spec.fps, spec.max_bytes, spec.max_s)
        play = Play("gif", gif.fps, gif.durations_ms, gif.duration_s, gif.plays, len(gif.data), last_has_cta)
        runs, data, fps, plays = list(gif.runs), gif.data, gif.fps, gif.plays
    else:
        from ..encode.mp4 import encode_mp4

        runs = runs_at(spec.fps)
        mp4 = encode_mp4(runs, spec.fps, audio=spec.audio == "silent")
        play = Play("mp4", spec.fps, (), mp4.duration_s, 1, len(mp4.data), last_has_cta)
        data, fps, plays = mp4.data, spec.fps, 1
    findings = check_play(message_id, fmt, play, runs)
    # Safe zones and contrast on the picture where the slogan shows alone (the end card is the still).
    from dataclasses import replace

    result = render_message(campaign, msg, fmt, 1.0, language, hide=frozenset({"cta", "hashtag"}))
    for f in run_checks(campaign, result):
        if f.rule in ("safe-zone", "contrast"):
            findings.append(replace(f, text=f.text + " (in the animation, while the slogan shows alone)"))
    return MotionFile(spec.file, data, play.duration_s, fps, plays, tuple(findings))
