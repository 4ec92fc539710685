"""The committees app keeps the house layout (DESIGN.md, issue 11): no module over 600 lines, URL patterns
only in urls.py, and no import cycle among its modules (counting imports made inside functions, which
is how pdf.py, queries.py and tasks.py once imported each other in a circle)."""

import ast
from pathlib import Path

import committees

ROOT = Path(committees.__file__).parent


def modules() -> dict[str, Path]:
    found = {}
    for path in ROOT.rglob("*.py"):
        if "migrations" in path.parts:
            continue
        parts = path.relative_to(ROOT.parent).with_suffix("").parts
        name = ".".join(parts[:-1] if parts[-1] == "__init__" else parts)
        found[name] = path
    return found


def imports_of(name: str, path: Path, known: set[str]) -> set[str]:
    """The committees modules `name` imports, anywhere in its body."""
    package = name if path.name == "__init__.py" else name.rsplit(".", 1)[0]
    found = set()
    for node in ast.walk(ast.parse(path.read_text())):
        if isinstance(node, ast.Import):
            targets = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")
                base = base[: len(base) - (node.level - 1)]
                module = ".".join(base + ([node.module] if node.module else []))
            else:
                module = node.module or ""
            # `from . import pdf` imports the module committees.pdf; `from .models import X` the package.
            targets = [f"{module}.{alias.name}" for alias in node.names] + [module]
        else:
            continue
        found.update(target for target in targets if target in known and target != name)
    return found


def test_no_import_cycles():
    known = modules()
    graph = {name: imports_of(name, path, set(known)) for name, path in known.items()}
    cycles = []

    def visit(name, trail):
        if name in trail:
            cycles.append(" -> ".join([*trail[trail.index(name) :], name]))
            return
        if name in done:
            return
        for target in sorted(graph[name]):
            visit(target, [*trail, name])
        done.add(name)

    done: set[str] = set()
    for name in sorted(graph):
        visit(name, [])
    assert not cycles, "Import cycles in committees:\n" + "\n".join(cycles)


def test_the_pack_module_depends_on_queries_and_pdf_and_nothing_depends_back():
    known = modules()
    graph = {name: imports_of(name, path, set(known)) for name, path in known.items()}
    assert {"committees.queries", "committees.pdf"} <= graph["committees.agenda_pack"]
    for module in ("committees.pdf", "committees.queries", "committees.models"):
        assert "committees.agenda_pack" not in graph[module]
        assert "committees.tasks" not in graph[module]


def test_no_module_over_600_lines_and_url_patterns_only_in_urls():
    for name, path in modules().items():
        text = path.read_text()
        assert len(text.splitlines()) <= 600, f"{name} has {len(text.splitlines())} lines"
        if name != "committees.urls":
            assert "urlpatterns" not in text, f"{name} declares URL patterns"
