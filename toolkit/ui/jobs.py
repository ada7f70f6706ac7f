"""Long work (a report laid out, the hub's report) in a worker thread, for any screen.

One helper rather than a copy per screen: the screen gives the work as `make(progress)`,
and what to do with its result; the helper runs one job at a time, shows and hides the
progress bar, says "Making the document…" in the status line, and brings the result, or
the error, back to the GUI thread. An error is shown with `show_error` (translated, the
traceback to the log, never on screen); a cancelled job ends quietly, saying so.

Cancelling is cooperative: `progress(fraction)` raises `JobCancelled` once `cancel()` was
asked, so the work stops at its next step and nothing it was writing is kept (every file
is written through fileio's atomic writes, which drop the temporary file).
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QObject, QRunnable, QThreadPool, Signal
from PySide6.QtWidgets import QLabel, QProgressBar, QWidget

from toolkit.i18n import N_, _
from toolkit.ui.errors import show_error

MAKING = N_("Making the document…")
CANCELLED = N_("Cancelled: nothing was made.")

Make = Callable[[Callable[[float], None]], object]


class JobCancelled(Exception):
    """Raised inside the work by its progress callback once the job is cancelled."""


class _Signals(QObject):
    progress = Signal(float)
    done = Signal(object)
    failed = Signal(object)
    cancelled = Signal()


class _Runnable(QRunnable):
    def __init__(self, make: Make, signals: _Signals, stop: Callable[[], bool]) -> None:
        super().__init__()
        self.make, self.signals, self.stop = make, signals, stop
        self.setAutoDelete(False)  # kept by the BackgroundJob until its end is handled

    def run(self) -> None:
        def progress(fraction: float) -> None:
            if self.stop():
                raise JobCancelled()
            self.signals.progress.emit(fraction)

        try:
            result = self.make(progress)
        except JobCancelled:
            self.signals.cancelled.emit()
        except Exception as exc:  # noqa: BLE001 - handed to the GUI thread to show
            self.signals.failed.emit(exc)
        else:
            if self.stop():
                self.signals.cancelled.emit()
            else:
                self.signals.done.emit(result)


class BackgroundJob(QObject):
    """A screen's worker: one job at a time. `changed` is emitted when one starts or ends
    (the screen enables its buttons from `running`)."""

    changed = Signal()

    def __init__(self, owner: QWidget, progress: QProgressBar | None = None,
                 status: QLabel | None = None, pool: QThreadPool | None = None) -> None:
        super().__init__(owner)  # destroyed with its screen: Qt then drops late signals
        self.owner, self.progress, self.status = owner, progress, status
        self.pool = pool or QThreadPool.globalInstance()
        self._runnable: _Runnable | None = None
        self._on_done: Callable[[object], None] | None = None
        self._cancel = False
        if progress is not None:
            progress.setRange(0, 100)
            progress.hide()

    @property
    def running(self) -> bool:
        return self._runnable is not None

    def start(self, make: Make, on_done: Callable[[object], None],
              message: str | None = None) -> bool:
        """Run `make(progress)` in a worker, then `on_done(result)` here. False (nothing
        started) while another job of this screen runs."""
        if self.running:
            return False
        signals = _Signals()
        # bound methods, not lambdas: Qt disconnects them if this object goes first
        signals.progress.connect(self._progressed)
        signals.done.connect(self._finished)
        signals.failed.connect(self._failed)
        signals.cancelled.connect(self._cancelled)
        self._cancel = False
        self._on_done = on_done
        self._runnable = _Runnable(make, signals, lambda: self._cancel)
        self._signals = signals
        if self.progress is not None:
            self.progress.setValue(0)
            self.progress.show()
        self._say(message if message is not None else _(MAKING))
        self.changed.emit()
        self.pool.start(self._runnable)
        return True

    def cancel(self) -> None:
        """Stop the running job at its next step (see the module's docstring)."""
        if self.running:
            self._cancel = True

    def wait(self, msecs: int = 60_000) -> bool:
        """Block until the worker is idle (closing, tests); True if it is."""
        return self.pool.waitForDone(msecs)

    def _say(self, text: str) -> None:
        if self.status is not None:
            self.status.setText(text)

    def _end(self) -> Callable[[object], None] | None:
        on_done, self._on_done, self._runnable = self._on_done, None, None
        if self.progress is not None:
            self.progress.hide()
        self.changed.emit()
        return on_done

    def _progressed(self, fraction: float) -> None:
        if self.progress is not None:
            self.progress.setValue(round(100 * fraction))

    def _finished(self, result: object) -> None:
        on_done = self._end()
        self._say("")
        if on_done is not None:
            try:
                on_done(result)
            except Exception as exc:  # noqa: BLE001 - shown to the user, logged
                show_error(self.owner, exc)

    def _failed(self, exc: BaseException) -> None:
        self._end()
        self._say("")
        show_error(self.owner, exc)

    def _cancelled(self) -> None:
        self._end()
        self._say(_(CANCELLED))
