// Staff roles: one list, which config keys naming roles and the store both read.
#include <doctest/doctest.h>

#include <algorithm>

#include "config/config.hpp"
#include "rules/roles.hpp"
#include "util/error.hpp"

using namespace csdesk;

namespace {
const ConfigKey& key_named(const std::string& name) {
  const auto& keys = config_keys();
  auto it = std::find_if(keys.begin(), keys.end(), [&](const ConfigKey& k) { return k.name == name; });
  REQUIRE(it != keys.end());
  return *it;
}
}  // namespace

TEST_CASE("config keys naming roles accept every staff role and nothing else") {
  for (const std::string name : {"privacy.reveal_roles", "score.target_roles"}) {
    const ConfigKey& key = key_named(name);
    bool has_check = key.check != nullptr;
    REQUIRE(has_check);
    CHECK(key.check(ConfigValue{staff_roles()}) == "");
    CHECK(key.check(ConfigValue{StringList{"sales", "boss"}}) ==
          "'boss' is not a role; use consult, revisit, sales, complaint, team-lead, supervisor, inspector, manager, director, analyst, trainer, admin");
  }
}

TEST_CASE("parse_role: English and Chinese names, else one of the list") {
  CHECK(parse_role(" Sales ") == "sales");
  CHECK(parse_role("投诉处理") == "complaint");
  CHECK(parse_role("班长") == "team-lead");
  CHECK(parse_role("主任") == "inspector");
  CHECK(parse_role("总监") == "director");
  CHECK(parse_role("数据分析") == "analyst");
  CHECK_THROWS_AS(parse_role("boss"), Error);
}

TEST_CASE("parse_role: every role by its catalogue name and its synonyms (rules/vocabulary)") {
  CHECK(parse_role("咨询客服") == "consult");
  CHECK(parse_role("咨询") == "consult");
  CHECK(parse_role("回访客服") == "revisit");
  CHECK(parse_role("销售人员") == "sales");
  CHECK(parse_role("投诉处理专员") == "complaint");
  CHECK(parse_role("客服主管") == "supervisor");
  CHECK(parse_role("经理") == "manager");
  CHECK(parse_role("客服经理") == "manager");
  CHECK(parse_role("管理员") == "admin");
  CHECK(parse_role("ADMIN") == "admin");
  set_language(Lang::zh);
  try {
    parse_role("老板");
    FAIL("accepted");
  } catch (const Error& e) {
    CHECK(std::string(e.what()) ==
          "--roles: '老板' 不是有效的角色；请用 consult, revisit, sales, complaint, team-lead, supervisor, inspector, manager, director, analyst, trainer, admin");
  }
  set_language(Lang::en);
}
