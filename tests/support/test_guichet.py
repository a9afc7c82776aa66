import html
import re

import pytest
from django.core import mail

from support.models import OrientationRequest, StatusChange
from tests.factories import UserFactory, commune
from tests.support.factories import OrientationRequestFactory, SupportServiceFactory

pytestmark = pytest.mark.django_db

URL = "/fr/orientation/"


def valid_data(**changes):
    data = {
        "requester_kind": "project_holder",
        "name": "Youssef Amrani",
        "organisation": "",
        "email": "youssef@example.org",
        "phone": "",
        "commune": "tanger",
        "stage": "idee",
        "need": "creer-structure",
        "message": "Nous sommes cinq pêcheurs et voulons créer une coopérative à Tanger.",
        "consent": "on",
        "homepage": "",
    }
    data.update(changes)
    return {k: v for k, v in data.items() if v is not None}


def test_the_form_renders_and_is_prefilled_from_the_guided_search(client, django_assert_max_num_queries):
    with django_assert_max_num_queries(6):
        response = client.get(URL, {"stage": "creation", "need": "financement", "commune": "tanger"})
    assert response.status_code == 200
    html = response.content.decode()
    assert '<option value="creation" selected>' in html
    assert '<option value="financement" selected>' in html
    assert '<option value="tanger" selected>' in html


def test_a_guided_answer_that_names_nothing_of_ours_is_dropped_not_a_server_error(client):
    # PostgreSQL refuses a NUL byte in a query; the form field turns such a value away first.
    response = client.get(f"{URL}?stage=creation%00&need=inconnu&commune=tanger")
    assert response.status_code == 200
    html = response.content.decode()
    assert "selected>" in html  # the commune
    assert '<option value="creation" selected>' not in html


def test_you_are_offers_one_radio_button_per_kind_and_no_empty_one(client):
    html = client.get(URL).content.decode()
    radios = re.findall(r'<input type="radio" name="requester_kind"[^>]*>', html)
    assert [re.search(r'value="([^"]*)"', radio).group(1) for radio in radios] == [
        "project_holder",
        "structure",
        "other",
    ]
    assert all('class="form-check-input"' in radio for radio in radios)
    assert "---------" not in html
    response = client.post(URL, valid_data(requester_kind=None))
    assert response.status_code == 400
    assert not OrientationRequest.objects.exists()


def test_phone_and_e_mail_read_left_to_right_on_the_arabic_form(client):
    html = client.get("/ar/orientation/").content.decode()
    assert re.search(r'<input[^>]*name="phone"[^>]*dir="ltr"', html)
    assert re.search(r'<input[^>]*name="email"[^>]*dir="ltr"', html)


def test_a_request_is_saved_and_acknowledged_with_its_reference(client):
    response = client.post(URL, valid_data())
    request = OrientationRequest.objects.get()
    assert response.status_code == 302
    assert response["Location"] == f"/fr/orientation/merci/?ref={request.reference}"
    assert request.commune == commune("01.511.01.0")
    assert (request.stage.slug, request.need.slug, request.status) == ("idee", "creer-structure", "new")
    assert request.acknowledged_at is not None
    (ack,) = mail.outbox
    assert ack.to == ["youssef@example.org"]
    assert request.reference in ack.subject
    assert request.reference in ack.body
    thanks = client.get(response["Location"]).content.decode()
    assert request.reference in thanks


def test_the_acknowledgement_is_in_the_language_of_the_form(client):
    client.post("/ar/orientation/", valid_data())
    assert "طلب" in mail.outbox[0].subject


def test_nothing_is_lost_when_the_mail_server_fails(client, settings):
    settings.EMAIL_BACKEND = "tests.support.broken_mail.BrokenBackend"
    response = client.post(URL, valid_data())
    assert response.status_code == 302
    request = OrientationRequest.objects.get()
    assert request.acknowledged_at is None


def test_staff_are_told_of_a_new_request(client, settings):
    settings.STAFF_NOTIFICATION_EMAILS = ["accueil@mess.example.org"]
    client.post(URL, valid_data())
    staff = [m for m in mail.outbox if m.to == ["accueil@mess.example.org"]]
    assert len(staff) == 1
    assert "/admin/support/orientationrequest/" in staff[0].body


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"email": "", "phone": ""}, None),
        ({"email": "not-an-address"}, "email"),
        ({"phone": "call me", "email": ""}, "phone"),
        ({"message": "trop court"}, "message"),
        ({"consent": None}, "consent"),
        ({"commune": "paris"}, "commune"),
        ({"requester_kind": "martian"}, "requester_kind"),
        ({"name": ""}, "name"),
    ],
)
def test_bad_input_re_renders_the_form_and_saves_nothing(client, changes, field):
    response = client.post(URL, valid_data(**changes))
    assert response.status_code == 400
    form = response.context["form"]
    if field:
        assert field in form.errors
    else:
        assert form.non_field_errors()
    assert OrientationRequest.objects.count() == 0
    assert not mail.outbox


