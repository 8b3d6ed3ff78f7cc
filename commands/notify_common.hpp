#pragma once
// What `assign` and `register` share on the command side: how notifications reach people, and
// the warning for those not delivered.
#include <vector>

#include "assign/allocator.hpp"
#include "context.hpp"

namespace csdesk {

// Delivers to notify.command or, when that is empty, to stderr — even with --quiet: printing
// is their delivery.
NotificationChannel notification_channel(Context& ctx);

// Failures stay pending and are named in one warning.
void warn_undelivered(Context& ctx, const std::vector<Delivery>& out);

}  // namespace csdesk
