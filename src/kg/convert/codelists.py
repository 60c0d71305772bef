"""The small editorial code lists (kinds of organisation, programme and publication; breakdowns of key figures),
each concept with its labels and a definition in Dutch and English; and the CBS codes of the provinces.

These are the project editors' words, not a source's: NL-SBB asks every concept for a definition, and the pages
give none. Every statement made from them is marked editorial in the graph (kg.convert.editorial).
"""

from __future__ import annotations

from dataclasses import dataclass

from kg.vocab import SDMX_CODE


@dataclass(frozen=True)
class Code:
    nl: str
    en: str
    definition_nl: str
    definition_en: str
    match: str | None = None  # a concept of a standard code list with the same meaning (skos:exactMatch)


ORG_KINDS = {
    "gemeente": Code(
        "Gemeente",
        "Municipality",
        "Een Nederlandse gemeente: het lokale openbaar bestuur, met een raad, een college en een burgemeester.",
        "A Dutch municipality: local government, with a council, an executive and a mayor.",
    ),
    "provincie": Code(
        "Provincie",
        "Province",
        "Een Nederlandse provincie: het openbaar bestuur tussen rijk en gemeenten, met Provinciale Staten en "
        "een college van Gedeputeerde Staten.",
        "A Dutch province: government between the state and the municipalities, with a provincial council and "
        "executive.",
    ),
    "veiligheidsregio": Code(
        "Veiligheidsregio",
        "Safety region",
        "Een verband van de gemeenten in een regio voor brandweer, geneeskundige hulp, crisisbeheersing en "
        "rampenbestrijding.",
        "A partnership of a region's municipalities for the fire service, medical assistance, crisis management "
        "and disaster response.",
    ),
    "fonds": Code(
        "Fonds",
        "Fund",
        "Een organisatie die geld beheert en inzet voor een doel, zoals een opleidings- en arbeidsmarktfonds.",
        "An organisation that manages money and spends it on a purpose, such as a training and labour-market fund.",
    ),
    "vereniging": Code(
        "Vereniging",
        "Association",
        "Een organisatie van leden die samen een doel nastreven, zoals een vereniging van gemeenten.",
        "An organisation of members pursuing a purpose together, such as an association of municipalities.",
    ),
    "kennisinstituut": Code(
        "Kennisinstituut",
        "Knowledge institute",
        "Een organisatie die kennis ontwikkelt en deelt, door onderzoek, advies of opleiding.",
        "An organisation that develops and shares knowledge, through research, advice or training.",
    ),
    "samenwerkingsverband": Code(
        "Samenwerkingsverband",
        "Partnership of public bodies",
        "Een verband waarin gemeenten of andere overheden samen een taak uitvoeren.",
        "An arrangement in which municipalities or other public bodies carry out a task together.",
    ),
    "adviesbureau": Code(
        "Adviesbureau",
        "Consultancy",
        "Een bedrijf dat organisaties tegen betaling adviseert of begeleidt.",
        "A company that advises or supports organisations for a fee.",
    ),
    "netwerk": Code(
        "Netwerk",
        "Network",
        "Een los verband van mensen of organisaties die kennis en ervaring uitwisselen.",
        "A loose group of people or organisations that exchange knowledge and experience.",
    ),
    "organisatieonderdeel": Code(
        "Organisatieonderdeel",
        "Organisational unit",
        "Een afdeling, team of ander deel van een grotere organisatie.",
        "A department, team or other part of a larger organisation.",
    ),
    "bestuursorgaan": Code(
        "Bestuursorgaan",
        "Governing body",
        "Een orgaan dat een organisatie bestuurt of er namens haar over beslist, zoals een bestuur of een raad.",
        "A body that governs an organisation or decides on its behalf, such as a board or a council.",
    ),
    "overheidsorganisatie": Code(
        "Overheidsorganisatie",
        "Government organisation",
        "Een organisatie van de overheid die geen gemeente is, zoals een ministerie of een uitvoeringsorganisatie.",
        "A government organisation other than a municipality, such as a ministry or an executive agency.",
    ),
}

