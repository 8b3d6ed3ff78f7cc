#!/usr/bin/env bash
# Month end (seeds 001–003): the manager issues last month's report and scores. Freezing keeps
# the issued figures: later edits never change them silently.
#
#   CSDESK_USER=9001 bash examples/month-end.sh [YYYY-MM] [OUT_DIR]
# Default: the previous month; files go to ./reports/YYYY-MM/ (owner-only). The audit chain's head
# is kept in $CSDESK_ANCHORS (default ./anchors; keep it where the service group cannot write).
set -euo pipefail
CSDESK=${CSDESK:-csdesk}
: "${CSDESK_USER:?set CSDESK_USER to the employee number (工号) of the manager}"
first_of_this_month=$(date +%Y-%m-01)
MONTH=${1:-$(date -d "$first_of_this_month -1 day" +%Y-%m)}
OUT=${2:-reports/$MONTH}
mkdir -p "$OUT"
umask 077

# Check the records first: a damaged audit chain must be sorted out before figures are issued. The
# newest anchor catches a chain cut short or recomputed since it was written.
ANCHORS=${CSDESK_ANCHORS:-anchors}
mkdir -p "$ANCHORS"
previous=$(ls "$ANCHORS"/*.anchor 2>/dev/null | sort | tail -n 1 || true)
if [ -n "$previous" ]; then "$CSDESK" check --anchor "$previous"; else "$CSDESK" check; fi
"$CSDESK" backup "$OUT/csdesk-$MONTH.db"

# Issue the month: the report and the scores become the figures of record.
"$CSDESK" report monthly --month "$MONTH" --freeze > "$OUT/report.txt"
"$CSDESK" score --month "$MONTH" --freeze > "$OUT/score.txt"
# The head after issuing, kept outside the database for next month's check.
[ -e "$ANCHORS/$MONTH.anchor" ] || "$CSDESK" check --write-anchor "$ANCHORS/$MONTH.anchor" >/dev/null
# For the executives: Chinese headings, Excel-ready CSV, and a page with charts.
"$CSDESK" report monthly --month "$MONTH" --lang zh --csv --bom > "$OUT/月报-$MONTH.csv"
"$CSDESK" score --month "$MONTH" --lang zh --csv --bom > "$OUT/考核-$MONTH.csv"
"$CSDESK" report monthly --month "$MONTH" --lang zh --format html --output "$OUT/月报-$MONTH.html"
# How each person's points came about, for the one-to-one talks.
for staff in $("$CSDESK" --csv --no-header staff list | cut -d, -f1); do
  "$CSDESK" score explain "$staff" --month "$MONTH" > "$OUT/explain-$staff.txt"
done
echo "issued $MONTH: $OUT" >&2
