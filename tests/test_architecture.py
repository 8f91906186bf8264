"""The rule of the house, read from the code's own imports (README, "Layout").

Arrows point down only: an app imports the apps on the floors below it, never one above nor a
neighbour on its own floor; models import no services and no views; no import cycle; no import
hidden inside a function, except in `AppConfig.ready()` (Django's documented place for them) or
where a comment on the line or the line above says `deferred:` and why.
"""

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent

#: The floors, lowest first. An app may import the apps of lower floors only.
FLOORS = [
    ["dialogue"],
    ["directory"],
    ["sessions_app"],
    ["petitions"],
    ["reception"],
    ["conclusions"],
    ["notifications", "public", "proceedings"],
    ["office"],
]
FLOOR = {app: i for i, apps in enumerate(FLOORS) for app in apps}


def module_name(path, root):
    parts = list(path.relative_to(root).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def _resolve(module, is_package, node):
    if node.level == 0:
        return node.module
    base = module.split(".")
    if not is_package:
        base.pop()
    base = base[: len(base) - (node.level - 1)]
    return ".".join(base + ([node.module] if node.module else []))


def read_imports(root):
    """{module: [(target, line, in_function, marked)]} for the project's modules under ROOT."""
    found = {}
    for path in sorted(root.glob("*/**/*.py")):
        app = path.relative_to(root).parts[0]
        if app not in FLOOR or "migrations" in path.parts:
            continue
        module = module_name(path, root)
        text = path.read_text(encoding="utf-8")
        lines = text.splitlines()
        tree = ast.parse(text)
        parents = {child: node for node in ast.walk(tree) for child in ast.iter_child_nodes(node)}
        rows = []
        for node in ast.walk(tree):
            if isinstance(node, ast.Import):
                targets = [a.name for a in node.names]
            elif isinstance(node, ast.ImportFrom):
                base = _resolve(module, path.name == "__init__.py", node)
                targets = [base] + [f"{base}.{a.name}" for a in node.names]
            else:
                continue
            function = None
            up = node
            while up in parents:
                up = parents[up]
                if isinstance(up, ast.FunctionDef | ast.AsyncFunctionDef):
                    function = up.name
                    break
            context = " ".join(lines[max(node.lineno - 2, 0) : node.end_lineno])
            marked = function == "ready" or "deferred:" in context
            for target in targets:
                if target and target.split(".")[0] in FLOOR:
                    rows.append((target, node.lineno, function is not None, marked))
        found[module] = rows
    return found


def _known(target, modules):
    """The project module TARGET names: itself, or the module it imports a name from."""
    while target and target not in modules:
        target = target.rpartition(".")[0]
    return target


def violations(root):
    imports = read_imports(root)
    modules = set(imports)
    problems = []
    graph = {}
    for module, rows in imports.items():
        app = module.split(".")[0]
        parts = module.split(".")
        is_model = len(parts) > 1 and parts[1] == "models"
        graph[module] = set()
        for target, line, in_function, marked in rows:
            target_app = target.split(".")[0]
            where = f"{module}:{line} imports {target}"
            if FLOOR[target_app] > FLOOR[app] or (FLOOR[target_app] == FLOOR[app] and target_app != app):
                problems.append(f"upward: {where}")
            known = _known(target, modules)
            if is_model and known and known.split(".")[1:2] and known.split(".")[1] in ("services", "views"):
                problems.append(f"a model imports a service or a view: {where}")
            if in_function and not marked:
                problems.append(f"function-level import: {where}")
            if not in_function and known and known != module:
                graph[module].add(known)
    # A package's own children import it implicitly: that is no cycle.
    for cycle in _cycles(graph):
        problems.append("cycle: " + " → ".join(cycle))
    return problems


def _cycles(graph):
    """The strongly connected components of more than one module (Tarjan)."""
    index, low, stack, on_stack, out = {}, {}, [], set(), []
    counter = [0]

    def visit(v):
        index[v] = low[v] = counter[0]
        counter[0] += 1
        stack.append(v)
        on_stack.add(v)
        for w in sorted(graph.get(v, ())):
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in on_stack:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            component = []
            while True:
                w = stack.pop()
                on_stack.discard(w)
                component.append(w)
                if w == v:
                    break
            if len(component) > 1:
                out.append(sorted(component))

    for v in sorted(graph):
        if v not in index:
            visit(v)
    return out


def test_the_project_keeps_the_rule_of_the_house():
    assert violations(ROOT) == []


# --- the check itself finds what it must -------------------------------------------------------


def _project(tmp_path, files):
    for name, text in files.items():
        path = tmp_path / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    for package in {p.parent for p in tmp_path.rglob("*.py")}:
        (package / "__init__.py").touch()
    return tmp_path


@pytest.mark.parametrize(
    ("files", "expected"),
    [
        (
            {"directory/views.py": "from sessions_app.models import Session\n", "sessions_app/models.py": ""},
            [
                "upward: directory.views:1 imports sessions_app.models",
                "upward: directory.views:1 imports sessions_app.models.Session",
            ],
        ),
        (
            {"notifications/tasks.py": "import public.views\n", "public/views.py": ""},
            ["upward: notifications.tasks:1 imports public.views"],
        ),
        (
            {"petitions/models.py": "from .services import x\n", "petitions/services.py": "x = 1\n"},
            [
                "a model imports a service or a view: petitions.models:1 imports petitions.services",
                "a model imports a service or a view: petitions.models:1 imports petitions.services.x",
            ],
        ),
        (
            {"petitions/a.py": "from . import b\n", "petitions/b.py": "from . import a\n"},
            ["cycle: petitions.a → petitions.b"],
        ),
        (
            {"petitions/a.py": "def f():\n    from petitions import b\n", "petitions/b.py": ""},
            [
                "function-level import: petitions.a:2 imports petitions",
                "function-level import: petitions.a:2 imports petitions.b",
            ],
        ),
        (
            {
                "petitions/a.py": "def f():\n    # deferred: b imports a at start-up\n    from petitions import b\n",
                "petitions/b.py": "",
            },
            [],
        ),
    ],
)
def test_the_check_finds_upward_imports_cycles_and_hidden_imports(tmp_path, files, expected):
    assert violations(_project(tmp_path, files)) == expected
