"""Staff export or erase one person's data, by e-mail address, across every app."""

import io
import json
import zipfile

import pytest
from django.contrib.admin.models import LogEntry
from django.urls import reverse

from actors.models import Actor, Proposal
from events.models import Application, Registration
from library.models import NewsletterDelivery, Subscriber
from privacy.models import DataRequest, hash_email
from privacy.services import ANONYMISED, ANONYMISED_DOMAIN, holdings
from support.models import OrientationRequest, SupportService
from tests.actors.factories import ActorFactory, ProposalFactory
from tests.events.contest_factories import ApplicationFactory
from tests.events.factories import RegistrationFactory
from tests.factories import UserFactory
from tests.library.factories import NewsletterIssueFactory, SubscriberFactory
from tests.support.factories import OrientationRequestFactory, SupportServiceFactory, need

pytestmark = pytest.mark.django_db

EMAIL = "Fatima@Example.org"
PERSON_URL = reverse("admin:privacy_person")


@pytest.fixture
def person(reference_data):
    """The same person in every model that holds an e-mail address, and someone else beside."""
    records = {
        "request": OrientationRequestFactory(email="fatima@example.org", need=need()),
        "registration": RegistrationFactory(email="fatima@example.org", phone="0611"),
        "application": ApplicationFactory(contact_email="FATIMA@example.org", contact_phone="0622"),
        "proposal": ProposalFactory(sender_email="fatima@example.org", message="Mon numéro: 0633"),
        "subscriber": SubscriberFactory(email="fatima@example.org"),
        "actor": ActorFactory(email="fatima@example.org", phone="0644"),
        "service": SupportServiceFactory(email="fatima@example.org"),
    }
    issue = NewsletterIssueFactory()
    records["delivery"] = NewsletterDelivery.objects.create(
        issue=issue, subscriber=records["subscriber"], email="fatima@example.org", language="fr"
    )
    records["other"] = OrientationRequestFactory(email="someone@example.org", name="Someone Else")
    return records


@pytest.fixture
def privacy_officer(client):
    user = UserFactory(teams=["privacy"])
    client.force_login(user)
    return user


def test_every_model_with_an_email_field_is_covered():
    """A new model that stores an address must say what erasure does to it."""
    from django.apps import apps
    from django.db.models import EmailField

    covered = {(holding.model, holding.field) for holding in holdings()}
    for model in apps.get_models():
        if model._meta.app_label in ("auth", "axes", "admin") or model is DataRequest:
            continue  # staff accounts and login attempts: not the public's data
        for field in model._meta.fields:
            if isinstance(field, EmailField):
                assert (model, field.name) in covered, f"{model._meta.label}.{field.name}"


def test_the_search_lists_every_record_holding_the_address(client, privacy_officer, person):
    response = client.get(PERSON_URL, {"email": EMAIL})
    assert response.status_code == 200
    page = response.content.decode()
    for shown in (person["request"].reference, "0611", person["application"].reference, "Mon numéro: 0633"):
        assert shown in page
    # Request, registration, application, proposal, subscriber, delivery, structure, service, and the
    # history of the structure and of the service.
    assert len(response.context["found"]) == 10
    assert "Someone Else" not in page


def test_the_export_is_a_zip_of_json_and_csv(client, privacy_officer, person):
    response = client.post(PERSON_URL, {"email": EMAIL, "action": "export"})
    assert response.status_code == 200
    assert response["Content-Type"] == "application/zip"
    archive = zipfile.ZipFile(io.BytesIO(response.content))
    data = json.loads(archive.read("personal-data.json"))
    records = data["records"]
    assert records["support.OrientationRequest"][0]["reference"] == person["request"].reference
    assert records["events.Registration"][0]["phone"] == "0611"
    assert records["events.Application"][0]["contact_phone"] == "0622"
    assert len(records["library.Subscriber"]) == 1
    assert "Someone Else" not in json.dumps(data)
    assert "support-orientationrequest.csv" in archive.namelist()
    request = DataRequest.objects.get()
    assert request.kind == DataRequest.Kind.EXPORT and request.email_hash == hash_email(EMAIL)
    assert request.done_by == privacy_officer
    assert LogEntry.objects.filter(object_id=str(request.pk)).exists()


def test_erasure_asks_for_confirmation_listing_what_goes(client, privacy_officer, person):
    response = client.post(PERSON_URL, {"email": EMAIL, "action": "erase"})
    assert response.status_code == 200
    page = response.content.decode()
    assert "Yes, erase" in page or "Oui, effacer" in page
    assert person["request"].reference in page
    # Nothing is erased yet.
    assert Subscriber.objects.filter(email="fatima@example.org").exists()
    assert not DataRequest.objects.exists()


