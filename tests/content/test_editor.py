"""Editors know the format: the schema describes every key, and the real YAML language server
flags mistakes, completes keys inside a nation and explains a key on hover."""

from __future__ import annotations

import json
import queue
import shutil
import subprocess
import threading
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from game.content.checks import BUILTIN_PERSONALITY_IDS
from game.content.models import NationModel
from game.core.defs import DEFAULT_AGREEMENT_KINDS
from game.core.effects import EFFECTS

ROOT = Path(__file__).resolve().parents[2]
LEVELS = ROOT / "levels"
SCHEMAS = ["level.schema.json", "deck.schema.json"]
# Where .ci/run installs the server with npm (the version is pinned there).
INSTALLED = ROOT / ".ci" / "node" / "node_modules" / ".bin" / "yaml-language-server"


def _walk(node: Any, at: str = "") -> Iterator[tuple[str, Any]]:
    yield at, node
    if isinstance(node, dict):
        for k, v in node.items():
            yield from _walk(v, f"{at}/{k}")
    elif isinstance(node, list):
        for k, v in enumerate(node):
            yield from _walk(v, f"{at}[{k}]")


@pytest.mark.parametrize("name", SCHEMAS)
def test_every_property_has_a_description_and_an_example(name: str) -> None:
    schema = json.loads((LEVELS / name).read_text(encoding="utf-8"))
    bare = [
        f"{at}.{key}"
        for at, node in _walk(schema)
        if isinstance(node, dict) and isinstance(node.get("properties"), dict)
        for key, prop in node["properties"].items()
        if not prop.get("description") or not prop.get("examples")
    ]
    assert not bare


@pytest.mark.parametrize("name", SCHEMAS)
def test_no_null_snippets_no_title_headings_and_each_effect_once(name: str) -> None:
    schema = json.loads((LEVELS / name).read_text(encoding="utf-8"))
    nodes = [(at, n) for at, n in _walk(schema) if isinstance(n, dict)]
    assert not [at for at, n in nodes if n.get("type") == "null" or n.get("default", 0) is None]
    assert not [at for at, n in nodes if "title" in n and not isinstance(n["title"], dict)]
    effect_lists = [
        n["properties"]
        for _, n in nodes
        if n.get("maxProperties") == 1 and set(n.get("properties", {})) == set(EFFECTS)
    ]
    assert len(effect_lists) == 1
    assert all(e.get("examples") for e in effect_lists[0].values())


def test_well_known_ids_are_offered_as_choices() -> None:
    defs = json.loads((LEVELS / "level.schema.json").read_text(encoding="utf-8"))["$defs"]

    def choices(model: str, key: str) -> list[str]:
        return [v for o in defs[model]["properties"][key]["anyOf"] for v in o.get("enum", [])]

    assert choices("NationModel", "personality") == list(BUILTIN_PERSONALITY_IDS)
    assert "western" in choices("NationModel", "equipment")
    assert "eastern" in choices("NationModel", "doctrine")
    assert choices("AgreementModel", "kind") == [k.id for k in DEFAULT_AGREEMENT_KINDS]


# -- a small Language Server Protocol client over stdio --------------------------------------

SETTINGS = {
    "yaml": {
        "validate": True,
        "hover": True,
        "completion": True,
        "format": {"enable": False},
        "schemaStore": {"enable": False},
        "schemas": {},
    }
}


