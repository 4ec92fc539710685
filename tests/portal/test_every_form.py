"""Every form in the portal speaks GOV.UK: no Django default message reaches a user.

The test imports every module of the portal's apps, walks the subclasses of Django's BaseForm (and of
django-filter's FilterSet) defined in them, and posts each one with empty, too long, wrong-type, NUL-byte
and out-of-range values for every field (and lying files for file fields). Each bound form is validated
and rendered through the GOV.UK renderer with its error summary; any message that is one of Django's own
defaults fails the test, as does any crash.

A new form that needs constructor arguments gets them from FORM_ARGUMENTS below (a function of the
test's database objects); a form the test cannot build fails with a message saying so.
"""

from __future__ import annotations

import html
import importlib
import inspect
import pkgutil
import re
import sys
from types import SimpleNamespace

import django_filters
import pytest
from django import forms
from django.apps import apps
from django.contrib.auth import password_validation
from django.core import validators
from django.core.files.uploadedfile import SimpleUploadedFile
from django.http import QueryDict
from django.template import Context, Template
from django.test import RequestFactory
from django.utils.datastructures import MultiValueDict

from portal.filters import GovukFilterSet
from portal.forms import GovukDateInput, GovukFormMixin
from portal.forms.messages import django_default

PROJECT_PACKAGES = ("portal", "committees", "commissioning", "funding", "scorecard")


# Finding every form ---------------------------------------------------------------------------------------


def import_every_module() -> None:
    for config in apps.get_app_configs():
        if not config.name.startswith(PROJECT_PACKAGES):
            continue
        package = importlib.import_module(config.name)
        importlib.import_module(config.name)
        if not hasattr(package, "__path__"):
            continue
        for info in pkgutil.walk_packages(package.__path__, prefix=f"{config.name}."):
            if ".migrations" in info.name or ".management" in info.name:
                continue
            importlib.import_module(info.name)
    importlib.import_module("portal.accounts")


def subclasses(root: type) -> set[type]:
    found, todo = set(), [root]
    while todo:
        for cls in todo.pop().__subclasses__():
            if cls not in found:
                found.add(cls)
                todo.append(cls)
    return found


def defined_at_module_level(cls: type) -> bool:
    module = sys.modules.get(cls.__module__)
    return module is not None and getattr(module, cls.__name__, None) is cls


def project_classes(root: type) -> list[type]:
    import_every_module()
    return sorted(
        (
            cls
            for cls in subclasses(root)
            if cls.__module__.startswith(PROJECT_PACKAGES)
            and not cls.__module__.startswith("portal.forms")
            and defined_at_module_level(cls)
        ),
        key=lambda cls: f"{cls.__module__}.{cls.__qualname__}",
    )


def dotted(cls: type) -> str:
    return f"{cls.__module__}.{cls.__qualname__}"


FORM_CLASSES = project_classes(forms.BaseForm)
# The bases in portal.filters have no model: only the app's filter sets are used on pages.
FILTERSET_CLASSES = [cls for cls in project_classes(django_filters.FilterSet) if cls._meta.model is not None]


# Arguments for forms that need them -----------------------------------------------------------------------


def meeting(fx):
    from tests.committees.factories import MeetingFactory

    return MeetingFactory()


def membership(fx):
    from tests.committees.factories import MembershipFactory

    return MembershipFactory()


def registered_interest(fx):
    import datetime

    from committees.models import RegisteredInterest
    from tests.committees.factories import PersonFactory

    return RegisteredInterest.objects.create(
        person=PersonFactory(),
        kind="employment",
        organisation="Care Ltd",
        registered_from=datetime.date(2021, 5, 1),
    )


def fps_objects(fx):
    from tests.commissioning.fps.factories import fps_setup

    if "fps" not in fx:
        fx["fps"] = fps_setup(lots=2)
    return fx["fps"]


def section_questions(fx):
    from commissioning.fps.models import Question

    system, _, _ = fps_objects(fx)
    return list(Question.objects.filter(section__system=system).order_by("section__number", "position"))


def question_section(fx):
    from commissioning.fps.models import QuestionSection

    system, _, _ = fps_objects(fx)
    return QuestionSection.objects.filter(system=system).order_by("number").first()


def proposals(fx):
    from tests.factories import ProviderFactory

    return [SimpleNamespace(provider=ProviderFactory(), amount=1000, units="10 beds") for _ in range(2)]


def user(fx):
    from tests.factories import UserFactory

    return UserFactory()


