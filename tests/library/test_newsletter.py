import re
from datetime import timedelta

import pytest
from django.core import mail
from django.core.management import call_command
from django.test import Client
from django.utils import timezone

from library import services
from library.models import NewsletterDelivery, NewsletterIssue, Subscriber
from tests.library.factories import NewsletterIssueFactory, SubscriberFactory

pytestmark = pytest.mark.django_db

SUBSCRIBE = "/fr/bibliotheque/lettre/inscription/"


def link_in(message) -> str:
    return re.search(r"http://testserver(/\S+/)", message.body).group(1)


@pytest.fixture(autouse=True)
def _site_url(settings):
    settings.SITE_URL = "http://testserver"


def test_subscription_is_confirmed_by_the_signed_link(client):
    response = client.post(SUBSCRIBE, {"email": "Amina@Example.org ", "language": "ar"})
    assert response.status_code == 302
    assert response["Location"] == "/fr/bibliotheque/lettre/inscription/merci/"
    subscriber = Subscriber.objects.get(email="amina@example.org")
    assert subscriber.status == Subscriber.Status.PENDING
    assert subscriber.language == "ar"
    [message] = mail.outbox
    assert message.to == ["amina@example.org"]
    assert "النشرة" in message.subject  # in the language chosen
    confirm = link_in(message)
    assert confirm.startswith("/ar/bibliotheque/lettre/confirmer/")

    # Opening the link (as mail scanners do) confirms nothing; the button does.
    page = client.get(confirm)
    assert page.status_code == 200
    subscriber.refresh_from_db()
    assert subscriber.status == Subscriber.Status.PENDING
    assert client.post(confirm).status_code == 200
    subscriber.refresh_from_db()
    assert subscriber.status == Subscriber.Status.CONFIRMED
    assert subscriber.confirmed_at


def test_tampered_or_expired_confirmation_link_is_refused(client, settings):
    client.post(SUBSCRIBE, {"email": "a@example.org", "language": "fr"})
    confirm = link_in(mail.outbox[0])
    tampered = confirm[:-3] + ("A" if confirm[-3] != "A" else "B") + confirm[-2:]
    assert client.post(tampered).status_code == 400
    token = confirm.rstrip("/").rsplit("/", 1)[1]
    subscriber = Subscriber.objects.get()
    later = timezone.now() + services.CONFIRM_MAX_AGE + timedelta(minutes=1)
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr("time.time", lambda: later.timestamp())
        assert (
            services.subscriber_from_token(
                token, salt=services.CONFIRM_SALT, max_age=services.CONFIRM_MAX_AGE
            )
            is None
        )
    assert services.subscriber_from_token(token, salt=services.UNSUBSCRIBE_SALT) is None  # another purpose
    subscriber.refresh_from_db()
    assert subscriber.status == Subscriber.Status.PENDING


def test_same_page_whether_the_address_is_known_or_not_and_no_mail_flood(client):
    SubscriberFactory(email="known@example.org")
    assert client.post(SUBSCRIBE, {"email": "known@example.org", "language": "fr"}).status_code == 302
    assert mail.outbox == []
    client.post(SUBSCRIBE, {"email": "new@example.org", "language": "fr"})
    client.post(SUBSCRIBE, {"email": "new@example.org", "language": "fr"})
    assert len(mail.outbox) == 1


def test_bad_subscription_form_is_rerendered(client):
    response = client.post(SUBSCRIBE, {"email": "not-an-address", "language": "fr"})
    assert response.status_code == 400
    assert 'id="subscribe-email_error"' in response.content.decode()
    response = client.post(
        SUBSCRIBE, {"email": "bot@example.org", "language": "fr", "homepage": "http://spam"}
    )
    assert response.status_code == 400
    assert response.status_code == 400 and client.post(SUBSCRIBE, {"language": "zz"}).status_code == 400
    assert not Subscriber.objects.exists()
    assert mail.outbox == []


def test_subscription_requests_are_rate_limited(client):
    for n in range(10):
        client.post(SUBSCRIBE, {"email": f"p{n}@example.org", "language": "fr"}, HTTP_USER_AGENT=f"bot/{n}")
    response = client.post(
        SUBSCRIBE, {"email": "p10@example.org", "language": "fr"}, HTTP_USER_AGENT="bot/10"
    )
    assert response.status_code == 429
    assert Subscriber.objects.count() == 10


def test_unsubscribe_from_the_link_and_resubscribe_needs_a_new_confirmation(client):
    subscriber = SubscriberFactory(language="fr")
    url = services.unsubscribe_url(subscriber).removeprefix("http://testserver")
    assert url.startswith("/fr/bibliotheque/lettre/desinscription/")
    assert client.get(url).status_code == 200
    subscriber.refresh_from_db()
    assert subscriber.status == Subscriber.Status.CONFIRMED
    assert client.post(url).status_code == 200
    subscriber.refresh_from_db()
    assert subscriber.status == Subscriber.Status.UNSUBSCRIBED
    client.post(SUBSCRIBE, {"email": subscriber.email, "language": "fr"})
    subscriber.refresh_from_db()
    assert subscriber.status == Subscriber.Status.PENDING
    assert len(mail.outbox) == 1


def test_one_click_unsubscribe_from_the_mail_client_needs_no_cookie():
    subscriber = SubscriberFactory()
    url = services.unsubscribe_url(subscriber).removeprefix("http://testserver")
    response = Client(enforce_csrf_checks=True).post(url, {"List-Unsubscribe": "One-Click"})
    assert response.status_code == 200
    subscriber.refresh_from_db()
    assert subscriber.status == Subscriber.Status.UNSUBSCRIBED


