"""Risk words of a team's list read into signals; the rest kept as not understood."""

from __future__ import annotations

from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from lifebuoy.planning.risk_words import clauses, names_no_risk, read_risks
from lifebuoy.signals.model import SignalName
from lifebuoy.workspace.settings import SignalSettings

AS_OF = date(2026, 12, 3)
SETTINGS = SignalSettings()
S = SignalName

PHRASES: list[tuple[str, set[SignalName]]] = [
    ("escalated", {S.ESCALATION}),
    ("P1 escalation", {S.ESCALATION}),
    ("Escalation last month", {S.ESCALATION}),
    ("escalated to their VP twice", {S.ESCALATION}),
    ("sev1 ticket open", {S.ESCALATION}),
    ("payment failed", {S.PAYMENT_FAILED}),
    ("card declined", {S.PAYMENT_FAILED}),
    ("invoice overdue 20 days", {S.PAYMENT_FAILED}),
    ("invoice 20 days late", {S.PAYMENT_FAILED}),
    ("chargeback in November", {S.PAYMENT_FAILED}),
    ("late invoice", {S.PAYMENT_LATE}),
    ("invoice 10 days late", {S.PAYMENT_LATE}),
    ("payment overdue", {S.PAYMENT_LATE}),
    ("unpaid invoice", {S.PAYMENT_LATE}),
    ("looking at competitors", {S.EVALUATING_ALTERNATIVES}),
    ("evaluating Gainsight", {S.EVALUATING_ALTERNATIVES}),
    ("evaluating Acme Success", {S.EVALUATING_ALTERNATIVES}),
    ("Totango demo booked", {S.EVALUATING_ALTERNATIVES}),
    ("considering switching", {S.EVALUATING_ALTERNATIVES}),
    ("sent us an RFP", {S.EVALUATING_ALTERNATIVES}),
    ("usage down 40%", {S.USAGE_DECLINE}),
    ("usage declined 30%", {S.USAGE_DECLINE}),
    ("logins -35% month on month", {S.USAGE_DECLINE}),
    ("low adoption", {S.USAGE_DECLINE}),
    ("active users dropping", {S.USAGE_DECLINE}),
    ("NPS 4", {S.NPS_DETRACTOR}),
    ("NPS of 2", {S.NPS_DETRACTOR}),
    ("detractor", {S.NPS_DETRACTOR}),
    ("low NPS", {S.NPS_DETRACTOR}),
    ("champion left", {S.CHAMPION_LEFT}),
    ("sponsor departed", {S.CHAMPION_LEFT}),
    ("lost our champion", {S.CHAMPION_LEFT}),
    ("no exec contact", {S.NO_EXEC_TOUCH}),
    ("no QBR since spring", {S.NO_EXEC_TOUCH}),
    ("QBR overdue", {S.NO_EXEC_TOUCH}),
    ("no meetings since June", {S.NO_EXEC_TOUCH}),
    ("renews in 45 days", {S.RENEWAL_SOON}),
    ("renewal in 2 months", {S.RENEWAL_SOON}),
    ("contract ends in 6 weeks", {S.RENEWAL_SOON}),
    ("renewal soon", {S.RENEWAL_SOON}),
    ("slow to respond", {S.SLOW_RESPONSE}),
    ("unresponsive", {S.SLOW_RESPONSE}),
    ("no response to emails", {S.SLOW_RESPONSE}),
    ("ticket spike", {S.SUPPORT_SPIKE}),
    ("support tickets up 3x", {S.SUPPORT_SPIKE}),
    ("health score 32", {S.LOW_HEALTH}),
    ("red health", {S.LOW_HEALTH}),
    ("NPS 4 renewal soon", {S.NPS_DETRACTOR, S.RENEWAL_SOON}),
    # Phrasings teams write, read since the second trial.
    ("no login in 45 days", {S.USAGE_DECLINE}),
    ("low usage", {S.USAGE_DECLINE}),
    ("usage dropping", {S.USAGE_DECLINE}),
    ("support tickets spiking", {S.SUPPORT_SPIKE}),
    ("lost champion", {S.CHAMPION_LEFT}),
    ("champion gone", {S.CHAMPION_LEFT}),
    ("sponsor left", {S.CHAMPION_LEFT}),
    ("exec sponsor gone quiet", {S.NO_EXEC_TOUCH}),
    ("downgrade requested", {S.EVALUATING_ALTERNATIVES}),
    ("budget cuts", {S.EVALUATING_ALTERNATIVES}),
    ("cancellation notice", {S.EVALUATING_ALTERNATIVES}),
    ("asked to cancel", {S.EVALUATING_ALTERNATIVES}),
    # Not understood: no signal named.
    ("renews in 200 days", set()),
    ("considering expansion", set()),
    ("health score 85", set()),
    ("usage up 20%", set()),
    ("reorg in progress", set()),
    ("new VP of Ops", set()),
    ("budget review", set()),
    ("late to meetings", set()),
    ("no champion", set()),
    ("no budget", set()),
    ("no payment received", set()),
    ("haven't heard back", set()),
]

ALL_WELL = ["NPS 9", "NPS of 10", "promoter", "happy customer", "NPS 9, happy"]
"""Words that are read and name no risk: neither a signal nor not understood."""


@pytest.mark.parametrize(("phrase", "expected"), PHRASES)
def test_phrase_gives_its_signals(phrase: str, expected: set[SignalName]) -> None:
    reading = read_risks(phrase, settings=SETTINGS, as_of=AS_OF)

    assert {signal.name for signal in reading.signals} == expected
    assert reading.not_understood == (() if expected else (phrase,))


