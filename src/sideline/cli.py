"""The `sideline` command: Django's management commands without manage.py."""

from __future__ import annotations

import os
import sys


def main(argv: list[str] | None = None) -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "sideline.settings")
    # The embedding model ships inside a package; never let a library reach for a model hub.
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
    from django.core.management import execute_from_command_line

    from sideline.lib.env import EnvError

    args = sys.argv[1:] if argv is None else argv
    try:
        execute_from_command_line(["sideline", *args])
    except EnvError as exc:
        sys.stderr.write(f"sideline: configuration error: {exc}\n")
        raise SystemExit(2) from None


if __name__ == "__main__":
    main()
