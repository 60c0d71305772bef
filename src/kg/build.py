"""The build: sources -> records -> graph -> validation -> dumps and store, written atomically.

`assemble()` does everything up to a validated graph and is shared by `kg build` and `kg validate`;
`build()` then writes dist/ through kg.output.staging, so nothing is published unless all of it succeeded.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import shutil
import time
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from importlib.metadata import version
from pathlib import Path

import pyoxigraph as ox
from rdflib import Graph, URIRef

from kg import export
from kg.convert import to_graph
from kg.dcat import catalog_graph, validate_catalog
from kg.dumps import compress, write_checksums
from kg.errors import DataError, Problem, ValidationFailed
from kg.extract import ExtractionError, extract
from kg.inputs import Inputs, load_inputs, sha256_file
from kg.iris import Iris
from kg.linksets import Linkset, load_linksets
from kg.ontology import load_ontology
from kg.output import staging
from kg.project import Project
from kg.search import build_index
from kg.store import create_store
from kg.validate import Report, load_shapes, validate
from kg.vocab import RDF, VOID
from kg.void import void_graph

#: classes counted in the summary, with the names people use for them
SUMMARY_CLASSES = {
    "aeno:Project": "projects",
    "aeno:Municipality": "municipalities",
    "org:Organization": "organisations (all, incl. municipalities)",
    "foaf:Person": "people",
    "aeno:Programme": "programmes",
    "skos:Concept": "concepts (themes and code lists)",
    "aeno:Publication": "publications",
    "aeno:Event": "events",
    "qb:Observation": "key figures",
    "aeno:SourcePage": "source pages",
    "rdf:Statement": "statements with provenance",
}


@dataclass
class Assembled:
    inputs: Inputs
    graph: Graph
    ontology: Graph
    report: Report
    linksets: list[Linkset] = field(default_factory=list)
    timings: dict[str, float] = field(default_factory=dict)


def assemble(project: Project, log: Callable[[str], None] = lambda _: None) -> Assembled:
    timings: dict[str, float] = {}
    t = time.perf_counter()

    def lap(name: str) -> None:
        nonlocal t
        now = time.perf_counter()
        timings[name] = now - t
        t = now
        log(f"  {name:<10} {timings[name]:6.2f} s")

    inputs = load_inputs(project)
    lap("read")
    kinds = {s.id: s.kind for s in inputs.manifest.sources}
    try:
        extraction = extract(kinds, inputs.texts)
    except ExtractionError as exc:
        raise DataError(
            [Problem(project.sources_dir / _file(inputs, exc.source), exc.line, None, exc.message)]
        ) from None
    lap("extract")
    ontology = load_ontology(project.ontology_dir, project.base)
    graph = to_graph(inputs, extraction, ontology)
    graph += ontology
    linksets = load_linksets(project, graph)
    for ls in linksets:
        graph += ls.description
        if any(str(t).startswith("file:") for t in ls.description.objects(None, VOID.subjectsTarget)):
            log(f"  note: linkset {ls.name} links from a file: IRI; give kg link --source-iri to publish it")
    lap("convert")
    shapes, nlsbb = load_shapes(project.shapes_dir, project.base)
    report = validate(graph, shapes, nlsbb, Iris(project.base))
    lap("validate")
    return Assembled(inputs, graph, ontology, report, linksets, timings)


def _file(inputs: Inputs, source: str) -> str:
    return next((s.file for s in inputs.manifest.sources if s.id == source), source)


def build(project: Project, out: Path | None = None, log: Callable[[str], None] = lambda _: None) -> dict:
    """Build and publish dist/; returns the build description (also written as build.json)."""
    started = time.perf_counter()
    a = assemble(project, log)
    if not a.report.conforms:
        raise ValidationFailed(a.report.text(), a.report.count("Violation"))
    out = out or project.default_out()
    t = time.perf_counter()
    with staging(out) as stage:
        lines = export.ntriples_lines(a.graph)
        export.write_ntriples(lines, stage / "kg.nt")
        canonical = export.canonical_graph(lines)
        export.write_turtle(canonical, stage / "kg.ttl", project.base)
        export.write_jsonld(canonical, stage / "kg.jsonld", project.base)
        export.write_context(stage / "context.jsonld", project.base)
        export.write_turtle(
            export.canonical_graph(export.ntriples_lines(a.ontology)), stage / "ontology.ttl", project.base
        )
        (stage / "validation.ttl").write_bytes(a.report.graph().serialize(format="turtle", encoding="utf-8"))
        (stage / "validation.txt").write_text(a.report.text() + "\n", encoding="utf-8")
        sources = stage / "sources"
        sources.mkdir()
        for s in a.inputs.manifest.sources:
            shutil.copyfile(project.sources_dir / s.file, sources / f"{s.id}.txt")
        named = write_linksets(a.linksets, stage, project.base)
        triples = create_store(stage / "kg.nt", stage / "store", named)
        for path, _ in named:
            path.unlink()
        a.timings["write"] = time.perf_counter() - t
        log(f"  {'write':<10} {a.timings['write']:6.2f} s")
        t = time.perf_counter()
        build_id = hashlib.sha256(("\n".join(lines) + "\n").encode("utf-8")).hexdigest()[:16]
        publication = publish(project, a, stage, build_id, triples, log)
        a.timings["publish"] = time.perf_counter() - t
        log(f"  {'publish':<10} {a.timings['publish']:6.2f} s")
        info = describe(a, lines, triples, stage, time.perf_counter() - started)
        info["publication"] = publication
        (stage / "build.json").write_text(json.dumps(info, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    return info


def write_linksets(linksets: list[Linkset], stage: Path, base: str) -> list[tuple[Path, str]]:
    """Each linkset as a download (linksets/NAME.ttl) and as N-Triples to load into its named graph."""
    if not linksets:
        return []
    folder = stage / "linksets"
    folder.mkdir()
    named = []
    for ls in linksets:
        lines = export.ntriples_lines(ls.graph)
        export.write_ntriples(lines, folder / f"{ls.name}.nt")
        export.write_turtle(export.canonical_graph(lines), folder / f"{ls.name}.ttl", base)
        named.append((folder / f"{ls.name}.nt", str(ls.iri)))
    return named


def publish(
    project: Project, a: Assembled, stage: Path, build_id: str, triples: int, log: Callable[[str], None]
) -> dict:
    """Compressed dumps, VoID, the DCAT-AP-NL description (checked against the official shapes), the search
    index and SHA256SUMS. A catalogue that violates DCAT-AP-NL stops the build like invalid data."""
    iris = Iris(project.base)
    dumps = compress(stage)
    store = ox.Store.read_only(str(stage / "store"))
    pub = project.publication
    void = void_graph(store, iris, dumps, pub.title_nl, pub.title_en, [ls.description for ls in a.linksets])
    (stage / "void.ttl").write_bytes(void.serialize(format="turtle", encoding="utf-8"))
    report = {
        "build_id": build_id,
        "conforms": a.report.conforms,
        "violations": a.report.count("Violation"),
        "warnings": a.report.count("Warning"),
        "infos": a.report.count("Info"),
        "profiles": a.report.profiles,
    }
    modified = dt.datetime.now(dt.UTC).isoformat(timespec="seconds")
    catalog = catalog_graph(iris, pub, dumps, modified, report, triples)
    (stage / "catalog.ttl").write_bytes(catalog.serialize(format="turtle", encoding="utf-8"))
    dcat_shapes = project.shapes_dir / "reference" / "dcat-ap-nl-3.0.0"
    dcat = {"checked": False}
    if dcat_shapes.is_dir():
        violations, recommendations = validate_catalog(catalog, dcat_shapes)
        if violations:
            raise ValidationFailed(
                "catalog.ttl does not conform to DCAT-AP-NL 3.0:\n" + "\n".join(violations), len(violations)
            )
        dcat = {"checked": True, "profile": "DCAT-AP-NL 3.0.0", "violations": 0, "recommendations": recommendations}
        log(f"  catalog.ttl conforms to DCAT-AP-NL 3.0.0 ({len(recommendations)} recommendation(s) not met)")
    if not (pub.contact_email and pub.contact_phone):
        log("  note: kg.toml [publication] has no contact_email/contact_phone; data.overheid.nl asks for both")
    indexed = build_index(store, project.base, stage / "search.sqlite")
    del store
    published = (
        [d.name for d in dumps]
        + [f"linksets/{ls.name}.ttl" for ls in a.linksets]
        + [
            "catalog.ttl",
            "void.ttl",
            "ontology.ttl",
            "validation.ttl",
            "context.jsonld",
        ]
    )
    write_checksums(stage, published)
    linksets = [
        {
            "name": ls.name,
            "iri": str(ls.iri),
            "links": ls.links,
            "triples": len(ls.graph),
            "file": f"linksets/{ls.name}.ttl",
        }
        for ls in a.linksets
    ]
    return {
        "dumps": [d.__dict__ for d in dumps],
        "linksets": linksets,
        "dcat": dcat,
        "search_index": {"resources": indexed},
    }


def describe(a: Assembled, lines: list[str], triples: int, stage: Path, seconds: float) -> dict:
    nt_hash = hashlib.sha256(("\n".join(lines) + "\n").encode("utf-8")).hexdigest()
    g = a.graph
    counts = Counter(g.objects(None, RDF.type))
    nm = g.namespace_manager
    classes = {label: counts.get(URIRef(nm.expand_curie(curie)), 0) for curie, label in SUMMARY_CLASSES.items()}
    files = {
        p.name: {"bytes": p.stat().st_size, "sha256": sha256_file(p)}
        for p in sorted(stage.iterdir())
        if p.is_file() and p.name != "build.json"
    }
    return {
        "build_id": nt_hash[:16],
        "created": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
        "base": a.inputs.project.base,
        "triples": triples,
        "resources": classes,
        "validation": {
            "conforms": a.report.conforms,
            "violations": a.report.count("Violation"),
            "warnings": a.report.count("Warning"),
            "infos": a.report.count("Info"),
            "profiles": a.report.profiles,
        },
        "sources": {s.id: s.sha256 for s in a.inputs.manifest.sources},
        "files": files,
        "seconds": {**{k: round(v, 3) for k, v in a.timings.items()}, "total": round(seconds, 3)},
        "versions": {name: version(name) for name in ("aeno-kg", "rdflib", "pyshacl", "pyoxigraph", "PyLD")},
    }
