"""The engine's SPARQL syntax errors, said in words a person can act on.

Oxigraph reports where its parser stopped and every token it could have accepted there, character classes
included ("expected one of Prefix not found, ['%'], ['A' ..= 'Z' | ...]"), or only the first alternative it
tried ("expected CONSTRUCT" for a misspelt SELECT). `explain` keeps the position (line and column, 1-based),
names the usual causes in words (an unknown prefix, a misspelt keyword, a query that ends too early, a
variable that is neither grouped nor aggregated) and otherwise lists only the tokens a person could type.
The endpoint and `kg query` both use it, so they say the same thing.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Mapping

from kg.query.text import _IRI, _STRING, QUERY_FORMS, first_word

_AT = re.compile(r"error at (\d+):(\d+): (.*)", re.DOTALL)
_QUOTED = re.compile(r'"((?:\\.|[^"\\]){1,20})"')
_BARE = re.compile(r"(?<![\w'\"])([A-Z][A-Z_]{1,20})(?![\w'\"])")
_PREFIXED = re.compile(r"([A-Za-z][\w.-]*)?:")
KEYWORDS = [
    "SELECT",
    "CONSTRUCT",
    "ASK",
    "DESCRIBE",
    "WHERE",
    "PREFIX",
    "BASE",
    "DISTINCT",
    "REDUCED",
    "FROM",
    "NAMED",
    "GRAPH",
    "OPTIONAL",
    "UNION",
    "MINUS",
    "FILTER",
    "BIND",
    "VALUES",
    "SERVICE",
    "SILENT",
    "GROUP",
    "BY",
    "HAVING",
    "ORDER",
    "ASC",
    "DESC",
    "LIMIT",
    "OFFSET",
    "AS",
    "EXISTS",
    "NOT",
    "IN",
]


def explain(
    message: str, query: str, known_prefixes: Mapping[str, str] | None = None, predeclared: bool = False
) -> str:
    """A one-paragraph explanation of the engine's syntax error `message` for `query`. `known_prefixes` (the
    project's, kg.vocab.prefixes) let an unknown prefix's message give the PREFIX line to add; `predeclared`
    says the engine was given them (kg query), so a query may use them undeclared."""
    m = _AT.search(message)
    if not m:
        return f"SPARQL syntax error: {_first_line(message)}"
    line, column, detail = int(m.group(1)), int(m.group(2)), m.group(3)
    at = f"SPARQL syntax error at line {line}, column {column}"
    offset = _offset(query, line, column)
    near = _near(query, offset)

    word = first_word(query)
    # (a PREFIX or BASE line the prologue could not read is a broken declaration, handled below, not a form)
    if word and word.lower() not in QUERY_FORMS and word.upper() not in ("INSERT", "DELETE", "PREFIX", "BASE"):
        guess = _guess(word, ["SELECT", "CONSTRUCT", "ASK", "DESCRIBE"])
        return (
            f"SPARQL syntax error at line {_line_of(query, word)}: a query starts with SELECT, CONSTRUCT, ASK or "
            f"DESCRIBE (after any PREFIX lines), not '{word}'" + (f"; did you mean {guess}?" if guess else ".")
        )
    undeclared = _undeclared_prefix(query, (known_prefixes or {}) if predeclared else {})
    if undeclared is not None or "Prefix not found" in detail:
        prefix, where = undeclared if undeclared is not None else (_prefix_at(query, offset), offset)
        line = query.count("\n", 0, where) + 1
        column = where - (query.rfind("\n", 0, where) + 1) + 1
        at = f"SPARQL syntax error at line {line}, column {column}"
        iri = (known_prefixes or {}).get(prefix)
        line_to_add = f"PREFIX {prefix}: <{iri}>" if iri else f"PREFIX {prefix}: <...>"
        return f"{at}: unknown prefix '{prefix}:'. Declare it at the top of the query: {line_to_add}"
    if "variable that is unbound" in detail:
        return (
            f"{at}: a variable in SELECT is neither in GROUP BY nor inside an aggregate (COUNT, SAMPLE, ...); "
            "group by it or aggregate it."
        )
    opened = query.count("{") - query.count("}")
    if offset >= len(query.rstrip()) and len(re.findall(r'(?<!\\)"', query)) % 2:
        return f"{at}: the query ends inside a string; a '\"' is not closed."
    if offset >= len(query.rstrip()) and opened > 0:
        return f"{at}: the query ends too early; {opened} '{{' not closed."
    if "IRI parsing failed" in detail:
        return f"{at}, near {near}: not a valid IRI; write an absolute IRI such as <https://example.org/x>."
    typo = _word_before(query, offset)
    if typo and typo.upper() not in KEYWORDS:
        guess = _guess(typo, KEYWORDS)
        if guess:
            return f"{at}: unknown word '{typo}' near {near}; did you mean {guess}?"
    token = _token_at(query, offset)
    expected = _expected(detail)
    if token is None:
        return f"{at}: the query ends too early; expected {expected}."
    if "one of" not in detail:  # the engine names only the first alternative it tried: not a useful hint
        return f"{at}: unexpected '{token}' near {near}."
    return f"{at}: unexpected '{token}' near {near}; expected {expected}."


def _undeclared_prefix(query: str, known: Mapping[str, str]) -> tuple[str, int] | None:
    """The first prefixed name whose prefix neither the query nor `known` declares, with its offset. Strings,
    IRIs and comments are blanked out first (same length, so offsets stay)."""

    def blank(m: re.Match) -> str:
        return " " * len(m.group(0))

    text = _STRING.sub(blank, query)
    text = _IRI.sub(blank, text)
    text = re.sub(r"#[^\n]*", blank, text)
    declared = {p or "" for p in re.findall(r"(?i)PREFIX\s+([A-Za-z][\w.-]*)?\s*:", text)} | set(known)
    for m in re.finditer(r"(?<![\w?$:.-])([A-Za-z][\w.-]*)?:(?=[\w%\\])", text):
        name = m.group(1) or ""
        if name not in declared and not re.match(r"(?i)PREFIX\s*$", text[max(0, m.start() - 8) : m.start()].strip()):
            return name, m.start()
    return None


def _first_line(message: str) -> str:
    return message.strip().splitlines()[0][:300] if message.strip() else "no details given"


def _offset(query: str, line: int, column: int) -> int:
    lines = query.split("\n")
    if line > len(lines):
        return len(query)
    return sum(len(x) + 1 for x in lines[: line - 1]) + max(column - 1, 0)


def _line_of(query: str, word: str) -> int:
    return query[: query.find(word)].count("\n") + 1 if word in query else 1


def _near(query: str, offset: int) -> str:
    snippet = " ".join(query[max(0, offset - 20) : offset + 20].split())
    return f"'{snippet}'" if snippet else "the end"


def _token_at(query: str, offset: int) -> str | None:
    while 0 < offset <= len(query) and query[offset - 1].isalnum():  # from the start of the word it stopped in
        offset -= 1
    m = re.compile(r"\s*(\S{1,30})").match(query, offset)
    return m.group(1) if m else None


def _prefix_at(query: str, offset: int) -> str:
    """The prefix of the prefixed name the engine stopped in or just after."""
    start = min(offset, len(query))
    while start > 0 and (query[start - 1].isalnum() or query[start - 1] in "_-.:"):
        start -= 1
    m = _PREFIXED.match(query, start)
    return (m.group(1) or "") if m else query[start:offset]


def _word_before(query: str, offset: int) -> str | None:
    words = list(re.finditer(r"[A-Za-z]{2,}", query[: offset + 1]))
    return words[-1].group(0) if words else None


def _guess(word: str, choices: list[str]) -> str | None:
    found = difflib.get_close_matches(word.upper(), choices, n=1, cutoff=0.6)
    return found[0] if found else None


def _expected(detail: str) -> str:
    """The tokens a person could type, without the engine's character classes."""
    detail = re.sub(r"\[[^\]]*\]", "", detail)  # ['A' ..= 'Z' | ...] character classes
    tokens = [t for t in _QUOTED.findall(detail) if t.strip() and not set(t) & set("\\'\"")]
    tokens += _BARE.findall(detail)
    tokens = list(dict.fromkeys(tokens))[:12]
    return ", ".join(f"'{t}'" if not t.isalpha() else t for t in tokens) or "something else"
