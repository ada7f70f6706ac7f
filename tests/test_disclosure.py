"""The rules of toolkit.disclosure one by one, the strict summary reader, group sessions on
paper and at the hub, and the threshold's floor."""

import json
import math

import pytest

from toolkit import disclosure
from toolkit.analysis import SessionSummary, SummaryFormatError, summarise
from toolkit.questionnaire import bundled_instrument
from toolkit.settings import Settings

LD = bundled_instrument("local-diagnosis")
GROUP = bundled_instrument("group-session")


def people(*answer_sets):
    return {f"r{i}": dict(a) for i, a in enumerate(answer_sets)}


def test_hidden_groups_hold_no_one_or_at_least_the_threshold_smallest_first():
    members = {k: {f"{k}{i}": 1 for i in range(n)} for k, n in
               (("a", 7), ("b", 2), ("c", 2), ("d", 9))}
    # 2 + 2 hidden hold 4 < 5: the smallest shown group (a, 7) goes too; d stays
    assert disclosure.hide_groups(members, 5, multi=False) == {"b", "c", "a"}
    assert disclosure.hide_groups(members, 4, multi=False) == {"b", "c"}  # 4 >= 4: enough
    assert disclosure.hide_groups(members, 2, multi=False) == set()
    # a group whose members did not answer is hidden but holds no one
    assert disclosure.hide_groups({"x": {}, "y": {"p": 1, "q": 1, "r": 1}}, 3, False) == {"x"}


def test_multi_choice_groups_are_all_or_nothing():
    big = {f"p{i}": 1 for i in range(8)}
    members = {"a": dict(list(big.items())[:5]), "b": dict(list(big.items())[3:])}
    assert disclosure.hide_groups(members, 3, multi=True) == set()  # 5 in / 3 out, 5 / 3
    assert disclosure.hide_groups(members, 4, multi=True) == {"a", "b"}  # 3 outside a


def test_numbers_never_show_one_persons_value():
    assert disclosure.number_stats([1, 2, 3, 4, 50], 5) == {
        "count": 5, "mean": 12.0, "median": None, "q1": None, "q3": None}
    ten = disclosure.number_stats(list(range(1, 11)), 5)
    assert ten["median"] == 5.5 and ten["q1"] is None  # 2T answers: the median
    twenty = disclosure.number_stats(list(range(1, 21)), 5)
    assert twenty["q1"] == 5.75 and twenty["q3"] == 15.25
    both = disclosure.combine_number_stats([ten, twenty])
    assert both["median"] is None and both["mean"] == pytest.approx((55 + 210) / 30)


@pytest.mark.parametrize("value,floor,ok", [
    (5, 5, True), (7, 5, True), (4, 5, False), (2, 3, False), (3, 1, True), (1, 1, False),
    (51, 5, False), (True, 3, False), ("5", 3, False)])
def test_one_threshold_check_with_a_floor(value, floor, ok):
    if ok:
        assert disclosure.check_threshold(value, floor) == value
    else:
        with pytest.raises(disclosure.ThresholdError):
            disclosure.check_threshold(value, floor)


def test_settings_cannot_go_below_the_floor():
    assert Settings(small_group_threshold=1).clean().small_group_threshold == 5
    assert Settings(small_group_threshold=3).clean().small_group_threshold == 3
    assert disclosure.highest(5, [3, 8, None]) == 8


# -- the strict summary reader (summary-level packages) -------------------------------------

def packaged():
    answers = people(*[{"safe_day": 4, "people_in_household": 3, "community_kind": "city"}] * 6)
    return summarise(LD, answers, 5).to_json()


def question(data, qid):
    return next(q for q in data["questions"] if q["id"] == qid)


