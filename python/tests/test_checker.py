"""The warm worker: many calls in one process, equal to the command line; restarts; failures that
cannot hang the caller; threads; closing."""

import os
import signal
import sys
import textwrap
import threading

import pytest

from conftest import cli, untimed
import reluconvex
from reluconvex import _models

torch = pytest.importorskip("torch")


def test_a_warm_checker_used_100_times_answers_like_the_cli(tmp_path):
    paths, modules = [], []
    for seed in range(100):
        torch.manual_seed(seed)
        m = torch.nn.Sequential(torch.nn.Linear(2, 16), torch.nn.ReLU(), torch.nn.Linear(16, 16), torch.nn.ReLU(),
                                torch.nn.Linear(16, 1))
        p = tmp_path / f"net{seed}.onnx"
        p.write_bytes(_models.torch_to_onnx(m))
        modules.append(m)
        paths.append(str(p))
    (tmp_path / "list.txt").write_text("\n".join(paths))
    _, expected = cli("check", "--list", tmp_path / "list.txt", "--json")
    with reluconvex.Checker() as c:
        verdicts = [c.check(m) for m in modules]
        pid = c.pid
        assert c.restarts == 0
    assert [untimed(v.json, "model") for v in verdicts] == [untimed(e, "model") for e in expected]
    assert all(v.witness.excess_in(m) > 0 for v, m in zip(verdicts, modules) if v.witness is not None)
    # how each witness was found, as the JSON says it
    found = [v.witness.found_by for v in verdicts if v.witness is not None]
    assert found and all(f for f in found)
    assert found == [e["witness"]["found_by"] for e in expected if e["witness"] is not None]
    with pytest.raises(ProcessLookupError):  # closed: the worker has exited
        os.kill(pid, 0)


def test_a_killed_worker_is_replaced_before_the_next_call():
    with reluconvex.Checker() as c:
        first = c.check("example:beyond-icnn")
        os.kill(c.pid, signal.SIGKILL)
        c._worker.process.wait()
        again = c.check("example:beyond-icnn")
        assert c.restarts == 1
        assert untimed(again.json) == untimed(first.json)


def fake_worker(tmp_path, body):
    """A Checker whose 'java' is a Python script playing the worker."""
    script = tmp_path / "fake.py"
    script.write_text(textwrap.dedent("""\
        import json, sys, time
        print(json.dumps({"protocol": 1, "server": "fake"}), flush=True)
        """) + textwrap.dedent(body))
    return reluconvex.Checker(java=sys.executable, jvm_args=[str(script)], jar="unused.jar", timeout=20)


def test_a_worker_that_dies_while_answering_is_reported_and_replaced(tmp_path):
    with fake_worker(tmp_path, """\
            line = sys.stdin.readline()
            print("dying on purpose", file=sys.stderr, flush=True)
            sys.exit(7)
            """) as c:
        for _ in range(2):  # each call gets a fresh worker that dies again
            with pytest.raises(reluconvex.WorkerError, match=r"(?s)exited \(code 7\) while answering check.*dying on purpose"):
                c.check("example:beyond-icnn")
        assert c.restarts == 1


def test_a_worker_that_prints_garbage_or_hangs_does_not_hang_the_caller(tmp_path):
    with fake_worker(tmp_path, """\
            sys.stdin.readline()
            print("this is not JSON", flush=True)
            time.sleep(600)
            """) as c:
        with pytest.raises(reluconvex.WorkerError, match="not protocol"):
            c.check("example:beyond-icnn")
    with fake_worker(tmp_path, "time.sleep(600)\n") as c:
        c.timeout = 1
        with pytest.raises(reluconvex.WorkerError, match="did not answer within 1 s"):
            c.check("example:beyond-icnn")
        assert not c._worker.alive()  # stopped, not left behind


def test_a_worker_of_another_protocol_is_refused(tmp_path):
    script = tmp_path / "old.py"
    script.write_text('import json; print(json.dumps({"protocol": 99}), flush=True); input()\n')
    with reluconvex.Checker(java=sys.executable, jvm_args=[str(script)], jar="unused.jar") as c:
        with pytest.raises(reluconvex.WorkerError, match="protocol 99"):
            c.info("example:beyond-icnn")


def test_threads_share_one_checker(checker):
    models = [f"example:random?dim=2&widths=5,5&seed={s}" for s in range(12)]
    sequential = [untimed(checker.check(m).json) for m in models]
    results = [None] * len(models)

    def work(i):
        results[i] = untimed(checker.check(models[i]).json)

    threads = [threading.Thread(target=work, args=(i,)) for i in range(len(models))]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert results == sequential


def test_closing(tmp_path):
    c = reluconvex.Checker()
    c.info("example:beyond-icnn")
    process = c._worker.process
    c.close()
    assert process.returncode == 0  # ended by the end of its input, not killed
    with pytest.raises(reluconvex.WorkerError, match="closed"):
        c.info("example:beyond-icnn")


def test_the_jar_is_found_or_named(monkeypatch, tmp_path):
    monkeypatch.setenv("RELUCONVEX_JAR", str(tmp_path / "nope.jar"))
    with pytest.raises(FileNotFoundError, match="RELUCONVEX_JAR=.*nope.jar: no such file"):
        reluconvex.Checker().info("example:beyond-icnn")
