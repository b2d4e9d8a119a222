"""Edits to a ruamel round-trip document that keep the designer's comments, quotes and layout.

Shared by the saver (model/saver.py) and the copy-deck import (model/copydeck.py): set a value in
the quoting style it had, insert a key at its natural place, remove a key handing its trailing
comment lines to its neighbour, and a YAML writer that keeps the original's indentation.
"""

from __future__ import annotations

import functools
import io
import re
from typing import Any

import yaml as pyyaml
from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap, CommentedSeq
from ruamel.yaml.error import CommentMark
from ruamel.yaml.scalarstring import DoubleQuotedScalarString, SingleQuotedScalarString
from ruamel.yaml.tokens import CommentToken

from .types import MESSAGE_FIELDS

# The message fields written as text (slogan is always written; id first).
TEXT_FIELDS = MESSAGE_FIELDS[1:]
# Where a key goes when it is added to an existing message: after its nearest predecessor here.
KEY_ORDER = ("id", "slogan", "face", *TEXT_FIELDS, "overrides")
# ...and to the campaign: block.
CAMPAIGN_ORDER = ("id", "name", "languages", "client", "brand_name", "flight", "url", "reviewers")

_MISSING = object()

_MAP_LINE = re.compile(r"^([A-Za-z_][\w-]*|\"[^\"]*\"|'[^']*'):\s*(#.*)?$")


def _yaml(text: str) -> YAML:
    """A round-trip YAML that writes with the original's indentation and never re-wraps lines."""
    yaml = YAML(typ="rt")
    yaml.preserve_quotes = True
    yaml.width = 1 << 20
    mapping, sequence, offset = _guess_indent(text)
    yaml.indent(mapping=mapping, sequence=sequence, offset=offset)
    return yaml


def _guess_indent(text: str) -> tuple[int, int, int]:
    """(mapping indent, sequence indent, dash offset) as the designer wrote them; 2, 4, 2 if unsure."""
    mapping: int | None = None
    seq: int | None = None
    off: int | None = None
    lines = [ln for ln in text.splitlines() if ln.strip() and not ln.lstrip().startswith("#")]
    for a, b in zip(lines, lines[1:], strict=False):
        if a[0] in " -" or not _MAP_LINE.match(a):
            continue
        ind = len(b) - len(b.lstrip(" "))
        rest = b.lstrip(" ")
        if rest.startswith("- ") or rest == "-":
            if seq is None:
                after = len(rest[1:]) - len(rest[1:].lstrip(" "))
                off, seq = ind, ind + 1 + after
        elif mapping is None and ind > 0:
            mapping = ind
        if mapping is not None and seq is not None:
            break
    mapping = mapping or 2
    if seq is None or off is None:
        seq, off = mapping + 2, mapping
    return mapping, seq, off


# ------------------------------------------------------------------ edits that keep comments


def _styled(old: Any, text: str) -> Any:
    """`text` in the quoting style the old value had; double quotes where plain would not do."""
    if "\n" in text or isinstance(old, DoubleQuotedScalarString):
        return DoubleQuotedScalarString(text)
    if isinstance(old, SingleQuotedScalarString):
        return SingleQuotedScalarString(text)
    return DoubleQuotedScalarString(text) if _needs_quotes(text) else text


@functools.lru_cache(maxsize=256)
def _needs_quotes(text: str) -> bool:
    """Whether ruamel would quote `text` as a plain value (then double quotes, as campaign files use)."""
    yaml = YAML(typ="rt")
    yaml.width = 1 << 20
    buf = io.StringIO()
    yaml.dump({"k": text}, buf)
    dumped = buf.getvalue()
    if dumped[3:4] in ("'", '"', "|", ">"):
        return True
    # ruamel speaks YAML 1.2; the loader (PyYAML) reads 1.1, where yes/no/on/off are booleans.
    try:
        return pyyaml.safe_load(dumped) != {"k": text}
    except pyyaml.YAMLError:
        return True


def _put(node: CommentedMap, key: str, value: Any, have: Any, default: Any = _MISSING) -> bool:
    """Set node[key] to value unless that is what the file already says; drop it at its default."""
    if have is not _MISSING and str(value) == str(have):
        return False
    if default is not _MISSING and value == default:
        _pop(node, key)
        return True
    if key in node:
        node[key] = _styled(node[key], value) if isinstance(value, str) else value
    else:
        _insert(node, key, _styled(None, value) if type(value) is str else value, KEY_ORDER)
    return True


