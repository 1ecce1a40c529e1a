"""The reference strategies play real games through the scripting API, and only through it."""

from __future__ import annotations

import ast
import io
import random
from pathlib import Path

import pytest

from game.balance.expert import Expert, Plan
from game.balance.play import kind
from game.balance.runner import Progress, Task, play, run_all
from game.balance.strategies import resolve, strategies
from game.content import load_level
from game.core.commands import AnswerProposal
from game.core.defs import LevelDef
from game.core.game import Game
from game.core.state import PendingOffer

ROOT = Path(__file__).resolve().parents[2]
TUTORIAL = ROOT / "levels" / "first_steps.yaml"
# What a script may use: the game, the action registry's declarations, the command and
# result types. Everything else in `game.core` (the AI, the dice, the verdict maths) is off limits.
PUBLIC = {"game.core.game", "game.core.actions", "game.core.commands", "game.core.outcomes"}
STRATEGY_MODULES = ("play.py", "strategies.py", "expert.py")


@pytest.fixture(scope="module")
def tutorial() -> LevelDef:
    return load_level("first_steps")


def core_imports(path: Path) -> set[str]:
    """The `game.core` modules a source file imports (`from game.core import ai` counts as ai)."""
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom) and node.module == "game.core":
            found |= {f"game.core.{a.name}" for a in node.names}
        elif isinstance(node, ast.ImportFrom) and (node.module or "").startswith("game.core."):
            found.add(str(node.module))
        elif isinstance(node, ast.Import):
            found |= {a.name for a in node.names if a.name.startswith("game.core")}
    return found


def test_strategies_use_only_the_public_scripting_api() -> None:
    for name in STRATEGY_MODULES:
        used = core_imports(ROOT / "game" / "balance" / name)
        assert used <= PUBLIC, f"{name} imports {sorted(used - PUBLIC)}"


def test_the_import_check_sees_a_private_import(tmp_path: Path) -> None:
    peek = tmp_path / "peek.py"
    peek.write_text("from game.core import ai\nfrom game.core.verdict import judge\n")
    assert core_imports(peek) == {"game.core.ai", "game.core.verdict"}


def test_spam_covers_every_action_in_the_registry() -> None:
    from game.core import actions

    names = {s.name for s in resolve("spam")}
    player_actions = {a.id for a in actions.ordered() if a.scope in ("pair", "self")}
    assert names == {f"spam:{a}" for a in player_actions}
    assert {"dialogue", "confidence", "exercise", "aid", "proposal"} <= player_actions
    assert [s.name for s in resolve("all")] == list(strategies())


@pytest.mark.parametrize("name", list(strategies()))
def test_every_strategy_plays_turns_with_legal_commands(name: str, tutorial: LevelDef) -> None:
    """Three turns each: every turn is ended, and nothing the strategy issued was refused."""
    run = play(tutorial, strategies()[name], seed=3, turns=3)
    assert run.strategy == name
    assert run.result in ("victory", "defeat", "unfinished")
    assert run.turn == 3 or run.result != "unfinished"


@pytest.mark.parametrize("name", ["passive", "random", "expert", "spam:proposal"])
def test_strategies_play_the_tutorial_to_its_end(name: str, tutorial: LevelDef) -> None:
    run = play(tutorial, strategies()[name], seed=1)
    assert run.result != "unfinished" or run.turn == tutorial.turns


def test_the_expert_plays_better_than_doing_nothing(tutorial: LevelDef) -> None:
    expert = play(tutorial, strategies()["expert"], seed=2)
    passive = play(tutorial, strategies()["passive"], seed=2)
    assert expert.result == "victory"
    assert passive.result != "victory"
    assert expert.score > passive.score


