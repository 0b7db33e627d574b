"""What a ``pipeline run`` process holds while it runs, and gives back however it ends.

- **The output folder's lock.** Two runs publishing to one folder would delete each
  other's half-written dataset, so a run holds an exclusive ``flock`` on the output
  folder itself (no lock file to leave behind) from its first check to its last write.
  The kernel releases it when the process ends, even by ``kill -9``.
- **Signals.** SIGTERM and SIGINT stop the run in the main thread at once. Extraction
  runs in worker threads that Python would otherwise wait for at exit (minutes, on a
  large batch), so a stopped run leaves through :func:`exit_now` after its clean-up.
  Publishing swaps one link at the very end, so a stopped run leaves the published
  dataset as it was.
- **Prefect's temporary server.** Without ``PREFECT_API_URL`` a run needs a local API
  server for its duration. Prefect would start one as a child process and stop it from
  ``atexit``, which neither a signal's default action nor ``kill -9`` runs: each left a
  225 MB server running forever. A run starts that same server itself (without importing
  Prefect's server package, so its boot overlaps the run's own start on the other core),
  records its pid under ``PREFECT_HOME``, stops it however the run ends, and stops
  servers whose run was killed before they could be.
"""
from __future__ import annotations

import contextvars
import fcntl
import json
import logging
import os
import random
import signal
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import AbstractContextManager, contextmanager
from pathlib import Path
from types import FrameType

import psutil

_log = logging.getLogger(__name__)

#: Folder under PREFECT_HOME where each temporary server a run starts is recorded.
SERVER_RECORDS = "pipeline-servers"
#: How Prefect 3 starts its temporary server (``SubprocessASGIServer``): uvicorn running
#: this app factory, with this variable in its environment.
_SERVER_APP = "prefect.server.api.server:create_app"
_SERVER_MARK = ("PREFECT__SERVER_EPHEMERAL", "1")
#: uvicorn's exit code when it cannot bind its port.
_PORT_TAKEN = 3
#: Seconds a stopped process gets to exit after SIGTERM before SIGKILL.
_TERMINATE_WAIT = 5.0

# ------------------------------------------------------------------ the output lock

#: Output folders this context already holds, so the flow inside a CLI run that took the
#: lock does not wait for itself. A context variable, not a set: Prefect copies it into
#: the threads that run the flow, while an unrelated thread starts without it.
_HELD: contextvars.ContextVar[frozenset[str]] = contextvars.ContextVar("pipeline_output_locks",
                                                                        default=frozenset())


class OutputBusyError(RuntimeError):
    """Another run holds the output folder's lock."""

    def __init__(self, output: Path, holder: int | None) -> None:
        self.output = output
        self.holder = holder
        who = f"another run (pid {holder})" if holder else "another run"
        super().__init__(f"{who} is publishing to {output}; wait for it to finish or choose another --output")


def lock_holder(folder: Path) -> int | None:
    """The pid holding a ``flock`` on ``folder``, from ``/proc/locks`` (None if unknown)."""
    try:
        st = os.stat(folder)
        lines = Path("/proc/locks").read_text().splitlines()
    except OSError:
        return None
    device = f"{os.major(st.st_dev):02x}:{os.minor(st.st_dev):02x}:{st.st_ino}"
    for line in lines:
        fields = line.split()
        # "1: FLOCK  ADVISORY  WRITE 4242 fd:01:1234 0 EOF" (blocked waiters start with "->")
        if len(fields) >= 6 and fields[1] == "FLOCK" and fields[5] == device:
            try:
                return int(fields[4])
            except ValueError:
                return None
    return None


