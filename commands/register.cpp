// csdesk register: the daily intake of contacts, one at a time or as a batch import.
#include <CLI/CLI.hpp>
#include <sys/stat.h>

#include <chrono>
#include <cstdio>
#include <cstring>

#include "commands.hpp"
#include "context.hpp"
#include "customer_flags.hpp"
#include "util/error.hpp"
#include "import/importer.hpp"
#include "import/rejects.hpp"
#include "store/customers.hpp"
#include "util/text.hpp"

namespace csdesk {
namespace {

struct RegisterOptions {
  CustomerFlags customer;
  std::string from, encoding, rejects, on_error = "skip";
  std::vector<std::string> maps;
  bool dry_run = false, force = false;
};

Intake intake_for(Context& ctx, const std::optional<Staff>& agent) {
  Intake in;
  in.actor = ctx.actor();
  if (agent) in.agent_id = agent->id;
  in.now = ctx.now();
  in.limit_seconds = ctx.config().integer("intake.register_limit_minutes") * 60;
  return in;
}

// "KH202611-0001 甲 (email)" for each other customer holding a key of the contact.
std::string duplicates_text(const RegisterResult& r) {
  std::vector<std::string> out;
  for (const auto& d : r.possible_duplicates) out.push_back(fmt::format("{} {} ({})", d.number, d.name, join(d.keys, ",")));
  return join(out, "; ");
}
std::string merge_commands(const RegisterResult& r) {
  std::vector<std::string> out;
  for (const auto& d : r.possible_duplicates) out.push_back(fmt::format("csdesk customer merge {} {}", r.customer.number, d.number));
  return join(out, "; ");
}
Table result_table(const RegisterResult& r) {
  Table t;
  t.single = true;
  t.columns = {{"number", "Customer", "客户编号"},
               {"name", "Name", "称呼"},
               {"company", "Company", "公司"},
               {"phone", "Phone", "电话", Show::plain, Personal::phone},
               {"status", "Status", "状态"},
               {"matched_on", "Matched on", "匹配依据"},
               {"owner", "Owner", "负责人"},
               {"owner_notified", "Owner notified", "已通知负责人"},
               {"urgent", "Urgent", "紧急"},
               {"contacted_at", "Contacted", "联系时间", Show::time},
               {"registered_at", "Registered", "登记时间", Show::time},
               {"within_limit", "Within limit", "按时登记"},
               {"filled", "Filled", "补全字段"},
               {"differing", "Differing (kept)", "不一致(保留原值)"}};
  const Customer& c = r.customer;
  Value owner = r.owner ? Value{r.owner->number + " " + r.owner->name + (r.owner->active ? "" : " (inactive)")} : Value{};
  t.add_row({c.number, c.name, opt_value(c.company), opt_value(c.phone),
             std::string(r.returning ? "returning" : "new"), r.matched_on.empty() ? Value{} : Value{r.matched_on}, owner,
             r.owner_notified, c.urgent, r.contacted_at, c.registered_at,
             r.within_limit, join(r.filled, ","), join(r.differing, ",")});
  // Shown only when there is one, so that the usual result reads as before.
  if (!r.possible_duplicates.empty()) {
    t.columns.push_back({"possible_duplicates", "Possible duplicates", "可能重复"});
    t.columns.push_back({"merge_command", "Merge command", "合并命令"});
    t.rows.back().push_back(duplicates_text(r));
    t.rows.back().push_back(merge_commands(r));
  }
  return t;
}

// Reads the file (or stdin) in chunks. Encoding detection may read it all and then start again:
// a regular file seeks back; anything else (a pipe) is copied to an unlinked temporary file while
// detection reads, and that copy is read back before the rest.
class FileSource {
 public:
  explicit FileSource(const std::string& path) : path_(path) {
    if (path == "-") {
      file_ = stdin;
    } else {
      struct stat st {};
      if (::stat(path.c_str(), &st) == 0 && S_ISDIR(st.st_mode)) fail_invalid("--from: '{}' is a directory, not a file", path);
      file_ = std::fopen(path.c_str(), "rb");
      if (!file_) fail_not_found("--from: cannot read '{}': {}", path, std::strerror(errno));
    }
    struct stat st {};
    if (::fstat(fileno(file_), &st) == 0 && S_ISREG(st.st_mode)) {
      start_ = ::ftello(file_);
      seekable_ = start_ >= 0;
      if (path != "-") size_ = static_cast<std::size_t>(st.st_size);
    }
    if (!seekable_) {
      copy_ = std::tmpfile();  // unlinked: gone when closed, or when the process dies
      if (!copy_) copy_error_ = std::strerror(errno);  // matters only if detection must read it twice
    }
  }
  ~FileSource() {
    if (file_ && file_ != stdin) std::fclose(file_);
    if (copy_) std::fclose(copy_);
  }
  std::size_t read(char* buffer, std::size_t capacity) {
    if (replaying_) {
      std::size_t n = std::fread(buffer, 1, capacity, copy_);
      if (n > 0) return n;
      if (std::ferror(copy_)) fail(ErrorKind::internal, "--from: error reading back the copy of {}: {}", path_, std::strerror(errno));
      replaying_ = false;
      release();
    }
    std::size_t n = std::fread(buffer, 1, capacity, file_);
    if (n == 0 && std::ferror(file_)) fail_invalid("--from: error reading '{}': {}", path_, std::strerror(errno));
    if (copy_ && n > 0 && std::fwrite(buffer, 1, n, copy_) != n)
      fail(ErrorKind::internal, "--from: cannot copy {} to a temporary file: {}", path_, std::strerror(errno));
    return n;
  }
  void rewind() {
    if (seekable_) {
      if (::fseeko(file_, start_, SEEK_SET) != 0) fail(ErrorKind::internal, "--from: cannot read '{}' again: {}", path_, std::strerror(errno));
      return;
    }
    if (!copy_)
      fail_invalid("--from: {} cannot be read twice, and telling its encoding needs more than its first 64 KiB (no "
                   "temporary file: {}); name the encoding with --encoding, or import from a file",
                   path_ == "-" ? "stdin" : path_, copy_error_);
    if (std::fflush(copy_) != 0 || std::fseek(copy_, 0, SEEK_SET) != 0)
      fail(ErrorKind::internal, "--from: cannot read back the copy of {}: {}", path_, std::strerror(errno));
    replaying_ = true;
  }
  void release() {  // no rewind will come: stop copying
    if (copy_ && !replaying_) {
      std::fclose(copy_);
      copy_ = nullptr;
    }
  }
  std::size_t size() const { return size_; }  // 0 when unknown (stdin)

