"""One access idiom (docs/adr/025-one-access-idiom.md): a view reads provider- or carer-scoped records only
through their queryset's `visible_to(user)`, never `Model.objects.get/filter/all(...)` or
`get_object_or_404(Model, ...)`, which would skip the organisation or personal-data check.

After NHS England's `lint_model_usage_in_views` (manage-breast-screening), but with the list of models
worked out from the code rather than kept by hand: a model is scoped when its manager has `visible_to`,
when it belongs to a provider organisation (a foreign key to Provider), or when it holds carers' data.
"""

import ast
from pathlib import Path

import pytest
from django.apps import apps

from commissioning.providers.models import Provider

ROOT = Path(__file__).resolve().parents[1]
# Carers hub models that hold no personal data: the public service catalogue and the online form's rate
# limiter (addresses kept only as a keyed hash).
CARERS_NOT_PERSONAL = {"CatalogueService", "FormAttempt"}
VIEW_MODULE_NAMES = {"views.py", "dashboard.py"}
# The queryset methods that scope by user: what a user may see, what a user may change, and `own(user)`:
# the records of the organisation the user acts for (a provider's own lists, none for staff).
SCOPING_METHODS = {"visible_to", "editable_by", "own"}


def scoped_models() -> set[str]:
    names = set()
    for model in apps.get_models():
        if model.__name__.startswith("Historical"):
            continue
        has_visible_to = hasattr(model._default_manager, "visible_to")
        owned_by_provider = any(f.is_relation and f.related_model is Provider for f in model._meta.fields)
        carers_data = model._meta.app_label == "carers" and model.__name__ not in CARERS_NOT_PERSONAL
        if has_visible_to or owned_by_provider or carers_data:
            names.add(model.__name__)
    return names


def view_modules() -> list[Path]:
    found = []
    for path in ROOT.rglob("*.py"):
        relative = path.relative_to(ROOT)
        if relative.parts[0] in {".venv", "tests", "bench", "var", "build"} or "migrations" in relative.parts:
            continue
        if path.name in VIEW_MODULE_NAMES or "views" in relative.parts[:-1]:
            found.append(path)
    return found


def unscoped_reads(path: Path, scoped: set[str]) -> list[str]:
    found = []
    for node in ast.walk(ast.parse(path.read_text(), filename=str(path))):
        # Model.objects.<method>(...) with any method but a scoping one; Model._default_manager likewise.
        if (
            isinstance(node, ast.Attribute)
            and isinstance(node.value, ast.Attribute)
            and node.value.attr in {"objects", "_default_manager"}
            and isinstance(node.value.value, ast.Name)
            and node.value.value.id in scoped
            and node.attr not in SCOPING_METHODS
        ):
            found.append(
                (node.lineno, f"{node.value.value.id}.{node.value.attr}.{node.attr} (line {node.lineno})")
            )
        # get_object_or_404(Model, ...) / get_list_or_404(Model, ...)
        if (
            isinstance(node, ast.Call)
            and isinstance(node.func, ast.Name)
            and node.func.id in {"get_object_or_404", "get_list_or_404"}
            and node.args
            and isinstance(node.args[0], ast.Name)
            and node.args[0].id in scoped
        ):
            found.append((node.lineno, f"{node.func.id}({node.args[0].id}, ...) (line {node.lineno})"))
    return [text for _, text in sorted(found)]


def test_the_lint_sees_an_unscoped_read(tmp_path):
    view = tmp_path / "views.py"
    view.write_text(
        "def a(request, pk):\n"
        "    return Referral.objects.get(pk=pk)\n"
        "def b(request, pk):\n"
        "    return get_object_or_404(Bid, pk=pk)\n"
        "def c(request):\n"
        "    return Referral.objects.visible_to(request.user).get(pk=1)\n"
    )
    assert unscoped_reads(view, {"Referral", "Bid"}) == [
        "Referral.objects.get (line 2)",
        "get_object_or_404(Bid, ...) (line 4)",
    ]


def test_scoped_models_are_found():
    assert {"Referral", "Carer", "Application", "Bid", "ProviderAllocation"} <= scoped_models()


@pytest.mark.parametrize("path", view_modules(), ids=lambda p: str(p.relative_to(ROOT)))
def test_views_read_scoped_models_through_visible_to(path):
    found = unscoped_reads(path, scoped_models())
    assert not found, f"{path.relative_to(ROOT)} reads scoped models without visible_to(user): {found}"
