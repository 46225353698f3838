"""Every module declares ``__all__``, and every name in it exists."""

from __future__ import annotations

import importlib
import pkgutil

import pytest

import onrecord

MODULES = sorted(
    m.name
    for m in pkgutil.walk_packages(onrecord.__path__, "onrecord.")
    # Alembic's migration scripts are run by Alembic, not imported as a library.
    if m.name != "onrecord.__main__" and not m.name.startswith("onrecord.store.migrations")
)


@pytest.mark.parametrize("name", MODULES)
def test_module_declares_its_public_names(name: str) -> None:
    module = importlib.import_module(name)
    if not hasattr(module, "__all__"):
        assert name in {"onrecord.extract", "onrecord.schema", "onrecord.data"}, name
        return
    for public in module.__all__:
        assert hasattr(module, public), f"{name}.{public}"


def test_package_exports() -> None:
    assert onrecord.__all__ == ["Reader", "Settings", "__version__"]
