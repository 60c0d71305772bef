"""`kg link`: reconciling other datasets' municipalities with the graph, and linksets loaded into the build.

The quality figures come from tests/fixtures/linking/tricky.csv: names and codes written the ways other
datasets write them, each with the answer a person who knows Dutch municipalities gives (a CBS code, or "-"
for "no link": ambiguous, former municipalities, villages that are not municipalities, conflicts).
"""

from __future__ import annotations

import csv
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner
from rdflib import Graph, Literal, URIRef

from kg.build import assemble, build
from kg.cli import main
from kg.errors import DataError
from kg.iris import Iris
from kg.linking import link
from kg.linking.gazetteer import PROVINCES, Gazetteer, split_qualifier
from kg.linking.matcher import Matcher, parse_code
from kg.project import Project
from kg.validate import load_linkset_shapes, validate_linkset
from kg.vocab import OWL, RDF, SKOS, VOID, XSD

FIXTURES = Path(__file__).parent / "fixtures" / "linking"
TRICKY = FIXTURES / "tricky.csv"
BASE = "https://w3id.org/aeno-kg/"
AENO = f"{BASE}def/"
PREDICATES = {"sameAs": OWL.sameAs, "exactMatch": SKOS.exactMatch}


def read_csv(path: Path, encoding: str = "utf-8-sig") -> list[dict[str, str]]:
    with path.open(encoding=encoding, newline="") as f:
        return list(csv.DictReader(f, delimiter=";"))


@pytest.fixture(scope="module")
def gazetteer(project) -> Gazetteer:
    return Gazetteer.load(project)


@pytest.fixture(scope="module")
def matcher(gazetteer) -> Matcher:
    return Matcher(gazetteer)


@pytest.fixture(scope="module")
def tricky(project, tmp_path_factory):
    out = tmp_path_factory.mktemp("tricky")
    outcome = link(project, TRICKY, out, source_iri="https://example.org/tricky.csv")
    return outcome, out


# -- quality ------------------------------------------------------------------------------------------------


def test_precision_and_recall_on_the_tricky_file(tricky, gazetteer):
    _, out = tricky
    iri_of = {m.iri: m.code for m in gazetteer.municipalities}
    rows = read_csv(out / "matches.csv")
    made = [r for r in rows if r["match"]]
    correct = [r for r in made if iri_of[r["match"]] == r["verwacht"]]
    answerable = [r for r in rows if r["verwacht"] != "-"]
    precision = len(correct) / len(made)
    recall = len(correct) / len(answerable)
    print(
        f"\nkg link on {TRICKY.name}: {len(rows)} rows, {len(made)} links, "
        f"precision {precision:.3f}, recall {recall:.3f}"
    )
    wrong = [(r["naam"], r["code"], r["verwacht"], r["match"]) for r in made if r not in correct]
    missed = [(r["naam"], r["code"], r["verwacht"], r["method"]) for r in answerable if not r["match"]]
    assert precision == 1.0, f"wrong links: {wrong}"
    assert recall == 1.0, f"missed: {missed}"


def test_certain_links_are_owl_same_as_and_typo_links_skos_exact_match(tricky):
    _, out = tricky
    rows = read_csv(out / "matches.csv")
    g = Graph().parse(out / "linkset.ttl")
    for number, row in enumerate(rows, start=2):
        subject = URIRef(f"https://example.org/tricky.csv#row={number}")
        if row["soort"] == "-":
            assert not list(g.objects(subject, OWL.sameAs)) and not list(g.objects(subject, SKOS.exactMatch)), row
        else:
            assert (subject, PREDICATES[row["soort"]], URIRef(row["match"])) in g, row


@pytest.mark.parametrize(
    ("text", "method"),
    [
        ("Den Haag", "exact-name"),
        ("'S-GRAVENHAGE", "normalised-name"),
        ("The Hague", "known-variant"),
        ("Bergen (Noord-Holland)", "known-variant"),
        ("Brergen op Zoom", "similar-name"),
    ],
)
def test_each_match_says_how_it_was_made(matcher, text, method):
    assert matcher.match_name(text).method == method