@pytest.mark.parametrize("damage", [
    lambda d: question(d, "people_in_household")["stats"].update(mean=math.nan),
    lambda d: question(d, "people_in_household")["stats"].update(mean=math.inf),
    lambda d: question(d, "people_in_household")["stats"].update(mean=1e300),
    lambda d: question(d, "safe_day")["counts"].update({"4": 10 ** 12}),
    lambda d: question(d, "safe_day")["counts"].update({"7": 0}),  # no such answer
    lambda d: question(d, "community_kind")["counts"].update(castle=0),
    lambda d: question(d, "safe_day").update(n="6"),
    lambda d: question(d, "safe_day").update(n=True),
    lambda d: question(d, "safe_day").update(type="single"),
    lambda d: question(d, "safe_day").update(words=["a name"]),
    lambda d: d.update(respondents=-1),
    lambda d: d.update(threshold=0),
    lambda d: d.update(extra=1),
    lambda d: question(d, "safe_day")["counts"].update({"4": 5, "5": 1, "1": 1}),  # > n
    lambda d: question(d, "people_in_household")["stats"].update(mean=900),  # above its max
    lambda d: d["questions"].append(dict(question(d, "safe_day"))),  # twice
    lambda d: d["questions"].append({"id": "nope", "type": "scale", "suppressed": True}),
])
def test_summary_json_is_refused_unless_exact(damage):
    data = json.loads(json.dumps(packaged()))
    assert SessionSummary.from_json(data, LD).question("safe_day").n == 6
    damage(data)
    with pytest.raises(SummaryFormatError) as info:
        SessionSummary.from_json(data, LD)
    assert "not valid" in info.value.user_message()


def test_summary_reader_message_is_translated():
    from toolkit import i18n

    data = packaged()
    data["threshold"] = "5"
    with pytest.raises(SummaryFormatError) as info:
        SessionSummary.from_json(data)
    i18n.set_language("fr")
    try:
        assert "ne sont pas valides" in info.value.user_message()
    finally:
        i18n.set_language("en")


def test_a_summary_written_before_issue_12_is_still_read():
    data = packaged()
    del data["kind"]
    stats = question(data, "people_in_household")["stats"]
    stats |= {"min": 3, "max": 3}
    del stats["q1"], stats["q3"]
    summary = SessionSummary.from_json(data, LD)
    assert "min" not in summary.question("people_in_household").stats


# -- group sessions -------------------------------------------------------------------------

def test_group_figures_are_the_rooms(kit, tmp_path):
    import shutil
    import subprocess

    from toolkit.demo import add_demo
    from toolkit.reports.summary import ReportOptions, build_summary_report
    from toolkit.sessions import SessionService

    if not shutil.which("pdftotext"):
        pytest.skip("poppler-utils not installed")
    _survey, group, _baseline = add_demo(SessionService(kit.store))
    out = tmp_path / "group.pdf"
    build_summary_report(kit.store, [group.id], out, ReportOptions())
    text = " ".join(subprocess.run(["pdftotext", str(out), "-"], capture_output=True,
                                   text=True, check=True).stdout.split())
    assert "14 people took part, in 1 group." in text
    assert "Fewer than 5 people answered" not in text
    assert "In a group session the group answers together" in text
    assert "Privacy threshold: 5" in text


def test_hub_counts_the_people_in_the_room_not_one_respondent(kit, tmp_path):
    from tests.exchange_helpers import open_kit
    from toolkit.demo import add_demo
    from toolkit.exchange import hub
    from toolkit.exchange.export import export_package, preview
    from toolkit.exchange.importer import import_file
    from toolkit.reports.hub_report import load_hub_parts
    from toolkit.reports.summary import ReportOptions
    from toolkit.sessions import SessionService

    source = open_kit(tmp_path / "source")
    try:
        survey, group, _baseline = add_demo(SessionService(source.store))
        for level, sid in (("summary", group.id), ("responses", survey.id)):
            out = tmp_path / f"{level}.ccsc"
            export_package(source.store, preview(source.store, [sid], level, 7), out)
            import_file(kit.store, out)
    finally:
        source.close(backup=False)
    data = load_hub_parts(kit.store, hub.overview(kit.store), ReportOptions(threshold=5), 5)
    (community,) = data.communities
    assert (community.respondents, community.in_groups) == (30, 14)
    assert data.threshold == 7  # never below the packages' threshold (7), though 5 was asked
