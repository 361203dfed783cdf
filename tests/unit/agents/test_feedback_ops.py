"""A coach's feedback on a plan as the operations it asks for: an action named by its quoted title, its words or its
place taken out (only that one); a worry to answer; something to add or swap in; a comment left to the revision as
a whole; and an ask that cannot be done declined with its reason."""

from __future__ import annotations

import pytest

from agents.planner.changes import revision_notes
from agents.planner.feedback import FeedbackReader
from agents.topics import Topics
from domain.feedback import Adjustments, Ask
from domain.plan import Plan, PlanAction, PlanStage
from knowledge.base import KnowledgeBase


def _action(title: str, cid: str, addresses: list[str] | None = None) -> PlanAction:
    return PlanAction(title=title, why="Because it fits.", steps=["Do the first part."], hours_per_week=1,
                      duration_weeks=4, success_metric="Done in 4 weeks.", citations=[cid], catalog_id=cid,
                      addresses=addresses or [])


SHOWN = Plan(summary="A plan.", stages=[
    PlanStage(stage="survive", goal="Hold on.", horizon_weeks=4, actions=[
        _action("Use an AI assistant for first drafts", "s1"), _action("Build a small portfolio of your work", "s2")]),
    PlanStage(stage="adapt", goal="Move.", horizon_weeks=4, actions=[
        _action("Publish what you have learned and help set a standard", "a1"),
        _action("Mentor someone newer than you", "a2"), _action("Talk to three people in the job you want", "a3")]),
])


@pytest.fixture(scope="module")
def reader(kb: KnowledgeBase) -> FeedbackReader:
    return FeedbackReader(kb.catalog.vocabulary)


@pytest.mark.parametrize(("feedback", "removed"), [
    ("drop the 2nd action in survive", ["s2"]),
    ("Please remove the first one in stage 2.", ["a1"]),
    ("take out the last adapt action", ["a3"]),
    ("Remove action 2 of the adapt stage, she has nobody to mentor.", ["a2"]),
    ("take out the portfolio one", ["s2"]),
    ("Get rid of the mentoring action, please", ["a2"]),
    ("remove 'Publish what you have learned and help set a standard' - she is a returner", ["a1"]),
    ("Drop \u201cUse an AI assistant for first drafts\u201d and 'Mentor someone newer than you'.", ["s1", "a2"]),
])
def test_an_action_named_by_title_words_or_place_and_only_it_is_taken_out(
        reader: FeedbackReader, feedback: str, removed: list[str]) -> None:
    asked = reader.read(feedback, SHOWN)
    assert asked.remove == removed
    assert asked.exclude == []  # the title's words are no topics to leave out of the whole plan


@pytest.mark.parametrize(("feedback", "kinds"), [
    ("Add something for her worry about pay.", ["income"]),
    ("Nothing answers his worry about the robots taking his job.", ["replacement"]),
    ("Answer the age worry concretely.", ["age"]),
    ("The plan never addresses her worry about money running out.", ["income"]),
])
def test_a_worry_to_answer_is_read_as_its_kind(reader: FeedbackReader, feedback: str, kinds: list[str]) -> None:
    asked = reader.read(feedback, SHOWN)
    assert asked.worries == kinds and asked.adds == []


@pytest.mark.parametrize(("feedback", "removed", "added"), [
    ("Replace the portfolio action with something about local customers", ["s2"], "local customers"),
    ("swap the mentoring one for a step toward team leader roles", ["a2"], "team leader roles"),
    ("Replace 'Publish what you have learned and help set a standard' with a short CV workshop", ["a1"],
     "short CV workshop"),
])
def test_a_swap_takes_one_out_and_asks_for_the_other(reader: FeedbackReader, feedback: str, removed: list[str],
                                                     added: str) -> None:
    asked = reader.read(feedback, SHOWN)
    assert asked.remove == removed and any(added in a for a in asked.adds)


@pytest.mark.parametrize("feedback", [
    "Add: a free Outlook and Excel course through the library",
    "add at least one step toward her HR business partner goal",
    "give him an action on rates for post-editing",
    "Include a first Cert CII unit.",
])
def test_an_addition_is_read_as_said(reader: FeedbackReader, feedback: str) -> None:
    asked = reader.read(feedback, SHOWN)
    assert asked.adds and asked.asks[0].has_op


@pytest.mark.parametrize("feedback", ["This is too generic.", "Better.", "Still not right.",
                                      "She is a freelancer.", "Not usable as is."])
def test_a_comment_is_answered_by_the_revision_not_said_back(reader: FeedbackReader, kb: KnowledgeBase,
                                                            feedback: str) -> None:
    asked = reader.read(feedback, SHOWN)
    notes = revision_notes(SHOWN, SHOWN, asked, Topics(kb))
    assert not any(feedback.rstrip(".") in n for n in notes)


@pytest.mark.parametrize(("said", "start"), [
    ("The niche offer action should say certified translation", "Not changed: "),
    ("Fix the pasted phrase about the pick floor", "Not changed: "),
    ("Make stage 3 something she can do from the kitchen table", "Not acted on: "),
])
def test_an_ask_that_cannot_be_done_is_declined_with_its_reason(kb: KnowledgeBase, said: str, start: str) -> None:
    asked = Adjustments(asks=[Ask(said=said, change=True)])
    notes = revision_notes(SHOWN, SHOWN, asked, Topics(kb))
    mine = [n for n in notes if said in n]
    assert mine and mine[0].startswith(start) and "could not turn that into a change" not in mine[0]


