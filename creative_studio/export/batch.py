"""Batch export: every message x format rendered at full size in worker processes, with a manifest.

Rendering and PNG encoding are CPU-bound Pillow work, so the batch runs in a process pool (one
worker per core by default), largest canvases first so the pool stays busy to the end. The
campaign is sent to each worker once. Each worker renders, runs the checks on that very render,
encodes within the byte budget and writes the file atomically; the parent only collects results,
reports progress and writes the manifest.
"""

from __future__ import annotations

import hashlib
import json
import multiprocessing
import os
import sys
from collections.abc import Callable, Iterable
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait
from dataclasses import asdict, dataclass, field
from pathlib import Path

from .. import __version__
from ..base.atomic import write_text_atomic
from ..encode.png import BudgetError, encode_for_format
from ..model.types import Campaign, Message

MANIFEST = "manifest.json"


class UnsafePathError(Exception):
    pass


def safe_join(root: Path, *parts: str) -> Path:
    """Join names taken from files under root, refusing anything that would land outside it."""
    for p in parts:
        if not p or p in (".", "..") or "/" in p or "\\" in p or "\x00" in p or p.startswith("."):
            raise UnsafePathError(f"refusing the name {p!r}: it could place a file outside {root}")
    root_r = root.resolve()
    out = root_r.joinpath(*parts)
    if not out.resolve().is_relative_to(root_r):
        raise UnsafePathError(f"refusing {out}: it is outside the output folder {root_r}")
    return out


def alt_text(message: Message) -> str:
    """The alt text the designer wrote, or "" (never invented: a guess describing another face
    would be read aloud as fact; the missing-alt-text check warns instead)."""
    return message.alt_text


@dataclass
class FileResult:
    message: str
    format: str
    platform: str
    path: str  # relative to the output folder
    width: int = 0
    height: int = 0
    bytes: int = 0
    sha256: str = ""
    encoding: str = ""
    written: bool = False
    error: str = ""
    skipped: str = ""  # why it was deliberately not written (e.g. not approved)
    checks: dict[str, int] = field(default_factory=lambda: {"errors": 0, "warnings": 0})
    findings: list[dict] = field(default_factory=list)
    type: str = "png"  # png | pdf (and gif | mp4 for motion)
    extra: dict = field(default_factory=dict)  # type-specific manifest fields (e.g. a PDF's trim size)
    companions: list[FileResult] = field(default_factory=list)  # other files of the same cell (the print PDF)


# -- the worker side ------------------------------------------------------------------------

_CAMPAIGN: Campaign | None = None


def _init_worker(campaign: Campaign) -> None:
    global _CAMPAIGN
    _CAMPAIGN = campaign
    from PIL import Image

    # Our own outputs may exceed Pillow's decompression-bomb limit (a 96-sheet is 52 MP);
    # this is raised only inside export workers, never for files we read as input.
    Image.MAX_IMAGE_PIXELS = None


def render_png(campaign: Campaign, message_id: str, format_id: str) -> tuple[bytes, object, str]:
    """Render at full size and encode exactly as export does: (bytes, render result, method)."""
    from ..render import render_detailed

    result = render_detailed(campaign, message_id, format_id, 1.0)
    meta = {
        "Software": f"creative-studio {__version__}",
        "Title": f"{campaign.id} / {message_id} / {format_id}",
        "Campaign": campaign.id,
        "Message": message_id,
        "Format": format_id,
    }
    enc = encode_for_format(result.image, result.format, meta)
    return enc.data, result, enc.method


