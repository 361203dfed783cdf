"""What a redone assessment changed, said from the two versions themselves - never a claim written beside them.

"Your role: Copywriter ... now (was Creative work)" is produced from the role matches of both versions; when nothing
an assessment holds changed, it says so, and that the coach can edit it directly.
"""

from __future__ import annotations

from domain.assessment import Assessment
from domain.profile import Profile

NOTHING_CHANGED = ("I read your feedback, but it changes nothing I can assess from the sources: the role match and "
                   "the exposure stay as they were. Your coach can edit the assessment directly, or pick the role.")
NO_ROLE = "none of the catalog's roles"


def _role(assessment: Assessment) -> str:
    return NO_ROLE if assessment.fit == "none" or not assessment.role_matches else assessment.role_matches[0].name


def _confidence(assessment: Assessment) -> float:
    return assessment.role_matches[0].confidence if assessment.role_matches else 0.0


def changes(previous: Assessment, new: Assessment, before: Profile, after: Profile,
            names: dict[str, str] | None = None, roles: dict[str, str] | None = None,
            worries: dict[str, str] | None = None) -> list[str]:
    """The differences between two assessments (and the profile each was written from), in plain words."""
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
    if added := [g for g in new.gaps if g.lower() not in {x.lower() for x in previous.gaps}]:
        notes.append(f"Gaps added: {'; '.join(added[:4])}.")
    levels = {e.dynamic: e.level for e in previous.exposure}
    named = names or {}
    notes += [f"Exposure to {named.get(e.dynamic, e.dynamic.replace('-', ' '))}: {e.level} (was {levels[e.dynamic]})."
              for e in new.exposure if e.dynamic in levels and levels[e.dynamic] != e.level]
    return notes or [NOTHING_CHANGED]


def _target_note(before: str | None, after: str | None, roles: dict[str, str]) -> str:
    """Where the person's goals point now, said from the two profiles."""
    was, now = roles.get(before or "", "no catalog role"), roles.get(after or "", "")
    return f"Your goals now point toward {now} (was {was})." if now else f"Your goals no longer point toward {was}."