@pytest.mark.parametrize(
    ("text", "status"),
    [("Bergen", "ambiguous"), ("Bergen (NB)", "unmatched"), ("Hengelo (Gld.)", "unmatched"), ("Haren", "unmatched")],
)
def test_names_that_fit_none_or_several_municipalities_get_no_link(matcher, text, status):
    result = matcher.match_name(text)
    assert result.status == status and result.municipality is None


def test_a_code_and_a_name_that_disagree_are_a_conflict(matcher):
    result = matcher.match(["Amsterdam"], ["GM0518"])
    assert result.status == "conflict"
    assert {m.code for m in result.candidates} == {"GM0363", "GM0518"}


@pytest.mark.parametrize(
    ("raw", "digits"),
    [
        ("GM0828", "0828"),
        ("gm828", "0828"),
        ("0828", "0828"),
        ("828", "0828"),
        ("GM 0828", "0828"),
        ("GM-0828", "0828"),
        ("https://identifier.overheid.nl/tooi/id/gemeente/gm0828", "0828"),
        ("GM12345", None),
        ("PV27", None),
        ("", None),
    ],
)
def test_codes_are_read_with_and_without_gm_and_leading_zeros(raw, digits):
    assert parse_code(raw) == digits


@pytest.mark.parametrize(
    ("text", "base", "province"),
    [
        ("Bergen (NH.)", "Bergen", "Noord-Holland"),
        ("Bergen (N.H.)", "Bergen", "Noord-Holland"),
        ("Bergen L", "Bergen", "Limburg"),
        ("Hengelo (Gld.)", "Hengelo", "Gelderland"),
        ("Middelburg (Z.)", "Middelburg", "Zeeland"),
    ],
)
def test_province_qualifiers_are_read(text, base, province):
    q = split_qualifier(text)
    assert q is not None and (q.base, q.province) == (base, province)


def test_the_province_of_every_municipality_agrees_with_the_registers_own_qualifiers(gazetteer):
    """The safety-region-to-province table is ours; the register's "(NH.)", "(L.)" ... are independent
    evidence for it."""
    assert all(m.province in PROVINCES for m in gazetteer.municipalities)
    qualified = [(m, split_qualifier(m.name)) for m in gazetteer.municipalities if "(" in m.name]
    assert len(qualified) >= 8
    for m, q in qualified:
        assert q is not None and q.province == m.province, m


# -- what is written ----------------------------------------------------------------------------------------


def test_matches_csv_gives_back_every_input_row_unchanged_with_three_columns_added(tricky):
    _, out = tricky
    original = read_csv(TRICKY, encoding="utf-8")
    written = read_csv(out / "matches.csv")
    assert list(written[0]) == [*original[0], "match", "method", "score"]
    assert [{k: r[k] for k in original[0]} for r in written] == original


def test_the_linkset_is_described_with_void(tricky):
    _, out = tricky
    g = Graph().parse(out / "linkset.ttl")
    head = URIRef(f"{BASE}id/linkset/tricky")
    subsets = set(g.objects(head, VOID.subset))
    assert subsets == {URIRef(f"{head}/sameas"), URIRef(f"{head}/exactmatch")}
    for subset in subsets:
        predicate = g.value(subset, VOID.linkPredicate)
        assert (subset, RDF.type, VOID.Linkset) in g
        assert g.value(subset, VOID.subjectsTarget) == URIRef("https://example.org/tricky.csv")
        assert g.value(subset, VOID.objectsTarget) == URIRef(f"{BASE}id/dataset/aeno-kg")
        assert int(g.value(subset, VOID.triples)) == len(list(g.subject_objects(predicate))) > 0


@pytest.mark.parametrize("fixture", ["tricky.csv", "other-dataset.ttl"])
def test_what_kg_link_writes_conforms_to_the_linkset_shapes(project, tmp_path, fixture):
    link(project, FIXTURES / fixture, tmp_path)
    iris = Iris(BASE)
    report = validate_linkset(
        Graph().parse(tmp_path / "linkset.ttl"), load_linkset_shapes(project.shapes_dir, Iris(BASE)), iris
    )
    assert report.conforms, report.text()


