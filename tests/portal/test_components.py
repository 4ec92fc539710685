"""The shared GOV.UK components (portal/components.py, portal/templatetags/components.py) and the shared
helpers every app uses: confirmation page, audit, time formatting, email, history."""

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
from django import forms
from django.contrib.messages.storage.fallback import FallbackStorage
from django.core import mail
from django.core.exceptions import ValidationError
from django.template import Context, Template, TemplateSyntaxError
from django.test import RequestFactory

from portal import components, timefmt
from portal.audit import audit
from portal.confirm import Refused, confirm_or_refuse
from portal.email import send_email
from portal.history import record_history
from tests.factories import ProviderFactory, UserFactory

LONDON = ZoneInfo("Europe/London")


def render(source: str, **context) -> str:
    return Template(source).render(Context(context))


class TestTag:
    def test_colours_are_govuk_s(self):
        assert (
            str(components.tag("Active", "green"))
            == '<strong class="govuk-tag govuk-tag--green">Active</strong>'
        )
        assert str(components.tag("New")) == '<strong class="govuk-tag">New</strong>'
        with pytest.raises(ValueError, match="not a GOV.UK tag colour"):
            components.tag("Late", "amber")

    def test_text_is_escaped(self):
        assert "&lt;b&gt;" in str(components.tag("<b>", "red"))

    @pytest.mark.django_db
    def test_status_tag_takes_the_models_map(self):
        provider = ProviderFactory(is_active=False)
        html = render("{% status_tag provider %}", provider=provider)
        assert html == '<strong class="govuk-tag govuk-tag--grey">Deactivated</strong>'
        provider.is_active = True
        assert str(components.status_tag(provider)) == html.replace("grey", "green").replace(
            "Deactivated", "Active"
        )

    def test_a_model_without_a_map_is_an_error_that_says_what_to_do(self):
        class Thing:
            status = "x"

        with pytest.raises(AttributeError, match="declare its status-to-colour map"):
            components.status_tag(Thing())


class TestSummaryList:
    def test_rows_keys_and_values(self):
        html = render(
            '{% summary_list %}{% summary_row "Name" %}Dane Valley{% endsummary_row %}'
            "{% summary_row key %}{{ value }}{% endsummary_row %}{% endsummary_list %}",
            key="Town",
            value="<Crewe>",
        )
        assert html == (
            '<dl class="govuk-summary-list">'
            '<div class="govuk-summary-list__row"><dt class="govuk-summary-list__key">Name</dt>'
            '<dd class="govuk-summary-list__value">Dane Valley</dd></div>'
            '<div class="govuk-summary-list__row"><dt class="govuk-summary-list__key">Town</dt>'
            '<dd class="govuk-summary-list__value">&lt;Crewe&gt;</dd></div></dl>'
        )

    def test_a_row_with_an_action_marks_the_others_as_having_none(self):
        html = render(
            '{% summary_list %}{% summary_row "Name" change_url="/edit/" %}A{% endsummary_row %}'
            '{% summary_row "Town" %}B{% endsummary_row %}{% endsummary_list %}'
        )
        assert (
            '<dd class="govuk-summary-list__actions"><a class="govuk-link" href="/edit/">Change'
            '<span class="govuk-visually-hidden"> name</span></a></dd>' in html
        )
        assert '<div class="govuk-summary-list__row govuk-summary-list__row--no-actions"><dt' in html

    def test_two_actions_are_a_list(self):
        html = render(
            '{% summary_list %}{% summary_row "Lot 1" change_url="/c/" remove_url="/r/" %}x'
            "{% endsummary_row %}{% endsummary_list %}"
        )
        assert html.count('<li class="govuk-summary-list__actions-list-item">') == 2

    def test_rows_in_loops_and_a_card(self):
        html = render(
            '{% summary_list card="Lots" no_border=True %}{% for n in numbers %}'
            '{% summary_row "Lot" %}{{ n }}{% endsummary_row %}{% endfor %}{% endsummary_list %}',
            numbers=[1, 2, 3],
        )
        assert html.startswith('<div class="govuk-summary-card">')
        assert '<h2 class="govuk-summary-card__title">Lots</h2>' in html
        assert 'class="govuk-summary-list govuk-summary-list--no-border"' in html
        assert html.count("govuk-summary-list__row") == 3

    def test_a_row_outside_a_list_is_a_template_error(self):
        with pytest.raises(TemplateSyntaxError):
            render('{% summary_row "Name" %}x{% endsummary_row %}')


