"""The game window: display checks, the scene stack, the redraw-when-dirty loop and global keys."""

from __future__ import annotations

import gc
import os
import sys
import time
from collections.abc import Sequence
from pathlib import Path

import pygame

from game import resources
from game.ui import textfit
from game.ui import theme as T
from game.ui.audio.bus import SoundBus
from game.ui.scene import PassThrough, Pop, Push, Quit, Replace, Scene, Transition
from game.ui.session import Session, SessionError, open_level
from game.ui.settings import (
    Settings,
    config_dir,
    data_dir,
    fit_window,
    load_settings,
    save_settings,
)
from game.ui.theme import Theme
from game.ui.watch import LevelWatcher
from game.ui.widgets import Button, draw_tooltip

# SDL video drivers that draw to no screen (tests, benchmarks).
HEADLESS_DRIVERS = frozenset({"dummy", "offscreen"})

FPS = 30
# While nothing changes the loop sleeps in event.wait; it still wakes this often (ms) to
# expire toasts and poll a watched level file.
IDLE_WAKE_MS = 250
TOAST_SECONDS = 3.5
# A long notice stays up as long as it takes to read (about 15 characters a second) and
# wraps at this width (design pixels, or the window's less a margin).
TOAST_READ_CHARS = 15
TOAST_WIDTH = 560
WATCH_POLL_SECONDS = 0.5


def display_problem() -> str | None:
    """Why no window can open here, or None. Only Linux/BSD need a display server variable."""
    if os.environ.get("SDL_VIDEODRIVER"):
        return None
    if sys.platform.startswith(("linux", "freebsd", "openbsd", "netbsd")) and not (
        os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY")
    ):
        return "no display found (DISPLAY and WAYLAND_DISPLAY are unset)"
    return None


def find_level(name: str, data_dir: str | Path | None = None) -> Path:
    """A level path from a path or a level name (shipped, then the user's); raises SessionError."""
    from game.content.library import LevelError
    from game.content.library import find_level as find

    try:
        return find(name, data_dir)
    except LevelError as exc:
        raise SessionError(str(exc)) from None


