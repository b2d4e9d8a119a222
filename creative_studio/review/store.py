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
* Read only with the project's one strict YAML reader (`model.yamlio.parse_yaml_text`), so a
  corrupt or hand-mangled file gives `FILE:LINE:COLUMN: sentence`, never a traceback, and never
  builds Python objects.
* Tamper-evident. Every decision carries `seq` and `prev` (the sha256 of the decision before it)
  and the file ends its header with `head:`; review/chain.py defines the bytes hashed and checks
  the chain. A history whose chain is broken is never appended to.
"""

from __future__ import annotations

import hashlib
import os
import re
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from ..model.types import Campaign
from ..model.yamlio import TemplateError, decode, parse_yaml_text
from .chain import ChainState, record_hash, signed_bytes, verify_chain

STATUSES = ("approved", "changes-requested", "rejected")
STATES = ("pending", "approved", "changes-requested", "rejected", "stale")
FILE_VERSION = 2  # 2: seq, prev, head (the hash chain), sig, files, language
_KEYS = {
    "message", "format", "language", "status", "by", "role", "at", "note",
    "sha256", "files", "campaign_sha256", "seq", "prev", "sig",
}  # fmt: skip
_KIND = re.compile(r"^[a-z0-9]{1,16}$")
MAX_REVIEW_BYTES = 50_000_000  # ~100k decisions; past that something is very wrong
# The program writes at most ~25 values per decision and never an alias, so the node cap follows
# the byte cap and the parse is linear in the file's size.
MAX_REVIEW_NODES = 4_000_000

_SHA = re.compile(r"^[0-9a-f]{64}$")
_AT = re.compile(r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?Z$")

HEADER = (
    "# Sign-off decisions for {campaign_file}, written by Creative Studio.\n"
    "# Append-only history: the last decision for a message x format is the one that counts.\n"
    "# sha256 is the hash of the exact PNG bytes judged (compare with `sha256sum` of an export).\n"
    "# Do not edit by hand; record decisions with the app or `main.py review set`.\n"
    "# Each decision's prev is the sha256 of the one before (a hash chain): an edit shows.\n"
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
    sha256: str  # of the exact PNG bytes judged ("" when the decision binds other kinds only)
    campaign_sha256: str = ""
    language: str = ""  # "" = the campaign's default language
    files: tuple[tuple[str, str], ...] = ()  # other kinds bound besides the PNG: sorted (kind, sha256)
    seq: int = 0  # 1-based position in the history; 0 for release 0.1 (unchained) decisions
    prev: str = ""  # sha256 of the previous decision's record; "" for release 0.1 decisions
    sig: str = ""  # base64 Ed25519 signature of chain.signed_bytes(record), or ""

    def to_yaml_dict(self) -> dict:
        """The record: the keys as written in the file, in file order (chain.py hashes it)."""
        d: dict = {"message": self.message, "format": self.format}
        if self.language:
            d["language"] = self.language
        d.update(status=self.status, by=self.by, role=self.role, at=self.at, note=self.note)
        if self.sha256:
            d["sha256"] = self.sha256
        if self.files:
            d["files"] = dict(self.files)
        if self.campaign_sha256:
            d["campaign_sha256"] = self.campaign_sha256
        if self.seq:
            d["seq"] = self.seq
        if self.prev:
            d["prev"] = self.prev
        if self.sig:
            d["sig"] = self.sig
        return d

    @property
    def bound(self) -> dict[str, str]:
        """Every file the decision binds, kind -> sha256 (the PNG as "png")."""
        out = {"png": self.sha256} if self.sha256 else {}
        out.update(self.files)
        return out

    @property
    def hash(self) -> str:
        """This decision's chain hash (what the next decision's `prev` holds)."""
        return record_hash(self.to_yaml_dict())

    @property
    def signed_bytes(self) -> bytes:
        return signed_bytes(self.to_yaml_dict())

    @property
    def short(self) -> str:
        return self.sha256[:12]


@dataclass(frozen=True)
class ReviewLog:
    """Every decision in file order, with the latest per (message, format, language) at hand.

    `lines` holds each decision's line in the file; `chain` the state of the hash chain.
    `language` is a language key: "" for the campaign's default language (see `language_key`),
    so approving the English render approves nothing in Gaelic.
    """

    path: Path
    history: tuple[Decision, ...]
    lines: tuple[int, ...] = ()
    chain: ChainState = ChainState("empty")

    def latest(self, message_id: str, format_id: str, language: str = "") -> Decision | None:
        return self._latest.get((message_id, format_id, language))

    def for_cell(self, message_id: str, format_id: str, language: str = "") -> tuple[Decision, ...]:
        return tuple(
            d for d in self.history if d.message == message_id and d.format == format_id and d.language == language
        )

    def latest_approved(self, message_id: str, format_id: str, language: str = "") -> Decision | None:
        """The most recent approval of a cell, even if a later decision superseded it."""
        for d in reversed(self.for_cell(message_id, format_id, language)):
            if d.status == "approved":
                return d
        return None

    def line_of(self, decision: Decision) -> int | None:
        for d, line in zip(self.history, self.lines, strict=False):
            if d is decision:
                return line
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
    if isinstance(v, (dict, list)):
        raise located.error(("decisions", i, key), f"'{key}' must be text, not a list or block of keys")
    return v if isinstance(v, str) else str(v)


@dataclass(frozen=True)
class Parsed:
    """A review file's content: decisions, the line of each, its head and where that is."""

    decisions: tuple[Decision, ...] = ()
    lines: tuple[int, ...] = ()
    head: dict | None = None
    head_line: int | None = None
    key: str = ""  # sha256 of the text (for the chain cache)


