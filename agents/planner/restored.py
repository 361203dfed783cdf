"""What a coach asks to put back ("Put back 'Turn interviews into offers'"): the source action taken out in an earlier
round comes back as it was, rather than a new action written from its title alone."""

from __future__ import annotations

from collections.abc import Sequence

from agents.asked import covers
from domain.feedback import Adjustments
from knowledge.models import Action
from reading.rules import rule


def with_restored(asked: Adjustments, removed: Sequence[str], actions: Sequence[Action]) -> Adjustments:
    """`asked` with the actions taken out earlier (`removed`, by id) that one of its put-back clauses names by its
    title, to be held out no longer."""
    titles = {a.id: a.title for a in actions if a.id in removed}
    named = [x for ask in asked.asks if rule("feedback.put_back").search(ask.said) for x in ask.adds]
    back = [i for i, title in titles.items() if any(covers(x, title) for x in named)]
    return asked.model_copy(update={"restore": back}) if back else asked
