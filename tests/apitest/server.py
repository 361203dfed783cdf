"""A real `coach serve` process on a free loopback port (shared with the benchmarks: `evals.servers`)."""

from evals.servers import Server, coach_command, coach_serve
from localmodel import free_port

__all__ = ["Server", "coach_command", "coach_serve", "free_port"]
