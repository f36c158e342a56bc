#!/usr/bin/env bash
# Replaces the permission table in README.md with what `npm run -s permissions` prints.
set -euo pipefail
cd "$(dirname "$0")/.."
table=$(npm run -s permissions)
python3 - "$table" <<'PY'
import re, sys
table = sys.argv[1]
path = "README.md"
text = open(path, encoding="utf-8").read()
text = re.sub(r"(<!-- permissions:start -->\n).*?(\n<!-- permissions:end -->)", lambda m: m.group(1) + table + m.group(2), text, flags=re.S)
open(path, "w", encoding="utf-8").write(text)
PY
