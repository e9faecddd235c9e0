"""Exceptions. Each failure of the Java side carries the exit code the command line would have given."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Dict, Optional, Tuple, Type

if TYPE_CHECKING:
    from .results import Witness


class ReluconvexError(Exception):
    """A request that did not succeed; ``exit_code`` is the command line's code (2, 3, 4, 5, or 1 for to_icnn)."""

    code: Optional[int] = None

    def __init__(self, message: str, exit_code: Optional[int] = None, answer: Optional[Dict[str, Any]] = None) -> None:
        super().__init__(message)
        self.exit_code = self.code if exit_code is None else exit_code
        self.answer = answer or {}


class BadInputError(ReluconvexError, ValueError):
    """Exit code 2: the model, a box, an option or a point is wrong; the message names it."""

    code = 2


class UnknownError(ReluconvexError):
    """Exit code 3 outside check (to_icnn could not decide convexity)."""

    code = 3


class InternalError(ReluconvexError):
    """Exit code 4: a bug on the Java side."""

    code = 4


class ResourceLimitError(ReluconvexError, MemoryError):
    """Exit code 5: the complex would need more memory than allowed."""

    code = 5


class NotConvexError(ReluconvexError):
    """Exit code 1 where convexity is required (to_icnn); ``witness`` proves it."""

    code = 1

    def __init__(self, message: str, exit_code: Optional[int] = None, answer: Optional[Dict[str, Any]] = None,
                 witness: Optional[Witness] = None) -> None:
        super().__init__(message, exit_code, answer)
        self.witness = witness


class WorkerError(ReluconvexError):
    """The Java worker could not be started, died while answering, or did not answer in time."""


_CODED: Tuple[Type[ReluconvexError], ...] = (NotConvexError, BadInputError, UnknownError, InternalError,
                                             ResourceLimitError)
_BY_CODE: Dict[Optional[int], Type[ReluconvexError]] = {c.code: c for c in _CODED}


def from_answer(answer: Dict[str, Any]) -> ReluconvexError:
    """The exception for an answer that carries "error"."""
    code = answer.get("exit_code")
    cls = _BY_CODE.get(code, ReluconvexError)
    return cls(answer["error"], code, answer)
