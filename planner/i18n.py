"""One message catalog for the core, the CLI and the TUI.

Message ids are English; Bahasa Indonesia is the default language. Catalogs
live in planner/locale/<lang>/LC_MESSAGES/planner.po and are compiled to .mo
with Babel (`pybabel compile -d planner/locale -D planner`).
"""

from __future__ import annotations

import gettext as _gettext
from functools import cache
from pathlib import Path

LANGUAGES = ("id", "en")
DEFAULT_LANGUAGE = "id"
_LOCALE_DIR = Path(__file__).parent / "locale"

_current = DEFAULT_LANGUAGE


@cache
def _translations(lang: str) -> _gettext.NullTranslations:
    return _gettext.translation("planner", _LOCALE_DIR, languages=[lang], fallback=True)


def set_language(lang: str) -> None:
    global _current
    if lang not in LANGUAGES:
        raise ValueError(f"unknown language {lang!r}; choose one of {', '.join(LANGUAGES)}")
    _current = lang


def current_language() -> str:
    return _current


def babel_locale() -> str:
    """The CLDR locale used to format dates and numbers in the current language."""
    return "id_ID" if _current == "id" else "en_US"


def gettext(message: str) -> str:
    return _translations(_current).gettext(message)


def ngettext(singular: str, plural: str, n: int) -> str:
    return _translations(_current).ngettext(singular, plural, n)


def N_(message: str) -> str:
    """Marks a string for extraction; it is translated where it is shown."""
    return message


_ = gettext