def ranking(fx):
    from tests.commissioning.fps.factories import BidFactory

    bid = BidFactory()
    return [SimpleNamespace(bid=bid, rank=1, total=90)]


def catalogue(fx):
    from commissioning.carers.models import CatalogueService

    return CatalogueService.objects.all()


def users(fx):
    from django.contrib.auth import get_user_model

    user(fx)
    return get_user_model().objects.all()


def cared_for_people(fx):
    from commissioning.carers.models import CaredForPerson
    from tests.commissioning.carers.factories import CaredForFactory

    CaredForFactory()
    return CaredForPerson.objects.all()


def carers_to_merge(fx):
    from tests.commissioning.carers.factories import CarerFactory

    keep, absorb = CarerFactory(first_name="Ann"), CarerFactory(first_name="Anne")
    return {"keep": keep, "absorb": absorb, "differences": ["first_name", "last_name"]}


# Each entry: a list of keyword-argument sets, one test run each.
FORM_ARGUMENTS = {
    "committees.forms.AgendaItemForm": lambda fx: [{"meeting": meeting(fx)}],
    "committees.forms.DeclarationForm": lambda fx: [{"meeting": meeting(fx)}],
    "committees.forms.ApproveMinutesForm": lambda fx: [{"meeting": meeting(fx)}],
    "committees.forms.actions.ActionForm": lambda fx: [{"meeting": meeting(fx)}],
    "committees.forms.decisions.DecisionForm": lambda fx: [{}, {"meeting": meeting(fx)}],
    "committees.forms.EndMembershipForm": lambda fx: [{"membership": membership(fx)}],
    "committees.forms.interests.EndInterestForm": lambda fx: [{"interest": registered_interest(fx)}],
    "committees.forms.ScorecardAppendixForm": lambda fx: [{"quarters": [(2021, 3), (2021, 2)]}],
    "funding.forms.CalculatorForm": lambda fx: [{"proposals": proposals(fx)}],
    "funding.forms.BasisForm": lambda fx: [{}, {"with_provider": False}],
    "scorecard.forms.MeasureQuarterForm": lambda fx: [{"quarter": 3}],
    "scorecard.forms.ScorecardFilterForm": lambda fx: [{"sections": ["Prevention", "Quality"]}],
    "commissioning.carers.forms.referral.ReferralForm": lambda fx: [{}, {"staff": True}],
    "commissioning.carers.forms.referral.LinkCaredForForm": lambda fx: [{"people": cared_for_people(fx)}],
    "commissioning.carers.forms.pathway.AllocationForm": lambda fx: [{"services": catalogue(fx)}],
    "commissioning.carers.forms.casework.TaskForm": lambda fx: [{"owners": users(fx)}],
    "commissioning.carers.forms.casework.CaseWorkerForm": lambda fx: [{"owners": users(fx)}],
    "commissioning.carers.forms.casework.MergeForm": lambda fx: [carers_to_merge(fx)],
    "commissioning.fps.forms.applications.LotsForm": lambda fx: [{"system": fps_objects(fx)[0]}],
    "commissioning.fps.forms.applications.SectionForm": lambda fx: [
        {"questions": section_questions(fx), "answers": {}}
    ],
    "commissioning.fps.forms.evaluation.DecisionForm": lambda fx: [{}, {"lot": fps_objects(fx)[1][0]}],
    "commissioning.fps.forms.calloffs.AwardForm": lambda fx: [{"ranking": ranking(fx)}],
    "commissioning.fps.forms.documents.DocumentForm": lambda fx: [{"system": fps_objects(fx)[0]}],
    "commissioning.fps.forms.questionnaire.SectionForm": lambda fx: [{"system": fps_objects(fx)[0]}],
    "commissioning.fps.forms.questionnaire.QuestionForm": lambda fx: [{"section": question_section(fx)}],
    "commissioning.market.forms.AssessmentForm": lambda fx: [
        {"dimension": "quality"},
        {"dimension": "supply"},
    ],
    "portal.accounts.NewPasswordForm": lambda fx: [{"user": user(fx)}],
    "portal.accounts.SignInForm": lambda fx: [{"request": RequestFactory().post("/sign-in/")}],
}


def argument_sets(cls, fx) -> list[dict]:
    make = FORM_ARGUMENTS.get(dotted(cls))
    return make(fx) if make else [{}]


# What to post ---------------------------------------------------------------------------------------------

