"""The figures against counts made by hand on a known directory: empty province, zero population,
division by zero, per-10,000 rates, filters, the cache and its invalidation."""

import pytest

from actors.models import Actor
from observatory import stats
from tests.actors.factories import ActorFactory
from tests.factories import commune, sector

pytestmark = pytest.mark.django_db


def figure(figures, key):
    return next(f for f in figures if f.key == key)


def by_category(fig, series=0):
    return dict(zip(fig.categories, fig.series[series][1], strict=True))


def test_key_figures_count_published_structures_only(known):
    values = {k.key: k.value for k in stats.key_figures()}
    assert values["structures"] == 4
    assert values["members"] == 35
    assert values["women-members"] == 11
    assert values["young-members"] == 2
    assert values["employees"] == 1
    # Only the structures that gave both numbers: (6 + 5) / (10 + 5).
    assert values["women-share"] == pytest.approx(11 / 15 * 100)
    assert values["structures-per-10000"] == pytest.approx(4 / known.region.population_2024 * 10_000)


def test_every_key_figure_has_a_source_and_a_date(known):
    for item in stats.key_figures():
        assert item.source.name and item.source.date and item.source.licence


def test_structures_by_province_with_an_empty_province_and_a_zero_population(known):
    figures = stats.panorama_figures()
    counts = by_category(figure(figures, "structures-by-province"))
    assert counts[known.tanger.name] == 2
    assert counts[known.tetouan.name] == 1
    assert counts[known.ouezzane.name] == 0  # no structure: a true zero
    rates = by_category(figure(figures, "structures-per-10000-by-province"))
    assert rates[known.tanger.name] == pytest.approx(2 / known.tanger.population_2024 * 10_000)
    assert rates[known.ouezzane.name] == 0
    assert rates[known.fahs.name] is None  # population 0: no data, not a division by zero


def test_women_and_men_by_province(known):
    fig = figure(stats.panorama_figures(), "members-by-sex-by-province")
    women, men = by_category(fig, 0), by_category(fig, 1)
    assert (women[known.tanger.name], men[known.tanger.name]) == (6, 4)
    assert (women[known.tetouan.name], men[known.tetouan.name]) == (5, 0)
    # No structure, or no numbers: no data rather than 0.
    assert women[known.ouezzane.name] is None and men[known.ouezzane.name] is None
    assert women[known.fahs.name] is None


def test_by_family_sector_and_year(known):
    figures = stats.panorama_figures()
    families = by_category(figure(figures, "structures-by-family"))
    assert families["Coopérative"] == 2 and families["Association"] == 2
    sectors = by_category(figure(figures, "structures-by-sector"))
    assert sectors == {sector("agriculture").name: 2, sector("artisanat").name: 1}
    creations = by_category(figure(figures, "creations-by-year"))
    assert creations == {"2010": 1, "2011": 0, "2012": 2}
    assert by_category(figure(figures, "stock-by-year")) == {"2010": 1, "2011": 1, "2012": 3}


def test_filters(known):
    tanger = stats.Filters(province="tanger-assilah")
    assert {k.key: k.value for k in stats.key_figures(tanger)}["structures"] == 2
    cooperatives = stats.Filters(family="cooperative", year_from=2011)
    values = {k.key: k.value for k in stats.key_figures(cooperatives)}
    assert values["structures"] == 1 and values["members"] == 5
    artisanat = stats.Filters(sector="artisanat")
    assert {k.key: k.value for k in stats.key_figures(artisanat)}["members"] == 20


def test_an_empty_selection_gives_no_data_not_zeros(known):
    values = {k.key: k.value for k in stats.key_figures(stats.Filters(province="ouezzane"))}
    assert values["structures"] == 0
    assert values["members"] is None and values["women-share"] is None
    assert values["structures-per-10000"] == 0
    zero_population = {k.key: k.value for k in stats.key_figures(stats.Filters(province="fahs-anjra"))}
    assert zero_population["structures-per-10000"] is None


def test_maps_absolute_and_per_capita(known):
    absolute = stats.province_map("members")
    assert absolute.values[known.tanger.code] == 30
    assert absolute.values[known.ouezzane.code] is None
    per_capita = stats.province_map("members", per_capita=True)
    assert per_capita.values[known.tanger.code] == pytest.approx(30 / known.tanger.population_2024 * 10_000)
    assert per_capita.values[known.fahs.code] is None
    # A share is never divided by the population.
    share = stats.province_map("women-share", per_capita=True)
    assert share.values[known.tanger.code] == pytest.approx(60.0)
    assert share.key == "map-women-share"
    with pytest.raises(LookupError):
        stats.province_map("inconnu")


def test_map_indicators_lists_live_and_official(known, hcp_series):
    keys = [key for key, _label in stats.map_indicators()]
    assert keys[:2] == ["structures", "members"]
    assert "hcp-establishments" in keys


def test_province_comparisons(known):
    rows = {row.key: row for row in stats.province_comparisons("tanger-assilah")}
    assert (rows["structures"].province, rows["structures"].region) == (2, 4)
    assert rows["structures"].share == pytest.approx(50.0)
    assert rows["women-share"].share is None
    empty = {row.key: row for row in stats.province_comparisons("ouezzane")}
    assert empty["structures"].province == 0 and empty["members"].province is None
    assert empty["members"].share is None


def test_figures_are_cached_and_invalidated_when_a_structure_changes(known, django_assert_num_queries):
    stats.panorama_figures()
    stats.key_figures()
    with django_assert_num_queries(0):
        stats.panorama_figures()
        stats.key_figures()
    actor = ActorFactory(commune=commune("01.511.01.0"), members_total=1)
    assert {k.key: k.value for k in stats.key_figures()}["structures"] == 5
    actor.set_status(Actor.Status.ARCHIVED)
    assert {k.key: k.value for k in stats.key_figures()}["structures"] == 4
    actor.sectors.set([sector("artisanat")])  # m2m changes too
    stats.key_figures()


def test_one_query_per_chart_whatever_the_size(known, django_assert_max_num_queries):
    with django_assert_max_num_queries(12) as small:
        stats.panorama_figures()
        stats.key_figures()
    small_count = len(small.captured_queries)
    for _ in range(30):
        ActorFactory(commune=commune("01.511.01.0"), members_total=3, sectors=[sector("agriculture")])
    stats.invalidate()
    with django_assert_max_num_queries(small_count):
        stats.panorama_figures()
        stats.key_figures()


def test_an_imported_series_and_a_new_population_show_at_once(known):
    from observatory.models import Indicator, Observation

    stats.map_indicators()
    stats.panorama_figures()
    indicator = Indicator.objects.create(
        code="odco-cooperatives", name_fr="Coopératives", unit_fr="coop", source="ODCO"
    )
    Observation.objects.create(indicator=indicator, territory_code=known.tanger.code, year=2024, value=412)
    assert "odco-cooperatives" in dict(stats.map_indicators())
    assert stats.province_map("odco-cooperatives").values[known.tanger.code] == 412
    known.tanger.population_2024 = 20_000
    known.tanger.save()
    rates = by_category(figure(stats.panorama_figures(), "structures-per-10000-by-province"))
    assert rates[known.tanger.name] == pytest.approx(2 / 20_000 * 10_000)
