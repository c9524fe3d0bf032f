// stylist-fake-s3: the tests' fake S3 bucket (fake_s3.h: SigV4 and
// presigned URLs checked) as a program, for the edge's end-to-end tests of
// photo redirects. Usage: stylist-fake-s3 BUCKET ACCESS_KEY_ID SECRET.
// Prints its endpoint and serves until stdin closes or it is killed.
#include <iostream>
#include <string>

#include "fake_s3.h"

int main(int argc, char** argv) {
  if (argc != 4) {
    std::cerr << "usage: stylist-fake-s3 BUCKET ACCESS_KEY_ID SECRET\n";
    return 2;
  }
  stylist::testing::FakeS3 s3(argv[1], argv[2], argv[3]);
  std::cout << s3.endpoint() << std::endl;
  std::string line;
  while (std::getline(std::cin, line)) {
  }
  return 0;
}
