"""A mistake in a template, as a positioned problem: `templates/initiative.html:12: message`.

Jinja reports syntax errors, unknown filters and unknown tags with the template's file and
line when it compiles a template. Errors raised while rendering (an undefined variable or
attribute, a failing filter, a missing include) carry Jinja's rewritten traceback, whose
frames name the template file and line: the innermost frame in the templates folder is where
the mistake is. The page being made is named too, since one template serves many pages.
"""

from __future__ import annotations

import traceback
from pathlib import Path

import jinja2

from sitegen.content.discover import display_path
from sitegen.model.diagnostics import ContentError, Diagnostic


class TemplateProblem(ContentError):
    """A mistake in the templates: reported like content problems, and it stops the build the same way."""


def template_error(error: BaseException, templates_dir: Path, page: str | None = None) -> TemplateProblem:
    """Any exception raised while compiling or rendering templates -> a TemplateProblem with one problem."""
    templates_dir = templates_dir.resolve()
    path, line = _position(error, templates_dir)
    message = _message(error)
    if page is not None:
        shown = page.removesuffix("index.html") or "/"
        message += f" (bij het maken van {shown})"
    return TemplateProblem([Diagnostic(path, line, 0, message)])


def _position(error: BaseException, templates_dir: Path) -> tuple[str, int]:
    if isinstance(error, jinja2.TemplateSyntaxError) and error.filename:
        return display_path(Path(error.filename)), error.lineno or 1
    for frame in reversed(traceback.extract_tb(error.__traceback__)):
        filename = Path(frame.filename)
        if filename.is_absolute() and templates_dir in filename.parents:
            return display_path(filename), frame.lineno or 1
    return display_path(templates_dir), 1


def _message(error: BaseException) -> str:
    if isinstance(error, jinja2.TemplateNotFound):
        return f"sjabloonfout: het sjabloon '{error.name}' bestaat niet"
    if isinstance(error, jinja2.TemplateSyntaxError):
        return f"sjabloonfout: {error.message}"
    if isinstance(error, jinja2.UndefinedError):
        return f"sjabloonfout: onbekende variabele of eigenschap: {error.message}"
    if isinstance(error, jinja2.TemplateError):  # e.g. an unknown filter in a branch, found when it runs
        return f"sjabloonfout: {error.message}"
    return f"sjabloonfout: {type(error).__name__}: {error}"
