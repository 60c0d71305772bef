"""Bad input stops the build with the file, line and field named, and loses nothing: no output is written and
a previous build stays exactly as it was."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from click.testing import CliRunner

from kg.cli import main


def run(*args: str):
    return CliRunner().invoke(main, list(args))


def edit(path: Path, old: str, new: str, count: int = 1) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, f"test set-up: {old!r} not in {path.name}"
    path.write_text(text.replace(old, new, count), encoding="utf-8")


def line_of(path: Path, needle: str) -> int:
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if needle in line:
            return number
    raise AssertionError(f"{needle!r} not in {path}")


# (file, text to replace, replacement, text on the line the error must name, field, message)
CURATED_BREAKS = [
    (
        "people.yaml",
        'job_title: {nl: "Gemeentesecretaris", en: "Municipal secretary"}',
        'job_titel: {nl: "Gemeentesecretaris"}',
        "job_titel",
        "people[5].job_titel",
        "unknown field 'job_titel'",
    ),
    (
        "people.yaml",
        "  - id: peter-tangel\n    name: Peter Tangel\n",
        "  - id: peter-tangel\n",
        "id: peter-tangel",
        "people[1].name",
        "missing required field 'name'",
    ),
    (
        "people.yaml",
        "member_of: {id: delft,",
        "member_of: {id: delf,",
        "id: delf,",
        "people[1].member_of.id",
        "unknown municipality or organisation 'delf'; did you mean 'delft'?",
    ),
    (
        "projects.yaml",
        "- {id: publiek-ondernemerschap, quote:",
        "- {id: publiek-ondernemen, quote:",
        "publiek-ondernemen,",
        "overlays[1].themes[0].id",
        "unknown theme 'publiek-ondernemen'",
    ),
    (
        "organisations.yaml",
        'quote: "De serie is uitgevoerd door Factor Vijf in opdracht van het A+O fonds Gemeenten"}',
        'quote: "De serie is gemaakt door Factor Vijf"}',
        "De serie is gemaakt door Factor Vijf",
        "organisations[4].evidence[0].quote",
        "quote not found in source 'praktijkverhaal-soest'",
    ),
    (
        "themes.yaml",
        'label: {nl: "Vakmanschap", en: "Craftsmanship"}',
        'label: {nl: "Vakmanschap"}',
        'label: {nl: "Vakmanschap"}',
        "themes[14].label.en",
        "missing required field 'en'",
    ),
    (
        "events.yaml",
        "  - id: 2017-11-09-integraal-werken",
        "  - id: 2017-11-10-integraal-werken",
        "2017-11-10-integraal-werken",
        "overlays[0].id",
        "no parsed event has id '2017-11-10-integraal-werken'",
    ),
    (
        "programmes.yaml",
        "    kind: leerkring",
        "    kind: kring",
        "kind: kring",
        "programmes[4].kind",
        "Input should be",
    ),
    (
        "projects.yaml",
        "{property: duration, value: 2, unit: maand,",
        "{property: duration, value: 2,",
        "{property: duration, value: 2,",
        "projects[1].quantities[1]",
        "a duration needs a `unit`",
    ),
    (
        "events.yaml",
        "    rescheduled:\n      date: 2024-01-01\n      source: "
        '{iri: "https://wetten.overheid.nl/BWBR0037885", title: "Omgevingswet"}\n',
        "",
        "id: inwerkingtreding-omgevingswet",
        "events[5]",
        "an `expected_year` needs `rescheduled`",
    ),
]


@pytest.mark.parametrize("case", CURATED_BREAKS, ids=[f"{c[0]}:{c[4]}" for c in CURATED_BREAKS])
def test_bad_curated_data_names_file_line_and_field_and_writes_nothing(project_copy, case):
    filename, old, new, needle, field, message = case
    path = project_copy / "data" / "curated" / filename
    edit(path, old, new)
    result = run("build", "--project", str(project_copy))
    assert result.exit_code == 2, result.output
    expected = f"{path}, line {line_of(path, needle)}, field {field}: "
    assert any(line.strip().startswith(expected) and message in line for line in result.output.splitlines()), (
        result.output
    )
    assert not (project_copy / "dist").exists()


def test_every_problem_is_reported_in_one_run(project_copy):
    curated = project_copy / "data" / "curated"
    edit(curated / "people.yaml", "member_of: {id: oss,", "member_of: {id: osss,")
    edit(
        curated / "projects.yaml", '- {id: innovatie, quote: "Het vormgeven', '- {id: innovaties, quote: "Het vormgeven'
    )
    result = run("build", "--project", str(project_copy))
    assert result.exit_code == 2
    assert "unknown municipality or organisation 'osss'" in result.output
    assert "unknown theme 'innovaties'" in result.output


def test_yaml_syntax_error_names_file_and_line(project_copy):
    path = project_copy / "data" / "curated" / "events.yaml"
    edit(path, "    title: Finaledag 3-2-1-Co 2016", "    title: [Finaledag")
    result = run("build", "--project", str(project_copy))
    assert result.exit_code == 2
    assert re.search(rf"{re.escape(str(path))}, line \d+: not valid YAML", result.output)


def test_changed_source_page_is_refused_until_its_checksum_is_updated(project_copy):
    edit(project_copy / "data" / "sources" / "innovatieve-projecten.txt", "Claudia Baars", "Claudia Baas")
    result = run("build", "--project", str(project_copy))
    assert result.exit_code == 2
    manifest = project_copy / "data" / "sources" / "manifest.yaml"
    assert f"{manifest}, line {line_of(manifest, 'a88956cf')}, field sources[0].sha256" in result.output
    assert "innovatieve-projecten.txt has changed" in result.output


def test_source_page_that_breaks_its_shape_names_source_file_and_line(project_copy):
    source = project_copy / "data" / "sources" / "praktijkverhaal-soest.txt"
    edit(source, "• Gemiddelde leeftijd : 47,3 jaar", "• Gemiddelde leeftijd : 47.3 jaar")
    manifest = project_copy / "data" / "sources" / "manifest.yaml"
    import hashlib

    new_sum = hashlib.sha256(source.read_bytes()).hexdigest()
    edit(manifest, "66554e181c30f1296f9bf3709a9c9aff5b2a265ff92e18bdd253cd16141b50ae", new_sum)
    result = run("build", "--project", str(project_copy))
    assert result.exit_code == 2
    assert f"{source}, line {line_of(source, 'Gemiddelde leeftijd')}: key figure not understood" in result.output


@pytest.mark.parametrize(
    ("row", "field", "message"),
    [
        ("GM08288,Oss2,,VR21", "cbs_code", "not a CBS municipality code"),
        ("GM0828,Oss,,VR21", "cbs_code", "GM0828 is also on line"),
        ("GM9999,,,VR21", "official_name", "empty"),
    ],
    ids=["malformed code", "duplicate code", "no name"],
)
def test_bad_register_row_names_file_line_and_column(project_copy, row, field, message):
    register = project_copy / "data" / "reference" / "gemeenten-cbs.csv"
    register.write_text(register.read_text(encoding="utf-8") + row + "\n", encoding="utf-8")
    import hashlib

    manifest = project_copy / "data" / "reference" / "manifest.yaml"
    edit(
        manifest,
        "f05889cbd6628ba835bb710a9a5e71954dab5b82d621e9ecf26ef4cd1c85d5b3",
        hashlib.sha256(register.read_bytes()).hexdigest(),
    )
    result = run("build", "--project", str(project_copy))
    assert result.exit_code == 2
    assert f"{register}, line 344, field {field}: {message}" in result.output


def test_not_a_project_directory_is_a_clear_error(tmp_path):
    result = run("build", "--project", str(tmp_path))
    assert result.exit_code == 2
    assert "is not a kg project: missing data/sources/manifest.yaml" in result.output
    assert "Traceback" not in result.output


# -- files built to exhaust the build ---------------------------------------------------------------------------

ALIAS_BOMB = "a0: &a0 [x, x, x, x, x, x, x, x, x]\n" + "".join(
    f"a{i}: &a{i} [{', '.join([f'*a{i - 1}'] * 9)}]\n" for i in range(1, 9)
)


def test_a_yaml_alias_bomb_is_refused_with_file_and_line(project_copy):
    target = project_copy / "data" / "curated" / "events.yaml"
    target.write_text(target.read_text(encoding="utf-8") + "\n" + ALIAS_BOMB, encoding="utf-8")
    result = run("build", "--project", str(project_copy))
    assert result.exit_code == 2, result.output
    assert re.search(r"events\.yaml.*line \d+", result.output) and "aliases" in result.output
    assert "internal error" not in result.output


def test_an_oversized_curated_file_is_refused_before_it_is_read(project_copy):
    target = project_copy / "data" / "curated" / "people.yaml"
    with target.open("a", encoding="utf-8") as f:
        f.write("#" + "x" * (11 * 1024 * 1024) + "\n")
    result = run("build", "--project", str(project_copy))
    assert result.exit_code == 2 and "people.yaml" in result.output and "at most" in result.output


def test_deeply_nested_yaml_is_refused_with_file_and_line(project_copy):
    target = project_copy / "data" / "curated" / "events.yaml"
    target.write_text(target.read_text(encoding="utf-8") + "\ndeep: " + "[" * 500 + "]" * 500 + "\n", encoding="utf-8")
    result = run("build", "--project", str(project_copy))
    assert result.exit_code == 2 and "events.yaml" in result.output and "internal error" not in result.output
