"""The one strict YAML reader: safe parsing, line-numbered errors, JSON-Schema validation.

Every YAML file the program reads goes through `read_yaml`. It parses with PyYAML's safe
composer (no Python objects can be built from a file), keeps each node's line and column, rejects
duplicate keys, and validates the data against the JSON Schema shipped beside the templates, so
editors and the program enforce the very same rules. Errors become `TemplateError`, which prints as
`FILE:LINE:COLUMN: sentence` with a hint a designer can act on.
"""

from __future__ import annotations

import difflib
import json
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

import yaml

from ..base import resources

SCHEMA_DIR = resources.SCHEMA_DIR
MAX_FILE_BYTES = 2_000_000  # a template is a page of text; anything larger is a mistake


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


def _mark(node: yaml.Node) -> tuple[int, int]:
    return node.start_mark.line + 1, node.start_mark.column + 1


_INT_TAG = "tag:yaml.org,2002:int"
_FLOAT_TAG = "tag:yaml.org,2002:float"
_BOOL_TAG = "tag:yaml.org,2002:bool"
_NULL_TAG = "tag:yaml.org,2002:null"


def _scalar(node: yaml.ScalarNode, file: Path) -> Any:
    """Scalars become str/int/float/bool/None; dates and other tags stay strings."""
    loader = yaml.SafeLoader("")
    try:
        if node.tag in (_INT_TAG, _FLOAT_TAG, _BOOL_TAG, _NULL_TAG):
            return loader.construct_object(node, deep=True)
    except (ValueError, yaml.YAMLError) as exc:  # e.g. an integer too odd to parse
        line, col = _mark(node)
        raise TemplateError(file, line, col, f"cannot read the value {node.value!r}: {exc}") from None
    finally:
        loader.dispose()
    return node.value


_PLAIN_TAGS = {f"tag:yaml.org,2002:{t}" for t in ("str", "int", "float", "bool", "null", "map", "seq", "timestamp")}


def _convert(node: yaml.Node, file: Path, path: tuple[Any, ...], located: Located) -> Any:
    located.marks[path] = _mark(node)
    if node.tag not in _PLAIN_TAGS:
        line, col = _mark(node)
        raise TemplateError(
            file,
            line,
            col,
            f"the tag {node.tag.replace('tag:yaml.org,2002:', '!!')} is not "
            "allowed here; templates hold plain text, numbers, lists and keys only",
        )
    if isinstance(node, yaml.ScalarNode):
        return _scalar(node, file)
    if isinstance(node, yaml.SequenceNode):
        return [_convert(n, file, path + (i,), located) for i, n in enumerate(node.value)]
    if isinstance(node, yaml.MappingNode):
        out: dict[str, Any] = {}
        for k_node, v_node in node.value:
            if not isinstance(k_node, yaml.ScalarNode):
                line, col = _mark(k_node)
                raise TemplateError(file, line, col, "a key must be a plain word, not a list or mapping")
            key = str(k_node.value)
            if key == "<<":
                line, col = _mark(k_node)
                raise TemplateError(file, line, col, "merge keys (<<) are not supported; write the keys out")
            if key in out:
                line, col = _mark(k_node)
                first = located.key_marks.get(path + (key,), (0, 0))[0]
                raise TemplateError(
                    file,
                    line,
                    col,
                    f"the key '{key}' appears twice in the same block (first on line {first}); "
                    "delete or rename one of them",
                )
            located.key_marks[path + (key,)] = _mark(k_node)
            out[key] = _convert(v_node, file, path + (key,), located)
        return out
    line, col = _mark(node)
    raise TemplateError(file, line, col, "unsupported YAML node")


