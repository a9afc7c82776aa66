"""The jury's work: who sees and marks which application, conflicts of interest, anonymity, the weighted
ranking against marks computed by hand, the results page and its XLSX export."""

import io
from decimal import Decimal

import openpyxl
import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from events import contest_services as services
from events.models import Application, ContestEdition, Score
from tests.actors.factories import ActorFactory
from tests.events.contest_factories import (
    ApplicationFactory,
    ConflictOfInterestFactory,
    ContestCategoryFactory,
    ContestEditionFactory,
    CriterionFactory,
)
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def edition():
    return ContestEditionFactory(year=2025, jury=True)


@pytest.fixture
def criteria(edition):
    # Impact weighs three times viability; impact is marked out of 20, viability out of 10.
    impact = CriterionFactory(edition=edition, name_fr="Impact", weight=3, scale_max=20, position=0)
    viability = CriterionFactory(edition=edition, name_fr="Viabilité", weight=1, scale_max=10, position=1)
    return impact, viability


@pytest.fixture
def jurors():
    return UserFactory(username="juror1", teams=["jury"]), UserFactory(username="juror2", teams=["jury"])


@pytest.fixture
def category(edition, jurors):
    return ContestCategoryFactory(edition=edition, name_fr="Coopératives", jurors=jurors)


@pytest.fixture
def other_category(edition):
    other_juror = UserFactory(username="juror-other", teams=["jury"])
    return ContestCategoryFactory(edition=edition, name_fr="Jeunes", jurors=[other_juror])


@pytest.fixture
def staff():
    return UserFactory(username="contest-staff", teams=["events"])


def mark(juror, application, criteria, values):
    services.scores_save(
        juror=juror,
        application=application,
        values={criterion.pk: Decimal(value) for criterion, value in zip(criteria, values, strict=True)},
    )


def test_weighted_marks_ranking_and_spread_match_the_hand_computed_values(
    edition, criteria, jurors, category
):
    j1, j2 = jurors
    x = ApplicationFactory(category=category, number=1)
    y = ApplicationFactory(category=category, number=2)
    z = ApplicationFactory(category=category, number=3)
    unmarked = ApplicationFactory(category=category, number=4)
    # Juror's mark = 20 × Σ weight × mark / scale ÷ Σ weight (Σ weight = 4).
    mark(j1, x, criteria, [16, 8])  # 20 × (3 × 16/20 + 8/10) / 4 = 16
    mark(j2, x, criteria, [10, 10])  # 20 × (3 × 10/20 + 1) / 4 = 12.5
    mark(j1, y, criteria, [20, 5])  # 20 × (3 + 0.5) / 4 = 17.5
    mark(j2, y, criteria, [18, 6])  # 20 × (2.7 + 0.6) / 4 = 16.5
    mark(j1, z, criteria, [10, 10])  # 12.5
    mark(j2, z, criteria, [16, 8])  # 16 (z ties with x)

    [(result_category, rows)] = services.edition_results(edition)
    assert result_category == category
    by_app = {row.application.pk: row for row in rows}
    assert by_app[y.pk].mark == pytest.approx(17.0)
    assert by_app[x.pk].mark == pytest.approx(14.25)
    assert by_app[z.pk].mark == pytest.approx(14.25)
    assert by_app[unmarked.pk].mark is None
    assert by_app[x.pk].total == Decimal(3 * 16 + 8 + 3 * 10 + 10)  # 96
    assert by_app[x.pk].lowest == pytest.approx(12.5)
    assert by_app[x.pk].highest == pytest.approx(16.0)
    assert by_app[x.pk].deviation == pytest.approx(1.75)
    assert by_app[x.pk].jurors_count == 2
    # Ranked by mark; equal marks share a rank; the unmarked last, unranked.
    assert [(row.application.pk, row.rank) for row in rows] == [
        (y.pk, 1),
        (x.pk, 2),
        (z.pk, 2),
        (unmarked.pk, None),
    ]


def test_a_juror_with_missing_criteria_counts_over_what_they_marked(edition, criteria, jurors, category):
    j1, _j2 = jurors
    application = ApplicationFactory(category=category)
    services.scores_save(juror=j1, application=application, values={criteria[1].pk: Decimal(5)})
    [(_category, [row])] = services.edition_results(edition)
    assert row.mark == pytest.approx(10.0)  # 20 × (1 × 5/10) / 1


def test_a_mark_outside_the_scale_is_refused(edition, criteria, jurors, category):
    application = ApplicationFactory(category=category)
    with pytest.raises(ValidationError, match="entre 0 et 10"):
        services.scores_save(juror=jurors[0], application=application, values={criteria[1].pk: Decimal(11)})
    assert not Score.objects.exists()


