"""rdflib terms as Oxigraph terms: conversion builds rdflib terms, and the N-Triples it writes are Oxigraph's
serialisation of them (one canonical form per term, so that the sorted dump is byte-stable)."""

from __future__ import annotations

import pyoxigraph as ox
from rdflib import BNode, Literal, URIRef
from rdflib.term import Node


def to_oxigraph(node: Node) -> ox.NamedNode | ox.BlankNode | ox.Literal:
    if isinstance(node, URIRef):
        return ox.NamedNode(node)
    if isinstance(node, BNode):
        return ox.BlankNode(node)
    if isinstance(node, Literal):
        if node.language:
            return ox.Literal(str(node), language=node.language)
        if node.datatype is not None:
            return ox.Literal(str(node), datatype=ox.NamedNode(node.datatype))
        return ox.Literal(str(node))
    raise TypeError(f"not an RDF term: {node!r}")
