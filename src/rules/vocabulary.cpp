#include "rules/vocabulary.hpp"

#include <stdexcept>

#include "util/error.hpp"

namespace csdesk::vocab {
namespace {

struct Term {
  const char* code;
  std::vector<std::string_view> synonyms;  // besides the code and its catalogue name
};
struct Vocabulary {
  std::string_view name;
  std::vector<Term> terms;
};

// The one list. Each code is marked for the catalogue, where its Chinese name is.
const std::vector<Vocabulary>& vocabularies() {
  static const std::vector<Vocabulary> all = {
      {"channel",
       {
           {tr_ctx_noop("channel", "phone"), {"tel", "电话咨询"}},
           {tr_ctx_noop("channel", "online"), {"在线", "网上客服系统", "chat", "网络"}},
           {tr_ctx_noop("channel", "qq"), {"客服QQ"}},
           {tr_ctx_noop("channel", "email"), {"e-mail", "电子邮件", "邮箱", "客服邮箱"}},
           {tr_ctx_noop("channel", "walk-in"), {"walkin", "现场", "来访"}},
           {tr_ctx_noop("channel", "event"), {"活动现场"}},
       }},
      {"customer-category",
       {
           {tr_ctx_noop("customer-category", "potential"), {"潜在"}},
           {tr_ctx_noop("customer-category", "active"), {"现有"}},
           {tr_ctx_noop("customer-category", "at-risk"), {"准流失"}},
           {tr_ctx_noop("customer-category", "lost"), {"流失"}},
       }},
      {"registration-status",
       {
           {tr_ctx_noop("registration-status", "new"), {"新"}},
           {tr_ctx_noop("registration-status", "returning"), {"老", "回头客"}},
       }},
      {"complaint-status",
       {
           {tr_ctx_noop("complaint-status", "open"), {"未处理"}},
           {tr_ctx_noop("complaint-status", "in-progress"), {}},
           {tr_ctx_noop("complaint-status", "pending-customer"), {"等待客户"}},
           {tr_ctx_noop("complaint-status", "resolved"), {}},
           {tr_ctx_noop("complaint-status", "closed"), {"关闭"}},
           {tr_ctx_noop("complaint-status", "reopened"), {"已重开"}},
       }},
      {"complaint-category",
       {
           {tr_ctx_noop("complaint-category", "product"), {"产品"}},
           {tr_ctx_noop("complaint-category", "service-attitude"), {"态度"}},
           {tr_ctx_noop("complaint-category", "delivery"), {"物流", "配送"}},
           {tr_ctx_noop("complaint-category", "billing"), {"账单", "发票"}},
           {tr_ctx_noop("complaint-category", "after-sale"), {"售后"}},
           {tr_ctx_noop("complaint-category", "other"), {}},
       }},
      {"priority",
       {
           {tr_ctx_noop("priority", "P1"), {"p1", "1"}},
           {tr_ctx_noop("priority", "P2"), {"p2", "2"}},
           {tr_ctx_noop("priority", "P3"), {"p3", "3"}},
       }},
      {"escalation",
       {
           {tr_ctx_noop("escalation", "handler"), {}},
           {tr_ctx_noop("escalation", "supervisor"), {}},
           {tr_ctx_noop("escalation", "manager"), {}},
       }},
      {"role",
       {
           {tr_ctx_noop("role", "consult"), {"咨询"}},
           {tr_ctx_noop("role", "revisit"), {"回访"}},
           {tr_ctx_noop("role", "sales"), {"销售人员"}},
           {tr_ctx_noop("role", "complaint"), {"投诉处理专员"}},
           {tr_ctx_noop("role", "supervisor"), {"客服主管", "班长"}},
           {tr_ctx_noop("role", "manager"), {"客服经理"}},
           {tr_ctx_noop("role", "admin"), {}},
       }},
      {"shift",
       {
           {tr_ctx_noop("shift", "early"), {}},
           {tr_ctx_noop("shift", "late"), {}},
       }},
      {"adjustment-kind",
       {
           {tr_ctx_noop("adjustment-kind", "praise"), {}},
           {tr_ctx_noop("adjustment-kind", "complaint"), {"投诉"}},
           {tr_ctx_noop("adjustment-kind", "late"), {}},
           {tr_ctx_noop("adjustment-kind", "absent"), {"缺勤"}},
           {tr_ctx_noop("adjustment-kind", "inspection"), {"检查"}},
           {tr_ctx_noop("adjustment-kind", "other"), {}},
       }},
      {"revisit-status",
       {
           {tr_ctx_noop("revisit-status", "planned"), {"计划"}},
           {tr_ctx_noop("revisit-status", "done"), {"完成"}},
           {tr_ctx_noop("revisit-status", "cancelled"), {"取消"}},
       }},
      {"revisit-method",
       {
           {tr_ctx_noop("revisit-method", "phone"), {"电话"}},
           {tr_ctx_noop("revisit-method", "sms"), {"短信"}},
           {tr_ctx_noop("revisit-method", "visit"), {"登门", "上门"}},
       }},
      {"revisit-purpose",
       {
           {tr_ctx_noop("revisit-purpose", "after-sale"), {}},
           {tr_ctx_noop("revisit-purpose", "satisfaction"), {}},
           {tr_ctx_noop("revisit-purpose", "complaint-follow-up"), {}},
           {tr_ctx_noop("revisit-purpose", "holiday"), {}},
           {tr_ctx_noop("revisit-purpose", "maintenance"), {}},
           {tr_ctx_noop("revisit-purpose", "birthday"), {}},
           {tr_ctx_noop("revisit-purpose", "routine"), {}},
           {tr_ctx_noop("revisit-purpose", "promotion"), {}},
       }},
      {"grade",
       {
           {tr_ctx_noop("grade", "A"), {"a", "A级"}},
           {tr_ctx_noop("grade", "B"), {"b", "B级"}},
           {tr_ctx_noop("grade", "C"), {"c", "C级"}},
       }},
      {"yes-no",
       {
           {tr_ctx_noop("yes-no", "yes"), {"y", "1", "true", "同意", "有"}},
           {tr_ctx_noop("yes-no", "no"), {"n", "0", "false", "不同意", "无"}},
       }},
      {"calendar-day",
       {
           {tr_ctx_noop("calendar-day", "off"), {"放假", "休息", "假日", "holiday"}},
           {tr_ctx_noop("calendar-day", "workday"), {"上班", "调休上班", "补班", "工作日"}},
       }},
      {"weekday",
       {
           {tr_ctx_noop("weekday", "sun"), {"星期日", "星期天", "周日", "sunday"}},
           {tr_ctx_noop("weekday", "mon"), {"星期一", "monday"}},
           {tr_ctx_noop("weekday", "tue"), {"星期二", "tuesday"}},
           {tr_ctx_noop("weekday", "wed"), {"星期三", "wednesday"}},
           {tr_ctx_noop("weekday", "thu"), {"星期四", "thursday"}},
           {tr_ctx_noop("weekday", "fri"), {"星期五", "friday"}},
           {tr_ctx_noop("weekday", "sat"), {"星期六", "saturday"}},
       }},
  };
  return all;
}

const Vocabulary& find(std::string_view name) {
  for (const auto& v : vocabularies())
    if (v.name == name) return v;
  throw std::logic_error("no vocabulary named " + std::string(name));
}

std::vector<TermAlias> synonyms_of(const Vocabulary& v) {
  std::vector<TermAlias> out;
  for (const auto& t : v.terms)
    for (auto s : t.synonyms) out.push_back({s, t.code});
  return out;
}

}  // namespace

const std::vector<std::string>& codes(std::string_view vocabulary) {
  static const auto all = [] {
    std::vector<std::pair<std::string_view, std::vector<std::string>>> out;
    for (const auto& v : vocabularies()) {
      std::vector<std::string> codes;
      for (const auto& t : v.terms) codes.emplace_back(t.code);
      out.emplace_back(v.name, std::move(codes));
    }
    return out;
  }();
  for (const auto& [name, list] : all)
    if (name == vocabulary) return list;
  throw std::logic_error("no vocabulary named " + std::string(vocabulary));
}

std::optional<std::string> parse(std::string_view vocabulary, std::string_view input) {
  return parse(vocabulary, input, codes(vocabulary));
}

std::optional<std::string> parse(std::string_view vocabulary, std::string_view input,
                                 const std::vector<std::string>& allowed) {
  return code_named(vocabulary, input, allowed, synonyms_of(find(vocabulary)));
}

std::string name(std::string_view vocabulary, std::string_view code) { return term_in(vocabulary, code, language()); }

std::string listed(std::string_view vocabulary) { return listed(vocabulary, codes(vocabulary)); }
std::string listed(std::string_view vocabulary, const std::vector<std::string>& codes) {
  return terms_listed(vocabulary, codes);
}

std::string require(std::string_view vocabulary, std::string_view input, std::string_view what) {
  return require(vocabulary, input, what, codes(vocabulary));
}
std::string require(std::string_view vocabulary, std::string_view input, std::string_view what,
                    const std::vector<std::string>& allowed) {
  if (auto code = parse(vocabulary, input, allowed)) return *code;
  fail_invalid("{}: '{}' is not one of {}", what, input, listed(vocabulary, allowed));
}

}  // namespace csdesk::vocab