def test_erasure_clears_every_model_holding_the_address(client, privacy_officer, person):
    from django.contrib.admin.models import CHANGE
    from django.contrib.contenttypes.models import ContentType

    LogEntry.objects.create(
        user=privacy_officer,
        content_type=ContentType.objects.get_for_model(OrientationRequest),
        object_id=str(person["request"].pk),
        object_repr=str(person["request"]),
        action_flag=CHANGE,
    )
    response = client.post(PERSON_URL, {"email": EMAIL, "action": "erase", "confirmed": "yes"})
    assert response.status_code == 302

    request = OrientationRequest.objects.get(pk=person["request"].pk)
    assert (request.name, request.email, request.phone, request.message) == (ANONYMISED, "", "", "")
    assert request.need_id and request.commune_id  # still counted
    registration = Registration.objects.get(pk=person["registration"].pk)
    assert registration.name == ANONYMISED and registration.email.endswith(ANONYMISED_DOMAIN)
    assert registration.phone == ""
    application = Application.objects.get(pk=person["application"].pk)
    assert application.contact_email.endswith(ANONYMISED_DOMAIN) and application.contact_phone == ""
    proposal = Proposal.objects.get(pk=person["proposal"].pk)
    assert proposal.sender_email.endswith(ANONYMISED_DOMAIN) and proposal.message == ""
    assert not Subscriber.objects.filter(pk=person["subscriber"].pk).exists()
    assert NewsletterDelivery.objects.get(pk=person["delivery"].pk).email.endswith(ANONYMISED_DOMAIN)
    assert Actor.objects.get(pk=person["actor"].pk).email == ""
    assert SupportService.objects.get(pk=person["service"].pk).email == ""
    # The history tables kept copies of the address: cleared too.
    assert not Actor.history.filter(email__iexact=EMAIL).exists()
    assert not SupportService.history.filter(email__iexact=EMAIL).exists()
    # Nowhere left.
    for holding in holdings():
        assert not holding.matching(EMAIL).exists(), holding.label
    # The admin's log kept the request's name: no more.
    assert not LogEntry.objects.filter(object_repr__contains="Fatima").exists()
    # Someone else is untouched.
    assert OrientationRequest.objects.get(pk=person["other"].pk).email == "someone@example.org"

    log = DataRequest.objects.get()
    assert log.kind == DataRequest.Kind.ERASURE
    assert log.summary["support.OrientationRequest"] == 1
    assert "fatima" not in json.dumps(log.summary).lower()
    assert LogEntry.objects.filter(object_id=str(log.pk), user=privacy_officer).exists()


@pytest.mark.parametrize("team", ["reception", "directory", "library", "events"])
def test_other_teams_may_neither_export_nor_erase(client, person, team):
    client.force_login(UserFactory(teams=[team]))
    assert client.get(PERSON_URL, {"email": EMAIL}).status_code == 403
    assert client.post(PERSON_URL, {"email": EMAIL, "action": "erase", "confirmed": "yes"}).status_code == 403
    assert Subscriber.objects.filter(email="fatima@example.org").exists()


def test_a_bad_address_is_a_form_error(client, privacy_officer):
    response = client.get(PERSON_URL, {"email": "not-an-address"})
    assert response.status_code == 200
    assert b"errorlist" in response.content


@pytest.mark.real_queue
def test_background_jobs_that_hold_the_address_are_found_and_deleted(
    client, privacy_officer, person, settings
):
    """A job's arguments (a newsletter test sent to an address) or its error (a recipient the mail server
    refused) may hold the address: listed, exported and deleted with the rest, so that a job still waiting
    never writes to the person. Jobs that only name ids stay."""
    from django_tasks import TaskResultStatus

    from jobs.models import BackgroundJob
    from library.tasks import send_newsletter_test
    from support.tasks import send_request_email

    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    send_newsletter_test.enqueue(1, "fr", to="fatima@example.org", key="library.test:1:fr")
    send_request_email.enqueue(person["other"].pk, "acknowledgement", site_url="http://testserver/")
    refused = send_request_email.enqueue(
        person["request"].pk, "acknowledgement", site_url="http://testserver/"
    )
    BackgroundJob.objects.filter(pk=refused.id).update(
        status=TaskResultStatus.FAILED,
        exception_class_path="smtplib.SMTPRecipientsRefused",
        traceback="smtplib.SMTPRecipientsRefused: {'Fatima@example.org': (550, b'No such user')}",
    )

    page = client.get(PERSON_URL, {"email": EMAIL})
    assert len(page.context["found"]) == 11  # the ten kinds above, and the background jobs
    assert "library.tasks.send_newsletter_test" in page.content.decode()
    archive = zipfile.ZipFile(
        io.BytesIO(client.post(PERSON_URL, {"email": EMAIL, "action": "export"}).content)
    )
    assert len(json.loads(archive.read("personal-data.json"))["records"]["jobs.BackgroundJob"]) == 2

    client.post(PERSON_URL, {"email": EMAIL, "action": "erase", "confirmed": "yes"})
    assert list(BackgroundJob.objects.values_list("args_kwargs__args", flat=True)) == [
        [person["other"].pk, "acknowledgement"]
    ]
    assert DataRequest.objects.get(kind=DataRequest.Kind.ERASURE).summary["jobs.BackgroundJob"] == 2
