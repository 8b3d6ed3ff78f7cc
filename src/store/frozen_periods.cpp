#include "store/frozen_periods.hpp"

#include <fmt/format.h>

#include <algorithm>

#include "util/error.hpp"
#include "util/json.hpp"

namespace csdesk {
namespace {

std::optional<FrozenPeriod> first_frozen(sql::Statement& q) {
  if (!q.step()) return std::nullopt;
  return FrozenPeriod{q.column(0).text(), q.column(1).text(), q.column(2).text(),
                      q.column(3).int64()};
}

// A field of an audit image, when the image is a JSON object that has it.
std::optional<Json> image_field(const std::string& image, const char* key) {
  if (image.empty()) return std::nullopt;
  auto v = parse_json(image);
  if (!v || !v->is_object() || !v->contains(key)) return std::nullopt;
  return (*v)[key];
}

[[noreturn]] void refuse(const AuditEntry& e, const std::string& dated, const FrozenPeriod& f) {
  // A record being created has no number yet: the one it would have had is given to the next.
  std::string kind = e.record_kind;
  std::replace(kind.begin(), kind.end(), '-', ' ');
  std::string what = e.action == "create" || e.record_number.empty()
                         ? trf("the new {}", kind)
                         : trf("{} {} ({})", kind, e.record_number, e.action);
  fail_conflict("not written: {} is dated {}, inside {}, frozen at {} by {}; a frozen period takes no more writes "
                "(its issued figures must stay those of the data), so date it after the period",
                what, dated, frozen_kind_name(f.kind, f.period), format_local(f.frozen_at), f.frozen_by);
}

}  // namespace

std::string frozen_kind_name(const std::string& kind, const std::string& period) {
  if (kind == "score") return trf("the scores of {}", period);
  if (kind == "report-monthly") return trf("the monthly report {}", period);
  if (kind == "report-weekly") return trf("the weekly report {}", period);
  return kind + " " + period;
}

std::optional<FrozenPeriod> frozen_period_at(Database& db, Epoch at) {
  sql::Statement q(db.sql(),
                      "SELECT kind, period, frozen_by, frozen_at FROM frozen_reports "
                      "WHERE (kind = 'report-monthly' AND period = ?1) OR (kind = 'score' AND period = ?1) "
                      "OR (kind = 'report-weekly' AND period = ?2) ORDER BY frozen_at, kind LIMIT 1");
  q.bind(1, month_label(at));
  q.bind(2, iso_week_containing(at).label);
  return first_frozen(q);
}

std::optional<FrozenPeriod> frozen_score_of_day(Database& db, const std::string& day) {
  if (day.size() < 7) return std::nullopt;
  sql::Statement q(db.sql(),
                      "SELECT kind, period, frozen_by, frozen_at FROM frozen_reports WHERE kind = 'score' AND period = ?");
  q.bind(1, day.substr(0, 7));
  return first_frozen(q);
}

void refuse_write_into_frozen(Database& db, Epoch at, const AuditEntry& e) {
  if (e.record_kind == "export") return;  // reading records writes none of them
  if (auto f = frozen_period_at(db, at)) refuse(e, format_local(at), *f);
  // Records that carry their own date count where that date falls, whenever they are entered:
  // an adjustment in the scores of its day's month, a complaint in the report of when it came in.
  if (e.record_kind == "score-adjustment")
    for (const auto* image : {&e.before_json, &e.after_json}) {
      auto day = image_field(*image, "on_date");
      if (!day || !day->is_string()) continue;
      if (auto f = frozen_score_of_day(db, day->get<std::string>())) refuse(e, day->get<std::string>(), *f);
    }
  if (e.record_kind == "complaint" && e.action == "create") {
    auto received = image_field(e.after_json, "received_at");
    if (received && received->is_number_integer())
      if (auto f = frozen_period_at(db, received->get<Epoch>())) refuse(e, format_local(received->get<Epoch>()), *f);
  }
}

}  // namespace csdesk
