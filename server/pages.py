"""Pages for people: the home page, browse pages (as the fund's own site offers: projects per theme and per
municipality, themes, municipalities, organisations, people, programmes, publications, events) and search.
All server-rendered and usable without JavaScript."""

from __future__ import annotations

import datetime as dt
import math
import re
from dataclasses import dataclass, field
from decimal import Decimal

from flask import Blueprint, Response, jsonify, render_template, request
from markupsafe import Markup, escape

from kg import mediatypes
from kg.dutch import counted, date_text, number_text
from kg.names import fold
from kg.publish import search as fts
from kg.server import data, links
from kg.server.errors import Problem, page_number
from kg.server.state import state
from kg.server.timeline import Period, layout, narrow_layout

bp = Blueprint("pages", __name__)


def projects_query(where: tuple[str, ...] = (), bound: tuple[str, ...] = ()) -> str:
    """The projects with their period, organisations and programme, in label order. `where` narrows them
    (patterns about ?p); `bound` names the variables of `where` the caller binds, which are projected and grouped
    by too (pyoxigraph binds only projected variables)."""
    keys = " ".join([*(f"?{name}" for name in bound), "?p", "?label"])
    return f"""
SELECT {keys} (MIN(?s) AS ?start) (MIN(?e) AS ?end)
       (GROUP_CONCAT(DISTINCT ?orgLabel; {data.LIST_SEPARATOR}) AS ?orgs) (MIN(?progLabel) AS ?programme) WHERE {{
  ?p a aeno:Project ; rdfs:label ?label . FILTER (LANG(?label) = "nl")
  OPTIONAL {{ ?p schema:startDate ?s }} OPTIONAL {{ ?p schema:endDate ?e }}
  OPTIONAL {{ ?p aeno:carriedOutBy|aeno:supportedBy ?org . ?org rdfs:label ?orgLabel FILTER (LANG(?orgLabel) = "nl") }}
  OPTIONAL {{ ?p aeno:programme/rdfs:label ?progLabel FILTER (LANG(?progLabel) = "nl") }}
  {" ".join(where)}
}} GROUP BY {keys} ORDER BY ?label"""


