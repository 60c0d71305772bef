"""Linksets taken into the build: data/linksets/*.ttl, as written by `kg link` (and reviewed).

Each is checked (valid Turtle; one linkset description {base}id/linkset/NAME; the linkset shapes; every link
points at a municipality this graph publishes) and then published three ways: its links in the store as
the named graph {base}id/linkset/NAME (query them with GRAPH or FROM NAMED), its VoID description in the
graph itself (so the linkset's IRI dereferences and the dataset lists it as a void:subset), and the file
as a download.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from rdflib import Graph, URIRef

from kg.errors import DataError, Problem
from kg.project import Project
from kg.validate import load_linkset_shapes, validate_linkset
from kg.vocab import OWL, RDF, SKOS, VOID

LINK_PREDICATES = (OWL.sameAs, SKOS.exactMatch)


@dataclass(frozen=True)
class Linkset:
    name: str
    iri: URIRef  # also the name of the graph its links are loaded into
    path: Path
    graph: Graph  # everything in the file
    description: Graph  # the VoID description only (goes into the main graph)
    links: int


def linkset_dir(project: Project) -> Path:
    return project.root / "data" / "linksets"


def load_linksets(project: Project, municipalities: set) -> list[Linkset]:
    """Read and check every linkset of the project (its links must point at one of `municipalities`, those
    the graph publishes); raise DataError listing all problems."""
    folder = linkset_dir(project)
    if not folder.is_dir():
        return []
    iris = project.iris
    prefix = str(iris.thing("linkset", ""))
    shapes = None
    problems: list[Problem] = []
    found: list[Linkset] = []
    names: dict[str, Path] = {}
    for path in sorted(folder.glob("*.ttl")):
        g = Graph()
        try:
            g.parse(path, format="turtle")
        except Exception as exc:  # rdflib raises several types for bad Turtle
            problems.append(Problem(path, getattr(exc, "lines", None), None, f"not valid Turtle: {exc}"))
            continue
        heads = sorted(
            {s for s in g.subjects(VOID.subset, None) if isinstance(s, URIRef) and str(s).startswith(prefix)}
        )
        elsewhere = sorted(
            {str(s) for s in g.subjects(VOID.subset, None) if "/id/linkset/" in str(s)} - set(map(str, heads))
        )
        if not heads and elsewhere:
            problems.append(
                Problem(
                    path,
                    None,
                    None,
                    f"this linkset was made for another base (it is {elsewhere[0]}; this project's base is "
                    f"{project.base}); run kg link again in this project",
                )
            )
            continue
        if len(heads) != 1:
            problems.append(
                Problem(
                    path,
                    None,
                    None,
                    f"expected one linkset description {prefix}NAME with void:subset, found {len(heads)}",
                )
            )
            continue
        head = heads[0]
        name = str(head)[len(prefix) :]
        if name in names:
            problems.append(Problem(path, None, None, f"linkset {name} is also in {names[name].name}"))
            continue
        names[name] = path
        shapes = shapes if shapes is not None else load_linkset_shapes(project.shapes_dir, project.iris)
        report = validate_linkset(g, shapes, iris)
        for r in report.results:
            if r.severity == "Violation":
                problems.append(Problem(path, None, r.path, f"{r.focus}: {r.message_en}"))
        links = [(s, p, o) for p in LINK_PREDICATES for s, o in g.subject_objects(p)]
        for subset in sorted(g.objects(head, VOID.subset)):
            predicate, stated = g.value(subset, VOID.linkPredicate), g.value(subset, VOID.triples)
            actual = sum(1 for _, p, _ in links if p == predicate)
            if stated is not None and str(stated) != str(actual):
                problems.append(
                    Problem(path, None, "void:triples", f"{subset} says {stated} links; there are {actual}")
                )
        for s, p, o in sorted(links):
            if o not in municipalities:
                problems.append(
                    Problem(
                        path,
                        None,
                        None,
                        f"<{s}> {g.qname(p)} <{o}>: not a municipality of this graph "
                        f"(was the linkset made with another base than {project.base}?)",
                    )
                )
                break
        found.append(Linkset(name, head, path, g, _description(g), len(links)))
    if problems:
        raise DataError(problems)
    return found


def _description(g: Graph) -> Graph:
    """The linkset's VoID description: all but the links and their reified statements."""
    statements = set(g.subjects(RDF.type, RDF.Statement))
    out = Graph()
    for s, p, o in g:
        if p in LINK_PREDICATES or s in statements:
            continue
        out.add((s, p, o))
    return out
