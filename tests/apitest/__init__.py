"""Helpers for the API tests: a coachee persona, a client that drives a session, a real `coach serve` process."""
