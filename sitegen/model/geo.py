"""The map: the arbeidsmarktregio shapes (CBS/PDOK GeoJSON) as SVG path data.

Projected once per build with a plain equirectangular projection scaled by
cos(latitude) at the centre of the country; at this size that is
indistinguishable from a proper national grid, and needs no GIS library.
"""

from __future__ import annotations

import json
import math
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

GEODATA = Path(__file__).resolve().parent / "geodata"
REGIONS_FILE = GEODATA / "arbeidsmarktregio_2025.geojson"
PROVINCES_FILE = GEODATA / "provincie_2025.geojson"
WIDTH = 400.0  # SVG user units; the height follows from the country's shape


@dataclass(frozen=True)
class Shape:
    code: str  # CBS statcode, e.g. AM03
    name: str
    path: str  # SVG path data
    centre: tuple[float, float]  # mean of the outline's points, in SVG units: for "nearby"


@dataclass(frozen=True)
class MapShapes:
    width: float
    height: float
    shapes: tuple[Shape, ...]  # sorted by code

    def by_code(self) -> dict[str, Shape]:
        return {shape.code: shape for shape in self.shapes}


def _rings(geometry: dict) -> list[list[list[float]]]:
    if geometry["type"] == "Polygon":
        return geometry["coordinates"]
    return [ring for polygon in geometry["coordinates"] for ring in polygon]


# The two maps are constants of the package's data, read once when first drawn.
@lru_cache(maxsize=1)
def region_shapes() -> MapShapes:
    return _shapes(REGIONS_FILE, REGIONS_FILE)


@lru_cache(maxsize=1)
def province_shapes() -> MapShapes:
    """The provinces on the same projection as the regions, so the two maps line up."""
    return _shapes(PROVINCES_FILE, REGIONS_FILE)


def _shapes(path: Path, frame: Path) -> MapShapes:
    """The shapes in `path`, projected to fit the country as drawn by the file `frame`."""
    features = json.loads(path.read_text(encoding="utf-8"))["features"]
    frame_features = features if frame == path else json.loads(frame.read_text(encoding="utf-8"))["features"]
    points = [pt for f in frame_features for ring in _rings(f["geometry"]) for pt in ring]
    lon_min, lon_max = min(p[0] for p in points), max(p[0] for p in points)
    lat_min, lat_max = min(p[1] for p in points), max(p[1] for p in points)
    x_scale = math.cos(math.radians((lat_min + lat_max) / 2))
    scale = WIDTH / ((lon_max - lon_min) * x_scale)
    height = round((lat_max - lat_min) * scale, 1)

    def project(point: list[float]) -> tuple[float, float]:
        return (point[0] - lon_min) * x_scale * scale, (lat_max - point[1]) * scale

    shapes = []
    for feature in features:
        rings = [[project(p) for p in ring] for ring in _rings(feature["geometry"])]
        data = " ".join("M" + " L".join(f"{x:.1f},{y:.1f}" for x, y in ring) + "Z" for ring in rings)
        flat = [point for ring in rings for point in ring]
        centre = (sum(x for x, _ in flat) / len(flat), sum(y for _, y in flat) / len(flat))
        props = feature["properties"]
        shapes.append(Shape(props["statcode"], props["statnaam"], data, centre))
    return MapShapes(WIDTH, height, tuple(sorted(shapes, key=lambda s: s.code)))


def shade_class(count: int, maximum: int) -> int:
    """0 for no initiatives, else 1..4 by share of the largest count (legend classes)."""
    if count <= 0:
        return 0
    if maximum <= 1:
        return 4
    return min(4, 1 + (count - 1) * 4 // maximum)


def legend(maximum: int) -> list[tuple[int, str]]:
    """(class, Dutch label) for every class in use at this maximum."""
    labels: dict[int, list[int]] = {}
    for count in range(0, maximum + 1):
        labels.setdefault(shade_class(count, maximum), []).append(count)
    result = []
    for shade, counts in sorted(labels.items()):
        low, high = counts[0], counts[-1]
        text = "geen initiatieven" if high == 0 else (f"{low}" if low == high else f"{low} tot {high}")
        unit = "" if high == 0 else (" initiatief" if high == 1 else " initiatieven")
        result.append((shade, text + unit))
    return result
