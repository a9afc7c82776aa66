"""Background jobs of the library: newsletter e-mails and batches (docs/tasks.md)."""

from django.conf import settings
from django_tasks import task


@task()
def send_confirmation(subscriber_id: int, *, key: str) -> bool:
    from library import services
    from library.models import Subscriber

    subscriber = Subscriber.objects.filter(pk=subscriber_id, status=Subscriber.Status.PENDING).first()
    if subscriber is None:  # confirmed or unsubscribed meanwhile
        return False
    return services.send_confirmation(subscriber=subscriber, key=key)


@task()
def send_newsletter_test(issue_id: int, language: str, *, to: str, key: str) -> bool:
    from library import services
    from library.models import NewsletterIssue

    issue = NewsletterIssue.objects.filter(pk=issue_id).first()
    if issue is None:
        return False
    return services.send_newsletter_test(issue=issue, language=language, to=to, key=key)


@task()
def send_newsletter_batch(issue_id: int) -> dict:
    """One batch of an issue being sent; queues the next one (NEWSLETTER_BATCH_INTERVAL seconds later)
    while subscribers remain. A mail server that cannot be reached makes it fail, and be tried again."""
    from library import services
    from library.models import NewsletterIssue

    issue = NewsletterIssue.objects.sending().filter(pk=issue_id).first()
    if issue is None:  # sent completely meanwhile (by cron or another job)
        return {}
    result = services.newsletter_send_batch(issue=issue)
    if result.remaining:
        services.newsletter_queue_batch(issue=issue, delay=settings.NEWSLETTER_BATCH_INTERVAL)
    return {"sent": result.sent, "failed": result.failed, "remaining": result.remaining}


@task()
def process_document(document_id: int, *, sha256: str) -> bool:
    """Text and cover of a document's PDF, unless the PDF was replaced since (its own job does it)."""
    from library import services
    from library.models import Document

    document = Document.objects.filter(pk=document_id, file_sha256=sha256).first()
    if document is None:
        return False
    services.document_process(document=document)
    return True
