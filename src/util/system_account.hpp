#pragma once
// The OS account csdesk runs as: its real uid, which a setgid install does not change, so it is who
// started csdesk whatever group the binary runs with.
#include <string>

namespace csdesk {

// The account name of the real uid (from the password database), or its number when it has none.
std::string real_account_name();

}  // namespace csdesk
