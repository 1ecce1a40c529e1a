"""Sound: the cues a scripted turn sounds, the cue table, volumes, muting, pausing and overrides."""

from __future__ import annotations

import ast
import dataclasses
import json
import re
import wave
from pathlib import Path

import numpy as np
import pygame
import pytest

from game.core.outcomes import Accepted, Outcome
from game.ui.audio import bus as bus_module
from game.ui.audio import listen
from game.ui.audio.bus import DUCK_LEVEL, SoundBus
from game.ui.audio.cues import CUES
from game.ui.audio.music import loop_seam
from game.ui.scene import Scene
from game.ui.scenes.menu import MenuScene
from game.ui.settings import Settings, load_settings
from game.ui.widgets import Slider

FINLAND_CAPITAL = (24.94, 60.17)
GAME_UI = Path(__file__).resolve().parents[2] / "game" / "ui"
README = Path(__file__).resolve().parents[2] / "README.md"


def heard(bus: SoundBus, since: int = 0) -> list[tuple[str, str]]:
    """(cue, what happened to it) after entry `since` of the log, music left out."""
    return [(name, how) for _, name, how in bus.log[since:] if CUES[name].kind != "music"]


def test_a_scripted_turn_sounds_an_action_a_refusal_an_event_and_the_end_of_turn(
    app, ui, levels_dir
) -> None:
    """From the menu: start the test level, hold a summit with Finland, press a disabled
    action, end the turn (the summit invitation arrives), put the event off, try to end the
    turn again (refused), then answer it."""
    bus = app.audio
    app.push(MenuScene(app))
    app.step()
    assert bus.wanted_music == "music.menu"
    ui.press("New game")
    ui.press("Start")
    assert bus.wanted_music == "music.play"
    assert heard(bus) == [("ui.click", "played"), ("ui.click", "played")]

    play = app.stack[0]
    ui.click(play.map.world_to_screen(*FINLAND_CAPITAL))
    ui.press("Actions")
    mark = len(bus.log)
    ui.press("Hold a dialogue / summit")
    assert heard(bus, mark) == [("action.done", "played"), ("ui.click", "merged")]

    mark = len(bus.log)
    exercise = ui.button("Joint exercise — small")
    assert not exercise.enabled
    ui.click(exercise.rect.center)
    assert heard(bus, mark) == [("ui.refused", "played")]

    ui.key(pygame.K_ESCAPE)
    mark = len(bus.log)
    ui.key(pygame.K_RETURN)
    news = heard(bus, mark)
    assert news[0] == ("turn.ended", "played")
    assert ("event.arrived.good", "played") in news  # trust and approval: every option helps
    assert len([n for n in news if n[1] == "played"]) == 2  # the chime, then one stinger

    ui.key(pygame.K_RETURN)  # close the summary: the event dialog opens
    assert ui.names[-1] == "EventDialog"
    ui.key(pygame.K_ESCAPE)
    while ui.names[-1] == "OfferDialog":
        ui.key(pygame.K_ESCAPE)
    mark = len(bus.log)
    ui.key(pygame.K_RETURN)  # the event still waits: the turn cannot end
    assert heard(bus, mark) == [("ui.refused", "played")]
    assert ui.names[-1] == "EventDialog"
    said = app.toasts[-1][0]
    assert said.startswith("The turn cannot end yet: answer the pending events first (")

    mark = len(bus.log)
    ui.key(pygame.K_1, "1")
    assert heard(bus, mark) == [("action.done", "played")]
    assert all(name in CUES for name in bus.fired)


