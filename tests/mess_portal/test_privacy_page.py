"""The privacy page: what is collected, for how long (from settings), the rights, the CNDP number."""

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("language", "heading", "rights"),
    [
        ("fr", "Confidentialité et données personnelles", "droit d'accéder"),
        ("ar", "السرية والمعطيات الشخصية", "الحق في الولوج"),
        ("en", "Privacy and personal data", "right to access"),
    ],
)
def test_the_page_in_each_language_reads_the_periods_from_settings(
    client, settings, language, heading, rights
):
    settings.RETENTION_ORIENTATION_DAYS = 123
    settings.RETENTION_REGISTRATION_DAYS = 45
    settings.RETENTION_CONTEST_DAYS = 678
    settings.RETENTION_NEWSLETTER_PENDING_DAYS = 6
    settings.RETENTION_PROPOSAL_DAYS = 91
    settings.RETENTION_LOGIN_LOG_DAYS = 77
    response = client.get(f"/{language}/confidentialite/")
    assert response.status_code == 200
    page = response.content.decode()
    assert heading in page and rights in page
    for days in ("123", "45", "678", "6", "91", "77"):
        assert f" {days} " in page
    assert settings.MESS_CONTACT["email"] in page
    assert "cndp.ma" in page
    assert 'id="cndp"' not in page  # no number yet


def test_the_cndp_declaration_number_is_shown_once_set(client, settings):
    settings.CNDP_DECLARATION = "D-GC-123/2026"
    page = client.get(reverse("site:privacy")).content.decode()
    assert "D-GC-123/2026" in page


def test_linked_from_the_footer_and_from_every_form(client, reference_data):
    url = reverse("site:privacy")
    assert f'href="{url}"' in client.get(reverse("site:home")).content.decode()
    for form_page in (
        reverse("support:orientation"),
        reverse("actors:propose"),
        reverse("library:newsletter"),
    ):
        page = client.get(form_page).content.decode()
        assert page.count(f'href="{url}"') >= 2, form_page  # the footer's and the form's


def test_in_the_sitemap(client):
    assert "/fr/confidentialite/" in client.get("/sitemap-pages.xml").content.decode()


def test_an_anonymous_get_writes_nothing(client, django_assert_max_num_queries):
    with django_assert_max_num_queries(2):
        assert client.get(reverse("site:privacy")).status_code == 200
    assert not client.cookies.get("sessionid")
