"""Country outlines from the bundled world data and the flat projection used to draw them."""

from __future__ import annotations

import json
import math
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import numpy as np
import numpy.typing as npt

from game.resources import assets_dir as assets_dir

FloatArray = npt.NDArray[np.float64]
Ring = FloatArray
"""An (N, 2) array of lon/lat points; closed (the last point repeats the first)."""
Polygon = list[FloatArray]
"""An outer ring followed by its holes."""

# Below this cosine a view centred near a pole would squash x to nothing.
_MIN_X_SCALE = 0.2
# Resolution of the search grid for an interior label point.
_ANCHOR_GRID = 24


@dataclass(frozen=True, eq=False)
class Country:
    """One country of the world data: ISO code, display name and outline."""

    iso3: str
    name: str
    polygons: list[Polygon]
    """Each polygon is [outer ring, *holes]; rings are (N, 2) float arrays of lon/lat."""
    neighbors: tuple[str, ...] = ()
    """ISO codes of countries sharing a land border in the same data set."""


def default_world_file() -> Path:
    """Return the bundled 1:110m world file."""
    return assets_dir() / "world" / "countries-110m.json"


def load_world(path: str | Path) -> dict[str, Country]:
    """Load a converted world file, keyed by ISO alpha-3 code.

    Loads are cached per file, so callers share the result and must not mutate it.
    """
    return _load_world_cached(str(Path(path).resolve()))


@lru_cache(maxsize=4)
def _load_world_cached(path: str) -> dict[str, Country]:
    with open(path, encoding="utf-8") as fh:
        data = json.load(fh)
    world: dict[str, Country] = {}
    for entry in data["countries"]:
        polygons: list[Polygon] = []
        for poly in entry["polygons"]:
            rings = []
            for ring in poly:
                arr = np.asarray(ring, dtype=np.float64).reshape(-1, 2)
                # The arrays are shared by every user of the cache.
                arr.flags.writeable = False
                rings.append(arr)
            if rings and len(rings[0]) >= 3:
                polygons.append(rings)
        world[entry["iso3"]] = Country(
            iso3=entry["iso3"],
            name=entry["name"],
            polygons=polygons,
            neighbors=tuple(entry.get("neighbors", ())),
        )
    return world


def ring_area(ring: npt.ArrayLike) -> float:
    """Signed shoelace area of a ring (positive when counter-clockwise with y up)."""
    pts = np.asarray(ring, dtype=np.float64)
    x, y = pts[:, 0], pts[:, 1]
    # Cyclic shoelace without np.roll, which dominated loading the 1:50m data.
    wrap = x[-1] * y[0] - x[0] * y[-1]
    return 0.5 * float(np.dot(x[:-1], y[1:]) - np.dot(x[1:], y[:-1]) + wrap)


def ring_centroid(ring: npt.ArrayLike) -> tuple[float, float]:
    """Area-weighted centroid of a ring; the vertex mean if the ring has no area."""
    pts = np.asarray(ring, dtype=np.float64)
    x, y = pts[:, 0], pts[:, 1]
    xn, yn = np.roll(x, -1), np.roll(y, -1)
    cross = x * yn - xn * y
    area = 0.5 * float(cross.sum())
    if abs(area) < 1e-12:
        return float(x.mean()), float(y.mean())
    cx = float(((x + xn) * cross).sum()) / (6.0 * area)
    cy = float(((y + yn) * cross).sum()) / (6.0 * area)
    return cx, cy


def points_in_ring(points: npt.ArrayLike, ring: npt.ArrayLike) -> npt.NDArray[np.bool_]:
    """Even-odd test of many points against one ring."""
    pts = np.asarray(points, dtype=np.float64).reshape(-1, 2)
    r = np.asarray(ring, dtype=np.float64)
    x0, y0 = r[:-1, 0], r[:-1, 1]
    x1, y1 = r[1:, 0], r[1:, 1]
    px = pts[:, 0:1]
    py = pts[:, 1:2]
    crosses = (y0 > py) != (y1 > py)
    with np.errstate(divide="ignore", invalid="ignore"):
        x_at = x0 + (py - y0) * (x1 - x0) / (y1 - y0)
    hits = crosses & (px < x_at)
    return np.asarray(hits.sum(axis=1) % 2 == 1)


def polygon_contains(polygon: Sequence[npt.ArrayLike], point: tuple[float, float]) -> bool:
    """Whether a lon/lat point lies inside a polygon's outer ring and outside its holes."""
    pt = np.asarray([point], dtype=np.float64)
    if not points_in_ring(pt, polygon[0])[0]:
        return False
    return not any(points_in_ring(pt, hole)[0] for hole in polygon[1:])


def label_anchor(
    polygons: Sequence[Sequence[FloatArray]], x_scale: float = 1.0
) -> tuple[float, float]:
    """Lon/lat point to place a label for a set of polygons.

    This is the area-weighted centroid of the largest polygon's outer ring. A
    concave shape (Norway, Chile) can have its centroid in a neighbour, so then
    the grid point deepest inside the shape is used; a shape with no area falls
    back to its bbox centre. `x_scale` is the projection's longitude factor, so
    "deepest" is measured as drawn.
    """
    if not polygons:
        raise ValueError("label_anchor needs at least one polygon")
    largest = max(polygons, key=lambda poly: abs(ring_area(poly[0])))
    outer = np.asarray(largest[0], dtype=np.float64)
    lo, hi = outer.min(axis=0), outer.max(axis=0)
    bbox_centre = (float(lo[0] + hi[0]) / 2.0, float(lo[1] + hi[1]) / 2.0)
    if abs(ring_area(outer)) < 1e-12:
        return bbox_centre
    centroid = ring_centroid(outer)
    if polygon_contains(largest, centroid):
        return centroid
    return _deepest_point(largest, x_scale) or bbox_centre