def test_undo_and_news_cues_come_from_outcomes(playing) -> None:
    from game.core import commands as C

    session = playing.session
    bus = playing.audio
    session.issue(C.HoldDialogue("EST", "FIN"))
    playing.step()
    session.undo()
    playing.step()
    session.undo()  # nothing left to undo
    playing.step()
    assert heard(bus)[-3:] == [
        ("action.done", "played"),
        ("ui.undo", "played"),
        ("ui.refused", "played"),
    ]
    session.issue(C.HoldDialogue("EST", "FIN"))
    session.undo()
    playing.step()  # heard together, the undo wins
    assert heard(bus)[-2:] == [("action.done", "merged"), ("ui.undo", "played")]

    game = session.game
    me = game.player
    facts = [
        Outcome("AgreementSigned", "", (me, "FIN")),
        Outcome("AgreementSigned", "", ("LVA", "SWE")),  # not the player's: no cue
        Outcome("AgreementLeft", "", ("FIN", me)),
        Outcome("PromiseBroken", "", ("FIN", me)),
        Outcome("ElectionHeld", "", (me,)),
        Outcome("GovernmentChanged", "", (me,)),
        Outcome("ProposalDeclined", "", (me, "FIN")),
        Outcome("ProposalReceived", "", ("FIN", me)),
        Outcome("CrisisErupted", ""),
        Outcome("GameEnded", "", (me,), {"result": "defeat"}),
    ]
    assert listen.outcome_cues(game, facts) == [
        "agreement.signed",
        "agreement.broken",
        "promise.broken",
        "election.won",
        "election.lost",
        "proposal.declined",
        "proposal.received",
        "crisis.erupted",
        "defeat",
    ]


def test_crisis_near_sounds_once_when_tension_climbs_past_the_warning(playing) -> None:
    from game.core import commands as C

    game = playing.session.game
    warning = listen.CRISIS_WARNING * game.level.rules.crisis_level
    game.state.world_tension = warning + 1
    cues = listen.command_cues(game, C.EndTurn("EST"), Accepted(()), warning - 1)
    assert cues == ["turn.ended", "crisis.near"]
    assert listen.command_cues(game, C.EndTurn("EST"), Accepted(()), warning + 2) == ["turn.ended"]


def test_event_tone_follows_the_previewed_options(playing) -> None:
    game = playing.session.game
    # Accept (+trust, +approval) / send a minister (+trust) / decline (+approval): all help.
    assert listen.event_tone(game, "summit_invite", "FIN") == "good"
    # A town-hall tour costs capital for approval; proceeding costs approval: all cost, one hurts.
    assert listen.event_tone(game, "home_protests", None) == "bad"


def test_every_cue_in_the_table_has_a_sound() -> None:
    rate = 16000
    for cue in CUES.values():
        samples = cue.sound(rate)
        assert samples.dtype == np.float32 and samples.ndim == 2 and samples.shape[1] == 2
        assert samples.shape[0] > rate // 50, cue.name
        assert np.isfinite(samples).all(), cue.name
        peak = float(np.abs(samples).max())
        assert 0.05 < peak <= 1.0, (cue.name, peak)
        if cue.kind == "music":
            assert samples.shape[0] >= 20 * rate  # a loop long enough not to nag
            assert loop_seam(samples) < 1.0, cue.name  # the end joins the start
        else:
            assert float(np.abs(samples[-1]).max()) < 0.01, cue.name  # no click at the end


def _cue_like(text: str) -> bool:
    return re.fullmatch(r"[a-z]+(\.[a-z]+)+\.?", text) is not None


def test_every_emitted_cue_is_in_the_table() -> None:
    """Each cue name written in the window's code (emit calls, the outcome reader, screens'
    music) names a cue of the table, or begins one (the event tones)."""
    names: set[str] = set()
    for path in GAME_UI.rglob("*.py"):
        if path.name == "cues.py":
            continue
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if isinstance(node, ast.Call) and getattr(node.func, "attr", "") == "emit":
                names |= {a.value for a in node.args if isinstance(a, ast.Constant)}
            in_audio = path.parent.name == "audio" and isinstance(node, ast.Constant)
            if in_audio and isinstance(node.value, str) and _cue_like(node.value):
                names.add(node.value)
    names |= set(listen.ENDINGS.values())
    names |= {f"event.arrived.{tone}" for tone in ("good", "bad", "neutral")}
    assert "ui.click" in names and "action.done" in names and "victory" in names
    for name in names:
        assert name in CUES or any(c.startswith(name) for c in CUES if name.endswith(".")), name

    def scenes(cls: type[Scene]) -> list[type[Scene]]:
        return [cls, *(s for sub in cls.__subclasses__() for s in scenes(sub))]

    import game.ui.replay
    import game.ui.scenes.end

    assert game.ui.replay.ReplayScene.music and game.ui.scenes.end.EndScene.music is None

    music = {s.music for s in scenes(Scene) if s.music}
    assert {"music.menu", "music.play"} <= music
    assert all(CUES[m].kind == "music" for m in music)


