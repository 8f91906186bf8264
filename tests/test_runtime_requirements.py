"""Every third-party package the production code imports is pinned in requirements.txt.

A production server installs requirements.txt alone (README, "Production"); a package pinned only in
requirements-dev.txt is missing there. The code is read, not run: every `import` of every module
outside tests/, bench/ and scripts/ (migrations included), and the dotted names the settings load
by string (INSTALLED_APPS, MIDDLEWARE, backends), are mapped to the distribution that provides them.
scripts/check_production_install.sh proves the same thing on a real fresh environment.
"""

import ast
import importlib.metadata
import os
import re
import runpy
import subprocess
import sys
from pathlib import Path

from django.conf import settings

from .test_requirements_lock import pins

ROOT = Path(__file__).resolve().parent.parent
#: Not production code: the test suite, the benchmarks, the chores.
NOT_RUNTIME = {"tests", "bench", "scripts", ".venv", "var", "staticfiles", "node_modules", "test-artifacts"}


def project_packages():
    return {p.parent.name for p in ROOT.glob("*/__init__.py")} | {p.stem for p in ROOT.glob("*.py")}


def runtime_files():
    for path in sorted(ROOT.rglob("*.py")):
        parts = path.relative_to(ROOT).parts
        if parts[0] in NOT_RUNTIME or parts[0].startswith("."):
            continue
        yield path


def imported_top_levels(path):
    """{top-level name: first line} of every absolute import in the file at PATH."""
    found = {}
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            names = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            names = [node.module]
        else:
            continue
        for name in names:
            found.setdefault(name.split(".")[0], node.lineno)
    return found


def settings_top_levels():
    """The modules the settings name by string: apps, middleware, template and storage backends."""
    dotted = list(settings.INSTALLED_APPS) + list(settings.MIDDLEWARE) + list(settings.AUTHENTICATION_BACKENDS)
    dotted += [t["BACKEND"] for t in settings.TEMPLATES] + [s["BACKEND"] for s in settings.STORAGES.values()]
    dotted += [db["ENGINE"] for db in settings.DATABASES.values()]
    return {name.split(".")[0] for name in dotted}


def normalise(name):
    return re.sub(r"[-_.]+", "-", name).lower()


def third_party_imports():
    """{top-level module: [where it is imported]} of every import that is neither stdlib nor ours."""
    ours = project_packages()
    found = {}
    for path in runtime_files():
        for name, line in imported_top_levels(path).items():
            found.setdefault(name, []).append(f"{path.relative_to(ROOT)}:{line}")
    for name in settings_top_levels():
        found.setdefault(name, []).append("dialogue/settings.py (by name)")
    return {
        name: where
        for name, where in found.items()
        if name not in ours and name not in sys.stdlib_module_names and name != "__future__"
    }


def test_the_walk_sees_the_production_code():
    imports = third_party_imports()
    # The imports the issue was about: a PDF batch over 50 letters joins its parts with pypdf.
    assert "pypdf" in imports
    assert any("sessions_app/printing.py" in where for where in imports["pypdf"])
    assert {"django", "weasyprint", "openpyxl", "tablib"} <= set(imports)
    assert not any("tests/" in where for places in imports.values() for where in places)


def test_every_runtime_import_is_pinned_in_requirements_txt():
    distributions = importlib.metadata.packages_distributions()
    runtime = set(pins("requirements.txt"))
    missing = {}
    for name, where in sorted(third_party_imports().items()):
        providers = {normalise(d) for d in distributions.get(name, [])}
        if not providers:
            missing[name] = f"no installed package provides it ({where[0]})"
        elif not providers & runtime:
            missing[name] = f"{'/'.join(sorted(providers))} is not in requirements.txt ({where[0]})"
    assert missing == {}


def run_smoke_without(package):
    """scripts/production_smoke.py in a Python where PACKAGE cannot be imported."""
    code = (
        "import runpy, sys\n"
        f"sys.modules[{package!r}] = None\n"
        "sys.argv = ['production_smoke.py']\n"
        f"runpy.run_path({str(ROOT / 'scripts' / 'production_smoke.py')!r}, run_name='__main__')\n"
    )
    env = {k: v for k, v in os.environ.items() if k not in ("DJANGO_SETTINGS_MODULE", "DATABASE_URL")}
    return subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env, timeout=120)


def test_the_production_smoke_fails_on_a_missing_runtime_package():
    result = run_smoke_without("pypdf")
    assert result.returncode == 1
    assert "KHÔNG ĐẠT: import " in result.stderr and "pypdf" in result.stderr
    assert "Imported" not in result.stdout


def test_the_production_smoke_imports_every_module_of_the_app():
    smoke = runpy.run_path(str(ROOT / "scripts" / "production_smoke.py"))
    modules = smoke["project_modules"]()
    expected = {"sessions_app.printing", "sessions_app.stamp", "dialogue.wsgi", "office.management.commands.restore"}
    assert expected <= set(modules)
    assert not [m for m in modules if m.split(".")[0] in ("tests", "bench", "scripts")]
    assert any(".migrations." in m for m in modules)
