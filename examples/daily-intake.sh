#!/usr/bin/env bash
# The agents' day (seed 001): register every contact within 5 minutes, hand new customers to
# sales, chase urgent customers not called back within 15 minutes, import the day's sign-up
# sheets, and hand over to the next shift.
#
#   CSDESK_USER=1001 bash examples/daily-intake.sh [SIGN-UP-SHEET.csv …]
# Uses CSDESK_DB (default ./csdesk.db) and the operator in CSDESK_USER (an agent's 工号).
set -euo pipefail
CSDESK=${CSDESK:-csdesk}
: "${CSDESK_USER:?set CSDESK_USER to your employee number (工号)}"

# Event sign-up sheets and CRM exports: good rows are registered, bad ones listed for fixing.
for sheet in "$@"; do
  "$CSDESK" register --from "$sheet" --rejects "${sheet%.*}.rejects.csv"
done

# Every customer waiting for a salesperson gets one (owner first, then the configured rule).
"$CSDESK" assign --explain
# Urgent customers nobody called within assign.urgent_contact_minutes: hand them to another salesperson.
"$CSDESK" assign overdue --reassign
# Notifications a failing notifier left behind.
"$CSDESK" assign notify
# Complaints past their SLA, and today's revisits (planned by the revisit agents: csdesk revisit plan).
"$CSDESK" complain list --overdue
"$CSDESK" revisit due
# Today's intake so far, per agent and channel.
"$CSDESK" report intake --month "$(date +%Y-%m)"
echo "Single contacts during the day:  csdesk register --name 王女士 --phone 13912345678 --channel 电话" >&2
echo "End of shift:                     csdesk handover add --work-done '…' --open-issues '…'" >&2
