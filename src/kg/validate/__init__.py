"""Validation: graph + shapes -> report.

Two runs with pySHACL, both without inference (the build materialises superclass types) and without network
access (shapes are local files; NL-SBB's owl:imports are not followed):

1. the project's shapes (shapes/*.ttl) over the whole graph;
2. the official NL-SBB profile (shapes/reference/skos-ap-nl.ttl) over every concept scheme, concept and
   collection of the graph (ours and the external concepts ours are matched to): what NL-SBB's shapes target.
   The TOOI and EU concepts they are matched to are in the graph (typed, labelled) so the matching relations
   can be checked, but they are not focus nodes: their definitions are their publishers' business.

Conformance is decided here from the severities of the results (any sh:Violation fails), not from pySHACL's
`conforms` flag, which `allow_warnings` can set to True although Violations exist.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import pyoxigraph as ox
import pyshacl
from rdflib import BNode, Graph, Literal, URIRef
from rdflib.compare import to_canonical_graph
from rdflib.term import Node

from kg.errors import KGError
from kg.iris import Iris
from kg.ontology import load_turtle
from kg.validate import sparql as shaclsparql
from kg.validate.prepared import data_graph
from kg.vocab import RDF, RDFS, SH, SKOS, prefixes

SEVERITY_NAMES = {SH.Violation: "Violation", SH.Warning: "Warning", SH.Info: "Info"}


@dataclass(frozen=True)
class Result:
    severity: str
    focus: str
    focus_label: str
    path: str | None
    value: str | None
    message_nl: str
    message_en: str
    shape: str
    profile: str

    def line(self) -> str:
        path = f" {self.path}" if self.path else ""
        value = f" = {self.value}" if self.value else ""
        head = f"{self.severity.upper():9} [{self.profile}] {self.focus_label} <{self.focus}>{path}{value}"
        return f"{head}\n          {self.message_nl}\n          {self.message_en}"


@dataclass
class Report:
    results: list[Result] = field(default_factory=list)
    graphs: list[Graph] = field(default_factory=list)
    profiles: list[str] = field(default_factory=list)

    def count(self, severity: str) -> int:
        return sum(1 for r in self.results if r.severity == severity)

    @property
    def conforms(self) -> bool:
        return self.count("Violation") == 0

    def summary(self) -> str:
        return (
            f"{'conforms' if self.conforms else 'DOES NOT CONFORM'}: {self.count('Violation')} violation(s), "
            f"{self.count('Warning')} warning(s), {self.count('Info')} info(s) "
            f"against {', '.join(self.profiles)}"
        )

    def text(self, severities: tuple[str, ...] = ("Violation", "Warning", "Info")) -> str:
        lines = [
            r.line()
            for r in sorted(self.results, key=lambda r: (list(SEVERITY_NAMES.values()).index(r.severity), r.focus))
            if r.severity in severities
        ]
        return "\n".join([self.summary(), *lines])

    def graph(self) -> Graph:
        """The reports as one graph, with canonical blank-node labels (rdflib.compare), so that the same findings
        give the same validation.ttl build after build (the validators' blank nodes are random)."""
        out = Graph()
        for g in self.graphs:
            out += g
        canonical = Graph()
        for triple in to_canonical_graph(out):
            canonical.add(triple)
        for prefix, namespace in out.namespaces():
            canonical.bind(prefix, namespace, override=False)
        return canonical


def load_shapes(shapes_dir: Path, iris: Iris) -> tuple[Graph, Graph | None]:
    """The project's shapes, and the NL-SBB profile if the project has it."""
    own = load_turtle(sorted(shapes_dir.glob("*.ttl")), iris)
    nlsbb_path = shapes_dir / "reference" / "skos-ap-nl.ttl"
    nlsbb = Graph().parse(nlsbb_path, format="turtle") if nlsbb_path.exists() else None
    return own, nlsbb


def load_linkset_shapes(shapes_dir: Path, iris: Iris) -> Graph:
    """The shapes of a linkset (shapes/linkset/), kept apart from the graph's: a linkset is its own graph."""
    return load_turtle(sorted((shapes_dir / "linkset").glob("*.ttl")), iris)


def validate_linkset(data: Graph, shapes: Graph, iris: Iris) -> Report:
    report = Report()
    _run(
        report,
        data,
        shapes,
        None,
        "aeno-linkset-shapes",
        sorted(prefixes(iris).items(), key=lambda kv: -len(kv[1])),
    )
    return report


#: Graphs larger than this are validated against the project's shapes by the SPARQL validator
#: (kg.validate.sparql) instead of pySHACL, which needs about half a millisecond per triple.
PYSHACL_LIMIT = 50_000
ENGINES = ("auto", "pyshacl", "sparql")


def engine_for(triples: int, engine: str = "auto") -> str:
    if engine not in ENGINES:
        raise KGError(f"unknown validator {engine!r}; choose one of {', '.join(ENGINES)}")
    if engine == "auto":
        return "pyshacl" if triples <= PYSHACL_LIMIT else "sparql"
    return engine


def validate(
    data: Graph | None,
    shapes: Graph,
    nlsbb: Graph | None,
    iris: Iris,
    engine: str = "pyshacl",
    store: ox.Store | None = None,
) -> Report:
    """Validate `data` against the project's shapes (with pySHACL, which needs an rdflib Graph, or compiled
    to SPARQL and run on `store`, which must hold the same triples; `data` is not read then and may be None)
    and all its SKOS against NL-SBB."""
    report = Report()
    names = sorted(prefixes(iris).items(), key=lambda kv: -len(kv[1]))
    if engine == "sparql":
        if store is None:
            raise KGError("the SPARQL validator needs the graph in an Oxigraph store")
        _run_sparql(report, store, shapes, "aeno-shapes", names)
    else:
        if not isinstance(data, Graph):
            raise KGError("pySHACL needs the graph as an rdflib Graph")
        _run(report, data, shapes, None, "aeno-shapes", names)
    if nlsbb is not None:
        if engine == "sparql":  # the same checks, compiled: 0.05 s where pySHACL takes 2 s on this profile
            _run_sparql(report, skos_store_from_store(store), nlsbb, "NL-SBB skos-ap-nl", names, SKOS_CLASSES)
        else:
            skos = skos_subgraph_from_store(store) if store is not None else skos_subgraph(data)
            focus = sorted({s for cls in SKOS_CLASSES for s in skos.subjects(RDF.type, cls)}, key=str)
            _run(report, skos, nlsbb, focus, "NL-SBB skos-ap-nl", names)
    return report


#: what NL-SBB's shapes target
SKOS_CLASSES = (SKOS.ConceptScheme, SKOS.Concept, SKOS.Collection)


def skos_subgraph(data: Graph) -> Graph:
    """What NL-SBB looks at: every concept scheme, concept and collection, and everything they point at (one
    hop, so that the classes of related concepts can be checked). pySHACL then works on the SKOS part of the
    graph, not on all of it: the same results, since NL-SBB targets nothing else."""
    nodes = {s for cls in SKOS_CLASSES for s in data.subjects(RDF.type, cls)}
    out = Graph()
    _copy_about(data, nodes, out)
    _copy_about(data, {o for o in out.objects() if isinstance(o, URIRef)} - nodes, out)
    return out


#: skos_subgraph as a query: every triple about a SKOS node or about an IRI a SKOS node points at
SKOS_SUBGRAPH = f"""
    CONSTRUCT {{ ?s ?p ?o }} WHERE {{
      {{ SELECT DISTINCT ?s WHERE {{
          VALUES ?class {{ {" ".join(f"<{c}>" for c in SKOS_CLASSES)} }}
          {{ ?s a ?class }}
          UNION {{ ?c a ?class ; ?cp ?s . FILTER (isIRI(?s)) }}
      }} }}
      ?s ?p ?o .
    }}"""


def skos_subgraph_from_store(store: ox.Store) -> Graph:
    """The same as skos_subgraph, asked of the store (a whole-graph scan in Python takes seconds)."""
    out = Graph()
    for t in store.query(SKOS_SUBGRAPH):
        out.add((_rdflib(t.subject), _rdflib(t.predicate), _rdflib(t.object)))
    return out


def skos_store_from_store(store: ox.Store) -> ox.Store:
    """The same, in an Oxigraph store of its own: what the SPARQL validator runs NL-SBB on."""
    out = ox.Store()
    out.extend(ox.Quad(t.subject, t.predicate, t.object) for t in store.query(SKOS_SUBGRAPH))
    return out


def _copy_about(data: Graph, subjects: set, out: Graph) -> None:
    for s in subjects:
        for t in data.triples((s, None, None)):
            out.add(t)


def _run(
    report: Report, data: Graph, shapes: Graph, focus: list[Node] | None, profile: str, names: list[tuple[str, str]]
) -> None:
    try:
        _, graph, _ = pyshacl.validate(
            data_graph(data),  # each SPARQL text parsed once, not once per focus node (kg.validate.prepared)
            shacl_graph=shapes,
            inference="none",
            focus_nodes=focus,
            allow_warnings=True,
            allow_infos=True,
            inplace=True,  # no inference, so nothing is added to the data; saves a copy of it
            advanced=True,
        )
    except Exception as exc:  # pySHACL raises plain Python errors for shapes it cannot evaluate
        raise KGError(f"pySHACL could not evaluate the shapes of {profile}: {type(exc).__name__}: {exc}") from exc
    if not isinstance(graph, Graph):  # pyshacl returns a ValidationFailure for a broken shapes graph
        raise KGError(f"the shapes of {profile} cannot be used: {graph}")
    report.graphs.append(graph)
    report.profiles.append(profile)
    for result in graph.subjects(RDF.type, SH.ValidationResult):
        report.results.append(_result(graph, data, result, profile, names))


def _qname(node: Node, names: list[tuple[str, str]]) -> str:
    text = str(node)
    for prefix, ns in names:
        if text.startswith(ns):
            return f"{prefix}:{text[len(ns) :]}"
    return f"<{text}>"


def _path(graph: Graph, path: Node | None, names: list[tuple[str, str]]) -> str | None:
    """A result path as people write it: dcterms:title, ^dcterms:identifier."""
    if isinstance(path, URIRef):
        return _qname(path, names)
    inverse = graph.value(path, SH.inversePath) if path is not None else None
    if isinstance(inverse, URIRef):
        return "^" + _qname(inverse, names)
    return None


def _result(graph: Graph, data: Graph, node: Node, profile: str, names: list[tuple[str, str]]) -> Result:
    def one(p: URIRef) -> Node | None:
        return graph.value(node, p)

    focus = one(SH.focusNode)
    messages = list(graph.objects(node, SH.resultMessage))
    nl = next((str(m) for m in messages if isinstance(m, Literal) and m.language == "nl"), None)
    en = next((str(m) for m in messages if isinstance(m, Literal) and m.language == "en"), None)
    fallback = str(messages[0]) if messages else ""
    label = data.value(focus, RDFS.label) or data.value(focus, SKOS.prefLabel) if focus is not None else None
    path = one(SH.resultPath)
    value = one(SH.value)
    return Result(
        severity=SEVERITY_NAMES.get(one(SH.resultSeverity), "Violation"),
        focus=str(focus),
        focus_label=str(label) if label else "",
        path=_path(graph, path, names),
        value=str(value)[:80] if value is not None else None,
        message_nl=nl or fallback,
        message_en=en or fallback,
        shape=str(one(SH.sourceShape)),
        profile=profile,
    )


def _store_label(store: ox.Store, focus: URIRef) -> str | None:
    """A focus node's name for the report, read from the store (the build lets the converted triples go before
    it validates a large graph): its Dutch rdfs:label, else any, else the same of skos:prefLabel."""
    for prop in (RDFS.label, SKOS.prefLabel):
        values = [q.object for q in store.quads_for_pattern(ox.NamedNode(focus), ox.NamedNode(prop), None)]
        literals = sorted((v for v in values if isinstance(v, ox.Literal)), key=lambda v: (v.language != "nl", v.value))
        if literals:
            return literals[0].value
    return None


def _run_sparql(
    report: Report,
    store: ox.Store,
    shapes: Graph,
    profile: str,
    names: list[tuple[str, str]],
    focus_classes: tuple[URIRef, ...] = (),
) -> None:
    out = Graph()
    out.bind("sh", SH)
    findings = list(shaclsparql.run(store, shaclsparql.Compiler(shapes, focus_classes).checks()))
    report_node = BNode()
    out.add((report_node, RDF.type, SH.ValidationReport))
    out.add((report_node, SH.conforms, Literal(not any(f.severity == "Violation" for f in findings))))
    for f in findings:
        focus = _rdflib(f.focus)
        value = _rdflib(f.value) if f.value is not None else None
        label = _store_label(store, focus) if isinstance(focus, URIRef) else None
        nl = next((str(m) for m in f.messages if m.language == "nl"), None)
        en = next((str(m) for m in f.messages if m.language == "en"), None)
        fallback = str(f.messages[0]) if f.messages else ""
        report.results.append(
            Result(
                severity=f.severity,
                focus=str(focus),
                focus_label=str(label) if label else "",
                path=_path(shapes, f.path, names),
                value=str(value)[:80] if value is not None else None,
                message_nl=nl or fallback,
                message_en=en or fallback,
                shape=str(f.shape),
                profile=profile,
            )
        )
        r = BNode()
        out.add((report_node, SH.result, r))
        out.add((r, RDF.type, SH.ValidationResult))
        out.add((r, SH.focusNode, focus))
        out.add((r, SH.resultSeverity, SH[f.severity]))
        out.add((r, SH.sourceShape, f.shape))
        if isinstance(f.path, URIRef):
            out.add((r, SH.resultPath, f.path))
        elif f.path is not None:
            inverse = BNode()
            out.add((r, SH.resultPath, inverse))
            out.add((inverse, SH.inversePath, shapes.value(f.path, SH.inversePath)))
        if value is not None:
            out.add((r, SH.value, value))
        for m in f.messages:
            out.add((r, SH.resultMessage, m))
    report.graphs.append(out)
    report.profiles.append(profile)


def _rdflib(term: ox.NamedNode | ox.Literal | ox.BlankNode) -> Node:
    if isinstance(term, ox.NamedNode):
        return URIRef(term.value)
    if isinstance(term, ox.BlankNode):
        return BNode(term.value)
    if term.language:
        return Literal(term.value, lang=term.language)
    if term.datatype == XSD_STRING:  # rdflib keeps simple literals apart from xsd:string ones; RDF 1.1 does not
        return Literal(term.value)
    return Literal(term.value, datatype=URIRef(term.datatype.value))


XSD_STRING = ox.NamedNode("http://www.w3.org/2001/XMLSchema#string")