def test_unsubscribe_link_with_a_bad_token(client):
    assert client.post("/fr/bibliotheque/lettre/desinscription/nonsense/").status_code == 400


def test_issue_goes_once_to_each_confirmed_subscriber_in_batches():
    issue = NewsletterIssueFactory(sending=True)
    french = SubscriberFactory.create_batch(3, language="fr")
    arabic = SubscriberFactory(language="ar")
    SubscriberFactory(pending=True)
    SubscriberFactory(unsubscribed=True)

    call_command("send_newsletter", batch_size=3, stdout=open("/dev/null", "w"))  # noqa: SIM115
    assert len(mail.outbox) == 3
    issue.refresh_from_db()
    assert issue.status == NewsletterIssue.Status.SENDING
    call_command("send_newsletter", batch_size=3, stdout=open("/dev/null", "w"))  # noqa: SIM115
    call_command("send_newsletter", batch_size=3, stdout=open("/dev/null", "w"))  # noqa: SIM115

    recipients = sorted(m.to[0] for m in mail.outbox)
    assert recipients == sorted(s.email for s in [*french, arabic])
    issue.refresh_from_db()
    assert issue.status == NewsletterIssue.Status.SENT and issue.sent_at
    assert NewsletterDelivery.objects.filter(issue=issue, status="sent").count() == 4

    by_address = {m.to[0]: m for m in mail.outbox}
    arabic_mail = by_address[arabic.email]
    assert arabic_mail.subject == issue.subject_ar
    assert "صدرت البانوراما" in arabic_mail.body
    for message in mail.outbox:
        unsubscribe = message.extra_headers["List-Unsubscribe"]
        assert unsubscribe.startswith("<http://testserver/") and "/lettre/desinscription/" in unsubscribe
        assert message.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
        assert unsubscribe.strip("<>") in message.body


def test_subscriber_confirmed_during_the_sending_gets_it_others_never_twice():
    issue = NewsletterIssueFactory(sending=True)
    first, second = SubscriberFactory.create_batch(2)
    assert services.newsletter_send_batch(issue=issue, size=1).remaining == 1
    late = SubscriberFactory(pending=True)
    late.confirm()
    assert services.newsletter_send_batch(issue=issue, size=1).remaining == 1
    assert services.newsletter_send_batch(issue=issue, size=1).remaining == 0
    issue.refresh_from_db()
    assert issue.status == NewsletterIssue.Status.SENT
    with pytest.raises(services.SendingError):
        services.newsletter_send_batch(issue=issue, size=1)
    assert sorted(m.to[0] for m in mail.outbox) == sorted([first.email, second.email, late.email])


def test_failed_mail_is_recorded_and_not_retried(monkeypatch):
    issue = NewsletterIssueFactory(sending=True)
    SubscriberFactory(email="bounce@example.org")

    def refuse(*args, **kwargs):
        raise OSError("550 mailbox unavailable")

    monkeypatch.setattr("django.core.mail.EmailMultiAlternatives.send", refuse)
    result = services.newsletter_send_batch(issue=issue)
    assert (result.sent, result.failed, result.remaining) == (0, 1, 0)
    delivery = NewsletterDelivery.objects.get()
    assert delivery.status == "failed" and "550" in delivery.error


def test_sending_needs_a_test_first_and_cannot_start_twice(django_user_model):
    issue = NewsletterIssueFactory()
    with pytest.raises(services.SendingError):
        services.newsletter_start_sending(issue=issue)
    with pytest.raises(services.SendingError):
        services.newsletter_send_batch(issue=issue)
    services.newsletter_send_test(issue=issue, to="staff@example.org")
    services.newsletter_start_sending(issue=issue)
    with pytest.raises(services.SendingError):
        services.newsletter_start_sending(issue=issue)
    with pytest.raises(services.SendingError):
        services.newsletter_send_test(issue=issue, to="")


def test_archive_shows_sent_issues_only(client, django_assert_max_num_queries):
    sent = NewsletterIssueFactory(sending=True, subject_fr="Le numéro envoyé")
    draft = NewsletterIssueFactory(subject_fr="Le brouillon")
    with django_assert_max_num_queries(2):
        response = client.get("/fr/bibliotheque/lettre/")
    html = response.content.decode()
    assert "Le numéro envoyé" in html and "Le brouillon" not in html
    page = client.get(sent.get_absolute_url())
    assert page.status_code == 200
    assert "Le Panorama 2025 est paru." in page.content.decode()
    assert (
        client.get(f"/ar/bibliotheque/lettre/{sent.number}/").content.decode().count("صدرت البانوراما") == 1
    )
    assert client.get(f"/fr/bibliotheque/lettre/{draft.number}/").status_code == 404


def test_empty_archive(client):
    assert client.get("/en/bibliotheque/lettre/").status_code == 200


def test_a_mail_server_that_cannot_be_reached_leaves_the_batch_pending_for_the_next_attempt(settings):
    issue = NewsletterIssueFactory(sending=True)
    subscribers = SubscriberFactory.create_batch(2)
    settings.EMAIL_BACKEND = "tests.support.broken_mail.BrokenBackend"
    with pytest.raises(ConnectionRefusedError):  # the job fails, and the queue tries it again
        services.newsletter_send_batch(issue=issue)
    assert not NewsletterDelivery.objects.exists()
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    result = services.newsletter_send_batch(issue=issue)
    assert (result.sent, result.failed, result.remaining) == (2, 0, 0)
    assert sorted(m.to[0] for m in mail.outbox) == sorted(s.email for s in subscribers)
