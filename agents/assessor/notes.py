"""What an assessment says to the person about how surely it placed them: each text named, filled from the
matches (`agents/assessor/assessing.py`)."""

from __future__ import annotations

FIRST_LINE_REASON = ("You lead a team, but this role is written for people who manage managers and own strategy, so "
                     "only part of it fits you.")
FIT_NOTES = {
    "uncertain": ("I think your work is closest to {role}, but I'm not sure. If that's wrong, reject this "
                  "assessment and tell me your role in a few words, and I'll redo it."),
    "none": ("None of the roles I know fits your work well{domain}. The nearest are {nearest}, and I hold even "
             "those loosely. If you reject this assessment with your role in a few words, I'll redo it."),
}
NO_SUCH_ROLE_NOTE = ("The sources I work from have no role for {job}, so I don't place you in one: what I say "
                     "about your exposure is read from the tasks you named. {shown} If one of the catalog's roles is "
                     "yours after all, your coach can pick it.")
NEAREST_SHOWN = "The nearest roles are {nearest}, held loosely."
GUESSES_SHOWN = "The roles shown are only guesses, not matches."
NO_SUCH_ROLE = "The sources I work from have no role for {job}; what follows is read from the tasks you named."
NO_EVIDENCE_NOTE = ("I can't place your work from what you've told me so far; the roles shown are guesses, not "
                    "matches. Reject this assessment with your job in a few words, and I'll redo it.")
NO_MATCH_NOTE = ("None of the roles I know matches the work you told me about, so I don't place you in one: what I "
                 "say about your exposure is read from the tasks you named. If one of them is yours after all, reject "
                 "this assessment with your role in a few words, or your coach can pick it.")
"""Nothing the person said points to a catalog role (no title named, no specific words of its work shared), yet
they said enough: no role is shown, not even as a guess, and 'too little to go on' is never said."""
THIN_NOTE = ("I don't know enough about your work yet for a firm assessment, so treat this one, and the plan "
             "that follows, as tentative.")
