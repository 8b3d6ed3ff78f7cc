#pragma once
// Purchase rules, pure: an amount of money as typed in a Chinese office, and the repeat-purchase rate
// (复购率, seed 002: 三年内客户复购率突破75%).
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace csdesk {

// "1280", "1,280.50", "¥1280.5", "1280元", full-width digits (after NFKC) → fen (128050). At most
// two decimals; never negative. Throws invalid naming `what` otherwise.
std::int64_t parse_amount_fen(std::string_view text, std::string_view what = "--amount");
// 128050 → "1280.50".
std::string format_yuan(std::int64_t fen);

// A date as a spreadsheet writes it, 2026/11/4, 2026.11.4 or 2026年11月4日, as YYYY-MM-DD
// (2026-11-04); any other text unchanged (the date parser then names what is wrong).
std::string spreadsheet_date(std::string_view text);

// Repeat-purchase rate: customers with two or more purchases in the window ÷ customers with at
// least one; nullopt without buyers.
std::optional<double> repeat_purchase_rate(std::int64_t buyers, std::int64_t repeat_buyers);
// Progress toward the goal from a baseline: (now − baseline) ÷ (goal − baseline); 1 once reached.
std::optional<double> progress_toward(std::optional<double> baseline, std::optional<double> now, double goal);

}  // namespace csdesk
