"""Copies of the database file made with SQLite's online backup API."""

from __future__ import annotations

import sqlite3
from datetime import datetime
from pathlib import Path

KEEP_BACKUPS = 10


def backup_dir(db_path: Path) -> Path:
    return db_path.parent / f"{db_path.name}.backups"


def backup_to(db_path: Path, target: Path) -> Path:
    """Copy a consistent snapshot of db_path to target, even while others write."""
    target.parent.mkdir(parents=True, exist_ok=True)
    src = sqlite3.connect(f"file:{db_path}?mode=ro", uri=True)
    try:
        dst = sqlite3.connect(target)
        try:
            src.backup(dst)
        finally:
            dst.close()
    finally:
        src.close()
    return target


def rotating_backup(db_path: Path, reason: str) -> Path:
    """A timestamped backup beside the file; only the newest KEEP_BACKUPS stay."""
    folder = backup_dir(db_path)
    stamp = datetime.now().strftime("%Y%m%d-%H%M%S-%f")
    target = backup_to(db_path, folder / f"{db_path.stem}-{stamp}-{reason}.db")
    backups = sorted(folder.glob(f"{db_path.stem}-*.db"))
    for old in backups[:-KEEP_BACKUPS]:
        old.unlink(missing_ok=True)
    return target
