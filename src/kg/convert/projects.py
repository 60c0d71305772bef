"""Programmes and projects: the project blocks and competition ideas the parsers read, with their curated
overlays, and the projects the pages only describe in running text."""

from __future__ import annotations

from rdflib import Literal, URIRef

from kg.convert.codelists import PROGRAMME_KINDS
from kg.convert.context import AGENTS, PEOPLE_OR_AGENTS, Context
from kg.convert.quantities import frequency, quantities
from kg.convert.resolve import Where
from kg.names import slug
from kg.read.curation.schema import PageDefault, Programme, ProjectOverlay, Ref
from kg.records import Idea, Located, ProjectBlock, Span
from kg.vocab import DCAT, DCTERMS, FOAF, RDFS, SCHEMA, SKOS, VCARD, XSD


def block_id(municipality_id: str, block: ProjectBlock) -> str:
    return f"{municipality_id}-{slug(block.title.value)}"


def declare(ctx: Context) -> dict[int, str]:
    """Declare programmes and projects; returns the id of each parsed project/idea (by object id)."""
    r = ctx.resolve
    for i, p in enumerate(ctx.inputs.curated.programmes.programmes):
        r.declare("programme", p.id, p.name, Where("programmes", ("programmes", i, "id")))
        for alt in p.alt_labels:
            r.name("programme", p.id, alt.label)
    ids: dict[int, str] = {}
    for block in ctx.extraction.projects:
        found = r.resolve_name(block.municipality, ("municipality",))
        if found:
            ids[id(block)] = block_id(found[0], block)
            r.declare("project", ids[id(block)], block.title.value, block.span)
    defaults = _defaults(ctx)
    for idea in ctx.extraction.ideas:
        found = r.resolve_name(idea.entrant, ("municipality", "organisation"))
        default = defaults.get(idea.span.source)
        if default is None or default.programme is None:
            r.problem(idea.span, f"no page default with a programme for source '{idea.span.source}' in projects.yaml")
            continue
        if found:
            ids[id(idea)] = f"{default.programme.id}-{found[0]}"
            r.declare("project", ids[id(idea)], idea.summary.value, idea.span)
    for i, p in enumerate(ctx.inputs.curated.projects.projects):
        r.declare("project", p.id, p.title, Where("projects", ("projects", i, "id")))
    return ids


def _defaults(ctx: Context) -> dict[str, PageDefault]:
    return {d.source: d for d in ctx.inputs.curated.projects.page_defaults}


def programmes(ctx: Context) -> None:
    e, aeno = ctx.emit, ctx.aeno
    ctx.scheme_label("programme-kind", "Soorten programma's", "Kinds of programme")
    for d in ctx.described("programmes", ctx.inputs.curated.programmes.programmes, "programme"):
        p, where, node, spans, source = d.entry, d.where, d.node, d.spans, d.source
        e.typed(node, aeno.Programme)
        read = ctx.name_span(p.name, spans)
        e.label(node, p.name, p.name_en, read)
        if read is not None:  # a composed name is a label, not the programme's title
            e.add(node, DCTERMS.title, Literal(p.name, lang="nl"), read)
        e.add(node, DCTERMS.type, ctx.code("programme-kind", p.kind, PROGRAMME_KINDS[p.kind]))
        e.derived(node, {s.source for s in spans})
        ctx.quoted(node, DCTERMS.description, p.description, source, where.at("description"))
        quantities(ctx, node, p.quantities, source, where.at("quantities"))
        frequency(ctx, node, p.frequency, source, where.at("frequency"))
        ctx.alt_labels(node, p.alt_labels, source, where.at("alt_labels"))
        ctx.links(node, aeno.organisedBy, p.organisers, AGENTS, source, where.at("organisers"))
        if p.jury:
            ctx.link(node, aeno.jury, p.jury, AGENTS, source, where.at("jury"))
        if p.due:
            ctx.dated(node, aeno.dueDate, p.due, source, where.at("due"))
        _audiences(ctx, node, p, source, where.at("audiences"))
        ctx.links(
            node,
            DCTERMS.relation,
            p.related,
            ("programme", "project"),
            source,
            where.at("related"),
        )
        ctx.period(
            node,
            str(p.start_year) if p.start_year else None,
            str(p.end_year) if p.end_year else None,
            spans[0] if spans else None,
        )


