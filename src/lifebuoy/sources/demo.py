"""The demo source: a realistic, deterministic book of business.

``build_demo`` writes every canonical table through the same loading path
importers use. Each account gets an archetype, drawn by a seeded RNG: most
are healthy, some only renew soon (Watch), and the rest carry one risk
pattern (sometimes two), so that every signal and every tier of DESIGN.md
occurs. All dates and timestamps are relative to the as-of date; the same
seed and as-of date always give the same tables.
"""

from __future__ import annotations

import calendar
import random
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from decimal import Decimal
from typing import Any

import pyarrow as pa

from lifebuoy.log import logger
from lifebuoy.sources import demo_text as text
from lifebuoy.workspace.load import write_rows
from lifebuoy.workspace.schema import CANONICAL, TableSpec
from lifebuoy.workspace.store import CONFIG_TEMPLATE, Workspace

SOURCE = "demo"

TEMPLATE_RATES = """\
# [currency_rates]          # units of the reporting currency per unit
# EUR = 1.08
"""
DEMO_RATES = """\
# The demo book has EUR and GBP accounts; these rates (units of the reporting
# currency per unit) convert their ARR for sorting and totals. An inline
# table, so that keys added at the end of the file stay top-level settings.
currency_rates = { EUR = 1.08, GBP = 1.27 }
"""
DEMO_CONFIG = CONFIG_TEMPLATE.replace(TEMPLATE_RATES, DEMO_RATES)
"""The demo workspace's config.toml: the template with the demo's rates."""
CENT = Decimal("0.01")

Row = dict[str, Any]

HEALTHY = "healthy"
WATCH = "watch"
CHURNED = "churned"

ARCHETYPE_WEIGHTS: dict[str, float] = {
    HEALTHY: 0.575,
    WATCH: 0.12,
    CHURNED: 0.02,
    "escalation": 0.03,
    "payment_failed": 0.02,
    "evaluating_alternatives": 0.025,
    "detractor_renewal": 0.02,
    "support_spike": 0.02,
    "usage_decline": 0.03,
    "champion_left": 0.02,
    "low_health": 0.02,
    "no_exec_touch_renewing": 0.02,
    "no_exec_touch": 0.02,
    "nps_detractor": 0.02,
    "slow_response": 0.02,
    "payment_late": 0.02,
}
"""Share of the book per archetype; every risk archetype shows one signal."""

RISKS: tuple[str, ...] = tuple(
    name for name in ARCHETYPE_WEIGHTS if name not in (HEALTHY, WATCH, CHURNED)
)

SEGMENTS: dict[str, tuple[float, int, int]] = {
    "Enterprise": (0.10, 150_000, 1_200_000),
    "Mid-Market": (0.30, 30_000, 150_000),
    "SMB": (0.60, 3_000, 30_000),
}
"""Share of the book and ARR range per segment."""

REGIONS: dict[str, float] = {"NA": 0.45, "EMEA": 0.30, "APAC": 0.15, "LATAM": 0.10}

MAX_ACCOUNTS = 50_000
"""Beyond this the word lists run out of unique company names."""

SECOND_RISK_CHANCE = 0.25
"""How often a risk account carries a second, independent risk pattern."""


@dataclass(frozen=True)
class DemoSummary:
    """What ``build_demo`` wrote: rows per table and each account's archetype."""

    accounts: int
    seed: int
    as_of: date
    rows: Mapping[str, int]
    archetypes: Mapping[str, str]

    def archetype_counts(self) -> dict[str, int]:
        counts = dict.fromkeys(ARCHETYPE_WEIGHTS, 0)
        for archetype in self.archetypes.values():
            counts[archetype] += 1
        return counts


@dataclass
class _Account:
    """One demo account while its rows are generated."""

    account_id: str
    name: str
    domain: str
    slug: str
    segment: str
    region: str
    archetype: str
    risks: frozenset[str]
    rng: random.Random
    as_of: date
    renewal_date: date = date.min
    arr: Decimal = Decimal(0)
    currency: str = "USD"
    csm: str | None = None
    owner: str | None = None
    exec_dates: list[date] = field(default_factory=list)
    meeting_dates: list[date] = field(default_factory=list)

    def day(self, days_ago: int) -> date:
        return self.as_of - timedelta(days=days_ago)

    def moment(self, days_ago: int) -> datetime:
        """A working-hours timestamp DAYS_AGO days before as-of (naive UTC)."""
        minutes = self.rng.randint(8 * 60, 18 * 60)
        return datetime.combine(self.day(days_ago), time()) + timedelta(
            minutes=minutes, seconds=self.rng.randint(0, 59)
        )

    def has(self, risk: str) -> bool:
        return risk in self.risks