def test_unknown_cues_are_refused(app) -> None:
    with pytest.raises(KeyError):
        app.audio.emit("ui.klick")
    with pytest.raises(KeyError):
        app.audio.music("music.disco")


def test_readme_lists_every_cue() -> None:
    text = README.read_text(encoding="utf-8")
    for name in CUES:
        assert f"`{name}`" in text, name


class FakeClock:
    def __init__(self) -> None:
        self.now = 100.0

    def __call__(self) -> float:
        return self.now


def _short_music(monkeypatch: pytest.MonkeyPatch) -> None:
    """A fresh renderer and a one-second loop, so the test does not compose the real music."""
    monkeypatch.setattr(bus_module, "RENDERER", bus_module._Renderer())
    loop = dataclasses.replace(
        CUES["music.play"],
        sound=lambda rate: np.full((rate, 2), 0.1, dtype=np.float32),
    )
    monkeypatch.setitem(CUES, "music.play", loop)


def test_music_fades_in_and_ducks_under_a_stinger(tmp_path, monkeypatch) -> None:
    _short_music(monkeypatch)
    clock = FakeClock()
    bus = SoundBus(Settings(), tmp_path / "sounds", clock=clock)
    try:
        assert not bus.enabled  # the window opens the device after its first frame
        bus.open()
        assert bus.enabled  # the dummy driver is a device
        bus_module.RENDERER.render("music.play", bus.rate)
        bus.music("music.play")
        (playing,) = [m for m in bus.music_channels if m.name == "music.play"]
        assert playing.channel.get_busy()
        clock.now += 5.0
        for _ in range(12):
            clock.now += 0.25
            bus.update()
        full = Settings().master_volume * Settings().music_volume
        assert playing.channel.get_volume() == pytest.approx(full, abs=0.01)
        assert bus.wake_ms(250) == 250  # nothing fading: the window may sleep

        bus.emit("turn.ended", "promise.kept", "event.arrived.bad")
        bus.flush()
        assert [h for _, _, h in bus.log[-3:]] == ["played", "merged", "played"]
        assert bus.stinger.get_sound() is bus.sound("turn.ended")
        assert bus.stinger.get_queue() is bus.sound("event.arrived.bad")  # follows the chime
        clock.now += 0.25
        bus.update()
        assert bus.duck == DUCK_LEVEL
        assert playing.channel.get_volume() == pytest.approx(full * DUCK_LEVEL, abs=0.01)
        assert bus.wake_ms(250) < 250  # the window wakes to bring the music back
        clock.now = bus.duck_until + 5
        for _ in range(5):
            clock.now += 0.25
            bus.update()
        assert bus.duck == 1.0

        bus.music("")
        for _ in range(12):
            clock.now += 0.25
            bus.update()
        assert not playing.channel.get_busy() and playing.name == ""
    finally:
        bus.close()


