// The keyed audit chain: HMAC-SHA-256 against RFC 4231, and the walk naming each tampering.
#include <doctest/doctest.h>


#include <string>

#include "store/audit.hpp"
#include "store/maintenance.hpp"
#include "store/staff.hpp"
#include "util/hmac.hpp"

using namespace csdesk;

TEST_CASE("hmac_sha256_hex: RFC 4231 test cases 1, 2, 3 and 6") {
  CHECK(hmac_sha256_hex(std::string(20, '\x0b'), "Hi There") ==
        "b0344c61d8db38535ca8afceaf0bf12b881dc200c9833da726e9376c2e32cff7");
  CHECK(hmac_sha256_hex("Jefe", "what do ya want for nothing?") ==
        "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843");
  CHECK(hmac_sha256_hex(std::string(20, '\xaa'), std::string(50, '\xdd')) ==
        "773ea91e36800e46854db8ebd09181a72959098b3ef8c122d9635514ced565fe");
  // A key longer than the block is hashed first.
  CHECK(hmac_sha256_hex(std::string(131, '\xaa'), "Test Using Larger Than Block-Size Key - Hash Key First") ==
        "60e431591ee0b67f0d8a26aacbf5b77f8e0bc6213728c5140546040f0ee37f54");
  CHECK(random_bytes(32).size() == 32);
  CHECK(random_bytes(32) != random_bytes(32));
}

namespace {

struct Chain {
  Database db{"chain-test", Database::Open::in_memory};
  Chain() {
    for (const char* number : {"1001", "1002", "1003", "1004"}) {
      Staff s;
      s.number = number;
      s.name = "张伟";
      s.roles = {"consult"};
      Database::Transaction tx(db);
      StaffStore(db).add(s, Actor::with_roles("0000", 0, {"admin"}), 1700000000);
      tx.commit();
    }
  }
  void exec(const std::string& sql) { db.sql().execute(sql); }
  std::vector<std::string> problems() {
    std::vector<std::string> out;
    for (const auto& b : AuditStore(db).walk_chain().breaks) out.push_back(std::to_string(b.row_id) + ": " + b.problem);
    return out;
  }
};

bool mentions(const std::vector<std::string>& all, const std::string& text) {
  for (const auto& p : all)
    if (p.find(text) != std::string::npos) return true;
  return false;
}

}  // namespace

TEST_CASE("a keyed row's hash is the HMAC of its fields under the database's key, not their plain SHA-256") {
  Chain c;
  REQUIRE(c.db.audit_key());
  sql::Statement q(c.db.sql(), "SELECT at, actor, record_id, record_number, after, prev_hash, hash, recorded_at, state_hash "
                                  "FROM audit WHERE id = 2");
  REQUIRE(q.step());
  AuditEntry e{"staff", q.column(2).int64(), q.column(3).text(), "create", "", q.column(4).text()};
  AuditKeyedFields k{"", q.column(7).int64(), q.column(8).text()};
  CHECK(q.column(6).text() ==
        audit_mac(c.db.audit_key()->bytes, q.column(5).text(), q.column(0).int64(), "0000", e, k));
  CHECK(q.column(6).text() != audit_hash(q.column(5).text(), q.column(0).int64(), "0000", e));
  CHECK_FALSE(k.state_hash.empty());
  CHECK(c.problems().empty());
  CHECK(check_database(c.db).ok());
}

TEST_CASE("the walk names an edited row, a recomputed tail and a tampered state") {
  SUBCASE("edited in place") {
    Chain c;
    c.exec("UPDATE audit SET actor = '9001' WHERE id = 2");
    auto p = c.problems();
    REQUIRE(p.size() == 1);
    CHECK(p[0] == "2: its content does not match its MAC (the row was edited)");
  }
  SUBCASE("the newest rows rehashed without the key") {
    Chain c;
    c.exec("UPDATE audit SET hash = (CASE WHEN substr(hash, 1, 1) = 'f' THEN 'e' ELSE 'f' END) || substr(hash, 2) WHERE id = 4");
    auto p = c.problems();
    CHECK(mentions(p, "4: rows 4..4 (the newest) do not carry csdesk's MAC"));
  }
  SUBCASE("a state kept with a row") {
    Chain c;
    c.exec("UPDATE audit_states SET state_hash = 'x' WHERE audit_id = 3");
    CHECK(mentions(c.problems(), "3: the record states kept with it"));
  }
  SUBCASE("a record changed directly") {
    Chain c;
    c.exec("UPDATE staff SET name = '李四' WHERE number = '1003'");
    HealthReport r = check_database(c.db);
    REQUIRE(r.record_problems.size() == 1);
    CHECK(r.record_problems[0] == "staff 1003: its state differs from its last audited state (audit row 3): changed "
                                  "behind csdesk's back");
  }
  SUBCASE("the chain shorter than a known head") {
    Chain c;
    AuditHead head = c.db.audit_head();
    CHECK(head.rows == 4);
    c.exec("PRAGMA foreign_keys = OFF");  // as an attacker with sqlite3 would
    c.exec("DELETE FROM audit WHERE id = 4");
    HealthReport r = check_database(c.db, KnownHead{"the anchor 'a'", head});
    REQUIRE(r.head_problems.size() == 1);
    CHECK(mentions(r.head_problems, "the anchor 'a' recorded 4 audit rows, but the chain ends at row 3"));
  }
}
