"""The outlines of the region's eight prefectures and provinces, as SVG paths for the Atlas map.

At run time the site only reads ``observatory/data/provinces.json`` (``province_shapes()``): SVG path
strings in a fixed viewBox and a label point inside each province, keyed by HCP code, with the source
and licence of the geometry written in the file.

``build_province_shapes(topology)`` makes that file from the TopoJSON of the npm package morocco-map
1.3.0 (``data/provinces.json``, OpenStreetMap data, ODbL): it needs shapely, a tool for the management
command ``build_province_shapes`` only (``pip install -e ".[tools]"``), never imported by the site.
Steps: decode the TopoJSON arcs; repair the polygons, invalid as shipped, with ``make_valid``; project
(equirectangular, longitudes scaled by cos 35°, the region's latitude); simplify the eight together
with ``coverage_simplify``, which keeps the shared borders shared (no gaps, no overlaps); drop specks
smaller than a few pixels; fit to the viewBox; write each province as one path (integer coordinates)
and its label point (the pole of inaccessibility, always inside; moved by hand for the crowded north,
with an ``anchor`` inside the province for a leader line when the label is out at sea).
See docs/observatory-map.md.
"""

import functools
import json
import math
from pathlib import Path

DATA_FILE = Path(__file__).resolve().parent / "data" / "provinces.json"

# morocco-map's ids -> HCP codes of the Province model (names checked against both).
PACKAGE_IDS = {
    "MA-TNG": "01.511",  # Préfecture de Tanger-Assilah
    "MA-MDF": "01.573",  # Préfecture de M'diq-Fnideq
    "MA-TET": "01.571",  # Province de Tétouan
    "MA-FAH": "01.227",  # Province de Fahs-Anjra
    "MA-LAR": "01.331",  # Province de Larache
    "MA-HOC": "01.051",  # Province d'Al Hoceima
    "MA-CHE": "01.151",  # Province de Chefchaouen
    "MA-OUZ": "01.405",  # Province d'Ouezzane
}
SOURCE = {
    "source": "morocco-map 1.3.0 (npm), data/provinces.json, https://github.com/yousfiSaad/morocco-map",
    "licence": "© OpenStreetMap contributors, ODbL",
    "licence_url": "https://opendatacommons.org/licenses/odbl/",
    "changes": "repaired (make_valid), projected (equirectangular, cos 35°), simplified together "
    "(coverage_simplify), coordinates rounded; by manage.py build_province_shapes",
}
# Labels moved from the point inside a province (viewBox units, for WIDTH 1000), where the north's small
# provinces crowd: M'diq-Fnideq's label goes out to sea with a leader line, Tanger-Assilah's lower down
# its coastal strip, away from Fahs-Anjra's.
LABEL_OFFSETS = {"01.573": (200, 8), "01.511": (-4, 52)}
CALLOUTS = {"01.573"}
WIDTH = 1000  # viewBox width; the height follows the region's shape
TOLERANCE = 1.5  # simplification, in viewBox units (1 unit is about 230 m)
MIN_AREA = 12.0  # parts smaller than this (square units) are dropped: specks and rocks


@functools.cache
def province_shapes() -> dict:
    """The committed data file: {"viewBox", "width", "height", "licence", ..., "provinces": {code: {...}}}.

    Each province: ``d`` (SVG path), ``label`` ([x, y] inside it), ``name`` (the package's name).
    """
    with DATA_FILE.open(encoding="utf-8") as handle:
        return json.load(handle)


def decode_topology(topology: dict, object_name: str = "provinces") -> dict[str, dict]:
    """GeoJSON-like geometries (lon/lat rings) of a TopoJSON object's members, keyed by id."""
    transform = topology.get("transform")
    arcs = []
    for arc in topology["arcs"]:
        points = []
        x = y = 0
        for point in arc:
            if transform:  # quantized: delta-encoded integers
                x += point[0]
                y += point[1]
                sx, sy = transform["scale"]
                tx, ty = transform["translate"]
                points.append((x * sx + tx, y * sy + ty))
            else:
                points.append((point[0], point[1]))
        arcs.append(points)

    def ring(indexes):
        coords = []
        for index in indexes:
            points = arcs[index] if index >= 0 else list(reversed(arcs[~index]))
            coords.extend(points if not coords else points[1:])
        return coords

    result = {}
    for geometry in topology["objects"][object_name]["geometries"]:
        if geometry["type"] == "Polygon":
            polygons = [[ring(r) for r in geometry["arcs"]]]
        elif geometry["type"] == "MultiPolygon":
            polygons = [[ring(r) for r in polygon] for polygon in geometry["arcs"]]
        else:
            continue
        result[geometry.get("id")] = {"polygons": polygons, "properties": geometry.get("properties", {})}
    return result


