"""Server-rendered SVG charts (matplotlib), shared by the apps that draw them (scorecard, market).

Charts must be readable without colour: black and greys, markers and hatching that differ in shape, and
every value written beside its mark. `svg_data_uri` turns a finished figure into a data: URI that pages and
WeasyPrint PDFs both show (the page's CSP allows data: images); the SVG keeps its text as text.
"""

from __future__ import annotations

import base64
import io

import matplotlib

matplotlib.use("Agg")
from matplotlib import pyplot as plt  # noqa: E402

INK = "#0b0c0c"  # GOV.UK text colour
MID_GREY = "#505a5f"
LIGHT_GREY = "#b1b4b6"


def figure(width: float, height: float, *, columns: int = 1):
    """A new figure of `width` x `height` inches and its axes (a list of `columns` axes side by side when
    there are more than one), with text kept as text in the SVG."""
    plt.rcParams["svg.fonttype"] = "none"
    return plt.subplots(1, columns, figsize=(width, height), dpi=100)


def svg_data_uri(fig, *, title: str) -> str:
    """The figure as an SVG data: URI (no timestamp, so the same chart gives the same bytes); closes it."""
    out = io.StringIO()
    fig.savefig(out, format="svg", metadata={"Title": title, "Date": None})
    plt.close(fig)
    return "data:image/svg+xml;base64," + base64.b64encode(out.getvalue().encode()).decode()
