"""What people typing live taught: titles said without an article or as a bullet list, levels that belong to other
people, worries denied or asked as questions, times said by the day, continuation pieces of a limit, weaknesses
that are not strengths, tools other people use, and situations told by the past. Each case is worded afresh: the
class of failure is tested, never a sentence someone typed."""

from __future__ import annotations

import pytest

from domain.profile import Profile
from knowledge.models import ProfileField
from reading.answers import AnswerReader
from tests.support.reading import read_as


@pytest.mark.parametrize(("text", "role"), [
    ("good morning, i am pharmacy technician in a big chain, 8 years. now the robot counts pills so my job is "
     "changing a lot", "pharmacy technician"),
    ("- Site manager, cold storage warehouse\n- 15 yrs, started as picker\n- 4 shift leads, 60 staff",
     "site manager"),
    ("right so officially my title is internal comms officer but really i do everything", "internal comms officer"),
    ("bus mechanic mate, been doin it since school", "bus mechanic"),
    ("hospital porter in Leeds for about 9 years", "hospital porter in leeds"),
])
def test_the_role_is_the_title_however_it_is_typed(reader: AnswerReader, text: str, role: str) -> None:
    said = (read_as(reader, "current_role", text).current_role or "").lower()
    assert said.startswith(role) and not said.endswith(("for about", "mate", "been doin it")), said


@pytest.mark.parametrize(("field", "text"), [
    ("main_tasks", "scheduling, sign-offs with the regional directors, the monthly pack for the ceo"),
    ("skills", "i know the rota system better than most shift leads"),
    ("goals", "id like to be a team leader one day, or QA"),
    ("constraints", "the director says no client files in any AI"),
])
def test_other_peoples_titles_and_wishes_say_nothing_of_the_persons_level(reader: AnswerReader,
                                                                          field: ProfileField, text: str) -> None:
    assert read_as(reader, field, text, Profile(current_role="clerk")).seniority is None


@pytest.mark.parametrize(("text", "kept", "gone", "not_kind"), [
    ("not that the robots take my job, there's plenty of work. more that i turn into a button-pusher. and im "
     "exhausted", "button-pusher", "robots take my job", "replacement"),
    ("will this cost me anything btw? mostly the agency cutting our rates", "cutting our rates", "cost me", None),
    ("Oh, lots I'm afraid. That the new scanner makes me redundant.", "redundant", "lots", None),
    ("i DONT use chatgpt. never. worries: money, and my back", "money", "chatgpt", None),
])
def test_worries_are_the_persons_fears_not_denials_questions_or_tool_talk(
        reader: AnswerReader, text: str, kept: str, gone: str, not_kind: str | None) -> None:
    profile = read_as(reader, "concerns", text)
    joined = " | ".join(profile.concerns).lower()
    assert kept in joined and gone not in joined, profile.concerns
    assert not_kind is None or not_kind not in profile.concern_kinds, profile.concern_kinds


@pytest.mark.parametrize(("text", "hours", "free", "ruled_out"), [
    ("2 hours a week maybe, evenings after 8. no sorry, 4 hours, and saturday mornings too. NOT sunday", 4,
     ["evenings", "saturday mornings"], ["sundays"]),
    ("6/wk. weekday afternoons. mornings are for my own work, hands off", 6, ["weekday afternoons"], ["mornings"]),
    ("3 hrs, wait no 2.5 h. sunday afternoon. weeknights i do the accounts", 2.5, ["sunday afternoons"],
     ["evenings"]),
    ("tue and thu evenings after 7, never weekends", None, ["tuesday and thursday evenings"], ["weekends"]),
])
def test_times_said_by_the_day_are_kept_by_the_day(reader: AnswerReader, text: str, hours: float | None,
                                                   free: list[str], ruled_out: list[str]) -> None:
    profile = read_as(reader, "hours_per_week", text)
    pattern = (profile.hours_pattern or "").lower()
    assert profile.hours_per_week == hours, profile.hours_per_week
    assert all(f in pattern for f in free), profile.hours_pattern
    assert all(any(r in t.lower() for t in profile.times_not) for r in ruled_out), profile.times_not
    assert not any(r in pattern for r in ruled_out), profile.hours_pattern


