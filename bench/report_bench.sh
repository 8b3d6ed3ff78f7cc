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
# of the four months before those (the six-month series; the satisfaction baseline three months
# back is one of them), and the efficiency baseline six months back — what `report monthly` shows.
report_sql() {
  local m=$1 prev
  prev=$(month_add "$m" -1)
  for p in "$m" "$prev"; do
    echo ".parameter set :b $(month_start "$p")"
    echo ".parameter set :e $(month_start "$(month_add "$p" 1)")"
    echo ".parameter set :now $NOW_EPOCH"
    echo ".read bench/report_period.sql"
  done
  for back in 5 4 3 2; do  # the satisfaction series: the month and the month before are read above
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

# Median wall time and CPU time (user + system) of RUNS runs of a command whose standard input
# is the file $1 ("-" for none). The machine is shared: CPU time is what the work costs, wall
# time what it took under the load of the moment.
median_times() {
  local input=$1 walls=() cpus=()
  shift
  for _ in $(seq "$RUNS"); do
    if [ "$input" = - ]; then /usr/bin/time -f '%e %U %S' -o "$DIR/time" "$@" >/dev/null
    else /usr/bin/time -f '%e %U %S' -o "$DIR/time" "$@" <"$input" >/dev/null; fi
    read -r wall user sys <"$DIR/time"
    walls+=("$wall")
    cpus+=("$(echo "$user + $sys" | bc)")
  done
  local mid=$(( (RUNS + 1) / 2 ))
  echo "$(printf '%s\n' "${walls[@]}" | sort -n | sed -n "${mid}p") $(printf '%s\n' "${cpus[@]}" | sort -n | sed -n "${mid}p")"
}

ratio() { awk -v a="$1" -v b="$2" 'BEGIN { if (b > 0) printf "%.2f", a / b; else printf "-" }'; }

compare() {
  local label=$1 sql=$2
  shift 2
  "$@" >/dev/null; sqlite3 "$DB" <"$sql" >/dev/null  # warm the page cache for both
  local ours theirs
  read -r ours_wall ours_cpu <<<"$(median_times - "$@")"
  read -r sql_wall sql_cpu <<<"$(median_times "$sql" sqlite3 "$DB")"
  printf '%-32s wall: csdesk %6.3f s  sqlite3 %6.3f s  ratio %s | cpu: csdesk %6.3f s  sqlite3 %6.3f s  ratio %s\n' \
    "$label" "$ours_wall" "$sql_wall" "$(ratio "$ours_wall" "$sql_wall")" "$ours_cpu" "$sql_cpu" "$(ratio "$ours_cpu" "$sql_cpu")"
}

report_sql "$MONTH" > "$DIR/report.sql"
report_sql "$EARLY_MONTH" > "$DIR/report-early.sql"
score_sql "$MONTH" > "$DIR/score.sql"
score_sql "$EARLY_MONTH" > "$DIR/score-early.sql"
echo "median of $RUNS runs, $(nproc) cores, load average $(cut -d' ' -f1-3 /proc/loadavg), $CSDESK"
compare "report monthly --month $MONTH" "$DIR/report.sql" "$CSDESK" --db "$DB" report monthly --month "$MONTH" --json
compare "score --month $MONTH" "$DIR/score.sql" "$CSDESK" --db "$DB" score --month "$MONTH" --json
# An early month has as many records as a late one but less history before it and more after:
# similar times show the cost follows the month's records.
compare "report monthly --month $EARLY_MONTH" "$DIR/report-early.sql" "$CSDESK" --db "$DB" report monthly --month "$EARLY_MONTH" --json
compare "score --month $EARLY_MONTH" "$DIR/score-early.sql" "$CSDESK" --db "$DB" score --month "$EARLY_MONTH" --json
