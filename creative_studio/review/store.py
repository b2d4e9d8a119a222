"""The review file: an append-only history of sign-off decisions, bound to exact PNG bytes.

`CAMPAIGN.review.yaml` sits beside `CAMPAIGN.yaml`. Every decision keeps who, in which role,
when (UTC), the verdict, a note and the sha256 of the exact PNG bytes that were judged, so anyone
can later prove that an exported file is the one that was approved (`sha256sum` on the file and
a look in the review file are enough; no Creative Studio needed).

Why it is written the way it is:

* Append-only. A decision is never edited or removed; a new decision supersedes an old one. The
  latest decision for a cell is the last one *in file order* (not by timestamp: two machines'
  clocks may disagree, the file order is what the lock serialised).
* Crash-safe. The file is replaced atomically (temp file, fsync, rename), so a process killed
  mid-write leaves the previous valid file under the final name.
* Concurrent writers never lose a decision. Every writer takes an exclusive `flock` on a sidecar
  lock file, re-reads the review file *under the lock*, appends, replaces, then unlocks. The lock
  file is never deleted (deleting lock files reintroduces the race).
* Read only with the project's strict safe YAML reader, so a corrupt or hand-mangled file gives
  `FILE:LINE:COLUMN: sentence`, never a traceback, and never builds Python objects.
"""

from __future__ import annotations

import contextlib
import fcntl
import hashlib
import os
import re
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from ..base.atomic import write_bytes_atomic, write_text_atomic
from ..model.types import Campaign
from ..model.yamlio import Located, TemplateError, decode, parse_yaml_text

STATUSES = ("approved", "changes-requested", "rejected")
STATES = ("pending", "approved", "changes-requested", "rejected", "stale")
FILE_VERSION = 1
MAX_REVIEW_BYTES = 50_000_000  # ~100k decisions; past that something is very wrong

