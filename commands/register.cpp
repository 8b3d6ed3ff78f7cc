// csdesk register: the daily intake of contacts, one at a time or as a batch import.
#include <CLI/CLI.hpp>
#include <sys/stat.h>

#include <chrono>
#include <cstdio>
#include <cstring>

#include "commands.hpp"
#include "context.hpp"
#include "output/columns.hpp"
#include "customer_flags.hpp"
#include "notify_common.hpp"
#include "util/error.hpp"
#include "util/owner_only.hpp"
#include "import/importer.hpp"
#include "import/rejects.hpp"
#include "import/xlsx.hpp"
#include "register/registration.hpp"
#include "rules/vocabulary.hpp"
#include "store/customers.hpp"
#include "util/text.hpp"

namespace csdesk {
namespace {

struct RegisterOptions {
  CustomerFlags customer;
  std::string from, encoding, rejects, sheet, on_error = "skip";
  std::vector<std::string> maps;
  bool dry_run = false;
  bool no_assign = false;
};

Intake intake_for(Context& ctx, const std::optional<Staff>& agent) {
  Intake in;
  in.actor = ctx.actor();
  if (agent) in.agent_id = agent->id;
  in.now = ctx.now();
  in.limit_seconds = ctx.config().integer("intake.register_limit_minutes") * 60;
  return in;
}

// Field names ("phone,email") as they are, or each named in the current language (table and CSV in Chinese).
std::string fields_text(const std::vector<std::string>& fields, bool names, const char* separator) {
  if (!names) return join(fields, separator);
  std::vector<std::string> out;
  for (const auto& f : fields) out.push_back(vocab::name(vocab::customer_field, f));
  return join(out, "、");
}

// "KH202611-0001 甲 (email)" for each other customer holding a key of the contact.
std::string duplicates_text(const RegisterResult& r, bool names) {
  std::vector<std::string> out;
  for (const auto& d : r.possible_duplicates)
    out.push_back(fmt::format("{} {} ({})", d.number, d.name, fields_text(d.keys, names, ",")));
  return join(out, "; ");
}
std::string merge_commands(const RegisterResult& r) {
  std::vector<std::string> out;
  for (const auto& d : r.possible_duplicates) out.push_back(fmt::format("csdesk customer merge {} {}", r.customer.number, d.number));
  return join(out, "; ");
}
// `names`: field names in the language (table and CSV under --lang zh); JSON keeps the keys.
ColumnSpec<RegisterResult> result_columns(bool names) {
  using R = RegisterResult;
  return {
      {{"number", "Customer", "客户编号"}, [](const R& r) -> Value { return r.customer.number; }},
      {{"name", "Name", "称呼"}, [](const R& r) -> Value { return r.customer.name; }},
      {{"company", "Company", "公司"}, [](const R& r) { return opt_value(r.customer.company); }},
      {{"phone", "Phone", "电话", Show::plain, Personal::phone}, [](const R& r) { return opt_value(r.customer.phone); }},
      {Column{"status", "Status", "状态"}.with_terms(vocab::registration_status),
       [](const R& r) -> Value { return std::string(r.returning ? "returning" : "new"); }},
      {Column{"matched_on", "Matched on", "匹配依据"}.with_terms(vocab::customer_field),
       [](const R& r) { return text_or_null(r.matched_on); }},
      {{"owner", "Owner", "负责人"},
       [](const R& r) {
         if (!r.owner) return Value{};
         if (r.owner->active) return Value{r.owner->number + " " + r.owner->name};
         return Value{trf("{} {} (inactive)", r.owner->number, r.owner->name)};
       }},
      {{"owner_notified", "Owner notified", "已通知负责人"}, member(&R::owner_notified)},
      {{"owner_notified_at", "Owner told at", "通知负责人时间", Show::time},
       [](const R& r) { return r.owner_notified_at ? Value{*r.owner_notified_at} : Value{}; }},
      {{"urgent", "Urgent", "紧急"}, [](const R& r) -> Value { return r.customer.urgent; }},
      {{"contacted_at", "Contacted", "联系时间", Show::time}, member(&R::contacted_at)},
      {{"registered_at", "Registered", "登记时间", Show::time}, [](const R& r) -> Value { return r.customer.registered_at; }},
      {{"within_limit", "Within limit", "按时登记"}, member(&R::within_limit)},
      {{"contact_time_known", "Contact time given", "已填联系时间"}, member(&R::contact_time_known)},
      {{"filled", "Filled", "补全字段"}, [names](const R& r) -> Value { return fields_text(r.filled, names, ","); }},
      {{"differing", "Differing (kept)", "不一致(保留原值)"},
       [names](const R& r) -> Value { return fields_text(r.differing, names, ","); }},
  };
}

// Shown only when there is one, so that the usual result reads as before.
ColumnSpec<RegisterResult> result_with_duplicates_columns(bool names) {
  return result_columns(names).with({
      {{"possible_duplicates", "Possible duplicates", "可能重复"},
       [names](const RegisterResult& r) -> Value { return duplicates_text(r, names); }},
      {{"merge_command", "Merge command", "合并命令"}, [](const RegisterResult& r) -> Value { return merge_commands(r); }},
  });
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

// What an import did, and how long it took.
struct ImportResult {
  std::string file;
  ImportSummary summary;
  double seconds = 0;
  bool imported = false;
};

const ColumnSpec<ImportResult>& summary_columns() {
  using R = ImportResult;
  static const ColumnSpec<R> spec{
      {{"file", "File", "文件"}, member(&R::file)},
      {{"encoding", "Encoding", "编码"}, [](const R& r) -> Value { return std::string(encoding_name(r.summary.encoding)); }},
      {{"format", "Format", "格式"}, [](const R& r) -> Value { return r.summary.format; }},
      {{"rows_read", "Rows read", "读取行数"}, [](const R& r) -> Value { return r.summary.rows_read; }},
      {{"new", "New", "新客户"}, [](const R& r) -> Value { return r.summary.created; }},
      {{"returning", "Returning", "老客户"}, [](const R& r) -> Value { return r.summary.returning; }},
      {{"merged_in_file", "Merged in file", "文件内合并"}, [](const R& r) -> Value { return r.summary.merged_in_file; }},
      {{"rejected", "Rejected", "拒绝"}, [](const R& r) -> Value { return r.summary.rejected; }},
      {{"possible_duplicates", "Possible duplicates", "可能重复"},
       [](const R& r) -> Value { return r.summary.possible_duplicates; }},
      {{"seconds", "Seconds", "耗时(秒)", Show::plain, Personal::no, 2}, member(&R::seconds)},
      {{"imported", "Imported", "已导入"}, member(&R::imported)},
  };
  return spec;
}

void run_import(Context& ctx, const RegisterOptions& o) {
  if (o.on_error != "skip" && o.on_error != "abort")
    fail_usage("--on-error: '{}' is not a choice; use skip (import the good rows) or abort (import nothing if any row is bad)",
               o.on_error);
  auto started = std::chrono::steady_clock::now();
  if (ctx.opt.force && o.rejects.empty() && ctx.opt.output.empty())
    fail_usage("--force goes with --rejects FILE or --output FILE (it lets them replace existing files)");
  ImportOptions io;
  io.source_name = o.from == "-" ? "stdin" : o.from;
  if (!o.encoding.empty()) io.encoding = parse_encoding(o.encoding);
  io.maps = o.maps;
  io.limits.max_field_bytes = static_cast<std::size_t>(ctx.config().integer("import.max_field_bytes"));
  // Setgid, the list is opened with the invoking account's own rights: no file only the service group may read.
  std::optional<AsInvoker> reading_as_invoker;
  reading_as_invoker.emplace();
  bool workbook = is_workbook_file(o.from);
  if (!workbook && !o.sheet.empty())
    fail_usage("--sheet goes with a workbook (.xlsx); {} is not one", io.source_name);
  if (workbook && io.encoding)
    fail_usage("--encoding goes with CSV and TSV files; a workbook's text is Unicode, leave --encoding out");
  std::unique_ptr<FileSource> file;
  std::shared_ptr<XlsxReader> book;
  std::unique_ptr<Importer> importer_ptr;
  std::size_t size = 0, expected_rows = 0;
  if (workbook) {
    book = XlsxReader::open_file(o.from, io.source_name, o.sheet.empty() ? std::nullopt : std::optional(o.sheet),
                                 xlsx_limits(io.limits));
    if (book->sheet_names().size() > 1) ctx.note(trf("reading sheet '{}' of {}", book->sheet_name(), io.source_name));
    auto rows = workbook_rows(book, o.from);
    size = static_cast<std::size_t>(rows.bytes);
    importer_ptr = std::make_unique<Importer>(std::move(rows), io);
  } else {
    file = std::make_unique<FileSource>(o.from);
    size = file->size();
    expected_rows = size / 70;  // about 70 bytes a row in real customer lists
    importer_ptr = std::make_unique<Importer>(
        Importer::ByteSource{[f = file.get()](char* b, std::size_t n) { return f->read(b, n); }, [f = file.get()] { f->rewind(); },
                             [f = file.get()] { f->release(); }},
        io);
  }
  reading_as_invoker.reset();
  Importer& importer = *importer_ptr;
  const auto& headers = importer.headers();
  // A sheet names its extent; else ~450 bytes of sheet XML a row (inline strings, as openpyxl writes).
  if (book) expected_rows = book->declared_rows() > 0 ? book->declared_rows() : book->sheet_bytes() / 450;
  Database& db = ctx.db();
  auto agent = ctx.operator_staff();
  // An operator who may not import is refused before any rejects file is made or the lock taken.
  Intake intake = BatchRegistration::permitted(intake_for(ctx, agent));
  std::unique_ptr<RejectsFile> rejects;
  if (!o.rejects.empty()) {
    rejects = std::make_unique<RejectsFile>(OutputRequest{"--rejects", o.rejects, ctx.opt.force, ctx.opt.db}, headers);
    for (const auto& stale : rejects->stale_removed()) ctx.note(trf("removed {}, left by a run that was killed", stale));
  }
  Database::Transaction tx(db);
  // The expected rows only decide whether indexes are rebuilt at the end.
  BatchRegistration registrar(db, std::move(intake), static_cast<std::int64_t>(expected_rows));
  std::optional<RejectedRow> first_reject;
  auto on_reject = [&](const RejectedRow& r) {
    if (!first_reject) first_reject = r;
    ctx.warn(fmt::format("{}:{}: {}{}", io.source_name, r.line, r.column.empty() ? "" : r.column + ": ", r.reason));
    if (rejects) rejects->add(r);
  };
  auto on_progress = [&](std::size_t bytes) {
    if (size > 0)
      ctx.progress(trf("importing {}: {:3.0f}%", io.source_name, 100.0 * static_cast<double>(bytes) / size));
  };
  auto on_possible_duplicate = [&](std::size_t line, const RegisterResult& r) {
    for (const auto& note : duplicate_notes(r)) ctx.warn(fmt::format("{}:{}: {}", io.source_name, line, note));
  };
  ImportSummary s = importer.run(registrar, ctx.now(), on_reject, on_possible_duplicate, on_progress);
  ctx.progress("");
  if (rejects) rejects->close();
  if (book && !book->skipped_title().empty())
    ctx.note(trf("the sheet's title row '{}' (merged across the columns) was skipped; the header is the row below it",
                 book->skipped_title()));
  if (!s.ignored_columns.empty()) ctx.note(trf("columns not imported: {}", join(s.ignored_columns, ", ")));
  bool abort = o.on_error == "abort" && s.rejected > 0;
  bool imported = !o.dry_run && !abort;
  if (imported) {
    registrar.finish(ImportOrigin{io.source_name, s.sha256, s.bytes, s.rows_read, s.rejected});
    tx.commit();
  }
  double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
  ctx.print(summary_columns().single(ImportResult{io.source_name, s, seconds, imported}, ctx.spec().format));
  if (abort)
    fail_invalid("{} of {} rows rejected, so nothing was imported (--on-error abort); first: {}:{}: {}{}", s.rejected,
                 s.rows_read, io.source_name, first_reject->line,
                 first_reject->column.empty() ? "" : first_reject->column + ": ", first_reject->reason);
  if (o.dry_run) ctx.note(std::string(tr("dry run: nothing was written")));
}

void run_register(Context& ctx, const RegisterOptions& o) {
  if (!o.from.empty()) {
    if (o.no_assign) fail_usage("--no-assign goes with one contact; an import (--from) never allocates: run `csdesk assign`");
    return run_import(ctx, o);
  }
  for (const auto* batch_only : {&o.encoding, &o.rejects, &o.sheet})
    if (!batch_only->empty()) fail_usage("--encoding, --sheet and --rejects go with --from FILE");
  if (o.dry_run || !o.maps.empty()) fail_usage("--dry-run and --map go with --from FILE");
  if (ctx.opt.force && ctx.opt.output.empty())
    fail_usage("--force goes with --output FILE, or with --rejects FILE of an import (--from)");
  auto agent = ctx.operator_staff();
  NewContact contact = o.customer.contact(ctx.now());
  Database& db = ctx.db();
  bool allocate = ctx.config().flag("intake.assign_at_register") && !o.no_assign;
  Registration reg = register_and_notify(db, ctx.config(), contact, intake_for(ctx, agent), allocate, notification_channel(ctx));
  const RegisterResult& r = reg.result;
  warn_undelivered(ctx, reg.deliveries);
  if (r.returning)
    ctx.note(!r.owner             ? trf("returning customer {}; no owner yet", r.customer.number)
             : r.owner_notified_at ? trf("returning customer {}; owner {} {} notified", r.customer.number, r.owner->number,
                                         r.owner->name)
             : r.owner_notified    ? trf("returning customer {}; owner {} {} (notification queued: csdesk assign notify)",
                                         r.customer.number, r.owner->number, r.owner->name)
                                   : trf("returning customer {}; owner {} {} is inactive", r.customer.number,
                                         r.owner->number, r.owner->name));
  else if (reg.assigned && reg.assigned->staff)
    ctx.note(r.owner_notified_at ? trf("{} assigned to {} {}, who is notified", r.customer.number,
                                       reg.assigned->staff->number, reg.assigned->staff->name)
                                 : trf("{} assigned to {} {} (notification queued: csdesk assign notify)", r.customer.number,
                                       reg.assigned->staff->number, reg.assigned->staff->name));
  else if (allocate)
    ctx.note(trf("{} has no owner yet: nobody can take it now; `csdesk assign` decides", r.customer.number));
  for (const auto& note : duplicate_notes(r)) ctx.warn(note);
  Format format = ctx.spec().format;
  bool names = format != Format::json && ctx.lang() == Lang::zh;
  auto columns = r.possible_duplicates.empty() ? result_columns(names) : result_with_duplicates_columns(names);
  Table t = columns.single(r, format, {}, [&ctx](const RegisterResult& x) { return ctx.sees_contacts_of(x.customer.id); });
  ctx.print(t, ctx.reveal_personal(t));
}

}  // namespace

void setup_register(CLI::App& app, Context& ctx, CommandActions& actions) {
  auto o = std::make_shared<RegisterOptions>();
  auto* cmd = app.add_subcommand("register", std::string(tr("Register a contact: a new customer, or a returning one (never a duplicate)")));
  add_customer_flags(cmd, o->customer);
  cmd->add_flag("--no-assign", o->no_assign,
                std::string(tr("Leave a new customer without an owner for a batch `csdesk assign` (intake.assign_at_register)")));
  cmd->add_option("--from", o->from, std::string(tr("Import a CSV or TSV file ('-' for stdin) or an Excel workbook (.xlsx) of customers")))
      ->group("Import");
  cmd->add_option("--sheet", o->sheet, std::string(tr("The workbook's sheet to import, by name (default: the first shown)")))->group("Import");
  cmd->add_option("--encoding", o->encoding,
                  std::string(tr("utf-8, gb18030, gbk (cp936), big5 (cp950), big5-hkscs, utf-16le, utf-16be; default: detected from the "
                  "whole file (exit 3 naming the candidates if unsure)")))
      ->group("Import");
  cmd->add_option("--map", o->maps, std::string(tr("SOURCE=field: the column SOURCE holds field (name, phone, company, …)")))->group("Import");
  cmd->add_flag("--dry-run", o->dry_run, std::string(tr("Read, check and match everything, print the summary, write nothing")))->group("Import");
  cmd->add_option("--rejects", o->rejects, std::string(tr("Write rejected rows here (original columns + reason + line): a workbook if FILE ends in .xlsx, else CSV; must not exist unless --force")))
      ->group("Import");
  // The one --force (the global flag's variable): it replaces whichever files were named.
  cmd->add_flag("--force", ctx.opt.force, std::string(tr("Let --rejects and --output replace existing files (each once the new one is complete)")))
      ->group("Import");
  cmd->preparse_callback([&ctx](std::size_t) { ctx.own_files = true; });
  cmd->add_option("--on-error", o->on_error, std::string(tr("skip (default: import the good rows) or abort (nothing if any row is bad)")))
      ->group("Import");
  cmd->footer(
      std::string(tr("A contact whose phone, e-mail, QQ, WeChat or company + name matches a customer is that customer\n"
      "returning: the contact is logged on it, its empty fields are filled and its owner is notified.\n"
      "A new customer gets its owner by assign.rule at once and the owner is notified (intake.assign_at_register;\n"
      "--no-assign leaves it to `csdesk assign`). Without --contacted-at the contact time is unknown and the\n"
      "contact never counts as registered within intake.register_limit_minutes.\n"
      "Keys held by another customer are not copied; the output names it as a possible duplicate.\n"
      "Zero-width and direction marks and control characters are removed from text.\n"
      "Examples:\n"
      "  csdesk --as 1001 register --name 王女士 --company 北京华信科技有限公司 --phone 13912345678 --channel 电话\n"
      "  csdesk --as 1001 register --name 李先生 --phone '+86 139-1234-5679' --urgent --contacted-at '2026-11-02 09:58'\n"
      "  csdesk --as 1001 register --name 赵先生 --wechat zhao_88 --channel 微信 --contacted-at '2026-11-02 10:00' --no-assign\n"
      "  csdesk register --from 活动签到.csv --rejects rejects.csv\n"
      "  csdesk register --from 客户名单.xlsx --sheet 十一月 --dry-run\n"
      "  csdesk register --from 客户名单.xlsx --rejects 待改.xlsx --force   # rejects as a workbook, replacing last run's\n"
      "  csdesk register --from crm.tsv --encoding gbk --map '客户来源=channel' --dry-run")));
  actions.bind(cmd, [&ctx, o] { run_register(ctx, *o); });
}

}  // namespace csdesk
