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
import os
from collections.abc import Callable, Iterable
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from .. import __version__
from ..base.atomic import remove_dead_temp_files, write_text_atomic
from ..base.outputs import DiskFullError, OutputError, check_output_path
from ..base.pool import Failed, Lost, mp_context, run_tasks
from ..encode.png import BudgetError, encode_for_format
from ..model.types import Campaign, Message

if TYPE_CHECKING:  # the engine is imported lazily: a worker pays for it only when it renders
    from ..render.engine import RenderResult

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
    language: str = ""
    width: int = 0
    height: int = 0
    bytes: int = 0
    sha256: str = ""
    encoding: str = ""
    written: bool = False
    error: str = ""
    skipped: str = ""  # why it was deliberately not written (e.g. not approved)
    disk_full: str = ""  # the path that hit a full disk: the whole batch stops
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


def render_png(
    campaign: Campaign, message_id: str, format_id: str, language: str | None = None
) -> tuple[bytes, RenderResult, str]:
    """Render at full size and encode exactly as export does: (bytes, render result, method).

    A language other than the default is named in the PNG's metadata, so its bytes differ from
    the default language's even where every text fell back: a sign-off binds one language only.
    The default language's bytes are what they were before languages existed.
    """
    from ..render import render_detailed

    result = render_detailed(campaign, message_id, format_id, 1.0, language)
    meta = {
        "Software": f"creative-studio {__version__}",
        "Title": f"{campaign.id} / {message_id} / {format_id}",
        "Campaign": campaign.id,
        "Message": message_id,
        "Format": format_id,
    }
    if result.language != campaign.default_language:
        meta["Title"] += f" / {result.language}"
        meta["Language"] = result.language
    enc = encode_for_format(result.image, result.format, meta)
    return enc.data, result, enc.method


def export_parts(campaign: Campaign, message_id: str, format_id: str, language: str) -> tuple[str, ...]:
    """Where a file goes under the output folder, as path parts.

    A campaign in one language keeps the layout it always had: CAMPAIGN/MESSAGE/FORMAT.png. A
    campaign in several gives every language its own folder, the default one too:
    CAMPAIGN/LANGUAGE/MESSAGE/FORMAT.png, so each language's files can be handed over as one
    folder and no message id can collide with a language code.
    """
    parts = (campaign.id, message_id, f"{format_id}.png")
    return (campaign.id, language, *parts[1:]) if campaign.multilingual else parts


def export_one(
    message_id: str,
    format_id: str,
    outdir: str,
    allow_errors: bool,
    approved: frozenset[str] | None,
    campaign: Campaign | None = None,
    language: str | None = None,
    print_pdf: bool = False,
    marks: bool = False,
    motion: bool = False,
    protected: frozenset[Path] = frozenset(),
) -> FileResult:
    campaign = campaign or _CAMPAIGN
    assert campaign is not None
    fmt = campaign.format(format_id)
    lang = campaign.language(language)
    parts = export_parts(campaign, message_id, format_id, lang)
    res = FileResult(message=message_id, format=format_id, platform=fmt.platform, path="/".join(parts), language=lang)
    try:
        target = safe_join(Path(outdir), *parts)
        from ..checks import run_checks

        result: RenderResult | None
        try:
            data, result, method = render_png(campaign, message_id, format_id, lang)
            size_error = ""
        except BudgetError as exc:
            data, result, method, size_error = b"", None, "", str(exc)
        if result is None:
            from ..render import render_detailed

            result = render_detailed(campaign, message_id, format_id, 1.0, lang)
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

        check_output_path(target, protected)
        write_bytes_atomic(target, data)
        res.written = True
        if print_pdf and fmt.print_spec is not None:
            res.companions.append(_export_pdf(campaign, res, outdir, approved, marks, protected))
        if motion and fmt.motion is not None:
            res.companions.append(_export_motion(campaign, res, outdir, approved, allow_errors, protected))
    except DiskFullError as exc:
        res.error = exc.sentence
        res.disk_full = exc.path
    except OutputError as exc:
        res.error = exc.sentence
    except Exception as exc:  # noqa: BLE001 - one bad render must not sink the batch
        res.error = f"{type(exc).__name__}: {exc}"
    return res


