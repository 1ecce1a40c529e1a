"""World map view: nations drawn from country outlines, with a cached base layer and picking."""

from __future__ import annotations

import itertools
import math
import os
import statistics
import time
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import numpy.typing as npt
import pygame

from game.ui import geo

RGB = tuple[int, int, int]
FloatArray = npt.NDArray[np.float64]

SEA: RGB = (27, 38, 50)
NEUTRAL_LAND: RGB = (66, 72, 78)
BORDER: RGB = (16, 22, 30)
NEUTRAL_BORDER: RGB = (44, 52, 60)
LABEL_TEXT: RGB = (238, 234, 222)
LABEL_HALO: RGB = (14, 18, 24)
CAPITAL_DOT: RGB = (240, 236, 226)
SELECT_OUTLINE: RGB = (246, 206, 104)
HOVER_OUTLINE: RGB = (222, 230, 238)
DEFAULT_LINK: RGB = (214, 196, 140)

MIN_ZOOM = 1.0
MAX_ZOOM = 12.0
# How far past the view's edge the camera centre may go, as a share of the view size.
PAN_MARGIN = 0.25
# A whole-map base layer bigger than this is not kept; only the region around the viewport is.
MAX_LAYER_SIDE = 8192
MAX_LAYER_PIXELS = 16_000_000
# In region mode the layer covers this much extra viewport on every side, so a drag can go
# half a screen before the layer has to be rebuilt.
REGION_MARGIN = 0.5
# After a zoom the old layer, scaled, stands in for the view (plus INTERIM_MARGIN on every
# side) while the new one is painted in bands of about LAYER_BAND_PIXELS, LAYER_BUDGET_MS a
# frame, so no frame waits for a whole layer.
INTERIM_MARGIN = 0.06
LAYER_BAND_PIXELS = 60_000
LAYER_BUDGET_MS = 6.0
# Polygons are cut to the rows of this many bands at once, and each band cuts those pieces:
# cutting a whole coastline for every band was half of the painting.
PIECE_BANDS = 8
# A layer is held in strips of about this many pixels, each made when painting reaches it:
# making (and clearing) all of a large layer at once took one frame 25-90 ms.
LAYER_STRIP_PIXELS = 1_000_000
# The id buffer for picking covers the base layer, or if that is larger, the view and this
# share of it on every side.
PICK_MARGIN = 0.25
MARKER_RADIUS = 5
# Click targets are a bit larger than what is drawn: small things are hard to hit.
MARKER_PICK_RADIUS = MARKER_RADIUS + 5
CAPITAL_RADIUS = 2
CAPITAL_PICK_RADIUS = 5
# From this many pixels per degree of latitude on, the 1:50m outlines replace the 1:110m
# ones, whose straight coastlines start to show as corners.
DETAIL_SCALE = 20.0
# Outline surfaces above this many pixels are not kept; the outline is stroked live instead.
HIGHLIGHT_CACHE_PIXELS = 4_000_000
LABEL_MIN_SIZE = 12
LABEL_MAX_SIZE = 22
LABEL_SMALL_SIZE = 10  # the smallest a label shrinks to before the nation's code stands in
# Labels may overhang their nation a little before they are dropped.
LABEL_OVERHANG = 1.15
LABEL_PADDING = 3

_WORLD_BOX = (-180.0, -90.0, 180.0, 90.0)
_LABEL_FONT = "DejaVuSans-Bold.ttf"


@dataclass(frozen=True)
class MapNation:
    """A nation as the map sees it: an id, a display name, its countries and a capital."""

    id: str
    name: str
    regions: tuple[str, ...] = ()
    """ISO 3166-1 alpha-3 codes of the countries that make up the nation."""
    capital: tuple[float, float] | None = None
    """Capital as (lon, lat); required for a nation with no shape on the map."""


@dataclass(frozen=True)
class Link:
    """A line between two nations' capitals, e.g. a relationship's strength."""

    a: str
    b: str
    width: float = 1.0
    color: RGB = DEFAULT_LINK


@dataclass(eq=False)
class _Poly:
    owner: int
    """Index of the owning nation, or -1 for neutral land."""
    rings: list[FloatArray]
    """Outer ring then holes, in map units."""
    bbox: tuple[float, float, float, float]


@dataclass(eq=False)
class _Run:
    """A stretch of border to stroke: a nation's outer edge, an inner edge, or neutral."""

    owner: int
    inner: bool
    points: FloatArray
    closed: bool
    bbox: tuple[float, float, float, float]


@dataclass(eq=False)
class _Layer:
    """A base layer as horizontal strips of `strip_rows` rows, top to bottom."""

    size: tuple[int, int]
    strip_rows: int
    strips: list[pygame.Surface] = field(default_factory=list)

    def blit_to(self, surface: pygame.Surface, pos: tuple[int, int]) -> None:
        x, y = pos
        rows = self.strip_rows
        surface.fblits([(strip, (x, y + k * rows)) for k, strip in enumerate(self.strips)])

    def crop(self, rect: pygame.Rect) -> pygame.Surface:
        """The pixels of `rect` (inside the layer): a view of one strip, else a copy."""
        rows = self.strip_rows
        first, last = rect.top // rows, (rect.bottom - 1) // rows
        if first == last:
            return self.strips[first].subsurface(rect.move(0, -first * rows))
        out = pygame.Surface(rect.size, 0, self.strips[0])
        for k in range(first, last + 1):
            out.blit(self.strips[k], (-rect.x, k * rows - rect.y))
        return out


@dataclass(eq=False)
class _Pieces:
    """Polygons' rings cut once to a box (a few bands' rows), for the bands inside it."""

    box: tuple[float, float, float, float]
    end: int
    """The first row of the layer below the box."""
    rings: dict[int, list[FloatArray]] = field(default_factory=dict)

    def of(self, k: int, poly: _Poly, pad: float) -> list[FloatArray]:
        """Polygon `k`'s rings cut to the box (widened by `pad`)."""
        rings = self.rings.get(k)
        if rings is None:
            x0, y0, x1, y1 = self.box
            box = (x0 - pad, y0 - pad, x1 + pad, y1 + pad)
            rings = self.rings[k] = [geo.clip_ring(r, box) for r in poly.rings]
        return rings


@dataclass(eq=False)
class _LayerJob:
    """A base layer being painted band by band; `row` is the first row still to paint."""

    region: tuple[float, float, float, float]
    is_region: bool
    key: tuple[object, ...]
    layer: _Layer
    row: int = 0
    started: bool = False
    outlined: bool = False
    """The outlines of the selection and hover have been made for this layer."""
    # Each outline's points in pixels of the strip being painted, kept from band to band.
    lines: dict[int, list[list[float]]] = field(default_factory=dict)
    pieces: _Pieces | None = None


@dataclass(eq=False)
class _Label:
    surface: pygame.Surface
    pos: tuple[float, float]
    """Top-left in scaled map pixels (map units times scale), independent of panning."""
    owner: int = -1
    """Index of the nation named."""


def _bbox(points: FloatArray) -> tuple[float, float, float, float]:
    lo = points.min(axis=0)
    hi = points.max(axis=0)
    return float(lo[0]), float(lo[1]), float(hi[0]), float(hi[1])


def _area(box: tuple[float, float, float, float]) -> float:
    return (box[2] - box[0]) * (box[3] - box[1])


