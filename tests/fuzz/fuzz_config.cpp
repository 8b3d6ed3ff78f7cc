// libFuzzer target: the config loader (TOML through Config::load_file) never crashes and
// rejects only with csdesk::Error naming the file.
#include <unistd.h>

#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>

#include "config/config.hpp"
#include "util/error.hpp"

using namespace csdesk;

namespace {
std::string config_path;
}

extern "C" int LLVMFuzzerInitialize(int*, char***) {
  const char* dir = std::getenv("TMPDIR");
  config_path = std::string(dir && *dir ? dir : "/tmp") + "/csdesk-fuzz-config-" + std::to_string(::getpid()) + ".toml";
  return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  std::FILE* f = std::fopen(config_path.c_str(), "wb");
  if (!f) std::abort();
  std::fwrite(data, 1, size, f);
  std::fclose(f);
  try {
    Config config;
    config.load_file(config_path);
  } catch (const Error& e) {
    if (std::string(e.what()).find(config_path) == std::string::npos) std::abort();
  }
  return 0;
}
