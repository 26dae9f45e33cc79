"""Kemendagri region codes and SIREKAP TPS codes.

The database keys regions by the dotted Kemendagri form (``33.16.06.2001``);
SIREKAP and most KPU spreadsheets write the same digits without dots
(``3316062001``) and add three digits for the TPS (``3316062001003``).
Errors are ValueError with a translated message: the caller knows the file,
row and column and wraps it in an ImportProblem.
"""

from __future__ import annotations

import re
from typing import Literal

from planner.i18n import _

Level = Literal["provinsi", "kabupaten", "kecamatan", "desa"]

# Same strings as planner.models.enums.Level; not imported from there so that
# parsing a file never pulls in the ORM.
LEVELS: tuple[Level, ...] = ("provinsi", "kabupaten", "kecamatan", "desa")

# Digits per segment, provinsi first: 33 . 16 . 06 . 2001
_SEGMENT_WIDTHS = (2, 2, 2, 4)
_UNDOTTED_LENGTHS = {2: 1, 4: 2, 6: 3, 10: 4}
_TPS_DIGITS = 3
_TPS_CODE_LENGTH = 10 + _TPS_DIGITS

_DOTTED = re.compile(r"\d{2}(?:\.\d{2}(?:\.\d{2}(?:\.\d{4})?)?)?")
_ZERO_PART = re.compile(r"(?:^|\.)0+(?:\.|$)")
_SEPARATORS = re.compile(r"[.\s]+")
# Excel shows a 13-digit number in a General cell as 3.31606E+12 and saves
# that text to CSV, so the last digits are already gone.
_SCIENTIFIC = re.compile(r"\d+(?:[.,]\d+)?[eE]\+?\d+")


def _segments(text: str) -> list[str]:
    raw = text.strip()
    if not raw:
        raise ValueError(_("the region code is empty"))
    if _SCIENTIFIC.fullmatch(raw):
        raise ValueError(
            _(
                "'%(code)s' is a number in scientific notation, so its last digits are lost; "
                "format the code column as Text in the spreadsheet and export it again"
            )
            % {"code": raw}
        )
    parts = _SEPARATORS.split(raw)
    if not all(p.isascii() and p.isdigit() for p in parts):
        raise ValueError(
            _("'%(code)s' is not a region code (digits such as 33.16.06.2001 or 3316062001)")
            % {"code": raw}
        )
    if len(parts) == 1:
        digits = parts[0]
        count = _UNDOTTED_LENGTHS.get(len(digits))
        if count is None:
            if len(digits) == _TPS_CODE_LENGTH:
                raise ValueError(_("'%(code)s' is a TPS code, not a region code") % {"code": raw})
            raise ValueError(
                _(
                    "'%(code)s' has %(n)d digits; a region code has 2, 4, 6 or 10 "
                    "(33, 3316, 331606, 3316062001)"
                )
                % {"code": raw, "n": len(digits)}
            )
        parts = []
        start = 0
        for width in _SEGMENT_WIDTHS[:count]:
            parts.append(digits[start : start + width])
            start += width
    return parts


def _check_shape(parts: list[str], raw: str) -> None:
    widths = tuple(len(p) for p in parts)
    if len(parts) > len(_SEGMENT_WIDTHS) or widths != _SEGMENT_WIDTHS[: len(parts)]:
        raise ValueError(
            _("'%(code)s' is not shaped like a region code (33, 33.16, 33.16.06 or 33.16.06.2001)")
            % {"code": raw}
        )
    if any(int(p) == 0 for p in parts):
        raise ValueError(
            _("'%(code)s' has a part that is all zeros; no region has such a code") % {"code": raw}
        )


def normalize_code(text: str) -> str:
    """The dotted Kemendagri form of a region code written with dots, spaces or neither."""
    raw = text.strip()
    # Region lists hold ~90,000 codes that are nearly all dotted already.
    if _DOTTED.fullmatch(raw) and not _ZERO_PART.search(raw):
        return raw
    parts = _segments(raw)
    _check_shape(parts, raw)
    return ".".join(parts)


def split_tps(text: str) -> tuple[str, int | None]:
    """A code's region and TPS number: ``3316062001003`` -> ``("33.16.06.2001", 3)``.

    A plain region code gives ``(code, None)``.
    """
    raw = text.strip()
    compact = raw.replace(" ", "")
    if compact.isascii() and compact.isdigit() and len(compact) == _TPS_CODE_LENGTH:
        desa, tps = compact[:10], compact[10:]
        parts = _segments(desa)
    else:
        parts = _segments(raw)
        tps = ""
        if len(parts) == len(_SEGMENT_WIDTHS) + 1:
            # The dotted TPS form: 33.16.06.2001.003 (the TPS part may lose its zeros).
            *parts, tps = parts
            if len(tps) > _TPS_DIGITS:
                raise ValueError(
                    _("'%(code)s' has a TPS number longer than 3 digits") % {"code": raw}
                )
    _check_shape(parts, raw)
    if not tps:
        return ".".join(parts), None
    number = int(tps)
    if number == 0:
        raise ValueError(
            _("'%(code)s' has TPS number 000; TPS are numbered from 1") % {"code": raw}
        )
    return ".".join(parts), number


def level_of(code: str) -> Level:
    """The level of a dotted code, from its number of dots.

    33 provinsi, 33.16 kabupaten, 33.16.06 kecamatan, 33.16.06.2001 desa.
    """
    if not _DOTTED.fullmatch(code):
        raise ValueError(
            _("'%(code)s' is not a dotted region code such as 33.16.06.2001") % {"code": code}
        )
    return LEVELS[code.count(".")]


def parent_of(code: str) -> str | None:
    """The code one level up, or None for a provinsi."""
    level_of(code)
    head, dot, _tail = code.rpartition(".")
    return head if dot else None
