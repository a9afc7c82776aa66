"""The contest's demo content and the admin pages that show it."""

import io

import pytest
from django.contrib.auth.models import User
from django.core.management import call_command

from events.models import Application, ContestEdition, Laureate, Score
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def snapshot():
    return (
        list(ContestEdition.objects.order_by("year").values_list("year", "status")),
        Application.objects.count(),
        Score.objects.count(),
        list(
            Laureate.objects.order_by("category__position", "rank").values_list(
                "rank", "application__reference"
            )
        ),
    )


@pytest.mark.parametrize("debug", [True, False])
def test_seed_demo_makes_a_published_and_an_open_edition_idempotently(settings, client, debug):
    settings.DEBUG = debug
    call_command("seed_demo", actors=15, stdout=io.StringIO())
    first = snapshot()
    call_command("seed_demo", actors=15, stdout=io.StringIO())
    assert snapshot() == first
    past, current = ContestEdition.objects.order_by("year")
    assert past.status == ContestEdition.Status.PUBLISHED and past.laureates.exists()
    assert current.status == ContestEdition.Status.OPEN and current.accepts_applications()
    assert past.applications.count() == 8
    assert past.ceremony.kind == "ceremony" and past.rules.is_published
    assert User.objects.filter(username="demo-jury").exists() == debug
    assert Score.objects.exists() == debug
    html = client.get("/fr/concours/").content.decode()
    assert f"/fr/concours/{current.year}/candidater/" in html
    laureate = past.laureates.select_related("application__actor").first()
    assert laureate.application.actor.slug in client.get(f"/fr/concours/{past.year}/").content.decode()
    assert (
        f"/fr/concours/{past.year}/"
        in client.get(laureate.application.actor.get_absolute_url()).content.decode()
    )


def test_the_contest_admin_pages_open_for_a_superuser(settings, client):
    settings.DEBUG = True
    call_command("seed_demo", actors=15, stdout=io.StringIO())
    client.force_login(UserFactory(username="root", superuser=True))
    past = ContestEdition.objects.order_by("year").first()
    application = past.applications.first()
    urls = [
        "/admin/events/contestedition/",
        "/admin/events/contestedition/add/",
        f"/admin/events/contestedition/{past.pk}/change/",
        f"/admin/events/contestedition/{past.pk}/results/",
        "/admin/events/contestcategory/",
        "/admin/events/criterion/",
        "/admin/events/application/",
        "/admin/events/application/?q=CR",
        f"/admin/events/application/{application.pk}/change/",
        f"/admin/events/application/{application.pk}/score/",
        "/admin/events/score/",
        "/admin/events/conflictofinterest/",
        "/admin/events/conflictofinterest/add/",
        "/admin/events/laureate/",
        "/admin/events/laureate/add/",
    ]
    for url in urls:
        assert client.get(url).status_code == 200, url


def test_the_demo_juror_sees_the_applications_of_their_categories_minus_their_conflict(settings, client):
    settings.DEBUG = True
    call_command("seed_demo", actors=15, stdout=io.StringIO())
    juror = User.objects.get(username="demo-jury")
    client.force_login(juror)
    html = client.get("/admin/events/application/").content.decode()
    conflict = juror.contest_conflicts.get()
    hidden = Application.objects.filter(actor=conflict.actor)
    assert hidden.exists()
    for application in hidden:
        assert application.reference not in html
    assert (
        Application.objects.visible_to(juror).count()
        == Application.objects.filter(status="submitted").count() - hidden.count()
    )
