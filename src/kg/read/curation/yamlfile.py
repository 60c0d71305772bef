"""Load a YAML file into a pydantic model and report problems by file, line and field.

PyYAML's composed node tree keeps the line of every key and value; we walk it once to build plain Python data
and a map from each field path to its line. pydantic then checks the data against the schema (unknown keys,
missing fields, wrong types), and each error's location is looked up in that map.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any, TypeVar

import yaml
from pydantic import BaseModel, ValidationError

from kg.errors import DataError, Problem

M = TypeVar("M", bound=BaseModel)
Loc = tuple[str | int, ...]


class LineMap:
    """Field path -> 1-based line, for one file. Unknown paths fall back to their nearest known parent."""

    def __init__(self, path: Path, lines: dict[Loc, int]) -> None:
        self.path = path
        self._lines = lines

    def line(self, loc: Sequence[str | int]) -> int | None:
        loc = tuple(loc)
        while loc not in self._lines and loc:
            loc = loc[:-1]
        return self._lines.get(loc)

    def problem(self, loc: Sequence[str | int], message: str) -> Problem:
        return Problem(self.path, self.line(loc), field_name(loc) or None, message)


def field_name(loc: Sequence[str | int]) -> str:
    """('people', 3, 'member_of') -> 'people[3].member_of'."""
    out = ""
    for part in loc:
        if isinstance(part, int):
            out += f"[{part}]"
        else:
            out += ("." if out else "") + str(part)
    return out


MAX_BYTES = 10 * 1024 * 1024  # a curated file larger than this is refused before it is read
MAX_VALUES = 1_000_000  # values after aliases are expanded: `*a` of `*b` of ... nine deep would be billions
MAX_DEPTH = 100  # nested mappings and lists


def load_yaml(path: Path, model: type[M]) -> tuple[M, LineMap]:
    """Parse and validate one file. Raises DataError naming every problem found."""
    try:
        size = path.stat().st_size
        if size > MAX_BYTES:
            raise DataError(
                [
                    Problem(
                        path, None, None, f"the file has {size:,} bytes; a curated file may have at most {MAX_BYTES:,}"
                    )
                ]
            )
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise DataError([Problem(path, None, None, f"cannot read: {exc}")]) from exc
    try:
        node = yaml.compose(text, Loader=_LOADER)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line = mark.line + 1 if mark else None
        raise DataError([Problem(path, line, None, f"not valid YAML: {getattr(exc, 'problem', exc)}")]) from exc
    lines: dict[Loc, int] = {}
    constructor = yaml.SafeLoader("")  # one per file for all its scalars (one per scalar cost seconds)
    data = _plain(node, (), lines, path, constructor, _Budget(MAX_VALUES)) if node is not None else {}
    linemap = LineMap(path, lines)
    try:
        return model.model_validate(data), linemap
    except ValidationError as exc:
        raise DataError([_problem(linemap, e) for e in exc.errors()]) from None


def _problem(linemap: LineMap, error: dict[str, Any]) -> Problem:
    loc = tuple(p for p in error["loc"] if not (isinstance(p, str) and p.startswith("function-")))
    kind = error["type"]
    if kind == "missing":
        message = f"missing required field '{loc[-1]}'"
    elif kind == "extra_forbidden":
        message = f"unknown field '{loc[-1]}'"
    elif kind == "value_error":  # our own validators: their sentence, without pydantic's "Value error, "
        message = str(error["ctx"]["error"]) if "error" in error.get("ctx", {}) else error["msg"]
    else:
        message = error["msg"]
    return linemap.problem(loc, message)


#: libyaml's loader where PyYAML has it (several times faster, with the same line marks), else PyYAML's own.
_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class _Budget:
    """How many more values the file may expand to."""

    def __init__(self, values: int) -> None:
        self.left = values


def _plain(
    node: yaml.Node, loc: Loc, lines: dict[Loc, int], path: Path, constructor: yaml.SafeLoader, budget: _Budget
) -> Any:
    budget.left -= 1
    if budget.left < 0:
        raise DataError(
            [
                Problem(
                    path,
                    node.start_mark.line + 1,
                    field_name(loc) or None,
                    f"the file expands to more than {MAX_VALUES:,} values (aliases of aliases?); refused",
                )
            ]
        )
    if len(loc) > MAX_DEPTH:
        raise DataError(
            [Problem(path, node.start_mark.line + 1, None, f"values nested more than {MAX_DEPTH} levels deep")]
        )
    lines.setdefault(loc, node.start_mark.line + 1)
    if isinstance(node, yaml.MappingNode):
        out: dict[str, Any] = {}
        for key_node, value_node in node.value:
            key = constructor.construct_scalar(key_node)  # type: ignore[arg-type]
            if key in out:
                raise DataError(
                    [Problem(path, key_node.start_mark.line + 1, field_name((*loc, key)), "key given twice")]
                )
            lines[(*loc, key)] = key_node.start_mark.line + 1
            out[key] = _plain(value_node, (*loc, key), lines, path, constructor, budget)
        return out
    if isinstance(node, yaml.SequenceNode):
        return [_plain(item, (*loc, i), lines, path, constructor, budget) for i, item in enumerate(node.value)]
    return constructor.construct_object(node, deep=True)
