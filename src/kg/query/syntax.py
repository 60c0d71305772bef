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


#: the sentences of an explanation, in English and in Dutch (what the site's editor shows); {placeholders} are
#: filled in by `explain`
SAID = {
    "en": {
        "plain": "SPARQL syntax error: {first}",
        "at": "SPARQL syntax error at line {line}, column {column}",
        "at-line": "SPARQL syntax error at line {line}",
        "form": "{at}: a query starts with SELECT, CONSTRUCT, ASK or DESCRIBE (after any PREFIX lines), not '{word}'",
        "guess": "; did you mean {guess}?",
        "end": ".",
        "prefix": "{at}: unknown prefix '{prefix}:'. Declare it at the top of the query: {line_to_add}",
        "group": "{at}: a variable in SELECT is neither in GROUP BY nor inside an aggregate (COUNT, SAMPLE, ...); "
        "group by it or aggregate it.",
        "string": "{at}: the query ends inside a string; a '\"' is not closed.",
        "braces": "{at}: the query ends too early; {opened} '{{' not closed.",
        "iri": "{at}, near {near}: not a valid IRI; write an absolute IRI such as <https://example.org/x>.",
        "typo": "{at}: unknown word '{typo}' near {near}; did you mean {guess}?",
        "early": "{at}: the query ends too early; expected {expected}.",
        "unexpected": "{at}: unexpected '{token}' near {near}.",
        "expected": "{at}: unexpected '{token}' near {near}; expected {expected}.",
        "the-end": "the end",
        "else": "something else",
    },
    "nl": {
        "plain": "Fout in de SPARQL-query: {first}",
        "at": "Fout in de SPARQL-query op regel {line}, kolom {column}",
        "at-line": "Fout in de SPARQL-query op regel {line}",
        "form": "{at}: een query begint met SELECT, CONSTRUCT, ASK of DESCRIBE (na eventuele PREFIX-regels), niet "
        "met '{word}'",
        "guess": "; bedoelt u {guess}?",
        "end": ".",
        "prefix": "{at}: onbekend voorvoegsel '{prefix}:'. Declareer het bovenaan de query: {line_to_add}",
        "group": "{at}: een variabele in SELECT staat niet in GROUP BY en niet in een aggregaat (COUNT, SAMPLE, ...); "
        "groepeer of aggregeer haar.",
        "string": "{at}: de query eindigt binnen een tekst; een '\"' is niet gesloten.",
        "braces": "{at}: de query houdt te vroeg op; {opened} '{{' niet gesloten.",
        "iri": "{at}, bij {near}: geen geldige IRI; schrijf een volledige IRI zoals <https://example.org/x>.",
        "typo": "{at}: onbekend woord '{typo}' bij {near}; bedoelt u {guess}?",
        "early": "{at}: de query houdt te vroeg op; verwacht werd {expected}.",
        "unexpected": "{at}: onverwacht '{token}' bij {near}.",
        "expected": "{at}: onverwacht '{token}' bij {near}; verwacht werd {expected}.",
        "the-end": "het einde",
        "else": "iets anders",
    },
}


