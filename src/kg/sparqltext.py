"""Binding variables of a query for an endpoint that has no API for it (a remote SPARQL 1.1 server).

The embedded store binds parameters as terms (pyoxigraph's `substitutions`). Over the SPARQL protocol the only
standard way is in the query text: an inline `VALUES (?a ?b) { (<x> "y") }` as the first element of the
query's WHERE group, which binds the variables for the whole group as the substitution does. The terms are
parsed and re-serialised by Oxigraph (never pasted as given), so a value cannot end the VALUES block or add
to the query. Finding the WHERE group needs the query's tokens: braces, the keyword WHERE and comments can
also appear inside strings, IRIs and comments, which a small scanner skips.
"""

from __future__ import annotations

import re

import pyoxigraph as ox

_IRI = re.compile(r"<[^<>\"{}|^`\\\x00-\x20]*>")
_STRING = re.compile(
    r"'''(?:[^'\\]|\\.|'(?!''))*'''|\"\"\"(?:[^\"\\]|\\.|\"(?!\"\"))*\"\"\"|'(?:[^'\\\n]|\\.)*'|\"(?:[^\"\\\n]|\\.)*\"",
    re.DOTALL,
)
_WORD = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")
_VARIABLE = re.compile(r"[?$][A-Za-z0-9_\u00b7\u00c0-\ufffd]+")
_NAME = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")


class BindError(ValueError):
    pass


def where_brace(query: str) -> int:
    """Index of the `{` that opens the query's WHERE group (the first at depth 0 after the keyword WHERE, or
    the first at depth 0 at all for SELECT/ASK/DESCRIBE written without WHERE)."""
    i, depth, seen_where, first_open, construct = 0, 0, False, None, False
    n = len(query)
    while i < n:
        c = query[i]
        if c == "#":
            end = query.find("\n", i)
            i = n if end < 0 else end + 1
            continue
        if c in "'\"":
            m = _STRING.match(query, i)
            if not m:
                raise BindError("the query has an unterminated string")
            i = m.end()
            continue
        if c == "<":
            m = _IRI.match(query, i)
            i = m.end() if m else i + 1
            continue
        if c in "?$":
            m = _VARIABLE.match(query, i)
            i = m.end() if m else i + 1
            continue
        if c.isalpha() or c == "_":
            m = _WORD.match(query, i)
            word = m.group(0).upper()
            if depth == 0 and word == "WHERE":
                seen_where = True
            elif depth == 0 and word == "CONSTRUCT":
                construct = True
            i = m.end()
            continue
        if c == "{":
            if depth == 0 and (seen_where or (first_open is None and not construct)):
                return i
            if depth == 0 and first_open is None:
                first_open = i
            depth += 1
        elif c == "}":
            depth -= 1
        i += 1
    raise BindError("the query has no WHERE group to bind values in")


def parse_term(nt: str) -> ox.NamedNode | ox.BlankNode | ox.Literal:
    """One RDF term given in N-Triples syntax, parsed by Oxigraph; anything more (or less) is refused."""
    try:
        triples = list(ox.parse(f"<urn:s> <urn:p> {nt} .", format=ox.RdfFormat.N_TRIPLES))
    except SyntaxError as exc:
        raise BindError(f"not an RDF term: {nt[:80]!r}") from exc
    if len(triples) != 1:  # the text held more than one term and statement
        raise BindError(f"not an RDF term: {nt[:80]!r}")
    return triples[0].object


def term_text(nt: str) -> str:
    """The term written back by Oxigraph (so it is one well-formed term)."""
    return str(parse_term(nt))


def bind_values(query: str, substitutions: tuple[tuple[str, str], ...]) -> str:
    """The query with each (variable, N-Triples term) bound by an inline VALUES block in its WHERE group."""
    if not substitutions:
        return query
    names = []
    for name, _ in substitutions:
        if not _NAME.fullmatch(name):
            raise BindError(f"not a variable name: {name!r}")
        names.append(f"?{name}")
    terms = " ".join(term_text(nt) for _, nt in substitutions)
    at = where_brace(query) + 1
    return f"{query[:at]} VALUES ({' '.join(names)}) {{ ({terms}) }}{query[at:]}"


# Comments, strings and IRIs, each matched whole from its leftmost start (so a "#" or brace inside a string
# or IRI is never taken for a comment or a brace), to blank out before looking at the query's structure.
_OPAQUE = re.compile(r"#[^\n]*|" + _STRING.pattern + "|" + _IRI.pattern, re.DOTALL)
# A brace, or the keyword LIMIT (not part of a variable or prefixed name) with its integer.
_LIMIT_OR_BRACE = re.compile(r"[{}]|(?<![\w:.\-?$])LIMIT\s+([0-9]+)(?![\w:.\-])", re.IGNORECASE)


def top_level_limit(query: str) -> int | None:
    """The LIMIT of the query itself, or None if it has none.

    Subqueries, EXISTS patterns and inline VALUES are all inside braces, so the query's own LIMIT clause is
    the only `LIMIT <integer>` outside every brace, once comments, strings and IRIs are blanked out;
    variables (`?limit`) and prefixed names (`ex:LIMIT`) do not count. Two regular expressions rather than a
    loop over characters: this runs in the query worker for every query that mentions "limit", and the loop
    cost ~0.15 ms for a 300-character query. Used to let Oxigraph write a SELECT result whole when its own
    LIMIT keeps it within the row limit (kg.queryworker)."""
    masked = _OPAQUE.sub(" ", query)
    depth = 0
    for m in _LIMIT_OR_BRACE.finditer(masked):
        token = m.group(0)
        if token == "{":
            depth += 1
        elif token == "}":
            depth -= 1
        elif depth == 0:
            return int(m.group(1))
    return None
