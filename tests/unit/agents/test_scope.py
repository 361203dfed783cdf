"""Figures about one country's market reach only people there (or whose country is unknown), and a worry no kind
names is answered by the action about it, never declined beside it."""

from __future__ import annotations

import pytest

from agents.audience import Audiences, Who
from agents.planner.worries import ALSO_SAID, WorryNotes
from domain.plan import Plan, PlanAction, PlanStage
from domain.profile import Profile
from knowledge.base import KnowledgeBase
from reading.answers import reader_for

US_SHORTAGE = "US construction is short of 1.7 million workers."
TRADES = Profile(current_role="painter and decorator", matched_role="role.construction-trades")


@pytest.mark.parametrize(("text", "country"), [
    ("painter decorator, self employed, in Stoke", "uk"),
    ("I'm a healthcare assistant on an NHS ward", "uk"),
    ("already paying 45 quid a month to a listing site", "uk"),
    ("HMRC self assessment eats my Sundays", "uk"),
    ("a county council here in South Wales", "uk"),
    ("I live in Cork and drive for a courier", "ie"),
    ("it costs about €30 a month", None),  # the euro is money of many countries
    ("we export cork and wine from Porto", None),
    ("I live in Porto, and export cork", "other"),
    ("I'm in Brisbane, work for a builder", "au"),
    ("it is A$80 a week", "au"),
    ("I charge $40 an hour in Texas", "us"),
    ("we moved from Dublin to London last year", None),
    ("I use CAD all day at the office", None),
    ("registered nurse, 12 years", None),
])
def test_where_a_person_lives_is_read_from_places_institutions_and_money(kb: KnowledgeBase, text: str,
                                                                          country: str | None) -> None:
    assert reader_for(kb).country_of(text) == country


def test_a_country_figure_reaches_only_people_there_or_of_unknown_country(kb: KnowledgeBase) -> None:
    audiences = Audiences(kb)
    for country, told in (("uk", False), ("ie", False), ("au", False), ("us", True), (None, True)):
        who = Who.of(TRADES.model_copy(update={"country": country}))
        assert (audiences.kept(US_SHORTAGE, who) == US_SHORTAGE) is told, country
    anywhere = "Construction trades are estimated to have 10 to 15 years before automation arrives."
    assert audiences.kept(anywhere, Who.of(TRADES.model_copy(update={"country": "uk"}))) == anywhere


def test_every_country_scoped_figure_names_a_known_country(kb: KnowledgeBase) -> None:
    scoped = [f for f in kb.catalog.figures if f.country]
    assert {"fig.us-construction-shortage", "fig.unitree-r1-price", "fig.ml-median-salary"} <= {f.id for f in scoped}
    assert all(f.country in kb.catalog.vocabulary.countries for f in scoped)


def _action(title: str, steps: list[str], addresses: list[str] | None = None) -> PlanAction:
    return PlanAction(title=title, why="Because it helps you.", steps=steps, hours_per_week=1, duration_weeks=3,
                      success_metric="Done within 3 weeks.", citations=["act.adapt.interview-practice"],
                      addresses=addresses or [])


def _plan(*actions: PlanAction, notes: list[str] | None = None) -> Plan:
    return Plan(summary="A plan.", stages=[PlanStage(stage="survive", goal="Start.", horizon_weeks=3,
                                                     actions=list(actions))], revision_notes=notes or [])


@pytest.mark.parametrize("worry", ["job interviews make me really anxious", "I freeze in interviews",
                                   "being interviewed on video by a panel"])
def test_a_worry_the_plan_answers_is_said_answered_not_declined(kb: KnowledgeBase, worry: str) -> None:
    notes = WorryNotes(kb)
    practice = _action("Practise interview answers with a friend", ["Do one mock interview a week."])
    said = notes.notes(_plan(practice).stages, Profile(concerns=[worry]))
    if not notes.unnamed(Profile(concerns=[worry])):
        assert said == []  # a kind names it: the kinds answer it
        return
    assert said and "Practise interview answers" in said[0] and "Nothing in the sources" not in said[0]


def test_a_worry_no_action_is_about_is_declined_plainly(kb: KnowledgeBase) -> None:
    said = WorryNotes(kb).notes(_plan(_action("Map your week", ["List your tasks."])).stages,
                                Profile(concerns=["my knees and shoulder, cant do ladders forever"]))
    assert said and said[0].startswith(ALSO_SAID) and "Nothing in the sources speaks to that directly" in said[0]


def test_an_edit_that_adds_the_answering_action_takes_the_decline_back(kb: KnowledgeBase) -> None:
    notes = WorryNotes(kb)
    worry = "my written English is not good enough for reports"
    profile = Profile(concerns=["customers showing me pictures of their room"], concern_kinds=["age"])
    stale = [f"{ALSO_SAID}\"customers showing me pictures\". Nothing in the sources speaks to that directly.",
             "Nothing in the sources answers your worry about age and starting over for someone in your situation.",
             "Removed: something."]
    edited = _plan(_action("Pass on what you know before you retire", ["Write down the checks you do."],
                           ["your worry about age and starting over"]), notes=stale)
    refreshed = notes.refreshed(edited, profile)
    assert "Removed: something." in refreshed
    assert not any("answers your worry about age" in n for n in refreshed)
    assert reader_for(kb).concern_kinds_in(worry) == ["language"]


@pytest.mark.parametrize(("worry", "kind"), [
    ("what worries me most is when to retire", "age"),
    ("keep going till 65 doing insides only", "age"),
    ("whether I can last until I'm 60 on the tools", "age"),
    ("the state pension starts at 67 and I want to get there", "age"),
    ("job interviews make me really anxious", "entry_level"),
    ("grad jobs all want 2 yrs experience", "entry_level"),
    ("whether a restructure comes before then", "replacement"),
    ("losing work to firms that quote same day", "income"),
])
def test_retirement_interviews_experience_and_restructures_read_as_their_kinds(kb: KnowledgeBase, worry: str,
                                                                                kind: str) -> None:
    assert kind in reader_for(kb).concern_kinds_in(worry)


def test_the_figures_guard_finds_a_figure_for_another_country(kb: KnowledgeBase) -> None:
    who = Who.of(TRADES.model_copy(update={"country": "uk"}))
    found = Audiences(kb).outside(f"Good work. {US_SHORTAGE}", who)
    assert [f.id for _, f in found] == ["fig.us-construction-shortage"]
    assert Audiences(kb).outside(US_SHORTAGE, Who.of(TRADES.model_copy(update={"country": "us"}))) == []
