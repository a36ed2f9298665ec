"""Hand-written expressions resolved against document dates."""
from __future__ import annotations

from itertools import pairwise

import pytest

from proxywatch.stages.timex import Anchor, Timex, find_timexes

THU = Anchor("2013-09-12")  # a Thursday
MON = Anchor("2020-01-06")  # a Monday, early in January
APRIL = Anchor("2020-04")  # month-only anchor
YEAR = Anchor("2019")
INFERRED = Anchor(None, 2018)
NONE = Anchor()


def only(text: str, anchor: Anchor) -> Timex:
    found = find_timexes(text, anchor)
    assert len(found) == 1, [(text[t.start:t.end], t.value) for t in found]
    return found[0]


@pytest.mark.parametrize("text,anchor,span,value", [
    # month-day, resolved to the most recent past occurrence
    ("Rockets hit the base on Aug. 30, officials said.", THU, "Aug. 30", "2013-08-30"),
    ("A Sept. 5 report described the order.", THU, "Sept. 5", "2013-09-05"),
    ("The convoy was struck on September 28.", THU, "September 28", "2012-09-28"),
    ("The convoy was struck on 28 September.", THU, "28 September", "2012-09-28"),
    ("The strike on December 31 killed two.", MON, "December 31", "2019-12-31"),
    ("Talks are planned for January 10.", MON, "January 10", "2020-01-10"),
    ("He arrived on February 4th.", THU, "February 4th", "2013-02-04"),
    ("It began on the 7th of August.", THU, "the 7th of August", "2013-08-07"),
    ("The Sept. 11 attacks changed everything.", THU, "Sept. 11", "2013-09-11"),
    ("AUG. 30 was quiet.", THU, "AUG. 30", "2013-08-30"),
    # explicit years
    ("He was killed on January 3, 2020, near the airport.", THU, "January 3, 2020", "2020-01-03"),
    ("The base was hit on March 31, 2020.", NONE, "March 31, 2020", "2020-03-31"),
    ("The attack of 2024-01-28 killed three soldiers.", NONE, "2024-01-28", "2024-01-28"),
    ("The group was formed in May 2019.", NONE, "May 2019", "2019-05"),
    ("He left office in 2019.", THU, "2019", "2019"),
    ("Attacks rose in early 2020.", NONE, "early 2020", "2020"),
    ("The drawdown ended in the summer of 2019.", NONE, "summer of 2019", "2019"),
    # day of the month alone: the most recent such day on or before the anchor
    ("The embassy was attacked on the 29th.", THU, "on the 29th", "2013-08-29"),
    ("The embassy was attacked on the 7th.", THU, "on the 7th", "2013-09-07"),
    ("Fighting resumed on the 31st.", Anchor("2013-10-05"), "on the 31st", "2013-08-31"),
    # weekdays
    ("Late Thursday, rockets struck the base.", THU, "Late Thursday", "2013-09-12"),
    ("The drones came early Friday local time.", THU, "early Friday local time", "2013-09-06"),
    ("The militia attacked on Thursday.", Anchor("2013-09-13"), "Thursday", "2013-09-12"),
    ("A rocket landed on Sunday night.", THU, "Sunday night", "2013-09-08"),
    ("The talks collapsed last Thursday.", THU, "last Thursday", "2013-09-05"),
    ("The council will vote on Friday.", THU, "Friday", "2013-09-13"),
    ("Envoys meet next Monday.", THU, "next Monday", "2013-09-16"),
    ("Thursday, Sept. 12, was calm.", THU, "Thursday, Sept. 12", "2013-09-12"),
    # document-relative words and periods
    ("Officials confirmed the strike yesterday.", THU, "yesterday", "2013-09-11"),
    ("The embassy is closed today.", THU, "today", "2013-09-12"),
    ("Protests are expected tonight.", THU, "tonight", "2013-09-12"),
    ("Earlier this week, a convoy was hit.", THU, "Earlier this week", "2013-09-10"),
    ("Last week, a convoy was hit.", THU, "Last week", "2013-09-05"),
    ("Earlier this month, three rockets fell.", THU, "Earlier this month", "2013-09"),
    ("Last month, three rockets fell.", MON, "Last month", "2019-12"),
    ("Casualties rose this year.", THU, "this year", "2013"),
    ("Casualties rose last year.", MON, "last year", "2019"),
    ("Three years ago the group was banned.", THU, "Three years ago", "2010"),
    ("Two days ago the group was banned.", THU, "Two days ago", "2013-09-10"),
    # months without a day
    ("This past April the militia regrouped.", THU, "This past April", "2013-04"),
    ("The base was shelled last July.", THU, "last July", "2013-07"),
    ("The base was shelled last September.", THU, "last September", "2012-09"),
    ("The base was shelled in February.", THU, "February", "2013-02"),
    ("The base was shelled in October.", THU, "October", "2012-10"),
    ("The offensive began in late September.", Anchor("2013-10-20"), "late September", "2013-09"),
    ("It was shelled by the end of March.", THU, "the end of March", "2013-03"),
    ("Elections will be held in March.", THU, "March", "2014-03"),
    # coarse anchors
    ("The base was hit on April 1.", APRIL, "April 1", "2020-04-01"),
    ("The base was hit on March 11.", APRIL, "March 11", "2020-03-11"),
    ("The base was hit on May 3.", APRIL, "May 3", "2019-05-03"),
    ("The base was hit earlier this month.", APRIL, "earlier this month", "2020-04"),
    ("The base was hit on Sept. 5.", YEAR, "Sept. 5", "2019-09-05"),
    ("The base was hit on Sept. 5.", INFERRED, "Sept. 5", "2018-09-05"),
    ("The base was hit in February.", YEAR, "February", "2019-02"),
    ("The base was hit this year.", INFERRED, "this year", "2018"),
    ("The base was hit on Sept. 5.", NONE, "Sept. 5", "--09-05"),
    ("The base was hit on 28 September.", NONE, "28 September", "--09-28"),
])
def test_timex_resolves_expression(text: str, anchor: Anchor, span: str, value: str) -> None:
    t = only(text, anchor)
    assert text[t.start:t.end] == span
    assert t.value == value


