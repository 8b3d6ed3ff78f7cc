#pragma once
// The digit automaton for mainland-China national numbers, generated at build time from
// libphonenumber's metadata by tools/phone_tables.cpp (see src/rules/phone.cpp).
#include <cstddef>
#include <cstdint>

namespace csdesk::phone_tables {

// libphonenumber's number descriptions for CN, in the order GetNumberType tries them.
enum Desc : unsigned {
  general, premium_rate, toll_free, shared_cost, voip, personal_number, pager, uan, voicemail, fixed_line, mobile,
};
inline constexpr std::size_t kDescCount = mobile + 1;

// State 0 is dead, 1 the start. matches: bit d set when description d's pattern matches a
// number that ends in this state.
struct State {
  std::uint16_t next[10];
  std::uint16_t matches;
};

extern const std::uint16_t kLengths[kDescCount];  // bit n: description d allows n digits
extern const std::uint16_t kLocalLengths;         // lengths dialled without the area code only
extern const std::size_t kStateCount;
extern const State kStates[];

}  // namespace csdesk::phone_tables
