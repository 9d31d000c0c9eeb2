"""Stage 6: write rendered files into a staging folder, then publish it atomically.

The staging folder sits beside output/ (same file system), so publishing is a
rename. On Linux the two folders are exchanged in one renameat2(RENAME_EXCHANGE)
call: at every instant output/ is either the complete old site or the complete
new one, even if the process is killed. Elsewhere we fall back to two renames.
"""

from __future__ import annotations

import ctypes
import errno
import os
import shutil
import subprocess
from pathlib import Path
from typing import Iterable

from .render import Output

_AT_FDCWD = -100
_RENAME_EXCHANGE = 2


def staging_dir(output: Path) -> Path:
    return output.parent / f".{output.name}-staging-{os.getpid()}"


def remove_leftovers(output: Path) -> None:
    """Delete staging folders of earlier builds that were killed (their process is gone),
    and previous sites that a finished build left to be deleted."""
    for path in output.parent.glob(f".{output.name}-old-*"):
        shutil.rmtree(path, ignore_errors=True)
    for path in output.parent.glob(f".{output.name}-staging-*"):
        pid = path.name.rsplit("-", 1)[-1]
        if pid.isdigit() and not _process_alive(int(pid)):
            shutil.rmtree(path, ignore_errors=True)


def _process_alive(pid: int) -> bool:
    if pid == os.getpid():
        return False
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def write_outputs(outputs: Iterable[Output], staging: Path, on_write=lambda path: None) -> int:
    """Write every output file; a path written twice is a generator bug, so we refuse it."""
    written: set[str] = set()
    for output in outputs:
        if output.path in written:
            raise RuntimeError(f"two pages would be written to {output.path}")
        written.add(output.path)
        on_write(output.path)
        target = staging / output.path
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(output.data)
    return len(written)


def copy_assets(assets_dir: Path, staging: Path) -> int:
    """Copy the static files (CSS, scripts) as they are, sorted for a stable order."""
    count = 0
    for source in sorted(p for p in assets_dir.rglob("*") if p.is_file()):
        target = staging / "assets" / source.relative_to(assets_dir)
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(source, target)
        count += 1
    return count


def publish(staging: Path, output: Path) -> None:
    """Put the staging folder in place of output/ and remove the old site."""
    if not output.exists():
        os.rename(staging, output)
        return
    if not output.is_dir():
        raise RuntimeError(f"{output} exists and is not a folder")
    old = output.parent / f".{output.name}-old-{os.getpid()}"
    if _exchange(staging, output):
        os.rename(staging, old)  # staging now holds the previous site
    else:
        os.rename(output, old)
        os.rename(staging, output)
    _delete_in_background(old)


def _delete_in_background(folder: Path) -> None:
    """Deleting a large previous site takes seconds; a detached process does it while we finish.
    If it is interrupted, the next build removes what is left (remove_leftovers)."""
    try:
        subprocess.Popen(["rm", "-rf", "--", str(folder)], start_new_session=True,
                         stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    except OSError:
        shutil.rmtree(folder, ignore_errors=True)


def _exchange(a: Path, b: Path) -> bool:
    """Atomically swap two paths with renameat2; False where the system cannot."""
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        renameat2 = libc.renameat2
    except (OSError, AttributeError):
        return False
    result = renameat2(_AT_FDCWD, os.fsencode(a), _AT_FDCWD, os.fsencode(b), _RENAME_EXCHANGE)
    if result == 0:
        return True
    error = ctypes.get_errno()
    if error in (errno.ENOSYS, errno.EINVAL, errno.ENOTSUP):
        return False
    raise OSError(error, os.strerror(error), str(b))