@pytest.mark.parametrize(
    ("old", "new", "message"),
    [
        ("owl:sameAs gemeente:oss", "skos:exactMatch gemeente:oss", "The link itself is not in the linkset"),
        ("aeno:matchScore 1.000", "aeno:matchScore 1.500", "one score between 0 and 1"),
        ("void:triples 1 ", "void:triples -1 ", "counts its links"),
    ],
)
def test_the_linkset_shapes_catch_a_hand_edited_linkset(project, tmp_path, old, new, message):
    source = tmp_path / "codes.csv"
    source.write_text("naam\nOss\nBrergen op Zoom\n", encoding="utf-8")
    link(project, source, tmp_path / "out")
    text = (tmp_path / "out" / "linkset.ttl").read_text(encoding="utf-8")
    assert old in text, text
    g = Graph().parse(data=text.replace(old, new, 1), format="turtle")
    report = validate_linkset(g, load_linkset_shapes(project.shapes_dir, Iris(BASE)), Iris(BASE))
    assert not report.conforms and message in report.text()


def test_every_link_carries_its_method_and_score(tricky):
    _, out = tricky
    g = Graph().parse(out / "linkset.ttl")
    links = [(s, p, o) for p in (OWL.sameAs, SKOS.exactMatch) for s, o in g.subject_objects(p)]
    for s, p, o in links:
        (st,) = [
            x for x in g.subjects(RDF.subject, s) if g.value(x, RDF.predicate) == p and g.value(x, RDF.object) == o
        ]
        method = g.value(st, URIRef(f"{AENO}matchMethod"))
        score = g.value(st, URIRef(f"{AENO}matchScore"))
        assert str(method).startswith(f"{BASE}id/koppelmethode/")
        assert isinstance(score, Literal) and score.datatype == XSD.decimal and 0 < float(score) <= 1


def test_the_report_lists_what_did_not_match_and_what_was_ambiguous(tricky):
    _, out = tricky
    report = (out / "report.txt").read_text(encoding="utf-8")
    assert "Ambiguous: no link made (1):" in report and "'Bergen' -> Bergen (NH.) (GM0373) or Bergen (L.)" in report
    assert "no Hengelo in Gelderland; there is Hengelo (O.) (Overijssel)" in report
    assert "GM0003 is not in the register" in report
    assert "Similar names, linked with skos:exactMatch: check these (4):" in report


def test_the_same_file_gives_byte_identical_output_whatever_the_hash_seed(tmp_path):
    outputs = []
    for seed in ("1", "2"):
        out = tmp_path / seed
        env = {**os.environ, "PYTHONHASHSEED": seed}
        subprocess.run(
            [sys.executable, "-m", "kg.cli", "link", str(TRICKY), "--out", str(out)],
            check=True,
            capture_output=True,
            env=env,
            cwd=Path(__file__).resolve().parents[1],
        )
        outputs.append({f: (out / f).read_bytes() for f in ("linkset.ttl", "matches.csv", "report.txt")})
    assert outputs[0] == outputs[1]


def test_the_match_method_codes_are_published_in_the_graph(graph):
    scheme = URIRef(f"{BASE}id/koppelmethode")
    concepts = set(graph.subjects(SKOS.inScheme, scheme))
    assert {str(c).rsplit("/", 1)[1] for c in concepts} == {
        "code",
        "exact-name",
        "normalised-name",
        "known-variant",
        "similar-name",
    }
    for c in concepts:
        assert {d.language for d in graph.objects(c, SKOS.definition)} == {"nl", "en"}


# -- inputs -------------------------------------------------------------------------------------------------


