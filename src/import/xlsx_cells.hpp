#pragma once
// What a workbook cell holds, as text a customer field reads: the pure rules of the .xlsx reader
// (numbers, Excel's date serials, number formats, OOXML's _xHHHH_ escapes), apart from the archive
// and the XML so that unit tests call them with plain values.
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace csdesk {

// A number as a person typed it: 13912345678, not 1.3912345678E10 or 13912345678.0; a fraction in
// the fewest digits that read back as the same double (0.1, 3.25), never with an exponent.
std::string xlsx_number_text(double value);

// Which parts of a date a number format shows. Built-in ids: 14-22 and 45-47 everywhere, 27-36
// and 50-58 in Chinese, Japanese and Korean Excel (yyyy"年"m"月"d"日", h"时"mm"分").
struct DateFormat {
  bool date = false, time = false;
  bool any() const { return date || time; }
};
DateFormat builtin_date_format(int format_id);
// A custom format code: y, d (and m) outside quotes, escapes and [colour] brackets show a date;
// h and s (and [h], [mm]) a time. "0.00", "General", "@" and "#,##0" show none.
DateFormat date_format_of_code(std::string_view code);

// Excel's date serial (days since 1899-12-30, with its 1900 leap-year day; or since 1904-01-01)
// as "2026-11-02", "09:58", "2026-11-02 09:58" or "…:30" with seconds when there are any, rounded
// to the second. Empty when the serial names no day (negative, past 9999-12-31, or 1900-02-29,
// which Excel counts but which never was); `why` says so then.
std::string xlsx_date_text(double serial, bool date1904, DateFormat format, std::string* why = nullptr);

// OOXML writes characters XML cannot hold as _xHHHH_ (_x000D_ for CR, _x005F_ for '_'): decoded.
std::string decode_ooxml_escapes(std::string_view text);

// "B12" → column 2 (1-based) and row 12; nullopt when it is not a cell reference.
struct CellRef {
  std::uint32_t column = 0, row = 0;
};
std::optional<CellRef> parse_cell_ref(std::string_view ref);
// 28 → "AB": column letters for messages.
std::string column_letters(std::uint32_t column);

}  // namespace csdesk
