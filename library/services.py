"""Writes of the library that touch several rows or the outside world (files, e-mail)."""

import hashlib
import logging
import smtplib
from dataclasses import dataclass
from datetime import timedelta

from django.conf import settings
from django.core import signing
from django.core.cache import cache
from django.core.files.base import ContentFile
from django.core.mail import EmailMultiAlternatives, get_connection
from django.db import IntegrityError, transaction
from django.db.models import F
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from jobs.services import enqueue_on_commit, send_once
from library import search, tasks
from library.models import Document, DownloadMonth, NewsletterDelivery, NewsletterIssue, Subscriber
from library.pdf import PdfInfo, inspect_pdf, render_cover
from mess_portal import antispam

logger = logging.getLogger(__name__)


# --- Documents ------------------------------------------------------------------------------


def document_save(*, document: Document, pdf: PdfInfo | None, cover_uploaded: bool = False) -> Document:
    """Save a document, with the facts of its new PDF (``pdf``) if one was uploaded.

    Replacing the PDF keeps the slug (so the URL) and the download count; the files replaced are
    deleted once the change is committed. The text (for search) and the cover (drawn from the first page,
    unless staff gave one) are a background job's, queued with the save (``document_process``).
    """
    replaced = []
    if document.pk:
        previous = Document.objects.filter(pk=document.pk).values("file", "cover").first() or {}
    else:
        previous = {}
    if pdf is not None:
        document.file = ContentFile(pdf.data, name="document.pdf")
        document.file_size = pdf.size
        document.file_sha256 = pdf.sha256
        document.page_count = pdf.page_count
        document.text = pdf.text
        document.is_encrypted = pdf.is_encrypted
        document.file_updated_at = timezone.now()
        if previous.get("file"):
            replaced.append(previous["file"])
    needs_processing = pdf is not None
    if cover_uploaded:
        document.cover_is_generated = False
    elif not document.cover and document.file:
        needs_processing = True
    if previous.get("cover") and previous["cover"] != (document.cover.name if document.cover else ""):
        replaced.append(previous["cover"])
    if document.status == Document.Status.PUBLISHED and not document.published_at:
        document.published_at = timezone.now()

    storage = document.file.storage
    try:
        with transaction.atomic():
            document.save()
            refresh_search_vector(document)
            if needs_processing:
                enqueue_on_commit(tasks.process_document, document.pk, sha256=document.file_sha256)
    except Exception:
        # Nothing half-saved: the files just written go too (the replaced ones are still in place).
        for field in (document.file, document.cover):
            if field and field.name and field.name not in (previous.get("file"), previous.get("cover")):
                storage.delete(field.name)
        raise
    transaction.on_commit(lambda: [storage.delete(name) for name in replaced if name])
    return document


def document_process(*, document: Document) -> None:
    """Extract the text of the document's PDF for search, and draw its cover from the first page
    unless staff gave one (the replaced generated cover is deleted once committed)."""
    data = _read(document.file)
    if not data:
        return
    info = inspect_pdf(data)
    document.text = info.text
    fields = ["text"]
    replaced = ""
    if not document.cover or document.cover_is_generated:
        replaced = document.cover.name if document.cover else ""
        cover = render_cover(data)
        document.cover = cover
        document.cover_is_generated = cover is not None
        fields += ["cover", "cover_is_generated"]
    storage = document.file.storage
    with transaction.atomic():
        document.save(update_fields=fields)
        refresh_search_vector(document)
    if replaced and replaced != (document.cover.name if document.cover else ""):
        transaction.on_commit(lambda: storage.delete(replaced))


def _read(field_file) -> bytes:
    if not field_file:
        return b""
    with field_file.open("rb") as handle:
        return handle.read()


def refresh_search_vector(document: Document) -> None:
    if search.is_postgres():
        Document.objects.filter(pk=document.pk).update(search_vector=search.document_vector(document))


def visitor_key(request) -> str:
    """Who is downloading, without a session or a stored address: a hash of the address and browser."""
    raw = "|".join(
        [antispam.client_address(request), request.META.get("HTTP_USER_AGENT", ""), settings.SECRET_KEY]
    )
    return hashlib.sha256(raw.encode()).hexdigest()[:32]


def record_download(*, document: Document, visitor: str) -> bool:
    """Count a download unless this visitor downloaded this document a short while ago."""
    if not cache.add(f"library:dl:{document.pk}:{visitor}", 1, settings.LIBRARY_DOWNLOAD_DEDUP_SECONDS):
        return False
    month = timezone.localdate().replace(day=1)
    Document.objects.filter(pk=document.pk).update(download_count=F("download_count") + 1)
    rows = DownloadMonth.objects.filter(document=document, month=month)
    if not rows.update(count=F("count") + 1):
        try:
            with transaction.atomic():
                DownloadMonth.objects.create(document=document, month=month, count=1)
        except IntegrityError:  # another worker created the month's row just now
            rows.update(count=F("count") + 1)
    return True


