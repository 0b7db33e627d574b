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
- **Prefect's temporary server.** Without ``PREFECT_API_URL`` Prefect starts a local
  API server as a child process and stops it from ``atexit``, which neither a signal's
  default action nor ``kill -9`` runs: each left a 225 MB server running forever. A run
  starts that server itself, records its pid under ``PREFECT_HOME``, stops it however
  the run ends, and stops servers whose run was killed before they could be.
"""
from __future__ import annotations

import contextvars
import fcntl
import json
import logging
import os
import signal
import sys
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
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
    """The API server a run talks to: ``PREFECT_API_URL`` if set, else Prefect's temporary
    server, started, recorded and stopped here.

    Use as a context manager; ``url`` and ``pid`` (None for an external server) tell
    the user which server the run uses.
    """

    def __init__(self) -> None:
        from prefect.settings import PREFECT_API_URL, PREFECT_HOME

        self.home = Path(PREFECT_HOME.value()).expanduser()
        self.url: str | None = PREFECT_API_URL.value() or None
        self.external = self.url is not None
        self.pid: int | None = None
        self.stopped_leftovers: list[int] = []
        self._server = None
        self._records: list[Path] = []

    def __enter__(self) -> PrefectServer:
        self.home.mkdir(parents=True, exist_ok=True)
        self.stopped_leftovers = stop_leftover_servers(self.home)
        if self.external:
            return self
        from prefect.server.api.server import SubprocessASGIServer

        # The instance Prefect's client uses when no API URL is set (one per process), so
        # the flow finds it running instead of starting a second, unrecorded one.
        server = SubprocessASGIServer()
        self._server = server
        launch = getattr(server, "_run_uvicorn_command", None)

        def launch_and_record():  # record the pid before the server is even ready
            process = launch()
            self._records.append(record_server(self.home, process.pid))
            return process

        if launch is not None:
            server._run_uvicorn_command = launch_and_record
        try:
            server.start()
        except BaseException:
            self.stop()
            raise
        finally:
            if launch is not None:
                del server._run_uvicorn_command
        self.pid = server.server_process.pid if server.server_process else None
        if launch is None and self.pid is not None:  # a Prefect without that hook: record it now
            self._records.append(record_server(self.home, self.pid))
        self.url = server.api_url
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
        server, self._server = self._server, None
        if server is not None:
            process = server.server_process
            try:
                server.stop()
            except Exception:
                if process is not None and process.poll() is None:
                    process.kill()
        for path in self._records:
            path.unlink(missing_ok=True)
        self._records = []
