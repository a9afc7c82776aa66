from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from mess_portal.backup import BackupError, create_backup


class Command(BaseCommand):
    help = "Write the database and the uploaded files (media and private) into one archive (.tar.gz)."

    def add_arguments(self, parser):
        parser.add_argument(
            "destination",
            nargs="?",
            help="The archive's path, or a folder to write mess-<date>.tar.gz in (default: current folder).",
        )
        parser.add_argument("--database", default="default")

    def handle(self, *args, destination=None, database="default", **options):
        target = Path(destination or ".")
        if target.is_dir():
            target = target / f"mess-{timezone.now():%Y%m%d-%H%M%S}.tar.gz"
        try:
            manifest = create_backup(target, alias=database)
        except BackupError as exc:
            raise CommandError(str(exc)) from exc
        if manifest["files_in_bucket"]:
            self.stderr.write(
                "MEDIA_STORAGE=s3: the uploaded files are in the bucket, not in this archive; back the "
                "bucket up with the store's own means (docs/backup.md)."
            )
        self.stdout.write(
            f"{target}: database ({manifest['database']['engine']}) and {len(manifest['files']) - 1} files"
        )
