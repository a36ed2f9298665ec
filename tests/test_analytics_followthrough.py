from datetime import date

from proxywatch.analytics import followthrough as FT
from proxywatch.analytics.records import IncidentRecord, ThreatRecord, threat_from_event
from proxywatch.analytics.series import EscalationWeights
from proxywatch.model import Event, Evidence, Party

KH = ("irq.kh", "irq.pmf", "irq")


def _threats() -> list[ThreatRecord]:
    return [
        # "if America strikes Syria, we will hit US interests": the strike never came
        ThreatRecord("t1", date(2013, 8, 30), ("lbn.hezbollah", "lbn"), ("usa",), "ASSAULT", "ASSAULT",
                     ("usa",), ("syr",)),
        # "any US strike on our bases will be answered"
        ThreatRecord("t2", date(2024, 1, 1), KH, ("usa",), "ASSAULT", "ASSAULT", ("usa",), ("irq.kh",)),
        # same shape, trigger happens but no answer comes in the window
        ThreatRecord("t3", date(2024, 3, 1), KH, ("usa",), "ASSAULT", "ASSAULT", ("usa",), ("irq.kh",)),
    ]


def _incidents() -> list[IncidentRecord]:
    return [
        IncidentRecord("i1", date(2024, 1, 10), "ASSAULT", ("usa",), KH),
        IncidentRecord("i2", date(2024, 1, 14), "ASSAULT", ("irq.kh.unit9",) + KH, ("usa",)),
        IncidentRecord("i3", date(2024, 3, 5), "ASSAULT", ("usa",), KH),
        IncidentRecord("i4", date(2024, 12, 31), "CONSULT", ("usa",), ("irq",)),
    ]


def test_analytics_followthrough_statuses_and_lags() -> None:
    out = {o.threat.threat_id: o for o in FT.link(_threats(), _incidents(), window_days=90)}
    assert out["t1"].status == "not_triggered"
    assert out["t2"].status == "followed" and out["t2"].trigger is not None
    assert out["t2"].trigger.incident_id == "i1" and out["t2"].action is not None
    assert out["t2"].action.incident_id == "i2" and out["t2"].lag_days == 4
    assert out["t3"].status == "not_followed"


def test_analytics_followthrough_open_windows_are_not_counted_as_failures() -> None:
    out = FT.link(_threats()[2:], _incidents()[:3], window_days=90)
    assert out[0].status == "open"


def test_analytics_followthrough_rates_per_actor_with_evidence() -> None:
    r = FT.rates(FT.link(_threats(), _incidents()))
    assert r["irq.kh"]["follow_through_rate"] == 0.5
    assert r["irq.kh"]["evidence"] == ["i2"]
    assert r["lbn.hezbollah"]["trigger_rate"] == 0.0 and r["lbn.hezbollah"]["follow_through_rate"] is None


def test_analytics_followthrough_threat_from_conditional_event() -> None:
    ev = Event("d1", "d1:3", "THREATEN", Evidence(0, 10, "A warning."), mode="conditional-attack",
               actor=Party("irn", "Iran", ("irn",)), recipient=Party("usa", "Washington", ("usa",)),
               date="2013-08-29", status="conditional", condition="if the Americans strike Syria")
    words = EscalationWeights.load().trigger_words
    t = threat_from_event(ev, words, {"Americans": ("usa",), "Syria": ("syr",)})
    assert t is not None
    assert (t.trigger_type, t.trigger_actor, t.trigger_target) == ("ASSAULT", ("usa",), ("syr",))
    asserted = Event("d1", "d1:4", "THREATEN", Evidence(0, 5, "x"), date="2013-08-29")
    assert threat_from_event(asserted, words) is None
