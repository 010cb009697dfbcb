"""Which workspace account an imported record is: by link, domain, then name.

A record from a system is first looked up by its id in that system (the
``account_links`` table, so re-importing finds the same account). Failing
that, it joins an account from *another* system with the same web domain,
then one with the same normalised name ("Acme, Inc." = "ACME Inc"), but only
when exactly one account fits. Two records of one system are never merged:
the system itself says they are different. A record without an id of its own
(a CSV of accounts with no id column) says nothing of the kind, so it joins
any one account of its name, and one whose name fits several accounts is
merged into none: it is :class:`Ambiguous`. A mapping file can pin a record
to an account or forbid a pairing. Names that are close but not equal are
reported as near matches and left apart.
"""

from __future__ import annotations

import difflib
from collections import Counter, defaultdict
from dataclasses import dataclass, field

from lifebuoy.sources.mapping import MappingFile
from lifebuoy.sources.values import normalise_name
from lifebuoy.workspace.store import Workspace

NEAR_MATCH_RATIO = 0.85
NEAR_MATCH_CANDIDATES = 50
CLOSE_ACCOUNTS = 3
"""Accounts offered for a pin's target the workspace does not hold."""


@dataclass(frozen=True)
class Match:
    account_id: str
    matched_by: str  # link, pin, domain, name or new
    existing: bool


@dataclass(frozen=True)
class Ambiguous:
    """A record without an id whose name fits several accounts (CANDIDATES)."""

    record: str
    name: str
    candidates: tuple[str, ...]


@dataclass(frozen=True)
class NearMatch:
    record: str
    name: str
    account_id: str
    account_name: str
    ratio: float


@dataclass
class AccountIndex:
    """The workspace's accounts, indexed for matching, updated as records arrive."""

    links: dict[tuple[str, str], str] = field(default_factory=dict)
    sources: defaultdict[str, set[str]] = field(
        default_factory=lambda: defaultdict(set)
    )
    names: dict[str, str] = field(default_factory=dict)
    by_domain: defaultdict[str, set[str]] = field(
        default_factory=lambda: defaultdict(set)
    )
    by_name: defaultdict[str, set[str]] = field(
        default_factory=lambda: defaultdict(set)
    )
    by_first_word: defaultdict[str, set[str]] = field(
        default_factory=lambda: defaultdict(set)
    )

    @classmethod
    def load(cls, workspace: Workspace) -> AccountIndex:
        index = cls()
        con = workspace.connection
        for account_id, name, domain in con.execute(
            "SELECT account_id, name, domain FROM accounts"
        ).fetchall():
            index.add_account(account_id, name=name, domain=domain)
        for source, source_id, account_id in con.execute(
            "SELECT source, source_id, account_id FROM account_links"
        ).fetchall():
            index.add_link(source, source_id, account_id)
        for account_id, source, source_id in con.execute(
            "SELECT account_id, source, source_id FROM accounts "
            "WHERE source IS NOT NULL AND source_id IS NOT NULL"
        ).fetchall():
            index.links.setdefault((source, source_id), account_id)
            index.sources[account_id].add(source)
        return index

    def add_account(
        self, account_id: str, *, name: str | None, domain: str | None
    ) -> None:
        if name:
            key = normalise_name(name)
            self.names[account_id] = name
            self.by_name[key].add(account_id)
            if key:
                self.by_first_word[key.split()[0]].add(account_id)
        if domain:
            self.by_domain[domain].add(account_id)

    def add_link(self, source: str, source_id: str, account_id: str) -> None:
        self.links[(source, source_id)] = account_id
        self.sources[account_id].add(source)

    def has(self, account_id: str) -> bool:
        return account_id in self.names or account_id in self.sources

    def close_to(self, wanted: str) -> list[str]:
        """Up to CLOSE_ACCOUNTS accounts whose id or name is close to WANTED:
        "hubspot:512 'Acme, Inc.'"."""
        words = {name: account_id for account_id, name in self.names.items()}
        words.update((account_id, account_id) for account_id in self.names)
        close = difflib.get_close_matches(wanted, list(words), n=CLOSE_ACCOUNTS * 2)
        found = list(dict.fromkeys(words[word] for word in close))[:CLOSE_ACCOUNTS]
        return [f"{account_id} {self.names[account_id]!r}" for account_id in found]