@dataclass
class _Book:
    """The rows of every table, collected before they are written."""

    tables: dict[str, list[Row]] = field(
        default_factory=lambda: {name: [] for name in CANONICAL}
    )

    def add(self, table: str, row: Row) -> None:
        self.tables[table].append(row)


def build_demo(
    workspace: Workspace, *, accounts: int = 400, seed: int = 7, as_of: date
) -> DemoSummary:
    """Replace the workspace's tables with a demo book of ACCOUNTS accounts."""
    if not 1 <= accounts <= MAX_ACCOUNTS:
        raise ValueError(f"the demo builds 1 to {MAX_ACCOUNTS:,} accounts")
    rng = random.Random(seed)
    plans = _plan_accounts(rng, accounts=accounts, as_of=as_of)

    book = _Book()
    for account in plans:
        _generate_account(book, account)
    _number_tickets(book, rng)
    _add_general_chat(book, rng, as_of=as_of)

    rows = _write_book(workspace, book)
    logger.info("demo: %d accounts as of %s, seed %d", accounts, as_of, seed)
    return DemoSummary(
        accounts=accounts,
        seed=seed,
        as_of=as_of,
        rows=rows,
        archetypes={account.account_id: account.archetype for account in plans},
    )


# --- the book: names, segments, regions, archetypes -------------------------


