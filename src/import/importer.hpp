#pragma once
// Batch import of a customer file: bytes → UTF-8 → CSV records → checked contacts → Registrar.
// Streams: memory does not grow with the file. The caller owns the transaction (one per import).
#include <cstddef>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "import/csv.hpp"
#include "import/encoding.hpp"
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
  Importer(ByteSource source, ImportOptions options);
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

}  // namespace csdesk
