"""Classes of misreading that people typing live met: a self-correction about another field's figure, a bracket
listing examples inside a task, a country guessed from a product's name, working days read as free time, ranges of
days, and a "not" that holds for every day in a list. Each case is worded afresh; the class is tested."""

from __future__ import annotations

import pytest

from domain.profile import Profile
from reading.answers import AnswerReader
from reading.review import ProfileCorrection
from reading.time import day_ranges_spelt
from tests.support.reading import read_as


@pytest.mark.parametrize("text", [
    "employed, full time. no wait, not 12 years, is 15 years in the job",
    "in work, permanent contract - sorry i must correct, not 12 years it's 15 years",
    "employed, wait no, 15 years not 12",
])
def test_a_wait_about_the_years_keeps_the_answer_to_the_question(reader: AnswerReader, text: str) -> None:
    profile = read_as(reader, "situation", text, Profile(current_role="welder", years_experience=12))
    assert profile.situation == "employed"
    assert profile.years_experience == 15


def test_a_wait_about_the_asked_field_still_replaces_it(reader: AnswerReader) -> None:
    assert read_as(reader, "situation", "unemployed, wait no, on a career break").situation == "career_break"


@pytest.mark.parametrize(("text", "task"), [
    ("sort the post from suppliers (paper, toner - and spare parts), book couriers", "sort the post from suppliers"),
    ("price the repairs (tyres, brakes; exhausts) and order parts", "price the repairs"),
])
def test_a_bracket_of_examples_is_detail_not_tasks(reader: AnswerReader, text: str, task: str) -> None:
    tasks = read_as(reader, "main_tasks", text).main_tasks
    assert task in tasks
    assert not any(t.rstrip(")").endswith(("toner", "spare parts", "brakes", "exhausts")) for t in tasks), tasks


@pytest.mark.parametrize(("text", "country"), [
    ("we ship wine, cork and olive oil from clients in portugal", None),
    ("before the council i was a bank clerk in Poland", None),
    ("the phoenix system crashes every week", None),
    ("i live in lyon, france", "other"),
    ("I'm based in Cork, we export to the US and Canada", "ie"),
    ("from Phoenix originally, now I live in Toronto", "ca"),
    ("we are paid in euro", None),
])
def test_a_country_is_where_the_person_lives_never_a_word_that_names_a_place_too(
        reader: AnswerReader, text: str, country: str | None) -> None:
    assert reader.country_of(text) == country


@pytest.mark.parametrize("text", ["I live in Ghent, Belgium - not Ireland", "where I live: the Netherlands"])
def test_where_someone_lives_is_put_right_at_the_review(reader: AnswerReader, text: str) -> None:
    assert ProfileCorrection(reader).read(text, Profile(country="ie")).set == {"country": "other"}


@pytest.mark.parametrize(("text", "days"), [
    ("mon-fri", "monday and tuesday and wednesday and thursday and friday"),
    ("Tue to Sat", "tuesday and wednesday and thursday and friday and saturday"),
    ("wed thru fri", "wednesday and thursday and friday"),
])
def test_a_range_of_days_names_every_day_in_it(text: str, days: str) -> None:
    assert day_ranges_spelt(text) == days


@pytest.mark.parametrize("text", [
    "i work full time, 8:30 to 17:00 mon-fri",
    "im full time 37 hours, 9 till 5 monday to friday",
    "wed-fri is when im at work",
    "monday to thursday is my work time",
])
def test_working_days_are_never_free_time(reader: AnswerReader, text: str) -> None:
    free, _ = reader.time.times(text)
    assert free == [], free


def test_what_follows_so_after_working_days_is_free_again(reader: AnswerReader) -> None:
    free, _ = reader.time.times("i work mon-thu so fridays and sundays")
    assert free == ["fridays", "sundays"]


@pytest.mark.parametrize(("text", "ruled"), [
    ("not free monday, wednesday or friday mornings", "monday, wednesday and friday mornings"),
    ("never saturday, sunday", "saturdays"),
])
def test_a_not_holds_for_every_day_listed(reader: AnswerReader, text: str, ruled: str) -> None:
    free, ruled_out = reader.time.times(text)
    assert ruled in ruled_out and not free, (free, ruled_out)