@contextmanager
def output_lock(output: Path, *, wait: bool = False,
                on_wait: Callable[[int | None], None] | None = None) -> Iterator[Path]:
    """Hold the exclusive lock on ``output`` (created if missing) for the ``with`` block.

    Args:
        output: The output folder.
        wait: Wait for the holder to finish instead of raising :class:`OutputBusyError`.
        on_wait: Called with the holder's pid before waiting, to tell the user.
    """
    folder = output.expanduser().resolve()
    key = str(folder)
    if key in _HELD.get():
        yield folder
        return
    folder.mkdir(parents=True, exist_ok=True)
    fd = os.open(folder, os.O_RDONLY | os.O_DIRECTORY)
    try:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            holder = lock_holder(folder)
            if not wait:
                raise OutputBusyError(output, holder) from None
            if on_wait is not None:
                on_wait(holder)
            fcntl.flock(fd, fcntl.LOCK_EX)
        token = _HELD.set(_HELD.get() | {key})
        try:
            yield folder
        finally:
            _HELD.reset(token)
    finally:
        os.close(fd)  # releases the lock


# ------------------------------------------------------------------ signals


class Stopped(KeyboardInterrupt):
    """The run got SIGTERM or SIGINT. A KeyboardInterrupt, so no ``except Exception``
    swallows it and Prefect records the flow run as crashed."""

    def __init__(self, signum: int) -> None:
        self.signum = signum
        super().__init__(f"stopped by {signal.Signals(signum).name}")

    @property
    def exit_code(self) -> int:
        """The shell's convention for a process ended by a signal: 128 + its number."""
        return 128 + self.signum


def exit_now(code: int) -> None:
    """Leave at once, without waiting for worker threads still extracting a batch."""
    for stream in (sys.stdout, sys.stderr):
        try:
            stream.flush()
        except (OSError, ValueError):
            pass
    os._exit(code)  # no logging.shutdown(): Prefect's API log handler would wait on the server


class Signals:
    """The run's stop signal: the first SIGTERM or SIGINT, and the clock it starts.

    Args:
        grace: Seconds the run gets to unwind after the first signal.
        on_force: Called with the signal (from a timer thread) before the process exits
            because the run did not unwind in time.
    """

    def __init__(self, grace: float, on_force: Callable[[int], None] | None = None) -> None:
        self.grace = grace
        self.on_force = on_force
        self.received: int | None = None
        self.raised = False
        self._lock = threading.Lock()
        self._timer: threading.Timer | None = None

    def arm(self, signum: int) -> None:
        """Note the first signal and start the clock; later signals change nothing."""
        with self._lock:
            if self.received is not None:
                return
            self.received = signum
        self._timer = threading.Timer(self.grace, self._force, args=(signum,))
        self._timer.daemon = True
        self._timer.start()

    def disarm(self) -> None:
        """Stop the clock: the process has unwound and goes on (an embedding that
        survives a stop, or a test) and must not be forced to exit later."""
        if self._timer is not None:
            self._timer.cancel()

    def _force(self, signum: int) -> None:
        _log.error("still stopping %.0f s after %s; exiting now", self.grace, signal.Signals(signum).name)
        if self.on_force is not None:
            self.on_force(signum)
        exit_now(128 + signum)

    def signal_of(self, exc: BaseException) -> int | None:
        """The signal behind ``exc``, if a signal is how the run ended: :class:`Stopped`,
        Prefect's own ``TerminationSignal`` (its SIGTERM handler, during a flow), or any
        exception raised while unwinding after a signal."""
        if isinstance(exc, Stopped):
            return exc.signum
        if "prefect.exceptions" in sys.modules:  # no Prefect loaded, no TerminationSignal
            from prefect.exceptions import TerminationSignal

            if isinstance(exc, TerminationSignal):
                return int(exc.signal)
        return self.received


