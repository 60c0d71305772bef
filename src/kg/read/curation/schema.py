"""The schema of the curated YAML files in data/curated/ and of the source manifest.

Curated data holds what no regular shape in the pages gives: themes of projects, people's organisations and
functions, who published what, how organisations and programmes relate. Every curated statement is backed by
a `quote` that must occur word for word in a source page, so it gets the same provenance as extracted facts.

Unknown keys and missing fields are errors (`extra="forbid"`); references to ids are checked during the
conversion (kg.convert.resolve), because they span files and the pages.
"""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, StringConstraints, model_validator

Id = Annotated[str, StringConstraints(pattern=r"^[a-z0-9]+(?:-[a-z0-9]+)*$")]
Text = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1)]
Sha256 = Annotated[str, StringConstraints(pattern=r"^[0-9a-f]{64}$")]


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class LangText(Strict):
    """A text in Dutch and, where known, English."""

    nl: Text
    en: Text | None = None


class BothLang(Strict):
    """A text that must be given in Dutch and English (labels and definitions of themes, NL-SBB)."""

    nl: Text
    en: Text


class Evidence(Strict):
    """A passage of a source page: `quote` must occur in it exactly (copy it, curly quotes and all)."""

    source: Id
    quote: Text


class Ref(Strict):
    """A reference to another curated or extracted thing, with the passage that states the link: the passage
    must name the thing. Where no passage states the link but a rule infers it from one (an e-mail address at
    the organisation's domain), `rule` names the rule (kg.convert.codelists.RULES) and `quote` is the passage it
    starts from. `source` defaults to the source of the entry the reference is in."""

    id: Id
    quote: Text
    source: Id | None = None
    rule: Id | None = None


class Quote(Strict):
    """A text taken word for word from a source page; it becomes a literal and keeps its passage."""

    quote: Text
    source: Id | None = None


class DatedQuote(Strict):
    """A date a source states, with the words that state it; or, with `rule`, a date inferred from the words
    (a date in a file name, "..._08-05-2015", by the rule datum-in-bestandsnaam)."""

    date: dt.date
    quote: Text
    source: Id | None = None
    rule: Id | None = None


QuantityProperty = Literal[
    "employees",
    "participants",
    "advisers",
    "finalists",
    "teams",
    "members",
    "parts",
    "posts",
    "pilots",
    "intended-results",
    "hiring-spend",
    "survey-score",
    "duration",
    "training-duration",
]
Qualifier = Literal["precies", "ongeveer", "meer-dan", "bijna"]
TimeUnit = Literal["dag", "week", "maand", "jaar"]
DURATIONS = frozenset({"duration", "training-duration"})


class Quantity(Strict):
    """A number a source states about a thing, kept as a value with its passage (kg.convert.quantities).

    `qualifier` keeps the source's hedge: "ruim 3.000" is `meer-dan`, "bijna 250" `bijna`, "ong. 110"
    `ongeveer`. `out_of` is the whole a part is counted against ("250 van de 275 medewerkers"). The quote must
    contain the number as the source writes it."""

    property: QuantityProperty
    value: float
    unit: TimeUnit | None = None  # for a duration, and only there: "tweeënhalve dag" is 2.5 `dag`
    qualifier: Qualifier = "precies"
    out_of: float | None = None
    about: LangText | None = None  # what exactly is counted, where the thing alone does not say it
    quote: Text
    source: Id | None = None

    @model_validator(mode="after")
    def _unit_only_for_durations(self) -> Quantity:
        if (self.property in DURATIONS) != (self.unit is not None):
            raise ValueError("a duration needs a `unit` (dag, week, maand or jaar), and only a duration has one")
        return self


class Frequency(Strict):
    """How often a recurring thing happens, as the source says it ("maandelijks")."""

    every: TimeUnit
    quote: Text
    source: Id | None = None


class AltLabel(Strict):
    """Another name a source uses. A misspelling (`hidden: true`) is kept as skos:hiddenLabel: search finds it,
    no page or listing offers it as a name."""

    label: Text
    quote: Text
    source: Id | None = None
    hidden: bool = False


# -- sources -------------------------------------------------------------------------------------------------


class SourceKind(Strict):
    """A kind of source page: its name and the editors' definition, in Dutch and English."""

    nl: Text
    en: Text
    definition: BothLang


class SourceEntry(Strict):
    id: Id
    file: Text
    sha256: Sha256
    title: Text
    publisher: Ref | None  # with the passage that says so, or the rule that infers it from one
    publisher_basis: Text
    language: Annotated[str, StringConstraints(pattern=r"^[a-z]{2}(?:-[A-Z]{2})?$")]
    kind: Id
    origin: Text


class Manifest(Strict):
    kinds: dict[Id, SourceKind]
    sources: list[SourceEntry] = Field(min_length=1)


class RegisterEntry(Strict):
    id: Id
    file: Text
    sha256: Sha256
    title: Text
    description: Text
    origin: Text
    language: Text
    columns: list[Text]