def test_an_addition_nothing_fits_is_said_plainly_and_nothing_unrelated_counts(kb: KnowledgeBase) -> None:
    revised = SHOWN.model_copy(update={"stages": [SHOWN.stages[0].model_copy(update={"actions": [
        *SHOWN.stages[0].actions, _action("Make running the house your edge", "s9")]}), SHOWN.stages[1]]})
    asked = Adjustments(asks=[Ask(said="Add a free Excel course", adds=["a free Excel course"])])
    notes = revision_notes(SHOWN, revised, asked, Topics(kb))
    assert any(n.startswith("Not added: \"Add a free Excel course\"") for n in notes)


def test_a_worry_answered_by_a_new_action_is_said_as_added(kb: KnowledgeBase) -> None:
    label = kb.catalog.vocabulary.concern_kinds["income"].label
    revised = SHOWN.model_copy(update={"stages": [SHOWN.stages[0].model_copy(update={"actions": [
        *SHOWN.stages[0].actions, _action("Set a minimum rate", "s8", [f"your worry about {label}"])]}),
        SHOWN.stages[1]]})
    asked = Adjustments(asks=[Ask(said="Add something for her worry about pay", worries=["income"])])
    notes = revision_notes(SHOWN, revised, asked, Topics(kb))
    assert any(n.startswith(f"Added for your worry about {label}: Set a minimum rate") for n in notes)
    assert not any(n.startswith("No action for") for n in notes)
    unchanged = revision_notes(SHOWN, SHOWN, asked, Topics(kb))
    assert any(n.startswith("No action for \"Add something for her worry about pay\"") for n in unchanged)


@pytest.mark.parametrize(("feedback", "removed"), [
    ("drop the AI drafts, portfolio and mentoring actions.", ["s1", "s2", "a2"]),
    ('Remove "Use an AI assistant for first drafts", "Mentor someone newer than you" and "Talk to three people in '
     'the job you want" - she has no time.', ["s1", "a2", "a3"]),
    ("Take out the portfolio, the mentoring one and the publishing.", ["s2", "a2", "a1"]),
])
def test_every_action_of_a_list_named_to_go_is_taken_out(reader: FeedbackReader, feedback: str,
                                                        removed: list[str]) -> None:
    assert reader.read(feedback, SHOWN).remove == removed


def test_a_quoted_title_holding_a_comma_is_one_name(reader: FeedbackReader) -> None:
    shown = SHOWN.model_copy(update={"stages": [SHOWN.stages[0].model_copy(update={"actions": [
        _action("Publish what you build and what you learn, every 2 weeks", "p1"), *SHOWN.stages[0].actions]})]})
    assert reader.read("Take out 'Publish what you build and what you learn, every 2 weeks'.", shown).remove == ["p1"]
    gone = reader.read("Take out 'Publish what you build and what you learn, every 2 weeks'.", SHOWN)
    assert gone.remove == [] and gone.unmatched == ["Publish what you build and what you learn, every 2 weeks"]


@pytest.mark.parametrize(("feedback", "topic"), [
    ("(3) Nothing on rates: she is being pushed to 5-6 cents.", "income"),
    ("Nothing in the plan mentions job search.", "job search"),
    ("There is no action about clients at all.", "clients"),
    ("The plan never mentions her clients.", "clients"),
])
def test_a_complaint_that_something_is_missing_asks_for_it(reader: FeedbackReader, feedback: str,
                                                           topic: str) -> None:
    asked = reader.read(feedback, SHOWN)
    assert topic in asked.focus and topic not in asked.exclude


@pytest.mark.parametrize(("feedback", "adds"), [
    ("Put back the client check-ins and the niche offer.", ["the client check-ins", "niche offer"]),
    ("Put the quoting action back - quoting is his main problem.", ["the quoting action"]),
    ("Please bring back the portfolio.", ["the portfolio"]),
])
def test_what_is_put_back_is_asked_for_again(reader: FeedbackReader, feedback: str, adds: list[str]) -> None:
    assert [a.strip() for a in reader.read(feedback, SHOWN).adds] == adds


@pytest.mark.parametrize("feedback", [
    "Your notes say 'more on writing' - I asked for none of that.",
    "Those notes are wrong.",
    "The notes said I wanted management, which is false.",
])
def test_a_remark_on_the_drafts_notes_is_answered_by_the_new_notes(reader: FeedbackReader, kb: KnowledgeBase,
                                                                  feedback: str) -> None:
    asked = reader.read(feedback, SHOWN)
    assert all(a.comment for a in asked.asks)
    assert not any(n.startswith(("Not acted on", "Not changed", "Not done")) for n in
                   revision_notes(SHOWN, SHOWN, asked, Topics(kb)))


@pytest.mark.parametrize("feedback", ["Answer her worry about the parking at work.",
                                      "Add something for his worry about the van."])
def test_a_worry_no_kind_names_is_said_to_be_beyond_the_sources(reader: FeedbackReader, kb: KnowledgeBase,
                                                                 feedback: str) -> None:
    asked = reader.read(feedback, SHOWN)
    notes = revision_notes(SHOWN, SHOWN, asked, Topics(kb))
    assert any(n.startswith(f"No action for \"{feedback.rstrip('.')}") and "as you put it" in n for n in notes)


@pytest.mark.parametrize("feedback", [
    "Remove \"Mentor someone newer than you\" and add instead: become the rota champion on the wards.",
    "Drop 'Use an AI assistant for first drafts', put in a step to shadow the ward pharmacist.",
])
def test_what_is_added_in_place_of_a_removal_is_no_name_of_an_action(reader: FeedbackReader, feedback: str) -> None:
    asked = reader.read(feedback, SHOWN)
    assert len(asked.remove) == 1 and asked.unmatched == []
