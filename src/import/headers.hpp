#pragma once
// Which customer field each column of an imported file holds, matched by its header in Chinese
// or English (姓名/称呼/联系人, 电话/手机/联系电话, …) or named by --map 'SOURCE=field'.
#include <optional>
#include <string>
#include <vector>

#include "rules/normalise.hpp"

namespace csdesk {

struct ColumnMap {
  std::vector<std::optional<Field>> fields;  // one per column; nullopt: ignored
  std::vector<std::string> ignored;          // headers not matched, to tell the user
};

// A header as headers are compared: after NFKC, lower case, without spaces, "*" (required marks),
// "_", "-", ":" and brackets ("金额（元）" → "金额元").
std::string header_key(std::string_view header);
// The first column whose header is one of `names` (given as header_key gives them), if any.
std::optional<std::size_t> find_column(const std::vector<std::string>& headers, const std::vector<std::string>& names);

// The field a header names, if any.
std::optional<Field> field_for_header(std::string_view header);
// `maps` holds "SOURCE=field" texts. Throws invalid when a map is malformed or names a header that
// is not there, or when no column holds the name or none a way to reach the customer; the
// message lists the headers found.
ColumnMap match_headers(const std::vector<std::string>& headers, const std::vector<std::string>& maps);

}  // namespace csdesk
