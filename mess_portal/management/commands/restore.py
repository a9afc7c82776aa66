from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from mess_portal.backup import BackupError, restore_backup


class Command(BaseCommand):
    help = (
        "Restore an archive made by `manage.py backup`: the database and the uploaded files. "
        "Checks the manifest (versions, checksums) first; refuses to replace data without --force."
    )

    def add_arguments(self, parser):
        parser.add_argument("archive")
        parser.add_argument(
            "--force", action="store_true", help="Replace a database or media folder that is not empty."
        )
        parser.add_argument("--database", default="default")

    def handle(self, *args, archive, force=False, database="default", **options):
        try:
            manifest = restore_backup(Path(archive), force=force, alias=database)
        except BackupError as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(
            f"Restored the backup of {manifest['created_at']} (portal {manifest['versions']['portal']}). "
            "Run `manage.py migrate` if this version of the portal is newer."
        )
