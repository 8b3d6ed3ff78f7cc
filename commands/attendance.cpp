// csdesk attendance: the attendance register (考勤, seeds 001 and 003) — 签到, 签退, 迟到, 早退, 请假,
// 旷工, 休息 — behind 全勤奖 when score.attendance_tracked is true.
#include <CLI/CLI.hpp>

#include "attendance/attendance.hpp"
#include "commands.hpp"
#include "context.hpp"
#include "output/columns.hpp"
#include "rules/vocabulary.hpp"
#include "util/error.hpp"

namespace csdesk {
namespace {

struct AttendanceOptions {
  AttendanceInput input;
  std::string month, staff, file;
};

const ColumnSpec<AttendanceRecord>& record_columns() {
  using A = AttendanceRecord;
  static const ColumnSpec<A> spec{
      {{"date", "Date", "日期"}, member(&A::on_date)},
      {{"staff", "No.", "工号"}, member(&A::staff_number)},
      {{"name", "Name", "姓名"}, member(&A::staff_name)},
      {Column{"kind", "Kind", "考勤类别"}.with_terms(vocab::attendance_kind), member(&A::kind)},
      {{"at", "Time", "时间"}, member(&A::at_time)},
      {{"minutes", "Minutes", "分钟"}, member(&A::minutes)},
      {{"approver", "Approver", "批准人"},
       [](const A& a) -> Value { return a.approver_number.empty() ? Value{} : Value{a.approver_number}; }},
      {{"note", "Note", "备注"}, member(&A::note)},
  };
  return spec;
}

const ColumnSpec<AttendanceSummaryRow>& summary_columns() {
  using S = AttendanceSummaryRow;
  static const ColumnSpec<S> spec{
      {{"staff", "No.", "工号"}, [](const S& s) -> Value { return s.staff.number; }},
      {{"name", "Name", "姓名"}, [](const S& s) -> Value { return s.staff.name; }},
      {Column{"shift", "Shift", "班次"}.with_terms(vocab::shift), [](const S& s) { return opt_value(s.staff.shift); }},
      {{"days_worked", "Days worked", "出勤天数"}, [](const S& s) -> Value { return s.tally.days_worked; }},
      {{"late", "Late", "迟到"}, [](const S& s) -> Value { return s.tally.late; }},
      {{"early_leave", "Early leave", "早退"}, [](const S& s) -> Value { return s.tally.early_leave; }},
      {{"leave", "Leave", "请假"}, [](const S& s) -> Value { return s.tally.leave; }},
      {{"absent", "Absent", "旷工"}, [](const S& s) -> Value { return s.tally.absent; }},
      {{"rest", "Rest days", "休息天数"}, [](const S& s) -> Value { return s.tally.rest; }},
      {{"rest_over", "Over rest days", "休息超额"}, [](const S& s) -> Value { return s.tally.rest_over; }},
  };
  return spec;
}

struct ImportLine {
  AttendanceImported result;
};

void run_add(Context& ctx, const AttendanceOptions& o) {
  auto written = record_attendance(ctx.db(), ctx.actor(), ctx.now(), attendance_policy(ctx.config()), o.input);
  if (written.size() > 1)
    ctx.note(trf("{} {}: {} {} minutes ({})", written[1].staff_number, written[1].staff_name,
                 vocab::name(vocab::attendance_kind, written[1].kind), written[1].minutes.value_or(0), written[1].note));
  ctx.print(record_columns().table(written, ctx.spec().format, "attendance"));
}

void run_list(Context& ctx, const AttendanceOptions& o) {
  ctx.print(record_columns().table(list_attendance(ctx.db(), o.month, o.staff), ctx.spec().format, "attendance"));
}

void run_summary(Context& ctx, const AttendanceOptions& o) {
  auto policy = attendance_policy(ctx.config());
  auto rows = attendance_summary(ctx.db(), o.month, o.staff, policy);
  for (const auto& r : rows)
    if (r.tally.rest_over)
      ctx.warn(trf("{} {}: {} rest days in {}, more than the {} a month allowed (hours.rest_days_per_month)", r.staff.number,
                   r.staff.name, r.tally.rest, o.month, policy.rest_days));
  ctx.print(summary_columns().table(rows, ctx.spec().format, "attendance_summary"));
}

void run_import(Context& ctx, const AttendanceOptions& o) {
  AttendanceImported r = import_attendance(ctx.db(), ctx.actor(), ctx.now(), attendance_policy(ctx.config()), o.file);
  using I = AttendanceImported;
  static const ColumnSpec<I> spec{
      {{"rows", "Rows", "行数"}, [](const I& i) -> Value { return i.rows; }},
      {{"records", "Records", "考勤记录"}, [](const I& i) -> Value { return i.records; }},
      {{"late", "Late", "迟到"}, [](const I& i) -> Value { return i.late; }},
      {{"early_leave", "Early leave", "早退"}, [](const I& i) -> Value { return i.early_leave; }},
      {{"skipped", "Rows without a time", "无打卡时间行"}, [](const I& i) -> Value { return i.skipped; }},
  };
  ctx.print(spec.single(r, ctx.spec().format));
}

}  // namespace

void setup_attendance(CLI::App& app, Context& ctx, CommandActions& actions) {
  auto* cmd = app.add_subcommand("attendance", std::string(tr("The attendance register (考勤): sign-in, lateness, leave; the source of 全勤奖")));
  cmd->require_subcommand(1);
  cmd->footer(std::string(tr("Examples:\n"
                             "  csdesk --as 1001 attendance add --kind 签到 --at 09:12\n"
                             "  csdesk --as 9001 attendance add 1002 --date 2026-11-05 --kind 请假 --approver 9001\n"
                             "  csdesk --as 9001 attendance import 打卡记录.csv\n"
                             "  csdesk attendance summary --month 2026-11 --lang zh")));
  auto o = std::make_shared<AttendanceOptions>();
  auto* add = cmd->add_subcommand("add", std::string(tr("Record attendance: one's own sign-in/out (permissions.attendance), anything else permissions.attendance_manage")));
  add->add_option("staff", o->input.staff, std::string(tr("Whose (employee number; default the operator)")));
  add->add_option("--kind", o->input.kind, std::string(tr("sign-in, sign-out, late, early-leave, leave, absent, rest (签到 签退 迟到 早退 请假 旷工 休息)")))->required();
  add->add_option("--date", o->input.date, std::string(tr("The day (YYYY-MM-DD; default today)")));
  add->add_option("--at", o->input.at, std::string(tr("Time of a sign-in or sign-out (HH:MM; default now, today)")));
  add->add_option("--minutes", o->input.minutes, std::string(tr("How many minutes late, early or on leave")));
  add->add_option("--approver", o->input.approver, std::string(tr("Who approved a leave (a team-lead or supervisor)")));
  add->add_option("--note", o->input.note, std::string(tr("Note")));
  add->footer(std::string(tr("Example:\n  csdesk --as 1001 attendance add --kind sign-in --at 09:00 --date 2026-11-02")));
  actions.bind(add, [&ctx, o] { run_add(ctx, *o); });
  auto* list = cmd->add_subcommand("list", std::string(tr("Attendance records, by day")));
  list->add_option("--month", o->month, std::string(tr("In this month (YYYY-MM)")));
  list->add_option("--staff", o->staff, std::string(tr("One staff member's (employee number)")));
  list->footer(std::string(tr("Example:\n  csdesk attendance list --month 2026-11 --staff 1001 --csv")));
  actions.bind(list, [&ctx, o] { run_list(ctx, *o); });
  auto* summary = cmd->add_subcommand("summary", std::string(tr("A month's days worked, late, early leave, leave, absence and rest days per person")));
  summary->add_option("--month", o->month, std::string(tr("The month (YYYY-MM)")))->required();
  summary->add_option("--staff", o->staff, std::string(tr("One staff member's (employee number)")));
  summary->footer(std::string(tr("Example:\n  csdesk attendance summary --month 2026-11 --lang zh")));
  actions.bind(summary, [&ctx, o] { run_summary(ctx, *o); });
  auto* import = cmd->add_subcommand("import", std::string(tr("Import a clock-in export (CSV: 工号,日期,签到,签退[,备注]); all or nothing (permissions.attendance_manage)")));
  import->add_option("FILE", o->file, std::string(tr("The CSV file")))->required();
  import->footer(std::string(tr("Example:\n  csdesk --as 9001 attendance import 打卡记录.csv")));
  actions.bind(import, [&ctx, o] { run_import(ctx, *o); });
}

}  // namespace csdesk