def test_a_full_time_week_is_hours_worked(reader: AnswerReader) -> None:
    assert read_as(reader, "situation", "i work full time 40 hour, permanent").hours_worked == 40


@pytest.mark.parametrize("text", [
    "only a tablet? i told you, a PC at home. i can give 2 hours a week",
    "20 quid a month is all i have. 2 hours a week",
    "an old one from my brother. 2 hours a week on sundays",
])
def test_money_pronouns_and_echoes_are_never_the_hours(reader: AnswerReader, text: str) -> None:
    assert read_as(reader, "hours_per_week", text).hours_per_week == 2


@pytest.mark.parametrize(("echo", "limit"), [
    ("only a phone? I SAID a laptop, a shared one", "only a phone"),
    ("phone only?? no, i have a pc at home", "phone only"),
])
def test_a_reading_questioned_as_wrong_is_taken_out_with_its_kind(reader: AnswerReader, echo: str,
                                                                  limit: str) -> None:
    before = Profile(constraints=[limit], constraint_kinds=["device"])
    after = read_as(reader, "skills", f"{echo}. skills: payroll, rotas", before)
    assert limit not in after.constraints and "device" not in after.constraint_kinds
    assert after.skills == ["payroll", "rotas"]


def test_not_only_a_device_lifts_the_device_limit(reader: AnswerReader) -> None:
    before = Profile(constraints=["mostly my phone"], constraint_kinds=["device"])
    after = read_as(reader, "goals", "keep my job. and its NOT just my phone, theres a laptop too", before)
    assert "device" not in after.constraint_kinds and not after.constraints


@pytest.mark.parametrize("text", ["i never said the age thing worried me. pay is my worry",
                                  "I didn't mention keeping up being a concern, but pay is"])
def test_a_worry_denied_is_no_worry(reader: AnswerReader, text: str) -> None:
    kinds = read_as(reader, "concerns", text).concern_kinds
    assert "age" not in kinds and "keeping_up" not in kinds and "income" in kinds


@pytest.mark.parametrize("text", ["FOUR. four hours i said. strengths: quoting jobs, tiling",
                                  "2. skills: quoting jobs, tiling"])
def test_a_bare_figure_is_no_strength_and_a_label_heads_the_answer(reader: AnswerReader, text: str) -> None:
    assert read_as(reader, "skills", text).skills == ["quoting jobs", "tiling"]


@pytest.mark.parametrize(("text", "allowed"), [
    ("we are not allowed to put client invoices in chatgpt, company rule", None),
    ("never paste patient names into Copilot, trust policy", None),
    ("chatgpt is blocked on the work laptops", False),
    ("Copilot is disabled at work and we must never paste customer data into any AI", False),
])
def test_a_rule_on_what_goes_into_a_tool_is_no_ban_on_ai_at_work(reader: AnswerReader, text: str,
                                                                 allowed: bool | None) -> None:
    assert reader.ai_at_work(text, ["employer_ai_rules"]) is allowed


@pytest.mark.parametrize(("text", "avoid"), [
    ("move into quality. not manage people, and not become a programmer", ["management", "programmer"]),
    ("get to senior. i dont want be supervisor", ["supervisor"]),
])
def test_what_the_person_will_not_do_is_avoided_never_a_goal(reader: AnswerReader, text: str,
                                                             avoid: list[str]) -> None:
    profile = read_as(reader, "goals", text)
    assert all(a in profile.avoid for a in avoid), profile.avoid
    assert not any(g.lower().startswith(("not", "i dont", "dont")) for g in profile.goals), profile.goals


@pytest.mark.parametrize(("text", "language"), [
    ("my written french is poor and the job needs a french certificate", "French"),
    ("the Dutch test for the city jobs, my dutch is B1", "Dutch"),
])
def test_a_worry_about_a_working_language_names_that_language(reader: AnswerReader, text: str,
                                                              language: str) -> None:
    from agents.planner.personal import worked_in
    profile = read_as(reader, "concerns", text)
    assert "language" in profile.concern_kinds and "keeping_up" not in profile.concern_kinds
    assert worked_in(profile.concerns) == language


