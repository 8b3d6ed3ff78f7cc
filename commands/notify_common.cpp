#include "notify_common.hpp"

#include <algorithm>
#include <iostream>

#include "util/i18n.hpp"
#include "util/text.hpp"

namespace csdesk {

NotificationChannel notification_channel(Context& ctx) {
  return NotificationChannel{ctx.config().text("notify.command"),
                              std::chrono::seconds(ctx.config().integer("notify.timeout_seconds")),
                              [&ctx](const std::vector<Notification>& list) {
                                std::vector<bool> shown;
                                std::size_t count = 0;
                                for (const auto& n : list) {
                                  shown.push_back(ctx.sees_contacts_of(n.customer_id));
                                  count += shown.back();
                                }
                                if (count > 0) ctx.record_reveal(count);
                                return shown;
                              },
                              [](const std::string& line) { std::cerr << terminal_safe(line) << "\n"; }};
}

void warn_undelivered(Context& ctx, const std::vector<Delivery>& out) {
  auto first_failed = std::find_if(out.begin(), out.end(), [](const Delivery& d) { return !d.result.ok; });
  if (first_failed != out.end()) {
    std::size_t failed = std::count_if(out.begin(), out.end(), [](const Delivery& d) { return !d.result.ok; });
    if (failed == 1)
      ctx.warn(trf("1 notification not delivered ({}); kept pending: `csdesk assign notify` retries them",
                   first_failed->result.error));
    else
      ctx.warn(trf("{} notifications not delivered ({}); kept pending: `csdesk assign notify` retries them", failed,
                   first_failed->result.error));
  }
}

}  // namespace csdesk
