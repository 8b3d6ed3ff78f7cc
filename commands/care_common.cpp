#include "care_common.hpp"

namespace csdesk {

CareScope writing_scope(Context& ctx) {
  Database& db = ctx.db();
  return CareScope{db, ctx.config(), ctx.now(), ctx.actor()};
}

CareScope reading_scope(Context& ctx) { return CareScope{ctx.db(), ctx.config(), ctx.now(), Actor{}}; }

}  // namespace csdesk