def _overlapping(boxes: FloatArray, box: tuple[float, float, float, float]) -> list[int]:
    """Indexes of the rows of `boxes` (x0, y0, x1, y1) that overlap `box`, in order."""
    hit = (
        (boxes[:, 0] <= box[2])
        & (boxes[:, 2] >= box[0])
        & (boxes[:, 1] <= box[3])
        & (boxes[:, 3] >= box[1])
    )
    return np.flatnonzero(hit).tolist()


def _boxes_overlap(
    a: tuple[float, float, float, float], b: tuple[float, float, float, float]
) -> bool:
    return a[0] <= b[2] and b[0] <= a[2] and a[1] <= b[3] and b[1] <= a[3]


def _shade(color: RGB, toward: RGB, amount: float) -> RGB:
    return (
        round(color[0] + (toward[0] - color[0]) * amount),
        round(color[1] + (toward[1] - color[1]) * amount),
        round(color[2] + (toward[2] - color[2]) * amount),
    )


def _edge_keys(ring: FloatArray) -> list[tuple[int, int, int, int]]:
    """Direction-free keys of a ring's segments.

    Shared borders carry identical coordinates (rounded to 0.001 degree) in
    both countries, so integer keys at that step match exactly.
    """
    q = np.rint(np.asarray(ring) * 1000.0).astype(np.int64)
    a = q[:-1]
    b = q[1:]
    swap = (a[:, 0] > b[:, 0]) | ((a[:, 0] == b[:, 0]) & (a[:, 1] > b[:, 1]))
    lo = np.where(swap[:, None], b, a)
    hi = np.where(swap[:, None], a, b)
    return [tuple(row) for row in np.concatenate([lo, hi], axis=1).tolist()]


def _split_runs(
    ring: FloatArray, inner: npt.NDArray[np.bool_]
) -> list[tuple[FloatArray, bool, bool]]:
    """Split a closed ring into (points, inner, closed) runs of equally classed segments."""
    n = len(inner)
    if n == 0:
        return []
    if inner.all() or not inner.any():
        return [(ring, bool(inner[0]), True)]
    # Start at a change of class, so one run is not cut in two at the ring's first point.
    start = int(np.flatnonzero(inner != np.roll(inner, 1))[0])
    order = (np.arange(n) + start) % n
    runs: list[tuple[FloatArray, bool, bool]] = []
    i = 0
    while i < n:
        j = i
        cls = inner[order[i]]
        while j + 1 < n and inner[order[j + 1]] == cls:
            j += 1
        seg_idx = order[i : j + 1]
        # The ring repeats its first point at index n, so the last end point always exists.
        pts = np.concatenate([ring[seg_idx], ring[seg_idx[-1] + 1][None, :]])
        runs.append((pts, bool(cls), False))
        i = j + 1
    return runs


class _Geometry:
    """One level of detail: every outline projected once, with borders classified."""

    def __init__(
        self,
        world: Mapping[str, geo.Country],
        nations: Sequence[MapNation],
        proj: geo.Projection,
    ) -> None:
        owner: dict[str, int] = {}
        for i, nation in enumerate(nations):
            for iso in nation.regions:
                # A country claimed twice stays with the first nation that claims it.
                owner.setdefault(iso, i)

        inner_edges = _inner_edges(world, owner, nations)
        polys: list[tuple[float, _Poly]] = []
        runs: list[_Run] = []
        nation_polys: list[list[list[FloatArray]]] = [[] for _ in nations]
        self.area = [0.0] * len(nations)
        """Projected land area per nation; bigger nations get their labels first."""
        for iso, country in world.items():
            own = owner.get(iso, -1)
            for polygon in country.polygons:
                rings = [proj.project(r) for r in polygon]
                area = abs(geo.ring_area(rings[0]))
                polys.append((area, _Poly(own, rings, _bbox(rings[0]))))
                if own >= 0:
                    nation_polys[own].append(list(polygon))
                    self.area[own] += area
                for raw, ring in zip(polygon, rings, strict=True):
                    if own >= 0 and inner_edges:
                        keys = _edge_keys(raw)
                        inner = np.array([k in inner_edges for k in keys], dtype=bool)
                    else:
                        inner = np.zeros(len(ring) - 1, dtype=bool)
                    for pts, is_inner, closed in _split_runs(ring, inner):
                        runs.append(_Run(own, is_inner, pts, closed, _bbox(pts)))

        # Big shapes first, so enclosed ones (Lesotho in South Africa) end up on top.
        polys.sort(key=lambda item: -item[0])
        self.polys = [p for _, p in polys]
        # Neutral and inner borders go under the nations' outer borders.
        runs.sort(key=lambda r: 0 if r.owner < 0 else (1 if r.inner else 2))
        self.runs = runs
        self.poly_boxes = np.array([p.bbox for p in self.polys], dtype=np.float64).reshape(-1, 4)
        self.run_boxes = np.array([r.bbox for r in runs], dtype=np.float64).reshape(-1, 4)
        self.outlines: list[list[_Run]] = [[] for _ in nations]
        for run in runs:
            if run.owner >= 0 and not run.inner:
                self.outlines[run.owner].append(run)

        n = len(nations)
        self.shaped = [bool(nation_polys[i]) for i in range(n)]
        self.anchor: list[tuple[float, float] | None] = [None] * n
        self.label_room = [(0.0, 0.0)] * n
        """Width and height (map units) of each nation's largest polygon."""
        for i in range(n):
            shapes = nation_polys[i]
            if not shapes:
                continue
            lon, lat = geo.label_anchor(shapes, proj.x_scale)
            if not _inside(proj.view, lon, lat):
                # A large nation mostly off the view (Russia on a Baltic map) is named on
                # the part the view shows, so its name is not lost off screen.
                visible = _clip_polygons(shapes, proj.view)
                if visible:
                    shapes = visible
                    lon, lat = geo.label_anchor(shapes, proj.x_scale)
            ax, ay = proj.project(np.array([lon, lat]))
            self.anchor[i] = (float(ax), float(ay))
            largest = max(shapes, key=lambda p: abs(geo.ring_area(p[0])))
            x0, y0, x1, y1 = _bbox(proj.project(largest[0]))
            self.label_room[i] = (x1 - x0, y1 - y0)


def _grown(
    box: tuple[float, float, float, float], points: Sequence[tuple[float, float]]
) -> tuple[float, float, float, float]:
    """`box` grown to hold every point."""
    x0, y0, x1, y1 = box
    for x, y in points:
        x0, y0, x1, y1 = min(x0, x), min(y0, y), max(x1, x), max(y1, y)
    return x0, y0, x1, y1


def _inside(box: tuple[float, float, float, float], x: float, y: float) -> bool:
    return box[0] <= x <= box[2] and box[1] <= y <= box[3]


def _clip_polygons(
    polygons: Sequence[Sequence[FloatArray]], box: tuple[float, float, float, float]
) -> list[list[FloatArray]]:
    """The parts of lon/lat polygons inside a lon/lat box, as closed rings."""
    out: list[list[FloatArray]] = []
    for polygon in polygons:
        rings = []
        for k, ring in enumerate(polygon):
            pts = geo.clip_ring(ring, box)
            if len(pts) < 3:
                if k == 0:
                    break
                continue
            rings.append(np.concatenate([pts, pts[:1]]))
        if rings:
            out.append(rings)
    return out


