#include <doctest/doctest.h>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <limits>
#include <string>

#include "config/config.hpp"
#include "util/error.hpp"
#include "util/numbers.hpp"
#include "output/render.hpp"
#include "backup/snapshot.hpp"

using namespace csdesk;

namespace {

// The message an Error carries, or "" when `f` does not throw one.
template <typename F>
std::string error_of(F f) {
  try {
    f();
  } catch (const Error& e) {
    return e.what();
  }
  return "";
}

// A config file with `text`, removed again when the test ends.
struct TempToml {
  std::string path;
  explicit TempToml(const std::string& text) {
    path = (std::filesystem::temp_directory_path() / ("csdesk-numbers-" + std::to_string(::rand()) + ".toml")).string();
    std::ofstream(path) << text;
  }
  ~TempToml() { std::remove(path.c_str()); }
};

}  // namespace

TEST_CASE("decimal integers: digits and a sign only; too many digits saturate") {
  CHECK(decimal_integer("16") == 16);
  CHECK(decimal_integer("+2") == 2);
  CHECK(decimal_integer("-7") == -7);
  CHECK(decimal_integer("010") == 10);  // decimal, not octal
  CHECK(decimal_integer("9223372036854775807") == std::numeric_limits<std::int64_t>::max());
  CHECK(decimal_integer("99999999999999999999") == std::numeric_limits<std::int64_t>::max());
  CHECK(decimal_integer("-99999999999999999999") == std::numeric_limits<std::int64_t>::min());
  for (const char* bad : {"", "+", "-", "0x10", "0b1", "0o7", "1e3", "1.0", " 1", "1 ", "1_000", "١٢", "inf", "--1"}) {
    CAPTURE(bad);
    CHECK_FALSE(decimal_integer(bad).has_value());
  }
}

TEST_CASE("decimal numbers: no exponent, no hex float, no inf or nan") {
  CHECK(decimal_number("0.5") == 0.5);
  CHECK(decimal_number("-1") == -1);
  CHECK(decimal_number("+2.25") == 2.25);
  for (const char* bad : {"", ".5", "5.", "1e306", "1E3", "0x10", "0x1p3", "inf", "-inf", "nan", "infinity", "1,5", "1.2.3"}) {
    CAPTURE(bad);
    CHECK_FALSE(decimal_number(bad).has_value());
  }
  // Hundreds of digits are still decimal; they come out infinite and no range takes them.
  CHECK_FALSE(decimal_number(std::string(400, '9')).value() <= 1e308);
}

TEST_CASE("flag numbers name the flag and the range") {
  CHECK(parse_whole_number("２０", 0, 100, "--limit") == 20);
  CHECK(parse_decimal_number(" -1.5 ", -100, 100, "--points") == -1.5);
  std::string hex = error_of([] { parse_whole_number("0x10", 0, 100, "--limit"); });
  CHECK(hex.find("--limit: '0x10' is not a whole number") != std::string::npos);
  CHECK(hex.find("0 to 100") != std::string::npos);
  std::string big = error_of([] { parse_decimal_number("1e306", -100, 100, "--points"); });
  CHECK(big.find("--points: '1e306' is not a number") != std::string::npos);
  std::string far = error_of([] { parse_decimal_number("101", -100, 100, "--points"); });
  CHECK(far.find("out of range") != std::string::npos);
  CHECK(far.find("-100 to 100") != std::string::npos);
}

TEST_CASE("every numeric config key has a range that holds its default") {
  for (const auto& key : config_keys()) {
    if (key.type != ConfigType::integer && key.type != ConfigType::number) continue;
    CAPTURE(key.name);
    CHECK(key.range.has_value());
    NumberRange r = number_range(key);
    double d = key.type == ConfigType::integer ? static_cast<double>(std::get<std::int64_t>(key.default_value))
                                               : std::get<double>(key.default_value);
    CHECK(d >= r.min);
    CHECK(d <= r.max);
  }
  CHECK_NOTHROW(Config().check_coherence());
}

