"""The GenAI client metrics: operation duration and token usage histograms."""

from __future__ import annotations

from dataclasses import dataclass

from opentelemetry.metrics import Histogram, MeterProvider

from observability import semconv


@dataclass(frozen=True)
class GenAIMetrics:
    """The two histograms the GenAI metric conventions define for clients."""

    operation_duration: Histogram
    token_usage: Histogram

    @classmethod
    def from_meter_provider(cls, meter_provider: MeterProvider) -> GenAIMetrics:
        meter = meter_provider.get_meter(semconv.INSTRUMENTATION_SCOPE)
        return cls(
            operation_duration=meter.create_histogram(
                semconv.METRIC_OPERATION_DURATION,
                unit="s",
                description="GenAI operation duration.",
                explicit_bucket_boundaries_advisory=semconv.DURATION_BUCKETS,
            ),
            token_usage=meter.create_histogram(
                semconv.METRIC_TOKEN_USAGE,
                unit="{token}",
                description="Number of input and output tokens used.",
                explicit_bucket_boundaries_advisory=semconv.TOKEN_BUCKETS,
            ),
        )
