"""The shared search module (mess_portal.search): place names, word forms, their admin and cache, and
what it does with hostile queries, in the directory, the support catalogue and the library."""

import pytest
from django.contrib.auth import get_user_model
from django.db import connection

from actors.models import Actor
from library.models import Document
from mess_portal.models import PlaceName, Province, SearchSynonym
from mess_portal.search import CappedPaginator, lexicon, normalize, parse, search_words
from support.models import SupportService
from tests.actors.factories import ActorFactory
from tests.factories import commune, province
from tests.library.factories import DocumentFactory
from tests.support.factories import SupportServiceFactory

pytestmark = pytest.mark.django_db
postgres_only = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="PostgreSQL full text and trigrams"
)

CHEFCHAOUEN = "01.151.01.01"
TETOUAN = "01.571.01.11"
TANGER = "01.511.01.0"
KSAR_EL_KEBIR = "01.331.01.01"
ASSILAH = "01.511.01.01"


def directory(query):
    return list(Actor.objects.published().search(query).by_relevance(query).values_list("name_fr", flat=True))


def services(query):
    return set(SupportService.objects.published().search(query).values_list("name_fr", flat=True))


def documents(query):
    return set(
        Document.objects.published().matching(query, excerpts=False).values_list("title_fr", flat=True)
    )


# --- parsing ----------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("query", "code"),
    [
        ("chaouen", CHEFCHAOUEN),
        ("Chefchaouene", CHEFCHAOUEN),
        ("شفشاون", CHEFCHAOUEN),
        ("الشاون", CHEFCHAOUEN),
        ("Tétouan", TETOUAN),
        ("TETUAN", TETOUAN),
        ("تطوان", TETOUAN),
        ("Tangier", TANGER),
        ("طنجة", TANGER),
        ("طنجه", TANGER),
        ("بطنجة", TANGER),  # "in Tangier": the preposition glued to the name
        ("Ksar el Kébir", KSAR_EL_KEBIR),
        ("ksar-el-kebir", KSAR_EL_KEBIR),
        ("القصر الكبير", KSAR_EL_KEBIR),
        ("Arzila", ASSILAH),
        ("أصيلة", ASSILAH),
        ("M'diq", "01.573.01.05"),
        ("mdiq", "01.573.01.05"),
        ("Alhucemas", "01.051.01.01"),
    ],
)
def test_place_names_in_every_form_name_the_commune(query, code):
    parsed = parse(query)
    assert commune(code).pk in parsed.commune_ids
    assert parsed.groups == []


@pytest.mark.parametrize(
    ("query", "code"),
    [
        ("Fahs-Anjra", "01.227"),
        ("الفحص أنجرة", "01.227"),
        ("M'diq-Fnideq", "01.573"),
        ("المضيق الفنيدق", "01.573"),
    ],
)
def test_province_names_with_hyphens_or_spaces(query, code):
    assert province(code).pk in parse(query).province_ids


def test_the_other_words_stay_words_with_their_forms():
    parsed = parse("Tissage à Ksar el Kébir")
    assert parsed.commune_ids == [commune(KSAR_EL_KEBIR).pk]
    assert parsed.words == ["tissage"]
    assert "tisserande" in parsed.groups[0]
    assert "tisseuses" in parsed.groups[0]


def test_an_activity_is_not_taken_for_the_commune_of_the_same_name():
    # Zaitoune (الزيتون) is a commune, and الزيتون is the olive: the word forms win.
    parsed = parse("الزيتون")
    assert parsed.places == []
    assert "زيتون" in parsed.groups[0]


@pytest.mark.parametrize(
    "query",
    [
        "",
        "   ",
        "!!!???",
        "'; DROP TABLE actors_actor; --",
        "a\x00b",
        "\x00",
        "%_%",
        "x" * 10_000,
        "ب " * 500,
    ],
)
def test_hostile_or_empty_queries_parse_to_little(query):
    parsed = parse(query)
    assert all(len(word) <= 40 for word in parsed.words)
    assert len(parsed.words) <= 8
    assert "\x00" not in "".join(parsed.words)


def test_normalize_is_the_directorys():
    assert normalize("Coopérative ÉCOLE") == "cooperative ecole"
    assert normalize("جَمْعِيَّة") == "جمعيه"
    assert search_words("L'économie de la mer") == ["economie", "mer"]


# --- the directory ------------------------------------------------------------------------------------


def test_a_place_name_finds_the_structures_there_ranked_first():
    ActorFactory(name_fr="Association Atlas", commune=commune(CHEFCHAOUEN))
    ActorFactory(name_fr="Coopérative Rif", commune=commune("01.151.03.03"))  # Bab Berred, in the province
    ActorFactory(name_fr="Coopérative Tanger Bio", commune=commune(TANGER))
    found = directory("chaouen")
    assert found[:2] == ["Association Atlas", "Coopérative Rif"]
    assert "Coopérative Tanger Bio" not in found