def test_an_rdf_file_is_linked_resource_by_resource(project, tmp_path):
    outcome = link(project, FIXTURES / "other-dataset.ttl", tmp_path, rdf_type="https://example.org/ander/Gemeente")
    by_subject = {r.subject: m for r, m in zip(outcome.source.records, outcome.matches, strict=True)}
    ex = "https://example.org/ander/"
    assert by_subject[f"{ex}den-haag"].municipality.code == "GM0518"
    assert by_subject[f"{ex}bergen-limburg"].municipality.code == "GM0893"
    assert by_subject[f"{ex}bergen"].status == "ambiguous"
    assert by_subject[f"{ex}bergen-op-zoom"].method == "similar-name"
    assert by_subject[f"{ex}oss"].method == "code"
    assert by_subject[f"{ex}strijdig"].status == "conflict"
    assert f"{ex}jan" not in by_subject
    assert "1 blank node(s)" in (tmp_path / "report.txt").read_text(encoding="utf-8")
    assert not (tmp_path / "matches.csv").exists()


def test_a_windows_1252_csv_from_excel_is_read_and_given_back_as_utf8(project, tmp_path):
    source = tmp_path / "excel.csv"
    source.write_bytes("Gemeentenaam;Inwoners\r\nSúdwest-Fryslân;90000\r\n".encode("cp1252"))
    link(project, source, tmp_path / "out")
    written = (tmp_path / "out" / "matches.csv").read_bytes()
    assert written.startswith(b"\xef\xbb\xbf")
    row = read_csv(tmp_path / "out" / "matches.csv")[0]
    assert row["Gemeentenaam"] == "Súdwest-Fryslân" and row["match"].endswith("/sudwest-fryslan")
    assert "Windows-1252" in (tmp_path / "out" / "report.txt").read_text(encoding="utf-8")


def test_a_subject_template_names_rows_after_their_own_columns(project, tmp_path):
    source = tmp_path / "codes.csv"
    source.write_text("code,naam\nGM0828,Oss\n", encoding="utf-8")
    link(project, source, tmp_path / "out", subject_template="https://example.org/gemeente/{code}")
    g = Graph().parse(tmp_path / "out" / "linkset.ttl")
    assert (URIRef("https://example.org/gemeente/GM0828"), OWL.sameAs, URIRef(f"{BASE}id/gemeente/oss")) in g


# (file content, extra options, message expected)
BAD_INPUTS = [
    ("", [], "the file is empty"),
    ("plaats,aantal\nOss,1\n", [], "found no column with municipality names or codes among: plaats, aantal"),
    ("naam\nOss\n", ["--name-column", "gemeente"], "no column 'gemeente' for the municipality name"),
    ("naam,code\nOss,0828\nDelft,0503,extra\n", [], "line 3: 3 fields where the header has 2"),
    ("naam,match\nOss,x\n", [], "already has a column 'match'"),
    ("naam\nOss\n", ["--subject-template", "urn:x:{plaats}"], "names no column plaats"),
    ("naam\nOss\n", ["--subject-template", "not an iri {naam}"], "is not an absolute IRI"),
]


@pytest.mark.parametrize(("content", "options", "message"), BAD_INPUTS)
def test_a_bad_input_gets_a_clear_error_and_changes_nothing(project, tmp_path, content, options, message):
    source = tmp_path / "input.csv"
    source.write_text(content, encoding="utf-8")
    out = tmp_path / "out"
    out.mkdir()
    (out / "linkset.ttl").write_text("previous run", encoding="utf-8")
    result = CliRunner().invoke(
        main, ["link", "--project", str(project.root), str(source), "--out", str(out), *options]
    )
    assert result.exit_code == 2, result.output
    assert message in result.output and "Traceback" not in result.output
    assert sorted(p.name for p in out.iterdir()) == ["linkset.ttl"]
    assert (out / "linkset.ttl").read_text(encoding="utf-8") == "previous run"


def test_invalid_rdf_is_refused_with_its_line(project, tmp_path):
    source = tmp_path / "bad.ttl"
    source.write_text('@prefix ex: <https://example.org/> .\nex:a ex:b "unterminated .\n', encoding="utf-8")
    result = CliRunner().invoke(
        main, ["link", "--project", str(project.root), str(source), "--out", str(tmp_path / "o")]
    )
    assert result.exit_code == 2 and "bad.ttl: not valid turtle" in result.output
    assert not (tmp_path / "o").exists()


