"""A project directory and its settings: the one place where configuration comes from.

A project is a directory with data/ (sources, curated, reference), ontology/ and shapes/, and optionally a
kg.toml. Settings are read from kg.toml, then overridden by environment variables (KG_BASE), then by
command-line options; everything else reads them from `Project`.
"""

from __future__ import annotations

import os
import re
import tomllib
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING

from kg.defaults import DEFAULT_BASE
from kg.errors import ProjectError

if TYPE_CHECKING:
    from kg.iris import Iris

REQUIRED = ("data/sources/manifest.yaml", "data/curated", "ontology", "shapes")


@dataclass(frozen=True)
class Publication:
    """Who publishes the dataset and under what terms (used in the dataset description)."""

    title_nl: str = "Kennisgraaf leren en veranderen bij gemeenten"
    title_en: str = "Knowledge graph of learning and change in Dutch municipalities"
    publisher_name: str = "aeno-kg"
    contact_email: str | None = None
    contact_phone: str | None = None
    licence: str = "http://creativecommons.org/licenses/by/4.0/deed.nl"  # the form the DONL licence list uses
    homepage: str | None = None


@dataclass(frozen=True)
class ServerDefaults:
    """[server] in kg.toml: defaults for `kg serve` (its options and KG_* variables override them)."""

    allowed_services: tuple[str, ...] = ()  # SPARQL endpoints queries may call with SERVICE


@dataclass(frozen=True)
class Project:
    root: Path
    base: str = DEFAULT_BASE
    publication: Publication = field(default_factory=Publication)
    synthetic: bool = False
    server: ServerDefaults = field(default_factory=ServerDefaults)

    @cached_property
    def iris(self) -> Iris:
        """The IRIs of this project (minted under its base)."""
        from kg.iris import Iris  # rdflib, not loaded by commands (or query workers) that never mint an IRI

        return Iris(self.base)

    @classmethod
    def open(cls, root: Path | str = ".", base: str | None = None) -> Project:
        root = Path(root).resolve()
        missing = [p for p in REQUIRED if not (root / p).exists()]
        if missing:
            raise ProjectError(
                f"{root} is not a kg project: missing {', '.join(missing)}. "
                "Run kg in the project directory or pass --project DIR."
            )
        settings: dict = {}
        toml = root / "kg.toml"
        if toml.exists():
            try:
                settings = tomllib.loads(toml.read_text(encoding="utf-8"))
            except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
                raise ProjectError(f"{toml}: not valid TOML: {exc}") from exc
        dataset = settings.get("dataset", {})
        chosen = base or os.environ.get("KG_BASE") or dataset.get("base") or DEFAULT_BASE
        if not chosen.endswith("/") or not chosen.startswith(("http://", "https://")):
            raise ProjectError(f"the base IRI must be an http(s) IRI ending in '/': {chosen!r}")
        pub = settings.get("publication", {})
        known = set(Publication.__dataclass_fields__)
        unknown = set(pub) - known
        if unknown:
            raise ProjectError(f"{toml}: unknown setting(s) in [publication]: {', '.join(sorted(unknown))}")
        return cls(
            root=root,
            base=chosen,
            publication=Publication(**pub),
            synthetic=bool(dataset.get("synthetic")),
            server=_server_defaults(settings.get("server", {}), toml),
        )

    @property
    def sources_dir(self) -> Path:
        return self.root / "data" / "sources"

    @property
    def curated_dir(self) -> Path:
        return self.root / "data" / "curated"

    @property
    def reference_dir(self) -> Path:
        return self.root / "data" / "reference"

    @property
    def ontology_dir(self) -> Path:
        return self.root / "ontology"

    @property
    def shapes_dir(self) -> Path:
        return self.root / "shapes"

    def default_out(self) -> Path:
        return self.root / "dist"


def _server_defaults(section: dict, toml: Path) -> ServerDefaults:
    unknown = set(section) - set(ServerDefaults.__dataclass_fields__)
    if unknown:
        raise ProjectError(f"{toml}: unknown setting(s) in [server]: {', '.join(sorted(unknown))}")
    services = section.get("allowed_services", [])
    if not isinstance(services, list) or not all(isinstance(s, str) and _HTTP.match(s) for s in services):
        raise ProjectError(f"{toml}: [server] allowed_services must be a list of http(s) URLs, not {services!r}")
    return ServerDefaults(allowed_services=tuple(services))


_HTTP = re.compile(r"^https?://[^\s<>\"{}|\\^`]+$")
