"""The run's lock, signal handling and Prefect server housekeeping, without Prefect.

Real processes throughout: a lock held by another process, signals sent with os.kill,
stand-in "servers" that are real processes with the command line and environment of
Prefect's temporary server.
"""
from __future__ import annotations

import json
import os
import signal
import socket
import subprocess
import sys
import textwrap
import threading
import time
from pathlib import Path

import psutil
import pytest

from pipeline import runtime
from pipeline.runtime import OutputBusyError, Stopped, output_lock, stop_leftover_servers, stop_on_signals

HOLD = textwrap.dedent("""
    import sys, time
    from pathlib import Path
    from pipeline.runtime import output_lock
    with output_lock(Path(sys.argv[1])):
        print("locked", flush=True)
        time.sleep(float(sys.argv[2]))
""")


def hold_lock(folder: Path, seconds: float) -> subprocess.Popen:
    """Another process holding the output lock for ``seconds``."""
    proc = subprocess.Popen([sys.executable, "-c", HOLD, str(folder), str(seconds)], stdout=subprocess.PIPE, text=True)
    assert proc.stdout.readline().strip() == "locked"
    return proc


def test_a_second_run_in_another_process_is_refused_with_the_holders_pid(tmp_path: Path):
    output = tmp_path / "output"
    holder = hold_lock(output, 30)
    try:
        with pytest.raises(OutputBusyError) as err:
            with output_lock(output):
                pass
        assert err.value.holder == holder.pid
        assert str(err.value) == (f"another run (pid {holder.pid}) is publishing to {output}; "
                                  "wait for it to finish or choose another --output")
    finally:
        holder.kill()
        holder.wait()
    with output_lock(output):  # the kernel released it when the holder died (even by SIGKILL)
        pass


def test_wait_blocks_until_the_holder_is_done(tmp_path: Path):
    output = tmp_path / "output"
    holder = hold_lock(output, 1.5)
    told = []
    started = time.monotonic()
    with output_lock(output, wait=True, on_wait=told.append):
        waited = time.monotonic() - started
    holder.wait(10)
    assert told == [holder.pid] and waited > 0.5


def test_two_threads_of_one_process_exclude_each_other(tmp_path: Path):
    output = tmp_path / "output"
    inside, release, errors = threading.Event(), threading.Event(), []

    def first():
        with output_lock(output):
            inside.set()
            release.wait(10)

    def second():
        try:
            with output_lock(output):
                pass
        except OutputBusyError as exc:
            errors.append(exc)

    t1 = threading.Thread(target=first)
    t1.start()
    assert inside.wait(10)
    t2 = threading.Thread(target=second)
    t2.start()
    t2.join(10)
    release.set()
    t1.join(10)
    assert len(errors) == 1 and errors[0].holder == os.getpid()


def test_the_lock_is_reentrant_in_one_run(tmp_path: Path):
    """The CLI takes the lock before starting Prefect; the flow inside takes it again."""
    output = tmp_path / "output"
    found = []

    def try_lock() -> None:
        try:
            with output_lock(output):
                found.append(None)
        except OutputBusyError as exc:
            found.append(exc)

    with output_lock(output):
        with output_lock(output):
            pass
        thread = threading.Thread(target=try_lock)  # an unrelated thread is another run
        thread.start()
        thread.join(10)
    assert isinstance(found[0], OutputBusyError)


def test_the_command_refuses_a_busy_output_at_once(tmp_path: Path, seeds_dir: Path):
    output = tmp_path / "output"
    holder = hold_lock(output, 60)
    exe = str(Path(sys.executable).with_name("pipeline"))
    env = {**os.environ, "PREFECT_HOME": str(tmp_path / "prefect")}
    try:
        done = subprocess.run([exe, "run", "--sources", str(seeds_dir), "--output", str(output),
                               "--annotations", str(tmp_path / "ann"), "--cache-dir", str(tmp_path / "cache")],
                              capture_output=True, text=True, env=env, timeout=120)
    finally:
        holder.kill()
        holder.wait()
    assert done.returncode == 1, done.stderr
    assert f"another run (pid {holder.pid}) is publishing to {output}" in done.stderr
    assert "Prefect server" not in done.stderr  # refused before starting anything
    assert list(output.iterdir()) == []


# ------------------------------------------------------------------ signals


def test_a_signal_stops_the_run_in_the_main_thread():
    before = signal.getsignal(signal.SIGTERM)
    started = time.monotonic()
    with pytest.raises(Stopped) as stop:
        with stop_on_signals(grace=30) as seen:
            try:
                os.kill(os.getpid(), signal.SIGTERM)
                time.sleep(5)
            finally:
                # this process goes on (the test runner): without this, the forced exit
                # 30 s later killed whichever test ran then
                seen.disarm()
    assert time.monotonic() - started < 2
    assert stop.value.exit_code == 128 + signal.SIGTERM
    assert signal.getsignal(signal.SIGTERM) is before  # handlers restored


