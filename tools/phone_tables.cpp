// Build-time generator: turns libphonenumber's metadata for mainland China (CN, +86) into the
// digit automaton that src/rules/phone.cpp walks, so that csdesk decides what a Chinese phone
// number is exactly as libphonenumber does without linking it (and protobuf, ICU, abseil) into a
// binary that must start fast.
//
// The national-number patterns of CN use a small, loop-free part of regular-expression syntax:
// digits, \d, [..] classes, (?:..|..), groups, ? and {n} / {n,m}. Each is compiled into an NFA
// and all of them together into one DFA over the digits 0-9; every DFA state records which of
// the patterns match a number ending there. The possible lengths of each number type are emitted
// beside it. The parts of the metadata that phone.cpp implements by hand (country code, national
// prefix, carrier codes, international prefix) are checked here: the build fails if they change.
//
//   phone_tables OUTPUT.cpp
#include <phonenumbers/phonemetadata.pb.h>

#include <array>
#include <cstdint>
#include <fstream>
#include <iostream>
#include <map>
#include <memory>
#include <set>
#include <sstream>
#include <stdexcept>
#include <string>
#include <vector>

namespace i18n::phonenumbers {
// Defined in libphonenumber (metadata.cc): the serialised PhoneMetadataCollection.
int metadata_size();
const void* metadata_get();
}  // namespace i18n::phonenumbers

namespace {

using i18n::phonenumbers::PhoneMetadata;
using i18n::phonenumbers::PhoneNumberDesc;
using DigitSet = std::uint16_t;  // bit d: the digit d

struct Node {
  enum Kind { digits, sequence, alternation, repeat };
  explicit Node(Kind k) : kind(k) {}
  Kind kind;
  DigitSet set = 0;                        // digits
  std::vector<std::unique_ptr<Node>> kids;  // sequence, alternation, repeat (one child)
  int min = 1, max = 1;                     // repeat
};

// Recursive descent over the pattern subset; anything else is an error, so that new syntax in
// a future metadata release stops the build instead of being misread.
class Parser {
 public:
  explicit Parser(std::string p) : p_(std::move(p)) {}
  std::unique_ptr<Node> parse() {
    auto n = alternation();
    if (i_ != p_.size()) fail("unexpected character");
    return n;
  }

 private:
  std::string p_;
  size_t i_ = 0;

