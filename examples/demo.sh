#!/usr/bin/env bash
# Builds a demo database through the real commands — staff, registrations (one by one and an
# event sign-up sheet), assignment, complaints, revisits, score adjustments — backdated with
# --now over September and October 2026, then prints October's report and scores as a manager
# would see them on 3 November 2026.
#
#   bash examples/demo.sh [DIR]       # default ./demo; csdesk from $CSDESK, build/ or PATH
#   CSDESK_DEMO_DB=postgresql://localhost/kefu_demo bash examples/demo.sh   # on a server's empty database
set -euo pipefail
HERE=$(cd "$(dirname "$0")" && pwd)
DIR=${1:-demo}
if [ -n "${CSDESK:-}" ]; then :
elif [ -x "$HERE/../build/csdesk" ]; then CSDESK="$HERE/../build/csdesk"
else CSDESK=$(command -v csdesk)
fi
mkdir -p "$DIR"
DB=${CSDESK_DEMO_DB:-$DIR/csdesk.db}
case $DB in
  postgres://* | postgresql://* | *=*) ;;  # a server's database: csdesk init creates the schema in it
  *) rm -f "$DB" "$DB-wal" "$DB-shm" ;;
esac
export CSDESK_DB="$DB" CSDESK_CONFIG="$DIR/csdesk.toml" TZ=Asia/Shanghai
# This desk's own choices (desk keys); the department's settings go into the database below.
cat > "$CSDESK_CONFIG" <<'TOML'
[storage]
synchronous = "full"
TOML
# A demo department registers a few dozen customers a month, not 330 per agent: the seed's rule
# (target 330, ±1 per 10, flat +10 at 380, −10 at 280) is scaled down so every branch shows.
cat > "$DIR/department.toml" <<'TOML'
[score]
target = 20
step = 2
upper_threshold = 26
lower_threshold = 14
TOML

LOG="$DIR/demo.log"
: > "$LOG"
# at TIME ARGS…: one csdesk command as if run at TIME (Asia/Shanghai). Its output is not needed;
# notifications and notes go to demo.log, which is shown if a command fails.
at() {
  local when=$1; shift
  "$CSDESK" --now "$when" "$@" >/dev/null 2>>"$LOG" || { echo "failed: csdesk --now '$when' $*" >&2; tail -3 "$LOG" >&2; exit 1; }
}
# A field of a single JSON result, e.g. the number of what was just created.
field() { sed -n "s/.*\"$1\":\"\\([^\"]*\\)\".*/\\1/p"; }
# plus TIME 15m|3h|2d|-3m: local time arithmetic (date's own "+2 min" would read +2 as a zone).
plus() {
  local n=${2%?}
  case ${2: -1} in m) n=$((n * 60)) ;; h) n=$((n * 3600)) ;; d) n=$((n * 86400)) ;; esac
  date -d "@$(( $(date -d "$1" +%s) + n ))" '+%Y-%m-%d %H:%M'
}

echo "building the demo database in $DB …" >&2
at "2026-09-01 08:30" init
at "2026-09-01 08:30" config import "$DIR/department.toml"
while IFS='|' read -r number name roles city; do
  at "2026-09-01 08:30" staff add "$number" "$name" --roles "$roles" ${city:+--city "$city"} --joined 2026-01-05
done <<'STAFF'
1001|张伟|consult|
1002|王芳|consult|
1003|赵磊|consult,revisit|
2001|李娜|sales|北京
2002|刘洋|sales|上海
2003|陈刚|sales|成都
3001|孙丽|complaint,supervisor|
4001|陈静|revisit|
9001|周敏|manager|
STAFF

surnames=(王 李 张 刘 陈 杨 赵 黄 周 吴 徐 孙 胡 朱 高 林 何 郭 马 罗)
forms=(女士 先生 经理 总)
companies=(北京华信科技有限公司 上海明达贸易有限公司 成都蓉城电子有限公司 北京远景软件有限公司 上海浦江物流有限公司
           成都天府网络有限公司 北京中关村数码有限公司 上海静安文化传播有限公司 成都锦江酒店管理有限公司 北京海淀教育科技有限公司)
cities=(北京 上海 成都)
channels=(电话 在线 QQ 邮件 现场)
needs=(财务软件 进销存 CRM OA办公 网站建设)
agents=(1001 1001 1002 1003 1001 1002)
customers=()

customer_name() { echo "${surnames[$(($1 % 20))]}${forms[$(( ($1 / 20 + $1) % 4))]}"; }

