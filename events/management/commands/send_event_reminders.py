"""The day-before reminder to each confirmed registrant; run daily by cron (see README, Production).

Idempotent: a registration gets its reminder once, however often the command runs that day. Each
reminder is a background job, tried again while the mail server fails (docs/tasks.md).
"""

from django.core.management.base import BaseCommand

from events.services import send_reminders


class Command(BaseCommand):
    help = "Send the day-before reminder to the people registered for tomorrow's events (once each)."

    def handle(self, *args, **options):
        queued = send_reminders()
        self.stdout.write(f"{queued} reminders queued.")