  [[noreturn]] void fail(const std::string& why) const {
    throw std::runtime_error(why + " at " + std::to_string(i_) + " in pattern " + p_);
  }
  bool at(char c) const { return i_ < p_.size() && p_[i_] == c; }
  int number() {
    if (i_ >= p_.size() || p_[i_] < '0' || p_[i_] > '9') fail("number expected");
    int v = 0;
    while (i_ < p_.size() && p_[i_] >= '0' && p_[i_] <= '9') v = v * 10 + (p_[i_++] - '0');
    return v;
  }
  std::unique_ptr<Node> alternation() {
    auto n = std::make_unique<Node>(Node::alternation);
    n->kids.push_back(sequence());
    while (at('|')) {
      ++i_;
      n->kids.push_back(sequence());
    }
    return n;
  }
  std::unique_ptr<Node> sequence() {
    auto n = std::make_unique<Node>(Node::sequence);
    while (i_ < p_.size() && !at('|') && !at(')')) {
      auto a = atom();
      while (at('?') || at('{')) {
        auto r = std::make_unique<Node>(Node::repeat);
        if (at('?')) {
          ++i_;
          r->min = 0;
          r->max = 1;
        } else {
          ++i_;
          r->min = r->max = number();
          if (at(',')) {
            ++i_;
            r->max = number();
          }
          if (!at('}')) fail("} expected");
          ++i_;
        }
        r->kids.push_back(std::move(a));
        a = std::move(r);
      }
      n->kids.push_back(std::move(a));
    }
    return n;
  }
  std::unique_ptr<Node> atom() {
    char c = p_[i_];
    if (c == '(') {
      ++i_;
      if (p_.compare(i_, 2, "?:") == 0) i_ += 2;
      auto n = alternation();
      if (!at(')')) fail(") expected");
      ++i_;
      return n;
    }
    auto n = std::make_unique<Node>(Node::digits);
    if (c == '\\') {
      if (p_.compare(i_, 2, "\\d") != 0) fail("only \\d is understood");
      i_ += 2;
      n->set = 0x3FF;
    } else if (c == '[') {
      ++i_;
      while (!at(']')) {
        if (i_ >= p_.size() || p_[i_] < '0' || p_[i_] > '9') fail("digit expected in class");
        int lo = p_[i_++] - '0', hi = lo;
        if (at('-')) {
          ++i_;
          if (i_ >= p_.size() || p_[i_] < '0' || p_[i_] > '9') fail("digit expected in range");
          hi = p_[i_++] - '0';
        }
        for (int d = lo; d <= hi; ++d) n->set |= static_cast<DigitSet>(1u << d);
      }
      ++i_;
    } else if (c >= '0' && c <= '9') {
      ++i_;
      n->set = static_cast<DigitSet>(1u << (c - '0'));
    } else {
      fail("unsupported syntax");
    }
    return n;
  }
};

// Thompson NFA: each state has digit edges and epsilon edges.
struct Nfa {
  struct State {
    std::vector<std::pair<DigitSet, int>> edges;
    std::vector<int> epsilon;
  };
  std::vector<State> states;
  int add() {
    states.emplace_back();
    return static_cast<int>(states.size()) - 1;
  }
  // Builds `n` from state `from`; returns the state it ends in.
  int build(const Node& n, int from) {
    switch (n.kind) {
      case Node::digits: {
        int to = add();
        states[from].edges.push_back({n.set, to});
        return to;
      }
      case Node::sequence:
        for (const auto& k : n.kids) from = build(*k, from);
        return from;
      case Node::alternation: {
        int end = add();
        for (const auto& k : n.kids) {
          int start = add();
          states[from].epsilon.push_back(start);
          states[build(*k, start)].epsilon.push_back(end);
        }
        return end;
      }
      case Node::repeat: {
        int end = add();
        for (int i = 0; i < n.max; ++i) {
          if (i >= n.min) states[from].epsilon.push_back(end);
          from = build(*n.kids[0], from);
        }
        states[from].epsilon.push_back(end);
        return end;
      }
    }
    return from;
  }
};

// The descriptions phone.cpp knows, in the order of its PhoneDesc enum.
struct Desc {
  const char* name;
  const PhoneNumberDesc* desc;
};

}  // namespace