BAD_TEXTS = {
    "empty": "",
    "spaces": "   ",
    "too long": "x" * 10_001,
    "long number": "9" * 60,
    "negative with many decimals": "-1.123456789",
    "wrong type": "not a number, not a date, not a choice",
    "NUL byte": "a\x00b",
}


def bad_files(kind: str) -> list:
    if kind == "empty":
        return [SimpleUploadedFile("empty.pdf", b"", content_type="application/pdf")]
    return [
        # A file that lies about its type, with a very long name.
        SimpleUploadedFile("x" * 300 + ".pdf", b"MZ\x90\x00 not a pdf", content_type="application/pdf"),
    ]


def names_posted(bound_field) -> list[str]:
    if isinstance(bound_field.field.widget, GovukDateInput):
        return [f"{bound_field.html_name}-{part}" for part in ("day", "month", "year")]
    return [bound_field.html_name]


def bad_post(form, kind: str) -> tuple[QueryDict, MultiValueDict]:
    text = BAD_TEXTS[kind]
    data, files = QueryDict(mutable=True), MultiValueDict()
    for bound_field in form:
        if isinstance(bound_field.field, forms.FileField):
            if kind in {"empty", "too long"}:
                files.setlist(bound_field.html_name, bad_files(kind))
            continue
        for name in names_posted(bound_field):
            if isinstance(bound_field.field, forms.MultipleChoiceField):
                data.setlist(name, [text, text + "2"] if text else [])
            else:
                data[name] = text
    return data, files


# Django's own wording -------------------------------------------------------------------------------------


class Anything(dict):
    """Formats any %(name)s or %(name)d placeholder as SENTINEL."""

    def __missing__(self, key):
        return SENTINEL


SENTINEL = 7919


def message_pattern(message) -> re.Pattern | None:
    try:
        text = str(message % Anything())
    except (TypeError, ValueError, KeyError):
        text = str(message)
    text = text.strip()
    if not text:
        return None
    pattern = re.escape(text).replace(str(SENTINEL), ".+?")
    pattern = re.sub(r"%(?:\\\(\w+\\\))?[sdr]", ".+?", pattern)
    return re.compile(pattern)


def django_default_messages() -> list[re.Pattern]:
    """Every message Django (and django-filter) would show by default."""
    import django.contrib.auth.forms
    import django.db.models.fields
    import django.db.models.fields.files
    import django.db.models.fields.json
    import django.db.models.fields.related
    import django.forms.fields
    import django.forms.models
    import django_filters.fields
    from django.db.models.constraints import BaseConstraint

    messages = []
    for module in [
        django.forms.fields,
        django.forms.models,
        django.db.models.fields,
        django.db.models.fields.files,
        django.db.models.fields.json,
        django.db.models.fields.related,
        django.contrib.auth.forms,
        django_filters.fields,
    ]:
        for obj in vars(module).values():
            if inspect.isclass(obj):
                messages.extend(getattr(obj, "default_error_messages", {}).values())
                if isinstance(getattr(obj, "error_messages", None), dict):
                    messages.extend(obj.error_messages.values())
    for obj in vars(validators).values():
        if inspect.isclass(obj) and hasattr(obj, "message"):
            messages.append(obj.message)
        if inspect.isclass(obj) and isinstance(getattr(obj, "messages", None), dict):
            messages.extend(obj.messages.values())  # DecimalValidator's
    messages.append(BaseConstraint.default_violation_error_message)
    messages += [
        "%(model_name)s with this %(field_label)s already exists.",
        "%(model_name)s with this %(field_labels)s already exists.",
        "%(field_label)s must be unique for %(date_field_label)s %(lookup_type)s.",
    ]
    for validator in password_validation.get_default_password_validators():
        try:
            validator.validate("1", SimpleNamespace(username="1", email="1@example.com", first_name="1"))
        except Exception as error:  # noqa: BLE001 - each validator raises its own message
            messages.extend(getattr(error, "messages", []))
    patterns = [message_pattern(m) for m in messages]
    return [p for p in patterns if p is not None]


DJANGO_DEFAULTS = django_default_messages()


def django_wording(message: str) -> str | None:
    for pattern in DJANGO_DEFAULTS:
        if pattern.fullmatch(message.strip()):
            return pattern.pattern
    return None


def all_messages(form) -> list[str]:
    return [str(message) for messages in form.errors.values() for message in messages]


SUMMARY = Template("{% error_summary form %}{{ form }}")