def export_one(
    message_id: str,
    format_id: str,
    outdir: str,
    allow_errors: bool,
    approved: frozenset[str] | None,
    campaign: Campaign | None = None,
    print_pdf: bool = False,
    marks: bool = False,
    motion: bool = False,
) -> FileResult:
    campaign = campaign or _CAMPAIGN
    assert campaign is not None
    fmt = campaign.format(format_id)
    rel = f"{campaign.id}/{message_id}/{format_id}.png"
    res = FileResult(message=message_id, format=format_id, platform=fmt.platform, path=rel)
    try:
        target = safe_join(Path(outdir), campaign.id, message_id, f"{format_id}.png")
        from ..checks import run_checks

        try:
            data, result, method = render_png(campaign, message_id, format_id)
            size_error = ""
        except BudgetError as exc:
            data, result, method, size_error = b"", None, "", str(exc)
        if result is None:
            from ..render import render_detailed

            result = render_detailed(campaign, message_id, format_id, 1.0)
        findings = run_checks(campaign, result, png_bytes=len(data) if data else None, budget_error=size_error or None)
        res.findings = [f.to_json() for f in findings]
        res.checks = {
            "errors": sum(f.severity == "error" for f in findings),
            "warnings": sum(f.severity == "warning" for f in findings),
        }
        res.width, res.height = result.image.size
        del result
        if size_error:
            res.error = size_error
            return res
        res.bytes = len(data)
        res.sha256 = hashlib.sha256(data).hexdigest()
        res.encoding = method
        if approved is not None and res.sha256 not in approved:
            res.skipped = "not approved (or the approval is stale)"
            return res
        if res.checks["errors"] and not allow_errors:
            rules = sorted({f.rule for f in findings if f.severity == "error"})
            res.error = (
                f"not written: {res.checks['errors']} check error(s) ({', '.join(rules)}); "
                "fix them or export with --allow-errors"
            )
            return res
        from ..base.atomic import write_bytes_atomic

        write_bytes_atomic(target, data)
        res.written = True
        if print_pdf and fmt.print_spec is not None:
            res.companions.append(_export_pdf(campaign, res, outdir, approved, marks))
        if motion and fmt.motion is not None:
            res.companions.append(_export_motion(campaign, res, outdir, approved, allow_errors))
    except Exception as exc:  # noqa: BLE001 - one bad render must not sink the batch
        res.error = f"{type(exc).__name__}: {exc}"
    return res


def _export_motion(
    campaign: Campaign, png: FileResult, outdir: str, approved: frozenset[str] | None, allow_errors: bool
) -> FileResult:
    """The animation beside a written PNG (GIF or MP4 per the format), checked over time."""
    from .motion_job import motion_file

    fmt = campaign.format(png.format)
    assert fmt.motion is not None
    kind = fmt.motion.file
    rel = f"{campaign.id}/{png.message}/{png.format}.{kind}"
    res = FileResult(message=png.message, format=png.format, platform=png.platform, path=rel, type=kind)
    try:
        target = safe_join(Path(outdir), campaign.id, png.message, f"{png.format}.{kind}")
        mf = motion_file(campaign, png.message, png.format)
        res.width, res.height = png.width, png.height
        res.bytes = len(mf.data)
        res.sha256 = hashlib.sha256(mf.data).hexdigest()
        res.encoding = (
            "gif" if kind == "gif" else "h264 yuv420p" + (" + silent aac" if fmt.motion.audio == "silent" else "")
        )
        res.findings = [f.to_json() for f in mf.findings]
        res.checks = {
            "errors": sum(f.severity == "error" for f in mf.findings),
            "warnings": sum(f.severity == "warning" for f in mf.findings),
        }
        res.extra = {"duration_s": round(mf.duration_s, 3), "fps": round(mf.fps, 3)}
        if kind == "gif":
            res.extra["plays"] = mf.plays
        if fmt.motion.reduced:
            res.extra["static_backup"] = png.path
        if approved is not None and res.sha256 not in approved:
            res.skipped = "not approved (or the approval is stale)"
            return res
        if res.checks["errors"] and not allow_errors:
            rules = sorted({f.rule for f in mf.findings if f.severity == "error"})
            res.error = f"not written: {res.checks['errors']} check error(s) ({', '.join(rules)})"
            return res
        from ..base.atomic import write_bytes_atomic

        write_bytes_atomic(target, mf.data)
        res.written = True
    except Exception as exc:  # noqa: BLE001 - a failed animation must not sink the batch
        from ..encode.mp4 import VideoUnavailable

        res.error = str(exc) if isinstance(exc, VideoUnavailable) else f"{type(exc).__name__}: {exc}"
    return res


