"""Planning: tiers, actions, owners, due dates and scope, from signals to a plan."""

from lifebuoy.planning.model import RunRef, Scope, Tier
from lifebuoy.planning.plan import Plan, PlannedAccount, TierSummary, build_plan, plan
from lifebuoy.planning.playbook import Playbook, load_playbook

__all__ = [
    "Plan",
    "PlannedAccount",
    "Playbook",
    "RunRef",
    "Scope",
    "Tier",
    "TierSummary",
    "build_plan",
    "load_playbook",
    "plan",
]
