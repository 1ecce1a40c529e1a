"""The `alliances` command: play, simulate, validate, schema, analyze, new-level, bench, replay."""

from __future__ import annotations

import argparse
import gc
import json
import os
import sys
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, NoReturn

# The ids of `game.core.difficulty.DIFFICULTIES`, spelled out so the parser loads no rules.
DIFFICULTY_CHOICES = ("easy", "normal", "hard")
LEVEL_HELP = "a level file or name, or generated:N[:SEED] for a generated world of N nations"


class UsageError(Exception):
    """A problem with what the user asked for: one line, exit status 2."""


@dataclass
class GeneratedLevel:
    """A world made by the generator (`generated:N[:SEED]`): a level with no file behind it.

    A save names it by `main`, generator, size, seed and length, and it is made again from
    that name to replay the save.
    """

    level: Any
    main: str
    sources: dict[str, str]
    content_hash: str


def load_or_exit(name: str, turns: int | None = None) -> Any:
    """The loaded level `name` names, or a GeneratedLevel lasting at least `turns` turns."""
    from game.content.library import LevelError, find_level, load_loaded
    from game.core.worldgen import generated_level, parse_generated

    try:
        spec = parse_generated(name)
        level = generated_level(name, turns)
    except ValueError as exc:
        raise UsageError(str(exc)) from None
    if spec is not None and level is not None:
        main = f"generated:{spec[0]}:{spec[1]}:{level.turns}"
        return GeneratedLevel(level, main, {}, main)
    try:
        path = find_level(name)
        return load_loaded(path)
    except LevelError as exc:
        if not exc.diagnostics:
            raise UsageError(str(exc)) from None
        first = str(exc).splitlines()[0]
        more = f" (and {len(exc.diagnostics) - 1} more)" if len(exc.diagnostics) > 1 else ""
        raise UsageError(
            f"{first}{more}; `alliances validate {path}` lists every problem"
        ) from None


def cmd_simulate(args: argparse.Namespace) -> int:
    from game.core.game import Game
    from game.core.numbering import shown

    if args.save:
        from game.saves.atomic import write_target_problem

        problem = write_target_problem(args.save)
        if problem:
            raise UsageError(f"cannot save to {args.save}: {problem}")
    loaded = load_or_exit(args.level, args.turns)
    game = Game(loaded.level, args.seed, difficulty=args.difficulty)
    turns = args.turns if args.turns is not None else loaded.level.turns
    player = game.player
    keep_checkpoints = None
    if args.save:
        from game.saves.checkpoints import note_turn

        note_turn(game)
        keep_checkpoints = note_turn
    for _ in range(turns):
        if game.over:
            break
        game.autoplay()
        game.end_turn()
        if keep_checkpoints is not None:
            keep_checkpoints(game)
        s = game.state
        p = s.idx(player)
        rec = game.records[-1]
        if args.json:
            print(
                json.dumps(
                    {
                        "turn": rec.turn,
                        "date": game.date(rec.turn),
                        "state_hash": rec.state_hash,
                        "approval": float(s.approval[p]),
                        "trust_in_player": s.history[-1]["trust"],
                        "interop": s.history[-1]["interop"],
                        "world_tension": s.world_tension,
                        "agreements": len(s.agreements_of(player)),
                        "result": s.result,
                    },
                    sort_keys=True,
                )
            )
        else:
            h = s.history[-1]
            print(
                f"{game.date(rec.turn):>8}  turn {shown(rec.turn):>3}  {rec.state_hash[:16]}  "
                f"approval {float(s.approval[p]):5.1f}  trust {h['trust']:5.1f}  "
                f"interop {h['interop']:5.1f}  tension {s.world_tension:5.1f}"
            )
    result = game.state.result or "unfinished"
    final = game.state.state_hash()
    if args.save:
        from game.saves.atomic import os_error_text
        from game.saves.format import LevelMeta, SaveError, save_game

        try:
            save_game(game, Path(args.save), level_meta=LevelMeta.of(loaded), created="")
        except SaveError as exc:
            raise UsageError(str(exc)) from None
        except OSError as exc:
            raise UsageError(f"cannot save to {args.save}: {os_error_text(exc)}") from None
        print(f"saved to {args.save}", file=sys.stderr)
    if args.json:
        print(
            json.dumps(
                {
                    "final_state_hash": final,
                    "result": result,
                    "turns": game.state.turn,
                    "score": game.state.score,
                    "text": game.state.result_text,
                },
                sort_keys=True,
            )
        )
    else:
        text = f" — {game.state.result_text}" if game.state.result_text else ""
        print(
            f"result: {result} after {game.state.turn} turns{text} "
            f"(score {game.state.score:.1f}, final hash {final})"
        )
    if args.explain:
        from game.content.analyze import explain

        print(explain(game), file=sys.stderr if args.json else sys.stdout)
    return 0


