"""Where a file lives: a local disk or a network share."""

from __future__ import annotations

import os
import sys
from pathlib import Path

NETWORK_FILESYSTEMS = frozenset(
    {
        "cifs",
        "smb",
        "smb2",
        "smbfs",
        "smb3",
        "nfs",
        "nfs4",
        "afs",
        "9p",
        "fuse.sshfs",
        "davfs",
        "ncpfs",
        "glusterfs",
        "ceph",
        "lustre",
    }
)


def mount_type(path: Path, mounts_file: Path = Path("/proc/self/mounts")) -> str | None:
    """The filesystem type of the mount holding path (Linux), or None if unknown."""
    try:
        lines = mounts_file.read_text().splitlines()
    except OSError:
        return None
    target = os.path.realpath(path if path.exists() else path.parent)
    best, best_type = "", None
    for line in lines:
        parts = line.split()
        if len(parts) < 3:
            continue
        mount_point = parts[1].replace("\\040", " ")
        inside = target == mount_point or target.startswith(mount_point.rstrip("/") + "/")
        if inside and len(mount_point) >= len(best):
            best, best_type = mount_point, parts[2]
    return best_type


def is_network_path(path: Path, *, mounts_file: Path | None = None) -> bool:
    """Whether path lives on a network share (SMB/CIFS, NFS, ...), as far as the OS tells."""
    if sys.platform == "win32" and mounts_file is None:
        text = str(path)
        if text.startswith("\\\\"):
            return True
        import ctypes

        drive = os.path.splitdrive(os.path.abspath(text))[0] + "\\"
        drive_remote = 4
        return bool(ctypes.windll.kernel32.GetDriveTypeW(drive) == drive_remote)  # type: ignore[attr-defined]
    fstype = mount_type(path) if mounts_file is None else mount_type(path, mounts_file)
    return fstype is not None and fstype in NETWORK_FILESYSTEMS


def location(path: Path) -> str:
    """What holds the file, for people: its filesystem type ("local" or "network" on Windows)."""
    if sys.platform == "win32":
        return "network" if is_network_path(path) else "local"
    return mount_type(path) or "unknown"
