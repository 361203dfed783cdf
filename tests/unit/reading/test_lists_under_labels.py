"""People answer the profile review in the shape it was shown to them: a field's label, then its items, often parted
by semicolons. Each item belongs to the labelled field (never read alone and handed back as "not applied"); work
and strengths restated replace what was read; a limit, a worry or a thing to leave out is added, never lost. Also
the situation, job title, working week and times put right in the words people use at the review."""

from __future__ import annotations

from domain.profile import Profile
from reading.answers import AnswerReader
from reading.review_labels import review_sentences

READ = Profile(current_role="kitchen porter", situation="freelance", years_experience=6, hours_per_week=4,
               hours_pattern="evenings", times_not=["sundays"], hours_worked=40,
               main_tasks=["the firm is outsourced", "washing up"], skills=["pots", "the head chef", "hygiene"],
               constraints=["no car"], constraint_kinds=["location"], goals=["keep my job"])


def _fix(reader: AnswerReader, said: str, profile: Profile = READ) -> tuple[Profile, list[str]]:
    return reader.corrected(said, profile)


def test_a_list_of_work_under_the_reviews_own_label_replaces_what_was_read(reader: AnswerReader) -> None:
    fixed, missed = _fix(reader, "what fills my week: deep cleans of the fryers; pot wash; deliveries and stock "
                                 "rotation; closing checks")
    assert fixed.main_tasks == ["deep cleans of the fryers", "pot wash", "deliveries and stock rotation",
                                "closing checks"]
    assert missed == []


def test_items_said_not_to_be_strengths_are_taken_out_by_their_quotes(reader: AnswerReader) -> None:
    fixed, missed = _fix(reader, "skills: remove 'pots', 'the head chef' - those are not skills")
    assert fixed.skills == ["hygiene"] and missed == []
    again, missed_again = _fix(reader, "skills: remove 'the head chef'", fixed)  # out already: nothing to hand back
    assert again.skills == ["hygiene"] and missed_again == []


def test_what_to_leave_out_after_a_dash_in_a_numbered_list_is_added(reader: AnswerReader) -> None:
    fixed, missed = _fix(reader, "1) i am NOT self-employed. 2) my knee is bad - put in what i don't want: "
                                 "lifting kegs; cellar work; moving from leeds.")
    assert {"lifting kegs", "cellar work", "moving from leeds"} <= set(fixed.avoid)
    assert fixed.situation is None and missed == []


def test_a_rule_at_work_under_its_label_is_a_limit_and_nothing_read_before_is_lost(reader: AnswerReader) -> None:
    fixed, _ = _fix(reader, "work rules: no customer names in outside apps; no phones on the floor")
    assert "no car" in fixed.constraints and "no customer names in outside apps" in fixed.constraints


def test_an_item_said_wrong_and_the_work_meant_instead(reader: AnswerReader) -> None:
    fixed, missed = _fix(reader, "my tasks are not 'the firm is outsourced': it is washing up, prep, bins")
    assert fixed.main_tasks == ["washing up", "prep", "bins"] and missed == []


def test_a_single_item_under_a_label_adds(reader: AnswerReader) -> None:
    fixed, _ = _fix(reader, "skills: food hygiene level 2")
    assert fixed.skills == ["pots", "the head chef", "hygiene", "food hygiene level 2"]


def test_semicolons_part_fields_only_where_no_label_heads_them() -> None:
    assert list(review_sentences("my tasks: a; b; c. im 40; free weekends")) == [
        "my tasks: a; b; c.", "im 40", "free weekends"]


def test_the_job_title_said_right_and_the_one_read_denied(reader: AnswerReader) -> None:
    fixed, missed = _fix(reader, "my job title is hospital kitchen porter not kitchen porter")
    assert fixed.current_role == "hospital kitchen porter" and missed == []


def test_no_working_week_is_a_zero_not_a_refusal(reader: AnswerReader) -> None:
    fixed, missed = _fix(reader, "work week is zero, no job now")
    assert fixed.hours_worked == 0 and fixed.situation in ("job_seeking", "career_break") and missed == []
    assert Profile.model_validate({"hours_worked": 0}).hours_worked == 0


def test_times_joined_by_as_well_as_share_the_verb_and_not_only_rules_nothing_out(reader: AnswerReader) -> None:
    fixed, _ = _fix(reader, "mondays are out as well as fridays and saturdays")
    assert {"mondays", "fridays", "saturdays"} <= set(fixed.times_not)
    freed, _ = _fix(reader, "free time is weekends and evenings, not only wednesdays")
    assert "wednesdays" not in freed.times_not and "wednesdays" in (freed.hours_pattern or "")
