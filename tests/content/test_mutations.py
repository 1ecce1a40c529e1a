"""Random edits of the shipped levels either load or give located errors; nothing else escapes."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from game.content.diagnostics import split_lines
from game.content.loader import load_level_file

LEVELS = Path(__file__).resolve().parents[2] / "levels"
README = LEVELS / "README.md"
EXAMPLE = "manual_example.yaml"

Lines = list[str]
# (operation, two raw numbers taken modulo the sizes at hand, a token to insert).
Edit = tuple[str, int, int, str]

# Words that mean something to YAML or to the loader, to drop in where a value was.
TOKENS = [
    "yes", "no", "NO", "on", "~", "null", "true", "[]", "{}", "-1", "0", "1e999", ".nan",
    "&a", "*a", "!!str", "!!python/name:os.system", '"', "'", "|", ">", "#", "@", "%", "`",
    "trust(", "and", "0x10", "12:30", "2027-01-01", "- x", "{a: 1", "[1, 2", "<<", "?",
    "player", "target", "RUS", "defence_pact", "turn >= 4", "é", "\u2028", "\ufeff",
]  # fmt: skip
MARKERS = [": ", "- ", "\t", "  ", "#", "&x ", "*x "]
_SCALAR = re.compile(r"(?<=: )[^\s{}\[\],#][^,{}\[\]#]*|(?<=- )[^\s{}\[\],#][^,{}\[\]#]*")


def _example_level() -> str:
    found = re.search(
        r"<!-- example-level: \S+ -->\n```yaml\n(.*?)```", README.read_text("utf-8"), re.S
    )
    assert found, "the manual lost its marked example level"
    return found.group(1)


def _targets() -> list[tuple[str, str]]:
    """(file to mutate, level to load) relative to the levels folder: each level and deck."""
    out = [(p.name, p.name) for p in sorted(LEVELS.glob("*.yaml"))]
    for deck in sorted((LEVELS / "decks").glob("*.yaml")):
        rel = deck.relative_to(LEVELS).as_posix()
        users = [main for main, _ in out if _includes(LEVELS / main, rel)]
        if users:
            out.append((rel, users[0]))
    return [*out, (EXAMPLE, EXAMPLE)]


def _includes(level: Path, rel: str) -> bool:
    loaded = load_level_file(level).loaded
    return loaded is not None and rel in loaded.sources


TARGETS = _targets()
ORIGINALS = {
    target: _example_level() if target == EXAMPLE else (LEVELS / target).read_text("utf-8")
    for target, _ in TARGETS
}


@pytest.fixture(scope="module")
def levels(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A private copy of the levels folder (plus the manual's example) to mutate in place."""
    root = tmp_path_factory.mktemp("mutants") / "levels"
    shutil.copytree(LEVELS, root, ignore=shutil.ignore_patterns("*.md", "*.json"))
    (root / EXAMPLE).write_text(_example_level(), encoding="utf-8")
    return root


def apply(text: str, edits: list[Edit]) -> str:
    """The text after each edit in turn; edits on an empty file do nothing."""
    for op, a, b, token in edits:
        lines = text.split("\n")
        k = a % len(lines)
        line = lines[k]
        j = b % (len(line) + 1)
        if op == "delete_line":
            del lines[k]
        elif op == "duplicate_line":
            lines.insert(k, line)
        elif op == "swap_lines":
            m = b % len(lines)
            lines[k], lines[m] = lines[m], lines[k]
        elif op == "change_character":
            lines[k] = line[:j] + token[:1] + line[j + 1 :]
        elif op == "insert_marker":
            lines[k] = line[:j] + MARKERS[b % len(MARKERS)] + line[j:]
        elif op == "replace_scalar":
            spots = [(i, m.span()) for i, x in enumerate(lines) for m in _SCALAR.finditer(x)]
            if spots:
                i, (lo, hi) = spots[a % len(spots)]
                lines[i] = lines[i][:lo] + token + lines[i][hi:]
        elif op == "truncate":
            joined = "\n".join(lines)
            lines = joined[: a % (len(joined) + 1)].split("\n")
        text = "\n".join(lines)
    return text


OPERATIONS = [
    "delete_line",
    "duplicate_line",
    "swap_lines",
    "change_character",
    "truncate",
    "insert_marker",
    "replace_scalar",
]
_TOKEN = (
    st.sampled_from(TOKENS)
    | st.characters(exclude_categories=["Cs"])
    | st.text(st.characters(exclude_categories=["Cs"]), max_size=6)
)
_EDIT = st.tuples(st.sampled_from(OPERATIONS), st.integers(0, 2**20), st.integers(0, 2**20), _TOKEN)


def test_edits_do_what_they_say() -> None:
    text = "a: 1\nb: two\nc: [3]"
    assert apply(text, [("delete_line", 1, 0, "")]) == "a: 1\nc: [3]"
    assert apply(text, [("duplicate_line", 0, 0, "")]) == "a: 1\na: 1\nb: two\nc: [3]"
    assert apply(text, [("swap_lines", 0, 2, "")]) == "c: [3]\nb: two\na: 1"
    assert apply(text, [("change_character", 1, 0, "x")]) == "a: 1\nx: two\nc: [3]"
    assert apply(text, [("truncate", 6, 0, "")]) == "a: 1\nb"
    assert apply(text, [("insert_marker", 0, 0, "")]) == ": a: 1\nb: two\nc: [3]"
    assert apply(text, [("replace_scalar", 1, 0, "yes")]) == "a: 1\nb: yes\nc: [3]"
    assert apply("", [("delete_line", 5, 5, ""), ("delete_line", 0, 0, "")]) == ""


@settings(
    max_examples=200,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow],
)
@given(target=st.sampled_from(TARGETS), edits=st.lists(_EDIT, min_size=1, max_size=3))
def test_mutated_levels_load_or_report_located_errors(
    levels: Path, target: tuple[str, str], edits: list[Edit]
) -> None:
    name, main = target
    text = apply(ORIGINALS[name], edits)
    path = levels / name
    original = path.read_bytes()
    path.write_bytes(text.encode("utf-8"))
    try:
        result = load_level_file(levels / main, display=str(levels / main))
        for d in result.diagnostics:
            shown = f"{d.path}:{d.line}:{d.col}: {d.code} {d.message}"
            file = Path(d.path).resolve()
            assert levels.resolve() in file.parents, shown
            source = split_lines(file.read_bytes().decode("utf-8", "replace"))
            if d.line == len(source) + 1 and d.col == 1 and source[-1]:
                # libyaml puts the end of a file without a final line break on a line of its
                # own; see test_errors_at_the_end_of_a_file_without_a_final_line_break.
                continue
            assert 1 <= d.line <= len(source), shown
            assert d.col >= 1, shown
            if d.code in ("E301", "E302", "E303", "E304") and d.col > len(source[d.line - 1]) + 1:
                # Known: a condition spread over several lines gets columns as if it sat on
                # its first line; see condition_block_scalar.yaml and its twins in bad/.
                continue
            assert d.col <= len(source[d.line - 1]) + 1, shown
        assert (result.loaded is None) == any(d.is_error for d in result.diagnostics)
    finally:
        path.write_bytes(original)
