"""Staleness: what each message x format's sign-off means for the render it would export *now*.

A cell's state is its latest decision if that decision's sha256 equals the sha256 of the bytes
export would write today; `stale` if a decision exists for other bytes; `pending` if nobody has
decided. Knowing "the bytes export would write today" needs a full-size render and the PNG
encode (seconds for a 96-sheet), so current hashes are computed in worker processes, like export,
and cached on disk by *content*: the key covers everything the bytes depend on (campaign id,
brand, layouts, the message, the format) plus a fingerprint of the engine itself (its source,
the bundled fonts, the Pillow and zlib versions). Change any of those and the key changes, so a
cache hit is as good as a render. The cache is only for showing state: export and `review set`
always render and hash afresh, and the export gate compares those fresh hashes.
"""

from __future__ import annotations

import hashlib
import json
import os
import sys
import zlib
from collections.abc import Callable, Iterable
from dataclasses import asdict, dataclass, field, replace
from functools import lru_cache
from pathlib import Path

from ..base.pool import Failed, Lost, run_tasks
from ..model.types import Campaign
from .store import ReviewLog, language_key, load_reviews

Cell = tuple[str, str]
SERIAL_PIXELS = 6_000_000  # below this much canvas in total, hash in-process

_PKG = Path(__file__).resolve().parents[1]
_ROOT = _PKG.parent


@dataclass(frozen=True)
class CellInfo:
    """The current full-size export of one cell: its hash and what the checks say about it."""

    message: str
    format: str
    sha256: str = ""  # "" when it cannot be exported (e.g. over the byte budget)
    bytes: int = 0
    width: int = 0
    height: int = 0
    encoding: str = ""
    errors: int = 0
    warnings: int = 0
    rules: tuple[str, ...] = ()  # rule ids with findings, errors first
    error: str = ""  # why there is no hash
    findings: tuple[dict, ...] = field(default=(), compare=False)
    checks_fp: str = ""  # checks_fingerprint() the findings were made with

    def to_json(self) -> dict:
        d = asdict(self)
        d["rules"] = list(self.rules)
        d["findings"] = list(self.findings)
        return d

    @classmethod
    def from_json(cls, d: dict) -> CellInfo:
        d = dict(d)
        d["rules"] = tuple(d.get("rules", ()))
        d["findings"] = tuple(d.get("findings", ()))
        return cls(**d)


# -- the content key ---------------------------------------------------------------------------

_BYTE_SEEDS = ("render/__init__.py", "render/engine.py", "encode/png.py", "model/types.py")
_BYTE_EXTRA = ("__init__.py", "export/batch.py")  # the version in PNG metadata; render_png itself


def byte_sources() -> list[Path]:
    """The source files that decide the exported bytes: the engine and everything it imports.

    Followed statically (relative imports, also inside functions) from the engine, the PNG encoder
    and the model types, so a new helper module of the engine is included automatically while
    preview-only modules (mockups, viewing distance) are not: editing those keeps the cache.
    """
    import ast

    todo = [_PKG / s for s in _BYTE_SEEDS]
    seen: set[Path] = set()
    while todo:
        path = todo.pop()
        if path in seen or not path.is_file():
            continue
        seen.add(path)
        try:
            tree = ast.parse(path.read_text(encoding="utf-8"))
        except (OSError, SyntaxError, ValueError):
            continue
        for node in ast.walk(tree):
            if not isinstance(node, ast.ImportFrom) or not node.level:
                continue
            base = path.parent
            for _ in range(node.level - 1):
                base = base.parent
            parts = node.module.split(".") if node.module else []
            target = base.joinpath(*parts)
            cands = [target.with_suffix(".py"), target / "__init__.py"] if parts else [base / "__init__.py"]
            cands += [target / f"{a.name}.py" for a in node.names]
            todo += [c for c in cands if c.is_file() and c.is_relative_to(_PKG)]
    return sorted(seen | {_PKG / s for s in _BYTE_EXTRA})


