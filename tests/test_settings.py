import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


def test_production_settings_pass_check_deploy():
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "hwcollab.settings.production",
        "SECRET_KEY": "a-long-random-production-secret-key-for-the-check-only-0123456789abcdef",
        "ALLOWED_HOSTS": "hwcollab.example.org",
    }
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues" in result.stdout


def test_production_settings_require_secret_key():
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "hwcollab.settings.production", "ALLOWED_HOSTS": "x.org"}
    env.pop("SECRET_KEY", None)
    result = subprocess.run(
        [sys.executable, "manage.py", "check"], cwd=ROOT, env=env, capture_output=True, text=True, check=False
    )
    assert result.returncode != 0
    assert "SECRET_KEY is required" in result.stderr


@pytest.mark.parametrize(("value", "expected"), [(None, "False"), ("true", "True")])
def test_the_django_admin_is_off_in_production_unless_enabled(value, expected):
    env = {**os.environ, "SECRET_KEY": "x", "ALLOWED_HOSTS": "example.org"}
    env.pop("DJANGO_ADMIN_ENABLED", None)
    if value:
        env["DJANGO_ADMIN_ENABLED"] = value
    result = subprocess.run(
        [sys.executable, "-c", "from hwcollab.settings import production; print(production.DJANGO_ADMIN_ENABLED)"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        check=True,
    )
    assert result.stdout.strip() == expected
