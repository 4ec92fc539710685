"""Screenshots of pages as a role sees them, for looking at what you built (not a test).

Usage: .venv/bin/python scripts/screenshots.py [--base http://127.0.0.1:8000] ROLE:PATH [ROLE:PATH ...]
ROLE is a demo username or "anonymous"; the password is DEMO_PASSWORD from .env. PNGs go to screenshots/.
"""

import argparse
import os
import re
from pathlib import Path

from playwright.sync_api import sync_playwright

CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


def demo_password() -> str:
    for line in Path(".env").read_text().splitlines():
        if line.startswith("DEMO_PASSWORD="):
            return line.split("=", 1)[1]
    return os.environ.get("DEMO_PASSWORD", "")


def security_code(username: str) -> str:
    """The demo user's current code from its demo authenticator (make run prints the same secrets)."""
    import django

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "portal.settings")
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"  # Playwright runs an event loop in this thread
    django.setup()
    from django.contrib.auth import get_user_model

    from portal import mfa

    device = mfa.demo_device_ensure(get_user_model().objects.get(username=username))
    return mfa.code_for_now(device)[0]


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--base", default="http://127.0.0.1:8000")
    parser.add_argument("--width", type=int, default=1280)
    parser.add_argument("pages", nargs="+")
    args = parser.parse_args()
    out = Path("screenshots")
    out.mkdir(exist_ok=True)
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path="/usr/bin/chromium", args=CHROMIUM_ARGS)
        contexts = {}
        for spec in args.pages:
            role, path = spec.split(":", 1)
            if role not in contexts:
                context = browser.new_context(viewport={"width": args.width, "height": 900})
                if role != "anonymous":
                    page = context.new_page()
                    page.goto(f"{args.base}/sign-in/")
                    page.fill("#id_username", role)
                    page.fill("#id_password", demo_password())
                    page.click("button:has-text('Sign in')")
                    if page.locator("text=Enter the security code").count():
                        page.fill("input[name=code]", security_code(role))
                        page.click("button:has-text('Continue')")
                    page.close()
                contexts[role] = context
            page = contexts[role].new_page()
            page.goto(f"{args.base}{path}")
            name = re.sub(r"[^a-z0-9]+", "-", f"{role}{path}".lower()).strip("-")
            page.screenshot(path=out / f"{name}.png", full_page=True)
            print(out / f"{name}.png")
            page.close()
        browser.close()


if __name__ == "__main__":
    main()
