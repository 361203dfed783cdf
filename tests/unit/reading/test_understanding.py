"""Reading real typing: several facts at once, corrections, negations, hours worked and spare, other people, titles
that mislead - and a person's corrections at the profile review, the latest statement winning."""

from __future__ import annotations

from typing import Any

import pytest

from domain.interview import AskedQuestion
from domain.profile import Profile
from knowledge.models import AnswerSpec, ProfileField
from reading.answers import AnswerReader


def _asked(field: ProfileField, spec: AnswerSpec | None = None) -> AskedQuestion:
    return AskedQuestion(question_id=f"q.{field}", field=field, text="?", hint="e.g.", attempt=1,
                         answer=spec or AnswerSpec())


def _after(reader: AnswerReader, *said: tuple[ProfileField, str]) -> Profile:
    profile = Profile()
    for field, text in said:
        profile = profile.applied(reader.read(_asked(field), text, profile))
    return profile


@pytest.mark.parametrize(("answer", "hours", "worked"), [
    ("I WORK 50 … 3 spare", 3, 50),
    ("i work like 45 hrs, maybe 3 spare a week", 3, 45),
    ("prob 6 hrs a week", 6, None),
    ("8 hours, wait no 6", 6, None),
    ("wait no 6 not 12 lol", 6, None),
    ("scrap what I said about 10 hours. 4 tops", 4, None),
    ("twenty hours a week for the search", 20, None),
    ("only free time is after 9pm, maybe 2 hours", 2, None),
    ("I work about 40 hrs (35 contracted, plus an hour catch-up Tue nights) and realistically have 3 hrs free", 3, 40),
    ("sorry i said 10 hours but its 6 realy", 6, None),
    ("I told you 4 but realistically 2", 2, None),
    ("5 hours. I want a part time job, 20-25 hours", 5, None),
])
def test_hours_to_spare_are_never_the_hours_worked(reader: AnswerReader, answer: str, hours: float,
                                                     worked: float | None) -> None:
    profile = _after(reader, ("hours_per_week", answer))
    assert profile.hours_per_week == hours and profile.hours_worked == worked


def test_a_heavy_working_week_is_a_limit_of_its_own(reader: AnswerReader) -> None:
    profile = _after(reader, ("constraints", "no money for courses. i work 50 hour weeks"))
    assert {"money", "workload"} <= set(profile.constraint_kinds) and profile.hours_per_week is None


def test_a_time_ruled_out_stays_out_whatever_was_said_before(reader: AnswerReader) -> None:
    profile = _after(reader, ("hours_per_week", "about 8 hours, evenings mostly"),
                     ("constraints", "definately not evenings"), ("skills", "NOT evenings i said! daytime only"))
    assert profile.times_not == ["evenings"] and "evenings" not in (profile.hours_pattern or "")
    assert profile.skills == [], "a correction is not a skill"


def test_a_time_said_free_again_is_no_longer_ruled_out(reader: AnswerReader) -> None:
    profile = _after(reader, ("hours_per_week", "3 hours, not weekends"), ("constraints", "weekends are fine now"))
    assert profile.times_not == [] and "weekends" in (profile.hours_pattern or "")


@pytest.mark.parametrize(("answer", "free", "ruled_out"), [
    ("maybe 3 hour in week. sunday morning, and evening after 7. I work 6 to half 4 monday to friday, 50 hour",
     ["sunday mornings", "evenings"], []),
    ("2 hrs, my shifts are tuesday to saturday so sunday afternoons", ["sunday afternoons"], []),
    ("Tuesday evenings after half 7. Thursdays I'm usually wiped out", ["tuesday evenings"], ["thursdays"]),
    ("5 hrs. evenings on my early weeks and sundays, on late weeks its mornings not evenings",
     ["evenings", "sundays", "mornings"], []),
    ("3 hours: Sunday 9-11 and Wednesday lunch. Not weekday evenings, that's Dad",
     ["sundays", "wednesday lunch breaks"], ["evenings"]),
])
def test_when_the_person_works_or_is_spent_is_not_free_time(reader: AnswerReader, answer: str, free: list[str],
                                                             ruled_out: list[str]) -> None:
    profile = _after(reader, ("hours_per_week", answer))
    said = [t.strip() for t in (profile.hours_pattern or "").split(",") if t.strip()]
    assert sorted(said) == sorted(free) and profile.times_not == ruled_out, (said, profile.times_not)


@pytest.mark.parametrize("answer", ["not unemployed, I have a job", "I'm not out of work, full time at the council"])
def test_saying_you_are_not_out_of_work_is_not_out_of_work(reader: AnswerReader, answer: str) -> None:
    assert _after(reader, ("situation", answer)).situation != "career_break"