# register I DAY: the I-th customer, first contact on DAY (YYYY-MM-DD), assigned at once; every
# fifth asks to be called urgently and every seventh is registered late (after 5 minutes).
register() {
  local i=$1 day=$2 hour=$(( 9 + $1 % 8 )) minute=$(( ($1 * 7) % 50 ))
  local contacted; contacted=$(printf '%s %02d:%02d' "$day" "$hour" "$minute")
  local registered; registered=$(plus "$contacted" "$([ $((i % 7)) = 0 ] && echo 8m || echo 2m)")
  local agent=${agents[$((i % 6))]} urgent=()
  [ $((i % 5)) = 0 ] && urgent=(--urgent)
  local number
  number=$("$CSDESK" --now "$registered" --as "$agent" --json register \
    --name "$(customer_name "$i")" --company "${companies[$((i % 10))]}" \
    --phone "$(printf '139%08d' $((20260000 + i * 37)))" --channel "${channels[$((i % 5))]}" \
    --city "${cities[$((i % 3))]}" --needs "${needs[$((i % 5))]}" --grade "$(echo A B C | cut -d' ' -f$((i % 3 + 1)))" \
    --consent yes --contacted-at "$contacted" "${urgent[@]}" 2>>"$LOG" | field number)
  customers[i]=$number
  at "$(plus "$registered" 1m)" --as "$agent" assign "$number"
  if [ ${#urgent[@]} -gt 0 ]; then  # sales calls back: mostly within 15 minutes, once in a while too late
    local owner; owner=$("$CSDESK" --json assign list --customer "$number" | field staff | head -1)
    at "$(plus "$registered" "$([ $((i % 3)) = 0 ] && echo 25m || echo 9m)")" --as "$owner" assign contacted "$number"
  fi
}

# A returning contact: the same phone calls again and is logged on the customer.
returning() {
  local i=$1 when=$2
  at "$when" --as "${agents[$(( (i + 1) % 6))]}" register --name "$(customer_name "$i")" \
    --phone "$(printf '139%08d' $((20260000 + i * 37)))" --channel 电话 --contacted-at "$(plus "$when" -3m)"
}

# complaint I CUSTOMER DAY CATEGORY PRIORITY RESPOND_AFTER RESOLVE_AFTER [ABOUT]: received on DAY at 10:00;
# RESOLVE_AFTER "" leaves it open.
complaint() {
  local i=$1 customer=$2 received="$3 10:00" category=$4 priority=$5 respond=$6 resolve=$7 about=${8:-}
  local number
  number=$("$CSDESK" --now "$received" --as 3001 --json complain new --customer "$customer" \
    --content "客户反映：${category} 问题（第${i}例）" --category "$category" --priority "$priority" \
    ${about:+--about "$about"} 2>>"$LOG" | field number)
  at "$(plus "$received" "$respond")" --as 3001 complain respond "$number" --note 已致电客户说明处理方案
  [ -z "$resolve" ] && return
  local cause=(软件缺陷 态度问题 物流延误 开票错误 操作不当)
  at "$(plus "$received" "$resolve")" --as 3001 complain resolve "$number" --solution 已解决并回复客户 \
    --cause "${cause[$((i % 5))]}" --measure 更新处理流程
  [ $((i % 2)) = 0 ] && at "$(plus "$(plus "$received" "$resolve")" 1d)" --as 3001 complain close "$number" --note 客户确认
  return 0
}

# September: last month's figures for the trend.
for i in $(seq 1 12); do register "$i" "2026-09-$(printf %02d $((i * 2 + 1)))"; done
returning 2 "2026-09-20 15:00"
complaint 1 "${customers[1]}" 2026-09-08 product P2 3h 2d
complaint 2 "${customers[3]}" 2026-09-15 delivery P3 30h 9d
complaint 3 "${customers[5]}" 2026-09-21 billing P1 2h 30h

# October: the month reported.
for i in $(seq 13 48); do register "$i" "2026-10-$(printf %02d $(( (i - 13) * 30 / 36 + 1 )))"; done
register 49 2026-10-31  # 23:30 on the last day still belongs to October
at "2026-10-18 14:00" --as 1003 register --from "$HERE/customers.csv"  # the autumn fair's sign-up sheet
at "2026-10-18 14:05" --as 1003 assign
returning 4 "2026-10-09 11:00"
returning 15 "2026-10-16 16:00"
returning 20 "2026-10-23 10:00"
complaint 4 "${customers[14]}" 2026-10-03 product P2 2h 2h
complaint 5 "${customers[16]}" 2026-10-08 service-attitude P1 2h 22h 1002
complaint 6 "${customers[18]}" 2026-10-10 delivery P3 4h 3d
complaint 7 "${customers[2]}" 2026-10-12 billing P2 30h 4d
complaint 8 "${customers[22]}" 2026-10-15 after-sale P2 2h 2d
complaint 9 "${customers[25]}" 2026-10-20 product P1 1h 1h  # solved on the first call
complaint 10 "${customers[28]}" 2026-10-23 service-attitude P2 3h 2d 1001
complaint 11 "${customers[31]}" 2026-10-27 product P3 5h 4d
complaint 12 "${customers[35]}" 2026-10-29 delivery P2 2h ""

# Revisits: every few days plan what is due, then the revisit agents call whatever falls due
# in the next three days:
# greetings without a score, the others scored 1–5 with the problems the customer raised.
scores=(5 4 5 3 4 2 5 4 4 5 3 5)
factors=("" "" "" 响应速度 "" "服务态度,响应速度" "" "" 价格 "" 售后服务 "")
r=0
for day in 2026-09-18 2026-09-28 2026-10-01 2026-10-05 2026-10-09 2026-10-13 2026-10-17 2026-10-21 2026-10-25 \
           2026-10-29 2026-10-31; do
  at "$day 08:30" --as 4001 revisit plan
  while IFS=, read -r number purpose; do
    agent=$([ $((r % 3)) = 2 ] && echo 1003 || echo 4001)
    minute=$(printf %02d $((r % 60)))
    if [ "$purpose" = holiday ]; then
      at "$day 09:$minute" --as "$agent" revisit log "$number" --method 短信 --result 已发送节日问候
    else
      if [ $((r % 6)) = 4 ]; then  # nobody answered the first call
        at "$day 10:$minute" --as "$agent" revisit log "$number" --method 电话 --reached no
      fi
      problems=${factors[$((r % 12))]}
      at "$day 11:$minute" --as "$agent" revisit log "$number" --method 电话 \
        --satisfaction "${scores[$((r % 12))]}" --result 已回访 ${problems:+--problems "$problems"}
    fi
    r=$((r + 1))
  done < <("$CSDESK" --now "$day 08:40" --csv --no-header revisit list --status planned --until "$(plus "$day 23:59" 3d)" |
           cut -d, -f1,5)
done
for i in 13 17 21 26 30 34 38 42; do  # satisfaction surveys of new customers
  at "2026-10-$(printf %02d $((i - 12))) 15:00" --as 4001 revisit log --customer "${customers[$i]}" \
    --purpose satisfaction --method 电话 --satisfaction "${scores[$((i % 12))]}" --result 满意度调查 \
    ${factors[$((i % 12))]:+--problems "${factors[$((i % 12))]}"}
done
# Two poor scores in a row: the customer is marked at-risk (customer.at_risk_low_scores).
at "2026-10-26 15:00" --as 4001 revisit log --customer "${customers[16]}" --purpose satisfaction --method 电话 \
  --satisfaction 2 --result 对处理结果不满 --problems 服务态度
at "2026-10-28 15:00" --as 4001 revisit log --customer "${customers[16]}" --purpose after-sale --method 电话 \
  --satisfaction 1 --result 仍不满意 --problems 售后服务

# Signed contracts: potential customers become active (现有客户).
for i in 14 19 23 27 33; do
  at "2026-10-$(printf %02d $((i - 3))) 17:00" --as 2001 customer edit "${customers[$i]}" --category active
done

# Score adjustments: praise, lateness, the supervisor's daily inspection.
at "2026-10-15 18:00" --as 9001 score adjust 1001 --points +2 --reason 客户来电表扬 --kind praise --date 2026-10-15
at "2026-10-09 18:00" --as 9001 score adjust 1002 --points -1 --reason 迟到 --kind late --date 2026-10-09
at "2026-10-22 18:00" --as 3001 score adjust 1003 --points +1 --reason "日检：登记规范" --kind inspection --date 2026-10-22

export CSDESK_NOW="2026-11-03 09:00"
echo >&2
echo "== csdesk report monthly   (October 2026, as of $CSDESK_NOW)" >&2
"$CSDESK" report monthly
echo >&2
echo "== csdesk score" >&2
"$CSDESK" score
echo >&2
echo "Try: export CSDESK_DB=$DB CSDESK_CONFIG=$CSDESK_CONFIG CSDESK_NOW='$CSDESK_NOW'" >&2
echo "     csdesk report monthly --lang zh --format html --output $DIR/report.html   # charts for the managers" >&2
echo "     csdesk score explain 1001 --month 2026-10                               # how each point came about" >&2
