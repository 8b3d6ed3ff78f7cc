#include <doctest/doctest.h>

#include "util/error.hpp"
#include "backup/snapshot.hpp"

using namespace csdesk;

TEST_CASE("frozen rows read back exactly as written") {
  Table a;
  a.name = "intake";
  a.add_row({std::string("王女士 \"VIP\"\n"), std::int64_t{42}, 0.5, 100.0, true, Value{}});
  a.add_row({std::string("北京华信科技有限公司"), std::int64_t{-3}, 1e-9, 0.0, false, std::string("")});
  Table b;
  b.name = "empty";
  std::string payload = encode_rows({a, b});
  std::vector<Table> back(2);
  back[0].name = "intake";
  back[1].name = "empty";
  decode_rows(payload, back);
  CHECK(back[0].rows == a.rows);
  CHECK(back[1].rows.empty());
  CHECK(encode_rows(back) == payload);
}

TEST_CASE("a damaged payload is refused") {
  std::vector<Table> t(1);
  CHECK_THROWS_AS(decode_rows("{\"tables\":[{\"name\":\"x\",\"rows\":[[1,]]}]}", t), Error);
  CHECK_THROWS_AS(decode_rows("", t), Error);
}
