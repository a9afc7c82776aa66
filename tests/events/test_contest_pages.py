"""The contest's public pages in French, Arabic and English, the laureates' publication with its
e-mails, the laureate badge on the directory, the home page's card and the sitemap."""

import datetime

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.test import override_settings
from django.utils import timezone

from events import contest_services as services
from events.models import ContestEdition
from tests.actors.factories import ActorFactory
from tests.events.contest_factories import (
    ApplicationFactory,
    ContestCategoryFactory,
    ContestEditionFactory,
    ContestEventFactory,
    LaureateFactory,
)
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

LANGUAGES = ["fr", "ar", "en"]


@pytest.fixture
def current():
    ceremony = ContestEventFactory(title_fr="Cérémonie 2026")
    edition = ContestEditionFactory(
        year=2026, theme_fr="L'ESS et l'emploi", theme_ar="الاقتصاد التضامني والتشغيل", ceremony=ceremony
    )
    for n in range(3):
        ContestCategoryFactory(
            edition=edition, name_fr=f"Catégorie {n}", name_ar=f"الفئة {n}", prize_fr=f"Prix {n}"
        )
    return edition


@pytest.fixture
def past():
    edition = ContestEditionFactory(
        year=2025,
        theme_fr="Thème 2025",
        status=ContestEdition.Status.JURY,
        applications_open_at=timezone.now() - datetime.timedelta(days=400),
        applications_close_at=timezone.now() - datetime.timedelta(days=300),
    )
    categories = [ContestCategoryFactory(edition=edition, name_fr=f"Cat 2025 {n}") for n in range(2)]
    for category in categories:
        for rank in (1, 2):
            LaureateFactory(
                application=ApplicationFactory(category=category, language="ar" if rank == 2 else "fr"),
                rank=rank,
            )
    ApplicationFactory(category=categories[0], contact_email="perdant@example.org", language="en")
    return edition


def publish(edition):
    return services.laureates_publish(
        edition=edition, by=UserFactory(username="pub", teams=["events"]), site_url="http://testserver/"
    )


@pytest.mark.parametrize("lang", LANGUAGES)
def test_the_contest_page_shows_the_current_edition_and_the_past_ones(
    client, current, past, lang, django_assert_max_num_queries
):
    with django_assert_max_num_queries(3):
        response = client.get(f"/{lang}/concours/")
    assert response.status_code == 200
    html = response.content.decode()
    assert ("الاقتصاد التضامني والتشغيل" if lang == "ar" else "L&#x27;ESS et l&#x27;emploi") in html
    assert f"/{lang}/concours/2026/candidater/" in html
    assert f"/{lang}/concours/2025/" in html
    assert ("الفئة 2" if lang == "ar" else "Catégorie 2") in html
    assert "sessionid" not in response.cookies


def test_the_query_count_does_not_grow_with_the_data(client, current, past, django_assert_max_num_queries):
    for year in range(2010, 2020):
        edition = ContestEditionFactory(year=year, closed=True, status=ContestEdition.Status.PUBLISHED)
        ContestCategoryFactory(edition=edition)
    for n in range(10):
        ContestCategoryFactory(edition=current, name_fr=f"Extra {n}")
    with django_assert_max_num_queries(3):
        assert client.get("/fr/concours/").status_code == 200
    publish(past)
    for n in range(5):
        LaureateFactory(application=ApplicationFactory(category=past.categories.first()), rank=3 + n)
    with django_assert_max_num_queries(3):
        assert client.get("/ar/concours/2025/").status_code == 200


def test_a_contest_page_without_any_edition(client):
    response = client.get("/fr/concours/")
    assert response.status_code == 200


def test_drafts_are_not_shown(client, current):
    ContestEditionFactory(year=2027, theme_fr="Brouillon secret", status=ContestEdition.Status.DRAFT)
    assert "Brouillon secret" not in client.get("/fr/concours/").content.decode()
    assert client.get("/fr/concours/2027/").status_code == 404
    assert client.get("/fr/concours/1999/").status_code == 404
    assert client.get("/fr/concours/99999999999999/").status_code == 404


def test_the_calendar_is_shown_in_casablanca_time(client):
    opens = datetime.datetime(2026, 10, 1, 9, 0, tzinfo=datetime.UTC)  # after 2026-09-20: UTC+00
    ContestEditionFactory(
        year=2026, applications_open_at=opens, applications_close_at=opens + datetime.timedelta(days=90)
    )
    html = client.get("/fr/concours/").content.decode()
    assert "1 octobre 2026, 09:00" in html


def test_laureates_appear_only_once_published_and_link_to_the_directory(client, past):
    laureate = past.laureates.select_related("application__actor").first()
    actor = laureate.application.actor
    html = client.get("/fr/concours/2025/").content.decode()
    assert actor.get_absolute_url() not in html
    publish(past)
    for lang in LANGUAGES:
        with django_assert_max_num_queries_factory(client, 3):
            html = client.get(f"/{lang}/concours/2025/").content.decode()
        assert f"/{lang}/annuaire/" in html or actor.slug in html
    assert actor.slug in client.get("/fr/concours/2025/").content.decode()


