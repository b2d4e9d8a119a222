"""The one strict YAML reader: safe parsing, line-numbered errors (JSON-Schema validation: schemacheck.py).

Every YAML file the program reads goes through this module. Public API:

- `read_yaml(path, kind=None, text=None) -> Located`: read a file (regular files only, at most
  MAX_FILE_BYTES), parse it, and validate it against templates/schema/<kind>.schema.json.
- `parse_yaml_text(text, file) -> Located`: parse text already in memory (no schema).
- `Located.data` is plain data (dict/list/str/int/float/bool/None); `Located.where(path)` and
  `Located.error(path, sentence)` give the line and column of any value by its JSON path.

It builds the data straight from the event stream of libyaml (PyYAML's pure-Python parser only when
libyaml is missing), so no Python object can be built from a file and nothing recurses. While
building it counts: more than MAX_NODES values (aliases counted as expanded, so a 300-byte
"billion laughs" stops at once) or nesting past MAX_DEPTH is refused. It also rejects duplicate
and merge keys, tags, NaN/infinities/numbers past 64 bits and text that is not Unicode. Errors
become `TemplateError`, which prints as `FILE:LINE:COLUMN: sentence` with a hint a designer can act
on.
"""

from __future__ import annotations

import copy
import gc
import hashlib
import math
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from ..base import resources
from ..base.inputs import InputFileError, read_regular_file

SCHEMA_DIR = resources.SCHEMA_DIR
# Caps on what one file may cost. The shipped catalogue is 11 kB with ~1,500 values nested 6 deep;
# a campaign of a thousand messages is ~300 kB and ~20,000 values. So the caps leave room for any
# real file, 5-50x over, while bounding the worst file to well under a second of parsing.
MAX_FILE_BYTES = 2_000_000  # a template is a page of text; anything larger is a mistake
MAX_NODES = 100_000  # values after expanding aliases: a 300-byte "billion laughs" stops here
MAX_DEPTH = 64  # nesting levels; the deepest template nests 6


class TemplateError(Exception):
    """Bad input in a file the designer controls. Carries the place and a fix-it sentence."""

    def __init__(self, file: str | Path, line: int | None, column: int | None, message: str):
        self.file = str(file)
        self.line = line
        self.column = column
        self.message = message
        super().__init__(str(self))

    def __str__(self) -> str:
        where = self.file
        if self.line:
            where += f":{self.line}"
            if self.column:
                where += f":{self.column}"
        return f"{where}: {self.message}"


@dataclass(frozen=True)
class Located:
    """Parsed data plus a map from JSON path (tuple of keys/indices) to (line, column)."""

    file: Path
    data: Any
    marks: dict[tuple[Any, ...], tuple[int, int]]
    key_marks: dict[tuple[Any, ...], tuple[int, int]]

    def where(self, path: tuple[Any, ...], key: bool = False) -> tuple[int, int]:
        """The closest known position for `path` (walking up to the parent when unknown)."""
        p = tuple(path)
        table = self.key_marks if key else self.marks
        while p:
            if p in table:
                return table[p]
            if p in self.marks:
                return self.marks[p]
            p = p[:-1]
        return self.marks.get((), (1, 1))

    def error(self, path: tuple[Any, ...], message: str, key: bool = False) -> TemplateError:
        line, col = self.where(path, key)
        return TemplateError(self.file, line, col, message)


_INT_TAG = "tag:yaml.org,2002:int"
_FLOAT_TAG = "tag:yaml.org,2002:float"
_BOOL_TAG = "tag:yaml.org,2002:bool"
_NULL_TAG = "tag:yaml.org,2002:null"
_STR_TAG = "tag:yaml.org,2002:str"
_TIMESTAMP_TAG = "tag:yaml.org,2002:timestamp"
_DECIMAL = "decimal"  # internal: a plain scalar of 1-18 ASCII digits, read with int() directly
_PLAIN_TAGS = {f"tag:yaml.org,2002:{t}" for t in ("str", "int", "float", "bool", "null", "map", "seq", "timestamp")}
_BIGGEST_INT = 2**63 - 1  # a 64-bit integer: what every tool reading these files can hold

