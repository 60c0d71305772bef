"""Full-text search with facets: an SQLite FTS5 index written by `kg build` and read by the server.

Dutch-aware in three ways: diacritics are folded (FTS5 unicode61 with remove_diacritics 2, so "enquête"
finds "enquete"), every word is also indexed by its Dutch stem (Snowball's Dutch Porter stemmer, so
"gemeenten" finds "gemeentelijke"), and every query word matches as a prefix ("zelforg" finds
"zelforganisatie"). Facets: type, theme, municipality, programme and year.

The index is built from the store with SPARQL, so its cost follows the number of resources, not the
graph's size in memory.
"""

from __future__ import annotations

import difflib
import functools
import re
import sqlite3
from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pyoxigraph as ox
import snowballstemmer

from kg.iris import Iris
from kg.names import fold
from kg.vocab import sparql_prologue

TYPES = {  # type key -> (class IRI local to aeno: or full IRI, Dutch label)
    "project": ("aeno:Project", "Project"),
    "gemeente": ("aeno:Municipality", "Gemeente"),
    "organisatie": ("org:Organization", "Organisatie"),
    "persoon": ("foaf:Person", "Persoon"),
    "programma": ("aeno:Programme", "Programma"),
    "publicatie": ("aeno:Publication", "Publicatie"),
    "evenement": ("aeno:Event", "Bijeenkomst"),
    "thema": ("skos:Concept", "Thema"),
}
FACETS = {"type": "Soort", "thema": "Thema", "gemeente": "Gemeente", "programma": "Programma", "jaar": "Jaar"}
_WORD = re.compile(r"[0-9a-z]+")
#: around each match in a snippet: characters of Unicode's private use area, which no source text contains, so
#: that a page can mark them (<mark>) and an API can drop them without mistaking the text's own brackets
MARK_START, MARK_END = "\ue000", "\ue001"
_stemmer = snowballstemmer.stemmer("dutch_porter")


def words(text: str) -> list[str]:
    return _WORD.findall(fold(text))


@functools.lru_cache(maxsize=200_000)
def stem(word: str) -> str:
    """The Dutch stem of one word, remembered: texts repeat their words, and the stemmer is pure Python
    (stemming every word of a 50,000-project graph took a quarter of the build, measured with py-spy)."""
    return _stemmer.stemWord(word)


def stems(text: str) -> str:
    return " ".join(stem(w) for w in words(text))


# -- building ------------------------------------------------------------------------------------------------


def _rows(store: ox.Store, query: str, iris: Iris) -> Iterator[dict[str, str]]:
    """The query's rows one at a time (not all of them in a list: a facet query has a row per link)."""
    result = store.query(sparql_prologue(iris) + query)
    names = [v.value for v in result.variables]
    for s in result:
        yield {n: s[n].value for n in names if s[n] is not None}


