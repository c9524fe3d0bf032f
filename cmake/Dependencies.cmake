# Every library comes from Debian packages (see tools/install-deps.sh).
find_package(Threads REQUIRED)
find_package(Protobuf REQUIRED)
find_package(gRPC CONFIG REQUIRED)
find_package(PkgConfig REQUIRED)
pkg_check_modules(PQXX REQUIRED IMPORTED_TARGET libpqxx)
pkg_check_modules(SODIUM REQUIRED IMPORTED_TARGET libsodium)
find_package(OpenSSL REQUIRED)
find_package(nlohmann_json REQUIRED)
find_package(CURL REQUIRED)
# JWT signatures of external identity providers (Debian's libcpp-jwt-dev).
find_package(cpp-jwt CONFIG REQUIRED)
# Prometheus metrics (Debian's prometheus-cpp-dev): the registry and the
# /metrics listener.
find_package(prometheus-cpp CONFIG REQUIRED)
if(STYLIST_BUILD_TESTS)
  find_package(GTest REQUIRED)
endif()

# OpenCV from Debian's per-module packages (libopencv-{core,imgproc,imgcodecs,objdetect}-dev),
# which ship neither CMake config nor pkg-config files: found by hand. Only
# the few translation units that decode images include its headers.
find_path(OPENCV_INCLUDE_DIR opencv2/core.hpp PATH_SUFFIXES opencv4 REQUIRED)
add_library(stylist_opencv INTERFACE)
target_include_directories(stylist_opencv SYSTEM INTERFACE ${OPENCV_INCLUDE_DIR})
foreach(module core imgproc imgcodecs objdetect)
  find_library(OPENCV_${module}_LIBRARY NAMES opencv_${module} REQUIRED)
  target_link_libraries(stylist_opencv INTERFACE ${OPENCV_${module}_LIBRARY})
endforeach()
