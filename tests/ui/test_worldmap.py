"""World map renderer: picking, caching, camera and colours, drawn headless."""

from __future__ import annotations

import numpy as np
import pygame
import pytest

from game.ui import geo, worldmap
from game.ui.worldmap import (
    LAYER_STRIP_PIXELS,
    MAX_ZOOM,
    NEUTRAL_LAND,
    SEA,
    Link,
    MapNation,
    WorldMap,
    bench_map,
)

EUROPE = (-12.0, 34.0, 42.0, 72.0)
WORLD = (-180.0, -60.0, 180.0, 85.0)
OSLO = (10.75, 59.91)
TALLINN = (24.75, 59.44)
VALLETTA = (14.51, 35.90)
COPENHAGEN = (12.57, 55.68)

NATIONS = (
    MapNation("nor", "Norway", ("NOR",), OSLO),
    MapNation("est", "Estonia", ("EST",), TALLINN),
    MapNation("mlt", "Malta", (), VALLETTA),
    MapNation("dnk", "Denmark", ("DNK", "GRL"), COPENHAGEN),
)


@pytest.fixture
def europe(screen: pygame.Surface) -> WorldMap:
    return WorldMap(NATIONS, EUROPE, size=screen.get_size())


def centre_on(m: WorldMap, lonlat: tuple[float, float], zoom: float) -> None:
    m.zoom = zoom
    x, y = m.projection.project(np.array(lonlat))
    m.center = (float(x), float(y))


def pick_at(m: WorldMap, lonlat: tuple[float, float]) -> str | None:
    x, y = m.world_to_screen(*lonlat)
    return m.pick((round(x), round(y)))


@pytest.mark.parametrize("zoom", [1.0, 2.5, 6.0])
@pytest.mark.parametrize(
    ("nation", "capital"), [("nor", OSLO), ("est", TALLINN), ("mlt", VALLETTA)]
)
def test_pick_at_capital(
    europe: WorldMap, zoom: float, nation: str, capital: tuple[float, float]
) -> None:
    centre_on(europe, capital, zoom)
    assert pick_at(europe, capital) == nation


def test_pick_capital_without_recentring(europe: WorldMap, screen: pygame.Surface) -> None:
    europe.draw(screen)
    for nation in NATIONS:
        assert nation.capital is not None
        assert pick_at(europe, nation.capital) == nation.id


def test_pick_over_sea_and_neutral_land_is_none(europe: WorldMap) -> None:
    assert pick_at(europe, (3.0, 57.0)) is None  # North Sea
    assert pick_at(europe, (16.0, 63.0)) is None  # Sweden: not in any nation
    assert europe.pick((-5, 10)) is None  # outside the viewport


def test_two_region_nation_picks_as_one(screen: pygame.Surface) -> None:
    m = WorldMap(NATIONS, WORLD, size=screen.get_size())
    jutland, greenland = (9.2, 56.2), (-42.0, 72.0)
    for point in (jutland, greenland):
        centre_on(m, point, 4.0)
        assert pick_at(m, point) == "dnk"
    centre_on(m, greenland, 1.0)
    assert pick_at(m, greenland) == "dnk"


def test_panning_does_not_rerender_but_fills_and_zoom_do(
    europe: WorldMap, screen: pygame.Surface
) -> None:
    europe.draw(screen)
    renders = europe.renders
    for dx, dy in [(40, 0), (-25, 30), (300, -200), (-500, 120)]:
        europe.pan_by(dx, dy)
        europe.draw(screen)
    europe.set_selected("nor")
    europe.set_hover("est")
    europe.set_links([Link("nor", "est", 2.0, (200, 180, 120))])
    europe.set_labels(False)
    europe.draw(screen)
    assert europe.renders == renders

    europe.set_fills({"nor": (100, 130, 160)})
    europe.draw(screen)
    assert europe.renders == renders + 1

    europe.zoom_at(1.25, (800, 450))
    europe.draw(screen)
    assert europe.renders == renders + 2


def test_high_zoom_rebuilds_only_when_the_view_leaves_the_layer(
    europe: WorldMap, screen: pygame.Surface
) -> None:
    centre_on(europe, OSLO, MAX_ZOOM)
    europe.draw(screen)
    renders = europe.renders
    europe.pan_by(60, -40)
    europe.draw(screen)
    assert europe.renders == renders
    for _ in range(10):
        europe.pan_by(400, 0)
        europe.draw(screen)
    assert europe.renders > renders
    centre_on(europe, OSLO, MAX_ZOOM)
    assert pick_at(europe, OSLO) == "nor"


