#include "assign/notify.hpp"

#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <fmt/format.h>

#include "util/json.hpp"
#include "output/render.hpp"
#include "util/text.hpp"
#include "rules/vocabulary.hpp"
#include "util/i18n.hpp"

namespace csdesk {
namespace {

std::string value_of(const std::vector<std::pair<std::string, std::string>>& fields, const std::string& key) {
  for (const auto& [k, v] : fields)
    if (k == key) return v;
  return "";
}

// Keeps the first line of a notifier's complaint, short enough for a table cell.
std::string first_line(const std::string& text) {
  std::string line = trim(text.substr(0, text.find('\n')));
  return truncate_to_width(terminal_safe(line), 200);
}

}  // namespace

std::string notification_payload(const NotificationFacts& f) {
  JsonObject o;
  o.add("kind", f.kind).add("staff_number", f.staff_number).add("staff_name", f.staff_name);
  o.add("customer_number", f.customer_number).add("customer_name", f.customer_name).add("company", f.company);
  if (f.kind == "returning") {
    o.add("phone", f.phone).add("channel", f.channel).add("contacted_at", format_iso(f.contacted_at));
    o.add_null("deadline");
    if (f.note.empty()) o.add_null("note");  // the contact's note; a contact gives none or some text
    else o.add("note", f.note);
    return o.str();
  }
  o.add("phone", f.phone).add("email", f.email).add("qq", f.qq).add("wechat", f.wechat);
  o.add("channel", f.channel).add("city", f.city).add("needs", f.needs);
  o.add("assignment_number", f.assignment_number).add("rule", f.rule).add("reason", f.reason);
  o.add("assigned_at", format_iso(f.assigned_at));
  if (f.deadline) o.add("deadline", format_iso(*f.deadline));
  else o.add_null("deadline");
  o.add("note", f.note);
  return o.str();
}

void mask_contacts(NotificationFacts& f) {
  auto mask = [](std::optional<std::string>& v, Personal kind) {
    if (v) v = mask_personal(*v, kind);
  };
  mask(f.phone, Personal::phone);
  mask(f.email, Personal::email);
  mask(f.qq, Personal::qq);
  mask(f.wechat, Personal::wechat);
}

std::string notification_line(std::string_view payload, bool reveal) {
  auto fields = parse_flat_json(payload);
  auto get = [&](const char* key) { return value_of(fields, key); };
  auto personal = [&](const char* key, Personal kind) {
    std::string v = get(key);
    return reveal ? v : mask_personal(v, kind);
  };
  std::string who = get("staff_number").empty() ? vocab::name(vocab::notification_target, "all sales")
                                                : get("staff_number") + " " + get("staff_name");
  std::string line = fmt::format("→ {} [{}] {} {}", who, vocab::name(vocab::notification_kind, get("kind")),
                                 get("customer_number"), get("customer_name"));
  if (!get("company").empty()) line += " (" + get("company") + ")";
  std::vector<std::string> reach;
  if (!get("phone").empty()) reach.push_back(trf("phone {}", personal("phone", Personal::phone)));
  if (!get("email").empty()) reach.push_back(trf("e-mail {}", personal("email", Personal::email)));
  if (!get("qq").empty()) reach.push_back(trf("QQ {}", personal("qq", Personal::qq)));
  if (!get("wechat").empty()) reach.push_back(trf("WeChat {}", personal("wechat", Personal::wechat)));
  if (!reach.empty()) line += " " + join(reach, ", ");
  if (!get("deadline").empty()) {
    Epoch deadline = parse_time(get("deadline"), "deadline");
    line += trf(" — contact by {}", format_local(deadline));
  }
  if (!get("note").empty()) line += ": " + get("note");
  return line;
}

std::string deliverer_token() {
  char host[256] = {};
  ::gethostname(host, sizeof host - 1);
  return fmt::format("{}:{}", host, ::getpid());
}

bool deliverer_alive(const std::string& token) {
  auto colon = token.rfind(':');
  if (colon == std::string::npos) return false;
  std::string mine = deliverer_token();
  if (token.substr(0, colon) != mine.substr(0, mine.rfind(':'))) return true;
  pid_t pid = static_cast<pid_t>(std::atoll(token.c_str() + colon + 1));
  return pid > 0 && (::kill(pid, 0) == 0 || errno == EPERM);
}

DeliveryResult run_notifier(const std::string& command, const std::string& json, std::chrono::milliseconds timeout) {
  using Clock = std::chrono::steady_clock;
  const auto deadline = Clock::now() + timeout;
  // One JSON object per line, so `cat >> notifications.jsonl` keeps a readable log.
  const std::string payload = json + "\n";
  int in[2], err[2];
  if (::pipe2(in, O_CLOEXEC) != 0) return {false, trf("cannot start notify.command: {}", std::strerror(errno))};
  if (::pipe2(err, O_CLOEXEC) != 0) {
    ::close(in[0]);
    ::close(in[1]);
    return {false, trf("cannot start notify.command: {}", std::strerror(errno))};
  }
  pid_t pid = ::fork();
  if (pid < 0) {
    for (int fd : {in[0], in[1], err[0], err[1]}) ::close(fd);
    return {false, trf("cannot start notify.command: {}", std::strerror(errno))};
  }
  if (pid == 0) {
    // Its own process group, so that a timeout ends whatever it started too.
    ::setpgid(0, 0);
    ::dup2(in[0], STDIN_FILENO);
    // What it prints must not mix into csdesk's results (--json): stdout goes to our stderr.
    ::dup2(STDERR_FILENO, STDOUT_FILENO);
    ::dup2(err[1], STDERR_FILENO);
    ::execl("/bin/sh", "sh", "-c", command.c_str(), static_cast<char*>(nullptr));
    ::_exit(127);
  }
  ::setpgid(pid, pid);  // also here: the child may not have run yet when the group is killed
  ::close(in[0]);
  ::close(err[1]);
  // Never blocked by a notifier that stops reading or writing: the deadline is kept by poll().
  ::fcntl(in[1], F_SETFL, ::fcntl(in[1], F_GETFL) | O_NONBLOCK);
  ::fcntl(err[0], F_SETFL, ::fcntl(err[0], F_GETFL) | O_NONBLOCK);
  int exit_fd = static_cast<int>(::syscall(SYS_pidfd_open, pid, 0));  // readable once it exits; -1 on old kernels
  // A notifier that does not read its input must not kill us with SIGPIPE.
  struct sigaction ignore {}, previous {};
  ignore.sa_handler = SIG_IGN;
  ::sigaction(SIGPIPE, &ignore, &previous);
  // Write stdin and drain stderr together, so neither side can block the other.
  size_t written = 0;
  std::string errors;
  bool writing = true, reading = true, exited = false, timed_out = false;
  int status = 0;
  auto drain = [&] {
    char buf[4096];
    for (;;) {
      ssize_t n = ::read(err[0], buf, sizeof buf);
      if (n > 0 && errors.size() < 65536) errors.append(buf, static_cast<size_t>(n));
      if (n > 0) continue;
      if (n < 0 && errno == EINTR) continue;
      if (n == 0 || errno != EAGAIN) reading = false;
      return;
    }
  };
  while (!exited) {
    if (!writing && !reading && exit_fd < 0) {
      // Both pipes closed and no way to be told of the exit: ask, briefly, until the deadline.
      if (::waitpid(pid, &status, WNOHANG) == pid) {
        exited = true;
        break;
      }
    }
    auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - Clock::now()).count();
    if (left <= 0) {
      timed_out = true;
      break;
    }
    int wait_ms = static_cast<int>(!writing && !reading && exit_fd < 0 ? std::min<long long>(left, 10) : left);
    pollfd fds[3] = {{writing ? in[1] : -1, POLLOUT, 0}, {reading ? err[0] : -1, POLLIN, 0}, {exit_fd, POLLIN, 0}};
    if (::poll(fds, 3, wait_ms) < 0) {
      if (errno == EINTR) continue;
      timed_out = true;  // cannot wait any more: treated like a notifier that did not finish
      break;
    }
    if (writing && (fds[0].revents & (POLLOUT | POLLERR | POLLHUP))) {
      ssize_t n = ::write(in[1], payload.data() + written, payload.size() - written);
      if (n > 0) written += static_cast<size_t>(n);
      if (n < 0 && errno != EINTR && errno != EAGAIN) written = payload.size();  // the reader went away
      if (written == payload.size()) {
        ::close(in[1]);
        writing = false;
      }
    }
    if (reading && (fds[1].revents & (POLLIN | POLLERR | POLLHUP))) drain();
    if (fds[2].revents & POLLIN) {
      while (::waitpid(pid, &status, 0) < 0 && errno == EINTR) {
      }
      exited = true;
    }
  }
  if (timed_out) {
    ::kill(-pid, SIGKILL);
    while (::waitpid(pid, &status, 0) < 0 && errno == EINTR) {
    }
  }
  if (reading) drain();  // what it said before it ended; a child it left holding the pipe is not waited for
  if (writing) ::close(in[1]);
  ::close(err[0]);
  if (exit_fd >= 0) ::close(exit_fd);
  ::sigaction(SIGPIPE, &previous, nullptr);
  std::string said = first_line(errors);
  auto with_said = [&](std::string what) { return said.empty() ? what : what + ": " + said; };
  if (timed_out) {
    auto ms = timeout.count();
    return {false, with_said(ms % 1000 == 0 ? trf("notify.command did not finish within {} s and was killed", ms / 1000)
                                            : trf("notify.command did not finish within {} ms and was killed", ms))};
  }
  if (WIFEXITED(status)) {
    int code = WEXITSTATUS(status);
    if (code == 0) return {true, ""};
    if (code == 127) return {false, with_said(std::string(tr("notify.command could not be run (exit 127)")))};
    return {false, with_said(trf("notify.command exited with status {}", code))};
  }
  if (WIFSIGNALED(status)) return {false, with_said(trf("notify.command was killed by signal {}", WTERMSIG(status)))};
  return {false, with_said(std::string(tr("notify.command ended abnormally")))};
}

}  // namespace csdesk
