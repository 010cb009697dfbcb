"""HubSpot: companies, owners and deals, from CRM v3 API pages or the CSV export.

- Companies: ``GET /crm/v3/objects/companies`` pages (``results`` with
  ``properties``; ``paging.next.after`` on all but the last page) or the
  companies export (CSV/XLSX with "Record ID", "Company name", …).
- Owners: ``GET /crm/v3/owners`` pages; they turn ``hubspot_owner_id`` into
  the owner's name.
- Deals: ``GET /crm/v3/objects/deals`` or search pages. A won deal that names
  its company sets that account's ARR (amount) and renewal date (the deal's
  renewal date property, else its close date). A deal without a company is
  counted as unmatched.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any, ClassVar

from lifebuoy.errors import SourceError
from lifebuoy.sources.base import RawRecord, ReadContext, Source
from lifebuoy.sources.origin import FileSample, listed
from lifebuoy.sources.payloads import Page, count, missing_pages
from lifebuoy.sources.readers import read_json
from lifebuoy.sources.tabular import tabular_records

JSON_SUFFIXES = {".json"}
RENEWAL_PROPERTIES = ("renewal_date", "contract_end_date", "hs_renewal_date")
COMPANY_PROPERTIES = ("associatedcompanyid", "hs_primary_associated_company")
EXPORT_COLUMNS = frozenset({"companyname", "companyowner", "companydomainname",
                            "createdate", "lifecyclestage", "lastactivitydate",
                            "contactowner", "dealowner", "dealstage",
                            "associatedcompany", "associatedcontact"})  # fmt: skip
"""Columns of HubSpot's exports (folded) that come with its "Record ID"."""
INTERNAL_PROPERTIES = frozenset({"hsobjectid", "hslastmodifieddate", "hscreatedate",
                                 "hubspotownerid", "hsleadstatus",
                                 "hsanalyticssource"})  # fmt: skip
"""HubSpot's own property names (folded), which no other system writes."""


class HubSpot(Source):
    name: ClassVar[str] = "hubspot"
    label: ClassVar[str] = "HubSpot"
    tables: ClassVar[tuple[str, ...]] = ("accounts",)
    synonyms: ClassVar[dict[str, dict[str, tuple[str, ...]]]] = {
        "accounts": {
            "owner_id": ("hubspotownerid", "companyownerid"),
            "account_ref": ("accountref",),
        }
    }

    def __init__(self) -> None:
        self.owners: dict[str, str] = {}
        self.unknown_owners: set[str] = set()

    @classmethod
    def recognises(cls, sample: FileSample) -> str | None:
        internal = sample.headers_among(INTERNAL_PROPERTIES)
        if internal:
            return f"its columns {listed(internal[:3])} are HubSpot properties"
        exported = sample.headers_among(EXPORT_COLUMNS)
        if sample.headers_among({"recordid"}) and exported:
            columns = listed(["Record ID", *exported[:2]])
            return f"its columns {columns} are those of a HubSpot export"
        return _page_shape(sample)

    def read(self, paths: Sequence[Path], context: ReadContext) -> Iterator[RawRecord]:
        pages = [(path, read_json(path)) for path in paths if _is_json(path)]
        kinds = [(path, _kind(path, page), page) for path, page in pages]
        for _, kind, page in kinds:
            if kind == "owners":
                self.owners.update(_owner_names(_results(page)))

        for path in paths:
            if not _is_json(path):
                yield from tabular_records(path, "accounts", context)
        for path, kind, page in kinds:
            if kind == "companies":
                context.start_file(path)
                yield from _company_records(path, page)
        for path, kind, page in kinds:
            if kind == "deals":
                context.start_file(path)
                yield from _deal_records(path, page)

        context.missing_pages.extend(_missing_pages(kinds))
        if self.unknown_owners:
            context.notes.append(
                f"{len(self.unknown_owners)} HubSpot owner "
                f"{'id is' if len(self.unknown_owners) == 1 else 'ids are'} not in "
                "the owners given "
                f"({', '.join(sorted(self.unknown_owners)[:5])}); kept as ids. "
                "Import owners JSON (GET /crm/v3/owners) to show names."
            )

    def map(self, record: RawRecord, row: dict[str, Any]) -> dict[str, Any]:
        owner_id = row.pop("owner_id", None)
        if owner_id is not None and not row.get("owner"):
            owner_id = str(owner_id)
            if owner_id not in self.owners:
                self.unknown_owners.add(owner_id)
            row["owner"] = self.owners.get(owner_id, owner_id)
        return row