# -- linksets in the build ----------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def linked_build(tmp_path_factory):
    """A copy of the project with the tricky linkset in data/linksets/, built."""
    from tests.conftest import copy_project

    root = copy_project(tmp_path_factory.mktemp("linked") / "project")
    project = Project.open(root)
    out = tmp_path_factory.mktemp("linkset-out")
    link(project, TRICKY, out, name="proef", source_iri="https://example.org/tricky.csv")
    (root / "data" / "linksets").mkdir()
    shutil.copy(out / "linkset.ttl", root / "data" / "linksets" / "proef.ttl")
    info = build(project, validator="sparql")  # the linkset is validated by pySHACL either way
    return project, info


def test_a_linkset_is_loaded_as_a_named_graph(linked_build):
    from kg.publish.store import open_store

    project, info = linked_build
    (entry,) = info.publication.linksets
    assert entry.name == "proef" and entry.links == 64
    store = open_store(project.default_out() / "store")
    rows = list(
        store.query(
            "SELECT (COUNT(*) AS ?n) WHERE { GRAPH <https://w3id.org/aeno-kg/id/linkset/proef> "
            "{ ?s <http://www.w3.org/2002/07/owl#sameAs> ?o } }"
        )
    )
    assert int(rows[0]["n"].value) == 60
    default = store.query(
        "ASK { ?s <http://www.w3.org/2002/07/owl#sameAs> <https://w3id.org/aeno-kg/id/gemeente/bergen-l> }"
    )
    assert not bool(default), "links stay in their named graph, out of the default graph"


def test_a_loaded_linkset_is_listed_in_void_dereferenceable_and_downloadable(linked_build):
    from kg.server import create_app

    project, _ = linked_build
    void = Graph().parse(project.default_out() / "void.ttl")
    head = URIRef(f"{BASE}id/linkset/proef")
    assert (URIRef(f"{BASE}id/dataset/aeno-kg"), VOID.subset, head) in void
    app = create_app(store=project.default_out() / "store")
    try:
        client = app.test_client()
        page = client.get("/doc/linkset/proef", headers={"Accept": "text/turtle"})
        assert page.status_code == 200
        assert (head, VOID.subset, URIRef(f"{head}/sameas")) in Graph().parse(data=page.data, format="turtle")
        download = client.get("/download/linksets/proef.ttl")
        assert download.status_code == 200 and b"owl:sameAs" in download.data
        assert client.get("/download/linksets/nope.ttl").status_code == 404
        description = client.get("/sparql", headers={"Accept": "application/n-triples"}).data.decode()
        assert f"<http://www.w3.org/ns/sparql-service-description#name> <{head}>" in description
    finally:
        app.extensions["kg"].close()


@pytest.mark.parametrize(
    ("made_with_base", "edit", "message"),
    [
        ("https://example.org/kg/", None, "was made for another base"),
        (None, ("gemeente:oss", "gemeente:atlantis"), "gemeente/atlantis>: not a municipality of this graph"),
        (None, ("void:triples 4 ", "void:triples 5 "), "says 5 links; there are 4"),
    ],
)
def test_a_linkset_that_does_not_fit_the_graph_is_refused_with_its_file(
    project_copy, tmp_path, made_with_base, edit, message
):
    link(Project.open(project_copy, made_with_base), TRICKY, tmp_path, name="ander")
    text = (tmp_path / "linkset.ttl").read_text(encoding="utf-8")
    if edit:
        assert edit[0] in text
        text = text.replace(*edit)
    (project_copy / "data" / "linksets").mkdir()
    (project_copy / "data" / "linksets" / "ander.ttl").write_text(text, encoding="utf-8")
    with pytest.raises(DataError) as caught:
        assemble(Project.open(project_copy))
    (problem,) = caught.value.problems
    assert Path(problem.file).name == "ander.ttl"
    assert message in problem.message
