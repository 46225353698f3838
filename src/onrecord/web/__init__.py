"""The web app and HTTP API (``onrecord serve``): see :func:`onrecord.web.app.create_app`."""

from __future__ import annotations

from onrecord.web.app import create_app

__all__ = ["create_app"]
