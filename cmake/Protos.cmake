# Generates C++ for protos/stylist/v1 (and the googleapis files it imports)
# at build time. The googleapis .proto files are fetched, not committed.
set(STYLIST_PROTO_ROOT ${CMAKE_SOURCE_DIR}/protos)
set(STYLIST_GOOGLEAPIS_ROOT ${CMAKE_SOURCE_DIR}/third_party/googleapis)
if(NOT EXISTS ${STYLIST_GOOGLEAPIS_ROOT}/google/api/annotations.proto)
  execute_process(
    COMMAND ${CMAKE_SOURCE_DIR}/tools/fetch-googleapis-protos.sh ${STYLIST_GOOGLEAPIS_ROOT}
    RESULT_VARIABLE fetch_result)
  if(NOT fetch_result EQUAL 0)
    message(FATAL_ERROR "could not fetch the googleapis protos (tools/fetch-googleapis-protos.sh)")
  endif()
endif()

file(GLOB STYLIST_PROTOS CONFIGURE_DEPENDS ${STYLIST_PROTO_ROOT}/stylist/v1/*.proto)
set(GOOGLEAPIS_PROTOS
  ${STYLIST_GOOGLEAPIS_ROOT}/google/api/annotations.proto
  ${STYLIST_GOOGLEAPIS_ROOT}/google/api/http.proto
  ${STYLIST_GOOGLEAPIS_ROOT}/google/api/field_behavior.proto
  ${STYLIST_GOOGLEAPIS_ROOT}/google/rpc/status.proto
  ${STYLIST_GOOGLEAPIS_ROOT}/google/rpc/error_details.proto
  ${STYLIST_GOOGLEAPIS_ROOT}/google/rpc/code.proto
  ${STYLIST_GOOGLEAPIS_ROOT}/google/type/date.proto
  ${STYLIST_GOOGLEAPIS_ROOT}/google/type/money.proto
  ${STYLIST_GOOGLEAPIS_ROOT}/google/type/latlng.proto)

set(PROTO_OUT ${CMAKE_BINARY_DIR}/gen)
file(MAKE_DIRECTORY ${PROTO_OUT})
get_target_property(GRPC_CPP_PLUGIN gRPC::grpc_cpp_plugin LOCATION)

set(PROTO_SRCS)
function(stylist_generate proto root with_grpc)
  file(RELATIVE_PATH rel ${root} ${proto})
  string(REGEX REPLACE "\\.proto$" "" base ${rel})
  set(outs ${PROTO_OUT}/${base}.pb.cc ${PROTO_OUT}/${base}.pb.h)
  set(args --cpp_out=${PROTO_OUT})
  if(with_grpc)
    list(APPEND outs ${PROTO_OUT}/${base}.grpc.pb.cc ${PROTO_OUT}/${base}.grpc.pb.h)
    list(APPEND args --grpc_out=${PROTO_OUT} --plugin=protoc-gen-grpc=${GRPC_CPP_PLUGIN})
  endif()
  add_custom_command(
    OUTPUT ${outs}
    COMMAND protobuf::protoc ${args} -I ${STYLIST_PROTO_ROOT} -I ${STYLIST_GOOGLEAPIS_ROOT}
            -I ${Protobuf_INCLUDE_DIRS} ${proto}
    DEPENDS ${proto} protobuf::protoc
    COMMENT "protoc ${rel}"
    VERBATIM)
  set(PROTO_SRCS ${PROTO_SRCS} ${outs} PARENT_SCOPE)
endfunction()

foreach(p ${STYLIST_PROTOS})
  stylist_generate(${p} ${STYLIST_PROTO_ROOT} TRUE)
endforeach()
foreach(p ${GOOGLEAPIS_PROTOS})
  stylist_generate(${p} ${STYLIST_GOOGLEAPIS_ROOT} FALSE)
endforeach()

add_library(stylist_proto STATIC ${PROTO_SRCS})
target_include_directories(stylist_proto SYSTEM PUBLIC ${PROTO_OUT})
target_link_libraries(stylist_proto PUBLIC protobuf::libprotobuf gRPC::grpc++)