@pytest.mark.parametrize("answer", ["im not working at the moment", "Not employed currently, home with the kids",
                                    "been at home for 5 years, want to get back into bookkeeping"])
def test_not_working_is_never_read_as_in_work(reader: AnswerReader, answer: str) -> None:
    profile = _after(reader, ("situation", answer))
    assert profile.situation == "career_break"


def test_what_other_people_do_is_not_the_persons(reader: AnswerReader) -> None:
    profile = _after(reader, ("current_role", "I'm a bookkeeper, my husband is a nurse"))
    assert profile.domain == "finance"


def test_a_title_word_alone_does_not_make_an_executive(reader: AnswerReader) -> None:
    profile = _after(reader, ("current_role", "Head of Year 9 at a secondary school, 14 years teaching"))
    assert profile.seniority != "executive" and profile.domain == "teaching" and profile.years_experience == 14


def test_a_greeting_is_not_the_job(reader: AnswerReader) -> None:
    profile = _after(reader, ("current_role", "Hi! I'm Talent Acquisition Partner at Brightmart"))
    assert profile.current_role is not None and not profile.current_role.lower().startswith("hi")


@pytest.mark.parametrize(("said", "role"), [
    ("Great, another robot. Benefits assessor at the council - housing benefit. Been doing it 17 years so don't tell "
     "me it's easy to automate.", "benefits assessor"),
    ("ugh fine. night shift picker at a supermarket warehouse, 6 years, scanning gun all night", "picker"),
    ("Oh wonderful, a chatbot. Well. Claims handler in a motor insurer, 11 years, mostly total losses",
     "claims handler"),
])
def test_an_aside_before_the_job_is_not_the_job(reader: AnswerReader, said: str, role: str) -> None:
    profile = _after(reader, ("current_role", said))
    assert profile.current_role is not None and role in profile.current_role.lower(), profile.current_role


def test_spelled_numbers_are_numbers(reader: AnswerReader) -> None:
    profile = _after(reader, ("years_experience", "twenty-two years, mostly senior"))
    assert profile.years_experience == 22


def test_a_correction_replaces_the_field_it_names(reader: AnswerReader) -> None:
    profile = _after(reader, ("hours_per_week", "10 hours a week"), ("constraints", "scrap what I said about 10 "
                                                                                    "hours, 4 tops. money is tight"))
    assert profile.hours_per_week == 4 and "money" in profile.constraint_kinds


def test_loose_readings_are_marked_and_a_sure_one_clears_the_mark(reader: AnswerReader) -> None:
    profile = _after(reader, ("current_role", "nurse at a hospital, I can spare 3 hours a week"))
    assert "situation" in profile.uncertain and profile.hours_per_week == 3
    profile = profile.applied(reader.read(_asked("hours_per_week"), "4 hours", profile))
    assert profile.hours_per_week == 4 and "hours_per_week" not in profile.uncertain


def test_the_rules_that_fired_are_named(reader: AnswerReader) -> None:
    extraction = reader.read(_asked("hours_per_week"), "I WORK 50, 3 spare, NOT evenings")
    assert {"hours.worked", "hours.spare", "time.ruled_out"} <= set(extraction.rules)


def test_a_correction_in_words_replaces_what_was_read(reader: AnswerReader) -> None:
    profile = _after(reader, ("current_role", "illustrator at an agency"), ("hours_per_week", "8 hours, evenings"))
    fixed, not_applied = reader.corrected(
        "I'm a copywriter, not an illustrator. im not working at the moment and NOT evenings, 3 hours", profile)
    assert fixed.current_role == "copywriter" and "role.creative-illustration" in fixed.roles_not
    assert fixed.situation == "career_break" and fixed.times_not == ["evenings"]
    assert fixed.hours_per_week == 3 and not_applied == []


def test_a_structured_answer_is_taken_as_stated(reader: AnswerReader) -> None:
    asked = _asked("hours_per_week", AnswerSpec(kind="hours", options_from="times_of_day"))
    extraction = reader.read_structured(asked, {"hours_per_week": 3, "when": ["mornings"],
                                                "not_when": ["evenings"], "text": "can't do evenings, kids"}, Profile())
    profile = Profile(hours_per_week=8, uncertain=["hours_per_week"]).applied(extraction)
    assert profile.hours_per_week == 3 and profile.hours_pattern == "mornings" and profile.times_not == ["evenings"]
    assert "caregiving" in profile.constraint_kinds and profile.uncertain == []