def _level_meta(loaded: Any) -> dict[str, Any]:
    return {
        "id": loaded.level.id,
        "title": loaded.level.title,
        "main": loaded.main,
        "content_hash": loaded.content_hash,
        "sources": loaded.sources,
    }


def cmd_validate(args: argparse.Namespace) -> int:
    from game.content.diagnostics import format_diagnostic, to_json
    from game.content.loader import check_deck_file, load_level_file

    files: list[Path] = []
    for raw in args.paths:
        p = Path(raw)
        if p.is_dir():
            # Decks inside a folder of levels are checked through the levels that include them.
            inside_decks = "decks" in p.resolve().parts
            files += sorted(
                x
                for x in p.rglob("*.yaml")
                if inside_decks or "decks" not in x.relative_to(p).parts
            )
        elif p.exists():
            files.append(p)
        else:
            raise UsageError(f"{raw}: no such file or folder")
    diags = []
    for f in files:
        if "decks" in f.resolve().parts:
            diags += check_deck_file(f)[0]
        else:
            diags += load_level_file(f, display=str(f)).diagnostics
    errors = sum(1 for d in diags if d.is_error)
    warnings = len(diags) - errors
    if args.format == "json":
        print(to_json(diags))
    else:
        for d in diags:
            print(format_diagnostic(d))
        print(
            f"{len(files)} file(s) checked: {errors} error(s), {warnings} warning(s)",
            file=sys.stderr,
        )
    return 2 if errors or (args.strict and warnings) else 0


def cmd_schema(args: argparse.Namespace) -> int:
    from game.content.schema import schema_text

    print(schema_text("deck" if args.deck else "level"), end="")
    return 0


def cmd_analyze(args: argparse.Namespace) -> int:
    from game.content.analyze import analyze, report

    if args.strategy is not None:
        return cmd_balance(args)
    loaded = load_or_exit(args.level, args.turns)
    stats = analyze(loaded.level, runs=args.runs, turns=args.turns, progress=sys.stderr)
    print(report(loaded.level, stats))
    return 0


def cmd_balance(args: argparse.Namespace) -> int:
    from game.balance.runner import Progress, Task, format_table, rows_json, run_all, tabulate
    from game.balance.strategies import resolve, strategies
    from game.content.library import find_level

    try:
        picked = resolve(args.strategy)
    except KeyError as exc:
        raise UsageError(
            f"unknown strategy {exc.args[0]!r}; choose from: all, spam, {', '.join(strategies())}"
        ) from None
    if args.jobs is not None and args.jobs < 1:
        raise UsageError("--jobs must be 1 or more")
    if args.seed_start < 0:
        raise UsageError("--seed-start must be 0 or more")
    loaded = load_or_exit(args.level, args.turns)
    level = loaded.level
    # Worker processes load the level again from this name.
    path = loaded.main if isinstance(loaded, GeneratedLevel) else str(find_level(args.level))
    seeds = range(args.seed_start, args.seed_start + args.runs)
    tasks = [
        Task(path, s.name, seed, args.turns, args.difficulty) for s in picked for seed in seeds
    ]
    jobs = args.jobs if args.jobs is not None else (os.cpu_count() or 1)
    progress = Progress(len(tasks), f"{level.id}")
    runs = run_all(tasks, jobs=min(jobs, len(tasks)), progress=progress)
    progress.close()
    rows = tabulate(runs, [s.name for s in picked])
    if args.json:
        print(
            json.dumps(
                {
                    "level": level.id,
                    "difficulty": args.difficulty,
                    "seeds": [seeds.start, seeds.stop - 1],
                    "turns": args.turns or level.turns,
                    "strategies": rows_json(rows),
                },
                sort_keys=True,
            )
        )
    else:
        turns = args.turns or level.turns
        title = (
            f"{level.title} ({args.difficulty}) — {args.runs} game(s) per strategy, "
            f"seeds {seeds.start}–"
            f"{seeds.stop - 1}, up to {turns} turn{'' if turns == 1 else 's'}"
        )
        print(format_table(title, rows))
    return 0


def cmd_new_level(args: argparse.Namespace) -> int:
    from game.content.newlevel import NewLevelError, write_new_level

    folder = Path(args.dir) if args.dir else (Path("levels") if Path("levels").is_dir() else Path())
    try:
        written = write_new_level(args.name, folder)
    except NewLevelError as exc:
        raise UsageError(str(exc)) from None
    except OSError as exc:
        raise UsageError(f"cannot write into {folder}: {exc.strerror or exc}") from None
    for path in written:
        print(f"wrote {path}")
    return 0


