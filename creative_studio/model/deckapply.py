"""Write copy-deck values into the campaign file, keeping the designer's comments and key order.

Every change is a (owner, scope, field, language) -> text (or None: remove, inherit). It lands
where a designer would have typed it: a message's own copy in the message, campaign-wide copy
in `campaign:` (brand_name, url) or `defaults:`, a narrower placement under `overrides:` of the
message or of `defaults:`. A plain text value that gains a second language becomes a block of
`language: text` lines, the default language first; a value keeps its quoting style.
"""

from __future__ import annotations

import io
from dataclasses import replace
from typing import Any

from ruamel.yaml.comments import CommentedMap, CommentedSeq

from .loader import load_campaign
from .rtedit import (
    _MISSING,
    CAMPAIGN_ORDER,
    KEY_ORDER,
    _give_rest,
    _insert,
    _is_block,
    _pop,
    _styled,
    _take_rest,
    _yaml,
)
from .types import ALL_SCOPES, CAMPAIGN_FIELDS, CAMPAIGN_WIDE, Campaign, CopyKey

DOC_ORDER = ("campaign", "formats", "catalogue", "brand", "defaults", "messages")


def apply_values(
    campaign: Campaign, languages: tuple[str, ...], changes: dict[CopyKey, str | None]
) -> tuple[bytes, Campaign]:
    """The new file bytes and the campaign they load as (nothing is written here)."""
    import hashlib

    from .saver import BOM, _source_text

    assert campaign.path is not None
    text, bom, crlf = _source_text(campaign.path, campaign.path)
    assert text is not None
    rt = _yaml(text)
    doc = rt.load(text)
    edit_document(doc, campaign, languages, changes)
    buf = io.StringIO()
    rt.dump(doc, buf)
    out = buf.getvalue()
    if crlf:
        out = out.replace("\r\n", "\n").replace("\n", "\r\n")
    data = (BOM if bom else b"") + out.encode("utf-8")
    after = load_campaign(campaign.path, text=data.decode("utf-8-sig"))
    return data, replace(after, sha256=hashlib.sha256(data).hexdigest())


def edit_document(
    doc: CommentedMap, campaign: Campaign, languages: tuple[str, ...], changes: dict[CopyKey, str | None]
) -> None:
    """Write `changes` into a round-trip document of `campaign`'s file (the saver uses it too)."""
    _languages(doc, campaign, languages)
    default = languages[0] if languages else campaign.default_language
    nodes = {str(n.get("id")): n for n in doc["messages"] if isinstance(n, CommentedMap)}
    created: list[tuple[CommentedMap, str]] = []
    for (owner, scope, name, lang), value in changes.items():
        parent = _parent(doc, nodes, owner, scope, name, create=value is not None, created=created)
        if parent is None:
            continue
        _set(parent, name, lang, value, default, languages)
        if value is None:
            _prune(doc, nodes, owner, scope)
    _settle(created)


def _settle(created: list[tuple[CommentedMap, str]]) -> None:
    """Blank and comment lines that followed a map's last key stay after it when a block is added.

    A block created at the end of a map took those lines while it was empty (they sit on its own
    key then, right under `overrides:`); now that it has content they go after its last line.
    """
    for parent, key in reversed(created):
        slot = parent.ca.items.get(key) if key in parent else None
        if not _is_block(parent.get(key)) or not slot or len(slot) < 3 or slot[2] is None:
            continue
        text = slot[2].value
        if not text.startswith("\n"):
            continue  # an end-of-line comment of the key itself stays where it is
        slot[2] = None
        _give_rest(parent, key, text[1:])


def _languages(doc: CommentedMap, campaign: Campaign, languages: tuple[str, ...]) -> None:
    if languages == campaign.languages:
        return
    c = doc["campaign"]
    seq = c.get("languages")
    if isinstance(seq, CommentedSeq):
        for code in languages[len(seq) :]:
            seq.append(code)
        return
    seq = CommentedSeq(languages)
    seq.fa.set_flow_style()
    _insert(c, "languages", seq, CAMPAIGN_ORDER)


def _child(
    parent: CommentedMap, key: str, order: tuple[str, ...], create: bool, created: list | None = None
) -> CommentedMap | None:
    node = parent.get(key)
    if isinstance(node, CommentedMap):
        return node
    if not create:
        return None
    node = CommentedMap()
    if parent.fa.flow_style():
        node.fa.set_flow_style()
    _insert(parent, key, node, order)
    if created is not None:
        created.append((parent, key))
    return node


def _parent(doc, nodes, owner: str, scope: str, name: str, create: bool, created=None) -> CommentedMap | None:
    if owner == CAMPAIGN_WIDE:
        if scope == ALL_SCOPES and name in CAMPAIGN_FIELDS:
            return doc["campaign"]
        base = _child(doc, "defaults", DOC_ORDER, create, created)
    else:
        base = nodes.get(owner)
    if base is None or scope == ALL_SCOPES:
        return base
    overrides = _child(base, "overrides", KEY_ORDER, create, created)
    if overrides is None:
        return None
    return _child(overrides, scope, (), create, created)


def _order_for(parent: CommentedMap) -> tuple[str, ...]:
    return CAMPAIGN_ORDER if "name" in parent and "id" in parent and "slogan" not in parent else KEY_ORDER


def _set(parent: CommentedMap, name: str, lang: str, value: str | None, default: str, languages) -> None:
    cur: Any = parent.get(name, _MISSING)
    if value is None:
        if cur is _MISSING:
            return
        if isinstance(cur, CommentedMap):  # round-trip documents hold every mapping as one
            _pop(cur, lang)
            if not cur:
                _pop(parent, name)
        elif lang == default:
            _pop(parent, name)
        return
    if cur is _MISSING:
        if lang == default:
            _insert(parent, name, _styled(None, value), _order_for(parent))
        else:
            block = CommentedMap()
            block.fa.set_flow_style()  # one line: {gd: ...}, as short overrides are written
            block[lang] = _styled(None, value)
            _insert(parent, name, block, _order_for(parent))
        return
    if isinstance(cur, CommentedMap):
        if lang in cur:
            cur[lang] = _styled(cur[lang], value)
        else:
            rank = languages.index(lang) if lang in languages else len(languages)
            pos = sum(1 for k in cur if k in languages and languages.index(k) < rank)
            cur.insert(pos, lang, _styled(None, value))
        return
    if lang == default:
        parent[name] = _styled(cur, value)
        return
    # Plain text gains a second language: a block of language: text lines, the default first.
    rest = _take_rest(parent, name)
    block = CommentedMap()
    if parent.fa.flow_style():
        block.fa.set_flow_style()
    block[default] = cur
    block[lang] = _styled(None, value)
    slot = parent.ca.items.get(name)  # [.., comment lines before the key, end-of-line comment, ..]
    parent[name] = block
    if slot and len(slot) > 2 and slot[2] is not None:
        block.ca.items[default] = [None, None, slot[2], None]  # the comment stays on the text's line
        slot[2] = None
    _give_rest(parent, name, rest)


def _prune(doc, nodes, owner: str, scope: str) -> None:
    """Remove an override block (and `overrides:`) left empty by a removal."""
    base = doc.get("defaults") if owner == CAMPAIGN_WIDE else nodes.get(owner)
    if not isinstance(base, CommentedMap) or scope == ALL_SCOPES:
        return
    overrides = base.get("overrides")
    if not isinstance(overrides, CommentedMap):
        return
    if scope in overrides and not overrides[scope]:
        _pop(overrides, scope)
    if not overrides:
        _pop(base, "overrides")


__all__ = ["apply_values", "edit_document"]
