#!/usr/bin/env bash
# Build the one-folder desk bundle with PyInstaller: dist/boxoffice/boxoffice (+ _internal/).
# Usage: packaging/build.sh [DIST_DIR]   (default: dist/)
set -euo pipefail
cd "$(dirname "$0")/.."
dist="${1:-dist}"
uv run --locked pyinstaller --noconfirm --log-level WARN \
  --distpath "$dist" --workpath build/pyinstaller packaging/boxoffice.spec
echo "Built $dist/boxoffice/boxoffice"
