"""Small helpers shared by the API-page sources: items, epochs, e-mail domains,
and whether the pages given say more pages follow."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from decimal import Decimal
from pathlib import Path
from typing import Any

from lifebuoy.errors import SourceError

FREE_MAIL = frozenset(
    {"gmail.com", "googlemail.com", "yahoo.com", "hotmail.com", "outlook.com",
     "live.com", "icloud.com", "me.com", "aol.com", "proton.me", "protonmail.com",
     "gmx.com", "gmx.de", "web.de", "yandex.ru", "mail.ru", "qq.com", "163.com"}
)  # fmt: skip
"""Mail domains that say nothing about which company a person works for."""


def items(path: Path, page: Any, key: str) -> list[dict[str, Any]]:
    """The objects under KEY in an API page (or the page itself when it is a list)."""
    found = page.get(key) if isinstance(page, dict) else page
    if not isinstance(found, list) or not all(isinstance(item, dict) for item in found):
        raise SourceError(
            f"{path}: expected a list of objects under {key!r}",
            hint="Pass the API response body exactly as it was returned.",
        )
    return found


def epoch_text(value: Any) -> str | None:
    """Epoch seconds as an ISO timestamp in UTC; other values as they are."""
    if isinstance(value, bool) or not isinstance(value, int | float):
        return None if value is None else str(value)
    moment = datetime.fromtimestamp(float(value), tz=UTC)
    return moment.replace(tzinfo=None).isoformat()


def email_domain(email: Any) -> str | None:
    """The company domain of an e-mail address; None for free-mail and junk."""
    if not isinstance(email, str) or email.count("@") != 1:
        return None
    domain = email.rsplit("@", 1)[1].strip().lower().rstrip(".")
    if "." not in domain or " " in domain or domain in FREE_MAIL:
        return None
    return domain


def subdomain(url: Any) -> str | None:
    """ "acme" from "https://acme.zendesk.com/api/v2/tickets/1.json"."""
    if not isinstance(url, str) or "://" not in url:
        return None
    host = url.split("://", 1)[1].split("/", 1)[0]
    return host.split(".", 1)[0] if host.count(".") >= 2 else None


ZERO_DECIMAL = frozenset(
    {"bif", "clp", "djf", "gnf", "jpy", "kmf", "krw", "mga", "pyg", "rwf", "ugx",
     "vnd", "vuv", "xaf", "xof", "xpf"}
)  # fmt: skip
THREE_DECIMAL = frozenset({"bhd", "jod", "kwd", "omr", "tnd"})


def major_units(amount: Any, currency: Any) -> str | None:
    """An amount in minor units (cents) as a decimal string in major units.

    Zero-decimal currencies (JPY, KRW, …) are not divided; three-decimal ones
    (KWD, BHD, …) are divided by 1000.
    """
    if amount is None or isinstance(amount, bool) or not isinstance(amount, int):
        return None if amount is None else str(amount)
    code = str(currency or "").lower()
    if code in ZERO_DECIMAL:
        return str(Decimal(amount))
    places = 3 if code in THREE_DECIMAL else 2
    return str(Decimal(amount).scaleb(-places))


def epoch_date(value: Any) -> str | None:
    """Epoch seconds as the UTC calendar date (ISO)."""
    moment = epoch_text(value)
    return moment[:10] if moment and isinstance(value, int | float) else moment


@dataclass(frozen=True)
class Page:
    """One API page: its records, the total it says the query holds, and how it
    says more pages follow (e.g. "nextRecordsUrl /services/…"; None when last)."""

    path: Path
    records: int
    total: int | None = None
    follows: str | None = None


def missing_pages(pages: Sequence[Page]) -> str | None:
    """What to say when PAGES of one query say more records exist than were given.

    None when the last page is among them and they hold the total they state.
    """
    if not pages:
        return None
    read = sum(page.records for page in pages)
    totals = [page.total for page in pages if page.total is not None]
    total = max(totals) if totals else None
    last_given = any(page.follows is None for page in pages)
    if last_given and (total is None or read >= total):
        return None

    whole = f"says {total:,} records in all and " if total is not None else "says "
    if last_given:
        files = ", ".join(str(page.path) for page in pages)
        return (
            f"{files} {whole.replace('says', 'say').removesuffix(' and ')}; "
            f"{read:,} read — a page in between is missing: export every page "
            "and import them together"
        )
    page = [page for page in pages if page.follows][-1]
    return (
        f"{page.path} {whole}more pages follow ({page.follows}); {read:,} read — "
        "export the remaining pages and import them together"
    )


def count(value: Any) -> int | None:
    """VALUE when it is a count of records, else None."""
    return value if isinstance(value, int) and not isinstance(value, bool) else None