def _companion(
    campaign: Campaign,
    png: FileResult,
    outdir: str,
    approved: frozenset[str] | None,
    protected: frozenset[Path],
    kind: str,
    make,
    plain_errors: tuple[type[Exception], ...] = (),
) -> FileResult:
    """Another file of a written PNG's cell (its print PDF, its animation), under the same gate.

    `make(res, target) -> (bytes, refusal)` fills the kind's own fields of `res` and returns the
    file's bytes and, when it must not be written, why. The file is written only when its own hash
    was approved (with `approved`) and there is no refusal; errors of `plain_errors` are reported
    by their sentence alone.
    """
    parts = export_parts(campaign, png.message, png.format, png.language)
    parts = (*parts[:-1], f"{png.format}.{kind}")
    res = FileResult(
        message=png.message,
        format=png.format,
        platform=png.platform,
        path="/".join(parts),
        type=kind,
        language=png.language,
    )
    try:
        target = safe_join(Path(outdir), *parts)
        data, refusal = make(res, target)
        res.width, res.height = png.width, png.height
        res.bytes = len(data)
        res.sha256 = hashlib.sha256(data).hexdigest()
        if approved is not None and res.sha256 not in approved:
            res.skipped = "not approved (or the approval is stale)"
            return res
        if refusal:
            res.error = refusal
            return res
        from ..base.atomic import write_bytes_atomic

        check_output_path(target, protected)
        write_bytes_atomic(target, data)
        res.written = True
    except DiskFullError as exc:
        res.error = exc.sentence
        res.disk_full = exc.path
    except OutputError as exc:
        res.error = exc.sentence
    except Exception as exc:  # noqa: BLE001 - a failed companion file must not sink the batch
        res.error = str(exc) if isinstance(exc, plain_errors) else f"{type(exc).__name__}: {exc}"
    return res


def _export_motion(
    campaign: Campaign,
    png: FileResult,
    outdir: str,
    approved: frozenset[str] | None,
    allow_errors: bool,
    protected: frozenset[Path] = frozenset(),
) -> FileResult:
    """The animation beside a written PNG (GIF or MP4 per the format), checked over time."""
    from ..encode.mp4 import VideoUnavailable
    from .motion_job import motion_file

    fmt = campaign.format(png.format)
    spec = fmt.motion
    assert spec is not None

    def make(res: FileResult, target: Path) -> tuple[bytes, str]:
        mf = motion_file(campaign, png.message, png.format, png.language)
        res.encoding = (
            "gif" if spec.file == "gif" else "h264 yuv420p" + (" + silent aac" if spec.audio == "silent" else "")
        )
        res.findings = [f.to_json() for f in mf.findings]
        res.checks = {
            "errors": sum(f.severity == "error" for f in mf.findings),
            "warnings": sum(f.severity == "warning" for f in mf.findings),
        }
        res.extra = {"duration_s": round(mf.duration_s, 3), "fps": round(mf.fps, 3)}
        if spec.file == "gif":
            res.extra["plays"] = mf.plays
        if spec.reduced:
            res.extra["static_backup"] = png.path
        refusal = ""
        if res.checks["errors"] and not allow_errors:
            rules = sorted({f.rule for f in mf.findings if f.severity == "error"})
            refusal = f"not written: {res.checks['errors']} check error(s) ({', '.join(rules)})"
        return mf.data, refusal

    return _companion(campaign, png, outdir, approved, protected, spec.file, make, (VideoUnavailable,))


def _export_pdf(
    campaign: Campaign,
    png: FileResult,
    outdir: str,
    approved: frozenset[str] | None,
    marks: bool,
    protected: frozenset[Path] = frozenset(),
) -> FileResult:
    """The print PDF beside a written PNG: same gate, preflighted before it is written."""
    from .print_job import preflight_problems, print_pdf, supplied_trim_mm

    fmt = campaign.format(png.format)

    def make(res: FileResult, target: Path) -> tuple[bytes, str]:
        res.checks = dict(png.checks)  # the PDF shows the PNG's picture: its checks are the PNG's
        data = print_pdf(campaign, png.message, png.format, marks, png.language)
        res.encoding = "pdf/x-4 cmyk"
        w_mm, h_mm = supplied_trim_mm(fmt)
        res.extra = {
            "trim_mm": [round(w_mm, 3), round(h_mm, 3)],
            "bleed_mm": fmt.print_spec.bleed_mm if fmt.print_spec else 0,
        }
        problems = preflight_problems(data, fmt, target.name)
        return data, ("not written: preflight failed: " + "; ".join(problems)) if problems else ""

    return _companion(campaign, png, outdir, approved, protected, "pdf", make)


