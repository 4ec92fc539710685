"""A measure's history as a server-rendered SVG chart (matplotlib), readable without colour: a black line
with round markers for the quarters, square markers for year-end outturns, a dashed line for the target,
and every point's value written beside it. The page puts the same figures in a table."""

from __future__ import annotations

from portal.charts import INK, LIGHT_GREY, MID_GREY, figure, svg_data_uri

MAX_LABELLED_POINTS = 24


def y_limits(values: list[float]) -> tuple[float, float]:
    """The y-axis runs from 0 (or the lowest value, when one is below 0), so a chart never exaggerates a
    small change, with headroom above the highest value for its label."""
    low = min([0.0, *values])
    high = max([0.0, *values])
    if high == low:
        high = low + 1
    return low, high + (high - low) * 0.12


def history_svg(
    points: list[dict], *, title: str, target: float | None, unit_label: str, target_label: str = "Target"
) -> str | None:
    """A data: URI of the SVG (the page's CSP allows data: images), or None without any number."""
    plotted = [p for p in points if p["number"] is not None]
    if not plotted:
        return None
    fig, ax = figure(9, 3.6)
    xs = [p["label"] for p in points]
    positions = {label: i for i, label in enumerate(xs)}
    quarter_points = [p for p in plotted if p["kind"] == "quarter"]
    ax.plot(
        [positions[p["label"]] for p in quarter_points],
        [float(p["number"]) for p in quarter_points],
        color=INK,
        marker="o",
        linewidth=2,
        label="Quarter",
    )
    outturns = [p for p in plotted if p["kind"] == "outturn"]
    if outturns:
        ax.plot(
            [positions[p["label"]] for p in outturns],
            [float(p["number"]) for p in outturns],
            linestyle="none",
            marker="s",
            markersize=8,
            markerfacecolor="white",
            markeredgecolor=INK,
            label="Year-end outturn",
        )
    if target is not None:
        ax.axhline(float(target), color=MID_GREY, linestyle="--", linewidth=1.5, label=target_label)
    if len(plotted) <= MAX_LABELLED_POINTS:
        for p in plotted:
            ax.annotate(
                p["text"],
                (positions[p["label"]], float(p["number"])),
                textcoords="offset points",
                xytext=(0, 8),
                ha="center",
                fontsize=8,
            )
    ax.set_ylim(
        *y_limits([float(p["number"]) for p in plotted] + ([float(target)] if target is not None else []))
    )
    step = max(1, len(xs) // 16)
    ax.set_xticks(range(0, len(xs), step))
    ax.set_xticklabels(xs[::step], rotation=45, ha="right", fontsize=8)
    ax.set_ylabel(unit_label, fontsize=9)
    ax.spines[["top", "right"]].set_visible(False)
    ax.grid(axis="y", color=LIGHT_GREY, linewidth=0.5)
    ax.legend(fontsize=8, frameon=False, loc="best")
    fig.subplots_adjust(left=0.09, right=0.98, top=0.95, bottom=0.3)  # fixed: tight_layout draws twice
    return svg_data_uri(fig, title=title)
