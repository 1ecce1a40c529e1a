"""Settings: defaults, repairs of a damaged file, and atomic writes."""

from __future__ import annotations

import json

from game.saves.store import saves_folder
from game.ui.settings import Settings, config_dir, data_dir, load_settings, save_settings


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
