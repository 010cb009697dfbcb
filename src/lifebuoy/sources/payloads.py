"""Small helpers shared by the API-page sources: items, epochs, e-mail domains."""

from __future__ import annotations

from datetime import UTC, datetime
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