@pytest.mark.parametrize("phrase", ALL_WELL)
def test_words_that_say_all_is_well_are_understood(phrase: str) -> None:
    reading = read_risks(phrase, settings=SETTINGS, as_of=AS_OF)

    assert reading.signals == ()
    assert reading.not_understood == ()


DENIED = [
    "no escalations",
    "not escalated",
    "not late on payments",
    "payment not late",
    "never missed a payment",
    "no usage decline",
    "no cancellation",
    "champion has not left",
    "champion hasn't left",
    "champion isn’t leaving",
    "no risk of champion leaving",
    "no risk of churn",
    "not a detractor",
    "no longer evaluating alternatives",
    "not considering switching",
    "competitor Gainsight ruled out",
    "Gainsight ruled out",
    "ruled out Totango",
    "switching is off the table",
    "no ticket spike",
]
"""Risks the words deny: no signal, said as no risk."""


@pytest.mark.parametrize("phrase", DENIED)
def test_a_denied_risk_says_no_risk(phrase: str) -> None:
    reading = read_risks(phrase, settings=SETTINGS, as_of=AS_OF)

    assert (reading.signals, reading.not_understood) == ((), ())
    assert reading.no_risk == (phrase,)


@pytest.mark.parametrize(
    ("phrase", "expected"),
    [
        ("no login in 45 days", S.USAGE_DECLINE),
        ("no exec contact", S.NO_EXEC_TOUCH),
        ("no response to emails", S.SLOW_RESPONSE),
        ("champion left with no handover", S.CHAMPION_LEFT),
        ("sponsor left without notice", S.CHAMPION_LEFT),
        ("escalated with no reply yet", S.ESCALATION),
    ],
)
def test_a_negation_that_is_the_risk_or_follows_it_keeps_it(
    phrase: str, expected: SignalName
) -> None:
    reading = read_risks(phrase, settings=SETTINGS, as_of=AS_OF)

    assert expected in {signal.name for signal in reading.signals}
    assert reading.no_risk == ()


def test_a_negation_holds_within_its_clause_only() -> None:
    text = "no escalations but usage down 40%; champion has not left, NPS 3"

    reading = read_risks(text, settings=SETTINGS, as_of=AS_OF)

    names = {signal.name for signal in reading.signals}
    assert names == {S.USAGE_DECLINE, S.NPS_DETRACTOR}
    assert reading.no_risk == ("no escalations", "champion has not left")
    assert reading.not_understood == ()


def test_a_negated_all_is_well_is_not_understood() -> None:
    reading = read_risks("not happy with support", settings=SETTINGS, as_of=AS_OF)

    assert reading.not_understood == ("not happy with support",)


def test_the_table_covers_every_signal_and_enough_phrases() -> None:
    covered = {name for _, names in PHRASES for name in names}

    assert covered == set(SignalName)
    assert len(PHRASES) >= 40
    assert sum(1 for _, names in PHRASES if not names) >= 10


def test_text_is_cut_into_clauses_as_written() -> None:
    text = "escalation last month; invoice 20 days late, NPS 4 and renews in 45 days"

    assert clauses(text) == [
        "escalation last month",
        "invoice 20 days late",
        "NPS 4",
        "renews in 45 days",
    ]


def test_every_clause_is_a_signal_or_not_understood_never_dropped() -> None:
    reading = read_risks(
        "P1 escalation\n• reorg in progress | usage down 40% ; new CFO",
        settings=SETTINGS,
        as_of=AS_OF,
    )

    assert [s.name for s in reading.signals] == [S.ESCALATION, S.USAGE_DECLINE]
    assert reading.not_understood == ("reorg in progress", "new CFO")


def test_list_evidence_names_its_source_and_keeps_the_words() -> None:
    reading = read_risks("renews in 45 days", settings=SETTINGS, as_of=AS_OF)

    (signal,) = reading.signals
    assert signal.evidence.source == "list"
    assert signal.evidence.reason == "renews in 45 days (2027-01-17)"
    assert signal.evidence.dates == (date(2027, 1, 17),)


def test_thresholds_come_from_the_settings() -> None:
    strict = SignalSettings(nps_detractor_max=3, payment_failed_overdue_days=30)

    nps = read_risks("NPS 4", settings=strict, as_of=AS_OF)
    invoice = read_risks("invoice 20 days late", settings=strict, as_of=AS_OF)

    assert nps.signals == ()
    assert [signal.name for signal in invoice.signals] == [S.PAYMENT_LATE]


def test_configured_competitor_names_count() -> None:
    settings = SignalSettings(competitors=("Front",))

    reading = read_risks("moving to Front", settings=settings, as_of=AS_OF)
    plain = read_risks("frontend bugs", settings=settings, as_of=AS_OF)

    assert [signal.name for signal in reading.signals] == [S.EVALUATING_ALTERNATIVES]
    assert plain.signals == ()


@given(
    st.lists(
        st.sampled_from([phrase for phrase, _ in PHRASES])
        | st.text(alphabet="abcdefghij klmn0123456789%", min_size=1, max_size=20),
        min_size=1,
        max_size=6,
    )
)
def test_no_clause_ever_vanishes(parts: list[str]) -> None:
    text = "; ".join(parts)

    reading = read_risks(text, settings=SETTINGS, as_of=AS_OF)

    reasons = "; ".join(str(signal.evidence.snippet) for signal in reading.signals)
    for clause in clauses(text):
        read = clause in reading.not_understood or clause in reasons
        assert read or clause in ALL_WELL or names_no_risk(clause, settings=SETTINGS)
    assert len({signal.name for signal in reading.signals}) == len(reading.signals)


def test_two_clauses_of_one_signal_are_both_kept() -> None:
    reading = read_risks("escalated; P1 escalation", settings=SETTINGS, as_of=AS_OF)

    (signal,) = reading.signals
    assert signal.evidence.reason == "escalated; P1 escalation"