def explain(
    message: str,
    query: str,
    known_prefixes: Mapping[str, str] | None = None,
    predeclared: bool = False,
    lang: str = "en",
) -> str:
    """A one-paragraph explanation of the engine's syntax error `message` for `query`, in English or Dutch
    (`lang`). `known_prefixes` (the project's, kg.vocab.prefixes) let an unknown prefix's message give the PREFIX
    line to add; `predeclared` says the engine was given them (kg query), so a query may use them undeclared.
    The position given is where the mistake is: a misspelt word's own, not that of what follows it."""
    said = SAID[lang]
    m = _AT.search(message)
    if not m:
        return said["plain"].format(first=_first_line(message))
    line, column, detail = int(m.group(1)), int(m.group(2)), m.group(3)
    offset = _offset(query, line, column)

    def at(where: int | None = None) -> str:
        where = offset if where is None else where
        ln = query.count("\n", 0, where) + 1
        return said["at"].format(line=ln, column=where - (query.rfind("\n", 0, where) + 1) + 1)

    def near(where: int) -> str:
        return _near(query, where) or said["the-end"]

    word = first_word(query)
    # (a PREFIX or BASE line the prologue could not read is a broken declaration, handled below, not a form)
    if word and word.lower() not in QUERY_FORMS and word.upper() not in ("INSERT", "DELETE", "PREFIX", "BASE"):
        guess = _guess(word, ["SELECT", "CONSTRUCT", "ASK", "DESCRIBE"])
        return said["form"].format(at=said["at-line"].format(line=_line_of(query, word)), word=word) + (
            said["guess"].format(guess=guess) if guess else said["end"]
        )
    undeclared = _undeclared_prefix(query, (known_prefixes or {}) if predeclared else {})
    if undeclared is not None or "Prefix not found" in detail:
        prefix, where = undeclared if undeclared is not None else (_prefix_at(query, offset), offset)
        iri = (known_prefixes or {}).get(prefix)
        line_to_add = f"PREFIX {prefix}: <{iri}>" if iri else f"PREFIX {prefix}: <...>"
        return said["prefix"].format(at=at(where), prefix=prefix, line_to_add=line_to_add)
    if "variable that is unbound" in detail:
        return said["group"].format(at=at())
    opened = query.count("{") - query.count("}")
    if offset >= len(query.rstrip()) and len(re.findall(r'(?<!\\)"', query)) % 2:
        return said["string"].format(at=at())
    if offset >= len(query.rstrip()) and opened > 0:
        return said["braces"].format(at=at(), opened=opened)
    if "IRI parsing failed" in detail:
        return said["iri"].format(at=at(), near=near(offset))
    typo = _word_before(query, offset)
    if typo is not None and typo.group(0).upper() not in KEYWORDS:
        guess = _guess(typo.group(0), KEYWORDS)
        if guess:  # the mistake is the misspelt word, where the engine stopped only after it
            return said["typo"].format(at=at(typo.start()), typo=typo.group(0), near=near(typo.start()), guess=guess)
    token = _token_at(query, offset)
    expected = _expected(detail) or said["else"]
    if token is None:
        return said["early"].format(at=at(), expected=expected)
    if "one of" not in detail:  # the engine names only the first alternative it tried: not a useful hint
        return said["unexpected"].format(at=at(), token=token, near=near(offset))
    return said["expected"].format(at=at(), token=token, near=near(offset), expected=expected)


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
    """The words around `offset`, quoted: about 20 characters each side, widened to whole words, so that no word
    is cut in two; "" at the end of an empty query."""
    start, end = max(0, offset - 20), min(len(query), offset + 20)
    while start > 0 and not query[start - 1].isspace():
        start -= 1
    while end < len(query) and not query[end].isspace():
        end += 1
    snippet = " ".join(query[start:end].split())
    return f"'{snippet}'" if snippet else ""


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


def _word_before(query: str, offset: int) -> re.Match | None:
    words = list(re.finditer(r"[A-Za-z]{2,}", query[: offset + 1]))
    return words[-1] if words else None


def _guess(word: str, choices: list[str]) -> str | None:
    found = difflib.get_close_matches(word.upper(), choices, n=1, cutoff=0.6)
    return found[0] if found else None


def _expected(detail: str) -> str:
    """The tokens a person could type, without the engine's character classes."""
    detail = re.sub(r"\[[^\]]*\]", "", detail)  # ['A' ..= 'Z' | ...] character classes
    tokens = [t for t in _QUOTED.findall(detail) if t.strip() and not set(t) & set("\\'\"")]
    tokens += _BARE.findall(detail)
    tokens = list(dict.fromkeys(tokens))[:12]
    return ", ".join(f"'{t}'" if not t.isalpha() else t for t in tokens)
