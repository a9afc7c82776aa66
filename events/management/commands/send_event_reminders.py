"""The day-before reminder to each confirmed registrant; run daily by cron (see README, Production).

Idempotent: a registration gets its reminder once, however often the command runs that day; a reminder
that the mail server refused is tried again on the next run.
"""

from django.core.management.base import BaseCommand

from events.services import send_reminders


class Command(BaseCommand):
    help = "Send the day-before reminder to the people registered for tomorrow's events (once each)."

    def handle(self, *args, **options):
        sent, failed = send_reminders()
        self.stdout.write(f"{sent} reminders sent, {failed} failed.")
