#pragma once
// One self-contained HTML page (inline CSS and SVG, nothing fetched) with the report's tables
// and simple charts, for managers who would rather look than read.
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "output/render.hpp"

namespace csdesk {

struct Chart {
  enum class Kind { bars, line } kind = Kind::bars;
  std::string title;
  std::vector<std::pair<std::string, std::optional<double>>> points;  // label → value
  bool percent = false;  // values are ratios 0..1
};

std::string html_report(const std::string& title, const std::vector<Table>& tables, const std::vector<Chart>& charts,
                        Lang lang);

}  // namespace csdesk
