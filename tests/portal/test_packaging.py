"""The project builds as a wheel that holds every app: installed alone in a fresh virtual environment (the
dependencies come from this one), `manage.py check` passes on the installed code, not on this tree."""

import shutil
import subprocess
import sys
import sysconfig
import zipfile
from pathlib import Path

from django.apps import apps

ROOT = Path(__file__).resolve().parents[2]


def our_apps() -> list[str]:
    """The INSTALLED_APPS that are this project's own: packages at the top of this tree."""
    own_packages = {path.parent.name for path in ROOT.glob("*/__init__.py")}
    return [config.name for config in apps.get_app_configs() if config.name.split(".")[0] in own_packages]


def test_the_wheel_holds_every_app_and_passes_check(tmp_path):
    # Built from a copy, so setuptools' build/ and egg-info folders never land in the working tree.
    source = tmp_path / "source"
    source.mkdir()
    for name in ["pyproject.toml", "README.md"]:
        shutil.copy(ROOT / name, source / name)
    for package in {path.parent.name for path in ROOT.glob("*/__init__.py")}:
        shutil.copytree(ROOT / package, source / package, ignore=shutil.ignore_patterns("__pycache__"))
    subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--quiet", "--no-deps", "--no-build-isolation"]
        + ["--wheel-dir", str(tmp_path / "dist"), str(source)],
        check=True,
        cwd=tmp_path,
    )
    (wheel,) = (tmp_path / "dist").glob("commissioning_portal-*.whl")
    names = set(zipfile.ZipFile(wheel).namelist())
    missing = [name for name in our_apps() if f"{name.replace('.', '/')}/apps.py" not in names]
    assert not missing, f"apps missing from the wheel: {missing}"
    assert "committees/static/committees/committees.css" in names
    assert "portal/data/personal_data_words.json" in names  # the personal-data warning's word lists

    venv = tmp_path / "venv"
    subprocess.run([sys.executable, "-m", "venv", "--without-pip", str(venv)], check=True)
    python = venv / "bin" / "python"
    site = Path(
        subprocess.run(
            [python, "-c", "import sysconfig; print(sysconfig.get_path('purelib'))"],
            check=True,
            capture_output=True,
            text=True,
        ).stdout.strip()
    )
    zipfile.ZipFile(wheel).extractall(site)
    # The dependencies: this environment's site-packages, after the wheel's own files.
    (site / "dependencies.pth").write_text(sysconfig.get_path("purelib") + "\n")
    env = {
        "PATH": "/usr/bin:/bin",
        "SECRET_KEY": "packaging-test-only-0123456789-0123456789-0123456789",
        "DATABASE_URL": "postgres://nobody@127.0.0.1:1/unused",  # check never connects
        "DJANGO_SETTINGS_MODULE": "portal.settings",
    }
    where = subprocess.run(
        [python, "-c", "import portal, committees; print(portal.__file__); print(committees.__file__)"],
        check=True,
        capture_output=True,
        text=True,
        env=env,
        cwd=tmp_path,
    ).stdout.split()
    assert all(Path(path).is_relative_to(site) for path in where), where
    check = subprocess.run(
        [python, "-m", "django", "check"], capture_output=True, text=True, env=env, cwd=tmp_path
    )
    assert check.returncode == 0, check.stderr
    assert "System check identified no issues" in check.stdout
