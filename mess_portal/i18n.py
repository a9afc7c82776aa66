"""Model text in French, Arabic and English, with French as the fallback.

A translated field is stored as three columns (``name_fr``, ``name_ar``, ``name_en``); the
descriptor ``TranslatedField`` reads the active language's column and falls back to French when
that one is empty, so templates simply say ``{{ obj.name }}``.
"""

from django.conf import settings
from django.utils.translation import get_language

LANGUAGE_CODES = [code for code, _name in settings.LANGUAGES]
FALLBACK_LANGUAGE = "fr"


def current_language() -> str:
    lang = (get_language() or FALLBACK_LANGUAGE).split("-")[0]
    return lang if lang in LANGUAGE_CODES else FALLBACK_LANGUAGE


def localized_field_name(base: str, lang: str | None = None) -> str:
    """``name`` -> ``name_ar`` in Arabic: for order_by() and values() on the active language."""
    return f"{base}_{lang or current_language()}"


class TranslatedField:
    """``obj.name`` is ``obj.name_<active language>``, or ``obj.name_fr`` when that is empty."""

    def __init__(self, base: str):
        self.base = base

    def __get__(self, instance, owner=None):
        if instance is None:
            return self
        value = getattr(instance, localized_field_name(self.base), "")
        return value or getattr(instance, f"{self.base}_{FALLBACK_LANGUAGE}", "")


def localized_name_ordering(base: str = "name", *, model=None) -> list:
    """order_by() arguments that sort by the active language's name, French where it is empty."""
    from django.db.models import Value
    from django.db.models.functions import Coalesce, NullIf

    field = localized_field_name(base)
    has_field = model is None or any(f.name == field for f in model._meta.get_fields())
    if field == f"{base}_{FALLBACK_LANGUAGE}" or not has_field:
        return [f"{base}_{FALLBACK_LANGUAGE}", "pk"]
    return [Coalesce(NullIf(field, Value("")), f"{base}_{FALLBACK_LANGUAGE}"), "pk"]
