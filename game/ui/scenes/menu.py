"""The main menu and the level picker, over a quiet world map."""

from __future__ import annotations

import functools
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pygame

from game.content.diagnostics import Diagnostic, format_diagnostic
from game.content.loader import LoadedLevel, load_level_file
from game.core.defs import LevelDef
from game.core.difficulty import DIFFICULTIES, changed_numbers
from game.core.phrasing import MINUS
from game.ui import theme as T
from game.ui.scene import Push, Quit, Scene, Transition
from game.ui.session import Session
from game.ui.widgets import Button, Custom, Frame, Label, ListView, column
from game.ui.worldmap import MapNation, WorldMap

if TYPE_CHECKING:
    from game.ui.app import App

WORLD_VIEW = (-170.0, -56.0, 190.0, 80.0)
_backdrop: dict[str, WorldMap] = {}


def backdrop(
    nations: tuple[MapNation, ...] = (), view: tuple[float, float, float, float] = WORLD_VIEW
) -> WorldMap:
    """A shared, cached world map used behind menus."""
    key = f"{view}:{','.join(n.id for n in nations)}"
    m = _backdrop.get(key)
    if m is None:
        m = WorldMap(nations, view)
        m.set_labels(False)
        if len(_backdrop) >= 4:
            _backdrop.pop(next(iter(_backdrop)))
        _backdrop[key] = m
    return m


def paint_backdrop(surface: pygame.Surface, rect: pygame.Rect, theme: T.Theme) -> None:
    backdrop().draw(surface, rect)
    veil = pygame.Surface(rect.size, pygame.SRCALPHA)
    veil.fill((14, 18, 24, 120))
    surface.blit(veil, rect.topleft)


