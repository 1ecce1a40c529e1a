"""Every field of a save set to every wrong type, checksum recomputed: a clean refusal or a game
that plays on, never an exception of another kind."""

from __future__ import annotations

import copy
import json
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from game.core.defs import LevelDef
from game.core.game import Game
from game.saves.format import (
    LevelMeta,
    LevelResolver,
    SaveError,
    capture,
    checksum_of,
    dump_save,
    load_save,
    parse_save,
    restore_game,
)
from game.saves.migrations import CURRENT_VERSION
from game.saves.records import clone_json
from game.saves.verify import verify_save

FIXTURE = Path(__file__).parent / "fixtures" / f"save_v{CURRENT_VERSION}.json"

# A NaN reaching the state (numpy warns as it casts one) counts as a failure too.
pytestmark = pytest.mark.filterwarnings("error::RuntimeWarning")

# One of each JSON type, and a number out of every range.
WRONG: list[Any] = [None, True, -1, 3.5, 10**17, "x", [], {}]

Path_ = tuple[str | int, ...]
NewGame = Callable[..., tuple[Game, LevelMeta]]
Play = Callable[[Game, int], None]


def paths(x: Any, at: Path_ = ()) -> Iterator[Path_]:
    """Every field of the save: each dict key, and the first and last item of each list.

    A checkpoint is read through the same model as the snapshot, every field of which is
    mutated: of a checkpoint only the top-level fields are.
    """
    if at:
        yield at
    if at[:1] == ("checkpoints",) and len(at) >= 3:
        return
    if isinstance(x, dict):
        for k, v in x.items():
            yield from paths(v, (*at, k))
    elif isinstance(x, list) and x:
        for i in sorted({0, len(x) - 1}):
            yield from paths(x[i], (*at, i))


def changed(data: Any, at: Path_, value: Any) -> Any:
    """A copy of `data` with the field at `at` set to `value`; only the path to it is copied."""
    out = copy.copy(data)
    out[at[0]] = value if len(at) == 1 else changed(data[at[0]], at[1:], value)
    return out


def outcome(
    raw: dict[str, Any], rebuild: LevelResolver, meta: LevelMeta, replay: bool = True
) -> str:
    """What loading the bytes does: "refused" or "played" (anything else escapes).

    A save that reads is also replayed (`replay --verify`, which reads the level, seed, turns
    and checkpoints), which names what is wrong or passes, and restored; a restored game
    plays on.
    """
    body = {k: v for k, v in raw.items() if k != "checksum"}
    body["checksum"] = checksum_of(body)
    try:
        save = parse_save(json.dumps(body).encode())
    except SaveError:
        return "refused"
    if replay:
        verify_save(save, rebuild)
    try:
        g = restore_game(save, rebuild)
    except SaveError:
        return "refused"
    # A loaded game ends its turn and can be saved.
    g.autoplay()
    g.end_turn()
    dump_save(capture(g, level_meta=meta, created=""))
    return "played"


def remembering(rebuild: LevelResolver) -> LevelResolver:
    """`rebuild`, remembering the levels (immutable) it made, so that no case rebuilds one."""
    made: dict[str, LevelDef] = {}

    def resolver(sources: dict[str, str], main: str) -> LevelDef:
        key = json.dumps([sources, main], sort_keys=True)
        if key not in made:
            made[key] = rebuild(sources, main)
        return made[key]

    return resolver


def test_every_field_of_a_save_with_every_wrong_type_is_refused_or_plays(
    new_game: NewGame, play: Play, rebuild: LevelResolver
) -> None:
    """A small game keeps it quick: 3 nations, three turns and an unfinished fourth, whose
    start holds agreements, a project, an event and an offer waiting, and a threat."""
    g, meta = new_game(3, 3, 12)
    play(g, 3)
    s = g.state
    assert s.agreements and s.projects and s.pending and s.offers and s.threats
    g.autoplay()
    assert g.issued and g.records[-1].outcomes
    original = capture(g, level_meta=meta, created="").to_dict()
    rebuild = remembering(rebuild)
    assert outcome(clone_json(original), rebuild, meta) == "played"
    seen = {"refused": 0, "played": 0}
    fields = [p for p in paths(original) if p[0] != "checksum"]
    assert len(fields) > 280
    for at in fields:
        for value in WRONG:
            data = changed(original, at, value)
            try:
                replay = at[0] not in ("snapshot", "summary", "pending_commands")
                seen[outcome(data, rebuild, meta, replay)] += 1
            except Exception as exc:
                raise AssertionError(f"{'.'.join(map(str, at))} = {value!r}: {exc!r}") from exc
    assert seen["refused"] > seen["played"] > 0, seen


def test_every_field_of_a_journal_entry_with_every_wrong_type_is_refused_or_plays(
    new_game: NewGame, play: Play, rebuild: LevelResolver
) -> None:
    """An autosave's journal entry (format 4: a snapshot without its history, and the rows it
    adds) read with each top-level field, and each added row, of every wrong type."""
    from game.saves.container import pack, unpack
    from game.saves.store import autosave

    g, meta = new_game(3, 3, 12)
    for _ in range(2):
        play(g, 1)
        path = autosave(g, level_meta=meta, created="")
    members, _ = unpack(path.read_bytes())
    assert len(members) == 2, "the second autosave appends one entry"
    entry = json.loads(members[1])
    assert entry["history_added"] and "history" not in entry["snapshot"]
    rebuild = remembering(rebuild)
    fields: list[Path_] = [(k,) for k in entry if k != "checksum"]
    fields += [("history_added", 0), ("history_added", 0, "turn"), ("snapshot", "turn")]
    seen = {"refused": 0, "played": 0}
    for at in fields:
        for value in WRONG:
            body = {k: v for k, v in changed(entry, at, value).items() if k != "checksum"}
            body["checksum"] = checksum_of(body)
            raw = pack(members[0]) + pack(json.dumps(body).encode())
            try:
                save = parse_save(raw)
                restore_game(save, rebuild).end_turn()
                seen["played"] += 1
            except SaveError:
                seen["refused"] += 1
            except Exception as exc:
                raise AssertionError(f"{'.'.join(map(str, at))} = {value!r}: {exc!r}") from exc
    assert seen["refused"] > seen["played"] > 0, seen


def resealed(**changes: Any) -> str:
    """The fixture save with some fields changed and its checksum made to match."""
    data = json.loads(FIXTURE.read_text(encoding="utf-8"))
    data.update(changes)
    data["checksum"] = checksum_of({k: v for k, v in data.items() if k != "checksum"})
    return json.dumps(data)


@pytest.mark.parametrize(
    ("text", "problem"),
    [
        ('{"format": 1' + "9" * 5000 + "}", "an integer with too many digits"),
        (resealed(seed=10**25), r"damaged \(seed: input should be less than or equal to"),
        (resealed(seed=-(2**70)), r"damaged \(seed: input should be greater than or equal to"),
        ('{"format": 1e400}', "1e400 is not a number"),
        ('{"format": NaN}', "NaN is not a number"),
        (
            FIXTURE.read_text(encoding="utf-8").replace('"created":"', '"created":"\\ud800', 1),
            "lone surrogate",
        ),
    ],
)
def test_numbers_and_texts_no_game_holds_are_refused_in_one_line(
    tmp_path: Path, text: str, problem: str
) -> None:
    path = tmp_path / "odd.json"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(SaveError, match=problem) as err:
        load_save(path)
    assert "\n" not in str(err.value)
