"""Which source column feeds which canonical column: header synonyms and overrides.

Headers are compared in a folded form (lower case, letters and digits only),
so "Company name", "company_name" and "COMPANYNAME" are one header. Each
table has common synonyms; a source adds its own; a mapping file (TOML)
overrides both:

    [columns]
    "Contract Value (EUR)" = "arr"
    "Internal notes" = "ignore"

    [match]
    pin = { "salesforce:001x0000002xLCVAA2" = "hubspot:512" }
    forbid = [["hubspot:513", "salesforce:001x0000002xLCWAA2"]]

Besides the canonical columns, a few helper columns guide the import:
``source_id`` (the record's id in its system), ``updated_at`` (which of two
copies is newer), ``owner_id`` (an owner to look up), ``account_ref`` (the
account a ticket, invoice… belongs to: an id, a domain or a name) and
``email`` (a domain to match accounts by). A Salesforce custom field is
read without its ``__c`` suffix ("Renewal_Date__c" is "Renewal_Date") when
its full name is no synonym.
"""

from __future__ import annotations

import difflib
import re
import tomllib
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path

from lifebuoy.errors import ConfigError
from lifebuoy.workspace.schema import CANONICAL

IGNORE = "ignore"
CUSTOM_SUFFIX = "__c"
HELPERS = ("source_id", "updated_at", "owner_id", "account_ref", "email")
KEYS = {"columns": (), "match": ("pin", "forbid")}
"""The sections of a mapping file, and the keys each holds (none: any)."""

_ACCOUNT_REF = ("accountid", "account", "accountname", "company", "companyid",
                "companyname", "customer", "customerid", "organization",
                "organizationid", "domain")  # fmt: skip

SYNONYMS: dict[str, dict[str, tuple[str, ...]]] = {
    "accounts": {
        "name": ("name", "accountname", "companyname", "company", "account",
                 "customer", "customername", "organization", "organisation"),
        "domain": ("domain", "companydomainname", "website", "websiteurl", "web",
                   "companydomain"),
        "segment": ("segment", "customersegment", "accountsegment"),
        "region": ("region", "territory", "salesregion", "geo"),
        "arr": ("arr", "annualrevenue", "contractvalue", "annualrecurringrevenue",
                "acv", "annualcontractvalue"),
        "currency": ("currency", "currencyisocode", "currencycode"),
        "renewal_date": ("renewaldate", "renewal", "contractenddate",
                         "contractend", "nextrenewaldate", "renewalon"),
        "status": ("status", "accountstatus", "customerstatus"),
        "owner": ("owner", "companyowner", "accountowner", "ownername"),
        "csm": ("csm", "customersuccessmanager", "csmname", "csmowner"),
        "health_score": ("healthscore", "health"),
        "health_score_updated_on": ("healthscoreupdatedon", "healthupdated"),
        "strategic": ("strategic", "isstrategic", "keyaccount"),
        "last_meeting_date": ("lastmeetingdate", "lastmeeting"),
        "last_exec_touch_date": ("lastexectouchdate", "lastexecutivetouch",
                                 "lastexectouch"),
        "source_id": ("id", "recordid", "hsobjectid", "accountid", "companyid"),
        "updated_at": ("hslastmodifieddate", "lastmodifieddate", "systemmodstamp",
                       "updatedat", "lastmodified", "lastmodifieddatetime"),
        "owner_id": ("ownerid", "hubspotownerid"),
        "email": ("email", "contactemail", "billingemail"),
    },
    "contacts": {
        "contact_id": ("contactid", "id"),
        "name": ("name", "fullname", "contactname"),
        "email": ("email", "emailaddress"),
        "role": ("role", "contactrole"),
        "status": ("status",),
        "departed_on": ("departedon", "leftat", "departed"),
        "account_ref": _ACCOUNT_REF,
    },
    "tickets": {
        "ticket_id": ("ticketid", "id", "caseid", "ticketnumber"),
        "created_at": ("createdat", "createddate", "created", "opened",
                       "openedat", "datecreated"),
        "status": ("status", "ticketstatus"),
        "priority": ("priority", "urgency"),
        "escalated": ("escalated", "isescalated"),
        "reopens": ("reopens", "reopencount", "countreopens"),
        "csat": ("csat", "satisfaction", "satisfactionscore", "csatscore"),
        "subject": ("subject", "title"),
        "body": ("body", "description"),
        "tags": ("tags", "labels"),
        "assignee": ("assignee", "assignedto", "agent"),
        "updated_at": ("updatedat", "lastmodifieddate", "updated"),
        "account_ref": _ACCOUNT_REF,
    },
    "usage": {
        "date": ("date", "day", "week", "eventdate"),
        "active_users": ("activeusers", "users", "dau", "wau"),
        "events": ("events", "eventcount", "count"),
        "account_ref": _ACCOUNT_REF,
    },
    "nps": {
        "response_id": ("responseid", "id"),
        "score": ("score", "npsscore", "nps"),
        "responded_at": ("respondedat", "createdat", "date", "submittedat"),
        "comment": ("comment", "feedback"),
        "respondent": ("respondent", "email", "person"),
        "account_ref": _ACCOUNT_REF,
    },
    "invoices": {
        "invoice_id": ("invoiceid", "id", "invoicenumber", "number"),
        "due_date": ("duedate", "due"),
        "paid_at": ("paidat", "paiddate", "paid"),
        "amount": ("amount", "amountdue", "total"),
        "currency": ("currency",),
        "status": ("status",),
        "account_ref": _ACCOUNT_REF,
    },
    "activities": {
        "activity_id": ("activityid", "id"),
        "date": ("date", "activitydate", "meetingdate"),
        "type": ("type", "activitytype"),
        "executive": ("executive", "isexecutive", "exec"),
        "subject": ("subject", "title"),
        "body": ("body", "notes", "description"),
        "attendees": ("attendees", "participants"),
        "account_ref": _ACCOUNT_REF,
    },
    "chat_messages": {
        "message_id": ("messageid", "id"),
        "channel": ("channel",),
        "ts": ("ts", "timestamp", "sentat"),
        "author": ("author", "user", "from"),
        "text": ("text", "message"),
        "thread_ts": ("threadts", "thread"),
        "account_ref": _ACCOUNT_REF,
    },
}  # fmt: skip