_SHA = re.compile(r"^[0-9a-f]{64}$")
_AT = re.compile(r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?Z$")

HEADER = (
    "# Sign-off decisions for {campaign_file}, written by Creative Studio.\n"
    "# Append-only history: the last decision for a message x format is the one that counts.\n"
    "# sha256 is the hash of the exact PNG bytes judged (compare with `sha256sum` of an export).\n"
    "# Do not edit by hand; record decisions with the app or `main.py review set`.\n"
)


class ReviewError(Exception):
    """A review operation that cannot be done (no campaign file, bad status, ...)."""


@dataclass(frozen=True)
class Decision:
    message: str
    format: str
    status: str  # approved | changes-requested | rejected
    by: str
    role: str
    at: str  # ISO 8601 UTC with 'Z', e.g. 2026-11-29T23:10:05Z
    note: str
    sha256: str  # of the exact PNG bytes judged
    campaign_sha256: str = ""
    language: str = ""  # "" = the campaign's default language (files from before languages)

    def to_yaml_dict(self) -> dict:
        d = {
            "message": self.message,
            "format": self.format,
            **({"language": self.language} if self.language else {}),
            "status": self.status,
            "by": self.by,
            "role": self.role,
            "at": self.at,
            "note": self.note,
            "sha256": self.sha256,
        }
        if self.campaign_sha256:
            d["campaign_sha256"] = self.campaign_sha256
        return d

    @property
    def short(self) -> str:
        return self.sha256[:12]


@dataclass(frozen=True)
class ReviewLog:
    """Every decision in file order, with the latest per (message, format, language) at hand.

    `language` is a language key: "" for the campaign's default language (see `language_key`),
    so approving the English render approves nothing in Gaelic.
    """

    path: Path
    history: tuple[Decision, ...]

    def latest(self, message_id: str, format_id: str, language: str = "") -> Decision | None:
        return self._latest.get((message_id, format_id, language))

    def for_cell(self, message_id: str, format_id: str, language: str = "") -> tuple[Decision, ...]:
        return tuple(d for d in self.history if (d.message, d.format, d.language) == (message_id, format_id, language))

    def latest_approved(self, message_id: str, format_id: str, language: str = "") -> Decision | None:
        """The most recent approval of a cell, even if a later decision superseded it."""
        for d in reversed(self.history):
            if (d.message, d.format, d.language) == (message_id, format_id, language) and d.status == "approved":
                return d
        return None

    @property
    def _latest(self) -> dict[tuple[str, str, str], Decision]:
        cached = self.__dict__.get("_latest_cache")
        if cached is None:
            cached = {}
            for d in self.history:
                cached[(d.message, d.format, d.language)] = d
            object.__setattr__(self, "_latest_cache", cached)
        return cached

    @property
    def reviewers(self) -> tuple[tuple[str, str], ...]:
        """(name, role) of everyone who recorded a decision, in order of first appearance."""
        seen: dict[tuple[str, str], None] = {}
        for d in self.history:
            seen.setdefault((d.by, d.role), None)
        return tuple(seen)


# -- paths ------------------------------------------------------------------------------------


def _campaign_path(campaign: Campaign | str | Path) -> Path:
    if isinstance(campaign, (str, Path)):
        return Path(campaign)
    if campaign.path is None:
        raise ReviewError(f"campaign '{campaign.id}' has no file yet; save it before recording sign-off")
    return Path(campaign.path)


def _stem(p: Path) -> str:
    return p.name[: -len(p.suffix)] if p.suffix else p.name


def review_path(campaign: Campaign | str | Path) -> Path:
    """stopitnow.yaml -> stopitnow.review.yaml (beside it)."""
    p = _campaign_path(campaign)
    return p.with_name(_stem(p) + ".review.yaml")


def lock_path(campaign: Campaign | str | Path) -> Path:
    p = _campaign_path(campaign)
    return p.with_name("." + _stem(p) + ".review.lock")


def cache_dir(campaign: Campaign | str | Path) -> Path:
    """Copies of judged PNGs, named by their sha256: stopitnow.review-cache/<sha256>.png."""
    p = _campaign_path(campaign)
    return p.with_name(_stem(p) + ".review-cache")


def cached_png_path(campaign: Campaign | str | Path, sha256: str) -> Path:
    if not _SHA.match(sha256):
        raise ReviewError(f"not a sha256: {sha256!r}")
    return cache_dir(campaign) / f"{sha256}.png"


def cached_png(campaign: Campaign | str | Path, sha256: str) -> bytes | None:
    """The judged PNG bytes, if the cache has them and they still hash right."""
    import hashlib

    try:
        data = cached_png_path(campaign, sha256).read_bytes()
    except (OSError, ReviewError):
        return None
    return data if hashlib.sha256(data).hexdigest() == sha256 else None


def language_key(campaign: Campaign, language: str | None) -> str:
    """How a decision names its language: "" for the default one (as files before languages did)."""
    try:
        lang = campaign.language(language)
    except KeyError:
        raise ReviewError(f"unknown language '{language}'; the campaign has: {', '.join(campaign.languages)}") from None
    return "" if lang == campaign.default_language else lang


def utc_now() -> str:
    return datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


# -- reading ------------------------------------------------------------------------------------


def _str_field(located, i: int, d: dict, key: str, required: bool = True) -> str:
    if key not in d or d[key] is None:
        if required:
            raise located.error(("decisions", i), f"decision {i + 1} is missing '{key}'")
        return ""
    v = d[key]
    if not isinstance(v, str):
        v = str(v)
    return v


_PARSED: dict[str, tuple[Decision, ...]] = {}  # text hash -> decisions: panel, matrix and watcher re-read


# The program writes at most ~25 values per decision and never an alias, so the node cap follows
# the byte cap and the parse is linear in the file's size.
MAX_REVIEW_NODES = 4_000_000


def _parse_fast(text: str, file: str | Path) -> Located:
    """The project's one strict reader (libyaml events, node/depth/number caps, positions)."""
    return parse_yaml_text(text, file, max_nodes=MAX_REVIEW_NODES, aliases=False)


def parse_review_text(text: str, file: str | Path) -> tuple[Decision, ...]:
    """Parse and validate review-file text; TemplateError with line and column on any problem."""
    if not text.strip():
        return ()
    key = hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest() + "\0" + str(file)
    if key in _PARSED:
        return _PARSED[key]
    located = _parse_fast(text, file)
    data = located.data
    if data is None:
        return ()
    if not isinstance(data, dict):
        raise located.error((), "a review file is a block of keys with a 'decisions' list")
    ver = data.get("version", FILE_VERSION)
    if not isinstance(ver, int) or ver > FILE_VERSION:
        raise located.error(
            ("version",),
            f"review file version {ver!r} is newer than this program "
            f"understands ({FILE_VERSION}); update Creative Studio",
        )
    decisions = data.get("decisions", [])
    if decisions is None:
        decisions = []
    if not isinstance(decisions, list):
        raise located.error(("decisions",), "'decisions' must be a list")
    out = []
    for i, d in enumerate(decisions):
        if not isinstance(d, dict):
            raise located.error(("decisions", i), f"decision {i + 1} must be a block of keys")
        status = _str_field(located, i, d, "status")
        if status not in STATUSES:
            raise located.error(("decisions", i, "status"), f"status {status!r} is not one of: {', '.join(STATUSES)}")
        sha = _str_field(located, i, d, "sha256")
        if not _SHA.match(sha):
            raise located.error(("decisions", i, "sha256"), "sha256 must be 64 lowercase hex digits")
        at = _str_field(located, i, d, "at")
        if not _AT.match(at):
            raise located.error(
                ("decisions", i, "at"), f"'at' is {at!r}; it must be UTC ISO 8601 like 2019-03-01T09:30:00Z"
            )
        csha = _str_field(located, i, d, "campaign_sha256", required=False)
        out.append(
            Decision(
                message=_str_field(located, i, d, "message"),
                format=_str_field(located, i, d, "format"),
                status=status,
                by=_str_field(located, i, d, "by"),
                role=_str_field(located, i, d, "role", False),
                at=at,
                note=_str_field(located, i, d, "note", False),
                sha256=sha,
                campaign_sha256=csha,
                language=_str_field(located, i, d, "language", False),
            )
        )
    result = tuple(out)
    if len(_PARSED) > 16:
        _PARSED.clear()
    _PARSED[key] = result
    return result


def _read_raw(path: Path) -> tuple[tuple[Decision, ...], bytes | None]:
    from ..base.inputs import InputFileError, read_regular_file

    if not os.path.lexists(path):
        return (), None
    try:  # a FIFO, device or folder in its place is refused at once, never read
        raw = read_regular_file(path, MAX_REVIEW_BYTES, "review file")
    except InputFileError as exc:
        raise TemplateError(path, None, None, exc.sentence) from None
    return parse_review_text(decode(raw, path), path), raw


def _read(path: Path) -> tuple[Decision, ...]:
    return _read_raw(path)[0]


def load_reviews(campaign: Campaign | str | Path) -> ReviewLog:
    """Every decision recorded for the campaign (empty when the review file does not exist yet)."""
    path = review_path(campaign)
    return ReviewLog(path, _read(path))


def load_reviews_with_sha(campaign: Campaign | str | Path) -> tuple[ReviewLog, str]:
    """The log and the sha256 of the very bytes it was parsed from ("" when there is no file)."""
    import hashlib

    path = review_path(campaign)
    history, raw = _read_raw(path)
    return ReviewLog(path, history), hashlib.sha256(raw).hexdigest() if raw is not None else ""


# -- writing ------------------------------------------------------------------------------------


def _q(s: str) -> str:
    """A YAML double-quoted scalar that any YAML reader gives back exactly."""
    out = ['"']
    for ch in s:
        o = ord(ch)
        if ch == '"':
            out.append('\\"')
        elif ch == "\\":
            out.append("\\\\")
        elif ch == "\n":
            out.append("\\n")
        elif ch == "\t":
            out.append("\\t")
        elif o < 0x20 or o == 0x7F or 0x80 <= o < 0xA0 or o in (0x2028, 0x2029, 0xFEFF) or 0xD800 <= o < 0xE000:
            out.append(f"\\u{o:04x}" if o < 0x10000 else f"\\U{o:08x}")
        else:
            out.append(ch)
    out.append('"')
    return "".join(out)


def format_review_file(campaign_file: str, campaign_id: str, decisions: tuple[Decision, ...]) -> str:
    """The whole file, deterministic: the same history always gives the same bytes."""
    lines = [
        HEADER.format(campaign_file=campaign_file).rstrip("\n"),
        f"version: {FILE_VERSION}",
        f"campaign: {_q(campaign_id)}",
        "decisions:",
    ]
    if not decisions:
        lines[-1] = "decisions: []"
    for d in decisions:
        first = True
        for k, v in d.to_yaml_dict().items():
            lines.append(("  - " if first else "    ") + f"{k}: {_q(v)}")
            first = False
    return "\n".join(lines) + "\n"


def _remove_dead_temp_files(path: Path) -> None:
    """Temp files of the review file left by a writer that was killed mid-write.

    Writers create them only while holding the lock, so under the lock any that exist are dead.
    """
    for tmp in path.parent.glob(f".{path.name}.*.part"):
        try:
            tmp.unlink()
        except OSError:
            pass


@contextlib.contextmanager
def review_lock(campaign: Campaign | str | Path) -> Iterator[None]:
    """Exclusive advisory lock on the sidecar lock file, held across read-append-replace."""
    lp = lock_path(campaign)
    lp.parent.mkdir(parents=True, exist_ok=True)
    fd = os.open(lp, os.O_RDWR | os.O_CREAT, 0o644)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX)
        yield
    finally:
        try:
            fcntl.flock(fd, fcntl.LOCK_UN)
        finally:
            os.close(fd)


