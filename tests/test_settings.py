from __future__ import annotations

from pathlib import Path

import pytest

from onrecord import Settings
from onrecord.errors import ConfigError


def test_environment_then_overrides() -> None:
    env = {"ONRECORD_MODEL": "custom_model", "ONRECORD_MAX_BYTES": "2048", "ONRECORD_KB": "/a:/b"}
    settings = Settings.from_env(env)
    assert settings.model == "custom_model"
    assert settings.max_bytes == 2048
    assert settings.kb == (Path("/a"), Path("/b"))
    assert Settings.from_env(env, model="other", kb=None).model == "other"


def test_bad_value_is_a_clear_error() -> None:
    with pytest.raises(ConfigError, match="ONRECORD_MAX_BYTES='lots' is not a valid max_bytes"):
        Settings.from_env({"ONRECORD_MAX_BYTES": "lots"})
