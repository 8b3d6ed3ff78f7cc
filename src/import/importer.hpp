#pragma once
// Batch import of a customer file: bytes → UTF-8 → CSV records → checked contacts → Registrar,
// or a workbook's sheet → rows of cells → the same checks. Streams: memory does not grow with the
// file. The caller owns the transaction (one per import).
#include <cstddef>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "import/csv.hpp"
#include "import/encoding.hpp"
#include "import/xlsx.hpp"
#include "store/customers.hpp"

namespace csdesk {

struct ImportOptions {
  std::string source_name;            // file name or "stdin", for messages
  std::optional<Encoding> encoding;   // forced; else detected
  std::vector<std::string> maps;      // --map SOURCE=field
  CsvLimits limits;                   // import.max_field_bytes
};

struct ImportSummary {
  std::int64_t rows_read = 0, created = 0, returning = 0, merged_in_file = 0, rejected = 0;
  std::int64_t possible_duplicates = 0;  // rows naming keys of two customers (see RegisterResult)
  std::int64_t bytes = 0;  // read from the source
  std::string sha256;      // of those bytes, for the import's audit row
  Encoding encoding = Encoding::utf8;
  char delimiter = ',';
  std::string format = "csv";  // csv, tsv or xlsx
  std::vector<std::string> ignored_columns;
};

struct RejectedRow {
  std::size_t line = 0;
  std::string column;  // header of the column at fault, or "" for the whole row
  std::string reason;
  std::vector<std::string> fields;  // as read, for the rejects file
};

class Importer {
 public:
  struct ByteSource {
    // Reads raw bytes into `buffer`, up to `capacity`; 0 at the end.
    std::function<std::size_t(char* buffer, std::size_t capacity)> read;
    // Encoding detection may read the whole file first; then the importer calls rewind (back to the
    // first byte), else release (no rewind will come), once. A source that cannot seek, like stdin,
    // keeps a copy of what it gave until then.
    std::function<void()> rewind, release;
  };
  // Rows of cells already read (a workbook's sheet): the header first, then the rows.
  struct RowSource {
    std::function<bool(SheetRow& row)> next;
    std::function<std::size_t()> bytes_read;  // how far through the file, for progress
    std::int64_t bytes = 0;                   // the file's size and SHA-256, for the import's audit row
    std::string sha256;
    std::string format;                       // for the summary: "xlsx"
  };
  Importer(ByteSource source, ImportOptions options);
  Importer(RowSource rows, ImportOptions options);
  ~Importer();

  // Reads the header row and matches its columns. Throws invalid (exit 3) when the file cannot be read as a customer list.
  const std::vector<std::string>& headers();
  // Registers every good row; bad rows go to on_reject, rows naming keys of another customer than
  // the one matched to on_possible_duplicate (with their line). on_progress gets the raw bytes read so far.
  ImportSummary run(Registrar& registrar, Epoch now, const std::function<void(const RejectedRow&)>& on_reject,
                    const std::function<void(std::size_t line, const RegisterResult&)>& on_possible_duplicate,
                    const std::function<void(std::size_t)>& on_progress);

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

// Why the encoding of `source_name` could not be decided, naming the --encoding choices.
std::string undecided_encoding_message(const Detection& d, const std::string& source_name);

// The rows of a workbook's sheet for the importer, with the file's size and SHA-256 (read here
// once, for the audit row) and progress in bytes of the file.
Importer::RowSource workbook_rows(std::shared_ptr<XlsxReader> reader, const std::string& path);

}  // namespace csdesk
