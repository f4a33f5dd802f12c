"""The ``iys`` command: serve, migrate, run a job worker, import a file, export the schema."""

from __future__ import annotations

import argparse
import asyncio
import sys
from pathlib import Path

from server.core.settings import Settings, get_settings


def main(argv: list[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    handler = {
        "serve": _serve,
        "migrate": _migrate,
        "worker": _worker,
        "import": _import,
        "export-schema": _export_schema,
    }[args.command]
    return handler(args)


def workers_refusal(workers: int, settings: Settings) -> str | None:
    """Why ``iys serve --workers N`` cannot run with these settings, or None when it can."""
    if workers < 1:
        return "--workers must be at least 1"
    if workers == 1:
        return None
    if not settings.redis_url:
        return (
            "several workers need IYS_REDIS_URL: without it rate limits, sign-in lockouts and "
            "recipient code limits would be counted separately by each process."
        )
    if settings.resolved_job_engine == "inprocess":
        return (
            "several workers need the PostgreSQL job engine (IYS_JOB_ENGINE=procrastinate and "
            "`iys worker`): with the in-process engine each process would run background jobs "
            "of its own and resume the same interrupted imports."
        )
    return None


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="iys", description="İzinHub: İYS consent management.")
    commands = parser.add_subparsers(dest="command", required=True)
    serve = commands.add_parser("serve", help="Run the web server (applies migrations first).")
    serve.add_argument("--host", default="127.0.0.1")
    serve.add_argument("--port", type=int, default=8000)
    serve.add_argument("--no-migrate", action="store_true", help="Do not migrate at start.")
    serve.add_argument(
        "--workers",
        type=int,
        default=1,
        help="Server processes sharing the port (more than 1 needs IYS_REDIS_URL and the "
        "PostgreSQL job engine).",
    )
    commands.add_parser("migrate", help="Apply pending database migrations.")
    commands.add_parser(
        "worker",
        help="Run background jobs from the PostgreSQL queue (IYS_JOB_ENGINE=procrastinate) "
        "until SIGTERM; run as many as you like.",
    )
    imp = commands.add_parser("import", help="Import a consent file (CSV or XLSX) for a brand.")
    imp.add_argument("file", type=Path)
    imp.add_argument("--tenant", required=True, help="The tenant's slug.")
    imp.add_argument("--brand", required=True, type=int, help="The brand's İYS brand code.")
    imp.add_argument("--provider", type=int, help="The provider's İYS code, when codes repeat.")
    export = commands.add_parser("export-schema", help="Write the GraphQL SDL.")
    export.add_argument("--output", type=Path, default=Path("schema/schema.graphql"))
    return parser


def _serve(args: argparse.Namespace) -> int:
    from server.app import create_app
    from server.core.db import MigrationRefused, migrate_db
    from server.core.logs import configure_logging, logging_config
    from server.core.security.tokens import load_keys
    from server.serving import serve

    settings = get_settings()
    refusal = workers_refusal(args.workers, settings)
    if refusal is not None:
        print(f"iys serve: {refusal}", file=sys.stderr)
        return 2
    configure_logging(settings)  # before migrating, so its lines are formatted the same way
    if not args.no_migrate:
        try:
            asyncio.run(migrate_db(settings))  # once, before any worker starts
        except MigrationRefused as refused:
            print(f"iys serve: {refused}", file=sys.stderr)
            return 2
    load_keys(settings)  # a generated signing key is written before workers read it
    if args.workers == 1:
        serve(create_app(settings), settings, args.host, args.port)
        return 0
    import uvicorn

    # Each worker process imports the factory and builds its own app from the environment;
    # uvicorn's supervisor forwards SIGTERM to them and waits for their own graceful exit.
    # proxy_headers off: X-Forwarded-For is believed only from IYS_TRUSTED_PROXIES (request_meta).
    uvicorn.run(
        "server.app:create_app",
        factory=True,
        workers=args.workers,
        host=args.host,
        port=args.port,
        log_config=logging_config(settings),
        log_level=settings.log_level.lower(),
        proxy_headers=False,
        timeout_graceful_shutdown=settings.shutdown_grace_seconds,
    )
    return 0


def _migrate(args: argparse.Namespace) -> int:
    from server.core.db import MigrationRefused, migrate_db
    from server.core.logs import configure_logging

    settings = get_settings()
    configure_logging(settings)  # its warnings as iys serve writes them
    try:
        asyncio.run(migrate_db(settings))
    except MigrationRefused as refused:
        print(f"iys migrate: {refused}", file=sys.stderr)
        return 2
    print("migrations applied")
    return 0


def _worker(args: argparse.Namespace) -> int:
    from server.worker import run_worker

    return asyncio.run(run_worker(get_settings()))


def _import(args: argparse.Namespace) -> int:
    from server.cli_import import run_import

    return asyncio.run(
        run_import(get_settings(), args.file, args.tenant, args.brand, args.provider)
    )


def _export_schema(args: argparse.Namespace) -> int:
    from schema.root import schema

    text = schema.as_str() + "\n"
    if str(args.output) == "-":
        sys.stdout.write(text)
    else:
        args.output.write_text(text, encoding="utf-8")
        print(f"wrote {args.output}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
