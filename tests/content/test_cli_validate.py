"""`alliances validate`: exit codes, --strict, --format json, folders, and no tracebacks."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from game.cli import main
from game.content.loader import load_level_file

HERE = Path(__file__).parent
BAD = HERE / "bad"
README = HERE.parents[1] / "levels" / "README.md"
CORPUS = sorted([*BAD.glob("*.yaml"), *(BAD / "levels").glob("*.yaml")])
LINE = re.compile(
    r"(?P<path>.+?):(?P<line>\d+):(?P<col>\d+): (?P<sev>error|warning)\[(?P<code>[EW]\d{3})\]: .+"
)


def example_level() -> str:
    """The complete level of the manual's walk-through."""
    text = README.read_text(encoding="utf-8")
    m = re.search(r"<!-- example-level: \S+ -->\n```yaml\n(.*?)```", text, re.S)
    assert m, "the manual lost its marked example level"
    return m.group(1)


@pytest.fixture
def clean_level(tmp_path: Path) -> Path:
    path = tmp_path / "levels" / "clean.yaml"
    path.parent.mkdir()
    path.write_text(example_level(), encoding="utf-8")
    return path


def run(args: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    code = main(["validate", *args])
    out, err = capsys.readouterr()
    return code, out, err


def test_a_clean_level_exits_0_and_prints_no_problems(
    clean_level: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, err = run([str(clean_level)], capsys)
    assert (code, out) == (0, "")
    assert "1 file(s) checked: 0 error(s), 0 warning(s)" in err


def test_errors_exit_2_with_located_messages_source_lines_and_carets(
    capsys: pytest.CaptureFixture[str],
) -> None:
    path = BAD / "three_faults.yaml"
    code, out, err = run([str(path)], capsys)
    assert code == 2
    lines = out.splitlines()
    heads = [k for k, line in enumerate(lines) if LINE.fullmatch(line)]
    assert len(heads) == 3
    source = path.read_text(encoding="utf-8").splitlines()
    for k in heads:
        m = LINE.fullmatch(lines[k])
        assert m is not None and m["path"] == str(path) and m["sev"] == "error"
        row, col = int(m["line"]), int(m["col"])
        # The source line follows, then a caret under the column (both indented by four).
        assert lines[k + 1] == "    " + source[row - 1]
        assert lines[k + 2] == "    " + " " * (col - 1) + "^"
    assert "3 error(s), 0 warning(s)" in err


@pytest.mark.parametrize("name", ["lint_asymmetric_relation.yaml", "lint_trigger_never_true.yaml"])
def test_warnings_pass_unless_strict(name: str, capsys: pytest.CaptureFixture[str]) -> None:
    path = str(BAD / name)
    code, out, _ = run([path], capsys)
    assert code == 0
    assert "warning[W40" in out
    code, out, _ = run(["--strict", path], capsys)
    assert code == 2
    assert "warning[W40" in out


def test_strict_passes_a_clean_level(clean_level: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert run(["--strict", str(clean_level)], capsys)[0] == 0


def test_json_format_lists_every_problem_with_path_line_col_and_code(
    capsys: pytest.CaptureFixture[str],
) -> None:
    path = BAD / "unknown_nation_in_effect.yaml"
    code, out, _ = run(["--format", "json", str(path)], capsys)
    assert code == 2
    items = json.loads(out)
    assert [(i["path"], i["line"], i["col"], i["code"]) for i in items] == [
        (str(path), 30, 27, "E201"),
        (str(path), 30, 36, "E201"),
    ]
    for item in items:
        assert item["severity"] == "error"
        assert item["message"].startswith("unknown nation")
        assert item["source_line"] == "          - trust: {from: FNI, to: palyer, by: 5}"
        assert isinstance(item["notes"], list)


def test_json_format_of_a_clean_level_is_an_empty_list(
    clean_level: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, _ = run(["--format", "json", str(clean_level)], capsys)
    assert (code, json.loads(out)) == (0, [])


def test_folders_are_walked_and_decks_are_checked_through_their_levels(
    capsys: pytest.CaptureFixture[str],
) -> None:
    code, _, err = run([str(BAD)], capsys)
    assert code == 2
    assert f"{len(CORPUS)} file(s) checked" in err
    code, out, _ = run(["--format", "json", str(BAD)], capsys)
    walked = sorted((i["path"], i["line"], i["col"], i["code"]) for i in json.loads(out))
    # The same as checking each level on its own: subfolders are walked, and decks are
    # checked only through the levels that include them.
    one_by_one = sorted(
        (d.path, d.line, d.col, d.code)
        for path in CORPUS
        for d in load_level_file(path, display=str(path)).diagnostics
    )
    assert walked == one_by_one
    deck = str(BAD / "levels" / "decks" / "broken.yaml")
    assert [(x[1], x[3]) for x in walked if x[0] == deck] == [(6, "E101"), (10, "E201")]


def test_a_folder_of_clean_levels_passes(
    clean_level: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    shutil.copy(clean_level, clean_level.with_name("copy.yaml"))
    code, _, err = run([str(clean_level.parent)], capsys)
    assert code == 0
    assert "2 file(s) checked: 0 error(s)" in err


def test_a_missing_path_is_a_one_line_usage_error(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, err = run([str(tmp_path / "nope.yaml")], capsys)
    assert (code, out) == (2, "")
    assert err.startswith("alliances: error: ") and err.count("\n") == 1


@pytest.mark.parametrize("path", CORPUS, ids=lambda p: p.relative_to(BAD).as_posix())
def test_every_corpus_file_exits_cleanly(path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run([str(path)], capsys)
    assert code in (0, 2)
    assert "Traceback" not in out + err
    for line in out.splitlines():
        if not line.startswith("    "):
            assert LINE.fullmatch(line), line


def test_the_command_never_shows_a_traceback() -> None:
    """The real command over the whole corpus, in a fresh interpreter."""
    proc = subprocess.run(
        [sys.executable, "-m", "game", "validate", str(BAD)],
        capture_output=True,
        text=True,
        encoding="utf-8",
        timeout=300,  # a hang guard, not a speed goal
    )
    assert proc.returncode == 2
    assert "Traceback" not in proc.stderr + proc.stdout
    assert f"{len(CORPUS)} file(s) checked" in proc.stderr


def test_the_command_ends_with_all_it_printed(capsys: pytest.CaptureFixture[str]) -> None:
    """`validate` ends its process without the interpreter's shutdown: what it printed is
    still all there, through a pipe, and the same as the check run in this process says."""
    # Buffered output, as the program has it by default: only a flush puts it in the pipe.
    env = {k: v for k, v in os.environ.items() if k != "PYTHONUNBUFFERED"}
    proc = subprocess.run(
        [sys.executable, "-m", "game", "validate", str(BAD)],
        capture_output=True,
        text=True,
        encoding="utf-8",
        env=env,
        timeout=300,  # a hang guard, not a speed goal
    )
    code, out, err = run([str(BAD)], capsys)

    assert (proc.returncode, proc.stdout, proc.stderr) == (code, out, err)
    assert out.count("error[") > 50
