#pragma once
// Lower-case hex of bytes and back: how the audit key is written, in its file and in a server.
#include <optional>
#include <string>
#include <string_view>

namespace csdesk {

std::string to_hex(std::string_view bytes);
// nullopt unless `hex` is an even number of lower-case hex digits.
std::optional<std::string> from_hex(std::string_view hex);

}  // namespace csdesk