def test_structured_choices_fill_the_kinds_and_their_words(reader: AnswerReader) -> None:
    asked = _asked("constraints", AnswerSpec(kind="choices", options_from="constraint_kinds"))
    profile = Profile().applied(reader.read_structured(asked, {"choices": ["money", "device"]}, Profile()))
    assert profile.constraint_kinds == ["money", "device"] and len(profile.constraints) == 2


PERSON = Profile(current_role="ward clerk", seniority="senior", ai_tools=["ChatGPT"], ai_tools_avoided=["ChatGPT"],
                 hours_per_week=4, hours_pattern="weekends, evenings",
                 concerns=["being replaced by the booking system", "I'm really good at reading candidates"],
                 goals=["stay in the NHS", "the kiosk thing"])


@pytest.mark.parametrize(("said", "check"), [
    ("not evenings, mornings only", lambda p: p.times_not == ["evenings"] and "mornings" in (p.hours_pattern or "")),
    ("i'm a senior actually", lambda p: p.current_role == "ward clerk" and p.seniority == "senior"),
    ("I also want to avoid management", lambda p: "management" in p.avoid),
    ("I am not senior, I am Band 3", lambda p: p.seniority is None),
    ("i dont use chatgpt", lambda p: p.ai_tools == [] and p.ai_tools_avoided == ["ChatGPT"]),
    ("ChatGPT at home is ok", lambda p: p.ai_tools_avoided == []),
    ("scrap what i said about weekends, its ONLY tue and thu nights",
     lambda p: p.hours_pattern == "tuesday and thursday evenings" and "weekends" not in (p.hours_pattern or "")),
    ("being good at reading candidates is NOT a worry",
     lambda p: p.concerns == ["being replaced by the booking system"]),
    ("I'm also Head of Year 9", lambda p: p.current_role == "ward clerk; Head of Year 9"),
    ("Don't put prompt engineering in my plan", lambda p: "prompt engineering" in p.avoid),
    ("my work is junior front end developer not 'so technically unemployed rn' lol",
     lambda p: p.current_role == "junior front end developer"),
    ("The kiosk thing is a worry, not something I want", lambda p: p.goals == ["stay in the NHS"]),
])
def test_corrections_in_words_change_only_what_they_say(reader: AnswerReader, said: str, check: Any) -> None:
    fixed, not_applied = reader.corrected(said, PERSON)
    assert check(fixed), fixed
    assert not not_applied


@pytest.mark.parametrize(("said", "check"), [
    # a numbered list on one line: each item read alone, its marker never a figure
    ("1) I'm employed, full time. 2) 3 hours a week free, not 1. 3) TL for 6 years, not 1",
     lambda p: p.situation == "employed" and p.hours_per_week == 3 and p.leadership_years == 6),
    ("1) employed 2) 5 hrs a week", lambda p: p.situation == "employed" and p.hours_per_week == 5),
    # an apostrophe inside a word quotes nothing
    ("you missed that I'm 52 and worried I'm too old to start over",
     lambda p: p.age == 52 and any("too old to start over" in c for c in p.concerns)),
    ("I'm 46, not 64", lambda p: p.age == 46),
    ("age 24 not 52", lambda p: p.age == 24),
    ("Twenty years in the job", lambda p: p.years_experience == 20),
    ("been doing it twenty-two years", lambda p: p.years_experience == 22),
    ("managing for 4 years", lambda p: p.leadership_years == 4),
    # a "not" about where a tool is used is not about the tool
    ("i DO use chatgpt, just on my phone at home not at work",
     lambda p: "ChatGPT" in p.ai_tools and "ChatGPT" not in p.ai_tools_avoided),
    ("I actually use ChatGPT, but not for work stuff", lambda p: "ChatGPT" in p.ai_tools),
    ("evenings are NOT ruled out", lambda p: "evenings" not in p.times_not),
    ("evenings are fine", lambda p: "evenings" not in p.times_not),
    ("the job i want is junior social media / marketing assistant",
     lambda p: "the job i want is junior social media / marketing assistant" in p.goals),
])
def test_corrections_as_people_write_them(reader: AnswerReader, said: str, check: Any) -> None:
    person = PERSON.model_copy(update={"ai_tools": [], "times_not": ["evenings"], "hours_per_week": 1,
                                       "situation": "career_break"})
    fixed, _ = reader.corrected(said, person)
    assert check(fixed), fixed


def test_what_a_correction_cannot_apply_is_handed_back(reader: AnswerReader) -> None:
    fixed, not_applied = reader.corrected("You missed things. Hmm whatever. NOT evenings", PERSON)
    assert fixed.times_not == ["evenings"] and not_applied == ["You missed things.", "Hmm whatever."]