def build_index(store: ox.Store, iris: Iris, path: Path) -> int:
    """Write the index to `path`; returns the number of indexed resources."""
    docs: dict[str, dict] = {}
    for key, (cls, _) in TYPES.items():
        extra = ""
        if key == "organisatie":
            extra = "FILTER NOT EXISTS { ?s a aeno:Municipality }"
        if key == "thema":
            extra = f"?s skos:inScheme <{iris.scheme('theme')}> ."
        for r in _rows(
            store,
            f"""
            SELECT ?s (SAMPLE(?l) AS ?label) (GROUP_CONCAT(DISTINCT ?alt; separator=" · ") AS ?alts)
                   (GROUP_CONCAT(DISTINCT ?hidden; separator=" · ") AS ?hiddens)
                   (GROUP_CONCAT(DISTINCT ?t; separator="\\n") AS ?body) WHERE {{
              ?s a {cls} . {extra}
              OPTIONAL {{ ?s rdfs:label ?l FILTER (LANG(?l) = "nl") }}
              OPTIONAL {{ ?s skos:altLabel ?alt }}
              OPTIONAL {{ ?s skos:hiddenLabel ?hidden }}
              OPTIONAL {{ ?s dcterms:title|dcterms:description|skos:definition|schema:jobTitle|aeno:question
                           |schema:award ?t FILTER (LANG(?t) = "nl" || LANG(?t) = "") }}
            }} GROUP BY ?s""",
            iris,
        ):
            if "label" in r:
                docs.setdefault(
                    r["s"],
                    {
                        "type": key,
                        "label": r["label"],
                        "alts": r.get("alts", ""),
                        "hidden": r.get("hiddens", ""),  # misspellings: searched, never shown
                        "body": r.get("body", ""),
                        "facets": defaultdict(dict),
                    },
                )
    facet_queries = {
        "thema": "SELECT ?s ?v ?l WHERE { ?s dcterms:subject ?v . ?v skos:prefLabel ?l FILTER (LANG(?l) = 'nl') }",
        "gemeente": """SELECT ?s ?v ?l WHERE {
            { ?s aeno:carriedOutBy ?v } UNION { ?s org:memberOf/org:unitOf* ?v } UNION { ?s schema:about ?v }
            UNION { ?s aeno:carriedOutBy/org:unitOf ?v } UNION { ?s a aeno:Municipality BIND (?s AS ?v) }
            ?v a aeno:Municipality ; rdfs:label ?l FILTER (LANG(?l) = 'nl') }""",
        "programma": "SELECT ?s ?v ?l WHERE { ?s aeno:programme ?v . ?v rdfs:label ?l FILTER (LANG(?l) = 'nl') }",
        "jaar": "SELECT ?s ?v (?v AS ?l) WHERE { ?s schema:startDate ?d BIND (SUBSTR(STR(?d), 1, 4) AS ?v) }",
    }
    for facet, query in facet_queries.items():
        for r in _rows(store, query, iris):
            if r["s"] in docs:
                docs[r["s"]]["facets"][facet][r["v"]] = r["l"]

    path.unlink(missing_ok=True)
    db = sqlite3.connect(path)
    with db:
        db.executescript("""
            CREATE TABLE doc (id INTEGER PRIMARY KEY, iri TEXT UNIQUE NOT NULL, type TEXT NOT NULL,
                              label TEXT NOT NULL, alts TEXT, body TEXT);
            CREATE TABLE facet (doc INTEGER NOT NULL REFERENCES doc(id), facet TEXT NOT NULL, value TEXT NOT NULL,
                                label TEXT NOT NULL);
            CREATE INDEX facet_value ON facet (facet, value);
            CREATE INDEX facet_doc ON facet (doc);
            CREATE VIRTUAL TABLE doc_fts USING fts5 (label, names, body, stems,
                tokenize = 'unicode61 remove_diacritics 2');
        """)
        for i, (iri, d) in enumerate(sorted(docs.items()), start=1):
            db.execute(
                "INSERT INTO doc VALUES (?, ?, ?, ?, ?, ?)", (i, iri, d["type"], d["label"], d["alts"], d["body"])
            )
            names = " · ".join(n for n in (d["alts"], d["hidden"]) if n)
            text = " ".join([d["label"], names, d["body"]])
            db.execute(
                "INSERT INTO doc_fts (rowid, label, names, body, stems) VALUES (?, ?, ?, ?, ?)",
                (i, d["label"], names, d["body"], stems(text)),
            )
            db.execute("INSERT INTO facet VALUES (?, 'type', ?, ?)", (i, d["type"], TYPES[d["type"]][1]))
            for facet, values in d["facets"].items():
                for value, label in values.items():
                    db.execute("INSERT INTO facet VALUES (?, ?, ?, ?)", (i, facet, value, label))
        db.execute("INSERT INTO doc_fts (doc_fts) VALUES ('optimize')")
    db.close()
    return len(docs)


