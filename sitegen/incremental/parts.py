"""Parts: pieces many outputs share (an initiative's card, a record's open-data row), kept in
the memo with what they read, and reused while none of that changed.

A part is current when its key, a digest of the values of what it read, is the key of those
values now; or, cheaper, when the last build found it current and none of its reads changed
since (at 10,000 initiatives `serve` then checks 20,000 parts without valuing their reads).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Callable, NamedTuple

from sitegen.incremental.reads import Recorder
from sitegen.incremental.registry import Token, Values, digest


class PartName(NamedTuple):
    kind: str  # "card" or "row"
    of: str  # the record's source, or a municipality's key
    dataset: str = ""  # a row's dataset (opendata.DATASETS)


@dataclass(frozen=True)
class Part:
    key: bytes
    reads: tuple[Token, ...]
    value: object


class KeptParts:
    """The parts of one build: taken from the memo when current, made again when not.

    parts: the memo's parts (filled as parts are made); current: the memo's record of the
    build each part was last found current in; since, changed: the build the page index
    came from and the tokens changed since (None, set() without one)."""

    def __init__(self, values: Values, recorder: Recorder, environment: bytes, parts: dict[PartName, Part],
                 current: dict[PartName, bytes], build: bytes, since: bytes | None, changed: set[Token]):
        self.values, self.recorder, self.environment = values, recorder, environment
        self.parts, self.current = parts, current
        self.build, self.since, self.changed = build, since, changed
        self.made: set[PartName] = set()  # made (again) in this process

    def key(self, name: PartName, reads) -> bytes:
        value = self.values.value
        return digest(self.environment, repr(tuple(name)), b"".join([value(token) for token in reads]))

    def get(self, name: PartName, make: Callable[[], object]):
        kept = self.parts.get(name)
        if kept is not None and (self.current.get(name) == self.build or self._still_current(name, kept)
                                 or kept.key == self.key(name, kept.reads)):
            self.current[name] = self.build
            self.recorder.note_all(kept.reads)  # what the part read, the output using it read
            return kept.value
        with self.recorder.recording() as reads:
            value = make()
        reads = tuple(sorted(reads))
        self.parts[name] = Part(self.key(name, reads), reads, value)
        self.current[name] = self.build
        self.made.add(name)
        return value

    def _still_current(self, name: PartName, kept: Part) -> bool:
        return (self.since is not None and self.current.get(name) == self.since
                and self.changed.isdisjoint(kept.reads))

    def carry_current(self) -> None:
        """Parts current in the build compared with, none of whose reads changed, are current
        in this one too, also when no output using them was made again. Only valid when this
        build's outputs read the very tokens of that build's (plan.next_index's `same`)."""
        for name, built in self.current.items():
            if built == self.since and self.changed.isdisjoint(self.parts[name].reads):
                self.current[name] = self.build

    def keep_live(self, live: set[str]) -> bool:
        """Forget the parts of records since deleted; True when any were."""
        gone = [name for name in self.parts if name.of not in live]
        for name in gone:
            del self.parts[name]
        for name in [name for name in self.current if name not in self.parts]:
            del self.current[name]
        return bool(gone)
