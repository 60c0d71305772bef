"""SELECT results in the four SPARQL 1.1 result formats, with a row limit (used by the query workers).

pyoxigraph serialises a whole result set and cannot build one from a list, so results cut off at the row
limit are written here: SPARQL 1.1 Query Results JSON, XML, CSV and TSV. The tests parse every format back
with pyoxigraph and compare with pyoxigraph's own serialisation of the same results.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterable
from xml.sax.saxutils import escape, quoteattr

import pyoxigraph as ox

XSD_STRING = "http://www.w3.org/2001/XMLSchema#string"
RDF_LANG_STRING = "http://www.w3.org/1999/02/22-rdf-syntax-ns#langString"
Row = list["ox.NamedNode | ox.BlankNode | ox.Literal | ox.Triple | None"]

JSON = "application/sparql-results+json"
XML = "application/sparql-results+xml"
CSV = "text/csv"
TSV = "text/tab-separated-values"


def take(solutions: ox.QuerySolutions, limit: int) -> tuple[list[str], list[Row], bool]:
    """Variables, at most `limit` rows, and whether there were more."""
    names = [v.value for v in solutions.variables]
    rows: list[Row] = []
    for solution in solutions:
        if len(rows) == limit:
            return names, rows, True
        rows.append([solution[n] for n in names])
    return names, rows, False


def serialize(names: list[str], rows: Iterable[Row], media_type: str) -> bytes:
    writer = {JSON: _json, XML: _xml, CSV: _csv, TSV: _tsv}[media_type]
    return writer(names, rows)


def _json(names: list[str], rows: Iterable[Row]) -> bytes:
    bindings = [{n: _json_term(t) for n, t in zip(names, row, strict=True) if t is not None} for row in rows]
    doc = {"head": {"vars": names}, "results": {"bindings": bindings}}
    return json.dumps(doc, ensure_ascii=False, separators=(",", ":")).encode("utf-8")


def _json_term(term: ox.NamedNode | ox.BlankNode | ox.Literal | ox.Triple) -> dict:
    if isinstance(term, ox.NamedNode):
        return {"type": "uri", "value": term.value}
    if isinstance(term, ox.BlankNode):
        return {"type": "bnode", "value": term.value}
    if isinstance(term, ox.Triple):
        parts = {"subject": term.subject, "predicate": term.predicate, "object": term.object}
        return {"type": "triple", "value": {k: _json_term(v) for k, v in parts.items()}}
    out: dict[str, str] = {"type": "literal", "value": term.value}
    if term.language:
        out["xml:lang"] = term.language
    elif term.datatype.value != XSD_STRING:
        out["datatype"] = term.datatype.value
    return out


def _xml(names: list[str], rows: Iterable[Row]) -> bytes:
    out = io.StringIO()
    out.write('<?xml version="1.0" encoding="UTF-8"?>\n<sparql xmlns="http://www.w3.org/2005/sparql-results#"><head>')
    for n in names:
        out.write(f"<variable name={quoteattr(n)}/>")
    out.write("</head><results>")
    for row in rows:
        out.write("<result>")
        for n, t in zip(names, row, strict=True):
            if t is not None:
                out.write(f"<binding name={quoteattr(n)}>{_xml_term(t)}</binding>")
        out.write("</result>")
    out.write("</results></sparql>")
    return out.getvalue().encode("utf-8")


def _xml_term(term: ox.NamedNode | ox.BlankNode | ox.Literal | ox.Triple) -> str:
    if isinstance(term, ox.NamedNode):
        return f"<uri>{escape(term.value)}</uri>"
    if isinstance(term, ox.BlankNode):
        return f"<bnode>{escape(term.value)}</bnode>"
    if isinstance(term, ox.Triple):
        return (
            f"<triple><subject>{_xml_term(term.subject)}</subject><predicate>{_xml_term(term.predicate)}"
            f"</predicate><object>{_xml_term(term.object)}</object></triple>"
        )
    if term.language:
        return f"<literal xml:lang={quoteattr(term.language)}>{escape(term.value)}</literal>"
    if term.datatype.value != XSD_STRING:
        return f"<literal datatype={quoteattr(term.datatype.value)}>{escape(term.value)}</literal>"
    return f"<literal>{escape(term.value)}</literal>"


def _csv(names: list[str], rows: Iterable[Row]) -> bytes:
    """CSV loses types on purpose (SPARQL 1.1 Query Results CSV): IRIs and literals as their plain values."""
    out = io.StringIO()
    w = csv.writer(out, lineterminator="\r\n")
    w.writerow(names)
    for row in rows:
        w.writerow(["" if t is None else _csv_term(t) for t in row])
    return out.getvalue().encode("utf-8")


def _csv_term(term: ox.NamedNode | ox.BlankNode | ox.Literal | ox.Triple) -> str:
    if isinstance(term, ox.BlankNode):
        return f"_:{term.value}"
    if isinstance(term, ox.Triple):
        return str(term)
    return term.value


def _tsv(names: list[str], rows: Iterable[Row]) -> bytes:
    """TSV keeps terms in Turtle/N-Triples syntax (SPARQL 1.1 Query Results TSV)."""
    lines = ["\t".join(f"?{n}" for n in names)]
    lines += ["\t".join("" if t is None else str(t) for t in row) for row in rows]
    return ("\n".join(lines) + "\n").encode("utf-8")
