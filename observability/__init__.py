"""Tracing for the coach: OpenTelemetry spans with GenAI and OpenInference attributes, a span store, redaction.

Modules: ``tracing`` (providers, the run's root span), ``callbacks`` (the LangChain/LangGraph handler, with
``llm_fields`` and ``content`` for what it reads off model runs), ``store`` (span table, exporter, reads for
the API), ``redaction``, ``pricing``, ``metrics``, ``spans`` (shared helpers), ``semconv`` (attribute names).
Import from the modules; this package imports nothing on its own.
"""
