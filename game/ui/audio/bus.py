"""The sound bus: cues in, sounds out through pygame.mixer, with volumes, ducking and pausing.

Cues emitted during one step of the window are heard together: the click of a button is
dropped when the press has its own cue, and of several news stingers the first is played
and the most important of the others follows it. Without an audio device the bus stays
silent (and says nothing); every cue is still recorded, and written to the file named by
$FORGING_ALLIANCES_CUE_LOG ("-" for the error stream) with the seconds since start.
"""

from __future__ import annotations

import contextlib
import os
import sys
import threading
import time
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any, TextIO

import numpy as np
import pygame

from game.ui.audio.cues import CUES

if TYPE_CHECKING:
    from game.ui.settings import Settings

CUE_LOG_ENV = "FORGING_ALLIANCES_CUE_LOG"
SOUND_EXTENSIONS = ("ogg", "wav", "flac", "mp3")
MAX_SOUND_FILE = 32 * 1024 * 1024
MAX_SOUND_SECONDS = 600.0
RATE = 44100
MUSIC_FADE = 1.8  # seconds for music to fade in or out
DUCK_LEVEL = 0.3  # music level while a stinger plays
DUCK_RELEASE = 0.8  # seconds for music to come back after a stinger
FAST_WAKE_MS = 40  # how often the window should wake while a fade is running


class _Renderer:
    """Synthesises cues on a background thread, once per process and sample rate."""

    def __init__(self) -> None:
        self.done: dict[tuple[str, int], np.ndarray[Any, np.dtype[np.int16]]] = {}
        self.todo: list[tuple[str, int]] = []
        self.failed: dict[str, str] = {}
        self.lock = threading.Lock()
        self.thread: threading.Thread | None = None

    def render(self, name: str, rate: int) -> np.ndarray[Any, np.dtype[np.int16]]:
        with self.lock:
            ready = self.done.get((name, rate))
        if ready is not None:
            return ready
        samples = np.clip(CUES[name].sound(rate), -1.0, 1.0)
        pcm = np.ascontiguousarray((samples * 32767).astype(np.int16))
        with self.lock:
            return self.done.setdefault((name, rate), pcm)

    def ready(self, name: str, rate: int) -> bool:
        with self.lock:
            return (name, rate) in self.done

    def warm(self, names: Sequence[str], rate: int) -> None:
        """Render these in the background, in order."""
        with self.lock:
            self.todo += [(n, rate) for n in names if (n, rate) not in self.done]
            if self.thread is None and self.todo:
                self.thread = threading.Thread(target=self._work, name="sound-synth", daemon=True)
                self.thread.start()

    def _work(self) -> None:
        while True:
            with self.lock:
                if not self.todo:
                    self.thread = None  # under the lock: `warm` starts a new one if needed
                    return
                name, rate = self.todo.pop(0)
            try:
                self.render(name, rate)
            except Exception as exc:  # a cue that cannot be made stays silent, not the game
                self.failed[name] = repr(exc)

    @property
    def busy(self) -> bool:
        return self.thread is not None

    def wait(self) -> None:
        """Until everything asked for is composed."""
        thread = self.thread
        if thread is not None:
            thread.join()


RENDERER = _Renderer()


@contextlib.contextmanager
def _quiet_stderr() -> Iterator[None]:
    """Hide what native audio libraries print while probing for a device (ALSA does)."""
    try:
        saved = os.dup(2)
    except OSError:
        yield
        return
    try:
        with open(os.devnull, "w") as null:
            os.dup2(null.fileno(), 2)
            yield
    finally:
        os.dup2(saved, 2)
        os.close(saved)


def open_mixer() -> tuple[int, int] | None:
    """(sample rate, channels) of the opened mixer, or None when there is no audio device."""
    try:
        with _quiet_stderr():
            pygame.mixer.init(
                RATE, -16, 2, 1024, allowedchanges=pygame.AUDIO_ALLOW_FREQUENCY_CHANGE
            )
        init = pygame.mixer.get_init()
    except pygame.error:
        return None
    if not init or init[1] != -16 or init[2] not in (1, 2):
        pygame.mixer.quit()
        return None
    return int(init[0]), int(init[2])


def open_log() -> TextIO | None:
    target = os.environ.get(CUE_LOG_ENV, "")
    if not target:
        return None
    if target == "-":
        return sys.stderr
    try:
        return open(target, "a", encoding="utf-8", buffering=1)
    except OSError:
        return None


class _Music:
    """One music channel: what it plays and its fade level, moving toward a target."""

    def __init__(self, channel: pygame.mixer.Channel) -> None:
        self.channel = channel
        self.name = ""
        self.level = 0.0
        self.target = 0.0


