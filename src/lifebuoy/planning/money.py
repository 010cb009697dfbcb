"""ARR in the reporting currency, for sorting, filters and totals."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import replace
from decimal import Decimal

from lifebuoy.errors import UsageError
from lifebuoy.planning.model import Scope
from lifebuoy.sources.values import CURRENCY_SYMBOLS

DOLLARS = frozenset({"USD", "CAD", "AUD", "NZD", "SGD", "HKD"})
"""Reporting currencies that "$" means when they are the one reported in."""


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

    def scope_bounds(self, scope: Scope) -> Scope:
        """SCOPE with its ARR bounds in the reporting currency, for filtering.

        "ARR over €50k" is fifty thousand euros whatever the reporting
        currency; an amount without a symbol is in the reporting currency.
        Raises UsageError when the bounds' currency has no rate.
        """
        if scope.arr_min is None and scope.arr_max is None:
            return scope
        code = self.symbol_currency(scope.arr_symbol)
        if code == self.reporting_currency:
            return scope
        rate = self._rates.get(code)
        if rate is None:
            raise UsageError(
                f"the scope's ARR is in {code}, and settings.currency_rates has no "
                f"rate for {code}",
                hint=(
                    f"Add one to config.toml, e.g. [currency_rates] {code} = 1.08 "
                    f"({self.reporting_currency} per {code}), or write the amount "
                    f"in {self.reporting_currency}."
                ),
            )
        return replace(
            scope,
            arr_min=None if scope.arr_min is None else scope.arr_min * rate,
            arr_max=None if scope.arr_max is None else scope.arr_max * rate,
        )

    def symbol_currency(self, symbol: str) -> str:
        """The currency an amount written with SYMBOL is in ("" for none)."""
        if not symbol or (symbol == "$" and self.reporting_currency in DOLLARS):
            return self.reporting_currency
        return CURRENCY_SYMBOLS.get(symbol, self.reporting_currency)