def test_marks_are_unique_per_juror_application_and_criterion(edition, criteria, jurors, category):
    application = ApplicationFactory(category=category)
    mark(jurors[0], application, criteria, [10, 5])
    mark(jurors[0], application, criteria, [12, 6])
    assert sorted(Score.objects.values_list("value", flat=True)) == [Decimal(6), Decimal(12)]


def test_a_juror_of_another_category_neither_sees_nor_marks(
    client, edition, criteria, category, other_category
):
    application = ApplicationFactory(category=category)
    outsider = other_category.jurors.get()
    assert not Application.objects.visible_to(outsider).filter(pk=application.pk).exists()
    assert not services.can_score(outsider, application)
    with pytest.raises(PermissionDenied):
        mark(outsider, application, criteria, [10, 5])
    client.force_login(outsider)
    assert client.get(f"/admin/events/application/{application.pk}/change/").status_code == 302
    assert client.get(f"/admin/events/application/{application.pk}/score/").status_code == 404
    assert client.post(f"/admin/events/application/{application.pk}/score/", {}).status_code == 404
    changelist = client.get("/admin/events/application/")
    assert application.reference not in changelist.content.decode()


def test_a_juror_never_sees_nor_marks_a_structure_they_declared(client, edition, criteria, jurors, category):
    j1, j2 = jurors
    tied = ActorFactory(name_fr="Coopérative de mon cousin")
    application = ApplicationFactory(category=category, actor=tied)
    other = ApplicationFactory(category=category)
    ConflictOfInterestFactory(juror=j1, actor=tied)
    # The service refuses...
    assert not services.can_score(j1, application)
    with pytest.raises(PermissionDenied):
        mark(j1, application, criteria, [10, 5])
    # ...and the admin does not show it (list, change page, score sheet, attachments).
    assert list(Application.objects.visible_to(j1)) == [other]
    client.force_login(j1)
    changelist = client.get("/admin/events/application/").content.decode()
    assert other.reference in changelist and application.reference not in changelist
    assert client.get(f"/admin/events/application/{application.pk}/score/").status_code == 404
    # The other juror of the category marks it.
    assert services.can_score(j2, application)
    mark(j2, application, criteria, [10, 5])


def test_a_juror_declares_a_conflict_in_the_admin_for_themselves(client, jurors):
    j1, j2 = jurors
    actor = ActorFactory()
    client.force_login(j1)
    response = client.post(
        "/admin/events/conflictofinterest/add/", {"actor": actor.pk, "note": "membre", "juror": j2.pk}
    )
    assert response.status_code == 302
    conflict = j1.contest_conflicts.get()
    assert conflict.actor == actor
    assert not j2.contest_conflicts.exists()


def test_the_score_sheet_saves_a_jurors_marks(client, edition, criteria, jurors, category):
    application = ApplicationFactory(category=category)
    client.force_login(jurors[0])
    url = f"/admin/events/application/{application.pk}/score/"
    page = client.get(url)
    assert page.status_code == 200
    assert "Impact" in page.content.decode()
    response = client.post(url, {f"criterion_{criteria[0].pk}": "15.5", f"criterion_{criteria[1].pk}": "7"})
    assert response.status_code == 302
    assert sorted(Score.objects.values_list("value", flat=True)) == [Decimal("7"), Decimal("15.5")]
    response = client.post(url, {f"criterion_{criteria[0].pk}": "25"})
    assert response.status_code == 200  # re-rendered with the error
    assert Score.objects.get(criterion=criteria[0]).value == Decimal("15.5")


def test_marks_are_only_given_while_the_jury_is_at_work(edition, criteria, jurors, category):
    application = ApplicationFactory(category=category)
    edition.status = ContestEdition.Status.OPEN
    edition.save()
    application.refresh_from_db()
    assert not services.can_score(jurors[0], application)


def test_scores_cannot_be_written_through_the_generic_admin(client, jurors):
    client.force_login(jurors[0])
    assert client.get("/admin/events/score/add/").status_code == 403


