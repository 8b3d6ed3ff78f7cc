#pragma once
// Issued reports (--freeze) are kept as the rows of their tables; the columns come from the
// code that builds them, so a frozen report renders in every format like a fresh one.
#include <string>
#include <vector>

#include "output/render.hpp"

namespace csdesk {

// {"tables":[{"name":"intake_agents","rows":[[…],…]},…]} — values only, no headings.
std::string encode_rows(const std::vector<Table>& tables);
// Replaces the rows of each table in `tables` by the rows stored under its name.
// Throws invalid when the payload is not what encode_rows wrote.
void decode_rows(const std::string& payload, std::vector<Table>& tables);

}  // namespace csdesk
