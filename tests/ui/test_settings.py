"""Settings: defaults, repairs of a damaged file, and atomic writes."""

from __future__ import annotations

import json

from game.saves.store import saves_folder
from game.ui.settings import (
    WINDOW_SIZES,
    Settings,
    config_dir,
    data_dir,
    fit_window,
    load_settings,
    save_settings,
    window_choices,
)


def test_missing_or_damaged_file_gives_defaults(tmp_path) -> None:
    assert load_settings(tmp_path) == Settings()
    (tmp_path / "settings.json").write_text("{oops", encoding="utf-8")
    assert load_settings(tmp_path) == Settings()


def test_wrong_values_fall_back_or_clamp(tmp_path) -> None:
    raw = {"ui_scale": 1.3, "fullscreen": "yes", "window_width": 100, "colourblind": True, "x": 1}
    (tmp_path / "settings.json").write_text(json.dumps(raw), encoding="utf-8")
    s = load_settings(tmp_path)
    assert s.ui_scale == 1.25 and s.fullscreen is False and s.window_width == 800
    assert s.colourblind is True


def test_round_trip_leaves_no_temp_files(tmp_path) -> None:
    folder = tmp_path / "cfg"
    s = Settings(ui_scale=1.5, animation_speed=0.5, map_mode="blocs")
    save_settings(folder, s)
    save_settings(folder, s)
    assert load_settings(folder) == s
    assert [p.name for p in folder.iterdir()] == ["settings.json"]


def test_screenshots_and_saves_share_the_data_folder(tmp_path, monkeypatch) -> None:
    """$FORGING_ALLIANCES_DATA moves saves and screenshots alike; --data-dir beats it."""
    monkeypatch.setenv("FORGING_ALLIANCES_DATA", str(tmp_path / "env"))
    assert data_dir() == tmp_path / "env"
    assert saves_folder().parent == data_dir()
    assert data_dir(tmp_path / "flag") == tmp_path / "flag"


def test_values_no_one_chose_fall_back_with_one_warning_line(tmp_path) -> None:
    """Infinity, NaN, a 400-digit number and wrong types never stop the game from starting."""
    text = (
        '{"window_width": Infinity, "window_height": NaN, "ui_scale": 1' + "0" * 400 + ", "
        '"animation_speed": -Infinity, "fullscreen": 1, "map_mode": ["blocs"], "colourblind": true}'
    )
    (tmp_path / "settings.json").write_text(text, encoding="utf-8")
    warnings: list[str] = []
    s = load_settings(tmp_path, warnings.append)
    defaults = Settings()
    assert s == Settings(colourblind=True)
    assert s.window_size == defaults.window_size
    (line,) = warnings
    assert "\n" not in line
    for part in ("window_width (inf)", "window_height (nan)", "ui_scale (", "fullscreen (1)"):
        assert part in line, line
    assert line.endswith("using the defaults instead")


def test_a_damaged_file_gives_defaults_with_one_warning(tmp_path) -> None:
    warnings: list[str] = []
    (tmp_path / "settings.json").write_text('{"ui_scale": 1' + "0" * 5000 + "}", encoding="utf-8")
    assert load_settings(tmp_path, warnings.append) == Settings()
    (tmp_path / "settings.json").write_text("[1, 2]", encoding="utf-8")
    assert load_settings(tmp_path, warnings.append) == Settings()
    assert len(warnings) == 2
    assert "ignored ui_scale" in warnings[0] and "not a JSON object" in warnings[1]
    assert load_settings(tmp_path / "none", warnings.append) == Settings()
    assert len(warnings) == 2  # a missing file is no problem


def test_settings_follow_the_data_folder(tmp_path, monkeypatch) -> None:
    """--data-dir or $FORGING_ALLIANCES_DATA moves settings with saves; an explicit config
    folder beats both."""
    monkeypatch.delenv("FORGING_ALLIANCES_DATA", raising=False)
    assert config_dir(None, tmp_path / "flag") == tmp_path / "flag"
    monkeypatch.setenv("FORGING_ALLIANCES_DATA", str(tmp_path / "env"))
    assert config_dir() == tmp_path / "env"
    assert config_dir(tmp_path / "cfg", tmp_path / "flag") == tmp_path / "cfg"


def test_a_window_size_from_a_larger_screen_is_shrunk_to_fit_keeping_its_shape() -> None:
    """1600×900 kept from a desktop monitor opens at 1280×720 on a 1280×720 screen and at
    1365×768 on a 1366×768 laptop; a size that fits, or an unknown screen, keeps it."""
    assert fit_window((1600, 900), (1280, 720)) == (1280, 720)
    assert fit_window((1600, 900), (1366, 768)) == (1365, 768)
    assert fit_window((1920, 1080), (1280, 1024)) == (1280, 720)
    assert fit_window((1280, 720), (1920, 1080)) == (1280, 720)
    assert fit_window((1600, 900), None) == (1600, 900)


def test_the_settings_offer_only_window_sizes_that_fit_the_screen() -> None:
    assert window_choices((1280, 720)) == ((1280, 720),)
    assert window_choices((1600, 900)) == ((1280, 720), (1440, 810), (1600, 900))
    assert window_choices((1024, 600)) == WINDOW_SIZES[:1]
    assert window_choices(None) == WINDOW_SIZES


def test_the_window_opens_within_the_screen_and_the_settings_keep_the_size_asked(
    tmp_path, monkeypatch
) -> None:
    """Settings saved at 1600×900 on a 1280×720 screen: the window opens at 1280×720, the
    size choices stop at 1280×720 (shown as the size in use), and the settings file still
    asks for 1600×900 (a larger screen later gets it back)."""
    from game.ui.app import App
    from game.ui.scenes.settings_scene import SettingsScene
    from game.ui.widgets import Button

    monkeypatch.setattr(App, "desktop_size", lambda self: (1280, 720))
    save_settings(tmp_path / "c", Settings(window_width=1600, window_height=900))
    app = App(config=tmp_path / "c", data=tmp_path / "d")
    try:
        assert app.size == (1280, 720)
        scene = SettingsScene(app)
        app.push(scene)
        app.step()
        buttons = [w for w in scene.widgets if isinstance(w, Button)]
        sizes = {w.text: w.selected for w in buttons if "×" in w.text}
        assert sizes == {"1280×720": True}
        assert load_settings(tmp_path / "c").window_size == (1600, 900)
    finally:
        app.close()
