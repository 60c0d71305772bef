"""A project directory and its kg.toml.

A project is a directory with data/ (sources, curated, reference), ontology/ and shapes/, and optionally a
kg.toml: the publication's details ([publication]) and the project's values of settings ([dataset] base,
[build], [server]; kg.settings declares them all and decides which value wins).
"""

from __future__ import annotations

import os
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING

from kg.errors import ProjectError
from kg.settings import BuildSettings, resolve

if TYPE_CHECKING:
    from kg.iris import Iris

REQUIRED = ("data/sources/manifest.yaml", "data/curated", "ontology", "shapes")
SECTIONS = {"dataset", "publication", "build", "server"}


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
class Project:
    root: Path
    settings: BuildSettings = field(default_factory=BuildSettings)
    publication: Publication = field(default_factory=Publication)
    synthetic: bool = False
    server_toml: Mapping[str, object] = field(default_factory=dict)  # kg.toml [server], for kg serve's settings

    @property
    def base(self) -> str:
        return self.settings.base

    @cached_property
    def iris(self) -> Iris:
        """The IRIs of this project (minted under its base)."""
        from kg.iris import Iris  # rdflib, not loaded by commands (or query workers) that never mint an IRI

        return Iris(self.base)

    @classmethod
    def open(cls, root: Path | str = ".", base: str | None = None, **settings: object) -> Project:
        """The project in `root`, with its build settings from `base` and `settings` (a command's options; None
        means not given), the environment, kg.toml and the defaults, in that order (kg.settings.resolve)."""
        root = Path(root).resolve()
        missing = [p for p in REQUIRED if not (root / p).exists()]
        if missing:
            raise ProjectError(
                f"{root} is not a kg project: missing {', '.join(missing)}. "
                "Run kg in the project directory or pass --project DIR."
            )
        found: dict = {}
        toml = root / "kg.toml"
        if toml.exists():
            try:
                found = tomllib.loads(toml.read_text(encoding="utf-8"))
            except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
                raise ProjectError(f"{toml}: not valid TOML: {exc}") from exc
        unknown_sections = set(found) - SECTIONS
        if unknown_sections:
            raise ProjectError(
                f"{toml}: unknown section [{sorted(unknown_sections)[0]}]; kg.toml has "
                + ", ".join(f"[{s}]" for s in sorted(SECTIONS))
            )
        dataset = found.get("dataset", {})
        build_toml = dict(found.get("build", {}))
        if "base" in dataset:
            build_toml["base"] = dataset["base"]
        build_settings = resolve(BuildSettings, {"base": base, **settings}, os.environ, build_toml, str(toml))
        pub = found.get("publication", {})
        known = set(Publication.__dataclass_fields__)
        unknown = set(pub) - known
        if unknown:
            raise ProjectError(f"{toml}: unknown setting(s) in [publication]: {', '.join(sorted(unknown))}")
        return cls(
            root=root,
            settings=build_settings,
            publication=Publication(**pub),
            synthetic=bool(dataset.get("synthetic")),
            server_toml=dict(found.get("server", {})),
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
