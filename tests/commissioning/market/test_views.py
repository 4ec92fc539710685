"""The market pages through HTTP: public reading, commissioners' changes with GOV.UK messages, CSV, flat query
counts, and the statement PDF served from storage."""

import csv
import datetime
import io
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from commissioning.market.models import Figure, Intention, Market, MarketSection, StatementPdf
from commissioning.providers.models import Area, Service
from portal.permissions import Role
from portal.timefmt import govuk_date
from tests.commissioning.contracts.factories import ContractPartyFactory
from tests.committees.factories import ReportFactory
from tests.factories import ProviderFactory
from tests.forms import date_fields, with_dates

from .factories import (
    AssessmentFactory,
    FigureFactory,
    IntentionFactory,
    MarketFactory,
    SectionFactory,
    load_population,
)

pytestmark = pytest.mark.django_db


def csv_of(response) -> list[list[str]]:
    text = b"".join(response.streaming_content).decode("utf-8-sig")
    return list(csv.reader(io.StringIO(text)))


@pytest.fixture
def market():
    market = MarketFactory(slug="care-at-home", title="Care at home", service_types=[Service.CARE_AT_HOME])
    SectionFactory(market=market, heading="Care at home")
    FigureFactory(market=market, kind="supply", label="Prime providers of care at home", value=Decimal("9"))
    FigureFactory(
        market=market,
        kind="demand",
        label="Adults supported at home",
        value=Decimal("1200"),
        qualifier="around",
    )
    IntentionFactory(market=market, report=ReportFactory(title="Care at Home Recommissioning"))
    AssessmentFactory(market=market, dimension="supply", rating="some-gaps", is_demo=True)
    return market


def test_a_signed_out_visitor_reads_a_market(client, market):
    ProviderFactory(services=[Service.CARE_AT_HOME], areas_served=[Area.CREWE, Area.NANTWICH])
    ProviderFactory(services=[Service.CARE_AT_HOME], areas_served=[Area.CREWE], cqc_provider_id="")
    response = client.get(reverse("market:market", args=["care-at-home"]))
    assert response.status_code == 200
    page = response.content.decode()
    assert "1 of the 2 providers are registered with the Care Quality Commission" in page
    assert "Prime providers of care at home" in page and "around 1,200" in page
    assert "contract start 31 August 2023" in page and "Care at Home Recommissioning" in page
    assert "Some gaps" in page and "Demo data" in page
    assert "The statement&#x27;s text." in page or "The statement's text." in page
    # Nothing a commissioner uses is offered.
    assert reverse("market:market-edit", args=["care-at-home"]) not in page
    assert "Add a section" not in page


def test_the_provider_counts_by_care_community(client, market):
    ProviderFactory(services=[Service.CARE_AT_HOME], areas_served=[Area.CREWE, Area.NANTWICH])
    ProviderFactory(services=[Service.CARE_AT_HOME], areas_served=[Area.CREWE])
    ProviderFactory(services=[Service.RESIDENTIAL], areas_served=[Area.CREWE])
    rows = csv_of(client.get(reverse("market:table-csv", args=["care-at-home", "providers"])))
    assert rows[0] == ["Care community", "Care at home"]  # one type: no "any of these" column
    counts = {row[0]: row[1] for row in rows[1:]}
    assert counts["Crewe"] == "2"
    assert counts["Nantwich and rural"] == "1"
    assert counts["Knutsford"] == "0"
    assert counts["All care communities"] == "2"


def test_an_unpublished_market_is_only_for_commissioners(client, client_for):
    MarketFactory(slug="draft-market", title="Draft market", is_published=False)
    url = reverse("market:market", args=["draft-market"])
    assert client.get(url).status_code == 404
    assert client_for(Role.FINANCE_OFFICER).get(url).status_code == 404
    assert "Draft market" not in client.get(reverse("market:index")).content.decode()
    response = client_for(Role.COMMISSIONER).get(url)
    assert response.status_code == 200
    assert "Only commissioners can see this page" in response.content.decode()


def test_the_index_lists_the_markets_by_chapter(client):
    MarketFactory(title="Carers", chapter=8)
    MarketFactory(title="Care at home", chapter=9)
    page = client.get(reverse("market:index")).content.decode()
    assert page.index("Messages for providers of public health") < page.index("Carers")
    assert page.index("Messages for providers of care and support to adults") < page.index("Care at home")


