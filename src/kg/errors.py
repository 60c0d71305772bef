"""The errors `kg` reports to people. Each carries what a reader needs to fix the cause, never a traceback."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path


class KGError(Exception):
    """Base class: an error with a message fit for a person at a terminal."""

    exit_code = 1


@dataclass
class Problem:
    """One problem in one data file: where it is and what is wrong."""

    file: Path | str
    line: int | None
    field: str | None
    message: str

    def __str__(self) -> str:
        where = str(self.file)
        if self.line is not None:
            where += f", line {self.line}"
        if self.field:
            where += f", field {self.field}"
        return f"{where}: {self.message}"


class DataError(KGError):
    """Bad input data: one or more problems, each with file, line and field."""

    exit_code = 2

    def __init__(self, problems: list[Problem]) -> None:
        self.problems = problems
        super().__init__("\n".join(str(p) for p in problems))


class ValidationFailed(KGError):
    """The graph does not conform to the shapes."""

    exit_code = 3

    def __init__(self, report_text: str, violations: int) -> None:
        self.report_text = report_text
        self.violations = violations
        super().__init__(f"the graph does not conform to the shapes: {violations} violation(s)\n{report_text}")


class QueryInputError(KGError):
    """A query `kg query` cannot run as written (a syntax error, an update): the user's input, exit 2."""

    exit_code = 2


class ProjectError(KGError):
    """The project directory is missing something the command needs."""

    exit_code = 2
