"""Downloads: the funding streams appendix and the BCF scheme table (CSV and PDF, for funding staff), and
the grants to providers as 360Giving open data (public, no sign-in: see funding/giving.py)."""

from __future__ import annotations

import json

from django.contrib.auth.decorators import login_not_required
from django.http import HttpResponse

from portal.exports import csv_response
from portal.pdf import pdf_response, render_pdf

from ..exports import APPENDIX_HEADER, BCF_HEADER, appendix_csv_rows, appendix_rows, bcf_csv_rows, bcf_groups
from ..giving import package
from .common import export_funding


@export_funding
def appendix_csv(request):
    return csv_response("funding-streams-appendix.csv", APPENDIX_HEADER, appendix_csv_rows(appendix_rows()))


@export_funding
def appendix_pdf(request):
    return pdf_response(
        "funding-streams-appendix.pdf", render_pdf("funding/pdf/appendix.html", {"rows": appendix_rows()})
    )


@export_funding
def bcf_csv(request):
    return csv_response("better-care-fund-schemes.csv", BCF_HEADER, bcf_csv_rows())


@export_funding
def bcf_pdf(request):
    groups, totals = bcf_groups()
    schemes = [scheme for group in groups for scheme in group["schemes"]]
    return pdf_response(
        "better-care-fund-schemes.pdf",
        render_pdf(
            "funding/pdf/bcf.html",
            {"schemes": sorted(schemes, key=lambda s: s.scheme_id), "groups": groups, "totals": totals},
        ),
    )


@login_not_required
def grants_json(request):
    response = HttpResponse(json.dumps(package(), indent=2), content_type="application/json")
    response["Content-Disposition"] = 'inline; filename="grants-360giving.json"'
    response["Access-Control-Allow-Origin"] = "*"  # open data: any site may read it
    return response
