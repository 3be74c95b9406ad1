#!/bin/bash
# Regenerate docs/examples/*.pdf and *.ofd and docs/documents/*-1.png from the example case files
# (and the 统计分析 report from a 5,000-case demo register). With ../shared/tools/ofd present, each
# OFD is checked against its PDF twin and ofd.js's drawing of page 1 saved as docs/documents/*-ofd-1.png.
set -e
cd "$(dirname "$0")/../.."
TMP=$(mktemp -d)
# 不予问责: case-004 recorded as 不予问责 (no methods, no notice).
NOACC="$TMP/noacc.json"
python3 - "$NOACC" <<'PY'
import json, sys
d = json.load(open("docs/examples/case-004.json"))
d["respondents"][0]["methods"] = []
# 主动承认过错并及时纠正 (004 第十一条第（一）项), no earlier case.
d["respondents"][0]["factors"] = ["F11-1"]
d["history"] = []
doc = d["document"]
doc["outcome"] = "不予问责"
doc["doc_no"] = "徐环问〔2026〕4号"
for k in ["notice_doc_no", "notice_issued_on", "statement", "statement_adopted"]:
    doc.pop(k, None)
json.dump(d, open(sys.argv[1], "w"), ensure_ascii=False)
PY
W=target/debug/wenze; E=docs/examples; D=docs/documents
$W export --json $E/case-004.json --doc notice --out $E/notice.pdf
$W export --json $E/case-004.json --doc decision --out $E/decision.pdf
$W export --json $E/case-004.json --doc receipt --out $E/receipt.pdf
$W export --json "$NOACC" --doc no-accountability --out $E/no-accountability.pdf
$W export --json $E/case-tolerance.json --doc exemption --out $E/exemption.pdf
$W export --json $E/case-tolerance.json --doc correction --out $E/correction.pdf
$W export --json $E/case-000-review.json --doc review --out $E/review.pdf
$W export --json $E/case-004.json --doc notice --out $E/notice.ofd
$W export --json $E/case-004.json --doc decision --out $E/decision.ofd
$W export --json $E/case-004.json --doc receipt --out $E/receipt.ofd
$W export --json "$NOACC" --doc no-accountability --out $E/no-accountability.ofd
$W export --json $E/case-tolerance.json --doc exemption --out $E/exemption.ofd
$W export --json $E/case-tolerance.json --doc correction --out $E/correction.ofd
$W export --json $E/case-000-review.json --doc review --out $E/review.ofd
$W --db "$TMP/demo.db" demo --cases 5000 >/dev/null
$W --db "$TMP/demo.db" stats --year 2026 --half 1 --out $E/statistics-2026H1.pdf >/dev/null
$W --db "$TMP/demo.db" stats --year 2026 --half 1 --out $E/statistics-2026H1.ofd >/dev/null
cp $E/statistics-2026H1.pdf "$TMP"/statistics.pdf
cp $E/statistics-2026H1.ofd "$TMP"/statistics.ofd
CHECK=../shared/tools/ofd/check.sh
for k in notice decision receipt no-accountability exemption correction review statistics; do
  src=$E/$k
  [ $k = statistics ] && src="$TMP"/statistics
  rm -f "$TMP"/$k-*.png
  pdftoppm -r 60 -png $src.pdf "$TMP"/$k
  cp "$TMP"/$k-1.png $D/$k-1.png
  if [ -x $CHECK ]; then
    OFD_CHECK_OUT="$TMP/check" $CHECK $src.ofd $src.pdf | tail -1 | sed "s/^/$k: /"
    # ofd.js 0.2.6's page 1, scaled to the PDF page image's size.
    "${OFD_CHECK_HOME:-$HOME/.cache/ofd-check}"/venv/bin/python - "$TMP/check/$k.ofd-p1.png" $D/$k-1.png $D/$k-ofd-1.png <<'PY'
import sys
from PIL import Image
src, like, out = sys.argv[1:]
Image.open(src).convert("RGB").resize(Image.open(like).size, Image.LANCZOS).save(out, optimize=True)
PY
  fi
done
