"""The machine benchmark numbers come from, recorded beside them."""

from __future__ import annotations

import os
import platform
from pathlib import Path


def machine() -> dict:
    """A short description of the machine the numbers come from."""
    info = {
        "python": platform.python_version(),
        "platform": platform.platform(),
        "cpus": os.cpu_count(),
    }
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                info["cpu"] = line.split(":", 1)[1].strip()
                break
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemTotal"):
                info["memory_gb"] = round(int(line.split()[1]) / 1024**2, 1)
                break
    except OSError:
        pass
    try:
        import pandas
        import pyarrow

        info["pandas"] = pandas.__version__
        info["pyarrow"] = pyarrow.__version__
    except ImportError:
        pass
    return info
