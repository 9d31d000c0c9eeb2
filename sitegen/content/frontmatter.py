"""Stage 2: split a file into YAML front matter and Markdown body, keeping positions.

We compose YAML into nodes (never construct Python objects) so that every value
keeps its line and column and its text exactly as the editor wrote it; the
schema decides later what a value means.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import yaml

from sitegen.content.discover import SourceFile
from sitegen.model.diagnostics import Diagnostic

MAX_DEPTH = 20  # front matter never needs more; deeper nesting is an attack or a mistake

# The YAML parser's most common complaints, in words an editor understands. Keys are
# libyaml's wording, with PyYAML's (the fallback without libyaml) beside it.
_YAML_PROBLEMS = {
    "mapping values are not allowed in this context": "dubbele punt op een onverwachte plek; zet tekst met ': ' "
                                                      "tussen aanhalingstekens",
    "mapping values are not allowed here": "dubbele punt op een onverwachte plek; zet tekst met ': ' tussen "
                                           "aanhalingstekens",
    "could not find expected ':'": "verwachtte 'veld: waarde' op deze regel",
    "found unexpected end of stream": "tekst tussen aanhalingstekens wordt niet afgesloten",
    "did not find expected '-' indicator": "lijstitem springt niet goed in",
    "did not find expected ',' or ']'": "lijst tussen [ en ] wordt niet afgesloten",
    "exceeded maximum nesting depth": f"te diep genest (meer dan {MAX_DEPTH} niveaus)",  # libyaml's own limit
}
TAB_PROBLEM = "tab gevonden; gebruik spaties om in te springen"

# libyaml (C) when PyYAML has it: composing in pure Python was most of a build's load time.
_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


@dataclass(frozen=True)
class RawDoc:
    """A parsed file: its front matter as YAML nodes, and its body."""

    source: SourceFile
    root: yaml.Node | None  # the front matter (or the whole YAML file)
    line_offset: int  # file lines before the YAML text starts
    body: str
    body_line: int  # file line on which the body starts

    def position(self, node: yaml.Node) -> tuple[int, int]:
        mark = node.start_mark
        return mark.line + 1 + self.line_offset, mark.column + 1

    def problem(self, node: yaml.Node | None, message: str) -> Diagnostic:
        line, column = self.position(node) if node is not None else (1, 1)
        return Diagnostic(self.source.display, line, column, message)


def _refuse_aliases_and_depth(text: str) -> None:
    """One pass over the parse events (cheap, in C) before composing: no aliases, no deep nesting.

    Aliases are refused outright, so an alias bomb never expands.
    """
    depth = 0
    for event in yaml.parse(text, Loader=_LOADER):
        if isinstance(event, yaml.AliasEvent):
            raise yaml.MarkedYAMLError(
                problem="aliassen (*naam) worden niet ondersteund; schrijf de waarde voluit",
                problem_mark=event.start_mark)
        if isinstance(event, yaml.CollectionStartEvent):
            depth += 1
            if depth > MAX_DEPTH:
                raise yaml.MarkedYAMLError(
                    problem=f"te diep genest (meer dan {MAX_DEPTH} niveaus)", problem_mark=event.start_mark)
        elif isinstance(event, yaml.CollectionEndEvent):
            depth -= 1


def decode(source: SourceFile) -> tuple[str | None, Diagnostic | None]:
    try:
        text = source.data.decode("utf-8")
    except UnicodeDecodeError:
        return None, Diagnostic(source.display, 1, 1, "bestand is geen UTF-8; sla het op als UTF-8")
    text = text.removeprefix("\ufeff").replace("\r\n", "\n").replace("\r", "\n")
    return text, None


# YAML reads NEL, LS and PS as line breaks where an editor and a reviewer see none: a key could
# hide behind what looks like a comment. They, and the other C1 control characters, are refused.
_HIDDEN_BREAK = re.compile(r"[\x80-\x9f\u2028\u2029]")


def compose(text: str, source: SourceFile, line_offset: int) -> tuple[yaml.Node | None, list[Diagnostic]]:
    """YAML text -> root node, or a positioned problem. Also reports duplicate keys."""
    hidden = _HIDDEN_BREAK.search(text)
    if hidden:
        line = text.count("\n", 0, hidden.start())
        column = hidden.start() - (text.rfind("\n", 0, hidden.start()) + 1) + 1
        return None, [Diagnostic(source.display, line + 1 + line_offset, column,
                                 f"onzichtbaar regeleinde of stuurteken (U+{ord(hidden.group()):04X}); haal het weg")]
    try:
        _refuse_aliases_and_depth(text)
        root = yaml.compose(text, Loader=_LOADER)
    except yaml.MarkedYAMLError as error:
        # An unclosed quote is noticed where the text ends; the mistake is where the quote opens.
        opened = error.context == "while scanning a quoted scalar" and error.context_mark
        mark = error.context_mark if opened else error.problem_mark or error.context_mark
        line, column = (mark.line + 1 + line_offset, mark.column + 1) if mark else (1, 1)
        problem = error.problem or "onbekende fout"
        message = TAB_PROBLEM if mark and _char_at(text, mark) == "\t" else _YAML_PROBLEMS.get(problem, problem)
        return None, [Diagnostic(source.display, line, column, f"ongeldige YAML: {message}")]
    except yaml.YAMLError as error:  # e.g. a control character in the stream
        return None, [Diagnostic(source.display, 1, 1, f"ongeldige YAML: {error}")]
    return root, _duplicate_keys(root, source, line_offset)


def _char_at(text: str, mark) -> str:
    lines = text.split("\n")
    if mark.line < len(lines) and mark.column < len(lines[mark.line]):
        return lines[mark.line][mark.column]
    return ""


def _duplicate_keys(root: yaml.Node | None, source: SourceFile, line_offset: int) -> list[Diagnostic]:
    problems = []
    stack = [root] if root is not None else []
    while stack:
        node = stack.pop()
        if isinstance(node, yaml.MappingNode):
            seen: dict[str, int] = {}
            for key, value in node.value:
                if isinstance(key, yaml.ScalarNode):
                    line = key.start_mark.line + 1 + line_offset
                    if key.value in seen:
                        problems.append(Diagnostic(
                            source.display, line, key.start_mark.column + 1,
                            f"veld '{key.value}' staat er twee keer (ook op regel {seen[key.value]})",
                        ))
                    else:
                        seen[key.value] = line
                stack.append(value)
        elif isinstance(node, yaml.SequenceNode):
            stack.extend(node.value)
    return problems


def parse_yaml_file(source: SourceFile) -> tuple[RawDoc | None, list[Diagnostic]]:
    """A plain YAML file (site.yml, a taxonomy)."""
    text, problem = decode(source)
    if problem:
        return None, [problem]
    if not text.strip():
        return None, [Diagnostic(source.display, 1, 1, "leeg bestand")]
    root, problems = compose(text, source, 0)
    if root is None:
        return None, problems or [Diagnostic(source.display, 1, 1, "leeg bestand")]
    return RawDoc(source, root, 0, "", 1), problems


def parse_item(source: SourceFile) -> tuple[RawDoc | None, list[Diagnostic]]:
    """A record file: '---', YAML front matter, '---', Markdown body."""
    text, problem = decode(source)
    if problem:
        return None, [problem]
    if not text.strip():
        return None, [Diagnostic(source.display, 1, 1, "leeg bestand")]
    lines = text.split("\n")
    if lines[0].rstrip() != "---":
        return None, [Diagnostic(
            source.display, 1, 1, "geen front matter: de eerste regel van het bestand moet '---' zijn"
        )]
    closing = next((i for i in range(1, len(lines)) if lines[i].rstrip() == "---"), None)
    if closing is None:
        return None, [Diagnostic(
            source.display, 1, 1, "front matter wordt niet afgesloten: zet een regel '---' na de velden"
        )]
    root, problems = compose("\n".join(lines[1:closing]), source, line_offset=1)
    if root is None:
        return None, problems or [Diagnostic(source.display, 1, 1, "front matter is leeg")]
    body = "\n".join(lines[closing + 1:])
    return RawDoc(source, root, 1, body, closing + 2), problems
