"""Municipalities (from the register), other organisations and people (curated)."""

from __future__ import annotations

from rdflib import Literal, URIRef

from kg.convert.codelists import ORG_KINDS, PROVINCE_CODES
from kg.convert.context import AGENTS, Context
from kg.convert.quantities import quantities
from kg.convert.resolve import Where
from kg.linking.matcher import METHOD_LABELS
from kg.names import slug
from kg.vocab import DCTERMS, FOAF, ORG, OWL, SCHEMA, SKOS, TOOI_GEMEENTE

REGISTER_SOURCE = "gemeenten-cbs"


def declare(ctx: Context) -> None:
    r = ctx.resolve
    for m in ctx.inputs.municipalities:
        id_ = slug(m.official_name)
        r.declare("municipality", id_, m.official_name)
        if m.display_name:
            r.name("municipality", id_, m.display_name)
    for i, o in enumerate(ctx.inputs.curated.organisations.organisations):
        r.declare("organisation", o.id, o.name, Where("organisations", ("organisations", i, "id")))
        for alt in o.alt_labels:
            r.name("organisation", o.id, alt.label)
    for i, p in enumerate(ctx.inputs.curated.people.people):
        r.declare("person", p.id, p.name, Where("people", ("people", i, "id")))
        for alt in p.alt_labels:
            r.name("person", p.id, alt.label)


def municipalities(ctx: Context) -> None:
    e, aeno = ctx.emit, ctx.aeno
    regions = _regions(ctx)
    ctx.scheme_label("organisation-kind", "Soorten organisaties", "Kinds of organisation")
    kind = ctx.code("organisation-kind", "gemeente", ORG_KINDS["gemeente"])
    with e.register():  # all of it is the register's: a row of gemeenten-cbs.csv and its safety region
        for m in ctx.inputs.municipalities:
            node = ctx.iris.thing("municipality", slug(m.official_name))
            e.typed(node, aeno.Municipality, ORG.Organization)
            e.label(node, m.official_name)
            if m.display_name:
                e.add(node, SKOS.altLabel, Literal(m.display_name, lang="nl"))
            e.add(node, DCTERMS.identifier, Literal(m.code))
            e.add(node, OWL.sameAs, URIRef(TOOI_GEMEENTE + m.code[2:]))
            e.add(node, ORG.classification, kind)
            e.add(node, FOAF.name, Literal(m.official_name))
            e.derived(node, [REGISTER_SOURCE])
            if m.safety_region in regions:
                region, province = regions[m.safety_region]
                e.add(node, aeno.safetyRegion, region)
                e.add(node, aeno.province, province)


def match_methods(ctx: Context) -> None:
    """The code list `kg link` names in every link it writes (aeno:matchMethod), published here so that a
    linkset's methods dereference to their definitions."""
    ctx.scheme_label("match-method", "Koppelmethoden", "Matching methods")
    for key, (nl, en, definition_nl, definition_en) in METHOD_LABELS.items():
        node = ctx.concept("match-method", key, nl, en)
        ctx.emit.add(node, SKOS.definition, Literal(definition_nl, lang="nl"))
        ctx.emit.add(node, SKOS.definition, Literal(definition_en, lang="en"))


def organisations(ctx: Context) -> None:
    e = ctx.emit
    for d in ctx.described("organisations", ctx.inputs.curated.organisations.organisations, "organisation"):
        o, where, node, spans, source = d.entry, d.where, d.node, d.spans, d.source
        types = [ORG.Organization]
        if o.kind in ("organisatieonderdeel", "bestuursorgaan"):
            types.append(ORG.OrganizationalUnit)
        elif o.kind != "jury":  # a jury is a group of people for one competition, not a legal entity
            types.append(ORG.FormalOrganization)
        e.typed(node, *types)
        name_span = ctx.name_span(o.name, spans)
        e.label(node, o.name, o.name_en, name_span)
        e.add(node, FOAF.name, Literal(o.name), name_span)
        e.add(node, ORG.classification, ctx.code("organisation-kind", o.kind, ORG_KINDS[o.kind]))
        e.derived(node, {s.source for s in spans})
        ctx.alt_labels(node, o.alt_labels, source, where.at("alt_labels"))
        ctx.quoted(node, DCTERMS.description, o.description, source, where.at("description"))
        quantities(ctx, node, o.quantities, source, where.at("quantities"))
        ctx.links(node, ORG.linkedTo, o.linked_to, AGENTS, source, where.at("linked_to"))
        if o.unit_of:
            parent = ctx.link(node, ORG.unitOf, o.unit_of, AGENTS, source, where.at("unit_of"))
            if parent is not None:
                ctx.inverse(node, ORG.unitOf, parent, ORG.hasUnit)
    _municipality_notes(ctx)


