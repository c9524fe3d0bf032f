# Embeds db/migrations/*.sql and db/queries/<group>/<name>.sql into the binary,
# so the server needs no files at run time. Each query is prepared under the
# name "<group>/<name>" and named in C++ by its typed handle
# sql::<group>::<name> from the generated db/queries.h.
set(STYLIST_SQL_GEN ${CMAKE_BINARY_DIR}/gen/stylist_sql.cc)
set(STYLIST_SQL_HEADER ${CMAKE_BINARY_DIR}/gen/db/queries.h)
file(GLOB STYLIST_MIGRATIONS CONFIGURE_DEPENDS ${CMAKE_SOURCE_DIR}/db/migrations/*.sql)
file(GLOB_RECURSE STYLIST_QUERIES CONFIGURE_DEPENDS ${CMAKE_SOURCE_DIR}/db/queries/*.sql)
add_custom_command(
  OUTPUT ${STYLIST_SQL_GEN} ${STYLIST_SQL_HEADER}
  COMMAND ${CMAKE_COMMAND} -DOUT=${STYLIST_SQL_GEN} -DHEADER=${STYLIST_SQL_HEADER} -DROOT=${CMAKE_SOURCE_DIR}/db
          -P ${CMAKE_SOURCE_DIR}/cmake/GenerateSql.cmake
  DEPENDS ${STYLIST_MIGRATIONS} ${STYLIST_QUERIES} ${CMAKE_SOURCE_DIR}/cmake/GenerateSql.cmake
  COMMENT "embedding SQL files"
  VERBATIM)
add_library(stylist_sql STATIC ${STYLIST_SQL_GEN} ${STYLIST_SQL_HEADER})
target_include_directories(stylist_sql PUBLIC ${CMAKE_SOURCE_DIR}/server/src ${CMAKE_BINARY_DIR}/gen)