def test_end_pan_recentres_a_region_layer_only_when_needed(
    europe: WorldMap, screen: pygame.Surface
) -> None:
    centre_on(europe, OSLO, MAX_ZOOM)
    europe.draw(screen)
    renders = europe.renders
    europe.pan_by(50, 0)
    europe.end_pan()
    europe.draw(screen)
    assert europe.renders == renders
    europe.pan_by(700, 0)
    europe.draw(screen)
    assert europe.renders == renders
    europe.end_pan()
    europe.draw(screen)
    assert europe.renders == renders + 1


def test_set_fills_changes_interior_colour(europe: WorldMap, screen: pygame.Surface) -> None:
    inland_norway = (9.0, 61.5)
    europe.set_labels(False)
    europe.draw(screen)
    pos = tuple(round(v) for v in europe.world_to_screen(*inland_norway))
    assert tuple(screen.get_at(pos))[:3] == NEUTRAL_LAND

    europe.set_fills({"nor": (100, 130, 160)})
    europe.draw(screen)
    assert tuple(screen.get_at(pos))[:3] == (100, 130, 160)

    europe.set_fills({"nor": (160, 120, 90)})
    europe.draw(screen)
    assert tuple(screen.get_at(pos))[:3] == (160, 120, 90)

    sea = tuple(round(v) for v in europe.world_to_screen(3.0, 57.0))
    assert tuple(screen.get_at(sea))[:3] == SEA


def test_shapeless_nation_is_drawn_as_marker(europe: WorldMap, screen: pygame.Surface) -> None:
    europe.set_fills({"mlt": (150, 110, 110)})
    europe.draw(screen)
    pos = tuple(round(v) for v in europe.world_to_screen(*VALLETTA))
    assert tuple(screen.get_at(pos))[:3] == (150, 110, 110)


@pytest.mark.parametrize("factor", [1.5, 2.7, 0.8])
@pytest.mark.parametrize("cursor", [(800, 450), (420, 300), (1210, 640)])
def test_zoom_at_keeps_point_under_cursor(
    europe: WorldMap, factor: float, cursor: tuple[int, int]
) -> None:
    europe.zoom = 3.0
    lon, lat = europe.screen_to_world(cursor)
    europe.zoom_at(factor, cursor)
    x, y = europe.world_to_screen(lon, lat)
    assert abs(x - cursor[0]) <= 1.0
    assert abs(y - cursor[1]) <= 1.0


def test_zoom_is_clamped_and_view_cannot_run_away(europe: WorldMap) -> None:
    europe.zoom_at(1000.0, (800, 450))
    assert europe.zoom == MAX_ZOOM
    europe.zoom_at(1e-6, (800, 450))
    assert europe.zoom == 1.0
    europe.zoom = 4.0
    for dx, dy in [(1e7, -1e7), (-1e7, 1e7)]:
        europe.pan_by(dx, dy)
        # The view's edge may come on screen, but not much more than that.
        left, top = europe.screen_to_world((0, 0))
        right, bottom = europe.screen_to_world((1600, 900))
        x0, y0, x1, y1 = EUROPE
        assert left < x1 and right > x0 and bottom < y1 and top > y0
        assert right - left < (x1 - x0) and top - bottom < (y1 - y0)


def test_needs_redraw_is_set_by_changes_and_cleared_by_draw(
    europe: WorldMap, screen: pygame.Surface
) -> None:
    europe.draw(screen)
    assert not europe.needs_redraw
    europe.set_hover("nor")
    assert europe.needs_redraw
    europe.draw(screen)
    europe.set_hover("nor")
    assert not europe.needs_redraw
    europe.pan_by(5, 5)
    assert europe.needs_redraw
    europe.draw(screen)
    europe.zoom_at(1e-3, (800, 450))  # fully zoomed out: the view is centred and fixed
    europe.draw(screen)
    europe.pan_by(40, 0)
    assert not europe.needs_redraw


def test_draw_into_a_sub_rect_keeps_picking_aligned(
    europe: WorldMap, screen: pygame.Surface
) -> None:
    rect = pygame.Rect(200, 100, 1200, 700)
    europe.draw(screen, rect)
    assert europe.size == (1200, 700)
    x, y = europe.world_to_screen(*OSLO)
    assert rect.collidepoint(x, y)
    assert pick_at(europe, OSLO) == "nor"
    assert europe.pick((rect.x - 1, rect.y + 10)) is None


def test_bench_map_reports_all_timings(screen: pygame.Surface) -> None:
    result = bench_map(runs=2)
    assert set(result) == {
        "map_full_render",
        "map_cached_draw",
        "map_pan_frame",
        "map_zoom_frame",
        "map_layer_frame_max",
        "map_layer_frames",
    }
    assert all(v > 0 for v in result.values())