def test_a_place_combines_with_the_other_words():
    ActorFactory(name_fr="Coopérative Nour", commune=commune(TETOUAN))
    ActorFactory(name_fr="Association Nour", commune=commune(TETOUAN))
    ActorFactory(name_fr="Coopérative Atlas", commune=commune(TANGER))
    assert directory("coopérative tétouan") == ["Coopérative Nour"]
    assert directory("تعاونية تطوان") == [] or directory("تعاونية تطوان") == ["Coopérative Nour"]


def test_a_commune_in_arabic():
    ActorFactory(name_fr="Association Al Amal", name_ar="جمعية الأمل", commune=commune(KSAR_EL_KEBIR))
    ActorFactory(name_fr="Association Avenir", commune=commune(TANGER))
    assert directory("القصر الكبير") == ["Association Al Amal"]
    assert directory("جمعية القصر الكبير") == ["Association Al Amal"]


def test_a_name_that_holds_the_place_is_still_found_elsewhere():
    ActorFactory(name_fr="Coopérative Tétouan Saveurs", commune=commune(TANGER))
    ActorFactory(name_fr="Coopérative Martil", commune=commune(TETOUAN))
    found = directory("tetouan")
    assert found == ["Coopérative Martil", "Coopérative Tétouan Saveurs"]


@pytest.mark.parametrize(("query", "expected"), [("tisserandes", "tissage"), ("pêcheurs", "pêche")])
def test_word_forms_in_the_directory(query, expected):
    ActorFactory(name_fr="Coopérative Tissage du Rif", products_fr="Tapis.")
    ActorFactory(name_fr="Association Pêche Artisanale")
    ActorFactory(name_fr="Association Avenir")
    found = directory(query)
    assert len(found) == 1
    assert expected in normalize(found[0]) or expected in found[0].lower()


def test_word_forms_in_english_and_arabic():
    ActorFactory(name_fr="Weavers of the Rif")
    ActorFactory(name_fr="Coopérative Nassij", name_ar="تعاونية نساج الريف")
    assert directory("weaving") == ["Weavers of the Rif"]
    assert directory("النسيج") == ["Coopérative Nassij"]


def test_staff_edits_of_synonyms_and_place_names_change_results_at_once():
    ActorFactory(name_fr="Coopérative des Distillatrices", commune=commune(TANGER))
    assert directory("alambic") == []
    lexicon()  # cached
    synonym = SearchSynonym.objects.create(language="fr", terms="alambic, distillatrices")
    assert directory("alambic") == ["Coopérative des Distillatrices"]
    synonym.delete()
    assert directory("alambic") == []
    PlaceName.objects.create(commune=commune(TANGER), name="Tingis", kind=PlaceName.Kind.VARIANT)
    assert directory("tingis") == ["Coopérative des Distillatrices"]


def test_the_admin_edits_place_names_inline_on_the_territory(admin_client):
    tanger = commune(TANGER)
    url = f"/admin/mess_portal/commune/{tanger.pk}/change/"
    assert admin_client.get(url).status_code == 200
    ActorFactory(name_fr="Association Avenir", commune=tanger)
    existing = list(tanger.place_names.all())
    data = {
        "place_names-TOTAL_FORMS": str(len(existing) + 1),
        "place_names-INITIAL_FORMS": str(len(existing)),
        "place_names-MIN_NUM_FORMS": "0",
        "place_names-MAX_NUM_FORMS": "1000",
    }
    for i, name in enumerate(existing):
        data.update(
            {
                f"place_names-{i}-id": name.pk,
                f"place_names-{i}-name": name.name,
                f"place_names-{i}-kind": name.kind,
                f"place_names-{i}-language": name.language,
                f"place_names-{i}-commune": tanger.pk,
            }
        )
    n = len(existing)
    data.update(
        {
            f"place_names-{n}-name": "Tingitana",
            f"place_names-{n}-kind": "variant",
            f"place_names-{n}-language": "fr",
            f"place_names-{n}-commune": tanger.pk,
        }
    )
    assert directory("tingitana") == []
    response = admin_client.post(url, data)
    assert response.status_code == 302, response.content.decode()[:2000]
    assert directory("tingitana") == ["Association Avenir"]
    # The HCP's own fields stay as they were.
    tanger.refresh_from_db()
    assert tanger.name_fr == "Tanger"


def test_the_admin_edits_synonyms(admin_client):
    ActorFactory(name_fr="Coopérative des Distillatrices")
    assert admin_client.get("/admin/mess_portal/searchsynonym/").status_code == 200
    response = admin_client.post(
        "/admin/mess_portal/searchsynonym/add/",
        {"language": "fr", "terms": "alambic, distillatrices", "note": ""},
    )
    assert response.status_code == 302
    assert directory("alambic") == ["Coopérative des Distillatrices"]


def test_staff_without_the_permission_cannot_edit_territories(client):
    user = get_user_model().objects.create_user("viewer", password="x", is_staff=True)
    from django.contrib.auth.models import Permission

    user.user_permissions.add(Permission.objects.get(codename="view_commune"))
    client.force_login(user)
    url = f"/admin/mess_portal/commune/{commune(TANGER).pk}/change/"
    assert client.get(url).status_code == 200
    assert client.post(url, {}).status_code == 403