def test_a_market_page_costs_the_same_queries_whatever_its_size(client, market, django_assert_num_queries):
    url = reverse("market:market", args=[market.slug])

    def grow(n):
        for _ in range(n):
            ContractPartyFactory(contract__service_type="care-at-home")
            ProviderFactory(services=[Service.CARE_AT_HOME])
            SectionFactory(market=market)
            FigureFactory(market=market)
            IntentionFactory(market=market, report=ReportFactory())
            Intention.objects.create(market=market, text="Another", due=datetime.date(2024, 1, 1))

    # Session and user are not read (anonymous). The market, its sections, figures, intentions, the
    # intentions' report references, assessments; the provider counts with their CQC ratings (one
    # query, kept between requests: the version of the providers is read, and they are counted again only
    # after a change, one query more); the live contracts' counts, the ten ending soonest and their parties:
    # 10 queries, 11 on the first request after a change to the providers.
    grow(1)
    with django_assert_num_queries(11):
        assert client.get(url).status_code == 200
    with django_assert_num_queries(10):
        assert client.get(url).status_code == 200
    grow(12)
    with django_assert_num_queries(11):
        assert client.get(url).status_code == 200
    with django_assert_num_queries(10):
        assert client.get(url).status_code == 200


def test_every_table_on_the_page_downloads_as_csv(client, market):
    page = client.get(reverse("market:market", args=[market.slug])).content.decode()
    for name in ["providers", "supply-figures", "demand-figures", "intentions", "assessment"]:
        url = reverse("market:table-csv", args=[market.slug, name])
        assert url in page
        assert client.get(url).status_code == 200
    rows = csv_of(client.get(reverse("market:table-csv", args=[market.slug, "demand-figures"])))
    assert rows[1][:6] == [
        "Adults supported at home",
        "1200",
        "",
        "A count (people, places, providers)",
        "Around",
        "around 1,200",
    ]
    assert client.get(reverse("market:table-csv", args=[market.slug, "nonsense"])).status_code == 404


def test_a_table_in_the_statements_text_downloads_as_csv(client, market):
    section = SectionFactory(
        market=market,
        paragraphs=[
            {
                "number": "",
                "text": "",
                "kind": "",
                "bullets": [],
                "numbered_list": False,
                "table": {"header": ["Scheme", "Town"], "rows": [["Oakmere", "Handforth"]]},
            }
        ],
    )
    url = reverse("market:table-csv", args=[market.slug, f"section-{section.pk}-table-1"])
    assert url in client.get(reverse("market:market", args=[market.slug])).content.decode()
    assert csv_of(client.get(url)) == [["Scheme", "Town"], ["Oakmere", "Handforth"]]
    assert (
        client.get(
            reverse("market:table-csv", args=[market.slug, f"section-{section.pk}-table-2"])
        ).status_code
        == 404
    )


def test_the_population_csv_cells_equal_the_statements(client):
    load_population()
    rows = csv_of(client.get(reverse("market:population-csv", args=["table-1"])))
    assert rows[1][:13] == [
        "2018",
        "Cheshire East",
        "380790",
        "64316",
        "17",
        "229786",
        "60",
        "86688",
        "23",
        "63371",
        "17",
        "11769",
        "3",
    ]
    rows = csv_of(client.get(reverse("market:population-csv", args=["table-2"])))
    assert rows[4][:7] == ["10 year change (%)", "5", "-2", "1", "21", "22", "30"]
    assert client.get(reverse("market:population-csv", args=["table-3"])).status_code == 404


def test_the_population_page_shows_the_printed_figures_and_the_notes(client):
    load_population()
    page = client.get(reverse("market:population")).content.decode()
    assert "105,059" in page and "105,058" in page
    assert "printed as 105,058; Table 1 prints 105,059 for the same figure." in page
    assert page.count('<img class="portal-chart" src="data:image/svg+xml;base64,') == 2


# Commissioners ------------------------------------------------------------------------------------------


