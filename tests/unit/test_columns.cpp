#include <doctest/doctest.h>

#include <optional>
#include <string>

#include "output/columns.hpp"
#include "output/render.hpp"
#include "util/error.hpp"
#include "util/text.hpp"

using namespace csdesk;

namespace {

struct Person {
  std::string name;
  std::optional<std::string> phone;
  std::optional<std::int64_t> pcs;
  bool active = true;
};

const ColumnSpec<Person>& person_columns() {
  static const ColumnSpec<Person> spec{
      {{"name", "Name", "姓名"}, member(&Person::name)},
      {{"phone", "Phone", "电话", Show::plain, Personal::phone}, member(&Person::phone)},
      {{"pcs", "PCs", "电脑台数"}, member(&Person::pcs), Shown::machine_only},
  };
  return spec;
}

}  // namespace

TEST_CASE("a column spec draws headings and values from one list; machine-only columns leave the terminal table") {
  std::vector<Person> people = {{"王女士", std::string("13912345678"), 3, true}, {"李先生", std::nullopt, std::nullopt, false}};
  Table csv = person_columns().table(people, Format::csv);
  REQUIRE(csv.columns.size() == 3);
  CHECK(csv.columns[2].key == "pcs");
  CHECK(csv.rows[0] == std::vector<Value>{std::string("王女士"), std::string("13912345678"), std::int64_t{3}});
  CHECK(std::holds_alternative<std::monostate>(csv.rows[1][1]));  // no phone: null, not ""
  Table terminal = person_columns().table(people, Format::table);
  REQUIRE(terminal.columns.size() == 2);
  CHECK(terminal.rows[0].size() == 2);

  // with(): the list's columns and then the record's details.
  auto detailed = person_columns().with({{{"active", "Active", "在岗"}, member(&Person::active)}});
  Table one = detailed.single(people[1], Format::table, "person");
  CHECK(one.single);
  CHECK(one.name == "person");
  CHECK(one.columns.back().key == "active");
  CHECK(one.rows[0].back() == Value{false});

  // empty() + append(): the same table, one record at a time.
  Table grown = person_columns().empty(Format::json);
  for (const auto& p : people) person_columns().append(grown, p, Format::json);
  CHECK(grown.rows == csv.rows);
}

TEST_CASE("personal rows are those with a value in a personal column") {
  std::vector<Person> people = {{"王女士", std::string("13912345678"), {}, true}, {"李先生", std::nullopt, {}, true},
                                {"赵女士", std::string(""), {}, true}};
  CHECK(personal_rows(person_columns().table(people, Format::csv)) == 1);
  Table none;
  none.columns = {{"name", "Name", "姓名"}};
  none.add_row({std::string("13912345678")});  // not a personal column
  CHECK(personal_rows(none) == 0);
}

TEST_CASE("optional values and empty text become null") {
  CHECK(opt_value(std::optional<std::string>{"x"}) == Value{std::string("x")});
  CHECK(opt_value(std::optional<double>{0.5}) == Value{0.5});
  CHECK(std::holds_alternative<std::monostate>(opt_value(std::optional<std::int64_t>{})));
  CHECK(std::holds_alternative<std::monostate>(text_or_null("")));
  CHECK(text_or_null("a") == Value{std::string("a")});
}

TEST_CASE("did you mean: the close choice, or nothing") {
  std::vector<std::string> rules = {"owner", "round-robin", "least-loaded"};
  CHECK(did_you_mean("round-robn", rules) == " (did you mean 'round-robin'?)");
  CHECK(did_you_mean("ownre", rules) == " (did you mean 'owner'?)");  // a swap is one edit
  CHECK(did_you_mean("quantum", rules).empty());
}

TEST_CASE("a word not among the choices fails with the choices, the note and the nearest one") {
  std::vector<std::string> kinds = {"praise", "late"};
  try {
    fail_not_one_of("--kind", "LAT ", "lat", "kind", kinds, " (config x.kinds)");
    FAIL("fail_not_one_of returned");
  } catch (const Error& e) {
    CHECK(e.kind() == ErrorKind::invalid);
    CHECK(std::string(e.what()) == "--kind: 'LAT ' is not a kind; use praise, late (config x.kinds) (did you mean 'late'?)");
  }
  CHECK_THROWS_WITH(fail_not_one_of("", "x", "x", "report section", kinds), "'x' is not a report section; use praise, late");
}