@dataclass
class AccountMatcher:
    index: AccountIndex
    mapping: MappingFile
    methods: Counter[str] = field(default_factory=Counter)
    near_matches: list[NearMatch] = field(default_factory=list)
    resolved: dict[tuple[str, str], str | None] = field(default_factory=dict)
    pinned: set[str] = field(default_factory=set)
    """The records a pin of the mapping file applied to."""
    created: set[str] = field(default_factory=set)
    """The accounts records matching none made."""

    def match(
        self,
        source: str,
        source_id: str,
        *,
        new_id: str,
        name: str | None,
        domain: str | None,
        own_id: bool = True,
    ) -> Match | Ambiguous:
        """The account for one record; a new one (NEW_ID) when nothing fits.
        Without OWN_ID (its id is its name), the record may join an account of
        its own system, and is Ambiguous when its name fits several."""
        record = f"{source}:{source_id}"
        own = source if own_id else None
        match = self._find(
            (source, source_id), record=record, own=own, name=name, domain=domain
        )
        if isinstance(match, Ambiguous):
            return match
        if match is None:
            match = Match(new_id, "new", existing=False)
            self.created.add(new_id)
            if name:
                self._note_near_matches(record, name, own=own)

        self.methods[match.matched_by] += 1
        self.resolved.clear()
        self.index.add_link(source, source_id, match.account_id)
        self.index.add_account(match.account_id, name=name, domain=domain)
        return match

    def _find(
        self,
        link: tuple[str, str],
        *,
        record: str,
        own: str | None,
        name: str | None,
        domain: str | None,
    ) -> Match | Ambiguous | None:
        """The account RECORD (LINK: its system and id) joins; OWN is its system
        when the id is its own, and the record then joins no other account of it."""
        if record in self.mapping.pins:
            self.pinned.add(record)
            return Match(self.mapping.pins[record], "pin", existing=True)
        linked = self.index.links.get(link)
        if linked is not None:
            return Match(linked, "link", existing=True)
        if domain:
            found = self._fitting(self.index.by_domain.get(domain, set()), own, record)
            if len(found) == 1:
                return Match(found[0], "domain", existing=True)
        if not name:
            return None
        key = normalise_name(name)
        found = self._fitting(self.index.by_name.get(key, set()), own, record)
        if len(found) == 1:
            return Match(found[0], "name", existing=True)
        if len(found) > 1 and own is None:
            return Ambiguous(record, name, tuple(found))
        return None

    def _fitting(self, candidates: set[str], own: str | None, record: str) -> list[str]:
        """CANDIDATES RECORD may join, sorted: none of its own system OWN, none
        the mapping file forbids."""
        return sorted(
            account_id
            for account_id in candidates
            if own not in self.index.sources.get(account_id, set())
            and not self.mapping.forbids(record, account_id)
        )

    def _note_near_matches(self, record: str, name: str, *, own: str | None) -> None:
        key = normalise_name(name)
        if not key:
            return
        candidates = sorted(self.index.by_first_word.get(key.split()[0], set()))
        for account_id in candidates[:NEAR_MATCH_CANDIDATES]:
            if own in self.index.sources.get(account_id, set()):
                continue
            other = self.index.names.get(account_id, "")
            ratio = difflib.SequenceMatcher(None, key, normalise_name(other)).ratio()
            if NEAR_MATCH_RATIO <= ratio < 1:
                self.near_matches.append(
                    NearMatch(record, name, account_id, other, round(ratio, 2))
                )

    def resolve(self, reference: str, *, source: str) -> str | None:
        """The account a ticket, invoice… points at: an id, a source id, a domain
        or a name; None when no single account fits."""
        key = (source, reference)
        if key not in self.resolved:
            self.resolved[key] = self._resolve(reference, source=source)
        return self.resolved[key]

    def _resolve(self, reference: str, *, source: str) -> str | None:
        if self.index.has(reference):
            return reference
        linked = self.index.links.get((source, reference))
        if linked is not None:
            return linked
        for candidates in (
            self.index.by_domain.get(reference.lower(), set()),
            self.index.by_name.get(normalise_name(reference), set()),
        ):
            if len(candidates) == 1:
                return next(iter(candidates))
        return None