def _export_pdf(
    campaign: Campaign, png: FileResult, outdir: str, approved: frozenset[str] | None, marks: bool
) -> FileResult:
    """The print PDF beside a written PNG: same gate, preflighted before it is written."""
    from .print_job import preflight_problems, print_pdf, supplied_trim_mm

    fmt = campaign.format(png.format)
    rel = f"{campaign.id}/{png.message}/{png.format}.pdf"
    res = FileResult(
        message=png.message, format=png.format, platform=png.platform, path=rel, type="pdf", checks=dict(png.checks)
    )
    try:
        target = safe_join(Path(outdir), campaign.id, png.message, f"{png.format}.pdf")
        data = print_pdf(campaign, png.message, png.format, marks)
        res.width, res.height = png.width, png.height
        res.bytes = len(data)
        res.sha256 = hashlib.sha256(data).hexdigest()
        res.encoding = "pdf/x-4 cmyk"
        w_mm, h_mm = supplied_trim_mm(fmt)
        res.extra = {
            "trim_mm": [round(w_mm, 3), round(h_mm, 3)],
            "bleed_mm": fmt.print_spec.bleed_mm if fmt.print_spec else 0,
        }
        if approved is not None and res.sha256 not in approved:
            res.skipped = "not approved (or the approval is stale)"
            return res
        problems = preflight_problems(data, fmt, target.name)
        if problems:
            res.error = "not written: preflight failed: " + "; ".join(problems)
            return res
        from ..base.atomic import write_bytes_atomic

        write_bytes_atomic(target, data)
        res.written = True
    except Exception as exc:  # noqa: BLE001 - a failed PDF must not sink the batch
        res.error = f"{type(exc).__name__}: {exc}"
    return res


# -- the parent side ------------------------------------------------------------------------


@dataclass
class BatchResult:
    files: list[FileResult]
    manifest_path: Path | None
    cancelled: bool = False

    @property
    def failed(self) -> list[FileResult]:
        return [f for f in self.files if f.error]


def _mp_context() -> multiprocessing.context.BaseContext:
    # fork is fastest, but forking a process that runs Qt threads is unsafe: spawn there.
    if "PySide6" in sys.modules or sys.platform != "linux":
        return multiprocessing.get_context("spawn")
    return multiprocessing.get_context("fork")


