#include "care_common.hpp"

#include <fmt/format.h>

#include "util/error.hpp"
#include "rules/revisit_plan.hpp"
#include "store/staff.hpp"
#include "util/text.hpp"

namespace csdesk {

Value StaffNames::label(const std::optional<std::int64_t>& id) {
  if (!id) return {};
  auto it = cache_.find(*id);
  if (it == cache_.end()) {
    auto s = StaffStore(db_).by_id(*id);
    it = cache_.emplace(*id, s ? s->number + " " + s->name : fmt::format("#{}", *id)).first;
  }
  return it->second;
}

const Customer& CustomerCache::get(std::int64_t id) {
  auto it = cache_.find(id);
  if (it == cache_.end()) {
    auto c = CustomerStore(db_).by_id(id);
    if (!c) fail(ErrorKind::internal, "customer #{} is missing", id);
    it = cache_.emplace(id, *c).first;
  }
  return it->second;
}

std::optional<Revisit> plan_followup(Context& ctx, Database& db, const Complaint& complaint) {
  Revisit r;
  r.customer_id = complaint.customer_id;
  r.complaint_id = complaint.id;
  r.purpose = "complaint-follow-up";
  r.plan_key = followup_plan_key(complaint.id, complaint.reopened_count);
  r.due_at = complaint.resolved_at.value_or(ctx.now()) + ctx.config().integer("revisit.after_resolution_days") * 86400;
  r.content = fmt::format("投诉回访 {}", complaint.number);
  return RevisitStore(db).plan(r, ctx.config().text("revisit.agent_rule"), ctx.actor(), ctx.now());
}

std::optional<std::string> given(const std::string& text, std::string_view what) {
  std::string t = trim(without_invisible(nfkc(text, what)));
  return t.empty() ? std::nullopt : std::optional<std::string>(t);
}

}  // namespace csdesk
