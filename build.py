"""Entry point from a checkout: `python build.py [command] ...` (see README)."""
import sys

if sys.version_info < (3, 11):
    sys.exit("fout: Python 3.11 of nieuwer nodig / Python 3.11 or newer is required "
             f"(this is {sys.version.split()[0]})")

try:
    from sitegen.commands.cli import main
except ModuleNotFoundError as missing:
    if (missing.name or "").partition(".")[0] == "sitegen":
        raise
    # The packages live in the project's virtual environment (README command 1), not in the
    # Python that was started.
    print(f"fout: pakket '{missing.name}' ontbreekt; start de site met .venv/bin/python build.py "
          "(of eerst: source .venv/bin/activate) / package missing: run .venv/bin/python build.py, "
          "or set it up with the README's first command", file=sys.stderr)
    sys.exit(2)

if __name__ == "__main__":
    sys.exit(main())