def test_hours_wanted_in_a_job_are_not_the_working_week(reader: AnswerReader) -> None:
    profile = read_as(reader, "goals", "ideally part time office work again, about 20 hours a week, in school hours")
    assert profile.hours_worked is None and profile.hours_per_week is None


def test_a_limit_said_in_two_pieces_stays_one_limit(reader: AnswerReader) -> None:
    profile = read_as(reader, "constraints",
                    "A few things. At work we may only use Copilot if IT gives you a licence, I do not have one. "
                    "Outside work, I mind my grandson on Fridays. I could spend £80 at most.")
    assert not any(c.lower().startswith(("a few", "outside work", "i do not have one")) for c in profile.constraints)
    assert any("licence" in c and "do not have one" in c for c in profile.constraints), profile.constraints
    assert {"employer_ai_rules", "caregiving", "money"} <= set(profile.constraint_kinds), profile.constraint_kinds
    assert "Microsoft Copilot" not in profile.ai_tools and "GitHub Copilot" not in profile.ai_tools


@pytest.mark.parametrize(("text", "kind", "not_kind"), [
    ("rent is high and I send money to my dad every month, so no paid courses", "money", "caregiving"),
    ("my daughter Aoife has autism so I need to be home by 3", "caregiving", "health"),
    ("we can ONLY use the company's own copilot, nothing else, and no client names anywhere", "employer_ai_rules",
     None),
    ("im not paying for some fancy bootcamp, 20 quid a month max", "money", None),
    ("no phones on the call floor, we sit at our desks all shift", None, "no_desk"),
])
def test_kinds_of_limits_follow_what_the_limit_is(reader: AnswerReader, text: str, kind: str | None,
                                                  not_kind: str | None) -> None:
    kinds = read_as(reader, "constraints", text).constraint_kinds
    assert kind is None or kind in kinds, kinds
    assert not_kind is None or not_kind not in kinds, kinds


def test_a_weakness_is_not_a_strength(reader: AnswerReader) -> None:
    profile = read_as(reader, "skills", "patient with callers, good with figures, less confident with computers")
    assert not any("confident" in s for s in profile.skills), profile.skills
    assert "keeping_up" in profile.concern_kinds


@pytest.mark.parametrize(("text", "used"), [
    ("well i dont use the tools really, the nurses use it on the ward", []),
    ("let me guess, you want me to learn chatgpt? no", []),
    ("Copilot is only for head office people, not us. I use Grammarly at home", ["Grammarly"]),
])
def test_tools_are_the_persons_own_not_asked_about_or_others(reader: AnswerReader, text: str,
                                                            used: list[str]) -> None:
    assert read_as(reader, "ai_tools", text).ai_tools == used


@pytest.mark.parametrize(("field", "text", "situation"), [
    ("current_role", "dental receptionist for 10 years, I left in 2016 to look after my dad", "career_break"),
    ("main_tasks", "hold on, im not job hunting, i have a job! the layoff was 2015. anyway: rotas, payroll",
     "employed"),
])
def test_the_situation_is_now_not_a_past_event(reader: AnswerReader, field: ProfileField, text: str,
                                               situation: str) -> None:
    before = Profile(situation="job_seeking") if field == "main_tasks" else None
    profile = read_as(reader, field, text, before)
    assert profile.situation == situation
    assert not any("job" in t or "layoff" in t for t in profile.main_tasks), profile.main_tasks


def test_a_short_head_with_a_colon_keeps_its_list(reader: AnswerReader) -> None:
    profile = read_as(reader, "main_tasks", "- weekly numbers: UPH, error rate, backlog\n- cover requests\n- peak "
                                          "prep - most stress")
    assert any(t.startswith("weekly numbers") and "error rate" in t for t in profile.main_tasks), profile.main_tasks
    assert not any(t in ("error rate", "backlog", "most stress") for t in profile.main_tasks), profile.main_tasks


