#include "output/html_report.hpp"

#include <algorithm>
#include <cmath>
#include <fmt/format.h>

#include "util/time.hpp"

namespace csdesk {
namespace {

std::string escape(const std::string& s) {
  std::string out;
  for (char c : s) {
    switch (c) {
      case '&': out += "&amp;"; break;
      case '<': out += "&lt;"; break;
      case '>': out += "&gt;"; break;
      case '"': out += "&quot;"; break;
      default: out += c;
    }
  }
  return out;
}

std::string cell(const Value& v, const Column& c, Lang lang) {
  if (std::holds_alternative<std::monostate>(v)) return "";
  if (std::holds_alternative<std::string>(v))
    return escape(c.terms ? term_in(c.terms, std::get<std::string>(v), lang) : std::get<std::string>(v));
  if (std::holds_alternative<bool>(v)) return std::get<bool>(v) ? "✓" : "";
  double d = std::holds_alternative<double>(v) ? std::get<double>(v) : static_cast<double>(std::get<std::int64_t>(v));
  switch (c.show) {
    case Show::percent: return fmt::format("{:.1f}%", d * 100);
    case Show::time: return format_local(static_cast<Epoch>(d));
    case Show::date: return format_date(static_cast<Epoch>(d));
    case Show::duration:
      return lang == Lang::zh ? format_duration_zh(static_cast<std::int64_t>(d)) : format_duration(static_cast<std::int64_t>(d));
    case Show::plain: break;
  }
  if (std::holds_alternative<std::int64_t>(v)) return std::to_string(std::get<std::int64_t>(v));
  return fmt::format("{:.{}f}", d, c.precision);
}

std::string value_label(double v, bool percent) {
  return percent ? fmt::format("{:.1f}%", v * 100) : fmt::format("{:g}", std::round(v * 10) / 10);
}

std::string bar_chart(const Chart& c) {
  const int row = 26, label_w = 200, bar_w = 420;
  double max = 0;
  for (const auto& [l, v] : c.points) max = std::max(max, v.value_or(0));
  if (max <= 0) max = 1;
  int height = row * static_cast<int>(c.points.size()) + 10;
  std::string svg = fmt::format(R"(<svg width="{}" height="{}" role="img" aria-label="{}">)",
                                label_w + bar_w + 80, height, escape(c.title));
  int y = 5;
  for (const auto& [label, v] : c.points) {
    double w = v.value_or(0) / max * bar_w;
    svg += fmt::format(R"(<text x="{}" y="{}" text-anchor="end" class="l">{}</text>)", label_w - 8, y + 17, escape(label));
    svg += fmt::format(R"(<rect x="{}" y="{}" width="{:.1f}" height="{}" class="b"/>)", label_w, y + 4, w, row - 8);
    svg += fmt::format(R"(<text x="{:.1f}" y="{}" class="v">{}</text>)", label_w + w + 6, y + 17,
                       v ? value_label(*v, c.percent) : "–");
    y += row;
  }
  return svg + "</svg>";
}

std::string line_chart(const Chart& c) {
  const int w = 640, h = 220, left = 50, right = 40, top = 20, bottom = 40;
  double lo = c.percent ? 0 : 1e300, hi = c.percent ? 1 : -1e300;
  for (const auto& [l, v] : c.points)
    if (v) lo = std::min(lo, *v), hi = std::max(hi, *v);
  if (hi <= lo) hi = lo + 1;
  std::size_t n = c.points.size();
  auto x_at = [&](std::size_t i) { return left + (n > 1 ? static_cast<double>(i) * (w - left - right) / (n - 1) : (w - left - right) / 2.0); };
  auto y_at = [&](double v) { return top + (hi - v) / (hi - lo) * (h - top - bottom); };
  std::string svg = fmt::format(R"(<svg width="{}" height="{}" role="img" aria-label="{}">)",
                                w, h, escape(c.title));
  svg += fmt::format(R"(<line x1="{}" y1="{}" x2="{}" y2="{}" class="axis"/>)", left, h - bottom, w - right, h - bottom);
  svg += fmt::format(R"(<line x1="{}" y1="{}" x2="{}" y2="{}" class="axis"/>)", left, top, left, h - bottom);
  svg += fmt::format(R"(<text x="{}" y="{}" text-anchor="end" class="l">{}</text>)", left - 4, top + 4, value_label(hi, c.percent));
  svg += fmt::format(R"(<text x="{}" y="{}" text-anchor="end" class="l">{}</text>)", left - 4, h - bottom, value_label(lo, c.percent));
  std::string path;
  for (std::size_t i = 0; i < n; ++i) {
    const auto& [label, v] = c.points[i];
    svg += fmt::format(R"(<text x="{:.1f}" y="{}" text-anchor="middle" class="l">{}</text>)", x_at(i), h - bottom + 18, escape(label));
    if (!v) continue;
    path += fmt::format("{}{:.1f},{:.1f} ", path.empty() ? "M" : "L", x_at(i), y_at(*v));
    svg += fmt::format(R"(<circle cx="{:.1f}" cy="{:.1f}" r="4" class="p"/>)", x_at(i), y_at(*v));
    svg += fmt::format(R"(<text x="{:.1f}" y="{:.1f}" text-anchor="middle" class="v">{}</text>)", x_at(i), y_at(*v) - 8,
                       value_label(*v, c.percent));
  }
  if (!path.empty()) svg += fmt::format(R"(<path d="{}" class="line"/>)", path);
  return svg + "</svg>";
}

const char* kStyle = R"(
body{font-family:"Noto Sans CJK SC","Microsoft YaHei","PingFang SC",sans-serif;margin:24px;color:#222;max-width:1100px}
h1{font-size:22px;border-bottom:2px solid #2b6cb0;padding-bottom:6px}
h2{font-size:17px;margin-top:28px;color:#2b6cb0}
table{border-collapse:collapse;margin:8px 0;font-size:13px}
th,td{border:1px solid #ccd;padding:4px 8px;text-align:left}
th{background:#edf2f7}
td.n{text-align:right;font-variant-numeric:tabular-nums}
.charts{display:flex;flex-wrap:wrap;gap:24px}
.chart{border:1px solid #dde;padding:8px;border-radius:6px}
svg .b{fill:#4a90d9} svg .l{font-size:12px;fill:#444} svg .v{font-size:12px;fill:#111}
svg .axis{stroke:#999} svg .line{fill:none;stroke:#d9534f;stroke-width:2} svg .p{fill:#d9534f}
)";

}  // namespace

std::string html_report(const std::string& title, const std::vector<Table>& tables, const std::vector<Chart>& charts,
                        Lang lang) {
  bool zh = lang == Lang::zh;
  std::string out = fmt::format(
      "<!DOCTYPE html>\n<html lang=\"{}\">\n<head>\n<meta charset=\"utf-8\">\n<title>{}</title>\n<style>{}</style>\n"
      "</head>\n<body>\n<h1>{}</h1>\n",
      zh ? "zh-CN" : "en", escape(title), kStyle, escape(title));
  if (!charts.empty()) {
    out += "<div class=\"charts\">\n";
    for (const auto& c : charts)
      out += fmt::format("<div class=\"chart\"><h2>{}</h2>{}</div>\n", escape(c.title),
                         c.kind == Chart::Kind::bars ? bar_chart(c) : line_chart(c));
    out += "</div>\n";
  }
  for (const auto& t : tables) {
    out += fmt::format("<h2>{}</h2>\n<table>\n<tr>", escape(zh ? t.title_zh : t.title_en));
    if (t.single) {
      out += "</tr>\n";
      for (std::size_t i = 0; i < t.columns.size(); ++i) {
        const auto& c = t.columns[i];
        out += fmt::format("<tr><th>{}</th><td class=\"n\">{}</td></tr>\n", escape(zh ? c.title_zh : c.title_en),
                           t.rows.empty() ? "" : cell(t.rows[0][i], c, lang));
      }
    } else {
      for (const auto& c : t.columns) out += "<th>" + escape(zh ? c.title_zh : c.title_en) + "</th>";
      out += "</tr>\n";
      for (const auto& row : t.rows) {
        out += "<tr>";
        for (std::size_t i = 0; i < t.columns.size(); ++i)
          out += fmt::format("<td{}>{}</td>", std::holds_alternative<std::string>(row[i]) ? "" : " class=\"n\"",
                             cell(row[i], t.columns[i], lang));
        out += "</tr>\n";
      }
    }
    out += "</table>\n";
  }
  return out + "</body>\n</html>\n";
}

}  // namespace csdesk