def _path(geometry) -> str:
    """An SVG path of a (multi)polygon with integer coordinates; rings closed with z."""
    parts = []
    polygons = geometry.geoms if geometry.geom_type == "MultiPolygon" else [geometry]
    for polygon in polygons:
        for ring in [polygon.exterior, *polygon.interiors]:
            points = []
            for x, y in ring.coords[:-1]:
                point = (round(x), round(y))
                if not points or points[-1] != point:
                    points.append(point)
            if len(points) >= 3:
                parts.append("M" + "L".join(f"{x} {y}" for x, y in points) + "z")
    return "".join(parts)


def build_province_shapes(topology: dict, *, width: int = WIDTH, tolerance: float = TOLERANCE) -> dict:
    """The data file's content from morocco-map's TopoJSON (needs shapely >= 2.1)."""
    import shapely
    from shapely.geometry import MultiPolygon, Polygon
    from shapely.ops import polylabel

    decoded = decode_topology(topology)
    missing = sorted(set(PACKAGE_IDS) - set(decoded))
    if missing:
        raise ValueError(f"provinces missing from the TopoJSON: {', '.join(missing)}")
    scale_x = math.cos(math.radians(35))

    def polygonal(geometry):
        """Only the areas of a repaired geometry (make_valid may add lines or points)."""
        if geometry.geom_type in ("Polygon", "MultiPolygon"):
            return geometry
        parts = [g for g in getattr(geometry, "geoms", []) if g.geom_type in ("Polygon", "MultiPolygon")]
        return shapely.union_all(parts) if parts else Polygon()

    codes, geometries, names = [], [], {}
    for package_id, code in PACKAGE_IDS.items():
        polygons = []
        for rings in decoded[package_id]["polygons"]:
            projected = [[(lon * scale_x, -lat) for lon, lat in r] for r in rings if len(r) >= 4]
            if projected:
                polygons.append(Polygon(projected[0], projected[1:]))
        geometry = polygonal(shapely.make_valid(MultiPolygon(polygons)))
        codes.append(code)
        geometries.append(geometry)
        names[code] = decoded[package_id]["properties"].get("name", "")

    # Fit the eight to [0, width] before simplifying, so that the tolerance is in viewBox units.
    min_x, min_y, max_x, max_y = shapely.total_bounds(geometries)
    factor = width / (max_x - min_x)
    margin = 4
    geometries = [
        shapely.transform(g, lambda xy: (xy - [min_x, min_y]) * factor + margin) for g in geometries
    ]
    geometries = list(shapely.coverage_simplify(geometries, tolerance))
    height = math.ceil((max_y - min_y) * factor) + 2 * margin

    provinces = {}
    for code, geometry in zip(codes, geometries, strict=True):
        geometry = polygonal(shapely.make_valid(geometry))
        parts = [p for p in getattr(geometry, "geoms", [geometry]) if p.area >= MIN_AREA]
        largest = max(parts, key=lambda p: p.area)
        inside = polylabel(largest, tolerance=1)
        dx, dy = LABEL_OFFSETS.get(code, (0, 0)) if width == WIDTH else (0, 0)
        provinces[code] = {
            "name": names[code],
            "package_id": next(k for k, v in PACKAGE_IDS.items() if v == code),
            "d": _path(MultiPolygon(parts) if len(parts) > 1 else parts[0]),
            "label": [round(inside.x + dx), round(inside.y + dy)],
        }
        if code in CALLOUTS:
            provinces[code]["anchor"] = [round(inside.x), round(inside.y)]
    return {
        **SOURCE,
        "viewBox": f"0 0 {width + 2 * margin} {height}",
        "width": width + 2 * margin,
        "height": height,
        "provinces": dict(sorted(provinces.items())),
    }