# -- the parent side ------------------------------------------------------------------------


@dataclass
class BatchResult:
    files: list[FileResult]
    manifest_path: Path | None
    cancelled: bool = False

    @property
    def failed(self) -> list[FileResult]:
        return [f for f in self.files if f.error]


_mp_context = mp_context  # older name, kept for callers outside this package


def export_batch(
    campaign: Campaign,
    outdir: str | Path,
    message_ids: Iterable[str] | None = None,
    format_ids: Iterable[str] | None = None,
    jobs: int | None = None,
    allow_errors: bool = False,
    approved: dict[tuple, frozenset[str]] | None = None,
    review_status: Callable[..., str] | None = None,
    progress: Callable[[int, int, FileResult], None] | None = None,
    cancelled: Callable[[], bool] | None = None,
    languages: Iterable[str] | None = None,
    print_pdf: bool = False,
    marks: bool = False,
    motion: bool = False,
    protected: Iterable[Path] = (),
    review_file: dict | None = None,
) -> BatchResult:
    """Export message x format x language PNGs to outdir and write outdir/manifest.json.

    `languages` defaults to every language of the campaign. `approved` maps (message, format,
    language) (or (message, format) for the default language) to the sha256s a reviewer
    approved: when given, only renders whose bytes match are written (export --approved-only).
    `review_status(msg, fmt, sha, language)` supplies each file's review state for the manifest,
    `review_file` the history those states were read from (review.store.manifest_binding).
    `print_pdf` adds a PDF/X-4 beside the PNG of every print format (`marks`: with crop marks);
    `motion` adds the GIF or MP4 of every format that takes animation.
    No path in `protected` (the campaign, its catalogue and review files) is ever replaced.

    Faults: a worker that dies fails only the file it was making (listed under not_written
    with the reason). The old manifest is removed before the first file is written and the new
    one written last, so a killed export never leaves a manifest describing bytes not on disk;
    temp files of a killed earlier export are removed first. A full disk stops the batch and
    raises DiskFullError (after writing the manifest of what was written, if it still fits).
    """
    mids = list(message_ids) if message_ids else list(campaign.message_ids)
    fids = list(format_ids) if format_ids else list(campaign.format_ids)
    langs = [campaign.language(x) for x in dict.fromkeys(languages)] if languages else list(campaign.languages)
    for m in mids:
        campaign.message(m)
    for f in fids:
        campaign.format(f)
    outdir = Path(outdir)
    protected = frozenset(Path(p) for p in protected)
    manifest_path = outdir / MANIFEST
    check_output_path(manifest_path, protected)
    try:
        outdir.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise OutputError(outdir, f"cannot make the output folder ({exc.strerror})", exc.errno or 0) from None
    # A previous export killed part-way: its manifest may describe files it never finished.
    try:
        manifest_path.unlink()
    except FileNotFoundError:
        pass
    remove_dead_temp_files(outdir, recursive=False)
    if (outdir / campaign.id).is_dir():
        remove_dead_temp_files(outdir / campaign.id)
    work = [(m, f, lang) for lang in langs for m in mids for f in fids]
    # Largest first: the long poster renders start early and small ones fill the gaps.
    work.sort(key=lambda mfl: -(campaign.format(mfl[1]).width * campaign.format(mfl[1]).height))
    jobs = max(1, jobs or os.cpu_count() or 1)
    results: list[FileResult] = []
    total = len(work)
    was_cancelled = False

    def gate(m: str, f: str, lang: str) -> frozenset[str] | None:
        if approved is None:
            return None
        got = approved.get((m, f, lang))
        if got is None and lang == campaign.default_language:
            got = approved.get((m, f))
        return got or frozenset()

    disk_full: list[str] = []

    def collect(r: FileResult) -> None:
        results.append(r)
        disk_full.extend(x.disk_full for x in (r, *r.companions) if x.disk_full)
        if progress:
            progress(len(results), total, r)

    def stop() -> bool:
        nonlocal was_cancelled
        if cancelled and cancelled():
            was_cancelled = True
        return was_cancelled or bool(disk_full)

    if jobs == 1:
        for m, f, lang in work:
            if stop():
                break
            collect(
                export_one(
                    m,
                    f,
                    str(outdir),
                    allow_errors,
                    gate(m, f, lang),
                    campaign,
                    lang,
                    print_pdf,
                    marks,
                    motion,
                    protected,
                )
            )
    else:

        def lost(m: str, f: str, lang: str, why: str) -> FileResult:
            parts = export_parts(campaign, m, f, lang)
            r = FileResult(
                message=m, format=f, platform=campaign.format(f).platform, path="/".join(parts), language=lang
            )
            r.error = why
            return r

        def outcome(i: int, out: object) -> None:
            m, f, lang = work[i]
            if isinstance(out, FileResult):
                collect(out)
            elif isinstance(out, Lost):
                collect(lost(m, f, lang, f"not written: {out.reason}"))
            elif isinstance(out, Failed):
                collect(lost(m, f, lang, f"{type(out.exception).__name__}: {out.exception}"))

        run_tasks(
            export_one,
            [
                (m, f, str(outdir), allow_errors, gate(m, f, lang), None, lang, print_pdf, marks, motion, protected)
                for m, f, lang in work
            ],
            jobs=min(jobs, total or 1),
            initializer=_init_worker,
            initargs=(campaign,),
            on_outcome=outcome,
            cancelled=stop,
        )
    if disk_full:  # the files never attempted are not written either
        seen = {(r.message, r.format, r.language) for r in results}
        for m, f, lang in work:
            if (m, f, lang) not in seen:
                parts = export_parts(campaign, m, f, lang)
                r = FileResult(m, f, campaign.format(f).platform, "/".join(parts), language=lang)
                r.error = "not written: the export stopped because the disk is full"
                results.append(r)
    order = {(m, f, lang): i for i, (m, f, lang) in enumerate((m, f, x) for x in langs for m in mids for f in fids)}
    results.sort(key=lambda r: order[(r.message, r.format, r.language)])
    results = [x for r in results for x in (r, *r.companions)]
    if disk_full:
        try:
            write_manifest(campaign, outdir, results, review_status, review_file)
        except OSError:
            pass  # the disk is full: no manifest is better than a half one (writes are atomic)
        raise DiskFullError(disk_full[0])
    manifest = write_manifest(campaign, outdir, results, review_status, review_file)
    return BatchResult(results, manifest, was_cancelled)


