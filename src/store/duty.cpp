#include "store/duty.hpp"


#include <fmt/format.h>

#include "store/sql_values.hpp"
#include "util/json.hpp"
#include "util/text.hpp"

namespace csdesk {
namespace {

const char* kSelect =
    "SELECT d.id, d.duty_date, d.kind, d.staff_id, s.number, s.name, d.starts_at, d.ends_at, d.swapped_from, "
    "coalesce(f.number || ' ' || f.name, '') FROM duty_rota d JOIN staff s ON s.id = d.staff_id "
    "LEFT JOIN staff f ON f.id = d.swapped_from ";

DutyEntry read_entry(sql::Statement& q) {
  DutyEntry e;
  e.id = q.column(0).int64();
  e.date = q.column(1).text();
  e.kind = q.column(2).text();
  e.staff_id = q.column(3).int64();
  e.staff_number = q.column(4).text();
  e.staff_name = q.column(5).text();
  e.starts_at = q.column(6).int64();
  e.ends_at = q.column(7).int64();
  e.swapped_from = sql::opt_int(q.column(8));
  e.swapped_from_label = q.column(9).text();
  return e;
}

}  // namespace

std::vector<DutyEntry> DutyStore::between(const std::string& from, const std::string& to,
                                          std::optional<std::int64_t> staff_id) {
  sql::Statement q(db_.sql(), std::string(kSelect) +
                                     "WHERE d.duty_date >= ? AND d.duty_date < ? AND (CAST(? AS BIGINT) IS NULL OR d.staff_id = ?) "
                                     "ORDER BY d.duty_date, d.kind");
  q.bind(1, from);
  q.bind(2, to);
  sql::bind_opt(q, 3, staff_id);
  sql::bind_opt(q, 4, staff_id);
  std::vector<DutyEntry> out;
  while (q.step()) out.push_back(read_entry(q));
  return out;
}

std::optional<std::int64_t> DutyStore::last_after_hours_before(const std::string& date) {
  sql::Statement q(db_.sql(),
                      "SELECT coalesce(swapped_from, staff_id) FROM duty_rota WHERE kind = 'after-hours' AND duty_date < ? "
                      "ORDER BY duty_date DESC LIMIT 1");
  q.bind(1, date);
  if (q.step()) return q.column(0).int64();
  return std::nullopt;
}

void DutyStore::replace(const std::string& month, const std::string& from, const std::string& to,
                        const std::vector<DutyEntry>& entries, const Actor& actor, Epoch now) {
  std::string before;
  {
    auto old = between(from, to, std::nullopt);
    if (!old.empty()) {
      std::vector<std::string> lines;
      for (const auto& e : old) lines.push_back(fmt::format("{} {} {}", e.date, e.kind, e.staff_number));
      before = JsonObject().add("month", month).add("duties", static_cast<std::int64_t>(old.size())).add("rota", join(lines, "; ")).str();
    }
  }
  sql::Statement del(db_.sql(), "DELETE FROM duty_rota WHERE duty_date >= ? AND duty_date < ?");
  del.bind(1, from);
  del.bind(2, to);
  del.run();
  sql::Statement ins(db_.sql(),
                        "INSERT INTO duty_rota (duty_date, kind, staff_id, starts_at, ends_at) VALUES (?, ?, ?, ?, ?)");
  std::vector<std::string> lines;
  for (const auto& e : entries) {
    ins.bind(1, e.date);
    ins.bind(2, e.kind);
    ins.bind(3, static_cast<int64_t>(e.staff_id));
    ins.bind(4, static_cast<int64_t>(e.starts_at));
    ins.bind(5, static_cast<int64_t>(e.ends_at));
    ins.run();
    ins.reset();
    lines.push_back(fmt::format("{} {} {}", e.date, e.kind, e.staff_number));
  }
  std::string after =
      JsonObject().add("month", month).add("duties", static_cast<std::int64_t>(entries.size())).add("rota", join(lines, "; ")).str();
  db_.audit(actor, now, AuditEntry{"duty-rota", std::nullopt, month, before.empty() ? "create" : "update", before, after});
}

std::optional<DutyEntry> DutyStore::find(const std::string& date, const std::string& kind) {
  sql::Statement q(db_.sql(), std::string(kSelect) + "WHERE d.duty_date = ? AND d.kind = ?");
  q.bind(1, date);
  q.bind(2, kind);
  if (q.step()) return read_entry(q);
  return std::nullopt;
}

void DutyStore::swap(const DutyEntry& e, std::int64_t to, const Actor& actor, Epoch now) {
  sql::Statement q(db_.sql(), "UPDATE duty_rota SET staff_id = ?, swapped_from = coalesce(swapped_from, ?) WHERE id = ?");
  q.bind(1, static_cast<int64_t>(to));
  q.bind(2, static_cast<int64_t>(e.staff_id));
  q.bind(3, static_cast<int64_t>(e.id));
  q.run();
  auto after = find(e.date, e.kind);
  JsonObject b, a;
  b.add("date", e.date).add("kind", e.kind).add("staff", e.staff_number);
  a.add("date", e.date).add("kind", e.kind).add("staff", after ? after->staff_number : "");
  db_.audit(actor, now, AuditEntry{"duty-rota", e.id, e.date + " " + e.kind, "swap", b.str(), a.str()});
}

}  // namespace csdesk
