"""Where the database lives and which language to speak; a sensible default for each."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

from planner.i18n import DEFAULT_LANGUAGE, LANGUAGES

DB_ENV = "PLANNER_DB"
LANG_ENV = "PLANNER_LANG"


def default_db_path() -> Path:
    import platformdirs

    return Path(platformdirs.user_data_dir("planner", appauthor=False)) / "planner.db"


def demo_db_path() -> Path:
    import platformdirs

    return Path(platformdirs.user_data_dir("planner", appauthor=False)) / "demo-blora.db"


@dataclass(frozen=True)
class AppConfig:
    db_path: Path
    language: str

    @classmethod
    def resolve(cls, db: str | None = None, lang: str | None = None) -> AppConfig:
        """Command-line values first, then the environment, then the defaults."""
        db_text = db or os.environ.get(DB_ENV)
        path = Path(db_text).expanduser() if db_text else default_db_path()
        language = (lang or os.environ.get(LANG_ENV) or DEFAULT_LANGUAGE).lower()
        if language not in LANGUAGES:
            language = DEFAULT_LANGUAGE
        return cls(db_path=path, language=language)
