"""build.json: the contract between `kg build` and everything that reads a build (`kg serve`, `kg stats`,
`kg front-files`, `kg diff`), as one typed schema for both sides.

The build writes a `BuildInfo` and the readers get one back, checked field by field (pydantic), so a field is
named once, here, and a misspelt or missing one is an error where it happens, not a KeyError deep in a page.
`FORMAT` is the layout's version: a reader refuses a build of another format with a message that says what to
do, rather than serving it half-understood. Raise it when a field is renamed, removed or changes meaning; a
new optional field does not need it.
"""

from __future__ import annotations

import json
from pathlib import Path

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from kg.errors import KGError

#: the layout of build.json this code writes and reads
FORMAT = 2
FILE = "build.json"


class BuildFormatError(KGError):
    """A build.json this version of kg cannot read: written by another version, or damaged."""

    exit_code = 2


class _Model(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class FileEntry(_Model):
    bytes: int
    sha256: str


class Dump(_Model):
    """A compressed dump of the graph, as the downloads page and the catalogue list it."""

    name: str  # the compressed file, e.g. kg.ttl.gz
    source: str  # the uncompressed file it holds, e.g. kg.ttl
    media_type: str
    file_type: str  # EU file-type authority code
    title: str
    bytes: int
    sha256: str


class Linkset(_Model):
    """A linkset loaded into the build: its name, its graph IRI, its links, its size and its file in the build."""

    name: str
    iri: str
    links: int
    triples: int
    file: str


class DescriptionGraph(_Model):
    """A description of the dataset kept in a named graph of the store beside the data (the catalogue, VoID):
    its name, its graph IRI, its size in the store and its file in the build."""

    name: str
    iri: str
    triples: int
    file: str


class Validation(_Model):
    conforms: bool
    violations: int
    warnings: int
    infos: int
    profiles: tuple[str, ...]
    engine: str = "pyshacl"


class DcatCheck(_Model):
    """Whether the catalogue was checked against the DCAT-AP-NL shapes, and what the recommendations flag."""

    checked: bool
    profile: str | None = None
    violations: int = 0
    recommendations: tuple[str, ...] = ()


class SearchIndex(_Model):
    resources: int


class Publication(_Model):
    dumps: tuple[Dump, ...] = ()
    linksets: tuple[Linkset, ...] = ()
    default_graph_triples: int  # the graph alone (kg.nt), as the store's default graph serves it
    descriptions: tuple[DescriptionGraph, ...] = ()  # the catalogue and VoID, each in its own named graph
    licence: str | None = None  # the pages' footer names it, and the publisher
    publisher: str | None = None
    dcat: DcatCheck
    search_index: SearchIndex


class ChangeSummary(_Model):
    """What changed since the previous release (kg.publish.diff)."""

    added: int  # resources
    removed: int
    changed: int
    statements_added: int
    statements_removed: int


class Release(_Model):
    """A published build, as the release history (kg.publish.releases) and the catalogue record it."""

    id: str  # its date and the first 12 digits of its build id: 2026-12-07-32c17523cc76
    build_id: str
    published: str  # ISO 8601, UTC, to the millisecond; later than the previous release's
    triples: int
    previous: str | None = None  # the release before it
    changes: ChangeSummary | None = None  # since the previous release; None for the first
    retired: int = 0  # IRIs retired in it (data/curated/retired.yaml)
    dumps: tuple[Dump, ...] = ()


class BuildInfo(_Model):
    """What was built from what: identity, counts, validation, every file with its size and SHA-256."""

    format: int = FORMAT
    build_id: str  # the first 16 hex digits of kg.nt's SHA-256
    created: str  # ISO 8601, UTC
    base: str
    triples: int  # of the graph (kg.nt)
    resources: dict[str, int]  # counts per kind, as the summary and the home page show them
    validation: Validation
    sources: dict[str, str]  # source id -> SHA-256 of its text
    files: dict[str, FileEntry]
    versions: dict[str, str]
    publication: Publication
    release: Release | None = None  # the release this build is
    releases: tuple[Release, ...] = ()  # the releases whose dumps are kept (this one first), newest first
    seconds: dict[str, float] = Field(default_factory=dict)  # wall time per step

    def text(self) -> str:
        """The file's text: indented JSON, in the fields' order."""
        return json.dumps(self.model_dump(mode="json"), indent=2, ensure_ascii=False) + "\n"

    def write(self, folder: Path) -> None:
        (folder / FILE).write_text(self.text(), encoding="utf-8")

    @classmethod
    def read(cls, folder: Path) -> BuildInfo:
        """The build description in `folder`. FileNotFoundError when there is none; BuildFormatError when it
        is not one this code can read."""
        path = folder / FILE
        text = path.read_text(encoding="utf-8")
        return cls.parse(text, path)

    @classmethod
    def parse(cls, text: str, path: Path | str = FILE) -> BuildInfo:
        try:
            raw = json.loads(text)
        except ValueError as exc:
            raise BuildFormatError(f"{path} is not valid JSON ({exc}); build again with `kg build`") from None
        found = raw.get("format", 1) if isinstance(raw, dict) else None
        if found != FORMAT:
            raise BuildFormatError(
                f"{path} describes a build of format {found}, and this version of kg reads format {FORMAT}: "
                "build again with `kg build` (or serve it with the version of kg that built it)"
            )
        try:
            return cls.model_validate(raw)
        except ValidationError as exc:
            first = exc.errors()[0]
            where = ".".join(str(p) for p in first["loc"])
            raise BuildFormatError(
                f"{path} is not a build description this version of kg can read: {where}: {first['msg']} "
                f"({exc.error_count()} problem(s)); build again with `kg build`"
            ) from None
