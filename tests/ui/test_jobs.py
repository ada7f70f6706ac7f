"""The one helper for background work (ui/jobs.py): result, error and cancellation come
back to the GUI thread; one job at a time; the progress bar and status line follow."""

from __future__ import annotations

import threading

import pytest
from PySide6.QtWidgets import QLabel, QProgressBar, QWidget

from toolkit import i18n
from toolkit.errors import InputError
from toolkit.ui import jobs


@pytest.fixture
def job(qtbot):
    owner = QWidget()
    qtbot.addWidget(owner)
    progress, status = QProgressBar(owner), QLabel(owner)
    owner.show()
    made = jobs.BackgroundJob(owner, progress, status)
    yield made
    made.cancel()
    made.wait()


def wait_idle(qtbot, job):
    qtbot.waitUntil(lambda: not job.running, timeout=20_000)


def test_the_result_comes_back_in_the_gui_thread(job, qtbot):
    gui = threading.get_ident()
    seen, threads, changes = [], [], []
    job.changed.connect(lambda: changes.append(job.running))

    def make(progress):
        threads.append(threading.get_ident())
        progress(0.5)
        return 42
    assert job.start(make, lambda result: seen.append((result, threading.get_ident())))
    assert job.running and job.progress.isVisible()
    assert job.status.text() == "Making the document…"
    wait_idle(qtbot, job)
    assert seen == [(42, gui)] and threads and threads[0] != gui
    assert not job.progress.isVisible() and changes == [True, False]


def test_one_job_at_a_time(job, qtbot):
    gate = threading.Event()
    assert job.start(lambda progress: gate.wait(10), lambda _r: None)
    assert not job.start(lambda progress: 1, lambda _r: None)  # refused, nothing started
    gate.set()
    wait_idle(qtbot, job)
    assert job.start(lambda progress: 1, lambda _r: None)
    wait_idle(qtbot, job)


def test_an_error_is_shown_translated_and_nothing_is_done(job, qtbot, monkeypatch):
    shown, done = [], []
    monkeypatch.setattr(jobs, "show_error", lambda parent, exc: shown.append((parent, exc)))

    def make(progress):
        raise InputError(jobs.N_("Choose at least one session."))
    job.start(make, done.append)
    wait_idle(qtbot, job)
    assert done == [] and len(shown) == 1
    parent, exc = shown[0]
    assert parent is job.owner and isinstance(exc, InputError)
    assert job.status.text() == "" and not job.progress.isVisible()


def test_cancel_stops_at_the_next_step_and_says_so(job, qtbot, monkeypatch):
    shown, done, steps = [], [], []
    monkeypatch.setattr(jobs, "show_error", lambda parent, exc: shown.append(exc))
    started, go_on = threading.Event(), threading.Event()

    def make(progress):
        for step in range(100):
            progress(step / 100)
            steps.append(step)
            if step == 0:
                started.set()
                go_on.wait(10)
        return "made"
    i18n.set_language("fr")
    try:
        job.start(make, done.append)
        assert started.wait(10)
        job.cancel()
        go_on.set()
        wait_idle(qtbot, job)
        assert done == [] and shown == [] and steps == [0]  # stopped at its next step
        assert job.status.text() == "Annulé\u00a0: rien n’a été fait."
    finally:
        i18n.set_language("en")


def test_an_error_in_the_follow_up_is_shown(job, qtbot, monkeypatch):
    shown = []
    monkeypatch.setattr(jobs, "show_error", lambda parent, exc: shown.append(exc))

    def then(_result):
        raise OSError("no preview")
    job.start(lambda progress: 1, then)
    wait_idle(qtbot, job)
    assert len(shown) == 1 and isinstance(shown[0], OSError) and not job.running
