#pragma once
// Notifying the owner: the JSON a notifier receives, a readable line for printing it, and
// running config notify.command with the JSON on stdin. Returns results; prints nothing.
#include <chrono>
#include <optional>
#include <string>
#include <string_view>

#include "util/time.hpp"

namespace csdesk {

// Who is told what. Kinds: assigned, reassigned, reassigned-away, returning, pool.
struct NotificationFacts {
  std::string kind;
  std::optional<std::string> staff_number, staff_name;  // none: announced to all sales (pool)
  std::string customer_number, customer_name;
  std::optional<std::string> company, phone, email, qq, wechat, channel, city, needs;
  std::optional<std::string> assignment_number, rule, reason;
  Epoch assigned_at = 0;
  Epoch contacted_at = 0;  // returning: when the customer got in touch again
  std::optional<Epoch> deadline;
  std::string note;
};

// The payload: kind, staff_number, staff_name, customer_number, customer_name, company, phone,
// email, qq, wechat, channel, city, needs, assignment_number, rule, reason, assigned_at (ISO 8601),
// deadline (ISO 8601 or null), note. A returning customer is no assignment: kind, staff_number,
// staff_name, customer_number, customer_name, company, phone, channel, contacted_at (ISO 8601),
// deadline (null), note (null for none).
std::string notification_payload(const NotificationFacts& facts);
// For a recipient who does not own the customer (reassigned-away, a pool announcement to all
// sales): phone, e-mail, QQ and WeChat masked in the facts, since they are no longer (or not yet)
// that person's to contact — notify.command receives the masks.
void mask_contacts(NotificationFacts& facts);

// "→ 2001 李娜 [assigned] KH202611-0001 王女士 (北京华信科技有限公司) 电话 139****5678 — contact by
// 2026-11-02 10:15: note". Personal data masked unless `reveal`. Reads any flat payload,
// including the ones register writes for returning customers.
std::string notification_line(std::string_view payload, bool reveal);

struct DeliveryResult {
  bool ok = false;
  std::string error;  // why not: exit status, signal, or failure to start, with the first stderr line
};

// Who is delivering: "host:pid" of this process, held on notifications while they are sent.
std::string deliverer_token();
// Whether the process named by a token may still be delivering (other hosts: assumed so).
bool deliverer_alive(const std::string& token);

// Runs `/bin/sh -c command` with the JSON and a newline on stdin; success is exit status 0.
// The command's stdout goes to csdesk's stderr (never into results); its stderr's first line
// explains a failure. Not finished within `timeout`: its process group is killed, a failure.
DeliveryResult run_notifier(const std::string& command, const std::string& json, std::chrono::milliseconds timeout);

}  // namespace csdesk
