"""Stage 6: write rendered files into a staging folder, then publish it atomically.

The staging folder sits beside output/ (same file system), so publishing is a
rename. On Linux the two folders are exchanged in one renameat2(RENAME_EXCHANGE)
call: at every instant output/ is either the complete old site or the complete
new one, even if the process is killed. Elsewhere we fall back to two renames.

The site replaced is kept as the spare (.output-spare) and becomes the next build's
staging folder: most of its folders and files are already right, and making 10,000
folders afresh costs seconds. Because files in it may be hard links of published files,
a file in staging is never written to in place: it is replaced (temporary file + rename).
"""

from __future__ import annotations

import ctypes
import errno
import os
import shutil
import subprocess
import time
from pathlib import Path
from typing import Callable

from sitegen.render.tasks import Output

_AT_FDCWD = -100
_RENAME_EXCHANGE = 2


def staging_dir(output: Path) -> Path:
    return output.parent / f".{output.name}-staging-{os.getpid()}"


def spare_dir(output: Path) -> Path:
    return output.parent / f".{output.name}-spare"


def claim_staging(output: Path) -> Path:
    """The folder to build the next site in: the spare, renamed so that no other build can
    take it too, or else a new empty folder."""
    staging = staging_dir(output)
    try:
        os.rename(spare_dir(output), staging)
    except OSError:
        staging.mkdir()
    return staging


def keep_as_spare(folder: Path, output: Path) -> None:
    """Keep a site folder as the spare (its contents need not be right: a build checks every
    file it takes from the spare); if there is a spare already, delete it."""
    try:
        os.rename(folder, spare_dir(output))
    except OSError:
        _delete_in_background(folder, output)


def remove_stale(staging: Path, keep: set[str]) -> None:
    """Delete what the spare held that the new site does not (files, then emptied folders)."""
    _remove_stale_in(str(staging), "", keep)


def _remove_stale_in(folder: str, prefix: str, keep: set[str]) -> bool:
    """Remove what `keep` does not name below folder (prefix: its path in the site); True if it is now empty."""
    empty = True
    with os.scandir(folder) as entries:
        for entry in entries:
            name = prefix + entry.name
            if entry.is_dir(follow_symlinks=False):
                if _remove_stale_in(entry.path, name + "/", keep):
                    os.rmdir(entry.path)
                else:
                    empty = False
            elif name in keep:
                empty = False
            else:
                os.unlink(entry.path)
    return empty


def remove_leftovers(output: Path) -> None:
    """Delete staging folders of earlier builds that were killed (their process is gone),
    and previous sites that a finished build left to be deleted."""
    for path in output.parent.glob(f".{output.name}-old-*"):
        shutil.rmtree(path, ignore_errors=True)
    for path in output.parent.glob(f".{output.name}-spare-*"):  # a spare still being renamed
        shutil.rmtree(path, ignore_errors=True)
    for path in output.parent.glob(f".{output.name}-staging-*"):
        pid = path.name.rsplit("-", 1)[-1]
        if pid.isdigit() and not _process_alive(int(pid)):
            keep_as_spare(path, output)


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


def write_output(output: Output, staging: Path) -> None:
    _replace(staging, output.path, lambda temporary: temporary.write_bytes(output.data))


def write_or_carry_over(made: Output, output_dir: Path, staging: Path) -> None:
    """Write a file the build makes anew each time, unless the published one has its very bytes."""
    try:
        same = (output_dir / made.path).read_bytes() == made.data
    except OSError:
        same = False
    if same:
        carry_over(output_dir, staging, made.path)
    else:
        write_output(made, staging)


def carry_over(output_dir: Path, staging: Path, path: str, inode: int | None = None) -> bool:
    """Put a published file, unchanged, into the new site: a hard link (True), or a copy where
    the file system has none. (Published files are never written to, so sharing one is safe.)
    `inode`: the published file's, when the caller has just looked."""
    source = f"{output_dir}/{path}"  # (called for every output: no os.path.join)
    try:
        if os.stat(f"{staging}/{path}").st_ino == (inode if inode is not None else os.stat(source).st_ino):
            return True  # the spare already holds this very file
    except (FileNotFoundError, NotADirectoryError):
        pass
    linked = True

    def link_or_copy(temporary: Path) -> None:
        nonlocal linked
        try:
            os.link(source, temporary)
        except OSError:
            shutil.copy2(source, temporary)
            linked = False

    _replace(staging, path, link_or_copy)
    return linked


def _replace(staging: Path, path: str, fill: Callable[[Path], object]) -> None:
    """Make staging/path anew: `fill` creates a temporary file beside it, which is then
    renamed into place, so a file the spare shares with the published site is never changed."""
    target = _prepared(staging, path)
    temporary = target.with_name(f".{target.name}.{os.getpid()}.tmp")
    fill(temporary)
    try:
        os.replace(temporary, target)
    except IsADirectoryError:  # the spare has a folder there
        shutil.rmtree(target)
        os.replace(temporary, target)


def _prepared(staging: Path, path: str) -> Path:
    """Make the folder of staging/path, removing a file of the spare that stands where a
    folder must go (only ever inside staging)."""
    target = staging / path
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
    except (FileExistsError, NotADirectoryError):
        inside = [staging / part for part in _prefixes(path)]
        blocking = next(p for p in inside if p.is_symlink() or p.exists() and not p.is_dir())
        blocking.unlink()
        target.parent.mkdir(parents=True, exist_ok=True)
    return target


def _prefixes(path: str) -> list[str]:
    """'a/b/c.html' -> ['a', 'a/b']"""
    parts = path.split("/")[:-1]
    return ["/".join(parts[:i + 1]) for i in range(len(parts))]


def asset_paths(assets_dir: Path) -> dict[str, Path]:
    """The static files (CSS, scripts), sorted: their path in the site -> their file."""
    return {"assets/" + source.relative_to(assets_dir).as_posix(): source
            for source in sorted(p for p in assets_dir.rglob("*") if p.is_file())}


def copy_assets(assets_dir: Path, staging: Path) -> list[str]:
    """Copy the static files as they are, in a stable order; their paths."""
    assets = asset_paths(assets_dir)
    for path, source in assets.items():
        _replace(staging, path, lambda temporary, source=source: shutil.copyfile(source, temporary))
    return list(assets)


def publish(staging: Path, output: Path) -> None:
    """Put the staging folder in place of output/; keep the old site as the spare."""
    if not output.exists():
        os.rename(staging, output)
        return
    if not output.is_dir():
        raise RuntimeError(f"{output} exists and is not a folder")
    old = output.parent / f".{output.name}-spare-{os.getpid()}"
    if _exchange(staging, output):
        os.rename(staging, old)  # staging now holds the previous site
    else:
        os.rename(output, old)
        os.rename(staging, output)
    keep_as_spare(old, output)


def _delete_in_background(folder: Path, output: Path) -> None:
    """Deleting a large site takes seconds; a detached process does it while we finish. The
    folder first gets a name of its own, so a later build can never meet it half-deleted.
    If the deletion is interrupted, the next build removes what is left (remove_leftovers)."""
    doomed = output.parent / f".{output.name}-old-{os.getpid()}-{time.monotonic_ns()}"
    os.rename(folder, doomed)
    try:
        subprocess.Popen(["rm", "-rf", "--", str(doomed)], start_new_session=True,
                         stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    except OSError:
        shutil.rmtree(doomed, ignore_errors=True)


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