@pytest.mark.parametrize("text,anchor", [
    ("Rockets struck on Thursday.", APRIL),
    ("Rockets struck on Thursday.", YEAR),
    ("Rockets struck on Thursday.", NONE),
    ("Rockets struck late Thursday.", INFERRED),
    ("Rockets struck on the 29th.", APRIL),
    ("Rockets struck earlier this week.", APRIL),
    ("Rockets struck last month.", YEAR),
    ("Rockets struck last July.", YEAR),
    ("Rockets struck in February.", NONE),
    ("Rockets struck yesterday.", NONE),
    ("Rockets struck this year.", NONE),
])
def test_timex_unknowable_is_none(text: str, anchor: Anchor) -> None:
    assert only(text, anchor).value is None


@pytest.mark.parametrize("text,span,kind,delta", [
    ("A day earlier, militants shelled the airport.", "A day earlier", "event-relative", -1),
    ("The next day, militants shelled the airport.", "The next day", "event-relative", 1),
    ("The following day the embassy closed.", "The following day", "event-relative", 1),
    ("Two days later the embassy closed.", "Two days later", "event-relative", 2),
    ("The embassy closed 48 hours later.", "48 hours later", "event-relative", 2),
    ("The embassy closed the same day.", "the same day", "event-relative", 0),
    ("On the same night, a second base was hit.", "the same night", "event-relative", 0),
    ("The embassy had closed the previous day.", "the previous day", "event-relative", -1),
    ("A week later the embassy closed.", "A week later", "event-relative", 7),
    ("Days earlier, the embassy had closed.", "Days earlier", "event-relative", None),
    ("Hours later, the embassy closed.", "Hours later", "event-relative", 0),
])
def test_timex_event_relative(text: str, span: str, kind: str, delta: int | None) -> None:
    t = only(text, THU)
    assert (text[t.start:t.end], t.kind, t.delta_days, t.value) == (span, kind, delta, None)