def test_a_phone_number_alone_is_enough(client):
    client.post(URL, valid_data(email="", phone="+212 6 12 34 56 78"))
    assert OrientationRequest.objects.get().phone == "+212 6 12 34 56 78"
    assert not mail.outbox


def test_the_honeypot_stores_nothing_but_thanks_the_robot(client):
    response = client.post(URL, valid_data(homepage="http://spam.example"))
    assert response.status_code == 302
    assert OrientationRequest.objects.count() == 0
    assert not mail.outbox


def test_too_many_requests_from_one_address_are_refused(client):
    for _ in range(5):
        assert client.post(URL, valid_data()).status_code == 302
    response = client.post(URL, valid_data())
    assert response.status_code == 429
    assert OrientationRequest.objects.count() == 5


def test_personal_data_never_appears_on_public_pages(client):
    service = SupportServiceFactory()
    request = OrientationRequestFactory(name="Nom Très Privé", email="prive@example.org")
    request.suggested_services.set([service])
    for url in [
        "/fr/accompagnement/",
        service.get_absolute_url(),
        "/fr/",
        f"/fr/orientation/merci/?ref={request.reference}",
    ]:
        html = client.get(url).content.decode()
        assert "Nom Très Privé" not in html and "prive@example.org" not in html


def test_the_thanks_page_only_echoes_a_reference(client):
    html = client.get("/fr/orientation/merci/", {"ref": "<script>alert(1)</script>"}).content.decode()
    assert "<script>alert(1)" not in html


# --- Staff --------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("user_kwargs", "can_see"),
    [
        ({"superuser": True}, True),
        ({"teams": ["reception"]}, True),
        ({"teams": ["directory"]}, False),
        ({"teams": ["library"]}, False),
        ({"teams": ["observatory"]}, False),
    ],
)
def test_only_reception_and_superusers_see_requests(client, user_kwargs, can_see):
    request = OrientationRequestFactory()
    client.force_login(UserFactory(**user_kwargs))
    listing = client.get("/admin/support/orientationrequest/")
    detail = client.get(f"/admin/support/orientationrequest/{request.pk}/change/")
    assert (listing.status_code == 200) is can_see
    assert (detail.status_code == 200) is can_see
    index = client.get("/admin/").content.decode()
    assert ("orientation-inbox" in index) is can_see


def test_anonymous_visitors_are_sent_to_the_admin_login(client):
    assert client.get("/admin/support/orientationrequest/").status_code == 302


def test_admin_index_counts_open_requests(client):
    OrientationRequestFactory.create_batch(2)
    OrientationRequestFactory(status=OrientationRequest.Status.IN_PROGRESS)
    OrientationRequestFactory(status=OrientationRequest.Status.CLOSED)
    client.force_login(UserFactory(teams=["reception"]))
    html = client.get("/admin/").content.decode()
    assert "<strong>3</strong>" in html
    assert "nouvelles : 2, en cours : 1" in html


def _change(client, request, **fields):
    data = {
        "requester_kind": request.requester_kind,
        "name": request.name,
        "organisation": request.organisation,
        "email": request.email,
        "phone": request.phone,
        "commune": request.commune_id or "",
        "stage": "",
        "need": "",
        "message": request.message,
        "consent": "on",
        "status": request.status,
        "handled_by": "",
        "internal_notes": "",
        "status_changes-TOTAL_FORMS": "0",
        "status_changes-INITIAL_FORMS": "0",
        "status_changes-MIN_NUM_FORMS": "0",
        "status_changes-MAX_NUM_FORMS": "1000",
    }
    data.update(fields)
    return client.post(f"/admin/support/orientationrequest/{request.pk}/change/", data)


def test_marking_oriented_records_the_change_and_mails_the_suggested_services(client):
    services = [
        SupportServiceFactory(name_fr="Prêt solidaire"),
        SupportServiceFactory(name_fr="Atelier statuts"),
    ]
    request = OrientationRequestFactory()
    staff = UserFactory(teams=["reception"])
    client.force_login(staff)
    response = _change(
        client,
        request,
        status="oriented",
        suggested_services=[s.pk for s in services],
        internal_notes="Appelée le 3 mars",
    )
    assert response.status_code == 302, response.context["adminform"].form.errors
    request.refresh_from_db()
    assert request.status == "oriented" and request.oriented_at is not None
    assert request.handled_by == staff
    assert request.internal_notes == "Appelée le 3 mars"
    change = StatusChange.objects.get(request=request)
    assert (change.old_status, change.new_status, change.by) == ("new", "oriented", staff)
    (message,) = mail.outbox
    assert message.to == [request.email]
    assert "Prêt solidaire" in message.body and "Atelier statuts" in message.body
    assert "Appelée" not in message.body  # internal notes stay internal
    # Staff are told the e-mail is on its way (it is a background job), in the admin's language.
    page = client.get(response.url).content.decode()
    assert "Le courriel des services proposés part vers le demandeur" in page


