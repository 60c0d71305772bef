"""`kg generate` writes synthetic projects that build like the real one, the same every time, marked as
synthetic everywhere a reader could mistake them for real data."""

from __future__ import annotations

import filecmp
import json
from pathlib import Path

import pytest
from rdflib import Graph, URIRef

from kg.build import build
from kg.errors import KGError
from kg.generate import BANNER, generate
from kg.project import Project
from kg.vocab import DCTERMS, RDF

from .conftest import ROOT

AENO = "https://w3id.org/aeno-kg/def/"


def files(root: Path) -> list[Path]:
    return sorted(p.relative_to(root) for p in root.rglob("*") if p.is_file())


@pytest.fixture(scope="module")
def synthetic(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("gen") / "p"
    generate(Project.open(ROOT), 40, out)
    return out


@pytest.fixture(scope="module")
def synthetic_graph(synthetic: Path) -> tuple[dict, Graph]:
    info = build(Project.open(synthetic), validator="sparql")  # the validators agree (tests/test_shapes.py)
    return info, Graph().parse(synthetic / "dist" / "kg.nt", format="nt")


def test_the_same_options_give_the_same_files(synthetic: Path, tmp_path: Path):
    again = tmp_path / "again"
    generate(Project.open(ROOT), 40, again)
    assert files(again) == files(synthetic)
    _, mismatch, errors = filecmp.cmpfiles(synthetic, again, [str(p) for p in files(synthetic)], shallow=False)
    assert mismatch == [] and errors == []


def test_another_seed_gives_other_data(synthetic: Path, tmp_path: Path):
    other = tmp_path / "other"
    generate(Project.open(ROOT), 40, other, seed=1)
    _, mismatch, _ = filecmp.cmpfiles(synthetic, other, [str(p) for p in files(synthetic)], shallow=False)
    assert mismatch


def test_every_generated_page_says_it_is_synthetic(synthetic: Path):
    manifest = (synthetic / "data" / "sources" / "manifest.yaml").read_text(encoding="utf-8")
    generated = [p for p in (synthetic / "data" / "sources").glob("*.txt") if "kg generate" in manifest]
    real = {p.name for p in (ROOT / "data" / "sources").glob("*.txt")}
    pages = [p for p in generated if p.name not in real]
    assert pages
    prefix = BANNER.split(":")[0]
    assert all(p.read_text(encoding="utf-8").startswith(prefix) for p in pages)


def test_a_synthetic_project_builds_and_conforms(synthetic_graph):
    info, _ = synthetic_graph
    assert info.validation.conforms
    assert info.resources["projects"] >= 40 + 5  # the generated ones and the real five


def test_the_synthetic_dataset_is_titled_as_such(synthetic_graph, synthetic: Path):
    _, g = synthetic_graph
    catalog = Graph().parse(synthetic / "dist" / "catalog.ttl")
    titles = [str(t) for t in catalog.objects(None, DCTERMS.title)]
    assert titles and any("SYNTHETISCH" in t.upper() for t in titles)
    assert json.loads((synthetic / "dist" / "build.json").read_text(encoding="utf-8"))["triples"] == len(g)


def test_synthetic_projects_spread_over_many_municipalities(synthetic_graph):
    _, g = synthetic_graph
    projects = set(g.subjects(RDF.type, URIRef(AENO + "Project")))
    assert len(projects) >= 45
    places = {o for p in projects for o in g.objects(p, URIRef(AENO + "carriedOutBy"))}
    assert len(places) >= 30


def test_generating_into_a_directory_with_files_is_refused(synthetic: Path):
    with pytest.raises(KGError):
        generate(Project.open(ROOT), 5, synthetic)


def test_generated_contacts_have_example_addresses_only(synthetic_graph):
    """Addresses under .example (RFC 2606) reach nobody; the only others are the real project's own."""
    _, g = synthetic_graph
    real_text = " ".join(p.read_text(encoding="utf-8") for p in (ROOT / "data" / "sources").glob("*.txt"))
    mails = {str(o).removeprefix("mailto:") for o in g.objects() if str(o).startswith("mailto:")}
    made_up = {m for m in mails if m not in real_text}
    assert made_up
    assert all(m.endswith(".example") for m in made_up)
