#include "customer_flags.hpp"

#include <CLI/CLI.hpp>
#include <fmt/format.h>

#include "util/i18n.hpp"
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
    out.push_back(trf("possible duplicate: {} {} also holds the {} given (not copied onto {} {}, matched on {}); "
                              "if they are the same customer, run `csdesk customer merge {} {}`",
                              d.number, d.name, join(d.keys, ", "), r.customer.number, r.customer.name, r.matched_on,
                              r.customer.number, d.number));
  return out;
}

void add_customer_flags(CLI::App* cmd, CustomerFlags& f) {
  auto opt = [&](Field field, const char* help) {
    return cmd->add_option(field_flag(field), f.raw[static_cast<size_t>(field)], std::string(tr(help)))
        ->group(std::string(tr("Customer")));
  };
  opt(Field::name, tr_noop("称呼: name or form of address, e.g. 王女士 (required)"));
  opt(Field::company, tr_noop("公司名称: company"));
  opt(Field::phone, tr_noop("Mobile (13912345678, +86 …), landline with area code (010-12345678, 0335-6543210) or 400/800 "
                    "number (400-123-4567); extension after 转/分机/ext/x/# (010-12345678 转123)"));
  opt(Field::email, tr_noop("E-mail"));
  opt(Field::qq, tr_noop("QQ number"));
  opt(Field::wechat, tr_noop("WeChat id"));
  opt(Field::title, tr_noop("职位: job title"));
  opt(Field::pcs, tr_noop("电脑台数: number of PCs"));
  opt(Field::needs, tr_noop("功能需求: needs"));
  opt(Field::channel, tr_noop("phone, online, qq, email, wechat, walk-in, event (电话/在线/QQ/邮件/微信/现场/活动)"));
  opt(Field::city, tr_noop("City or region (城市/地区)"));
  opt(Field::grade, tr_noop("A, B or C (drives revisit priority)"));
  cmd->add_flag("--urgent", f.urgent, std::string(tr("The customer asks to be contacted at once (sales within 15 minutes)")))->group(std::string(tr("Customer")));
  opt(Field::contacted_at, tr_noop("When the contact happened, local time (default: now)"));
  opt(Field::consent, tr_noop("Consent to be contacted: yes or no (是/否)"));
  opt(Field::birthday, tr_noop("Birthday, MM-DD (for birthday greetings)"));
  opt(Field::note, tr_noop("Note"));
}

}  // namespace csdesk
