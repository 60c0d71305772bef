"""Every setting is declared once (kg.settings): its value comes from the option, else the environment, else
kg.toml, else the default; a bad value is refused naming where it came from; the commands' options and the
docs' table are made from the same declarations."""

from __future__ import annotations

import re
import shutil

import pytest
from click.testing import CliRunner

from kg.cli import main
from kg.errors import ProjectError
from kg.project import Project
from kg.settings import (
    SETTINGS_CLASSES,
    BuildSettings,
    ServeSettings,
    SettingError,
    markdown_table,
    resolve,
    rows,
    unknown_variables,
)

from .conftest import ROOT

DOCS = ROOT / "docs" / "reference" / "settings.md"


def run(*args: str, env: dict[str, str] | None = None):
    return CliRunner().invoke(main, list(args), env=env)


@pytest.mark.parametrize(
    ("option", "env", "toml", "expected"),
    [
        (3.0, "4", 5, 3.0),
        (None, "4", 5, 4.0),
        (None, None, 5, 5.0),
        (None, None, None, 10.0),
    ],
    ids=["option", "environment", "kg.toml", "default"],
)
def test_a_value_comes_from_the_option_else_the_environment_else_kg_toml_else_the_default(option, env, toml, expected):
    settings = resolve(
        ServeSettings,
        {"query_timeout": option},
        {"KG_QUERY_TIMEOUT": env} if env is not None else {},
        {"query_timeout": toml} if toml is not None else {},
    )
    assert settings.query_timeout == expected


@pytest.mark.parametrize(
    ("environ", "toml", "message"),
    [
        ({"KG_QUERY_TIMEOUT": "ten"}, {}, "KG_QUERY_TIMEOUT must be a number of at least 0.1, not 'ten'"),
        ({"KG_QUERY_TIMEOUT": "0"}, {}, "KG_QUERY_TIMEOUT must be a number of at least 0.1, not '0'"),
        ({"KG_MAX_RESULT_ROWS": "1.5"}, {}, "KG_MAX_RESULT_ROWS must be a whole number of at least 1, not '1.5'"),
        ({"KG_FAST_PATH": "perhaps"}, {}, "KG_FAST_PATH must be true or false"),
        ({"KG_ALLOWED_SERVICES": "ftp://x"}, {}, "KG_ALLOWED_SERVICES must be an http(s) URL, not 'ftp://x'"),
        ({}, {"max_result_rows": "many"}, "kg.toml [server] max_result_rows must be a whole number"),
        ({}, {"allowed_services": "http://a.example/ x"}, "kg.toml [server] allowed_services must be an http(s) URL"),
    ],
)
def test_a_bad_value_is_refused_naming_where_it_came_from(environ, toml, message):
    with pytest.raises(SettingError) as caught:
        resolve(ServeSettings, {}, environ, toml)
    assert message in str(caught.value)


def test_an_unknown_setting_in_kg_toml_is_refused_with_a_suggestion():
    with pytest.raises(SettingError, match=r"unknown setting 'query_timout'; did you mean 'query_timeout'\?"):
        resolve(ServeSettings, {}, {}, {"query_timout": 3})


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("http://a.example/sparql", ("http://a.example/sparql",)),
        ("http://a.example/sparql http://b.example/q", ("http://a.example/sparql", "http://b.example/q")),
        ("http://a.example/sparql,http://b.example/q", ("http://a.example/sparql", "http://b.example/q")),
        (" , ", ()),
    ],
)
def test_a_list_in_a_variable_is_separated_by_commas_or_spaces(text, expected):
    assert resolve(ServeSettings, {}, {"KG_ALLOWED_SERVICES": text}).allowed_services == expected


def test_a_misspelt_variable_is_reported_and_others_are_left_alone():
    notes = unknown_variables({"KG_QUERY_TIMOUT": "3", "KG_REQUIRE_TOOLS": "1", "PATH": "/bin"}, *SETTINGS_CLASSES)
    assert notes == ["KG_QUERY_TIMOUT is not a setting (ignored); did you mean KG_QUERY_TIMEOUT?"]