@lru_cache(maxsize=1)
def engine_fingerprint() -> str:
    """Hash of everything besides the campaign that decides the exported bytes."""
    import PIL
    from PIL import features

    from ..base.resources import FONTS_DIR

    h = hashlib.sha256()
    h.update(f"pillow {PIL.__version__} zlib {zlib.ZLIB_RUNTIME_VERSION} py {sys.version_info[:2]}".encode())
    # The text shaping stack decides glyph positions, so a different FreeType, HarfBuzz, raqm or
    # fribidi can move pixels with the same Pillow.
    libs = ("freetype2", "harfbuzz", "raqm", "fribidi")
    h.update(repr([(lib, features.version(lib)) for lib in libs]).encode())
    from ..model.platforms import PLATFORMS_FILE

    files = byte_sources() + [Path(PLATFORMS_FILE)]  # the registry gives each text role its font and colour
    fonts = [p for p in FONTS_DIR.rglob("*") if p.is_file() and p.suffix.lower() in (".ttf", ".otf", ".ttc")]
    for p in files + sorted(fonts):
        # Named relative to the package or to fonts/, so a checkout and a wheel share keys.
        if p.is_relative_to(FONTS_DIR):
            name = f"fonts/{p.relative_to(FONTS_DIR)}"
        else:
            name = str(p.relative_to(_ROOT)) if p.is_relative_to(_ROOT) else p.name
        h.update(name.encode())
        try:
            h.update(hashlib.sha256(p.read_bytes()).digest())
        except OSError:
            h.update(b"missing")
    return h.hexdigest()


@lru_cache(maxsize=1)
def checks_fingerprint() -> str:
    """Hash of the checks' code: cached findings are reused only while it is unchanged."""
    h = hashlib.sha256()
    for p in sorted((_PKG / "checks").rglob("*.py")):
        h.update(str(p.relative_to(_ROOT)).encode())
        h.update(hashlib.sha256(p.read_bytes()).digest())
    return h.hexdigest()


def render_keys(
    campaign: Campaign, cells: Iterable[Cell] | None = None, language: str | None = None
) -> dict[Cell, str]:
    """`render_key` for many cells, sharing the campaign-wide part (cheap enough per keystroke).

    The language and every translation and override count (they decide the text drawn); the
    campaign-wide copy is in the shared part, a message's own in its cell's part.
    """
    lang = campaign.language(language)
    shared = (campaign.id, campaign.brand, campaign.layouts, campaign.languages, lang, campaign.copy.owned_by("*"))
    base = hashlib.sha256((engine_fingerprint() + "\0" + repr(shared)).encode("utf-8")).digest()
    cells = list(cells) if cells is not None else [(m, f) for m in campaign.message_ids for f in campaign.format_ids]
    msgs = {m.id: repr((m, campaign.copy.owned_by(m.id))) for m in campaign.messages}
    fmts = {f.id: repr(f) for f in campaign.formats}
    out = {}
    for m, f in cells:
        if m not in msgs or f not in fmts:
            raise KeyError((m, f))
        out[(m, f)] = hashlib.sha256(base + ("\0" + msgs[m] + "\0" + fmts[f]).encode("utf-8")).hexdigest()
    return out


def render_key(campaign: Campaign, message_id: str, format_id: str, language: str | None = None) -> str:
    """A key that changes whenever the bytes export writes for this cell could change.

    It covers the campaign id (in the PNG metadata), brand, layouts, the message and the format,
    plus the engine fingerprint; other messages and formats, the file path and reviewers do not
    count, so editing one message leaves every other cell's cached hash valid.
    """
    return render_keys(campaign, [(message_id, format_id)], language)[(message_id, format_id)]


def _disk_cache_dir() -> Path | None:
    """$CREATIVE_STUDIO_CACHE/render-hashes, else ~/.cache/creative-studio/render-hashes.

    CREATIVE_STUDIO_NO_HASH_CACHE=1 turns the disk cache off (every status renders afresh).
    """
    if os.environ.get("CREATIVE_STUDIO_NO_HASH_CACHE"):
        return None
    if os.environ.get("CREATIVE_STUDIO_CACHE"):
        return Path(os.environ["CREATIVE_STUDIO_CACHE"]) / "render-hashes"
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "creative-studio" / "render-hashes"


_MEMO: dict[str, CellInfo] = {}


def _cache_get(key: str, need_checks: bool = False) -> CellInfo | None:
    """A cached CellInfo; with need_checks, only if its findings come from the current checks."""
    info = _MEMO.get(key)
    if info is None:
        d = _disk_cache_dir()
        if d is None:
            return None
        try:
            info = CellInfo.from_json(json.loads((d / key[:2] / f"{key}.json").read_text("utf-8")))
        except (OSError, ValueError, TypeError):
            return None
        _MEMO[key] = info
    if need_checks and info.checks_fp != checks_fingerprint():
        return None
    return info


