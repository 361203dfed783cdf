"""One employer's own numbers (a firm's support headcount, its job cuts) are said as that firm's, told only to people
whose role is in its field, and a guard fails a draft that says them as a trend or as the person's prospects."""

from __future__ import annotations

import pytest

from agents.audience import Audiences, Who
from agents.guards import Guards
from domain.assessment import Assessment, ExposureAssessment
from domain.profile import Profile
from knowledge.base import KnowledgeBase

SUPPORT_AGENT = Profile(current_role="helpdesk agent at a broadband provider", matched_role="role.customer-success",
                        confirmed=True)
SHOP_WORKER = Profile(current_role="shop floor assistant", domain="retail", confirmed=True)


def test_employer_figures_name_their_employer(kb: KnowledgeBase) -> None:
    scoped = [f for f in kb.catalog.figures if f.employer]
    assert {f.employer for f in scoped} >= {"Salesforce", "Microsoft"}
    assert all(f.employer and f.employer.lower() in f.statement.lower() for f in scoped)


def test_a_firms_figure_reaches_only_its_field_not_a_line_of_work(kb: KnowledgeBase) -> None:
    audiences = Audiences(kb)
    cut = next(f for f in kb.catalog.figures if f.id == "fig.salesforce-support-after")
    assert audiences.for_person(cut, Who.of(SUPPORT_AGENT))
    assert not audiences.for_person(cut, Who.of(SHOP_WORKER))  # retail is in the support group, not this firm's field


@pytest.mark.parametrize("sentence", [
    "Support teams are shrinking: headcount fell from 9,000 to 5,000 once AI took on the tickets.",
    "Your team could go from 9,000 to 5,000 as Salesforce did.",
    "One bank cut its support staff from 9,000 to 5,000.",
    "Expect AI to take 30 to 50% of your workload.",
])
def test_a_firms_numbers_said_as_general_or_as_theirs_fail(kb: KnowledgeBase, sentence: str) -> None:
    issues = Guards(kb).claims.figures(iter([("risk_summary", sentence)]), Who.of(SUPPORT_AGENT))
    assert issues and "one employer" in issues[0].message, issues


@pytest.mark.parametrize("sentence", [
    "One US software firm, Salesforce, cut its own support staff from 9,000 to 5,000 once AI took on the tickets.",
    "At Salesforce, AI was handling 30 to 50% of the support workload when the team was cut.",
])
def test_a_firms_numbers_said_as_that_firms_pass_for_its_field(kb: KnowledgeBase, sentence: str) -> None:
    assert Guards(kb).claims.figures(iter([("risk_summary", sentence)]), Who.of(SUPPORT_AGENT)) == []


def test_the_same_sentence_fails_for_someone_outside_the_field(kb: KnowledgeBase) -> None:
    said = "One US software firm, Salesforce, cut its own support staff from 9,000 to 5,000."
    assert Guards(kb).claims.figures(iter([("risk_summary", said)]), Who.of(SHOP_WORKER))


def test_kept_drops_a_generalised_figure_and_keeps_the_rest(kb: KnowledgeBase) -> None:
    text = "Routine tickets go to AI first. Support headcount falls from 9,000 to 5,000. Relationships last."
    assert Audiences(kb).kept(text, Who.of(SUPPORT_AGENT)) == "Routine tickets go to AI first. Relationships last."


def test_an_assessment_stating_a_firms_cut_as_a_trend_fails_its_review(kb: KnowledgeBase) -> None:
    exposure = [ExposureAssessment(dynamic=d, level="high", rationale="Support jobs fell from 9,000 to 5,000.",
                                   citations=["fig.salesforce-support-after"])
                for d in ("cheaper-execution", "quality-security", "compute-costs", "human-ai-boundary")]
    draft = Assessment(role_matches=[], fit="none", exposure=exposure, risk_summary="Shifting.",
                       citations=["fig.salesforce-support-after"])
    review = Guards(kb).check_assessment(draft, SUPPORT_AGENT)
    assert any(i.check == "figures" for i in review.issues)
