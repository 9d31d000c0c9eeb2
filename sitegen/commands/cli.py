"""Command line: `python build.py [build|check|new] ...` and the `sitegen` script.

Exit status: 0 success, 1 content errors (nothing written), 2 wrong usage.
"""

from __future__ import annotations

import argparse
import os
import re
import sys
import time
from pathlib import Path
from urllib.parse import urlsplit

from sitegen.commands import diff as diff_command
from sitegen.commands import new as new_command
from sitegen.content.discover import display_path
from sitegen.model.diagnostics import ContentError, Diagnostic, file_problem
from sitegen.model.kinds import BY_KIND
from sitegen.pipeline.build import DEFAULT_TEMPLATES, BrokenLinksError, BuildOptions, build
from sitegen.publish.search import SearchIndexError
from sitegen.render.templateerrors import TemplateProblem
from sitegen.site.load import load

EXIT_OK, EXIT_CONTENT, EXIT_USAGE = 0, 1, 2


def _base_url(text: str) -> str:
    parts = urlsplit(text)
    if parts.scheme not in ("http", "https") or not parts.netloc or not text.endswith("/"):
        raise argparse.ArgumentTypeError("gebruik een volledig adres dat eindigt op '/', bijv. https://voorbeeld.nl/repo/")
    return text


def _positive(text: str) -> int:
    if not text.isdigit() or int(text) < 1:
        raise argparse.ArgumentTypeError("geef een geheel getal van 1 of meer")
    return int(text)


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="sitegen", description="Bouwt de site van het samenwerkingsoverzicht.")
    parser.add_argument("--debug", action="store_true", help="toon bij een fout ook de Python-traceback")
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    p = commands.add_parser("build", help="controleer content/, maak de site in output/ en de zoekindex")
    p.add_argument("--content", type=Path, default=Path("content"), help="map met inhoud (standaard: content)")
    p.add_argument("--output", type=Path, default=Path("output"), help="doelmap (standaard: output)")
    p.add_argument("--base-url", type=_base_url, help="vervangt base_url uit site.yml")
    p.add_argument("--no-search", action="store_true", help="sla de zoekindex over")
    p.add_argument("--no-cache", action="store_true", help="lees noch schrijf de cache in .cache/ (koude bouw)")
    p.add_argument("--jobs", type=_positive, default=os.cpu_count() or 1,
                   help="aantal processen (standaard: het aantal kernen; 1 = serieel, zelfde uitvoer)")
    p.add_argument("--verbose", "-v", action="store_true",
                   help="toon de tijd per stap (op een terminal gebeurt dat vanzelf, in CI niet)")
    p.add_argument("--templates", type=Path, default=DEFAULT_TEMPLATES,
                   help="map met sjablonen (standaard: templates/ van deze checkout)")

    p = commands.add_parser("check", help="controleer alleen de inhoud")
    p.add_argument("--content", type=Path, default=Path("content"))
    p.add_argument("--format", choices=("text", "github"), default="text")
    p.add_argument("--stale", action="store_true",
                   help="toon ook de initiatieven die meer dan twee jaar niet zijn gecontroleerd")
    p.add_argument("--editorial", action="store_true",
                   help="waarschuw voor zinnen voor de redactie in de openbare tekst ('de bron noemt ...')")

    p = commands.add_parser("serve", help="bouw, toon de site op localhost en werk bij bij elke wijziging")
    p.add_argument("--port", type=int, default=8000, help="poort (standaard: 8000)")
    p.add_argument("--content", type=Path, default=Path("content"))
    p.add_argument("--output", type=Path, default=Path("output"))
    p.add_argument("--templates", type=Path, default=DEFAULT_TEMPLATES)
    p.add_argument("--no-search", action="store_true", help="geen zoekindex in het voorbeeld (sneller bij veel inhoud)")

    p = commands.add_parser("diff", help="wat de inhoud veranderde sinds een git-revisie, als Markdown")
    p.add_argument("base", help="git-revisie om mee te vergelijken, bijv. origin/main")
    p.add_argument("--content", type=Path, default=Path("content"))

    p = commands.add_parser("intake", help="maak van een melding via een issueformulier de bestanden die ze voorstelt")
    p.add_argument("body", type=Path, help="bestand met de tekst van het issue, zoals GitHub die maakt")
    p.add_argument("--issue", type=_positive, help="nummer van het issue (komt in het bestand en de samenvatting)")
    p.add_argument("--content", type=Path, default=Path("content"))
    p.add_argument("--summary", type=Path, help="schrijf hierheen een samenvatting in Markdown (voor het issue of de pull request)")

    p = commands.add_parser("new", help="maak een nieuw bestand met een geldige opzet")
    p.add_argument("kind", choices=sorted(BY_KIND))
    p.add_argument("title")
    p.add_argument("--content", type=Path, default=Path("content"))
    return parser


