import pytest

from toolkit.ui.style import apply_text_scale


@pytest.fixture
def window(qtbot, kit):
    from toolkit.ui.app import application, prepare
    from toolkit.ui.main_window import MainWindow

    application()
    prepare(kit, "en")
    win = MainWindow(kit)
    qtbot.addWidget(win)
    win.show()
    qtbot.waitExposed(win)
    yield win
    win.close()
    apply_text_scale(100)

