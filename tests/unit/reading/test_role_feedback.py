"""Feedback on an assessment, read for the person's role: the job it names, the roles it rules out, where the goals
point - in many phrasings, and never a sentence fragment taken for a job."""

from __future__ import annotations

import pytest

from reading.answers import AnswerReader
from reading.role_feedback import restates

CODING = "role.software-engineer"


@pytest.mark.parametrize(("feedback", "job"), [
    ("she's a team leader in pensions admin, not a software engineer, no coding", "team leader in pensions admin"),
    ("he is a tyre fitter, not a data scientist", "tyre fitter"),
    ("I'm a secondary school teacher", "secondary school teacher"),
    ("Wrong role. She is a team leader (first-line manager) in pensions administration at an insurer - middle "
     "management, team of 7.", "team leader in pensions administration at an insurer"),
    ("He's an HGV tyre fitter - a skilled trade.", "HGV tyre fitter"),
    ("Tyre fitter, not a data scientist.", "Tyre fitter"),
    ("no, she works as a care assistant on nights", "care assistant on nights"),
    ("Her actual job is school business manager; the rest is fine.", "school business manager"),
    ("they are a bus driver for the council, 12 years", "bus driver for the council"),
    ("Wrong match entirely: he's really a hospital porter", "hospital porter"),
    ("Close, but she is a payroll administrator at a care group, not a data engineer", "payroll administrator at a "
                                                                                        "care group"),
])
def test_the_job_the_feedback_names_is_read(reader: AnswerReader, feedback: str, job: str) -> None:
    assert reader.role_feedback(feedback).role == job


@pytest.mark.parametrize("feedback", [
    "Visiting her mum in a care home is not a strength",
    "she is worried about the bot, not about her hours",
    "I'm employed, full time - not on a career break",
    "she is a junior, skills: calming angry customers",
    "Software engineer is not her goal and she has said no coding twice",
    "The summary still says 'she is a software engineer' - why?",
    "he is tired on weekday evenings, put the writing on Sundays",
    "Still listed as data scientist and data engineer although your note says they were left out.",
])
def test_words_that_are_no_job_are_never_taken_for_one(reader: AnswerReader, feedback: str) -> None:
    assert reader.role_feedback(feedback).role is None


@pytest.mark.parametrize(("feedback", "denied"), [
    ("he is a tyre fitter, not a data scientist or data engineer", {"role.data-scientist", "role.data-engineer"}),
    ("I'm not a product manager", {"role.product-manager"}),
    ("she's a team leader, not a software engineer", {CODING}),
    ("remove software engineer entirely", {CODING}),
    ("Drop data scientist from the roles, she runs a lab bench", {"role.data-scientist"}),
    ("She isn't a developer. She is a ward clerk.", {CODING}),
])
def test_the_roles_it_rules_out_are_read(reader: AnswerReader, feedback: str, denied: set[str]) -> None:
    assert set(reader.role_feedback(feedback).not_roles) == denied


@pytest.mark.parametrize("feedback", [
    "The risk summary is US construction figures that say nothing about a UK tyre fitter.",
    "He already trains new fitters and works safety-critical daily.",
    "Better role, but the gaps are boilerplate.",
])
def test_a_title_named_in_passing_is_not_ruled_out(reader: AnswerReader, feedback: str) -> None:
    assert reader.role_feedback(feedback).not_roles == ()


@pytest.mark.parametrize("feedback", [
    "Software engineer as a target?? I said no coding.",
    "Not IT, no coding.",
    "she doesn't code and never will",
    "He's not a coder; keep him on the floor.",
    "no programming please, she hates it",
])
def test_no_coding_takes_coding_roles_out_of_the_goals(reader: AnswerReader, feedback: str) -> None:
    read = reader.role_feedback(feedback)
    assert CODING in read.not_targets and "role.data-engineer" in read.not_targets
    assert "role.business-process-designer" not in read.not_targets


@pytest.mark.parametrize(("feedback", "target"), [
    ("her goal is a process improvement / operations change lead role, closest to business process designer",
     "role.business-process-designer"),
    ("she wants to move into customer success", "role.customer-success"),
    ("He wants to become a QA engineer, not a developer", "role.qa-ai-quality"),
    ("Target is business analyst work inside the firm.", "role.business-process-designer"),
    ("they're aiming for a product owner job", "role.product-manager"),
])
def test_a_target_named_is_read(reader: AnswerReader, feedback: str, target: str) -> None:
    assert reader.role_feedback(feedback).target == target


@pytest.mark.parametrize("feedback", [
    "she wants to move into workforce planning",
    "Software engineer is not her goal",
    "her goal is a software engineer job? no - no coding, ever",
])
def test_no_target_is_read_where_none_the_catalog_knows_is_wanted(reader: AnswerReader, feedback: str) -> None:
    assert reader.role_feedback(feedback).target is None


def test_wrong_role_is_read(reader: AnswerReader) -> None:
    assert reader.role_feedback("Wrong role entirely. He is a mobile tyre fitter.").wrong_role
    assert not reader.role_feedback("Right role, wrong gaps.").wrong_role


@pytest.mark.parametrize(("named", "current", "same"), [
    ("motor insurance claims handler", "motor claims handler", True),
    ("researcher", "senior ux researcher at a health insurance tech company", True),
    ("mobile HGV tyre fitter for a national tyre-services company", "tyre fitter", True),
    ("team leader in pensions administration at an insurer", "Team leader", True),
    ("software engineering manager", "software engineer", False),
    ("bank adviser", "tyre fitter", False),
    ("team leader in pensions admin", "Full time", False),
    ("midwife", None, False),
])
def test_a_job_that_restates_the_persons_own_words_keeps_them(named: str, current: str | None, same: bool) -> None:
    assert restates(named, current) is same


@pytest.mark.parametrize(("said", "role"), [
    ("I'm a parking enforcement officer.", "parking enforcement officer"),
    ("she is a nursing assistant on a ward", "nursing assistant on a ward"),
    ("She is a museum visitor assistant aiming to become a museum learning officer", "museum visitor assistant"),
])
def test_a_job_starting_with_an_ing_word_and_what_they_aim_for_after_it(reader: AnswerReader, said: str,
                                                                          role: str) -> None:
    assert reader.role_feedback(said).role == role
