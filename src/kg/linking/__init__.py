"""`kg link`: reconcile another dataset's municipalities with this graph and write a reviewed-ready linkset.

sources (the user's CSV or RDF) -> records -> matches (kg.linking.matcher) -> links -> linkset graph
-> DIR/linkset.ttl, DIR/matches.csv (CSV input), DIR/report.txt.
All files are written to a temporary directory inside DIR first and moved into place only when every one of
them is complete, so a failed run leaves DIR as it was.
"""

from __future__ import annotations

import csv
import io
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

from kg.errors import KGError
from kg.files import move_into, scratch_dir, sha256_file
from kg.linking.gazetteer import Gazetteer
from kg.linking.linkset import Link, links, linkset_triples, to_turtle
from kg.linking.matcher import Match, Matcher
from kg.linking.sources import Source, read
from kg.names import slug
from kg.project import Project
from kg.vocab import OWL

__all__ = ["Outcome", "link", "match_source"]


@dataclass
class Outcome:
    source: Source
    matches: list[Match]
    links: list[Link]
    name: str
    files: list[Path]

    def counts(self) -> Counter[str]:
        return Counter(m.status for m in self.matches)

    def summary(self) -> str:
        c = self.counts()
        same = sum(1 for lk in self.links if lk.predicate == OWL.sameAs)
        parts = [f"{len(self.matches)} {'rows' if self.source.kind == 'csv' else 'resources'}"]
        parts.append(f"{c['matched']} matched ({same} owl:sameAs, {len(self.links) - same} skos:exactMatch)")
        parts += [f"{c[s]} {s}" for s in ("ambiguous", "conflict", "unmatched", "empty") if c[s]]
        return ", ".join(parts)


def match_source(matcher: Matcher, source: Source) -> list[Match]:
    """Each record's match; a name or code that repeats (a table per municipality and year) is matched once."""
    seen: dict[tuple[tuple[str, ...], tuple[str, ...]], Match] = {}
    out = []
    for r in source.records:
        k = (tuple(r.names), tuple(r.codes))
        if k not in seen:
            seen[k] = matcher.match(r.names, r.codes)
        out.append(seen[k])
    return out


def link(
    project: Project,
    path: Path,
    out: Path,
    *,
    name: str | None = None,
    source_iri: str | None = None,
    name_column: str | None = None,
    code_column: str | None = None,
    subject_template: str | None = None,
    rdf_format: str | None = None,
    rdf_type: str | None = None,
) -> Outcome:
    gazetteer = Gazetteer.load(project)
    source = read(
        path,
        iri=source_iri,
        name_column=name_column,
        code_column=code_column,
        subject_template=subject_template,
        rdf_format=rdf_format,
        rdf_type=rdf_type,
    )
    matches = match_source(Matcher(gazetteer), source)
    found = links(source.records, matches)
    name = name or slug(path.stem) or "linkset"
    if slug(name) != name:
        raise KGError(f"--name must be lowercase letters, digits and hyphens (such as {slug(name)!r}), not {name!r}")
    triples = linkset_triples(project.iris, name, source, sha256_file(path), found)
    # Not validated here: the tests check that what this writes conforms to shapes/linkset/ (pySHACL takes
    # about 2 ms a link), and `kg build` validates every linkset it loads, edited by hand or not.
    files = {"linkset.ttl": to_turtle(triples, project.iris)}
    if source.table is not None:
        files["matches.csv"] = _matches_csv(source, matches)
    outcome = Outcome(source, matches, found, name, [])
    files["report.txt"] = render_report(outcome, gazetteer).encode("utf-8")
    outcome.files = _write_all(out, files, stale=["matches.csv"] if source.table is None else [])
    return outcome


def _matches_csv(source: Source, matches: list[Match]) -> bytes:
    """The input rows unchanged, in the input's separator, with match, method and score added."""
    table = source.table
    assert table is not None
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer, delimiter=table.delimiter, lineterminator="\r\n")
    writer.writerow([*table.header, "match", "method", "score"])
    for row, m in zip(table.rows, matches, strict=True):
        linked = m.status == "matched" and m.municipality is not None
        method = m.method if linked else m.status  # why there is no link: ambiguous, conflict, unmatched, empty
        writer.writerow(
            [*row, m.municipality.iri if linked else "", method, f"{m.score:.3f}" if linked and m.score else ""]
        )
    text = buffer.getvalue()
    # A file that came with a byte-order mark, or from Windows-1252, goes back as UTF-8 with one, which is
    # what makes Excel read it as UTF-8.
    return text.encode("utf-8-sig" if table.encoding in ("utf-8-sig", "cp1252") else "utf-8")


def render_report(outcome: Outcome, gazetteer: Gazetteer) -> str:
    src = outcome.source
    lines = [
        f"kg link: {src.path.name} -> linkset {outcome.name}",
        f"against: {gazetteer.register}, {len(gazetteer.municipalities)} municipalities",
        f"source: {src.iri}",
        f"result: {outcome.summary()}",
    ]
    if src.table is not None:
        lines.append(f"columns: name {src.table.name_column!r}, code {src.table.code_column!r}")
    methods = Counter(m.method for m in outcome.matches if m.status == "matched")
    if methods:
        lines.append("methods: " + ", ".join(f"{k} {v}" for k, v in sorted(methods.items())))
    lines += [f"note: {n}" for n in src.notes]
    sections = [
        ("Similar names, linked with skos:exactMatch: check these", lambda m: m.method == "similar-name"),
        ("Ambiguous: no link made", lambda m: m.status == "ambiguous"),
        ("Conflicts between code and name: no link made", lambda m: m.status == "conflict"),
        ("Not matched", lambda m: m.status in ("unmatched", "empty")),
        ("Linked, with a remark", lambda m: m.status == "matched" and m.method != "similar-name" and bool(m.note)),
    ]
    for title, wanted in sections:
        chosen = [(r, m) for r, m in zip(src.records, outcome.matches, strict=True) if wanted(m)]
        if not chosen:
            continue
        lines += ["", f"{title} ({len(chosen)}):"]
        for record, m in chosen:
            said = " / ".join([*(repr(n) for n in record.names), *record.codes]) or "(nothing)"
            line = f"  {record.where}: {said}"
            if m.municipality is not None and m.status == "matched":
                line += f" -> {m.municipality.name} ({m.municipality.code}), score {m.score:.3f}"
            if m.candidates:
                line += " -> " + " or ".join(f"{c.name} ({c.code})" for c in m.candidates)
            if m.note:
                line += f" [{m.note}]"
            lines.append(line)
    return "\n".join(lines) + "\n"


def _write_all(out: Path, files: dict[str, bytes], stale: list[str]) -> list[Path]:
    if out.exists() and not out.is_dir():
        raise KGError(f"{out} exists and is not a directory")
    with scratch_dir(out) as tmp:
        for file, data in files.items():
            (tmp / file).write_bytes(data)
        move_into(tmp, out)
    for file in stale:
        (out / file).unlink(missing_ok=True)
    return [out / f for f in files]