LISTS = {
    "gemeenten": (
        "Gemeenten",
        """
        SELECT ?x ?label ?code (MIN(?pl) AS ?province) (COUNT(DISTINCT ?p) AS ?projects) WHERE {
          ?x a aeno:Municipality ; rdfs:label ?label ; dcterms:identifier ?code . FILTER (LANG(?label) = "nl")
          OPTIONAL { ?x aeno:province/rdfs:label ?pl FILTER (LANG(?pl) = "nl") }
          OPTIONAL { ?p a aeno:Project ; aeno:carriedOutBy ?x }
        } GROUP BY ?x ?label ?code ORDER BY DESC(?projects) ?label""",
        ["label", "code", "province", "projects"],
        ["Gemeente", "CBS-code", "Provincie", "Projecten"],
    ),
    "organisaties": (
        "Organisaties",
        """
        SELECT ?x ?label (MIN(?k) AS ?kind) (MIN(?parentLabel) AS ?partOf) WHERE {
          ?x a org:Organization ; rdfs:label ?label . FILTER (LANG(?label) = "nl")
          FILTER NOT EXISTS { ?x a ?register VALUES ?register { aeno:Municipality aeno:Province aeno:SafetyRegion } }
          OPTIONAL { ?x org:classification/rdfs:label ?k FILTER (LANG(?k) = "nl") }
          OPTIONAL { ?x org:unitOf/rdfs:label ?parentLabel FILTER (LANG(?parentLabel) = "nl") }
        } GROUP BY ?x ?label ORDER BY ?label""",
        ["label", "kind", "partOf"],
        ["Organisatie", "Soort", "Onderdeel van"],
    ),
    "personen": (
        "Personen",
        """
        SELECT ?x ?label (MIN(?f) AS ?function) (MIN(?o) AS ?organisation) WHERE {
          ?x a foaf:Person ; foaf:name ?label .
          OPTIONAL { ?x schema:jobTitle ?f FILTER (LANG(?f) = "nl") }
          OPTIONAL { ?x org:memberOf/rdfs:label ?o FILTER (LANG(?o) = "nl") }
        } GROUP BY ?x ?label ORDER BY ?label""",
        ["label", "function", "organisation"],
        ["Naam", "Functie", "Organisatie"],
    ),
    "programmas": (
        "Programma's",
        """
        SELECT ?x ?label (MIN(?k) AS ?kind) (COUNT(DISTINCT ?p) AS ?projects) WHERE {
          ?x a aeno:Programme ; rdfs:label ?label . FILTER (LANG(?label) = "nl")
          OPTIONAL { ?x dcterms:type/rdfs:label ?k FILTER (LANG(?k) = "nl") }
          OPTIONAL { ?p aeno:programme ?x }
        } GROUP BY ?x ?label ORDER BY ?label""",
        ["label", "kind", "projects"],
        ["Programma", "Soort", "Projecten en bijeenkomsten"],
    ),
    "publicaties": (
        "Publicaties",
        f"""
        SELECT ?x ?label (MIN(?k) AS ?kind) (GROUP_CONCAT(DISTINCT ?c; {data.LIST_SEPARATOR}) AS ?makers) WHERE {{
          ?x a aeno:Publication ; rdfs:label ?label . FILTER (LANG(?label) = "nl")
          OPTIONAL {{ ?x dcterms:type/rdfs:label ?k FILTER (LANG(?k) = "nl") }}
          OPTIONAL {{ ?x dcterms:creator/rdfs:label ?c FILTER (LANG(?c) = "nl") }}
        }} GROUP BY ?x ?label ORDER BY ?label""",
        ["label", "kind", "makers"],
        ["Publicatie", "Soort", "Gemaakt door"],
    ),
    "evenementen": (
        "Bijeenkomsten",
        """
        SELECT ?x ?label (MIN(?d) AS ?date) (MIN(?pl) AS ?programme) WHERE {
          ?x a aeno:Event ; rdfs:label ?label . FILTER (LANG(?label) = "nl")
          OPTIONAL { ?x schema:startDate ?d } OPTIONAL { ?x aeno:programme/rdfs:label ?pl FILTER (LANG(?pl) = "nl") }
        } GROUP BY ?x ?label ORDER BY ?date ?label""",
        ["label", "date", "programme"],
        ["Bijeenkomst", "Datum", "Programma"],
    ),
}

THEMES = """
SELECT ?scheme ?t ?label ?broader (COUNT(DISTINCT ?p) AS ?projects) (COUNT(DISTINCT ?any) AS ?things) WHERE {
  ?t skos:inScheme ?scheme ; skos:prefLabel ?label . FILTER (LANG(?label) = "nl")
  OPTIONAL { ?t skos:broader ?broader }
  OPTIONAL { ?p a aeno:Project ; dcterms:subject/skos:broader* ?t }
  OPTIONAL { ?any dcterms:subject ?t }
} GROUP BY ?scheme ?t ?label ?broader ORDER BY ?label"""


def theme_rows() -> list[dict[str, data.Term]]:
    """The themes of the theme scheme, with their broader theme and what is about them."""
    return data.select(THEMES, {"scheme": str(data.iris().scheme("theme"))})


@dataclass(frozen=True)
class Page:
    """A page to browse from: the menu's entries, and with the home page what the sitemap lists first."""

    endpoint: str
    label: str
    values: dict[str, str] = field(default_factory=dict)


#: the menu, in its order
BROWSE = (
    Page("pages.projects", "Projecten"),
    Page("pages.themes", "Thema's"),
    *(Page("pages.listing", title, {"kind": kind}) for kind, (title, *_) in LISTS.items()),
    Page("sparql.endpoint", "Queryeditor"),
    Page("downloads.index", "Downloads"),
)


def href(iri: str) -> str:
    """The link to an IRI's page (kg.server.links.href), for templates."""
    return links.href(iri, data.iris())


@bp.app_template_filter("datum")
def dutch_date(value: object) -> str:
    """A date as Dutch readers write it: "2017-03-01" -> "1 maart 2017", "2018-06" -> "juni 2018"; anything
    else (a year, a date with a time zone) as it is. The machine-readable form stays in <time datetime>."""
    return date_text(value)