def _deepest_point(polygon: Sequence[FloatArray], x_scale: float) -> tuple[float, float] | None:
    outer = np.asarray(polygon[0], dtype=np.float64)
    lo, hi = outer.min(axis=0), outer.max(axis=0)
    xs = np.linspace(lo[0], hi[0], _ANCHOR_GRID + 2)[1:-1]
    ys = np.linspace(lo[1], hi[1], _ANCHOR_GRID + 2)[1:-1]
    grid = np.stack(np.meshgrid(xs, ys), axis=-1).reshape(-1, 2)
    inside = points_in_ring(grid, outer)
    for hole in polygon[1:]:
        inside &= ~points_in_ring(grid, hole)
    cand = grid[inside]
    if len(cand) == 0:
        return None
    scale = np.array([x_scale, 1.0])
    best = np.full(len(cand), np.inf)
    for ring in polygon:
        r = np.asarray(ring, dtype=np.float64) * scale
        best = np.minimum(best, _distance_to_segments(cand * scale, r[:-1], r[1:]))
    x, y = cand[int(np.argmax(best))]
    return float(x), float(y)


def _distance_to_segments(points: FloatArray, a: FloatArray, b: FloatArray) -> FloatArray:
    """Distance from each point to the nearest of the segments a[i]-b[i]."""
    ab = b - a
    len2 = np.maximum((ab * ab).sum(axis=1), 1e-18)
    ap = points[:, None, :] - a[None, :, :]
    t = np.clip((ap * ab[None, :, :]).sum(axis=2) / len2[None, :], 0.0, 1.0)
    nearest = a[None, :, :] + t[:, :, None] * ab[None, :, :]
    d = np.sqrt(((points[:, None, :] - nearest) ** 2).sum(axis=2))
    return np.asarray(d.min(axis=1))


def clip_ring(ring: npt.ArrayLike, box: tuple[float, float, float, float]) -> FloatArray:
    """Clip a closed ring to an axis-aligned box (x0, y0, x1, y1) (Sutherland-Hodgman).

    Returns the clipped ring, open (no repeated last point), possibly empty. The
    result can run along the box edges, which is harmless for filling.
    """
    pts = np.asarray(ring, dtype=np.float64)
    if len(pts) > 1 and np.array_equal(pts[0], pts[-1]):
        pts = pts[:-1]
    x0, y0, x1, y1 = box
    for axis, bound, keep_above in ((0, x0, True), (0, x1, False), (1, y0, True), (1, y1, False)):
        if len(pts) == 0:
            break
        v = pts[:, axis]
        inside = v >= bound if keep_above else v <= bound
        if inside.all():
            continue
        if not inside.any():
            return np.empty((0, 2))
        prev = np.roll(pts, 1, axis=0)
        prev_in = np.roll(inside, 1)
        crossing = inside != prev_in
        pv = prev[:, axis]
        with np.errstate(divide="ignore", invalid="ignore"):
            t = np.where(crossing, (bound - pv) / (v - pv), 0.0)
        cut = prev + (pts - prev) * t[:, None]
        cut[:, axis] = bound
        # Each vertex contributes [the edge's crossing point, the vertex itself], as kept.
        both = np.stack([cut, pts], axis=1).reshape(-1, 2)
        keep = np.stack([crossing, inside], axis=1).reshape(-1)
        pts = both[keep]
    return pts


class Projection:
    """Equirectangular projection corrected for the latitude of a view.

    Map units are degrees of latitude: x = lon * cos(middle latitude of the
    view) and y = -lat, so y grows downwards like screen rows and a Nordic
    view keeps its proportions instead of looking stretched sideways.
    """

    def __init__(self, view: tuple[float, float, float, float]) -> None:
        lon_min, lat_min, lon_max, lat_max = (float(v) for v in view)
        if not (lon_max > lon_min and lat_max > lat_min):
            raise ValueError(f"view must be (lon_min, lat_min, lon_max, lat_max), got {view}")
        self.view = (lon_min, lat_min, lon_max, lat_max)
        mid_lat = (lat_min + lat_max) / 2.0
        self.x_scale = max(_MIN_X_SCALE, math.cos(math.radians(mid_lat)))

    def project(self, lonlat: npt.ArrayLike) -> FloatArray:
        """Map lon/lat points (..., 2) to map units."""
        a = np.asarray(lonlat, dtype=np.float64)
        out = np.empty_like(a)
        out[..., 0] = a[..., 0] * self.x_scale
        out[..., 1] = -a[..., 1]
        return out

    def unproject(self, xy: npt.ArrayLike) -> FloatArray:
        """Map map-unit points (..., 2) back to lon/lat."""
        a = np.asarray(xy, dtype=np.float64)
        out = np.empty_like(a)
        out[..., 0] = a[..., 0] / self.x_scale
        out[..., 1] = -a[..., 1]
        return out

    def project_box(
        self, box: tuple[float, float, float, float]
    ) -> tuple[float, float, float, float]:
        """Map a lon/lat box (lon_min, lat_min, lon_max, lat_max) to (x0, y0, x1, y1)."""
        lon_min, lat_min, lon_max, lat_max = box
        k = self.x_scale
        return (lon_min * k, -lat_max, lon_max * k, -lat_min)

    @property
    def bounds(self) -> tuple[float, float, float, float]:
        """The view in map units as (x0, y0, x1, y1), y0 being the northern edge."""
        return self.project_box(self.view)
