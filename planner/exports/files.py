"""Writing an export so that a failure never leaves half a file behind."""

from __future__ import annotations

import contextlib
import os
import stat
import tempfile
from pathlib import Path

from planner import errors
from planner.i18n import _

# Owner and others may read, as with any file a user saves (umask is not
# read: doing so changes it for a moment, which threads would feel).
_NEW_FILE_MODE = 0o644


def write_atomic(path: Path, data: bytes) -> None:
    """Writes data to path through a temporary file in the same folder, then renames it.

    The rename replaces the file in one step on every platform, so a reader
    (or a crash) sees the old file or the new one, never a mix. An existing
    file keeps its permissions.
    """
    path = path.expanduser()
    folder = path.parent
    if not folder.is_dir():
        raise errors.PlannerError(_("The folder {folder} does not exist.").format(folder=folder))
    if path.is_dir():
        raise errors.PlannerError(_("{path} is a folder, not a file.").format(path=path))
    try:
        mode = stat.S_IMODE(path.stat().st_mode)
    except FileNotFoundError:
        mode = _NEW_FILE_MODE
    try:
        fd, temp_name = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".part", dir=folder)
    except PermissionError:
        raise errors.PlannerError(
            _("Cannot write in the folder {folder} (permission denied).").format(folder=folder)
        ) from None
    temp = Path(temp_name)
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
        os.chmod(temp, mode)
        os.replace(temp, path)
    except PermissionError:
        with contextlib.suppress(OSError):
            temp.unlink()
        # On Windows the usual cause: the old file is open in Excel.
        raise errors.PlannerError(
            _("{path} cannot be replaced; is it open in another program?").format(path=path)
        ) from None
    except BaseException:
        with contextlib.suppress(OSError):
            temp.unlink()
        raise