class App:
    """Owns the window and the scene stack; scenes return transitions that the app applies."""

    def __init__(
        self,
        *,
        config: str | Path | None = None,
        data: str | Path | None = None,
        levels_dir: Path | None = None,
        size: tuple[int, int] | None = None,
    ) -> None:
        os.environ.setdefault("PYGAME_HIDE_SUPPORT_PROMPT", "1")
        # Every frame is drawn in memory, so the window only needs it copied in. Under X11,
        # SDL otherwise sends it through OpenGL, which without a GPU (Mesa's software GL:
        # virtual machines, remote desktops, Xvfb) cost 10 ms of processor time a frame,
        # against 0.5 ms by X11 shared memory. Windows and WSL take that path already;
        # Wayland and macOS have no other. SDL_FRAMEBUFFER_ACCELERATION=1 restores SDL's choice.
        os.environ.setdefault("SDL_FRAMEBUFFER_ACCELERATION", "0")
        self.config_dir = config_dir(config, data)
        self.data_dir = data_dir(data)
        self.data_override = Path(data) if data is not None else None
        self.levels_dir = levels_dir or resources.levels_dir()
        self.user_levels_dir = resources.user_levels_dir(self.data_dir)
        self.settings: Settings = load_settings(self.config_dir)
        if size is not None:
            self.settings.window_width, self.settings.window_height = size
        pygame.display.init()
        pygame.font.init()
        pygame.display.set_caption("Forging Alliances")
        self.theme = Theme()
        self.theme.configure(self.settings.ui_scale, self.settings.colourblind)
        self.screen = self._open_window(self.settings.fullscreen)
        self.audio = SoundBus(self.settings, self.data_dir / "sounds")
        self.stack: list[Scene] = []
        self.dirty = True
        self.running = True
        self.clock = pygame.time.Clock()
        self.tooltip: str = ""
        self.mouse = (0, 0)
        self.toasts: list[tuple[str, float]] = []
        self.session: Session | None = None
        self.watcher: LevelWatcher | None = None
        self.reload_errors: list[str] = []
        self.display_epoch = 0
        self.frames = 0
        self.freeze_pending = False
        self.typing = False  # a scene with a text field is on top
        self._key_repeat = pygame.key.get_repeat()
        self._last_poll = 0.0
        self._last_time = time.monotonic()

    # -- window -----------------------------------------------------------------

    def _open_window(self, fullscreen: bool) -> pygame.Surface:
        if fullscreen:
            try:
                sizes = pygame.display.get_desktop_sizes()
                return pygame.display.set_mode(sizes[0] if sizes else (0, 0), pygame.FULLSCREEN)
            except pygame.error:
                self.settings.fullscreen = False
        return pygame.display.set_mode(self.window_size(), pygame.RESIZABLE)

    def desktop_size(self) -> tuple[int, int] | None:
        """The size of the screen the window opens on; None off-screen (a headless driver
        has no screen to overflow) or when the system cannot say."""
        if pygame.display.get_driver() in HEADLESS_DRIVERS:
            return None
        try:
            sizes = pygame.display.get_desktop_sizes()
        except pygame.error:
            return None
        return sizes[0] if sizes else None

    def window_size(self) -> tuple[int, int]:
        """The window size the settings ask for, shrunk to fit the screen if need be."""
        return fit_window(self.settings.window_size, self.desktop_size())

    @property
    def size(self) -> tuple[int, int]:
        return self.screen.get_size()

    def set_fullscreen(self, on: bool) -> None:
        self.settings.fullscreen = on
        self.screen = self._open_window(on)
        self.display_epoch += 1
        self.save_settings()
        self.dirty = True

    def set_muted(self, on: bool) -> None:
        self.settings.muted = on
        self.audio.configure()
        self.save_settings()
        if self.top is not None:
            self.top.needs_layout = True  # a settings screen shows the new state
        self.toast("Sound off (M to turn it on)" if on else "Sound on")

    def apply_settings(self, resize: bool = False) -> None:
        """Adopt changed settings at once, and keep them."""
        self.theme.configure(self.settings.ui_scale, self.settings.colourblind)
        if resize and not self.settings.fullscreen:
            self.screen = pygame.display.set_mode(self.window_size(), pygame.RESIZABLE)
            self.display_epoch += 1
        for s in self.stack:
            s.settings_changed()
        self.save_settings()
        self.dirty = True

    def save_settings(self) -> None:
        try:
            save_settings(self.config_dir, self.settings)
        except OSError as exc:
            self.toast(f"Settings not saved: {exc.strerror or exc}")

    # -- scene stack ------------------------------------------------------------

    @property
    def top(self) -> Scene | None:
        return self.stack[-1] if self.stack else None

    def push(self, scene: Scene) -> None:
        self.stack.append(scene)
        self.tooltip = ""
        self.dirty = True
        self.sync_typing()
        self.sync_music()

    def apply(self, t: Transition) -> None:
        """Carry out what a scene asked for."""
        if t is None or isinstance(t, PassThrough):
            return
        self.dirty = True
        self.tooltip = ""
        if isinstance(t, Push):
            self.stack.append(t.scene)
        elif isinstance(t, Pop):
            if self.stack:
                self.stack.pop()
            if self.top is not None:
                self.apply(self.top.resumed(t.result))
        elif isinstance(t, Replace):
            if t.clear:
                self.stack.clear()
            elif self.stack:
                self.stack.pop()
            self.stack.append(t.scene)
        elif isinstance(t, Quit):
            self.running = False
        self.sync_typing()
        self.sync_music()

    def sync_music(self) -> None:
        """The music of the top-most screen that chose one (the menu, a game, a replay)."""
        self.audio.music(next((s.music for s in reversed(self.stack) if s.music is not None), ""))

    def sync_typing(self) -> None:
        """Text input and key repeat follow the top scene: on while it has a text field.

        Text input itself is left on afterwards: it is SDL's default on desktops, and
        without it a KEYDOWN for a shifted key carries the unshifted character ("/" for
        "?"), which would break shortcuts.
        """
        typing = self.top is not None and self.top.wants_text
        if typing == self.typing:
            return
        self.typing = typing
        if typing:
            self._key_repeat = pygame.key.get_repeat()
            # Held Backspace repeats while typing.
            pygame.key.set_repeat(400, 35)
            pygame.key.start_text_input()
        else:
            pygame.key.set_repeat(*self._key_repeat)

    # -- sessions ---------------------------------------------------------------

    def start(self, session: Session, watch_path: Path | None = None) -> Transition:
        """Play `session`: the stack becomes just its play screen."""
        from game.ui.scenes.play import PlayScene

        self.adopt(session)
        self.watcher = LevelWatcher(watch_path, session.loaded) if watch_path else None
        self.reload_errors = []
        self.freeze_pending = True
        return Replace(PlayScene(self, session), clear=True)

    def adopt(self, session: Session) -> None:
        """Make `session` the game in play: its saves go to our data folder, its cues to our bus."""
        self.session = session
        session.data_dir = self.data_override
        session.sounds = self.audio
        self.audio.use_level_folder(session.path.parent / "sounds" if session.path else None)

    def check_reload(self) -> None:
        """Live reload: a valid change restarts the level with the player's commands replayed."""
        if self.watcher is None or self.session is None:
            return
        outcome = self.watcher.poll()
        if outcome is None:
            return
        self.dirty = True
        if isinstance(outcome, list):
            self.reload_errors = outcome
            self.toast("Level has errors; still playing the last good version")
            return
        from game.ui.scenes.play import PlayScene

        session = self.session.reloaded(outcome)
        self.adopt(session)
        self.reload_errors = []
        play = next((s for s in self.stack if isinstance(s, PlayScene)), None)
        if play is not None:
            play.set_session(session)
        else:
            play = PlayScene(self, session)
        self.stack = [play]
        self.toast(f"Level {session.reload_note} · F5: restart with these changes")
        self.sync_typing()

    def restart_level(self) -> Transition:
        """Restart with these changes: a new game at turn 0 of the last version that loaded,
        with the level's own seed and a fresh map view, still watched."""
        assert self.session is not None
        session = Session.new(self.session.loaded, None, self.session.path)
        watching = self.watcher.path if self.watcher is not None else None
        return self.start(session, watching)

    # -- feedback ---------------------------------------------------------------

    def toast(self, text: str) -> None:
        seconds = max(TOAST_SECONDS, len(text) / TOAST_READ_CHARS)
        self.toasts.append((text, time.monotonic() + seconds))
        self.toasts = self.toasts[-4:]
        self.dirty = True

    def working(self, text: str) -> None:
        """Show `text` as a notice at once, on a frame drawn now, before work that holds the
        loop (loading a save); the notice is gone from the next frame."""
        self.toasts.append((text, time.monotonic()))
        self.draw()

    def screenshot(self) -> Path | None:
        folder = self.data_dir / "screenshots"
        try:
            folder.mkdir(parents=True, exist_ok=True)
            stamp = time.strftime("%Y%m%d-%H%M%S")
            path = folder / f"shot-{stamp}.png"
            k = 1
            while path.exists():
                k += 1
                path = folder / f"shot-{stamp}-{k}.png"
            self.draw(flip=False, toasts=False)
            pygame.image.save(self.screen, str(path))
        except (OSError, pygame.error) as exc:
            self.toast(f"Screenshot failed: {exc}")
            return None
        self.toast(f"Screenshot saved to {path}")
        return path

    # -- the loop ---------------------------------------------------------------

    def handle_global(self, ev: pygame.event.Event) -> bool:
        """Keys and window events every screen shares; True when taken."""
        from game.ui.scenes.overlays import HelpScene, LeaveScene

        self.audio.window_event(ev.type)
        if ev.type == pygame.QUIT:
            # Closing the window with actions no save holds asks once; a second close quits.
            game = getattr(self.stack[0], "session", None) if self.stack else None
            unsaved = game.unsaved() if isinstance(game, Session) else 0
            if unsaved and not isinstance(self.top, LeaveScene):
                assert isinstance(game, Session)
                self.push(LeaveScene(self, game, Quit, "Quit", unsaved))
                return True
            self.running = False
            return True
        if ev.type in (pygame.VIDEORESIZE, pygame.WINDOWSIZECHANGED):
            self.screen = pygame.display.get_surface() or self.screen
            if not self.settings.fullscreen:
                self.settings.window_width, self.settings.window_height = self.size
            self.display_epoch += 1
            self.dirty = True
            return True
        if ev.type in (pygame.WINDOWEXPOSED, pygame.WINDOWRESTORED, pygame.WINDOWFOCUSGAINED):
            self.dirty = True
            return True
        if ev.type != pygame.KEYDOWN:
            return False
        if ev.key == pygame.K_F11:
            self.set_fullscreen(not self.settings.fullscreen)
            return True
        if ev.key == pygame.K_F5 and self.watcher is not None and self.session is not None:
            self.apply(self.restart_level())
            return True
        if ev.key in (pygame.K_F12, pygame.K_PRINTSCREEN):
            self.screenshot()
            return True
        if ev.key == pygame.K_m and self.mute_key(ev):
            self.set_muted(not self.settings.muted)
            return True
        if ev.key == pygame.K_F1 or (getattr(ev, "unicode", "") == "?" and not self.typing):
            if not isinstance(self.top, HelpScene):
                self.push(HelpScene(self))
            return True
        return False

    def mute_key(self, ev: pygame.event.Event) -> bool:
        """M mutes, unless it is typed text, held with a modifier, or the screen's own M key."""
        mods = pygame.KMOD_CTRL | pygame.KMOD_ALT | pygame.KMOD_META
        if self.typing or getattr(ev, "mod", 0) & mods:
            return False
        top = self.top
        return top is None or not any(
            isinstance(w, Button) and w.hotkey == "M" for w in top.widgets
        )

    def dispatch(self, ev: pygame.event.Event) -> None:
        if ev.type == pygame.MOUSEMOTION:
            self.mouse = ev.pos
            self.tooltip = ""
        elif ev.type in (pygame.KEYDOWN, pygame.MOUSEBUTTONDOWN, pygame.MOUSEWHEEL):
            # A tooltip describes what was under the pointer before the input changed it.
            self.tooltip = ""
        if self.handle_global(ev):
            return
        for scene in reversed(list(self.stack)):
            scene.ensure_layout()
            press = pressed_cue(scene, ev)
            t = scene.handle(ev)
            if not isinstance(t, PassThrough):
                if press:
                    self.audio.emit(press)
                self.apply(t)
                break
        if ev.type == pygame.MOUSEMOTION and not self.tooltip and self.top is not None:
            for w in reversed(self.top.widgets):
                tip = w.tip_at(ev.pos)
                if tip:
                    self.tooltip = tip
                    break

    def step(self, wait: bool = False) -> bool:
        """One turn of the loop: events, updates, and a frame if anything changed."""
        # Notices need no frames of their own: the idle wake below expires them.
        busy = self.dirty or any(s.animating for s in self.stack)
        events = pygame.event.get()
        if not events and wait and not busy:
            ev = pygame.event.wait(self.audio.wake_ms(IDLE_WAKE_MS))
            events = [ev] if ev.type != pygame.NOEVENT else []
        for ev in events:
            if ev.type not in (pygame.WINDOWMOVED, pygame.ACTIVEEVENT):
                self.dirty = True
            self.dispatch(ev)
            if not self.running:
                return False
        now = time.monotonic()
        dt, self._last_time = min(0.1, now - self._last_time), now
        if now - self._last_poll >= WATCH_POLL_SECONDS:
            self._last_poll = now
            self.check_reload()
        # A short notice after a long one ends first: any may be due.
        if any(until <= now for _, until in self.toasts):
            self.toasts = [t for t in self.toasts if t[1] > now]
            self.dirty = True
        for scene in list(self.stack):
            if scene.animating:
                self.dirty = True
        if self.top is not None:
            self.apply(self.top.update(dt))
        if self.dirty:
            self.draw()
        self.audio.open()  # after the first frame: the menu never waits for the device
        self.audio.update()
        self.audio.flush()
        if wait and (self.dirty or any(s.animating for s in self.stack)):
            self.clock.tick(FPS)
        return self.running

    def freeze_live(self) -> None:
        """Take what is alive once a game has started out of the cycle collector's passes.

        The modules, the level and the map's outlines last the whole game: frozen, they are no
        longer walked by each full pass, which otherwise cost a frame 30 ms every few seconds
        of zooming. What an earlier start froze is thawed first, so a game left is collected.
        """
        self.freeze_pending = False
        gc.unfreeze()
        gc.collect()
        gc.freeze()

    def draw(self, flip: bool = True, overlays: bool = True, toasts: bool = True) -> None:
        if self.freeze_pending:
            self.freeze_live()  # the first frame of a game: the last one is off the stack
        self.dirty = False
        if not self.stack:
            self.screen.fill(T.SLATE)
        else:
            shown = self.visible_scenes()
            if not shown[0].opaque:
                self.screen.fill(T.SLATE)
            for scene in shown:
                scene.ensure_layout()
                scene.draw(self.screen)
        if overlays:
            self._draw_overlays(toasts)
        self.frames += 1
        if flip:
            pygame.display.flip()

    def visible_scenes(self) -> list[Scene]:
        """The scenes a frame shows, bottom first: the top opaque one and those above it."""
        first = max((k for k, s in enumerate(self.stack) if s.opaque), default=0)
        return self.stack[first:]

    def _draw_overlays(self, toasts: bool = True) -> None:
        th = self.theme
        if self.reload_errors:
            from game.ui.scenes.overlays import draw_reload_errors

            draw_reload_errors(self.screen, th, self.reload_errors)
        for surf, box in self.toast_boxes() if toasts else []:
            pygame.draw.rect(self.screen, (16, 20, 26), box, border_radius=th.px(6))
            pygame.draw.rect(self.screen, T.ACCENT_DARK, box, 1, border_radius=th.px(6))
            self.screen.blit(surf, surf.get_rect(center=box.center))
        if self.tooltip:
            draw_tooltip(self.screen, th, self.tooltip, self.mouse)

    def toast_boxes(self) -> list[tuple[pygame.Surface, pygame.Rect]]:
        """Each toast's text and box, newest lowest, clear of the top scene's dialog or panel,
        and of the map's legend too where that leaves room for as many."""
        th = self.theme
        width = min(th.px(TOAST_WIDTH), self.size[0] - th.px(64))
        surfs = [toast_text(th, text, width) for text, _ in self.toasts]
        sizes = [(s.get_width() + th.px(24), s.get_height() + th.px(12)) for s in surfs]
        clear = self.top.keep_clear() if self.top is not None else None
        hard = [] if clear is None else [clear]
        soft = [r for s in self.visible_scenes() if (r := s.rather_clear()) is not None]
        screen = pygame.Rect(0, 0, *self.size)
        bottom, gap = self.size[1] - th.px(70), th.px(6)
        boxes = place_toasts(sizes, screen, hard, bottom, gap)
        if soft:
            rather = place_toasts(sizes, screen, hard + soft, bottom, gap)
            if len(rather) >= len(boxes):
                boxes = rather
        return list(zip(surfs[len(surfs) - len(boxes) :], boxes, strict=True))

    def loop(self) -> None:
        while self.step(wait=True):
            pass

    def close(self) -> None:
        self.save_settings()
        self.audio.close()
        pygame.quit()