def _cache_put(key: str, info: CellInfo) -> None:
    if not info.sha256 and "cannot fit" not in info.error:
        return  # an unexpected failure may be transient: try again next time
    _MEMO[key] = info
    d = _disk_cache_dir()
    if d is None:
        return
    try:
        from ..base.atomic import write_text_atomic

        write_text_atomic(d / key[:2] / f"{key}.json", json.dumps(info.to_json(), ensure_ascii=False))
    except OSError:
        pass  # a cache that cannot be written is only slower


# -- computing ---------------------------------------------------------------------------------


def analyse_cell(campaign: Campaign, message_id: str, format_id: str, language: str | None = None) -> CellInfo:
    """Render at full size and encode exactly as export does; hash, and run the checks on it."""
    from ..encode.png import BudgetError
    from ..export.batch import render_png

    try:
        data, result, method = render_png(campaign, message_id, format_id, language)
    except BudgetError as exc:
        from ..render import render_detailed

        result = render_detailed(campaign, message_id, format_id, 1.0, language)
        return info_from_render(campaign, message_id, format_id, b"", result, "", str(exc))
    return info_from_render(campaign, message_id, format_id, data, result, method)


def info_from_render(
    campaign: Campaign,
    message_id: str,
    format_id: str,
    data: bytes,
    result,
    method: str,
    budget_error: str | None = None,
) -> CellInfo:
    """CellInfo for PNG bytes already rendered by `render_png` (and its render result)."""
    from ..checks import run_checks

    findings = run_checks(campaign, result, png_bytes=len(data) if data else None, budget_error=budget_error)
    errs = sorted({f.rule for f in findings if f.severity == "error"})
    warns = sorted({f.rule for f in findings if f.severity == "warning"} - set(errs))
    w, h = result.image.size
    return CellInfo(
        message=message_id,
        format=format_id,
        checks_fp=checks_fingerprint(),
        sha256=hashlib.sha256(data).hexdigest() if data else "",
        bytes=len(data),
        width=w,
        height=h,
        encoding=method,
        errors=sum(f.severity == "error" for f in findings),
        warnings=sum(f.severity == "warning" for f in findings),
        rules=tuple(errs + warns),
        error=budget_error or "",
        findings=tuple(f.to_json() for f in findings),
    )


def remember(campaign: Campaign, info: CellInfo, language: str | None = None) -> None:
    """Put a freshly computed CellInfo into the cache (e.g. after `review set` rendered it)."""
    _cache_put(render_key(campaign, info.message, info.format, language), info)


_WORKER_CAMPAIGN: Campaign | None = None


def _init_worker(campaign: Campaign) -> None:
    global _WORKER_CAMPAIGN
    _WORKER_CAMPAIGN = campaign
    from PIL import Image

    Image.MAX_IMAGE_PIXELS = None  # our own outputs only (as in export)


def _worker(message_id: str, format_id: str, language: str | None = None) -> CellInfo:
    assert _WORKER_CAMPAIGN is not None
    try:
        return analyse_cell(_WORKER_CAMPAIGN, message_id, format_id, language)
    except Exception as exc:  # noqa: BLE001 - one broken cell must not sink the status
        return CellInfo(message_id, format_id, error=f"{type(exc).__name__}: {exc}")


def cell_info(
    campaign: Campaign,
    message_id: str,
    format_id: str,
    use_cache: bool = True,
    need_checks: bool = False,
    language: str | None = None,
) -> CellInfo:
    """One cell's current export hash (and checks) (cached by content)."""
    key = render_key(campaign, message_id, format_id, language)
    if use_cache:
        hit = _cache_get(key, need_checks)
        if hit is not None:
            return replace(hit, message=message_id, format=format_id)
    info = analyse_cell(campaign, message_id, format_id, language)
    _cache_put(key, info)
    return info