def fold(header: str) -> str:
    """The compared form of a header: "Company name" -> "companyname"."""
    return re.sub(r"[^0-9a-z]", "", header.casefold())


@dataclass(frozen=True)
class MappingFile:
    """Overrides read from a mapping file; empty when none is given."""

    columns: dict[str, str] = field(default_factory=dict)
    pins: dict[str, str] = field(default_factory=dict)
    forbidden: frozenset[tuple[str, str]] = frozenset()
    path: Path | None = None

    def forbids(self, record: str, account_id: str) -> bool:
        return (record, account_id) in self.forbidden or (
            account_id,
            record,
        ) in self.forbidden


def load_mapping(path: Path | None) -> MappingFile:
    if path is None:
        return MappingFile()
    try:
        text = path.read_bytes().decode("utf-8")
        data = tomllib.loads(text)
    except OSError as exc:
        raise ConfigError(
            f"cannot read the mapping file {path}: {exc.strerror}"
        ) from exc
    except UnicodeDecodeError as exc:
        raise ConfigError(f"{path}: not UTF-8 text: {exc}") from exc
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"{path}: not valid TOML: {exc}") from exc
    return _parse_mapping(path, data, text=text)


def _parse_mapping(
    path: Path, data: Mapping[str, object], *, text: str = ""
) -> MappingFile:
    _refuse_unknown_keys(path, data)
    columns = _columns(path, _string_table(path, data.get("columns", {}), "columns"))
    match = data.get("match", {})
    if not isinstance(match, Mapping):
        raise ConfigError(f"{path}: [match] must be a table")
    pins = _string_table(path, match.get("pin", {}), "match.pin")
    forbidden = _pairs(path, match.get("forbid", []))
    _refuse_pinned_and_forbidden(path, pins, forbidden, text=text)
    return MappingFile(columns, pins, forbidden, path)


def _refuse_unknown_keys(path: Path, data: Mapping[str, object]) -> None:
    """A ConfigError naming a section or key the mapping file does not know
    ("match.pins"), with the closest known one."""
    valid = [
        f"{section}.{key}" if key else section
        for section, keys in KEYS.items()
        for key in keys or ("",)
    ]
    unknown = [section for section in data if section not in KEYS]
    for section, keys in KEYS.items():
        value = data.get(section)
        if keys and isinstance(value, Mapping):
            unknown += [f"{section}.{key}" for key in value if key not in keys]
    if not unknown:
        return

    close = difflib.get_close_matches(unknown[0], valid, n=1)
    guess = f"Did you mean {close[0]!r}? " if close else ""
    raise ConfigError(
        f"{path}: unknown key {unknown[0]!r}",
        hint=f"{guess}A mapping file holds: {', '.join(valid)}.",
    )


