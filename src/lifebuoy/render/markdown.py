"""The plan as Markdown, in the founding document's shape."""

from __future__ import annotations

from pathlib import Path

from lifebuoy.planning.plan import Plan
from lifebuoy.render import content
from lifebuoy.render.cells import code_span, markdown_cell, markdown_text


def render_markdown(plan: Plan, *, workspace: Path | None = None) -> str:
    """Header, one table per tier group, summary and next steps (naming
    WORKSPACE when one is given)."""
    lines = [f"## {content.TITLE}", ""]
    for label, value in content.header(plan):
        lines += [f"**{label}:** {markdown_text(value)}", ""]

    for section in content.sections(plan):
        lines += [f"### {section.title}", ""]
        if not section.rows:
            lines += [section.empty_line, ""]
            continue
        lines += table(
            content.COLUMNS,
            [content.row(item, section=section) for item in section.rows],
        )
        lines.append("")

    lines += ["### Summary", ""]
    lines += [
        f"- **{label}:** {markdown_text(value)}"
        for label, value in content.summary(plan)
    ]

    lines += ["", "### Next steps", ""]
    steps = content.next_steps(plan, workspace=workspace)
    lines += [f"- {text}: {code_span(command)}" for text, command in steps]
    return "\n".join(lines) + "\n"


def table(columns: tuple[str, ...], rows: list[tuple[str, ...]]) -> list[str]:
    """A Markdown table with every cell escaped."""
    lines = [_line(columns), _line(tuple("---" for _ in columns))]
    lines += [_line(tuple(markdown_cell(cell) for cell in cells)) for cells in rows]
    return lines


def _line(cells: tuple[str, ...]) -> str:
    return "| " + " | ".join(cells) + " |"