class MenuScene(Scene):
    """New game, continue, load, replays, settings, quit."""

    music = "music.menu"

    def layout(self, rect: pygame.Rect) -> None:
        super().layout(rect)
        th = self.theme
        self.widgets.append(Custom(rect, paint_backdrop))
        w, h = th.px(420), th.px(520)
        box = pygame.Rect(th.px(80), (rect.h - h) // 2, w, h)
        self.widgets.append(Frame(box))
        pad = th.px(28)
        self.widgets.append(
            Label(
                pygame.Rect(box.x + pad, box.y + pad, w - 2 * pad, th.px(40)),
                "Forging Alliances",
                30,
                bold=True,
            )
        )
        self.widgets.append(
            Label(
                pygame.Rect(box.x + pad, box.y + pad + th.px(42), w - 2 * pad, th.px(22)),
                "Trust, negotiation and interoperability",
                14,
                T.INK_DIM,
            )
        )
        latest = self.latest_autosave()
        items = [
            ("New game", self.new_game, "N", True, ""),
            ("Continue", self.continue_game, "C", latest is not None, "No autosave yet"),
            ("Load game", lambda: self.open_saves("load"), "L", True, ""),
            ("Replays", lambda: self.open_saves("replay"), "R", True, ""),
            ("Settings", self.settings, "S", True, ""),
            ("Quit", lambda: Quit(), "Q", True, ""),
        ]
        rects = column(
            box.x + pad, box.y + th.px(120), w - 2 * pad, th.px(46), th.px(12), len(items)
        )
        for r, (text, action, key, ok, why) in zip(rects, items, strict=True):
            style = "primary" if text == "New game" else "ink"
            self.widgets.append(
                Button(
                    r,
                    text,
                    action,
                    style=style,
                    hotkey=key,
                    enabled=ok,
                    tip="" if ok else why,
                    size=17,
                )
            )
        foot = "F1 help · F11 fullscreen · F12 screenshot"
        self.widgets.append(
            Label(
                pygame.Rect(box.x + pad, box.bottom - th.px(40), w - 2 * pad, th.px(20)),
                foot,
                12,
                T.INK_DIM,
            )
        )

    def latest_autosave(self) -> Path | None:
        try:
            from game.saves.store import latest_autosave
        except ImportError:
            return None
        try:
            return latest_autosave(self.app.data_override)
        except OSError:
            return None

    def new_game(self) -> Transition:
        return Push(LevelPickerScene(self.app))

    def continue_game(self) -> Transition:
        from game.ui.scenes.overlays import MessageScene

        path = self.latest_autosave()
        if path is None:
            return Push(MessageScene(self.app, "Nothing to continue", "There is no autosave yet."))
        from game.ui.scenes.saves_menu import load_game

        return load_game(self.app, path)

    def open_saves(self, mode: str) -> Transition:
        from game.ui.scenes.saves_menu import LoadScene

        return Push(LoadScene(self.app, mode))

    def settings(self) -> Transition:
        from game.ui.scenes.settings_scene import SettingsScene

        return Push(SettingsScene(self.app))

    def on_event(self, event: pygame.event.Event) -> Transition:
        if event.type != pygame.KEYDOWN:
            return None
        keys: dict[int, Callable[[], Transition]] = {
            pygame.K_n: self.new_game,
            pygame.K_c: self.continue_game,
            pygame.K_l: lambda: self.open_saves("load"),
            pygame.K_r: lambda: self.open_saves("replay"),
            pygame.K_s: self.settings,
            pygame.K_q: lambda: Quit(),
        }
        if event.key in keys:
            if event.key == pygame.K_c and self.latest_autosave() is None:
                return None
            return keys[event.key]()
        return None


def _number(v: Any) -> str:
    """A rule number as the tip shows it; a rule of several sizes as "a / b / c"."""
    if isinstance(v, tuple):
        return " / ".join(_number(x) for x in v)
    return f"{v:g}".replace("-", MINUS)


def difficulty_tip(level: LevelDef | None, difficulty: str) -> str:
    """What a difficulty changes, in words and in this level's numbers ("capital per turn
    3 → 4"), both from its declaration in `game.core.difficulty`."""
    d = DIFFICULTIES[difficulty]
    lines = [f"{d.label}: " + "; ".join(d.changes)]
    if level is not None:
        for rule, before, after in changed_numbers(level, difficulty):
            was, now = (_number(v) for v in (before, after))
            lines.append(f"{rule.replace('_', ' ')}: {was} → {now}")
    return "\n".join(lines)


@dataclass
class LevelEntry:
    """One level file as the picker shows it."""

    path: Path
    loaded: LoadedLevel | None
    problem: str = ""
    # A level from the player's own levels folder rather than one shipped with the game.
    mine: bool = False
    errors: int = 0

    @property
    def title(self) -> str:
        return self.loaded.level.title if self.loaded else self.path.stem

    @property
    def summary(self) -> str:
        mark = "Your level · " if self.mine else ""
        if self.loaded is None:
            n = self.errors
            return f"{mark}{self.path.name} — {n} error{'' if n == 1 else 's'}"
        lv, m = self.loaded.level, self.loaded.model
        rating = CHALLENGE.get(m.difficulty, m.difficulty)
        return f"{mark}{rating} · {len(lv.nations)} nations · {lv.turns} turns"


_DIFFICULTY = {"tutorial": 0, "easy": 1, "normal": 2, "hard": 3}
# A level's own rating, in words that are not the Easy / Normal / Hard the game starts at.
CHALLENGE = {
    "tutorial": "Tutorial",
    "easy": "Gentle level",
    "normal": "Standard level",
    "hard": "Demanding level",
}
# A level's entry, kept while neither it nor anything in its folder (the decks it includes)
# has changed.
_cache: dict[Path, tuple[tuple[float, tuple[float, int]], LevelEntry]] = {}
# Errors the picker lists in full before it points to `alliances validate` for the rest.
PROBLEMS_SHOWN = 6


def _folder_stamp(folder: Path) -> tuple[float, int]:
    """The latest change to any level or deck file under `folder`, or to a folder in it (a
    file added or removed), and how many there are: a deck written after its level failed
    to include it makes the level worth loading again."""
    latest, count = 0.0, 0
    for p in [folder, *folder.rglob("*")]:
        if p.suffix != ".yaml" and not p.is_dir():
            continue
        try:
            latest = max(latest, p.stat().st_mtime)
        except OSError:
            continue
        count += 1
    return latest, count


def problem_text(errors: list[Diagnostic], path: Path) -> str:
    """A level's errors as the picker shows them: the first with its source line, the next
    few by their first line, and how many more `alliances validate` would list."""
    if not errors:
        return ""
    shown = [format_diagnostic(errors[0])]
    shown += [format_diagnostic(d).splitlines()[0] for d in errors[1:PROBLEMS_SHOWN]]
    rest = len(errors) - min(len(errors), PROBLEMS_SHOWN)
    if rest:
        shown.append(f"… and {rest} more: `alliances validate {path}` lists every one")
    return "\n".join(shown)


def scan_levels(folder: Path, mine: bool = False) -> list[LevelEntry]:
    """Every level file in the folder, loaded and checked (kept until it or its folder
    changes)."""
    out = []
    around = _folder_stamp(folder)
    for p in sorted(folder.glob("*.yaml")):
        try:
            stamp = (p.stat().st_mtime, around)
        except OSError:
            continue
        hit = _cache.get(p)
        if hit is None or hit[0] != stamp:
            res = load_level_file(p, display=str(p))
            errors = [d for d in res.diagnostics if d.is_error]
            entry = LevelEntry(p, res.loaded, problem_text(errors, p), mine, len(errors))
            hit = (stamp, entry)
            _cache[p] = hit
        out.append(hit[1])
    out.sort(
        key=lambda e: (
            e.loaded is None,
            _DIFFICULTY.get(e.loaded.model.difficulty, 9) if e.loaded else 9,
            e.title,
        )
    )
    return out


class LevelPickerScene(Scene):
    """Choose a level: title, description, difficulty and size, with a preview of its map."""

    def __init__(self, app: App) -> None:
        super().__init__(app)
        # The shipped levels first, then the player's own, each marked in its summary.
        self.entries = [
            *(scan_levels(app.levels_dir) if app.levels_dir.is_dir() else []),
            *(scan_levels(app.user_levels_dir, True) if app.user_levels_dir.is_dir() else []),
        ]
        self.index = 0
        self.difficulty = "normal"

    @property
    def entry(self) -> LevelEntry | None:
        return self.entries[self.index] if self.entries else None

    def layout(self, rect: pygame.Rect) -> None:
        super().layout(rect)
        th = self.theme
        self.widgets.append(Custom(rect, paint_backdrop))
        pad = th.px(40)
        box = rect.inflate(-2 * pad, -2 * pad)
        self.widgets.append(Frame(box, "New game — choose a level"))
        inner = pygame.Rect(
            box.x + th.px(18), box.y + th.px(56), box.w - th.px(36), box.h - th.px(74)
        )
        list_w = min(th.px(420), inner.w // 3)
        rows = [(e.title, e.summary) for e in self.entries]
        if not rows:
            rows = [("No levels found", str(self.app.user_levels_dir))]
        self.widgets.append(
            ListView(
                pygame.Rect(inner.x, inner.y, list_w, inner.h - th.px(50)),
                rows,
                self.choose,
                row_height=58,
                selected=self.index,
            )
        )
        detail = pygame.Rect(
            inner.x + list_w + th.px(20), inner.y, inner.w - list_w - th.px(20), inner.h - th.px(50)
        )
        self.widgets.append(Custom(detail, self._paint_detail))
        bw, bh = th.px(180), th.px(42)
        start = pygame.Rect(inner.right - bw, inner.bottom - bh, bw, bh)
        e = self.entry
        ok = e is not None and e.loaded is not None
        why = "" if ok else (e.problem if e else "No levels to play")
        self.widgets.append(
            Button(
                start,
                "Start",
                self.start,
                style="primary",
                hotkey="Enter",
                enabled=ok,
                tip=why,
                size=17,
            )
        )
        back = pygame.Rect(start.x - th.px(150), start.y, th.px(140), bh)
        from game.ui.scene import Pop

        self.widgets.append(Button(back, "Back", Pop, style="ink", hotkey="Esc"))
        # The difficulty the game starts at, beside the buttons that start it.
        gap = th.px(6)
        dw = min(th.px(130), (back.x - inner.x - th.px(10) - 2 * gap) // len(DIFFICULTIES))
        for k, d in enumerate(DIFFICULTIES.values()):
            r = pygame.Rect(inner.x + k * (dw + gap), start.y, dw, bh)
            self.widgets.append(
                Button(
                    r,
                    d.label,
                    functools.partial(self.set_difficulty, d.id),
                    style="paper",
                    selected=d.id == self.difficulty,
                    tip=difficulty_tip(e.loaded.level if e and e.loaded else None, d.id),
                    size=15,
                )
            )

    def set_difficulty(self, difficulty: str) -> Transition:
        self.difficulty = difficulty
        self.relayout()
        return None

    def choose(self, k: int) -> Transition:
        self.index = k if 0 <= k < len(self.entries) else 0
        self.relayout()
        return None

    def _paint_detail(self, surface: pygame.Surface, rect: pygame.Rect, th: T.Theme) -> None:
        e = self.entry
        if e is None:
            surface.blit(
                th.text(
                    f"Put level files (*.yaml) in {self.app.user_levels_dir}.",
                    15,
                    T.INK_DIM,
                    wrap=rect.w,
                ),
                rect.topleft,
            )
            return
        y = rect.y
        surface.blit(th.text(e.title, 24, T.INK, True), (rect.x, y))
        y += th.line_height(24) + th.px(4)
        surface.blit(th.text(e.summary, 14, T.INK_DIM), (rect.x, y))
        y += th.line_height(14) + th.px(12)
        if e.loaded is None:
            surface.blit(th.text(e.problem, 13, th.palette["bad"], wrap=rect.w), (rect.x, y))
            return
        lv, model = e.loaded.level, e.loaded.model
        player = next(n.name for n in lv.nations if n.id == lv.player)
        from game.core.game import date_label

        facts = f"You lead {player}. Starts {date_label(lv, 0)}, ends {date_label(lv, lv.turns)}."
        desc = th.text(model.description or "No description.", 15, T.INK, wrap=rect.w)
        surface.blit(desc, (rect.x, y))
        y += desc.get_height() + th.px(10)
        # Each block goes below the height the one above it took when wrapped.
        said = th.text(facts, 14, T.INK_DIM, wrap=rect.w)
        surface.blit(said, (rect.x, y))
        y += said.get_height() + th.px(16)
        goals = [g.text for g in lv.victory]
        if goals:
            goal = th.text("Goal: " + " · ".join(goals), 14, T.INK, True, wrap=rect.w)
            surface.blit(goal, (rect.x, y))
            y += goal.get_height() + th.px(12)
        d = DIFFICULTIES[self.difficulty]
        chosen = th.text(
            f"Difficulty {d.label} (←/→ to change): " + "; ".join(d.changes) + ".",
            13,
            T.INK,
            wrap=rect.w,
        )
        surface.blit(chosen, (rect.x, y))
        y += chosen.get_height() + th.px(10)
        preview = pygame.Rect(rect.x, y, rect.w, rect.bottom - y)
        if preview.h > th.px(80):
            nations = tuple(
                MapNation(n.id, n.name, tuple(n.regions), n.capital) for n in lv.nations
            )
            v = model.map.view
            m = backdrop(nations, (float(v[0]), float(v[1]), float(v[2]), float(v[3])))
            m.set_fills({n.id: T.mix(n.color, (40, 48, 58), 0.15) for n in lv.nations})
            m.set_labels(True)
            m.draw(surface, preview)
            pygame.draw.rect(surface, T.PAPER_LINE, preview, 1)

    def start(self) -> Transition:
        e = self.entry
        if e is None or e.loaded is None:
            return None
        return self.app.start(Session.new(e.loaded, None, e.path, self.difficulty))

    def on_event(self, event: pygame.event.Event) -> Transition:
        from game.ui.scene import Pop

        if event.type == pygame.KEYDOWN:
            if event.key in (pygame.K_RETURN, pygame.K_KP_ENTER):
                return self.start()
            if event.key == pygame.K_ESCAPE:
                return Pop()
            if event.key in (pygame.K_LEFT, pygame.K_RIGHT):
                ids = list(DIFFICULTIES)
                step = 1 if event.key == pygame.K_RIGHT else -1
                k = max(0, min(len(ids) - 1, ids.index(self.difficulty) + step))
                return self.set_difficulty(ids[k])
            if event.key in (pygame.K_DOWN, pygame.K_UP) and self.entries:
                step = 1 if event.key == pygame.K_DOWN else -1
                return self.choose((self.index + step) % len(self.entries))
        return None