def toast_text(th: Theme, text: str, width: int) -> pygame.Surface:
    """A notice's text: one line, or wrapped to `width` pixels, as wide as its longest line."""
    one = th.text(text, 14, T.CHROME_TEXT)
    if one.get_width() <= width:
        return one
    lines = tuple(textfit.wrap(th.font(14), text, width))
    size = (max(th.font(14).size(ln)[0] for ln in lines), th.line_height(14) * len(lines))
    surf = pygame.Surface(size, pygame.SRCALPHA)
    fitted = textfit.Fitted(text, lines, 14, False, False)
    textfit.draw(surf, th, fitted, surf.get_rect(), T.CHROME_TEXT)
    return surf


def place_toasts(
    sizes: list[tuple[int, int]],
    screen: pygame.Rect,
    clear: Sequence[pygame.Rect],
    bottom: int,
    gap: int,
) -> list[pygame.Rect]:
    """Boxes for toasts of these sizes (oldest first), stacked up from `bottom` and centred —
    or beside, above or below a rect of `clear` when they would cover it. The oldest are left
    out while there is no room for all; none is drawn over `clear`."""
    for n in range(len(sizes), 0, -1):
        shown = sizes[len(sizes) - n :]
        height = sum(h for _, h in shown) + gap * (n - 1)
        for cx, low in _toast_spots(screen, clear, bottom, gap, height):
            boxes = []
            y = low
            for w, h in reversed(shown):
                boxes.append(pygame.Rect(cx - w // 2, y - h, w, h))
                y -= h + gap
            area = boxes[0].unionall(boxes[1:])
            if screen.contains(area) and area.collidelist(list(clear)) < 0:
                return boxes[::-1]
    return []


def _toast_spots(
    screen: pygame.Rect, clear: Sequence[pygame.Rect], bottom: int, gap: int, height: int
) -> list[tuple[int, int]]:
    """Where a stack of toasts may go, best first: (centre x, bottom y)."""
    spots = [(screen.centerx, bottom)]
    for rect in clear:
        left, right = rect.x - screen.x, screen.right - rect.right
        side = (screen.x + rect.x) // 2 if left > right else (rect.right + screen.right) // 2
        spots += [
            (side, bottom),
            (screen.centerx, rect.y - gap),
            (screen.centerx, rect.bottom + gap + height),
        ]
    return spots


def pressed_cue(scene: Scene, ev: pygame.event.Event) -> str:
    """The cue for a left click on one of the scene's buttons: a click, or refused if disabled."""
    if ev.type != pygame.MOUSEBUTTONDOWN or ev.button != 1:
        return ""
    for w in reversed(scene.widgets):
        if isinstance(w, Button) and w.hit(ev.pos):
            return "ui.click" if w.enabled else "ui.refused"
    return ""


def run(
    level: str | None = None,
    seed: int | None = None,
    watch: bool = False,
    data_dir: str | None = None,
) -> int:
    """Open the game window (the `alliances` and `alliances play` commands); exit status."""
    problem = display_problem()
    if problem:
        print(
            f"alliances: error: {problem}; the window needs a display — "
            "run `alliances simulate LEVEL` to play headless",
            file=sys.stderr,
        )
        return 2
    start: Session | None = None
    path: Path | None = None
    if level is not None:
        try:
            path = find_level(level, data_dir)
            start = Session.new(open_level(path), seed, path)
        except SessionError as exc:
            print(f"alliances: error: {exc}", file=sys.stderr)
            return 2
    try:
        app = App(data=data_dir)
    except pygame.error as exc:
        print(f"alliances: error: cannot open the game window ({exc})", file=sys.stderr)
        return 2
    from game.ui.scenes.menu import MenuScene

    app.push(MenuScene(app))
    if start is not None:
        app.apply(app.start(start, path if watch else None))
    try:
        app.loop()
    except KeyboardInterrupt:
        return 130
    finally:
        app.close()
    return 0
