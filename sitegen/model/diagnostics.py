"""Positioned problems found in content, reported all at once, gcc-style."""

from __future__ import annotations

import re
from dataclasses import dataclass

# A message is one line: a value quoted in it may hold a line break or a tab (a quoted YAML
# string can), which would split the report and the GitHub annotation. Shown escaped instead.
_CONTROL = re.compile(r"[\x00-\x1f\x7f]")


@dataclass(frozen=True, order=True)
class Diagnostic:
    """One problem in one file: `path:line:column: message`.

    `path` is relative to the project (e.g. `content/initiatives/x.md`) so that
    editors and GitHub annotations can find the file; line and column are 1-based.
    Column 0 means unknown (Jinja gives template errors a line only): it is left out.
    """

    path: str
    line: int
    column: int
    message: str

    def __post_init__(self):
        if _CONTROL.search(self.message):
            escaped = _CONTROL.sub(lambda m: repr(m.group())[1:-1], self.message)
            object.__setattr__(self, "message", escaped)

    def as_text(self) -> str:
        column = f":{self.column}" if self.column else ""
        return f"{self.path}:{self.line}{column}: {self.message}"

    def as_github(self, level: str = "error") -> str:
        """A workflow command: '%', CR and LF escaped in the message and, with ':' and ',', in
        the file name, so a file name cannot add a line, column or title of its own."""
        column = f",col={self.column}" if self.column else ""
        return f"::{level} file={_property(self.path)},line={self.line}{column}::{_data(self.message)}"


def _data(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _property(text: str) -> str:
    return _data(text).replace(":", "%3A").replace(",", "%2C")


class ContentError(Exception):
    """Raised by a stage when content problems stop the build."""

    def __init__(self, diagnostics: list[Diagnostic]):
        self.diagnostics = _capped(sorted(diagnostics))
        super().__init__(f"{len(self.diagnostics)} problem(s) in content")

    def __reduce__(self):  # raised in a worker process, it must arrive whole in the parent
        return type(self), (self.diagnostics,)


MAX_PER_FILE = 50  # problems shown per file, like the 200 items a list may hold: the rest is counted


def _capped(diagnostics: list[Diagnostic]) -> list[Diagnostic]:
    """At most MAX_PER_FILE problems of one file, then one line that counts the others."""
    kept, shown = [], {}
    for problem in diagnostics:
        count = shown[problem.path] = shown.get(problem.path, 0) + 1
        if count <= MAX_PER_FILE:
            kept.append(problem)
        elif count == MAX_PER_FILE + 1:
            kept.append(problem)  # stands in for the rest; its message is set below
    for index, problem in enumerate(kept):
        rest = shown[problem.path] - MAX_PER_FILE
        if rest > 0 and (index + 1 == len(kept) or kept[index + 1].path != problem.path):
            kept[index] = Diagnostic(problem.path, problem.line, 0,
                                     f"en nog {rest} {'probleem' if rest == 1 else 'problemen'} in dit bestand; "
                                     "los eerst de bovenstaande op")
    return kept


def file_problem(error: OSError) -> str:
    """A file or folder that cannot be read or written, in one line for editors (no traceback)."""
    where = f" '{error.filename}'" if error.filename else ""
    return f"fout: bestand of map{where}: {error.strerror or error}"