def parse_yaml_text(text: str, file: str | Path) -> Located:
    """Parse YAML text safely into plain data with positions; no schema."""
    file = Path(file)
    try:
        node = yaml.compose(text, Loader=yaml.SafeLoader)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark else None
        col = mark.column + 1 if mark else None
        problem = exc.problem or exc.context or "malformed YAML"
        raise TemplateError(
            file,
            line,
            col,
            f"the YAML is malformed ({problem}); check the indentation and quotes on this line "
            "and the one before (text containing ': ' or starting with '#', '@' or '*' needs quotes)",
        ) from None
    except yaml.YAMLError as exc:
        raise TemplateError(file, None, None, f"the YAML is malformed: {exc}") from None
    located = Located(file, None, {}, {})
    if node is None:
        raise TemplateError(file, 1, 1, "the file is empty; it needs at least the required keys")
    data = _convert(node, file, (), located)
    return Located(file, data, located.marks, located.key_marks)


def read_text(file: Path) -> bytes:
    try:
        size = file.stat().st_size
    except FileNotFoundError:
        raise TemplateError(file, None, None, "file not found; check the path and its spelling") from None
    except OSError as exc:
        raise TemplateError(file, None, None, f"cannot read the file: {exc.strerror}") from None
    if not file.is_file():
        raise TemplateError(file, None, None, "this is a folder, not a YAML file")
    if size > MAX_FILE_BYTES:
        raise TemplateError(
            file,
            None,
            None,
            f"the file is {size:,} bytes; templates are limited to "
            f"{MAX_FILE_BYTES:,} bytes (is this really a YAML template?)",
        )
    try:
        return file.read_bytes()
    except OSError as exc:
        raise TemplateError(file, None, None, f"cannot read the file: {exc.strerror}") from None


def decode(raw: bytes, file: Path) -> str:
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        raise TemplateError(file, line, None, "the file is not UTF-8 text; save it as UTF-8") from None
    if "\x00" in text:
        raise TemplateError(file, None, None, "the file contains NUL bytes; it is not a text file")
    return text


@cache
def load_schema(kind: str) -> dict[str, Any]:
    with open(SCHEMA_DIR / f"{kind}.schema.json", encoding="utf-8") as fh:
        return json.load(fh)


def _describe(value: Any) -> str:
    if isinstance(value, bool):
        return "true/false"
    if value is None:
        return "empty"
    if isinstance(value, int):
        return "a whole number"
    if isinstance(value, float):
        return "a number"
    if isinstance(value, str):
        return "text"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, dict):
        return "a block of keys"
    return type(value).__name__


_TYPE_WORDS = {
    "string": "text",
    "integer": "a whole number",
    "number": "a number",
    "object": "a block of keys",
    "array": "a list",
    "boolean": "true or false",
}


def _schema_at(schema: dict[str, Any], error: Any) -> dict[str, Any]:
    return error.schema if isinstance(error.schema, dict) else schema


