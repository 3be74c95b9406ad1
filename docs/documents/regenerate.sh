#!/bin/bash
# Regenerate docs/examples/*.pdf and docs/documents/*-1.png from the example case files.
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
for k in notice decision receipt no-accountability exemption correction review; do
  rm -f "$TMP"/$k-*.png
  pdftoppm -r 60 -png $E/$k.pdf "$TMP"/$k
  cp "$TMP"/$k-1.png $D/$k-1.png
done
