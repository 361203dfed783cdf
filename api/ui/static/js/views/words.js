// The words the page uses for the API's codes. An unknown code falls back to a humanized form of itself.

import { humanize } from "../dom.js";

export const STATUS_TEXT = {
  interviewing: "answering the interview",
  confirming: "checking what the interview understood",
  awaiting_review: "a draft waits for a review",
  planning: "the plan is being drafted",
  completed: "the plan is approved",
  failed: "the last run failed; it can be retried",
};

export const KIND_TEXT = {
  question: "Question",
  profile_review: "What I understood",
  assessment_review: "Assessment review",
  plan_review: "Plan review",
  checkin: "Check-in",
};

// What a node of the graph is doing, said to the person watching.
export const NODE_TEXT = {
  inbox: "Reading what came in",
  intake: "Opening the session",
  interview: "Reading your answer",
  ask: "Choosing the next question",
  announce: "Putting the next step to you",
  profile_review: "Waiting for you to check what I understood",
  assess: "Writing the assessment",
  assessment_review: "Waiting at the assessment review",
  plan: "Drafting the plan",
  review: "Checking the plan against its sources",
  plan_review: "Waiting at the plan review",
  finalize: "Finishing",
  recall: "Recalling what I know of you",
  checkin_start: "Opening the check-in",
  checkin_ask: "Reading your check-in answer",
  remember: "Keeping what was agreed",
};

/** The reviews a coach decides (the profile review is the person's own, on their session page). */
export const COACH_REVIEWS = new Set(["assessment_review", "plan_review"]);

export const DYNAMICS = {
  "cheaper-execution": "Cheaper execution",
  "quality-security": "Quality and security",
  "compute-costs": "Compute costs",
  "human-ai-boundary": "The human–AI boundary",
};

export const STAGES = {
  survive: "Survive",
  adapt: "Adapt",
  lead: "Lead",
};

export function kindText(kind) {
  return KIND_TEXT[kind] || humanize(kind);
}

export function nodeText(node) {
  return NODE_TEXT[node] || humanize(node || "working");
}