def _inner_edges(
    world: Mapping[str, geo.Country], owner: Mapping[str, int], nations: Sequence[MapNation]
) -> set[tuple[int, int, int, int]]:
    """Segments shared by two countries of the same nation."""
    seen: dict[tuple[int, int, int, int], tuple[int, str]] = {}
    inner: set[tuple[int, int, int, int]] = set()
    multi = {i for i, nat in enumerate(nations) if len(nat.regions) > 1}
    for iso, country in world.items():
        own = owner.get(iso, -1)
        if own not in multi:
            continue
        for polygon in country.polygons:
            for ring in polygon:
                for key in _edge_keys(ring):
                    prev = seen.get(key)
                    if prev is None:
                        seen[key] = (own, iso)
                    elif prev[0] == own and prev[1] != iso:
                        inner.add(key)
    return inner


class WorldMap:
    """Draws nations on a pygame Surface.

    Everything that depends only on zoom, fill colours and viewport size (sea,
    country fills, borders) is rendered once into a base layer that covers
    the whole area the camera can reach, so panning only blits. Selection,
    hover, links, markers and labels are drawn on top each frame from cached
    pieces. Picking reads one pixel of an off-screen id buffer that shares the
    base layer's transform.

    Args:
        nations: what to draw; countries not in any nation are drawn as neutral land.
        view: (lon_min, lat_min, lon_max, lat_max) that zoom 1.0 fits to the viewport.
        world_file: outlines to draw. By default the bundled 1:110m file, with the
            1:50m file taking over once the map is drawn at `detail_scale` pixels
            per degree of latitude or more.
        detail_file: finer outlines for close views; only used as described above
            unless given explicitly.
        detail_scale: pixels per degree of latitude from which `detail_file` is drawn.
        size: initial viewport size in pixels; draw() adopts the size of its rect.
    """

    def __init__(
        self,
        nations: Sequence[MapNation],
        view: tuple[float, float, float, float],
        world_file: Path | None = None,
        *,
        detail_file: Path | None = None,
        detail_scale: float = DETAIL_SCALE,
        size: tuple[int, int] = (1600, 900),
    ) -> None:
        self.projection = geo.Projection(view)
        self.nations: tuple[MapNation, ...] = tuple(nations)
        self._index = {n.id: i for i, n in enumerate(self.nations)}
        if len(self._index) != len(self.nations):
            raise ValueError("nation ids must be unique")
        self._view_box = self.projection.bounds
        self._world_box = self.projection.project_box(_WORLD_BOX)
        if world_file is None:
            world_file = geo.default_world_file()
            fine = geo.assets_dir() / "world" / "countries-50m.json"
            if detail_file is None and fine.is_file():
                detail_file = fine
        self._coarse = _Geometry(geo.load_world(world_file), self.nations, self.projection)
        self._detail: _Geometry | None = None
        self._detail_file = detail_file
        self._detail_scale = detail_scale
        self._capital: list[tuple[float, float] | None] = []
        for nation in self.nations:
            cap = None
            if nation.capital is not None:
                cx, cy = self.projection.project(np.array(nation.capital, dtype=np.float64))
                cap = (float(cx), float(cy))
            self._capital.append(cap)
        # The camera may go wherever a nation of the level is, not only over the view: a
        # nation far off it (China on a South Pacific map) can still be found and clicked.
        self._reach_box = _grown(self._view_box, [c for c in self._capital if c is not None])

        self._size = (max(1, int(size[0])), max(1, int(size[1])))
        self._origin = (0, 0)
        self._zoom = 1.0
        vx0, vy0, vx1, vy1 = self._view_box
        self._center = self._clamp_center(((vx0 + vx1) / 2.0, (vy0 + vy1) / 2.0))

        self._fills: dict[int, RGB] = {}
        self._fills_version = 0
        self._links: list[Link] = []
        self._selected: int | None = None
        self._hover: int | None = None
        self._labels_visible = True

        self._base: _Layer | None = None
        self._base_key: tuple[object, ...] | None = None
        self._base_region = (0.0, 0.0, 0.0, 0.0)
        self._base_is_region = False
        self._base_scale = 1.0
        self._job: _LayerJob | None = None
        self._pick: pygame.Surface | None = None
        self._pick_key: tuple[object, ...] | None = None
        self._pick_region = (0.0, 0.0, 0.0, 0.0)
        self._recentre_pending = False
        self._labels: list[_Label] = []
        self._labels_key: tuple[object, ...] | None = None
        self._fonts: dict[int, pygame.font.Font] = {}
        self._highlight_cache: dict[
            tuple[int, RGB, int], tuple[pygame.Surface, tuple[float, float]] | None
        ] = {}
        self._highlight_key: tuple[object, ...] | None = None
        self._text_cache: dict[tuple[str, int, RGB], pygame.Surface] = {}

        self.renders = 0
        """How many base layers have been started (one built over several frames counts once)."""
        self.needs_redraw = True
        """Set when anything visible changed; cleared by draw()."""

    @property
    def _geo(self) -> _Geometry:
        """The level of detail for the current scale; the finer one is loaded on first use."""
        if self._detail_file is None or self.scale < self._detail_scale:
            return self._coarse
        if self._detail is None:
            world = geo.load_world(self._detail_file)
            detail = _Geometry(world, self.nations, self.projection)
            # Labels keep their place across the switch; the smoother coarse shape
            # also gives steadier anchors than a fjord-cut coastline.
            for i, anchor in enumerate(self._coarse.anchor):
                if anchor is not None:
                    detail.anchor[i] = anchor
            self._detail = detail
        return self._detail

    # ------------------------------------------------------------------ camera

    @property
    def size(self) -> tuple[int, int]:
        """Viewport size in pixels."""
        return self._size

    @property
    def zoom(self) -> float:
        """1.0 shows the whole view; larger values magnify."""
        return self._zoom

    @zoom.setter
    def zoom(self, value: float) -> None:
        z = min(MAX_ZOOM, max(MIN_ZOOM, float(value)))
        if z != self._zoom:
            self._zoom = z
            self._center = self._clamp_center(self._center)
            self.needs_redraw = True

    @property
    def center(self) -> tuple[float, float]:
        """Map point (map units) at the middle of the viewport."""
        return self._center

    @center.setter
    def center(self, value: tuple[float, float]) -> None:
        c = self._clamp_center((float(value[0]), float(value[1])))
        if c != self._center:
            self._center = c
            self.needs_redraw = True

    @property
    def scale(self) -> float:
        """Pixels per map unit at the current zoom."""
        x0, y0, x1, y1 = self._view_box
        w, h = self._size
        return min(w / (x1 - x0), h / (y1 - y0)) * self._zoom

    def _pan_box(self) -> tuple[float, float, float, float]:
        """The map area the camera may show: the view and every capital, plus a margin of
        the view's size, within the world."""
        vx0, vy0, vx1, vy1 = self._view_box
        mx = (vx1 - vx0) * PAN_MARGIN
        my = (vy1 - vy0) * PAN_MARGIN
        x0, y0, x1, y1 = self._reach_box
        wx0, wy0, wx1, wy1 = self._world_box
        return (max(x0 - mx, wx0), max(y0 - my, wy0), min(x1 + mx, wx1), min(y1 + my, wy1))

    def _center_range(self) -> tuple[tuple[float, float], tuple[float, float]]:
        """Allowed (min, max) of the camera centre along x and along y.

        The visible area stays inside the pan box, and the centre stays on the
        view or a capital's reach, so a close view can show their edge but never
        only margin. Along an axis where the viewport is wider than the pan box
        the centre is fixed.
        """
        s = self.scale
        half = (self._size[0] / 2.0 / s, self._size[1] / 2.0 / s)
        box = self._pan_box()
        view, reach = self._view_box, self._reach_box
        out = []
        for axis in (0, 1):
            lo = max(box[axis] + half[axis], reach[axis])
            hi = min(box[axis + 2] - half[axis], reach[axis + 2])
            if lo > hi:
                # The viewport outsizes the pan box: any centre in this span shows all
                # of it, and the one nearest the view's middle wastes the least room.
                mid = (view[axis] + view[axis + 2]) / 2.0
                lo = hi = min(max(mid, box[axis + 2] - half[axis]), box[axis] + half[axis])
            out.append((lo, hi))
        return out[0], out[1]

    def _clamp_center(self, c: tuple[float, float]) -> tuple[float, float]:
        (x0, x1), (y0, y1) = self._center_range()
        return min(max(c[0], x0), x1), min(max(c[1], y0), y1)

    def resize(self, size: tuple[int, int]) -> None:
        """Set the viewport size in pixels; zoom and centre are kept."""
        new = (max(1, int(size[0])), max(1, int(size[1])))
        if new != self._size:
            self._size = new
            self._center = self._clamp_center(self._center)
            self.needs_redraw = True

    def pan_by(self, dx_px: float, dy_px: float) -> None:
        """Move the map content by a screen distance, as a drag does."""
        s = self.scale
        self.center = (self._center[0] - dx_px / s, self._center[1] - dy_px / s)

    def end_pan(self) -> None:
        """Call when a drag ends: a region-mode layer is then re-centred on the view."""
        if self._base_is_region:
            self._recentre_pending = True
            self.needs_redraw = True

    def zoom_at(self, factor: float, screen_pos: tuple[float, float]) -> None:
        """Zoom by `factor`, keeping the map point under `screen_pos` where it is."""
        mx, my = self._screen_to_map(screen_pos)
        z = min(MAX_ZOOM, max(MIN_ZOOM, self._zoom * factor))
        if z == self._zoom:
            return
        self._zoom = z
        s = self.scale
        ox, oy = self._origin
        w, h = self._size
        self._center = self._clamp_center(
            (mx - (screen_pos[0] - ox - w / 2.0) / s, my - (screen_pos[1] - oy - h / 2.0) / s)
        )
        self.needs_redraw = True

    def world_to_screen(self, lon: float, lat: float) -> tuple[float, float]:
        """Screen position of a lon/lat point, in the coordinates of the surface drawn on."""
        x, y = self.projection.project(np.array([lon, lat], dtype=np.float64))
        return self._map_to_screen((float(x), float(y)))

    def screen_to_world(self, px: tuple[float, float]) -> tuple[float, float]:
        """Lon/lat of a screen position."""
        lon, lat = self.projection.unproject(np.array(self._screen_to_map(px), dtype=np.float64))
        return float(lon), float(lat)

    def _map_to_screen(self, p: tuple[float, float]) -> tuple[float, float]:
        s = self.scale
        w, h = self._size
        return (
            (p[0] - self._center[0]) * s + w / 2.0 + self._origin[0],
            (p[1] - self._center[1]) * s + h / 2.0 + self._origin[1],
        )

    def _screen_to_map(self, px: tuple[float, float]) -> tuple[float, float]:
        s = self.scale
        w, h = self._size
        return (
            (px[0] - self._origin[0] - w / 2.0) / s + self._center[0],
            (px[1] - self._origin[1] - h / 2.0) / s + self._center[1],
        )

    def _visible_box(self) -> tuple[float, float, float, float]:
        s = self.scale
        hw = self._size[0] / 2.0 / s
        hh = self._size[1] / 2.0 / s
        cx, cy = self._center
        return (cx - hw, cy - hh, cx + hw, cy + hh)

    # ------------------------------------------------------------------ overlay state

    def set_fills(self, fills: Mapping[str, RGB]) -> None:
        """Fill colour per nation id; nations left out are drawn as neutral land."""
        new: dict[int, RGB] = {}
        for key, v in fills.items():
            if key in self._index:
                new[self._index[key]] = (int(v[0]), int(v[1]), int(v[2]))
        if new != self._fills:
            self._fills = new
            self._fills_version += 1
            self.needs_redraw = True

    @property
    def links(self) -> tuple[Link, ...]:
        """The lines the map draws between capitals now."""
        return tuple(self._links)

    def set_links(self, links: Iterable[Link]) -> None:
        """Lines to draw between capitals; links naming unknown nations are ignored."""
        new = [ln for ln in links if ln.a in self._index and ln.b in self._index]
        if new != self._links:
            self._links = new
            self.needs_redraw = True

    def set_selected(self, nation_id: str | None) -> None:
        """Outline one nation as selected, or none."""
        idx = self._index.get(nation_id) if nation_id is not None else None
        if idx != self._selected:
            self._selected = idx
            self.needs_redraw = True

    def set_hover(self, nation_id: str | None) -> None:
        """Outline the nation under the pointer, or none."""
        idx = self._index.get(nation_id) if nation_id is not None else None
        if idx != self._hover:
            self._hover = idx
            self.needs_redraw = True

    def set_labels(self, visible: bool) -> None:
        """Show or hide nation names."""
        if visible != self._labels_visible:
            self._labels_visible = visible
            self.needs_redraw = True

    def invalidate(self) -> None:
        """Drop every cached layer, e.g. after the display's pixel format changed."""
        self._base = None
        self._base_key = None
        self._job = None
        self._pick = None
        self._pick_key = None
        self._labels_key = None
        self._highlight_key = None
        self.needs_redraw = True

    # ------------------------------------------------------------------ base layer

    def _layer_region(self) -> tuple[tuple[float, float, float, float], bool]:
        """Map box the base layer should cover, and whether it is only the viewport's region."""
        s = self.scale
        # Everything any allowed camera position can show.
        (cx0, cx1), (cy0, cy1) = self._center_range()
        hw = self._size[0] / 2.0 / s
        hh = self._size[1] / 2.0 / s
        full = self._clip_to_world((cx0 - hw, cy0 - hh, cx1 + hw, cy1 + hh))
        wpx = (full[2] - full[0]) * s
        hpx = (full[3] - full[1]) * s
        if wpx <= MAX_LAYER_SIDE and hpx <= MAX_LAYER_SIDE and wpx * hpx <= MAX_LAYER_PIXELS:
            return full, False
        vx0, vy0, vx1, vy1 = self._visible_box()
        ex = (vx1 - vx0) * REGION_MARGIN
        ey = (vy1 - vy0) * REGION_MARGIN
        return self._clip_to_world((vx0 - ex, vy0 - ey, vx1 + ex, vy1 + ey)), True

    def _clip_to_world(
        self, box: tuple[float, float, float, float]
    ) -> tuple[float, float, float, float]:
        wx0, wy0, wx1, wy1 = self._world_box
        x0, y0 = max(box[0], wx0), max(box[1], wy0)
        x1, y1 = min(box[2], wx1), min(box[3], wy1)
        # A camera looking at empty sea beyond the data still needs a (tiny) layer.
        return (x0, y0, max(x1, x0 + 1e-6), max(y1, y0 + 1e-6))

    def _covers_view(self, region: tuple[float, float, float, float]) -> bool:
        """Whether `region` holds every map pixel of the viewport that has land."""
        rx0, ry0, rx1, ry1 = region
        vx0, vy0, vx1, vy1 = self._clip_to_world(self._visible_box())
        eps = 1.0 / self.scale
        return rx0 <= vx0 + eps and ry0 <= vy0 + eps and rx1 >= vx1 - eps and ry1 >= vy1 - eps

    def _region_stale(self, region: tuple[float, float, float, float]) -> bool:
        """A region-mode layer must be redone: the view left it, or a drag ended near its edge."""
        if not self._covers_view(region):
            return True
        if self._recentre_pending:
            rx0, ry0, rx1, ry1 = region
            vx0, vy0, vx1, vy1 = self._visible_box()
            # Re-centre only when a further drag could soon run off the layer.
            slack = min(vx0 - rx0, rx1 - vx1, vy0 - ry0, ry1 - vy1) * self.scale
            return slack < min(self._size) * REGION_MARGIN / 2.0
        return False

    @property
    def building(self) -> bool:
        """A base layer is being painted over several frames: keep drawing frames."""
        return self._job is not None

    def _ensure_base(self) -> None:
        key = (self._zoom, self._size, self._fills_version)
        job = self._job
        if job is not None:
            if job.key == key and not (job.is_region and self._region_stale(job.region)):
                self._recentre_pending = False
                return
            self._job = None
        stale = self._base is None or self._base_key != key
        if not stale and self._base_is_region:
            stale = self._region_stale(self._base_region)
        self._recentre_pending = False
        if not stale:
            return
        # The whole-map region depends only on zoom and size, so a fill change keeps it
        # and with it the pick buffer.
        region, is_region = self._layer_region()
        same_colours = self._base_key is not None and self._base_key[2] == self._fills_version
        self.renders += 1
        self._base_key = key
        if self._base is not None and same_colours:
            # A zoom or a pan off the layer: the old layer, scaled, stands in while the new
            # one is painted over the next frames.
            self._stand_in()
            self._job = self._new_job(region, is_region, key)
        else:
            self._job = self._new_job(region, is_region, key)
            self._advance_job(None)

    def _stand_in(self) -> None:
        """Replace the base layer by the part of it around the view, scaled to the new zoom."""
        old, (rx0, ry0, _, _) = self._base, self._base_region
        assert old is not None
        s0, s1 = self._base_scale, self.scale
        vx0, vy0, vx1, vy1 = self._visible_box()
        ex, ey = (vx1 - vx0) * INTERIM_MARGIN, (vy1 - vy0) * INTERIM_MARGIN
        x0, y0 = math.floor((vx0 - ex - rx0) * s0), math.floor((vy0 - ey - ry0) * s0)
        x1, y1 = math.ceil((vx1 + ex - rx0) * s0), math.ceil((vy1 + ey - ry0) * s0)
        src = pygame.Rect(x0, y0, x1 - x0, y1 - y0).clip(pygame.Rect((0, 0), old.size))
        if src.w <= 0 or src.h <= 0:
            src = pygame.Rect(0, 0, 1, 1)
        size = (max(1, round(src.w * s1 / s0)), max(1, round(src.h * s1 / s0)))
        part = old.crop(src)
        scaled = part.copy() if size == src.size else pygame.transform.scale(part, size)
        self._base = _Layer(size, size[1], [scaled])
        # The box the scaled pixels show, at the new scale.
        bx0, by0 = rx0 + src.x / s0, ry0 + src.y / s0
        self._base_region = (bx0, by0, bx0 + size[0] / s1, by0 + size[1] / s1)
        self._base_is_region = True
        self._base_scale = s1

    def _advance_job(self, budget_ms: float | None) -> None:
        """Paint bands of the layer under construction for `budget_ms` (None: to the end)."""
        job = self._job
        assert job is not None
        t0 = time.perf_counter()
        layer = job.layer
        (w, h), rows = layer.size, layer.strip_rows
        band = max(8, LAYER_BAND_PIXELS // w)
        painted = False
        while job.row < h:
            k = job.row // rows
            if k == len(layer.strips):
                if painted and budget_ms is not None:
                    break  # making a strip takes up to 3 ms: it starts a frame's share
                layer.strips.append(self._new_surface((w, min(rows, h - k * rows))))
                job.lines = {}
            pieces = job.pieces
            if pieces is None or job.row >= pieces.end:
                stop = min(h, (k + 1) * rows, job.row + PIECE_BANDS * band)
                pieces = job.pieces = _Pieces(self._band_box(job.region, job.row, stop), stop)
            end = min(h, job.row + band, pieces.end)
            t1 = time.perf_counter()
            self._paint(layer.strips[k], job.region, job.row, end, job.lines, k * rows, pieces)
            job.row = end
            painted = True
            now = time.perf_counter()
            # The next band is about as dear as this one: stop before it would overrun
            # the budget rather than after (bands take 1-6 ms).
            if budget_ms is not None and (2 * now - t1 - t0) * 1000.0 > budget_ms:
                break
        if job.row >= h:
            self._install(layer, job.region, job.is_region)
            self._job = None
            self.needs_redraw = True  # the finished layer is sharper than its stand-in

    def _new_job(
        self, region: tuple[float, float, float, float], is_region: bool, key: tuple[object, ...]
    ) -> _LayerJob:
        size = self._layer_size(region)
        rows = max(1, min(size[1], LAYER_STRIP_PIXELS // size[0]))
        return _LayerJob(region, is_region, key, _Layer(size, rows))

    def _layer_size(self, region: tuple[float, float, float, float]) -> tuple[int, int]:
        s = self.scale
        w = max(1, math.ceil((region[2] - region[0]) * s))
        # A row length that is a multiple of 16 bytes lets SDL use its fast aligned copy
        # (measured: 0.3 ms against up to 1.2 ms for a 1600x900 blit).
        return (w + (-w % 4), max(1, math.ceil((region[3] - region[1]) * s)))

    def _new_surface(self, size: tuple[int, int]) -> pygame.Surface:
        display = pygame.display.get_surface() if pygame.display.get_init() else None
        if display is not None:
            # Same pixel format as the screen keeps the per-frame blit a plain copy.
            return pygame.Surface(size, 0, display)
        return pygame.Surface(size)

    def _install(
        self, layer: _Layer, region: tuple[float, float, float, float], is_region: bool
    ) -> None:
        self._base = layer
        self._base_region = region
        self._base_is_region = is_region
        self._base_scale = self.scale

    def _paint(
        self,
        surf: pygame.Surface,
        region: tuple[float, float, float, float],
        row0: int,
        row1: int,
        lines: dict[int, list[list[float]]],
        top: int,
        pieces: _Pieces,
    ) -> None:
        """Paint rows `row0` to `row1` of the layer showing `region` into `surf`, the strip
        of the layer that starts at row `top`.

        `lines` keeps each outline's points in pixels of `surf` from band to band; `pieces`
        holds the polygons cut to rows around these.
        """
        s = self.scale
        band_rect = pygame.Rect(0, row0 - top, surf.get_width(), row1 - row0)
        band = surf.subsurface(band_rect)
        band.fill(SEA)
        # Positions are the layer's, moved up by whole rows, so a layer painted in bands
        # matches one painted at once.
        box = self._band_box(region, row0, row1)
        origin = np.array(region[:2])
        shift = np.array([0.0, row0])
        fills = self._fills
        self._fill_polygons(
            band, box, lambda owner: fills.get(owner, NEUTRAL_LAND), SEA, origin, shift, pieces
        )
        old_clip = surf.get_clip()
        surf.set_clip(band_rect)  # outlines are drawn in strip pixels, clipped to the band
        runs = self._geo.runs
        strip_top = np.array([0.0, top])
        for k in _overlapping(self._geo.run_boxes, box):
            run = runs[k]
            if (run.bbox[2] - run.bbox[0]) * s < 1.5 and (run.bbox[3] - run.bbox[1]) * s < 1.5:
                continue  # a speck of an island: an outline would only blot it
            if run.owner < 0:
                color = NEUTRAL_BORDER
            elif run.inner:
                fill = fills.get(run.owner, NEUTRAL_LAND)
                color = _shade(fill, BORDER, 0.3)
            else:
                color = BORDER
            points = lines.get(k)
            if points is None:
                points = lines[k] = ((run.points - origin) * s - strip_top).tolist()
            pygame.draw.aalines(surf, color, run.closed, points)
        surf.set_clip(old_clip)

    def _band_box(
        self, region: tuple[float, float, float, float], row0: int, row1: int
    ) -> tuple[float, float, float, float]:
        """The map box of rows `row0` to `row1` of the layer showing `region`, a row wider."""
        s = self.scale
        return (region[0], region[1] + (row0 - 1) / s, region[2], region[1] + (row1 + 1) / s)

    def _fill_polygons(
        self,
        surf: pygame.Surface,
        region: tuple[float, float, float, float],
        color_of: Callable[[int], RGB],
        hole: RGB,
        origin: FloatArray | None = None,
        shift: FloatArray | None = None,
        pieces: _Pieces | None = None,
    ) -> None:
        """Fill every polygon touching `region`, biggest first, holes in `hole` colour.

        Pixel (0, 0) of `surf` is the map point `origin` (by default the region's corner),
        moved by `shift` pixels. `pieces`, if given, holds the polygons already cut to a
        box around `region`.
        """
        s = self.scale
        origin = np.array(region[:2]) if origin is None else origin
        # pygame scans every row a polygon spans, so at high zoom a continent costs
        # tens of ms; clipping to just outside the layer keeps the work on screen.
        pad = 2.0 / s
        clip = (region[0] - pad, region[1] - pad, region[2] + pad, region[3] + pad)
        polys = self._geo.polys
        for n in _overlapping(self._geo.poly_boxes, region):
            poly = polys[n]
            b = poly.bbox
            inside = clip[0] <= b[0] and clip[1] <= b[1] and b[2] <= clip[2] and b[3] <= clip[3]
            color = color_of(poly.owner)
            rings = poly.rings if inside or pieces is None else pieces.of(n, poly, pad)
            for k, ring in enumerate(rings):
                pts = ring if inside else geo.clip_ring(ring, clip)
                if len(pts) >= 3:
                    pixels = np.rint((pts - origin) * s)
                    if shift is not None:
                        pixels -= shift
                    pixels = pixels.tolist()
                    pygame.draw.polygon(surf, color if k == 0 else hole, pixels)

    def _base_screen_pos(self) -> tuple[int, int]:
        """Screen position of the base layer's top-left pixel."""
        return self._screen_pos(self._base_region)

    def _screen_pos(self, region: tuple[float, float, float, float]) -> tuple[int, int]:
        """Screen position of a layer's top-left pixel (rounded, so blit and pick agree)."""
        x, y = self._map_to_screen((region[0], region[1]))
        return round(x), round(y)

    def _ensure_pick(self) -> None:
        # All of a large layer (or one still being painted) would stall the first hover.
        key = (self._zoom, self._size)
        if (
            self._pick is not None
            and self._pick_key == key
            and self._covers_view(self._pick_region)
        ):
            return
        vx0, vy0, vx1, vy1 = self._visible_box()
        ex, ey = (vx1 - vx0) * PICK_MARGIN, (vy1 - vy0) * PICK_MARGIN
        region = self._clip_to_world((vx0 - ex, vy0 - ey, vx1 + ex, vy1 + ey))
        base = self._base_region
        if self._covers_view(base) and _area(base) <= _area(region):
            region = base
        self._pick_region = region
        s = self.scale
        surf = pygame.Surface(self._layer_size(region), 0, 32)
        surf.fill((0, 0, 0))
        self._fill_polygons(surf, region, self._code, (0, 0, 0))
        shaped = self._geo.shaped
        for i, cap in enumerate(self._capital):
            if cap is None:
                continue
            radius = CAPITAL_PICK_RADIUS if shaped[i] else MARKER_PICK_RADIUS
            centre = ((cap[0] - region[0]) * s, (cap[1] - region[1]) * s)
            pygame.draw.circle(surf, self._code(i), centre, radius)
        self._pick = surf
        self._pick_key = key

    @staticmethod
    def _code(owner: int) -> RGB:
        v = owner + 1
        return ((v >> 16) & 255, (v >> 8) & 255, v & 255)

    def pick(self, screen_pos: tuple[float, float]) -> str | None:
        """Id of the nation (its name, its shape, or a shapeless nation's marker) at a screen
        position, or None."""
        x, y = screen_pos
        ox, oy = self._origin
        if not (ox <= x < ox + self._size[0] and oy <= y < oy + self._size[1]):
            return None
        # A name names its nation wherever it sits: beside the capital of a nation too thin
        # to hold it (Vanuatu's "VUT" on the sea), or across a border.
        for nid, box in self.label_boxes().items():
            if box.collidepoint(x, y):
                return nid
        self._ensure_base()
        self._ensure_pick()
        assert self._pick is not None
        bx, by = self._screen_pos(self._pick_region)
        px, py = math.floor(x - bx), math.floor(y - by)
        if not (0 <= px < self._pick.get_width() and 0 <= py < self._pick.get_height()):
            return None
        c = self._pick.get_at((px, py))
        idx = (c.r << 16 | c.g << 8 | c.b) - 1
        return self.nations[idx].id if 0 <= idx < len(self.nations) else None

    # ------------------------------------------------------------------ labels

    def _font(self, size: int) -> pygame.font.Font:
        font = self._fonts.get(size)
        if font is None:
            if not pygame.font.get_init():
                pygame.font.init()
            path = geo.assets_dir() / "fonts" / _LABEL_FONT
            font = pygame.font.Font(path if path.is_file() else None, size)
            self._fonts[size] = font
        return font

    def _text(self, text: str, size: int, color: RGB = LABEL_TEXT) -> pygame.Surface:
        """A label with a dark halo, so it reads on any fill colour."""
        key = (text, size, color)
        surf = self._text_cache.get(key)
        if surf is None:
            font = self._font(size)
            try:
                fg = font.render(text, True, color)
            except pygame.error:
                # The font module was restarted (a new window in the same process): the
                # cached fonts are dead, so load them again.
                self._fonts.clear()
                font = self._font(size)
                fg = font.render(text, True, color)
            halo = font.render(text, True, LABEL_HALO)
            surf = pygame.Surface((fg.get_width() + 2, fg.get_height() + 2), pygame.SRCALPHA)
            for dx, dy in ((0, 1), (2, 1), (1, 0), (1, 2), (0, 0), (2, 2), (0, 2), (2, 0)):
                surf.blit(halo, (dx, dy))
            surf.blit(fg, (1, 1))
            self._text_cache[key] = surf
        return surf

    def _label_size(self) -> int:
        # Grows slowly with zoom so labels stay readable without swamping the map.
        return max(
            LABEL_MIN_SIZE,
            min(LABEL_MAX_SIZE, round(LABEL_MIN_SIZE + 3.5 * math.log2(self._zoom) + 1)),
        )

    def _layout_labels(self) -> None:
        key = (self._zoom, self._size)
        if self._labels_key == key:
            return
        s = self.scale
        size = self._label_size()
        g = self._geo
        placed: list[tuple[float, float, float, float]] = []
        labels: list[_Label] = []
        # Shapes first, biggest first; shapeless nations fill the gaps that remain.
        order = sorted(range(len(self.nations)), key=lambda i: (not g.shaped[i], -g.area[i]))
        small = max(LABEL_SMALL_SIZE, size - 3)
        for i in order:
            nation = self.nations[i]
            anchor = g.anchor[i] if g.shaped[i] else None
            cap = self._capital[i]
            # The name, then the name smaller, then the nation's code: a small nation
            # (Denmark beside Sweden) keeps a label wherever one fits. A nation too thin for
            # even its code (Vanuatu's chain of islands) has it beside its capital.
            tries = [(nation.name, size), (nation.name, small), (nation.id, small)]
            spots: list[tuple[tuple[str, int], tuple[float, float] | None]] = []
            if anchor is not None:
                spots += [(t, anchor) for t in dict.fromkeys(tries)]
            if cap is not None:
                beside = tries if anchor is None else [(nation.id, small)]
                spots += [(t, None) for t in dict.fromkeys(beside)]
            for (text, tsize), at in spots:
                surf = self._text(text, tsize)
                w, h = surf.get_size()
                if at is not None:
                    room_w, room_h = g.label_room[i]
                    # A name that would bury its nation (Iceland on a world map) is left out.
                    if w > room_w * s * LABEL_OVERHANG or h > room_h * s * LABEL_OVERHANG:
                        continue
                    x, y = at[0] * s - w / 2.0, at[1] * s - h / 2.0
                else:
                    assert cap is not None
                    x, y = cap[0] * s + MARKER_RADIUS + 3, cap[1] * s - h / 2.0
                box = (x - LABEL_PADDING, y, x + w + LABEL_PADDING, y + h)
                if any(_boxes_overlap(box, other) for other in placed):
                    continue
                placed.append(box)
                labels.append(_Label(surf, (x, y), i))
                break
        self._labels = labels
        self._labels_key = key

    def label_boxes(self) -> dict[str, pygame.Rect]:
        """Screen rects of the names the map shows now (with labels on), by nation id."""
        if not self._labels_visible:
            return {}
        self._layout_labels()
        ox, oy = self._screen_offset()
        return {
            self.nations[lb.owner].id: pygame.Rect(
                (round(lb.pos[0] + ox), round(lb.pos[1] + oy)), lb.surface.get_size()
            )
            for lb in self._labels
        }

    # ------------------------------------------------------------------ drawing

    def draw(
        self, surface: pygame.Surface, rect: pygame.Rect | tuple[int, int, int, int] | None = None
    ) -> None:
        """Draw the map into `rect` of `surface` (default: all of it)."""
        r = pygame.Rect(rect) if rect is not None else surface.get_rect()
        self._origin = (r.x, r.y)
        self.resize(r.size)
        self._ensure_base()
        assert self._base is not None
        old_clip = surface.get_clip()
        surface.set_clip(r.clip(old_clip))
        bx, by = self._base_screen_pos()
        dest = pygame.Rect((bx, by), self._base.size)
        if not dest.contains(r):
            surface.fill(SEA, r)
        self._base.blit_to(surface, (bx, by))
        job = self._job
        # The landing frame of a zoom strokes the outlines live; the next one makes the smooth
        # outlines for the new layer (4-10 ms) and paints none of it.
        if job is not None and job.started:
            job.outlined = True
        made = (self._highlight_key, len(self._highlight_cache))
        if self._hover != self._selected:
            self._draw_highlight(surface, self._hover, HOVER_OUTLINE, 2)
        self._draw_highlight(surface, self._selected, SELECT_OUTLINE, 3)
        outlined = (self._highlight_key, len(self._highlight_cache)) != made
        self._draw_links(surface)
        self._draw_points(surface)
        if self._labels_visible:
            self._draw_labels(surface)
        surface.set_clip(old_clip)
        self.needs_redraw = False
        if job is not None:
            if job.started and not outlined:
                self._advance_job(LAYER_BUDGET_MS)
            job.started = True  # the frame that scaled the stand-in has done enough

    def _screen_offset(self) -> tuple[float, float]:
        s = self.scale
        return (
            -self._center[0] * s + self._size[0] / 2.0 + self._origin[0],
            -self._center[1] * s + self._size[1] / 2.0 + self._origin[1],
        )

    def _draw_highlight(
        self, surface: pygame.Surface, idx: int | None, color: RGB, width: int
    ) -> None:
        if idx is None:
            return
        s = self.scale
        ox, oy = self._screen_offset()
        if not self._geo.shaped[idx]:
            cap = self._capital[idx]
            if cap is not None:
                centre = (cap[0] * s + ox, cap[1] * s + oy)
                pygame.draw.aacircle(surface, color, centre, MARKER_RADIUS + 3, width)
            return
        job = self._job
        cached = self._highlight(idx, color, width) if job is None or job.outlined else None
        if cached is not None:
            surf, (x, y) = cached
            surface.blit(surf, (round(x + ox), round(y + oy)))
            return
        # Too big to keep at this zoom, or a zoom has just landed: stroke only what is on
        # screen, more coarsely.
        vis = self._visible_box()
        off = np.array([ox, oy])
        for run in self._geo.outlines[idx]:
            if _boxes_overlap(run.bbox, vis):
                pts = (run.points * s + off).tolist()
                pygame.draw.lines(surface, color, run.closed, pts, width)
                pygame.draw.aalines(surface, color, run.closed, pts)

    def _highlight(
        self, idx: int, color: RGB, width: int
    ) -> tuple[pygame.Surface, tuple[float, float]] | None:
        """A nation's outline stroked once per zoom onto a transparent surface.

        Returns the surface and its top-left in scaled map pixels, or None when
        the outline is too large to keep as a surface.
        """
        # Placed on the pixels of the layer being painted, if any, so it stays when that lands.
        region = self._base_region if self._job is None else self._job.region
        key = (self._zoom, self._size, region)
        if self._highlight_key != key:
            self._highlight_cache.clear()
            self._highlight_key = key
        ckey = (idx, color, width)
        if ckey in self._highlight_cache:
            return self._highlight_cache[ckey]
        runs = self._geo.outlines[idx]
        s = self.scale
        pad = width + 1
        # Offset from the base layer's origin by whole pixels, so the outline rounds
        # exactly like the borders it traces and does not shimmer while panning.
        rx, ry = region[0] * s, region[1] * s
        x0 = rx + math.floor(min(r.bbox[0] for r in runs) * s - rx) - pad
        y0 = ry + math.floor(min(r.bbox[1] for r in runs) * s - ry) - pad
        w = math.ceil(max(r.bbox[2] for r in runs) * s - x0) + pad
        h = math.ceil(max(r.bbox[3] for r in runs) * s - y0) + pad
        result: tuple[pygame.Surface, tuple[float, float]] | None = None
        if w * h <= HIGHLIGHT_CACHE_PIXELS:
            surf = pygame.Surface((w, h), pygame.SRCALPHA)
            surf.fill((*color, 0))
            # Offset copies of a 1 px anti-aliased stroke make a soft line of the wanted width.
            shifts = [np.array([dx, dy]) for dx in range(width) for dy in range(width)]
            shift0 = np.array([x0, y0]) + (width - 1) / 2.0
            for run in runs:
                pts = run.points * s - shift0
                for d in shifts:
                    pygame.draw.aalines(surf, color, run.closed, (pts + d).tolist())
            result = (surf, (x0, y0))
        self._highlight_cache[ckey] = result
        return result

    def land_box(self, nid: str) -> pygame.Rect | None:
        """Where a nation's largest piece of land is on screen (None for one without land)."""
        idx = self._index.get(nid)
        own = [p.bbox for p in self._geo.polys if p.owner == idx]
        if idx is None or not own:
            return None
        x0, y0, x1, y1 = max(own, key=lambda b: (b[2] - b[0]) * (b[3] - b[1]))
        ax, ay = self._map_to_screen((x0, y0))
        bx, by = self._map_to_screen((x1, y1))
        return pygame.Rect(round(ax), round(ay), max(1, round(bx - ax)), max(1, round(by - ay)))

    def _link_end(self, idx: int) -> tuple[float, float] | None:
        # A nation without a capital is linked at its label anchor.
        return self._capital[idx] or self._geo.anchor[idx]

    def _draw_links(self, surface: pygame.Surface) -> None:
        if not self._links:
            return
        for link in self._links:
            a = self._link_end(self._index[link.a])
            b = self._link_end(self._index[link.b])
            if a is None or b is None:
                continue
            pa, pb = self._map_to_screen(a), self._map_to_screen(b)
            pygame.draw.aaline(surface, link.color, pa, pb, max(1, round(link.width)))

    def _draw_points(self, surface: pygame.Surface) -> None:
        shaped = self._geo.shaped
        for i, cap in enumerate(self._capital):
            if cap is None:
                continue
            centre = self._map_to_screen(cap)
            if shaped[i]:
                pygame.draw.circle(surface, LABEL_HALO, centre, CAPITAL_RADIUS + 1)
                pygame.draw.aacircle(surface, CAPITAL_DOT, centre, CAPITAL_RADIUS)
            else:
                fill = self._fills.get(i, NEUTRAL_LAND)
                pygame.draw.aacircle(surface, fill, centre, MARKER_RADIUS)
                pygame.draw.aacircle(surface, CAPITAL_DOT, centre, MARKER_RADIUS, 1)

    def _draw_labels(self, surface: pygame.Surface) -> None:
        self._layout_labels()
        ox, oy = self._screen_offset()
        surface.fblits(
            [(lb.surface, (round(lb.pos[0] + ox), round(lb.pos[1] + oy))) for lb in self._labels]
        )


# ---------------------------------------------------------------------- benchmark

_BENCH_VIEW = (0.0, 50.0, 35.0, 72.0)
_BENCH_NATIONS = (
    MapNation("nor", "Norway", ("NOR",), (10.75, 59.91)),
    MapNation("swe", "Sweden", ("SWE",), (18.07, 59.33)),
    MapNation("fin", "Finland", ("FIN",), (24.94, 60.17)),
    MapNation("dnk", "Denmark", ("DNK", "GRL"), (12.57, 55.68)),
    MapNation("isl", "Iceland", ("ISL",), (-21.94, 64.15)),
    MapNation("est", "Estonia", ("EST",), (24.75, 59.44)),
    MapNation("lva", "Latvia", ("LVA",), (24.11, 56.95)),
    MapNation("ltu", "Lithuania", ("LTU",), (25.28, 54.69)),
    MapNation("pol", "Poland", ("POL",), (21.01, 52.23)),
    MapNation("deu", "Germany", ("DEU",), (13.40, 52.52)),
)
_BENCH_FILLS: dict[str, RGB] = {
    "nor": (104, 132, 156),
    "swe": (128, 150, 118),
    "fin": (150, 134, 104),
    "dnk": (148, 112, 116),
    "isl": (116, 114, 150),
    "est": (96, 140, 138),
    "lva": (142, 142, 110),
    "ltu": (122, 104, 136),
    "pol": (150, 120, 96),
    "deu": (110, 124, 104),
}


def bench_map(size: tuple[int, int] = (1600, 900), runs: int = 9) -> dict[str, float]:
    """Median milliseconds of the map's main costs, measured headless on a Nordic view.

    map_full_render: base layer rebuilt and drawn; map_cached_draw: a frame with
    nothing changed; map_pan_frame: a small pan then a frame; map_zoom_frame: a
    wheel step of zoom (which rebuilds the base layer) then a frame.
    """
    own_display = not pygame.display.get_init()
    if own_display:
        os.environ.setdefault("SDL_VIDEODRIVER", "dummy")
        pygame.display.init()
    own_font = not pygame.font.get_init()
    if own_font:
        pygame.font.init()
    try:
        display = pygame.display.get_surface()
        if display is None and own_display:
            display = pygame.display.set_mode(size)
        # An off-screen target in the display's format: the same blits as on screen
        # without touching what the window shows.
        target = pygame.Surface(size, 0, display) if display is not None else pygame.Surface(size)
        m = WorldMap(_BENCH_NATIONS, _BENCH_VIEW, size=size)
        m.set_fills(_BENCH_FILLS)
        ids = [n.id for n in _BENCH_NATIONS]
        m.set_links(
            [
                Link(a, b, 1 + (k % 3), DEFAULT_LINK)
                for k, (a, b) in enumerate(itertools.pairwise(ids))
            ]
        )
        m.set_selected("swe")
        m.set_hover("fin")
        m.draw(target)

        def timed(step: Callable[[int], object]) -> float:
            samples = []
            for k in range(runs):
                t0 = time.perf_counter()
                step(k)
                m.draw(target)
                samples.append((time.perf_counter() - t0) * 1000.0)
            return statistics.median(samples)

        full = timed(lambda k: m.invalidate())
        cached = timed(lambda k: None)
        pan = timed(lambda k: m.pan_by(9 if k % 2 else -9, 4 if k % 2 else -4))
        centre = (size[0] / 2.0, size[1] / 2.0)
        zoom = timed(lambda k: m.zoom_at(1.1 if k % 2 == 0 else 1 / 1.1, centre))
        return {
            "map_full_render": full,
            "map_cached_draw": cached,
            "map_pan_frame": pan,
            "map_zoom_frame": zoom,
            **settle_after_zoom(m, lambda: m.draw(target), centre, runs),
        }
    finally:
        if own_font:
            pygame.font.quit()
        if own_display:
            pygame.display.quit()


def settle_after_zoom(
    m: WorldMap, frame: Callable[[], object], at: tuple[float, float], runs: int
) -> dict[str, float]:
    """Frames after a zoom lands, while the new layer is painted: the slowest, and how many.

    Each run zooms in or out a step, draws the landing frame, then draws until the map has
    finished its layer and shown it (that frame makes the selection's outline anew).
    """
    slowest, counts = [], []
    for k in range(runs):
        m.zoom_at(1.25 if k % 2 == 0 else 1 / 1.25, at)
        frame()
        times, n = [0.0], 0
        while (m.building or m.needs_redraw) and n < 1000:
            t0 = time.perf_counter()
            frame()
            times.append((time.perf_counter() - t0) * 1000.0)
            n += 1
        slowest.append(max(times))
        counts.append(float(n))
    return {
        "map_layer_frame_max": statistics.median(slowest),
        "map_layer_frames": statistics.median(counts),
    }
