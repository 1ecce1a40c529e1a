"""The settings screen: window, UI scale, colour-blind palette, animation speed, and sound."""

from __future__ import annotations

import functools
from typing import TYPE_CHECKING, Any

import pygame

from game.ui import theme as T
from game.ui.scene import Pop, Transition
from game.ui.scenes.dialog import Dialog
from game.ui.settings import ANIMATION_SPEEDS, UI_SCALES, window_choices
from game.ui.widgets import Button, Label, Slider, Toggle

if TYPE_CHECKING:
    from game.ui.app import App

SPEED_NAMES = {0.0: "Off", 0.5: "Slow", 1.0: "Normal", 2.0: "Fast"}


class SettingsScene(Dialog):
    """Every change applies at once and is written to settings.json."""

    width, height = 760, 560

    def __init__(self, app: App) -> None:
        super().__init__(app, "Settings")

    def build(self, body: pygame.Rect) -> None:
        th = self.theme
        st = self.app.settings
        label_w = th.px(210)
        rh, gap = th.px(34), th.px(12)
        y = body.y + th.px(6)

        def choices(label: str, options: list[tuple[str, Any, bool]], pick: Any) -> None:
            nonlocal y
            self.widgets.append(Label(pygame.Rect(body.x, y, label_w, rh), label, 15, bold=True))
            x = body.x + label_w
            w = (body.right - x - th.px(6) * (len(options) - 1)) // len(options)
            for text, value, selected in options:
                r = pygame.Rect(x, y, w, rh)
                self.widgets.append(
                    Button(
                        r,
                        text,
                        functools.partial(pick, value),
                        style="paper",
                        selected=selected,
                        size=14,
                    )
                )
                x += w + th.px(6)
            y += rh + gap

        size_now = self.app.window_size()  # as it opened, fitted to the screen
        choices(
            "Window size",
            [
                (f"{w}×{h}", (w, h), (w, h) == size_now)
                for w, h in window_choices(self.app.desktop_size())
            ],
            self.set_size,
        )
        self.widgets.append(Label(pygame.Rect(body.x, y, label_w, rh), "Fullscreen", 15, bold=True))
        self.widgets.append(
            Toggle(
                pygame.Rect(body.x + label_w, y, body.w - label_w, rh),
                "Fill the screen (F11)",
                st.fullscreen,
                self.set_fullscreen,
            )
        )
        y += rh + gap
        choices(
            "UI scale",
            [(f"{round(s * 100)}%", s, s == st.ui_scale) for s in UI_SCALES],
            self.set_scale,
        )
        self.widgets.append(
            Label(pygame.Rect(body.x, y, label_w, rh), "Colour-blind palette", 15, bold=True)
        )
        self.widgets.append(
            Toggle(
                pygame.Rect(body.x + label_w, y, body.w - label_w, rh),
                "Blue–orange colours, safe for all colour vision",
                st.colourblind,
                self.set_colourblind,
            )
        )
        y += rh + gap
        choices(
            "Animation speed",
            [(SPEED_NAMES[s], s, s == st.animation_speed) for s in ANIMATION_SPEEDS],
            self.set_speed,
        )
        self.sound_rows(body, y, label_w, rh + gap)
        note = f"Saved to {self.app.config_dir / 'settings.json'}"
        self.widgets.append(
            Label(
                pygame.Rect(body.x, body.bottom - th.px(40), body.w - th.px(160), th.px(40)),
                note,
                12,
                T.INK_DIM,
            )
        )
        done = pygame.Rect(0, 0, th.px(140), th.px(38))
        done.bottomright = body.bottomright
        self.widgets.append(Button(done, "Done", Pop, style="primary", hotkey="Esc"))

    def sound_rows(self, body: pygame.Rect, y: int, label_w: int, row: int) -> None:
        """Master, music and effects volume sliders; mute and pause-in-background switches."""
        st = self.app.settings
        rh = row - self.theme.px(12)
        for label, field in (
            ("Master volume", "master_volume"),
            ("Music", "music_volume"),
            ("Effects", "effects_volume"),
        ):
            self.widgets.append(Label(pygame.Rect(body.x, y, label_w, rh), label, 15, bold=True))
            self.widgets.append(
                Slider(
                    pygame.Rect(body.x + label_w, y, body.w - label_w, rh),
                    0,
                    100,
                    round(getattr(st, field) * 100),
                    functools.partial(self.set_volume, field),
                    step=5,
                    fmt=lambda v: f"{v:.0f}%",
                )
            )
            y += row
        half = (body.w - label_w - self.theme.px(6)) // 2
        self.widgets.append(Label(pygame.Rect(body.x, y, label_w, rh), "Sound", 15, bold=True))
        self.widgets.append(
            Toggle(pygame.Rect(body.x + label_w, y, half, rh), "Mute (M)", st.muted, self.mute)
        )
        self.widgets.append(
            Toggle(
                pygame.Rect(body.right - half, y, half, rh),
                "Pause in background",
                st.pause_in_background,
                self.set_pause_in_background,
            )
        )

    def set_volume(self, field: str, percent: float) -> Transition:
        setattr(self.app.settings, field, percent / 100)
        self.app.audio.configure()
        if field != "music_volume":
            self.app.audio.emit("ui.click")  # hear the new level
        self.app.save_settings()
        return None

    def mute(self, on: bool) -> Transition:
        self.app.set_muted(on)
        return None

    def set_pause_in_background(self, on: bool) -> Transition:
        self.app.settings.pause_in_background = on
        self.app.audio.configure()
        self.app.save_settings()
        return None

    def set_size(self, size: tuple[int, int]) -> Transition:
        st = self.app.settings
        st.window_width, st.window_height = size
        self.app.apply_settings(resize=True)
        return None

    def set_fullscreen(self, on: bool) -> Transition:
        self.app.set_fullscreen(on)
        self.relayout()
        return None

    def set_scale(self, scale: float) -> Transition:
        self.app.settings.ui_scale = scale
        self.app.apply_settings()
        return None

    def set_colourblind(self, on: bool) -> Transition:
        self.app.settings.colourblind = on
        self.app.apply_settings()
        return None

    def set_speed(self, speed: float) -> Transition:
        self.app.settings.animation_speed = speed
        self.app.apply_settings()
        return None
