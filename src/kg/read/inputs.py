"""Reading everything a build needs from the project directory, and checking it before anything is derived.

Sources are read only after their checksum matches the manifest (provenance points at character offsets).
The municipal register and the curated files are checked field by field. All problems found are reported
together, each with file, line and field.
"""

from __future__ import annotations

import csv
import re
from dataclasses import dataclass, field
from pathlib import Path

from kg.errors import DataError, Problem
from kg.files import sha256_file
from kg.project import Project
from kg.read.curation import Curated, load_curated
from kg.read.curation.schema import Manifest, ReferenceManifest, RegisterEntry
from kg.read.curation.yamlfile import LineMap, load_yaml

CBS_CODE = re.compile(r"^GM\d{4}$")


@dataclass(frozen=True)
class Municipality:
    """One row of the municipal register."""

    code: str  # GM0828
    official_name: str
    display_name: str | None
    safety_region: str | None
    line: int


@dataclass(frozen=True)
class SafetyRegion:
    """One row of the safety-region table: its code (VR01), name and the province it lies in."""

    code: str
    name: str
    province: str
    line: int


@dataclass
class Inputs:
    project: Project
    manifest: Manifest
    manifest_lines: LineMap
    texts: dict[str, str]
    register: RegisterEntry | None
    municipalities: list[Municipality]
    curated: Curated
    regions_table: RegisterEntry | None = None
    regions: list[SafetyRegion] = field(default_factory=list)


def load_inputs(project: Project) -> Inputs:
    problems: list[Problem] = []
    manifest, manifest_lines = load_yaml(project.sources_dir / "manifest.yaml", Manifest)
    texts = _read_sources(project.sources_dir, manifest, manifest_lines, problems)
    register, municipalities = _read_register(project.reference_dir, problems)
    regions_table, regions = _read_regions(project.reference_dir, register, municipalities, problems)
    try:
        curated = load_curated(project.curated_dir)
    except DataError as exc:
        problems.extend(exc.problems)
        curated = None
    if problems:
        raise DataError(problems)
    assert curated is not None
    return Inputs(project, manifest, manifest_lines, texts, register, municipalities, curated, regions_table, regions)


def _read_sources(folder: Path, manifest: Manifest, lines: LineMap, problems: list[Problem]) -> dict[str, str]:
    texts: dict[str, str] = {}
    seen: set[str] = set()
    for i, entry in enumerate(manifest.sources):
        loc = ("sources", i)
        if entry.id in seen:
            problems.append(lines.problem((*loc, "id"), f"source id '{entry.id}' is used twice"))
        seen.add(entry.id)
        if entry.kind not in manifest.kinds:
            problems.append(
                lines.problem((*loc, "kind"), f"unknown kind '{entry.kind}'; known: {', '.join(manifest.kinds)}")
            )
        path = folder / entry.file
        if not path.is_file():
            problems.append(lines.problem((*loc, "file"), f"no file {path}"))
            continue
        actual = sha256_file(path)
        if actual != entry.sha256:
            problems.append(
                lines.problem(
                    (*loc, "sha256"),
                    f"{entry.file} has changed (sha256 {actual}); quoted passages point into this text, so review "
                    "the curated quotes and then update the checksum",
                )
            )
            continue
        try:
            texts[entry.id] = path.read_text(encoding="utf-8")
        except UnicodeDecodeError as exc:
            problems.append(lines.problem((*loc, "file"), f"{entry.file} is not UTF-8: {exc}"))
    return texts


def read_reference(folder: Path, table: str, problems: list[Problem]) -> tuple[RegisterEntry | None, list[Row]]:
    """The rows of one reference table listed in data/reference/manifest.yaml, after its checksum and columns
    are checked; problems are appended, with file and line."""
    manifest_path = folder / "manifest.yaml"
    if not manifest_path.exists():
        return None, []
    manifest, mlines = load_yaml(manifest_path, ReferenceManifest)
    index = next((i for i, r in enumerate(manifest.registers) if r.id == table), None)
    if index is None:
        problems.append(mlines.problem(("registers",), f"no reference table with id '{table}'"))
        return None, []
    entry = manifest.registers[index]
    path = folder / entry.file
    if not path.is_file():
        problems.append(mlines.problem(("registers", index, "file"), f"no file {path}"))
        return entry, []
    if sha256_file(path) != entry.sha256:
        problems.append(
            mlines.problem(
                ("registers", index, "sha256"), f"{entry.file} has changed; update its checksum after review"
            )
        )
    try:
        with path.open(encoding="utf-8", newline="") as f:
            reader = csv.DictReader(f)
            if reader.fieldnames != entry.columns:
                problems.append(
                    Problem(path, 1, None, f"columns {reader.fieldnames} differ from the manifest's {entry.columns}")
                )
                return entry, []
            rows = [Row(path, reader.line_num, {k: (v or "").strip() for k, v in r.items()}) for r in reader]
    except UnicodeDecodeError as exc:
        problems.append(Problem(path, None, None, f"not UTF-8: {exc}"))
        return entry, []
    return entry, rows


@dataclass(frozen=True)
class Row:
    """One row of a reference table, with where it is."""

    file: Path
    line: int
    values: dict[str, str]

    def problem(self, column: str, message: str) -> Problem:
        return Problem(self.file, self.line, column, message)


def _read_register(folder: Path, problems: list[Problem]) -> tuple[RegisterEntry | None, list[Municipality]]:
    entry, table = read_reference(folder, "gemeenten-cbs", problems)
    rows: list[Municipality] = []
    codes: dict[str, int] = {}
    for row in table:
        code, name = row.values["cbs_code"], row.values["official_name"]
        if not CBS_CODE.match(code):
            problems.append(row.problem("cbs_code", f"not a CBS municipality code such as GM0828: {code!r}"))
            continue
        if code in codes:
            problems.append(row.problem("cbs_code", f"{code} is also on line {codes[code]}"))
            continue
        if not name:
            problems.append(row.problem("official_name", "empty"))
            continue
        codes[code] = row.line
        display = row.values["display_name"] or None
        rows.append(Municipality(code, name, display, row.values["safety_region"] or None, row.line))
    return entry, rows


def _read_regions(
    folder: Path, register: RegisterEntry | None, municipalities: list[Municipality], problems: list[Problem]
) -> tuple[RegisterEntry | None, list[SafetyRegion]]:
    """The safety regions and their provinces; every region the register names must be in the table."""
    entry, table = read_reference(folder, "veiligheidsregios", problems)
    regions = [SafetyRegion(r.values["code"], r.values["name"], r.values["province"], r.line) for r in table]
    if entry is None or register is None:
        return entry, regions
    known = {r.code for r in regions}
    for m in municipalities:
        if m.safety_region and m.safety_region not in known:
            problems.append(
                Problem(folder / register.file, m.line, "safety_region", f"unknown safety region {m.safety_region}")
            )
    return entry, regions


def read_register(project: Project) -> list[Municipality]:
    """Only the municipal register (for `kg link`, which needs nothing else); raises DataError."""
    problems: list[Problem] = []
    _, rows = _read_register(project.reference_dir, problems)
    if problems:
        raise DataError(problems)
    return rows
