"""The data directory checked before a node starts: usable, or one line saying which path and why."""

from __future__ import annotations

import contextlib
import errno
import os
from pathlib import Path


class StorageError(Exception):
    """The data directory cannot be used; the message names the path and the cause."""


def check_data_dir(path: Path) -> None:
    """Create `path` if needed and prove a small synced write works there."""
    where = path.resolve()
    probe = where / ".write-probe"
    try:
        where.mkdir(parents=True, exist_ok=True)
        fd = os.open(probe, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        try:
            os.write(fd, b"x" * 4096)
            os.fsync(fd)
        finally:
            os.close(fd)
        probe.unlink()
    except OSError as exc:
        cause = exc.strerror or errno.errorcode.get(exc.errno or 0, str(exc))
        hint = {
            errno.EROFS: "; mount it read-write or pass --data-dir",
            errno.ENOSPC: "; free some space or pass --data-dir",
            errno.EACCES: "; give this user write access or pass --data-dir",
        }.get(exc.errno or 0, "")
        with contextlib.suppress(OSError):
            probe.unlink()
        raise StorageError(f"cannot write to the data directory {where}: {cause}{hint}") from None
