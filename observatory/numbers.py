"""Numbers written the way each language of the site writes them: charts, tables, maps, legends, PDF.

    format_number(12345.678, 1)             -> "12 345,7"   (active language French; U+202F between groups)
    format_number(12345.678, 1, lang="en")  -> "12,345.7"
    format_number(12345.678, 1, lang="ar")  -> "12٬345٫7"   (U+066C between groups, U+066B before decimals)
    format_number(None)                     -> "no data", translated ("pas de données", "لا توجد بيانات")
    format_value(12.5, 1, "%")              -> "12,5 %"     (a number and its unit, for value labels)

In templates: ``{% load charts %}{{ value|figure_number:1 }}``.

Why these conventions:

- French: groups of three separated by a narrow no-break space (U+202F), decimal comma, as the
  Imprimerie nationale and INSEE write them; a no-break space so that a number never breaks across lines.
  "12,5 %" with a narrow no-break space before the percent sign.
- Arabic: Western digits (0-9), as Moroccan administrations, the HCP's Arabic publications and the press
  write them (CLDR's ar-MA also uses Latin digits), with the Arabic thousands separator (U+066C) and
  decimal separator (U+066B). Those two separators cannot be misread: a dot or a comma means the decimal
  point to a reader schooled in English and the thousands separator to a reader schooled in French, and
  Moroccan readers are both. They also belong to the Arabic script, so a number keeps its place in a
  right-to-left line (both are of Unicode bidi class AN, like the digits after an Arabic letter: the
  whole number is one left-to-right run). A minus sign gets a left-to-right mark (U+200E) before it, as
  CLDR writes Arabic with Latin digits, so that "-3" does not turn into "3-" in a right-to-left line.
- English: comma between groups, decimal point.

Rounding is half away from zero on the decimal written value (2.5 -> 3, 0.125 -> 0.13 with 2 decimals),
not Python's float rounding, so that a table and a PDF made from the same value agree with a hand count.
"""

import math
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

from django.utils.translation import gettext, override

from mess_portal.i18n import current_language

NARROW_NBSP = "\u202f"
ARABIC_DECIMAL = "\u066b"
ARABIC_THOUSANDS = "\u066c"
LRM = "\u200e"

# language -> (thousands separator, decimal separator, minus sign)
SEPARATORS = {
    "fr": (NARROW_NBSP, ",", "\u2212"),
    "ar": (ARABIC_THOUSANDS, ARABIC_DECIMAL, LRM + "-"),
    "en": (",", ".", "\u2212"),
}


def as_number(value) -> float | None:
    """``value`` as a float, or None when it is missing or not a finite number (None, NaN, text)."""
    if value is None or isinstance(value, bool):
        return None
    try:
        number = float(value)
    except (TypeError, ValueError):
        return None
    return number if math.isfinite(number) else None


def no_data_text(lang: str | None = None) -> str:
    """What a missing value reads as, in the given or active language."""
    if lang is None:
        return gettext("no data")
    with override(lang):
        return gettext("no data")


def format_number(value, decimals: int = 0, lang: str | None = None) -> str:
    """``value`` with ``decimals`` decimals, grouped by thousands, in the given or active language.

    None (and anything that is not a number) gives the translated "no data", never "0".
    """
    lang = (lang or current_language()).split("-")[0]
    if lang not in SEPARATORS:
        lang = "fr"
    if value is None or isinstance(value, bool):
        return no_data_text(lang)
    try:
        number = Decimal(str(value))
    except (InvalidOperation, ValueError, TypeError):
        return no_data_text(lang)
    if not number.is_finite():
        return no_data_text(lang)
    decimals = max(0, min(int(decimals or 0), 6))
    number = number.quantize(Decimal(1).scaleb(-decimals), rounding=ROUND_HALF_UP)
    if number == 0:
        number = abs(number)  # no "-0"
    thousands, decimal_point, minus = SEPARATORS[lang]
    digits = f"{abs(number):.{decimals}f}"
    whole, _, fraction = digits.partition(".")
    groups = []
    while len(whole) > 3:
        groups.insert(0, whole[-3:])
        whole = whole[:-3]
    groups.insert(0, whole)
    text = thousands.join(groups)
    if fraction:
        text = f"{text}{decimal_point}{fraction}"
    return f"{minus}{text}" if number < 0 else text


def format_value(value, decimals: int = 0, unit: str = "", lang: str | None = None) -> str:
    """A value label: the number, and a percent sign when the unit is "%" (other units go in captions)."""
    text = format_number(value, decimals, lang)
    if value is None or unit != "%":
        return text
    lang = (lang or current_language()).split("-")[0]
    if lang == "en":
        return f"{text}%"
    return f"{text}{NARROW_NBSP}%"
