"""Validation: graph + shapes -> report.

Two runs with pySHACL, both without inference (the build materialises superclass types) and without network
access (shapes are local files; NL-SBB's owl:imports are not followed):

1. the project's shapes (shapes/*.ttl) over the whole graph;
2. the official NL-SBB profile (shapes/reference/skos-ap-nl.ttl) over the theme scheme and its concepts.
   The TOOI and EU concepts they are matched to are in the graph (typed, labelled) so the matching relations
   can be checked, but they are not focus nodes: their definitions are their publishers' business.

Conformance is decided here from the severities of the results (any sh:Violation fails), not from pySHACL's
`conforms` flag, which `allow_warnings` can set to True although Violations exist.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import pyshacl
from rdflib import Graph, Literal, URIRef
from rdflib.term import Node

from kg.errors import KGError
from kg.iris import Iris
from kg.ontology import load_turtle
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
        out = Graph()
        for g in self.graphs:
            out += g
        return out


def load_shapes(shapes_dir: Path, base: str) -> tuple[Graph, Graph | None]:
    """The project's shapes, and the NL-SBB profile if the project has it."""
    own = load_turtle(sorted(shapes_dir.glob("*.ttl")), base)
    nlsbb_path = shapes_dir / "reference" / "skos-ap-nl.ttl"
    nlsbb = Graph().parse(nlsbb_path, format="turtle") if nlsbb_path.exists() else None
    return own, nlsbb


def load_linkset_shapes(shapes_dir: Path, base: str) -> Graph:
    """The shapes of a linkset (shapes/linkset/), kept apart from the graph's: a linkset is its own graph."""
    return load_turtle(sorted((shapes_dir / "linkset").glob("*.ttl")), base)


def validate_linkset(data: Graph, shapes: Graph, iris: Iris) -> Report:
    report = Report()
    _run(
        report,
        data,
        shapes,
        None,
        "aeno-linkset-shapes",
        sorted(prefixes(iris.base).items(), key=lambda kv: -len(kv[1])),
    )
    return report


def validate(data: Graph, shapes: Graph, nlsbb: Graph | None, iris: Iris) -> Report:
    report = Report()
    names = sorted(prefixes(iris.base).items(), key=lambda kv: -len(kv[1]))
    _run(report, data, shapes, None, "aeno-shapes", names)
    if nlsbb is not None:
        scheme = iris.scheme("theme")
        focus = [scheme, *sorted(data.subjects(SKOS.inScheme, scheme))]
        _run(report, data, nlsbb, focus, "NL-SBB skos-ap-nl", names)
    return report


def _run(
    report: Report, data: Graph, shapes: Graph, focus: list[Node] | None, profile: str, names: list[tuple[str, str]]
) -> None:
    try:
        _, graph, _ = pyshacl.validate(
            data,
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
