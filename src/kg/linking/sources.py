"""Reading the dataset a user wants to link: a CSV table or an RDF file, into records of names and codes.

CSV files come as spreadsheets export them: comma, semicolon or tab separated, UTF-8 with or without a
byte-order mark, or Windows-1252 (Dutch Excel). The rows are kept exactly as read, so matches.csv can give
them back unchanged. Each row is identified as RFC 7111 prescribes, `<file>#row=N`, counting the header as
row 1 (as CSV on the Web does), unless a subject template names the row after its own columns.
"""

from __future__ import annotations

import csv
import io
import re
import string
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import quote

from rdflib import Graph, Literal, URIRef
from rdflib.util import guess_format

from kg.errors import KGError
from kg.names import fold
from kg.vocab import DCTERMS, FOAF, OWL, RDF, RDFS, SCHEMA, SKOS, TOOI_GEMEENTE

NAME_HEADERS = ("gemeentenaam", "gemeente", "municipality", "municipalityname", "naam", "name", "regionaam", "label")
CODE_HEADERS = (
    "gemeentecode",
    "cbsgemeentecode",
    "cbscode",
    "gmcode",
    "municipalitycode",
    "regiocode",
    "codegemeente",
    "code",
)
RDF_NAMES = (SKOS.prefLabel, RDFS.label, SCHEMA.name, FOAF.name, DCTERMS.title, SKOS.altLabel)
RDF_CODES = (DCTERMS.identifier, SCHEMA.identifier, SKOS.notation)
RDF_LINKS = (OWL.sameAs, SKOS.exactMatch)
_GM = re.compile(r"^\s*GM\s?\d{4}\s*$", re.IGNORECASE)


class InputError(KGError):
    """The file to link cannot be read as asked; says where and why."""

    exit_code = 2


@dataclass
class Record:
    """One row or resource of the input: what identifies it and what it says about a municipality."""

    subject: str  # IRI the link starts from
    where: str  # "row 5", or the resource's IRI, for the report
    names: list[str] = field(default_factory=list)
    codes: list[str] = field(default_factory=list)


@dataclass
class Table:
    """A CSV input as read: header and rows verbatim, and how to write them back the same way."""

    header: list[str]
    rows: list[list[str]]
    delimiter: str
    encoding: str  # "utf-8", "utf-8-sig" or "cp1252"
    name_column: str | None
    code_column: str | None


@dataclass
class Source:
    path: Path
    iri: str  # the dataset the links come from (void:subjectsTarget)
    kind: str  # "csv" or "rdf"
    records: list[Record]
    table: Table | None = None
    notes: list[str] = field(default_factory=list)


def source_iri(path: Path, given: str | None) -> str:
    if given:
        if not re.match(r"^[a-zA-Z][a-zA-Z0-9+.-]*:[^\s<>\"{}|\\^`]+$", given):
            raise InputError(f"--source-iri must be an absolute IRI, not {given!r}")
        return given
    return path.resolve().as_uri()


def read(
    path: Path,
    *,
    iri: str | None = None,
    name_column: str | None = None,
    code_column: str | None = None,
    subject_template: str | None = None,
    rdf_format: str | None = None,
    rdf_type: str | None = None,
) -> Source:
    if not path.is_file():
        raise InputError(f"{path}: no such file")
    kind = "csv" if path.suffix.lower() in (".csv", ".tsv", ".txt") and not rdf_format else "rdf"
    if kind == "csv":
        return read_csv(path, source_iri(path, iri), name_column, code_column, subject_template)
    return read_rdf(path, source_iri(path, iri), rdf_format, rdf_type)


# -- CSV ----------------------------------------------------------------------------------------------------


def _decode(path: Path) -> tuple[str, str]:
    data = path.read_bytes()
    if data.startswith(b"\xef\xbb\xbf"):
        try:
            return data[3:].decode("utf-8"), "utf-8-sig"
        except UnicodeDecodeError as exc:
            raise InputError(f"{path}: starts with a UTF-8 byte-order mark but is not UTF-8: {exc}") from None
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        return data.decode("cp1252", errors="replace"), "cp1252"


def _header_key(text: str) -> str:
    return re.sub(r"[^a-z0-9]", "", fold(text))


def _pick(header: list[str], given: str | None, known: tuple[str, ...], what: str, path: Path) -> str | None:
    if given is not None:
        if given not in header:
            raise InputError(f"{path}: no column {given!r} for the {what}; the columns are: {', '.join(header)}")
        return given
    keys = {_header_key(h): h for h in reversed(header)}
    return next((keys[k] for k in known if k in keys), None)


