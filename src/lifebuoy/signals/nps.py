"""The survey signal: nps_detractor, from each account's latest NPS response."""

from __future__ import annotations

from typing import Any

from lifebuoy.signals.context import (
    Context,
    Outcome,
    day_label,
    gap,
    latest_per_account,
    own_id,
    snippet,
    text_id,
)
from lifebuoy.signals.model import Evidence, Signal, SignalName
from lifebuoy.signals.windows import known_by_instant


def nps_detractor(context: Context) -> Outcome:
    nps = context.table("nps")
    if nps is None:
        return gap(SignalName.NPS_DETRACTOR, "no NPS data")

    known = nps.filter(
        nps.account_id.notnull(),
        nps.score.notnull(),
        known_by_instant(nps.responded_at, context.as_of, zone=context.zone),
    )
    latest = latest_per_account(
        known, known.responded_at.desc(), known.response_id.desc()
    )
    detractors = latest.filter(latest.score <= context.settings.nps_detractor_max)
    rows = context.fetch(
        detractors.select(
            "account_id",
            "response_id",
            "score",
            "responded_at",
            "comment",
            "respondent",
        )
    )

    return [(row["account_id"], _signal(row, context)) for row in rows]


def _signal(row: dict[str, Any], context: Context) -> Signal:
    day = context.local_day(row["responded_at"])
    score = int(row["score"])
    comment = " ".join(text_id(row["comment"]).split())
    respondent = text_id(row["respondent"])

    detail = f"Latest NPS response {own_id(row['response_id'])}: {score}"
    detail += f" from {respondent}" if respondent else ""
    detail += f" on {day.isoformat()}"
    detail += f" (detractor: {context.settings.nps_detractor_max} or lower)"
    evidence = Evidence(
        reason=f"NPS {score} on {day_label(day)}",
        detail=detail,
        ids=(text_id(row["response_id"]),),
        dates=(day,),
        numbers={"score": score},
        snippet=snippet(comment, 0, 0) if comment else None,
        source="nps",
    )
    return Signal(SignalName.NPS_DETRACTOR, evidence)