def _refuse_pinned_and_forbidden(
    path: Path,
    pins: Mapping[str, str],
    forbidden: frozenset[tuple[str, str]],
    *,
    text: str,
) -> None:
    """A ConfigError for a record pinned to an account it is forbidden to join,
    naming the two lines."""
    for record, account_id in pins.items():
        pair = (record, account_id)
        if pair not in forbidden and pair[::-1] not in forbidden:
            continue

        pinned = _line_of(text, rf"{_quoted(record)}\s*=\s*{_quoted(account_id)}")
        forbids = _line_of(
            text,
            rf"{_quoted(record)}\s*,\s*{_quoted(account_id)}",
            rf"{_quoted(account_id)}\s*,\s*{_quoted(record)}",
        )
        raise ConfigError(
            f"{path}: {pinned} pins {record!r} to {account_id!r} and {forbids} "
            "forbids that pair",
            hint="Keep one of the two lines.",
        )


def _quoted(value: str) -> str:
    return f"[\"']{re.escape(value)}[\"']"


def _line_of(text: str, *patterns: str) -> str:
    """ "line 4": the first line of TEXT one of PATTERNS is found on."""
    for number, line in enumerate(text.splitlines(), 1):
        if any(re.search(pattern, line) for pattern in patterns):
            return f"line {number}"
    return "a line"


def _columns(path: Path, columns: dict[str, str]) -> dict[str, str]:
    """[columns] by folded header; a ConfigError for an unknown column, or for
    two spellings of one header mapped to different columns."""
    known = {name for table in SYNONYMS.values() for name in table} | {IGNORE}
    folded: dict[str, str] = {}
    spelled: dict[str, str] = {}
    for header, column in columns.items():
        if column not in known:
            raise ConfigError(
                f"{path}: [columns] maps {header!r} to unknown column {column!r}",
                hint=f"Use one of: {', '.join(sorted(known))}.",
            )
        key = fold(header)
        if folded.get(key, column) != column:
            raise ConfigError(
                f"{path}: [columns] maps {spelled[key]!r} to {folded[key]!r} and "
                f"{header!r} to {column!r}, but headers are compared ignoring case, "
                "spaces and punctuation, so they are one header",
                hint="Keep one of the two lines.",
            )
        folded[key] = column
        spelled[key] = header
    return folded


def _string_table(path: Path, value: object, name: str) -> dict[str, str]:
    if not isinstance(value, Mapping) or not all(
        isinstance(item, str) for item in value.values()
    ):
        raise ConfigError(f"{path}: [{name}] must map names to names (strings)")
    return {str(key): str(item) for key, item in value.items()}


def _pairs(path: Path, value: object) -> frozenset[tuple[str, str]]:
    if not isinstance(value, list) or not all(
        isinstance(pair, list) and len(pair) == 2 for pair in value
    ):
        raise ConfigError(
            f"{path}: match.forbid must be a list of pairs",
            hint='Write it as forbid = [["hubspot:513", "salesforce:001x"]].',
        )
    return frozenset((str(pair[0]), str(pair[1])) for pair in value)


@dataclass(frozen=True)
class RepeatedColumn:
    """A column fed by several headers of one input, each with its place."""

    column: str
    headers: tuple[tuple[str, int], ...]
    """(header, column number from 1), in the input's order."""

    def places(self) -> str:
        """ "'ARR' (column 2) and 'ACV' (column 5)"."""
        named = [f"{header!r} (column {place})" for header, place in self.headers]
        return f"{', '.join(named[:-1])} and {named[-1]}"

    def spelled_alike(self) -> bool:
        """Whether the headers are one header repeated ("ARR" and "arr")."""
        return len({fold(header) for header, _ in self.headers}) == 1


@dataclass(frozen=True)
class ColumnMap:
    """Where each header of one input goes; ``unknown`` lists the rest, and
    ``repeated`` the columns that several headers feed."""

    targets: dict[str, str]
    unknown: tuple[str, ...]
    repeated: tuple[RepeatedColumn, ...] = ()


