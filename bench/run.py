"""Run every benchmark in bench/, each in its own process (`make bench BENCH_ARGS="--max 1000000"`).

A separate process per module keeps each benchmark's Django setup and throw-away database
apart, and lets a benchmark use multiprocessing (its functions must be importable from
`__main__`). Every module must end with `if __name__ == "__main__": main(...)`.
"""

import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent


def main(argv=None):
    argv = sys.argv[1:] if argv is None else argv
    failed = []
    for path in sorted(HERE.glob("*.py")):
        if path.name in ("run.py", "__init__.py") or path.name.startswith("_"):
            continue
        print(f"== {path.stem}", flush=True)
        if subprocess.run([sys.executable, str(path), *argv], check=False).returncode:
            failed.append(path.stem)
    if failed:
        print(f"Benchmarks that failed: {', '.join(failed)}")
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