def test_a_commissioner_changes_an_intention_and_the_page_shows_it_with_todays_date(client_for, market):
    commissioner = client_for(Role.COMMISSIONER)
    intention = market.intentions.get()
    url = reverse("market:intention-edit", args=[market.slug, intention.pk])
    assert commissioner.get(url).status_code == 200
    response = commissioner.post(
        url,
        {
            "text": "We will recommission care at home: contract start 1 September 2023.",
            **date_fields("due", "1/9/2023"),
            "due_precision": "day",
            "report": "",
            "work_programme_item": "",
            "source": "Report AH/42/21-22",
        },
    )
    assert response.status_code == 302
    page = commissioner.get(reverse("market:market", args=[market.slug])).content.decode()
    assert "contract start 1 September 2023" in page
    assert govuk_date(timezone.localdate()) in page
    latest = Intention.history.filter(id=intention.pk).latest()
    assert latest.history_user.username == Role.COMMISSIONER
    assert latest.history_change_reason == "Intention changed"


def figure_post(**overrides):
    data = {
        "kind": "demand",
        "label": "Carers who need support",
        "unit": "count",
        "value": "8,300",
        "value_to": "",
        "qualifier": "around",
        "as_of": "1/1/2021",
        "as_of_precision": "year",
        "source": "Market Position Statement 2021-25, section 8",
        "note": "",
    }
    return with_dates({**data, **overrides}, "as_of")


def test_a_commissioner_adds_a_figure(client_for, market):
    response = client_for(Role.COMMISSIONER).post(
        reverse("market:figure-add", args=[market.slug]), figure_post()
    )
    assert response.status_code == 302
    figure = Figure.objects.get(label="Carers who need support")
    assert (figure.value, figure.qualifier, figure.as_of) == (
        Decimal("8300"),
        "around",
        datetime.date(2021, 1, 1),
    )


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"unit": "percent", "value": "150"}, "A percentage must be between 0 and 100"),
        ({"unit": "percent", "value": "-5%"}, "A percentage must be between 0 and 100"),
        ({"value": "-1"}, "A count cannot be below 0"),
        ({"value": "lots"}, "Enter the figure as a number, like 8,300 or 37.5"),
        ({"value": "1.234"}, "The figure can have at most 2 decimal places"),
        ({"source": ""}, "Enter the source of the figure"),
        ({"as_of": ""}, "Enter the date the figure refers to"),
        ({"as_of": "31/2/2021"}, "Date the figure refers to must be a real date"),
        ({"label": "x" * 301}, "What the figure counts must be 300 characters or fewer"),
        ({"value_to": "8,000"}, "The upper figure of a range must be more than the figure"),
    ],
)
def test_a_bad_figure_gets_a_govuk_message_and_nothing_is_saved(client_for, market, overrides, message):
    before = Figure.objects.count()
    response = client_for(Role.COMMISSIONER).post(
        reverse("market:figure-add", args=[market.slug]), figure_post(**overrides)
    )
    assert response.status_code == 200
    page = response.content.decode()
    assert "govuk-error-summary" in page
    assert message.replace("'", "&#x27;") in page or message in page
    assert Figure.objects.count() == before


def test_a_figure_with_a_null_character_is_refused_whole_and_nothing_is_saved(client_for, market):
    # portal.middleware.BadInputMiddleware answers any NUL in a form post with the 400 page.
    before = Figure.objects.count()
    response = client_for(Role.COMMISSIONER).post(
        reverse("market:figure-add", args=[market.slug]), figure_post(label="Carers\x00")
    )
    assert response.status_code == 400
    assert "Nothing was saved" in response.content.decode()
    assert Figure.objects.count() == before


def test_a_section_is_edited_in_the_markup_and_reviewed(client_for, market):
    commissioner = client_for(Role.COMMISSIONER)
    section = market.sections.get()
    url = reverse("market:section-edit", args=[market.slug, section.pk])
    page = commissioner.get(url).content.decode()
    assert "The statement&#x27;s text." in page or "The statement's text." in page
    response = commissioner.post(
        url,
        {
            "heading": "Care at home",
            "text": "New text.\n\n- one\n- two",
            **date_fields("last_reviewed", "2/12/2025"),
        },
    )
    assert response.status_code == 302
    section.refresh_from_db()
    assert section.paragraphs[1]["bullets"] == ["one", "two"]
    assert section.last_reviewed == datetime.date(2025, 12, 2)
    bad = commissioner.post(
        url,
        {
            "heading": "Care at home",
            "text": "| a |\n|---|\n|---|",
            **date_fields("last_reviewed", "2/12/2025"),
        },
    )
    assert "a line of dashes may only follow a table" in bad.content.decode()
    reviewed = commissioner.post(reverse("market:section-reviewed", args=[market.slug, section.pk]))
    assert reviewed.status_code == 302
    section.refresh_from_db()
    assert section.last_reviewed == timezone.localdate()