def _validate_new(campaign: Campaign, message_id: str, format_id: str, status: str, by: str, sha256: str) -> None:
    if status not in STATUSES:
        raise ReviewError(f"status {status!r}: use one of {', '.join(STATUSES)}")
    if not by or not by.strip():
        raise ReviewError("a decision needs the reviewer's name (--by)")
    if not _SHA.match(sha256 or ""):
        raise ReviewError(f"not a sha256 of PNG bytes: {sha256!r}")
    if message_id not in campaign.message_ids:
        raise ReviewError(f"{campaign.path}: unknown message '{message_id}'")
    if format_id not in campaign.format_ids:
        raise ReviewError(f"{campaign.path}: unknown format '{format_id}'")


def record_decision(
    campaign: Campaign,
    message_id: str,
    format_id: str,
    status: str,
    by: str,
    role: str = "",
    note: str = "",
    sha256: str = "",
    png_bytes: bytes | None = None,
    at: str | None = None,
    language: str | None = None,
) -> Decision:
    """Append one decision to the review file, safely against crashes and concurrent writers.

    `png_bytes` (the exact bytes judged) are copied into the review cache first, so every
    decision in the file has its picture for a later approved-vs-current comparison. When
    given, their hash must equal `sha256` (or `sha256` may be left empty and is computed).
    """
    import hashlib

    if png_bytes is not None:
        actual = hashlib.sha256(png_bytes).hexdigest()
        if sha256 and sha256 != actual:
            raise ReviewError(
                f"the PNG bytes hash to {actual[:12]}, not {sha256[:12]}: refusing to record a "
                "decision for an image other than the one judged"
            )
        sha256 = actual
    _validate_new(campaign, message_id, format_id, status, by, sha256)
    lang = language_key(campaign, language)
    decision = Decision(
        message=message_id,
        format=format_id,
        status=status,
        by=by.strip(),
        role=(role or "").strip(),
        at=at or utc_now(),
        note=note or "",
        sha256=sha256,
        campaign_sha256=campaign.sha256 or "",
        language=lang,
    )
    if png_bytes is not None:
        target = cached_png_path(campaign, sha256)
        if cached_png(campaign, sha256) is None:
            write_bytes_atomic(target, png_bytes)
    path = review_path(campaign)
    with review_lock(campaign):
        _remove_dead_temp_files(path)
        history = _read(path)  # under the lock: whatever another writer appended is kept
        text = format_review_file(_campaign_path(campaign).name, campaign.id, history + (decision,))
        write_text_atomic(path, text)
    return decision


__all__ = [
    "Decision",
    "ReviewError",
    "ReviewLog",
    "STATES",
    "STATUSES",
    "cache_dir",
    "cached_png",
    "cached_png_path",
    "format_review_file",
    "language_key",
    "load_reviews",
    "load_reviews_with_sha",
    "lock_path",
    "parse_review_text",
    "record_decision",
    "review_lock",
    "review_path",
    "utc_now",
]