def _audiences(ctx: Context, node: URIRef, p: Programme, source: str, where: Where) -> None:
    """The groups a programme is for (schema:audience), each a schema:Audience named as the source names it,
    with its place in the order the source gives (schema:position)."""
    e = ctx.emit
    for i, a in enumerate(p.audiences):
        here = where.at(i)
        span = ctx.resolve.quote(a.source or source, a.quote, here.at("quote"))
        if span is None:
            continue
        audience = ctx.iris.thing("audience", f"{p.id}-{slug(a.name)}")
        e.typed(audience, SCHEMA.Audience)
        e.derived(audience, [span.source])
        e.label(audience, a.name, a.name_en, span)
        e.add(audience, SCHEMA.audienceType, Literal(a.name, lang="nl"), span)
        e.add(node, SCHEMA.audience, audience, span)
        position = Literal(a.position, datatype=XSD.integer)
        if a.position_rule:
            ctx.infer(audience, SCHEMA.position, position, a.position_rule, span, here.at("position_rule"))
        else:
            e.add(audience, SCHEMA.position, position, span)


def projects(ctx: Context, ids: dict[int, str]) -> None:
    overlays = _overlays(ctx, ids)
    defaults = _defaults(ctx)
    for block in ctx.extraction.projects:
        if id(block) in ids:
            node = _block(ctx, ids[id(block)], block)
            _apply(ctx, node, block.span.source, defaults.get(block.span.source), overlays.get(ids[id(block)]))
    for idea in ctx.extraction.ideas:
        if id(idea) in ids:
            node = _idea(ctx, ids[id(idea)], idea)
            _apply(ctx, node, idea.span.source, defaults.get(idea.span.source), overlays.get(ids[id(idea)]))
    _curated(ctx)


def _page_wide(ref: Ref) -> Ref:
    return ref if ref.rule else ref.model_copy(update={"rule": "hele-pagina"})


def _overlays(ctx: Context, ids: dict[int, str]) -> dict[str, tuple[int, ProjectOverlay]]:
    derived = set(ids.values())
    out = {}
    for i, o in enumerate(ctx.inputs.curated.projects.overlays):
        if o.id not in derived:
            ctx.resolve.problem(
                Where("projects", ("overlays", i, "id")),
                f"no parsed project has id '{o.id}'; parsed ids: {', '.join(sorted(derived))}",
            )
        out[o.id] = (i, o)
    return out


def _project_node(ctx: Context, id_: str, source: str) -> URIRef:
    node = ctx.iris.thing("project", id_)
    ctx.emit.typed(node, ctx.aeno.Project)
    ctx.emit.derived(node, [source])
    return node


def _carried_out_by(ctx: Context, node: URIRef, name: Located[str], kinds: tuple[str, ...]) -> URIRef | None:
    """Link the project to the organisation a page names, keeping a variant spelling as skos:altLabel."""
    found = ctx.resolve.resolve_name(name, kinds)
    if not found:
        return None
    org = ctx.resolve.entries[found[0]].iri
    ctx.emit.add(node, ctx.aeno.carriedOutBy, org, name.span)
    ctx.emit.derived(org, [name.span.source])
    return org


def _block(ctx: Context, id_: str, b: ProjectBlock) -> URIRef:
    e = ctx.emit
    node = _project_node(ctx, id_, b.span.source)
    e.label(node, b.title.value, None, b.title.span)
    e.add(node, DCTERMS.title, Literal(b.title.value, lang="nl"), b.title.span)
    e.add(node, DCTERMS.description, Literal(b.description.value, lang="nl"), b.description.span)
    e.add(node, SCHEMA.startDate, Literal(b.start.value, datatype=XSD.date), b.start.span)
    e.add(node, SCHEMA.endDate, Literal(b.end.value, datatype=XSD.date), b.end.span)
    _carried_out_by(ctx, node, b.municipality, ("municipality",))
    if b.contact:
        _contact(ctx, node, b)
    for d in b.downloads:
        doc = ctx.iris.thing("document", f"{id_}-{slug(d.value)}")
        e.typed(doc, FOAF.Document, SCHEMA.DigitalDocument)
        e.label(doc, d.value, None, d.span)
        e.add(doc, DCTERMS.title, Literal(d.value, lang="nl"), d.span)
        e.derived(doc, [d.span.source])
        e.add(node, ctx.aeno.hasDownload, doc, d.span)
    return node


def _contact(ctx: Context, node: URIRef, b: ProjectBlock) -> None:
    e, c = ctx.emit, b.contact
    assert c is not None
    found = ctx.resolve.resolve_name(c.name, ("person",))
    if not found:
        return
    person = ctx.resolve.entries[found[0]].iri
    e.typed(person, VCARD.Individual)
    e.add(node, DCAT.contactPoint, person, c.span)
    e.add(person, VCARD.fn, Literal(c.name.value), c.name.span)
    if c.email:
        e.add(person, VCARD.hasEmail, URIRef(f"mailto:{c.email.value}"), c.email.span)
    if c.phone:
        e.add(person, VCARD.hasTelephone, URIRef(f"tel:{c.phone.value}"), c.phone.span)
    e.derived(person, [c.span.source])


