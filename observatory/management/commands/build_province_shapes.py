"""Regenerate observatory/data/provinces.json (the Atlas map's outlines) from morocco-map's TopoJSON.

    npm pack morocco-map@1.3.0 && tar xzf morocco-map-1.3.0.tgz
    pip install -e ".[tools]"    # shapely, for this command only
    python manage.py build_province_shapes --topojson package/data/provinces.json

See docs/observatory-map.md.
"""

import json
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from observatory.shapes import DATA_FILE, TOLERANCE, build_province_shapes


class Command(BaseCommand):
    help = "Build the Atlas map's province outlines (SVG paths) from morocco-map's data/provinces.json."

    def add_arguments(self, parser):
        parser.add_argument(
            "--topojson", required=True, help="path to morocco-map 1.3.0's data/provinces.json"
        )
        parser.add_argument("--output", default=str(DATA_FILE), help=f"default: {DATA_FILE}")
        parser.add_argument(
            "--tolerance", type=float, default=TOLERANCE, help="simplification, viewBox units"
        )

    def handle(self, *args, topojson, output, tolerance, **options):
        try:
            import shapely  # noqa: F401
        except ImportError as error:
            raise CommandError('shapely is needed: pip install -e ".[tools]"') from error
        try:
            topology = json.loads(Path(topojson).read_text(encoding="utf-8"))
            data = build_province_shapes(topology, tolerance=tolerance)
        except (OSError, ValueError, KeyError) as error:
            raise CommandError(f"{topojson}: {error}") from error
        text = json.dumps(data, ensure_ascii=False, indent=1) + "\n"
        Path(output).write_text(text, encoding="utf-8")
        self.stdout.write(f"{output}: {len(data['provinces'])} provinces, {len(text.encode()) // 1024} KB")