@bp.app_template_filter("getal")
def dutch_number(value: object) -> str:
    """A number as Dutch readers write it: 16110 -> "16.110", 4.16 -> "4,16"."""
    try:
        return number_text(Decimal(str(value)))
    except (ArithmeticError, ValueError):
        return str(value)


def _cell(row: dict, column: str) -> str:
    """A listing's cell as a person reads it: a date in Dutch, a count with a thousands dot."""
    if column not in row:
        return ""
    term = row[column]
    if term.datatype and term.datatype.endswith(("#date", "#gYearMonth")):
        return date_text(term.value)
    if term.datatype and term.datatype.endswith("#integer"):
        return dutch_number(term.value)
    return term.value


@bp.app_template_filter("aantal")
def dutch_count(value: int, one: str, many: str) -> str:
    """A count with its noun in the right number: 1|aantal('melding', 'meldingen') -> "1 melding"."""
    return counted(int(value), one, many)


@bp.app_template_filter("marked")
def marked(snippet: str) -> Markup:
    """A search snippet with its matches in <mark>, everything else escaped."""
    text = str(escape(snippet))
    return Markup(text.replace(fts.MARK_START, "<mark>").replace(fts.MARK_END, "</mark>"))


@bp.app_context_processor
def _helpers() -> dict:
    publication = state().builds.current().publication
    return {
        "href": href,
        "licence": publication.licence if publication else None,
        "publisher": publication.publisher if publication else None,
        "dataset_page": href(str(data.iris().dataset)),
        "browse": BROWSE,
    }


@bp.get("/")
def home() -> Response:
    build = state().builds.current()
    rows = data.select(projects_query())
    periods = [
        Period(
            r["label"].value,
            href(r["p"].value),
            dt.date.fromisoformat(r["start"].value),
            dt.date.fromisoformat(r["end"].value),
        )
        for r in rows
        if "start" in r and "end" in r and len(r["start"].value) == 10
    ]
    counts = build.resources
    return Response(
        render_template(
            "home.html",
            counts=counts,
            build=build,
            timeline=layout(periods),
            narrow_timeline=narrow_layout(periods),
            periods=sorted(periods, key=lambda p: p.start),
        ),
        mimetype=mediatypes.HTML,
    )


def _slug_filter(name: str, kind: str) -> str | None:
    value = request.args.get(name, "")
    if not value:
        return None
    from kg.query.saved import SLUG

    if not SLUG.match(value):
        raise Problem(
            400,
            f"{name} must be a slug such as 'oss' or 'zelforganisatie'",
            f"{name} moet een korte naam zijn zoals 'oss' of 'zelforganisatie'",
        )
    return f"{data.iris().id_space}{kind}/{value}"


#: the filters of /projecten: the query parameter (and the kind of thing it names) and the pattern it adds
PROJECT_FILTERS = {
    "thema": "?p dcterms:subject/skos:broader* ?thema .",
    "gemeente": "?p aeno:carriedOutBy/org:unitOf* ?gemeente .",
    "programma": "?p aeno:programme ?programma .",
}


def theme_projects_query() -> str:
    """The projects of the theme ?thema, as /projecten?thema= finds them (narrower themes included)."""
    return projects_query((PROJECT_FILTERS["thema"],), ("thema",))


@bp.get("/projecten")
def projects() -> Response:
    bindings = {name: iri for name, iri in ((name, _slug_filter(name, name)) for name in PROJECT_FILTERS) if iri}
    query = projects_query(tuple(PROJECT_FILTERS[name] for name in bindings), tuple(bindings))
    rows = data.select(query, bindings)
    options = {
        "thema": theme_rows(),
        "gemeente": sorted(data.select(LISTS["gemeenten"][1]), key=lambda r: fold(r["label"].value)),  # A to Z
        "programma": data.select(LISTS["programmas"][1]),
    }
    chosen = {k: request.args.get(k, "") for k in ("thema", "gemeente", "programma")}
    return Response(
        render_template("projects.html", rows=rows, options=options, chosen=chosen), mimetype=mediatypes.HTML
    )