@pytest.mark.parametrize(("text", "ruled"), [
    ("any weekday except monday and wednesday mornings", "monday and wednesday mornings"),
    ("friday I can NOT, thats my dad's day", "fridays"),
    ("evenings fine, sunday we cant", "sundays"),
    ("most days apart from thursdays", "thursdays"),
])
def test_except_and_a_not_said_after_the_day_rule_it_out(reader: AnswerReader, text: str, ruled: str) -> None:
    free, ruled_out = reader.time.times(text)
    assert ruled in ruled_out and ruled not in free, (free, ruled_out)


def test_years_of_earlier_work_are_not_the_years_in_this_work(reader: AnswerReader) -> None:
    text = ("before the hospital i was 6 years in a call centre and 2 years in a shop. i am on the ward 10 years - "
            "no wait, 12 years")
    assert read_as(reader, "skills", text).years_experience == 12


@pytest.mark.parametrize("item", ["in the depot 14 years", "started 2011", "i said before", "the years"])
def test_years_and_asides_are_no_strengths(reader: AnswerReader, item: str) -> None:
    assert item not in read_as(reader, "skills", f"reading site plans, {item}, first aid").skills


@pytest.mark.parametrize(("text", "allowed"), [
    ("AI is not banned at work, only patient names can't go into it", True),
    ("the trust gives us Copilot, so it is not true that AI is forbidden", True),
    ("I work for myself - there is no employer, so nobody forbids anything", None),
])
def test_the_review_puts_right_an_ai_ban_that_is_not_there(reader: AnswerReader, text: str,
                                                          allowed: bool | None) -> None:
    before = Profile(ai_at_work=False, constraint_kinds=["employer_ai_rules", "money"],
                     constraints=["money is tight, 20 pounds a month"])
    reviewed = ProfileCorrection(reader).read(text, before)
    assert reviewed.set["ai_at_work"] is allowed
    assert "constraints" not in reviewed.added and "constraints" not in reviewed.removed


def test_a_long_no_takes_out_only_what_it_says_no_to(reader: AnswerReader) -> None:
    before = Profile(constraints=["20 pounds a month for courses", "the laptop is shared with my son",
                                  "mortgage to pay"], concerns=["the robot takes the dispensing"])
    text = ("it is not true that the pharmacy bans every tool - they give us a robot and a stock app, my son and me "
            "share the laptop and the mortgage is still there")
    reviewed = ProfileCorrection(reader).read(text, before)
    assert not reviewed.removed.get("constraints"), reviewed.removed


def test_someone_who_does_not_code_gets_nothing_to_build(reader: AnswerReader) -> None:
    assert {"coding", "building"} <= set(read_as(reader, "goals", "more editing work. I don't code and won't").avoid)


@pytest.mark.parametrize("text", [
    "tue-fri im 8 till 5, sat finish at 1. can do 3 hrs a wk, mon n thurs nights. no wait thurs is football. so "
    "mon night n sunday afternoon",
    "could do 3 hrs, mon and thu evenings - oh wait thu is choir. so mon evening and sunday afternoon",
])
def test_a_wait_about_a_day_keeps_the_hours_and_rules_that_day_out(reader: AnswerReader, text: str) -> None:
    profile = read_as(reader, "hours_per_week", text)
    assert profile.hours_per_week == 3
    assert "thursdays" in profile.times_not
    assert "thursday" not in (profile.hours_pattern or "") and "tuesday" not in (profile.hours_pattern or "")


@pytest.mark.parametrize(("text", "kinds", "not_kinds"), [
    ("if i leave the council i lose the pension, 12 yrs in it", {"income"}, {"age"}),
    ("hopeless with tech, excel does my head in", {"keeping_up"}, set()),
    ("im 63 and want to reach retirement in this job", {"age"}, set()),
])
def test_worries_are_read_as_the_kind_they_are(reader: AnswerReader, text: str, kinds: set[str],
                                               not_kinds: set[str]) -> None:
    found = set(reader.concern_kinds_in(text))
    assert kinds <= found and not (not_kinds & found), found