def test_the_tables_cost_no_query_when_warm(django_assert_num_queries):
    lexicon()
    with django_assert_num_queries(0):
        parse("coopérative tissage chaouen")
    Province.objects.first().save()  # a territory changed: read again
    with django_assert_num_queries(4):
        parse("chaouen")


@postgres_only
def test_directory_search_query_count_is_fixed(client, django_assert_max_num_queries):
    ActorFactory.create_batch(5, commune=commune(CHEFCHAOUEN), name_fr="Coopérative Tissage")
    lexicon()
    # As the directory's other searches (tests/actors/test_list.py), with a place and a word form.
    with django_assert_max_num_queries(17):
        response = client.get("/fr/acteurs/", {"q": "tisserande chaouen", "page": "1"})
    assert response.status_code == 200
    assert len(response.context["actors"]) == 5


# --- counting beyond a threshold -------------------------------------------------------------------


def test_counts_stop_at_the_limit():
    ActorFactory.create_batch(7, name_fr="Coopérative Atlas")
    paginator = CappedPaginator(Actor.objects.order_by("pk"), 2, limit=5)
    assert paginator.capped
    assert paginator.count == 5
    assert paginator.num_pages == 3
    assert len(paginator.get_page(99).object_list) == 1  # the last page within the limit
    exact = CappedPaginator(Actor.objects.order_by("pk"), 2, limit=10)
    assert not exact.capped
    assert exact.count == 7


@pytest.mark.parametrize("lang", ["fr", "ar", "en"])
def test_the_directory_says_more_than_the_limit(client, monkeypatch, lang):
    from mess_portal import search

    monkeypatch.setattr(search, "COUNT_LIMIT", 3)
    monkeypatch.setattr(search.CappedPaginator.__init__, "__kwdefaults__", {"limit": 3})
    ActorFactory.create_batch(5, name_fr="Coopérative Atlas")
    response = client.get(f"/{lang}/acteurs/", {"q": "atlas"})
    html = response.content.decode()
    assert response.status_code == 200
    assert response.context["count_capped"]
    expected = {"fr": "Plus de 3 structures", "ar": "أكثر من 3", "en": "More than 3 structures"}[lang]
    assert expected in html


# --- the support catalogue and the library -----------------------------------------------------------


def test_support_applies_the_arabic_normalisation_and_word_forms():
    SupportServiceFactory(
        name_fr="Atelier", name_ar="ورشة الخياطة للنساء", description_fr="Couture et retouches."
    )
    SupportServiceFactory(name_fr="Conseil", name_ar="استشارة", description_fr="Conseil juridique.")
    assert services("ورشه الخياطه") == {"Atelier"}
    assert services("وَرْشَة") == {"Atelier"}
    assert services("couturières") == {"Atelier"}
    assert services("خياطة") == {"Atelier"}


def test_support_by_place_gives_the_services_open_there_first(client):
    local = SupportServiceFactory(name_fr="Formation locale", region_wide=False)
    local.eligible_communes.set([commune(CHEFCHAOUEN)])
    SupportServiceFactory(name_fr="Formation régionale", region_wide=True)
    elsewhere = SupportServiceFactory(name_fr="Formation à Tanger", region_wide=False)
    elsewhere.eligible_provinces.set([province("01.511")])
    assert services("formation chaouen") == {"Formation locale", "Formation régionale"}
    response = client.get("/fr/accompagnement/", {"q": "formation chaouen"})
    assert [s.name_fr for s in response.context["services"]] == ["Formation locale", "Formation régionale"]


def test_library_applies_the_arabic_normalisation_and_word_forms():
    DocumentFactory(title_fr="Étude des pêcheurs", title_ar="دراسة حول الصيّادين")
    DocumentFactory(title_fr="Guide de l'apiculture")
    assert documents("الصيادين") == {"Étude des pêcheurs"}
    assert documents("pêche") == {"Étude des pêcheurs"}
    assert documents("apicultrices") == {"Guide de l'apiculture"}


def test_library_by_place_finds_the_documents_about_it():
    # (the factory's PDF speaks of Chefchaouen, so another place here)
    about = DocumentFactory(title_fr="Filières de la province")
    about.provinces.set([province("01.331")])
    DocumentFactory(title_fr="Étude sur El Araich", summary_fr="Le port.")
    DocumentFactory(title_fr="Étude sur Tanger")
    assert documents("larache") == {"Filières de la province", "Étude sur El Araich"}
    assert documents("العرائش") == {"Filières de la province", "Étude sur El Araich"}


@pytest.mark.parametrize(
    "query", ["'; DROP TABLE x; --", "a\x00b", "!!!", "x" * 5000, '(("))', "تعاونية" * 100, "%", "\\"]
)
@pytest.mark.parametrize("path", ["/fr/acteurs/", "/fr/accompagnement/", "/fr/bibliotheque/", "/ar/acteurs/"])
def test_bad_queries_never_fail(client, path, query):
    ActorFactory(name_fr="Coopérative Atlas")
    response = client.get(path, {"q": query})
    assert response.status_code in (200, 400)
