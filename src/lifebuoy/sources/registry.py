"""The sources by name, for ``lifebuoy import SOURCE``."""

from __future__ import annotations

import difflib

from lifebuoy.errors import UsageError
from lifebuoy.sources.amplitude import Amplitude
from lifebuoy.sources.base import Source
from lifebuoy.sources.chargebee import Chargebee
from lifebuoy.sources.delighted import Delighted
from lifebuoy.sources.hubspot import HubSpot
from lifebuoy.sources.intercom import Intercom
from lifebuoy.sources.nps import Nps
from lifebuoy.sources.salesforce import Salesforce
from lifebuoy.sources.segment import Segment
from lifebuoy.sources.slack import Slack
from lifebuoy.sources.stripe import Stripe
from lifebuoy.sources.tabular import Tabular
from lifebuoy.sources.zendesk import Zendesk

SOURCES: dict[str, type[Source]] = {
    source.name: source
    for source in (
        Amplitude,
        Chargebee,
        Delighted,
        HubSpot,
        Intercom,
        Nps,
        Salesforce,
        Segment,
        Slack,
        Stripe,
        Tabular,
        Zendesk,
    )
}


def get_source(name: str) -> Source:
    """A fresh instance of the source NAME; a usage error naming the known ones."""
    source = SOURCES.get(name.lower())
    if source is None:
        close = difflib.get_close_matches(name.lower(), list(SOURCES), n=1)
        suggestion = f" Did you mean '{close[0]}'?" if close else ""
        raise UsageError(
            f"unknown source {name!r}.{suggestion}",
            hint=f"Known sources: {', '.join(sorted(SOURCES))}.",
        )
    return source()