TEST_CASE("config values from the environment are decimal and in range") {
  Config c;
  CHECK(error_of([&] { c.set_text("score.target", "0x10", "env CSDESK_SCORE_TARGET"); })
            .find("env CSDESK_SCORE_TARGET: score.target must be an integer in decimal digits from 1 to 100000, not '0x10'") !=
        std::string::npos);
  CHECK(error_of([&] { c.set_text("intake.register_limit_minutes", "9223372036854775807", "env X"); })
            .find("must be a whole number from 1 to 1440, not 9223372036854775807") != std::string::npos);
  CHECK(!error_of([&] { c.set_text("score.complaint_penalty", "inf", "env X"); }).empty());
  CHECK(!error_of([&] { c.set_text("score.complaint_penalty", "1e308", "env X"); }).empty());
  CHECK(!error_of([&] { c.set_text("score.weights.timeliness", "nan", "env X"); }).empty());
  c.set_text("score.complaint_penalty", "2.5", "env X");
  CHECK(c.number("score.complaint_penalty") == 2.5);
}

TEST_CASE("config files: hexadecimal integers, huge floats and ranges name file and line") {
  TempToml hex("[score]\ntarget = 0x10\n");
  std::string e = error_of([&] { Config().load_file(hex.path, ConfigScope::department); });
  CHECK(e.find(hex.path + ":2: score.target = 0x10 must be written in decimal digits (as 16)") != std::string::npos);
  TempToml huge("[score]\ncomplaint_penalty = 1e308\n");
  e = error_of([&] { Config().load_file(huge.path, ConfigScope::department); });
  CHECK(e.find(huge.path + ":2: score.complaint_penalty must be a number from 0 to 100") != std::string::npos);
  TempToml infinite("[score]\ncomplaint_penalty = inf\n");
  CHECK(!error_of([&] { Config().load_file(infinite.path, ConfigScope::department); }).empty());
  TempToml wide("[intake]\nregister_limit_minutes = 9223372036854775807\n");
  e = error_of([&] { Config().load_file(wide.path, ConfigScope::department); });
  CHECK(e.find(wide.path + ":2: intake.register_limit_minutes must be a whole number from 1 to 1440") != std::string::npos);
}

TEST_CASE("config coherence: thresholds, points, satisfaction and SLA order") {
  TempToml inverted("[score]\nlower_threshold = 400\nupper_threshold = 100\n");
  Config c;
  c.load_file(inverted.path, ConfigScope::department);
  std::string e = error_of([&] { c.check_coherence(); });
  CHECK(e.find(inverted.path + ":2: score.lower_threshold = 400 must be below score.target = 330 (the default)") !=
        std::string::npos);

  Config target;
  target.set_text("score.target", "200", "env CSDESK_SCORE_TARGET");
  CHECK(error_of([&] { target.check_coherence(); }).find("env CSDESK_SCORE_TARGET: score.target = 200 must be above score.lower_threshold = 280 (the default)") !=
        std::string::npos);

  Config points;
  points.set_text("score.points_per_step", "5", "test");  // 379 → 100 + 4 × 5 = 120 > 110
  CHECK(error_of([&] { points.check_coherence(); }).find("test: by score.step and score.points_per_step, 379 registrations earn 120 points, more than score.upper_points = 110") !=
        std::string::npos);

  Config floor;
  floor.set_text("revisit.satisfaction_floor", "4", "test");
  CHECK(error_of([&] { floor.check_coherence(); }).find("revisit.satisfaction_floor = 4 must be below revisit.satisfied_min = 4") !=
        std::string::npos);

  Config sla;
  sla.set_text("sla.first_response_hours.P2", "96", "test");
  CHECK(error_of([&] { sla.check_coherence(); }).find("sla.first_response_hours.P2 = 96 must not be above sla.resolution_hours.P2 = 72") !=
        std::string::npos);

  Config weights;
  for (const char* w : {"registration", "timeliness", "resolution", "satisfaction"})
    weights.set_text(std::string("score.weights.") + w, "0", "test");
  CHECK(error_of([&] { weights.check_coherence(); }).find("are all 0") != std::string::npos);

  Config fine;  // the relations allow equal SLA limits and the README's own example
  fine.set_text("score.target", "20", "test");
  fine.set_text("score.upper_threshold", "30", "test");
  fine.set_text("score.lower_threshold", "10", "test");
  fine.set_text("score.step", "5", "test");
  fine.set_text("score.points_per_step", "2", "test");
  CHECK_NOTHROW(fine.check_coherence());
}

