"""Types that more than one part of the product uses: the profile, assessment, plan and review, the graph's
state, and the interrupt/resume contract. Below the agents, above the knowledge base: nothing here calls a
model, touches a database or knows about HTTP."""
