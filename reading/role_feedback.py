"""What feedback on an assessment says of the person's role: the job it names, the roles it rules out, and where their
goals point.

"She is a team leader in pensions admin, not a software engineer, no coding" names the job (a team leader in
pensions admin), rules out a role (Software engineer) and every coding role as a target; "he's an HGV tyre fitter -
a skilled trade" names the job; "her goal is a process improvement role, closest to business process designer" names
a target; "remove software engineer entirely" rules a role out. A job is only taken when the words read as one (they
end in a job's name, or the catalog knows them): "visiting her mum in a care home is" is never a job. The words the
feedback quotes from the draft ("the summary still says 'Your goals point toward Software engineer'") are the draft's,
never read as what the coach says.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import TYPE_CHECKING

from reading.cues import stems, tokens
from reading.rules import rule

if TYPE_CHECKING:
    from reading.answers import AnswerReader

MAX_JOB_WORDS = 12
"""A longer stretch is a sentence about the person, not the name of their job."""
DENIAL_WORDS = 6
"""How far after "not" a title is what the sentence denies ("not a data scientist or data engineer")."""
LEVELS_ONLY = ("senior", "mid", "junior", "entry")
"""Levels that are never a job by themselves ("she is a junior"); a lead or a director is one."""
_SENTENCES = re.compile(r"(?<=[.!?])\s+|\n+|;\s+|\s+\(?\d\)\s+|^\(?\d\)\s+")
_ABOUT_AIMS = re.compile(r"(?i)^\W*(?:and\s+)?(?:her|his|their|my|the)\s+(?:other\s+|main\s+|real\s+)?"
                         r"(?:target|goal|aim|ambition|dream|next (?:step|job|role)|plan)s?\b")
"""A sentence about what the person aims for ("Her target 'QA analyst' is call quality"): never their work now."""
_QUOTED = re.compile(r"[\"“'‘][^\"”'’]{3,200}[\"”'’]")
_NUMBERED = re.compile(r"^\(?\d{1,2}[.)]\s*")
"""A point's number at the start of a sentence ("2) Cheaper-execution must be HIGH"): not its words."""
_BRACKETS = re.compile(r"\([^)]*\)|\[[^\]]*\]")


@dataclass(frozen=True)
class RoleFeedback:
    """What a piece of feedback says of the person's role."""

    role: str | None = None
    """The person's job as the feedback names it ("mobile HGV tyre fitter for a national tyre-services company")."""
    not_roles: tuple[str, ...] = ()
    """Catalog roles the feedback says are not theirs."""
    wrong_role: bool = False
    """The feedback says the role the assessment placed them in is wrong."""
    target: str | None = None
    """The catalog role the feedback says their goals point to."""
    not_targets: tuple[str, ...] = ()
    """Catalog roles the feedback says are not where they are going (named, or every coding role for 'no coding')."""


class RoleFeedbackReader:
    """Reads assessment feedback for the person's role, with the answer reader's names of jobs and levels."""

    def __init__(self, reader: AnswerReader) -> None:
        self.reader = reader

    def read(self, text: str) -> RoleFeedback:
        role: str | None = None
        not_roles: list[str] = []
        not_targets: list[str] = []
        target: str | None = None
        names = self.reader.names
        said = (_NUMBERED.sub("", s.strip()) for s in _SENTENCES.split(_QUOTED.sub(" ", text)) if s and s.strip())
        for sentence in said:
            plain = " ".join(_BRACKETS.sub(" ", sentence).split())
            job = None if _ABOUT_AIMS.match(plain) else self.job_in(plain)  # "her target is ...": an aim, no job
            own = {role_id for role_id, _ in names.titles_in(job or "")}
            role = role or job
            not_roles += [r for r in self.denied_in(plain) if r not in own]
            if (removal := rule("role_feedback.removed").search(plain)) is not None:
                gone = [r for r, _ in names.titles_in(plain[removal.end():]) if r not in own]
                not_roles += gone
                not_targets += gone
            if (denial := rule("role_feedback.not_goal").search(plain)) is not None:
                not_targets += [r for r, _ in names.titles_in(plain[:denial.start()])]
            for goal in rule("role_feedback.goal_said").finditer(plain):
                named = [r for r, _ in names.titles_in(goal.group("what")) if r not in not_targets]
                target = target or (named[0] if named else None)
        if rule("role_feedback.no_coding").search(text):
            own = {role_id for role_id, _ in names.titles_in(role or "")}
            not_targets += [r for r in self.reader.kb.catalog.vocabulary.coding_roles if r not in own]
        if target in not_targets or target in not_roles:
            target = None
        return RoleFeedback(role=role, not_roles=tuple(dict.fromkeys(not_roles)),
                            wrong_role=bool(rule("role_feedback.wrong_role").search(text)), target=target,
                            not_targets=tuple(dict.fromkeys(not_targets)))

    def denied_in(self, sentence: str) -> list[str]:
        """Catalog roles a sentence says the person is not: a title in the words right after the denial ("not a
        data scientist or data engineer"), never one named further on."""
        out: list[str] = []
        for denial in rule("role_feedback.denial").finditer(sentence):
            near = " ".join(denial.group("what").split()[:DENIAL_WORDS])
            out += self.reader.names.ruled_out_in(near)
        return out

    def job_in(self, sentence: str) -> str | None:
        """The job a sentence says is the person's ("she is a X", "X, not Y"), when its words read as a job."""
        said = rule("role_feedback.said").search(sentence)
        bare = None if said else rule("role_feedback.bare_job").match(sentence)
        found = said or bare
        if found is None:
            return None
        what = rule("role_feedback.job_end").sub("", found.group("what")).strip(" -–—*•\t")
        return what if self.reads_as_job(what) else None

    def reads_as_job(self, phrase: str) -> bool:
        """Whether a phrase names a job: its head ends in a job's name ("team leader" of "team leader in pensions
        admin"), or it names a title or a line of work the catalog knows - and is not a level alone ("a senior")."""
        words = phrase.split()
        if not words or len(words) > MAX_JOB_WORDS:
            return False
        head = rule("role_feedback.job_head").sub("", phrase).strip()
        if rule("role_feedback.not_a_job").search(head):
            return False  # "software engineer is", "visiting her mum": a sentence's start, not a job
        if len(head.split()) == 1 and self.reader.seniority_of(head) in LEVELS_ONLY:
            return False  # "a junior", "a senior": a level, not a job
        return bool(self.reader.names_work(head) or rule("role.job_noun").search(head))


def restates(named: str, current: str | None) -> bool:
    """Whether a job named in feedback says what the person's own words already say: the same job noun, and the
    words of one within the other ("motor insurance claims handler" of "motor claims handler", "researcher" of
    "senior ux researcher at a health tech company"). The person's own words are then kept."""
    if not current:
        return False
    heads = [stems(tokens(rule("role_feedback.job_head").sub("", text))) for text in (named, current)]
    words = [set(stems(tokens(text))) for text in (named, current)]
    if not all(heads) or heads[0][-1] != heads[1][-1]:
        return False
    return set(heads[0]) <= words[1] or set(heads[1]) <= words[0]
