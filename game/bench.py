"""`alliances bench`: ms per turn for generated worlds and a shipped level, and UI frame times."""

from __future__ import annotations

import functools
import json
import statistics
import subprocess
import sys
import time
from collections.abc import Callable
from typing import Any

import numpy as np

from game.core.defs import LevelDef
from game.core.game import Game
from game.core.worldgen import generate_level
from game.resources import levels_dir

SIZES = (10, 30, 100, 200)
GOALS = {30: 5.0, 200: 50.0}
# A frame at 30 per second; an unchanged map is a plain blit.
UI_GOALS = {
    "map_cached_draw": 3.0,
    "ui_map_zoom_frame": 33.0,
    "ui_layer_frame_max": 33.0,
    "ui_zoom_animation_frame": 33.0,
    "ui_zoom_in_frame_p95": 33.0,
    "ui_zoom_in_frame_max": 33.0,
    "ui_zoom_out_frame_p95": 33.0,
    "ui_zoom_out_frame_max": 33.0,
    "ui_zoom_frame_cpu_max": 33.0,
}


def time_turns(level: LevelDef, turns: int, warmup: int = 2, seed: int = 1) -> float:
    """Median ms of a whole turn (the AI plays every seat, the player's included).

    Processor time of this process, not wall time: on a shared machine other programs
    would otherwise add their share to every turn.
    """
    game = Game(level, seed)
    samples = []
    for k in range(warmup + turns):
        if game.over:
            game = Game(level, seed + k)
        t0 = time.process_time()
        game.autoplay()
        game.end_turn()
        if k >= warmup:
            samples.append((time.process_time() - t0) * 1000.0)
    return statistics.median(samples)


def run_bench(
    as_json: bool = False,
    quick: bool = False,
    sizes: tuple[int, ...] | None = None,
    level: LevelDef | None = None,
    level_name: str | None = None,
    window: bool = False,
) -> int:
    rows: list[dict[str, Any]] = []
    turns = 5 if quick else 15
    for n in sizes or SIZES:
        world = generate_level(n, seed=1, turns=400)
        rows.append(
            {
                "section": "rules",
                "world": f"generated {n}",
                "nations": n,
                # Worlds of hundreds of nations take seconds a turn: fewer samples there.
                "ms_per_turn": round(time_turns(world, turns if n < 500 else min(turns, 6)), 2),
                "goal_ms": GOALS.get(n),
            }
        )
    if level is None:
        shipped = levels_dir() / "northern_shield.yaml"
        if shipped.is_file():
            from game.content.loader import load_level_file

            loaded = load_level_file(shipped).loaded
            level, level_name = (loaded.level, shipped.name) if loaded else (None, None)
    if level is not None:
        rows.append(
            {
                "section": "rules",
                "world": level_name,
                "nations": len(level.nations),
                "ms_per_turn": round(time_turns(level, turns), 2),
                "goal_ms": None,
            }
        )
    try:
        from game.ui.bench import bench_startup, bench_ui, video_driver
        from game.ui.worldmap import bench_map

        section = f"ui:{video_driver(window)}"
        # Start-up first: the other measurements leave sounds composing in the background.
        frames = {**bench_startup(1 if quick else 7), **bench_map(), **bench_ui()}
        for name, ms in frames.items():
            rows.append(
                {
                    "section": section,
                    "world": name,
                    "nations": None,
                    # Counts (of frames) are not times; they share the column.
                    "ms_per_frame": round(ms, 3),
                    "goal_ms": UI_GOALS.get(name),
                }
            )
    except Exception as exc:  # the rules table is still worth printing
        print(f"ui bench skipped: {exc}", file=sys.stderr)
    rows += bench_autosave()
    rows += bench_validate(3 if quick else 9)
    if as_json:
        for row in rows:
            print(json.dumps(row, sort_keys=True))
        return 0
    print(f"{'section':<10} {'world':<28} {'nations':>7} {'ms':>9} {'goal':>6}")
    for row in rows:
        value = next(row[k] for k in _TIMES if k in row)
        goal = row.get("goal_ms")
        print(
            f"{row['section']:<10} {row['world']:<28} {row['nations'] or '':>7} {value:>9.2f} "
            f"{'' if goal is None else f'≤{goal:g}':>6}"
        )
    print_autosave_ratio(rows)
    if sys.flags.dont_write_bytecode and any(r["section"] == "validate" for r in rows):
        print(
            "validate: PYTHONDONTWRITEBYTECODE is set, so a module whose cached bytecode is "
            "out of date is compiled again at every start, and these times include it"
        )
    generated = [r for r in rows if r["world"].startswith("generated ")]
    print(growth_line(generated))
    return 0


