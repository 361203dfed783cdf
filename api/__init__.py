"""The HTTP API: `api.app.create_app(settings)`; the session runner in `api.runner`; tables in `api.models`."""