def _suggest(db: sqlite3.Connection, query: str) -> str | None:
    """The query with each unknown word replaced by the closest word of the index ("zelforganisaite" ->
    "zelforganisatie"), if that finds something. Candidates share the word's first letter and nearly its
    length, read from the index's vocabulary, so the cost stays bounded on a large index."""
    db.execute("CREATE VIRTUAL TABLE IF NOT EXISTS temp.vocab USING fts5vocab(main, 'doc_fts', 'row')")
    replaced, changed = [], False
    for w in words(query):
        if db.execute("SELECT 1 FROM temp.vocab WHERE term >= ? AND term < ? LIMIT 1", (w, w + "\uffff")).fetchone():
            replaced.append(w)
            continue
        candidates = [
            t
            for (t,) in db.execute(
                "SELECT term FROM temp.vocab WHERE term >= ? AND term < ? AND length(term) BETWEEN ? AND ? LIMIT 20000",
                (w[0], w[0] + "\uffff", len(w) - 2, len(w) + 2),
            )
        ]
        close = difflib.get_close_matches(w, candidates, n=1, cutoff=0.75)
        if not close:
            return None
        replaced.append(close[0])
        changed = True
    if not changed:
        return None
    suggestion = " ".join(replaced)
    expression = match_expression(suggestion)
    found = db.execute("SELECT 1 FROM doc_fts WHERE doc_fts MATCH ? LIMIT 1", (expression,)).fetchone()
    return suggestion if found else None


# -- searching ------------------------------------------------------------------------------------------------


@dataclass
class Hit:
    iri: str
    type: str
    type_label: str
    label: str
    snippet: str


@dataclass
class Result:
    query: str
    filters: dict[str, str]
    total: int
    hits: list[Hit] = field(default_factory=list)
    facets: dict[str, list[tuple[str, str, int]]] = field(default_factory=dict)  # facet -> (value, label, count)
    suggestion: str | None = None  # a spelling that finds something, when the query as typed finds nothing


def match_expression(query: str) -> str | None:
    """FTS5 expression: every word must match, as a prefix of a word or of a Dutch stem. None if no words."""
    parts = []
    for w in words(query):
        stem = _stemmer.stemWord(w)
        alternatives = {f'"{w}"*', f'"{stem}"*'}
        parts.append("(" + " OR ".join(sorted(alternatives)) + ")")
    return " AND ".join(parts) if parts else None


def search(path: Path, query: str, filters: dict[str, str] | None = None, limit: int = 20, offset: int = 0) -> Result:
    filters = {k: v for k, v in (filters or {}).items() if k in FACETS and v}
    db = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        expression = match_expression(query)
        where, args = [], []
        if expression:
            where.append("doc.id IN (SELECT rowid FROM doc_fts WHERE doc_fts MATCH ?)")
            args.append(expression)
        for facet, value in filters.items():
            where.append("doc.id IN (SELECT doc FROM facet WHERE facet = ? AND value = ?)")
            args += [facet, value]
        if not where:
            return Result(query, filters, 0)
        condition = " AND ".join(where)
        total = db.execute(f"SELECT COUNT(*) FROM doc WHERE {condition}", args).fetchone()[0]
        if total == 0 and expression:
            return Result(query, filters, 0, suggestion=_suggest(db, query))
        if expression:
            rows = db.execute(
                f"""SELECT doc.iri, doc.type, doc.label, snippet(doc_fts, 2, '{MARK_START}', '{MARK_END}', ' … ', 16)
                    FROM doc_fts JOIN doc ON doc.id = doc_fts.rowid
                    WHERE doc_fts MATCH ? AND {condition}
                    ORDER BY bm25(doc_fts, 10.0, 5.0, 1.0, 0.5), doc.label LIMIT ? OFFSET ?""",
                [expression, *args, limit, offset],
            ).fetchall()
        else:
            rows = db.execute(
                f"SELECT iri, type, label, '' FROM doc WHERE {condition} ORDER BY label LIMIT ? OFFSET ?",
                [*args, limit, offset],
            ).fetchall()
        hits = [Hit(iri, t, TYPES[t][1], label, snippet) for iri, t, label, snippet in rows]
        facets: dict[str, list[tuple[str, str, int]]] = {}
        for facet in FACETS:
            counted = db.execute(
                f"""SELECT value, label, COUNT(*) FROM facet
                    WHERE facet = ? AND doc IN (SELECT doc.id FROM doc WHERE {condition})
                    GROUP BY value, label ORDER BY COUNT(*) DESC, label LIMIT 30""",
                [facet, *args],
            ).fetchall()
            facets[facet] = [(v, lbl, n) for v, lbl, n in counted]
        return Result(query, filters, total, hits, facets)
    finally:
        db.close()