PROGRAMME_KINDS = {
    "subsidieregeling": Code(
        "Subsidieregeling",
        "Subsidy scheme",
        "Een regeling waarmee een organisatie geld toekent aan projecten die aan haar voorwaarden voldoen.",
        "A scheme under which an organisation grants money to projects that meet its conditions.",
    ),
    "programma": Code(
        "Programma",
        "Programme",
        "Een samenhangend geheel van activiteiten van een organisatie voor een periode of een doel.",
        "A coherent set of activities of an organisation for a period or a purpose.",
    ),
    "wedstrijd": Code(
        "Wedstrijd",
        "Competition",
        "Een oproep waarin deelnemers ideeën of projecten indienen waaruit een jury kiest.",
        "A call in which participants enter ideas or projects from which a jury chooses.",
    ),
    "leerkring": Code(
        "Leerkring",
        "Learning circle",
        "Een groep die een tijd lang regelmatig samenkomt om van elkaars praktijk te leren.",
        "A group that meets regularly for a while to learn from each other's practice.",
    ),
    "instrument": Code(
        "Instrument",
        "Instrument",
        "Een hulpmiddel dat organisaties kunnen inzetten, zoals een scan, een methode of een monitor.",
        "A tool organisations can use, such as a scan, a method or a monitor.",
    ),
    "werkwijze": Code(
        "Werkwijze",
        "Way of working",
        "Een manier van werken die organisaties ontwikkelen of overnemen, zoals werkplaatsen.",
        "A way of working that organisations develop or adopt, such as workshops.",
    ),
    "leertraject": Code(
        "Leertraject",
        "Learning programme",
        "Een reeks trainingen en oefeningen die een organisatie haar medewerkers laat volgen.",
        "A series of trainings and exercises an organisation has its employees take.",
    ),
    "prijs": Code(
        "Prijs",
        "Award",
        "Een onderscheiding die een organisatie geregeld uitreikt aan iemand die iets goed heeft gedaan.",
        "A distinction an organisation regularly gives to someone who has done something well.",
    ),
}

#: how a source hedges a number (kg.convert.quantities); the scheme {base}id/getalsaanduiding
QUALIFIERS = {
    "precies": Code(
        "Precies",
        "Exactly",
        "De bron noemt het getal zonder voorbehoud.",
        "The source states the number without a hedge.",
    ),
    "ongeveer": Code(
        "Ongeveer",
        "About",
        "De bron noemt het getal als schatting (ongeveer, ong., circa); de waarde is bij benadering.",
        "The source gives the number as an estimate (about, approx.); the value is approximate.",
    ),
    "meer-dan": Code(
        "Meer dan",
        "More than",
        "De bron noemt het getal als ondergrens (ruim, meer dan); schema:minValue houdt die grens.",
        "The source gives the number as a lower bound (over, more than); schema:minValue holds the bound.",
    ),
    "bijna": Code(
        "Bijna",
        "Almost",
        "De bron noemt het getal als bovengrens die net niet is gehaald (bijna); schema:maxValue houdt die grens.",
        "The source gives the number as an upper bound just not reached (almost); schema:maxValue holds it.",
    ),
}

PUBLICATION_KINDS = {
    "publicatie": Code(
        "Publicatie",
        "Publication",
        "Een openbaar gemaakt werk, zonder nadere soort.",
        "A work made public, of no more specific kind.",
    ),
    "rapport": Code(
        "Rapport",
        "Report",
        "Een verslag van onderzoek, evaluatie of advies.",
        "An account of research, evaluation or advice.",
    ),
    "artikel": Code(
        "Artikel",
        "Article",
        "Een tekst in een blad, op een website of in een bundel.",
        "A text in a magazine, on a website or in a collection.",
    ),
    "praktijkverhaal": Code(
        "Praktijkverhaal",
        "Practice story",
        "Een verhaal over hoe een organisatie iets in de praktijk heeft aangepakt, met wat zij ervan leerde.",
        "A story of how an organisation tackled something in practice, with what it learned.",
    ),
    "bundel": Code(
        "Bundel",
        "Collection",
        "Een publicatie die bijdragen van verschillende auteurs of over verschillende onderwerpen samenbrengt.",
        "A publication that brings together contributions by several authors or on several subjects.",
    ),
    "reeks": Code(
        "Reeks",
        "Series",
        "Een reeks publicaties die onder één naam verschijnen.",
        "A series of publications that appear under one name.",
    ),
    "interview": Code(
        "Interview",
        "Interview",
        "Een gesprek waarin iemand vragen beantwoordt, als tekst gepubliceerd.",
        "A conversation in which someone answers questions, published as text.",
    ),
    "studie": Code(
        "Studie",
        "Study",
        "Een onderzoek naar een vraag, met de aanpak en de uitkomsten.",
        "An investigation of a question, with its method and findings.",
    ),
    "monitor": Code(
        "Monitor",
        "Monitor",
        "Een publicatie die cijfers over een onderwerp herhaaldelijk meet en vergelijkt.",
        "A publication that measures and compares figures on a subject repeatedly.",
    ),
    "film": Code(
        "Film",
        "Film",
        "Een video-opname, zoals een compilatie van gesprekken op een bijeenkomst.",
        "A video recording, such as a compilation of conversations at a meeting.",
    ),
}

