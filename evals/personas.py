"""Coachees with different jobs, budgets and goals, answering by profile field."""

from __future__ import annotations

from graphs.driver import SessionScript

PERSONAS: dict[str, tuple[str, float, SessionScript]] = {
    # name: (expected matched role, weekly hours, script)
    "manual_qa": ("role.qa-ai-quality", 5, SessionScript(answers={
        "current_role": "Manual QA tester at a fintech, about 6 years",
        "situation": "employed",
        "main_tasks": "Writing test cases, running regression suites by hand, filing bug tickets",
        "hours_per_week": "about 5 hours a week",
        "goals": "Keep my job safe and move toward testing AI features",
        "skills": "Exploratory testing, SQL, Jira, some Python basics",
        "ai_tools": "ChatGPT for test ideas",
        "concerns": "That regression testing gets automated away",
        "constraints": "Evenings only, two kids",
    })),
    "product_manager": ("role.product-manager", 8, SessionScript(answers={
        "current_role": "Senior product manager for a B2B analytics product",
        "situation": "employed",
        "main_tasks": "Writing specs and PRDs, stakeholder alignment, roadmap prioritisation, customer interviews",
        "hours_per_week": "8",
        "goals": "Become the PM who ships AI features with quality in production",
        "skills": "Roadmapping, stakeholder management, SQL, experimentation",
        "ai_tools": "ChatGPT and Claude for drafting specs",
        "concerns": "Being replaced by engineers who prompt their own specs",
        "constraints": "none",
    })),
    "junior_developer": ("role.software-engineer", 10, SessionScript(answers={
        "current_role": "Junior developer, frontend, 1 year in",
        "situation": "employed full time",
        "main_tasks": "Building React components, fixing UI bugs, writing unit tests",
        "hours_per_week": "2 hours a day",
        "goals": "Move into applied AI engineering and build LLM features",
        "skills": "JavaScript, React, CSS, a little Python",
        "ai_tools": "GitHub Copilot and Cursor",
        "concerns": "Entry-level jobs disappearing",
        "constraints": "Tight budget for courses",
    })),
    "director": ("role.leadership", 3, SessionScript(answers={
        "current_role": "Director of engineering at a logistics company",
        "situation": "employed",
        "main_tasks": "Managing managers, budget planning, hiring, status reporting to the exec team",
        "hours_per_week": "3",
        "goals": "Lead our AI adoption with clear accountability",
        "skills": "People leadership, budgeting, delivery management",
        "ai_tools": "Copilot for email summaries",
        "concerns": "My layer of management being flattened",
        "constraints": "Travel most weeks",
    })),
    "customer_success": ("role.customer-success", 4, SessionScript(answers={
        "current_role": "Customer success manager for mid-market SaaS accounts",
        "situation": "employed",
        "main_tasks": "Onboarding customers, answering support tickets, renewal calls, QBR decks",
        "hours_per_week": "4 hours",
        "goals": "Stay valuable as AI takes over support, maybe move into solutions engineering",
        "skills": "Relationship building, product demos, Salesforce",
        "ai_tools": "none",
        "concerns": "AI chatbots replacing support teams",
        "constraints": "none",
    })),
    "illustrator": ("role.creative-illustration", 6, SessionScript(answers={
        "current_role": "Freelance illustrator for game studios",
        "situation": "freelance",
        "main_tasks": "Concept art, character sheets, client revisions, pitching studios",
        "hours_per_week": "6 hours weekly",
        "goals": "Keep earning from art and find the work AI can't take",
        "skills": "Digital painting, character design, client communication",
        "ai_tools": "Midjourney, reluctantly",
        "concerns": "Commission rates collapsing",
        "constraints": "Irregular income",
    })),
}

# A QA engineer. Asked about goals, the first answer is vague, so the question comes back: with role (the
# employer is named, so the situation is not asked), tasks, goals twice, concerns, constraints, hours, skills, tools
# and experience, that is 10 questions, then the two reviews.
QA_ENGINEER_QUESTIONS = 10
# The same QA engineer. Asked about goals, the first answer is vague, so the question comes back: 8 answers in all.
QA_ENGINEER = SessionScript(answers={
    "current_role": "QA engineer at a fintech",
    "main_tasks": "Writing test cases, running regression suites by hand, triaging bugs, release sign-off",
    "hours_per_week": "about 5 hours a week",
    "goals": ["not sure", "Move into test automation and AI quality"],
    "skills": "Exploratory testing, SQL, Jira, Python basics",
    "ai_tools": "ChatGPT for test ideas",
    "years_experience": "6 years",
    "seniority": "mid-level individual contributor",
    "concerns": "That regression testing gets automated away",
    "constraints": "Evenings only",
})