_PARSED: dict[str, Parsed] = {}  # text hash -> content: panel, matrix and watcher re-read the same text


def _decision(located, i: int, d: dict) -> Decision:
    for k in d:
        if k not in _KEYS:
            raise located.error(
                ("decisions", i, k), f"unknown key '{k}' in decision {i + 1}; a review file holds only: "
                + ", ".join(sorted(_KEYS)), key=True
            )  # fmt: skip
    status = _str_field(located, i, d, "status")
    if status not in STATUSES:
        raise located.error(("decisions", i, "status"), f"status {status!r} is not one of: {', '.join(STATUSES)}")
    files: dict[str, str] = {}
    if d.get("files") is not None:
        if not isinstance(d["files"], dict) or not d["files"]:
            raise located.error(("decisions", i, "files"), "'files' must be a block of kind: sha256, e.g. pdf: 3f2a...")
        for kind, sha in d["files"].items():
            if not _KIND.match(kind) or not isinstance(sha, str) or not _SHA.match(sha):
                raise located.error(
                    ("decisions", i, "files", kind), f"files: '{kind}' must be a short kind (png, pdf...) with a sha256"
                )
            files[kind] = sha
    sha = _str_field(located, i, d, "sha256", required=not files)
    if sha and not _SHA.match(sha):
        raise located.error(("decisions", i, "sha256"), "sha256 must be 64 lowercase hex digits")
    png = files.pop("png", None)
    if png is not None and sha and png != sha:
        raise located.error(("decisions", i, "files", "png"), "files: png differs from sha256; they are the same file")
    sha = sha or png or ""
    at = _str_field(located, i, d, "at")
    if not _AT.match(at):
        raise located.error(
            ("decisions", i, "at"), f"'at' is {at!r}; it must be UTC ISO 8601 like 2019-03-01T09:30:00Z"
        )
    seq = d.get("seq", 0)
    if "seq" in d and (not isinstance(seq, int) or isinstance(seq, bool) or seq < 1):
        raise located.error(("decisions", i, "seq"), "seq must be a whole number from 1 (the decision's position)")
    prev = _str_field(located, i, d, "prev", required=False)
    if prev and not _SHA.match(prev):
        raise located.error(("decisions", i, "prev"), "prev must be 64 lowercase hex digits (a sha256)")
    return Decision(
        message=_str_field(located, i, d, "message"),
        format=_str_field(located, i, d, "format"),
        status=status,
        by=_str_field(located, i, d, "by"),
        role=_str_field(located, i, d, "role", False),
        at=at,
        note=_str_field(located, i, d, "note", False),
        sha256=sha,
        campaign_sha256=_str_field(located, i, d, "campaign_sha256", required=False),
        language=_str_field(located, i, d, "language", required=False),
        files=tuple(sorted(files.items())),
        seq=seq,
        prev=prev,
        sig=_str_field(located, i, d, "sig", required=False),
    )