def _page_shape(sample: FileSample) -> str | None:
    results = sample.objects("results") if isinstance(sample.page, dict) else []
    if results and all(isinstance(item.get("properties"), dict) for item in results):
        return "it is a HubSpot CRM v3 page (results with properties)"
    if results and all("userIdIncludingInactive" in item for item in results):
        return "it is a HubSpot CRM v3 page of owners"
    return None


def _is_json(path: Path) -> bool:
    return path.suffix.lower() in JSON_SUFFIXES


def _results(page: Any) -> list[dict[str, Any]]:
    items = page.get("results") if isinstance(page, dict) else page
    if not isinstance(items, list) or not all(isinstance(item, dict) for item in items):
        return []
    return items


def _kind(path: Path, page: Any) -> str:
    """companies, deals or owners, from the shape of the page's records."""
    items = _results(page)
    if isinstance(page, dict) and "results" in page and not items:
        return "empty"
    if items and all("properties" in item for item in items):
        keys = {key for item in items for key in item["properties"]}
        return "deals" if {"dealname", "dealstage"} & keys else "companies"
    if items and all("firstName" in item or "email" in item for item in items):
        return "owners"
    raise SourceError(
        f"{path}: not a HubSpot CRM v3 page of companies, deals or owners",
        hint="Pass API responses as returned (with 'results'), or the CSV export.",
    )


def _missing_pages(kinds: list[tuple[Path, str, Any]]) -> Iterator[str]:
    """Per kind of page, a note when its pages say more records follow."""
    by_kind: dict[str, list[Page]] = {}
    for path, kind, page in kinds:
        after = (((page.get("paging") or {}).get("next") or {}).get("after")
                 if isinstance(page, dict) else None)  # fmt: skip
        follows = f"paging.next.after {after}" if after is not None else None
        total = count(page.get("total")) if isinstance(page, dict) else None
        by_kind.setdefault(kind, []).append(
            Page(path, len(_results(page)), total, follows)
        )
    for found in by_kind.values():
        note = missing_pages(found)
        if note:
            yield note


def _owner_names(items: list[dict[str, Any]]) -> dict[str, str]:
    names = {}
    for item in items:
        full = " ".join(
            part for part in (item.get("firstName"), item.get("lastName")) if part
        )
        names[str(item.get("id"))] = full or str(item.get("email") or item.get("id"))
    return names


def _company_records(path: Path, page: Any) -> Iterator[RawRecord]:
    for position, item in enumerate(_results(page), start=1):
        fields = {"id": item.get("id"), **item["properties"]}
        fields["updatedAt"] = item.get("updatedAt")
        yield RawRecord("accounts", path, position, fields)


def _deal_records(path: Path, page: Any) -> Iterator[RawRecord]:
    for position, item in enumerate(_results(page), start=1):
        properties = item["properties"]
        won = _is_won(properties)
        renewal = next(
            (properties[name] for name in RENEWAL_PROPERTIES if properties.get(name)),
            properties.get("closedate") if won else None,
        )
        fields = {
            "account_ref": _deal_company(item),
            "arr": properties.get("amount") if won else None,
            "renewal_date": renewal,
            "updatedAt": item.get("updatedAt") or properties.get("hs_lastmodifieddate"),
        }
        yield RawRecord(
            "accounts",
            path,
            position,
            fields,
            key=f"deal:{item.get('id')}",
            counted_as="deals",
            unlinked=None if fields["account_ref"] else "the deal has no company",
        )


def _is_won(properties: dict[str, Any]) -> bool:
    stage = str(properties.get("dealstage") or "").lower()
    return str(properties.get("hs_is_closed_won")).lower() == "true" or (
        stage == "closedwon"
    )


def _deal_company(item: dict[str, Any]) -> str | None:
    companies = item.get("associations", {}).get("companies", {}).get("results", [])
    if companies:
        return str(companies[0].get("id"))
    for name in COMPANY_PROPERTIES:
        if item["properties"].get(name):
            return str(item["properties"][name])
    return None