# libyaml (C) when PyYAML was built with it: 10x faster than the pure-Python parser, which is
# only the fallback. Both give the same events with the same line/column marks.
_LOADER = getattr(yaml, "CSafeLoader", None) or yaml.SafeLoader
_RESOLVER = yaml.resolver.Resolver()
_CONSTRUCTOR = yaml.constructor.SafeConstructor()
_RESOLVED: dict[str, str] = {}  # plain scalar text -> its implicit tag (the resolver is slow)
_IN_PROGRESS = object()  # an anchor whose block is still open (an alias to it would recurse)


def _pos(mark: Any) -> tuple[int, int]:
    return (mark.line + 1, mark.column + 1) if mark is not None else (1, 1)


def _short(value: str) -> str:
    return repr(value if len(value) <= 24 else value[:20] + "…")


def _number(tag: str, value: str, file: Path, where: tuple[int, int]) -> Any:
    """int/float/bool/null from a scalar; NaN, infinities and numbers past 64 bits are refused."""
    node = yaml.ScalarNode(tag, value)
    try:
        if tag == _INT_TAG:
            number = _CONSTRUCTOR.construct_yaml_int(node)
        elif tag == _FLOAT_TAG:
            number = _CONSTRUCTOR.construct_yaml_float(node)
        elif tag == _BOOL_TAG:
            return _CONSTRUCTOR.construct_yaml_bool(node)
        else:
            return None
    except (ValueError, OverflowError, yaml.YAMLError):  # e.g. past Python's 4300-digit limit
        number = None
    if number is None or (isinstance(number, int) and abs(number) > _BIGGEST_INT):
        raise TemplateError(
            file,
            *where,
            f"the number {_short(value)} ({len(value)} characters) is too large to use; "
            "no setting takes a number that size: check for a typo",
        )
    if isinstance(number, float) and not math.isfinite(number):
        if value.lstrip("+-").lower() in (".inf", ".nan"):
            what = "not a number you can use (NaN and infinity are refused)"
        else:
            what = "too large for a number to hold"
        raise TemplateError(file, *where, f"the value {_short(value)} is {what}; give a finite number")
    return number


class _Frame:
    """An open list or mapping while the events of its children arrive."""

    __slots__ = ("value", "path", "anchor", "key", "key_mark", "size", "height", "is_map")

    def __init__(self, value: Any, path: tuple[Any, ...], anchor: str | None):
        self.value = value
        self.path = path
        self.anchor = anchor
        self.key: Any = _IN_PROGRESS  # mappings: the key waiting for its value
        self.key_mark: tuple[int, int] = (1, 1)
        self.size = 1  # nodes in this subtree, aliases expanded
        self.height = 1
        self.is_map = isinstance(value, dict)