def _idea(ctx: Context, id_: str, idea: Idea) -> URIRef:
    e = ctx.emit
    node = _project_node(ctx, id_, idea.span.source)
    e.add(node, DCTERMS.title, Literal(idea.summary.value, lang="nl"), idea.summary.span)
    e.add(node, DCTERMS.description, Literal(idea.description.value, lang="nl"), idea.description.span)
    org = _carried_out_by(ctx, node, idea.entrant, ("municipality", "organisation"))
    if org is not None and idea.caption is not None:
        _caption_variant(ctx, org, idea.entrant, idea.caption)
    return node


def _caption_variant(ctx: Context, org: URIRef, entrant: Located[str], caption: Located[str]) -> None:
    """A caption spelled differently from the entrant's name is a misspelling of that name ("Brergen op Zoom"):
    kept as skos:hiddenLabel, so that search finds it and no page offers it as a name."""
    text, span = caption.value, caption.span
    for prefix in ("Gemeente ", "gemeente "):
        if text.startswith(prefix):
            text, span = text[len(prefix) :], Span(span.source, span.start + len(prefix), span.end)
    found = ctx.resolve.resolve_name(Located(text, span), ("municipality", "organisation"))
    if not found or ctx.resolve.entries[found[0]].iri != org:
        ctx.resolve.problem(caption.span, f"caption '{caption.value}' does not name the entrant '{entrant.value}'")
        return
    if text not in (ctx.resolve.entries[found[0]].label, entrant.value):
        ctx.emit.add(org, SKOS.hiddenLabel, Literal(text, lang="nl"), span)


def _apply(
    ctx: Context, node: URIRef, source: str, default: PageDefault | None, overlay: tuple[int, ProjectOverlay] | None
) -> None:
    """Add what holds for every project of the page, then the project's own curated overlay."""
    e, aeno = ctx.emit, ctx.aeno
    if default:
        # what a page says of all it lists holds for each item: inferred by that rule, unless the ref names another
        where = Where("projects", ("page_defaults", ctx.inputs.curated.projects.page_defaults.index(default)))
        if default.programme:
            ctx.link(node, aeno.programme, _page_wide(default.programme), ("programme",), source, where.at("programme"))
        ctx.subjects(node, [_page_wide(t) for t in default.themes], source, where.at("themes"))
        if default.award:
            span = ctx.resolve.quote(source, default.award_quote or "", where.at("award_quote"))
            award = Literal(default.award.nl, lang="nl")
            if span is not None:
                ctx.infer(node, SCHEMA.award, award, "hele-pagina", span)
            if default.award.en:
                e.add(node, SCHEMA.award, Literal(default.award.en, lang="en"))
    if overlay is not None:
        i, o = overlay
        where = Where("projects", ("overlays", i))
        ctx.lang_text(node, RDFS.label, o.label)
        ctx.alt_labels(node, o.alt_labels, source, where.at("alt_labels"))
        quantities(ctx, node, o.quantities, source, where.at("quantities"))
        ctx.subjects(node, o.themes, source, where.at("themes"))
        ctx.links(node, aeno.carriedOutBy, o.carried_out_by, AGENTS, source, where.at("carried_out_by"))
        ctx.links(
            node,
            DCTERMS.relation,
            o.related,
            ("programme", "project", "publication"),
            source,
            where.at("related"),
        )
    if (node, RDFS.label, None) not in e.graph:
        title = e.graph.value(node, DCTERMS.title)
        if title is not None:
            e.label(node, str(title))


def _curated(ctx: Context) -> None:
    e, aeno = ctx.emit, ctx.aeno
    for i, p in enumerate(ctx.inputs.curated.projects.projects):
        where = Where("projects", ("projects", i))
        spans = ctx.evidence_spans(p.evidence, where)
        source = p.evidence[0].source
        node = _project_node(ctx, p.id, source)
        e.derived(node, {s.source for s in spans})
        read = ctx.name_span(p.title, spans)
        e.add(node, DCTERMS.title, Literal(p.title, lang="nl"), read)
        if p.label:
            ctx.lang_text(node, RDFS.label, p.label)
        else:
            e.label(node, p.title, None, read)
        ctx.quoted(node, DCTERMS.description, p.description, source, where.at("description"))
        quantities(ctx, node, p.quantities, source, where.at("quantities"))
        ctx.links(node, aeno.carriedOutBy, p.carried_out_by, AGENTS, source, where.at("carried_out_by"))
        ctx.links(node, aeno.supportedBy, p.supported_by, AGENTS, source, where.at("supported_by"))
        ctx.links(
            node,
            SCHEMA.contributor,
            p.participants,
            PEOPLE_OR_AGENTS,
            source,
            where.at("participants"),
        )
        ctx.subjects(node, p.themes, source, where.at("themes"))
        ctx.links(
            node,
            DCTERMS.relation,
            p.related,
            ("programme", "project", "publication"),
            source,
            where.at("related"),
        )
        if p.programme:
            ctx.link(node, aeno.programme, p.programme, ("programme",), source, where.at("programme"))