def export_batch(
    campaign: Campaign,
    outdir: str | Path,
    message_ids: Iterable[str] | None = None,
    format_ids: Iterable[str] | None = None,
    jobs: int | None = None,
    allow_errors: bool = False,
    approved: dict[tuple[str, str], frozenset[str]] | None = None,
    review_status: Callable[[str, str, str], str] | None = None,
    progress: Callable[[int, int, FileResult], None] | None = None,
    cancelled: Callable[[], bool] | None = None,
    print_pdf: bool = False,
    marks: bool = False,
    motion: bool = False,
) -> BatchResult:
    """Export message x format PNGs to outdir and write outdir/manifest.json.

    `approved` maps (message, format) to the sha256s a reviewer approved: when given, only
    renders whose bytes match are written (export --approved-only). `review_status(msg, fmt,
    sha)` supplies each file's review state for the manifest. `print_pdf` adds a PDF/X-4 beside
    the PNG of every print format (`marks`: with crop marks); `motion` adds the GIF or MP4 of every
    format that takes animation.
    """
    outdir = Path(outdir)
    outdir.mkdir(parents=True, exist_ok=True)
    mids = list(message_ids) if message_ids else list(campaign.message_ids)
    fids = list(format_ids) if format_ids else list(campaign.format_ids)
    for m in mids:
        campaign.message(m)
    for f in fids:
        campaign.format(f)
    work = [(m, f) for m in mids for f in fids]
    # Largest first: the long poster renders start early and small ones fill the gaps.
    work.sort(key=lambda mf: -(campaign.format(mf[1]).width * campaign.format(mf[1]).height))
    jobs = max(1, jobs or os.cpu_count() or 1)
    results: list[FileResult] = []
    total = len(work)
    was_cancelled = False

    def gate(m: str, f: str) -> frozenset[str] | None:
        if approved is None:
            return None
        return approved.get((m, f), frozenset())

    if jobs == 1:
        for m, f in work:
            if cancelled and cancelled():
                was_cancelled = True
                break
            r = export_one(m, f, str(outdir), allow_errors, gate(m, f), campaign, print_pdf, marks, motion)
            results.append(r)
            if progress:
                progress(len(results), total, r)
    else:
        with ProcessPoolExecutor(
            max_workers=min(jobs, total or 1), mp_context=_mp_context(), initializer=_init_worker, initargs=(campaign,)
        ) as pool:
            pending: set[Future] = {
                pool.submit(export_one, m, f, str(outdir), allow_errors, gate(m, f), None, print_pdf, marks, motion)
                for m, f in work
            }
            while pending:
                done, pending = wait(pending, timeout=0.1, return_when=FIRST_COMPLETED)
                for fut in done:
                    if fut.cancelled():
                        continue
                    r = fut.result()
                    results.append(r)
                    if progress:
                        progress(len(results), total, r)
                if cancelled and cancelled() and not was_cancelled:
                    was_cancelled = True
                    for fut in pending:
                        fut.cancel()
                    pending = {p for p in pending if not p.cancelled()}
    order = {(m, f): i for i, (m, f) in enumerate((m, f) for m in mids for f in fids)}
    results.sort(key=lambda r: order[(r.message, r.format)])
    results = [x for r in results for x in (r, *r.companions)]
    manifest = write_manifest(campaign, outdir, results, review_status)
    return BatchResult(results, manifest, was_cancelled)


def manifest_dict(
    campaign: Campaign, results: list[FileResult], review_status: Callable[[str, str, str], str] | None = None
) -> dict:
    files = []
    failed = []
    for r in results:
        if r.written:
            msg = campaign.message(r.message)
            files.append(
                {
                    "path": r.path,
                    "message": r.message,
                    "format": r.format,
                    "platform": r.platform,
                    "width": r.width,
                    "height": r.height,
                    "bytes": r.bytes,
                    "sha256": r.sha256,
                    "alt_text": alt_text(msg),
                    "review": review_status(r.message, r.format, r.sha256) if review_status else "pending",
                    "checks": r.checks,
                    "encoding": r.encoding,
                    "type": r.type,
                    **r.extra,
                }
            )
        else:
            failed.append(
                {
                    "message": r.message,
                    "format": r.format,
                    "type": r.type,
                    "error": r.error or "",
                    "skipped": r.skipped or "",
                    "checks": r.checks,
                }
            )
    return {
        "campaign": campaign.id,
        "campaign_sha256": campaign.sha256,
        "generator": f"creative-studio {__version__}",
        "files": files,
        "not_written": failed,
    }


def write_manifest(
    campaign: Campaign,
    outdir: Path,
    results: list[FileResult],
    review_status: Callable[[str, str, str], str] | None = None,
) -> Path:
    path = outdir / MANIFEST
    write_text_atomic(
        path, json.dumps(manifest_dict(campaign, results, review_status), indent=2, ensure_ascii=False) + "\n"
    )
    return path


__all__ = [
    "BatchResult",
    "FileResult",
    "MANIFEST",
    "UnsafePathError",
    "alt_text",
    "asdict",
    "export_batch",
    "export_one",
    "manifest_dict",
    "render_png",
    "safe_join",
    "write_manifest",
]
