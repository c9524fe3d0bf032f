// stylist-fake-llm: the tests' fake OpenAI-compatible provider as a
// program, for the chat benchmark (bench/chat.sh). Prints its base URL and
// serves until stdin closes or it is killed.
#include <iostream>
#include <string>

#include "fake_llm.h"

int main(int argc, char** argv) {
  const int port = argc > 1 ? std::stoi(argv[1]) : 0;
  stylist::testing::FakeLlm llm(port);
  std::cout << llm.base_url() << std::endl;
  std::string line;
  while (std::getline(std::cin, line)) {
  }
  return 0;
}
