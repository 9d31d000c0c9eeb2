"""Dates from git history: when each content file was added and last changed.

One `git log` call for the whole content tree; without git (or outside a
repository) the build goes on with no dates, and pages leave them out.
"""

from __future__ import annotations

import hashlib
import os
import subprocess
from dataclasses import dataclass
from datetime import date, datetime, timezone
from pathlib import Path


@dataclass(frozen=True)
class FileDates:
    added: date
    modified: date


def read_history(content_dir: Path) -> tuple[dict[str, FileDates], str]:
    """Absolute POSIX path of each committed file -> its dates (UTC); and a version of them, a
    digest of the history they were read from."""
    try:
        top = subprocess.run(
            ["git", "rev-parse", "--show-toplevel"], cwd=content_dir, capture_output=True, text=True, check=True,
        ).stdout.strip()
        log = subprocess.run(
            ["git", "log", "--format=%x00%ct", "--name-only", "--no-renames", "--", "."],
            cwd=content_dir, capture_output=True, text=True, check=True,
        ).stdout
    except (OSError, subprocess.CalledProcessError):
        return {}, ""
    dates: dict[str, FileDates] = {}
    # Newest commit first: the first time we see a file is its last change,
    # the last time we see it is when it was added.
    for chunk in log.split("\x00")[1:]:
        lines = chunk.strip().split("\n")
        day = datetime.fromtimestamp(int(lines[0]), tz=timezone.utc).date()
        for name in lines[1:]:
            if not name:
                continue
            key = (Path(top) / name).as_posix()
            known = dates.get(key)
            dates[key] = FileDates(added=day, modified=known.modified if known else day)
    return dates, hashlib.sha256(f"{top}\0{log}".encode()).hexdigest()


def today() -> date:
    """The day content is checked against (a date 'in de toekomst', the latest start year)."""
    return date.today()


def build_date(content_dir: Path) -> date:
    """The date a build speaks of: SOURCE_DATE_EPOCH, else the last commit, else today.

    Output that depends on it (a 'verouderd' note) is then the same for the same commit.
    """
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    if epoch and epoch.isdigit():
        return datetime.fromtimestamp(int(epoch), tz=timezone.utc).date()
    try:
        stamp = subprocess.run(["git", "log", "-1", "--format=%ct"], cwd=content_dir, capture_output=True,
                               text=True, check=True).stdout.strip()
        if stamp:
            return datetime.fromtimestamp(int(stamp), tz=timezone.utc).date()
    except (OSError, subprocess.CalledProcessError):
        pass
    return date.today()
