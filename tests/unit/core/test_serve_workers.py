"""``iys serve --workers N``: several processes only where nothing they keep is their own."""

from __future__ import annotations

from pathlib import Path

import pytest

from server.cli import main, workers_refusal
from server.core.settings import Settings, get_settings

POSTGRES = "postgres://izinhub@127.0.0.1:5432/izinhub"
REDIS = "redis://127.0.0.1:6379/0"


def _settings(tmp_path: Path, **values: str) -> Settings:
    return Settings(data_dir=tmp_path, **values)  # type: ignore[arg-type]


def test_one_process_needs_nothing(tmp_path: Path) -> None:
    assert workers_refusal(1, _settings(tmp_path)) is None


def test_several_need_redis(tmp_path: Path) -> None:
    refusal = workers_refusal(4, _settings(tmp_path, database_url=POSTGRES))
    assert "IYS_REDIS_URL" in (refusal or "")


def test_several_need_the_postgresql_job_engine(tmp_path: Path) -> None:
    # given Redis but the in-process engine (SQLite, or PostgreSQL told to keep it)
    on_sqlite = _settings(tmp_path, redis_url=REDIS)
    kept = _settings(tmp_path, redis_url=REDIS, database_url=POSTGRES, job_engine="inprocess")
    # then both are refused, naming the engine
    for settings in (on_sqlite, kept):
        refusal = workers_refusal(2, settings)
        assert "IYS_JOB_ENGINE=procrastinate" in (refusal or "")


def test_several_run_on_postgresql_with_redis_and_the_job_engine(tmp_path: Path) -> None:
    settings = _settings(tmp_path, redis_url=REDIS, database_url=POSTGRES)
    assert workers_refusal(4, settings) is None


def test_the_command_refuses_before_it_migrates(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    # given an embedded setup (SQLite) with Redis
    monkeypatch.setenv("IYS_DATA_DIR", str(tmp_path))
    monkeypatch.setenv("IYS_REDIS_URL", REDIS)
    monkeypatch.delenv("IYS_DATABASE_URL", raising=False)
    monkeypatch.delenv("IYS_JOB_ENGINE", raising=False)
    get_settings.cache_clear()
    # when
    try:
        code = main(["serve", "--workers", "2"])
    finally:
        get_settings.cache_clear()
    # then
    assert code == 2
    assert "in-process engine" in capsys.readouterr().err
    assert not list(tmp_path.glob("*.sqlite3"))
