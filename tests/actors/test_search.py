"""Search relevance on PostgreSQL (accents, stems, trigrams, Arabic variants), and the SQLite fallback."""

import pytest
from django.db import connection

from actors.models import Actor
from mess_portal.search import MAX_WORD_LENGTH, normalize, search_words
from tests.actors.factories import ActorFactory
from tests.factories import commune

pytestmark = pytest.mark.django_db
postgres_only = pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL search")


def found(query):
    return list(Actor.objects.published().search(query).by_relevance(query).values_list("name_fr", flat=True))


def test_normalize_unifies_accents_case_and_arabic_letter_variants():
    assert normalize("Coopérative ÉCOLE") == "cooperative ecole"
    assert normalize("جَمْعِيَّة") == "جمعيه"
    assert normalize("أإآ ى ة ـ") == "ااا ي ه"
    assert normalize("  double   space ") == "double space"


@postgres_only
def test_french_words_match_with_or_without_accents_and_across_forms():
    ActorFactory(name_fr="Coopérative Féminine de Tissage", description_fr="Tapis tissés à la main.")
    ActorFactory(name_fr="Association Al Amal")
    assert found("cooperative") == ["Coopérative Féminine de Tissage"]
    assert found("COOPÉRATIVES féminines") == ["Coopérative Féminine de Tissage"]
    assert found("tapis tisses") == ["Coopérative Féminine de Tissage"]


@postgres_only
def test_trigram_finds_approximate_names():
    ActorFactory(name_fr="Coopérative Chefchaouen Bio", commune=commune("01.151.01.01"))
    ActorFactory(name_fr="Association Larache Avenir")
    assert found("Chaouen") == ["Coopérative Chefchaouen Bio"]
    assert found("Chefchauen") == ["Coopérative Chefchaouen Bio"]  # a typo


@postgres_only
@pytest.mark.parametrize("query", ["تعاونية النور", "تعاونيه النور", "تَعَاوُنِيَّة النُّور", "تعاونيـــة النور"])
def test_arabic_names_match_with_or_without_diacritics_and_letter_variants(query):
    ActorFactory(name_fr="Coopérative Annour", name_ar="تعاونيّة النُّور")
    ActorFactory(name_fr="Association Al Amal", name_ar="جمعية الأمل")
    assert found(query) == ["Coopérative Annour"]


@postgres_only
@pytest.mark.parametrize("query", ["الأمل", "الامل", "إلامل"])
def test_arabic_alef_variants(query):
    ActorFactory(name_fr="Association Al Amal", name_ar="جمعية الأمل")
    assert found(query) == ["Association Al Amal"]


@postgres_only
def test_arabic_descriptions_are_searched():
    ActorFactory(name_fr="Coopérative Atlas", description_ar="إنتاج العسل الحرّ في الجبال")
    assert found("العسل الحر") == ["Coopérative Atlas"]


@postgres_only
def test_name_matches_rank_before_description_matches():
    ActorFactory(
        name_fr="Association Culturelle", description_fr="Nous aidons les apiculteurs et le miel local."
    )
    ActorFactory(name_fr="Coopérative Miel du Rif")
    assert found("miel")[0] == "Coopérative Miel du Rif"


@postgres_only
def test_search_uses_the_gin_indexes():
    ActorFactory.create_batch(3)
    with connection.cursor() as cursor:
        cursor.execute("SET enable_seqscan = off")
        # (a word that is not a place name: "chaouen" is Chefchaouen, found by its names and communes)
        sql, params = Actor.objects.search("chefchauen tissage").query.sql_with_params()
        cursor.execute("EXPLAIN " + sql, params)
        plan = "\n".join(row[0] for row in cursor.fetchall())
        cursor.execute("SET enable_seqscan = on")
    assert "actors_actor_search_vector_gin" in plan
    assert "actors_actor_search_name_trgm" in plan


def test_search_fallback_matches_names_without_accents():
    ActorFactory(name_fr="Coopérative Féminine", name_ar="تعاونية نسوية")
    ActorFactory(name_fr="Association Avenir")
    assert set(Actor.objects.search("cooperative").values_list("name_fr", flat=True)) == {
        "Coopérative Féminine"
    }
    assert set(Actor.objects.search("تعاونيه").values_list("name_fr", flat=True)) == {"Coopérative Féminine"}


