import pytest
from django.core.exceptions import ValidationError
from django.db import connection

from library.models import Document, Theme
from mess_portal.pdf import build_pdf
from mess_portal.search import lexicon
from tests.factories import UserFactory, province
from tests.library.factories import DocumentFactory, pdf_bytes

pytestmark = pytest.mark.django_db

URL = "/fr/bibliotheque/"
ONLY_IN_PDF = ["# Annexe technique", "Le séchage solaire du figuier de barbarie à Ouezzane."]


def titles(response):
    return [document.title_fr for document in response.context["documents"]]


def test_catalogue_lists_published_documents_only(client):
    DocumentFactory(title_fr="Guide des coopératives", kind="guide")
    DocumentFactory(title_fr="Brouillon secret", draft=True)
    response = client.get(URL)
    html = response.content.decode()
    assert response.status_code == 200
    assert "<title>Bibliothèque numérique" in html
    assert "Guide des coopératives" in html
    assert "Brouillon secret" not in html
    assert "1 document" in html


def test_empty_catalogue_says_so(client):
    html = client.get("/en/bibliotheque/").content.decode()
    assert "No document has been published yet" in html


@pytest.mark.parametrize("query", ["?q=introuvable", "?kind=inconnu", "?year=abc"])
def test_a_search_that_finds_nothing_says_no_result_not_empty_catalogue(client, query):
    # The audit (issue 14) saw a rejected search followed by the empty catalogue's wording.
    DocumentFactory(title_fr="Guide des coopératives", kind="guide")
    html = client.get("/en/bibliotheque/" + query).content.decode()
    assert "Guide des coopératives" not in html
    assert "No document matches this search." in html
    assert "No document has been published yet" not in html


@pytest.mark.parametrize("lang", ["fr", "ar", "en"])
def test_catalogue_query_count_is_fixed(client, django_assert_max_num_queries, lang):
    DocumentFactory.create_batch(15, themes=[Theme.objects.get(slug="financement")])
    lexicon()  # the search's synonym and place tables: read once, then cached (tests/mess_portal/test_search.py)
    # years, count, page, theme and province choices (select and validation)
    with django_assert_max_num_queries(7):
        response = client.get(
            f"/{lang}/bibliotheque/?q=coopératives&theme=financement&province=tanger-assilah&page=2"
        )
    assert response.status_code == 200


def test_search_finds_a_word_that_is_only_inside_the_pdf(client):
    DocumentFactory(title_fr="Étude sur les filières", pdf=pdf_bytes(ONLY_IN_PDF))
    DocumentFactory(title_fr="Autre étude")
    response = client.get(URL, {"q": "figuier"})
    assert titles(response) == ["Étude sur les filières"]
    html = response.content.decode()
    assert "<mark>figuier</mark>" in html


def test_search_finds_arabic_words_in_the_pdf(client):
    DocumentFactory(title_fr="Étude bilingue")
    DocumentFactory(title_fr="Sans arabe", pdf=build_pdf([["# Note", "Texte en français seulement."]]))
    response = client.get("/ar/bibliotheque/", {"q": "النسائية"})
    assert titles(response) == ["Étude bilingue"]


@pytest.mark.skipif(connection.vendor != "postgresql", reason="French stemming and unaccent are PostgreSQL's")
def test_search_ignores_accents_and_word_endings_and_ranks_titles_first(client):
    DocumentFactory(title_fr="Rapport annuel", pdf=pdf_bytes(["# Annexe", "Une économie des coopératives."]))
    DocumentFactory(title_fr="L'économie solidaire en chiffres")
    response = client.get(URL, {"q": "economies"})
    assert titles(response) == ["L'économie solidaire en chiffres", "Rapport annuel"]


def test_search_escapes_the_text_of_the_pdf(client):
    DocumentFactory(pdf=pdf_bytes(["# Note", "Le code <script>alert(1)</script> figuier"]))
    html = client.get(URL, {"q": "figuier"}).content.decode()
    assert "<script>alert(1)</script>" not in html
    assert "alert(1)" in html  # the text is shown, escaped (or its tags dropped by PostgreSQL)
    assert "<mark>figuier</mark>" in html


def test_filters_and_removable_chips(client):
    tanger = province("01.511")
    theme = Theme.objects.get(slug="femmes")
    DocumentFactory(title_fr="Atlas 2024", kind="atlas", year=2024, themes=[theme], provinces=[tanger])
    DocumentFactory(title_fr="Atlas 2020", kind="atlas", year=2020)
    DocumentFactory(title_fr="Guide 2024", kind="guide", year=2024, language="ar")
    DocumentFactory(title_fr="Loi 2010", kind="legal_text", year=2010, language="fr-ar")
    assert titles(client.get(URL, {"kind": "atlas"})) == ["Atlas 2024", "Atlas 2020"]
    assert titles(client.get(URL, {"year": "2020"})) == ["Atlas 2020"]
    assert titles(client.get(URL, {"language": "ar"})) == ["Guide 2024", "Loi 2010"]
    assert titles(client.get(URL, {"language": "fr-ar"})) == ["Loi 2010"]
    assert titles(client.get(URL, {"theme": "femmes"})) == ["Atlas 2024"]
    assert titles(client.get(URL, {"province": tanger.slug})) == ["Atlas 2024"]
    assert titles(client.get(URL, {"kind": "atlas", "sort": "oldest"})) == ["Atlas 2020", "Atlas 2024"]
    response = client.get(URL, {"kind": "atlas", "year": "2024"})
    chip_urls = [chip["url"] for chip in response.context["chips"]]
    assert chip_urls == ["?year=2024", "?kind=atlas"]