@bp.get("/themas")
def themes() -> Response:
    rows = theme_rows()
    children: dict[str | None, list] = {}
    for r in rows:
        children.setdefault(r["broader"].value if "broader" in r else None, []).append(r)
    return Response(render_template("themes.html", children=children), mimetype=mediatypes.HTML)


@bp.get(f"/<any({', '.join(LISTS)}):kind>")
def listing(kind: str) -> Response:
    title, query, columns, headers = LISTS[kind]
    rows = data.select(query)
    # SPARQL orders strings by code point ("Súdwest-Fryslân" after "Zwolle"); people expect Dutch order.
    first = "projects" if kind == "gemeenten" else None
    rows.sort(key=lambda r: (-int(r[first].value) if first else 0, fold(r["label"].value)))
    filters = _municipality_filters(rows) if kind == "gemeenten" else None
    if filters is not None:
        rows = [r for r in rows if _passes(r, filters)]
    per_page = 100
    pages = max(1, math.ceil(len(rows) / per_page))
    page = page_number(request.args.get("pagina"), last=pages)
    shown = rows[(page - 1) * per_page : page * per_page]
    return Response(
        render_template(
            "listing.html",
            title=title,
            rows=shown,
            columns=columns,
            headers=headers,
            page=page,
            pages=pages,
            total=len(rows),
            filters=filters,
            shown=_cell,
            args={k: v for k, v in request.args.items() if k != "pagina"},
        ),
        mimetype=mediatypes.HTML,
    )


def _municipality_filters(rows: list[dict]) -> dict:
    """The filters of the municipalities list (?provincie=, ?met-projecten=1, ?naam=), with the provinces there
    are to choose from. An unknown province is ignored, not an error: the list then shows every province."""
    provinces = sorted({r["province"].value for r in rows if "province" in r}, key=fold)
    chosen = request.args.get("provincie", "")
    return {
        "provinces": provinces,
        "province": chosen if chosen in provinces else "",
        "with_projects": request.args.get("met-projecten") == "1",
        "name": request.args.get("naam", "")[:100].strip(),
    }


def _passes(row: dict, filters: dict) -> bool:
    if filters["province"] and ("province" not in row or row["province"].value != filters["province"]):
        return False
    if filters["with_projects"] and int(row["projects"].value) == 0:
        return False
    return not filters["name"] or fold(filters["name"]) in fold(row["label"].value)


# -- search ---------------------------------------------------------------------------------------------------


def _search() -> fts.Result:
    index = state().builds.current().path / "search.sqlite"
    if not index.is_file():
        raise Problem(
            503,
            "this build has no search index; run kg build again",
            "Deze build heeft geen zoekindex; zoeken kan nu niet.",
        )
    q = request.args.get("q", "")[:200]
    filters = {k: request.args.get(k, "") for k in fts.FACETS}
    page = page_number(request.args.get("pagina"))
    return fts.search(index, q, filters, limit=20, offset=(page - 1) * 20)


@bp.get("/zoeken")
def search_page() -> Response:
    result = _search()
    return Response(
        render_template("search.html", r=result, facet_names=fts.FACETS, args=request.args), mimetype=mediatypes.HTML
    )


@bp.get("/api/search")
def search_api() -> Response:
    r = _search()
    return jsonify(
        {
            "query": r.query,
            "filters": r.filters,
            "total": r.total,
            "suggestion": r.suggestion,
            "hits": [
                {
                    "iri": h.iri,
                    "url": href(h.iri),
                    "type": h.type,
                    "typeLabel": h.type_label,
                    "label": h.label,
                    "snippet": h.snippet.replace(fts.MARK_START, "").replace(fts.MARK_END, ""),
                    "matches": re.findall(f"{fts.MARK_START}(.*?){fts.MARK_END}", h.snippet),
                }
                for h in r.hits
            ],
            "facets": {
                f: [{"value": v, "label": lbl, "count": n} for v, lbl, n in values] for f, values in r.facets.items()
            },
        }
    )