class django_assert_max_num_queries_factory:
    """A small context manager for use inside a loop (the fixture is not reentrant in parametrised loops)."""

    def __init__(self, client, limit):
        self.limit = limit

    def __enter__(self):
        from django.db import connection
        from django.test.utils import CaptureQueriesContext

        self.context = CaptureQueriesContext(connection)
        return self.context.__enter__()

    def __exit__(self, *exc):
        self.context.__exit__(*exc)
        assert len(self.context.captured_queries) <= self.limit, self.context.captured_queries


def test_publishing_tells_every_applicant_in_their_language_once(past):
    sent, failed = publish(past)
    assert (sent, failed) == (5, 0)
    past.refresh_from_db()
    assert past.status == ContestEdition.Status.PUBLISHED and past.results_published_at
    by_address = {message.to[0]: message for message in mail.outbox}
    loser = by_address["perdant@example.org"]
    assert "results" in loser.subject.lower()
    laureates = [message for address, message in by_address.items() if address != "perdant@example.org"]
    assert len(laureates) == 4
    assert all("http://testserver/" in message.body for message in mail.outbox)
    # Publishing again sends nothing more.
    assert publish(past) == (0, 0)
    assert len(mail.outbox) == 5


@override_settings(EMAIL_BACKEND="tests.support.broken_mail.BrokenBackend")
def test_a_mail_server_that_is_down_keeps_the_publication_and_retries_later(past):
    assert publish(past) == (5, 0)  # queued; each job fails, and the queue tries it again (tests/jobs)
    past.refresh_from_db()
    assert past.status == ContestEdition.Status.PUBLISHED
    assert not past.applications.filter(result_sent_at__isnull=False).exists()


def test_publishing_needs_laureates():
    edition = ContestEditionFactory(year=2024, jury=True)
    with pytest.raises(ValidationError, match="lauréats"):
        publish(edition)


def test_staff_draft_then_publish_the_laureates_from_the_results_page(client, past):
    past.laureates.all().delete()
    staff = UserFactory(username="boss", teams=["events"])
    client.force_login(staff)
    url = f"/admin/events/contestedition/{past.pk}/results/"
    assert client.post(url, {"action": "draft"}).status_code == 302
    # No marks: nobody is ranked, so nobody is drafted; staff add laureates by hand then.
    assert not past.laureates.exists()
    LaureateFactory(application=past.applications.first(), rank=1)
    assert client.post(url, {"action": "publish"}).status_code == 302
    past.refresh_from_db()
    assert past.status == ContestEdition.Status.PUBLISHED
    assert len(mail.outbox) == past.applications.count()


def test_the_laureate_badge_on_the_directory_page(client, past, django_assert_max_num_queries):
    laureate = past.laureates.select_related("application__actor", "category").first()
    actor = laureate.application.actor
    assert (
        "2025"
        not in client.get(actor.get_absolute_url())
        .content.decode()
        .split("<main", 1)[-1]
        .split("</h1>")[1][:600]
    )
    publish(past)
    html = client.get(actor.get_absolute_url()).content.decode()
    assert "/fr/concours/2025/" in html
    assert laureate.category.name_fr in html
    other = ActorFactory()
    # The structure page's own count (tests/actors/test_detail.py): the badge is one of its queries.
    with django_assert_max_num_queries(7):
        assert "/fr/concours/2025/" not in client.get(other.get_absolute_url()).content.decode()


def test_the_home_page_card_leads_to_the_contest(client):
    assert 'href="/fr/concours/"' in client.get("/fr/").content.decode()


def test_the_sitemap_lists_the_contest_pages(client, current, past):
    ContestEditionFactory(year=2027, status=ContestEdition.Status.DRAFT)
    xml = client.get("/sitemap-contest.xml").content.decode()
    assert "/fr/concours/</loc>" in xml
    assert "/fr/concours/2026/</loc>" in xml and "/ar/concours/2025/</loc>" in xml
    assert "/concours/2027/" not in xml


def test_a_new_structure_is_linked_once_its_proposal_is_applied_and_gets_its_badge(client, past):
    from actors.services import proposal_apply
    from tests.actors.factories import ProposalFactory

    proposal = ProposalFactory()
    laureate = past.laureates.first()
    application = laureate.application
    application.actor = None
    application.proposal = proposal
    application.save()
    laureate.actor = None
    laureate.save()
    staff = UserFactory(username="dir", teams=["directory"])
    actor = proposal_apply(proposal=proposal, by=staff)
    actor.set_status("published")
    publish(past)
    application.refresh_from_db()
    assert application.actor == actor
    assert f"/fr/concours/{past.year}/" in client.get(actor.get_absolute_url()).content.decode()
