"""The HTTP API at the edge: `api.app.create_app(settings)` wires routes onto the session service (`sessions`)."""
