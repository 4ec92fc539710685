"""The population tables as charts (server-rendered SVG through portal.charts), readable without colour:
line styles and marker shapes tell the areas apart, hatching tells the periods apart, and every value is
written beside its mark. The page shows the same figures in its tables.

The figures are the statement's printed ones and change only when the tables are corrected, so each chart is
drawn once per process for a given set of figures (drawing takes tens of milliseconds)."""

from __future__ import annotations

from functools import lru_cache

from portal.charts import INK, LIGHT_GREY, MID_GREY, figure, svg_data_uri

from .models import Band
from .population import BANDS, Tables

# Cheshire East solid grey, the North West white with diagonal lines, England white with dots: told apart by
# pattern, not colour. The same bar style marks the same period in the Table 2 chart.
AREA_STYLES = {
    "Cheshire East": {"color": MID_GREY, "edgecolor": INK},
    "North West": {"color": "white", "edgecolor": INK, "hatch": "///"},
    "England": {"color": "white", "edgecolor": INK, "hatch": ".."},
}
TABLE_1_BANDS = [Band.AGED_65_PLUS, Band.AGED_85_PLUS]
TABLE_1_CHART_TITLE = "Share of the population aged 65 plus and 85 plus, 2018 to 2038 (Table 1)"
TABLE_2_CHART_TITLE = (
    "Cheshire East: change in population since 2018 by age band, after 10 and 20 years (Table 2)"
)


def table_1_chart(tables: Tables) -> dict | None:
    """{"src": the SVG as a data: URI, "alt": the chart in words}, or None without figures."""
    series = []
    for area in AREA_STYLES:
        for band in TABLE_1_BANDS:
            points = []
            for year, rows in tables.table_1.items():
                for row in rows:
                    cell = row["bands"].get(band)
                    if row["area"] == area and cell is not None and cell.percent is not None:
                        points.append((year, cell.percent))
            if points:
                series.append((area, band.value, tuple(points)))
    if not series:
        return None
    words = "; ".join(
        f"{area}, {Band(band).label}: " + ", ".join(f"{percent}% in {year}" for year, percent in points)
        for area, band, points in series
    )
    return {
        "src": _table_1_svg(tuple(series)),
        "alt": f"Bar charts of the share of the population aged 65 plus and 85 plus. {words}. "
        "The same figures are in Table 1.",
    }


@lru_cache(maxsize=8)
def _table_1_svg(series: tuple) -> str:
    fig, panels = figure(9, 3.8, columns=len(TABLE_1_BANDS))
    areas = [area for area in AREA_STYLES if any(entry[0] == area for entry in series)]
    width = 0.8 / max(len(areas), 1)
    for ax, band in zip(panels, TABLE_1_BANDS, strict=True):
        years: list[int] = []
        for i, area in enumerate(areas):
            points = next((p for a, b, p in series if a == area and b == band.value), ())
            years = years or [year for year, _percent in points]
            positions = [n + (i - (len(areas) - 1) / 2) * width for n in range(len(points))]
            bars = ax.bar(
                positions,
                [percent for _year, percent in points],
                width=width,
                label=area,
                linewidth=0.8,
                **AREA_STYLES[area],
            )
            for bar, (_year, percent) in zip(bars, points, strict=True):
                ax.annotate(
                    f"{percent}%",
                    (bar.get_x() + bar.get_width() / 2, bar.get_height()),
                    textcoords="offset points",
                    xytext=(0, 2),
                    ha="center",
                    fontsize=7,
                )
        ax.set_xticks(range(len(years)))
        ax.set_xticklabels([str(year) for year in years], fontsize=9)
        ax.set_title(f"Aged {Band(band).label}", fontsize=10)
        ax.set_ylabel("Per cent of the population", fontsize=9)
        ax.margins(y=0.3)
        ax.spines[["top", "right"]].set_visible(False)
        ax.grid(axis="y", color=LIGHT_GREY, linewidth=0.5)
        ax.set_axisbelow(True)
    panels[0].legend(fontsize=8, frameon=False, loc="upper left")
    fig.subplots_adjust(left=0.08, right=0.98, top=0.9, bottom=0.1, wspace=0.3)
    return svg_data_uri(fig, title=TABLE_1_CHART_TITLE)


def table_2_chart(tables: Tables) -> dict | None:
    """{"src": the SVG as a data: URI, "alt": the chart in words}, or None without figures."""
    rows = []
    for row in tables.table_2:
        if row["year"] == 2018:
            continue
        cells = [(Band.TOTAL.value, row["total"]), *[(band.value, row["bands"].get(band)) for band in BANDS]]
        rows.append(
            (
                row["year"],
                tuple((band, cell.percent) for band, cell in cells if cell and cell.percent is not None),
            )
        )
    if not rows:
        return None
    words = "; ".join(
        f"{year - 2018} year change: "
        + ", ".join(f"{Band(band).label} {percent}%" for band, percent in values)
        for year, values in rows
    )
    return {
        "src": _table_2_svg(tuple(rows)),
        "alt": f"Bar chart of the change in Cheshire East's population since 2018 by age band. {words}. "
        "The same figures are in Table 2.",
    }


@lru_cache(maxsize=8)
def _table_2_svg(rows: tuple) -> str:
    fig, ax = figure(9, 4.2)
    bands = [band for band, _percent in rows[0][1]]
    height = 0.8 / len(rows)
    styles = [
        {"color": MID_GREY, "edgecolor": INK},
        {"color": "white", "edgecolor": INK, "hatch": "///"},
    ]
    for i, (year, values) in enumerate(rows):
        percents = dict(values)
        positions = [b + i * height for b in range(len(bands))]
        bars = ax.barh(
            positions,
            [percents.get(band, 0) for band in bands],
            height=height,
            label=f"{year - 2018} year change, to {year}",
            linewidth=0.8,
            **styles[i % len(styles)],
        )
        for bar, band in zip(bars, bands, strict=True):
            value = percents.get(band, 0)
            ax.annotate(
                f"{value}%",
                (bar.get_width(), bar.get_y() + bar.get_height() / 2),
                textcoords="offset points",
                xytext=(4 if value >= 0 else -4, 0),
                ha="left" if value >= 0 else "right",
                va="center",
                fontsize=8,
            )
    ax.set_yticks([b + height * (len(rows) - 1) / 2 for b in range(len(bands))])
    ax.set_yticklabels([Band(band).label for band in bands], fontsize=9)
    ax.invert_yaxis()
    ax.axvline(0, color=INK, linewidth=0.8)
    ax.set_xlabel("Change since 2018 (per cent)", fontsize=9)
    ax.margins(x=0.12)
    ax.spines[["top", "right"]].set_visible(False)
    ax.grid(axis="x", color=LIGHT_GREY, linewidth=0.5)
    ax.set_axisbelow(True)
    ax.legend(fontsize=8, frameon=False, loc="upper right")
    fig.subplots_adjust(left=0.1, right=0.97, top=0.97, bottom=0.13)
    return svg_data_uri(fig, title=TABLE_2_CHART_TITLE)
