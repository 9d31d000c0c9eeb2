"""Entry point from a checkout: `python build.py [command] ...` (see README)."""
import sys

from sitegen.cli import main

if __name__ == "__main__":
    sys.exit(main())
