#!/usr/bin/env bash
# Benchmark: `csdesk report monthly` and `csdesk score` against the same figures computed by
# hand-written SQL (bench/*.sql) in the sqlite3 shell, on the same file, in the same run.
#
#   bash bench/report_bench.sh [DIR]        # default /tmp/csdesk-bench
#   CUSTOMERS=100000 RECORDS=100000 bash bench/report_bench.sh    # a smaller run while developing
#
# Generates CUSTOMERS customers (default 1,000,000) and RECORDS each of contacts, complaints and
# revisits (default 1,000,000 each: 3,000,000 together) over the 24 months before 2026-11, then
# times each command RUNS times (default 5) and prints the median times and their ratio.
set -euo pipefail
cd "$(dirname "$0")/.."

DIR=${1:-/tmp/csdesk-bench}
CUSTOMERS=${CUSTOMERS:-1000000}
RECORDS=${RECORDS:-1000000}
MONTH=${MONTH:-2026-10}
EARLY_MONTH=${EARLY_MONTH:-2025-01}
RUNS=${RUNS:-5}
CSDESK=${CSDESK:-$( [ -x build-release/csdesk ] && echo build-release/csdesk || echo build/csdesk )}
CSDESK=$(realpath "$CSDESK")
export TZ=Asia/Shanghai CSDESK_NOW="2026-11-03 10:00"
DB="$DIR/bench.db"
NOW_EPOCH=$(date -d "2026-11-03 10:00" +%s)

mkdir -p "$DIR"
rm -f "$DB" "$DB-wal" "$DB-shm"
"$CSDESK" --db "$DB" --quiet init >/dev/null
start=$(date +%s.%N)
sed -e "s/@CUSTOMERS@/$CUSTOMERS/g; s/@RECORDS@/$RECORDS/g" bench/generate.sql | sqlite3 "$DB" >/dev/null
echo "generated $CUSTOMERS customers, $RECORDS each of contacts, complaints, revisits in" \
     "$(echo "$(date +%s.%N) - $start" | bc) s ($(du -h "$DB" | cut -f1))"

month_start() { date -d "$1-01 00:00" +%s; }
month_add() { date -d "$1-01 $2 month" +%Y-%m; }

# The sqlite3 script for a month: the figures of the month and the month before, the satisfaction
# of the six months up to it, and the two target baselines — what `report monthly` shows.
report_sql() {
  local m=$1 prev
  prev=$(month_add "$m" -1)
  for p in "$m" "$prev"; do
    echo ".parameter set :b $(month_start "$p")"
    echo ".parameter set :e $(month_start "$(month_add "$p" 1)")"
    echo ".parameter set :now $NOW_EPOCH"
    echo ".read bench/report_period.sql"
  done
  for back in 5 4 3 2 1 0 3; do  # six months of the series, then the satisfaction baseline
    p=$(month_add "$m" -$back)
    echo ".parameter set :b $(month_start "$p")"
    echo ".parameter set :e $(month_start "$(month_add "$p" 1)")"
    echo ".read bench/report_series.sql"
  done
  p=$(month_add "$m" -6)
  echo ".parameter set :b $(month_start "$p")"
  echo ".parameter set :e $(month_start "$(month_add "$p" 1)")"
  echo ".read bench/report_baseline.sql"
}

score_sql() {
  local m=$1 next
  next=$(month_add "$m" 1)
  echo ".parameter set :b $(month_start "$m")"
  echo ".parameter set :e $(month_start "$next")"
  echo ".parameter set :first '$m-01'"
  echo ".parameter set :last '$(date -d "$next-01 -1 day" +%Y-%m-%d)'"
  echo ".parameter set :now $NOW_EPOCH"
  echo ".read bench/score_month.sql"
}

# Median wall time of RUNS runs of a command, in seconds.
median_time() {
  local times=()
  for _ in $(seq "$RUNS"); do
    local s e
    s=$(date +%s.%N)
    "$@" >/dev/null
    e=$(date +%s.%N)
    times+=("$(echo "$e - $s" | bc)")
  done
  printf '%s\n' "${times[@]}" | sort -n | sed -n "$(( (RUNS + 1) / 2 ))p"
}

run_sql() { sqlite3 "$DB" < "$1"; }

compare() {
  local label=$1 sql=$2
  shift 2
  "$@" >/dev/null; run_sql "$sql" >/dev/null  # warm the page cache for both
  local ours theirs
  ours=$(median_time "$@")
  theirs=$(median_time run_sql "$sql")
  printf '%-34s csdesk %6.3f s   sqlite3 %6.3f s   ratio %5.2f\n' "$label" "$ours" "$theirs" "$(echo "$ours / $theirs" | bc -l)"
}

report_sql "$MONTH" > "$DIR/report.sql"
report_sql "$EARLY_MONTH" > "$DIR/report-early.sql"
score_sql "$MONTH" > "$DIR/score.sql"
score_sql "$EARLY_MONTH" > "$DIR/score-early.sql"
echo "median of $RUNS runs, $(nproc) cores, $CSDESK"
compare "report monthly --month $MONTH" "$DIR/report.sql" "$CSDESK" --db "$DB" report monthly --month "$MONTH" --json
compare "score --month $MONTH" "$DIR/score.sql" "$CSDESK" --db "$DB" score --month "$MONTH" --json
# An early month has as many records as a late one but less history before it and more after:
# similar times show the cost follows the month's records.
compare "report monthly --month $EARLY_MONTH" "$DIR/report-early.sql" "$CSDESK" --db "$DB" report monthly --month "$EARLY_MONTH" --json
compare "score --month $EARLY_MONTH" "$DIR/score-early.sql" "$CSDESK" --db "$DB" score --month "$EARLY_MONTH" --json
