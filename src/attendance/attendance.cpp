#include "attendance/attendance.hpp"

#include <algorithm>
#include <fstream>
#include <iterator>
#include <map>
#include <set>
#include <sstream>

#include "import/csv.hpp"
#include "import/encoding.hpp"
#include "rules/vocabulary.hpp"
#include "util/error.hpp"
#include "util/text.hpp"

namespace csdesk {
namespace {

std::string today(Epoch now) { return format_date(now); }

// "2026-11-03" (also 2026/11/03 and full-width digits) → "2026-11-03"; throws invalid naming `what`.
std::string checked_date(const std::string& text, const std::string& what) {
  std::string t = trim(nfkc(text, what));
  std::replace(t.begin(), t.end(), '/', '-');
  LocalTime d = parse_date(t, what);
  return format_date(from_local(d.year, d.month, d.day));
}

const allocation::ShiftHours* shift_of(const Staff& s, const AttendancePolicy& policy) {
  if (!s.shift) return nullptr;
  if (*s.shift == "early") return &policy.early;
  if (*s.shift == "late") return &policy.late;
  return nullptr;
}

const char* shift_key(const Staff& s) { return s.shift && *s.shift == "late" ? "hours.late" : "hours.early"; }

// The late or early-leave record a sign-in or sign-out gives under the staff member's shift.
std::optional<AttendanceRecord> derived(const Staff& s, const AttendanceRecord& r, const AttendancePolicy& policy) {
  const allocation::ShiftHours* shift = shift_of(s, policy);
  if (!shift || !r.at_time) return std::nullopt;
  int at = attendance::parse_clock(*r.at_time, "time");
  AttendanceRecord d = r;
  d.at_time.reset();
  std::string range = attendance::format_clock(shift->begin) + "-" + attendance::format_clock(shift->end);
  if (r.kind == "sign-in") {
    int late = attendance::minutes_late(*shift, at);
    if (late == 0) return std::nullopt;
    d.kind = "late";
    d.minutes = late;
    d.note = fmt::format("sign-in {} ({} {})", *r.at_time, shift_key(s), range);
  } else if (r.kind == "sign-out") {
    int early = attendance::minutes_early(*shift, at);
    if (early == 0) return std::nullopt;
    d.kind = "early-leave";
    d.minutes = early;
    d.note = fmt::format("sign-out {} ({} {})", *r.at_time, shift_key(s), range);
  } else {
    return std::nullopt;
  }
  return d;
}

bool may_approve(const Staff& approver, const Actor& actor) {
  const auto& roles = actor.roles_for(Permission::attendance_manage);
  return std::any_of(roles.begin(), roles.end(), [&](const std::string& r) { return approver.has_role(r); });
}

std::string read_whole(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) fail_not_found("{}: cannot read the file; check the path", path);
  return std::string(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
}

// A header's column: which of ours it is, or "" for one not read.
std::string column_of(const std::string& header) {
  std::string h = to_lower_ascii(trim(without_invisible(nfkc(header, "header"))));
  static const std::map<std::string, std::string> names = {
      {"工号", "staff"},      {"员工编号", "staff"},  {"staff", "staff"},        {"number", "staff"},
      {"日期", "date"},       {"考勤日期", "date"},   {"date", "date"},
      {"签到", "sign-in"},    {"签到时间", "sign-in"}, {"上班打卡", "sign-in"},  {"sign_in", "sign-in"},   {"sign-in", "sign-in"},
      {"签退", "sign-out"},   {"签退时间", "sign-out"}, {"下班打卡", "sign-out"}, {"sign_out", "sign-out"}, {"sign-out", "sign-out"},
      {"备注", "note"},       {"note", "note"}};
  auto it = names.find(h);
  return it == names.end() ? std::string() : it->second;
}

}  // namespace

AttendancePolicy attendance_policy(const Config& c) {
  AttendancePolicy p;
  p.early = allocation::parse_shift_hours(c.text("hours.early"), "hours.early");
  p.late = allocation::parse_shift_hours(c.text("hours.late"), "hours.late");
  p.rest_days = c.integer("hours.rest_days_per_month");
  return p;
}

std::vector<AttendanceRecord> record_attendance(Database& db, const Actor& actor, Epoch now, const AttendancePolicy& policy,
                                                const AttendanceInput& in) {
  StaffStore staff(db);
  std::string kind = vocab::require(vocab::attendance_kind, in.kind, "--kind");
  Staff who = in.staff.empty() ? (actor.staff_id ? staff.by_id(*actor.staff_id).value_or(Staff{}) : Staff{})
                               : staff.get(in.staff);
  if (who.id == 0 && in.staff.empty()) fail_invalid("STAFF: name whose attendance this is (an employee number)");
  bool self = actor.staff_id && *actor.staff_id == who.id;
  if (self && attendance::own_kind(kind)) actor.require(Permission::attendance_own);
  else actor.require(Permission::attendance_manage);
  if (!who.active) fail_conflict("{} {} is deactivated; attendance is kept for active staff", who.number, who.name);

  AttendanceRecord r;
  r.staff_id = who.id;
  r.staff_number = who.number;
  r.staff_name = who.name;
  r.kind = kind;
  r.on_date = in.date.empty() ? today(now) : checked_date(in.date, "--date");
  bool planned = kind == "leave" || kind == "rest";
  if (!planned && r.on_date > today(now))
    fail_invalid("--date: {} is in the future; a {} is recorded once it happens", r.on_date, vocab::name(vocab::attendance_kind, kind));
  if (attendance::own_kind(kind)) {
    if (!in.at.empty()) r.at_time = attendance::format_clock(attendance::parse_clock(trim(nfkc(in.at, "--at")), "--at"));
    else if (r.on_date == today(now)) r.at_time = format_local(now).substr(11, 5);
    else fail_invalid("--at: give the time of the {} on {} (HH:MM)", vocab::name(vocab::attendance_kind, kind), r.on_date);
  } else if (!in.at.empty()) {
    fail_invalid("--at: only a sign-in or sign-out has a time; for {} give --minutes", vocab::name(vocab::attendance_kind, kind));
  }
  if (!in.minutes.empty()) {
    if (kind != "late" && kind != "early-leave" && kind != "leave")
      fail_invalid("--minutes: only late, early-leave and leave records have minutes");
    std::string m = trim(nfkc(in.minutes, "--minutes"));
    if (m.empty() || m.size() > 4 || m.find_first_not_of("0123456789") != std::string::npos)
      fail_invalid("--minutes: {} is not a number of minutes; give a whole number such as 15", in.minutes);
    r.minutes = std::stoll(m);
  }
  if (kind == "leave") {
    if (in.approver.empty())
      fail_invalid("--approver: leave (请假) needs the team-lead or supervisor who approved it, e.g. --approver 9001");
    Staff approver = staff.get(in.approver);
    if (approver.id == who.id)
      fail_not_permitted("not permitted: {} {} cannot approve their own leave; another who may approve it does "
                         "(permissions.attendance_manage)", approver.number, approver.name);
    if (!approver.active || !may_approve(approver, actor))
      fail_not_permitted("not permitted: {} {} may not approve leave; it needs the role {} (permissions.attendance_manage)",
                         approver.number, approver.name, join(actor.roles_for(Permission::attendance_manage), " or "));
    r.approver_id = approver.id;
    r.approver_number = approver.number;
  } else if (!in.approver.empty()) {
    fail_invalid("--approver: only leave (请假) is approved");
  }
  r.note = trim(without_invisible(in.note));
  r.recorded_by = actor.staff_id;
  r.recorded_at = now;

  Database::Transaction tx(db);
  AttendanceStore store(db);
  std::vector<AttendanceRecord> out;
  auto write = [&](const AttendanceRecord& rec) {
    if (store.exists(rec.staff_id, rec.on_date, rec.kind))
      fail_conflict("{} {} already has a {} record on {}; nothing written", who.number, who.name,
                    vocab::name(vocab::attendance_kind, rec.kind), rec.on_date);
    AttendanceRecord written = store.add(rec, actor);
    written.approver_number = rec.approver_number;
    out.push_back(written);
  };
  write(r);
  if (auto d = derived(who, r, policy)) write(*d);
  tx.commit();
  return out;
}

AttendanceImported import_attendance(Database& db, const Actor& actor, Epoch now, const AttendancePolicy& policy,
                                     const std::string& path) {
  actor.require(Permission::attendance_manage);
  std::string bytes = read_whole(path);
  EncodingDetector detector;
  detector.feed(bytes);
  Detection detection = detector.finish();
  if (!detection.encoding) fail_invalid("{}: cannot tell the file's text encoding; save it as UTF-8 CSV", path);
  std::string text = decode_to_utf8(bytes, *detection.encoding);
  std::size_t offset = 0;
  CsvReader reader([&](char* buf, std::size_t cap) {
    std::size_t n = std::min(cap, text.size() - offset);
    std::copy_n(text.data() + offset, n, buf);
    offset += n;
    return n;
  });
  CsvRecord rec;
  if (!reader.next(rec)) fail_invalid("{}: the file is empty; it needs a header row (工号,日期,签到,签退)", path);
  std::map<std::string, std::size_t> column;
  std::vector<std::string> headers = rec.fields;
  for (std::size_t i = 0; i < headers.size(); ++i) {
    std::string c = column_of(headers[i]);
    if (!c.empty() && !column.count(c)) column[c] = i;
  }
  if (!column.count("staff") || !column.count("date") || (!column.count("sign-in") && !column.count("sign-out")))
    fail_invalid("{}:{}: the header needs the columns 工号 (staff), 日期 (date) and 签到 (sign_in) or 签退 (sign_out)", path,
                 rec.line);

  StaffStore staff(db);
  AttendanceStore store(db);
  AttendanceImported out;
  std::vector<std::string> problems;
  std::vector<std::pair<Staff, AttendanceRecord>> records;
  std::set<std::string> seen;  // staff id, date, kind within the file
  auto problem = [&](std::size_t line, const std::string& col, const std::string& why) {
    problems.push_back(col.empty() ? trf("{}:{}: {}", path, line, why) : trf("{}:{}: column {}: {}", path, line, col, why));
  };
  auto field = [&](const CsvRecord& r, const char* c) -> std::string {
    auto it = column.find(c);
    if (it == column.end() || it->second >= r.fields.size()) return "";
    return trim(without_invisible(r.fields[it->second]));
  };
  auto header = [&](const char* c) { return headers[column.at(c)]; };
  Database::Transaction tx(db);
  while (reader.next(rec)) {
    if (!rec.error.empty()) {
      problem(rec.line, "", rec.error);
      if (rec.fatal) break;
      continue;
    }
    ++out.rows;
    std::string number = field(rec, "staff");
    std::optional<Staff> who = number.empty() ? std::nullopt : staff.find(number);
    if (!who) {
      problem(rec.line, header("staff"), number.empty() ? std::string(tr("no employee number")) : trf("no staff member {}", number));
      continue;
    }
    std::string date;
    try {
      date = checked_date(field(rec, "date"), "date");
    } catch (const Error& e) {
      problem(rec.line, header("date"), trf("'{}' is not a date; give YYYY-MM-DD", field(rec, "date")));
      continue;
    }
    if (date > today(now)) {
      problem(rec.line, header("date"), trf("{} is in the future", date));
      continue;
    }
    std::string note = field(rec, "note");
    bool any = false;
    for (const char* kind : {"sign-in", "sign-out"}) {
      std::string at = field(rec, kind);
      if (at.empty()) continue;
      any = true;
      int minute = 0;
      try {
        minute = attendance::parse_clock(nfkc(at, "time"), "time");
      } catch (const Error&) {
        problem(rec.line, header(kind), trf("'{}' is not a time of day; give HH:MM such as 09:05", at));
        continue;
      }
      AttendanceRecord r;
      r.staff_id = who->id;
      r.staff_number = who->number;
      r.staff_name = who->name;
      r.on_date = date;
      r.kind = kind;
      r.at_time = attendance::format_clock(minute);
      r.note = note;
      r.recorded_by = actor.staff_id;
      r.recorded_at = now;
      std::vector<AttendanceRecord> these = {r};
      if (auto d = derived(*who, r, policy)) these.push_back(*d);
      for (const auto& x : these) {
        std::string key = std::to_string(x.staff_id) + " " + x.on_date + " " + x.kind;
        if (!seen.insert(key).second || store.exists(x.staff_id, x.on_date, x.kind)) {
          problem(rec.line, header(kind), trf("{} {} already has a {} record on {}", who->number, who->name,
                                              vocab::name(vocab::attendance_kind, x.kind), x.on_date));
          continue;
        }
        records.push_back({*who, x});
      }
    }
    if (!any) ++out.skipped;
  }
  if (!problems.empty()) {
    std::string listed;
    for (std::size_t i = 0; i < problems.size() && i < 20; ++i) listed += "\n  " + problems[i];
    if (problems.size() > 20) listed += "\n  " + trf("… and {} more", problems.size() - 20);
    fail_invalid("{}: {} problem(s), nothing imported; correct the file and import it again:{}", path, problems.size(), listed);
  }
  for (const auto& [who, r] : records) {
    store.add(r, actor, "import");
    ++out.records;
    out.late += r.kind == "late";
    out.early_leave += r.kind == "early-leave";
  }
  tx.commit();
  return out;
}

std::vector<AttendanceRecord> list_attendance(Database& db, const std::string& month, const std::string& staff_ref) {
  AttendanceFilter f;
  if (!staff_ref.empty()) f.staff_id = StaffStore(db).get(staff_ref).id;
  if (!month.empty()) {
    Period m = month_period(month, "--month");
    f.first_day = format_date(m.begin);
    f.last_day = format_date(m.end - 1);
  }
  return AttendanceStore(db).list(f);
}

std::vector<AttendanceSummaryRow> attendance_summary(Database& db, const std::string& month, const std::string& staff_ref,
                                                     const AttendancePolicy& policy) {
  Period m = month_period(month, "--month");
  AttendanceFilter f;
  f.first_day = format_date(m.begin);
  f.last_day = format_date(m.end - 1);
  std::vector<Staff> people;
  StaffStore staff(db);
  if (!staff_ref.empty()) {
    people.push_back(staff.get(staff_ref));
  } else {
    StaffFilter active;
    active.active = true;
    people = staff.list(active);
    // An admin who holds no service role (the installation's account) keeps no attendance.
    std::erase_if(people, [](const Staff& s) {
      return std::all_of(s.roles.begin(), s.roles.end(), [](const std::string& r) { return r == "admin"; });
    });
  }
  std::map<std::int64_t, std::vector<attendance::DayRecord>> by_staff;
  for (const auto& r : AttendanceStore(db).list(f)) by_staff[r.staff_id].push_back({r.on_date, r.kind});
  std::vector<AttendanceSummaryRow> out;
  for (const auto& s : people) out.push_back({s, attendance::tally(by_staff[s.id], policy.rest_days)});
  return out;
}

}  // namespace csdesk
