"""The layers: the core never imports Qt (proved statically and by importing it with
PySide6 hidden), and the import-linter contracts in pyproject.toml hold."""

import ast
import pkgutil
import shutil
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest

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


# --- layers (import-linter contracts in pyproject.toml) ------------------------------------

REPO = ROOT.parent
LINT_IMPORTS = Path(sys.executable).with_name("lint-imports")
def lint_imports(cwd: Path, env: dict) -> subprocess.CompletedProcess:
    if not LINT_IMPORTS.exists():
        pytest.skip("import-linter is not installed (pip install -e '.[test]')")
    return subprocess.run([str(LINT_IMPORTS), "--no-cache"], cwd=cwd, env=env,
                          capture_output=True, text=True, timeout=300)


def test_layer_contracts_hold(subprocess_env):
    result = lint_imports(REPO, subprocess_env)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "0 broken" in result.stdout


def test_no_import_is_excused_from_the_layers():
    """The last two cycles (hub_report -> export for the sharing levels' names, summaries ->
    package for its error) are gone: their pieces moved below both (toolkit.vocabulary,
    toolkit.exchange.errors). None may be excused again."""
    config = tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))
    contracts = config["tool"]["importlinter"]["contracts"]
    assert [line for c in contracts for line in c.get("ignore_imports", [])] == []


def test_the_core_does_not_import_its_renderers():
    """Renderers and widgets register their kinds from their own layer: nothing under
    questionnaire/ imports reports, the demo or the UI (import-linter checks the layers;
    this names the registry's side of it)."""
    for path in (ROOT / "questionnaire").rglob("*.py"):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if isinstance(node, ast.ImportFrom) and node.module:
                assert not node.module.startswith(("toolkit.reports", "toolkit.ui",
                                                   "toolkit.demo", "toolkit.exchange")), \
                    f"{path.name} imports {node.module}"


def test_the_ui_importing_the_command_line_breaks_the_layers(tmp_path, subprocess_env):
    """The contracts can fail: the cycle cli <-> ui/app, brought back in a copy, is found."""
    shutil.copytree(ROOT, tmp_path / "toolkit",
                    ignore=shutil.ignore_patterns("locale", "content", "__pycache__"))
    shutil.copy(REPO / "pyproject.toml", tmp_path / "pyproject.toml")
    app = tmp_path / "toolkit" / "ui" / "app.py"
    app.write_text(app.read_text(encoding="utf-8") + "\n\ndef main():\n"
                   "    from toolkit.cli import main\n    return main()\n", encoding="utf-8")
    env = dict(subprocess_env, PYTHONPATH=str(tmp_path))
    result = lint_imports(tmp_path, env)
    assert result.returncode != 0
    assert "toolkit.ui is not allowed to import toolkit.cli" in result.stdout