def _plan_accounts(rng: random.Random, *, accounts: int, as_of: date) -> list[_Account]:
    archetypes = _quota(rng, ARCHETYPE_WEIGHTS, accounts, required=RISKS)
    segments = _quota(rng, {name: spec[0] for name, spec in SEGMENTS.items()}, accounts)
    names = _company_names(rng, accounts)
    stale = set(
        rng.sample(
            [i for i, kind in enumerate(archetypes) if kind == HEALTHY],
            k=min(max(1, accounts // 150), archetypes.count(HEALTHY)),
        )
    )

    plans = []
    for index in range(accounts):
        region = rng.choices(list(REGIONS), weights=list(REGIONS.values()))[0]
        name, slug = names[index]
        account = _Account(
            account_id=f"ACC-{index + 1:05d}",
            name=name,
            domain=f"{slug}.{rng.choice(text.TOP_LEVEL[region])}",
            slug=slug,
            segment=segments[index],
            region=region,
            archetype=archetypes[index],
            risks=_risks(rng, archetypes[index]),
            rng=random.Random(rng.getrandbits(64)),
            as_of=as_of,
        )
        account.renewal_date = _renewal_date(account, stale=index in stale)
        plans.append(account)
    return plans


def _quota(
    rng: random.Random,
    weights: Mapping[str, float],
    total: int,
    *,
    required: tuple[str, ...] = (),
) -> list[str]:
    """TOTAL labels in the WEIGHTS proportions, each REQUIRED one at least once."""
    counts = {name: int(weight * total) for name, weight in weights.items()}
    by_remainder = sorted(
        weights, key=lambda name: weights[name] * total - counts[name], reverse=True
    )
    for name in by_remainder[: total - sum(counts.values())]:
        counts[name] += 1

    largest = max(counts, key=lambda name: counts[name])
    for name in required:
        if counts[name] == 0 and counts[largest] > 1:
            counts[name] += 1
            counts[largest] -= 1

    labels = [name for name, count in counts.items() for _ in range(count)]
    rng.shuffle(labels)
    return labels


def _risks(rng: random.Random, archetype: str) -> frozenset[str]:
    if archetype not in RISKS:
        return frozenset()
    risks = {archetype}
    if rng.random() < SECOND_RISK_CHANCE:
        risks.add(rng.choice(RISKS))
    return frozenset(risks)


def _company_names(rng: random.Random, count: int) -> list[tuple[str, str]]:
    """COUNT unique (name, domain slug) pairs; exactly one name holds a '|'."""
    names: list[tuple[str, str]] = []
    slugs: set[str] = set()
    while len(names) < count:
        pipe = not names and count > 1
        name, slug = _company_name(rng, pipe=pipe, city=None)
        if slug in slugs:
            # A second office of a taken name, as CRMs often hold them.
            name, slug = _company_name(rng, pipe=pipe, city=rng.choice(text.CITIES))
        if slug in slugs:
            continue
        slugs.add(slug)
        names.append((name, slug))
    rng.shuffle(names)
    return names


def _company_name(
    rng: random.Random, *, pipe: bool, city: str | None
) -> tuple[str, str]:
    """A company name and the slug of its domain (without the legal suffix)."""
    first = rng.choice(text.NAME_FIRST)
    second = rng.choice(text.NAME_SECOND)
    form = rng.random()
    if pipe:
        base = f"{first}|{second}"
    elif form < 0.08:
        base = f"{first} & {rng.choice(text.NAME_PARTNER)}"
    else:
        base = f"{first} {second}"
    if city is not None:
        base = f"{base} {city}"

    slug = "".join(ch for ch in base.lower() if ch.isalnum())
    if 0.08 <= form < 0.25 and not pipe:
        return f"{base} {rng.choice(text.NAME_SUFFIX)}", slug
    return base, slug


def _renewal_date(account: _Account, *, stale: bool) -> date:
    rng = account.rng
    if account.archetype == CHURNED:
        days = -rng.randint(20, 200)
    elif stale:
        days = -rng.randint(1, 10)
    elif account.archetype in (WATCH, "detractor_renewal"):
        days = rng.randint(0, 90)
    elif account.archetype in (HEALTHY, "nps_detractor"):
        days = rng.randint(91, 365)
    elif account.archetype == "no_exec_touch_renewing":
        days = rng.randint(91, 180)
    elif account.archetype == "no_exec_touch":
        days = rng.randint(181, 365)
    else:
        days = rng.randint(0, 365)
    return account.as_of + timedelta(days=days)


# --- one account's rows -------------------------------------------------------


def _generate_account(book: _Book, account: _Account) -> None:
    _commercials(account)
    steps: tuple[Callable[[_Book, _Account], None], ...] = (
        _contacts,
        _tickets,
        _usage,
        _nps,
        _invoices,
        _activities,
        _chat,
    )
    for step in steps:
        step(book, account)
    book.add("accounts", _account_row(account))


def _commercials(account: _Account) -> None:
    rng = account.rng
    _, low, high = SEGMENTS[account.segment]
    # A skewed draw on a log scale: a few large contracts, many small ones.
    arr = low * (high / low) ** (rng.random() ** 1.7)
    step = 100 if account.segment == "SMB" else 500
    account.arr = Decimal(int(arr / step) * step)

    if account.region == "EMEA":
        account.currency = rng.choices(["USD", "EUR", "GBP"], weights=[6, 3, 1])[0]

    staffing = rng.random()
    if staffing >= 0.02:
        account.owner = rng.choice(text.OWNERS)
    if staffing >= 0.07:
        account.csm = rng.choice(text.CSMS)


def _account_row(account: _Account) -> Row:
    rng = account.rng
    status = "churned" if account.archetype == CHURNED else "active"
    health, updated = _crm_health(account)
    return {
        "account_id": account.account_id,
        "name": account.name,
        "domain": account.domain,
        "segment": account.segment,
        "region": account.region,
        "arr": account.arr,
        "currency": account.currency,
        "renewal_date": account.renewal_date,
        "status": status,
        "owner": account.owner,
        "csm": account.csm,
        "health_score": health,
        "health_score_updated_on": updated,
        "strategic": account.segment == "Enterprise" and rng.random() < 0.4,
        "last_meeting_date": max(account.meeting_dates, default=None),
        "last_exec_touch_date": max(account.exec_dates, default=None),
        "source": SOURCE,
        "source_id": account.account_id.replace("ACC-", "crm-"),
    }


def _crm_health(account: _Account) -> tuple[int | None, date | None]:
    rng = account.rng
    if account.has("low_health"):
        score = rng.randint(12, 38)
    elif account.archetype == CHURNED:
        score = rng.randint(10, 30)
    elif account.risks:
        score = rng.randint(42, 75)
    elif rng.random() < 0.1:
        return None, None
    else:
        score = rng.randint(58, 96)
    stale = rng.random() < 0.06
    updated = account.day(rng.randint(95, 220) if stale else rng.randint(1, 60))
    return score, updated


def _person(rng: random.Random) -> str:
    return f"{rng.choice(text.FIRST_NAMES)} {rng.choice(text.LAST_NAMES)}"


def _email(name: str, domain: str) -> str:
    first, last = name.lower().replace("'", "").split(" ", 1)
    return f"{first}.{last}@{domain}"


def _contacts(book: _Book, account: _Account) -> None:
    rng = account.rng
    users = {"Enterprise": 8, "Mid-Market": 4, "SMB": 2}[account.segment]
    roles = ["champion", "executive", "admin"] + ["user"] * rng.randint(1, users)
    if account.segment != "SMB":
        roles.insert(1, "sponsor")
    if account.has("champion_left"):
        roles.append(rng.choice(["champion", "sponsor"]))
    elif rng.random() < 0.1:
        roles.append("champion")

    for number, role in enumerate(roles, start=1):
        departed_on = _departure(account, role, last=number == len(roles))
        if departed_on is None and role == "user" and rng.random() < 0.08:
            departed_on = account.day(rng.randint(5, 300))
        name = _person(rng)
        book.add(
            "contacts",
            {
                "contact_id": f"{account.account_id}-C{number:02d}",
                "account_id": account.account_id,
                "name": name,
                "email": _email(name, account.domain),
                "role": role,
                "status": "active" if departed_on is None else "departed",
                "departed_on": departed_on,
                "source": SOURCE,
            },
        )


def _departure(account: _Account, role: str, *, last: bool) -> date | None:
    """When the extra champion or sponsor (the last contact) left, if they did."""
    if not last or role not in ("champion", "sponsor"):
        return None
    if account.has("champion_left"):
        return account.day(account.rng.randint(7, 150))
    # A champion who left long ago, already replaced: outside the window.
    return account.day(account.rng.randint(200, 500))


def _tickets(book: _Book, account: _Account) -> None:
    rng = account.rng
    low, high = {"Enterprise": (6, 15), "Mid-Market": (3, 9), "SMB": (1, 5)}[
        account.segment
    ]
    baseline = rng.randint(low, high)
    if account.has("support_spike"):
        baseline = rng.randint(2, 5)
        recent = max(3, -(-2 * baseline // 3)) + rng.randint(2, 5)
    else:
        # At most a third of the baseline: never near the 2x spike threshold.
        recent = rng.randint(0, min(2, baseline // 3))
    older = rng.randint(0, baseline // 2 + 1)

    for _ in range(recent):
        _add_ticket(
            book, account, rng.randint(0, 29), spike=account.has("support_spike")
        )
    for _ in range(baseline):
        _add_ticket(book, account, rng.randint(30, 119))
    for _ in range(older):
        _add_ticket(book, account, rng.randint(120, 179))

    if account.has("escalation"):
        _add_ticket(book, account, rng.randint(3, 80), escalated=True)
    elif account.archetype == HEALTHY and rng.random() < 0.08:
        _add_ticket(book, account, rng.randint(100, 170), escalated=True)
    if account.has("evaluating_alternatives") and rng.random() < 0.4:
        _add_ticket(book, account, rng.randint(5, 60), alternatives=True)


def _add_ticket(
    book: _Book,
    account: _Account,
    days_ago: int,
    *,
    escalated: bool = False,
    spike: bool = False,
    alternatives: bool = False,
) -> None:
    rng = account.rng
    topics = text.ESCALATION_TOPICS if escalated else text.TICKET_TOPICS
    subject, body = rng.choice(text.SPIKE_TOPICS if spike else topics)
    priority = rng.choices(["low", "normal", "high"], weights=[3, 6, 2])[0]
    tags = rng.choice(text.TICKET_TAGS)
    if escalated:
        priority = rng.choice(["urgent", "high"]) if days_ago < 90 else "high"
        tags = "escalated,outage"
    if alternatives:
        subject = "Contract and pricing questions"
        body = f"Before renewal: {rng.choice(text.ALTERNATIVE_TEXTS)}"
    open_now = days_ago < 7 and rng.random() < 0.6
    book.add(
        "tickets",
        {
            "ticket_id": "",
            "account_id": account.account_id,
            "created_at": account.moment(days_ago),
            "status": rng.choice(["open", "pending"]) if open_now else "solved",
            "priority": priority,
            "escalated": escalated,
            "reopens": rng.choices([0, 1, 2], weights=[85, 12, 3])[0],
            "csat": None if open_now or rng.random() < 0.4 else rng.randint(3, 5),
            "subject": subject,
            "body": body,
            "tags": tags,
            "assignee": rng.choice(text.SUPPORT_TEAM),
            "source": SOURCE,
        },
    )


def _number_tickets(book: _Book, rng: random.Random) -> None:
    """Ticket ids like a help desk's: increasing with the creation time."""
    tickets = book.tables["tickets"]
    tickets.sort(key=lambda row: (row["created_at"], row["account_id"]))
    number = rng.randint(40_000, 45_000)
    for row in tickets:
        number += rng.randint(1, 4)
        row["ticket_id"] = str(number)


def _usage(book: _Book, account: _Account) -> None:
    rng = account.rng
    seats = {"Enterprise": 400, "Mid-Market": 80, "SMB": 15}[account.segment]
    users = max(3, int(seats * rng.uniform(0.4, 1.2)))
    per_user = rng.randint(20, 60)
    growth = rng.uniform(-0.0005, 0.0015)
    declining = account.has("usage_decline") or account.archetype == CHURNED

    for days_ago in range(119, -1, -1):
        day = account.day(days_ago)
        factor = (1 + growth) ** (119 - days_ago)
        if declining and days_ago < 30:
            # Slides from about 80% to 25% of normal over the last 30 days.
            factor *= 0.25 + 0.55 * days_ago / 29
        if day.weekday() >= 5:
            factor *= 0.3
        active = max(0, round(users * factor * rng.uniform(0.9, 1.1)))
        book.add(
            "usage",
            {
                "account_id": account.account_id,
                "date": day,
                "active_users": active,
                "events": round(active * per_user * rng.uniform(0.85, 1.15)),
                "source": SOURCE,
            },
        )


def _nps(book: _Book, account: _Account) -> None:
    rng = account.rng
    detractor = account.has("nps_detractor") or account.has("detractor_renewal")
    waves = [rng.randint(15, 60), rng.randint(100, 150), rng.randint(190, 240)]
    answered = [
        (wave, days_ago)
        for wave, days_ago in enumerate(waves)
        if (wave == 0 and detractor) or rng.random() < 0.65
    ]
    for position, (wave, days_ago) in enumerate(answered):
        latest = position == 0
        if latest and detractor:
            score = rng.randint(0, 6)
        elif latest:
            score = rng.choices([7, 8, 9, 10], weights=[2, 3, 4, 3])[0]
        else:
            score = rng.choices(range(11), weights=[1] * 7 + [3, 4, 5, 4])[0]
        book.add(
            "nps",
            {
                "response_id": f"{account.account_id}-N{wave + 1}",
                "account_id": account.account_id,
                "score": score,
                "responded_at": account.moment(days_ago),
                "comment": rng.choice(_nps_comments(score)),
                "respondent": _email(_person(rng), account.domain),
                "source": SOURCE,
            },
        )


def _nps_comments(score: int) -> tuple[str, ...]:
    if score <= 6:
        return text.NPS_DETRACTOR
    if score <= 8:
        return text.NPS_PASSIVE
    return text.NPS_PROMOTER


def _invoices(book: _Book, account: _Account) -> None:
    rng = account.rng
    monthly = (
        rng.random()
        < {"Enterprise": 0.1, "Mid-Market": 0.4, "SMB": 0.8}[account.segment]
    )
    if monthly:
        dues = _monthly_due_dates(account, rng.randint(1, 28))
        amount = (account.arr / 12).quantize(CENT)
    else:
        start = _years_before(account.renewal_date, 1)
        dues = [_years_before(account.renewal_date, 2), start]
        amount = account.arr
    rows = [_invoice(account, number, due, amount) for number, due in enumerate(dues)]

    if account.has("payment_failed"):
        rows.append(_unpaid_invoice(account, len(rows), failed=rng.random() < 0.5))
    if account.has("payment_late"):
        rows.append(_unpaid_invoice(account, len(rows), late=True))
    for row in rows:
        book.add("invoices", row)


def _monthly_due_dates(account: _Account, day_of_month: int) -> list[date]:
    year, month = account.as_of.year, account.as_of.month
    dues = []
    for back in range(12, -2, -1):
        index = year * 12 + month - 1 - back
        dues.append(date(index // 12, index % 12 + 1, day_of_month))
    return [due for due in dues if due <= account.as_of + timedelta(days=31)]


def _years_before(day: date, years: int) -> date:
    year = day.year - years
    last = calendar.monthrange(year, day.month)[1]
    return date(year, day.month, min(day.day, last))


def _invoice(account: _Account, number: int, due: date, amount: Decimal) -> Row:
    rng = account.rng
    paid_on = due - timedelta(days=rng.randint(0, 6))
    paid = due < account.as_of or (due == account.as_of and paid_on < due)
    paid_at = datetime.combine(paid_on, time(hour=rng.randint(6, 20)))
    return {
        "invoice_id": f"INV-{account.account_id[4:]}-{number + 1:03d}",
        "account_id": account.account_id,
        "due_date": due,
        "paid_at": paid_at if paid else None,
        "amount": amount,
        "currency": account.currency,
        "status": "paid" if paid else "open",
        "source": SOURCE,
    }


def _unpaid_invoice(
    account: _Account, number: int, *, failed: bool = False, late: bool = False
) -> Row:
    """An extra invoice (seats added mid-term) that is failed or past due."""
    rng = account.rng
    if late:
        days_over = rng.randint(5, 10)
    elif failed:
        days_over = rng.randint(1, 40)
    else:
        days_over = rng.randint(20, 60)
    amount = (account.arr * Decimal(rng.randint(5, 20)) / 100).quantize(CENT)
    return {
        "invoice_id": f"INV-{account.account_id[4:]}-{number + 1:03d}",
        "account_id": account.account_id,
        "due_date": account.day(days_over),
        "paid_at": None,
        "amount": amount,
        "currency": account.currency,
        "status": "failed" if failed else "past_due",
        "source": SOURCE,
    }


def _activities(book: _Book, account: _Account) -> None:
    rng = account.rng
    no_exec = account.has("no_exec_touch") or account.has("no_exec_touch_renewing")
    slow = account.has("slow_response")
    # Everything else happens before the unanswered email of a slow account.
    latest = rng.randint(18, 35) + 1 if slow else 0

    if not no_exec:
        _add_activity(book, account, rng.randint(max(latest, 5), 80), executive=True)
    if rng.random() < 0.65:
        _add_activity(book, account, rng.randint(100, 300), executive=True)
    for _ in range(rng.randint(1, 4)):
        _add_activity(book, account, rng.randint(latest + 1, 170), kind="meeting")
    # Calls and emails out are outreach; each one gets a reply a few days later.
    for _ in range(rng.randint(1, 5)):
        sent = rng.randint(latest + 5, 170)
        _add_activity(book, account, sent, kind=rng.choice(["email_out", "call"]))
        _add_activity(book, account, sent - rng.randint(1, 4), kind="email_in")
    if not slow and rng.random() < 0.3:
        _add_activity(book, account, rng.randint(0, 5), kind="email_out")

    if slow:
        _add_activity(book, account, latest - 1, kind="email_out")
    if account.has("evaluating_alternatives"):
        _add_activity(
            book,
            account,
            rng.randint(max(latest, 2), 70),
            kind="note",
            body=rng.choice(text.ALTERNATIVE_TEXTS),
        )


def _add_activity(
    book: _Book,
    account: _Account,
    days_ago: int,
    *,
    kind: str = "meeting",
    executive: bool = False,
    body: str | None = None,
) -> None:
    rng = account.rng
    day = account.day(days_ago)
    if executive:
        kind = rng.choice(["qbr", "meeting"])
        subject = rng.choice(text.EXEC_SUBJECTS)
        account.exec_dates.append(day)
    elif kind == "note":
        subject = "Account note"
    elif kind == "email_in":
        subject = "Re: " + rng.choice(text.EMAIL_OUT_SUBJECTS)
    elif kind == "email_out":
        subject = rng.choice(text.EMAIL_OUT_SUBJECTS)
    else:
        subject = rng.choice(text.MEETING_SUBJECTS)
    if kind in ("meeting", "qbr"):
        account.meeting_dates.append(day)

    number = len(book.tables["activities"]) + 1
    book.add(
        "activities",
        {
            "activity_id": f"ACT-{number:07d}",
            "account_id": account.account_id,
            "date": day,
            "type": kind,
            "executive": executive,
            "subject": subject,
            "body": body,
            "attendees": _attendees(account, executive=executive),
            "source": SOURCE,
        },
    )


def _attendees(account: _Account, *, executive: bool) -> str:
    people = [account.csm or account.owner or "CS team", _person(account.rng)]
    if executive and account.owner:
        people.append(account.owner)
    return "; ".join(people)


def _chat(book: _Book, account: _Account) -> None:
    rng = account.rng
    channel = "#cs-team"
    if account.segment != "SMB":
        channel = f"#acct-{account.slug[:20]}"
    authors = [account.csm or rng.choice(text.CSMS), account.owner or "CS team"]

    for _ in range(rng.randint(0, 2)):
        message = rng.choice(text.CHAT_NEUTRAL).format(name=account.name)
        _add_thread(book, account, channel, message, author=rng.choice(authors))
    if account.risks and rng.random() < 0.5:
        message = rng.choice(text.CHAT_RISK).format(name=account.name)
        author = rng.choice(text.SUPPORT_TEAM)
        _add_thread(book, account, "#cs-team", message, author=author, within=30)
    if account.has("evaluating_alternatives"):
        message = f"{account.name}: {rng.choice(text.ALTERNATIVE_TEXTS)}"
        _add_thread(book, account, channel, message, author=rng.choice(authors))


def _add_thread(
    book: _Book,
    account: _Account,
    channel: str,
    message: str,
    *,
    author: str,
    within: int = 80,
) -> None:
    """A message about the account and a few replies in its thread."""
    rng = account.rng
    ts = account.moment(rng.randint(0, within))
    _add_chat(book, channel, ts, message, author=author, account_id=account.account_id)
    parent = _slack_ts(ts)
    for _ in range(rng.randint(0, 2)):
        ts += timedelta(minutes=rng.randint(3, 90))
        reply = rng.choice(text.CHAT_REPLIES)
        author = rng.choice(text.CSMS + text.SUPPORT_TEAM)
        _add_chat(book, channel, ts, reply, author=author, thread_ts=parent)


def _add_chat(
    book: _Book,
    channel: str,
    ts: datetime,
    message: str,
    *,
    author: str,
    account_id: str | None = None,
    thread_ts: str | None = None,
) -> None:
    number = len(book.tables["chat_messages"]) + 1
    book.add(
        "chat_messages",
        {
            "message_id": f"MSG-{number:07d}",
            "channel": channel,
            "ts": ts,
            "author": author,
            "text": message,
            "thread_ts": thread_ts,
            "account_id": account_id,
            "source": SOURCE,
        },
    )


def _slack_ts(moment: datetime) -> str:
    return f"{calendar.timegm(moment.timetuple())}.000100"


def _add_general_chat(book: _Book, rng: random.Random, *, as_of: date) -> None:
    """Team chatter that mentions no account."""
    for days_ago in range(0, 120, 7):
        day = as_of - timedelta(days=days_ago)
        ts = datetime.combine(day, time(hour=9)) + timedelta(
            minutes=rng.randint(0, 480)
        )
        message = rng.choice(text.CHAT_GENERAL)
        _add_chat(book, "#cs-team", ts, message, author=rng.choice(text.CSMS))


# --- writing -----------------------------------------------------------------

ARROW_TYPES: dict[str, pa.DataType] = {
    "VARCHAR": pa.string(),
    "DATE": pa.date32(),
    "TIMESTAMP": pa.timestamp("us"),
    "BOOLEAN": pa.bool_(),
    "INTEGER": pa.int32(),
    "BIGINT": pa.int64(),
    "DOUBLE": pa.float64(),
    "DECIMAL(18,2)": pa.decimal128(18, 2),
}


def _arrow_schema(spec: TableSpec) -> pa.Schema:
    return pa.schema(
        [(name, ARROW_TYPES[kind.split(" ")[0]]) for name, kind in spec.columns]
    )


def _write_book(workspace: Workspace, book: _Book) -> dict[str, int]:
    counts = {}
    for name, spec in CANONICAL.items():
        rows = book.tables[name]
        table = pa.Table.from_pylist(rows, schema=_arrow_schema(spec))
        write_rows(workspace, name, table, replace=True)
        counts[name] = len(rows)
    return counts
