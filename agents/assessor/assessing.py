"""The knowledge engine's assessment: which roles fit (and how surely), exposure to each dynamic with a reason
that agrees with its level, the person's own durable strengths and gaps, and a risk summary in plain words.

When no catalog role fits, it says so, names the nearest roles with low confidence and what in the sources
still applies; when the interview yielded too little, it says that too and marks the assessment tentative."""

from __future__ import annotations

from functools import cached_property

from agents.assessor import notes
from agents.assessor.exposure import Reading, adjusted, in_your_work, machine_named, without_role
from agents.assessor.matching import (
    CHOSEN_CONFIDENCE,
    EVIDENCE_CAP,
    GOAL_CONFIDENCE,
    NO_FIT_CAP,
    UNSUPPORTED_TITLE_CONFIDENCE,
    Evidence,
    RoleMatcher,
    as_match,
    staying_put,
    unique,
)
from agents.assessor.phrases import and_list, names_work, quotable, stems_of
from agents.audience import Audiences, Who
from domain.assessment import Assessment, ExposureAssessment, Fit, RoleMatch
from domain.profile import Profile
from knowledge.base import KnowledgeBase
from knowledge.models import Dynamic, DynamicId, Exposure, Role
from knowledge.retriever import retrieve
from reading.cues import PhraseSet, affirmed, stems, tokens
from reading.rules import rule
from reading.text import clipped

CONFIDENT = 0.75
NEWCOMERS = ("student", "job_seeking", "career_break")
AIM_CONFIDENCE = 0.65
"""A student's or job seeker's target role, when they name no current job."""
AIM_SUPPORT = 0.15
UNSURE = 0.5
FIRST_LINE_CONFIDENCE = 0.5
"""A role written for managers of managers and directors, for someone who leads a team and manages no managers:
a loose match at most, whatever title they gave."""
MAX_MATCHES = 4
THIN_PROFILE_FIELDS = 3
"""Fewer substantive answers than this and the assessment is tentative."""
ENTRY_LEVEL_QUERY = "entry level hiring young workers aged 22 to 25"
GUESS_CONFIDENCE = 0.1
GUESSES = 2
NEAREST_BELOW = 0.2
"""For work the catalog lacks, roles found by shared words stay below the curated nearest roles."""