def current_infos(
    campaign: Campaign,
    cells: Iterable[Cell] | None = None,
    jobs: int | None = None,
    use_cache: bool = True,
    progress: Callable[[int, int, CellInfo], None] | None = None,
    cancelled: Callable[[], bool] | None = None,
    need_checks: bool = False,
    language: str | None = None,
) -> dict[Cell, CellInfo]:
    """Current export hash and checks of many cells: cache first, the rest in worker processes.

    With need_checks=False a cached hash is used even when the checks' code changed since (the
    findings in it may then be outdated); the sheet asks for need_checks=True.
    """
    cells = list(cells) if cells is not None else [(m, f) for m in campaign.message_ids for f in campaign.format_ids]
    out: dict[Cell, CellInfo] = {}
    todo: list[tuple[Cell, str]] = []
    keys = render_keys(campaign, cells, language)
    for c in cells:
        key = keys[c]
        hit = _cache_get(key, need_checks) if use_cache else None
        if hit is not None:
            out[c] = replace(hit, message=c[0], format=c[1])
            if progress:
                progress(len(out), len(cells), out[c])
        else:
            todo.append((c, key))
    # Largest first so the long poster renders start early and small ones fill the gaps.
    todo.sort(key=lambda ck: -(campaign.format(ck[0][1]).width * campaign.format(ck[0][1]).height))
    jobs = max(1, min(jobs or os.cpu_count() or 1, len(todo)))
    if sum(campaign.format(c[1]).width * campaign.format(c[1]).height for c, _ in todo) < SERIAL_PIXELS:
        jobs = 1  # a few small banners: starting worker processes would cost more than the renders

    def done(c: Cell, key: str, info: CellInfo) -> None:
        out[c] = info
        _cache_put(key, info)
        if progress:
            progress(len(out), len(cells), info)

    if jobs <= 1:
        for c, key in todo:
            if cancelled and cancelled():
                break
            done(c, key, _safe_analyse(campaign, *c, language))
    elif todo:
        infos = out

        def outcome(i: int, got: object) -> None:
            (m, f), key = todo[i]
            if isinstance(got, (Lost, Failed)):  # not cached: the next look computes it again
                reason = got.reason if isinstance(got, Lost) else f"{type(got.exception).__name__}: {got.exception}"
                infos[(m, f)] = CellInfo(m, f, error=reason)
                if progress:
                    progress(len(infos), len(cells), infos[(m, f)])
                return
            assert isinstance(got, CellInfo)
            done((m, f), key, got)

        run_tasks(
            _worker,
            [(*c, language) for c, _ in todo],
            jobs=jobs,
            initializer=_init_worker,
            initargs=(campaign,),
            on_outcome=outcome,
            cancelled=cancelled,
        )
    return {c: out[c] for c in cells if c in out}


def _safe_analyse(campaign: Campaign, m: str, f: str, language: str | None = None) -> CellInfo:
    try:
        return analyse_cell(campaign, m, f, language)
    except Exception as exc:  # noqa: BLE001
        return CellInfo(m, f, error=f"{type(exc).__name__}: {exc}")


def current_hashes(
    campaign: Campaign,
    cells: Iterable[Cell] | None = None,
    jobs: int | None = None,
    use_cache: bool = True,
    language: str | None = None,
) -> dict[Cell, str]:
    """sha256 of the bytes export would write now, per cell ("" when it cannot be exported)."""
    infos = current_infos(campaign, cells, jobs, use_cache, language=language)
    return {c: i.sha256 for c, i in infos.items()}


_compute_hashes = current_hashes  # cell_states' parameter shadows the name


# -- states --------------------------------------------------------------------------------------


def state_of(
    log: ReviewLog, message_id: str, format_id: str, current: str | dict[str, str] | None, language: str = ""
) -> str:
    """pending | approved | changes-requested | rejected | stale for one cell.

    `current` is the sha256 of the PNG export would write now, or {kind: sha256} of every file the
    cell exports now; None means "not known yet" (the latest verdict is shown as is). With a
    mapping, the decision is stale unless it binds exactly those files with those hashes.
    `language` is a language key ("" = the default language; `store.language_key`).
    """
    d = log.latest(message_id, format_id, language)
    if d is None:
        return "pending"
    if current is None:
        return d.status
    if isinstance(current, str):
        return d.status if d.bound.get("png", "") == current else "stale"
    return d.status if d.bound == dict(current) else "stale"


def cell_states(
    campaign: Campaign,
    current_hashes: dict[Cell, str] | None = None,
    log: ReviewLog | None = None,
    language: str | None = None,
) -> dict[Cell, str]:
    """State of every message x format of the campaign, in one language, given the current hashes.

    Hashes missing from `current_hashes` are computed (in parallel, cached).
    """
    log = log if log is not None else load_reviews(campaign)
    lk = language_key(campaign, language)
    cells = [(m, f) for m in campaign.message_ids for f in campaign.format_ids]
    hashes = dict(current_hashes or {})
    missing = [c for c in cells if c not in hashes and log.latest(*c, lk) is not None]
    if missing:
        hashes.update(_compute_hashes(campaign, missing, language=language))
    return {c: state_of(log, c[0], c[1], hashes.get(c, ""), lk) for c in cells}


