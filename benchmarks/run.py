#!/usr/bin/env python3
"""Run the benchmark: the same as ``kg bench [options]`` (see src/kg/bench.py).

    python benchmarks/run.py --sizes 10k,100k,1m --runs 3 --out benchmarks/RESULTS.md
"""

import sys
from pathlib import Path

try:
    from kg.bench import main
except ImportError:  # not installed: use the source tree next to this script
    sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))
    from kg.bench import main

if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