@pytest.mark.parametrize("text,span,kind", [
    ("The siege lasted for three days.", "for three days", "duration"),
    ("No attacks occurred within the past 24 hours.", "within the past 24 hours", "duration"),
    ("No attacks occurred in the past 24 hours.", "in the past 24 hours", "duration"),
    ("They gave the militia 48 hours to leave.", "48 hours", "duration"),
    ("Attacks rose over the past two weeks.", "over the past two weeks", "duration"),
    ("Patrols go out every week.", "every week", "set"),
    ("Protesters gather on Fridays.", "on Fridays", "set"),
])
def test_timex_durations_and_sets_have_no_value(text: str, span: str, kind: str) -> None:
    t = only(text, THU)
    assert (text[t.start:t.end], t.kind, t.value) == (span, kind, None)


def test_timex_year_range_is_one_range() -> None:
    text = "US troops were in Iraq between 2003 and 2011."
    t = only(text, THU)
    assert (text[t.start:t.end], t.kind, t.value, t.end_value) == ("between 2003 and 2011", "range", "2003", "2011")


@pytest.mark.parametrize("text", [
    "The militia fired 31 rockets at the base.",
    "The Pentagon sent 5,000 troops.",
    "About 600 U.S. service members are deployed.",
    "The drone struck Tower 22 near the border.",
    "Rockets hit the K-1 air base.",
    "Several soldiers may have been killed.",
    "May God protect them, he said.",
    "Crowds march on the embassy.",
    "The 7th Fleet sailed into the Gulf.",
    "It was the worst attack of the 20th century.",
    "It was the 5th attack on the base.",
    "USA Today reported the strike.",
    "Reinforced by 2000 troops, the base held.",
    "Resolution 2231 was adopted.",
    "Jan Egeland visited the camp.",
])
def test_timex_no_false_positive(text: str) -> None:
    found = find_timexes(text, THU)
    assert found == [], [(text[t.start:t.end], t.value) for t in found]


def test_timex_modifiers_dayparts_and_zones() -> None:
    text = "The attack came late Thursday, and another early Friday local time, then Sunday night."
    a, b, c = find_timexes(text, THU)
    assert (a.modifier, a.timezone) == ("late", None)
    assert (b.modifier, b.timezone) == ("early", "local")
    assert (c.daypart, c.modifier) == ("night", None)
    m = only("Rockets hit in mid-September.", THU)
    assert (m.value, m.precision, m.modifier) == ("2013-09", "month", "mid")


def test_timex_zone_is_not_read_inside_words() -> None:
    t = only("Envoys will meet on Friday.", THU)
    assert t.timezone is None
    t = only("The strike came at 9 p.m. ET on Friday.", THU)
    assert t.timezone == "us"


def test_timex_precisions() -> None:
    assert only("It rained last week.", THU).precision == "week"
    assert only("It rained last month.", THU).precision == "month"
    assert only("It rained in 2012.", THU).precision == "year"
    assert only("It rained on Aug. 30.", THU).precision == "day"
    assert only("It rained today.", APRIL).value == "2020-04"
    assert only("It rained today.", APRIL).precision == "month"


def test_timex_results_are_ordered_and_disjoint() -> None:
    text = ("On Aug. 30 rockets fell; the next day, two days later and on Sept. 5 more came, "
            "for three days, earlier this week.")
    found = find_timexes(text, THU)
    assert [text[t.start:t.end] for t in found] == [
        "Aug. 30", "the next day", "two days later", "Sept. 5", "for three days", "earlier this week"]
    assert all(a.end <= b.start for a, b in pairwise(found))