@contextmanager
def stop_on_signals(grace: float = 5.0, on_force: Callable[[int], None] | None = None) -> Iterator[Signals]:
    """Turn the first SIGTERM or SIGINT into :class:`Stopped` in the main thread.

    Later signals are ignored while the run unwinds. Should unwinding take longer than
    ``grace`` seconds (a third-party ``except BaseException``, a server that died with
    the terminal's Ctrl-C so Prefect retries its crash report), ``on_force`` runs and the
    process exits anyway. The clock starts at the first signal whoever handles it:
    Prefect replaces the SIGTERM handler during a flow (and hands the signal back once
    it has recorded the crash), so the signal is also read from the interpreter's
    wake-up pipe. Only the main thread can install handlers; elsewhere this does nothing.
    """
    seen = Signals(grace, on_force)
    if threading.current_thread() is not threading.main_thread():
        yield seen
        return

    def handler(signum: int, frame: FrameType | None) -> None:
        seen.arm(signum)
        if seen.raised:
            return
        seen.raised = True
        raise Stopped(signum)

    def watch(fd: int) -> None:
        while data := os.read(fd, 64):
            for signum in data:
                if signum in (signal.SIGTERM, signal.SIGINT):
                    seen.arm(signum)
        os.close(fd)

    read_end, write_end = os.pipe()
    os.set_blocking(write_end, False)
    previous_fd = signal.set_wakeup_fd(write_end, warn_on_full_buffer=False)
    threading.Thread(target=watch, args=(read_end,), name="stop-on-signals", daemon=True).start()
    previous = {sig: signal.signal(sig, handler) for sig in (signal.SIGTERM, signal.SIGINT)}
    try:
        yield seen
    finally:
        for sig, old in previous.items():
            signal.signal(sig, old)
        signal.set_wakeup_fd(previous_fd)
        os.close(write_end)  # the watcher reads end-of-file and stops


# ------------------------------------------------------------------ Prefect's temporary server


def _same_process(pid: int, created: float) -> psutil.Process | None:
    """The running process ``pid`` if it is the one started at ``created`` (not a reuse)."""
    try:
        process = psutil.Process(pid)
        if abs(process.create_time() - created) < 0.5 and process.status() != psutil.STATUS_ZOMBIE:
            return process
    except (psutil.Error, OSError):
        pass
    return None


def _is_temporary_server(process: psutil.Process) -> bool:
    """True only for a temporary Prefect API server (by command line and environment)."""
    try:
        if _SERVER_APP not in process.cmdline():
            return False
        return process.environ().get(_SERVER_MARK[0]) == _SERVER_MARK[1]
    except (psutil.Error, OSError):
        return False


def _terminate(process: psutil.Process) -> None:
    try:
        process.terminate()
        process.wait(_TERMINATE_WAIT)
    except psutil.TimeoutExpired:
        process.kill()
        process.wait(_TERMINATE_WAIT)
    except psutil.NoSuchProcess:
        pass


def record_server(home: Path, pid: int) -> Path:
    """Note that this process started the temporary server ``pid`` (see the module doc)."""
    me = psutil.Process()
    record = {"pid": pid, "create_time": psutil.Process(pid).create_time(), "owner_pid": me.pid,
              "owner_create_time": me.create_time(), "prefect_home": str(home)}
    folder = home / SERVER_RECORDS
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"{pid}.json"
    tmp = folder / f".{pid}.json.tmp"
    tmp.write_text(json.dumps(record) + "\n", encoding="utf-8")
    os.replace(tmp, path)
    return path


def stop_leftover_servers(home: Path) -> list[int]:
    """Stop the temporary servers recorded under ``home`` whose run is gone; their pids.

    A server is stopped only if the record's run no longer exists, and the process with
    the recorded pid is the one started at the recorded time, runs Prefect's server app
    and carries Prefect's temporary-server mark: never a process that is not ours.
    """
    stopped = []
    folder = home / SERVER_RECORDS
    for path in sorted(folder.glob("*.json")) if folder.is_dir() else ():
        try:
            record = json.loads(path.read_text(encoding="utf-8"))
            owner = _same_process(int(record["owner_pid"]), float(record["owner_create_time"]))
            server = _same_process(int(record["pid"]), float(record["create_time"]))
        except (OSError, ValueError, KeyError, TypeError):
            path.unlink(missing_ok=True)
            continue
        if owner is not None:
            continue  # its run is still going
        if server is not None and _is_temporary_server(server):
            _terminate(server)
            stopped.append(server.pid)
        path.unlink(missing_ok=True)
    return stopped