def test_projection_round_trip_and_latitude_correction() -> None:
    proj = geo.Projection((0.0, 50.0, 35.0, 72.0))
    pts = np.array([[10.0, 60.0], [-3.5, 51.0]])
    assert np.allclose(proj.unproject(proj.project(pts)), pts)
    x0, y0, x1, y1 = proj.bounds
    assert x1 - x0 == pytest.approx(35.0 * np.cos(np.radians(61.0)))
    assert y1 - y0 == pytest.approx(22.0)


def test_label_anchor_lies_inside_concave_country() -> None:
    world = geo.load_world(geo.default_world_file())
    norway = world["NOR"]
    lon, lat = geo.label_anchor(norway.polygons, 0.5)
    assert any(geo.polygon_contains(p, (lon, lat)) for p in norway.polygons)
    assert geo.load_world(geo.default_world_file()) is world


def test_clip_ring_keeps_inside_area() -> None:
    square = np.array([[0.0, 0.0], [4.0, 0.0], [4.0, 4.0], [0.0, 4.0], [0.0, 0.0]])
    clipped = geo.clip_ring(square, (1.0, -1.0, 2.0, 2.0))
    assert abs(geo.ring_area(clipped)) == pytest.approx(2.0)
    assert len(geo.clip_ring(square, (5.0, 5.0, 6.0, 6.0))) == 0


BALTIC_VIEWS = {
    "first_steps": (8.0, 52.0, 42.0, 70.5),
    "northern_shield": (-25.0, 48.0, 42.0, 72.0),
}
BALTIC = (
    MapNation("est", "Estonia", ("EST",), TALLINN),
    MapNation("fin", "Finland", ("FIN",), (24.94, 60.17)),
    MapNation("rus", "Russia", ("RUS",), (37.62, 55.75)),
)


@pytest.mark.parametrize("view", sorted(BALTIC_VIEWS))
@pytest.mark.parametrize("size", [(1600, 900), (1280, 720)])
def test_a_nation_mostly_off_the_view_is_named_on_its_visible_part(
    screen: pygame.Surface, view: str, size: tuple[int, int]
) -> None:
    m = WorldMap(BALTIC, BALTIC_VIEWS[view], size=size)
    area = pygame.Rect(0, 0, *size)
    m.draw(screen, area)
    boxes = m.label_boxes()
    assert set(boxes) == {"est", "fin", "rus"}
    russia = boxes["rus"]
    assert area.contains(russia)
    # The name sits on Russia itself, and the layout is kept while panning.
    assert m.pick(russia.center) == "rus"
    m.zoom = 2.0
    m.draw(screen, area)
    laid_out = m._labels
    m.pan_by(40, 0)
    m.draw(screen, area)
    m.pan_by(-10, 5)
    m.draw(screen, area)
    assert m._labels is laid_out


def test_a_nation_on_the_view_keeps_its_own_anchor(screen: pygame.Surface) -> None:
    # On a world view Russia's whole shape is visible: its anchor is the usual one.
    m = WorldMap(BALTIC, WORLD, size=screen.get_size())
    lon, lat = geo.label_anchor(geo.load_world(geo.default_world_file())["RUS"].polygons, 1.0)
    x, y = m.world_to_screen(lon, lat)
    m.draw(screen)
    box = m.label_boxes().get("rus")
    assert box is not None
    assert abs(box.centerx - x) <= 2 and abs(box.centery - y) <= 2


def test_a_zoom_lands_on_the_old_layer_scaled_then_paints_the_new_one(
    europe: WorldMap, screen: pygame.Surface
) -> None:
    """The frame of a zoom only scales the old layer; the next frames paint the new one."""
    europe.draw(screen)
    while europe.building:
        europe.draw(screen)
    renders = europe.renders
    europe.zoom_at(1.5, (700, 400))
    europe.draw(screen)
    assert europe.building and europe.renders == renders + 1
    assert pick_at(europe, OSLO) == "nor"  # picking reads the geometry, not the stand-in
    frames = 0
    while europe.building and frames < 500:
        europe.draw(screen)
        frames += 1
    assert 1 <= frames < 500 and not europe.building and europe.needs_redraw
    europe.draw(screen)  # the frame that shows the finished layer
    painted = pygame.surfarray.array3d(screen)
    europe.invalidate()
    europe.draw(screen)
    assert not europe.building  # with no layer to scale, it is painted at once
    at_once = pygame.surfarray.array3d(screen)
    differ = np.any(painted != at_once, axis=2).mean()
    assert differ < 0.002, f"{differ:.2%} of the pixels differ from a layer painted at once"


