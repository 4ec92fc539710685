"""The provider register's pages, through HTTP: lists, filters, export, detail, edit, deactivate, invite."""

import csv
import io
import re

import pytest
from django.core import mail
from django.test import Client

from commissioning.providers.models import Provider
from tests.factories import ProviderFactory

pytestmark = pytest.mark.django_db


def names_in(response) -> list[str]:
    return re.findall(
        r'<a class="govuk-link" href="/providers/[^/]+/">([^<]+)</a>', response.content.decode()
    )


class TestList:
    @pytest.fixture(autouse=True)
    def only_this_tests_providers(self, commissioner_client):
        """The signed-in users' fixture organisations would otherwise appear in every list."""
        Provider.objects.all().delete()

    def test_sorted_by_name_and_paginated(self, commissioner_client):
        for n in range(30):
            ProviderFactory(name=f"Provider {n:02d}")
        response = commissioner_client.get("/providers/")
        names = names_in(response)
        assert len(names) == 25
        assert names == sorted(names)
        body = response.content.decode()
        assert "30 providers" in body
        assert 'aria-label="Page 2"' in body
        page_2 = names_in(commissioner_client.get("/providers/?page=2"))
        assert len(page_2) == 5
        assert not set(page_2) & set(names)

    def test_sort_descending(self, commissioner_client):
        for name in ["Alpha Care", "Beta Care", "Gamma Care"]:
            ProviderFactory(name=name)
        assert names_in(commissioner_client.get("/providers/?sort=-name")) == [
            "Gamma Care",
            "Beta Care",
            "Alpha Care",
        ]

    def test_search_by_name_prefix_town_and_number(self, commissioner_client):
        ProviderFactory(name="Dane Valley Care", town="Congleton", companies_house_number="09123456")
        ProviderFactory(name="Weaver Support", town="Nantwich", charity_number="1012345")
        assert names_in(commissioner_client.get("/providers/?q=dane+val")) == ["Dane Valley Care"]
        assert names_in(commissioner_client.get("/providers/?q=nantwich")) == ["Weaver Support"]
        assert names_in(commissioner_client.get("/providers/?q=9123456")) == ["Dane Valley Care"]
        assert names_in(commissioner_client.get("/providers/?q=1012345")) == ["Weaver Support"]
        assert (
            names_in(commissioner_client.get("/providers/?q=%26%26%21")) == []
        )  # punctuation only: no error

    def test_filters(self, commissioner_client):
        ProviderFactory(name="Day Crewe", services=["day-opportunities"], areas_served=["crewe"])
        ProviderFactory(
            name="Home Crewe", services=["care-at-home"], areas_served=["crewe"], cqc_provider_id=""
        )
        ProviderFactory(name="Day Knutsford", services=["day-opportunities"], areas_served=["knutsford"])
        ProviderFactory(name="Closed Crewe", areas_served=["crewe"], is_active=False)
        get = commissioner_client.get
        assert names_in(get("/providers/?service=day-opportunities&area=crewe")) == ["Day Crewe"]
        assert names_in(get("/providers/?cqc=no")) == ["Home Crewe"]
        assert names_in(get("/providers/?status=inactive")) == ["Closed Crewe"]
        assert len(names_in(get("/providers/?status=all"))) == 4
        assert len(names_in(get("/providers/"))) == 3  # active only unless asked

    def test_empty_state(self, commissioner_client):
        assert (
            "No providers match these filters."
            in commissioner_client.get("/providers/?q=zzzz").content.decode()
        )

    def test_bad_filter_value_is_not_an_error(self, commissioner_client):
        response = commissioner_client.get("/providers/?service=not-a-service")
        assert response.status_code == 200
        assert "Select the service from the list" in response.content.decode()


class TestExport:
    def test_csv_has_bom_filters_and_formula_escaping(self, commissioner_client):
        ProviderFactory(name='=HYPERLINK("http://evil")', services=["advocacy"])
        ProviderFactory(name="Not exported", services=["nursing"])
        response = commissioner_client.get("/providers/export.csv?service=advocacy")
        assert response["Content-Type"] == "text/csv; charset=utf-8"
        assert response["Content-Disposition"].startswith('attachment; filename="provider-register-')
        content = b"".join(response.streaming_content).decode("utf-8")
        assert content.startswith("\ufeff")
        rows = list(csv.reader(io.StringIO(content.lstrip("\ufeff"))))
        assert rows[0][0] == "Organisation"
        assert len(rows) == 2
        assert rows[1][0] == '\'=HYPERLINK("http://evil")'
        assert rows[1][9] == "Advocacy"


class TestDetail:
    def test_shows_details_members_and_history(self, commissioner_client, own_provider, users):
        body = commissioner_client.get(f"/providers/{own_provider.slug}/").content.decode()
        assert own_provider.name in body
        assert users["provider"].email in body
        assert "History" in body

    def test_history_says_who_changed_what(self, commissioner_client, own_provider, users):
        commissioner_client.post(
            f"/providers/{own_provider.slug}/edit/", form_data(own_provider, town="Sandbach")
        )
        body = commissioner_client.get(f"/providers/{own_provider.slug}/").content.decode()
        assert "Details edited" in body
        assert "Changed: town or city" in body
        assert users["commissioner"].get_full_name() in body

    def test_unknown_provider_is_404(self, commissioner_client):
        response = commissioner_client.get("/providers/no-such-provider/")
        assert response.status_code == 404
        assert "Page not found" in response.content.decode()