def _review(review_status: Callable[..., str] | None, r: FileResult, default: str) -> str:
    if review_status is None:
        return "pending"
    if r.language and r.language != default:
        return review_status(r.message, r.format, r.sha256, r.language)
    return review_status(r.message, r.format, r.sha256)


def manifest_dict(
    campaign: Campaign,
    results: list[FileResult],
    review_status: Callable[..., str] | None = None,
    review_file: dict | None = None,
) -> dict:
    from ..model.variants import resolve_copy

    files = []
    failed = []
    for r in results:
        lang = r.language or campaign.default_language
        if r.written:
            msg = resolve_copy(campaign, r.message, r.format, lang).apply(campaign.message(r.message))
            files.append(
                {
                    "path": r.path,
                    "message": r.message,
                    "format": r.format,
                    "language": lang,
                    "platform": r.platform,
                    "width": r.width,
                    "height": r.height,
                    "bytes": r.bytes,
                    "sha256": r.sha256,
                    "alt_text": alt_text(msg),
                    "review": _review(review_status, r, campaign.default_language),
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
                    "language": lang,
                    "type": r.type,
                    "error": r.error or "",
                    "skipped": r.skipped or "",
                    "checks": r.checks,
                }
            )
    return {
        "campaign": campaign.id,
        "campaign_sha256": campaign.sha256,
        "review_file": review_file,
        "generator": f"creative-studio {__version__}",
        "languages": list(dict.fromkeys([r.language or campaign.default_language for r in results])),
        "files": files,
        "not_written": failed,
    }


def write_manifest(
    campaign: Campaign,
    outdir: Path,
    results: list[FileResult],
    review_status: Callable[..., str] | None = None,
    review_file: dict | None = None,
) -> Path:
    path = outdir / MANIFEST
    manifest = manifest_dict(campaign, results, review_status, review_file)
    write_text_atomic(path, json.dumps(manifest, indent=2, ensure_ascii=False) + "\n")
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
    "export_parts",
    "manifest_dict",
    "render_png",
    "safe_join",
    "write_manifest",
]
