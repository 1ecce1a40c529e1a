"""The wheel is the game: every package and every shipped level and asset file is declared in it."""

from __future__ import annotations

import fnmatch
import tomllib
from pathlib import Path

import pytest

from game import resources

ROOT = Path(__file__).resolve().parents[1]
CONFIG = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["tool"]["setuptools"]


def source_dir(package: str) -> Path:
    """Where setuptools takes a package's files from, following `package-dir`."""
    mapping = CONFIG.get("package-dir", {})
    parts = package.split(".")
    for k in range(len(parts), 0, -1):
        head = ".".join(parts[:k])
        if head in mapping:
            return ROOT / mapping[head] / Path(*parts[k:])
    return ROOT / Path(*parts)


def test_every_code_package_is_in_the_wheel() -> None:
    found = {
        ".".join(p.parent.relative_to(ROOT).parts) for p in (ROOT / "game").rglob("__init__.py")
    }
    missing = sorted(found - set(CONFIG["packages"]))
    assert not missing, f"add these packages to [tool.setuptools] packages: {missing}"


@pytest.mark.parametrize("top", ["levels", "assets"])
def test_every_shipped_file_is_in_the_wheel(top: str) -> None:
    """Each file under levels/ and assets/ is matched by its package's package-data patterns."""
    data = CONFIG["package-data"]
    packages = [p for p in CONFIG["packages"] if p.startswith(f"game.{top}")]
    shipped = set()
    for pkg in packages:
        folder = source_dir(pkg)
        for f in folder.iterdir():
            if f.is_file() and any(fnmatch.fnmatch(f.name, pat) for pat in data.get(pkg, [])):
                shipped.add(f)
    every = {f for f in (ROOT / top).rglob("*") if f.is_file() and "__pycache__" not in f.parts}
    assert every - shipped == set()


def test_a_checkout_finds_the_shipped_levels_and_assets() -> None:
    assert resources.levels_dir() == ROOT / "levels"
    assert (resources.assets_dir() / "fonts" / "DejaVuSans.ttf").is_file()
    assert resources.find_level("northern_shield") == ROOT / "levels" / "northern_shield.yaml"


def test_a_level_name_is_found_in_the_users_levels_folder(tmp_path: Path) -> None:
    mine = resources.user_levels_dir(tmp_path) / "my_world.yaml"
    mine.parent.mkdir(parents=True)
    mine.write_text("id: my_world\n", encoding="utf-8")
    assert resources.find_level("my_world", tmp_path) == mine
    assert resources.find_level("northern_shield", tmp_path).parent == resources.levels_dir()
    with pytest.raises(resources.LevelNotFound, match=r"no level 'nowhere' \(give a path"):
        resources.find_level("nowhere", tmp_path)