class PrefectServer:
    """The API server a run talks to: ``PREFECT_API_URL`` if set, else a temporary server
    started, recorded and stopped here.

    The temporary server is the one Prefect itself would start (uvicorn running Prefect's
    app factory in a child process, marked as ephemeral), but launched before this
    process imports Prefect at all and without ever importing Prefect's server package
    here: both imports cost seconds of the one interpreter lock the run's own imports and
    NLP load need, while the child boots on the other core. :meth:`launch` starts it and
    returns at once; entering the context waits until it answers and points Prefect's
    client at it for the ``with`` block.

    Whether the run has a server of its own is known for sure only once Prefect has read
    its settings (a profile or ``prefect.toml`` can set ``PREFECT_API_URL``): ``launch``
    decides on the environment alone, and entering the context stops a server launched
    in vain and uses the configured one.

    ``url`` and ``pid`` (None for an external server) tell the user which server the run
    uses.
    """

    def __init__(self) -> None:
        self.home = Path(os.environ.get("PREFECT_HOME") or "~/.prefect").expanduser()
        self.url: str | None = os.environ.get("PREFECT_API_URL") or None
        self.external = self.url is not None
        self.pid: int | None = None
        self.stopped_leftovers: list[int] = []
        self._process: subprocess.Popen[bytes] | None = None
        self._records: list[Path] = []
        self._settings: AbstractContextManager[object] | None = None

    def launch(self) -> PrefectServer:
        """Stop servers left by killed runs, then start the temporary server (unless the
        environment names a server) without waiting for it. Safe to call twice."""
        if self._process is not None or self.external:
            return self
        self.home.mkdir(parents=True, exist_ok=True)
        self.stopped_leftovers = stop_leftover_servers(self.home)
        self._start_process()
        return self

    def _start_process(self) -> None:
        port = _free_port()
        self._process = subprocess.Popen(_server_command(port), env=_server_env())
        self.pid = self._process.pid
        self._records.append(record_server(self.home, self.pid))
        self.url = f"http://127.0.0.1:{port}/api"

    def _configured_url(self) -> str | None:
        """``PREFECT_API_URL`` as Prefect's settings read it (environment, profile, files)."""
        from prefect.settings import PREFECT_API_URL

        return PREFECT_API_URL.value() or None

    def wait_ready(self, timeout: float | None = None) -> None:
        """Block until the temporary server answers its health check.

        Raises:
            RuntimeError: The server exited or did not answer within ``timeout`` seconds
                (default: Prefect's ephemeral start-up time-out setting).
        """
        if self.external:
            return
        if self._process is None:
            self.launch()
        from prefect.settings import PREFECT_SERVER_EPHEMERAL_STARTUP_TIMEOUT_SECONDS

        limit = timeout if timeout is not None else float(PREFECT_SERVER_EPHEMERAL_STARTUP_TIMEOUT_SECONDS.value())
        deadline = time.monotonic() + limit
        while True:
            process = self._process
            assert process is not None and self.url is not None
            code = process.poll()
            # uvicorn exits with 3 on any start-up failure; only a port another process took
            # since it was chosen is worth a new launch (a broken database would fail again)
            if code == _PORT_TAKEN and _in_use(_port_of(self.url)) and time.monotonic() <= deadline:
                self._forget_records()
                self._start_process()
                continue
            if code is not None:
                raise RuntimeError(f"the temporary Prefect server exited with code {code} before it answered "
                                   f"(PREFECT_HOME={self.home})")
            if _answers(f"{self.url}/health"):
                return
            if time.monotonic() > deadline:
                raise RuntimeError(f"the temporary Prefect server did not answer within {limit:.0f} s "
                                   "(PREFECT_SERVER_EPHEMERAL_STARTUP_TIMEOUT_SECONDS)")
            time.sleep(0.05)

    def __enter__(self) -> PrefectServer:
        try:
            configured = self._configured_url()
            if configured is not None:  # a profile or settings file names the server to use
                if not self.external:
                    self.stop()
                    self.pid = None
                self.url, self.external = configured, True
            if self.external:
                if not self._records:
                    self.home.mkdir(parents=True, exist_ok=True)
                    self.stopped_leftovers = stop_leftover_servers(self.home)
                return self
            self.launch()
            self.wait_ready()
            from prefect.settings import PREFECT_API_URL, temporary_settings

            self._settings = temporary_settings(updates={PREFECT_API_URL: self.url})
            self._settings.__enter__()
        except BaseException:
            self.stop()
            raise
        return self

    def __exit__(self, exc_type, exc, tb) -> None:
        if exc_type is None:
            self._drain()
        self.stop()

    @staticmethod
    def _drain() -> None:
        """Send the run's last logs and events before the server goes (as Prefect's test
        harness does), so shutting down prints no connection errors."""
        import inspect

        from prefect.events.worker import EventsWorker
        from prefect.logging.handlers import APILogWorker
        from prefect.utilities.asyncutils import run_coro_as_sync

        async def drain() -> None:
            try:
                result = APILogWorker.instance().drain()
                if inspect.isawaitable(result):
                    await result
            except RuntimeError:
                pass
            result = EventsWorker.drain_all()
            if inspect.isawaitable(result):
                await result

        try:
            run_coro_as_sync(drain())
        except Exception as exc:  # best effort: the run is over and published
            _log.debug("could not drain Prefect's workers: %s", exc)

    def stop(self) -> None:
        """Stop the temporary server (if this run started one) and forget its record.
        Safe to call twice, and from another thread while the run unwinds."""
        settings, self._settings = self._settings, None
        if settings is not None and threading.current_thread() is threading.main_thread():
            try:
                settings.__exit__(None, None, None)
            except (ValueError, RuntimeError):  # entered in another context: nothing to restore
                pass
        process, self._process = self._process, None
        if process is not None and process.poll() is None:
            process.terminate()
            try:
                process.wait(_TERMINATE_WAIT)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait(_TERMINATE_WAIT)
        self._forget_records()

    def _forget_records(self) -> None:
        for path in self._records:
            path.unlink(missing_ok=True)
        self._records = []