int main(int argc, char** argv) try {
  if (argc != 2) {
    std::cerr << "usage: phone_tables OUTPUT.cpp\n";
    return 2;
  }
  i18n::phonenumbers::PhoneMetadataCollection all;
  if (!all.ParseFromArray(i18n::phonenumbers::metadata_get(), i18n::phonenumbers::metadata_size()))
    throw std::runtime_error("libphonenumber's metadata does not parse");
  const PhoneMetadata* cn = nullptr;
  for (const auto& m : all.metadata())
    if (m.id() == "CN") cn = &m;
  if (!cn) throw std::runtime_error("no metadata for CN");

  // What phone.cpp implements by hand.
  auto expect = [](const std::string& what, const std::string& got, const std::string& want) {
    if (got != want)
      throw std::runtime_error("CN " + what + " is '" + got + "', phone.cpp expects '" + want + "': update it");
  };
  expect("country code", std::to_string(cn->country_code()), "86");
  expect("national prefix", cn->national_prefix(), "0");
  expect("national prefix for parsing", cn->national_prefix_for_parsing(), "0|(1(?:[12]\\d|79)\\d\\d)");
  expect("national prefix transform rule", cn->national_prefix_transform_rule(), "");
  expect("international prefix", cn->international_prefix(), "00|1(?:[12]\\d|79)\\d\\d00");
  expect("same mobile and fixed-line pattern", cn->same_mobile_and_fixed_line_pattern() ? "yes" : "no", "no");

  const std::vector<Desc> descs = {
      {"general", &cn->general_desc()},   {"premium_rate", &cn->premium_rate()}, {"toll_free", &cn->toll_free()},
      {"shared_cost", &cn->shared_cost()}, {"voip", &cn->voip()},               {"personal_number", &cn->personal_number()},
      {"pager", &cn->pager()},            {"uan", &cn->uan()},                 {"voicemail", &cn->voicemail()},
      {"fixed_line", &cn->fixed_line()},  {"mobile", &cn->mobile()},
  };

  Nfa nfa;
  int start = nfa.add();
  std::vector<int> accept_of(descs.size(), -1);  // the NFA state in which description i matches
  for (size_t i = 0; i < descs.size(); ++i) {
    const std::string& pattern = descs[i].desc->national_number_pattern();
    if (pattern.empty()) continue;  // libphonenumber never matches an empty pattern
    int begin = nfa.add();
    nfa.states[start].epsilon.push_back(begin);
    accept_of[i] = nfa.build(*Parser(pattern).parse(), begin);
  }

  auto closure = [&](std::set<int> s) {
    std::vector<int> todo(s.begin(), s.end());
    while (!todo.empty()) {
      int x = todo.back();
      todo.pop_back();
      for (int e : nfa.states[x].epsilon)
        if (s.insert(e).second) todo.push_back(e);
    }
    return s;
  };

  // Subset construction. DFA state 0 is the dead state; 1 is the start.
  std::map<std::set<int>, int> ids;
  std::vector<std::set<int>> sets = {{}};
  std::vector<std::array<int, 10>> next = {std::array<int, 10>{}};
  ids[{}] = 0;
  auto id_of = [&](const std::set<int>& s) {
    auto [it, fresh] = ids.try_emplace(s, static_cast<int>(sets.size()));
    if (fresh) {
      sets.push_back(s);
      next.push_back({});
    }
    return it->second;
  };
  id_of(closure({start}));
  for (size_t d = 1; d < sets.size(); ++d) {
    for (int digit = 0; digit < 10; ++digit) {
      std::set<int> to;
      for (int x : sets[d])
        for (const auto& [set, target] : nfa.states[x].edges)
          if (set & (1u << digit)) to.insert(target);
      int t = to.empty() ? 0 : id_of(closure(to));
      next[d][digit] = t;
    }
  }
  if (sets.size() > 65535) throw std::runtime_error("too many DFA states");

  std::ostringstream out;
  out << "// Generated by tools/phone_tables.cpp from libphonenumber's metadata for CN. Do not edit.\n"
         "#include \"rules/phone_tables.hpp\"\n\n"
         "namespace csdesk::phone_tables {\n\n";
  out << "const std::uint16_t kLengths[kDescCount] = {";
  for (size_t i = 0; i < descs.size(); ++i) {
    // possible_length -1: the type does not exist in CN; no lengths listed: any length the
    // general description allows (libphonenumber's IsNumberMatchingDesc).
    unsigned mask = 0;
    const auto& lengths = descs[i].desc->possible_length();
    if (lengths.empty()) mask = 0xFFFF;
    for (int l : lengths)
      if (l > 0 && l < 16) mask |= 1u << l;
    out << (i ? ", " : "") << mask;
  }
  out << "};\n";
  out << "const std::uint16_t kLocalLengths = ";
  unsigned local = 0;
  for (int l : cn->general_desc().possible_length_local_only())
    if (l > 0 && l < 16) local |= 1u << l;
  out << local << ";\n";
  out << "const std::size_t kStateCount = " << sets.size() << ";\n";
  out << "const State kStates[] = {\n";
  for (size_t d = 0; d < sets.size(); ++d) {
    unsigned matches = 0;
    for (size_t i = 0; i < descs.size(); ++i)
      if (accept_of[i] >= 0 && sets[d].count(accept_of[i])) matches |= 1u << i;
    out << "  {{";
    for (int digit = 0; digit < 10; ++digit) out << (digit ? "," : "") << next[d][digit];
    out << "}, " << matches << "},\n";
  }
  out << "};\n\n}  // namespace csdesk::phone_tables\n";

  std::ofstream f(argv[1], std::ios::binary);
  f << out.str();
  if (!f) throw std::runtime_error(std::string("cannot write ") + argv[1]);
  std::cerr << "phone_tables: " << sets.size() << " states from " << descs.size() << " CN descriptions\n";
  return 0;
} catch (const std::exception& e) {
  std::cerr << "phone_tables: " << e.what() << "\n";
  return 1;
}
