#include "import/xlsx.hpp"

#include <dlfcn.h>
#include <expat.h>
#include <sys/stat.h>
#include <zip.h>

#include <algorithm>
#include <charconv>
#include <cstdio>
#include <cstring>
#include <deque>
#include <exception>
#include <functional>
#include <map>
#include <fmt/format.h>

#include "import/xlsx_cells.hpp"
#include "util/error.hpp"
#include "util/text.hpp"

namespace csdesk {
namespace {

constexpr const char* kResave = tr_noop("open it in Excel or WPS and save it again (另存为 .xlsx)");

// libzip is opened when a workbook is read, not linked: it brings libcrypto, bzip2 and zlib,
// whose loading and relocation more than doubled the start of every csdesk command.
struct ZipLibrary {
#define CSDESK_ZIP_FUNCTIONS(X)                                                                             \
  X(discard) X(error_fini) X(error_init) X(error_init_with_code) X(error_strerror) X(fclose) X(file_strerror) \
  X(fopen_index) X(fread) X(name_locate) X(open) X(open_from_source) X(source_buffer_create) X(source_free)   \
  X(stat_index) X(stat_init) X(strerror)
#define CSDESK_ZIP_POINTER(name) decltype(&::zip_##name) name = nullptr;
  CSDESK_ZIP_FUNCTIONS(CSDESK_ZIP_POINTER)
#undef CSDESK_ZIP_POINTER
};

const ZipLibrary& zip_library() {
  static const ZipLibrary library = [] {
    ZipLibrary l;
    void* handle = ::dlopen("libzip.so.4", RTLD_NOW | RTLD_LOCAL);
    if (!handle)
      fail(ErrorKind::internal, "reading a workbook needs libzip (Debian package libzip4), which cannot be loaded: {}",
           ::dlerror());
#define CSDESK_ZIP_RESOLVE(name)                                                                    \
    l.name = reinterpret_cast<decltype(l.name)>(::dlsym(handle, "zip_" #name));                      \
    if (!l.name) fail(ErrorKind::internal, "libzip.so.4 lacks zip_" #name "; install Debian's libzip4");
    CSDESK_ZIP_FUNCTIONS(CSDESK_ZIP_RESOLVE)
#undef CSDESK_ZIP_RESOLVE
    return l;  // the handle stays open for the life of the process
  }();
  return library;
}

// Elements and attributes are matched by local name, whatever prefix the writer used (x:row,
// r:id). Without namespace processing expat runs a quarter faster on a sheet's many small cells.
std::string_view local_name(const XML_Char* name) {
  std::string_view n(name);
  size_t colon = n.rfind(':');
  return colon == std::string_view::npos ? n : n.substr(colon + 1);
}
bool has_prefix(const XML_Char* name) { return std::strchr(name, ':') != nullptr; }
// The value of the attribute named `local` without a prefix, or nullptr.
const XML_Char* attribute(const XML_Char** atts, std::string_view local) {
  for (size_t i = 0; atts[i]; i += 2)
    if (!has_prefix(atts[i]) && std::string_view(atts[i]) == local) return atts[i + 1];
  return nullptr;
}
// r:id, whatever prefix the writer bound to the relationships namespace (xmlns:r is no id).
const XML_Char* relationship_id(const XML_Char** atts) {
  for (size_t i = 0; atts[i]; i += 2)
    if (has_prefix(atts[i]) && local_name(atts[i]) == "id" && !starts_with(atts[i], "xmlns:")) return atts[i + 1];
  return nullptr;
}

std::optional<std::uint64_t> parse_unsigned(std::string_view s) {
  std::uint64_t v = 0;
  auto r = std::from_chars(s.data(), s.data() + s.size(), v);
  if (r.ec != std::errc() || r.ptr != s.data() + s.size() || s.empty()) return std::nullopt;
  return v;
}

// The inflated bytes of every part read so far, against the workbook's cap.
struct Budget {
  std::uint64_t inflated = 0;
};

class Archive {
 public:
  Archive(zip_t* zip, std::string name, const XlsxLimits& limits) : zip_(zip), name_(std::move(name)), limits_(limits) {}
  ~Archive() { zip_library().discard(zip_); }
  Archive(const Archive&) = delete;
  Archive& operator=(const Archive&) = delete;

  std::optional<zip_uint64_t> find(const std::string& part) const {
    zip_int64_t i = zip_library().name_locate(zip_, part.c_str(), ZIP_FL_NOCASE);
    if (i < 0) return std::nullopt;
    return static_cast<zip_uint64_t>(i);
  }
  const std::string& name() const { return name_; }
  zip_t* zip() const { return zip_; }
  const XlsxLimits& limits() const { return limits_; }
  Budget budget;

 private:
  zip_t* zip_;
  std::string name_;
  XlsxLimits limits_;
};

// One part of the archive, inflated as it is read, never past the limits.
class PartStream {
 public:
  PartStream(Archive& archive, std::string part) : archive_(archive), part_(std::move(part)) {
    auto index = archive.find(part_);
    if (!index) fail_invalid("{}: the workbook has no part {}; it is damaged: {}", archive.name(), part_, tr(kResave));
    zip_stat_t st;
    zip_library().stat_init(&st);
    if (zip_library().stat_index(archive.zip(), *index, 0, &st) != 0)
      fail_invalid("{}: cannot read {} in the archive: {}; {}", archive.name(), part_, zip_library().strerror(archive.zip()), tr(kResave));
    if (st.valid & ZIP_STAT_SIZE) declared_ = st.size;
    if (st.valid & ZIP_STAT_COMP_SIZE) compressed_ = st.comp_size;
    check(declared_, false);
    file_ = zip_library().fopen_index(archive.zip(), *index, 0);
    if (!file_)
      fail_invalid("{}: cannot open {} in the archive: {}; {}", archive.name(), part_, zip_library().strerror(archive.zip()), tr(kResave));
  }
  ~PartStream() {
    if (file_) zip_library().fclose(file_);
  }
  PartStream(const PartStream&) = delete;
  PartStream& operator=(const PartStream&) = delete;

  size_t read(char* buffer, size_t capacity) {
    zip_int64_t n = zip_library().fread(file_, buffer, capacity);
    if (n < 0)
      fail_invalid("{}: {} cannot be inflated: {}; the archive is damaged: {}", archive_.name(), part_,
                   zip_library().file_strerror(file_), tr(kResave));
    read_ += static_cast<std::uint64_t>(n);
    archive_.budget.inflated += static_cast<std::uint64_t>(n);
    check(read_, true);
    return static_cast<size_t>(n);
  }
  const std::string& part() const { return part_; }
  std::uint64_t bytes_read() const { return read_; }
  std::uint64_t declared() const { return declared_; }

 private:
  // A zip bomb is refused by its declared size before anything is inflated, and by what it
  // really inflates to (which the declaration may understate) as it goes.
  // `inflated`: `size` is what the part inflated to so far, else what its header says it holds.
  void check(std::uint64_t size, bool inflated) const {
    const auto& l = archive_.limits();
    std::uint64_t total = archive_.budget.inflated + (size == read_ ? 0 : size);
    if (total > l.max_inflated_bytes) {
      if (inflated)
        fail_invalid("{}: {} inflates to more than the {} a workbook may inflate to in all (a zip bomb, or far larger "
                     "than a customer list); nothing was imported",
                     archive_.name(), part_, byte_count(l.max_inflated_bytes));
      fail_invalid("{}: {} says it holds more than the {} a workbook may inflate to in all (a zip bomb, or far larger "
                   "than a customer list); nothing was imported",
                   archive_.name(), part_, byte_count(l.max_inflated_bytes));
    }
    if (size > XlsxLimits::kRatioFreeBytes && size / XlsxLimits::kMaxRatio > compressed_) {
      if (inflated)
        fail_invalid("{}: {} inflates to {} from {} compressed, more than {} times its size: a zip bomb, not a "
                     "workbook; nothing was imported",
                     archive_.name(), part_, byte_count(size), byte_count(compressed_), XlsxLimits::kMaxRatio);
      fail_invalid("{}: {} says it holds {} from {} compressed, more than {} times its size: a zip bomb, not a "
                   "workbook; nothing was imported",
                   archive_.name(), part_, byte_count(size), byte_count(compressed_), XlsxLimits::kMaxRatio);
    }
  }

  Archive& archive_;
  std::string part_;
  zip_file_t* file_ = nullptr;
  std::uint64_t declared_ = 0, compressed_ = 0, read_ = 0;
};

// Handlers of one XML part. They may throw: the parser stops and rethrows outside expat.
struct XmlHandler {
  virtual ~XmlHandler() = default;
  virtual void start(std::string_view name, const XML_Char** atts) = 0;
  virtual void end(std::string_view name) = 0;
  virtual void text(std::string_view) {}
};

// expat over a part as it is inflated. A DOCTYPE is refused (no entity can be declared, so none
// expands), nesting is bounded, and so is what expat may buffer without an event (one tag).
class XmlParser {
 public:
  XmlParser(PartStream& stream, XmlHandler& handler, const std::string& file)
      : stream_(stream), handler_(handler), file_(file), parser_(XML_ParserCreate(nullptr)) {
    if (!parser_) throw std::bad_alloc();
    XML_SetUserData(parser_, this);
    XML_SetElementHandler(parser_, &XmlParser::on_start, &XmlParser::on_end);
    XML_SetCharacterDataHandler(parser_, &XmlParser::on_text);
    XML_SetStartDoctypeDeclHandler(parser_, &XmlParser::on_doctype);
    XML_SetEntityDeclHandler(parser_, &XmlParser::on_entity);
    XML_SetCommentHandler(parser_, &XmlParser::on_other);
    XML_SetProcessingInstructionHandler(parser_, &XmlParser::on_pi);
  }
  ~XmlParser() { XML_ParserFree(parser_); }
  XmlParser(const XmlParser&) = delete;
  XmlParser& operator=(const XmlParser&) = delete;

  // Inflates and parses one chunk; false once the part has ended.
  bool pump() {
    if (done_) return false;
    char buffer[1 << 16];
    size_t n = stream_.read(buffer, sizeof buffer);
    events_ = false;
    bool last = n == 0;
    if (XML_Parse(parser_, buffer, static_cast<int>(n), last) != XML_STATUS_OK) {
      if (error_) std::rethrow_exception(error_);
      fail_invalid("{}: {} line {} column {}: {}: the XML is damaged; {}", file_, stream_.part(),
                   XML_GetCurrentLineNumber(parser_), XML_GetCurrentColumnNumber(parser_) + 1,
                   XML_ErrorString(XML_GetErrorCode(parser_)), tr(kResave));
    }
    quiet_bytes_ = events_ ? 0 : quiet_bytes_ + n;
    if (quiet_bytes_ > limit_tag_bytes())
      fail_invalid("{}: {}: a tag runs on for more than {} (no workbook holds one that long); nothing was imported",
                   file_, stream_.part(), byte_count(limit_tag_bytes()));
    done_ = last;
    return !done_;
  }
  void parse_all() {
    while (pump()) {
    }
  }
  void set_tag_limit(size_t bytes) { tag_limit_ = bytes; }

 private:
  size_t limit_tag_bytes() const { return tag_limit_; }
  template <typename F>
  static void guarded(void* self_ptr, F&& f) {
    auto* self = static_cast<XmlParser*>(self_ptr);
    if (self->error_) return;
    self->events_ = true;
    try {
      f(*self);
    } catch (...) {
      self->error_ = std::current_exception();
      XML_StopParser(self->parser_, XML_FALSE);
    }
  }
  static void XMLCALL on_start(void* p, const XML_Char* name, const XML_Char** atts) {
    guarded(p, [&](XmlParser& self) {
      if (++self.depth_ > XlsxLimits::kMaxDepth)
        fail_invalid("{}: {} nests elements more than {} deep (no workbook does; a hostile file); nothing was imported",
                     self.file_, self.stream_.part(), XlsxLimits::kMaxDepth);
      self.handler_.start(local_name(name), atts);
    });
  }
  static void XMLCALL on_end(void* p, const XML_Char* name) {
    guarded(p, [&](XmlParser& self) {
      --self.depth_;
      self.handler_.end(local_name(name));
    });
  }
  static void XMLCALL on_text(void* p, const XML_Char* s, int len) {
    guarded(p, [&](XmlParser& self) { self.handler_.text(std::string_view(s, static_cast<size_t>(len))); });
  }
  static void XMLCALL on_doctype(void* p, const XML_Char*, const XML_Char*, const XML_Char*, int) {
    guarded(p, [&](XmlParser& self) -> void {
      fail_invalid("{}: {} declares a DOCTYPE, which no workbook part has (entities in it could expand without end); "
                   "nothing was imported; {}",
                   self.file_, self.stream_.part(), tr(kResave));
    });
  }
  static void XMLCALL on_entity(void* p, const XML_Char*, int, const XML_Char*, int, const XML_Char*, const XML_Char*,
                                const XML_Char*, const XML_Char*) {
    on_doctype(p, nullptr, nullptr, nullptr, 0);
  }
  static void XMLCALL on_other(void* p, const XML_Char*) {
    guarded(p, [](XmlParser&) {});
  }
  static void XMLCALL on_pi(void* p, const XML_Char*, const XML_Char*) {
    guarded(p, [](XmlParser&) {});
  }

  PartStream& stream_;
  XmlHandler& handler_;
  const std::string& file_;
  XML_Parser parser_;
  std::exception_ptr error_;
  int depth_ = 0;
  bool events_ = false, done_ = false;
  size_t quiet_bytes_ = 0, tag_limit_ = 4 << 20;
};

void parse_part(Archive& archive, const std::string& part, XmlHandler& handler) {
  PartStream stream(archive, part);
  XmlParser parser(stream, handler, archive.name());
  parser.set_tag_limit(archive.limits().max_tag_bytes());
  parser.parse_all();
}

// "xl/workbook.xml" → "xl/"; relationship targets are relative to the part's folder.
std::string folder_of(const std::string& part) {
  size_t slash = part.rfind('/');
  return slash == std::string::npos ? "" : part.substr(0, slash + 1);
}
std::string resolve(const std::string& folder, std::string target) {
  if (!target.empty() && target[0] == '/') return target.substr(1);
  std::string base = folder;
  while (starts_with(target, "../")) {
    target = target.substr(3);
    if (!base.empty()) base = folder_of(base.substr(0, base.size() - 1));
  }
  if (starts_with(target, "./")) target = target.substr(2);
  return base + target;
}
std::string rels_of(const std::string& part) {
  size_t slash = part.rfind('/');
  std::string folder = slash == std::string::npos ? "" : part.substr(0, slash + 1);
  return folder + "_rels/" + part.substr(slash == std::string::npos ? 0 : slash + 1) + ".rels";
}
bool type_is(const std::string& type, std::string_view last) {
  size_t slash = type.rfind('/');
  return type.substr(slash == std::string::npos ? 0 : slash + 1) == last;
}

struct Relationship {
  std::string type, target;
};
struct RelsHandler : XmlHandler {
  std::map<std::string, Relationship> by_id;
  std::vector<Relationship> in_order;
  void start(std::string_view name, const XML_Char** atts) override {
    if (name != "Relationship") return;
    const char *id = attribute(atts, "Id"), *type = attribute(atts, "Type"), *target = attribute(atts, "Target");
    const char* mode = attribute(atts, "TargetMode");
    if (!type || !target || (mode && std::string_view(mode) == "External")) return;
    Relationship r{type, target};
    if (id) by_id[id] = r;
    in_order.push_back(r);
  }
  void end(std::string_view) override {}
};

struct SheetEntry {
  std::string name, relationship, state;
};
struct WorkbookHandler : XmlHandler {
  std::vector<SheetEntry> sheets;
  bool date1904 = false;
  void start(std::string_view name, const XML_Char** atts) override {
    if (name == "workbookPr") {
      const char* v = attribute(atts, "date1904");
      date1904 = v && (std::string_view(v) == "1" || std::string_view(v) == "true");
    } else if (name == "sheet") {
      const char *n = attribute(atts, "name"), *state = attribute(atts, "state"), *rid = relationship_id(atts);
      sheets.push_back({n ? n : "", rid ? rid : "", state ? state : "visible"});
    }
  }
  void end(std::string_view) override {}
};

// The date format of each cell style (cellXfs, by index), from built-in ids and numFmts codes.
struct StylesHandler : XmlHandler {
  std::map<int, DateFormat> custom;
  std::vector<int> xf_formats;
  int in_cell_xfs = 0;
  void start(std::string_view name, const XML_Char** atts) override {
    if (name == "numFmt") {
      const char *id = attribute(atts, "numFmtId"), *code = attribute(atts, "formatCode");
      if (id && code)
        if (auto v = parse_unsigned(id); v && *v < 100000) custom[static_cast<int>(*v)] = date_format_of_code(code);
    } else if (name == "cellXfs") {
      ++in_cell_xfs;
    } else if (name == "xf" && in_cell_xfs) {
      const char* id = attribute(atts, "numFmtId");
      auto v = id ? parse_unsigned(id) : std::nullopt;
      xf_formats.push_back(v && *v < 100000 ? static_cast<int>(*v) : 0);
    }
  }
  void end(std::string_view name) override {
    if (name == "cellXfs") --in_cell_xfs;
  }
  std::vector<DateFormat> date_formats() const {
    std::vector<DateFormat> out;
    for (int id : xf_formats) {
      auto c = custom.find(id);
      out.push_back(c != custom.end() ? c->second : builtin_date_format(id));
    }
    return out;
  }
};

// The shared strings, in one buffer: the text of each <si> (its <t> and rich-text runs' <t>,
// not the phonetic guide <rPh>), cut at the field limit.
struct SharedStrings {
  std::string bytes;
  std::vector<std::uint64_t> ends;
  std::vector<std::uint32_t> overlong;  // indices cut at the limit, in order
  size_t size() const { return ends.size(); }
  std::string_view at(size_t i) const {
    std::uint64_t begin = i == 0 ? 0 : ends[i - 1];
    return std::string_view(bytes).substr(begin, ends[i] - begin);
  }
  bool is_overlong(size_t i) const { return std::binary_search(overlong.begin(), overlong.end(), i); }
};
struct SharedStringsHandler : XmlHandler {
  SharedStrings& table;
  const XlsxLimits& limits;
  const std::string& file;
  std::string current;
  int in_t = 0, in_rph = 0;
  bool in_si = false, cut = false;
  SharedStringsHandler(SharedStrings& t, const XlsxLimits& l, const std::string& f) : table(t), limits(l), file(f) {}
  void start(std::string_view name, const XML_Char**) override {
    if (name == "si") {
      in_si = true;
      current.clear();
      cut = false;
    } else if (name == "t") {
      ++in_t;
    } else if (name == "rPh") {
      ++in_rph;
    }
  }
  void text(std::string_view s) override {
    if (!in_si || !in_t || in_rph) return;
    if (current.size() + s.size() > limits.max_field_bytes + 6) {  // + an _xHHHH_ escape cut in two
      current.append(s.substr(0, limits.max_field_bytes + 6 - current.size()));
      cut = true;
    } else {
      current.append(s);
    }
  }
  void end(std::string_view name) override {
    if (name == "t") {
      --in_t;
    } else if (name == "rPh") {
      --in_rph;
    } else if (name == "si") {
      in_si = false;
      std::string text = decode_ooxml_escapes(current);
      if (text.size() > limits.max_field_bytes) {
        text.resize(whole_utf8_prefix(std::string_view(text).substr(0, limits.max_field_bytes)));
        cut = true;
      }
      if (table.size() >= limits.max_shared_strings)
        fail_invalid("{}: the shared strings table holds more than {} strings, more than a customer list needs; "
                     "nothing was imported",
                     file, limits.max_shared_strings);
      if (table.bytes.size() + text.size() > limits.max_shared_string_bytes)
        fail_invalid("{}: the shared strings table holds more than {} of text (256 × import.max_field_bytes); "
                     "nothing was imported",
                     file, byte_count(limits.max_shared_string_bytes));
      if (cut) table.overlong.push_back(static_cast<std::uint32_t>(table.size()));
      table.bytes += text;
      table.ends.push_back(table.bytes.size());
    }
  }
};

struct Merge {
  std::uint32_t row = 0, first_column = 0, last_column = 0;
};
// Merged ranges (<mergeCells> follow the rows, at the end of the sheet).
struct MergeHandler : XmlHandler {
  std::vector<Merge> horizontal;  // merges of one row's cells across columns, in the first rows
  void start(std::string_view name, const XML_Char** atts) override {
    if (name != "mergeCell") return;
    const char* ref = attribute(atts, "ref");
    if (!ref) return;
    std::string_view r(ref);
    size_t colon = r.find(':');
    if (colon == std::string_view::npos) return;
    auto a = parse_cell_ref(r.substr(0, colon)), b = parse_cell_ref(r.substr(colon + 1));
    if (a && b && b->column > a->column && horizontal.size() < 4096) horizontal.push_back({a->row, a->column, b->column});
  }
  void end(std::string_view) override {}
};

}  // namespace

XlsxLimits xlsx_limits(const CsvLimits& csv) {
  XlsxLimits l;
  l.max_field_bytes = csv.max_field_bytes;
  l.max_columns = csv.max_columns;
  l.max_shared_string_bytes = csv.max_scanned_bytes();
  return l;
}

struct XlsxReader::Impl : XmlHandler {
  std::unique_ptr<Archive> archive;
  XlsxLimits limits;
  std::string file;
  std::vector<std::string> sheet_names;
  std::string sheet_name, sheet_part, title;
  bool date1904 = false;
  std::vector<DateFormat> styles;
  SharedStrings strings;
  std::unique_ptr<PartStream> stream;
  std::unique_ptr<XmlParser> parser;
  std::deque<SheetRow> ready;
  bool first_row = true;
  std::uint32_t declared_rows = 0;

  // The row and the cell being read.
  SheetRow row;
  std::uint32_t row_number = 0, last_row = 0, column = 0;
  size_t row_bytes = 0;
  bool in_row = false, in_cell = false, in_value = false, in_inline = false, has_value = false, has_formula = false;
  int in_t = 0, in_rph = 0;
  std::string type, value, inline_text, formula;
  int style = 0;

  void open(zip_t* zip, std::optional<std::string> wanted) {
    archive = std::make_unique<Archive>(zip, file, limits);
    std::string workbook = "xl/workbook.xml";
    if (archive->find("_rels/.rels")) {
      RelsHandler root;
      parse_part(*archive, "_rels/.rels", root);
      for (const auto& r : root.in_order)
        if (type_is(r.type, "officeDocument")) workbook = resolve("", r.target);
    }
    if (!archive->find(workbook))
      fail_invalid("{}: a zip file, but not an Excel workbook: it has no {} (a .docx or .pptx, or a damaged "
                   "workbook); {}",
                   file, workbook, tr(kResave));
    WorkbookHandler book;
    parse_part(*archive, workbook, book);
    date1904 = book.date1904;
    RelsHandler rels;
    std::string rels_part = rels_of(workbook);
    if (!archive->find(rels_part))
      fail_invalid("{}: the workbook has no {} (which says where its sheets are); it is damaged: {}", file, rels_part,
                   tr(kResave));
    parse_part(*archive, rels_part, rels);
    std::string folder = folder_of(workbook);
    for (const auto& r : rels.in_order) {
      if (type_is(r.type, "styles") && archive->find(resolve(folder, r.target))) {
        StylesHandler h;
        parse_part(*archive, resolve(folder, r.target), h);
        styles = h.date_formats();
      }
      if (type_is(r.type, "sharedStrings") && archive->find(resolve(folder, r.target))) {
        SharedStringsHandler h(strings, limits, file);
        parse_part(*archive, resolve(folder, r.target), h);
      }
    }
    // Worksheets only (not chart sheets); without --sheet the first one shown.
    std::vector<std::pair<SheetEntry, std::string>> worksheets;
    for (const auto& s : book.sheets) {
      auto r = rels.by_id.find(s.relationship);
      if (r == rels.by_id.end() || !type_is(r->second.type, "worksheet")) continue;
      worksheets.emplace_back(s, resolve(folder, r->second.target));
      sheet_names.push_back(s.name);
    }
    if (worksheets.empty()) fail_invalid("{}: the workbook has no worksheet to import", file);
    const std::pair<SheetEntry, std::string>* chosen = nullptr;
    if (wanted) {
      for (const auto& w : worksheets)
        if (w.first.name == *wanted) chosen = &w;
      if (!chosen) {
        std::vector<std::string> listed;
        for (const auto& n : sheet_names) listed.push_back("'" + n + "'");
        fail_not_found("--sheet: {} has no sheet '{}'{}; its sheets: {}", file, *wanted,
                       did_you_mean(*wanted, sheet_names), join(listed, ", "));
      }
    } else {
      for (const auto& w : worksheets)
        if (w.first.state == "visible") {
          chosen = &w;
          break;
        }
      if (!chosen) chosen = &worksheets.front();
    }
    sheet_name = chosen->first.name;
    sheet_part = chosen->second;
    stream = std::make_unique<PartStream>(*archive, sheet_part);
    parser = std::make_unique<XmlParser>(*stream, *this, file);
    parser->set_tag_limit(limits.max_tag_bytes());
  }

  // --- the sheet, as expat reports it
  void start(std::string_view name, const XML_Char** atts) override {
    if (name == "dimension" && !in_row) {  // ref="A1:G1001": the sheet's extent, written before its rows
      std::string_view ref = attribute(atts, "ref") ? attribute(atts, "ref") : "";
      if (auto last = parse_cell_ref(ref.substr(ref.find(':') == std::string_view::npos ? 0 : ref.find(':') + 1)))
        declared_rows = last->row;
      return;
    }
    if (name == "row") {
      const char* r = attribute(atts, "r");
      std::uint32_t number = last_row + 1;
      if (r) {
        auto v = parse_unsigned(r);
        if (!v || *v == 0 || *v > 1048576)
          fail_invalid("{}: sheet '{}': row number '{}' is not one of Excel's rows (1 to 1,048,576); the workbook is "
                       "damaged: {}",
                       file, sheet_name, r, tr(kResave));
        number = static_cast<std::uint32_t>(*v);
      }
      if (number <= last_row)
        fail_invalid("{}: sheet '{}': row {} comes after row {}; the workbook is damaged: {}", file, sheet_name, number,
                     last_row, tr(kResave));
      if (number > 1048576)
        fail_invalid("{}: sheet '{}' goes on past row 1,048,576, Excel's last; the workbook is damaged: {}", file,
                     sheet_name, tr(kResave));
      row_number = last_row = number;
      row = SheetRow{};
      row.record.line = number;
      row_bytes = 0;
      column = 0;
      in_row = true;
    } else if (name == "c" && in_row) {
      const char *r = attribute(atts, "r"), *t = attribute(atts, "t"), *s = attribute(atts, "s");
      std::uint32_t c = column + 1;
      if (r) {
        auto ref = parse_cell_ref(r);
        if (!ref || ref->row != row_number)
          fail_invalid("{}: sheet '{}' row {}: cell reference '{}' is not in that row; the workbook is damaged: {}", file,
                       sheet_name, row_number, r, tr(kResave));
        c = ref->column;
      }
      column = c;
      type = t ? t : "n";
      auto sv = s ? parse_unsigned(s) : std::nullopt;
      style = sv && *sv < styles.size() ? static_cast<int>(*sv) : -1;
      value.clear();
      inline_text.clear();
      formula.clear();
      in_cell = true;
      has_value = has_formula = false;
    } else if (!in_cell) {
      return;
    } else if (name == "v") {
      in_value = has_value = true;
    } else if (name == "f") {
      has_formula = true;
    } else if (name == "is") {
      in_inline = has_value = true;
    } else if (name == "t") {
      ++in_t;
    } else if (name == "rPh") {
      ++in_rph;
    }
  }

  void keep(std::string& into, std::string_view s) {
    size_t room = limits.max_field_bytes + 7 > into.size() ? limits.max_field_bytes + 7 - into.size() : 0;
    into.append(s.substr(0, room));
  }
  void text(std::string_view s) override {
    if (!in_cell) return;
    if (in_value) keep(value, s);
    else if (in_inline && in_t && !in_rph) keep(inline_text, s);
    else if (has_formula && !in_value && !in_inline && formula.size() < 60) formula.append(s.substr(0, 60));
  }

  void end(std::string_view name) override {
    if (name == "v") {
      in_value = false;
    } else if (name == "is") {
      in_inline = false;
    } else if (name == "t" && in_t) {
      --in_t;
    } else if (name == "rPh" && in_rph) {
      --in_rph;
    } else if (name == "c" && in_cell) {
      in_cell = false;
      finish_cell();
    } else if (name == "row" && in_row) {
      in_row = false;
      finish_row();
    }
  }

  void cell_error(std::string why) {
    if (row.record.error.empty()) {
      row.record.error = std::move(why);
      row.record.error_column = column;
    }
  }

  void finish_cell() {
    std::string text;
    bool numeric = false;
    if (type == "s") {
      auto i = parse_unsigned(trim(value));
      if (!i || *i >= strings.size())
        return cell_error(trf("cell {}{} names shared string {}, and the workbook has {}; it is damaged: {}",
                                      column_letters(column), row_number, value, strings.size(), tr(kResave)));
      text = std::string(strings.at(*i));
      if (strings.is_overlong(*i)) return overlong(text);
    } else if (type == "inlineStr") {
      text = decode_ooxml_escapes(inline_text);
    } else if (type == "str") {
      text = decode_ooxml_escapes(value);
    } else if (type == "b") {
      text = trim(value) == "1" ? "TRUE" : trim(value) == "0" ? "FALSE" : value;
    } else if (type == "e") {
      return cell_error(trf("cell {}{} holds the error {} (its formula could not be computed); correct it in "
                                    "Excel or WPS",
                                    column_letters(column), row_number, trim(value)));
    } else if (type == "d") {  // ISO 8601, written by some tools: 2026-11-02T09:58:00
      text = trim(value);
      if (size_t t = text.find('T'); t != std::string::npos) text[t] = ' ';
      if (!text.empty() && text.back() == 'Z') text.pop_back();
    } else {
      std::string v = trim(value);
      if (v.empty()) {
        if (has_formula && !has_value)
          return cell_error(trf("cell {}{} holds the formula ={} without a saved result (the workbook was "
                                        "written by a program that does not calculate); open it in Excel or WPS and "
                                        "save it",
                                        column_letters(column), row_number, formula));
        return;  // a styled empty cell
      }
      double d = 0;
      auto r = std::from_chars(v.data(), v.data() + v.size(), d);
      if (r.ec != std::errc() || r.ptr != v.data() + v.size())
        return cell_error(trf("cell {}{}: '{}' is not a number though the cell says it is; the workbook is "
                                      "damaged: {}",
                                      column_letters(column), row_number, v.substr(0, 40), tr(kResave)));
      DateFormat f = style >= 0 ? styles[static_cast<size_t>(style)] : DateFormat{};
      if (f.any()) {
        std::string why;
        text = xlsx_date_text(d, date1904, f, &why);
        if (text.empty()) return cell_error(trf("cell {}{} is formatted as a date, but {}", column_letters(column), row_number, why));
      } else {
        text = xlsx_number_text(d);
        numeric = true;
      }
    }
    if (text.size() > limits.max_field_bytes) return overlong(text);
    if (text.empty()) return;
    if (column > limits.max_columns) {
      if (row.record.error.empty())
        cell_error(trf("more than {0} columns (the rejects file holds the first {0}); a customer list has a few",
                               limits.max_columns));
      return;
    }
    row_bytes += text.size();
    if (row_bytes > 4 * limits.max_field_bytes) {
      cell_error(trf("the row is longer than {} in all (4 × import.max_field_bytes)",
                             byte_count(4 * limits.max_field_bytes)));
      return;
    }
    store(std::move(text), numeric);
  }
  void overlong(std::string& text) {
    text.resize(whole_utf8_prefix(std::string_view(text).substr(0, limits.max_field_bytes)));
    cell_error(trf("the cell is longer than {} (import.max_field_bytes); the rejects file holds its start",
                           byte_count(limits.max_field_bytes)));
    if (column <= limits.max_columns) store(std::move(text), false);
  }
  void store(std::string text, bool numeric) {
    auto& f = row.record.fields;
    if (f.size() < column) {
      f.resize(column);
      row.numeric.resize(column);
    }
    f[column - 1] = std::move(text);
    row.numeric[column - 1] = numeric;
  }

  void finish_row() {
    auto& f = row.record.fields;
    while (!f.empty() && trim(f.back()).empty()) f.pop_back();  // trailing empty columns
    row.numeric.resize(f.size());
    if (f.empty() && row.record.error.empty()) return;  // an empty row
    ready.push_back(std::move(row));
  }

  bool next(SheetRow& out) {
    while (ready.empty())
      if (!parser->pump() && ready.empty()) return false;
    out = std::move(ready.front());
    ready.pop_front();
    if (first_row) {
      first_row = false;
      if (is_title(out)) {
        title = out.record.fields.back();
        return next(out);
      }
    }
    return true;
  }

  // A first row holding one cell merged across several columns is the sheet's title
  // ("2026年活动签到表") above the header. Only then is the sheet read twice, for its merges.
  bool is_title(const SheetRow& first) {
    size_t filled = 0;
    for (const auto& v : first.record.fields) filled += trim(v).empty() ? 0 : 1;
    if (filled != 1 || !first.record.error.empty()) return false;
    PartStream again(*archive, sheet_part);
    MergeHandler merges;
    XmlParser scan(again, merges, file);
    scan.set_tag_limit(limits.max_tag_bytes());
    scan.parse_all();
    auto col = static_cast<std::uint32_t>(first.record.fields.size());
    for (const auto& m : merges.horizontal)
      if (m.row == first.record.line && m.first_column == col) return true;
    return false;
  }
};

namespace {
std::unique_ptr<XlsxReader::Impl> make_impl(std::string name, XlsxLimits limits) {
  auto impl = std::make_unique<XlsxReader::Impl>();
  impl->file = std::move(name);
  impl->limits = limits;
  return impl;
}
[[noreturn]] void not_an_archive(const std::string& file, zip_error_t& error) {
  std::string why = zip_library().error_strerror(&error);
  zip_library().error_fini(&error);
  fail_invalid("{}: cannot be opened as an Excel workbook (.xlsx is a zip archive): {}; the file is damaged or cut "
               "short: {}",
               file, why, tr(kResave));
}
}  // namespace

std::unique_ptr<XlsxReader> XlsxReader::open_file(const std::string& path, std::string display_name,
                                                  std::optional<std::string> sheet, XlsxLimits limits) {
  auto impl = make_impl(std::move(display_name), limits);
  int code = 0;
  zip_t* zip = zip_library().open(path.c_str(), ZIP_RDONLY | ZIP_CHECKCONS, &code);
  if (!zip) {
    zip_error_t error;
    zip_library().error_init_with_code(&error, code);
    not_an_archive(impl->file, error);
  }
  impl->open(zip, std::move(sheet));
  return std::unique_ptr<XlsxReader>(new XlsxReader(std::move(impl)));
}

std::unique_ptr<XlsxReader> XlsxReader::open_memory(std::string_view bytes, std::string display_name,
                                                    std::optional<std::string> sheet, XlsxLimits limits) {
  auto impl = make_impl(std::move(display_name), limits);
  zip_error_t error;
  zip_library().error_init(&error);
  zip_source_t* source = zip_library().source_buffer_create(bytes.data(), bytes.size(), 0, &error);
  if (!source) not_an_archive(impl->file, error);
  zip_t* zip = zip_library().open_from_source(source, ZIP_RDONLY | ZIP_CHECKCONS, &error);
  if (!zip) {
    zip_library().source_free(source);
    not_an_archive(impl->file, error);
  }
  zip_library().error_fini(&error);
  impl->open(zip, std::move(sheet));
  return std::unique_ptr<XlsxReader>(new XlsxReader(std::move(impl)));
}

XlsxReader::XlsxReader(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
XlsxReader::~XlsxReader() {
  // The parser and stream go before the archive they read.
  impl_->parser.reset();
  impl_->stream.reset();
}
const std::string& XlsxReader::sheet_name() const { return impl_->sheet_name; }
const std::vector<std::string>& XlsxReader::sheet_names() const { return impl_->sheet_names; }
bool XlsxReader::next(SheetRow& row) { return impl_->next(row); }
std::uint64_t XlsxReader::sheet_bytes_read() const { return impl_->stream->bytes_read(); }
std::uint64_t XlsxReader::sheet_bytes() const { return impl_->stream->declared(); }
const std::string& XlsxReader::skipped_title() const { return impl_->title; }
std::uint32_t XlsxReader::declared_rows() const { return impl_->declared_rows; }

std::vector<SheetRow> read_xlsx(std::string_view bytes, std::optional<std::string> sheet, XlsxLimits limits) {
  auto reader = XlsxReader::open_memory(bytes, "workbook.xlsx", std::move(sheet), limits);
  std::vector<SheetRow> rows;
  for (SheetRow row; reader->next(row);) rows.push_back(std::move(row));
  return rows;
}

bool is_workbook_file(const std::string& path) {
  if (path == "-") return false;
  struct stat st {};
  if (::stat(path.c_str(), &st) != 0 || !S_ISREG(st.st_mode)) return false;
  std::FILE* f = std::fopen(path.c_str(), "rb");
  if (!f) return false;
  char head[kZipSignature.size()] = {};
  bool zip = std::fread(head, 1, sizeof head, f) == sizeof head && std::string_view(head, sizeof head) == kZipSignature;
  std::fclose(f);
  return zip;
}

}  // namespace csdesk
