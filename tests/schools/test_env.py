from __future__ import annotations

import pytest

from sideline.lib.env import EnvError, env_bool, env_int, env_list, env_str


def test_env_bool_accepts_common_spellings_and_rejects_the_rest(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("X", "Yes")
    assert env_bool("X") is True
    monkeypatch.setenv("X", "off")
    assert env_bool("X", True) is False
    monkeypatch.setenv("X", "maybe")
    with pytest.raises(EnvError, match="X='maybe' is not a boolean"):
        env_bool("X")
    monkeypatch.delenv("X")
    assert env_bool("X", True) is True


def test_env_int_checks_range(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("N", "70000")
    with pytest.raises(EnvError, match="above the maximum of 65535"):
        env_int("N", 25, maximum=65535)
    monkeypatch.setenv("N", "twenty")
    with pytest.raises(EnvError, match="not a whole number"):
        env_int("N", 25)
    monkeypatch.setenv("N", "587")
    assert env_int("N", 25) == 587


def test_env_list_and_secret_files(monkeypatch: pytest.MonkeyPatch, tmp_path: object) -> None:
    monkeypatch.setenv("HOSTS", "a.example, b.example ,")
    assert env_list("HOSTS", []) == ["a.example", "b.example"]
    monkeypatch.setenv("HOSTS", " , ")
    with pytest.raises(EnvError, match="empty"):
        env_list("HOSTS", [])
    secret = tmp_path / "pw"  # type: ignore[operator]
    secret.write_text("s3cret\n")
    monkeypatch.setenv("PW_FILE", str(secret))
    assert env_str("PW") == "s3cret"
    monkeypatch.setenv("PW_FILE", str(tmp_path / "missing"))  # type: ignore[operator]
    with pytest.raises(EnvError, match="cannot be read"):
        env_str("PW")


@pytest.mark.parametrize(
    ("name", "value", "message"),
    [
        ("SIDELINE_DATABASE_URL", "mysql://x/y", "only sqlite:/// and postgres:// URLs are supported"),
        (
            "SIDELINE_TRIAGE_COLD_START",
            "later",
            "SIDELINE_TRIAGE_COLD_START='later': use wait, background or word-model",
        ),
    ],
)
def test_a_bad_setting_fails_loudly_at_start_up(
    tmp_path: object, name: str, value: str, message: str
) -> None:
    import os
    import subprocess
    import sys

    env = {**os.environ, name: value, "SIDELINE_VAR_DIR": str(tmp_path)}
    result = subprocess.run(
        [sys.executable, "-m", "sideline.cli", "check"], env=env, capture_output=True, text=True, timeout=60
    )
    assert result.returncode == 2
    assert message in result.stderr
