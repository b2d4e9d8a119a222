"""Write a campaign back to its YAML file without losing the designer's comments and layout.

The campaign file is the designer's document: comments explain choices, keys are in the order
they think in, long lines are long on purpose. PyYAML would drop all that, so the saver opens the
file on disk with ruamel.yaml's round-trip mode and changes only the values that differ from the
campaign in memory. A message field equal to the `defaults:` value is left out of the message
(or taken out), so a campaign keeps saying "like every other message" where it did.

Before anything is written, the new text is loaded with the one strict loader and compared with
the campaign in memory; a mismatch (a style that would change a value) is refused rather than
saved. Writing is atomic (temp file, fsync, rename), so a crash leaves the old file in place.

Qt-free: the GUI calls this from its save action; scripts may call it too.
"""

from __future__ import annotations

import hashlib
import io
import os
from dataclasses import fields, replace
from pathlib import Path
from typing import Any

from ruamel.yaml.comments import CommentedMap, CommentedSeq
from ruamel.yaml.error import CommentMark, YAMLError
from ruamel.yaml.scalarstring import DoubleQuotedScalarString
from ruamel.yaml.tokens import CommentToken

from ..base.atomic import write_bytes_atomic
from .carry import Carry, bundled
from .deckapply import edit_document
from .loader import load_campaign
from .roster import file_roster, roster_items, wanted_roster
from .rtedit import (
    _MISSING,
    KEY_ORDER,
    TEXT_FIELDS,
    _after,
    _give_rest,
    _insert,
    _pop,
    _put,
    _styled,
    _take_rest,
    _token_text,
    _yaml,
)
from .types import ALL_SCOPES, CAMPAIGN_WIDE, DEFAULT_LANGUAGE, MESSAGE_FIELDS, Brand, Campaign, Face, Message
from .yamlio import TemplateError, decode, read_text

BOM = b"\xef\xbb\xbf"

FACE_KEYS = ("emoji", "crack_stage", "seed", "ring")


class SaveError(TemplateError):
    """The campaign could not be saved (nothing was written)."""

    def __init__(self, file: str | Path, message: str, line: int | None = None, column: int | None = None):
        super().__init__(file, line, column, message)


# ------------------------------------------------------------------------------------ public


def save_campaign(campaign: Campaign, path: str | Path | None = None, copied: list[Path] | None = None) -> Campaign:
    """Save `campaign` to `path` (default: its own file) and return it freshly loaded from disk.

    The returned campaign carries the new file's sha256 and path. Raises SaveError (a
    TemplateError) when the original cannot be read or the result would not load back equal.
    Saved into another folder, the files it names (catalogue, logo) that would be outside that
    folder are copied beside it (see carry.py); their paths are appended to `copied`.
    """
    source = campaign.path
    target = Path(path) if path is not None else source
    if target is None:
        raise ValueError("this campaign has no file yet; give a path to save it to")
    target = Path(os.path.abspath(target))
    text, raw_bom, crlf = _source_text(source, target)
    moved = source is not None and source.parent.resolve() != target.parent.resolve()
    carry = Carry(target.parent) if moved else None
    out = campaign_yaml(campaign, text, source, target, carry)
    if crlf:
        out = out.replace("\r\n", "\n").replace("\n", "\r\n")
    data = (BOM if raw_bom else b"") + out.encode("utf-8")

    try:
        if carry is not None:
            try:
                carry.write()
            except OSError as exc:
                raise SaveError(target, f"cannot copy the campaign's files beside it: {exc}") from exc
        # Refuse to write anything that would not load back as this very campaign.
        check = load_campaign(target, text=data.decode("utf-8-sig"))
        expected = campaign
        if carry is not None and campaign.brand.logo:  # the logo comes along: read back as its copy
            expected = replace(campaign, brand=replace(campaign.brand, logo=carry.moved(campaign.brand.logo)))
        diff = differences(expected, check)
        if diff:
            raise SaveError(target, "saving would change " + "; ".join(diff) + " (nothing was written)")

        try:
            unchanged = target.read_bytes() == data
        except OSError:
            unchanged = False
        if not unchanged:
            try:
                write_bytes_atomic(target, data)
            except OSError as exc:
                raise SaveError(target, f"cannot write the file: {exc.strerror or exc}") from exc
    except BaseException:
        if carry is not None:
            carry.remove()
        raise
    if carry is not None and copied is not None:
        copied.extend(carry.created)
    # `check` was loaded from exactly these bytes; only the hash must cover a BOM, if any.
    return replace(check, sha256=hashlib.sha256(data).hexdigest())