def test_drafts_are_never_found():
    ActorFactory(name_fr="Coopérative Cachée", draft=True)
    assert found("Cachée") == []


@postgres_only
def test_common_words_skip_the_trigram_comparison(settings):
    from actors import models

    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
    ActorFactory(name_fr="Coopérative Chefchaouen Bio")
    ActorFactory(name_fr="Coopérative Tanger")
    original = models.COMMON_WORD_MATCHES
    models.COMMON_WORD_MATCHES = 2
    try:
        assert models.common_words(["cooperative", "chaouen"]) == {"cooperative"}
        # A common word still needs all the other words; the rare one is still approximate.
        assert found("cooperative chaouen") == ["Coopérative Chefchaouen Bio"]
    finally:
        models.COMMON_WORD_MATCHES = original


def test_a_query_is_cut_to_eight_words_of_forty_characters():
    # A random word of 3,000 letters, compared by trigram with every name, kept a worker busy for
    # two minutes at 50,000 structures.
    long_word = "abcdefghij" * 300
    assert search_words(long_word) == [long_word[:MAX_WORD_LENGTH]]
    assert len("anticonstitutionnellement") <= MAX_WORD_LENGTH
    assert search_words(" ".join(f"mot{n}" for n in range(20))) == [f"mot{n}" for n in range(8)]


@postgres_only
def test_a_search_finds_its_matches_once_and_counts_the_same_as_repeating_the_text(client, monkeypatch):
    """The page, its count and each facet count filter by the search's matches found once (a list of ids)
    rather than by the full-text condition repeated in each query: the results and every count are the
    same either way, and beyond MATERIALIZED_MATCHES the condition is repeated as before."""
    from django.core.cache import cache
    from django.http import QueryDict
    from django.test.utils import CaptureQueriesContext

    from actors import models
    from actors.filters import ActorFilter
    from tests.factories import legal_family, sector

    tanger, chaouen = commune("01.511.01.01"), commune("01.151.01.01")
    ActorFactory(name_fr="Coopérative Miel du Rif", commune=chaouen, sectors=[sector("apiculture")])
    ActorFactory(name_fr="Coopérative Tanger Miel", commune=tanger, women_declared=True)
    ActorFactory(
        name_fr="Association des apiculteurs", commune=tanger, legal_family=legal_family("association")
    )
    ActorFactory(name_fr="Miel caché", commune=tanger, draft=True)
    ActorFactory(name_fr="Coopérative Argan", commune=tanger)
    data = QueryDict("q=miel&family=cooperative&province=tanger-assilah")

    def results():
        filterset = ActorFilter(data, queryset=Actor.objects.published())
        return list(filterset.ordered().values_list("name_fr", flat=True)), filterset._count_facets()

    materialized = results()
    assert materialized[0] == ["Coopérative Tanger Miel"]
    assert materialized[1]["family"] == {legal_family("cooperative").pk: 1, legal_family("association").pk: 1}
    monkeypatch.setattr(models, "MATERIALIZED_MATCHES", 1)  # two matches: more than the list holds
    assert results() == materialized
    monkeypatch.undo()

    cache.clear()
    with CaptureQueriesContext(connection) as queries:
        page = client.get("/fr/acteurs/?" + data.urlencode())
    assert "Coopérative Tanger Miel" in page.content.decode()
    # The text is looked up once (besides the probe of common words, which does not name the column's table).
    assert sum('"actors_actor"."search_vector" @@' in query["sql"] for query in queries.captured_queries) == 1


def test_matching_ids_are_left_to_postgresql():
    ActorFactory(name_fr="Coopérative Miel")
    if connection.vendor == "postgresql":
        assert len(Actor.objects.published().matching_ids("miel")) == 1
        assert Actor.objects.published().matching_ids(" -- ") is None  # no word to search
    else:
        assert Actor.objects.published().matching_ids("miel") is None