def test_warning_text():
    html = render("{% warning_text %}Bids are sealed until {{ when }}.{% endwarning_text %}", when="5pm")
    assert html == (
        '<div class="govuk-warning-text"><span class="govuk-warning-text__icon" aria-hidden="true">!</span>'
        '<strong class="govuk-warning-text__text"><span class="govuk-visually-hidden">Warning</span>'
        "Bids are sealed until 5pm.</strong></div>"
    )


@pytest.mark.django_db
class TestHistory:
    def test_a_records_history_says_who_what_and_which_fields(self):
        officer = UserFactory(username="officer", first_name="Olu", last_name="Officer")
        provider = ProviderFactory(name="Before Ltd")
        audit(provider, by=officer, reason="Renamed after a merger " * 20)
        provider.name = "After Ltd"
        provider.save()
        events = record_history(provider)
        assert [e.what for e in events] == ["Renamed after a merger " * 20, "Created"]  # 460 characters
        assert events[0].who == officer and events[0].changed == ["organisation name"]
        html = render("{% history_table events caption='Changes' %}", events=events)
        assert "Renamed after a merger" in html and "Changed: organisation name" in html
        assert html.count('<tr class="govuk-table__row">') == 3  # header and two events
        assert "The portal" in html  # the factory's save had no user

    def test_limit_keeps_the_newest(self):
        provider = ProviderFactory()
        for n in range(3):
            audit(provider, by=None, reason=f"Change {n}")
            provider.save()
        assert [e.what for e in record_history(provider, limit=2)] == ["Change 2", "Change 1"]

    def test_empty(self):
        assert "No changes recorded." in render("{% history_table events %}", events=[])


class TestTimeFormat:
    @pytest.mark.parametrize(
        ("value", "expected"),
        [
            (dt.time(10, 30), "10:30am"),
            (dt.time(17, 0), "5pm"),
            (dt.time(12, 0), "midday"),
            (dt.time(0, 0), "midnight"),
            (dt.time(14, 5), "2:05pm"),
        ],
    )
    def test_govuk_time(self, value, expected):
        assert timefmt.govuk_time(value) == expected

    def test_aware_datetimes_are_shown_in_uk_time(self):
        summer = dt.datetime(2022, 5, 31, 16, 0, tzinfo=dt.UTC)  # 5pm BST
        assert timefmt.uk_time(summer) == "5pm on 31 May 2022"
        assert timefmt.govuk_datetime(summer) == "31 May 2022 at 5pm"
        assert render("{{ t|govuk_time }}", t=summer) == "5pm"


@pytest.mark.django_db
class TestEmail:
    def test_sent_after_commit_one_per_recipient_signed(self, django_capture_on_commit_callbacks):
        with django_capture_on_commit_callbacks(execute=True):
            sent = send_email(
                to=["b@example.org", "a@example.org", "", "a@example.org"], subject="A\nB", body="Hi"
            )
            assert sent == 2
            assert mail.outbox == []  # nothing before the commit
        assert [m.to for m in mail.outbox] == [["a@example.org"], ["b@example.org"]]
        assert mail.outbox[0].subject == "A B"
        assert mail.outbox[0].body.startswith("Hi\n\nCommissioning Portal, ")

    def test_a_rolled_back_change_sends_nothing(self, django_capture_on_commit_callbacks):
        from django.db import transaction

        with (
            django_capture_on_commit_callbacks(execute=True),
            pytest.raises(RuntimeError),
            transaction.atomic(),
        ):
            send_email(to=["a@example.org"], subject="S", body="B")
            raise RuntimeError
        assert mail.outbox == []

    def test_headers_are_kept(self, django_capture_on_commit_callbacks):
        with django_capture_on_commit_callbacks(execute=True):
            send_email(
                to=["a@example.org"], subject="S", body="B", headers={"List-Unsubscribe": "<https://x/u>"}
            )
        assert mail.outbox[0].extra_headers == {"List-Unsubscribe": "<https://x/u>"}


class ReasonForm(forms.Form):
    reason = forms.CharField(error_messages={"required": "Enter a reason"})