class _Builder:
    """Plain data + marks from a YAML event stream, counting what aliases expand to."""

    def __init__(self, file: Path, max_nodes: int, max_depth: int, aliases: bool = True):
        self.file = file
        self.aliases = aliases
        self.max_nodes = max_nodes
        self.max_depth = max_depth
        self.nodes = 0
        self.marks: dict[tuple[Any, ...], tuple[int, int]] = {}
        self.key_marks: dict[tuple[Any, ...], tuple[int, int]] = {}
        self.anchors: dict[str, Any] = {}  # name -> (value, size, height) or _IN_PROGRESS
        self.stack: list[_Frame] = []
        self.root: Any = _IN_PROGRESS
        self.documents = 0

    def fail(self, where: tuple[int, int], message: str) -> TemplateError:
        return TemplateError(self.file, *where, message)

    def _count(self, n: int, where: tuple[int, int], alias: bool = False) -> None:
        self.nodes += n
        if self.nodes > self.max_nodes:
            how = " once its aliases (*name) are expanded" if alias else ""
            raise self.fail(
                where,
                f"the file holds more than {self.max_nodes:,} values{how}; no template needs that many: "
                "write the values out, or split the file",
            )

    def _depth_check(self, extra: int, where: tuple[int, int]) -> None:
        if len(self.stack) + extra > self.max_depth:
            raise self.fail(where, _TOO_DEEP.format(self.max_depth))

    def _place(self, where: tuple[int, int]) -> tuple[Any, ...]:
        """The path of the node that starts now (for a mapping, the key or its value)."""
        if not self.stack:
            return ()
        top = self.stack[-1]
        if top.is_map:
            if top.key is _IN_PROGRESS:
                return top.path + (_IN_PROGRESS,)  # this node is a key
            return top.path + (top.key,)
        return top.path + (len(top.value),)

    def _anchor(self, anchor: str | None, where: tuple[int, int]) -> None:
        if anchor is None:
            return
        if not self.aliases:
            raise self.fail(where, _NO_ALIASES.format("&" + anchor))
        if anchor in self.anchors:
            raise self.fail(where, f"the anchor &{anchor} is defined twice; give each anchor its own name")
        self.anchors[anchor] = _IN_PROGRESS

    def _add(self, value: Any, size: int, height: int, where: tuple[int, int], path: tuple[Any, ...]) -> None:
        """Attach a finished node to its parent (or make it the document)."""
        if not self.stack:
            self.root = value
            return
        top = self.stack[-1]
        top.size += size
        top.height = max(top.height, height + 1)
        if not top.is_map:
            top.value.append(value)
            return
        if top.key is _IN_PROGRESS:  # this node was a key
            if isinstance(value, (dict, list)):
                raise self.fail(where, "a key must be a plain word, not a list or mapping")
            key = "" if value is None else str(value)
            if key == "<<":
                raise self.fail(where, "merge keys (<<) are not supported; write the keys out")
            if key in top.value:
                first = self.key_marks.get(top.path + (key,), (0, 0))[0]
                raise self.fail(
                    where,
                    f"the key '{key}' appears twice in the same block (first on line {first}); "
                    "delete or rename one of them",
                )
            top.key, top.key_mark = key, where
            self.key_marks[top.path + (key,)] = where
            return
        top.value[top.key] = value
        top.key = _IN_PROGRESS

    def event(self, ev: Any) -> None:
        kind = type(ev)
        mark = ev.start_mark
        where = (mark.line + 1, mark.column + 1)
        if kind is yaml.ScalarEvent:  # the hot path: most events are scalars
            self.nodes += 1
            if self.nodes > self.max_nodes:
                self._count(0, where)
            stack = self.stack
            if len(stack) >= self.max_depth:
                self._depth_check(1, where)
            top = stack[-1] if stack else None
            is_key = top is not None and top.is_map and top.key is _IN_PROGRESS
            value: Any = ev.value
            tag = ev.tag
            if tag is None or tag == "!":
                if not ev.implicit[0] or is_key:
                    tag = _STR_TAG  # quoted text (and keys: they stay text as written)
                elif value.isdigit() and value.isascii() and len(value) < 19 and (value[0] != "0" or value == "0"):
                    tag = _DECIMAL  # a plain decimal integer: by far the most common number
                else:
                    tag = _RESOLVED.get(value)
                    if tag is None:
                        tag = _RESOLVER.resolve(yaml.ScalarNode, value, ev.implicit)
                        if len(_RESOLVED) < 4096:
                            _RESOLVED[value] = tag
            if tag is not _DECIMAL and tag not in _PLAIN_TAGS:
                raise self._tag_error(tag, where)
            if ev.style == '"':  # only escapes can make text that is not Unicode
                try:
                    value.encode("utf-8")
                except UnicodeEncodeError:
                    raise self.fail(where, _SURROGATE) from None
            if tag is _DECIMAL:
                value, tag = int(value), _INT_TAG
            elif not (is_key or tag == _STR_TAG or tag == _TIMESTAMP_TAG):  # dates stay text
                value = _number(tag, value, self.file, where)
            if ev.anchor is not None:
                self._anchor(ev.anchor, where)
                self.anchors[ev.anchor] = (value, 1, 1)
            if top is None:
                self.root = value
            elif is_key:
                self._add(value, 1, 1, where, ())
            else:
                top.size += 1
                if top.height < 2:
                    top.height = 2
                if top.is_map:
                    self.marks[top.path + (top.key,)] = where
                    top.value[top.key] = value
                    top.key = _IN_PROGRESS
                else:
                    self.marks[top.path + (len(top.value),)] = where
                    top.value.append(value)
        elif kind is yaml.SequenceStartEvent or kind is yaml.MappingStartEvent:
            self._count(1, where)
            self._depth_check(1, where)
            path = self._place(where)
            if path and path[-1] is _IN_PROGRESS:
                raise self.fail(where, "a key must be a plain word, not a list or mapping")
            node_kind = yaml.SequenceNode if kind is yaml.SequenceStartEvent else yaml.MappingNode
            tag = ev.tag
            if tag is None or tag == "!":
                tag = _RESOLVER.resolve(node_kind, None, ev.implicit)
            if tag not in _PLAIN_TAGS:
                raise self._tag_error(tag, where)
            self._anchor(ev.anchor, where)
            top = self.stack[-1] if self.stack else None
            if top is not None and top.is_map and not ev.flow_style:
                # A block under a key starts on the next line, at its first child: a problem with
                # the whole block is reported at its key, where the designer named it.
                self.marks[path] = top.key_mark
            else:
                self.marks[path] = where
            self.stack.append(_Frame([] if kind is yaml.SequenceStartEvent else {}, path, ev.anchor))
        elif kind is yaml.SequenceEndEvent or kind is yaml.MappingEndEvent:
            frame = self.stack.pop()
            if frame.anchor is not None:
                self.anchors[frame.anchor] = (frame.value, frame.size, frame.height)
            self._add(frame.value, frame.size, frame.height, self.marks.get(frame.path, where), frame.path)
        elif kind is yaml.AliasEvent:
            if not self.aliases:
                raise self.fail(where, _NO_ALIASES.format("*" + ev.anchor))
            path = self._place(where)
            target = self.anchors.get(ev.anchor)
            if target is None:
                raise self.fail(where, f"the alias *{ev.anchor} names no anchor (&{ev.anchor}) above it")
            if target is _IN_PROGRESS:
                raise self.fail(where, f"the alias *{ev.anchor} is inside the block it names; it would never end")
            value, size, height = target
            self._count(size, where, alias=True)
            self._depth_check(height, where)
            if path and path[-1] is not _IN_PROGRESS:
                self.marks[path] = where
            # A copy: every place that uses the alias gets its own data (bounded by the caps).
            self._add(copy.deepcopy(value), size, height, where, path)
        elif kind is yaml.DocumentStartEvent:
            self.documents += 1
            if self.documents > 1:
                raise self.fail(
                    where, "the file holds more than one YAML document (a line '---'); keep one document per file"
                )

    def _tag_error(self, tag: str, where: tuple[int, int]) -> TemplateError:
        return self.fail(
            where,
            f"the tag {tag.replace('tag:yaml.org,2002:', '!!')} is not "
            "allowed here; templates hold plain text, numbers, lists and keys only",
        )


