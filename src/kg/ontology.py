"""Loading the project's ontology and shapes (Turtle), with their IRIs moved to the configured base.

The files are written with the default base (https://w3id.org/aeno-kg/). A project configured with another
base gets every IRI under the default base rewritten, including IRIs held in literals typed xsd:anyURI
(sh:namespace declarations) and in SPARQL strings of SHACL constraints.
"""

from __future__ import annotations

from pathlib import Path

from rdflib import Graph, Literal, URIRef
from rdflib.term import Node

from kg.defaults import DEFAULT_BASE
from kg.errors import DataError, Problem
from kg.iris import Iris
from kg.vocab import XSD


def load_turtle(paths: list[Path], iris: Iris) -> Graph:
    graph = Graph()
    problems = []
    for path in paths:
        try:
            graph.parse(path, format="turtle")
        except Exception as exc:  # rdflib raises several types for bad Turtle
            problems.append(Problem(path, getattr(exc, "lines", None), None, f"not valid Turtle: {exc}"))
    if problems:
        raise DataError(problems)
    return rebase(graph, DEFAULT_BASE, iris.base) if iris.base != DEFAULT_BASE else graph


def load_ontology(folder: Path, iris: Iris) -> Graph:
    return load_turtle(sorted(folder.glob("*.ttl")), iris)


def rebase(graph: Graph, old: str, new: str) -> Graph:
    out = Graph()
    for prefix, ns in graph.namespaces():
        out.bind(prefix, URIRef(str(ns).replace(old, new, 1)) if str(ns).startswith(old) else ns, replace=True)
    for s, p, o in graph:
        out.add((_move(s, old, new), _move(p, old, new), _move(o, old, new)))
    return out


def _move(node: Node, old: str, new: str) -> Node:
    if isinstance(node, URIRef) and str(node).startswith(old):
        return URIRef(new + str(node)[len(old) :])
    if isinstance(node, Literal) and old in str(node) and (node.datatype in (XSD.anyURI, None, XSD.string)):
        return Literal(str(node).replace(old, new), lang=node.language, datatype=node.datatype)
    return node
