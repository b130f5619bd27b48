// Every benchmark tool's main: an exception ends the tool with its message and
// exit code 1, where escaping main would abort without a word.
#pragma once

#include <exception>
#include <iostream>
#include <string_view>

namespace tanzim::bench {

// Runs `run(argc, argv)`, the tool's real main, for the tool named `tool`.
inline int GuardedMain(std::string_view tool, int (*run)(int, char**), int argc,
                       char** argv) noexcept {
  try {
    try {
      return run(argc, argv);
    } catch (const std::exception& e) {
      std::cerr << tool << ": " << e.what() << '\n';
    } catch (...) {
      std::cerr << tool << ": unexpected failure\n";
    }
  } catch (...) {  // the message itself could not be written
  }
  return 1;
}

}  // namespace tanzim::bench
