#pragma once
// Flags for every customer field, shared by `register` and `complain new` (which registers an
// unknown customer on the spot) so that both accept and check the same things.
#include <string>
#include <vector>

#include "rules/normalise.hpp"
#include "store/customers.hpp"

namespace CLI {
class App;
}

namespace csdesk {

struct CustomerFlags {
  RawContact raw;
  bool urgent = false;

  // As typed, --urgent included: what normalise_contact takes.
  RawContact typed() const;
  // Normalised and checked; throws InvalidField naming the flag.
  NewContact contact(Epoch now) const;
};

// Adds --name --company --phone --email --qq --wechat --title --pcs --needs --channel --city
// --grade --urgent --contacted-at --consent --birthday --note to a command.
void add_customer_flags(CLI::App* cmd, CustomerFlags& flags);

// One line for each possible duplicate of a registered contact: both customers, the keys they
// share, and the `customer merge` to run if they are one.
std::vector<std::string> duplicate_notes(const RegisterResult& r);

}  // namespace csdesk