#: CBS province codes (PV20-PV31), the key CBS and the TOOI register use for the twelve provinces
PROVINCE_CODES = {
    "Groningen": "PV20",
    "Fryslân": "PV21",
    "Drenthe": "PV22",
    "Overijssel": "PV23",
    "Flevoland": "PV24",
    "Gelderland": "PV25",
    "Utrecht": "PV26",
    "Noord-Holland": "PV27",
    "Zuid-Holland": "PV28",
    "Zeeland": "PV29",
    "Noord-Brabant": "PV30",
    "Limburg": "PV31",
}

#: the salary-scale dimension of the key figures (aeno:salaryScale, scheme {base}id/uitsplitsing). Sex is the
#: other dimension and takes SDMX's own codes (sdmx-dimension:sex, MATCHED below).
BREAKDOWNS = {
    "totaal": Code(
        "Alle schalen",
        "All scales",
        "Alle medewerkers samen, niet uitgesplitst naar salarisschaal.",
        "All employees together, not broken down by salary scale.",
    ),
    "schaal-1-6": Code(
        "Salarisschaal 1-6",
        "Salary scale 1-6",
        "Medewerkers in salarisschaal 1 tot en met 6 van de gemeentelijke cao.",
        "Employees in salary scales 1 to 6 of the municipal collective agreement.",
    ),
    "schaal-7-9": Code(
        "Salarisschaal 7-9",
        "Salary scale 7-9",
        "Medewerkers in salarisschaal 7 tot en met 9 van de gemeentelijke cao.",
        "Employees in salary scales 7 to 9 of the municipal collective agreement.",
    ),
    "schaal-10-12": Code(
        "Salarisschaal 10-12",
        "Salary scale 10-12",
        "Medewerkers in salarisschaal 10 tot en met 12 van de gemeentelijke cao.",
        "Employees in salary scales 10 to 12 of the municipal collective agreement.",
    ),
    "schaal-13-en-hoger": Code(
        "Salarisschaal 13 en hoger",
        "Salary scale 13 and higher",
        "Medewerkers in salarisschaal 13 of hoger van de gemeentelijke cao.",
        "Employees in salary scale 13 or higher of the municipal collective agreement.",
    ),
}

#: how the source's breakdown of a key figure splits over the two dimensions: (SDMX sex code, salary scale)
SPLITS = {
    "totaal": ("sex-T", "totaal"),
    "vrouw": ("sex-F", "totaal"),
    "man": ("sex-M", "totaal"),
    **{k: ("sex-T", k) for k in ("schaal-1-6", "schaal-7-9", "schaal-10-12", "schaal-13-en-hoger")},
}
GROUP_NL = {"vrouw": "vrouwen", "man": "mannen"}


@dataclass(frozen=True)
class Matched:
    """A concept of a standard code list that one of ours matches: typed skos:Concept in our graph, with its
    labels and scope, so that the match can be checked (NL-SBB: semantic relations link concepts)."""

    scheme: str
    scheme_label: str
    nl: str
    en: str
    definition_nl: str
    definition_en: str


SDMX_SEX = str(SDMX_CODE["sex"])
MATCHED = {
    str(SDMX_CODE["sex-T"]): Matched(
        SDMX_SEX, "SDMX code list for sex", "Totaal", "Total", "Alle geslachten samen.", "All sexes together."
    ),
    str(SDMX_CODE["sex-F"]): Matched(SDMX_SEX, "SDMX code list for sex", "Vrouw", "Female", "Vrouwelijk.", "Female."),
    str(SDMX_CODE["sex-M"]): Matched(SDMX_SEX, "SDMX code list for sex", "Man", "Male", "Mannelijk.", "Male."),
}