def test_the_build_settings_come_from_kg_toml_and_the_environment(tmp_path, monkeypatch):
    project = tmp_path / "p"
    for part in ("data", "ontology", "shapes"):
        shutil.copytree(ROOT / part, project / part)
    (project / "kg.toml").write_text('[dataset]\nbase = "https://example.org/kg/"\n[build]\nsort_chunk = 1000\n')
    opened = Project.open(project)
    assert (opened.base, opened.settings.sort_chunk) == ("https://example.org/kg/", 1000)
    monkeypatch.setenv("KG_SORT_CHUNK", "2000")
    monkeypatch.setenv("KG_BASE", "https://example.org/other/")
    opened = Project.open(project)
    assert (opened.base, opened.settings.sort_chunk) == ("https://example.org/other/", 2000)
    assert Project.open(project, "https://example.org/given/", sort_chunk=3).settings.sort_chunk == 3


def test_an_unknown_section_of_kg_toml_is_refused(project_copy):
    (project_copy / "kg.toml").write_text("[servre]\nport = 1\n", encoding="utf-8")
    with pytest.raises(ProjectError, match=r"unknown section \[servre\]"):
        Project.open(project_copy)


@pytest.mark.parametrize("cls", SETTINGS_CLASSES, ids=lambda c: c.__name__)
def test_every_setting_with_an_option_is_an_option_of_its_command_showing_its_variable(cls):
    command = cls.COMMAND.split()[1]
    shown = " ".join(run(command, "--help").output.split())
    for row in rows(cls):
        if row.option:
            assert f"{row.option} " in shown, row.name
            assert row.env in shown, row.name


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["serve", "--timeout", "ten"], "Invalid value for '--timeout': must be a number of at least 0.1, not 'ten'"),
        (["serve", "--port", "70000"], "Invalid value for '--port': must be a whole number of at least 0 and at most"),
        (["serve", "--allow-service", "localhost:7878"], "must be an http(s) URL, not 'localhost:7878'"),
        (["build", "--sort-chunk", "0"], "Invalid value for '--sort-chunk': must be a whole number of at least 1"),
        (["serve", "--base", "https://example.org/"], "No such option '--base'"),
    ],
)
def test_a_bad_option_is_a_usage_error_before_anything_starts(args, message):
    result = run(*args)
    assert result.exit_code == 2
    assert message in " ".join(result.output.split())


def test_kg_serve_refuses_a_bad_variable_before_it_starts(tmp_path):
    result = run("serve", "--store", str(tmp_path), env={"KG_MAX_RESULT_ROWS": "lots"})
    assert result.exit_code == 2
    assert "KG_MAX_RESULT_ROWS must be a whole number of at least 1, not 'lots'" in result.output


def test_the_docs_settings_table_is_the_table_of_the_declarations():
    text = DOCS.read_text(encoding="utf-8")
    block = re.search(r"<!-- settings-table -->\n(.*?)<!-- /settings-table -->", text, re.DOTALL)
    assert block, f"{DOCS} has no generated settings table (python -m kg.docs writes it)"
    assert block[1] == markdown_table()


@pytest.mark.parametrize("cls", [BuildSettings, ServeSettings], ids=lambda c: c.__name__)
def test_every_default_is_a_valid_value_of_its_kind(cls):
    for row in rows(cls):
        if row.default is not None:
            assert row.spec.kind.check(row.default) == row.default, row.name


READS_A_VARIABLE = r"os\.environ\.get\(\s*[\"']KG_|os\.getenv\(\s*[\"']KG_|[\"']KG_[A-Z_]+[\"']\s+(not )?in os\.environ"


def test_no_setting_is_read_from_the_environment_anywhere_else():
    """The environment is read in kg.settings (and the CLI hands it over): nowhere else decides a setting."""
    readers = []
    for path in [*(ROOT / "src").rglob("*.py"), *(ROOT / "server").rglob("*.py")]:
        text = path.read_text(encoding="utf-8")
        if re.search(
            r"os\.environ\.get\(\s*[\"']KG_|os\.getenv\(\s*[\"']KG_|[\"']KG_[A-Z_]+[\"']\s+(not )?in os\.environ", text
        ):
            readers.append(str(path.relative_to(ROOT)))
    assert readers == []
