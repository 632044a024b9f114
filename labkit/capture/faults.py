"""Journal faults in plain words: every SQLite or file-system error of a journal becomes a ``CaptureError``.

The message names the journal file, what could not be done (open, read or save), the cause in plain words
(the disk is full, the file is damaged, the file or its folder is read-only, another program holds the
lock, the disk reported an error) and what to do next. SQLite's own text and result code are kept in the
"found" part for whoever has to dig deeper.
"""

from __future__ import annotations

import errno
import os
import shlex
import sqlite3
from pathlib import Path

from labkit.errors import CaptureError

#: Free space (bytes) below which an input/output error is taken to mean a full disk.
LOW_SPACE = 256 * 1024

#: What was being done when the fault happened (the words after "cannot").
OPEN, READ, SAVE = "open the lab journal", "read the lab journal", "save to the lab journal"

DISK_FULL = "the disk is full"
DAMAGED = "the file is damaged"
READ_ONLY = "the file or its folder is read-only"
LOCKED = "another program holds the journal locked"
DISK_ERROR = "the disk reported a read or write error"
NO_ACCESS = "the file cannot be opened"


def check_command(path: str | Path) -> str:
    """The command that checks a journal, quoted for a shell."""
    return f"labkit capture check --journal {shlex.quote(str(path))}"


def recover_command(path: str | Path) -> str:
    """The command that copies what is readable of a damaged journal into a new one, quoted for a shell."""
    path = Path(path)
    new = path.with_name(f"{path.stem}-recovered{path.suffix}")
    return f"labkit capture recover --journal {shlex.quote(str(path))} {shlex.quote(str(new))}"


def damaged_hint(path: str | Path) -> str:
    """What to do with a damaged journal."""
    return (
        f"Nothing was written to it. See the damage with `{check_command(path)}` and copy what is readable "
        f"into a new journal with `{recover_command(path)}`; the damaged file is kept as it is."
    )


def damaged(path: str | Path, found: str, action: str = OPEN) -> CaptureError:
    """The error for a damaged journal (or a zero-byte file where a journal should be)."""
    return CaptureError(
        f"cannot {action}: {DAMAGED}",
        path=path,
        expected="an intact labkit journal",
        found=found,
        hint=damaged_hint(path),
    )


def _folder_read_only(path: Path) -> bool:
    folder = next((p for p in (path.parent, *path.parents) if p.exists()), path.parent)
    try:
        if os.statvfs(folder).f_flag & os.ST_RDONLY:
            return True
    except OSError:
        return False
    return not os.access(folder, os.W_OK) or (path.exists() and not os.access(path, os.W_OK))


def _no_space(path: Path) -> bool:
    """True when the disk of ``path`` has (almost) no free space left: an I/O error there means a full
    disk."""
    folder = next((p for p in (path.parent, *path.parents) if p.exists()), None)
    try:
        stat = os.statvfs(folder) if folder is not None else None
    except OSError:
        return False
    return stat is not None and stat.f_bavail * stat.f_frsize < LOW_SPACE


def _cause(code: int, path: Path) -> str | None:
    if code == sqlite3.SQLITE_FULL or (
        code in (sqlite3.SQLITE_IOERR, sqlite3.SQLITE_CANTOPEN) and _no_space(path)
    ):
        return DISK_FULL
    if code in (sqlite3.SQLITE_CORRUPT, sqlite3.SQLITE_NOTADB):
        return DAMAGED
    if code in (sqlite3.SQLITE_READONLY, sqlite3.SQLITE_PERM):
        return READ_ONLY
    if code in (sqlite3.SQLITE_BUSY, sqlite3.SQLITE_LOCKED):
        return LOCKED
    if code == sqlite3.SQLITE_IOERR:
        return DISK_ERROR
    if code == sqlite3.SQLITE_CANTOPEN:
        return READ_ONLY if _folder_read_only(path) else NO_ACCESS
    return None


#: What a reader should do after each cause.
_NEXT = {
    DISK_FULL: "Free some space on the disk, then try again.",
    READ_ONLY: "Copy the journal to a folder you may write to, or ask for write access, then try again.",
    LOCKED: "Wait until the other program has finished (or close it), then try again.",
    DISK_ERROR: "Check the disk, USB stick or network share, then try again.",
    NO_ACCESS: "Check that the folder exists and that you may read and write it, then try again.",
}

_EXPECTED = {
    DISK_FULL: "free space on the disk",
    READ_ONLY: "a file and folder labkit may write to",
    LOCKED: "the lock released within {seconds:g} seconds",
    DISK_ERROR: "a disk that reads and writes without errors",
    NO_ACCESS: "a journal file labkit may open",
}


def from_sqlite(
    err: sqlite3.Error, path: str | Path, action: str, *, busy_seconds: float = 60.0
) -> CaptureError:
    """The ``CaptureError`` for a SQLite error met while doing ``action`` on the journal at ``path``."""
    path = Path(path)
    code = getattr(err, "sqlite_errorcode", None)
    name = getattr(err, "sqlite_errorname", None)
    found = f"{err} ({name})" if name else str(err)
    cause = _cause(code & 0xFF, path) if isinstance(code, int) else None
    if cause is None and isinstance(err, sqlite3.DatabaseError) and "malformed" in str(err):
        cause = DAMAGED
    if cause == DAMAGED:
        return damaged(path, found, action)
    if cause is None:
        return CaptureError(f"cannot {action}", path=path, found=found, hint=_saved(action) or None)
    return CaptureError(
        f"cannot {action}: {cause}",
        path=path,
        expected=_EXPECTED[cause].format(seconds=busy_seconds),
        found=found,
        hint=" ".join(filter(None, (_saved(action), _NEXT[cause]))),
    )


def from_os(err: OSError, path: str | Path, action: str, *, hint: str | None = None) -> CaptureError:
    """The ``CaptureError`` for a file-system error met while doing ``action`` on ``path``.

    ``hint`` says what became of the work (default: for a save, that nothing was saved).
    """
    path = Path(path)
    found = f"{err.strerror or err} ({errno.errorcode.get(err.errno or 0, 'OSError')})"
    by_errno = {
        errno.ENOSPC: DISK_FULL,
        errno.EDQUOT: DISK_FULL,
        errno.EROFS: READ_ONLY,
        errno.EACCES: READ_ONLY,
        errno.EPERM: READ_ONLY,
        errno.EIO: DISK_ERROR,
    }
    cause = by_errno.get(err.errno or 0)
    done = _saved(action) if hint is None else hint
    if cause is None:
        return CaptureError(f"cannot {action}", path=path, found=found, hint=done or None)
    return CaptureError(
        f"cannot {action}: {cause}",
        path=path,
        expected=_EXPECTED[cause],
        found=found,
        hint=" ".join(filter(None, (done, _NEXT[cause]))),
    )


def _saved(action: str) -> str:
    return "Nothing was saved; the journal is as it was before." if action == SAVE else ""
