from coach.settings import Settings
from observability.tracing import ObservabilitySettings, build_tracer_provider
def f(s: Settings) -> None:
    x: ObservabilitySettings = s
    build_tracer_provider(s)
