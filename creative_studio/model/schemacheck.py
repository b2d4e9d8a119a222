"""JSON-Schema validation of what the one reader (yamlio.py) parsed, with errors a designer can act on.

`validate(located, kind, text_sha256)` checks plain data against templates/schema/<kind>.schema.json
and raises the first error by position in the file as a `TemplateError` (`FILE:LINE:COLUMN:
sentence`, with the schema's `x-hint`). A content that passed is remembered by its sha256 in this
process and, through `validated.py`, across processes, so a file is validated once.
"""

from __future__ import annotations

import difflib
import json
from functools import cache
from typing import Any

from . import validated
from .yamlio import SCHEMA_DIR, Located, TemplateError


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


@cache
def _validator(kind: str) -> Any:
    """The compiled validator of one schema, built once per process."""
    import jsonschema  # local: only loading templates needs it

    return jsonschema.Draft202012Validator(load_schema(kind))


# sha256 of (kind, text) -> None for contents that validated; the same catalogue loaded again
# (every campaign names it, the app reloads it on every edit) is validated once.
_VALIDATED: dict[tuple[str, str], None] = {}
_VALIDATED_MAX = 256


def validate(located: Located, kind: str, text_sha256: str | None = None) -> None:
    """Validate against templates/schema/<kind>.schema.json; raise the first error by position."""
    if text_sha256 is not None and (kind, text_sha256) in _VALIDATED:
        return
    if text_sha256 is not None and validated.before(SCHEMA_DIR, kind, text_sha256):
        return  # this content passed in an earlier process (a marker in the user cache)
    errors = list(_validator(kind).iter_errors(located.data))
    if not errors:
        if text_sha256 is not None:
            if len(_VALIDATED) >= _VALIDATED_MAX:
                _VALIDATED.pop(next(iter(_VALIDATED)))
            _VALIDATED[(kind, text_sha256)] = None
            validated.remember(SCHEMA_DIR, kind, text_sha256)
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
