"""``TORTOISE_ORM`` for the ``tortoise`` command line (makemigrations, history, sqlmigrate)."""

from server.core.db import tortoise_config
from server.core.settings import get_settings

TORTOISE_ORM = tortoise_config(get_settings(), url=get_settings().resolved_migration_url)
