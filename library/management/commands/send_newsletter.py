from django.conf import settings
from django.core.management.base import BaseCommand

from library import services
from library.models import NewsletterIssue


class Command(BaseCommand):
    help = (
        "Send the next batch of every newsletter issue being sent (run it from cron every few minutes). "
        "Never sends an issue twice to the same address."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--batch-size",
            type=int,
            default=settings.NEWSLETTER_BATCH_SIZE,
            help="e-mails per issue and run (default: NEWSLETTER_BATCH_SIZE)",
        )

    def handle(self, *args, batch_size, **options):
        issues = list(NewsletterIssue.objects.sending())
        if not issues:
            self.stdout.write("No newsletter issue is being sent.")
        for issue in issues:
            result = services.newsletter_send_batch(issue=issue, size=max(1, batch_size))
            self.stdout.write(
                f"Issue {issue.number}: {result.sent} sent, {result.failed} failed, {result.remaining} remaining."
            )
