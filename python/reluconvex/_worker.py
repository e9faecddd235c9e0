"""One ``reluconvex serve`` process and the JSON-line protocol of docs/serve.md."""

from __future__ import annotations

import collections
import itertools
import json
import queue
import subprocess
import threading
import time
from typing import TYPE_CHECKING, Any, Callable, Deque, Dict, Optional, Sequence

from . import _jar
from .errors import BadInputError, WorkerError, from_answer

if TYPE_CHECKING:
    from ._typing import PathLike

#: The protocol version this package speaks (the hello line of ``serve`` names its own).
PROTOCOL = 1

_EOF = object()


def _plain(value: Any) -> Any:
    """numpy arrays and scalars (in a JSON model dict, say) as JSON lists and numbers."""
    if hasattr(value, "tolist"):
        return value.tolist()
    raise TypeError(f"{type(value).__name__} cannot be sent in a request")


class Worker:
    """A started ``java -jar reluconvex.jar serve``. Not thread-safe: :class:`Checker` serialises calls.

    Two daemon threads read its standard output (into a queue, so that every wait has a timeout and
    the death of the process ends it) and its standard error (the last lines are kept for messages).
    """

    def __init__(self, jar: Optional[PathLike] = None, java: Optional[PathLike] = None, jvm_args: Sequence[str] = (),
                 start_timeout: float = 120.0) -> None:
        jar = jar or _jar.find_jar()
        java = java or _jar.find_java()
        self.command = [str(java), *jvm_args, "-jar", str(jar), "serve"]
        try:
            self.process = subprocess.Popen(self.command, stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                                            stderr=subprocess.PIPE)
        except OSError as e:
            raise WorkerError(f"cannot start {' '.join(self.command)}: {e}") from e
        self._lines: queue.Queue[Any] = queue.Queue()  # lines (bytes), then _EOF
        self._log: Deque[str] = collections.deque(maxlen=40)
        self._ids = itertools.count(1)
        self._stderr_reader = threading.Thread(target=self._read_stderr, daemon=True)
        threading.Thread(target=self._read_stdout, daemon=True).start()
        self._stderr_reader.start()
        hello = self._next_line(start_timeout, "starting")
        if hello.get("protocol") != PROTOCOL:
            self.kill()
            raise WorkerError(f"the jar speaks serve protocol {hello.get('protocol')}, this package {PROTOCOL}: "
                              "install the package and the jar from the same checkout")
        self.hello = hello

    def _read_stdout(self) -> None:
        for line in self.process.stdout or ():  # never None: a pipe
            self._lines.put(line)
        self._lines.put(_EOF)

    def _read_stderr(self) -> None:
        for line in self.process.stderr or ():
            self._log.append(line.decode("utf-8", "replace").rstrip())

    def alive(self) -> bool:
        return self.process.poll() is None

    def log_tail(self) -> str:
        return "\n".join(self._log)

    def _next_line(self, timeout: Optional[float], doing: str, limit: Optional[float] = None) -> Dict[str, Any]:
        """The next line of output as JSON, waiting at most ``timeout`` s (``limit``: the call's own
        timeout, for the message, when this wait is what is left of it)."""
        try:
            line = self._lines.get(timeout=timeout)
        except queue.Empty:
            self.kill()
            raise WorkerError(f"the reluconvex worker did not answer within {timeout if limit is None else limit} s while {doing}; "
                              "it was stopped and the next call starts a new one") from None
        if line is _EOF:
            code = self.process.wait()
            self._stderr_reader.join(5)  # its last messages explain the exit
            raise WorkerError(f"the reluconvex worker exited (code {code}) while {doing}"
                              + (f"; its last messages:\n{self.log_tail()}" if self._log else ""))
        try:
            return json.loads(line)
        except ValueError as e:
            self.kill()
            raise WorkerError(f"the reluconvex worker printed a line that is not protocol: {line[:200]!r}") from e

    def request(self, fields: Dict[str, Any], timeout: Optional[float] = None,
                on_progress: Optional[Callable[[Dict[str, Any]], None]] = None) -> Dict[str, Any]:
        """Sends one request and returns its answer without id and op: the fields of the command's
        --json; raises for an answer with "error". Progress lines of this request (docs/serve.md)
        go to ``on_progress`` as they come; ``timeout`` bounds the whole call."""
        rid = next(self._ids)
        try:
            line = json.dumps({"id": rid, **fields}, allow_nan=False, default=_plain).encode("utf-8") + b"\n"
        except ValueError as e:  # NaN or infinity somewhere in a JSON model or a field
            raise BadInputError(f"the request cannot be written as JSON: {e}") from e
        stdin = self.process.stdin
        assert stdin is not None  # a pipe
        try:
            stdin.write(line)
            stdin.flush()
        except (BrokenPipeError, OSError):
            pass  # the process is gone: reading its end of output says how
        deadline = None if timeout is None else time.monotonic() + timeout
        failed: Optional[BaseException] = None
        while True:
            left = None if deadline is None else max(0.0, deadline - time.monotonic())
            answer = self._next_line(left if deadline is None else max(left, 1e-3), f"answering {fields.get('op')}", timeout)
            if "progress" in answer and "exit_code" not in answer and "error" not in answer:
                # a progress line: of this request (handed on) or of an earlier one's late worker (dropped)
                if answer.get("id") == rid and on_progress is not None and failed is None:
                    try:
                        on_progress(answer["progress"])
                    except BaseException as e:  # raised once the answer is read: the next call must not meet it
                        failed = e
                continue
            break
        if failed is not None:
            raise failed
        if answer.get("id") != rid:
            self.kill()
            raise WorkerError(f"answer to request {answer.get('id')} received for request {rid}")
        del answer["id"]
        answer.pop("op", None)
        if "error" in answer:
            raise from_answer(answer)
        return answer

    def close(self, timeout: float = 10.0) -> None:
        """End of input: the worker finishes and exits; killed if it does not within ``timeout``."""
        if self.process.poll() is None:
            try:
                if self.process.stdin is not None:
                    self.process.stdin.close()
                self.process.wait(timeout)
            except (OSError, subprocess.TimeoutExpired):
                self.kill()
        for stream in (self.process.stdin, self.process.stdout, self.process.stderr):
            try:
                if stream is not None:
                    stream.close()
            except OSError:
                pass

    def kill(self) -> None:
        if self.process.poll() is None:
            self.process.kill()
        self.process.wait()
