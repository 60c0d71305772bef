"""Publications and events."""

from __future__ import annotations

from rdflib import Literal, URIRef

from kg.convert.codelists import PUBLICATION_KINDS
from kg.convert.context import AGENTS, ANYTHING, PEOPLE_OR_AGENTS, Context
from kg.convert.quantities import frequency, quantities
from kg.convert.resolve import Where
from kg.names import slug
from kg.read.curation.schema import EventOverlay, Rescheduled
from kg.records import DatedEvent, Span
from kg.vocab import DCTERMS, FOAF, SCHEMA, XSD


def event_id(event: DatedEvent) -> str:
    return f"{event.date.value.isoformat()}-{slug(event.title.value)}"


def declare(ctx: Context) -> None:
    r = ctx.resolve
    for i, p in enumerate(ctx.inputs.curated.publications.publications):
        r.declare("publication", p.id, p.title, Where("publications", ("publications", i, "id")))
        for alt in p.alt_labels:
            r.name("publication", p.id, alt.label)
    for ev in ctx.extraction.events:
        r.declare("event", event_id(ev), ev.title.value, ev.span)
    for i, ev in enumerate(ctx.inputs.curated.events.events):
        r.declare("event", ev.id, ev.title, Where("events", ("events", i, "id")))


def publications(ctx: Context) -> None:
    e, aeno = ctx.emit, ctx.aeno
    ctx.scheme_label("publication-kind", "Soorten publicaties", "Kinds of publication")
    for d in ctx.described("publications", ctx.inputs.curated.publications.publications, "publication"):
        p, where, node, spans, source = d.entry, d.where, d.node, d.spans, d.source
        e.typed(node, aeno.Publication)
        read = ctx.name_span(p.title, spans)
        e.label(node, p.title, None, read)
        if read is not None:  # a composed name ("Trendstudie van Platform31 voor de G32") is a label only
            e.add(node, DCTERMS.title, Literal(p.title, lang="nl"), read)
        e.add(node, DCTERMS.type, ctx.code("publication-kind", p.kind, PUBLICATION_KINDS[p.kind]))
        e.derived(node, {s.source for s in spans})
        loc = where.loc
        ctx.quoted(node, DCTERMS.description, p.description, source, Where(where.file, (*loc, "description")))
        if p.issued:
            ctx.dated(node, DCTERMS.issued, p.issued, source, Where(where.file, (*loc, "issued")))
        frequency(ctx, node, p.frequency, source, Where(where.file, (*loc, "frequency")))
        ctx.links(node, DCTERMS.creator, p.creators, PEOPLE_OR_AGENTS, source, Where(where.file, (*loc, "creators")))
        ctx.links(
            node, aeno.commissionedBy, p.commissioned_by, AGENTS, source, Where(where.file, (*loc, "commissioned_by"))
        )
        ctx.links(
            node,
            SCHEMA.contributor,
            p.contributors,
            PEOPLE_OR_AGENTS,
            source,
            Where(where.file, (*loc, "contributors")),
        )
        ctx.alt_labels(node, p.alt_labels, source, Where(where.file, (*loc, "alt_labels")))
        ctx.links(node, SCHEMA.about, p.about, ANYTHING, source, Where(where.file, (*loc, "about")))
        ctx.links(
            node,
            DCTERMS.relation,
            p.related,
            ("publication", "project", "programme"),
            source,
            Where(where.file, (*loc, "related")),
        )
        ctx.subjects(node, p.themes, source, Where(where.file, (*loc, "themes")))
        if p.part_of:
            part_of = ctx.link(
                node, DCTERMS.isPartOf, p.part_of, ("publication",), source, Where(where.file, (*loc, "part_of"))
            )
            if part_of is not None:
                ctx.inverse(node, DCTERMS.isPartOf, part_of, DCTERMS.hasPart)
        for j, d in enumerate(p.downloads):
            doc = ctx.iris.thing("document", f"{p.id}-{slug(d.label)}")
            span = ctx.resolve.quote(d.source or source, d.quote, Where(where.file, (*loc, "downloads", j, "quote")))
            e.typed(doc, FOAF.Document)
            e.label(doc, d.label, None, span)
            e.add(doc, DCTERMS.title, Literal(d.label, lang="nl"), span)
            e.add(node, aeno.hasDownload, doc, span)
            e.derived(doc, [span.source] if span else [])
        if p.is_source:
            if p.is_source not in ctx.inputs.texts:
                ctx.resolve.problem(Where(where.file, (*loc, "is_source")), f"unknown source '{p.is_source}'")
            else:
                e.add(node, DCTERMS.hasFormat, ctx.iris.thing("source", p.is_source))


