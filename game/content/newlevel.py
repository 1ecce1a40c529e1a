"""`alliances new-level NAME`: a commented starting level that validates and plays as written."""

from __future__ import annotations

import re
from pathlib import Path

from game.content.schema import schema_text

_NAME = re.compile(r"[A-Za-z][A-Za-z0-9_]{0,63}")

TEMPLATE = """\
# yaml-language-server: $schema=level.schema.json
# A new level. Every key is explained in levels/README.md ("Level fields"); check it with
#   alliances validate {path}
# and watch AI-only games with `alliances analyze {name}` or play it with
#   alliances play {path} --watch
id: {name}
title: {title}
description: >-
  One paragraph that tells the player who they are and what they must achieve.
difficulty: normal
start: {{year: 2027, quarter: 1}}
turns: 24                 # each turn is three months (turn_months)
player: AAA               # the nation the player governs: one of the ids below

# Values and issues nations take positions on, from -1 (low) to +1 (high).
axes:
  - id: democracy
    name: Democracy
    low: Authoritarian
    high: Democratic
  - id: defence_spending
    name: Defence spending
    kind: issue
    low: Cut it
    high: Raise it

# Every nation in play. Ids are customarily ISO3 codes; `regions` are the map shapes drawn
# as the nation (see "Map regions" in the manual). Colours need quotes: # starts a comment.
nations:
  - id: AAA
    name: Player nation
    color: "#3a7bd5"
    regions: [EST]
    positions: {{democracy: 0.8, defence_spending: 0.6}}
    military: 25
    economy: 30
  - id: BBB
    name: Cautious neighbour
    color: "#e8e8f0"
    regions: [FIN]
    positions: {{democracy: 0.9, defence_spending: 0.3}}
    military: 45
    economy: 45
    personality: cautious   # balanced, cautious, bold, idealist or pragmatist
  - id: CCC
    name: Friendly neighbour
    color: "#6aa84f"
    regions: [LVA]
    positions: {{democracy: 0.7, defence_spending: 0.5}}
    military: 20
    economy: 25

# Starting numbers between pairs (0-100). Pairs left out start at trust 50.
relations:
  - {{a: AAA, b: BBB, trust: 55}}
  - {{a: AAA, b: CCC, trust: 60, communications: 40}}

# Events of this level; shared decks come in with `include:`, e.g.
# include:
#   - decks/trust.yaml
events:
  - id: {name}_first_contact
    title: A first contact
    text: >-
      The neighbours' foreign ministers propose regular talks.
    target: other            # the event is about one other nation, `target`
    trigger: trust(target, player) >= 50
    once: true
    mean_time: 2             # on average every two turns while the trigger holds
    options:
      - text: Accept and host the first round.
        effects:
          - trust: {{from: target, to: player, by: 5}}
          - budget: {{nation: player, by: -1}}
      - text: Politely decline for now.
        effects:
          - grievance: {{from: target, to: player, by: 3}}

# The first goal that holds at the end of a turn decides; defeat is checked first.
victory:
  - when: alliance_size(player, "defence_pact") >= 3
    text: A defence pact of three stands.
defeat:
  - when: approval(player) < 20
    text: The government falls.
"""


class NewLevelError(Exception):
    """The level cannot be written (bad name, or the file exists already)."""


def write_new_level(name: str, folder: Path) -> list[Path]:
    """Write `folder/NAME.yaml` (and the schema beside it if missing); returns what was written."""
    if not _NAME.fullmatch(name):
        raise NewLevelError(f"{name!r} is not a level id: a letter, then letters, digits or _")
    path = folder / f"{name}.yaml"
    if path.exists():
        raise NewLevelError(f"{path} exists already; choose another name")
    folder.mkdir(parents=True, exist_ok=True)
    title = name.replace("_", " ").capitalize()
    path.write_text(TEMPLATE.format(name=name, title=title, path=path), encoding="utf-8")
    written = [path]
    schema = folder / "level.schema.json"
    if not schema.exists():
        schema.write_text(schema_text("level"), encoding="utf-8")
        written.append(schema)
    return written
