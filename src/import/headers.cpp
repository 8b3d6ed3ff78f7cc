#include "import/headers.hpp"

#include <algorithm>
#include <fmt/format.h>

#include "util/error.hpp"
#include "util/text.hpp"

namespace csdesk {
namespace {

const std::vector<std::pair<Field, std::vector<std::string>>>& aliases() {
  static const std::vector<std::pair<Field, std::vector<std::string>>> table = {
      {Field::name, {"姓名", "称呼", "联系人", "客户姓名", "客户称呼", "名字", "name", "contact"}},
      {Field::company, {"公司", "公司名称", "单位", "单位名称", "企业", "企业名称", "客户公司", "company", "organisation", "organization"}},
      {Field::phone, {"电话", "手机", "手机号", "手机号码", "联系电话", "电话号码", "联系方式", "座机", "phone", "mobile", "tel", "telephone"}},
      {Field::email, {"邮箱", "电子邮件", "电子邮箱", "邮件", "email", "mail"}},
      {Field::qq, {"qq", "qq号", "qq号码"}},
      {Field::wechat, {"微信", "微信号", "wechat", "weixin"}},
      {Field::title, {"职位", "职务", "title", "jobtitle"}},
      {Field::pcs, {"电脑台数", "台数", "电脑数", "pcs", "computers"}},
      {Field::needs, {"需求", "功能需求", "需求描述", "needs", "need"}},
      {Field::channel, {"渠道", "来源", "来源渠道", "channel", "source"}},
      {Field::city, {"城市", "地区", "所在城市", "所在地区", "区域", "city", "region"}},
      {Field::grade, {"等级", "客户等级", "级别", "grade"}},
      {Field::urgent, {"紧急", "是否紧急", "urgent"}},
      {Field::contacted_at, {"联系时间", "来电时间", "咨询时间", "登记时间", "contactedat", "contacted", "contacttime"}},
      {Field::consent, {"同意联系", "是否同意联系", "同意", "consent"}},
      {Field::birthday, {"生日", "birthday"}},
      {Field::note, {"备注", "说明", "note", "notes", "remark", "remarks"}},
  };
  return table;
}

std::string field_keys() {
  std::vector<std::string> keys;
  for (size_t i = 0; i < kFieldCount; ++i) keys.emplace_back(field_key(static_cast<Field>(i)));
  return join(keys, ", ");
}

std::string listed(const std::vector<std::string>& headers) {
  std::vector<std::string> shown;
  for (const auto& h : headers) shown.push_back("'" + h + "'");
  return shown.empty() ? std::string(tr_ctx("headers", "none")) : join(shown, std::string(tr_ctx("list", ", ")));
}

}  // namespace

std::string header_key(std::string_view h) {
  std::string s = is_valid_utf8(h) ? to_lower_ascii(nfkc(h)) : std::string(h);
  std::string out;
  for (char c : s)
    if (c != ' ' && c != '*' && c != '_' && c != '-' && c != '(' && c != ')' && c != ':') out += c;
  return out;
}

std::optional<std::size_t> find_column(const std::vector<std::string>& headers, const std::vector<std::string>& names) {
  for (std::size_t i = 0; i < headers.size(); ++i)
    if (std::find(names.begin(), names.end(), header_key(headers[i])) != names.end()) return i;
  return std::nullopt;
}

std::optional<Field> field_for_header(std::string_view header) {
  std::string key = header_key(header);
  for (const auto& [field, names] : aliases())
    if (std::find(names.begin(), names.end(), key) != names.end()) return field;
  return field_from_key(key);
}

ColumnMap match_headers(const std::vector<std::string>& headers, const std::vector<std::string>& maps) {
  ColumnMap m;
  m.fields.resize(headers.size());
  for (size_t i = 0; i < headers.size(); ++i) m.fields[i] = field_for_header(headers[i]);
  for (const auto& map : maps) {
    size_t eq = map.rfind('=');
    if (eq == std::string::npos || eq == 0)
      fail_invalid("--map: '{}' is not SOURCE=field; e.g. --map '客户来源=channel'", map);
    std::string source = trim(map.substr(0, eq));
    auto field = field_from_key(map.substr(eq + 1));
    if (!field) fail_invalid("--map '{}': '{}' is not a customer field; use one of {}", map, map.substr(eq + 1), field_keys());
    bool found = false;
    for (size_t i = 0; i < headers.size(); ++i)
      if (trim(headers[i]) == source || header_key(headers[i]) == header_key(source)) {
        m.fields[i] = field;
        found = true;
      }
    if (!found) fail_invalid("--map '{}': no column '{}'; headers found: {}", map, source, listed(headers));
  }
  auto has = [&](Field f) { return std::find(m.fields.begin(), m.fields.end(), f) != m.fields.end(); };
  if (!has(Field::name))
    fail_invalid("no column holds the customer's name (姓名/称呼/联系人/name); headers found: {}; "
                 "name the column with --map 'HEADER=name'", listed(headers));
  if (!has(Field::phone) && !has(Field::email) && !has(Field::qq) && !has(Field::wechat))
    fail_invalid("no column holds a way to reach the customer (电话/手机/邮箱/QQ/微信 or phone/email/qq/wechat); "
                 "headers found: {}; name one with --map 'HEADER=phone'", listed(headers));
  for (size_t i = 0; i < headers.size(); ++i)
    if (!m.fields[i] && !trim(headers[i]).empty()) m.ignored.push_back(headers[i]);
  return m;
}

}  // namespace csdesk
