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
    notation: str | None = None  # the code as sources write it (skos:notation): "1-6" for salary scales 1 to 6


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
    "jury": Code(
        "Jury",
        "Jury",
        "Een groep die voor een wedstrijd de inzendingen beoordeelt en de finalisten of winnaars kiest.",
        "A group that judges the entries of a competition and chooses its finalists or winners.",
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
    "verdienmodel": Code(
        "Verdienmodel",
        "Earning model",
        "Een afspraak over hoe een activiteit of functie haar eigen kosten terugverdient, met een datum waarop "
        "zij moet ingaan.",
        "An arrangement for how an activity or post earns back its own cost, with a date by which it must start.",
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
    "visie": Code(
        "Visie",
        "Vision",
        "Een document waarin een organisatie of regio vastlegt waar zij op een terrein naartoe wil.",
        "A document in which an organisation or region sets out where it wants to go in a field.",
    ),
    "infographic": Code(
        "Infographic",
        "Infographic",
        "Een afbeelding die cijfers of samenhang in één overzicht laat zien.",
        "An image that shows figures or connections in one overview.",
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
        notation="1-6",
    ),
    "schaal-7-9": Code(
        "Salarisschaal 7-9",
        "Salary scale 7-9",
        "Medewerkers in salarisschaal 7 tot en met 9 van de gemeentelijke cao.",
        "Employees in salary scales 7 to 9 of the municipal collective agreement.",
        notation="7-9",
    ),
    "schaal-10-12": Code(
        "Salarisschaal 10-12",
        "Salary scale 10-12",
        "Medewerkers in salarisschaal 10 tot en met 12 van de gemeentelijke cao.",
        "Employees in salary scales 10 to 12 of the municipal collective agreement.",
        notation="10-12",
    ),
    "schaal-13-en-hoger": Code(
        "Salarisschaal 13 en hoger",
        "Salary scale 13 and higher",
        "Medewerkers in salarisschaal 13 of hoger van de gemeentelijke cao.",
        "Employees in salary scale 13 or higher of the municipal collective agreement.",
        notation="13 en hoger",
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
    plural_nl: str | None = None  # how a source counts them ("147 vrouwen"): kept as skos:hiddenLabel


SDMX_SEX = str(SDMX_CODE["sex"])
MATCHED = {
    str(SDMX_CODE["sex-T"]): Matched(
        SDMX_SEX, "SDMX code list for sex", "Totaal", "Total", "Alle geslachten samen.", "All sexes together."
    ),
    str(SDMX_CODE["sex-F"]): Matched(
        SDMX_SEX, "SDMX code list for sex", "Vrouw", "Female", "Vrouwelijk.", "Female.", "vrouwen"
    ),
    str(SDMX_CODE["sex-M"]): Matched(
        SDMX_SEX, "SDMX code list for sex", "Man", "Male", "Mannelijk.", "Male.", "mannen"
    ),
}

#: the rules by which a statement is inferred rather than read (scheme {base}id/afleidingsregel): each inferred
#: statement names its rule (aeno:inferredBy) and what it was inferred from (aeno:inferredFrom), so that a reader
#: can weigh it (kg.convert.editorial). The curated data names a rule with `rule:` beside the quote it starts from.
RULES = {
    "e-maildomein": Code(
        "Organisatie uit het e-maildomein",
        "Organisation from the e-mail domain",
        "Wie als contactpersoon een e-mailadres heeft op het domein van een organisatie (c.baars@rotterdam.nl), "
        "werkt bij die organisatie. De bron noemt de organisatie niet; het adres wijst haar aan.",
        "A contact person with an e-mail address at an organisation's domain (c.baars@rotterdam.nl) works for "
        "that organisation. The source does not name the organisation; the address points to it.",
    ),
    "datum-in-bestandsnaam": Code(
        "Datum uit de bestandsnaam",
        "Date from the file name",
        "De datum in de naam van het bestand waarin een publicatie wordt aangeboden "
        "(..._08-05-2015) is de datum waarop zij verscheen. De bron noemt geen verschijningsdatum.",
        "The date in the name of the file a publication is offered in (..._08-05-2015) is the date it was "
        "issued. The source states no date of issue.",
    ),
    "maker-van-de-reeks": Code(
        "Maker van de gebundelde reeks",
        "Maker of the collected series",
        "Wie een reeks maakte, maakte ook haar delen en de bundel waarin zij is samengebracht; wie eraan "
        "meewerkte, werkte ook daaraan mee. Alleen waar de bron voor het deel of de bundel niemand anders noemt.",
        "Whoever made a series also made its parts and the collection it was brought together in; whoever "
        "contributed to it also contributed to those. Only where the source names no one else for the part or "
        "the collection.",
    ),
    "hele-pagina": Code(
        "Geldt voor de hele pagina",
        "Holds for the whole page",
        "Wat een pagina zegt over alles wat zij opsomt (alle projecten kregen subsidie uit één regeling, alle "
        "genoemde ideeën zijn finalist), geldt voor elk item, ook waar de tekst bij dat item het niet herhaalt.",
        "What a page says of everything it lists (all projects were funded by one scheme, all ideas shown are "
        "finalists) holds for each item, even where the item's own text does not repeat it.",
    ),
    "wij-van-de-pagina": Code(
        "Wie 'wij' is op de pagina",
        "Who 'we' are on the page",
        "'Wij' en 'we' op een pagina staan voor de organisatie namens wie de pagina spreekt: de uitgever die "
        "zich zo noemt, of de organisatie van wie er wordt geïnterviewd.",
        "'We' on a page stands for the organisation the page speaks for: the publisher that calls itself so, or "
        "the organisation of the people interviewed.",
    ),
    "plaats-van-het-verhaal": Code(
        "Waar het verhaal speelt",
        "Where the story takes place",
        "Een praktijkverhaal over één organisatie speelt bij die organisatie: de medewerkers, organen en "
        "initiatieven die het noemt, horen bij haar, ook waar een zin haar naam niet herhaalt.",
        "A practice story about one organisation takes place there: the employees, bodies and initiatives it "
        "names belong to it, even where a sentence does not repeat its name.",
    ),
    "beschreven-vanuit-onderdeel": Code(
        "Beschreven vanuit een organisatieonderdeel",
        "Described from an organisational unit",
        "Een project dat de bron beschrijft vanuit één organisatieonderdeel (de aanleiding en het doel gaan "
        "over dat onderdeel), wordt door dat onderdeel uitgevoerd. De bron zegt niet met zoveel woorden wie het "
        "uitvoert.",
        "A project the source describes from one organisational unit (its reason and its aim are about that "
        "unit) is carried out by that unit. The source does not say in so many words who carries it out.",
    ),
    "omgekeerde-relatie": Code(
        "Omgekeerde relatie",
        "Inverse relation",
        "Als A deel of lid is van B, dan heeft B A als deel of lid (org:hasUnit bij org:unitOf, org:hasMember "
        "bij org:memberOf, dcterms:hasPart bij dcterms:isPartOf). Afgeleid uit de uitspraak die omgekeerd wordt.",
        "If A is a unit, member or part of B, B has A as its unit, member or part (org:hasUnit from org:unitOf, "
        "org:hasMember from org:memberOf, dcterms:hasPart from dcterms:isPartOf). Inferred from the statement it "
        "reverses.",
    ),
    "verwijzend-woord": Code(
        "Waar een verwijzing naar wijst",
        "What a referring phrase refers to",
        "Een verwijzende woordgroep ('het geleerde', 'die samenwerking') slaat op wat de tekst er direct voor "
        "beschrijft, ook waar zij het niet bij naam noemt.",
        "A referring phrase ('what was learned', 'that cooperation') refers to what the text describes just before "
        "it, even where it does not name it.",
    ),
    "dag-voor-jaar-of-maand": Code(
        "Dag voor een jaar of maand",
        "Day for a year or month",
        "Een begin dat de bron als jaar of maand noemt, is de eerste dag daarvan; een einde de laatste dag. Zo "
        "zijn begin- en einddatums te vergelijken; het genoemde jaar of de maand staat ernaast "
        "(aeno:statedStartDate, aeno:statedEndDate).",
        "A start the source gives as a year or month is its first day; an end its last day. So that start and "
        "end dates compare; the year or month as stated is kept beside it (aeno:statedStartDate, "
        "aeno:statedEndDate).",
    ),
    "bron-van-de-passage": Code(
        "Bron van de passage",
        "Source of the passage",
        "Een begrip dat een passage van een bronpagina noemt, heeft die pagina als bron (dcterms:source).",
        "A concept that a passage of a source page names has that page as its source (dcterms:source).",
    ),
    "zonder-uitsplitsing": Code(
        "Kengetal zonder uitsplitsing",
        "Key figure without a breakdown",
        "Een kengetal dat de bron niet uitsplitst, geldt voor alle medewerkers samen: geslacht 'totaal', "
        "salarisschaal 'alle schalen'.",
        "A key figure the source does not break down holds for all employees together: sex 'total', salary "
        "scale 'all scales'.",
    ),
    "volgorde-in-de-tekst": Code(
        "Volgorde uit de tekst",
        "Order from the text",
        "Wat de bron 'de volgende' noemt na 'de eerste', komt als tweede.",
        "What the source calls 'the next' after 'the first' comes second.",
    ),
}

#: what a key figure leaves out, as its source notes it (aeno:exclusion, a Data Cube attribute; scheme
#: {base}id/uitsluiting)
EXCLUSIONS = {
    "zwangerschap": Code(
        "Zwangerschap",
        "Pregnancy",
        "Verzuim wegens zwangerschap en bevalling is niet meegeteld.",
        "Absence because of pregnancy and childbirth is not counted.",
    ),
    "langdurig-zieken": Code(
        "Langdurig zieken",
        "Long-term sick",
        "Het verzuim van medewerkers die langdurig ziek zijn, is niet meegeteld.",
        "The absence of employees who are on long-term sick leave is not counted.",
    ),
}
