"""The assessor's knowledge engine: deterministic reading of answers and assessment from the catalog."""

from __future__ import annotations

from agents.assessor.assessing import AssessmentWriter
from agents.assessor.matching import RoleMatcher
from agents.engine import Drafted
from domain.assessment import Assessment
from domain.interview import AskedQuestion
from domain.profile import Extraction, Profile
from knowledge.base import KnowledgeBase
from reading.answers import reader_for


class KnowledgeAssessor:
    """Interview extraction and assessment, driven by the catalog. No model, no network."""

    def __init__(self, kb: KnowledgeBase) -> None:
        self.kb = kb
        self.matcher = RoleMatcher(kb)
        self.reader = reader_for(kb)
        self.writer = AssessmentWriter(kb, self.matcher)

    def extract(self, asked: AskedQuestion, answer: str, profile: Profile) -> Drafted[Extraction]:
        return Drafted(self.reader.read(asked, answer, profile))

    def assess(self, profile: Profile, feedback: str | None = None) -> Drafted[Assessment]:
        return Drafted(self.writer.assess(profile, feedback))
