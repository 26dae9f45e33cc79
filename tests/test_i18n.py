"""One catalog: every message in the code is translated, and the compiled files are current."""

from __future__ import annotations

import gettext
import io
from pathlib import Path

import pytest
from babel.messages.extract import extract_from_dir
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po

from planner.i18n import _, set_language

ROOT = Path(__file__).resolve().parents[1]
LOCALE = ROOT / "planner" / "locale"
KEYWORDS = {"_": None, "N_": None, "gettext": None, "ngettext": (1, 2)}


def _source_messages() -> set[str]:
    found: set[str] = set()
    for _file, _line, message, _comments, _ctx in extract_from_dir(
        str(ROOT / "planner"), method_map=[("**.py", "python")], keywords=KEYWORDS
    ):
        found.add(message[0] if isinstance(message, tuple) else message)
    return found


def _catalog(lang: str):  # type: ignore[no-untyped-def]
    with (LOCALE / lang / "LC_MESSAGES" / "planner.po").open("rb") as fh:
        return read_po(fh, locale=lang)


def test_every_message_has_an_indonesian_translation() -> None:
    catalog = _catalog("id")
    missing = sorted(
        m
        for m in _source_messages()
        if catalog.get(m) is None or not catalog.get(m).string or catalog.get(m).fuzzy
    )
    assert not missing, f"{len(missing)} messages lack Indonesian: {missing[:20]}"


@pytest.mark.parametrize("lang", ["id", "en"])
def test_compiled_catalogs_match_their_sources(lang: str) -> None:
    po_catalog = _catalog(lang)
    buffer = io.BytesIO()
    write_mo(buffer, po_catalog)
    buffer.seek(0)
    expected = gettext.GNUTranslations(buffer)
    mo_path = LOCALE / lang / "LC_MESSAGES" / "planner.mo"
    with mo_path.open("rb") as fh:
        compiled = gettext.GNUTranslations(fh)
    assert compiled._catalog == expected._catalog, (  # type: ignore[attr-defined]
        f"{mo_path} is stale: run `pybabel compile -d planner/locale -D planner`"
    )


def test_language_switch_changes_the_words() -> None:
    set_language("en")
    english = _("planned")
    set_language("id")
    assert english == "planned"
    assert _("planned") == "rencana"
