"""A web worker stops on its stop signal, every time and within STOP_GRACE seconds: the one place where kg serve
uses a private part of Granian.

Measured without it: Ctrl-C took 22 s in about half of the tries ("Killing worker-N after it refused to
gracefully stop"). Ctrl-C signals every process of the terminal's group, so each web worker got SIGINT from the
terminal and SIGTERM from Granian's main process at once; py-spy showed the worker's main thread stuck in
Granian's signal handler, inside its stop event's set(), holding the GIL while a Rust thread waits for it (the
deadlock class of https://github.com/emmett-framework/granian/issues/875). With one signal per worker it did not
happen in 8 of 8 tries.

So the worker takes its stop from Granian's main process only (SIGTERM; SIGINT is ignored, the main process
passes Ctrl-C on), sets the stop event once however many signals come, and before that arms an alarm: if the
stop still hangs, SIGALRM's default action ends the process in the kernel, where no GIL is needed. Its query
workers end with it (they are killed when their parent dies).

Granian has no public way to choose a WSGI worker's signal handling: the worker calls
`granian._signals.set_sync_signals()` when it starts serving, after the app is loaded, and this module replaces
that function in the worker. `check()` says at start-up whether the installed Granian still works that way
(tests/test_server_process.py checks it for the pinned version, and that Ctrl-C stops the real server); where
it does not, kg serve says so and Granian's own handling applies.
"""

from __future__ import annotations

import inspect
import signal
from importlib.metadata import version

#: seconds a web worker has, after its stop signal, to finish the requests in flight before the kernel ends it
STOP_GRACE = 3


def check() -> str | None:
    """None when the installed Granian's WSGI workers take their signal handling from
    `granian._signals.set_sync_signals` at start (what install() replaces); else why not."""
    try:
        import granian._signals as granian_signals
        from granian.server.mp import MPServer
    except ImportError as exc:
        return f"Granian {version('granian')} has no {exc.name}"
    if not (callable(getattr(granian_signals, "set_sync_signals", None)) and hasattr(granian_signals, "WorkerSignal")):
        return f"Granian {version('granian')} has no granian._signals.set_sync_signals"
    spawn = getattr(MPServer, "_spawn_wsgi_worker", None)
    source = inspect.getsource(spawn) if spawn is not None else ""
    if "from granian._signals import set_sync_signals" not in source:
        return f"Granian {version('granian')}'s WSGI worker does not take its signals from set_sync_signals"
    return None


def install() -> bool:
    """In a web worker, before Granian starts serving: its stop comes from Granian's main process only, and
    ends it within STOP_GRACE seconds. False (nothing changed) where check() finds Granian works otherwise."""
    if check() is not None:
        return False
    import granian._signals as granian_signals

    def set_sync_signals():
        event = granian_signals.WorkerSignal()
        stopping = False

        def on_stop(_signum: int, _frame: object) -> None:
            nonlocal stopping
            if stopping:
                return
            stopping = True
            signal.alarm(STOP_GRACE)
            event.set()

        signal.signal(signal.SIGALRM, signal.SIG_DFL)
        signal.signal(signal.SIGINT, signal.SIG_IGN)
        signal.signal(signal.SIGTERM, on_stop)
        return event

    granian_signals.set_sync_signals = set_sync_signals  # the WSGI worker imports it when it starts serving
    return True