TEST_CASE("JSON never carries inf or nan, however large a finite value") {
  Table t{"t", "T", "T", {{"points", "Points", "分值", Show::plain, Personal::no, 1}}, {}, false};
  t.add_row({2e306});
  t.add_row({-1.7e308});
  t.add_row({std::numeric_limits<double>::infinity()});
  t.add_row({std::numeric_limits<double>::quiet_NaN()});
  RenderSpec spec;
  spec.format = Format::json;
  std::string out = render(t, spec);
  CHECK(out.find("inf") == std::string::npos);
  CHECK(out.find("nan") == std::string::npos);
  CHECK(out.find("{\"points\":2e+306}") != std::string::npos);
  CHECK(out.find("{\"points\":null}") != std::string::npos);
}

TEST_CASE("time ranges and holidays in the config are digits only") {
  Config c;
  CHECK_NOTHROW(c.set_text("sla.work_hours", "9:00-18:00", "test"));
  CHECK_NOTHROW(c.set_text("hours.late", "16:00-24:00", "test"));
  for (std::string bad : {"9: 00-18:00", "+9:00-18:00", "09:00-+18:00", "09:0-18:00", "09:00-18:00x", "18:00-09:00",
                          "09:00-24:30", "0x9:00-18:00"}) {
    CAPTURE(bad);
    CHECK_THROWS_AS(c.set_text("sla.work_hours", bad, "test"), Error);
  }
  CHECK_NOTHROW(c.set_text("sla.holidays", "2026-10-01,2026-10-02", "test"));
  for (std::string bad : {"2026-02-30", "+026-10-01", "2026-1-01", "1969-12-31"}) {
    CAPTURE(bad);
    CHECK_THROWS_AS(c.set_text("sla.holidays", bad, "test"), Error);
  }
}

TEST_CASE("a frozen payload holds no inf or nan either, and reads back") {
  Table t;
  t.name = "scores";
  t.add_row({std::numeric_limits<double>::infinity(), std::numeric_limits<double>::quiet_NaN(), 2e306});
  std::string payload = encode_rows({t});
  CHECK(payload.find("inf") == std::string::npos);
  CHECK(payload.find("nan") == std::string::npos);
  std::vector<Table> back(1);
  back[0].name = "scores";
  decode_rows(payload, back);
  REQUIRE(back[0].rows.size() == 1);
  CHECK(std::holds_alternative<std::monostate>(back[0].rows[0][0]));
  CHECK(std::holds_alternative<std::monostate>(back[0].rows[0][1]));
  CHECK(std::get<double>(back[0].rows[0][2]) == 2e306);
}

TEST_CASE("revisit occasions are checked when the config is read, in digits only") {
  Config c;
  CHECK_NOTHROW(c.set_text("revisit.occasions", "01-01 holiday 元旦问候, 5-1 holiday 劳动节", "test"));
  for (std::string bad : {"+1-01 holiday x", "01-+1 holiday x", "13-01 holiday x", "02-30 holiday x", "10-01 holiday"}) {
    CAPTURE(bad);
    std::string e = error_of([&] { c.set_text("revisit.occasions", bad, "env CSDESK_REVISIT_OCCASIONS"); });
    CHECK(e.find("env CSDESK_REVISIT_OCCASIONS: revisit.occasions '") != std::string::npos);
  }
}