def main(argv: list[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    leading = 1 if argv[:1] == ["--debug"] else 0  # the one option before the command
    rest = argv[leading:]
    if not rest or rest[0].startswith("-") and rest[0] not in ("-h", "--help"):
        argv.insert(leading, "build")  # `python build.py` alone means build
    try:
        args = _parser().parse_args(argv)
    except SystemExit as exit_:
        return EXIT_USAGE if exit_.code else EXIT_OK
    commands = {"build": _build, "check": _check, "serve": _serve, "diff": _diff, "new": _new, "intake": _intake}
    try:
        return commands[args.command](args)
    except OSError as error:  # a file that cannot be read or written, a full disk: say which, no traceback
        if args.debug:
            raise
        print(f"{file_problem(error)}; output/ is niet veranderd (gebruik --debug voor details)", file=sys.stderr)
        return EXIT_CONTENT


def _report(error: ContentError, fmt: str = "text", stream=None) -> None:
    stream = stream or sys.stderr
    for problem in error.diagnostics:
        print(problem.as_github() if fmt == "github" else problem.as_text(), file=stream)
    count = len(error.diagnostics)
    where = "in de sjablonen" if isinstance(error, TemplateProblem) else "in de inhoud"
    print(f"{count} {'fout' if count == 1 else 'fouten'} {where}; er is niets geschreven.", file=sys.stderr)


def _overlaps(a: Path, b: Path) -> bool:
    a, b = a.resolve(), b.resolve()
    return a == b or a in b.parents or b in a.parents


def _build(args) -> int:
    started = time.perf_counter()
    # Publishing replaces the output folder whole: it must never hold or sit inside the sources.
    if _overlaps(args.output, args.content) or _overlaps(args.output, args.templates):
        print(f"fout: de doelmap '{args.output}' valt samen met de inhoud '{args.content}' of de sjablonen; "
              "kies een aparte map, bijvoorbeeld output", file=sys.stderr)
        return EXIT_USAGE
    # Stage timings: asked for, or on a terminal outside CI (quiet in CI logs).
    verbose = args.verbose or (sys.stderr.isatty() and not os.environ.get("CI"))
    options = BuildOptions(content_dir=args.content, output_dir=args.output, base_url=args.base_url,
                           templates_dir=args.templates, search=not args.no_search, jobs=args.jobs,
                           cache_dir=None if args.no_cache else Path(".cache"))
    try:
        report = build(options, progress=lambda m: print(f"  {m}", file=sys.stderr) if verbose else None)
    except ContentError as error:
        _report(error)
        return EXIT_CONTENT
    except SearchIndexError as error:
        print(f"zoekindex mislukt; output/ is niet veranderd.\n{error}", file=sys.stderr)
        return EXIT_CONTENT
    except BrokenLinksError as error:
        print(f"fout: {error}", file=sys.stderr)
        return EXIT_CONTENT
    site = report.site
    carried = report.pages - report.rendered
    reused = f"; {carried} ongewijzigd overgenomen" if carried else ""
    print(
        f"Klaar: {len(site.initiatives)} initiatieven, {len(site.organisations)} organisaties, "
        f"{report.pages} bestanden in {display_path(args.output.resolve())}/ "
        f"({time.perf_counter() - started:.1f} s{reused}).",
        file=sys.stderr,
    )
    return EXIT_OK


def _check(args) -> int:
    try:
        site = load(args.content)
    except ContentError as error:
        _report(error, args.format, stream=sys.stdout)
        return EXIT_CONTENT
    print(f"Geen fouten: {len(site.initiatives)} initiatieven en {len(site.organisations)} organisaties "
          "gecontroleerd.", file=sys.stderr)
    if args.stale:
        _report_stale(site, args.format)
        _report_unready(site, display_path(args.content.resolve() / "site.yml"), args.format)
    if args.editorial:
        _report_editorial(site, args.format)
    return EXIT_OK


def _report_stale(site, fmt: str) -> None:
    """Records due for a check, as warnings on the line of their last_verified. 'Today' is the
    build date (SOURCE_DATE_EPOCH, else the last commit), so check says what the pages say."""
    stale = [i for i in site.initiatives if site.is_stale(i)]
    for initiative in sorted(stale, key=lambda i: (i.last_verified, i.source)):
        message = (f"gegevens mogelijk verouderd: laatst gecontroleerd op {initiative.last_verified.isoformat()}, "
                   "meer dan twee jaar geleden")
        if fmt == "github":
            print(Diagnostic(initiative.source, 1, 1, message).as_github("warning"))
        else:
            print(f"{initiative.source}: {message}")
    unchecked = sum(1 for i in site.initiatives if i.last_verified is None)
    print(f"{len(stale)} verouderd; {unchecked} zonder controledatum (last_verified).", file=sys.stderr)


# What the pages a public site owes (Over deze site, Contact) need from site.yml; never invented.
_PUBLISHING_FACTS = (("publisher", "uitgever"), ("contact_email", "e-mailadres van de redactie"))


def _report_unready(site, site_file: str, fmt: str) -> None:
    for name, what in _PUBLISHING_FACTS:
        if getattr(site.config, name) is None:
            problem = Diagnostic(site_file, 1, 1, f"site.yml noemt geen {what} ('{name}'): Over deze site en Contact "
                                                  "laten die weg; de site is nog niet klaar om te publiceren")
            print(problem.as_github("warning") if fmt == "github" else problem.as_text())


# A sentence about what a source does or does not say is for editors, not visitors.
_EDITORIAL = re.compile(r"\b(?:de|het|volgens de|deze) bron(?:nen)?\b", re.IGNORECASE)


def _report_editorial(site, fmt: str) -> None:
    """Warnings at each line of a public text (front matter values, body) that speaks of 'de
    bron'; comment lines in the front matter (# Redactie: ...) are where such notes belong."""
    count = 0
    for record in (*site.initiatives, *site.organisations, *site.news, *site.pages):
        front_matter = False
        for number, line in enumerate(record.text.split("\n"), start=1):
            if line.rstrip() == "---":
                front_matter = number == 1
                continue
            match = _EDITORIAL.search(line)
            if match and not (front_matter and line.lstrip().startswith("#")):
                count += 1
                problem = Diagnostic(record.source, number, match.start() + 1,
                                     f"'{match.group()}': een opmerking voor de redactie in de openbare tekst; zet "
                                     "die als '# Redactie: ...' in de front matter en beschrijf hier wat bekend is")
                print(problem.as_github("warning") if fmt == "github" else problem.as_text())
    print(f"{count} redactionele {'opmerking' if count == 1 else 'opmerkingen'} in de openbare tekst.",
          file=sys.stderr)


def _serve(args) -> int:
    from sitegen.preview.serve import PortBusy, serve

    try:
        return serve(BuildOptions(content_dir=args.content, output_dir=args.output, templates_dir=args.templates,
                                  search=not args.no_search), args.port)
    except PortBusy:
        print(f"fout: poort {args.port} is al in gebruik (draait er al een voorbeeld?). "
              f"Kies een andere, bijvoorbeeld: python build.py serve --port {args.port + 1}", file=sys.stderr)
        return EXIT_USAGE


def _diff(args) -> int:
    try:
        print(diff_command.summary(args.base, args.content))
    except diff_command.DiffError as error:
        print(f"fout: {error}", file=sys.stderr)
        return EXIT_USAGE
    return EXIT_OK


def _intake(args) -> int:
    from sitegen.commands.intake import MAX_BODY_BYTES, IntakeError, intake, summary

    with args.body.open("rb") as handle:  # at most one byte more than allowed: intake refuses it
        body = handle.read(MAX_BODY_BYTES + 1).decode("utf-8", errors="replace")
    try:
        result = intake(body, args.content, args.issue)
    except IntakeError as error:
        for problem in error.problems:
            print(problem, file=sys.stderr)
        if args.summary:
            args.summary.write_text(summary(None, error.problems), encoding="utf-8")
        return EXIT_CONTENT
    for path in result.written:
        print(display_path(path.resolve()))
    for note in result.notes:
        print(f"let op: {note}", file=sys.stderr)
    if args.summary:
        args.summary.write_text(summary(result, []), encoding="utf-8")
    return EXIT_OK


def _new(args) -> int:
    try:
        path = new_command.new_record(args.kind, args.title, args.content)
    except (FileExistsError, ValueError) as error:
        print(f"fout: {error}", file=sys.stderr)
        return EXIT_CONTENT
    print(f"Nieuw bestand: {display_path(path)}. Vul de velden in en controleer met 'python build.py check'.")
    return EXIT_OK