def test_a_returner_s_housework_is_not_a_task_of_their_work(reader: AnswerReader) -> None:
    profile = read_as(reader, "main_tasks", "havent worked since 2018 really, the house and the kids. before that "
                                          "typing letters, the phones, booking appointments",
                    Profile(situation="career_break"))
    assert profile.main_tasks == ["typing letters", "the phones", "booking appointments"], profile.main_tasks


@pytest.mark.parametrize(("text", "hours"), [
    ("tuesdays the salon is shut so maybe 4 hrs. plus the odd 15 min on the bus. actually make tuesday 3 hrs", 3),
    ("an hour?? no. THREE hours on saturday mornings plus the 10 min bits", 3),
    ("5 hours a week, plus a few minutes here and there", 5),
])
def test_the_hours_put_right_or_insisted_on_win_over_figures_added_on(reader: AnswerReader, text: str,
                                                                      hours: float) -> None:
    assert read_as(reader, "hours_per_week", text).hours_per_week == hours


@pytest.mark.parametrize("text", [
    "the principal uses ChatGPT for the parent letters, i dont",
    "i tried copilot last winter, was rubbish",
    "gave it a go once, binned chatgpt after a week",
])
def test_tools_someone_else_uses_or_tried_and_dropped_are_not_in_use(reader: AnswerReader, text: str) -> None:
    assert read_as(reader, "ai_tools", text).ai_tools == []


@pytest.mark.parametrize(("text", "kept", "gone"), [
    ("not bothered about the robots, worried about the agencies undercutting me", "agencies", "robots"),
    ("Losing my skills mostly. Not replaced, someone will always have to sign it off", "skills", "sign it off"),
])
def test_a_worry_denied_beside_another_leaves_the_other(reader: AnswerReader, text: str, kept: str,
                                                        gone: str) -> None:
    concerns = " ".join(read_as(reader, "concerns", text).concerns)
    assert kept in concerns and gone not in concerns, concerns


@pytest.mark.parametrize(("text", "hours"), [
    # a week's figure beats a figure for one evening or one morning said after it
    ("honestly 4 or 5 hours in week. mondays after the gym i manage one hour, maybe one and a half", 4),
    ("6 hrs in the whole week, an hour a night when the baby sleeps", 6),
    ("maybe 3 hours for the week - saturday morning I can do one hour", 3),
    # a figure said to be wrong is never the one meant
    ("not two hours, 5 hours a week", 5),
    ("no!! not an hour. it is 4 hours a week, spread out", 4),
])
def test_a_weeks_figure_wins_and_a_figure_said_wrong_is_dropped(reader: AnswerReader, text: str,
                                                                  hours: float) -> None:
    assert read_as(reader, "hours_per_week", text).hours_per_week == hours


@pytest.mark.parametrize(("field", "text", "hours"), [
    ("skills", "wait, not 1 hour a week, its 3 hours a week. I'm good with customers", 3),
    ("ai_tools", "none really. also not 2 hrs per week, more like 4 hrs per week", 4),
])
def test_hours_put_right_in_another_answer_are_kept(reader: AnswerReader, field: ProfileField, text: str,
                                                    hours: float) -> None:
    before = Profile(current_role="clerk", hours_per_week=1)
    assert read_as(reader, field, text, before).hours_per_week == hours


@pytest.mark.parametrize(("field", "text"), [
    ("main_tasks", "filing, a few hrs a week on the post, phones"),
    ("skills", "i did 10 hours a week volunteering at the food bank, good with people"),
])
def test_hours_of_work_said_in_passing_are_no_time_to_give(reader: AnswerReader, field: ProfileField,
                                                           text: str) -> None:
    assert read_as(reader, field, text, Profile(current_role="clerk", hours_per_week=2)).hours_per_week == 2


@pytest.mark.parametrize("text", [
    "my spelling and grammar are not great, the letters go through the manager",
    "the new rota system perplexes me, honestly",
])
def test_a_tool_is_named_by_its_name_never_by_a_word_its_name_stems_to(reader: AnswerReader, text: str) -> None:
    assert read_as(reader, "skills", text).ai_tools == []


