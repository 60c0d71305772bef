"""The curated YAML files of a project, loaded and checked against their schema."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from pydantic import BaseModel

from kg.errors import DataError, Problem
from kg.read.curation.schema import (
    EventsFile,
    OrganisationsFile,
    PeopleFile,
    ProgrammesFile,
    ProjectsFile,
    PublicationsFile,
    RetiredFile,
    ThemesFile,
)
from kg.read.curation.yamlfile import LineMap, load_yaml

FILES: dict[str, type[BaseModel]] = {
    "organisations": OrganisationsFile,
    "people": PeopleFile,
    "themes": ThemesFile,
    "programmes": ProgrammesFile,
    "projects": ProjectsFile,
    "publications": PublicationsFile,
    "events": EventsFile,
    "retired": RetiredFile,
}


@dataclass
class Curated:
    organisations: OrganisationsFile
    people: PeopleFile
    themes: ThemesFile
    programmes: ProgrammesFile
    projects: ProjectsFile
    publications: PublicationsFile
    events: EventsFile
    retired: RetiredFile
    lines: dict[str, LineMap]


def load_curated(folder: Path) -> Curated:
    """Load every curated file; report the problems of all files together."""
    loaded: dict[str, BaseModel] = {}
    lines: dict[str, LineMap] = {}
    problems: list[Problem] = []
    for name, model in FILES.items():
        path = folder / f"{name}.yaml"
        if not path.exists():
            problems.append(Problem(path, None, None, "missing curated file"))
            continue
        try:
            loaded[name], lines[name] = load_yaml(path, model)
        except DataError as exc:
            problems.extend(exc.problems)
    if problems:
        raise DataError(problems)
    return Curated(**loaded, lines=lines)  # type: ignore[arg-type]
