# Warnings for our own targets only (generated code is compiled without them).
add_library(stylist_warnings INTERFACE)
target_compile_options(stylist_warnings INTERFACE
  -Wall -Wextra -Wpedantic -Wshadow -Wnon-virtual-dtor -Wold-style-cast
  -Wcast-align -Wunused -Woverloaded-virtual -Wnull-dereference
  -Wimplicit-fallthrough -Wformat=2)