STUCK = textwrap.dedent("""
    import sys, time
    from pathlib import Path
    from pipeline.runtime import Stopped, stop_on_signals
    marker = Path(sys.argv[1])
    with stop_on_signals(grace=0.5, on_force=lambda signum: marker.write_text(f"forced by {signum}")):
        ready = False
        while True:
            try:
                if not ready:
                    ready = print("ready", flush=True) or True
                time.sleep(0.05)
            except Stopped:  # a third-party 'except BaseException' that carries on
                print("swallowed", flush=True)
""")


def test_a_run_that_does_not_unwind_is_ended_after_the_grace_period(tmp_path: Path):
    marker = tmp_path / "forced"
    proc = subprocess.Popen([sys.executable, "-c", STUCK, str(marker)], stdout=subprocess.PIPE, text=True)
    assert proc.stdout.readline().strip() == "ready"
    proc.send_signal(signal.SIGINT)
    assert proc.stdout.readline().strip() == "swallowed"
    proc.send_signal(signal.SIGINT)  # ignored: already stopping
    assert proc.wait(10) == 128 + signal.SIGINT
    assert marker.read_text() == f"forced by {signal.SIGINT.value}"


ELSEWHERE = textwrap.dedent("""
    import signal, sys, time
    from pathlib import Path
    from pipeline.runtime import stop_on_signals
    marker = Path(sys.argv[1])
    with stop_on_signals(grace=0.5, on_force=lambda signum: marker.write_text(f"forced by {signum}")):
        # what Prefect does during a flow: its own SIGTERM handler, whose crash report may
        # then hang on a server that died with the same signal
        signal.signal(signal.SIGTERM, lambda *args: print("handled elsewhere", flush=True))
        print("ready", flush=True)
        while True:
            time.sleep(0.05)
""")


def test_the_clock_starts_even_when_another_handler_takes_the_signal(tmp_path: Path):
    marker = tmp_path / "forced"
    proc = subprocess.Popen([sys.executable, "-c", ELSEWHERE, str(marker)], stdout=subprocess.PIPE, text=True)
    assert proc.stdout.readline().strip() == "ready"
    proc.send_signal(signal.SIGTERM)
    assert proc.stdout.readline().strip() == "handled elsewhere"
    assert proc.wait(10) == 128 + signal.SIGTERM
    assert marker.read_text() == f"forced by {signal.SIGTERM.value}"


# ------------------------------------------------------------------ leftover servers

FAKE_SERVER = "import time; time.sleep(120)"


def fake_server(mark: bool = True, app: bool = True) -> subprocess.Popen:
    """A process with the command line and environment of Prefect's temporary server."""
    env = {**os.environ, **({"PREFECT__SERVER_EPHEMERAL": "1"} if mark else {})}
    if not mark:
        env.pop("PREFECT__SERVER_EPHEMERAL", None)
    args = [sys.executable, "-c", FAKE_SERVER] + (["--factory", runtime._SERVER_APP] if app else ["--factory", "x"])
    return subprocess.Popen(args, env=env)


def dead_process() -> tuple[int, float]:
    proc = subprocess.Popen([sys.executable, "-c", "pass"])
    created = psutil.Process(proc.pid).create_time()
    proc.wait()
    return proc.pid, created


def write_record(home: Path, server: subprocess.Popen, owner: tuple[int, float], created: float | None = None) -> Path:
    folder = home / runtime.SERVER_RECORDS
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"{server.pid}.json"
    path.write_text(json.dumps({
        "pid": server.pid, "create_time": created if created is not None else psutil.Process(server.pid).create_time(),
        "owner_pid": owner[0], "owner_create_time": owner[1], "prefect_home": str(home),
    }))
    return path


@pytest.fixture
def processes():
    started: list[subprocess.Popen] = []
    yield started
    for proc in started:
        if proc.poll() is None:
            proc.kill()
        proc.wait()


def test_a_server_whose_run_was_killed_is_stopped_at_the_next_start(tmp_path: Path, processes):
    server = fake_server()
    processes.append(server)
    record = write_record(tmp_path, server, dead_process())
    assert stop_leftover_servers(tmp_path) == [server.pid]
    assert server.wait(10) is not None and not record.exists()


