"""Reading people's words: one screen and one reading per answer, with a typed result.

`screen` takes out what is not the person's (personal data, markup, instructions to the system); `answers` reads
what is left into profile facts, the latest statement winning and loose readings marked; `rules` holds the named
patterns of `knowledge/data/reading.yaml`, and records which fired. Below the agents, above the domain types.
"""
