"""Rebuild the full downloads now (docs/opendata.md); the nightly cron line runs it as a safety net for
writes that bypass signals. ``--queue`` queues the background job instead."""

from django.core.management.base import BaseCommand

from opendata import build, services


class Command(BaseCommand):
    help = "Rebuild the open-data files (full downloads and their datapackage.json)."

    def add_arguments(self, parser):
        parser.add_argument("--queue", action="store_true", help="queue the background job instead")

    def handle(self, *args, **options):
        if options["queue"]:
            queued = services.request_rebuild()
            self.stdout.write("Rebuild queued." if queued else "A rebuild is queued already.")
            return
        for dataset, files in build.rebuild_all().items():
            sizes = ", ".join(f"{name} ({size:,} bytes)" for name, size in files.items())
            self.stdout.write(f"{dataset}: {sizes}")
