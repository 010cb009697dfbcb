"""Run history: every at-risk and plan run, saved in the control store.

A run records what was asked (the scope's text and its parsed form), as of
when, with which settings (a hash) and sources, and every account's tier,
signals and evidence then. "from last at-risk list" reads the newest one.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import asdict, dataclass, is_dataclass
from datetime import UTC, date, datetime
from decimal import Decimal
from typing import Any, Literal, NamedTuple

from sqlalchemy import func, select
from sqlalchemy.orm import Session, selectinload

from lifebuoy.errors import LifebuoyError
from lifebuoy.log import logger
from lifebuoy.planning.model import RunRef, Scope, Tier
from lifebuoy.signals.model import Signal
from lifebuoy.workspace.control import Run, RunAccount, control_engine
from lifebuoy.workspace.settings import Settings
from lifebuoy.workspace.store import Workspace

RunKind = Literal["at-risk", "plan"]


class RunAccountRecord(NamedTuple):
    """One account of a run: its tier then and its signals with evidence."""

    account_id: str
    name: str
    tier: Tier | None
    signals: list[dict[str, Any]]
    """JSON-able: see ``signals_to_json``."""


@dataclass(frozen=True)
class SavedRun:
    """A run as stored, with its accounts."""

    id: int
    kind: str
    scope: Scope
    as_of: date
    created_at: datetime
    config_hash: str
    sources: dict[str, Any]
    accounts: tuple[RunAccountRecord, ...]

    def candidates(self, tiers: Iterable[Tier] = ()) -> dict[str, Tier]:
        """Account id → tier for the run's tiered accounts, in TIERS if given."""
        wanted = frozenset(tiers)
        return {
            account.account_id: account.tier
            for account in self.accounts
            if account.tier is not None and (not wanted or account.tier in wanted)
        }

    def tier_counts(self) -> dict[Tier, int]:
        counts = dict.fromkeys(Tier, 0)
        for account in self.accounts:
            if account.tier is not None:
                counts[account.tier] += 1
        return counts


@dataclass(frozen=True)
class RunSummary:
    """One line of the run list."""

    id: int
    kind: str
    created_at: datetime
    as_of: date
    scope_text: str
    tier_counts: dict[Tier, int]
    accounts: int


def config_hash(settings: Settings) -> str:
    """sha256 of the settings as JSON, keys sorted: equal settings, equal hash."""
    payload = json.dumps(settings.model_dump(mode="json"), sort_keys=True)
    return hashlib.sha256(payload.encode("utf-8")).hexdigest()


def signals_to_json(signals: Sequence[Signal]) -> list[dict[str, Any]]:
    """Signals with their evidence as plain JSON values (dates and money as text)."""
    return [
        {"name": signal.name.value, "evidence": _plain(asdict(signal.evidence))}
        for signal in signals
    ]


def save_run(
    workspace: Workspace,
    *,
    kind: RunKind,
    scope: Scope,
    as_of: date,
    settings: Settings,
    sources: Mapping[str, Any],
    accounts: Iterable[RunAccountRecord],
) -> int:
    """Save a run and its accounts; the new run's id."""
    run = Run(
        kind=kind,
        scope_text=scope.text,
        scope=scope.to_json(),
        as_of=as_of,
        created_at=datetime.now(UTC).replace(tzinfo=None),
        config_hash=config_hash(settings),
        sources=_plain(dict(sources)),
    )
    run.accounts = [
        RunAccount(
            account_id=account.account_id,
            name=account.name,
            tier=account.tier.value if account.tier is not None else None,
            signals=_plain(account.signals),
        )
        for account in accounts
    ]
    with _session(workspace) as session:
        session.add(run)
        session.commit()
        run_id = run.id
    logger.info("saved %s run %d with %d accounts", kind, run_id, len(run.accounts))
    return run_id


def get_run(workspace: Workspace, run_id: int) -> SavedRun:
    """The run with id RUN_ID."""
    with _session(workspace) as session:
        run = session.scalar(_with_accounts().where(Run.id == run_id))
        if run is None:
            raise LifebuoyError(
                f"there is no run {run_id} in {workspace.control_path}",
                hint="`lifebuoy runs` lists the saved runs.",
            )
        return _saved(run)


