"""The campaign's `reviewers:` list: who may sign off, in which role, with which public key.

An entry is either a plain string (release 0.1: a role whose sign-off is wanted, no named
person) or a mapping `{name, role, public_key}` naming a person. Once any entry names a person,
the list is the campaign's roster: decisions by anyone else are flagged by `review status`,
and an approval from someone not listed is refused (see creative_studio/review/trust.py).
"""

from __future__ import annotations

from .types import Reviewer
from .yamlio import Located


def _key(name: str) -> str:
    return " ".join(name.split()).casefold()


def parse_reviewers(entries: list, located: Located, path: tuple = ("campaign", "reviewers")) -> tuple[Reviewer, ...]:
    """Entries as validated by the schema, into Reviewers; names are unique, public keys readable."""
    out: list[Reviewer] = []
    seen: dict[str, int] = {}
    for i, e in enumerate(entries or ()):
        if isinstance(e, str):
            out.append(Reviewer(role=e.strip()))
            continue
        r = Reviewer(
            str(e.get("name", "")).strip(), str(e.get("role", "")).strip(), str(e.get("public_key", "")).strip()
        )
        if _key(r.name) in seen:
            raise located.error(
                path + (i, "name"),
                f"the reviewer '{r.name}' is listed twice (first as reviewer {seen[_key(r.name)] + 1}); "
                "list each person once",
            )
        seen[_key(r.name)] = i
        if r.public_key:
            from ..base.keys import KeyFormatError, load_public_key

            try:
                load_public_key(r.public_key)
            except KeyFormatError as exc:
                raise located.error(
                    path + (i, "public_key"), f"the public_key of '{r.name}' cannot be used: {exc}"
                ) from None
        out.append(r)
    return tuple(out)


# -- writing back (the saver) -------------------------------------------------------------------


def file_roster(entries) -> tuple[Reviewer, ...]:
    """The `reviewers:` list of a loaded document as the loader reads it (without validation)."""
    out = []
    for e in entries:
        if isinstance(e, dict):
            out.append(Reviewer(str(e.get("name", "")), str(e.get("role", "")), str(e.get("public_key", ""))))
        else:
            out.append(Reviewer(role=str(e)))
    return tuple(out)


def wanted_roster(campaign) -> tuple[Reviewer, ...]:
    """The roster to write: `roster`, unless only the 0.1 labels (`reviewers`) were changed."""
    if tuple(r.label for r in campaign.roster) == tuple(campaign.reviewers):
        return tuple(campaign.roster)
    return tuple(Reviewer(role=label) for label in campaign.reviewers)


def roster_items(roster: tuple[Reviewer, ...]) -> list:
    """ruamel items for the roster: strings for roles, flow mappings for people."""
    from ruamel.yaml.comments import CommentedMap

    items: list = []
    for r in roster:
        if not r.name:
            items.append(r.role)
            continue
        m = CommentedMap([("name", r.name)] + [(k, getattr(r, k)) for k in ("role", "public_key") if getattr(r, k)])
        m.fa.set_flow_style()
        items.append(m)
    return items


__all__ = ["file_roster", "parse_reviewers", "roster_items", "wanted_roster"]
