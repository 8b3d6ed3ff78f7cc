#include "rules/roles.hpp"

#include <utility>

#include "util/text.hpp"

namespace csdesk {

const std::vector<std::string>& staff_roles() {
  static const std::vector<std::string> roles = {"consult", "revisit", "sales", "complaint", "supervisor", "manager", "admin"};
  return roles;
}

std::string parse_role(const std::string& text) {
  static const std::vector<std::pair<std::string, std::string>> aliases = {
      {"咨询客服", "consult"}, {"咨询", "consult"},       {"回访客服", "revisit"}, {"回访", "revisit"},
      {"销售", "sales"},       {"销售人员", "sales"},     {"投诉处理", "complaint"}, {"投诉处理专员", "complaint"},
      {"主管", "supervisor"},  {"客服主管", "supervisor"}, {"班长", "supervisor"}, {"经理", "manager"},
      {"客服经理", "manager"}, {"管理员", "admin"},
  };
  std::string t = to_lower_ascii(trim(text));
  for (const auto& r : staff_roles())
    if (t == r) return r;
  for (const auto& [zh, en] : aliases)
    if (t == zh) return en;
  fail_not_one_of("--roles", text, t, "role", staff_roles());
}

}  // namespace csdesk
