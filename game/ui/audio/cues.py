"""The one table of sound cues: each name, when it fires, what kind it is and how it sounds."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Literal

from game.ui.audio import music, synth
from game.ui.audio.synth import Samples

Kind = Literal["ui", "stinger", "music"]


@dataclass(frozen=True)
class Cue:
    """A named sound. `ui` cues are short replies to input (one at a time); `stinger`s tell news
    and duck the music; `music` loops. Among stingers heard together, higher `priority` wins."""

    name: str
    kind: Kind
    priority: int
    sound: Callable[[int], Samples]
    when: str


UI: Kind = "ui"
NEWS: Kind = "stinger"
MUSIC: Kind = "music"

CUE_LIST = (
    Cue("ui.click", UI, 0, synth.click, "a button is pressed, unless the press has its own cue"),
    Cue("ui.refused", UI, 3, synth.refused, "a command is refused or a disabled button pressed"),
    Cue("ui.undo", UI, 2, synth.undo, "the last action of the turn is taken back"),
    Cue("action.done", UI, 1, synth.confirm, "the player's action or answer is carried out"),
    Cue("turn.ended", NEWS, 0, synth.chime, "the player ends the turn and it resolves"),
    Cue("event.arrived.good", NEWS, 4, synth.good_news, "an event whose options all help"),
    Cue("event.arrived.neutral", NEWS, 4, synth.neutral_news, "an event with mixed options"),
    Cue("event.arrived.bad", NEWS, 5, synth.bad_news, "an event whose options all hurt"),
    Cue("proposal.received", NEWS, 3, synth.offer, "an AI nation proposes to the player"),
    Cue("proposal.declined", NEWS, 3, synth.declined, "the player's proposal is declined"),
    Cue("agreement.signed", NEWS, 6, synth.signed, "the player signs or joins an agreement"),
    Cue("agreement.broken", NEWS, 7, synth.broken, "a member leaves an agreement of the player's"),
    Cue("promise.kept", NEWS, 2, synth.promise_kept, "a promise to or by the player is kept"),
    Cue("promise.broken", NEWS, 7, synth.promise_broken, "a promise to or by the player is broken"),
    Cue("election.won", NEWS, 6, synth.election_won, "the player's government is re-elected"),
    Cue("election.lost", NEWS, 8, synth.election_lost, "the player's government falls or loses"),
    Cue("crisis.near", NEWS, 8, synth.alarm, "world tension passes 80% of the crisis level"),
    Cue("crisis.erupted", NEWS, 9, synth.crisis, "world tension reaches the crisis level"),
    Cue("victory", NEWS, 10, synth.victory, "the level is won"),
    Cue("defeat", NEWS, 10, synth.defeat, "the level is lost"),
    Cue("game.ended", NEWS, 10, synth.game_over, "the last turn passes without victory or defeat"),
    Cue("music.menu", MUSIC, 0, music.menu, "the main menu is on screen"),
    Cue("music.play", MUSIC, 0, music.play, "a game or a replay is on screen"),
)
CUES: dict[str, Cue] = {c.name: c for c in CUE_LIST}
