#include <doctest/doctest.h>


#include <cstdio>
#include <filesystem>
#include <string>

#include "store/database.hpp"

using namespace csdesk;

namespace {

std::string temp_db(const char* name) {
  auto p = std::filesystem::temp_directory_path() / (std::string("csdesk-storage-") + name + ".db");
  for (const char* suffix : {"", "-wal", "-shm", ".key"}) std::remove((p.string() + suffix).c_str());
  return p.string();
}

int synchronous_of(Database& db) { return db.sql().query_int("PRAGMA synchronous"); }

}  // namespace

TEST_CASE("a commit is on disk before csdesk reports it unless storage.synchronous = normal") {
  std::string path = temp_db("sync");
  {
    Database db(path, Database::Open::create_or_upgrade);
    CHECK(synchronous_of(db) == 2);  // FULL: the WAL is synced at every commit
  }
  {
    Database db(path, Database::Open::existing, Database::Sync::normal);
    CHECK(synchronous_of(db) == 1);  // NORMAL: synced at checkpoints only
  }
  for (const char* suffix : {"", "-wal", "-shm", ".key"}) std::remove((path + suffix).c_str());
}
