"""Writing the review file: deterministic bytes, one lock, append under it, chain and sign.

See store.py for why the file is written the way it is, chain.py for what is hashed.
"""

from __future__ import annotations

import contextlib
import fcntl
import hashlib
import os
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path

from ..base.atomic import write_bytes_atomic, write_text_atomic
from ..model.types import Campaign
from .store import (
    _KIND,
    _SHA,
    FILE_VERSION,
    HEADER,
    STATUSES,
    Decision,
    ReviewError,
    ReviewLog,
    _campaign_path,
    anchor_path,
    cached_png,
    cached_png_path,
    language_key,
    load_reviews,
    lock_path,
    review_path,
    utc_now,
)


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
    ]
    if any(d.prev for d in decisions):
        head = decisions[-1].hash
        lines.append(f"head: {{count: {len(decisions)}, sha256: {_q(head)}}}")
    lines.append("decisions:" if decisions else "decisions: []")
    for d in decisions:
        first = True
        for k, v in d.to_yaml_dict().items():
            lead = "  - " if first else "    "
            first = False
            if isinstance(v, dict):
                lines.append(f"{lead}{k}:")
                lines += [f"      {kind}: {_q(sha)}" for kind, sha in v.items()]
            elif isinstance(v, int):
                lines.append(f"{lead}{k}: {v}")
            else:
                lines.append(f"{lead}{k}: {_q(v)}")
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


class BrokenHistoryError(ReviewError):
    """The review file's hash chain is broken: nothing is appended to it or exported from it."""


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


def broken_history_text(log: ReviewLog, doing: str) -> str:
    first = log.chain.describe(str(log.path))[0]
    return (
        f"{first}. The sign-off history has been altered, so {doing}. Restore the review file from a backup or "
        "version control (keep the altered copy as evidence); `review verify` lists what it finds"
    )


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
    *,
    files: dict[str, str] | None = None,
    sign_key=None,
) -> Decision:
    """Append one decision to the review file, safely against crashes and concurrent writers.

    `png_bytes` (the exact bytes judged) are copied into the review cache first, so every
    decision in the file has its picture for a later approved-vs-current comparison. When
    given, their hash must equal `sha256` (or `sha256` may be left empty and is computed).
    `files` binds other kinds too ({"pdf": sha256, ...}). `sign_key` (an Ed25519 private key)
    signs the decision; it must match the public key the campaign lists for `by`.

    Refused (ReviewError): an approval by someone not in the campaign's roster (trust.py says
    why), a key that is not the reviewer's, and any decision on a history whose chain is broken.
    """
    from .trust import check_new_decision

    if png_bytes is not None:
        actual = hashlib.sha256(png_bytes).hexdigest()
        if sha256 and sha256 != actual:
            raise ReviewError(
                f"the PNG bytes hash to {actual[:12]}, not {sha256[:12]}: refusing to record a "
                "decision for an image other than the one judged"
            )
        sha256 = actual
    _validate_new(campaign, message_id, format_id, status, by, sha256)
    extra = dict(files or {})
    if extra.pop("png", sha256) != sha256:
        raise ReviewError("files['png'] differs from the PNG's sha256")
    for kind, sha in extra.items():
        if not _KIND.match(kind) or not _SHA.match(sha):
            raise ReviewError(f"files: {kind!r} must be a short kind (pdf, gif...) with a sha256")
    by, role = check_new_decision(campaign, by.strip(), (role or "").strip(), status, sign_key)
    decision = Decision(
        message=message_id,
        format=format_id,
        status=status,
        by=by,
        role=role,
        at=at or utc_now(),
        note=note or "",
        sha256=sha256,
        campaign_sha256=campaign.sha256 or "",
        language=language_key(campaign, language),
        files=tuple(sorted(extra.items())),
    )
    if png_bytes is not None:
        target = cached_png_path(campaign, sha256)
        if cached_png(campaign, sha256) is None:
            write_bytes_atomic(target, png_bytes)
    path = review_path(campaign)
    with review_lock(campaign):
        _remove_dead_temp_files(path)
        log = load_reviews(campaign)  # under the lock: whatever another writer appended is kept
        if log.chain.broken:
            raise BrokenHistoryError(broken_history_text(log, "no decision is added to it"))
        decision = replace(decision, seq=len(log.history) + 1, prev=log.chain.head)
        if sign_key is not None:
            from ..base.keys import sign

            decision = replace(decision, sig=sign(sign_key, decision.signed_bytes))
        history = log.history + (decision,)
        text = format_review_file(_campaign_path(campaign).name, campaign.id, history)
        write_text_atomic(path, text)
        _write_anchor(campaign, len(history), decision.hash)
    return decision


def _write_anchor(campaign: Campaign, count: int, sha: str) -> None:
    """After the review file: a crash in between leaves an older anchor, which still verifies."""
    import json

    try:
        write_text_atomic(anchor_path(campaign), json.dumps({"count": count, "sha256": sha}) + "\n")
    except OSError:
        pass  # the anchor is a second line of defence; the file's own head still holds


__all__ = ["BrokenHistoryError", "broken_history_text", "format_review_file", "record_decision", "review_lock"]