def campaign_yaml(
    campaign: Campaign,
    original: str | None,
    source: Path | None = None,
    target: Path | None = None,
    carry: Carry | None = None,
) -> str:
    """The YAML text for `campaign`: `original` with only the differing values changed.

    `source` is the file `original` came from and `target` where it will be written: when the
    folder changes, the catalogue and logo paths are rewritten for the new folder, through
    `carry` (which plans copies of files that would be outside it) or, without one, as relative
    paths. With no original, a fresh document.
    """
    rt = _yaml(original or "")  # ruamel round-trip: builds only plain maps and lists
    if original is None:
        doc = _fresh_document(campaign)
    else:
        try:
            doc = rt.load(original)
        except YAMLError as exc:
            mark = getattr(exc, "problem_mark", None)
            raise SaveError(
                source or target or "campaign",
                f"the file on disk is not valid YAML "
                f"({getattr(exc, 'problem', exc)}); fix it in your editor or use Save As",
                line=mark.line + 1 if mark else None,
                column=mark.column + 1 if mark else None,
            ) from None
        if not isinstance(doc, CommentedMap) or not isinstance(doc.get("messages"), CommentedSeq):
            raise SaveError(
                source or target or "campaign", "the file on disk is not a campaign (no messages: list); use Save As"
            )
        changed = _update(doc, campaign, source, target, carry)
        changed |= _update_copy(doc, campaign, original, source or target)
        if not changed:
            return original  # nothing differs: the designer's bytes, untouched
    buf = io.StringIO()
    rt.dump(doc, buf)
    return buf.getvalue()


def differences(want: Campaign, got: Campaign) -> list[str]:
    """What differs between two campaigns in the parts a campaign file holds."""
    out = []

    def norm(c: Campaign, name: str) -> Any:
        v = getattr(c, name)
        if name != "brand":
            return v
        return Brand(
            **{f.name: getattr(v, f.name) if f.name == "logo" else getattr(v, f.name).upper() for f in fields(Brand)}
        )

    for name in "id name client brand_name flight_start flight_end url reviewers roster brand".split():
        if norm(want, name) != norm(got, name):
            out.append(f"{name} ({getattr(want, name)!r} would read back as {getattr(got, name)!r})")
    if want.message_ids != got.message_ids:
        out.append(f"the messages {list(want.message_ids)} (would read back as {list(got.message_ids)})")
    else:
        for a, b in zip(want.messages, got.messages, strict=True):
            if a != b:
                bad = [f.name for f in fields(Message) if getattr(a, f.name) != getattr(b, f.name)]
                out.append(f"message {a.id}: {', '.join(bad)}")
    if want.format_ids != got.format_ids:
        out.append("the list of formats")
    if want.languages != got.languages:
        out.append(f"the languages {list(want.languages)} (would read back as {list(got.languages)})")
    owners = {CAMPAIGN_WIDE, *want.message_ids}  # a deleted message takes its translations along
    mine, theirs = copy_layers(want, owners), copy_layers(got, owners)
    if mine != theirs:
        bad = sorted({k for k in mine.keys() | theirs.keys() if mine.get(k) != theirs.get(k)})
        out.append("the translations and overrides " + ", ".join("/".join(k) for k in bad[:5]))
    return out


def copy_layers(c: Campaign, owners: set[str]) -> dict:
    """The translations and overrides of `owners` a file states beyond the masters, in file order.

    The defaults' master texts are not among them: they merge into the messages (compared there).
    """
    master = (CAMPAIGN_WIDE, ALL_SCOPES)
    return {
        k: v
        for k, v in c.copy.entries
        if k[0] in owners and not (k[:2] == master and k[3] == c.default_language and k[2] in MESSAGE_FIELDS)
    }


def _update_copy(doc: CommentedMap, campaign: Campaign, original: str, file: Path | None) -> bool:
    """Write the translations and overrides that differ from the file's (the app's scoped edits).

    They land where a copy-deck import puts them (model/deckapply.py): a message's `overrides:`
    block, `defaults: overrides:`, or a `language: text` block. True if anything changed.
    """
    if file is None:
        return False
    try:
        on_disk = load_campaign(file, text=original)
    except TemplateError:
        return False  # the file does not load as it is: the check after the update says what differs
    owners = {CAMPAIGN_WIDE, *campaign.message_ids}
    mine, theirs = copy_layers(campaign, owners), copy_layers(on_disk, owners)
    keys = [k for k in mine if mine[k] != theirs.get(k)] + [k for k in theirs if k not in mine]
    if not keys and campaign.languages == on_disk.languages:
        return False
    edit_document(doc, on_disk, campaign.languages, {k: mine.get(k) for k in keys})
    return True


