"""The hash chain of the review file: every decision carries the sha256 of the one before it.

Definitions (docs/review.md repeats them for people who check a file with other tools):

* The **record** of a decision is the mapping written in the file: `message`, `format`,
  `language` (only when set), `status`, `by`, `role`, `at`, `note`, `sha256` (only when a PNG is
  bound), `files` (only when other kinds are bound), `campaign_sha256` (only when set), `seq`,
  `prev`, `sig` (only when signed). Every value is text except `seq` (a whole number) and
  `files` (a mapping of kind to sha256).
* The **canonical bytes** of a mapping are its JSON with keys sorted, no spaces
  (`separators=(",", ":")`), non-ASCII characters as themselves, encoded as UTF-8.
* The **hash** of a decision is the sha256 (lowercase hex) of the canonical bytes of its record,
  `sig` included. A decision's `prev` is the hash of the decision before it in the file; the first
  decision's `prev` is `GENESIS`, 64 zeros. `seq` is the decision's 1-based position.
* The **signed bytes** are `SIGNING_PREFIX` followed by the canonical bytes of the record without
  `sig` (so a signature covers `prev`: it pins the decision to its place in the history).
* The file's `head: {count, sha256}` holds the number of decisions and the hash of the last, so
  a deleted or edited last decision is caught too. The review cache keeps a copy of the head
  (`CAMPAIGN.review-cache/chain-head.json`) so a file whose chain was stripped, or which was
  deleted, is caught while the cache is there.

Release 0.1 files have no `prev`: they are **unchained legacy history**. Their decisions are
hashed as if each `prev` held the hash of the one before (first: `GENESIS`), so the first new
decision's `prev` covers every legacy decision: edit, delete or reorder one afterwards and the
chain breaks there. Legacy decisions must all come before chained ones; a decision without
`prev` after a chained one is reported as inserted.

What the chain proves: that nobody edited, deleted, reordered or inserted a decision by hand
without recomputing every hash after it. Someone who recomputes them (it takes a script) can
rewrite history; only Ed25519 signatures (review/trust.py) prove who made a decision.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field

GENESIS = "0" * 64
SIGNING_PREFIX = b"creative-studio review decision v1\n"


def canonical_bytes(record: dict) -> bytes:
    text = json.dumps(record, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    return text.encode("utf-8", "surrogatepass")


def record_hash(record: dict) -> str:
    return hashlib.sha256(canonical_bytes(record)).hexdigest()


def signed_bytes(record: dict) -> bytes:
    return SIGNING_PREFIX + canonical_bytes({k: v for k, v in record.items() if k != "sig"})


@dataclass(frozen=True)
class Problem:
    line: int | None
    text: str


@dataclass(frozen=True)
class ChainState:
    """`state`: "empty" (no decisions), "ok", "legacy" (0.1, no chain yet) or "broken"."""

    state: str
    count: int = 0
    legacy: int = 0  # decisions before the chain started (release 0.1)
    head: str = GENESIS  # hash of the last decision (what the next `prev` must be)
    problems: tuple[Problem, ...] = ()
    hashes: tuple[str, ...] = field(default=(), repr=False)

    @property
    def broken(self) -> bool:
        return self.state == "broken"

    def describe(self, file: str) -> list[str]:
        """One `FILE:LINE: sentence` per problem (or the legacy warning)."""
        if self.state == "legacy":
            return [
                f"{file}: warning: unchained legacy history: the {self.legacy} decision(s) were recorded by "
                "release 0.1 without a hash chain; the next decision starts the chain and seals them"
            ]
        return [f"{file}:{p.line}: {p.text}" if p.line else f"{file}: {p.text}" for p in self.problems]

    def to_json(self) -> dict:
        return {
            "state": self.state,
            "count": self.count,
            "legacy": self.legacy,
            "head": self.head,
            "problems": [{"line": p.line, "text": p.text} for p in self.problems],
        }


def _diagnose(i: int, records: list[dict], hashes: list[str], lines: list[int]) -> Problem:
    """Why decision i (0-based) does not follow decision i-1: the first break of the chain."""
    r = records[i]
    line = lines[i]
    n = len(records)
    exp_prev = hashes[i - 1] if i else GENESIS
    exp_seq = i + 1
    if "prev" not in r:
        return Problem(line, f"decision {exp_seq} has no 'prev' though the chain had started: it was inserted by hand")
    if r["prev"] == exp_prev:
        return Problem(
            line,
            f"decision {exp_seq} carries seq {r.get('seq')!r} where {exp_seq} belongs: it was changed after it was recorded",
        )
    where = {h: j for j, h in enumerate(hashes)}
    j = where.get(r["prev"])
    if j is not None and j >= i:
        return Problem(
            line,
            f"decision {exp_seq} is out of order: it was recorded after the decision on line {lines[j]}; "
            "decisions were reordered",
        )
    if i + 1 < n and records[i + 1].get("prev") == exp_prev:
        return Problem(
            line,
            f"decision {exp_seq} is not part of the chain (the next one follows the one before it): it was inserted by hand",
        )
    if j is not None:
        bad = ", ".join(str(lines[k]) for k in range(j + 1, i))
        return Problem(
            lines[j + 1],
            f"the decision(s) on line(s) {bad} are not part of the chain (the decision on line {line} follows "
            f"the one on line {lines[j]}): they were inserted by hand",
        )
    seq = r.get("seq")
    if isinstance(seq, int) and seq > exp_seq:
        gone = f"{exp_seq}" if seq == exp_seq + 1 else f"{exp_seq} to {seq - 1}"
        return Problem(line, f"decision(s) {gone} were deleted before this one (it carries seq {seq})")
    if i == 0:
        return Problem(
            line,
            "the first decision's prev is not the genesis value: decisions before it were deleted or it was edited",
        )
    return Problem(
        lines[i - 1],
        f"decision {i} was changed after it was recorded (decision {exp_seq}, on line {line}, holds another hash for it)",
    )


def verify_chain(
    records: list[dict],
    lines: list[int],
    head: dict | None,
    head_line: int | None,
    anchor: dict | None = None,
) -> ChainState:
    """Check the chain of `records` (decision records in file order, their lines, the file's head).

    `anchor` is the head remembered in the review cache ({"count", "sha256"}) or None.
    Only the first break is reported: everything after it is untrusted anyway.
    """
    n = len(records)
    hashes: list[str] = []
    legacy = 0
    chained = False
    first_break: int | None = None
    for i, r in enumerate(records):
        exp_prev = hashes[-1] if hashes else GENESIS
        if "prev" in r:
            chained = True
            hashes.append(record_hash(r))
            if first_break is None and (r["prev"] != exp_prev or r.get("seq") != i + 1):
                first_break = i
        else:
            if chained and first_break is None:
                first_break = i
            if not chained:
                legacy += 1
            hashes.append(record_hash({**r, "prev": exp_prev}))
    last = hashes[-1] if hashes else GENESIS
    problems: list[Problem] = []
    if first_break is not None:
        problems.append(_diagnose(first_break, records, hashes, lines))
    elif head is None and chained:
        problems.append(
            Problem(1, "the 'head' line is missing from a chained review file: the file was edited by hand")
        )
    elif head is not None:
        count, sha = head.get("count"), head.get("sha256")
        if not chained and n:
            problems.append(
                Problem(head_line, "the file has a 'head' but its decisions carry no 'prev': the chain was stripped")
            )
        elif isinstance(count, int) and count > n:
            problems.append(
                Problem(
                    head_line,
                    f"the head records {count} decision(s) but the file holds {n}: the last {count - n} were deleted",
                )
            )
        elif isinstance(count, int) and count < n:
            problems.append(
                Problem(lines[count], f"decision(s) {count + 1} to {n} were added by hand after the head ({count})")
            )
        elif sha != last:
            problems.append(
                Problem(
                    lines[-1] if lines else head_line,
                    "the last decision was changed after it was recorded (it no longer matches the head)",
                )
            )
    if not problems and anchor is not None:
        problems += _check_anchor(anchor, hashes, n, lines)
    if problems:
        state = "broken"
    elif not n:
        state = "empty"
    elif not chained:
        state = "legacy"
    else:
        state = "ok"
    return ChainState(state, n, legacy, last, tuple(problems), tuple(hashes))


def _check_anchor(anchor: dict, hashes: list[str], n: int, lines: list[int]) -> list[Problem]:
    """The review cache's copy of the head: the file must still hold that decision, unchanged."""
    count, sha = anchor.get("count"), anchor.get("sha256")
    if not isinstance(count, int) or not isinstance(sha, str) or count < 1:
        return []
    if count > n:
        return [
            Problem(
                None,
                f"the review cache records {count} decision(s) but the file holds {n}: "
                "decisions were deleted (or the review file was replaced)",
            )
        ]
    if hashes[count - 1] != sha:
        return [
            Problem(
                lines[count - 1],
                f"decision {count} no longer has the hash the review cache recorded for it: "
                "the history up to it was rewritten",
            )
        ]
    return []


__all__ = [
    "GENESIS",
    "SIGNING_PREFIX",
    "ChainState",
    "Problem",
    "canonical_bytes",
    "record_hash",
    "signed_bytes",
    "verify_chain",
]