def cmd_bench(args: argparse.Namespace) -> int:
    from game.bench import run_bench

    sizes = _sizes(args.sizes) if args.sizes else None
    level = load_or_exit(args.level, 400).level if args.level else None
    return run_bench(
        as_json=args.json,
        quick=args.quick,
        sizes=sizes,
        level=level,
        level_name=args.level,
        window=args.window,
    )


def _sizes(text: str) -> tuple[int, ...]:
    from game.core.worldgen import MAX_GENERATED

    parts = text.split(",")
    if not all(p.strip().isdigit() and len(p.strip()) <= 9 for p in parts):
        raise UsageError(f"--sizes {text!r}: give nation counts separated by commas, e.g. 30,200")
    sizes = tuple(sorted({int(p) for p in parts}))
    if sizes[0] < 2 or sizes[-1] > MAX_GENERATED:
        raise UsageError(f"--sizes: each world has 2 to {MAX_GENERATED} nations")
    return sizes


def cmd_play(args: argparse.Namespace) -> int:
    try:
        from game.ui.app import run
    except ImportError as exc:  # pragma: no cover - depends on the install
        raise UsageError(f"the game window needs pygame-ce: {exc}") from exc
    return run(level=args.level, seed=args.seed, watch=args.watch, data_dir=args.data_dir)


def cmd_replay(args: argparse.Namespace) -> int:
    from game.content.loader import rebuild_from_sources
    from game.saves.format import SaveError, load_save

    try:
        save = load_save(Path(args.save))
    except SaveError as exc:
        raise UsageError(str(exc)) from None
    if not args.verify:
        return cmd_play_replay(args)
    from game.saves.verify import verify_save

    try:
        report = verify_save(save, rebuild_from_sources)
    except SaveError as exc:
        raise UsageError(str(exc)) from None
    print(report.message)
    return 0 if report.ok else 1


def cmd_play_replay(args: argparse.Namespace) -> int:
    try:
        from game.ui.replay import run_replay
    except ImportError as exc:  # pragma: no cover - depends on the install
        raise UsageError(f"the replay viewer needs the game window: {exc}") from exc
    return run_replay(Path(args.save), args.data_dir)


class _StrategyHelp(argparse.Action):
    """`analyze --help`, with the list of strategies (read from the rules only when asked)."""

    def __init__(self, option_strings: Sequence[str], dest: str, **kw: Any) -> None:
        super().__init__(option_strings, dest, nargs=0, default=argparse.SUPPRESS, **kw)

    def __call__(self, parser: argparse.ArgumentParser, *args: Any) -> None:
        from game.balance.strategies import strategies

        rows = [f"  {s.name:<22} {s.summary}" for s in strategies().values()]
        parser.epilog = "strategies (--strategy):\n" + "\n".join(rows)
        parser.print_help()
        parser.exit()