@pytest.mark.parametrize(("field", "said", "expected"), [
    ("hours_per_week", "maybe 4 hours a week? while the little one is at nursery", {"hours_per_week": 4}),
    ("current_role", "bookkeeper, well i was, been home with my kids for 5 years and want to get back into it",
     {"years_experience": None, "situation": "career_break"}),
    ("main_tasks", "i used to do sage, payroll, VAT returns, chasing invoices",
     {"main_tasks": ["sage", "payroll", "VAT returns", "chasing invoices"]}),
])
def test_returning_to_work_is_read_as_such(reader: AnswerReader, field: ProfileField, said: str,
                                           expected: dict[str, Any]) -> None:
    profile = _after(reader, (field, said))
    assert {k: getattr(profile, k) for k in expected} == expected


@pytest.mark.parametrize(("said", "kinds", "not_kinds"), [
    ("laptop is old, kids use also, mostly I have phone", {"device"}, {"caregiving"}),
    ("no money for course, zero. and back pain", {"money", "health"}, set()),
    ("Money - I'll put £15/month in, max.", {"money"}, set()),
    ("I only have about 10 quid a month spare", {"money"}, set()),
    ("ChatGPT etc blocked on the network", {"employer_ai_rules"}, set()),
    ("Copilot Chat is approved on the work laptop but no customer data in it, ever",
     {"employer_ai_rules", "privacy"}, set()),
    ("at home i only have my iphone + my mums old laptop which is sooo slow", {"device"}, set()),
    ("two kids under five, bedtime is chaos", {"caregiving"}, set()),
])
def test_limits_said_in_passing_are_read_for_what_they_are(reader: AnswerReader, said: str, kinds: set[str],
                                                            not_kinds: set[str]) -> None:
    found = set(reader.constraint_kinds_in(said))
    assert kinds <= found and not found & not_kinds, found


@pytest.mark.parametrize(("said", "kind"), [
    ("scanner do the inspection what I do now on fleet check. so they need less fitter", "replacement"),
    ("team goes from 7 to maybe 4 once the bot is live, and one of the two TLs goes", "replacement"),
    ("they merge us with the claims team and one of the two TLs goes", "management_layer"),
    ("Six posts in our service went in the vacancy freeze", "replacement"),
    ("they won't need as many of us", "replacement"),
    ("And not having the time to learn any of it properly", "keeping_up"),
    ("I'm 52, nobody's retraining me", "age"),
])
def test_worries_are_read_however_they_are_put(reader: AnswerReader, said: str, kind: str) -> None:
    assert kind in reader.concern_kinds_in(said)


RUN_ON = ("our new manager said the council is looking at AI to write the observations and the reports for "
          "parents and that's honestly the bit I'm good at, noticing what a child is doing and writing it so the "
          "parents get it, so if a computer does that what am I, just ratios and nappies? and the pay is rubbish as "
          "it is so I worry they'll use it as a reason to not pay us more, and I'm tired all the time tbh")


@pytest.mark.parametrize("field", ["current_role", "situation", "main_tasks", "goals", "concerns", "constraints",
                                   "hours_per_week", "skills", "ai_tools"])
def test_a_long_run_on_answer_never_fails_the_reading(reader: AnswerReader, field: ProfileField) -> None:
    profile = _after(reader, (field, RUN_ON + " " + RUN_ON.replace("observations", "reports")))
    for name in ("skills", "concerns", "goals", "main_tasks", "constraints"):
        assert all(len(item) <= 200 for item in getattr(profile, name))


def test_a_strength_said_in_passing_is_its_short_name(reader: AnswerReader) -> None:
    profile = _after(reader, ("concerns", RUN_ON))
    assert profile.skills == ["noticing what a child is doing and writing it"], profile.skills


LIMITS_AT_LENGTH = (
    "Quite a few things, sorry! Childcare is the big one - Arjun is 11 months and Maya has just started reception, "
    "and my husband works shifts as a porter at the hospital so a lot falls on me. Money is tight on part-time pay "
    "with the nursery fees. And work has an acceptable use policy now: we're only allowed to use the Copilot that's "
    "built into our Microsoft 365, and absolutely no employee personal data in ChatGPT or any other public AI tool - "
    "which makes sense given everything I handle is payroll and personal details. I have my work laptop, my own "
    "iPhone and we share a family laptop at home.")


def test_a_long_limits_answer_whose_pieces_are_joined_never_fails(reader: AnswerReader) -> None:
    profile = _after(reader, ("constraints", LIMITS_AT_LENGTH))
    assert {"caregiving", "money", "employer_ai_rules"} <= set(profile.constraint_kinds)
    assert profile.constraints and all(len(c) <= 200 for c in profile.constraints)
