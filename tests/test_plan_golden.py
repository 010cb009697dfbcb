"""The plan's Markdown and JSON equal expected files written by hand."""

from __future__ import annotations

import json
from pathlib import Path

from lifebuoy.planning import build_plan, load_playbook
from lifebuoy.render.json import render_json
from lifebuoy.render.markdown import render_markdown
from plan_helpers import AS_OF, GOLDEN_SCOPE, SETTINGS, golden_report

GOLDEN = Path(__file__).parent / "golden"


def _golden_plan():  # type: ignore[no-untyped-def]
    return build_plan(
        golden_report(),
        scope=GOLDEN_SCOPE,
        settings=SETTINGS,
        playbook=load_playbook(),
        as_of=AS_OF,
    )


def test_markdown_equals_the_hand_written_plan() -> None:
    expected = (GOLDEN / "plan_report.md").read_text(encoding="utf-8")

    assert render_markdown(_golden_plan()) == expected


def test_json_equals_the_hand_written_plan() -> None:
    expected = json.loads((GOLDEN / "plan_report.json").read_text(encoding="utf-8"))

    assert json.loads(render_json(_golden_plan())) == expected
