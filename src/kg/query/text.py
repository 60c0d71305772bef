"""Reading SPARQL query text without parsing it: binding variables for an endpoint that has no API for it,
the query's own LIMIT, and the shape the endpoint checks before the engine sees a query (its nesting and its
SERVICE targets).

Binding: the embedded store binds parameters as terms (pyoxigraph's `substitutions`). Over the SPARQL protocol the only
standard way is in the query text: an inline `VALUES (?a ?b) { (<x> "y") }` as the first element of the
query's WHERE group, which binds the variables for the whole group as the substitution does. The terms are
parsed and re-serialised by Oxigraph (never pasted as given), so a value cannot end the VALUES block or add
to the query. Finding the WHERE group needs the query's tokens: braces, the keyword WHERE and comments can
also appear inside strings, IRIs and comments, which a small scanner skips.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import pyoxigraph as ox

_IRI = re.compile(r"<[^<>\"{}|^`\\\x00-\x20]*>")
_STRING = re.compile(
    r"'''(?:[^'\\]|\\.|'(?!''))*'''|\"\"\"(?:[^\"\\]|\\.|\"(?!\"\"))*\"\"\"|'(?:[^'\\\n]|\\.)*'|\"(?:[^\"\\\n]|\\.)*\"",
    re.DOTALL,
)
_WORD = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")
_VARIABLE = re.compile(r"[?$][A-Za-z0-9_\u00b7\u00c0-\ufffd]+")
_NAME = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")


_PROLOGUE = re.compile(
    r"""\A(?:\s+|\#[^\n]*\n?|BASE\s*<[^<>"{}|^`\\\x00-\x20]*>|PREFIX\s+[^\s:]*:\s*<[^<>"{}|^`\\\x00-\x20]*>)*""",
    re.IGNORECASE,
)
_KEYWORD = re.compile(r"[A-Za-z]+")
QUERY_FORMS = {"select", "ask", "construct", "describe"}
UPDATE_FORMS = {"insert", "delete", "load", "clear", "create", "drop", "copy", "move", "add", "with"}


def form_of(query: str) -> str | None:
    """'select', 'ask', 'construct', 'describe', 'update', or None if the text starts with something else."""
    rest = query[_PROLOGUE.match(query).end() :]
    m = _KEYWORD.match(rest)
    if not m:
        return None
    word = m.group(0).lower()
    if word in QUERY_FORMS:
        return word
    if word in UPDATE_FORMS:
        return "update"
    return None


