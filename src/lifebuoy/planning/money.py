"""ARR in the reporting currency, for sorting, filters and totals."""

from __future__ import annotations

from collections.abc import Mapping
from decimal import Decimal


class Converter:
    """Converts amounts with ``settings.currency_rates`` and notes missing rates."""

    def __init__(self, reporting_currency: str, rates: Mapping[str, Decimal]) -> None:
        self.reporting_currency = reporting_currency.upper()
        self._rates = {code.upper(): rate for code, rate in rates.items()}
        self.missing: dict[str, int] = {}
        """Currency code → accounts whose ARR could not be converted."""

    def to_reporting(self, amount: Decimal | None, currency: str) -> Decimal | None:
        """AMOUNT in the reporting currency; None when unknown or no rate."""
        if amount is None:
            return None
        code = (currency or self.reporting_currency).upper()
        if code == self.reporting_currency:
            return amount
        rate = self._rates.get(code)
        if rate is None:
            self.missing[code] = self.missing.get(code, 0) + 1
            return None
        return amount * rate
