"""Time the public pages at scale, and count their SQL queries.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/mess_bench .venv/bin/python benchmarks/pages.py --actors 50000

Fills the database named by DATABASE_URL with demo content (``seed_demo``; only when the number of demo
structures differs) and prints, for each page, the median and worst time of ``--repeat`` requests
after one warm-up request, and the number of SQL queries. Figures, not a test: nothing fails. Compare
runs on the same machine (before and after a change), on PostgreSQL, which is what production runs.
"""

import argparse
import os
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "mess_portal.settings")
os.environ.setdefault("DEBUG", "0")
os.environ.setdefault("SECRET_KEY", "benchmark-only-" + "x" * 50)
os.environ.setdefault("SECURE_SSL_REDIRECT", "0")
os.environ.setdefault("ALLOWED_HOSTS", "testserver")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--actors", type=int, default=50_000)
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()

    import django

    django.setup()
    from django.conf import settings
    from django.core.cache import cache
    from django.core.management import call_command
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    # Static files are served from the source folders, not from a manifest built by collectstatic.
    settings.STORAGES["staticfiles"] = {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}

    from actors.models import Actor

    call_command("migrate", verbosity=0)
    demo = Actor.objects.filter(is_demo=True).count()
    # The support catalogue adds a few demo organisations of its own.
    if not args.actors <= demo <= args.actors + 100:
        started = time.perf_counter()
        call_command("seed_demo", actors=args.actors, stdout=open(os.devnull, "w"))  # noqa: SIM115
        print(f"seed_demo --actors {args.actors}: {time.perf_counter() - started:.1f} s")

    actor = Actor.objects.published().filter(is_demo=True).order_by("pk").first()
    pages = [
        ("home", "/fr/"),
        ("directory", "/fr/acteurs/"),
        ("directory page 100", "/fr/acteurs/?page=100"),
        ("search: cooperative", "/fr/acteurs/?q=cooperative"),
        ("search: Chaouen (trigram)", "/fr/acteurs/?q=Chaouen"),
        ("search: tisage (typo)", "/fr/acteurs/?q=tisage"),
        ("search: تعاونية (Arabic)", "/ar/acteurs/?q=%D8%AA%D8%B9%D8%A7%D9%88%D9%86%D9%8A%D8%A9"),
        ("filters: family+province+women", "/fr/acteurs/?family=cooperative&province=chefchaouen&women=true"),
        ("map data, all", "/fr/acteurs/carte.json"),
        ("export csv, one province", "/fr/acteurs/?province=chefchaouen&format=csv"),
        ("structure page", actor.get_absolute_url() if actor else "/fr/acteurs/"),
        ("support: guided search", "/fr/accompagnement/?stage=idee&need=financement&commune=tanger"),
        ("library search", "/fr/bibliotheque/?q=cooperatives"),
        ("events: upcoming", "/fr/evenements/"),
        ("events: calendar", "/fr/evenements/?view=calendar"),
        ("events: seminar page", "/fr/evenements/demo-seminaire-annuel-ess/"),
        ("events: .ics feed", "/fr/evenements/calendrier.ics"),
        ("regional contest", "/fr/concours/"),
        ("sitemap index", "/sitemap.xml"),
        ("sitemap: structures, page 1", "/sitemap-actors.xml"),
        ("observatory: Panorama", "/fr/observatoire/"),
        (
            "observatory: Panorama, filtered",
            "/fr/observatoire/?province=tetouan&family=cooperative&year_from=2000",
        ),
        ("observatory: Atlas per 10,000", "/fr/observatoire/atlas/?indicator=members&measure=per-10000"),
        ("observatory: province page", "/fr/observatoire/provinces/tetouan/"),
    ]
    client = Client()
    print(f"\n{connection.vendor}, {Actor.objects.count()} structures, {args.repeat} runs after a warm-up\n")
    print(f"{'page':34} {'first ms':>9} {'median ms':>10} {'worst ms':>9} {'queries':>8} {'status':>7}")
    for label, url in pages:
        cache.clear()  # the first request pays for the cached parts (facet counts, sitemaps)
        started = time.perf_counter()
        client.get(url)
        first = (time.perf_counter() - started) * 1000
        timings = []
        for _ in range(args.repeat):
            with CaptureQueriesContext(connection) as queries:
                started = time.perf_counter()
                response = client.get(url)
                timings.append((time.perf_counter() - started) * 1000)
        print(
            f"{label:34} {first:9.1f} {statistics.median(timings):10.1f} {max(timings):9.1f} {len(queries):8} "
            f"{response.status_code:7}"
        )


if __name__ == "__main__":
    main()
