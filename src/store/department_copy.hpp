#pragma once
// A whole department from one database into another, either engine to either: every table of
// the schema, row for row with its ids, record numbers and audit chain.
#include <cstdint>
#include <string>
#include <vector>

#include "store/database.hpp"

namespace csdesk {

struct TableCount {
  std::string table;
  std::int64_t rows = 0;
};

struct DepartmentCopy {
  std::vector<TableCount> tables;  // in the order copied: every table after those it points into
  std::int64_t rows = 0;
  AuditHead head;                  // the audit chain's newest row, the same on both ends
};

// Copies `source` as it is at one moment (others may go on writing meanwhile) into `target`, a
// database at the same schema version that holds no department yet (no staff, no audit rows).
// One transaction on `target`: all or nothing; every table's rows are counted again before it
// commits. The audit key goes with the rows into a server; beside an SQLite file, the caller
// writes it (its place is the file's final name, not where the copy is written).
DepartmentCopy copy_department(Database& source, Database& target);

}  // namespace csdesk
