#pragma once
// The department's forms (seed 001, 客服管理表格), each under the seed's own title and with its
// columns: listings of what the customer, revisit, complaint, report and score services already
// keep and compute, laid out as one Table per form. Figures come from the services that define
// them (the monthly report's problem factors, the revisit service's CSI, the score service's
// assessment); nothing is counted differently here. Takes the texts as typed (errors name their
// flags); prints nothing.
#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "complain/care_scope.hpp"
#include "output/render.hpp"

namespace csdesk {

struct FormInfo {
  std::string name;               // customer-details: the command's argument
  std::string title_en, title_zh;  // 客户详细信息表: the seed's own title
};
// Every form, in the order of the seed's list.
const std::vector<FormInfo>& forms();

// What `csdesk form NAME` is asked for, as typed; empty means the form's default.
struct FormRequest {
  std::string form;
  std::string month;         // YYYY-MM
  std::string since, until;  // times or dates, [since, until)
  std::string agent;         // the form's staff member: registering agent, revisit agent, handler, assessed
  std::string owner;         // customer-details: the customer's owner
  std::string customer;      // one customer's rows
  std::string status;        // revisit-tracking: revisit status; feedback: complaint status
  std::string category;      // customer-details: potential, active, at-risk, lost
};

// Whether the operator may see the personal data of a customer's row (need to know).
using SeesCustomer = std::function<bool(std::int64_t customer_id)>;

// The form's one table, titled with the seed's title (name: the form's name with underscores),
// its rows marked visible where `sees` allows.
// `in_language`: generated texts (planned revisit contents) in the current language (table, CSV).
Table form_table(const CareScope& scope, const FormRequest& request, Format format, bool in_language,
                 const SeesCustomer& sees);

}  // namespace csdesk