# The time a row reports, by kind of row.
_TIMES = (
    "ms_per_turn",
    "ms_per_frame",
    "ms_per_save",
    "ms_per_load",
    "ms_per_check",
    "ms_per_start",
)

FIT_FROM = 100


def growth_line(rows: list[dict[str, Any]]) -> str:
    """How turn time grows with the number of nations, fitted over worlds of FIT_FROM and up.

    Small worlds are dominated by fixed costs per turn, which would hide how large ones grow.
    """
    fitted = [r for r in rows if r["nations"] >= FIT_FROM]
    if len(fitted) < 2:
        return (
            f"growth not fitted: it needs two world sizes of {FIT_FROM} nations or more "
            "(e.g. --sizes 30,200,1000)"
        )
    return (
        f"turn time grows as nations^{growth_exponent(fitted):.2f} "
        f"from {fitted[0]['nations']} to {fitted[-1]['nations']} nations "
        f"(fitted from {FIT_FROM} up; goal: no faster than nations^2)"
    )


def growth_exponent(rows: list[dict[str, Any]]) -> float:
    """The slope of log(ms per turn) against log(nations): 1 is linear, 2 quadratic."""
    x = np.log([r["nations"] for r in rows])
    y = np.log([r["ms_per_turn"] for r in rows])
    return float(np.polyfit(x, y, 1)[0])


# -- autosave ---------------------------------------------------------------------------------

AUTOSAVE_LEVEL = "concert_of_nations.yaml"
AUTOSAVE_WINDOWS = (10, 100)  # autosaves timed at the ends of turns 10-19 and 100-109
AUTOSAVE_GOAL_RATIO = 1.5


def bench_autosave() -> list[dict[str, Any]]:
    """Autosave ms at turns 10-19 and 100-109 of a shipped world (goal: no slower later).

    The level runs past its last turn with its victory and defeat goals removed, so the game
    lasts. Each row gives the median (an append) and the mean (rewrites included) of a window.
    Two rows more time the last autosave's reading, with the game still alive as in the
    window: its load-menu line and loading it whole (median of 3 each).
    """
    import dataclasses
    import tempfile

    from game.content.loader import load_level_file
    from game.saves import store
    from game.saves.container import unpack
    from game.saves.format import LevelMeta, load_save
    from game.saves.store import autosave

    loaded = load_level_file(levels_dir() / AUTOSAVE_LEVEL).loaded
    if loaded is None:
        return []
    last = AUTOSAVE_WINDOWS[-1] + 10
    level = dataclasses.replace(loaded.level, turns=last + 1, victory=(), defeat=())
    meta = LevelMeta.of(loaded)
    game = Game(level, 1)
    samples: dict[int, list[float]] = {start: [] for start in AUTOSAVE_WINDOWS}
    # The JSON bytes of each append (not timed, and the same on every machine).
    appended: dict[int, list[int]] = {start: [] for start in AUTOSAVE_WINDOWS}
    with tempfile.TemporaryDirectory() as data:
        members = 0
        for turn in range(1, last):
            game.autoplay()
            game.end_turn()
            t0 = time.perf_counter()
            path = autosave(game, level_meta=meta, created="", data_dir=data)
            ms = (time.perf_counter() - t0) * 1000.0
            held, _ = unpack(path.read_bytes())
            window = next((s for s in AUTOSAVE_WINDOWS if s <= turn < s + 10), None)
            if window is not None:
                samples[window].append(ms)
                if len(held) > members > 0:
                    appended[window].append(len(held[-1]))
            members = len(held)

        def fresh_info() -> None:
            store.forget_infos()  # as a menu opened for the first time
            store.read_info(path)

        reads = {
            "menu line": _median_ms(fresh_info),
            "load": _median_ms(lambda: load_save(path)),
        }
    return [
        {
            "section": "autosave",
            "world": f"{AUTOSAVE_LEVEL[:-5]} @{start}-{start + 9}",
            "nations": len(level.nations),
            "ms_per_save": round(statistics.median(got), 2),
            "mean_ms": round(statistics.fmean(got), 2),
            "max_ms": round(max(got), 2),
            "append_kb": round(statistics.median(appended[start]) / 1000, 1)
            if appended[start]
            else None,
            "goal_ms": None,
        }
        for start, got in samples.items()
    ] + [
        {
            "section": "load",
            "world": f"{AUTOSAVE_LEVEL[:-5]} @{last - 1} {what}",
            "nations": len(level.nations),
            "ms_per_load": round(ms, 2),
            "goal_ms": None,
        }
        for what, ms in reads.items()
    ]