def form_data(provider, **overrides) -> dict:
    data = {
        "name": provider.name,
        "companies_house_number": provider.companies_house_number,
        "charity_number": provider.charity_number,
        "cqc_provider_id": provider.cqc_provider_id,
        "address_line_1": provider.address_line_1,
        "address_line_2": provider.address_line_2,
        "town": provider.town,
        "postcode": provider.postcode,
        "areas_served": provider.areas_served,
        "services": provider.services,
        "contact_name": provider.contact_name,
        "contact_email": provider.contact_email,
        "contact_phone": provider.contact_phone,
    }
    data.update(overrides)
    return data


class TestEdit:
    def test_provider_user_edits_own_organisation(self, provider_client, own_provider):
        response = provider_client.post(
            f"/providers/{own_provider.slug}/edit/", form_data(own_provider, town="Alsager")
        )
        assert response.status_code == 302
        own_provider.refresh_from_db()
        assert own_provider.town == "Alsager"
        assert own_provider.history.first().history_user.username == "provider-own"

    def test_provider_user_cannot_edit_another_organisation(self, provider_client, other_provider):
        response = provider_client.post(
            f"/providers/{other_provider.slug}/edit/", form_data(other_provider, town="Alsager")
        )
        assert response.status_code == 404
        other_provider.refresh_from_db()
        assert other_provider.town == "Crewe"

    def test_bad_edit_changes_nothing(self, provider_client, own_provider):
        response = provider_client.post(
            f"/providers/{own_provider.slug}/edit/", form_data(own_provider, name="", postcode="nope")
        )
        body = response.content.decode()
        assert response.status_code == 200
        assert "There is a problem" in body
        assert f"Change details – {own_provider.name}" in body  # heading keeps the saved name
        own_provider.refresh_from_db()
        assert own_provider.name == "Own Organisation Ltd"

    def test_taking_another_providers_number_is_refused(
        self, commissioner_client, own_provider, other_provider
    ):
        response = commissioner_client.post(
            f"/providers/{own_provider.slug}/edit/",
            form_data(own_provider, companies_house_number=other_provider.companies_house_number),
        )
        assert "is already registered" in response.content.decode()

    def test_deactivated_provider_cannot_be_edited_by_its_users(self, provider_client, own_provider):
        Provider.objects.filter(pk=own_provider.pk).update(is_active=False)
        assert provider_client.get(f"/providers/{own_provider.slug}/edit/").status_code == 403


class TestDeactivate:
    def test_confirm_then_deactivate_with_reason_then_reactivate(self, commissioner_client, own_provider):
        url = f"/providers/{own_provider.slug}/deactivate/"
        confirm = commissioner_client.get(url).content.decode()
        assert "Are you sure you want to deactivate this provider?" in confirm
        assert Provider.objects.get(pk=own_provider.pk).is_active  # looking changes nothing
        missing_reason = commissioner_client.post(url, {"reason": ""})
        assert "Enter the reason for deactivating this provider" in missing_reason.content.decode()
        assert Provider.objects.get(pk=own_provider.pk).is_active
        commissioner_client.post(url, {"reason": "Ceased trading"})
        own_provider.refresh_from_db()
        assert not own_provider.is_active
        assert own_provider.history.first().history_change_reason == "Deactivated: Ceased trading"
        commissioner_client.post(f"/providers/{own_provider.slug}/reactivate/")
        own_provider.refresh_from_db()
        assert own_provider.is_active
        assert own_provider.deactivated_reason == ""


class TestInvite:
    def test_provider_invites_colleague_who_sets_up_account(self, provider_client, own_provider):
        response = provider_client.post(
            f"/providers/{own_provider.slug}/invite/",
            {"first_name": "Sam", "last_name": "Jones", "email": "Sam@Own.example.org"},
        )
        assert response.status_code == 302
        assert len(mail.outbox) == 1
        message = mail.outbox[0]
        assert message.to == ["sam@own.example.org"]
        assert own_provider.name in message.subject
        link = re.search(r"http://testserver(/invitation/\S+)", message.body).group(1)
        colleague = Client()
        form_page = colleague.get(link, follow=True)
        assert "Set up your account" in form_page.content.decode()
        set_up_url = form_page.redirect_chain[-1][0] if form_page.redirect_chain else link
        done = colleague.post(
            set_up_url,
            {"new_password1": "another-long-passphrase", "new_password2": "another-long-passphrase"},
        )
        assert done.status_code == 302
        # Signed in: a provider user sets up two-step sign-in first (docs/adr/023), then sees the portal.
        assert colleague.get("/")["Location"].startswith("/account/authenticator-app/")
        from django.contrib.auth import get_user_model

        from tests.signin import verified_login

        verified_login(colleague, get_user_model().objects.get(username="sam@own.example.org"))
        home = colleague.get("/")
        assert "Your organisation" in home.content.decode()
        assert own_provider.memberships.filter(user__username="sam@own.example.org").exists()
        # The link works once.
        assert "This invitation has expired" in Client().get(link, follow=True).content.decode()

    def test_email_in_use_is_refused(self, provider_client, own_provider, users):
        response = provider_client.post(
            f"/providers/{own_provider.slug}/invite/",
            {"first_name": "A", "last_name": "B", "email": users["commissioner"].email},
        )
        assert "already has an account" in response.content.decode()
        assert len(mail.outbox) == 0


def test_my_organisation_redirects_to_own_provider(provider_client, own_provider):
    response = provider_client.get("/providers/mine/")
    assert response["Location"] == f"/providers/{own_provider.slug}/"