def read_csv(
    path: Path, iri: str, name_column: str | None, code_column: str | None, subject_template: str | None
) -> Source:
    text, encoding = _decode(path)
    if not text.strip():
        raise InputError(f"{path}: the file is empty")
    try:
        delimiter = csv.Sniffer().sniff(text[:8192], delimiters=",;\t|").delimiter
    except csv.Error:
        delimiter = "\t" if path.suffix.lower() == ".tsv" else ","
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    try:
        header = next(reader)
        rows: list[list[str]] = []
        lines: list[int] = []
        for row in reader:
            if not any(cell.strip() for cell in row):
                continue
            if len(row) != len(header):
                raise InputError(
                    f"{path}, line {reader.line_num}: {len(row)} fields where the header has {len(header)} "
                    f"(separator {delimiter!r})"
                )
            rows.append(row)
            lines.append(reader.line_num)
    except csv.Error as exc:
        raise InputError(f"{path}, line {reader.line_num}: not valid CSV: {exc}") from None
    name_col = _pick(header, name_column, NAME_HEADERS, "municipality name", path)
    code_col = _pick(header, code_column, CODE_HEADERS, "municipality code", path)
    if name_col is None and code_col is None:
        raise InputError(
            f"{path}: found no column with municipality names or codes among: {', '.join(header)}; "
            "say which with --name-column and/or --code-column"
        )
    for added in ("match", "method", "score"):
        if added in header:
            raise InputError(f"{path}: already has a column {added!r}, which matches.csv adds; rename it first")
    template = _template(subject_template, header, path)
    ni = header.index(name_col) if name_col else None
    ci = header.index(code_col) if code_col else None
    records = []
    for number, row in enumerate(rows, start=2):
        subject = _subject(template, iri, number, dict(zip(header, row, strict=True)), path)
        records.append(
            Record(
                subject=subject,
                where=f"row {number} (line {lines[number - 2]})",
                names=[row[ni]] if ni is not None and row[ni].strip() else [],
                codes=[row[ci]] if ci is not None and row[ci].strip() else [],
            )
        )
    notes = []
    if encoding == "cp1252":
        notes.append("the file is not UTF-8; it was read as Windows-1252 (as Excel writes CSV on Dutch Windows)")
    table = Table(header, rows, delimiter, encoding, name_col, code_col)
    return Source(path, iri, "csv", records, table, notes)


def _template(template: str | None, header: list[str], path: Path) -> str | None:
    if template is None:
        return None
    try:
        fields = {f for _, f, _, _ in string.Formatter().parse(template) if f is not None}
    except ValueError as exc:
        raise InputError(f"--subject-template {template!r}: {exc}") from None
    unknown = fields - set(header) - {"row"}
    if unknown:
        raise InputError(
            f"--subject-template names no column {', '.join(sorted(unknown))}; the columns are: {', '.join(header)}"
        )
    return template


def _subject(template: str | None, iri: str, number: int, values: dict[str, str], path: Path) -> str:
    if template is None:
        return f"{iri}#row={number}"
    quoted = {k: quote(v.strip(), safe="") for k, v in values.items()}
    subject = template.format_map({**quoted, "row": number})
    if not re.match(r"^[a-zA-Z][a-zA-Z0-9+.-]*:[^\s<>\"{}|\\^`]+$", subject):
        raise InputError(f"{path}: row {number}: --subject-template gives {subject!r}, which is not an absolute IRI")
    return subject


# -- RDF ----------------------------------------------------------------------------------------------------


def read_rdf(path: Path, iri: str, fmt: str | None, rdf_type: str | None) -> Source:
    fmt = fmt or guess_format(str(path))
    if fmt is None:
        raise InputError(f"{path}: cannot tell the format from the file name; give --format (turtle, xml, nt, ...)")
    graph = Graph()
    try:
        graph.parse(path, format=fmt)
    except Exception as exc:  # rdflib raises many kinds; all mean the file is not what it says
        raise InputError(f"{path}: not valid {fmt}: {exc}") from None
    subjects = set(graph.subjects(RDF.type, URIRef(rdf_type))) if rdf_type else set(graph.subjects())
    records, skipped = [], 0
    for s in sorted(subjects, key=str):
        names = sorted({str(o) for p in RDF_NAMES for o in graph.objects(s, p) if isinstance(o, Literal)})
        codes = sorted({str(o) for p in RDF_CODES for o in graph.objects(s, p) if _GM.match(str(o))})
        codes += sorted({str(o) for p in RDF_LINKS for o in graph.objects(s, p) if str(o).startswith(TOOI_GEMEENTE)})
        if not names and not codes:
            continue
        if not isinstance(s, URIRef):
            skipped += 1
            continue
        records.append(Record(subject=str(s), where=str(s), names=names, codes=codes))
    notes = [f"{skipped} blank node(s) with names were left out: a link needs an IRI to start from"] if skipped else []
    if not records:
        raise InputError(
            f"{path}: no resource with a name (skos:prefLabel, rdfs:label, schema:name, foaf:name, dcterms:title, "
            "skos:altLabel) or a code (GMnnnn as dcterms:identifier, schema:identifier or skos:notation, or a "
            "TOOI IRI)" + (f" of type <{rdf_type}>" if rdf_type else "")
        )
    return Source(path, iri, "rdf", records, None, notes)