def build_parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(
        prog="alliances",
        description="Forging Alliances — a diplomacy "
        "strategy game about trust, negotiation and interoperability.",
    )
    sub = p.add_subparsers(dest="command")
    play = sub.add_parser("play", help="open the game window (the default)")
    play.add_argument("level", nargs="?", help="level file or name to start at once")
    play.add_argument("--seed", type=int, default=None)
    play.add_argument("--watch", action="store_true", help="reload the level when its file changes")
    play.add_argument("--data-dir", default=None, help="where saves and screenshots go")
    sim = sub.add_parser("simulate", help="play a whole game headless, AI in every seat")
    sim.add_argument("level", help=LEVEL_HELP)
    sim.add_argument("--turns", type=int, default=None)
    sim.add_argument("--seed", type=int, default=None)
    sim.add_argument("--json", action="store_true", help="one JSON object per line")
    sim.add_argument(
        "--difficulty",
        choices=DIFFICULTY_CHOICES,
        default="normal",
        help="the numbers a game changes at Easy or Hard (see README)",
    )
    sim.add_argument("--save", default=None, help="write a save file that replays exactly")
    sim.add_argument(
        "--explain", action="store_true", help="at the end, which parts of each goal hold"
    )
    val = sub.add_parser("validate", help="check level files; every problem with its line")
    val.add_argument("paths", nargs="+")
    val.add_argument("--strict", action="store_true", help="fail on warnings too")
    val.add_argument("--format", choices=("text", "json"), default="text")
    sch = sub.add_parser("schema", help="print the JSON Schema of level files")
    sch.add_argument("--deck", action="store_true", help="the schema of event decks instead")
    ana = sub.add_parser(
        "analyze",
        help="many seeded AI-only games: results and event frequencies; with --strategy, "
        "a table of how reference players fare",
        formatter_class=argparse.RawDescriptionHelpFormatter,
        add_help=False,
    )
    ana.add_argument("-h", "--help", action=_StrategyHelp, help="show this help message and exit")
    ana.add_argument("level", help=LEVEL_HELP)
    ana.add_argument("--runs", type=int, default=20)
    ana.add_argument("--turns", type=int, default=None)
    ana.add_argument(
        "--strategy",
        default=None,
        help="who plays the player's seat: a name below, `spam` (every spam:<action>), "
        "`all`, or several names separated by commas",
    )
    ana.add_argument("--jobs", type=int, default=None, help="worker processes (default: cores)")
    ana.add_argument("--seed-start", type=int, default=1, help="first seed (default 1)")
    ana.add_argument(
        "--difficulty",
        choices=DIFFICULTY_CHOICES,
        default="normal",
        help="the difficulty the games start at (default normal)",
    )
    ana.add_argument("--json", action="store_true", help="the strategy table as JSON")
    new = sub.add_parser("new-level", help="write a commented starting level to edit")
    new.add_argument("name", help="the level's id, also its file name")
    new.add_argument("--dir", default=None, help="folder to write into (default: ./levels)")
    ben = sub.add_parser("bench", help="measure turn (and frame) times")
    ben.add_argument("--json", action="store_true")
    ben.add_argument("--quick", action="store_true", help="fewer repetitions")
    ben.add_argument(
        "--sizes", default=None, help="generated world sizes to time, e.g. 30,200,1000"
    )
    ben.add_argument(
        "--window", action="store_true", help="time UI frames in a real window, not off-screen"
    )
    ben.add_argument(
        "level", nargs="?", default=None, help=LEVEL_HELP + " (default: northern_shield)"
    )
    rep = sub.add_parser("replay", help="view a saved game, or --verify it")
    rep.add_argument("save")
    rep.add_argument("--verify", action="store_true")
    rep.add_argument("--data-dir", default=None)
    return p


_COMMANDS = ("play", "simulate", "validate", "schema", "analyze", "new-level", "bench", "replay")


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    words = list(sys.argv[1:] if argv is None else argv)
    # `alliances`, `alliances --data-dir D` and `alliances LEVEL` open the window.
    if not words or (words[0] not in _COMMANDS and words[0] not in ("-h", "--help")):
        words = ["play", *words]
    try:
        args = parser.parse_args(words)
    except SystemExit as exc:
        return int(exc.code or 0) if exc.code in (0, None) else 2
    command = args.command
    handlers = {
        "play": cmd_play,
        "simulate": cmd_simulate,
        "validate": cmd_validate,
        "schema": cmd_schema,
        "analyze": cmd_analyze,
        "bench": cmd_bench,
        "new-level": cmd_new_level,
        "replay": cmd_replay,
    }
    try:
        if getattr(args, "seed", None) is not None and args.seed < 0:
            raise UsageError("--seed must be 0 or more")
        if getattr(args, "turns", None) is not None and args.turns < 0:
            raise UsageError("--turns must be 0 or more")
        if getattr(args, "runs", None) is not None and args.runs < 1:
            raise UsageError("--runs must be 1 or more")
        code = handlers[command](args)
        sys.stdout.flush()  # inside the try: a closed pipe surfaces here, not at exit
        return code
    except UsageError as exc:
        print(f"alliances: error: {exc}", file=sys.stderr)
        return 2
    except BrokenPipeError:
        # The reader went away (`alliances simulate … | head`): stop quietly, and point
        # stdout at nothing so the flush at exit does not raise again.
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        return 141
    except KeyboardInterrupt:
        return 130


# Commands that read files and print, and hold nothing that must be closed: once their output
# is flushed the process can end at once. The interpreter's own shutdown frees every object
# the check built, one by one, which is a tenth of `validate`'s time. Nor do they need the
# cycle collector, whose passes over everything imported cost another twentieth: checking 240
# level files with it off takes under 1 MB more.
_READ_ONLY = frozenset({"validate", "schema"})


def run() -> NoReturn:
    """The `alliances` program (and `python -m game`): `main` on the process's arguments."""
    words = sys.argv[1:]
    read_only = bool(words) and words[0] in _READ_ONLY
    if read_only:
        gc.disable()
    code = main(words)
    if read_only:
        try:
            sys.stdout.flush()
            sys.stderr.flush()
        except OSError:
            pass  # the usual exit deals with it, as for any other command
        else:
            os._exit(code)
    sys.exit(code)
