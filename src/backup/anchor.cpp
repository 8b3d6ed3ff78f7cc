#include "backup/anchor.hpp"

#include <cerrno>
#include <cstring>
#include <fstream>
#include <sstream>

#include "output/output_file.hpp"
#include "util/error.hpp"
#include "util/i18n.hpp"

namespace csdesk {
namespace {

std::string read_anchor_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) fail_not_found("--anchor: cannot read '{}': {}", path, std::strerror(errno));
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

}  // namespace

CheckOutcome check_and_anchor(Database& db, const Actor& actor, const CheckRequest& request, Epoch now) {
  actor.require(Permission::read_audit);
  std::optional<KnownHead> anchor;
  if (!request.anchor.empty())
    anchor = KnownHead{trf("the anchor '{}'", request.anchor),
                       parse_anchor(read_anchor_file(request.anchor), request.anchor)};
  CheckOutcome out;
  out.health = check_database(db, anchor);
  // An anchor vouches for a chain that passed; a damaged one is not written down as good.
  if (!request.write_anchor.empty() && out.health.ok()) {
    write_output_file({"--write-anchor", request.write_anchor, request.force, db.path()},
                      anchor_text(out.health.head, db.path(), now));
    out.anchor_written = request.write_anchor;
  }
  return out;
}

}  // namespace csdesk
