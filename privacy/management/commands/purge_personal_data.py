from django.core.management.base import BaseCommand

from privacy.services import RETENTION_RULES, purge_personal_data

DONE = {"anonymise": "anonymised", "delete": "deleted"}


class Command(BaseCommand):
    help = (
        "Anonymise or delete the personal data kept past its period (RETENTION_*_DAYS settings), "
        "one transaction per kind. Run daily from cron; --dry-run only counts."
    )

    def add_arguments(self, parser):
        parser.add_argument("--dry-run", action="store_true", help="Count what is due; change nothing.")

    def handle(self, *args, dry_run=False, **options):
        counts = purge_personal_data(dry_run=dry_run)
        for rule in RETENTION_RULES:
            what = f"to {rule.action}" if dry_run else DONE[rule.action]
            self.stdout.write(f"{rule.key}: {counts[rule.key]} {what} ({rule.description}: {rule.days} days)")