def test_deleting_a_section_asks_first(client_for, market):
    commissioner = client_for(Role.COMMISSIONER)
    section = market.sections.get()
    url = reverse("market:section-delete", args=[market.slug, section.pk])
    page = commissioner.get(url).content.decode()
    assert "Delete this section?" in page and "Its history is kept." in page
    assert commissioner.post(url).status_code == 302
    assert not MarketSection.objects.filter(pk=section.pk).exists()


def test_an_assessment_is_rated_on_its_dimensions_scale(client_for, market):
    commissioner = client_for(Role.COMMISSIONER)
    url = reverse("market:assessment-edit", args=[market.slug, "workforce"])
    page = commissioner.get(url).content.decode()
    assert "Under pressure" in page and "Rising fast" not in page
    response = commissioner.post(
        url, {"rating": "rising-fast", "sentence": "x", **date_fields("assessed_on", "1/1/2022")}
    )
    assert "Select the rating of the market&#x27;s workforce from the options" in response.content.decode()
    response = commissioner.post(
        url,
        {
            "rating": "under-pressure",
            "sentence": "Vacancies are high.",
            **date_fields("assessed_on", "1/1/2022"),
        },
    )
    assert response.status_code == 302
    assert market.assessments.get(dimension="workforce").rating == "under-pressure"
    assert (
        commissioner.get(reverse("market:assessment-edit", args=[market.slug, "morale"])).status_code == 404
    )


def test_a_commissioner_adds_a_market_and_it_stays_hidden_until_published(client_for, client):
    commissioner = client_for(Role.COMMISSIONER)
    response = commissioner.post(
        reverse("market:market-add"),
        {
            "title": "Housing related support",
            "chapter": "8",
            "position": "4",
            "summary": "Supported housing.",
            "service_types": ["supported-living"],
            "purchasing_system": "",
        },
    )
    assert response.status_code == 302
    market = Market.objects.get(title="Housing related support")
    assert (market.slug, market.is_published) == ("housing-related-support", False)
    assert client.get(market.get_absolute_url()).status_code == 404


def test_the_history_page_lists_who_changed_what(client_for, market):
    commissioner = client_for(Role.COMMISSIONER)
    commissioner.post(reverse("market:figure-add", args=[market.slug]), figure_post())
    page = commissioner.get(reverse("market:history", args=[market.slug])).content.decode()
    assert "Figure added" in page and "Figure: Carers who need support" in page


# The statement PDF -----------------------------------------------------------------------------------------


def test_the_pdf_is_built_once_stored_and_served_from_storage(
    client, market, settings, tmp_path, monkeypatch, django_capture_on_commit_callbacks
):
    from commissioning.market import statement_pdf

    settings.MEDIA_ROOT = tmp_path
    # The first visitor starts the build (run by the tests' task backend once the request commits).
    with django_capture_on_commit_callbacks(execute=True):
        first = client.get(reverse("market:pdf"))
    assert "is being prepared" in first.content.decode()
    assert list(StatementPdf.objects.values_list("status", "error")) == [("done", "")]
    response = client.get(reverse("market:pdf"))
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment")
    data = b"".join(response.streaming_content)
    from portal.pdf import page_texts

    text = " ".join(page_texts(data))
    assert "Joint Market Position Statement\n2021/25" in text and "Care at home" in text
    assert "Generated" in text
    assert StatementPdf.objects.count() == 1
    # A second request renders nothing: it is served from storage.
    monkeypatch.setattr(statement_pdf, "render", lambda **kwargs: pytest.fail("rendered on request"))
    assert client.get(reverse("market:pdf")).status_code == 200
    assert StatementPdf.objects.count() == 1


