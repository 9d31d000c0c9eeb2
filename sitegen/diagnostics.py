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

    def as_github(self) -> str:
        # GitHub workflow commands: '%', CR and LF must be escaped in the message.
        message = self.message.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")
        column = f",col={self.column}" if self.column else ""
        return f"::error file={self.path},line={self.line}{column}::{message}"


class ContentError(Exception):
    """Raised by a stage when content problems stop the build."""

    def __init__(self, diagnostics: list[Diagnostic]):
        self.diagnostics = sorted(diagnostics)
        super().__init__(f"{len(self.diagnostics)} problem(s) in content")

    def __reduce__(self):  # raised in a worker process, it must arrive whole in the parent
        return type(self), (self.diagnostics,)


def file_problem(error: OSError) -> str:
    """A file or folder that cannot be read or written, in one line for editors (no traceback)."""
    where = f" '{error.filename}'" if error.filename else ""
    return f"fout: bestand of map{where}: {error.strerror or error}"