# --- Newsletter: subscription ---------------------------------------------------------------

CONFIRM_SALT = "library.newsletter.confirm"
UNSUBSCRIBE_SALT = "library.newsletter.unsubscribe"
CONFIRM_MAX_AGE = timedelta(days=7)
# One confirmation e-mail per address in this time, so the form cannot be used to flood a mailbox.
RESEND_AFTER = timedelta(minutes=10)


def make_token(subscriber: Subscriber, *, salt: str) -> str:
    return signing.dumps({"id": subscriber.pk, "email": subscriber.email}, salt=salt, compress=True)


def subscriber_from_token(token: str, *, salt: str, max_age=None) -> Subscriber | None:
    try:
        payload = signing.loads(token, salt=salt, max_age=max_age)
    except signing.BadSignature:  # includes SignatureExpired
        return None
    return Subscriber.objects.filter(pk=payload.get("id"), email=payload.get("email")).first()


def absolute(path: str) -> str:
    return f"{settings.SITE_URL}{path}"


def unsubscribe_url(subscriber: Subscriber) -> str:
    with translation.override(subscriber.language):
        return absolute(
            reverse("library:newsletter_unsubscribe", args=[make_token(subscriber, salt=UNSUBSCRIBE_SALT)])
        )


def subscribe(*, email: str, language: str) -> Subscriber:
    """Record a subscription request and send the confirmation link (double opt-in).

    Says nothing to the caller about whether the address was known: the page shown is the same.
    """
    email = email.strip().lower()
    subscriber, _created = Subscriber.objects.get_or_create(email=email, defaults={"language": language})
    if subscriber.status == Subscriber.Status.CONFIRMED:
        if subscriber.language != language:
            subscriber.language = language
            subscriber.save(update_fields=["language"])
        return subscriber
    now = timezone.now()
    if subscriber.confirmation_sent_at and now - subscriber.confirmation_sent_at < RESEND_AFTER:
        return subscriber
    subscriber.language = language
    subscriber.status = Subscriber.Status.PENDING
    subscriber.confirmation_sent_at = now
    subscriber.save(update_fields=["language", "status", "confirmation_sent_at"])
    # A background job, tried again while the mail server fails; the key lets each request send once.
    enqueue_on_commit(
        tasks.send_confirmation, subscriber.pk, key=f"library.confirm:{subscriber.pk}:{now.isoformat()}"
    )
    return subscriber


def send_confirmation(*, subscriber: Subscriber, key: str) -> bool:
    """The confirmation link (double opt-in), in the subscriber's language, once."""
    with translation.override(subscriber.language):
        confirm_url = absolute(
            reverse("library:newsletter_confirm", args=[make_token(subscriber, salt=CONFIRM_SALT)])
        )
        message = _mail(
            subject=_("Confirm your subscription to the MESS newsletter"),
            template="library/email/confirm",
            context={"confirm_url": confirm_url, "days": CONFIRM_MAX_AGE.days},
            to=subscriber.email,
        )
    return send_once(key=key, message=message)


def _mail(*, subject, template, context, to, headers=None, connection=None) -> EmailMultiAlternatives:
    context = {**context, "site_url": settings.SITE_URL}
    message = EmailMultiAlternatives(
        subject=subject,
        body=render_to_string(f"{template}.txt", context),
        to=[to],
        headers=headers or {},
        connection=connection,
    )
    message.attach_alternative(render_to_string(f"{template}.html", context), "text/html")
    return message


# --- Newsletter: sending --------------------------------------------------------------------


class SendingError(Exception):
    pass


@dataclass
class BatchResult:
    sent: int
    failed: int
    remaining: int


def _issue_mail(*, issue, to, language, unsubscribe, test=False, connection=None) -> EmailMultiAlternatives:
    with translation.override(language):
        subject = issue.subject
        if test:
            subject = _("[TEST] %(subject)s") % {"subject": subject}
        return _mail(
            subject=subject,
            template="library/email/issue",
            context={
                "issue": issue,
                "paragraphs": [p.strip() for p in issue.body.split("\n\n") if p.strip()],
                "issue_url": absolute(issue.get_absolute_url()),
                "unsubscribe_url": unsubscribe,
                "test": test,
                "language": language,
            },
            to=to,
            headers={
                "List-Unsubscribe": f"<{unsubscribe}>",
                "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
            }
            if unsubscribe
            else {},
            connection=connection,
        )


def newsletter_send_test(*, issue: NewsletterIssue, to: str) -> list[str]:
    """Send the issue to a member of staff, once in each language it is written in (a background job)."""
    if not to:
        raise SendingError(_("Your account has no e-mail address: add one to receive the test."))
    languages = [lang for lang in ("fr", "ar", "en") if getattr(issue, f"body_{lang}")]
    issue.tested_at = timezone.now()
    with transaction.atomic():
        issue.save(update_fields=["tested_at"])
        for language in languages:
            enqueue_on_commit(
                tasks.send_newsletter_test,
                issue.pk,
                language,
                to=to,
                key=f"library.test:{issue.pk}:{language}:{issue.tested_at.isoformat()}",
            )
    return languages