def test_spam_spends_on_its_action_until_none_is_left(tutorial: LevelDef) -> None:
    """After spam:dialogue's turn, replaying its commands leaves no dialogue to hold."""
    game = Game(tutorial, 4)
    strategies()["spam:dialogue"].player(game, random.Random(4))()
    commands = game.records[0].commands
    assert sum(1 for c in commands if c["type"] == "HoldDialogue") >= 1
    again = Game(tutorial, 4)
    for cmd in game.records[0].commands[:-1]:
        match = [c for c in again.legal_commands() if c.to_dict() == cmd]
        assert match, f"{cmd} was not legal"
        again.issue(match[0])
    assert not [c for c in again.legal_commands() if kind(c) == "HoldDialogue"]


def test_random_is_repeatable_for_a_seed(tutorial: LevelDef) -> None:
    runs = [Game(tutorial, 5) for _ in range(2)]
    for game in runs:
        turn = strategies()["random"].player(game, random.Random(5))
        for _ in range(3):
            turn()
    assert runs[0].state.state_hash() == runs[1].state.state_hash()
    assert runs[0].records[0].commands == runs[1].records[0].commands


def test_parallel_runs_match_serial_ones() -> None:
    tasks = [Task(str(TUTORIAL), name, seed, 3) for name in ("random", "expert") for seed in (1, 2)]
    assert run_all(tasks, jobs=2) == run_all(tasks, jobs=1)


class Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_the_progress_bar_draws_only_on_a_terminal() -> None:
    tty, pipe = Terminal(), io.StringIO()
    for stream in (tty, pipe):
        bar = Progress(4, "first_steps", stream)
        for done in range(1, 5):
            bar(done)
        bar.close()
    assert pipe.getvalue() == ""
    frames = tty.getvalue().split("\r")[1:]
    assert frames[1] == "first_steps [###############               ] 2/4 games"
    assert frames[-1] == "first_steps [##############################] 4/4 games\n"


def test_the_expert_reads_a_goal_as_partners_to_win_from_each_group() -> None:
    """`(A or B) and (C or D)`: one partner from each group, with the agreement it names."""
    plan = Plan.read(
        '((has_agreement(player, JPN, "defence_pact") and interop(player, JPN) >= 60) or '
        '(has_agreement(player, KOR, "defence_pact") and interop(player, KOR) >= 60)) and '
        '(has_agreement(player, GBR, "defence_pact") and interop(player, GBR) >= 55)'
    )
    assert plan.kind == "defence_pact" and plan.interop == 60
    assert plan.groups == [["JPN", "KOR"], ["GBR"]]
    size = Plan.read('alliance_size(player, "compact") >= 5 and approval(player) >= 30')
    assert (size.kind, size.size, size.groups) == ("compact", 5, [])


def test_the_expert_reads_reputation_and_agreement_count_in_a_goal() -> None:
    plan = Plan.read(
        "avg_trust_in(player) >= 70 and reputation(player) >= 85 and world_tension <= 40 "
        "and agreement_count(player) >= 15"
    )
    assert (plan.trust, plan.reputation, plan.calm, plan.count) == (70, 85, 40, 15)


@pytest.mark.parametrize(
    ("proposer", "kind", "welcome"),
    [
        ("GBR", "defence_pact", True),  # the goal's pact with a nation the goal names
        ("USA", "defence_pact", False),  # the goal's pact with a nation it does not name
        ("USA", "atlantic_alliance", False),  # military, and no goal counts it
        ("USA", "trade_pact", True),  # not military: it brings no calls for help
    ],
)
def test_the_expert_welcomes_only_the_military_agreements_its_goals_count(
    proposer: str, kind: str, welcome: bool
) -> None:
    """Concert of Nations counts defence pacts with named partners in each ocean: any other
    military agreement would bring its members' calls for help and nothing toward a goal."""
    game = Game(load_level("concert_of_nations"), 1)
    s = game.state
    s.offers.append(PendingOffer(s.new_key(), proposer, game.player, kind, [], s.turn))

    answer = AnswerProposal(game.player, s.offers[-1].key, True)

    assert Expert(game).welcome(answer) is welcome
