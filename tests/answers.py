"""Answers compared as a client may rely on them: a value joined by GROUP_CONCAT (", ") is a list in the
engine's order of evaluation, which differs between engines and between a store on disk and its copy in
memory, so such lists are compared in any order."""

from __future__ import annotations


def listed(value: str) -> list[str]:
    return sorted(value.split(", "))


def sparql_json(document: dict) -> dict:
    """A parsed SPARQL JSON answer with each value as a sorted list of its comma-joined parts."""
    for row in document["results"]["bindings"]:
        for value in row.values():
            value["value"] = listed(value["value"])
    return document


def api_rows(rows: list[dict]) -> list[dict]:
    """The saved-query API's rows with each text value as a sorted list of its comma-joined parts."""
    return [{k: listed(v) if isinstance(v, str) else v for k, v in row.items()} for row in rows]
