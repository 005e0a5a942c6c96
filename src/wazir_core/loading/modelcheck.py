"""Pydantic validation errors turned into located, readable diagnostics."""

from __future__ import annotations

import difflib
import reprlib
from typing import Any, TypeVar

from pydantic import BaseModel, ValidationError

from wazir_core.diagnostics import Diagnostic
from wazir_core.loading.yamlsource import YamlDoc

M = TypeVar("M", bound=BaseModel)

_TYPE_WORDS = {
    "string_type": "a string",
    "int_type": "an integer",
    "int_parsing": "an integer",
    "bool_type": "true or false",
    "bool_parsing": "true or false",
    "list_type": "a list",
    "tuple_type": "a list",
    "dict_type": "a mapping",
    "model_type": "a mapping",
    "model_attributes_type": "a mapping",
}


def _field_names(model: type[BaseModel]) -> list[str]:
    names = []
    for name, info in model.model_fields.items():
        if name == "origin":
            continue
        names.append(info.alias or name)
    return names


def _model_at(model: type[BaseModel], loc: tuple[str | int, ...]) -> type[BaseModel] | None:
    """The nested model class that owns the last key of ``loc`` (for "did you mean")."""
    current: Any = model
    for part in loc[:-1]:
        if isinstance(part, int):
            continue
        fields = getattr(current, "model_fields", {})
        info = fields.get(part)
        if info is None:
            return None
        ann = info.annotation
        for arg in (ann, *getattr(ann, "__args__", ())):
            if isinstance(arg, type) and issubclass(arg, BaseModel):
                current = arg
                break
            for inner in getattr(arg, "__args__", ()):
                if isinstance(inner, type) and issubclass(inner, BaseModel):
                    current = inner
                    break
    return current if isinstance(current, type) and issubclass(current, BaseModel) else None


def _describe(value: Any) -> str:
    if value is None:
        return "nothing (null)"
    try:
        text = repr(value)
    except RecursionError:  # a very deeply nested YAML value
        text = reprlib.repr(value)
    if len(text) > 40:
        text = text[:37] + "..."
    kind = {str: "string", int: "integer", float: "number", bool: "boolean", list: "list",
            dict: "mapping"}.get(type(value), type(value).__name__)
    for base, name in ((dict, "mapping"), (list, "list"), (str, "string")):
        if isinstance(value, base):
            kind = name
    return f"{kind} {text}"


def _message(err: Any, model: type[BaseModel]) -> str:
    loc = tuple(err["loc"])
    field = ".".join(str(p) for p in loc) or "document"
    kind = err["type"]
    if kind == "missing":
        return f"missing required field '{field}'"
    if kind == "extra_forbidden":
        owner = _model_at(model, loc)
        hint = ""
        if owner is not None:
            close = difflib.get_close_matches(str(loc[-1]), _field_names(owner), n=1, cutoff=0.6)
            if close:
                hint = f"; did you mean '{close[0]}'?"
        return f"unknown field '{field}'{hint}"
    expected = _TYPE_WORDS.get(kind)
    got = _describe(err.get("input"))
    if expected:
        return f"field '{field}': expected {expected}, got {got}"
    if kind == "string_pattern_mismatch" and "a-z0-9" in str(err.get("ctx", {}).get("pattern")):
        return (
            f"field '{field}': {got} is not a valid name: use lowercase letters, digits and "
            "single hyphens (no '_', ':' or capitals), at most 64 characters"
        )
    if kind == "string_too_short":
        return f"field '{field}' must not be empty"
    return f"field '{field}': {err['msg']} (got {got})"


def check_model(model: type[M], data: Any, doc: YamlDoc, extra: dict[str, Any] | None = None,
                prefix: tuple[str | int, ...] = ()) -> tuple[M | None, list[Diagnostic]]:
    """Validate ``data`` as ``model``; on failure return one located diagnostic per problem.

    ``prefix`` is where ``data`` sits inside ``doc`` (e.g. ``("options", "claude")``)."""
    if not isinstance(data, dict):
        got = "an empty document" if data is None else _describe(data)
        line, col = doc.locate(prefix) if prefix else (doc.line_offset + 1, 1)
        return None, [Diagnostic(doc.display, line, col,
                                 f"expected a mapping of fields, got {got}", code="type")]
    payload = {**data, **(extra or {})}
    try:
        return model.model_validate(payload), []
    except ValidationError as exc:
        diags = []
        for err in exc.errors():
            loc = tuple(err["loc"])
            at = loc if err["type"] != "missing" else loc[:-1]
            line, col = doc.locate((*prefix, *at)) if at or prefix else \
                (doc.line_offset + 1, 1)
            diags.append(Diagnostic(doc.display, line, col, _message(err, model), code="schema"))
        return None, diags
