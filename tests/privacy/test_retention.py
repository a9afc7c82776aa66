"""Each retention rule, just before and just after its period; anonymised rows keep their figures."""

import io
from datetime import timedelta

import pytest
from django.core.management import call_command
from django.utils import timezone

from actors.models import Proposal
from events.models import Application, Registration
from library.models import Subscriber
from privacy.services import ANONYMISED, ANONYMISED_DOMAIN, purge_personal_data
from support.models import OrientationRequest
from tests.actors.factories import ProposalFactory
from tests.events.contest_factories import ApplicationFactory, ContestEditionFactory
from tests.events.factories import EventFactory, RegistrationFactory
from tests.library.factories import SubscriberFactory
from tests.support.factories import OrientationRequestFactory, need

pytestmark = pytest.mark.django_db


def days_ago(days, hours=0):
    return timezone.now() - timedelta(days=days, hours=hours)


@pytest.fixture
def periods(settings):
    settings.RETENTION_ORIENTATION_DAYS = 30
    settings.RETENTION_REGISTRATION_DAYS = 20
    settings.RETENTION_CONTEST_DAYS = 40
    settings.RETENTION_NEWSLETTER_PENDING_DAYS = 3
    settings.RETENTION_PROPOSAL_DAYS = 50
    settings.RETENTION_LOGIN_LOG_DAYS = 60


def closed_request(closed_days_ago, reference_data=None):
    request = OrientationRequestFactory(need=need())
    request.change_status(OrientationRequest.Status.CLOSED, by=None)
    request.status_changes.update(at=days_ago(closed_days_ago))
    return request


def test_orientation_requests_anonymised_once_closed_for_the_period(reference_data, periods):
    kept = closed_request(29)
    due = closed_request(31)
    still_open = OrientationRequestFactory()
    OrientationRequest.objects.filter(pk=still_open.pk).update(created_at=days_ago(400))

    assert purge_personal_data(dry_run=True)["orientation"] == 1
    assert OrientationRequest.objects.get(pk=due.pk).email == due.email  # a dry run changes nothing

    assert purge_personal_data()["orientation"] == 1
    due.refresh_from_db()
    assert (due.name, due.email, due.phone, due.message) == (ANONYMISED, "", "", "")
    # What the statistics count stays.
    assert due.commune_id == kept.commune_id and due.need_id == need().pk
    assert due.status == OrientationRequest.Status.CLOSED
    assert due.created_at is not None
    kept.refresh_from_db()
    still_open.refresh_from_db()
    assert kept.name != ANONYMISED and still_open.name != ANONYMISED
    assert purge_personal_data()["orientation"] == 0  # once only


def test_event_registrations_anonymised_after_the_event(reference_data, periods):
    recent = EventFactory(registrable=True, starts_at=days_ago(19, hours=4))
    old = EventFactory(registrable=True, starts_at=days_ago(21, hours=4))
    kept = RegistrationFactory(event=recent, phone="0611")
    first = RegistrationFactory(event=old, phone="0622", organisation="Coop")
    second = RegistrationFactory(event=old, status=Registration.Status.WAITING)

    assert purge_personal_data()["registrations"] == 2
    for registration in (first, second):
        registration.refresh_from_db()
        assert registration.name == ANONYMISED
        assert registration.email == f"{registration.pk}{ANONYMISED_DOMAIN}"
        assert registration.phone == registration.organisation == ""
        assert registration.event_id == old.pk  # still counted among the event's attendance
    assert first.status == Registration.Status.CONFIRMED
    kept.refresh_from_db()
    assert kept.email.endswith("@example.org") and kept.phone == "0611"


def test_contest_contacts_cleared_after_the_results(reference_data, periods):
    recent = ContestEditionFactory(jury=True, results_published_at=days_ago(39))
    old = ContestEditionFactory(jury=True, results_published_at=days_ago(41))
    unpublished = ContestEditionFactory(jury=True)
    kept = ApplicationFactory(category__edition=recent, contact_phone="0611")
    due = ApplicationFactory(category__edition=old, contact_phone="0622", members_total=12)
    pending = ApplicationFactory(category__edition=unpublished)

    assert purge_personal_data()["contest"] == 1
    due.refresh_from_db()
    assert (due.contact_name, due.contact_phone) == (ANONYMISED, "")
    assert due.contact_email.endswith(ANONYMISED_DOMAIN)
    assert due.members_total == 12 and due.structure_name  # the structure's figures stay
    for application in (kept, pending):
        application.refresh_from_db()
        assert application.contact_name != ANONYMISED
    assert Application.objects.count() == 3


def test_unconfirmed_newsletter_sign_ups_deleted_after_a_few_days(periods):
    fresh = SubscriberFactory(pending=True)
    stale = SubscriberFactory(pending=True)
    confirmed = SubscriberFactory()
    Subscriber.objects.filter(pk=fresh.pk).update(created_at=days_ago(2))
    Subscriber.objects.filter(pk__in=[stale.pk, confirmed.pk]).update(created_at=days_ago(4))

    assert purge_personal_data()["newsletter"] == 1
    assert set(Subscriber.objects.values_list("pk", flat=True)) == {fresh.pk, confirmed.pk}


def test_proposal_senders_cleared_after_review(reference_data, periods):
    unreviewed = ProposalFactory()
    Proposal.objects.filter(pk=unreviewed.pk).update(created_at=days_ago(300))
    recent = ProposalFactory(status=Proposal.Status.APPLIED, reviewed_at=days_ago(49))
    due = ProposalFactory(status=Proposal.Status.REJECTED, reviewed_at=days_ago(51))

    assert purge_personal_data()["proposals"] == 1
    due.refresh_from_db()
    assert due.sender_name == ANONYMISED and due.sender_email.endswith(ANONYMISED_DOMAIN)
    assert due.data["name_fr"]  # what was proposed about the structure stays
    for proposal in (unreviewed, recent):
        proposal.refresh_from_db()
        assert proposal.sender_email == "fatima@example.org"


def test_the_command_lists_counts_and_a_dry_run_changes_nothing(periods):
    stale = SubscriberFactory(pending=True)
    Subscriber.objects.filter(pk=stale.pk).update(created_at=days_ago(10))
    out = io.StringIO()
    call_command("purge_personal_data", "--dry-run", stdout=out)
    assert "newsletter: 1 to delete" in out.getvalue()
    assert "orientation: 0 to anonymise" in out.getvalue()
    assert Subscriber.objects.filter(pk=stale.pk).exists()

    out = io.StringIO()
    call_command("purge_personal_data", stdout=out)
    assert "newsletter: 1 deleted" in out.getvalue()
    assert not Subscriber.objects.filter(pk=stale.pk).exists()


def test_staff_login_log_deleted_after_the_period(periods):
    from axes.models import AccessLog

    old = AccessLog.objects.create(username="amina", ip_address="203.0.113.7", user_agent="Firefox")
    recent = AccessLog.objects.create(username="amina", ip_address="203.0.113.7", user_agent="Firefox")
    AccessLog.objects.filter(pk=old.pk).update(attempt_time=days_ago(61))
    AccessLog.objects.filter(pk=recent.pk).update(attempt_time=days_ago(59))
    assert purge_personal_data()["logins"] == 1
    assert list(AccessLog.objects.values_list("pk", flat=True)) == [recent.pk]