def emoji_code(emoji: str) -> str:
    """'🙂' -> 'U+1F642'; sequences as space-separated code points, as the loader reads them."""
    return " ".join(f"U+{ord(ch):04X}" for ch in emoji)


# ---------------------------------------------------------------------------- reading/writing


def _source_text(source: Path | None, target: Path) -> tuple[str | None, bool, bool]:
    """The original text (the source file, else an existing target), whether it had a BOM, CRLF."""
    for p in (source, target):
        if p is not None and p.exists():
            raw = read_text(p)
            text = decode(raw, p)
            return text.replace("\r\n", "\n"), raw.startswith(BOM), b"\r\n" in raw
        if p is not None and p == source:
            raise SaveError(p, "the campaign file is gone from disk; use Save As to write it somewhere")
    return None, False, False


# ------------------------------------------------------------------------------ the update


def _update(
    doc: CommentedMap, campaign: Campaign, source: Path | None, target: Path | None, carry: Carry | None = None
) -> bool:
    """Change `doc` in place to hold `campaign`; True if anything changed."""
    changed = False

    # campaign: section
    c = doc.get("campaign")
    if not isinstance(c, CommentedMap):
        c = CommentedMap()
        doc.insert(0, "campaign", c)
    for key, value in (("id", campaign.id), ("name", campaign.name)):
        changed |= _put(c, key, value, c.get(key, _MISSING))
    changed |= _put(c, "client", campaign.client, c.get("client", ""), default="")
    lang = _language(doc)
    if _text(c, "brand_name", lang) is not _MISSING or campaign.brand_name != campaign.client:
        changed |= _put_text(c, "brand_name", campaign.brand_name, lang, default=campaign.client)
    if _text(c, "url", lang) is not _MISSING or campaign.url:
        changed |= _put_text(c, "url", campaign.url, lang, default="")
    flight = c.get("flight")
    have = (str(flight.get("start", "")), str(flight.get("end", ""))) if isinstance(flight, dict) else ("", "")
    if have != (campaign.flight_start, campaign.flight_end):
        if not isinstance(flight, CommentedMap):
            flight = CommentedMap()
            flight.fa.set_flow_style()
            _insert(c, "flight", flight, ("id", "name", "client", "brand_name", "flight", "url", "reviewers"))
        for key, value in (("start", campaign.flight_start), ("end", campaign.flight_end)):
            _put(flight, key, DoubleQuotedScalarString(value), str(flight.get(key, "")), default="")
        changed = True
    have_rev = file_roster(c.get("reviewers", ()) or ())
    if have_rev != wanted_roster(campaign):
        rev = CommentedSeq(roster_items(wanted_roster(campaign)))
        old = c.get("reviewers")
        if isinstance(old, CommentedSeq) and old.fa.flow_style():
            rev.fa.set_flow_style()
        if "reviewers" in c:
            c["reviewers"] = rev
        else:
            rev.fa.set_flow_style()
            _insert(c, "reviewers", rev, ("id", "name", "client", "brand_name", "flight", "url", "reviewers"))
        changed = True

    # catalogue: keep pointing at the same files from the new folder
    if source is not None and target is not None and source.parent.resolve() != target.parent.resolve():
        cat = doc.get("catalogue")
        if isinstance(cat, dict):
            files = {key: source.parent / str(cat[key]) for key in ("formats", "layouts") if key in cat}
            if carry is not None and set(files) == {"formats", "layouts"} and all(map(bundled, files.values())):
                del doc["catalogue"]  # the bundled catalogue: named by naming none, as `init` does
                changed = True
            else:
                for key, file in files.items():
                    if carry is not None:
                        cat[key] = _styled(cat[key], carry.reference(file))
                    elif not Path(str(cat[key])).is_absolute():
                        cat[key] = _styled(cat[key], _relative(file, target.parent))
                    changed = True

    # brand: colours (the loader upper-cases them)
    brand = doc.get("brand")
    base = Brand()
    for f in fields(Brand):
        if f.name == "logo":
            continue  # a path, not a colour: below
        want = getattr(campaign.brand, f.name).upper()
        have_colour = (
            str(brand.get(f.name, getattr(base, f.name))).upper() if isinstance(brand, dict) else getattr(base, f.name)
        )
        if want == have_colour:
            continue
        if not isinstance(brand, CommentedMap):
            brand = CommentedMap()
            doc.insert(_after(doc, ("campaign", "formats", "catalogue")), "brand", brand)
        _put(brand, f.name, DoubleQuotedScalarString(want) if f.name not in brand else want, _MISSING)
        changed = True

    # brand: the logo, a path relative to the campaign file (the model holds it absolute)
    brand = doc.get("brand")
    old_rel = str(brand.get("logo", "")) if isinstance(brand, dict) else ""
    src_dir = (source or target or Path(".")).parent
    dst_dir = (target or source or Path(".")).parent
    have_logo = os.path.abspath(src_dir / old_rel) if old_rel else ""
    want_logo = os.path.abspath(campaign.brand.logo) if campaign.brand.logo else ""
    if want_logo != have_logo or (
        want_logo and src_dir.resolve() != dst_dir.resolve() and not Path(old_rel).is_absolute()
    ):
        if not want_logo:
            if isinstance(brand, dict) and "logo" in brand:
                del brand["logo"]
        else:
            if not isinstance(brand, CommentedMap):
                brand = CommentedMap()
                doc.insert(_after(doc, ("campaign", "formats", "catalogue")), "brand", brand)
            brand["logo"] = carry.reference(Path(want_logo)) if carry else _relative(Path(want_logo), dst_dir)
        changed = True

    # messages
    changed |= _update_messages(doc, campaign)
    return changed