def known_hash(campaign: Campaign, message_id: str, format_id: str, language: str | None = None) -> str | None:
    """The current export hash if it is already cached (never renders); None when unknown."""
    try:
        hit = _cache_get(render_key(campaign, message_id, format_id, language))
    except KeyError:
        return None
    return hit.sha256 if hit is not None else None


def cell_statuses(campaign: Campaign, log: ReviewLog | None = None, language: str | None = None) -> dict[Cell, str]:
    """Review state per cell WITHOUT rendering: cheap enough for the GUI thread (matrix badges).

    Uses cached current hashes only. A decided cell whose current hash is not known yet is left
    out (no badge rather than a verdict nobody has verified for these bytes); the review panel
    hashes decided cells in the background and emits reviewChanged, after which it is `approved`
    or `stale` etc. Cells without decisions are `pending`.
    """
    try:
        log = log if log is not None else load_reviews(campaign)
    except Exception:  # noqa: BLE001 - a corrupt or missing file means no badges, not a crash
        return {}
    lk = language_key(campaign, language)
    out: dict[Cell, str] = {}
    for m in campaign.message_ids:
        for f in campaign.format_ids:
            if log.latest(m, f, lk) is None:
                out[(m, f)] = "pending"
                continue
            sha = known_hash(campaign, m, f, language)
            if sha is not None:
                out[(m, f)] = state_of(log, m, f, sha, lk)
    return out


def status_lookup(campaign: Campaign) -> Callable[..., str]:
    """For the manifest: the review state of the given bytes (export passes the sha it wrote,
    and the language for any but the default).

    It says what the export gate would accept: from an altered history (a broken chain, a
    signature that fails) every file is `pending`, and so is an approval by someone the campaign's
    roster does not list. A manifest never claims an approval that does not count.
    """
    from .trust import is_listed, tampered_signatures

    log = load_reviews(campaign)
    untrusted = log.chain.broken or bool(tampered_signatures(campaign, log))

    def lookup(message_id: str, format_id: str, sha256: str, language: str | None = None) -> str:
        if untrusted:
            return "pending"
        lk = language_key(campaign, language)
        d = log.latest(message_id, format_id, lk)
        if d is not None and d.status == "approved" and not is_listed(campaign, d):
            return "pending"
        return state_of(log, message_id, format_id, sha256, lk)

    return lookup


def approved_hashes(campaign: Campaign) -> dict[tuple, frozenset[str]]:
    """For `export --approved-only`: per cell, the hash approved by the cell's LATEST decision.

    A later "changes requested" or "rejected" withdraws an earlier approval, so only the latest
    decision counts, and only when it is an approval by someone the campaign's roster lists. Keys
    are (message, format, language) for every language, and (message, format) as well for the
    default language. Raises BrokenHistoryError when the history was altered (a broken hash chain,
    or a signature that does not verify): nothing is exported from a history that cannot be trusted.
    """
    from .store import BrokenHistoryError, broken_history_text
    from .trust import is_listed, tampered_signatures

    log = load_reviews(campaign)
    if log.chain.broken:
        raise BrokenHistoryError(broken_history_text(log, "export --approved-only writes nothing"))
    bad = tampered_signatures(campaign, log)
    if bad:
        raise BrokenHistoryError(
            f"{bad[0].format(str(log.path))}. A signed decision was altered, so export --approved-only writes "
            "nothing; `review verify` lists every problem"
        )
    out: dict[tuple, frozenset[str]] = {}
    for lang in campaign.languages:
        lk = language_key(campaign, lang)
        for m in campaign.message_ids:
            for f in campaign.format_ids:
                d = log.latest(m, f, lk)
                if d is not None and d.status == "approved" and d.sha256 and is_listed(campaign, d):
                    # Every file the decision binds: the PNG, and the PDF / GIF / MP4 it was given with.
                    out[(m, f, lang)] = frozenset({d.sha256, *(sha for _, sha in d.files)})
                    if not lk:
                        out[(m, f)] = out[(m, f, lang)]
    return out


def counts(states: Iterable[str]) -> dict[str, int]:
    from .store import STATES

    c = dict.fromkeys(STATES, 0)
    for s in states:
        c[s] = c.get(s, 0) + 1
    return c


__all__ = [
    "CellInfo",
    "analyse_cell",
    "approved_hashes",
    "cell_info",
    "cell_states",
    "cell_statuses",
    "known_hash",
    "counts",
    "current_hashes",
    "byte_sources",
    "current_infos",
    "checks_fingerprint",
    "engine_fingerprint",
    "info_from_render",
    "remember",
    "render_key",
    "render_keys",
    "state_of",
    "status_lookup",
]
