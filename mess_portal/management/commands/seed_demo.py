"""Load demo content, clearly marked as such, for a newcomer's site and for benchmarks.

Idempotent: running it twice leaves the same content. Each part of the portal contributes its own
``<app>.demo``: its ``clear()``, if it has one, removes its demo content, and the clears run first, in
reverse dependency order (what refers to the directory goes before the directory); then each
``seed(**options)`` runs, in dependency order.
"""

from importlib import import_module

from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

# Dependency order: the directory before what refers to it.
DEMO_MODULES = [
    "mess_portal.demo",
    "actors.demo",
    "support.demo",
    "library.demo",
    "observatory.demo",
    "events.demo",
    "events.contest_demo",
]


class Command(BaseCommand):
    help = "Load demo content (marked DÉMO), idempotently. --actors N sets the size of the demo directory."

    def add_arguments(self, parser):
        parser.add_argument("--actors", type=int, default=120, help="number of demo structures (default 120)")
        parser.add_argument("--seed", type=int, default=2026, help="random seed, for repeatable content")

    def handle(self, *args, **options):
        if options["actors"] < 0:
            raise CommandError("--actors must be zero or more.")
        modules = []
        for module_name in DEMO_MODULES:
            try:
                modules.append(import_module(module_name))
            except ModuleNotFoundError as exc:
                if exc.name != module_name:
                    raise
        with transaction.atomic():
            for module in reversed(modules):
                if hasattr(module, "clear"):
                    module.clear()
            for module in modules:
                module.seed(stdout=self.stdout, actors=options["actors"], seed=options["seed"])
                self.stdout.write(self.style.SUCCESS(f"{module.__name__}: done"))