def _relative(file: Path, folder: Path) -> str:
    file = Path(os.path.abspath(file))
    try:
        return Path(os.path.relpath(file, os.path.abspath(folder))).as_posix()
    except ValueError:  # another drive (Windows): no relative path exists
        return str(file)


def _defaults(doc: CommentedMap) -> tuple[dict, Face]:
    d = doc.get("defaults") or {}
    df = d.get("face") or {}
    base = Face()
    face = Face(
        emoji=_emoji(str(df["emoji"])) if "emoji" in df else base.emoji,
        crack_stage=int(df.get("crack_stage", base.crack_stage)),
        seed=int(df.get("seed", base.seed)),
        ring=_ring(df.get("ring", base.ring)),
    )
    return d, face


def _ring(value: Any) -> str:
    """What the loader reads for ``face.ring``."""
    return str(value)


def _emoji(value: str) -> str:
    if value.upper().startswith("U+"):
        return "".join(chr(int(part[2:], 16)) for part in value.split())
    return value


def _text(node: Any, name: str, lang: str) -> Any:
    """The default-language text of node[name] (plain text, or the `lang` entry of a map)."""
    if not isinstance(node, dict) or name not in node:
        return _MISSING
    value = node[name]
    if isinstance(value, dict):
        return str(value[lang]) if lang in value else _MISSING
    return str(value)


def _field(node: dict, defaults: dict, name: str, lang: str) -> str:
    """What the loader reads for a message's text field (mirrors loader.load_campaign)."""
    for where in (node, defaults):
        got = _text(where, name, lang)
        if got is not _MISSING:
            return got
    return _field(node, defaults, "cta", lang) if name == "cta_short" else ""


def _default_for(node: dict, defaults: dict, name: str, lang: str) -> str:
    got = _text(defaults, name, lang)
    if got is not _MISSING:
        return got
    return _field(node, defaults, "cta", lang) if name == "cta_short" else ""


def _put_text(node: CommentedMap, key: str, value: str, lang: str, default: Any = _MISSING) -> bool:
    """_put for copy: a per-language map keeps its other languages, only `lang`'s text changes."""
    cur = node.get(key, _MISSING)
    if not isinstance(cur, CommentedMap):  # round-trip documents hold every mapping as one
        return _put(node, key, value, cur, default)
    have = cur.get(lang, _MISSING)
    if have is not _MISSING and str(have) == value:
        return False
    if default is not _MISSING and value == default:
        if have is _MISSING:
            return False
        _pop(cur, lang)
        if not cur:
            _pop(node, key)
        return True
    if have is not _MISSING:
        cur[lang] = _styled(have, value)
    else:
        cur.insert(0, lang, _styled(None, value))
    return True


def _language(doc: CommentedMap) -> str:
    c = doc.get("campaign")
    langs = c.get("languages") if isinstance(c, dict) else None
    return str(langs[0]) if langs else DEFAULT_LANGUAGE