_NO_ALIASES = "anchors and aliases ({}) are not used in this file; write the values out"
_TOO_DEEP = (
    "the lists and blocks here nest deeper than {} levels; no template needs that: check the brackets and indentation"
)
_SURROGATE = (
    "this text has an escape that is not a Unicode character (a lone surrogate such as \\ud800), "
    "which cannot be saved as UTF-8; type the character itself or use a \\U escape of a real one"
)


def parse_yaml_text(
    text: str, file: str | Path, max_nodes: int | None = None, max_depth: int | None = None, aliases: bool = True
) -> Located:
    """Parse YAML text safely into plain data with positions; no schema.

    The public reader for every YAML file of the program (templates, campaigns, the review file).
    A file the program writes itself (the review history) passes aliases=False (it never holds
    any) and a max_nodes that fits its size cap: its cost is then linear in its size.
    Refused with FILE:LINE:COLUMN: syntax errors, tags other than plain scalars/lists/mappings,
    duplicate keys, merge keys, more than MAX_NODES values (aliases counted as expanded), nesting
    deeper than MAX_DEPTH, NaN/infinity/numbers past 64 bits, text that is not Unicode.
    """
    file = Path(file)
    builder = _Builder(file, max_nodes or MAX_NODES, max_depth or MAX_DEPTH, aliases)
    # The builder makes up to MAX_NODES containers and tuples and no cycles: the cyclic garbage
    # collector would only rescan them again and again (it doubled the worst case).
    gc_was_on = gc.isenabled()
    gc.disable()
    try:
        for ev in yaml.parse(text, Loader=_LOADER):
            builder.event(ev)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark else None
        col = mark.column + 1 if mark else None
        problem = exc.problem or exc.context or "malformed YAML"
        if "Unicode character escape" in problem:
            raise TemplateError(file, line, col, _SURROGATE) from None
        context = exc.context or ""
        if "flow" in context and "expected ','" in problem and exc.context_mark is not None:
            cm = exc.context_mark  # where the bracket was opened: that is the line to fix
            closer = "}" if "mapping" in context else "]"
            raise TemplateError(
                file,
                cm.line + 1,
                cm.column + 1,
                f"the bracket opened here is never closed; add the missing '{closer}' (or quote text containing "
                "commas or brackets)",
            ) from None
        if "nesting depth" in problem:  # libyaml's own limit (1000) is past ours
            raise TemplateError(file, line, col, _TOO_DEEP.format(max_depth or MAX_DEPTH)) from None
        raise TemplateError(
            file,
            line,
            col,
            f"the YAML is malformed ({problem}); check the indentation and quotes on this line "
            "and the one before (text containing ': ' or starting with '#', '@' or '*' needs quotes)",
        ) from None
    except yaml.YAMLError as exc:
        raise TemplateError(file, None, None, f"the YAML is malformed: {exc}") from None
    except RecursionError:  # defensive: the builder itself is iterative
        raise TemplateError(file, None, None, "the file nests too deeply to read") from None
    finally:
        if gc_was_on:
            gc.enable()
    if builder.root is _IN_PROGRESS:
        raise TemplateError(file, 1, 1, "the file is empty; it needs at least the required keys")
    builder.marks.setdefault((), (1, 1))
    return Located(file, builder.root, builder.marks, builder.key_marks)


def read_text(file: Path) -> bytes:
    """The bytes of a regular file under MAX_FILE_BYTES (FIFOs, devices and folders refused)."""
    try:
        return read_regular_file(file, MAX_FILE_BYTES, what="YAML file")
    except InputFileError as exc:
        raise TemplateError(file, None, None, exc.sentence) from None


def decode(raw: bytes, file: Path) -> str:
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        raise TemplateError(file, line, None, "the file is not UTF-8 text; save it as UTF-8") from None
    if "\x00" in text:
        line = text[: text.index("\x00")].count("\n") + 1
        raise TemplateError(file, line, None, "the file contains NUL bytes; it is not a text file")
    return text


def read_yaml(file: str | Path, kind: str | None = None, text: str | None = None) -> Located:
    """Read a YAML file (or given text) safely, with positions, validated against `kind`."""
    file = Path(file)
    if text is None:
        text = decode(read_text(file), file)
    located = parse_yaml_text(text, file)
    if kind:
        from .schemacheck import validate

        digest = hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()
        validate(located, kind, digest)
    return located