def map_headers(
    headers: Iterable[str],
    table: str,
    *,
    mapping: MappingFile,
    extra: Mapping[str, tuple[str, ...]] | None = None,
    file: Path | None = None,
) -> ColumnMap:
    """Each header's canonical (or helper) column.

    Several headers may feed one column by synonym (HubSpot's ``id`` and
    ``hs_object_id``), or by being written twice; the first one with a value
    counts, and the column is in ``repeated``. A header the mapping file
    names wins its column: the synonyms of that column are then not used.
    Two headers of FILE the mapping file maps to one column are a
    ConfigError.
    """
    headers = list(headers)
    lookup = _lookup(table, extra or {})
    explicit = _explicit(headers, mapping, file=file)
    claimed = set(explicit.values())

    targets: dict[str, str] = {}
    unknown: list[str] = []
    places: dict[str, list[tuple[str, int]]] = {}
    for place, header in enumerate(headers, 1):
        column = explicit.get(header) or _synonym(header, lookup)
        if column is None or (header not in explicit and column in claimed):
            unknown.append(header)
        elif column != IGNORE:
            targets[header] = column
            places.setdefault(column, []).append((header, place))
    repeated = tuple(
        RepeatedColumn(column, tuple(fed))
        for column, fed in places.items()
        if len(fed) > 1
    )
    return ColumnMap(targets, tuple(unknown), repeated)


def refuse_repeats(
    column_map: ColumnMap, table: str, *, file: Path, synonyms: bool
) -> None:
    """A ConfigError when a header of FILE is repeated for one column of TABLE,
    or with SYNONYMS when two synonyms feed one. A vendor's export may give a
    column several synonyms on purpose (HubSpot's ``domain`` and ``website``),
    and a helper column may take several (``id`` and ``hs_object_id``)."""
    columns = set(CANONICAL[table].column_names) - set(HELPERS)
    for repeated in column_map.repeated:
        if repeated.column not in columns:
            continue
        if not (synonyms or repeated.spelled_alike()):
            continue
        hint = "Rename or remove one of them"
        if not repeated.spelled_alike():
            header = repeated.headers[0][0]
            hint += (
                f', or pick one with a --map file: [columns] "{header}" = '
                f'"{repeated.column}" (the others are then not read)'
            )
        every = "both" if len(repeated.headers) == 2 else "all"
        raise ConfigError(
            f"{file}: the headers {repeated.places()} {every} name the column "
            f"{repeated.column!r}; a column takes one header",
            hint=f"{hint}.",
        )


def known_headers(
    headers: Iterable[str],
    table: str,
    *,
    mapping: MappingFile,
    extra: Mapping[str, tuple[str, ...]] | None = None,
) -> int:
    """How many of HEADERS the mapping file or a synonym of TABLE names."""
    lookup = _lookup(table, extra or {})
    return sum(
        1
        for header in headers
        if header and (fold(header) in mapping.columns or _synonym(header, lookup))
    )


def _explicit(
    headers: list[str], mapping: MappingFile, *, file: Path | None
) -> dict[str, str]:
    """The headers the mapping file maps, to their columns ("ignore" included)."""
    explicit: dict[str, str] = {}
    by_column: dict[str, str] = {}
    for header in headers:
        column = mapping.columns.get(fold(header))
        if column is None:
            continue
        first = by_column.setdefault(column, header)
        if first != header and column != IGNORE:
            where = f" of {file}" if file is not None else ""
            raise ConfigError(
                f"{mapping.path}: [columns] maps both {first!r} and {header!r} "
                f"(headers{where}) to {column!r}; a column takes one header",
                hint=f'Keep one of the two lines, or map the other to "{IGNORE}".',
            )
        explicit[header] = column
    return explicit


def _synonym(header: str, lookup: Mapping[str, str]) -> str | None:
    column = lookup.get(fold(header))
    if column is None and _is_custom_field(header):
        column = lookup.get(fold(header[: -len(CUSTOM_SUFFIX)]))
    return column


def _is_custom_field(header: str) -> bool:
    """A Salesforce custom field: "Renewal_Date__c" reads as "Renewal_Date"."""
    return header.casefold().endswith(CUSTOM_SUFFIX) and len(header) > 3


def _lookup(table: str, extra: Mapping[str, tuple[str, ...]]) -> dict[str, str]:
    if table not in CANONICAL:
        raise KeyError(table)
    lookup: dict[str, str] = {}
    for column, names in (*extra.items(), *SYNONYMS[table].items()):
        for name in names:
            lookup.setdefault(name, column)
    return lookup