def test_marking_oriented_a_request_without_an_address_says_to_call(client):
    request = OrientationRequestFactory(email="", phone="0611223344")
    client.force_login(UserFactory(teams=["reception"]))
    response = _change(client, request, status="oriented", suggested_services=[SupportServiceFactory().pk])
    assert response.status_code == 302
    page = html.unescape(client.get(response.url).content.decode())
    assert "la demande n'a pas d'adresse électronique : contactez le demandeur par téléphone" in page
    assert not mail.outbox


def test_oriented_without_a_suggested_service_is_refused(client):
    request = OrientationRequestFactory()
    client.force_login(UserFactory(teams=["reception"]))
    response = _change(client, request, status="oriented")
    assert response.status_code == 200
    assert "suggested_services" in response.context["adminform"].form.errors
    request.refresh_from_db()
    assert request.status == "new"
    assert not mail.outbox


def test_each_status_change_is_dated(client):
    request = OrientationRequestFactory()
    client.force_login(UserFactory(teams=["reception"]))
    _change(client, request, status="in_progress")
    request.refresh_from_db()
    _change(client, request, status="closed")
    changes = list(StatusChange.objects.filter(request=request).values_list("old_status", "new_status"))
    assert changes == [("new", "in_progress"), ("in_progress", "closed")]
    assert not mail.outbox


def test_bulk_actions_move_requests(client):
    requests = OrientationRequestFactory.create_batch(2)
    staff = UserFactory(teams=["reception"])
    client.force_login(staff)
    client.post(
        "/admin/support/orientationrequest/",
        {"action": "mark_in_progress", "_selected_action": [r.pk for r in requests]},
    )
    assert set(OrientationRequest.objects.values_list("status", flat=True)) == {"in_progress"}
    assert set(OrientationRequest.objects.values_list("handled_by", flat=True)) == {staff.pk}
    assert StatusChange.objects.count() == 2


def test_inbox_filters_and_query_count(client, django_assert_max_num_queries):
    OrientationRequestFactory.create_batch(5)
    client.force_login(UserFactory(superuser=True))
    with django_assert_max_num_queries(20) as small:
        assert client.get("/admin/support/orientationrequest/", {"status__exact": "new"}).status_code == 200
    OrientationRequestFactory.create_batch(20)
    with django_assert_max_num_queries(len(small.captured_queries)):
        client.get("/admin/support/orientationrequest/", {"status__exact": "new"})


def test_figures_by_month_need_province_and_outcome(client):
    OrientationRequestFactory.create_batch(2)
    OrientationRequestFactory(commune=commune("01.051.01.01"), status=OrientationRequest.Status.CLOSED)
    from support.stats import orientation_figures

    figures = orientation_figures()
    assert figures["total"] == 3
    assert {row["label"]: row["count"] for row in figures["by_province"]} == {
        "Tanger-Assilah": 2,
        "Al Hoceima": 1,
    }
    assert {row["status"]: row["count"] for row in figures["by_status"]} == {"new": 2, "closed": 1}
    assert sum(row["count"] for row in figures["by_month"]) == 3
    client.force_login(UserFactory(teams=["reception"]))
    page = client.get("/admin/support/orientationrequest/figures/")
    assert page.status_code == 200
    assert "Al Hoceima" in page.content.decode()
    client.force_login(UserFactory(teams=["library"]))
    assert client.get("/admin/support/orientationrequest/figures/").status_code == 403


def test_figures_count_months_in_casablanca_time_whatever_the_database_thinks():
    # 23:30 UTC on 30 November is still November in Casablanca (UTC+00 since 2026-09-20), though a
    # database with time-zone data older than 2026c would place it at 00:30 on 1 December.
    import datetime

    from support.stats import orientation_figures

    late = OrientationRequestFactory()
    OrientationRequest.objects.filter(pk=late.pk).update(
        created_at=datetime.datetime(2026, 11, 30, 23, 30, tzinfo=datetime.UTC)
    )
    summer = OrientationRequestFactory()
    OrientationRequest.objects.filter(pk=summer.pk).update(
        created_at=datetime.datetime(2026, 7, 31, 23, 30, tzinfo=datetime.UTC)  # 00:30 on 1 August, UTC+01
    )
    months = {
        (row["month"].year, row["month"].month): row["count"] for row in orientation_figures()["by_month"]
    }
    assert months == {(2026, 8): 1, (2026, 11): 1}
