#include "complain/care_scope.hpp"

#include <fmt/format.h>

#include "store/staff.hpp"
#include "util/error.hpp"
#include "util/text.hpp"

namespace csdesk {

std::optional<std::string> StaffNames::label(const std::optional<std::int64_t>& id) {
  if (!id) return std::nullopt;
  auto it = cache_.find(*id);
  if (it == cache_.end()) {
    auto s = StaffStore(db_).by_id(*id);
    it = cache_.emplace(*id, s ? s->number + " " + s->name : fmt::format("#{}", *id)).first;
  }
  return it->second;
}

std::optional<std::string> given_text(const std::string& text, std::string_view flag) {
  std::string t = trim(without_invisible(nfkc(text, flag)));
  return t.empty() ? std::nullopt : std::optional<std::string>(t);
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

}  // namespace csdesk
