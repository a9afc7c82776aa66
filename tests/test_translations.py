"""Every catalog is complete in French and Arabic, and its compiled .mo matches the .po (no gettext needed)."""

from pathlib import Path

import polib
import pytest

ROOT = Path(__file__).resolve().parents[1]
CATALOGS = sorted(
    p
    for p in ROOT.glob("**/locale/*/LC_MESSAGES/django.po")
    if ".venv" not in p.parts and "var" not in p.parts
)


def test_there_are_catalogs():
    assert any("/fr/" in str(p) for p in CATALOGS) and any("/ar/" in str(p) for p in CATALOGS)


@pytest.mark.parametrize("po_path", CATALOGS, ids=lambda p: str(p.relative_to(ROOT)))
def test_catalog_is_complete_and_compiled(po_path):
    po = polib.pofile(str(po_path))
    untranslated = [e.msgid for e in po.untranslated_entries()]
    fuzzy = [e.msgid for e in po.fuzzy_entries()]
    assert not untranslated, f"untranslated in {po_path}: {untranslated[:5]}"
    assert not fuzzy, f"fuzzy in {po_path}: {fuzzy[:5]}"
    mo_path = po_path.with_suffix(".mo")
    assert mo_path.exists(), f"{mo_path} is missing: run manage.py compilemessages"
    compiled = {(e.msgctxt, e.msgid): e.msgstr or e.msgstr_plural for e in polib.mofile(str(mo_path))}
    for entry in po.translated_entries():
        got = compiled.get((entry.msgctxt, entry.msgid))
        expected = entry.msgstr or {int(k): v for k, v in entry.msgstr_plural.items()}
        if isinstance(got, dict):
            got = {int(k): v for k, v in got.items()}
        assert got == expected, f"{mo_path} is stale for {entry.msgid!r}: run manage.py compilemessages"


@pytest.mark.parametrize("lang", ["fr", "ar"])
def test_a_string_means_the_same_in_every_catalog(lang):
    # Django merges the catalogs into one: a string translated two ways would show one of them at random
    # places. Use pgettext with a context where the meaning really differs.
    seen = {}
    for po_path in (p for p in CATALOGS if f"/{lang}/" in str(p)):
        for entry in polib.pofile(str(po_path)).translated_entries():
            if entry.msgid_plural:
                continue
            seen.setdefault((entry.msgctxt, entry.msgid), {})[str(po_path.relative_to(ROOT))] = entry.msgstr
    conflicts = {key: where for key, where in seen.items() if len(set(where.values())) > 1}
    assert not conflicts, conflicts
