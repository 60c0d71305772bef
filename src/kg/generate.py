"""`kg generate`: a project directory of synthetic source data, to measure the build and the endpoint as the
graph grows.

The generated project is the real one (its five pages, curated data, register, ontology and shapes) plus
synthetic pages of the shapes the parsers read: project overview pages (municipality, title, period,
description, contact, downloads), dated event lists, and key-figure blocks. The curated files gain what
holds the synthetic pages together: page defaults (programme and themes of each page, quoted from it),
overlays with extra themes for some projects and programme and themes for every event. Projects are spread
over all municipalities of the register, round robin.

Everything synthetic says so: kg.toml marks the dataset `synthetic = true` (its title says it too), every
synthetic page opens with "SYNTHETISCHE TESTGEGEVENS", the manifest names `kg generate` as its origin,
e-mail addresses are under the reserved .example domain, and the numbers come from a seeded generator. The
same N and seed give byte-identical files.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import random
import shutil
from dataclasses import dataclass
from pathlib import Path

import phonenumbers
import yaml

from kg.errors import KGError
from kg.extract.dutch import MONTHS
from kg.files import scratch_dir
from kg.names import slug
from kg.project import Project
from kg.read.curation import load_curated
from kg.read.inputs import read_register

PROJECTS_PER_PAGE = 100
PROJECTS_PER_CONTACT = 5  # a contact person is named under about this many projects
EVENTS_PER_PAGE = 50
BANNER = "SYNTHETISCHE TESTGEGEVENS: deze pagina is gemaakt door kg generate en beschrijft geen echte {what}."
MONTH_NAMES = {number: name for name, number in MONTHS.items()}

FIRST_NAMES = [
    "Anouk",
    "Bram",
    "Charlotte",
    "Daan",
    "Eva",
    "Fleur",
    "Gijs",
    "Hanneke",
    "Iris",
    "Jeroen",
    "Karin",
    "Lars",
    "Marloes",
    "Niels",
    "Olga",
    "Pieter",
    "Quinten",
    "Roos",
    "Sander",
    "Tessa",
    "Ursula",
    "Vincent",
    "Wendy",
    "Xander",
    "Yara",
    "Zeger",
]
LAST_NAMES = [
    "de Vries",
    "Jansen",
    "van Dijk",
    "Bakker",
    "Visser",
    "Smit",
    "Meijer",
    "de Boer",
    "Mulder",
    "de Groot",
    "Bos",
    "Vos",
    "Peters",
    "Hendriks",
    "van Leeuwen",
    "Dekker",
    "Brouwer",
    "de Wit",
    "Dijkstra",
    "Smits",
    "de Graaf",
    "van der Meer",
    "van der Linden",
    "Kok",
    "Jacobs",
    "de Haan",
]
TOPICS = [
    "Samen leren",
    "Wendbaar werken",
    "Vakmanschap in de wijk",
    "Digitaal vaardig",
    "Leren van inwoners",
    "Teams aan zet",
    "Jong en oud",
    "Mobiliteit in de regio",
    "Eigen regie",
    "Van plan naar praktijk",
    "Dienstverlening dichtbij",
    "Kennis delen",
    "Gezond aan het werk",
    "Leiderschap in verandering",
]
SENTENCES = [
    "Medewerkers werken in kleine teams aan vragen van inwoners.",
    "Het project verbindt afdelingen die eerder los van elkaar werkten.",
    "Leidinggevenden krijgen ruimte om te experimenteren met nieuwe werkvormen.",
    "Na elke fase worden de geleerde lessen gedeeld met andere gemeenten.",
    "Een leergang ondersteunt medewerkers bij het ontwikkelen van nieuwe vaardigheden.",
    "De gemeente werkt samen met partners in de regio en met onderwijsinstellingen.",
    "Inwoners denken mee over de inrichting van de dienstverlening.",
    "Het doel is dat medewerkers met plezier en gezond blijven werken.",
    "Ervaren collega's begeleiden nieuwe medewerkers in de eerste maanden.",
    "De resultaten worden gemeten met een korte vragenlijst per kwartaal.",
]
DOWNLOADS = ["Projectplan", "Tussenrapportage", "Eindrapportage", "Handreiking", "Presentatie"]
QUESTIONS = [
    "Hoe leren teams van elkaar?",
    "Wat vraagt dit van leidinggevenden?",
    "Hoe betrekken we inwoners?",
    "Welke rol speelt de regio?",
]


@dataclass(frozen=True)
class Generated:
    out: Path
    projects: int
    pages: int
    events: int
    key_figure_pages: int


def generate(template: Project, projects: int, out: Path, seed: int = 0) -> Generated:
    """Write a synthetic project to `out` (which must not exist, or be empty), all or nothing."""
    if projects < 1:
        raise KGError("--projects must be at least 1")
    out = out.absolute()
    if out.exists() and (not out.is_dir() or any(out.iterdir())):
        raise KGError(f"{out} exists and is not an empty directory; choose a new --out")
    with scratch_dir(out.parent) as stage:
        result = _write(template, projects, stage, seed)
        if out.exists():
            out.rmdir()
        stage.rename(out)  # the whole project appears at once
    return Generated(out, result[0], result[1], result[2], result[3])


def _write(template: Project, n: int, root: Path, seed: int) -> tuple[int, int, int, int]:
    rng = random.Random(f"aeno-kg synthetic {seed} {n}")
    for part in ("ontology", "shapes", "data/reference", "data/curated", "data/sources"):
        shutil.copytree(template.root / part, root / part)
    curated = load_curated(template.curated_dir)
    themes = [(t.id, t.label.nl) for t in curated.themes.themes]
    programmes = [p for p in curated.programmes.programmes if p.id not in ("3-2-1-co-2016", "particip-sea")]
    municipalities = read_register(template)
    _write_settings(template, root, n, seed)

    manifest = yaml.safe_load((root / "data/sources/manifest.yaml").read_text(encoding="utf-8"))
    projects_yaml = yaml.safe_load((root / "data/curated/projects.yaml").read_text(encoding="utf-8"))
    events_yaml = yaml.safe_load((root / "data/curated/events.yaml").read_text(encoding="utf-8"))
    origin = f"kg generate --projects {n} --seed {seed} (synthetic test data)"

    def add_page(page_id: str, kind: str, title: str, text: str) -> None:
        path = root / "data/sources" / f"{page_id}.txt"
        path.write_text(text, encoding="utf-8")
        manifest["sources"].append(
            {
                "id": page_id,
                "file": path.name,
                "sha256": hashlib.sha256(text.encode("utf-8")).hexdigest(),
                "title": title,
                "publisher": None,
                "publisher_basis": "Synthetic page made by kg generate; it names no publisher.",
                "language": "nl",
                "kind": kind,
                "origin": origin,
            }
        )

    people_yaml = yaml.safe_load((root / "data/curated/people.yaml").read_text(encoding="utf-8"))
    contacts: dict[tuple[int, int], Contact] = {}
    per_municipality = max(1, -(-n // len(municipalities) // PROJECTS_PER_CONTACT))

    def contact(page_id: str, number: int) -> Contact:
        """The contact of project `number`: one of a small pool per municipality, listed in people.yaml (with
        the e-mail address as evidence of membership, as for the real contacts) where first named."""
        index = (number - 1) % len(municipalities)
        k = ((number - 1) // len(municipalities)) % per_municipality
        if (index, k) not in contacts:
            c = _contact(rng, len(contacts), municipalities[index].official_name)
            contacts[(index, k)] = c
            people_yaml["people"].append(
                {
                    "id": slug(c.name),
                    "name": c.name,
                    "member_of": {
                        "id": slug(municipalities[index].official_name),
                        "rule": "e-maildomein",
                        "quote": c.email,
                    },
                    "evidence": [{"source": page_id, "quote": c.name}],
                }
            )
        return contacts[(index, k)]

    pages = (n + PROJECTS_PER_PAGE - 1) // PROJECTS_PER_PAGE
    number = 0
    for page in range(pages):
        page_id = f"synthetisch-projecten-{page + 1:05d}"
        programme = programmes[page % len(programmes)]
        page_themes = [themes[page % len(themes)], themes[(page * 7 + 3) % len(themes)]]
        title = f"Synthetische projecten, deel {page + 1}"
        parts = [BANNER.format(what="projecten"), title]
        parts += [f"Thema: {label}" for _, label in dict(page_themes).items()]
        parts.append(f"Regeling: {programme.name}")
        for _ in range(min(PROJECTS_PER_PAGE, n - number)):
            number += 1
            m = municipalities[(number - 1) % len(municipalities)]
            c = contact(page_id, number)
            block, overlay = _project(rng, number, m.display_name or m.official_name, m.official_name, themes, c)
            parts.append(block)
            if overlay:
                projects_yaml.setdefault("overlays", []).append(overlay)
        add_page(page_id, "projectoverzicht", title, "\n\n".join(parts) + "\n")
        projects_yaml["page_defaults"].append(
            {
                "source": page_id,
                "programme": {"id": programme.id, "quote": f"Regeling: {programme.name}"},
                "themes": [{"id": t, "quote": f"Thema: {label}"} for t, label in dict(page_themes).items()],
            }
        )

    events = max(1, n // 20)
    event_pages = (events + EVENTS_PER_PAGE - 1) // EVENTS_PER_PAGE
    made = 0
    for page in range(event_pages):
        page_id = f"synthetisch-bijeenkomsten-{page + 1:05d}"
        title = f"Synthetische bijeenkomsten, deel {page + 1}"
        programme = programmes[page % len(programmes)]
        lines = [BANNER.format(what="bijeenkomsten"), title, f"De bijeenkomsten horen bij {programme.name}."]
        entries = []
        for _ in range(min(EVENTS_PER_PAGE, events - made)):
            made += 1
            day = dt.date(2015, 1, 1) + dt.timedelta(days=made * 3 % 3650)
            theme_id, theme_label = themes[made % len(themes)]
            event_title = f"Leerbijeenkomst {made}: {theme_label}"
            entries.append(
                f"  • {day.day} {MONTH_NAMES[day.month]} {day.year} – {event_title}\n    "
                + " ".join(rng.sample(QUESTIONS, 2))
            )
            events_yaml.setdefault("overlays", []).append(
                {
                    "id": f"{day.isoformat()}-{slug(event_title)}",
                    "programme": {"id": programme.id, "quote": f"De bijeenkomsten horen bij {programme.name}."},
                    "themes": [{"id": theme_id, "quote": event_title}],
                }
            )
        add_page(page_id, "interview", title, "\n\n".join(lines) + "\n\n" + "\n\n".join(entries) + "\n")

    key_figure_pages = min(len(municipalities), max(1, n // 50))
    for k in range(key_figure_pages):
        m = municipalities[k]
        if m.official_name == "Soest":
            continue  # the real practice story has Soest's key figures
        page_id = f"synthetisch-kengetallen-{k + 1:05d}"
        title = f"Synthetisch praktijkverhaal {m.official_name}"
        add_page(page_id, "praktijkverhaal", title, _key_figures(rng, m.display_name or m.official_name, title))

    _dump(root / "data/sources/manifest.yaml", manifest)
    _dump(root / "data/curated/projects.yaml", projects_yaml)
    _dump(root / "data/curated/events.yaml", events_yaml)
    _dump(root / "data/curated/people.yaml", people_yaml)
    return number, pages, events, key_figure_pages


@dataclass(frozen=True)
class Contact:
    name: str
    phone: str
    email: str


def _contact(rng: random.Random, u: int, municipality: str) -> Contact:
    """A made-up person; `u` (a counter) makes the name unique: first name, initials, last name."""
    first, last = FIRST_NAMES[u % 26], LAST_NAMES[(u // 26) % 26]
    initials = "".join(f"{chr(65 + (u // 676 // 26**i) % 26)}." for i in range(1 + u // (676 * 26)))
    name = f"{first} {initials} {last}"
    email = (
        f"{slug(first)}.{initials.replace('.', '').lower()}.{slug(last).replace('-', '')}@{slug(municipality)}.example"
    )
    return Contact(name, _phone(rng), email)


def _project(
    rng: random.Random, number: int, shown: str, official: str, themes: list[tuple[str, str]], contact: Contact
) -> tuple[str, dict | None]:
    title = f"Proefproject {number:06d} {rng.choice(TOPICS)}"
    start = dt.date(2014, 1, 1) + dt.timedelta(days=rng.randrange(3650))
    end = start + dt.timedelta(days=rng.randrange(180, 1100))
    theme_id, theme_label = themes[rng.randrange(len(themes))]
    focus = f"Proefproject {number:06d} draait om {theme_label.lower()}."
    paragraphs = [" ".join(rng.sample(SENTENCES, 3)), focus + " " + " ".join(rng.sample(SENTENCES, 2))]
    lines = [
        shown,
        title,
        f"Looptijd: {_date(start)} tot {_date(end)}",
        "",
        paragraphs[0],
        "",
        paragraphs[1],
        "",
        "Contactgegevens",
        contact.name,
        contact.phone,
        contact.email,
    ]
    if number % 4 == 0:
        lines += ["", "Downloads bij dit project:", *rng.sample(DOWNLOADS, 2)]
    overlay = None
    if number % 10 == 0:
        overlay = {"id": f"{slug(official)}-{slug(title)}", "themes": [{"id": theme_id, "quote": focus}]}
    return "\n".join(lines), overlay


def _date(day: dt.date) -> str:
    return f"{day.day} {MONTH_NAMES[day.month]} {day.year}"


def _phone(rng: random.Random) -> str:
    while True:
        text = f"06-{rng.randrange(10_000_000, 100_000_000)}"
        if phonenumbers.is_valid_number(phonenumbers.parse(text, "NL")):
            return text


def _key_figures(rng: random.Random, name: str, title: str) -> str:
    inhabitants = rng.randrange(5_000, 900_000)
    employees = rng.randrange(80, 12_000)
    women = rng.randrange(employees // 3, employees * 2 // 3)
    scales = [rng.randrange(5, 30) for _ in range(3)]
    scales.append(100 - sum(scales))
    years = ", ".join(f"{y} = {rng.randrange(25, 75) / 10:.1f}%".replace(".", ",") for y in range(2015, 2020))
    budget = rng.randrange(50_000, 5_000_000)

    def thousands(value: int) -> str:
        return f"{value:,}".replace(",", ".")

    return "\n".join(
        [
            BANNER.format(what="gemeente"),
            "",
            title,
            "",
            "Kengetallen",
            "",
            f"• {name} : {thousands(inhabitants)} inwoners",
            f"• {employees * 8 // 10} fte (1.1.19) / {employees} medewerkers (1.1.19): "
            f"{women} vrouwen en {employees - women} mannen",
            f"• Gemiddelde leeftijd : {rng.randrange(380, 520) / 10:.1f} jaar".replace(".", ","),
            f"• Verdeling medewerkers over schalen : 1-6 = {scales[0]}% / 7-9 = {scales[1]}%, "
            f"10-12 = {scales[2]}%, 13 en hoger = {scales[3]}%.",
            f"• Ziekteverzuim : {years}.",
            f"• Opleidingsbudget : 1,5% van de loonsom = € {thousands(budget)}.",
            "",
        ]
    )


def _write_settings(template: Project, root: Path, n: int, seed: int) -> None:
    pub = template.publication
    (root / "kg.toml").write_text(
        "# A synthetic project made by `kg generate`: the real project plus generated pages. Not real data.\n"
        "[dataset]\n"
        f'base = "{template.base}"\n'
        "synthetic = true\n\n"
        "[publication]\n"
        f'title_nl = "SYNTHETISCH ({n} projecten, seed {seed}): {pub.title_nl}"\n'
        f'title_en = "SYNTHETIC ({n} projects, seed {seed}): {pub.title_en}"\n',
        encoding="utf-8",
    )


def _dump(path: Path, data: dict) -> None:
    text = yaml.dump(
        data, Dumper=getattr(yaml, "CSafeDumper", yaml.SafeDumper), allow_unicode=True, sort_keys=False, width=1000
    )
    path.write_text(text, encoding="utf-8")
