"""Who may sign off, and proof of who did: the campaign's roster and Ed25519 signatures.

The roster is the campaign's `reviewers:` list once it names people
(`{name: Ann Smith, role: Legal, public_key: ...}`; plain strings are 0.1 roles and name nobody).

Policy, chosen as a legal reviewer would expect it:

* An **approval** by someone not on the roster is refused when it is recorded (`review set`, the
  app): a sign-off is only a sign-off from someone the campaign says may give it. Adding a person
  is a visible, reviewable change to the campaign file.
* **Changes requested** and **rejections** by someone not on the roster are recorded, with a
  warning: an objection is never lost because of who raised it, and it can only hold a render
  back, never let one through.
* Decisions already in the file by unlisted people (written before the roster existed, or by
  hand) are flagged by `review status` and `review verify`, and an approval by an unlisted person
  does not count for `export --approved-only`.

Signatures: a decision signed with `review set --sign-key KEY` carries `sig`, the Ed25519
signature of chain.signed_bytes(record) by the reviewer's private key. `review verify` checks
every signature against the public key listed for the decision's `by`. This is the way to prove
who approved: the hash chain shows that the file was not edited by hand, but anyone with a
script can recompute hashes; nobody can make a signature without the reviewer's private key.
"""

from __future__ import annotations

from dataclasses import dataclass

from ..model.types import Campaign
from .store import Decision, ReviewError, ReviewLog


@dataclass(frozen=True)
class Finding:
    """One thing `verify` (or `status`) says about a decision or the file. `level`: problem|warning."""

    level: str
    line: int | None
    text: str

    def format(self, file: str) -> str:
        where = f"{file}:{self.line}" if self.line else file
        return f"{where}: {'warning: ' if self.level == 'warning' else ''}{self.text}"


def check_new_decision(campaign: Campaign, by: str, role: str, status: str, sign_key) -> tuple[str, str]:
    """Refuse what must not be recorded; return (name, role) to record: the roster's spelling of
    the name, and the roster's role when none is given."""
    entry = campaign.reviewer(by)
    if campaign.has_roster and entry is None and status == "approved":
        names = ", ".join(r.name for r in campaign.roster if r.name)
        raise ReviewError(
            f"{campaign.path}: '{by}' is not in the campaign's reviewers ({names}), so cannot approve; "
            "add them to campaign.reviewers (name, role) first, or record changes-requested/rejected"
        )
    if sign_key is not None:
        from ..base.keys import load_public_key, same_key

        if entry is None or not entry.public_key:
            raise ReviewError(
                f"{campaign.path}: '{by}' has no public_key in the campaign's reviewers, so a signature "
                "could not be checked; add the line `review keygen` printed as their public_key"
            )
        if not same_key(sign_key.public_key(), load_public_key(entry.public_key)):
            raise ReviewError(
                f"the signing key is not the one the campaign lists for '{entry.name}'; "
                "use their own key file, or update their public_key"
            )
    if entry is not None:
        return entry.name, role or entry.role
    return by, role


def is_listed(campaign: Campaign, d: Decision) -> bool:
    """True when the campaign has no roster (nothing to check against) or lists the decision's author."""
    return not campaign.has_roster or campaign.reviewer(d.by) is not None


def signature_state(campaign: Campaign, d: Decision) -> str:
    """ "valid", "invalid", "unsigned", "unsigned-keyed" (the author has a key) or "no-key" (cannot check)."""
    entry = campaign.reviewer(d.by)
    key_text = entry.public_key if entry is not None else ""
    if not d.sig:
        return "unsigned-keyed" if key_text else "unsigned"
    if not key_text:
        return "no-key"
    from ..base.keys import KeyFormatError, load_public_key, verify

    try:
        key = load_public_key(key_text)
    except KeyFormatError:
        return "no-key"
    return "valid" if verify(key, d.sig, d.signed_bytes) else "invalid"


def verify_log(campaign: Campaign, log: ReviewLog) -> list[Finding]:
    """Everything wrong with the history: the chain, every signature, unlisted authors."""
    out = [Finding("problem", p.line, p.text) for p in log.chain.problems]
    if log.chain.state == "legacy":
        out.append(Finding("warning", None, log.chain.describe(str(log.path))[0].split(": warning: ", 1)[1]))
    for d, line in zip(log.history, log.lines, strict=False):
        what = f"decision {d.seq or '(0.1)'} ({d.message} / {d.format}, {d.status} by {d.by})"
        sig = signature_state(campaign, d)
        if sig == "invalid":
            out.append(
                Finding(
                    "problem",
                    line,
                    f"{what}: the signature does not verify with {d.by}'s public key: "
                    "the decision was changed after it was signed, or signed with another key",
                )
            )
        elif sig == "no-key":
            out.append(
                Finding("problem", line, f"{what} is signed, but the campaign lists no usable public_key for {d.by}")
            )
        elif sig == "unsigned-keyed":
            out.append(
                Finding(
                    "problem" if d.status == "approved" else "warning",
                    line,
                    f"{what} is not signed, though {d.by} has a public key: nothing proves {d.by} made it",
                )
            )
        if not is_listed(campaign, d):
            out.append(Finding("warning", line, f"{what}: {d.by} is not in the campaign's reviewers"))
    return out


def tampered_signatures(campaign: Campaign, log: ReviewLog) -> list[Finding]:
    """Signatures present that do not verify: proof that a signed decision was altered."""
    out = []
    for d, line in zip(log.history, log.lines, strict=False):
        if d.sig and signature_state(campaign, d) == "invalid":
            out.append(Finding("problem", line, f"the signature of decision {d.seq} ({d.by}) does not verify"))
    return out


def history_summary(campaign: Campaign, log: ReviewLog) -> str:
    """One line for the sign-off sheet: is the history intact, and how much of it is signed."""
    ch = log.chain
    if ch.state == "broken":
        return "ALTERED: " + ch.describe(log.path.name)[0]
    signed = sum(signature_state(campaign, d) == "valid" for d in log.history)
    sig = f"; {signed} of {len(log.history)} decisions carry a valid signature" if signed else ""
    if ch.state == "legacy":
        return f"unchained (recorded by release 0.1; the next decision starts the hash chain){sig}"
    if ch.state == "empty":
        return "no decisions yet"
    return f"hash chain intact{sig}"


__all__ = [
    "history_summary",
    "Finding",
    "check_new_decision",
    "is_listed",
    "signature_state",
    "tampered_signatures",
    "verify_log",
]