def _free_port() -> int:
    """A port on 127.0.0.1 nobody listens on now (the range Prefect's own temporary server
    picks from)."""
    for _ in range(20):
        port = random.randrange(8000, 9000)
        if not _in_use(port):
            return port
    raise RuntimeError("no free port in 8000-8999 for the temporary Prefect server")


def _in_use(port: int) -> bool:
    """Whether a process holds ``port`` on 127.0.0.1 (it cannot be bound now)."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        try:
            sock.bind(("127.0.0.1", port))
        except OSError:
            return True
    return False


def _port_of(url: str) -> int:
    """The port of ``http://127.0.0.1:PORT/api``."""
    return int(url.rsplit(":", 1)[1].split("/", 1)[0])


def _server_command(port: int) -> list[str]:
    """The command line Prefect 3 runs its temporary server with (found without importing
    Prefect)."""
    import importlib.util

    spec = importlib.util.find_spec("prefect")
    if spec is None or spec.origin is None:
        raise RuntimeError("Prefect is not installed")
    return [sys.executable, "-m", "uvicorn", "--app-dir", str(Path(spec.origin).parent.parent),
            "--factory", _SERVER_APP, "--host", "127.0.0.1", "--port", str(port),
            "--log-level", "error", "--lifespan", "on"]


def _server_env() -> dict[str, str]:
    """The temporary server's environment, as Prefect builds it: ours and the marks of an
    ephemeral server without its UI. (Prefect also passes the settings its process has
    changed in code; a run changes none, and the child reads the same profile and files.)"""
    return {**os.environ, "PREFECT_UI_ENABLED": "0", _SERVER_MARK[0]: _SERVER_MARK[1], "PREFECT__SERVER_FINAL": "1"}


def _answers(url: str) -> bool:
    """Whether ``url`` answers 200 at once (a health check)."""
    import urllib.request

    try:
        with urllib.request.urlopen(url, timeout=1.0) as response:
            return bool(response.status == 200)
    except OSError:
        return False
