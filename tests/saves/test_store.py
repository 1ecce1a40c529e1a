"""The saves folder: where it is, named slots, autosave rotation and the load menu's listing."""

from __future__ import annotations

import json
import os
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from game.core.game import Game
from game.saves.atomic import backup_path
from game.saves.container import base_text, pack, unpack
from game.saves.format import (
    LevelMeta,
    LevelResolver,
    SaveError,
    checksum_of,
    load_game,
    load_save,
    readable,
)
from game.saves.store import (
    DATA_ENV,
    autosave,
    autosave_paths,
    latest_autosave,
    list_saves,
    save_to_slot,
    saves_folder,
    slot_path,
    user_data_folder,
)

NewGame = Callable[..., tuple[Game, LevelMeta]]
Play = Callable[[Game, int], None]
CREATED = "2027-01-01T09:00:00+00:00"


def test_the_data_folder_comes_from_the_argument_then_the_environment(
    tmp_path: Path, data_home: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    assert user_data_folder() == data_home
    assert user_data_folder(tmp_path / "mine") == tmp_path / "mine"
    assert saves_folder() == data_home / "saves"
    assert saves_folder().is_dir()

    monkeypatch.delenv(DATA_ENV)
    default = user_data_folder()
    assert default.name == "forging-alliances"
    assert default != data_home


def test_opening_the_saves_folder_sweeps_dead_writers_temps(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = tmp_path / "elsewhere" / "saves"
    folder.mkdir(parents=True)
    stale = folder / ".game.json.tmp-999999999-1"
    stale.write_text("half a save")

    assert saves_folder(tmp_path / "elsewhere") == folder
    assert not stale.exists()


def test_autosave_appends_each_turn_and_keeps_the_last_three_rewrites(
    new_game: NewGame, play: Play, rebuild: LevelResolver
) -> None:
    """Each end of turn appends to autosave-1; when its journal has grown as large as the save
    before it, the file is rewritten whole and the earlier rewrites move down."""
    g, meta = new_game()
    newest = autosave_paths()[0]
    rewrites: list[int] = []
    for turn in range(1, 31):
        play(g, 1)
        before = newest.stat().st_size if newest.exists() else 0
        autosave(g, level_meta=meta, created=CREATED)
        if newest.stat().st_size < before or not before:
            rewrites.append(turn)
        assert load_save(newest).turn == turn

    assert rewrites[0] == 1 and 3 <= len(rewrites) <= 15, rewrites
    paths = autosave_paths()
    turns = [load_save(p).turn for p in paths]
    assert turns[0] == 30 and turns[0] > turns[1] > turns[2]
    names = sorted(p.name for p in saves_folder().iterdir())
    assert names == ["autosave-1.json", "autosave-2.json", "autosave-3.json"]
    assert latest_autosave() == paths[0]
    assert load_game(latest_autosave() or Path(), rebuild).state.state_hash() == (
        g.state.state_hash()
    )


def test_an_autosave_cut_short_in_its_last_append_loads_the_turn_before(
    new_game: NewGame, play: Play
) -> None:
    """A crash while appending leaves part of a journal entry: the game before it loads."""
    g, meta = new_game()
    play(g, 1)
    newest = autosave(g, level_meta=meta, created=CREATED)
    play(g, 1)
    size = newest.stat().st_size
    autosave(g, level_meta=meta, created=CREATED)
    assert newest.stat().st_size > size, "the second autosave appends"
    raw = newest.read_bytes()
    for cut in (size + 5, (size + len(raw)) // 2, len(raw) - 1):
        newest.write_bytes(raw[:cut])
        assert load_save(newest).turn == 1
    newest.write_bytes(raw + bytes(4096))  # a crash can leave the file's end zero-filled
    assert load_save(newest).turn == 2
    damaged = bytearray(raw)
    damaged[(size + len(raw)) // 2] ^= 0xFF
    newest.write_bytes(bytes(damaged))
    with pytest.raises(SaveError, match="journal entry 1 is damaged"):
        load_save(newest)


def test_the_latest_autosave_skips_a_damaged_one(new_game: NewGame, play: Play) -> None:
    g, meta = new_game()
    assert latest_autosave() is None
    first, second, _ = autosave_paths()
    while not second.exists():
        play(g, 1)
        autosave(g, level_meta=meta, created=CREATED)
    first.write_bytes(first.read_bytes()[:100])

    assert latest_autosave() == second


def test_a_damaged_autosave_never_pushes_an_intact_one_out(
    new_game: NewGame, play: Play, rebuild: LevelResolver
) -> None:
    """Continue from the second autosave after the first was damaged, and play on: the new
    rewrite takes the first place, the intact ones close up behind it, the damaged one goes."""
    from game.saves import journal

    g, meta = new_game()
    paths = autosave_paths()
    while not paths[2].exists():
        play(g, 1)
        autosave(g, level_meta=meta, created=CREATED)
    turns = [load_save(p).turn for p in paths]
    raw = bytearray(paths[0].read_bytes())
    raw[len(raw) // 2] ^= 0x01
    paths[0].write_bytes(bytes(raw))
    journal._tails.clear()  # a new process: it knows nothing of these files
    journal._written.clear()
    resumed = load_game(paths[1], rebuild)
    play(resumed, 1)

    autosave(resumed, level_meta=meta, created=CREATED)

    assert [load_save(p).turn for p in paths] == [turns[1] + 1, turns[1], turns[2]]
    play(resumed, 1)
    autosave(resumed, level_meta=meta, created=CREATED)
    assert load_save(paths[0]).turn == turns[1] + 2


@pytest.mark.parametrize("version", [2, 3, 4])
def test_readable_tells_an_intact_save_of_any_layout_from_a_damaged_one(version: int) -> None:
    raw = (Path(__file__).parent / "fixtures" / f"save_v{version}.json").read_bytes()
    assert readable(raw)
    text = base_text(raw)
    edited = text.replace('"Nation 0"', '"Nation 9"', 1).encode()
    assert edited != text.encode() and not readable(pack(edited))
    assert not readable(raw[: len(raw) // 2])


def test_named_slots_keep_a_backup(new_game: NewGame, play: Play) -> None:
    g, meta = new_game()
    play(g, 1)
    path = save_to_slot(g, "My campaign!", level_meta=meta, created=CREATED)
    play(g, 1)
    assert save_to_slot(g, "My campaign!", level_meta=meta, created=CREATED) == path

    assert path == saves_folder() / "My-campaign-8e9b1b0e.json"
    assert load_save(path).turn == 2
    assert load_save(backup_path(path)).turn == 1


def test_the_load_menu_lists_a_save_by_the_name_typed(new_game: NewGame, play: Play) -> None:
    g, meta = new_game()
    save_to_slot(g, "Baltic-run", level_meta=meta, created=CREATED, title="  Baltic   run\n")
    autosave(g, level_meta=meta, created=CREATED)
    infos = {i.name: i for i in list_saves()}
    assert infos["Baltic-run"].label == "Baltic run"
    assert infos["autosave-1"].label == "autosave-1"  # autosaves keep their file's name


@pytest.mark.parametrize("name", ["", "  ", "!!!", "autosave-1", "AUTOSAVE-1", "Con", "\ud800"])
def test_unusable_and_reserved_slot_names_are_refused(name: str) -> None:
    with pytest.raises(ValueError, match=r"not usable|reserved"):
        slot_path(name)


def test_slot_names_keep_their_letters_and_never_share_a_file() -> None:
    assert slot_path("ünï").name == "ünï.json"
    assert slot_path("Кампания").name == "Кампания.json"
    assert slot_path("u\u0308ni").name == slot_path("üni").name  # one letter, two spellings
    names = ["ünï", "uni", "n", "a b", "a-b", "a_b", "a!", "a?", "北京 2027", "北京-2027"]
    names += ["a-b-7faae47c", "x" * 100, "x" * 101]
    files = [slot_path(n).name for n in names]
    assert len(set(files)) == len(names), files
    assert all(len(f.encode()) < 255 for f in files)


def test_the_list_shows_every_save_and_survives_garbage(new_game: NewGame, play: Play) -> None:
    g, meta = new_game()
    play(g, 2)
    good = save_to_slot(g, "good", level_meta=meta, created=CREATED)
    play(g, 1)
    autosave(g, level_meta=meta, created="2027-02-02T10:00:00+00:00")
    folder = saves_folder()
    (folder / "garbage.json").write_bytes(bytes(range(256)))
    (folder / "empty.json").write_bytes(b"")
    (folder / "notes.txt").write_text("not a save")
    (folder / ".game.json.tmp-1-1").write_text("{")
    (folder / "sub.json").mkdir()
    os.utime(good, (1_800_000_000, 1_800_000_000))  # newest, so it is listed first

    infos = list_saves()

    by_name = {i.name: i for i in infos}
    assert sorted(by_name) == ["autosave-1", "empty", "garbage", "good", "sub"]
    assert infos[0].name == "good"
    ok = by_name["good"]
    assert ok.ok and not ok.is_autosave
    assert (ok.level_title, ok.turn, ok.result, ok.created) == (
        g.level.title,
        2,
        None,
        CREATED,
    )
    assert ok.date_label == "Q3 2027"
    assert ok.modified == 1_800_000_000
    auto = by_name["autosave-1"]
    assert auto.ok and auto.is_autosave and auto.turn == 3
    assert by_name["garbage"].problem == "not a save file (binary data)"
    assert by_name["empty"].problem == "corrupt (the file is empty)"
    assert by_name["sub"].problem == "is a folder, not a save file"
    assert not any(i.ok for i in (by_name["garbage"], by_name["empty"], by_name["sub"]))


def test_the_list_names_a_backup_next_to_a_damaged_save(new_game: NewGame, play: Play) -> None:
    g, meta = new_game()
    path = save_to_slot(g, "slot", level_meta=meta, created=CREATED)
    play(g, 1)
    save_to_slot(g, "slot", level_meta=meta, created=CREATED)
    text = base_text(path.read_bytes())
    assert '"player_name":"Nation 0"' in text
    path.write_text(text.replace('"player_name":"Nation 0"', '"player_name":"Nation 9"'))

    (info,) = list_saves()

    assert info.problem == "corrupt (checksum mismatch)"
    assert info.backup == backup_path(path)


def slot_after_a_turn(new_game: NewGame, play: Play) -> tuple[Game, LevelMeta, Path]:
    """A game one turn in, saved to the slot "slot"."""
    g, meta = new_game()
    play(g, 1)
    return g, meta, save_to_slot(g, "slot", level_meta=meta, created=CREATED)


def test_a_listed_file_is_read_again_when_its_bytes_change_even_at_the_same_size(
    new_game: NewGame, play: Play
) -> None:
    g, meta, path = slot_after_a_turn(new_game, play)
    (first,) = list_saves()
    assert first.ok and first.turn == 1
    stat = path.stat()
    raw = bytearray(path.read_bytes())
    raw[len(raw) // 2] ^= 0x01  # one bit of the compressed stream
    path.write_bytes(bytes(raw))
    os.utime(path, ns=(stat.st_atime_ns, stat.st_mtime_ns))  # the same time, as a fast edit has
    assert (path.stat().st_size, path.stat().st_ino) == (stat.st_size, stat.st_ino)

    (second,) = list_saves()
    assert second.problem is not None and second.problem.startswith("corrupt")
    play(g, 1)
    save_to_slot(g, "slot", level_meta=meta, created=CREATED)
    (third,) = list_saves()
    assert third.ok and third.turn == 2


def test_a_file_that_failed_to_read_for_another_reason_is_read_again(
    new_game: NewGame, play: Play, monkeypatch: pytest.MonkeyPatch
) -> None:
    from game.saves import store

    slot_after_a_turn(new_game, play)
    decode = store.decode_save

    def fails(*args: Any) -> Any:
        raise MemoryError

    monkeypatch.setattr(store, "decode_save", fails)
    (first,) = list_saves()
    assert first.problem == "cannot be read (MemoryError())"
    monkeypatch.setattr(store, "decode_save", decode)
    (second,) = list_saves()
    assert second.ok and second.turn == 1


def test_an_autosave_never_appends_past_the_read_limit(
    new_game: NewGame, play: Play, monkeypatch: pytest.MonkeyPatch
) -> None:
    """An append that would make the file larger than a save may be is a rewrite instead."""
    from game.saves import journal

    g, meta = new_game()
    play(g, 1)
    newest = autosave(g, level_meta=meta, created=CREATED)
    monkeypatch.setattr(journal, "MAX_SAVE_BYTES", newest.stat().st_size + 100)
    play(g, 1)
    autosave(g, level_meta=meta, created=CREATED)
    assert load_save(autosave_paths()[1]).turn == 1, "rewritten: the first moved down"
    assert load_save(newest).turn == 2


def _journal(path: Path) -> list[dict[str, Any]]:
    members, torn = unpack(path.read_bytes())
    assert not torn
    return [json.loads(m) for m in members[1:]]


def _rewrite_entry(path: Path, k: int, change: Callable[[dict[str, Any]], None]) -> None:
    """Change journal entry `k` and make its checksum match, as a deliberate tamperer would."""
    members, _ = unpack(path.read_bytes())
    entry = json.loads(members[k])
    change(entry)
    entry["checksum"] = checksum_of(entry)
    members[k] = json.dumps(entry).encode()
    path.write_bytes(b"".join(pack(m) for m in members))


def test_a_journal_entry_adds_only_the_new_rows_of_history(new_game: NewGame, play: Play) -> None:
    """The history grows by a row a turn; an entry holds the rows added since the one before,
    so an append costs the same however long the game has run."""
    g, meta = new_game()
    newest = autosave_paths()[0]
    longest: list[dict[str, Any]] = []
    for _ in range(12):
        play(g, 1)
        autosave(g, level_meta=meta, created=CREATED)
        # A whole rewrite now and then starts the journal again: look at its longest run.
        entries = _journal(newest)
        longest = max(longest, entries, key=len)
    assert len(longest) >= 2
    for entry in longest:
        assert len(entry["history_added"]) == 1

    for entry in entries:
        assert "history" not in entry["snapshot"]
        assert len(entry["history_added"]) == 1
        assert all("history" not in s for s in entry["checkpoints"].values())
    assert load_save(newest).snapshot["history"] == g.turn_start.history
    assert len(g.turn_start.history) == 12


@pytest.mark.parametrize(
    ("change", "problem"),
    [
        (lambda e: e["snapshot"].update(history=[]), "its snapshot holds a whole history"),
        (
            lambda e: e.update(history_added={"turn": 1}),
            "its snapshot or the history it adds is missing",
        ),
        (lambda e: e.pop("history_added"), "its snapshot or the history it adds is missing"),
        (lambda e: e.update(snapshot=[]), "its snapshot or the history it adds is missing"),
    ],
)
def test_a_journal_entry_with_a_history_of_the_wrong_form_is_refused(
    new_game: NewGame, play: Play, change: Callable[[dict[str, Any]], Any], problem: str
) -> None:
    g, meta = new_game()
    for _ in range(2):
        play(g, 1)
        newest = autosave(g, level_meta=meta, created=CREATED)
    assert len(_journal(newest)) == 1
    _rewrite_entry(newest, 1, change)

    with pytest.raises(SaveError, match=f"journal entry 1: {problem}"):
        load_save(newest)
