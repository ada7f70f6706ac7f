"""The core never imports Qt: proved statically and by importing it with PySide6 hidden."""

import ast
import pkgutil
import subprocess
import sys
from pathlib import Path

import toolkit

ROOT = Path(toolkit.__file__).parent


def core_modules() -> list[str]:
    names = []
    for info in pkgutil.walk_packages([str(ROOT)], prefix="toolkit."):
        if not info.name.startswith("toolkit.ui"):
            names.append(info.name)
    return names


def test_core_sources_do_not_import_qt():
    offenders = []
    for path in ROOT.rglob("*.py"):
        if "ui" in path.relative_to(ROOT).parts[:1]:
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            names = []
            if isinstance(node, ast.Import):
                names = [a.name for a in node.names]
            elif isinstance(node, ast.ImportFrom) and node.module:
                names = [node.module]
            if any(n.split(".")[0] in {"PySide6", "shiboken6", "PyQt5", "PyQt6"} for n in names):
                offenders.append(str(path))
    assert offenders == []


def test_every_core_module_imports_with_qt_hidden(subprocess_env):
    modules = core_modules()
    assert "toolkit.store.database" in modules and "toolkit.cli" in modules
    script = f"""
import sys
class Block:
    def find_spec(self, name, path=None, target=None):
        if name.split('.')[0] in ('PySide6', 'shiboken6'):
            raise ImportError('Qt is hidden for this test: ' + name)
sys.meta_path.insert(0, Block())
import importlib
for name in {modules!r}:
    if name == 'toolkit.__main__':
        continue
    importlib.import_module(name)
assert not any(m.startswith('PySide6') for m in sys.modules)
print('ok', len({modules!r}))
"""
    result = subprocess.run([sys.executable, "-c", script], env=subprocess_env,
                            capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("ok")