def _municipality_notes(ctx: Context) -> None:
    for i, m in enumerate(ctx.inputs.curated.organisations.municipalities):
        where = Where("organisations", ("municipalities", i))
        node = ctx.resolve.ref(m.id, ("municipality",), where.at("id"))
        spans = ctx.evidence_spans(m.evidence, where)
        if node is not None:
            ctx.emit.derived(node, {s.source for s in spans})
            ctx.alt_labels(node, m.alt_labels, m.evidence[0].source, where.at("alt_labels"))
            quantities(ctx, node, m.quantities, m.evidence[0].source, where.at("quantities"))


def people(ctx: Context) -> None:
    e, aeno = ctx.emit, ctx.aeno
    for d in ctx.described("people", ctx.inputs.curated.people.people, "person"):
        p, where, node, spans, source = d.entry, d.where, d.node, d.spans, d.source
        e.typed(node, FOAF.Person)
        name_span = ctx.name_span(p.name, spans)
        e.add(node, FOAF.name, Literal(p.name), name_span)
        e.label(node, p.name, None, name_span)
        e.derived(node, {s.source for s in spans})
        ctx.alt_labels(node, p.alt_labels, source, where.at("alt_labels"))
        if p.member_of:
            org = ctx.link(node, ORG.memberOf, p.member_of, AGENTS, source, where.at("member_of"))
            if org is not None:
                ctx.inverse(node, ORG.memberOf, org, ORG.hasMember)
        ctx.stated_text(node, SCHEMA.jobTitle, p.job_title, name_span)
        ctx.stated_text(node, aeno.role, p.role, name_span)
        if not p.member_of and not p.role:
            ctx.resolve.problem(where, f"{p.name}: give member_of (organisation) or, if the source names none, role")


def _regions(ctx: Context) -> dict[str, tuple[URIRef, URIRef]]:
    """The safety regions (from the reference table, with their VR code) and the provinces they lie in (with
    their CBS code); returns region code -> (region, province)."""
    e, aeno = ctx.emit, ctx.aeno
    table = ctx.inputs.regions_table
    out: dict[str, tuple[URIRef, URIRef]] = {}
    province_kind = ctx.code("organisation-kind", "provincie", ORG_KINDS["provincie"])
    region_kind = ctx.code("organisation-kind", "veiligheidsregio", ORG_KINDS["veiligheidsregio"])
    for r in ctx.inputs.regions:
        province = ctx.iris.thing("province", slug(r.province))
        region = ctx.iris.thing("safety-region", slug(r.name))
        with e.register():  # a row of veiligheidsregios.csv
            e.typed(province, aeno.Province, ORG.Organization)
            e.label(province, r.province)
            e.add(province, ORG.classification, province_kind)
            e.typed(region, aeno.SafetyRegion, ORG.Organization)
            e.add(region, ORG.classification, region_kind)
            e.label(region, f"Veiligheidsregio {r.name}", f"Safety region {r.name}")
            e.add(region, DCTERMS.identifier, Literal(r.code))
            e.add(region, aeno.province, province)
            if table is not None:
                e.derived(region, [table.id])
                e.derived(province, [table.id])
        if r.province in PROVINCE_CODES:  # the editors' table of CBS province codes, not the register's
            e.add(province, DCTERMS.identifier, Literal(PROVINCE_CODES[r.province]))
        out[r.code] = (region, province)
    return out
