"""Writes a development .env (`make run` does this once): a random SECRET_KEY and DEMO_PASSWORD, DEBUG on.

An existing .env is never changed. Run as: python -m portal.envfile .env
"""

import secrets
import sys
from pathlib import Path


def write_env(path: Path) -> bool:
    if path.exists():
        return False
    password = "-".join(secrets.token_hex(3) for _ in range(4))
    path.write_text(
        "# Written by `make run` for development. Not for production: see README.md, Configuration.\n"
        "DEBUG=true\n"
        f"SECRET_KEY={secrets.token_urlsafe(50)}\n"
        f"DEMO_PASSWORD={password}\n"
    )
    path.chmod(0o600)
    return True


if __name__ == "__main__":
    target = Path(sys.argv[1] if len(sys.argv) > 1 else ".env")
    print(f"Wrote {target}." if write_env(target) else f"{target} exists: left as it is.")
