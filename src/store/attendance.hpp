#pragma once
// The attendance register (考勤, schema 019): one row per staff member, day and kind.
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "store/database.hpp"

namespace csdesk {

struct AttendanceRecord {
  std::int64_t id = 0;
  std::int64_t staff_id = 0;
  std::string staff_number, staff_name;  // filled when listing
  std::string on_date;                   // YYYY-MM-DD
  std::string kind;                      // rules/attendance.hpp kinds()
  std::optional<std::string> at_time;    // HH:MM
  std::optional<std::int64_t> minutes;   // how late, how early
  std::optional<std::int64_t> approver_id;
  std::string approver_number;           // filled when listing
  std::string note;
  std::optional<std::int64_t> recorded_by;
  Epoch recorded_at = 0;
};

struct AttendanceFilter {
  std::optional<std::int64_t> staff_id;
  std::optional<std::string> first_day, last_day;  // on_date within [first_day, last_day]
};

class AttendanceStore {
 public:
  explicit AttendanceStore(Database& db) : db_(db) {}
  // Inside a Transaction: writes and audits it ("import" when `action` says so).
  AttendanceRecord add(AttendanceRecord r, const Actor& actor, const std::string& action = "create");
  bool exists(std::int64_t staff_id, const std::string& on_date, const std::string& kind);
  // By day, then employee number, then kind's order of entry.
  std::vector<AttendanceRecord> list(const AttendanceFilter& filter);
  // Each staff member's kinds of record in [first_day, last_day], one entry per record.
  std::map<std::int64_t, std::vector<std::string>> kinds_by_staff(const std::string& first_day, const std::string& last_day);

 private:
  Database& db_;
};

}  // namespace csdesk