def check_form(form, label: str) -> None:
    form.is_valid()
    rendered = html.unescape(SUMMARY.render(Context({"form": form})))
    for message in all_messages(form):
        wording = django_wording(message)
        assert wording is None, f"{label}: Django's default wording reaches the user: {message!r}"
        assert message in rendered, f"{label}: the message {message!r} is not on the page"


def build(cls, kwargs, **more):
    try:
        return cls(**kwargs, **more)
    except TypeError as error:
        pytest.fail(
            f"{dotted(cls)} needs constructor arguments ({error}): add it to FORM_ARGUMENTS in "
            "tests/portal/test_every_form.py"
        )


# The tests ------------------------------------------------------------------------------------------------


def test_the_walk_finds_the_portals_forms():
    names = {dotted(cls) for cls in FORM_CLASSES}
    for expected in [
        "committees.forms.MeetingForm",
        "funding.forms.StatusForm",
        "commissioning.carers.forms.referral.ReferralForm",
        "commissioning.fps.forms.calloffs.PackageForm",
        "commissioning.providers.forms.ProviderForm",
        "scorecard.forms.ImportForm",
        "portal.accounts.SignInForm",
    ]:
        assert expected in names
    assert {"committees.filters.MeetingFilter", "commissioning.providers.filters.ProviderFilter"} <= {
        dotted(cls) for cls in FILTERSET_CLASSES
    }


def test_the_check_knows_djangos_wording():
    assert django_wording("This field is required.")
    assert django_wording("Ensure this value has at most 200 characters (it has 425).")
    assert django_wording("Select a valid choice. pigeon is not one of the available choices.")
    assert django_wording("Enter a whole number.")
    assert django_wording("Ensure that there are no more than 2 decimal places.")
    assert django_wording("This password is too short. It must contain at least 12 characters.")
    assert not django_wording("Organisation name must be 200 characters or fewer")
    assert not django_wording("Enter the payment date")


@pytest.mark.parametrize("cls", FORM_CLASSES, ids=dotted)
def test_every_form_derives_from_the_govuk_base_classes(cls):
    assert issubclass(cls, GovukFormMixin), (
        f"{dotted(cls)} must subclass portal.forms.GovukForm or GovukModelForm (or mix in GovukFormMixin)"
    )


@pytest.mark.parametrize("cls", FILTERSET_CLASSES, ids=dotted)
def test_every_filterset_derives_from_the_govuk_filterset(cls):
    assert issubclass(cls, GovukFilterSet), f"{dotted(cls)} must subclass portal.filters.GovukFilterSet"


@pytest.mark.django_db
@pytest.mark.parametrize("cls", FORM_CLASSES, ids=dotted)
def test_no_form_shows_djangos_default_wording(cls):
    fx: dict = {}
    for kwargs in argument_sets(cls, fx):
        blank = build(cls, kwargs)
        check_fields(blank, dotted(cls))
        for kind in BAD_TEXTS:
            data, files = bad_post(blank, kind)
            check_form(build(cls, kwargs, data=data, files=files), f"{dotted(cls)} ({kind} values)")


@pytest.mark.django_db
@pytest.mark.parametrize("cls", FILTERSET_CLASSES, ids=dotted)
def test_no_filter_shows_djangos_default_wording(cls):
    queryset = cls._meta.model.objects.none()
    blank = cls(queryset=queryset)
    for kind in BAD_TEXTS:
        data, _ = bad_post(blank.form, kind)
        filterset = cls(data, queryset=queryset)
        check_form(filterset.form, f"{dotted(cls)} ({kind} values)")
        list(filterset.qs[:1])  # filtering with bad values does not crash


def check_fields(form, label: str) -> None:
    """Dates are never free text; a question or a confirmation says itself what is missing."""
    for name, field in form.fields.items():
        assert not isinstance(field, forms.DateField | forms.DateTimeField | forms.SplitDateTimeField), (
            f"{label}.{name} is a free-text date: use portal.forms.uk_date_field"
        )
        if not field.required or isinstance(field.widget, forms.HiddenInput):
            continue
        asks = str(field.label or "").strip().endswith("?")
        ticks = isinstance(field, forms.BooleanField)
        if asks or ticks:
            own = field.error_messages.get("required")
            assert own and str(own) != django_default(field, "required"), (
                f"{label}.{name} ({field.label!r}) needs its own required message: a "
                f"{'question' if asks else 'checkbox'} gives no phrase after Enter or Select"
            )