class ReferenceManifest(Strict):
    registers: list[RegisterEntry]


# -- organisations and people --------------------------------------------------------------------------------

OrgKind = Literal[
    "fonds",
    "vereniging",
    "kennisinstituut",
    "samenwerkingsverband",
    "adviesbureau",
    "netwerk",
    "organisatieonderdeel",
    "bestuursorgaan",
    "jury",
    "overheidsorganisatie",
]


class Organisation(Strict):
    id: Id
    name: Text
    name_en: Text | None = None
    kind: OrgKind
    unit_of: Ref | None = None
    description: Quote | None = None
    alt_labels: list[AltLabel] = []
    quantities: list[Quantity] = []
    linked_to: list[Ref] = []  # organisations it works with (org:linkedTo), each with its passage
    evidence: list[Evidence] = Field(min_length=1)


class MunicipalityNote(Strict):
    """What the sources add to a municipality from the register, e.g. spellings found in the pages."""

    id: Id
    alt_labels: list[AltLabel] = []
    quantities: list[Quantity] = []
    evidence: list[Evidence] = Field(min_length=1)


class OrganisationsFile(Strict):
    organisations: list[Organisation]
    municipalities: list[MunicipalityNote] = []


class Person(Strict):
    id: Id
    name: Text
    alt_labels: list[AltLabel] = []
    member_of: Ref | None = None
    job_title: LangText | None = None
    role: LangText | None = None  # what the person did, where no organisation or function is stated
    evidence: list[Evidence] = Field(min_length=1)


class PeopleFile(Strict):
    people: list[Person]


# -- themes ----------------------------------------------------------------------------------------------------


class ExternalConcept(Strict):
    """A concept of another scheme (TOOI TOP-lijst, EU data themes) that our themes are matched to."""

    iri: Annotated[str, StringConstraints(pattern=r"^https?://\S+$")]
    label: LangText
    scheme: Literal["tooi-top", "eu-data-theme"]
    basis: Text  # where the IRI and label were established
    definition: LangText  # the editors' wording of its scope (NL-SBB asks every concept for one)


class OutsideSource(Strict):
    """A document outside the sources (a law on wetten.overheid.nl) that supports a fact an editorial text
    states, such as the date a law took effect in a theme's definition."""

    iri: Annotated[str, StringConstraints(pattern=r"^https?://\S+$")]
    title: Text


class Theme(Strict):
    id: Id
    label: BothLang
    definition: BothLang
    definition_sources: list[OutsideSource] = []  # where the definition states an outside fact
    comment: LangText | None = None
    broader: Id | None = None
    exact_match: list[Id] = []
    close_match: list[Id] = []
    broad_match: list[Id] = []
    related_match: list[Id] = []
    evidence: list[Evidence] = Field(min_length=1)  # where the pages name the theme


class Scheme(Strict):
    title: BothLang
    description: BothLang


class ThemesFile(Strict):
    scheme: Scheme
    external_concepts: dict[Id, ExternalConcept]
    themes: list[Theme]


# -- programmes, projects, publications, events ---------------------------------------------------------------

ProgrammeKind = Literal[
    "subsidieregeling",
    "programma",
    "wedstrijd",
    "leerkring",
    "instrument",
    "werkwijze",
    "leertraject",
    "verdienmodel",
    "prijs",
]


class Audience(Strict):
    """A group a programme is for, named as the source names it, in the order the source gives. A `position` the
    source does not state in so many words ("de volgende" for the second) names the `position_rule` it is
    inferred by."""

    name: Text
    name_en: Text
    position: int = Field(ge=1)
    position_rule: Id | None = None
    quote: Text
    source: Id | None = None


class Programme(Strict):
    id: Id
    name: Text
    name_en: Text | None = None
    kind: ProgrammeKind
    alt_labels: list[AltLabel] = []
    description: Quote | None = None
    organisers: list[Ref] = []
    jury: Ref | None = None  # who chose the finalists or winners of a competition
    due: DatedQuote | None = None  # the date by which it must start, as the source sets it
    audiences: list[Audience] = []
    start_year: int | None = None
    end_year: int | None = None
    related: list[Ref] = []
    quantities: list[Quantity] = []
    frequency: Frequency | None = None
    evidence: list[Evidence] = Field(min_length=1)


class ProgrammesFile(Strict):
    programmes: list[Programme]


class PageDefault(Strict):
    """What holds for every project a parser finds on one page (for example: all belong to one scheme)."""

    source: Id
    programme: Ref | None = None
    themes: list[Ref] = []
    award: LangText | None = None
    award_quote: Text | None = None


class ProjectOverlay(Strict):
    """Curated additions to a project a parser found; `id` is the id the build derives for it."""

    id: Id
    label: LangText | None = None
    alt_labels: list[AltLabel] = []
    themes: list[Ref] = []
    carried_out_by: list[Ref] = []
    related: list[Ref] = []
    quantities: list[Quantity] = []


