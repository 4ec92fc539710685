"""The purchasing system, its lots and spend figures, application windows and the selection questionnaire
(kept as data)."""

from __future__ import annotations

from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils import timezone
from simple_history.models import HistoricalRecords

# The purchasing system and its lots -------------------------------------------------------------------


class PurchasingSystem(models.Model):
    class Status(models.TextChoices):
        IN_DEVELOPMENT = "in-development", "In development"
        LIVE = "live", "Live"
        ENDED = "ended", "Ended"

    name = models.CharField(max_length=200)
    slug = models.SlugField(max_length=100, unique=True)
    code = models.CharField(
        "reference code", max_length=10, unique=True, help_text="Starts application and package references."
    )
    summary = models.TextField(blank=True)
    legal_basis = models.TextField("legal basis")
    term_years = models.PositiveSmallIntegerField("term in years", default=5)
    go_live = models.DateField("go-live date")
    reopens_every_months = models.PositiveSmallIntegerField("reopens every (months)", default=12)
    delegated_decision_maker = models.CharField(
        "delegated decision maker", max_length=200, help_text="The officer who admits providers."
    )
    committee_report = models.CharField("approving committee report", max_length=40, blank=True)

    class Regime(models.TextChoices):
        PCR_2015 = (
            "pcr-2015",
            "Flexible or dynamic purchasing system under the Public Contracts Regulations 2015",
        )
        PA_2023 = "pa-2023", "Dynamic market under the Procurement Act 2023"

    status = models.CharField(max_length=20, choices=Status.choices, default=Status.IN_DEVELOPMENT)
    # A PCR 2015 system runs on under those rules until it ends; a new one is a dynamic market (PA 2023).
    regime = models.CharField(max_length=10, choices=Regime.choices, default=Regime.PCR_2015)
    established_on = models.DateField("date established", null=True, blank=True)
    is_demo = models.BooleanField("demo data", default=False)

    STATUS_COLOURS = {Status.IN_DEVELOPMENT: "blue", Status.LIVE: "green", Status.ENDED: "grey"}

    history = HistoricalRecords()

    class Meta:
        ordering = ["name", "pk"]
        permissions = [
            ("manage_fps", "Can run the flexible purchasing system (lots, windows, questionnaire)"),
            ("evaluate_application", "Can evaluate FPS applications and ask clarification questions"),
            ("decide_application", "Can admit or reject FPS applications (delegated decision)"),
            ("manage_package", "Can create, publish, score and award FPS call-off packages"),
        ]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("fps:overview", args=[self.slug])

    @property
    def ends(self):
        return self.go_live.replace(year=self.go_live.year + self.term_years)

    @property
    def is_dynamic_market(self) -> bool:
        return self.regime == self.Regime.PA_2023

    def conditions_change_refusal(self, today=None) -> str | None:
        """Why the conditions for membership (the questionnaire) cannot change today, or None. A dynamic
        market's conditions are fixed once it is established; a change needs a dynamic market
        modification notice (UK15) recorded for that day first."""
        if not self.is_dynamic_market or self.established_on is None:
            return None
        today = today or timezone.localdate()
        if self.notices.filter(kind="UK15", event_on=today).exists():
            return None
        established = f"{self.established_on:%-d %B %Y}"
        return (
            f"The {self.name} is a dynamic market established on {established}: its conditions "
            "for membership are fixed. Record a dynamic market modification notice (UK15) for today before "
            "changing the questionnaire."
        )


class SpendFigure(models.Model):
    """A figure from the approving report's finance section, shown on the FPS overview as written there."""

    system = models.ForeignKey(PurchasingSystem, on_delete=models.CASCADE, related_name="spend_figures")
    label = models.CharField(max_length=200)
    amount = models.DecimalField("annual spend (£)", max_digits=12, decimal_places=2, null=True, blank=True)
    people = models.PositiveIntegerField("people or placements", null=True, blank=True)
    as_of = models.DateField("as of")
    source = models.CharField(max_length=200, blank=True)
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["system", "position", "pk"]

    def __str__(self):
        return self.label


class Lot(models.Model):
    system = models.ForeignKey(PurchasingSystem, on_delete=models.PROTECT, related_name="lots")
    number = models.PositiveSmallIntegerField()
    title = models.CharField(max_length=200)
    description = models.TextField(blank=True)
    is_active = models.BooleanField("open to new applications and packages", default=True)
    added_on = models.DateField(default=timezone.localdate)

    history = HistoricalRecords()

    class Meta:
        ordering = ["system", "number"]
        constraints = [models.UniqueConstraint(fields=["system", "number"], name="fps_lot_unique_number")]

    def __str__(self):
        return f"Lot {self.number}: {self.title}"


class WindowQuerySet(models.QuerySet):
    def open_at(self, moment=None):
        moment = moment or timezone.now()
        return self.filter(opens_at__lte=moment, closes_at__gt=moment)