def test_a_layer_made_in_strips_looks_like_one_made_whole(
    screen: pygame.Surface, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A large layer is made strip by strip, so no frame has to make and clear all of it;
    the seams between the strips do not show."""
    m = WorldMap(NATIONS, EUROPE, size=screen.get_size())
    centre_on(m, OSLO, 3.0)
    m.draw(screen)
    layer = m._base
    assert layer is not None and len(layer.strips) > 1
    assert all(s.get_width() * s.get_height() <= LAYER_STRIP_PIXELS for s in layer.strips)
    in_strips = pygame.surfarray.array3d(screen)

    monkeypatch.setattr(worldmap, "LAYER_STRIP_PIXELS", 10**9)
    m.invalidate()
    m.draw(screen)
    assert m._base is not None and len(m._base.strips) == 1
    whole = pygame.surfarray.array3d(screen)
    # Bands end at each strip's edge, and a smoothed outline ending at a band's edge may
    # differ there by a shade, as between a layer painted in bands and one painted at once.
    differ = np.any(in_strips != whole, axis=2).mean()
    assert differ < 0.002, f"{differ:.2%} of the pixels differ from a layer made whole"


@pytest.mark.parametrize("zoom", [1.0, 3.0, 8.0])
def test_bands_fill_the_same_from_pieces_cut_for_several(screen: pygame.Surface, zoom) -> None:
    """The polygons are cut once to the rows of several bands; each band then cuts those
    pieces, and fills exactly what cutting the whole polygons to the band alone filled."""
    m = WorldMap(NATIONS, EUROPE, size=screen.get_size())
    centre_on(m, OSLO, zoom)
    m.set_fills({"nor": (150, 120, 96), "dnk": (110, 124, 104)})
    region, _ = m._layer_region()
    w, h = m._layer_size(region)
    origin = np.array(region[:2])
    top = h // 3
    pieces = worldmap._Pieces(m._band_box(region, top, top + 200), top + 200)
    assert not pieces.rings
    for row0 in range(top, top + 200, 25):
        box = m._band_box(region, row0, row0 + 25)
        shift = np.array([0.0, row0])
        images = []
        for cut in (pieces, None):
            band = pygame.Surface((w, 25))
            band.fill(SEA)
            m._fill_polygons(band, box, lambda o: (90, 90 + o, 90), SEA, origin, shift, cut)
            images.append(pygame.surfarray.array3d(band))
        assert np.array_equal(images[0], images[1])
    assert pieces.rings  # the band filled from pieces cut for the 200 rows


SOUTH_PACIFIC = (128.0, -48.0, 186.0, 2.0)
PACIFIC = (
    MapNation("fji", "Fiji", ("FJI",), (178.44, -18.14)),
    MapNation("aus", "Australia", ("AUS",), (149.13, -35.28)),
    MapNation("chn", "China", ("CHN",), (116.40, 39.90)),
)


def test_a_nation_far_off_the_view_can_be_reached_by_dragging_and_clicked(
    screen: pygame.Surface,
) -> None:
    """China's capital lies far north-west of a South Pacific view: dragging the map that
    way brings it on screen, where a click picks China. Without a nation out there the
    camera stays near the view."""
    size = screen.get_size()
    area = pygame.Rect(0, 0, *size)
    m = WorldMap(PACIFIC, SOUTH_PACIFIC, size=size)
    m.draw(screen, area)
    beijing = m.world_to_screen(*PACIFIC[2].capital)
    assert not area.collidepoint(beijing)
    for _ in range(60):
        m.pan_by(50, 50)  # drag the map down and right: the camera goes up and left
    m.end_pan()
    m.draw(screen, area)
    beijing = m.world_to_screen(*PACIFIC[2].capital)
    assert area.collidepoint(beijing)
    assert m.pick(beijing) == "chn"

    near = WorldMap(PACIFIC[:2], SOUTH_PACIFIC, size=size)
    near.draw(screen, area)
    for _ in range(60):
        near.pan_by(50, 50)
    near.end_pan()
    assert not area.collidepoint(near.world_to_screen(*PACIFIC[2].capital))


def test_a_click_on_a_name_beside_its_capital_picks_that_nation(
    europe: WorldMap, screen: pygame.Surface
) -> None:
    """Malta has no shape: its name sits beside its capital, over the sea, and a click on
    the name picks Malta as a click on its marker does."""
    europe.draw(screen)
    name = europe.label_boxes()["mlt"]
    marker = europe.world_to_screen(*VALLETTA)
    assert not name.collidepoint(marker)
    assert europe.pick(name.center) == "mlt"
    assert europe.pick(marker) == "mlt"
