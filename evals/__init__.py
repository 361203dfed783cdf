"""The evaluation set: people of many kinds with the properties their sessions should show, and drivers that run
them through the graph or the HTTP API. Used by the tests and by `bench/`."""
