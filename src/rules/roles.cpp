#include "rules/roles.hpp"

#include <utility>

#include "rules/vocabulary.hpp"
#include "util/text.hpp"

namespace csdesk {

const std::vector<std::string>& staff_roles() {
  static const std::vector<std::string> roles = {"consult", "revisit", "sales", "complaint", "team-lead", "supervisor",
                                                   "inspector", "manager", "director", "analyst", "trainer", "admin"};
  return roles;
}

std::string parse_role(const std::string& text) {
  // The code in any case, its Chinese name or a synonym (rules/vocabulary: 咨询, 班长, 客服经理, …).
  std::string t = to_lower_ascii(trim(text));
  if (auto role = vocab::parse(vocab::role, t)) return *role;
  fail_not_one_of("--roles", text, t, tr_noop("role"), staff_roles());
}

}  // namespace csdesk
