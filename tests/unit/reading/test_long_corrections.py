"""Long corrections at the profile review, several in one message: each clause puts right the field it is about, the
rest of the profile stays as it was, and what cannot be read is handed back as the person wrote it - never dropped,
never pasted into a field it is not about."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from domain.profile import Profile
from reading.answers import AnswerReader

READ = Profile(current_role="warehouse team leader", situation="employed", seniority="lead", years_experience=4,
               hours_per_week=5, hours_pattern="evenings", ai_tools=["ChatGPT"],
               concerns=["being too old for new systems", "robots replacing pickers"], goals=["move into management"],
               skills=["spreadsheets", "forklift"], main_tasks=["rotas", "stock counts"],
               constraints=["no car", "kids after school"], constraint_kinds=["device", "caregiving"], age=51)
Check = Callable[[Profile], bool]


def _changed(before: Profile, after: Profile) -> set[str]:
    return {f for f in Profile.model_fields if getattr(before, f) != getattr(after, f)}


@pytest.mark.parametrize(("said", "check", "touched"), [
    # lowercase, no full stops, a denial run on into what the work is
    ("nope not a team leader i handle the returns and do the stock checks, 16 hrs a week, and only afternoons after "
     "the school drop off",
     lambda p: p.current_role is None and {"handle the returns", "do the stock checks"} <= set(p.main_tasks)
     and p.hours_per_week == 16 and p.hours_pattern == "afternoons",
     {"current_role", "main_tasks", "hours_per_week", "hours_pattern", "roles_not"}),
    # a list with dashes, "field: value" and "should be"
    ("- years: 14\n- age should be 58\n- worry: the new handheld scanners",
     lambda p: p.years_experience == 14 and p.age == 58 and "the new handheld scanners" in p.concerns
     and not any("worry" in c for c in p.concerns),
     {"years_experience", "age", "concerns", "concern_kinds"}),
    ("job: forklift driver\nhours a week: 3\ngoal: get my counterbalance licence renewed",
     lambda p: p.current_role == "forklift driver" and p.hours_per_week == 3
     and p.goals == ["move into management", "get my counterbalance licence renewed"],
     {"current_role", "domain", "matched_role", "hours_per_week", "goals"}),
    # a count of things, then items that swap one item for another
    ("Three things wrong - my strength is people not spreadsheets; i want to do training not management; im 44",
     lambda p: p.skills == ["forklift", "people"] and p.goals == ["do training"] and p.age == 44,
     {"skills", "goals", "age"}),
    ("its 12 yrs not 4, and im free tues and thurs evenings",
     lambda p: p.years_experience == 12 and p.hours_pattern == "tuesday and thursday evenings",
     {"years_experience", "hours_pattern"}),
    # a limit that no longer holds
    ("I've got a car now, and the kids thing is still true",
     lambda p: p.constraints == ["kids after school"] and p.constraint_kinds == ["caregiving"],
     {"constraints", "constraint_kinds"}),
    # a worry denied by its kind, and the one meant instead
    ("Just to say: the age thing is wrong, I'm 47. And I'm not worried about robots - it's the pay freeze.",
     lambda p: p.age == 47 and p.concerns == ["being too old for new systems", "the pay freeze"],
     {"age", "concerns", "concern_kinds"}),
    ("Couple of fixes: I'm never worried about being too old, and the years should be 9 not 4",
     lambda p: p.concerns == ["robots replacing pickers"] and p.years_experience == 9,
     {"concerns", "years_experience", "concern_kinds"}),
])
def test_each_clause_puts_right_its_own_field(reader: AnswerReader, said: str, check: Check,
                                               touched: set[str]) -> None:
    fixed, not_applied = reader.corrected(said, READ)
    assert check(fixed), fixed
    assert _changed(READ, fixed) <= touched, _changed(READ, fixed) - touched
    assert not_applied == []


@pytest.mark.parametrize(("said", "handed_back", "check"), [
    ("22 hrs a week, and honestly the weather has been awful, also im 39",
     ["and honestly the weather has been awful"], lambda p: p.hours_per_week == 22 and p.age == 39),
    # a scoffing question repeats what was read to deny it: never read as the person saying so
    ("wow, apparently i use chatgpt now?? i dont use chatgpt. and its 9 years not 4",
     ["apparently i use chatgpt now??"], lambda p: p.ai_tools == [] and p.years_experience == 9),
    ("so now im a manager?? im on the forklift, 3 hours a week",
     ["so now im a manager??", "im on the forklift"], lambda p: p.hours_per_week == 3),
])
def test_what_cannot_be_read_is_handed_back_and_the_rest_applied(reader: AnswerReader, said: str,
                                                                 handed_back: list[str], check: Check) -> None:
    fixed, not_applied = reader.corrected(said, READ)
    assert check(fixed), fixed
    assert not_applied == handed_back


@pytest.mark.parametrize("said", [
    "I never said I was worried about my pay",  # no such worry was read: nothing else goes in its place
    "my strength is numbers not something i care about",  # what goes names no item: no swap
    "the weather is grim, and the bus was late",
])
def test_a_clause_about_nothing_read_changes_nothing(reader: AnswerReader, said: str) -> None:
    fixed, not_applied = reader.corrected(said, READ)
    assert fixed == READ and not_applied


@pytest.mark.parametrize("said", [
    "please take Otter off, never heard of it",
    "ChatGPT is fine at home, just not with client data",
    "TL for 6 years, not 1",
    "I am not senior, I am Band 3",
])
def test_a_clause_that_goes_on_from_the_one_before_is_read_with_it(reader: AnswerReader, said: str) -> None:
    person = READ.model_copy(update={"ai_tools": ["ChatGPT", "Otter"]})
    assert reader.corrected(said, person)[1] == []


def test_a_long_part_handed_back_is_cut_at_a_word_and_marked(reader: AnswerReader) -> None:
    rambling = "and " + " ".join(["the weather"] * 20)
    _, not_applied = reader.corrected(f"im 39, {rambling}", READ)
    assert len(not_applied) == 1 and not_applied[0].endswith(" ...") and len(not_applied[0].split()) == 25
