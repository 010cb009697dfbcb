"""The plan on a terminal: the Markdown's content as Rich tables in tier colours."""

from __future__ import annotations

from pathlib import Path

from rich import box
from rich.table import Table
from rich.text import Text

from lifebuoy.planning.model import Tier
from lifebuoy.planning.plan import Plan
from lifebuoy.render import content
from lifebuoy.render.cells import print_step, terminal_cell, terminal_console

WIDTH = 100
TIER_COLOURS = {
    Tier.CRITICAL: "bold red",
    Tier.HIGH: "dark_orange",
    Tier.MEDIUM: "yellow",
    Tier.WATCH: "cyan",
}


def render_terminal(
    plan: Plan,
    *,
    width: int = WIDTH,
    colour: bool = True,
    workspace: Path | None = None,
) -> str:
    """The plan as text for a terminal WIDTH columns wide, with or without colour;
    the next steps name WORKSPACE when one is given."""
    console, buffer = terminal_console(width=width, colour=colour)
    console.print(Text(content.TITLE, style="bold"))
    for label, value in content.header(plan):
        console.print(Text.assemble((f"{label}: ", "bold"), terminal_cell(value)))

    for section in content.sections(plan):
        console.print()
        style = TIER_COLOURS[section.tiers[0]]
        console.print(Text(section.title, style=style))
        if section.rows:
            console.print(_table(plan, section))
        else:
            console.print(section.empty_line)

    console.print()
    console.print(Text("Summary", style="bold"))
    for label, value in content.summary(plan):
        console.print(
            Text.assemble(
                "  ", (f"{label}: ", _label_style(label)), terminal_cell(value)
            )
        )

    console.print()
    console.print(Text("Next steps", style="bold"))
    for text, command in content.next_steps(plan, workspace=workspace):
        print_step(console, text, command)
    return buffer.getvalue()


def _table(plan: Plan, section: content.Section) -> Table:
    table = Table(box=box.SIMPLE_HEAD, expand=True, pad_edge=False, show_edge=False)
    table.add_column("Account", ratio=3)
    table.add_column("ARR", justify="right", no_wrap=True)
    table.add_column("Why", ratio=4)
    table.add_column("Action", ratio=5)
    table.add_column("Owner", ratio=2)
    table.add_column("By", no_wrap=True)
    for item in section.rows:
        cells = [terminal_cell(cell) for cell in content.row(item, section=section)]
        table.add_row(
            *(Text(cell) for cell in cells), style=_row_style(item.tier, section)
        )
    return table


def _row_style(tier: Tier, section: content.Section) -> str:
    return TIER_COLOURS[tier] if len(section.tiers) > 1 else ""


def _label_style(label: str) -> str:
    for tier, style in TIER_COLOURS.items():
        if label == tier.value:
            return style
    return "bold"
