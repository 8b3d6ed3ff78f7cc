#pragma once
// Time: stored as seconds since the epoch (UTC); days, weeks and months are computed in
// the configured time zone (default Asia/Shanghai).
#include <cstdint>
#include <string>
#include <string_view>

namespace csdesk {

using Epoch = std::int64_t;

struct LocalTime {
  int year = 1970, month = 1, day = 1, hour = 0, minute = 0, second = 0;
  int weekday = 4;  // 0 = Sunday … 6 = Saturday
};

// Selects the zone used for all local-time arithmetic in this process.
// Accepts IANA names (Asia/Shanghai) and POSIX TZ strings (CST-8). Throws invalid on unknown.
void set_time_zone(const std::string& name);
// Why set_time_zone would refuse `name` ("'Asia' is a folder of time zones, …"), or "".
std::string time_zone_problem(const std::string& name);

// ISO 8601: "2026-11-22", "2026-11-22 09:30", "2026-11-22T09:30:15", with optional
// "Z" or "+08:00"/"+0800". Without an offset the time is local. Throws invalid naming `what`.
Epoch parse_time(std::string_view text, std::string_view what = "time");
// "2026-11-22" → YYYY, MM, DD checked; throws invalid naming `what`.
LocalTime parse_date(std::string_view text, std::string_view what = "date");

LocalTime to_local(Epoch t);
Epoch from_local(int year, int month, int day, int hour = 0, int minute = 0, int second = 0);
int days_in_month(int year, int month);

std::string format_local(Epoch t);          // 2026-11-22 09:30
std::string format_local_seconds(Epoch t);  // 2026-11-22 09:30:15
std::string format_date(Epoch t);           // 2026-11-22
std::string format_iso(Epoch t);            // 2026-11-22T09:30:15+08:00
std::string month_label(Epoch t);           // 2026-11
std::string month_code(Epoch t);            // 202611 (record numbers)

struct Period {
  Epoch begin = 0;  // inclusive
  Epoch end = 0;    // exclusive
  std::string label;
};
Period month_period(std::string_view yyyy_mm, std::string_view what = "--month");  // "2026-11"; throws invalid naming `what`
Period month_containing(Epoch t);
Period previous_month(Epoch t);
Period previous_period(const Period& month);     // the month before a month period
Period iso_week_period(std::string_view yyyy_www, std::string_view what = "--week");  // "2026-W47"; throws invalid naming `what`
Period iso_week_containing(Epoch t);

// "90s", "15m", "2h", "3d", "1w", and combinations "1h30m". Throws invalid naming `what`.
std::int64_t parse_duration(std::string_view text, std::string_view what = "duration");
std::string format_duration(std::int64_t seconds);  // "2d 3h 05m", "-1h 00m"
std::string format_duration_zh(std::int64_t seconds);  // "2天3小时05分", "-1小时00分"

}  // namespace csdesk
