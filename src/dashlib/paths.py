"""Where the project's folders are. Everything can be overridden by argument."""

from __future__ import annotations

import os
from pathlib import Path

# src/dashlib/paths.py -> project root. The app and CLI run from a checkout
# (pip install -e .), which is also how Community Cloud runs it.
PROJECT_ROOT = Path(os.environ.get("DASHLIB_ROOT", Path(__file__).resolve().parents[2]))
SEEDS_DIR = PROJECT_ROOT / "seeds"
DATA_DIR = PROJECT_ROOT / "data"
REFERENCE_DIR = Path(os.environ.get("DASHLIB_REFERENCE", DATA_DIR / "reference"))
BUILD_DIR = DATA_DIR / "build"
CURATION_FILE = DATA_DIR / "curation.yaml"
