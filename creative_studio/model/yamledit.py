"""Edits of a ruamel round-trip document that keep the designer's comments where they belong.

ruamel hangs "end-of-line comment + the comment lines that follow" on the last scalar before
them, so removing or appending a key would carry other keys' comments away. These helpers move
those lines along with the edit. The saver (model/saver.py) is their one user.
"""

from __future__ import annotations

import functools
import io
from typing import Any

import yaml as pyyaml
from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap, CommentedSeq
from ruamel.yaml.error import CommentMark
from ruamel.yaml.scalarstring import DoubleQuotedScalarString, SingleQuotedScalarString
from ruamel.yaml.tokens import CommentToken


def styled(old: Any, text: str) -> Any:
    """`text` in the quoting style the old value had; double quotes where plain would not do."""
    if "\n" in text or isinstance(old, DoubleQuotedScalarString):
        return DoubleQuotedScalarString(text)
    if isinstance(old, SingleQuotedScalarString):
        return SingleQuotedScalarString(text)
    return DoubleQuotedScalarString(text) if needs_quotes(text) else text


@functools.lru_cache(maxsize=256)
def needs_quotes(text: str) -> bool:
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


def index_after(node: CommentedMap, order: tuple[str, ...]) -> int:
    """Index just after the last key of `node` that appears in `order` (0 if none)."""
    pos = 0
    for i, k in enumerate(node):
        if k in order:
            pos = i + 1
    return pos


def insert_key(node: CommentedMap, key: str, value: Any, order: tuple[str, ...]) -> None:
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
        rest = take_rest(node, last)
        node.insert(pos, key, value)
        give_rest(node, key, rest)
    else:
        node.insert(pos, key, value)


def pop_key(node: CommentedMap, key: str) -> None:
    """Remove key, handing the comment lines that followed it to the key before it."""
    if key not in node:
        return
    keys = list(node)
    i = keys.index(key)
    rest = take_rest(node, key)
    del node[key]
    node.ca.items.pop(key, None)
    if rest:
        if i > 0:
            give_rest(node, keys[i - 1], rest)
        elif node:
            # first key gone: the lines go after the new first key's line (rare)
            give_rest(node, list(node)[0], rest)


def is_block(value: Any) -> bool:
    return isinstance(value, CommentedMap | CommentedSeq) and len(value) > 0 and not value.fa.flow_style()


def token_text(tok: CommentToken) -> str:
    col = getattr(tok, "column", 0) or 0
    value = tok.value
    if value.startswith("#"):
        return " " * col + value
    return value


def take_rest(node: CommentedMap | CommentedSeq, key: Any) -> str:
    """Remove and return the full comment lines (and blank lines) after node[key], deep.

    ruamel keeps "end-of-line comment + the lines that follow" in one token on the last scalar
    before them; the end-of-line part stays, the following lines are returned.
    """
    value = node[key]
    if is_block(value):
        last = list(value)[-1] if isinstance(value, CommentedMap) else len(value) - 1
        return take_rest(value, last)
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


def give_rest(node: CommentedMap | CommentedSeq, key: Any, rest: str) -> None:
    """Put comment lines after node[key] (deep), after any end-of-line comment it has."""
    if not rest:
        return
    value = node[key]
    if is_block(value):
        last = list(value)[-1] if isinstance(value, CommentedMap) else len(value) - 1
        give_rest(value, last, rest)
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