class CuratedProject(Strict):
    """A project that no parser finds: described in running text."""

    id: Id
    title: Text
    label: LangText | None = None
    description: Quote | None = None
    carried_out_by: list[Ref] = []
    supported_by: list[Ref] = []
    programme: Ref | None = None
    themes: list[Ref] = []
    participants: list[Ref] = []
    related: list[Ref] = []
    quantities: list[Quantity] = []
    evidence: list[Evidence] = Field(min_length=1)

    @model_validator(mode="after")
    def _someone_responsible(self) -> CuratedProject:
        if not self.carried_out_by and not self.supported_by and not self.participants:
            raise ValueError("a project needs carried_out_by, supported_by or participants")
        return self


class ProjectsFile(Strict):
    page_defaults: list[PageDefault] = []
    overlays: list[ProjectOverlay] = []
    projects: list[CuratedProject] = []


PublicationKind = Literal[
    "publicatie",
    "rapport",
    "artikel",
    "praktijkverhaal",
    "bundel",
    "reeks",
    "interview",
    "studie",
    "monitor",
    "visie",
    "infographic",
    "film",
]


class Publication(Strict):
    id: Id
    title: Text
    kind: PublicationKind
    alt_labels: list[AltLabel] = []
    description: Quote | None = None
    issued: DatedQuote | None = None  # the publication date, where a source states it
    creators: list[Ref] = []
    commissioned_by: list[Ref] = []
    contributors: list[Ref] = []
    about: list[Ref] = []
    part_of: Ref | None = None
    themes: list[Ref] = []
    downloads: list[AltLabel] = []  # file titles as the page lists them
    frequency: Frequency | None = None  # how often it appears, for a publication that recurs (a yearly monitor)
    related: list[Ref] = []  # other publications, projects or programmes it belongs with (dcterms:relation)
    is_source: Id | None = None  # this publication is (the text of) that source page
    evidence: list[Evidence] = Field(min_length=1)


class PublicationsFile(Strict):
    publications: list[Publication]


class EventOverlay(Strict):
    """Curated additions to an event a parser found; `id` is the id the build derives for it."""

    id: Id
    organisers: list[Ref] = []
    programme: Ref | None = None
    themes: list[Ref] = []


class Rescheduled(Strict):
    """When an event the source expected for one year actually happened (editorial, with its outside source):
    the source's year stays as schema:previousStartDate, the real date is schema:startDate."""

    date: dt.date
    source: OutsideSource


class CuratedEvent(Strict):
    """An event in running text: `date` (a day), `month` (YYYY-MM) or `year` as far as the first evidence
    quote states it. `expected_year` is a year the source expects an event in, which it did not happen in."""

    id: Id
    title: Text
    date: dt.date | None = None
    month: Annotated[str, StringConstraints(pattern=r"^\d{4}-\d{2}$")] | None = None
    year: int | None = None
    expected_year: int | None = None
    rescheduled: Rescheduled | None = None
    description: Quote | None = None
    organisers: list[Ref] = []
    programme: Ref | None = None
    themes: list[Ref] = []
    quantities: list[Quantity] = []
    evidence: list[Evidence] = Field(min_length=1)

    @model_validator(mode="after")
    def _one_date(self) -> CuratedEvent:
        if sum(x is not None for x in (self.date, self.month, self.year, self.expected_year)) > 1:
            raise ValueError("give at most one of date, month, year and expected_year")
        if (self.expected_year is None) != (self.rescheduled is None):
            raise ValueError("an `expected_year` needs `rescheduled` (when it did happen), and only it has one")
        return self


class EventsFile(Strict):
    overlays: list[EventOverlay] = []
    events: list[CuratedEvent] = []


Iri = Annotated[str, StringConstraints(pattern=r"^https?://[^\s<>\"{}|\\^`]+$")]


class Retired(Strict):
    """An IRI an earlier release published and later ones do not, with the steward's reason: it was removed, or
    another thing replaced it (published as dcterms:isReplacedBy, and answered with a redirect to it)."""

    iri: Iri
    removed: Literal[True] | None = None
    replaced_by: Iri | None = None
    note: Text

    @model_validator(mode="after")
    def _one_reason(self) -> Retired:
        if (self.removed is None) == (self.replaced_by is None):
            raise ValueError("give either `removed: true` or `replaced_by: IRI`, and not both")
        if self.replaced_by == self.iri:
            raise ValueError("an IRI cannot be replaced by itself")
        return self


class RetiredFile(Strict):
    retired: list[Retired] = Field(default_factory=list)

    @model_validator(mode="after")
    def _once(self) -> RetiredFile:
        seen: set[str] = set()
        for entry in self.retired:
            if entry.iri in seen:
                raise ValueError(f"{entry.iri} is retired twice")
            seen.add(entry.iri)
        return self