@pytest.mark.django_db
class TestConfirmOrRefuse:
    def call(self, method="get", data=None, **kwargs):
        request = getattr(RequestFactory(), method)("/thing/delete/", data or {})
        request.user = UserFactory()
        request.session = {}
        request._messages = FallbackStorage(request)
        kwargs.setdefault("title", "Delete this thing?")
        kwargs.setdefault("back", "/thing/")
        kwargs.setdefault("action", lambda form: ("Deleted.", "/things/"))
        response = confirm_or_refuse(request, **kwargs)
        return response, [str(m) for m in request._messages]

    def test_get_shows_the_summary_warning_and_button(self, rf):
        response, _ = self.call(summary=[("Name", "Thing")], warning="It goes for good.", button="Delete")
        page = response.content.decode()
        assert response.status_code == 200
        assert "Delete this thing?" in page and "It goes for good." in page and ">Delete</button>" in page
        assert '<dt class="govuk-summary-list__key">Name</dt>' in page

    def test_a_refusal_shows_why_and_no_button(self):
        response, _ = self.call(refusal="It has minutes.", refused_title="This thing cannot be deleted")
        page = response.content.decode()
        assert "This thing cannot be deleted" in page and "It has minutes." in page
        assert '<form method="post" novalidate>' not in page

    def test_post_does_it_and_redirects(self):
        done = []
        response, calls = self.call("post", action=lambda form: (done.append(1), ("Deleted.", "/things/"))[1])
        assert (response.status_code, response["Location"], done, calls) == (
            302,
            "/things/",
            [1],
            ["Deleted."],
        )

    def test_post_refused_or_invalid_changes_nothing(self):
        response, calls = self.call("post", refusal="No.", action=lambda form: pytest.fail("must not run"))
        assert (response.status_code, response["Location"], calls) == (302, "/thing/", ["No."])

        def refuse(form):
            raise Refused("It gained minutes meanwhile.")

        response, calls = self.call("post", action=refuse)
        assert (response["Location"], calls) == ("/thing/", ["It gained minutes meanwhile."])

        response, _ = self.call("post", form=ReasonForm({}), action=lambda form: pytest.fail("must not run"))
        assert response.status_code == 200 and "Enter a reason" in response.content.decode()

        def invalid(form):
            raise ValidationError({"reason": "Reason is too vague"})

        response, _ = self.call("post", form=ReasonForm({"reason": "x"}), action=invalid)
        assert response.status_code == 200 and "Reason is too vague" in response.content.decode()


class TestTableRows:
    """templates/components/table.html's rows, built by `{% table_rows %}` (issue 13, part 8)."""

    @staticmethod
    def table(data, **kwargs):
        import django_tables2 as tables
        from django.utils.html import format_html

        from portal.tables import NUMERIC, DateColumn, Table

        class Sample(Table):
            name = tables.Column()
            when = DateColumn()
            count = tables.Column(attrs=NUMERIC)
            link = tables.Column(empty_values=())

            class Meta(Table.Meta):
                empty_text = "No rows <yet>."

            def render_link(self, record):
                return format_html('<a class="govuk-link" href="/x/{}">Open</a>', record["name"])

        return Sample(data, **kwargs)

    def test_cells_are_escaped_classed_and_rendered_by_the_table(self, rf):
        from django_tables2 import RequestConfig

        table = self.table([{"name": "<b>Acme</b>", "when": dt.date(2022, 3, 28), "count": 3}])
        RequestConfig(rf.get("/")).configure(table)
        html = render("{% table_rows table %}", table=table)
        assert html.count('<tr class="govuk-table__row">') == 1
        assert '<td class="govuk-table__cell">&lt;b&gt;Acme&lt;/b&gt;</td>' in html
        assert '<td class="govuk-table__cell">28 March 2022</td>' in html
        assert '<td class="govuk-table__cell govuk-table__cell--numeric">3</td>' in html
        assert '<a class="govuk-link" href="/x/&lt;b&gt;Acme&lt;/b&gt;">Open</a>' in html

    def test_no_rows_is_one_row_with_the_empty_text_across_every_column(self, rf):
        from django_tables2 import RequestConfig

        table = self.table([])
        RequestConfig(rf.get("/")).configure(table)
        html = render("{% table_rows table %}", table=table)
        cell = '<td class="govuk-table__cell" colspan="4">No rows &lt;yet&gt;.</td>'
        assert html == f'<tr class="govuk-table__row">{cell}</tr>'