class ApplicationWindow(models.Model):
    """A period in which applications are accepted. Times are stored in UTC and shown in UK time; the
    server decides whether a window is open (`is_open`), never the browser."""

    system = models.ForeignKey(PurchasingSystem, on_delete=models.PROTECT, related_name="windows")
    name = models.CharField(max_length=100, help_text="For example, 2022 application window.")
    opens_at = models.DateTimeField("opens")
    closes_at = models.DateTimeField("closes")
    evaluation_by = models.DateField("evaluation to finish by", null=True, blank=True)

    objects = WindowQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        ordering = ["system", "-opens_at"]
        constraints = [
            models.CheckConstraint(
                condition=Q(closes_at__gt=F("opens_at")),
                name="fps_window_closes_after_opening",
                violation_error_message="The window must close after it opens.",
            )
        ]

    def __str__(self):
        return self.name

    class State(models.TextChoices):
        OPEN = "open", "Open"
        UPCOMING = "upcoming", "Not yet open"
        CLOSED = "closed", "Closed"

    STATE_COLOURS = {State.OPEN: "green", State.UPCOMING: "blue", State.CLOSED: "grey"}

    def is_open(self, moment=None) -> bool:
        moment = moment or timezone.now()
        return self.opens_at <= moment < self.closes_at

    def state_at(self, moment=None) -> str:
        moment = moment or timezone.now()
        if self.is_open(moment):
            return self.State.OPEN
        return self.State.UPCOMING if self.opens_at > moment else self.State.CLOSED

    @property
    def state(self) -> str:
        """Open, not yet open or closed, by the server's clock (set `_state_moment` to read it at another
        time, as a page does for all its windows at once)."""
        return self.state_at(getattr(self, "_state_moment", None))

    def get_state_display(self) -> str:
        return self.State(self.state).label


# The selection questionnaire, kept as data ------------------------------------------------------------


class QuestionSection(models.Model):
    system = models.ForeignKey(PurchasingSystem, on_delete=models.CASCADE, related_name="sections")
    number = models.PositiveSmallIntegerField()
    title = models.CharField(max_length=200)
    guidance = models.TextField(blank=True)
    # A section for one lot only (the lot's service description); blank for every lot.
    lot = models.ForeignKey(Lot, on_delete=models.CASCADE, null=True, blank=True, related_name="sections")

    history = HistoricalRecords()

    class Meta:
        ordering = ["system", "number"]
        constraints = [models.UniqueConstraint(fields=["system", "number"], name="fps_section_unique_number")]

    def __str__(self):
        return f"{self.number}. {self.title}"


YES_NO = [("yes", "Yes"), ("no", "No")]


class Question(models.Model):
    class Kind(models.TextChoices):
        PASS_FAIL = "pass-fail", "Pass or fail (yes or no answer)"
        DECLARATION = "declaration", "Yes or no declaration"
        DOCUMENT = "document", "Document upload"
        TEXT = "text", "Free text"

    YES_NO_KINDS = (Kind.PASS_FAIL, Kind.DECLARATION)

    section = models.ForeignKey(QuestionSection, on_delete=models.CASCADE, related_name="questions")
    number = models.CharField(max_length=10, help_text="For example, 3.2")
    position = models.PositiveSmallIntegerField(default=0)
    text = models.TextField()
    hint = models.TextField(blank=True)
    kind = models.CharField(max_length=20, choices=Kind.choices)
    mandatory = models.BooleanField(default=True)
    # pass-fail: the answer that passes ("yes" or "no"); another answer is flagged to the evaluator.
    pass_answer = models.CharField(max_length=3, blank=True, choices=YES_NO)
    word_limit = models.PositiveIntegerField(null=True, blank=True)
    # Only for this lot's applicants; blank for all lots (a lot-only section makes all its questions so).
    lot = models.ForeignKey(Lot, on_delete=models.CASCADE, null=True, blank=True, related_name="questions")
    # "If so: ..." questions: asked only when an earlier yes or no question of the same section has this
    # answer. Not asked, a question is neither required nor flagged, and any answer to it is cleared.
    condition_question = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="dependants",
        verbose_name="asked only when question",
    )
    condition_answer = models.CharField("is answered", max_length=3, blank=True, choices=YES_NO)

    history = HistoricalRecords()

    class Meta:
        ordering = ["section__number", "position", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["section", "number"], name="fps_question_unique_number"),
            models.CheckConstraint(
                condition=(Q(condition_question__isnull=True) & Q(condition_answer=""))
                | (Q(condition_question__isnull=False) & Q(condition_answer__in=["yes", "no"])),
                name="fps_question_condition_complete",
                violation_error_message="A conditional question needs both the question and the answer.",
            ),
        ]

    def __str__(self):
        return f"{self.number} {self.text[:60]}"

    @property
    def is_yes_no(self) -> bool:
        return self.kind in self.YES_NO_KINDS

    def is_asked(self, answers) -> bool:
        """Whether this question is asked, given the application's answers (a mapping of question id to
        Answer): always, unless it depends on an earlier answer that is not (yet) the one it needs."""
        if self.condition_question_id is None:
            return True
        parent = answers.get(self.condition_question_id)
        return parent is not None and parent.choice == self.condition_answer

    @property
    def condition_text(self) -> str:
        """'Asked only if the answer to 6.1 is Yes'."""
        if self.condition_question_id is None:
            return ""
        return (
            f"Asked only if the answer to {self.condition_question.number} is "
            f"{self.get_condition_answer_display()}"
        )
