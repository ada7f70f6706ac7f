"""Run-time hook of the bundle, in place of PyInstaller's pyi_rth_pyside6: the same settings,
but Qt is no longer imported at every start.

PyInstaller's hook imports PySide6.QtCore before our code runs, only to register an embedded
qt.conf that points Qt's paths (plugins, translations) into the bundle. That costs every
command about 70 ms, window or not (`toolkit --version`, `info`, the self-test). Here the
environment is set up front as before, and the qt.conf is registered right after the app
itself first imports PySide6.QtCore, before any Qt object exists. build.spec swaps it in.
"""


def _rthook():
    import importlib.abc
    import importlib.util
    import os
    import sys

    from _pyi_rth_utils import is_macos_app_bundle, prepend_path_to_environment_variable
    from _pyi_rth_utils import qt as qt_rth_utils

    qt_rth_utils.ensure_single_qt_bindings_package("PySide6")
    if sys.platform.startswith("win"):
        qt_path = os.path.join(sys._MEIPASS, "PySide6")
    else:
        qt_path = os.path.join(sys._MEIPASS, "PySide6", "Qt")
    os.environ["QT_PLUGIN_PATH"] = os.path.join(qt_path, "plugins")
    os.environ["QML2_IMPORT_PATH"] = os.path.join(qt_path, "qml")
    if sys.platform.startswith("win"):
        prepend_path_to_environment_variable(sys._MEIPASS, "PATH")
    if sys.platform == "darwin" and not is_macos_app_bundle:
        prepend_path_to_environment_variable(sys._MEIPASS, "DYLD_LIBRARY_PATH")

    class RegisterQtConfAfterQtCore(importlib.abc.MetaPathFinder):
        """Finds nothing itself: wraps the loading of PySide6.QtCore, once."""

        def find_spec(self, name, path=None, target=None):
            if name != "PySide6.QtCore":
                return None
            sys.meta_path.remove(self)
            spec = importlib.util.find_spec(name)
            if spec is None or spec.loader is None:
                return spec
            exec_module = spec.loader.exec_module

            def exec_then_register(module):
                exec_module(module)
                qt_rth_utils.create_embedded_qt_conf("PySide6", qt_path)

            spec.loader.exec_module = exec_then_register
            return spec

    sys.meta_path.insert(0, RegisterQtConfAfterQtCore())


_rthook()
del _rthook