def send_newsletter_test(*, issue: NewsletterIssue, language: str, to: str, key: str) -> bool:
    with translation.override(language):
        example_unsubscribe = absolute(reverse("library:newsletter"))
    return send_once(
        key=key,
        message=_issue_mail(
            issue=issue, to=to, language=language, unsubscribe=example_unsubscribe, test=True
        ),
    )


def newsletter_start_sending(*, issue: NewsletterIssue) -> None:
    """Start the sending: its batches go out as background jobs, one after the other
    (``newsletter_queue_batch``)."""
    if issue.status != NewsletterIssue.Status.DRAFT:
        raise SendingError(_("This issue is already being sent."))
    if not issue.tested_at:
        raise SendingError(_("Send a test to yourself first, and check it."))
    issue.status = NewsletterIssue.Status.SENDING
    issue.started_at = timezone.now()
    with transaction.atomic():
        issue.save(update_fields=["status", "started_at"])
        newsletter_queue_batch(issue=issue)


def newsletter_queue_batch(*, issue: NewsletterIssue, delay: int = 0) -> None:
    """Queue the next batch of an issue being sent, in ``delay`` seconds where the backend can wait."""
    task = tasks.send_newsletter_batch
    if delay and task.get_backend().supports_defer:
        task = task.using(run_after=timezone.now() + timedelta(seconds=delay))
    enqueue_on_commit(task, issue.pk)


# The mail server cannot be reached: nothing was handed over, the batch is left for a later attempt.
SERVER_DOWN = (ConnectionError, TimeoutError, smtplib.SMTPConnectError, smtplib.SMTPServerDisconnected)


def _pending_subscribers(issue):
    already = NewsletterDelivery.objects.filter(issue=issue).values("email")
    return Subscriber.objects.filter(status=Subscriber.Status.CONFIRMED).exclude(email__in=already)


def newsletter_send_batch(*, issue: NewsletterIssue, size: int | None = None) -> BatchResult:
    """Send the issue to the next ``size`` confirmed subscribers who have not had it.

    A delivery row is committed before each e-mail leaves, under a lock on the issue, so two runs at
    once (cron and a member of staff) or a run after a crash never send the issue twice to anyone: at
    worst an e-mail interrupted mid-way stays "sending" for staff to look at. A mail server that cannot
    be reached stops the batch (``SERVER_DOWN``): its unsent addresses are pending again and the error
    propagates, so the background job is tried again later; an address refused is recorded as failed.
    """
    size = size or settings.NEWSLETTER_BATCH_SIZE
    with transaction.atomic():
        issue = NewsletterIssue.objects.select_for_update().get(pk=issue.pk)
        if issue.status != NewsletterIssue.Status.SENDING:
            raise SendingError(_("Start the sending of this issue first."))
        batch = list(_pending_subscribers(issue).order_by("pk")[:size])
        deliveries = NewsletterDelivery.objects.bulk_create(
            [NewsletterDelivery(issue=issue, subscriber=s, email=s.email, language=s.language) for s in batch]
        )
    sent = failed = 0
    connection = get_connection()
    for index, (delivery, subscriber) in enumerate(zip(deliveries, batch, strict=True)):
        try:
            _issue_mail(
                issue=issue,
                to=subscriber.email,
                language=subscriber.language,
                unsubscribe=unsubscribe_url(subscriber),
                connection=connection,
            ).send()
        except SERVER_DOWN:
            # Not sent, nor the rest of the batch: those addresses are pending again, and the error
            # makes the job be tried again later (docs/tasks.md).
            NewsletterDelivery.objects.filter(pk__in=[d.pk for d in deliveries[index:]]).delete()
            raise
        except Exception as exc:  # noqa: BLE001 - an SMTP refusal for one address must not stop the batch
            logger.warning("Newsletter %s to %s failed: %s", issue.number, subscriber.email, exc)
            delivery.status = NewsletterDelivery.Status.FAILED
            delivery.error = str(exc)[:1000]
            failed += 1
        else:
            delivery.status = NewsletterDelivery.Status.SENT
            delivery.sent_at = timezone.now()
            sent += 1
        delivery.save(update_fields=["status", "sent_at", "error"])
    remaining = _pending_subscribers(issue).count()
    if remaining == 0:
        NewsletterIssue.objects.filter(pk=issue.pk, status=NewsletterIssue.Status.SENDING).update(
            status=NewsletterIssue.Status.SENT, sent_at=timezone.now()
        )
    return BatchResult(sent=sent, failed=failed, remaining=remaining)