def _node_face(node: dict, base: Face) -> Face:
    f = node.get("face") or {}
    return Face(
        emoji=_emoji(str(f["emoji"])) if "emoji" in f else base.emoji,
        crack_stage=int(f.get("crack_stage", base.crack_stage)),
        seed=int(f.get("seed", base.seed)),
        ring=_ring(f.get("ring", base.ring)),
    )


def _update_message(node: CommentedMap, m: Message, defaults: dict, base: Face, lang: str) -> bool:
    changed = _put_text(node, "slogan", m.slogan, lang)
    for name in TEXT_FIELDS:
        want = getattr(m, name)
        if want == _field(node, defaults, name, lang):
            continue
        _put_text(node, name, want, lang, default=_default_for(node, defaults, name, lang))
        changed = True
    have = _node_face(node, base)
    if have != m.face:
        face = node.get("face")
        if not isinstance(face, CommentedMap):
            face = CommentedMap()
            face.fa.set_flow_style()
            _insert(node, "face", face, KEY_ORDER)
        for key in FACE_KEYS:
            want = getattr(m.face, key)
            if want == getattr(have, key):
                continue
            value: Any = DoubleQuotedScalarString(emoji_code(want)) if key == "emoji" else want
            if want == getattr(base, key):
                _pop(face, key)
            else:
                _insert(face, key, value, FACE_KEYS)
        if not face:
            _pop(node, "face")
        changed = True
    return changed


def _new_message(m: Message, defaults: dict, base: Face, lang: str) -> CommentedMap:
    node = CommentedMap()
    node["id"] = m.id
    node["slogan"] = _styled(None, m.slogan)
    _update_message(node, m, defaults, base, lang)
    return node


def _update_messages(doc: CommentedMap, campaign: Campaign) -> bool:
    seq: CommentedSeq = doc["messages"]
    defaults, base = _defaults(doc)
    lang = _language(doc)
    by_id = {str(n.get("id")): n for n in seq if isinstance(n, CommentedMap)}
    old_ids = [str(n.get("id")) if isinstance(n, CommentedMap) else None for n in seq]
    changed = False
    for m in campaign.messages:
        if m.id in by_id:
            changed |= _update_message(by_id[m.id], m, defaults, base, lang)
    new_ids = list(campaign.message_ids)
    if new_ids == old_ids:
        return changed

    # The order or the set of messages changed. Comment lines belong to the message they
    # precede: lift them off (ruamel hangs them on the previous message's last key or on the
    # list slot), rebuild the list, and put each message's lines back in front of it.
    lead: dict[str, str] = {}
    for i in range(1, len(seq)):
        text = _take_rest(seq, i - 1)
        slot = seq.ca.items.get(i)
        if slot and len(slot) > 1 and slot[1]:
            text += "".join(_token_text(t) for t in slot[1])
        old_id = old_ids[i]
        if old_id is not None:
            lead[old_id] = text
    tail = _take_rest(seq, len(seq) - 1) if len(seq) else ""
    seq.ca.items.clear()
    nodes = [
        by_id[mid] if mid in by_id else _new_message(campaign.message(mid), defaults, base, lang) for mid in new_ids
    ]
    del seq[:]
    seq.extend(nodes)
    for j, mid in enumerate(new_ids):
        if lead.get(mid):
            seq.ca.items[j] = [None, [CommentToken(lead[mid], CommentMark(0), None)], None, None]
    if seq:
        _give_rest(seq, len(seq) - 1, tail)
    return True


# ------------------------------------------------------------------------ a brand-new file


def _fresh_document(campaign: Campaign) -> CommentedMap:
    """A campaign file for a campaign that has none yet (default catalogue, all its messages)."""
    from .loader import TEMPLATES_DIR, load_catalogue

    doc = CommentedMap()
    c = CommentedMap()
    c["id"] = campaign.id
    c["name"] = campaign.name
    doc["campaign"] = c
    all_ids = tuple(f.id for f in load_catalogue(TEMPLATES_DIR / "formats.yaml", TEMPLATES_DIR / "layouts.yaml")[0])
    doc["formats"] = "all" if campaign.format_ids == all_ids else CommentedSeq(campaign.format_ids)
    doc["messages"] = CommentedSeq()
    _update(doc, campaign, None, None)
    return doc


__all__ = ["SaveError", "campaign_yaml", "differences", "emoji_code", "save_campaign"]
