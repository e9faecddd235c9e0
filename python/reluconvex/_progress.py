"""Progress of long calls: the events ``serve`` forwards (``check --progress``), shown or handed on."""

from __future__ import annotations

import sys
from typing import Any, Callable, Dict, Optional, TextIO, Union

#: What the ``progress`` parameter of the long calls takes: None (nothing), True (one line on
#: standard error, rewritten in place), or a function called with each event, a dict such as
#: ``{"kind": "programs", "done": 3, "total": 40, "layer": 2, "neuron": 5}``,
#: ``{"kind": "pieces", "done": 2, "planned": 8, "vertices": 120000}`` or
#: ``{"kind": "models", "done": 1, "total": 3}``.
ProgressLike = Union[None, bool, Callable[[Dict[str, Any]], None]]


class LineProgress:
    """Shows each event on one line of a stream (standard error), cleared by :meth:`end`."""

    def __init__(self, stream: Optional[TextIO] = None) -> None:
        self.stream = stream if stream is not None else sys.stderr
        self._shown = False

    def __call__(self, event: Dict[str, Any]) -> None:
        self.stream.write("\r" + describe(event) + " ")
        self.stream.flush()
        self._shown = True

    def end(self) -> None:
        if self._shown:
            self.stream.write("\r" + " " * 72 + "\r")
            self.stream.flush()
            self._shown = False


def describe(event: Dict[str, Any]) -> str:
    """An event in words, as the command line shows it on a terminal."""
    kind = event.get("kind")
    if kind == "pieces":
        return f"pieces: {event.get('done')} of {event.get('planned')} done, {event.get('vertices', 0):,} vertices in them so far"
    if kind == "programs":
        return f"integer programs: {event.get('done')} of {event.get('total')} solved"
    if kind == "models":
        return f"models: {event.get('done')} of {event.get('total')} checked"
    return str(event)


def resolve(progress: ProgressLike) -> Optional[Callable[[Dict[str, Any]], None]]:
    """The function that receives the events, or None when nobody listens."""
    if progress is None or progress is False:
        return None
    if progress is True:
        return LineProgress()
    if callable(progress):
        return progress
    raise TypeError(f"progress must be None, True or a function of one event dict, not {type(progress).__name__}")