def parse_review(text: str, file: str | Path) -> Parsed:
    """Parse and validate review-file text; TemplateError with line and column on any problem."""
    if not text.strip():
        return Parsed()
    key = hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest() + "\0" + str(file)
    if key in _PARSED:
        return _PARSED[key]
    located = parse_yaml_text(text, file, max_nodes=MAX_REVIEW_NODES, aliases=False)
    data = located.data
    if data is None:
        return Parsed()
    if not isinstance(data, dict):
        raise located.error((), "a review file is a block of keys with a 'decisions' list")
    ver = data.get("version", 1)
    if not isinstance(ver, int) or isinstance(ver, bool) or ver > FILE_VERSION:
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
        out.append(_decision(located, i, d))
    head = data.get("head")
    if head is not None and not isinstance(head, dict):
        raise located.error(("head",), "'head' must be {count: N, sha256: ...}")
    result = Parsed(
        tuple(out),
        tuple(located.where(("decisions", i))[0] for i in range(len(out))),
        head,
        located.where(("head",))[0] if head is not None else None,
        key,
    )
    if len(_PARSED) > 16:
        _PARSED.clear()
    _PARSED[key] = result
    return result


def parse_review_text(text: str, file: str | Path) -> tuple[Decision, ...]:
    return parse_review(text, file).decisions


def _read_raw(path: Path) -> tuple[Parsed, bytes | None]:
    from ..base.inputs import InputFileError, read_regular_file

    if not os.path.lexists(path):
        return Parsed(), None
    try:  # a FIFO, device or folder in its place is refused at once, never read
        raw = read_regular_file(path, MAX_REVIEW_BYTES, "review file")
    except InputFileError as exc:
        raise TemplateError(path, None, None, exc.sentence) from None
    return parse_review(decode(raw, path), path), raw


def anchor_path(campaign: Campaign | str | Path) -> Path:
    """The review cache's copy of the chain head (see chain.py)."""
    return cache_dir(campaign) / "chain-head.json"


def _read_anchor(campaign: Campaign | str | Path) -> dict | None:
    import json

    try:
        data = json.loads(anchor_path(campaign).read_text("utf-8"))
    except (OSError, ValueError):
        return None
    return data if isinstance(data, dict) else None


_CHAINS: dict[tuple, ChainState] = {}


def _chain(parsed: Parsed, anchor: dict | None) -> ChainState:
    key = (parsed.key, repr(anchor))
    hit = _CHAINS.get(key)
    if hit is None:
        records = [d.to_yaml_dict() for d in parsed.decisions]
        hit = verify_chain(records, list(parsed.lines), parsed.head, parsed.head_line, anchor)
        if len(_CHAINS) > 16:
            _CHAINS.clear()
        _CHAINS[key] = hit
    return hit


def _log(campaign: Campaign | str | Path) -> tuple[ReviewLog, bytes | None]:
    path = review_path(campaign)
    parsed, raw = _read_raw(path)
    chain = _chain(parsed, _read_anchor(campaign))
    return ReviewLog(path, parsed.decisions, parsed.lines, chain), raw


def load_reviews(campaign: Campaign | str | Path) -> ReviewLog:
    """Every decision recorded for the campaign (empty when the review file does not exist yet)."""
    return _log(campaign)[0]


def manifest_binding(campaign: Campaign | str | Path) -> dict | None:
    """For export's manifest: the review history its `review` states were read from.

    The file's name (beside the campaign), the sha256 of its bytes, and its hash chain's state,
    decision count and head (the hash of the last decision), so a manifest names the exact
    history that approved it. None when the campaign has no review file yet.
    """
    log, sha = load_reviews_with_sha(campaign)
    if not sha:
        return None
    return {
        "path": log.path.name,
        "sha256": sha,
        "chain": log.chain.state,
        "decisions": len(log.history),
        "head": log.chain.head,
    }


def load_reviews_with_sha(campaign: Campaign | str | Path) -> tuple[ReviewLog, str]:
    """The log and the sha256 of the very bytes it was parsed from ("" when there is no file)."""
    log, raw = _log(campaign)
    return log, hashlib.sha256(raw).hexdigest() if raw is not None else ""


# The writing half lives in writer.py (format, lock, append); re-exported here for callers.
from .writer import (  # noqa: E402 - writer imports the definitions above
    BrokenHistoryError,
    broken_history_text,
    format_review_file,
    record_decision,
    review_lock,
)

__all__ = [
    "BrokenHistoryError",
    "Decision",
    "Parsed",
    "anchor_path",
    "broken_history_text",
    "parse_review",
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