 private:
  std::string path_;
  std::FILE* file_ = nullptr;
  std::FILE* copy_ = nullptr;
  std::string copy_error_;
  bool seekable_ = false, replaying_ = false;
  off_t start_ = 0;
  std::size_t size_ = 0;
};

Table summary_table(const RegisterOptions& o, const ImportSummary& s, double seconds, bool imported) {
  Table t;
  t.single = true;
  t.columns = {{"file", "File", "文件"},
               {"encoding", "Encoding", "编码"},
               {"format", "Format", "格式"},
               {"rows_read", "Rows read", "读取行数"},
               {"new", "New", "新客户"},
               {"returning", "Returning", "老客户"},
               {"merged_in_file", "Merged in file", "文件内合并"},
               {"rejected", "Rejected", "拒绝"},
               {"possible_duplicates", "Possible duplicates", "可能重复"},
               {"seconds", "Seconds", "耗时(秒)", Show::plain, Personal::no, 2},
               {"imported", "Imported", "已导入"}};
  t.add_row({o.from == "-" ? std::string("stdin") : o.from, std::string(encoding_name(s.encoding)),
             std::string(s.delimiter == '\t' ? "tsv" : "csv"), s.rows_read, s.created, s.returning, s.merged_in_file,
             s.rejected, s.possible_duplicates, seconds, imported});
  return t;
}

void run_import(Context& ctx, const RegisterOptions& o) {
  if (o.on_error != "skip" && o.on_error != "abort")
    fail_usage("--on-error: '{}' is not a choice; use skip (import the good rows) or abort (import nothing if any row is bad)",
               o.on_error);
  auto started = std::chrono::steady_clock::now();
  if (o.force && o.rejects.empty()) fail_usage("--force goes with --rejects FILE (it lets the rejects file replace an existing one)");
  ImportOptions io;
  io.source_name = o.from == "-" ? "stdin" : o.from;
  if (!o.encoding.empty()) io.encoding = parse_encoding(o.encoding);
  io.maps = o.maps;
  io.limits.max_field_bytes = static_cast<std::size_t>(ctx.config().integer("import.max_field_bytes"));
  FileSource file(o.from);
  Importer importer({[&file](char* b, std::size_t n) { return file.read(b, n); }, [&file] { file.rewind(); },
                     [&file] { file.release(); }},
                    io);
  const auto& headers = importer.headers();
  std::unique_ptr<RejectsFile> rejects;
  if (!o.rejects.empty()) {
    rejects = std::make_unique<RejectsFile>(OutputRequest{"--rejects", o.rejects, o.force, ctx.opt.db}, headers);
    for (const auto& stale : rejects->stale_removed()) ctx.note(fmt::format("removed {}, left by a run that was killed", stale));
  }

  Database& db = ctx.db();
  auto agent = ctx.operator_staff();
  Database::Transaction tx(db);
  // About 70 bytes a row in real customer lists; only decides whether indexes are rebuilt at the end.
  Registrar registrar(db, intake_for(ctx, agent), true, static_cast<std::int64_t>(file.size() / 70));
  std::optional<RejectedRow> first_reject;
  auto on_reject = [&](const RejectedRow& r) {
    if (!first_reject) first_reject = r;
    ctx.warn(fmt::format("{}:{}: {}{}", io.source_name, r.line, r.column.empty() ? "" : r.column + ": ", r.reason));
    if (rejects) rejects->add(r);
  };
  auto on_progress = [&](std::size_t bytes) {
    if (file.size() > 0)
      ctx.progress(fmt::format("importing {}: {:3.0f}%", io.source_name, 100.0 * static_cast<double>(bytes) / file.size()));
  };
  auto on_possible_duplicate = [&](std::size_t line, const RegisterResult& r) {
    for (const auto& note : duplicate_notes(r)) ctx.warn(fmt::format("{}:{}: {}", io.source_name, line, note));
  };
  ImportSummary s = importer.run(registrar, ctx.now(), on_reject, on_possible_duplicate, on_progress);
  ctx.progress("");
  if (rejects) rejects->close();
  if (!s.ignored_columns.empty()) ctx.note("columns not imported: " + join(s.ignored_columns, ", "));
  bool abort = o.on_error == "abort" && s.rejected > 0;
  bool imported = !o.dry_run && !abort;
  if (imported) {
    registrar.finish(ImportOrigin{io.source_name, s.sha256, s.bytes, s.rows_read, s.rejected});
    tx.commit();
  }
  double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
  ctx.print(summary_table(o, s, seconds, imported));
  if (abort)
    fail_invalid("{} of {} rows rejected, so nothing was imported (--on-error abort); first: {}:{}: {}{}", s.rejected,
                 s.rows_read, io.source_name, first_reject->line,
                 first_reject->column.empty() ? "" : first_reject->column + ": ", first_reject->reason);
  if (o.dry_run) ctx.note("dry run: nothing was written");
}

void run_register(Context& ctx, const RegisterOptions& o) {
  if (!o.from.empty()) return run_import(ctx, o);
  for (const auto* batch_only : {&o.encoding, &o.rejects})
    if (!batch_only->empty()) fail_usage("--encoding and --rejects go with --from FILE");
  if (o.dry_run || !o.maps.empty() || o.force) fail_usage("--dry-run, --map and --force go with --from FILE");
  Staff agent = ctx.require_operator("register records who took the contact");
  NewContact contact = o.customer.contact(ctx.now());
  Database& db = ctx.db();
  Database::Transaction tx(db);
  RegisterResult r = CustomerStore(db).register_contact(contact, intake_for(ctx, agent));
  tx.commit();
  if (r.returning)
    ctx.note(r.owner ? fmt::format("returning customer {}; owner {} {}{}", r.customer.number, r.owner->number, r.owner->name,
                                   r.owner_notified ? " (notification queued: csdesk assign notify)" : " is inactive")
                     : fmt::format("returning customer {}; no owner yet", r.customer.number));
  for (const auto& note : duplicate_notes(r)) ctx.warn(note);
  Table t = result_table(r);
  ctx.print(t, ctx.reveal_personal(t));
}

}  // namespace

void setup_register(CLI::App& app, Context& ctx, CommandActions& actions) {
  auto o = std::make_shared<RegisterOptions>();
  auto* cmd = app.add_subcommand("register", "Register a contact: a new customer, or a returning one (never a duplicate)");
  add_customer_flags(cmd, o->customer);
  cmd->add_option("--from", o->from, "Import a CSV or TSV file of customers ('-' for stdin)")->group("Import");
  cmd->add_option("--encoding", o->encoding,
                  "utf-8, gb18030, gbk (cp936), big5 (cp950), big5-hkscs, utf-16le, utf-16be; default: detected from the "
                  "whole file (exit 3 naming the candidates if unsure)")
      ->group("Import");
  cmd->add_option("--map", o->maps, "SOURCE=field: the column SOURCE holds field (name, phone, company, …)")->group("Import");
  cmd->add_flag("--dry-run", o->dry_run, "Read, check and match everything, print the summary, write nothing")->group("Import");
  cmd->add_option("--rejects", o->rejects, "Write rejected rows here as CSV (original columns + reason + line); must not exist unless --force")
      ->group("Import");
  cmd->add_flag("--force", o->force, "Let --rejects replace an existing file (once the new one is complete)")->group("Import");
  cmd->add_option("--on-error", o->on_error, "skip (default: import the good rows) or abort (nothing if any row is bad)")
      ->group("Import");
  cmd->footer(
      "A contact whose phone, e-mail, QQ, WeChat or company + name matches a customer is that customer\n"
      "returning: the contact is logged on it, its empty fields are filled and its owner is notified.\n"
      "Keys held by another customer are not copied; the output names it as a possible duplicate.\n"
      "Zero-width and direction marks and control characters are removed from text.\n"
      "Examples:\n"
      "  csdesk --as 1001 register --name 王女士 --company 北京华信科技有限公司 --phone 13912345678 --channel 电话\n"
      "  csdesk --as 1001 register --name 李先生 --phone '+86 139-1234-5679' --urgent --contacted-at '2026-11-02 09:58'\n"
      "  csdesk register --from 活动签到.csv --rejects rejects.csv\n"
      "  csdesk register --from crm.tsv --encoding gbk --map '客户来源=channel' --dry-run");
  actions.bind(cmd, [&ctx, o] { run_register(ctx, *o); });
}

}  // namespace csdesk
