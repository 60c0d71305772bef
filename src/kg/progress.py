"""Progress of a long build on a terminal: one bar over the build's steps, naming the step that runs, its
elapsed time and the counts of the steps done ("convert: 15,818 triples"). A 20-million-triple build runs for
many minutes, and a silent terminal cannot be told from a hung one.

On a terminal, `kg build` logs through a `Steps`: the step lines are written above the bar (tqdm.write), and
the bar is cleared when the build ends. Anywhere else (a pipe, a CI log, --quiet) there is no bar and no
carriage return: only the step lines, one per step, as before. tqdm draws the bar (one small package with no
dependencies, which redraws at most ten times a second and handles narrow terminals).
"""

from __future__ import annotations

import os
import sys
from typing import TextIO

from tqdm import tqdm

#: the steps of `kg build`, in order (kg.build.Laps names each as it ends)
STEPS = ("read", "extract", "convert", "serialise", "validate", "load", "publish")


class Steps:
    """A log function (call it with a line) that also shows a bar over STEPS while the build runs."""

    def __init__(self, stream: TextIO | None = None) -> None:
        self.stream = stream or sys.stderr
        self.bar = tqdm(
            total=len(STEPS),
            file=self.stream,
            leave=False,
            ncols=_size(self.stream)[0],
            nrows=_size(self.stream)[1],  # tqdm hides a bar below the screen's last row, and a size 0 has none
            desc=STEPS[0],
            bar_format="{desc:<10} {bar} {n_fmt}/{total_fmt} steps, {elapsed}{postfix}",
        )
        self.counts: list[str] = []

    def __call__(self, line: str) -> None:
        tqdm.write(line, file=self.stream)

    def lap(self, name: str, count: str | None, following: str | None = None) -> None:
        """Step `name` ended (with what it counted): advance the bar and name the next step (`following`, where
        the build runs its steps in another order than STEPS: a large graph is loaded before it is validated)."""
        if count:
            self.counts.append(f"{name}: {count}")
        if following is None:
            at = STEPS.index(name) + 1 if name in STEPS else len(STEPS)
            following = STEPS[at] if at < len(STEPS) else "done"
        self.bar.set_description_str(following, refresh=False)
        self.bar.set_postfix_str("; ".join(self.counts[-2:]), refresh=False)
        self.bar.update(1)

    def close(self) -> None:
        self.bar.close()


def _size(stream: TextIO) -> tuple[int, int]:
    """The terminal's columns and rows, or 80 x 24 where it reports none (size 0, as a fresh pseudo-terminal)."""
    try:
        size = os.get_terminal_size(stream.fileno())
    except (OSError, ValueError):
        return 80, 24
    return size.columns or 80, size.lines or 24


def for_terminal(stream: TextIO | None = None) -> Steps | None:
    """A `Steps` when `stream` (default stderr) is a terminal, else None."""
    stream = stream or sys.stderr
    return Steps(stream) if stream.isatty() else None