def _median_ms(run: Callable[[], object], times: int = 3, warmup: int = 0) -> float:
    """Median wall ms of `times` calls of `run`, after `warmup` calls that are not counted."""
    samples = []
    for k in range(warmup + times):
        t0 = time.perf_counter()
        run()
        if k >= warmup:
            samples.append((time.perf_counter() - t0) * 1000.0)
    return statistics.median(samples)


def print_autosave_ratio(rows: list[dict[str, Any]]) -> None:
    saves = [r for r in rows if r["section"] == "autosave"]
    if len(saves) < 2:
        return
    first, last = saves[0], saves[-1]
    print(
        f"autosave at turns {last['world'].split('@')[1]} takes "
        f"{last['ms_per_save'] / first['ms_per_save']:.2f}x the time at turns "
        f"{first['world'].split('@')[1]} (median; mean with rewrites "
        f"{last['mean_ms'] / first['mean_ms']:.2f}x; goal: at most {AUTOSAVE_GOAL_RATIO}x)"
    )
    print(
        "the slowest autosave (a whole rewrite, if the window holds one): "
        + ", ".join(f"{r['max_ms']:g} ms at turns {r['world'].split('@')[1]}" for r in saves)
    )
    if first.get("append_kb") and last.get("append_kb"):
        print(
            f"an append writes {last['append_kb']:g} kB of JSON at turns "
            f"{last['world'].split('@')[1]}, {first['append_kb']:g} kB at turns "
            f"{first['world'].split('@')[1]} (median)"
        )


# -- validate ---------------------------------------------------------------------------------

VALIDATE_GOAL_MS = 250.0


def bench_validate(runs: int) -> list[dict[str, Any]]:
    """Wall ms of `alliances validate LEVEL` for each shipped level, as a designer runs it: a
    new process each time, start-up and imports included (median of `runs`, after one run
    that is not counted, which also writes the modules' bytecode where that is allowed)."""
    rows = []
    # The interpreter starting and stopping with nothing to do: the floor under every row
    # below, and a gauge of the machine (on a busy or throttled one it rises with them).
    bare = [sys.executable, "-c", "pass"]
    ms = _median_ms(functools.partial(subprocess.run, bare, check=False), runs, warmup=1)
    rows.append(
        {
            "section": "validate",
            "world": "python start-up alone",
            "nations": None,
            "ms_per_start": round(ms, 1),
            "goal_ms": None,
        }
    )
    code = "from game.cli import run; run()"  # what the `alliances` program runs
    for path in sorted(levels_dir().glob("*.yaml")):
        command = [sys.executable, "-c", code, "validate", str(path)]
        ms = _median_ms(
            functools.partial(subprocess.run, command, capture_output=True, check=False),
            runs,
            warmup=1,
        )
        rows.append(
            {
                "section": "validate",
                "world": path.name,
                "nations": None,
                "ms_per_check": round(ms, 1),
                "goal_ms": VALIDATE_GOAL_MS,
            }
        )
    return rows