class LanguageServer:
    """Starts a server, answers its requests for settings, and collects what it publishes."""

    def __init__(self, command: list[str], root: Path) -> None:
        self.proc = subprocess.Popen(
            command, stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL
        )
        self.next_id = 0
        self.replies: dict[int, Any] = {}
        self.diagnostics: dict[str, list[dict[str, Any]]] = {}
        self.inbox: queue.Queue[dict[str, Any]] = queue.Queue()
        threading.Thread(target=self._read, daemon=True).start()
        self.request(
            "initialize",
            {
                "processId": None,
                "rootUri": root.as_uri(),
                "capabilities": {
                    "textDocument": {
                        "completion": {"completionItem": {"snippetSupport": True}},
                        "hover": {"contentFormat": ["markdown", "plaintext"]},
                        "publishDiagnostics": {},
                    },
                    "workspace": {"configuration": True},
                },
            },
        )
        self.notify("initialized", {})
        self.notify("workspace/didChangeConfiguration", {"settings": SETTINGS})

    def _read(self) -> None:
        out = self.proc.stdout
        assert out is not None
        while True:
            length = 0
            while True:
                line = out.readline()
                if not line:
                    return
                if line in (b"\r\n", b"\n"):
                    break
                name, _, value = line.decode("ascii").partition(":")
                if name.lower() == "content-length":
                    length = int(value)
            self.inbox.put(json.loads(out.read(length)))

    def _send(self, message: dict[str, Any]) -> None:
        body = json.dumps({"jsonrpc": "2.0", **message}).encode()
        assert self.proc.stdin is not None
        self.proc.stdin.write(b"Content-Length: %d\r\n\r\n" % len(body) + body)
        self.proc.stdin.flush()

    def notify(self, method: str, params: Any) -> None:
        self._send({"method": method, "params": params})

    def request(self, method: str, params: Any, timeout: float = 30.0) -> Any:
        self.next_id += 1
        rid = self.next_id
        self._send({"id": rid, "method": method, "params": params})
        self.pump(lambda: rid in self.replies, timeout, f"no reply to {method}")
        return self.replies.pop(rid)

    def pump(self, done: Callable[[], bool], timeout: float, what: str) -> None:
        """Handle messages until `done()` or the timeout (then AssertionError: `what`)."""
        end = time.monotonic() + timeout
        while not done():
            left = end - time.monotonic()
            if left <= 0:
                raise AssertionError(what)
            try:
                msg = self.inbox.get(timeout=left)
            except queue.Empty:
                continue
            if "id" in msg and "method" in msg:  # a request from the server
                self._send({"id": msg["id"], "result": self._answer(msg)})
            elif "id" in msg:
                self.replies[msg["id"]] = msg.get("result", msg.get("error"))
            elif msg.get("method") == "textDocument/publishDiagnostics":
                self.diagnostics[msg["params"]["uri"]] = msg["params"]["diagnostics"]

    @staticmethod
    def _answer(msg: dict[str, Any]) -> Any:
        if msg["method"] == "workspace/configuration":
            return [SETTINGS.get(item.get("section", "")) for item in msg["params"]["items"]]
        return None

    def open(self, path: Path, text: str) -> str:
        uri = path.as_uri()
        doc = {"uri": uri, "languageId": "yaml", "version": 1, "text": text}
        self.notify("textDocument/didOpen", {"textDocument": doc})
        return uri

    def wait_diagnostics(self, uri: str, timeout: float = 30.0) -> list[dict[str, Any]]:
        self.pump(lambda: bool(self.diagnostics.get(uri)), timeout, f"no diagnostics for {uri}")
        return self.diagnostics[uri]

    def close(self) -> None:
        try:
            self.request("shutdown", None, timeout=5)
            self.notify("exit", None)
            self.proc.wait(timeout=5)
        except (AssertionError, OSError, subprocess.TimeoutExpired):
            self.proc.kill()
            self.proc.wait()


def _server() -> list[str]:
    found = shutil.which("yaml-language-server")
    if INSTALLED.exists():
        found = str(INSTALLED)
    if found is None or shutil.which("node") is None:
        why = (
            "npm was not found, so .ci/run could not install it"
            if shutil.which("npm") is None
            else "run .ci/run, which installs it with npm into .ci/node"
        )
        pytest.skip(f"yaml-language-server is not installed: {why}")
    return [found, "--stdio"]


@pytest.fixture
def server(tmp_path: Path) -> Iterator[LanguageServer]:
    ls = LanguageServer(_server(), tmp_path)
    yield ls
    ls.close()


def _at(lines: list[str], start: str, after: int = 0) -> int:
    return next(k for k, line in enumerate(lines) if k >= after and line.startswith(start))


def test_the_yaml_language_server_reads_a_shipped_level_like_the_manual_says(
    tmp_path: Path, server: LanguageServer
) -> None:
    """The tutorial level with a misspelt key in Estonia (`militray`) and a word where a
    number belongs (`turns: many`): both are flagged at their lines; completion on a new
    line inside Estonia offers the key that went missing, and hover on `personality`
    shows the manual's sentence."""
    folder = tmp_path / "levels"
    folder.mkdir()
    shutil.copy(LEVELS / "level.schema.json", folder)
    lines = (LEVELS / "first_steps.yaml").read_text(encoding="utf-8").splitlines()
    turns = _at(lines, "turns:")
    lines[turns] = "turns: many"
    est = _at(lines, "  - id: EST")
    typo = _at(lines, "    military:", est)
    lines[typo] = lines[typo].replace("military:", "militray:")
    lines.insert(est + 1, "    ")
    typo += 1
    text = "\n".join(lines) + "\n"
    path = folder / "first_steps.yaml"
    path.write_text(text, encoding="utf-8")
    uri = server.open(path, text)

    found = {(d["range"]["start"]["line"], d["message"]) for d in server.wait_diagnostics(uri)}
    assert (typo, "Property militray is not allowed.") in found
    assert (turns, 'Incorrect type. Expected "integer".') in found

    where = {"textDocument": {"uri": uri}, "position": {"line": est + 1, "character": 4}}
    reply = server.request("textDocument/completion", where)
    labels = [i["label"] for i in (reply["items"] if isinstance(reply, dict) else reply)]
    assert "military" in labels
    assert len(labels) == len(set(labels)) and set(labels) <= set(NationModel.model_fields)

    key = _at(lines, "    personality:", est)
    where = {"textDocument": {"uri": uri}, "position": {"line": key, "character": 17}}
    reply = server.request("textDocument/completion", where)
    values = {i["label"] for i in (reply["items"] if isinstance(reply, dict) else reply)}
    assert set(BUILTIN_PERSONALITY_IDS) <= values

    where = {"textDocument": {"uri": uri}, "position": {"line": key, "character": 6}}
    hover = server.request("textDocument/hover", where)["contents"]["value"]
    assert "AI personality id (built-in or from `personalities`)." in hover
    assert "####" not in hover and "`cautious`" in hover