def _after(node: CommentedMap, order: tuple[str, ...]) -> int:
    """Index just after the last key of `node` that appears in `order` (0 if none)."""
    pos = 0
    for i, k in enumerate(node):
        if k in order:
            pos = i + 1
    return pos


def _insert(node: CommentedMap, key: str, value: Any, order: tuple[str, ...]) -> None:
    """Add key at its place in `order`; at the end, the comment lines after the map stay after it."""
    if key in node:
        node[key] = value
        return
    pos = len(node)
    if key in order:
        rank = order.index(key)
        pos = 0
        for i, k in enumerate(node):
            if k in order and order.index(k) < rank:
                pos = i + 1
    if pos >= len(node) and len(node):
        last = list(node)[-1]
        rest = _take_rest(node, last)
        node.insert(pos, key, value)
        _give_rest(node, key, rest)
    else:
        node.insert(pos, key, value)


def _pop(node: CommentedMap, key: str) -> None:
    """Remove key, handing the comment lines that followed it to the key before it."""
    if key not in node:
        return
    keys = list(node)
    i = keys.index(key)
    rest = _take_rest(node, key)
    del node[key]
    slot = node.ca.items.pop(key, None)
    before = slot[1] if slot and len(slot) > 1 else None  # comment lines above the key
    if before:
        if i + 1 < len(keys):  # they now stand above the next key
            nxt = node.ca.items.setdefault(keys[i + 1], [None, None, None, None])
            nxt[1] = list(before) + list(nxt[1] or [])
        else:
            rest = "".join(_token_text(t) for t in before) + rest
    if rest:
        if i > 0:
            _give_rest(node, keys[i - 1], rest)
        elif node:
            # first key gone: the lines go after the new first key's line (rare)
            _give_rest(node, list(node)[0], rest)


def _is_block(value: Any) -> bool:
    return isinstance(value, CommentedMap | CommentedSeq) and len(value) > 0 and not value.fa.flow_style()


def _token_text(tok: CommentToken) -> str:
    col = getattr(tok, "column", 0) or 0
    value = tok.value
    if value.startswith("#"):
        return " " * col + value
    return value


def _take_rest(node: CommentedMap | CommentedSeq, key: Any) -> str:
    """Remove and return the full comment lines (and blank lines) after node[key], deep.

    ruamel keeps "end-of-line comment + the lines that follow" in one token on the last scalar
    before them; the end-of-line part stays, the following lines are returned.
    """
    value = node[key]
    if _is_block(value):
        last = list(value)[-1] if isinstance(value, CommentedMap) else len(value) - 1
        return _take_rest(value, last)
    slot = node.ca.items.get(key)
    idx = 2 if isinstance(node, CommentedMap) else 0
    if not slot or len(slot) <= idx or slot[idx] is None:
        return ""
    tok = slot[idx]
    text = tok.value
    nl = text.find("\n")
    if nl < 0:
        return ""
    eol, rest = text[: nl + 1], text[nl + 1 :]
    if eol.strip():
        tok.value = eol
    else:
        slot[idx] = None
        if not any(slot):
            node.ca.items.pop(key, None)
    return rest


def _give_rest(node: CommentedMap | CommentedSeq, key: Any, rest: str) -> None:
    """Put comment lines after node[key] (deep), after any end-of-line comment it has."""
    if not rest:
        return
    value = node[key]
    if _is_block(value):
        last = list(value)[-1] if isinstance(value, CommentedMap) else len(value) - 1
        _give_rest(value, last, rest)
        return
    idx = 2 if isinstance(node, CommentedMap) else 0
    slot = node.ca.items.setdefault(key, [None, None, None, None])
    while len(slot) <= idx:
        slot.append(None)
    if slot[idx] is not None:
        tok = slot[idx]
        text = tok.value
        tok.value = (text if text.endswith("\n") else text + "\n") + rest
    else:
        slot[idx] = CommentToken("\n" + rest, CommentMark(0), None)


__all__ = [
    "CAMPAIGN_ORDER",
    "KEY_ORDER",
    "TEXT_FIELDS",
    "CommentedMap",
    "CommentedSeq",
    "DoubleQuotedScalarString",
]