@pytest.mark.parametrize("text", [
    "we are not allowed to put client names into ChatGPT, data protection",
    "no patient details in copilot, that's the trust's rule",
])
def test_a_rule_on_what_data_goes_in_a_tool_is_no_ban_on_the_tool(reader: AnswerReader, text: str) -> None:
    profile = read_as(reader, "constraints", text)
    assert profile.ai_tools_avoided == [] and "privacy" in profile.constraint_kinds, profile


@pytest.mark.parametrize(("text", "kind"), [
    ("the council wants to cut our contracts from 30 hours to 22 next year, that's the rent gone", "income"),
    ("my hours are being reduced to 16 after the merger", "income"),
    ("I am afraid they will cut my post when the robot comes", "replacement"),
])
def test_hours_cut_is_a_worry_about_pay_and_a_post_cut_about_the_job(reader: AnswerReader, text: str,
                                                                     kind: str) -> None:
    assert kind in read_as(reader, "concerns", text).concern_kinds


@pytest.mark.parametrize(("text", "role", "years"), [
    ("school cook at a primary, been there 9 years, no wait its 11 now. they're bringing in a meal app so we might "
     "go down to two cooks", "school cook", 11),
    ("Refuse collector for the council, twelve years sorry thirteen, and the new routing software is coming", "refuse "
     "collector", 13),
])
def test_a_figure_put_right_mid_answer_keeps_the_rest_of_the_answer(reader: AnswerReader, text: str, role: str,
                                                                    years: float) -> None:
    profile = read_as(reader, "current_role", text)
    assert (profile.current_role or "").lower().startswith(role) and profile.years_experience == years, profile


@pytest.mark.parametrize("text", [
    "cleaner at the hospital, 7 years. my contract ends in about 4 months",
    "security guard, been here since 2016, the new cameras come in within 6 months",
])
def test_months_ahead_are_not_time_in_the_work(reader: AnswerReader, text: str) -> None:
    assert (read_as(reader, "current_role", text).years_experience or 0) >= 7


def test_time_said_wrong_is_replaced_in_any_answer(reader: AnswerReader) -> None:
    before = Profile(current_role="porter", years_experience=0.5)
    text = "employed yes. and its not under a year, its 22 years on the wards"
    assert read_as(reader, "situation", text, before).years_experience == 22


@pytest.mark.parametrize(("text", "week"), [
    ("paramedic, 11 hour shifts, 4 on 4 off", 38.5),
    ("hgv driver, 13 hour days, 4 days a week", 52),
    ("ward nurse, 3 x 12.5 hour shifts", 37.5),
    ("night porter, 10 hour shifts", None),
])
def test_a_shifts_length_is_not_the_working_week(reader: AnswerReader, text: str, week: float | None) -> None:
    assert read_as(reader, "current_role", text).hours_worked == week


@pytest.mark.parametrize("text", [
    "caring, my dad has dementia and can't be left alone at night",
    "I'm the main carer for my husband since his stroke",
])
def test_caring_for_an_adult_is_a_caring_limit(reader: AnswerReader, text: str) -> None:
    assert "caregiving" in read_as(reader, "constraints", text).constraint_kinds


@pytest.mark.parametrize(("text", "kind", "not_kind"), [
    ("im 52 and no qualifications, so nobody gives me a desk job", "age", "entry_level"),
    ("i am 24, no degree, and nobody hires juniors", "entry_level", "age"),
])
def test_an_older_persons_fear_of_not_being_hired_is_about_age(reader: AnswerReader, text: str, kind: str,
                                                             not_kind: str) -> None:
    kinds = read_as(reader, "concerns", text).concern_kinds
    assert kind in kinds and not_kind not in kinds, kinds


def test_beside_a_goal_work_going_to_ai_is_a_worry_and_a_question_to_the_coach_is_neither(
        reader: AnswerReader) -> None:
    profile = read_as(reader, "goals", "stay at the garden centre. head office says the new tills will do the "
                                       "stock counts by spring. what would you suggest")
    assert profile.goals == ["stay at the garden centre"], profile.goals
    assert any("tills" in c for c in profile.concerns), profile.concerns
