# Provides the IMPORTED target pg_query::pg_query: libpg_query, PostgreSQL 15's parser as a
# library (Debian's libpg-query-dev). The static archive is preferred, so that the sqlflow binary
# needs no libpg_query at run time.
find_path(PG_QUERY_INCLUDE_DIR pg_query.h)
find_library(PG_QUERY_LIBRARY NAMES libpg_query.a pg_query)
if(NOT PG_QUERY_INCLUDE_DIR OR NOT PG_QUERY_LIBRARY)
  message(FATAL_ERROR "libpg_query (pg_query.h, libpg_query) not found: install the Debian "
                      "package libpg-query-dev (scripts/install_deps.sh does), or set "
                      "PG_QUERY_INCLUDE_DIR and PG_QUERY_LIBRARY")
endif()
add_library(pg_query::pg_query UNKNOWN IMPORTED)
set_target_properties(pg_query::pg_query PROPERTIES
  IMPORTED_LOCATION "${PG_QUERY_LIBRARY}"
  INTERFACE_INCLUDE_DIRECTORIES "${PG_QUERY_INCLUDE_DIR}")