class SoundBus:
    """Plays cues by name at the volumes the settings ask for."""

    def __init__(
        self,
        settings: Settings,
        user_folder: Path | None = None,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.settings = settings
        self.user_folder = user_folder
        self.level_folder: Path | None = None
        self.clock = clock
        self.started = clock()
        self.log: list[tuple[float, str, str]] = []
        self.log_file = open_log()
        self.batch: list[str] = []
        self.focused = True
        self.minimised = False
        self.wanted_music = ""
        self.duck_until = 0.0
        self.duck = 1.0
        self._last = self.started
        self.sounds: dict[str, pygame.mixer.Sound] = {}
        self.overrides: dict[str, pygame.mixer.Sound | None] = {}
        self.opened = False
        self.enabled = False
        self.rate, self.channels = RATE, 2
        self.music_channels: list[_Music] = []

    def open(self) -> None:
        """Open the audio device and start composing every sound in the background.

        The window does this after its first frame, so the menu never waits for a device
        probe (up to a tenth of a second when there is none) or for synthesis.
        """
        if self.opened:
            return
        self.opened = True
        opened = open_mixer()
        self.enabled = opened is not None
        if opened is None:
            return
        self.rate, self.channels = opened
        pygame.mixer.set_num_channels(8)
        pygame.mixer.set_reserved(4)
        self.music_channels = [_Music(pygame.mixer.Channel(k)) for k in (0, 1)]
        self.stinger = pygame.mixer.Channel(2)
        self.ui = pygame.mixer.Channel(3)
        # The effects first (a fraction of a second in all, so the first click is ready),
        # then the music on screen, then the other loops.
        effects = [c.name for c in CUES.values() if c.kind != "music"]
        loops = sorted(
            (c.name for c in CUES.values() if c.kind == "music"),
            key=lambda n: n != self.wanted_music,
        )
        RENDERER.warm(effects + loops, self.rate)
        self.configure()

    # -- what is heard ----------------------------------------------------------

    @property
    def fired(self) -> list[str]:
        """Every cue that sounded (or would have, if not muted), in order."""
        return [name for _, name, how in self.log if how != "merged"]

    @property
    def paused(self) -> bool:
        return self.settings.pause_in_background and (self.minimised or not self.focused)

    def emit(self, *names: str) -> None:
        """Cues to be heard at the end of this step; an unknown name is a programming error."""
        for name in names:
            if name not in CUES or CUES[name].kind == "music":
                raise KeyError(f"no sound cue {name!r}")
            self.batch.append(name)

    def flush(self) -> None:
        """Sound what was emitted since the last flush, merged as the module docstring says."""
        batch, self.batch = self.batch, []
        if not batch:
            return
        stingers = [n for n in batch if CUES[n].kind == "stinger"]
        if stingers:
            rest = stingers[1:]
            keep = [stingers[0]] + ([max(rest, key=lambda n: CUES[n].priority)] if rest else [])
        else:
            keep = [max(batch, key=lambda n: CUES[n].priority)]
        first = True
        for name in batch:
            if name in keep:
                self._record(name, self._play(name, queued=not first))
                keep.remove(name)
                first = False
            else:
                self._record(name, "merged")

    def _play(self, name: str, queued: bool) -> str:
        if not self.enabled:
            return "silent"
        if self.settings.muted:
            return "muted"
        if self.paused:
            return "paused"
        sound = self.sound(name)
        if CUES[name].kind == "ui":
            self.ui.play(sound)
            self.ui.set_volume(self.settings.master_volume * self.settings.effects_volume)
            return "played"
        if queued and self.stinger.get_busy():
            self.stinger.queue(sound)
        else:
            self.stinger.play(sound)
        self.stinger.set_volume(self.settings.master_volume * self.settings.effects_volume)
        start = max(self.clock(), self.duck_until)
        self.duck_until = start + sound.get_length()
        return "played"

    def _record(self, name: str, how: str) -> None:
        at = self.clock() - self.started
        self.log.append((at, name, how))
        if self.log_file is not None:
            with contextlib.suppress(OSError, ValueError):
                self.log_file.write(f"{at:9.3f} {name} {how}\n")

    # -- sounds and their overrides ------------------------------------------------

    def use_level_folder(self, folder: Path | None) -> None:
        """A level's own `sounds/` folder, consulted before the built-in sounds."""
        if folder != self.level_folder:
            self.level_folder = folder
            self.sounds.clear()
            self.overrides.clear()

    def override(self, name: str) -> pygame.mixer.Sound | None:
        """A file named after the cue: the user's sounds folder first, then the level's."""
        if name not in self.overrides:
            self.overrides[name] = self._find_override(name)
        return self.overrides[name]

    def _find_override(self, name: str) -> pygame.mixer.Sound | None:
        for folder in (self.user_folder, self.level_folder):
            if folder is None:
                continue
            for ext in SOUND_EXTENSIONS:
                path = folder / f"{name}.{ext}"
                try:
                    if not path.is_file():
                        continue
                    if path.stat().st_size > MAX_SOUND_FILE:
                        problem = "larger than 32 MB"
                    else:
                        sound = pygame.mixer.Sound(str(path))
                        if sound.get_length() <= MAX_SOUND_SECONDS:
                            return sound
                        problem = "longer than 10 minutes"
                except (OSError, pygame.error):
                    problem = "unreadable"
                self._record(name, f"override {path.name} {problem}")
        return None

    def sound(self, name: str) -> pygame.mixer.Sound:
        found = self.sounds.get(name)
        if found is None:
            found = self.override(name)
            if found is None:
                pcm = RENDERER.render(name, self.rate)
                if self.channels == 1:
                    pcm = np.ascontiguousarray(pcm.mean(axis=1).astype(np.int16))
                found = pygame.mixer.Sound(buffer=pcm.tobytes())
            self.sounds[name] = found
        return found

    def _music_ready(self, name: str) -> bool:
        return self.override(name) is not None or RENDERER.ready(name, self.rate)

    # -- music, volumes, focus ---------------------------------------------------

    def music(self, name: str) -> None:
        """Fade to this loop ("" for none); it starts once it has been composed."""
        if name and CUES.get(name) is None:
            raise KeyError(f"no music cue {name!r}")
        if name == self.wanted_music:
            return
        self.wanted_music = name
        for m in self.music_channels:
            if m.name != name:
                m.target = 0.0
        self.update()

    def _start_music(self) -> None:
        name = self.wanted_music
        if not name or self.paused or any(m.name == name for m in self.music_channels):
            return
        if not self._music_ready(name):
            return
        free = min(self.music_channels, key=lambda m: m.level)
        free.channel.play(self.sound(name), loops=-1)
        free.name, free.level, free.target = name, 0.0, 1.0
        self._record(name, "music")

    def update(self) -> None:
        """Advance fades and ducking; called every step of the window."""
        now = self.clock()
        dt, self._last = min(0.25, now - self._last), now
        if not self.enabled:
            return
        self._start_music()
        duck_to = DUCK_LEVEL if now < self.duck_until else 1.0
        rate = 1 / 0.15 if duck_to < self.duck else 1 / DUCK_RELEASE
        self.duck = _toward(self.duck, duck_to, dt * rate)
        st = self.settings
        base = 0.0 if st.muted else st.master_volume * st.music_volume
        for m in self.music_channels:
            m.level = _toward(m.level, m.target, dt / MUSIC_FADE)
            if m.name and m.level <= 0.0 and m.target <= 0.0:
                m.channel.stop()
                m.name = ""
            m.channel.set_volume(m.level * base * self.duck)

    def wake_ms(self, idle_ms: int) -> int:
        """How long the window may sleep without letting a fade stall."""
        if not self.enabled:
            return idle_ms
        fading = any(m.level != m.target for m in self.music_channels)
        waiting = (
            bool(self.wanted_music)
            and RENDERER.busy
            and not any(m.name == self.wanted_music for m in self.music_channels)
        )
        ducking = self.duck != 1.0 or self.clock() < self.duck_until
        return FAST_WAKE_MS if fading or waiting or ducking else idle_ms

    def configure(self) -> None:
        """The settings changed (volumes, mute, pausing): apply them now."""
        if self.enabled:
            effects = self.settings.master_volume * self.settings.effects_volume
            for ch in (self.stinger, self.ui):
                ch.set_volume(0.0 if self.settings.muted else effects)
        self._pause(self.paused)
        self.update()

    def window_event(self, kind: int) -> None:
        """Focus and minimise events from the window."""
        if kind == pygame.WINDOWFOCUSLOST:
            self.focused = False
        elif kind == pygame.WINDOWFOCUSGAINED:
            self.focused = True
        elif kind in (pygame.WINDOWMINIMIZED, pygame.WINDOWHIDDEN):
            self.minimised = True
        elif kind in (pygame.WINDOWRESTORED, pygame.WINDOWSHOWN, pygame.WINDOWMAXIMIZED):
            self.minimised = False
        else:
            return
        self._pause(self.paused)

    def _pause(self, on: bool) -> None:
        if not self.enabled:
            return
        if on:
            pygame.mixer.pause()
        else:
            pygame.mixer.unpause()

    def close(self) -> None:
        if self.enabled:
            pygame.mixer.stop()
            pygame.mixer.quit()
            self.enabled = False
        if self.log_file is not None and self.log_file is not sys.stderr:
            self.log_file.close()
        self.log_file = None


def _toward(value: float, target: float, step: float) -> float:
    if value < target:
        return min(target, value + step)
    return max(target, value - step)
