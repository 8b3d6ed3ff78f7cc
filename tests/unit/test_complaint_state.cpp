#include <doctest/doctest.h>

#include "rules/complaint_state.hpp"

using namespace csdesk;

TEST_CASE("the complaint lifecycle allows exactly the documented transitions") {
  struct Case {
    const char* verb;
    const char* from;
    const char* to;  // nullptr: refused
  };
  const Case cases[] = {
      {"respond", "open", "in-progress"},       {"respond", "reopened", "in-progress"},
      {"respond", "in-progress", nullptr},      {"respond", "closed", nullptr},
      {"wait", "in-progress", "pending-customer"}, {"wait", "open", nullptr},
      {"wait", "pending-customer", nullptr},    {"resume", "pending-customer", "in-progress"},
      {"resume", "in-progress", nullptr},       {"resolve", "in-progress", "resolved"},
      {"resolve", "open", nullptr},             {"resolve", "pending-customer", nullptr},
      {"close", "resolved", "closed"},          {"close", "in-progress", nullptr},
      {"close", "closed", nullptr},             {"reopen", "resolved", "reopened"},
      {"reopen", "closed", "reopened"},         {"reopen", "open", nullptr},
      {"update", "pending-customer", "pending-customer"}, {"update", "closed", nullptr},
      {"assign", "open", "open"},               {"assign", "resolved", nullptr},
      {"escalate", "reopened", "reopened"},     {"escalate", "closed", nullptr},
      {"fly", "open", nullptr},
  };
  for (const auto& c : cases) {
    CAPTURE(c.verb);
    CAPTURE(c.from);
    auto next = complaint_next_status(c.verb, c.from);
    if (c.to) {
      REQUIRE(next);
      CHECK(*next == c.to);
    } else {
      CHECK_FALSE(next);
    }
  }
  CHECK(complaint_verb_sources("close") == std::vector<std::string>{"resolved"});
  CHECK(complaint_is_active("pending-customer"));
  CHECK_FALSE(complaint_is_active("resolved"));
}

TEST_CASE("priorities in English and Chinese") {
  CHECK(parse_priority("P1") == "P1");
  CHECK(parse_priority("p2") == "P2");
  CHECK(parse_priority("紧急") == "P1");
  CHECK(parse_priority("高") == "P2");
  CHECK(parse_priority("普通") == "P3");
  CHECK(parse_priority(" 3 ") == "P3");
  CHECK_FALSE(parse_priority("P4"));
  CHECK_FALSE(parse_priority("很急"));
}

TEST_CASE("escalation levels name who takes the complaint") {
  CHECK(std::string(escalation_name(0)) == "handler");
  CHECK(std::string(escalation_role(1)) == "supervisor");
  CHECK(std::string(escalation_role(2)) == "manager");
}

TEST_CASE("an escalated complaint is signed off by an approval after its last escalation or reopening") {
  using V = std::vector<std::string>;
  CHECK(complaint_signed_off(0, V{"new", "respond"}));  // level 0 needs no approval
  CHECK_FALSE(complaint_signed_off(1, V{"new", "escalate", "respond"}));
  CHECK(complaint_signed_off(1, V{"new", "escalate", "approve", "update", "respond"}));
  CHECK_FALSE(complaint_signed_off(2, V{"new", "escalate", "approve", "escalate"}));  // level 2 needs its own
  CHECK(complaint_signed_off(2, V{"new", "escalate", "approve", "escalate", "approve"}));
  CHECK_FALSE(complaint_signed_off(1, V{"new", "escalate", "approve", "resolve", "reopen", "respond"}));
  CHECK_FALSE(complaint_signed_off(1, V{}));  // escalated with no log at all: nothing approved
  CHECK(approval_permission(1) == Permission::approve_level1);
  CHECK(approval_permission(2) == Permission::approve_level2);
  CHECK(complaint_next_status("approve", "pending-customer") == "pending-customer");
  CHECK_FALSE(complaint_next_status("approve", "resolved"));
}
