#pragma once
// Staff roles (DOMAIN "Who uses it"): the one list, for config checks, the store and commands.
#include <string>
#include <vector>

namespace csdesk {

// Roles a person may hold (several at once).
const std::vector<std::string>& staff_roles();  // consult, revisit, sales, complaint, supervisor, manager, admin
// Accepts English names and Chinese ones (咨询客服, 回访客服, 销售, 投诉处理, 主管, 经理, 管理员).
std::string parse_role(const std::string& text);

}  // namespace csdesk
