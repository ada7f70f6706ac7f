#!/usr/bin/env bash
# An install carries everything (issue 13): build the wheel, install it into a fresh virtual
# environment outside the checkout, and from there run the self-test and a bilingual report.
# Usage: tools/check_install.sh [PYTHON]   (run by .ci/run; about a minute with a warm cache)
set -euo pipefail
cd "$(dirname "$0")/.."
PYTHON=${1:-python3}
WORK=$(mktemp -d /tmp/toolkit-install-XXXXXX)
trap 'rm -rf "$WORK"' EXIT
"$PYTHON" -m pip wheel --no-deps -q -w "$WORK/dist" .
rm -rf build ./*.egg-info
"$PYTHON" -m venv "$WORK/venv"
"$WORK/venv/bin/python" -m pip install -q "$WORK"/dist/*.whl
cd "$WORK"  # nothing of the checkout is on the path from here
export QT_QPA_PLATFORM=offscreen TOOLKIT_DATA_DIR="$WORK/data"
venv/bin/toolkit --self-test
venv/bin/toolkit demo > /dev/null 2>&1
venv/bin/toolkit report --community "Birch Lake" --lang bilingual --out "$WORK/report.pdf"
text=$(pdftotext "$WORK/report.pdf" -)
grep -q "Birch Lake" <<<"$text"
grep -q "Rapport" <<<"$text"
pdffonts "$WORK/report.pdf" | grep -q NotoSans
echo "installed wheel: self-test and bilingual report ok"
