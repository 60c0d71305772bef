"""Conversion: records (extraction, curated data, register) -> one RDF graph.

Every id is declared first, so references can point forward and across files; then each area emits its
triples; then all problems found on the way (unknown ids, quotes not in their source, names that resolve to
nothing) are raised together, each with its file, line and field.
"""

from __future__ import annotations

from pathlib import Path

from rdflib import Graph, URIRef

from kg.convert import agents, figures, projects, retired, sources, themes, works
from kg.convert.context import Context
from kg.convert.editorial import Marker
from kg.convert.emit import Emitter, Triples
from kg.convert.resolve import Resolver
from kg.convert.sortedlines import SortedLines
from kg.iris import Iris
from kg.read.inputs import Inputs
from kg.records import Extraction
from kg.vocab import RDFS


def superclass_closure(ontology: Graph) -> dict[URIRef, set[URIRef]]:
    """Class -> all its (named) superclasses, following rdfs:subClassOf transitively."""
    direct: dict[URIRef, set[URIRef]] = {}
    for sub, sup in ontology.subject_objects(RDFS.subClassOf):
        if isinstance(sub, URIRef) and isinstance(sup, URIRef):
            direct.setdefault(sub, set()).add(sup)
    closure: dict[URIRef, set[URIRef]] = {}
    for cls in direct:
        seen: set[URIRef] = set()
        todo = list(direct[cls])
        while todo:
            c = todo.pop()
            if c not in seen:
                seen.add(c)
                todo.extend(direct.get(c, ()))
        closure[cls] = seen
    return closure


def counted_as(ontology: Graph, iris: Iris) -> dict[str, frozenset[str]]:
    """Count property -> the nouns for what it counts (aeno:countedAs): a stated number is recorded with a count
    property only where its passage names one of them (kg.convert.quantities)."""
    out: dict[str, set[str]] = {}
    for p, noun in ontology.subject_objects(iris.aeno.countedAs):
        out.setdefault(str(p), set()).add(str(noun))
    return {p: frozenset(nouns) for p, nouns in out.items()}


def to_triples(
    inputs: Inputs,
    extraction: Extraction,
    ontology: Graph,
    lines: SortedLines | None = None,
    scratch: Path | None = None,
) -> Triples:
    """The graph of the records, sent to `lines` (sorted N-Triples) as it is made; the returned Triples takes
    more (the ontology, linksets) and knows the municipalities. Scratch files go to `scratch`."""
    iris = inputs.project.iris
    graph = Triples(lines if lines is not None else SortedLines(scratch=scratch), classes=[iris.aeno.Municipality])
    graph.mark(Marker(iris, scratch))
    emit = Emitter(iris, inputs.texts, superclass_closure(ontology), graph)
    where = {**inputs.curated.lines, "sources": inputs.manifest_lines}  # file -> line numbers, for problems
    sources_dir = inputs.project.sources_dir.relative_to(inputs.project.root)
    resolver = Resolver(iris, inputs.texts, where, str(sources_dir))
    ctx = Context(inputs, extraction, emit, resolver, counted_as(ontology, iris))

    try:
        agents.declare(ctx)
        themes.declare(ctx)
        parsed_ids = projects.declare(ctx)
        works.declare(ctx)

        sources.sources(ctx)
        agents.municipalities(ctx)
        agents.match_methods(ctx)
        agents.organisations(ctx)
        agents.people(ctx)
        themes.themes(ctx)
        projects.programmes(ctx)
        projects.projects(ctx, parsed_ids)
        works.publications(ctx)
        works.events(ctx)
        figures.figures(ctx)
        retired.retired(ctx)

        ctx.resolve.check()
        graph.end_marking(emit.outside)
    except BaseException:
        graph.close()  # no scratch file left open, whatever stopped conversion
        raise
    return graph