def test_processes_that_are_not_our_servers_are_never_touched(tmp_path: Path, processes):
    me = psutil.Process()
    cases = {
        "run still going": (fake_server(), (me.pid, me.create_time()), None),
        "not the server app": (fake_server(app=False), dead_process(), None),
        "no temporary-server mark": (fake_server(mark=False), dead_process(), None),
        "pid reused since": (fake_server(), dead_process(), 1_000_000.0),
    }
    for proc, owner, created in cases.values():
        processes.append(proc)
        write_record(tmp_path, proc, owner, created)
    assert stop_leftover_servers(tmp_path) == []
    time.sleep(0.3)
    assert all(proc.poll() is None for proc, _, _ in cases.values())
    # only the record of a live run stays
    left = [p.name for p in (tmp_path / runtime.SERVER_RECORDS).iterdir()]
    assert left == [f"{cases['run still going'][0].pid}.json"]


def test_an_unreadable_record_is_dropped(tmp_path: Path):
    folder = tmp_path / runtime.SERVER_RECORDS
    folder.mkdir()
    (folder / "123.json").write_text("{not json")
    assert stop_leftover_servers(tmp_path) == []
    assert not (folder / "123.json").exists()


def test_a_server_named_in_prefects_settings_replaces_the_one_launched_on_the_environment(tmp_path: Path, monkeypatch):
    """A profile can set PREFECT_API_URL where the environment does not: the server
    launched early is stopped and the configured one used."""
    monkeypatch.setenv("PREFECT_HOME", str(tmp_path))
    monkeypatch.delenv("PREFECT_API_URL", raising=False)
    server = runtime.PrefectServer()
    stand_in = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(60)"])

    def start() -> None:
        server._process = stand_in
        server.pid = stand_in.pid
        server._records.append(runtime.record_server(tmp_path, stand_in.pid))

    monkeypatch.setattr(server, "_start_process", start)
    monkeypatch.setattr(server, "_configured_url", lambda: "http://127.0.0.1:4999/api")
    server.launch()
    assert not server.external and list((tmp_path / runtime.SERVER_RECORDS).glob("*.json"))
    with server:
        assert server.external and server.url == "http://127.0.0.1:4999/api" and server.pid is None
        assert stand_in.wait(10) is not None  # the launched server is stopped
        assert not list((tmp_path / runtime.SERVER_RECORDS).glob("*.json"))


def test_a_server_that_cannot_start_is_reported_not_restarted_forever(tmp_path: Path, monkeypatch):
    """uvicorn exits with 3 on any start-up failure (app import, database migration), not
    only on a taken port: a start-up failure on a free port ends the wait with an error
    instead of relaunching the server for ever."""
    monkeypatch.setenv("PREFECT_HOME", str(tmp_path))
    monkeypatch.delenv("PREFECT_API_URL", raising=False)
    server = runtime.PrefectServer()
    launched: list[subprocess.Popen] = []

    def start() -> None:
        launched.append(subprocess.Popen([sys.executable, "-c", "import sys; sys.exit(3)"]))
        server._process = launched[-1]
        server.pid = launched[-1].pid
        server.url = f"http://127.0.0.1:{runtime._free_port()}/api"

    monkeypatch.setattr(server, "_start_process", start)
    errors: list[BaseException] = []

    def wait() -> None:
        try:
            server.wait_ready(timeout=3)
        except BaseException as exc:  # noqa: BLE001 - reported to the test thread
            errors.append(exc)

    waiter = threading.Thread(target=wait, daemon=True)
    waiter.start()
    waiter.join(20)
    alive = waiter.is_alive()
    def refuse() -> None:
        raise RuntimeError("no more launches")

    server._start_process = refuse  # a looping waiter stops here
    assert not alive, f"still waiting after {len(launched)} launches"
    assert len(errors) == 1 and isinstance(errors[0], RuntimeError) and "code 3" in str(errors[0])
    assert len(launched) == 1


def test_a_port_taken_before_the_server_bound_it_gets_a_new_launch(tmp_path: Path, monkeypatch):
    monkeypatch.setenv("PREFECT_HOME", str(tmp_path))
    monkeypatch.delenv("PREFECT_API_URL", raising=False)
    server = runtime.PrefectServer()
    taker = socket.socket()
    taker.bind(("127.0.0.1", 0))
    taker.listen()
    launched: list[subprocess.Popen] = []

    def start() -> None:
        code = "import sys; sys.exit(3)" if not launched else "import time; time.sleep(30)"
        launched.append(subprocess.Popen([sys.executable, "-c", code]))
        server._process, server.pid = launched[-1], launched[-1].pid
        port = taker.getsockname()[1] if len(launched) == 1 else runtime._free_port()
        server.url = f"http://127.0.0.1:{port}/api"

    monkeypatch.setattr(server, "_start_process", start)
    try:
        with pytest.raises(RuntimeError, match="did not answer"):
            server.wait_ready(timeout=2)
        assert len(launched) == 2
    finally:
        taker.close()
        server.stop()
        for process in launched:
            if process.poll() is None:
                process.kill()