def test_a_request_never_renders_the_pdf_itself(client, market, settings, tmp_path, monkeypatch):
    """With a real queue (here one that keeps tasks), the visitor gets a page saying it is being prepared."""
    from commissioning.market import statement_pdf

    settings.MEDIA_ROOT = tmp_path
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}
    monkeypatch.setattr(statement_pdf, "render", lambda **kwargs: pytest.fail("rendered on request"))
    response = client.get(reverse("market:pdf"))
    assert response.status_code == 200
    assert "is being prepared" in response.content.decode()
    # Asked again: still one build.
    client.get(reverse("market:pdf"))
    assert StatementPdf.objects.filter(status="pending").count() == 1


def test_a_change_to_the_statement_makes_the_stored_pdf_stale(
    client, client_for, market, settings, tmp_path, django_capture_on_commit_callbacks
):
    settings.MEDIA_ROOT = tmp_path
    with django_capture_on_commit_callbacks(execute=True):
        client.get(reverse("market:pdf"))
    first = StatementPdf.objects.get(status="done")
    client_for(Role.COMMISSIONER).post(reverse("market:figure-add", args=[market.slug]), figure_post())
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}
    page = client.get(reverse("market:pdf")).content.decode()
    assert "download the last PDF" in page
    previous = client.get(reverse("market:pdf") + "?previous=1")
    assert previous.status_code == 200 and previous["Content-Type"] == "application/pdf"
    assert StatementPdf.objects.exclude(pk=first.pk).get().status == "pending"


def test_the_page_shows_live_contracts_and_cqc_ratings(client, market):
    from commissioning.contracts.models import ProviderQuality
    from tests.commissioning.contracts.factories import ContractFactory

    provider = ProviderFactory(name="Gritstone Care", services=[Service.CARE_AT_HOME])
    ProviderQuality.objects.create(provider=provider, cqc_rating="good")
    contract = ContractFactory(
        title="Care at Home prime provider: Crewe area", end_date=datetime.date(2028, 8, 30)
    )
    ContractPartyFactory(contract=contract, provider=provider)
    intention = market.intentions.get()
    intention.contract = contract
    intention.save()
    page = client.get(reverse("market:market", args=[market.slug])).content.decode()
    assert "1 live contract of this type on the public contracts register" in page
    assert "Care at Home prime provider: Crewe area" in page and "30 August 2028" in page
    assert "100% of the 1 rated provider is rated Good or Outstanding" in page
    # The contract links to its entry on the public contracts register (contracts:public-entry).
    url = contract.get_public_url()
    link = f'<a class="govuk-link" href="{url}">Care at Home prime provider: Crewe area</a>'
    assert f"Contract: {link} ({contract.reference})" in page
    rows = csv_of(client.get(reverse("market:table-csv", args=[market.slug, "contracts"])))
    assert rows[1][:2] == [contract.reference, "Care at Home prime provider: Crewe area"]
    assert rows[1][3:5] == ["Gritstone Care", "Provider"] and rows[1][6] == "2028-08-30"
    # One value per cell (issue 18): a second supplier is a second row, not a list in the cell.
    ContractPartyFactory(contract=contract, provider=ProviderFactory(name="Limestone Care"))
    rows = csv_of(client.get(reverse("market:table-csv", args=[market.slug, "contracts"])))
    assert sorted(row[3] for row in rows[1:] if row[0] == contract.reference) == [
        "Gritstone Care",
        "Limestone Care",
    ]


def test_a_market_page_follows_the_caching_rules(client, client_for, market):
    """Signed out, the page is public: the same for every visitor (no change links, no cookie set, so a
    shared cache could keep it). Signed in, a commissioner's page has the change links and must be kept by
    no cache (the portal's rule for every signed-in response)."""
    url = reverse("market:market", args=[market.slug])
    public = client.get(url)
    assert public.status_code == 200
    assert "no-store" not in public.get("Cache-Control", "")
    assert not public.cookies
    assert reverse("market:market-edit", args=[market.slug]) not in public.content.decode()
    commissioner = client_for(Role.COMMISSIONER).get(url)
    assert reverse("market:market-edit", args=[market.slug]) in commissioner.content.decode()
    assert "no-store" in commissioner["Cache-Control"]