def test_an_anonymous_edition_hides_the_applicant_from_jurors_not_from_staff(
    client, edition, criteria, jurors, category, staff
):
    edition.anonymous_jury = True
    edition.save()
    application = ApplicationFactory(
        category=category, actor=ActorFactory(name_fr="Coopérative Secrète"), contact_name="Nom Caché"
    )
    from django.core.files.base import ContentFile

    from events.models import ApplicationAttachment

    attachment = ApplicationAttachment.objects.create(
        application=application,
        kind="pdf",
        file=ContentFile(b"%PDF-1.4", name="x.pdf"),
        original_name="secrete.pdf",
    )
    client.force_login(jurors[0])
    download = client.get(attachment.get_absolute_url())
    assert "secrete" not in download["Content-Disposition"]
    assert application.reference in download["Content-Disposition"]
    for url in (
        "/admin/events/application/",
        f"/admin/events/application/{application.pk}/change/",
        f"/admin/events/application/{application.pk}/score/",
    ):
        html = client.get(url).content.decode()
        assert application.reference in html
        assert "Coopérative Secrète" not in html and "Nom Caché" not in html and "secrete" not in html
    client.force_login(staff)
    assert (
        "Coopérative Secrète"
        in client.get(f"/admin/events/application/{application.pk}/change/").content.decode()
    )


def test_attachments_are_served_to_the_jurors_of_the_category_only(
    client, edition, jurors, category, other_category, staff
):
    from django.core.files.base import ContentFile

    from events.models import ApplicationAttachment

    application = ApplicationFactory(category=category)
    attachment = ApplicationAttachment.objects.create(
        application=application,
        kind="pdf",
        file=ContentFile(b"%PDF-1.4 test", name="x.pdf"),
        original_name="statuts.pdf",
    )
    url = f"/fr/concours/piece/{attachment.pk}/"
    assert client.get(url).status_code == 302  # anonymous: to the login page
    client.force_login(UserFactory(username="someone"))  # not staff
    assert client.get(url).status_code == 302
    client.force_login(other_category.jurors.get())
    assert client.get(url).status_code == 404
    ConflictOfInterestFactory(juror=jurors[1], actor=application.actor)
    client.force_login(jurors[1])
    assert client.get(url).status_code == 404
    for user in (jurors[0], staff):
        client.force_login(user)
        response = client.get(url)
        assert response.status_code == 200
        assert b"".join(response.streaming_content) == b"%PDF-1.4 test"
        assert "statuts.pdf" in response["Content-Disposition"]


def test_the_results_page_and_export_are_for_contest_staff(
    client, edition, criteria, jurors, category, staff
):
    j1, j2 = jurors
    x = ApplicationFactory(category=category, number=1)
    mark(j1, x, criteria, [16, 8])
    mark(j2, x, criteria, [10, 10])
    client.force_login(j1)
    assert client.get(f"/admin/events/contestedition/{edition.pk}/results/").status_code == 403
    assert client.get(f"/admin/events/contestedition/{edition.pk}/results.xlsx").status_code == 403
    client.force_login(staff)
    page = client.get(f"/admin/events/contestedition/{edition.pk}/results/")
    assert page.status_code == 200
    assert "14,25" in page.content.decode() or "14.25" in page.content.decode()
    export = client.get(f"/admin/events/contestedition/{edition.pk}/results.xlsx")
    assert export.status_code == 200
    sheet = openpyxl.load_workbook(io.BytesIO(export.content)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[1][:5] == (1, x.reference, x.display_name, 14.25, 96.0)
    assert rows[1][6:9] == (12.5, 16.0, 1.75)


def test_contest_staff_see_every_application(client, edition, category, other_category, staff):
    applications = [ApplicationFactory(category=category), ApplicationFactory(category=other_category)]
    assert set(Application.objects.visible_to(staff)) == set(applications)
    client.force_login(staff)
    html = client.get("/admin/events/application/").content.decode()
    assert all(application.reference in html for application in applications)


def test_anonymous_visitors_are_sent_to_the_login(client, edition):
    assert client.get("/admin/events/application/").status_code == 302
    assert client.get(f"/admin/events/contestedition/{edition.pk}/results/").status_code == 302


def test_staff_set_an_application_aside_and_jurors_no_longer_see_it(
    client, edition, criteria, jurors, category, staff
):
    application = ApplicationFactory(category=category)
    mark(jurors[0], application, criteria, [10, 5])
    client.force_login(jurors[0])
    assert ">2<" in client.get("/admin/events/application/").content.decode()  # the juror's two marks
    client.force_login(staff)
    response = client.post(
        "/admin/events/application/", {"action": "mark_ineligible", "_selected_action": [application.pk]}
    )
    assert response.status_code == 302
    application.refresh_from_db()
    assert application.status == Application.Status.INELIGIBLE
    assert not Application.objects.visible_to(jurors[0]).exists()
    assert services.edition_results(edition)[0][1] == []