def last_run(
    workspace: Workspace, kind: Literal["at-risk", "plan", "any"] = "at-risk"
) -> SavedRun:
    """The newest run of KIND ("any" for either kind)."""
    query = _with_accounts().order_by(Run.id.desc()).limit(1)
    if kind != "any":
        query = query.where(Run.kind == kind)
    with _session(workspace) as session:
        run = session.scalar(query)
        if run is None:
            raise _no_run(kind)
        return _saved(run)


def resolve_run(workspace: Workspace, reference: RunRef) -> SavedRun:
    """The run a scope's "from ..." names."""
    if reference.run_id is None:
        return last_run(workspace, reference.kind)
    run = get_run(workspace, reference.run_id)
    if reference.kind != "any" and run.kind != reference.kind:
        raise LifebuoyError(
            f"run {run.id} is a {run.kind} run; the scope asks for a "
            f"{reference.kind} run",
            hint="`lifebuoy runs` lists the saved runs and their kinds.",
        )
    return run


def run_scopes(
    workspace: Workspace, kind: RunKind, *, limit: int
) -> list[tuple[int, date, Scope]]:
    """The newest LIMIT runs of KIND as (id, as-of date, scope), without accounts."""
    query = (
        select(Run.id, Run.as_of, Run.scope)
        .where(Run.kind == kind)
        .order_by(Run.id.desc())
        .limit(limit)
    )
    with _session(workspace) as session:
        return [
            (run_id, as_of, Scope.from_json(scope))
            for run_id, as_of, scope in session.execute(query)
        ]


def list_runs(workspace: Workspace) -> list[RunSummary]:
    """Every saved run, newest first, with its accounts counted per tier."""
    counts: dict[int, dict[Tier, int]] = {}
    totals: dict[int, int] = {}
    per_tier = select(RunAccount.run_id, RunAccount.tier, func.count()).group_by(
        RunAccount.run_id, RunAccount.tier
    )
    with _session(workspace) as session:
        for run_id, tier, count in session.execute(per_tier):
            totals[run_id] = totals.get(run_id, 0) + count
            if tier is not None:
                counts.setdefault(run_id, dict.fromkeys(Tier, 0))[Tier(tier)] = count
        runs = session.scalars(select(Run).order_by(Run.id.desc())).all()
        return [
            RunSummary(
                id=run.id,
                kind=run.kind,
                created_at=run.created_at,
                as_of=run.as_of,
                scope_text=run.scope_text,
                tier_counts=counts.get(run.id, dict.fromkeys(Tier, 0)),
                accounts=totals.get(run.id, 0),
            )
            for run in runs
        ]


@contextmanager
def _session(workspace: Workspace) -> Iterator[Session]:
    engine = control_engine(workspace.control_path)
    try:
        with Session(engine, expire_on_commit=False) as session:
            yield session
    finally:
        engine.dispose()


def _with_accounts() -> Any:
    return select(Run).options(selectinload(Run.accounts))


def _saved(run: Run) -> SavedRun:
    return SavedRun(
        id=run.id,
        kind=run.kind,
        scope=Scope.from_json(run.scope),
        as_of=run.as_of,
        created_at=run.created_at,
        config_hash=run.config_hash,
        sources=dict(run.sources),
        accounts=tuple(
            RunAccountRecord(
                account_id=account.account_id,
                name=account.name,
                tier=Tier(account.tier) if account.tier else None,
                signals=[dict(item) for item in account.signals],  # type: ignore[call-overload]
            )
            for account in run.accounts
        ),
    )


def _no_run(kind: str) -> LifebuoyError:
    if kind == "plan":
        return LifebuoyError(
            "no saved plan yet",
            hint='Run `lifebuoy plan "at-risk accounts"` first.',
        )
    what = "at-risk list" if kind == "at-risk" else "run"
    return LifebuoyError(
        f'no saved {what} yet; run `lifebuoy at-risk "all accounts"` first',
        hint='Then `lifebuoy runs` lists it, and "from last at-risk list" plans it.',
    )


def _plain(value: Any) -> Any:
    """VALUE with dates, money, tuples and dataclasses turned into JSON values."""
    if isinstance(value, Mapping):
        return {str(key): _plain(item) for key, item in value.items()}
    if isinstance(value, list | tuple | set | frozenset):
        return [_plain(item) for item in value]
    if is_dataclass(value) and not isinstance(value, type):
        return _plain(asdict(value))
    if isinstance(value, date | datetime | Decimal):
        return value.isoformat() if isinstance(value, date) else str(value)
    if isinstance(value, str | int | float | bool) or value is None:
        return value
    return str(value)
