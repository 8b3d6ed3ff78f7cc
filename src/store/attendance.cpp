#include "store/attendance.hpp"


#include "store/sql_values.hpp"
#include "util/json.hpp"

namespace csdesk {

AttendanceRecord AttendanceStore::add(AttendanceRecord r, const Actor& actor, const std::string& action) {
  sql::Statement q(db_.sql(),
                      "INSERT INTO attendance (staff_id, on_date, kind, at_time, minutes, approver_id, note, recorded_by, "
                      "recorded_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id");
  q.bind(1, static_cast<int64_t>(r.staff_id));
  q.bind(2, r.on_date);
  q.bind(3, r.kind);
  if (r.at_time) q.bind(4, *r.at_time);
  else q.bind_null(4);
  if (r.minutes) q.bind(5, static_cast<int64_t>(*r.minutes));
  else q.bind_null(5);
  if (r.approver_id) q.bind(6, static_cast<int64_t>(*r.approver_id));
  else q.bind_null(6);
  if (r.note.empty()) q.bind_null(7);
  else q.bind(7, r.note);
  if (r.recorded_by) q.bind(8, static_cast<int64_t>(*r.recorded_by));
  else q.bind_null(8);
  q.bind(9, static_cast<int64_t>(r.recorded_at));
  r.id = q.run_returning_id();
  JsonObject after;
  after.add("staff_id", r.staff_id).add("on_date", r.on_date).add("kind", r.kind);
  if (r.at_time) after.add("at_time", *r.at_time);
  if (r.minutes) after.add("minutes", *r.minutes);
  if (r.approver_id) after.add("approver_id", *r.approver_id);
  after.add("note", r.note);
  db_.audit(actor, r.recorded_at,
            AuditEntry{"attendance", r.id, r.staff_number + " " + r.on_date + " " + r.kind, action, "", after.str()});
  return r;
}

bool AttendanceStore::exists(std::int64_t staff_id, const std::string& on_date, const std::string& kind) {
  sql::Statement q(db_.sql(), "SELECT 1 FROM attendance WHERE staff_id = ? AND on_date = ? AND kind = ?");
  q.bind(1, static_cast<int64_t>(staff_id));
  q.bind(2, on_date);
  q.bind(3, kind);
  return q.step();
}

std::vector<AttendanceRecord> AttendanceStore::list(const AttendanceFilter& f) {
  std::string sql =
      "SELECT a.id, a.staff_id, s.number, s.name, a.on_date, a.kind, a.at_time, a.minutes, a.approver_id, "
      "coalesce(p.number, ''), coalesce(a.note, ''), a.recorded_by, a.recorded_at FROM attendance a "
      "JOIN staff s ON s.id = a.staff_id LEFT JOIN staff p ON p.id = a.approver_id WHERE a.on_date >= ? AND a.on_date <= ?";
  if (f.staff_id) sql += " AND a.staff_id = ?";
  sql += " ORDER BY a.on_date, s.number, a.id";
  sql::Statement q(db_.sql(), sql);
  q.bind(1, f.first_day.value_or(""));
  q.bind(2, f.last_day.value_or("9999-99-99"));
  if (f.staff_id) q.bind(3, static_cast<int64_t>(*f.staff_id));
  std::vector<AttendanceRecord> out;
  while (q.step()) {
    AttendanceRecord r;
    r.id = q.column(0).int64();
    r.staff_id = q.column(1).int64();
    r.staff_number = q.column(2).text();
    r.staff_name = q.column(3).text();
    r.on_date = q.column(4).text();
    r.kind = q.column(5).text();
    r.at_time = sql::opt_text(q.column(6));
    r.minutes = sql::opt_int(q.column(7));
    r.approver_id = sql::opt_int(q.column(8));
    r.approver_number = q.column(9).text();
    r.note = q.column(10).text();
    r.recorded_by = sql::opt_int(q.column(11));
    r.recorded_at = q.column(12).int64();
    out.push_back(std::move(r));
  }
  return out;
}

std::map<std::int64_t, std::vector<std::string>> AttendanceStore::kinds_by_staff(const std::string& first_day,
                                                                                const std::string& last_day) {
  sql::Statement q(db_.sql(), "SELECT staff_id, kind FROM attendance WHERE on_date >= ? AND on_date <= ? ORDER BY id");
  q.bind(1, first_day);
  q.bind(2, last_day);
  std::map<std::int64_t, std::vector<std::string>> out;
  while (q.step()) out[q.column(0).int64()].push_back(q.column(1).text());
  return out;
}

}  // namespace csdesk