class AssessmentWriter:
    """Writes the assessment from the profile and the catalog."""

    def __init__(self, kb: KnowledgeBase, matcher: RoleMatcher) -> None:
        self.kb = kb
        self.matcher = matcher
        vocabulary = kb.catalog.vocabulary
        self.audiences = Audiences(kb)
        self._routine = PhraseSet({w: [w] for w in vocabulary.routine_work})
        self._judgement = PhraseSet({w: [w] for w in vocabulary.judgement_work})

    @cached_property
    def _dynamics(self) -> dict[DynamicId, Dynamic]:
        return {d.key: d for d in self.kb.catalog.dynamics}

    # -- which role --------------------------------------------------------------------------------------------

    def matches(self, profile: Profile, feedback: str | None = None) -> tuple[list[RoleMatch], str | None]:
        """Role matches, best first, and the domain the catalog lacks (if the person's work is in one).

        A role chosen at the assessment review is the strongest evidence there is; 'none' means no catalog role is
        theirs. A title the catalog knows counts fully only when the person's tasks point the same way. Roles the
        person said are not theirs never come back. (Feedback reaches this through the corrected profile.)"""
        role_text = " ".join(quotable([profile.current_role or ""]))
        context = " ".join(quotable([profile.current_role or "", *profile.main_tasks, *profile.skills]))
        domain = profile.domain or self.matcher.domain_of(role_text)
        chosen = self.matcher.roles.get(profile.role_choice or "")
        none_chosen = profile.role_choice == "none"  # 'none of these': no title, nearest role or guess places them
        evidence = [Evidence(chosen, CHOSEN_CONFIDENCE, "Chosen at the assessment review.")] if chosen else []
        if not none_chosen:
            evidence += self._titles(role_text, domain, profile)
        if not evidence and profile.situation in NEWCOMERS:
            evidence += self._aim(profile, context)
        named = bool(evidence) and not none_chosen
        staying = domain is not None and not named and staying_put(profile)  # a tutor staying a tutor: no
        if domain is not None and not named and not none_chosen and not staying:  # catalog role is theirs, nor near
            evidence += self.matcher.nearest_for(domain, role_text)
        cap = NO_FIT_CAP if (domain and not named) or none_chosen else EVIDENCE_CAP
        if domain and not named:  # the curated nearest roles of a line of work lead; shared words follow them
            cap = min(cap, NEAREST_BELOW)
        evidence += [] if staying else self.matcher.word_evidence(context, cap=cap)
        if (target := self.matcher.roles.get(profile.target_role or "")) is not None \
                and target.id not in profile.roles_not:
            evidence.append(Evidence(target, min(GOAL_CONFIDENCE, cap), "Your goals point toward this role."))
        if not self.manages_managers(profile):  # a team leader is no director, whatever words placed them
            evidence = [Evidence(e.role, min(e.confidence, FIRST_LINE_CONFIDENCE), notes.FIRST_LINE_REASON)
                        if e.role.first_line_titles and e.role is not chosen and e.confidence > FIRST_LINE_CONFIDENCE
                        else e for e in evidence]
        if chosen is not None:  # the choice leads; what else was said is held below it
            evidence = [e if e.role is chosen else Evidence(e.role, min(e.confidence, UNSUPPORTED_TITLE_CONFIDENCE),
                                                             e.reason) for e in evidence]
        ranked = [e for e in unique(evidence) if e.role.id not in profile.roles_not]
        if not ranked and self._thin(profile) and not none_chosen:  # too little said to place anyone: guesses, said
            ranked = self._nearest(context, leaving_out=profile.roles_not)  # as such (never a role not theirs)
        return [as_match(e) for e in ranked[:MAX_MATCHES]], domain

    def manages_managers(self, profile: Profile) -> bool:
        """Whether the person manages managers (a middle manager or above), not only a team of their own: an
        executive, someone who says team leaders or managers report to them, or a manager's title that is no
        first-line leader's ("operations manager", "head of service")."""
        if profile.seniority == "executive":
            return True
        said = " ".join(quotable([profile.current_role or "", *profile.main_tasks, *profile.skills]))
        if rule("role.manages_managers").search(said):
            return True
        first_line = {t for r in self.kb.catalog.roles for t in r.first_line_titles}
        return any(self.matcher.roles[role_id].first_line_titles and title not in first_line
                   for role_id, title in self.matcher.titles_in(profile.current_role or ""))

    def first_line(self, role: Role | None, profile: Profile) -> bool:
        """The role is written for managers of managers and the person is not one: its executive outlook and its
        managers' skills are not theirs."""
        return role is not None and bool(role.first_line_titles) and not self.manages_managers(profile)

    def _titles(self, role_text: str, domain: str | None, profile: Profile) -> list[Evidence]:
        """Titles the person named, held as loosely as their tasks say: a title whose role their own tasks do not
        share a word with is a guess."""
        said = [*profile.main_tasks, *profile.skills]
        out: list[Evidence] = []
        for item in self.matcher.title_evidence(role_text, domain):
            if self.matcher.compound(item.role, title := item.title or "", role_text) and not \
                    self.matcher.tasks_bear_out(item.role, title, said):
                continue  # "voiceover artist", "night auditor": another job's name, not the catalog's artist
            if item.confidence > UNSUPPORTED_TITLE_CONFIDENCE and self.matcher.tasks_agree(item.role, said) is False:
                item = Evidence(item.role, UNSUPPORTED_TITLE_CONFIDENCE,
                                f"{item.reason[:-1]}, but the tasks you named point elsewhere, so I'm not sure.")
            out.append(item)
        return out

    def _aim(self, profile: Profile, context: str) -> list[Evidence]:
        """For people without a current job (students, job seekers, returners): the role they aim for is the one
        the plan is about; their skills pointing the same way make it surer."""
        target = self.matcher.roles.get(profile.target_role or "")
        if target is None:
            return []
        supported = any(e.role.id == target.id for e in self.matcher.word_evidence(context, cap=EVIDENCE_CAP))
        confidence = AIM_CONFIDENCE + (AIM_SUPPORT if supported else 0.0)
        reason = "You're aiming for this role" + (", and the skills you named point the same way." if supported
                                                  else ".")
        return [Evidence(target, confidence, reason)]

    def _nearest(self, context: str, leaving_out: list[str] | tuple[str, ...] = ()) -> list[Evidence]:
        """Nothing points anywhere: the closest roles by search, at the lowest confidence, said as such (never one
        in `leaving_out`, the roles the person said are not theirs)."""
        query = context or "career change AI"
        hits = retrieve(self.kb, query, GUESSES + len(leaving_out), kinds=["role"])
        roles = [self.matcher.roles[h.id] for h in hits if h.id in self.matcher.roles and h.id not in leaving_out]
        spare = [r for r in self.kb.catalog.roles if r.id not in leaving_out] or list(self.kb.catalog.roles)
        return [Evidence(r, GUESS_CONFIDENCE, "Only a guess: your answers gave me too little to go on.")
                for r in roles[:GUESSES]] or [Evidence(spare[0], GUESS_CONFIDENCE / 2,
                                                       "Only a guess: your answers gave me nothing to go on.")]

    @staticmethod
    def fit_of(matches: list[RoleMatch]) -> Fit:
        if not matches:
            return "none"
        top = matches[0].confidence
        return "confident" if top >= CONFIDENT else "uncertain" if top >= UNSURE else "none"

    # -- exposure ------------------------------------------------------------------------------------------------

    def _reading(self, profile: Profile) -> Reading:
        tasks = quotable(profile.main_tasks)
        routine = [t for t in tasks if affirmed(self._routine, t)]
        judgement = [t for t in tasks if affirmed(self._judgement, t)]
        return Reading(routine=routine, judgement=judgement, total=len(tasks), machine=machine_named(profile))

    def exposure(self, role: Role | None, profile: Profile, entry_figure: str | None,
                 plain: bool = False) -> list[ExposureAssessment]:
        """Exposure to each dynamic; `plain`: said without examples from tech work (the person's work is not)."""
        reading = self._reading(profile)
        return [self._one(d, role, profile, reading, entry_figure, plain) for d in self.kb.catalog.dynamics]

    def _one(self, dyn: Dynamic, role: Role | None, profile: Profile, reading: Reading,
             entry_figure: str | None, plain: bool) -> ExposureAssessment:
        base: Exposure = role.exposure[dyn.key] if role else without_role(dyn.key)
        level, reasons = adjusted(dyn.key, base, profile, reading)
        citations = [dyn.citations[0], *(role.citations[:1] if role else [])]
        if dyn.key == "cheaper-execution" and profile.early_career and entry_figure:
            citations.append(entry_figure)
        summary = (dyn.plain if plain else dyn.summary).split(". ")[0].rstrip(".")
        because = f", because {' and '.join(reasons)}" if level != base else ""
        verdict = (f"For {role.name}, the catalog rates this {base}" + (
            f"; for you I put it at {level}{because}." if level != base else ", and that holds for you.")) if role \
            else f"From the work you described, I put it at {level}{because}."
        said = " ".join(p for p in (f"{dyn.name}: {summary}.", verdict, in_your_work(dyn.key, profile, reading))
                        if p)
        return ExposureAssessment(dynamic=dyn.key, level=level, rationale=clipped(said, 1200),
                                  citations=list(dict.fromkeys(citations)))

    # -- the person ------------------------------------------------------------------------------------------------

    def strengths(self, role: Role | None, profile: Profile) -> list[str]:
        """Durable strengths from the person's own answers: their skills (the role's first), their judgement work."""
        role_words = set(stems(tokens(" ".join([*role.skills, *role.durable])))) if role else set()
        skills = quotable(profile.skills)
        ranked = sorted(skills, key=lambda s: not set(stems(tokens(s.replace("-", " ")))) & role_words)
        own = [s[:1].upper() + s[1:] for s in ranked[:3]]  # in their words, without a tag on each
        judgement = [f"{t} (judgement work that stays with people)" for t in self._reading(profile).judgement[:2]]
        return [clipped(s, 200) for s in [*own, *judgement]][:6]

    def gaps(self, role: Role | None, profile: Profile) -> list[str]:
        """The role's skills the person did not name, less those their level shows (leading a team shows owning its
        results) or does not ask of them (a director's strategy and budgets are no team leader's gap)."""
        have = set(stems(tokens(" ".join([*profile.skills, *profile.ai_tools]))))
        shown = {*(self.kb.catalog.vocabulary.shown_by_leading if profile.leads_people else ()),
                 *(role.executive_skills if role and profile.seniority != "executive" else ()),
                 *(role.manager_skills if role and self.first_line(role, profile) else ()),
                 *self.said_as(profile)}
        gaps = [f"{skill.replace('-', ' ')}: not among the skills you named" for skill in (role.skills if role else ())
                if skill not in shown and not set(stems(tokens(skill.replace("-", " ")))) & have]
        uses_none = profile.has("ai_tools") and not profile.ai_tools and "ai_tools" not in profile.skipped
        if uses_none and "ai-tools" not in (role.skills if role else ()):
            gaps.append("hands-on practice with AI tools in your own kind of work")
        return gaps[:6]

    def said_as(self, profile: Profile) -> set[str]:
        """Skill tags the person showed in other words, in a skill or a task of theirs ("calming down angry
        customers", "coaching new starters": communication): every word of one of the tag's phrases, by stem."""
        items = [set(stems(tokens(t.replace("-", " ")))) for t in quotable([*profile.skills, *profile.main_tasks])]
        return {tag for tag, phrases in self.kb.catalog.vocabulary.skills_said_as.items()
                if any(words and words <= item for words in (stems_of(p) for p in phrases) for item in items)}

    def _thin(self, profile: Profile) -> bool:
        known = [bool(profile.current_role and "current_role" not in profile.skipped),
                 names_work(profile.main_tasks), names_work(profile.goals), names_work(profile.skills),
                 profile.hours_per_week is not None, names_work(profile.concerns),
                 names_work(profile.constraints)]  # what was said, not what matched a role
        return sum(known) < THIN_PROFILE_FIELDS

    def unknown_job(self, profile: Profile, domain: str | None) -> str | None:
        """The person's job as they name it, when it reads as a job and the catalog has no role of that name, nor a
        line of work it belongs to that they look beyond: the assessment says so plainly rather than guess."""
        job = " ".join((profile.current_role or "").split())
        if not job or (domain and not staying_put(profile)) or profile.role_choice or self.matcher.titles_in(job):
            return None
        head = rule("role_feedback.job_head").sub("", job).strip()
        if rule("role_feedback.not_a_job").search(head) or not rule("role.job_noun").search(head):
            return None
        return clipped(job, 80)

    def _fit_note(self, fit: Fit, matches: list[RoleMatch], domain: str | None, unknown: str | None = None
                  ) -> str | None:
        if fit == "confident":
            return None
        if fit == "none" and unknown:
            shown = "" if not matches else notes.GUESSES_SHOWN if matches[0].confidence <= GUESS_CONFIDENCE else \
                notes.NEAREST_SHOWN.format(nearest=and_list([m.name for m in matches[:2]]))
            return " ".join(notes.NO_SUCH_ROLE_NOTE.format(job=unknown, shown=shown).split())
        if not matches:
            return notes.NO_MATCH_NOTE
        if matches[0].confidence <= GUESS_CONFIDENCE:
            return notes.NO_EVIDENCE_NOTE
        label = self.kb.catalog.vocabulary.domains[domain].label if domain in self.kb.catalog.vocabulary.domains else ""
        names = [m.name for m in matches[:2]]
        nearest = names[0] if len(names) == 1 else f"{names[0]} and {names[1]}"  # confidences are on the matches
        where = f" in {label}" if label else ""
        return notes.FIT_NOTES[fit].format(role=matches[0].name, nearest=nearest, domain=where)

    def _applies(self, fit: Fit, domain: str | None, who: Who) -> list[str]:
        """When no role fits: what in the sources still applies, leaving out figures about other groups."""
        if fit != "none":
            return []
        domains = self.kb.catalog.vocabulary.domains
        ids = list(domains[domain].applies) if domain in domains else ["dyn.human-ai-boundary"]
        return [i for i in ids if self.audiences.entry_for(i, who)] or ["dyn.human-ai-boundary"]

    def _applies_text(self, ids: list[str], domain: str | None) -> str | None:
        entries = [item for i in ids if (item := self.kb.get(i)) is not None and item.kind in ("figure", "passage")]
        if not entries:
            return None
        label = self.kb.catalog.vocabulary.domains[domain].label if domain else "your line of work"
        return f"What the sources still say that applies to {label}: {entries[0].text}"

    def assess(self, profile: Profile, feedback: str | None = None) -> Assessment:
        matches, domain = self.matches(profile, feedback)
        fit = self.fit_of(matches)
        role = self.matcher.roles.get(matches[0].role_id) if fit != "none" else None
        who = Who.of(profile, [role.id if role else None])
        entry_figure = self._entry_level_figure(profile, who)
        applies = self._applies(fit, domain, who)
        unknown = self.unknown_job(profile, domain) if fit == "none" else None
        summary, cited = self._summary(role, profile, matches, fit, domain, applies, entry_figure, unknown)
        summary = self.audiences.kept(summary, who) or summary  # no figure about a group the person is not in
        return Assessment(
            role_matches=matches, fit=fit, fit_note=self._fit_note(fit, matches, domain, unknown),
            tentative=self._thin(profile),
            exposure=self.exposure(role, profile, entry_figure, plain=not self.audiences.member("tech", who)),
            durable_strengths=self.strengths(role, profile), durable_work=list(role.durable[:4]) if role else [],
            gaps=self.gaps(role, profile), risk_summary=clipped(summary, 1200), applies=applies, citations=cited[:12],
        )

    def _entry_level_figure(self, profile: Profile, who: Who) -> str | None:
        """The market figure on entry-level hiring, for people early in their careers (and of its age, if said)."""
        if not profile.early_career:
            return None
        hits = retrieve(self.kb, ENTRY_LEVEL_QUERY, 1, kinds=["figure"])
        return hits[0].id if hits and self.audiences.entry_for(hits[0].id, who) else None

    def _summary(self, role: Role | None, profile: Profile, matches: list[RoleMatch], fit: Fit, domain: str | None,
                 applies: list[str], entry_figure: str | None, unknown: str | None) -> tuple[str, list[str]]:
        parts: list[str] = []
        cited: list[str] = []
        if role is not None:
            if self.first_line(role, profile) and role.first_line_note:
                parts.append(f"Outlook for people who lead a team, in {role.name}: {role.outlook}. "
                             f"{role.first_line_note}")
            else:
                parts.append(f"Outlook for {role.name}: {role.outlook}. {role.outlook_note}")
            cited += [role.id, *role.citations[:2]]
        if fit == "uncertain":
            parts.append(f"Your work looks closest to {matches[0].name}, though I'm not sure of it.")
        elif fit == "none":
            parts.append(notes.NO_SUCH_ROLE.format(job=unknown) if unknown else
                         "I could not match your work to a role I know with any confidence.")
        if text := self._applies_text(applies, domain):
            parts.append(text)
            cited += applies
        if entry_figure is not None and (figure := self.kb.get(entry_figure)) is not None:
            parts.append(f"Market context: {figure.text}")
            cited.append(entry_figure)
        if (target := self.matcher.roles.get(profile.target_role or "")) and target is not role \
                and target.id not in profile.roles_not:
            parts.append(f"Your goals point toward {target.name}, whose outlook is {target.outlook}.")
            cited.append(target.id)
        labels = self.kb.catalog.vocabulary.concern_kinds
        worries = [labels[k].label for k in profile.concern_kinds if k in labels]
        if worries:
            said = worries[0] if len(worries) == 1 else f"{', '.join(worries[:-1][:2])} and {worries[-1]}"
            parts.append(f"You told me you worry about {said}; the plan answers each, or says plainly where the "
                         "sources cannot.")
        if self._thin(profile):
            parts.append(notes.THIN_NOTE)
        return " ".join(p for p in parts if p), list(dict.fromkeys(cited))


