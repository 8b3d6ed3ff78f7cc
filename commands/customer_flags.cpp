#include "customer_flags.hpp"

#include <CLI/CLI.hpp>
#include <fmt/format.h>

#include "util/text.hpp"

namespace csdesk {

RawContact CustomerFlags::typed() const {
  RawContact r = raw;
  if (urgent) r[static_cast<size_t>(Field::urgent)] = "yes";
  return r;
}

NewContact CustomerFlags::contact(Epoch now) const { return normalise_contact(typed(), now); }

std::vector<std::string> duplicate_notes(const RegisterResult& r) {
  std::vector<std::string> out;
  for (const auto& d : r.possible_duplicates)
    out.push_back(fmt::format("possible duplicate: {} {} also holds the {} given (not copied onto {} {}, matched on {}); "
                              "if they are the same customer, run `csdesk customer merge {} {}`",
                              d.number, d.name, join(d.keys, ", "), r.customer.number, r.customer.name, r.matched_on,
                              r.customer.number, d.number));
  return out;
}

void add_customer_flags(CLI::App* cmd, CustomerFlags& f) {
  auto opt = [&](Field field, const char* help) {
    return cmd->add_option(field_flag(field), f.raw[static_cast<size_t>(field)], help)->group("Customer");
  };
  opt(Field::name, "称呼: name or form of address, e.g. 王女士 (required)");
  opt(Field::company, "公司名称: company");
  opt(Field::phone, "Mobile (13912345678, +86 …), landline with area code (010-12345678, 0335-6543210) or 400/800 "
                    "number (400-123-4567); extension after 转/分机/ext/x/# (010-12345678 转123)");
  opt(Field::email, "E-mail");
  opt(Field::qq, "QQ number");
  opt(Field::wechat, "WeChat id");
  opt(Field::title, "职位: job title");
  opt(Field::pcs, "电脑台数: number of PCs");
  opt(Field::needs, "功能需求: needs");
  opt(Field::channel, "phone, online, qq, email, walk-in, event (电话/在线/QQ/邮件/现场/活动)");
  opt(Field::city, "City or region (城市/地区)");
  opt(Field::grade, "A, B or C (drives revisit priority)");
  cmd->add_flag("--urgent", f.urgent, "The customer asks to be contacted at once (sales within 15 minutes)")->group("Customer");
  opt(Field::contacted_at, "When the contact happened, local time (default: now)");
  opt(Field::consent, "Consent to be contacted: yes or no (是/否)");
  opt(Field::birthday, "Birthday, MM-DD (for birthday greetings)");
  opt(Field::note, "Note");
}

}  // namespace csdesk