def _friendly(error: Any, located: Located) -> TemplateError:
    """Turn one jsonschema error into a sentence with the file position."""
    path = tuple(error.absolute_path)
    sub = _schema_at({}, error)
    if not path:
        name = "the file"
    elif isinstance(path[-1], int):  # an item of a list: "messages item 2"
        name = f"{path[-2] if len(path) > 1 else 'list'} item {path[-1] + 1}"
    else:
        name = str(path[-1])
    hint = sub.get("x-hint", "")
    v = error.validator
    if v == "additionalProperties":
        allowed = sorted(sub.get("properties", {}))
        extra = [k for k in error.instance if k not in sub.get("properties", {})]
        key = extra[0] if extra else "?"
        msg = f"unknown key '{key}'"
        close = difflib.get_close_matches(key, allowed, n=1, cutoff=0.6)
        if close:
            msg += f"; did you mean '{close[0]}'?"
        msg += ("" if msg.endswith("?") else ".") + f" Allowed keys here: {', '.join(allowed)}"
        return located.error(path + (key,), msg, key=True)
    if v == "required":
        missing = error.message.split("'")[1] if "'" in error.message else error.message
        where = f"'{name}'" if path else "the file"
        return located.error(path, f"{where} is missing the required key '{missing}'; add it")
    if v == "type":
        want = error.validator_value
        wants = [want] if isinstance(want, str) else list(want)
        words = " or ".join(_TYPE_WORDS.get(w, w) for w in wants)
        got = (
            repr(error.instance)
            if isinstance(error.instance, (int, float)) and not isinstance(error.instance, bool)
            else _describe(error.instance)
        )
        msg = f"'{name}' must be {words}, not {got}"
        if error.instance is None:
            msg += " (a value that starts with '#' is read as a comment: put it in quotes)"
        return located.error(path, msg + (f" ({hint})" if hint else ""))
    if v == "enum":
        opts = ", ".join(str(o) for o in error.validator_value)
        msg = f"'{name}' is {error.instance!r}; it must be one of: {opts}"
        close = difflib.get_close_matches(str(error.instance), [str(o) for o in error.validator_value], 1)
        if close:
            msg += f" (did you mean '{close[0]}'?)"
        return located.error(path, msg)
    if v in ("minimum", "exclusiveMinimum", "maximum", "exclusiveMaximum"):
        rel = {
            "minimum": "at least",
            "exclusiveMinimum": "more than",
            "maximum": "at most",
            "exclusiveMaximum": "less than",
        }[v]
        return located.error(
            path,
            f"'{name}' is {error.instance}; it must be {rel} {error.validator_value}" + (f" ({hint})" if hint else ""),
        )
    if v in ("minLength", "maxLength"):
        if v == "minLength":
            return located.error(path, f"'{name}' must not be empty")
        return located.error(
            path, f"'{name}' is {len(error.instance)} characters; at most {error.validator_value} are allowed"
        )
    if v in ("minItems", "maxItems"):
        n = error.validator_value
        return located.error(
            path,
            f"'{name}' must have {'at least' if v == 'minItems' else 'at most'} "
            f"{n} item{'s' if n != 1 else ''}" + (f" ({hint})" if hint else ""),
        )
    if v == "pattern":
        return located.error(
            path,
            f"'{name}' is {error.instance!r}, which is not valid"
            + (f": {hint}" if hint else f" (expected the pattern {error.validator_value})"),
        )
    if v in ("oneOf", "anyOf"):
        shown = f" is {error.instance!r}," if isinstance(error.instance, (str, int, float)) else ""
        return located.error(
            path, f"'{name}'{shown} is not valid".replace(", is not", ", which is not") + (f": {hint}" if hint else "")
        )
    return located.error(path, f"'{name}': {error.message}" + (f" ({hint})" if hint else ""))


def validate(located: Located, kind: str) -> None:
    """Validate against templates/schema/<kind>.schema.json; raise the first error by position."""
    import jsonschema  # local: only loading templates needs it

    schema = load_schema(kind)
    validator = jsonschema.Draft202012Validator(schema)
    errors = list(validator.iter_errors(located.data))
    if not errors:
        return

    # Report the error nearest the top of the file; within a line the most specific one.
    def key(e: Any) -> tuple[int, int, int]:
        line, col = located.where(tuple(e.absolute_path))
        return line, col, -len(e.absolute_path)

    best = min(errors, key=key)
    # For oneOf/anyOf, a sub-error usually says more (e.g. which key is unknown).
    if best.validator in ("oneOf", "anyOf") and best.context:
        deeper = [c for c in best.context if len(c.absolute_path) > len(best.absolute_path)]
        if deeper:
            best = min(deeper, key=key)
    raise _friendly(best, located)


def read_yaml(file: str | Path, kind: str | None = None, text: str | None = None) -> Located:
    """Read a YAML file (or given text) safely, with positions, validated against `kind`."""
    file = Path(file)
    if text is None:
        text = decode(read_text(file), file)
    located = parse_yaml_text(text, file)
    if kind:
        validate(located, kind)
    return located
