"""Settings: defaults, repairs of a damaged file, and atomic writes."""

from __future__ import annotations

import json

from game.saves.store import saves_folder
from game.ui.settings import Settings, data_dir, load_settings, save_settings


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