def events(ctx: Context) -> None:
    overlays: dict[str, tuple[int, EventOverlay]] = {}
    parsed = {event_id(ev) for ev in ctx.extraction.events}
    for i, o in enumerate(ctx.inputs.curated.events.overlays):
        if o.id not in parsed:
            ctx.resolve.problem(
                Where("events", ("overlays", i, "id")),
                f"no parsed event has id '{o.id}'; parsed ids: {', '.join(sorted(parsed))}",
            )
        overlays[o.id] = (i, o)
    for ev in ctx.extraction.events:
        node = _parsed_event(ctx, ev)
        if event_id(ev) in overlays:
            i, o = overlays[event_id(ev)]
            _event_links(ctx, node, o, ev.span.source, Where("events", ("overlays", i)))
    for d in ctx.described("events", ctx.inputs.curated.events.events, "event"):
        ev, where, node, spans, source = d.entry, d.where, d.node, d.spans, d.source
        first = spans[0] if spans else None
        e = ctx.emit
        e.typed(node, ctx.aeno.Event)
        read = ctx.name_span(ev.title, spans)
        e.label(node, ev.title, None, read)
        e.add(node, SCHEMA.name, Literal(ev.title, lang="nl"), read)
        e.derived(node, {s.source for s in spans})
        stated = ev.date or ev.month or ev.year  # a day, a month or a year, as far as the source says
        ctx.period(node, str(stated) if stated else None, None, first)
        if ev.expected_year is not None and ev.rescheduled is not None:
            _rescheduled(ctx, node, ev.expected_year, ev.rescheduled, first)
        ctx.quoted(node, DCTERMS.description, ev.description, source, where.at("description"))
        quantities(ctx, node, ev.quantities, source, where.at("quantities"))
        _event_links(ctx, node, ev, source, where)


def _rescheduled(ctx: Context, node: URIRef, expected: int, rescheduled: Rescheduled, span: Span | None) -> None:
    """An event the source expected in one year that happened later: the source's year is read (as
    schema:previousStartDate, a year as the source gives it); the date it did happen and the status are the
    editors', each with the outside document that supports them."""
    e = ctx.emit
    e.add(node, SCHEMA.previousStartDate, Literal(str(expected), datatype=XSD.gYear), span)
    document = ctx.outside_document(rescheduled.source)
    e.label(SCHEMA.EventRescheduled, "verplaatst", "rescheduled")
    for p, o in (
        (SCHEMA.startDate, Literal(rescheduled.date.isoformat(), datatype=XSD.date)),
        (SCHEMA.eventStatus, SCHEMA.EventRescheduled),
    ):
        e.add(node, p, o)
        e.outside[(node, p, o)] = [document]


def _parsed_event(ctx: Context, ev: DatedEvent) -> URIRef:
    e = ctx.emit
    node = ctx.iris.thing("event", event_id(ev))
    e.typed(node, ctx.aeno.Event)
    e.derived(node, [ev.span.source])
    e.label(node, ev.title.value, None, ev.title.span)
    e.add(node, SCHEMA.name, Literal(ev.title.value, lang="nl"), ev.title.span)
    e.add(node, SCHEMA.startDate, Literal(ev.date.value, datatype=XSD.date), ev.date.span)
    for q in ev.questions:
        e.add(node, ctx.aeno.question, Literal(q.value, lang="nl"), q.span)
    return node


def _event_links(ctx: Context, node: URIRef, ev, source: str, where: Where) -> None:  # noqa: ANN001
    ctx.links(node, SCHEMA.organizer, ev.organisers, AGENTS, source, where.at("organisers"))
    ctx.subjects(node, ev.themes, source, where.at("themes"))
    if ev.programme:
        ctx.link(node, ctx.aeno.programme, ev.programme, ("programme",), source, where.at("programme"))