def test_mute_key_volume_sliders_and_pause_persist(app, ui) -> None:
    from game.ui.scenes.settings_scene import SettingsScene

    bus = app.audio
    app.push(MenuScene(app))
    app.step()
    ui.key(pygame.K_m, "m")
    assert app.settings.muted
    bus.emit("ui.click")
    app.step()
    assert heard(bus)[-1] == ("ui.click", "muted")
    ui.key(pygame.K_m, "m")
    assert not app.settings.muted

    app.push(SettingsScene(app))
    app.step()
    sliders = [w for w in app.top.widgets if isinstance(w, Slider)]
    assert [round(s.value) for s in sliders] == [80, 50, 80]
    music = sliders[1]
    track = music._track()
    ui.click((track.x + track.w // 4, track.centery))
    assert app.settings.music_volume == pytest.approx(0.25)
    ui.click((sliders[2]._track().x, sliders[2]._track().centery))
    assert app.settings.effects_volume == 0.0
    assert heard(bus)[-1] == ("ui.click", "played")  # the effects slider lets you hear it
    ui.press("Pause in background")
    assert app.settings.pause_in_background is False
    ui.press("Mute (M)")
    assert app.settings.muted

    saved = load_settings(app.config_dir)
    assert (saved.music_volume, saved.effects_volume) == (0.25, 0.0)
    assert saved.muted and not saved.pause_in_background


def test_focus_loss_pauses_sound_when_asked(app) -> None:
    bus = app.audio
    pygame.event.post(pygame.event.Event(pygame.WINDOWFOCUSLOST))
    app.step()
    assert bus.paused
    bus.emit("ui.click")
    app.step()
    assert heard(bus)[-1] == ("ui.click", "paused")
    pygame.event.post(pygame.event.Event(pygame.WINDOWFOCUSGAINED))
    app.step()
    bus.emit("ui.click")
    app.step()
    assert heard(bus)[-1] == ("ui.click", "played")

    app.settings.pause_in_background = False
    pygame.event.post(pygame.event.Event(pygame.WINDOWMINIMIZED))
    app.step()
    assert not bus.paused


def test_bad_volumes_fall_back_to_defaults() -> None:
    defaults = Settings()
    s = Settings.from_dict(
        {"master_volume": float("nan"), "music_volume": 7, "effects_volume": "loud", "muted": 1}
    )
    assert s.master_volume == defaults.master_volume
    assert s.music_volume == 1.0
    assert s.effects_volume == defaults.effects_volume
    assert s.muted is False
    assert Settings.from_dict(json.loads('{"music_volume": -Infinity}')).music_volume == 0.5


def test_no_audio_device_is_silent_and_quiet(tmp_path, monkeypatch, capfd) -> None:
    """A driver that cannot open: no sound, no warning, but the cues are still logged."""
    monkeypatch.setenv("SDL_AUDIODRIVER", "no-such-driver")
    log = tmp_path / "cues.log"
    monkeypatch.setenv(bus_module.CUE_LOG_ENV, str(log))
    bus = SoundBus(Settings(), None)
    try:
        bus.open()
        assert not bus.enabled
        bus.emit("turn.ended", "event.arrived.bad")
        bus.flush()
        bus.music("music.play")
        bus.update()
    finally:
        bus.close()
    out, err = capfd.readouterr()
    assert out == "" and err == ""
    lines = log.read_text(encoding="utf-8").split("\n")
    assert [ln.split()[1:] for ln in lines if ln] == [
        ["turn.ended", "silent"],
        ["event.arrived.bad", "silent"],
    ]


def _write_wav(path: Path, seconds: float, rate: int = 22050) -> None:
    t = np.arange(round(seconds * rate)) / rate
    pcm = (0.3 * np.sin(2 * np.pi * 440 * t) * 32767).astype(np.int16)
    with wave.open(str(path), "wb") as w:
        w.setnchannels(1)
        w.setsampwidth(2)
        w.setframerate(rate)
        w.writeframes(pcm.tobytes())


def test_sound_files_named_after_a_cue_replace_it(tmp_path) -> None:
    user, level = tmp_path / "user", tmp_path / "level"
    user.mkdir()
    level.mkdir()
    _write_wav(user / "ui.click.wav", 0.5)
    _write_wav(level / "ui.click.wav", 0.25)
    _write_wav(level / "turn.ended.wav", 0.75)
    (level / "victory.ogg").write_bytes(b"not a sound at all")
    bus = SoundBus(Settings(), user)
    try:
        bus.open()
        bus.use_level_folder(level)
        assert bus.sound("ui.click").get_length() == pytest.approx(0.5, abs=0.01)  # user wins
        assert bus.sound("turn.ended").get_length() == pytest.approx(0.75, abs=0.01)
        built_in = CUES["victory"].sound(bus.rate).shape[0] / bus.rate
        assert bus.sound("victory").get_length() == pytest.approx(built_in, abs=0.01)
        assert ("victory", "override victory.ogg unreadable") in [(n, h) for _, n, h in bus.log]
        bus.use_level_folder(None)
        assert bus.sound("turn.ended").get_length() != pytest.approx(0.75, abs=0.01)
    finally:
        bus.close()


def test_the_device_opens_after_the_first_frame(app) -> None:
    app.push(MenuScene(app))
    app.draw()
    assert not app.audio.opened  # the menu does not wait for a device probe
    app.step()
    assert app.audio.opened and app.audio.enabled
