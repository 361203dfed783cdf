"""What a redone assessment changed, said from the two versions themselves - never a claim written beside them.

"Your role: Copywriter ... now (was Creative work)" is produced from the role matches of both versions; when nothing
an assessment holds changed, it says so, and that the coach can edit it directly.
"""

from __future__ import annotations

from agents.assessor.coached import DRAFTING_CLAIM, SAID_BY_COACH
from agents.audience import sentences
from domain.assessment import Assessment
from domain.profile import Profile
from reading.text import pointer

NOTHING_CHANGED = ("I read your feedback, but it changes nothing I can assess from the sources: the role match and "
                   "the exposure stay as they were. Your coach can edit the assessment directly, or pick the role.")
NO_SUCH_ROLE = ("Your work stays {work}: the sources have no role for it, so nothing here is assessed as a catalog "
                "role - the exposure is read from the tasks you named. If one of the catalog's roles is close, your "
                "coach can pick it; otherwise this is the assessment to approve or edit.")
NO_ROLE = "none of the catalog's roles"
UNREAD_WHY = ("I found nothing in these I can change in the assessment: no role, task, tool, strength, gap or worry "
              "of the person's. Your coach can edit the assessment directly.")


def _role(assessment: Assessment) -> str:
    return NO_ROLE if assessment.fit == "none" or not assessment.role_matches else assessment.role_matches[0].name


def _confidence(assessment: Assessment) -> float:
    return assessment.role_matches[0].confidence if assessment.role_matches else 0.0


def changes(previous: Assessment, new: Assessment, before: Profile, after: Profile,
            names: dict[str, str] | None = None, roles: dict[str, str] | None = None,
            worries: dict[str, str] | None = None, unread: list[str] | None = None, *,
            work_named: bool = False) -> list[str]:
    """The differences between two assessments (and the profile each was written from), in plain words.
    `work_named`: the feedback named the person's work (said again, when nothing changed)."""
    notes: list[str] = []
    if after.current_role != before.current_role and after.current_role:
        notes.append(f"Your work now reads: {after.current_role[:120]}.")
    old_role, new_role = _role(previous), _role(new)
    if old_role != new_role:
        notes.append(f"Role: {new_role} (was {old_role}).")
    elif _confidence(previous) != _confidence(new):
        notes.append(f"How sure the role match is: {_confidence(new):.0%} (was {_confidence(previous):.0%}).")
    was_shown, shown = {m.role_id for m in previous.role_matches}, {m.role_id for m in new.role_matches}
    for denied in after.roles_not:  # only what was there and is gone: never claim left out what is still there
        if denied not in before.roles_not and denied in was_shown and denied not in shown:
            name = (roles or {}).get(denied) or next((m.name for m in previous.role_matches if m.role_id == denied),
                                                      "a role")
            notes.append(f"Left out as not yours: {name}.")
    if after.target_role != before.target_role:
        notes.append(_target_note(before.target_role, after.target_role, roles or {}))
    if gone := [k for k in before.concern_kinds if k not in after.concern_kinds]:
        said = "; ".join((worries or {}).get(k, k.replace("_", " ")) for k in gone)
        notes.append(f"Worries left out, as not yours: {said}.")
    notes += _listed("Gaps", previous.gaps, new.gaps)
    notes += _listed("Strengths", previous.durable_strengths, new.durable_strengths)
    was = {e.dynamic: e for e in previous.exposure}
    named = names or {}
    for e in new.exposure:
        if (old := was.get(e.dynamic)) is None:
            continue
        name = named.get(e.dynamic, e.dynamic.replace("-", " "))
        if old.level != e.level:
            notes.append(f"Exposure to {name}: {e.level} (was {old.level}). {_reason(old.rationale, e.rationale)}"
                         .strip())
        elif old.rationale != e.rationale and (reason := _reason(old.rationale, e.rationale)):
            notes.append(f"Exposure to {name} stays {e.level}, with a new reason. {reason}")
        if (claim := DRAFTING_CLAIM.search(old.rationale)) and not DRAFTING_CLAIM.search(e.rationale):
            notes.append(f"Taken out, as your coach said: \"{claim.group(0).strip()}\"")
    if not notes:  # the same work said again, and the sources have no role for it: said plainly, with what applies
        return [NO_SUCH_ROLE.format(work=after.current_role[:120]) if work_named and new.fit == "none"
                and after.current_role else NOTHING_CHANGED]
    if unread:
        said = "; ".join(f'"{pointer(s.strip())}"' for s in unread[:3])
        notes.append(f"Not acted on: {said}. {UNREAD_WHY}")
    return notes


def _listed(what: str, before: list[str], after: list[str]) -> list[str]:
    """Items of a list added and taken out, said from the two lists."""
    old, new = {x.lower() for x in before}, {x.lower() for x in after}
    notes = []
    if added := [x for x in after if x.lower() not in old]:
        notes.append(f"{what} added: {'; '.join(added[:4])}.")
    if gone := [x for x in before if x.lower() not in new]:
        notes.append(f"{what} taken out: {'; '.join(gone[:4])}.")
    return notes


def _reason(before: str, after: str) -> str:
    """The sentences of a rationale that are new, as its changed reason."""
    old = set(sentences(before))
    return " ".join(s for s in sentences(after) if s not in old and s.startswith(SAID_BY_COACH))


def _target_note(before: str | None, after: str | None, roles: dict[str, str]) -> str:
    """Where the person's goals point now, said from the two profiles."""
    was, now = roles.get(before or "", "no catalog role"), roles.get(after or "", "")
    return f"Your goals now point toward {now} (was {was})." if now else f"Your goals no longer point toward {was}."