@pytest.mark.parametrize(
    "query",
    ["kind=novel", "year=abc", "year=1800", "theme=inconnu", "province=paris", "sort=random", "language=xx"],
)
def test_unknown_filter_value_is_a_clear_400(client, query):
    DocumentFactory()
    response = client.get(f"{URL}?{query}")
    assert response.status_code == 400
    assert "Cette recherche ne peut pas être lancée" in response.content.decode()
    assert list(response.context["documents"]) == []


def test_wrong_page_number_shows_a_page(client):
    DocumentFactory()
    for page in ["999", "abc", "-1"]:
        assert client.get(URL, {"page": page}).status_code == 200


def test_detail_page(client, django_assert_max_num_queries):
    theme = Theme.objects.get(slug="financement")
    document = DocumentFactory(
        title_fr="Atlas de l'ESS",
        title_ar="أطلس الاقتصاد الاجتماعي",
        kind="atlas",
        themes=[theme],
        provinces=[province("01.511")],
        authors="ORESS",
    )
    DocumentFactory(title_fr="Étude voisine", themes=[theme])
    with django_assert_max_num_queries(6):
        response = client.get(f"/fr/bibliotheque/{document.slug}/")
    html = response.content.decode()
    assert response.status_code == 200
    assert "<title>Atlas de l&#x27;ESS" in html
    assert f'href="/fr/bibliotheque/{document.slug}/telecharger/"' in html
    assert "Télécharger le PDF" in html
    assert "Étude voisine" in html  # related documents
    assert 'data-pdf-src="/fr/bibliotheque/' in html  # the inline viewer
    arabic = client.get(f"/ar/bibliotheque/{document.slug}/").content.decode()
    assert "أطلس الاقتصاد الاجتماعي" in arabic


def test_unpublished_document_is_hidden_from_the_public_but_not_from_library_staff(client):
    document = DocumentFactory(draft=True)
    assert client.get(document.get_absolute_url()).status_code == 404
    client.force_login(UserFactory(teams=["events"]))
    assert client.get(document.get_absolute_url()).status_code == 404
    client.force_login(UserFactory(teams=["library"]))
    response = client.get(f"/en/bibliotheque/{document.slug}/")
    assert response.status_code == 200
    assert "This document is not published" in response.content.decode()


def test_home_features_the_latest_atlas_and_panorama(client):
    DocumentFactory(title_fr="Atlas 2019", kind="atlas", year=2019)
    DocumentFactory(title_fr="Atlas 2024", kind="atlas", year=2024)
    DocumentFactory(title_fr="Panorama 2023", kind="panorama", year=2023)
    DocumentFactory(title_fr="Panorama 2025 en préparation", kind="panorama", year=2025, draft=True)
    DocumentFactory(title_fr="Guide 2025", kind="guide", year=2025)
    html = client.get("/fr/").content.decode()
    assert "Atlas 2024" in html and "Panorama 2023" in html
    for absent in ["Atlas 2019", "Panorama 2025", "Guide 2025"]:
        assert absent not in html


def test_sitemap_lists_published_documents(client):
    published = DocumentFactory()
    draft = DocumentFactory(draft=True)
    sitemap = client.get("/sitemap-documents.xml").content.decode()
    assert f"http://testserver/ar/bibliotheque/{published.slug}/" in sitemap
    assert draft.slug not in sitemap


def test_catalogue_sets_no_session(client):
    DocumentFactory()
    response = client.get(URL, {"q": "étude"})
    assert "sessionid" not in response.cookies


def test_document_model_rules():
    document = Document(slug="lettre", year=1900)
    with pytest.raises(ValidationError) as caught:
        document.clean()
    assert "slug" in caught.value.message_dict


@pytest.mark.parametrize(
    ("fmt", "content_type"), [("csv", "text/csv"), ("xlsx", "application/vnd"), ("json", "application/json")]
)
def test_the_filtered_list_downloads_as_a_table(client, django_assert_max_num_queries, fmt, content_type):
    DocumentFactory(slug="atlas-2024", kind="atlas", themes=[Theme.objects.get(slug="femmes")])
    DocumentFactory(slug="guide-2024", kind="guide")
    DocumentFactory(slug="brouillon", kind="atlas", draft=True)
    html = client.get(URL, {"kind": "atlas", "page": "1"}).content.decode()
    assert f'href="?kind=atlas&amp;format={fmt}"' in html
    with django_assert_max_num_queries(7):
        response = client.get(URL, {"kind": "atlas", "format": fmt})
    assert response.status_code == 200
    assert response["Content-Type"].startswith(content_type)
    assert response["Content-Disposition"] == f'attachment; filename="bibliotheque.{fmt}"'
    if fmt == "csv":
        text = response.content.decode()
        assert "atlas-2024" in text and "femmes" in text
        assert "guide-2024" not in text and "brouillon" not in text


def test_unknown_download_format_is_404(client):
    assert client.get(URL, {"format": "exe"}).status_code == 404


def test_search_results_download(client):
    DocumentFactory(slug="avec-figuier", pdf=pdf_bytes(ONLY_IN_PDF))
    DocumentFactory(slug="sans")
    text = client.get(URL, {"q": "figuier", "format": "csv"}).content.decode()
    assert "avec-figuier" in text and "sans" not in text.replace("avec-figuier", "")