def first_word(query: str) -> str:
    """The first word after the prologue (PREFIX, BASE, comments): the query form, or what stands in its place."""
    rest = query[_PROLOGUE.match(query).end() :]
    m = re.match(r"\S{1,40}", rest)
    return m.group(0) if m else ""


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
    LIMIT keeps it within the row limit (kg.query.worker)."""
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


# -- the shape of a query: nesting and SERVICE targets, from its tokens ---------------------------------------
#
# What the web process must know of a query before the engine sees it: how deeply it nests brackets (Oxigraph's
# parser recurses per level and overflows its stack, killing the worker, past ~1,000 levels of EXISTS or ~3,000
# braces) and which endpoints its SERVICE clauses call. Both come from one pass of a tokenizer over the text:
# linear in its length, thread-safe (no parser state shared between requests), ~1 ms for the longest query the
# endpoint accepts. rdflib's parser did this before: it took seconds of CPU on a 2 KB query outside the
# query's time limit, and its pyparsing actions are not safe to run from several threads at once.
#
# The tokenizer errs one way only: where it is unsure it sees more tokens, never fewer, than the engine. An IRI
# is recognised only in the strict form of the grammar (so a text it calls an IRI is one for the engine too) and
# a comment ends at a carriage return as well as a line feed. A SERVICE keyword can therefore not hide from it
# inside something it took for a string, a comment or an IRI.

_TOKEN = re.compile(
    r"""(?P<ws>\s+)
      | (?P<comment>\#[^\r\n]*)
      | (?P<string>'''(?:[^'\\]|\\.|'(?!''))*'''|\"\"\"(?:[^\"\\]|\\.|\"(?!\"\"))*\"\"\"
                  |'(?:[^'\\\n\r]|\\.)*'|\"(?:[^\"\\\n\r]|\\.)*\")
      | (?P<iri><[^<>\"{}|^`\\\x00-\x20]*>)
      | (?P<var>[?$][A-Za-z0-9_\u00b7\u00c0-\ufffd]+)
      | (?P<name>(?:_:)?[A-Za-z_\u00c0-\ufffd][A-Za-z0-9_\-\u00b7\u00c0-\ufffd.]*|(?=:))
        (?P<local>:(?:[A-Za-z0-9_\-\u00b7\u00c0-\ufffd.:%]|\\[_~.\-!$&'()*+,;=/?\#@%])*)?
      | (?P<open>[{(\[])
      | (?P<close>[})\]])
      | (?P<quote>['"])
      | (?P<other>.)""",
    re.VERBOSE | re.DOTALL,
)
MAX_DEPTH = 100  # brackets nested at most; ten times below the shallowest nesting that crashed the engine


class ShapeError(ValueError):
    """The query text cannot be what the engine accepts, or is built to hurt it; the message says where (`nl`:
    the same in Dutch)."""

    def __init__(self, message: str, nl: str = "") -> None:
        super().__init__(message)
        self.nl = nl or message


@dataclass(frozen=True)
class Shape:
    depth: int  # deepest nesting of (), {} and []
    services: tuple[str | None, ...]  # SERVICE targets as absolute IRIs; None where not a literal absolute IRI


@dataclass(frozen=True)
class _Token:
    kind: str  # "word" (keywords, functions, names without a colon), "pname", "iri", "var", "open", ...
    text: str


def where(query: str, at: int, lang: str = "en") -> str:
    """'line L, column C' of a character offset, for messages ('regel L, kolom C' in Dutch)."""
    line = query.count("\n", 0, at) + 1
    column = at - (query.rfind("\n", 0, at) + 1) + 1
    return f"regel {line}, kolom {column}" if lang == "nl" else f"line {line}, column {column}"


def _tokens(query: str, max_depth: int) -> tuple[list[_Token], int]:
    """The tokens that matter (no blanks, no comments) and the deepest nesting, refusing too deep nesting and
    strings that do not end on the way."""
    tokens: list[_Token] = []
    depth = deepest = 0
    for m in _TOKEN.finditer(query):
        kind = m.lastgroup
        if kind in ("ws", "comment"):
            continue
        if kind == "quote":
            at = m.start()
            raise ShapeError(
                f"SPARQL syntax error: the string that starts at {where(query, at)} is not closed",
                f"Fout in de SPARQL-query: de tekst die begint op {where(query, at, 'nl')} is niet gesloten",
            )
        if kind == "open":
            depth += 1
            if depth > max_depth:
                raise ShapeError(
                    f"the query nests brackets more than {max_depth} levels deep (at {where(query, m.start())}); "
                    f"at most {max_depth} are accepted",
                    f"de query nest haakjes meer dan {max_depth} niveaus diep (op {where(query, m.start(), 'nl')}); "
                    f"er worden er hoogstens {max_depth} aangenomen",
                )
            deepest = max(deepest, depth)
        elif kind == "close":
            depth -= 1
        elif kind in ("name", "local"):
            kind = "pname" if m.group("local") is not None else "word"
        tokens.append(_Token(kind, m.group()))
    return tokens, deepest


_ABSOLUTE = re.compile(r"^[A-Za-z][A-Za-z0-9+.\-]*:")
_LOCAL_ESCAPE = re.compile(r"\\(.)")


def shape(query: str, max_depth: int = MAX_DEPTH) -> Shape:
    """The nesting depth and SERVICE targets of a query, in one linear pass over its tokens. Raises
    ShapeError for brackets nested deeper than `max_depth` or a string that does not end.

    Oxigraph reads a keyword without looking at what precedes or follows it: `?s ?p trueSERVICE <x> {}` and
    `SERVICE:x {}` call a service. So every "service" inside a word, or inside the prefix of a prefixed name,
    counts as the keyword, and what follows it (in the same token or the next) as its target. A query that
    only names something "service" that way (a prefix `myservice:`) is refused unless that target is allowed."""
    tokens, deepest = _tokens(query, max_depth)
    prefixes: dict[str, str | None] = {}
    services: list[str | None] = []
    for i, tok in enumerate(tokens):
        if tok.kind not in ("word", "pname"):
            continue
        if i > 0 and tokens[i - 1].text.upper() == "PREFIX":
            if tok.kind == "pname" and i + 1 < len(tokens) and tokens[i + 1].kind == "iri":
                # declared twice with two IRIs: which one the engine takes is not ours to guess
                iri = tokens[i + 1].text[1:-1]
                prefixes[tok.text] = iri if prefixes.get(tok.text, iri) == iri else None
            continue  # the name being declared (`PREFIX service: <...>`) calls nothing
        head = (tok.text if tok.kind == "word" else tok.text.split(":", 1)[0]).lower()
        at = head.find("service")
        while at >= 0:
            services.append(_target(tok.text[at + 7 :], tokens[i + 1 : i + 3], prefixes))
            at = head.find("service", at + 7)
    return Shape(deepest, tuple(services))


def _target(rest: str, following: list[_Token], prefixes: dict[str, str | None]) -> str | None:
    """The endpoint a SERVICE keyword calls, as an absolute IRI; None if it is a variable, a relative IRI, an
    unknown prefix or anything else. `rest` is what follows the keyword in its own token."""
    nxt = list(following)
    if not rest and nxt and nxt[0].kind in ("word", "pname") and nxt[0].text.upper().startswith("SILENT"):
        rest, nxt = nxt[0].text[6:], nxt[1:]
    elif rest.upper().startswith("SILENT"):
        rest = rest[6:]
    if rest:
        kind, text = ("pname", rest) if ":" in rest else ("word", rest)
    elif nxt:
        kind, text = nxt[0].kind, nxt[0].text
    else:
        return None
    if kind == "iri":
        iri: str | None = text[1:-1]
    elif kind == "pname":
        prefix, _, local = text.rstrip(".").partition(":")
        namespace = prefixes.get(prefix + ":")
        iri = None if namespace is None else namespace + _LOCAL_ESCAPE.sub(r"\1", local)
    else:
        return None
    return iri if iri is not None and _ABSOLUTE.match(iri) else None
