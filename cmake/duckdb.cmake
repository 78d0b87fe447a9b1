# Provides the IMPORTED target duckdb::duckdb (libduckdb.so + duckdb.h).
#
# With -DDUCKDB_ROOT=<dir> (a dir holding include/duckdb.h and lib/libduckdb.so, or both files
# side by side) that install is used. Otherwise DuckDB's prebuilt library and header are fetched
# once from the npm registry (the only registry that publishes both for this machine), pinned by
# version and verified by sha512, into a git-ignored cache.

set(SQLFLOW_DUCKDB_VERSION "1.4.4")
set(_lib_pkg "@duckdb/node-bindings-linux-x64@1.4.4-r.4")
set(_lib_tgz "duckdb-node-bindings-linux-x64-1.4.4-r.4.tgz")
set(_lib_sha512 "8c14cbfd6bdfc312d3a056bfa551df4fa7a532d96d2469dcdf04aec590fd39f325b62b7d614755152dfbbc1150cd7313d59f0e5a3b528cc87eccf2b13b01cb1c")
set(_hdr_pkg "duckdb@1.4.4")
set(_hdr_tgz "duckdb-1.4.4.tgz")
set(_hdr_sha512 "844249e61c9517454b8f776638ba6c5ab411d1bddde1892ab72826ea25178c72430e74aa83f5122b171be6abcdace84560f824b5ac94e9d5c2b603ea7269a9a2")

set(DUCKDB_ROOT "" CACHE PATH "An existing DuckDB install (include/duckdb.h, lib/libduckdb.so)")
set(SQLFLOW_CACHE_DIR "${PROJECT_SOURCE_DIR}/.cache" CACHE PATH "Where downloads are kept")

function(_sqlflow_npm_fetch pkg tgz sha512 dest)
  set(_tgz_path "${dest}/${tgz}")
  if(EXISTS "${_tgz_path}")
    file(SHA512 "${_tgz_path}" _have)
    if(NOT _have STREQUAL sha512)
      file(REMOVE "${_tgz_path}")
    endif()
  endif()
  if(NOT EXISTS "${_tgz_path}")
    find_program(NPM_EXECUTABLE npm REQUIRED)
    message(STATUS "Fetching ${pkg} from the npm registry")
    execute_process(
      COMMAND "${NPM_EXECUTABLE}" pack "${pkg}" --pack-destination "${dest}" --silent
      WORKING_DIRECTORY "${dest}"
      RESULT_VARIABLE _rc OUTPUT_QUIET)
    if(NOT _rc EQUAL 0 OR NOT EXISTS "${_tgz_path}")
      message(FATAL_ERROR "npm pack ${pkg} failed (${_rc}). Pass -DDUCKDB_ROOT=<dir> to use a "
                          "DuckDB install instead.")
    endif()
    file(SHA512 "${_tgz_path}" _have)
    if(NOT _have STREQUAL sha512)
      file(REMOVE "${_tgz_path}")
      message(FATAL_ERROR "${tgz}: sha512 mismatch (got ${_have}); refusing to use it.")
    endif()
  endif()
endfunction()

if(DUCKDB_ROOT)
  find_path(_duckdb_include duckdb.h PATHS "${DUCKDB_ROOT}" "${DUCKDB_ROOT}/include" NO_DEFAULT_PATH)
  find_library(_duckdb_lib duckdb PATHS "${DUCKDB_ROOT}" "${DUCKDB_ROOT}/lib" NO_DEFAULT_PATH)
  if(NOT _duckdb_include OR NOT _duckdb_lib)
    message(FATAL_ERROR "DUCKDB_ROOT=${DUCKDB_ROOT} holds no duckdb.h and libduckdb.so")
  endif()
  set(DUCKDB_INCLUDE_DIR "${_duckdb_include}")
  set(DUCKDB_LIBRARY "${_duckdb_lib}")
else()
  set(_dir "${SQLFLOW_CACHE_DIR}/duckdb-${SQLFLOW_DUCKDB_VERSION}")
  set(DUCKDB_INCLUDE_DIR "${_dir}/include")
  set(DUCKDB_LIBRARY "${_dir}/lib/libduckdb.so")
  if(NOT EXISTS "${DUCKDB_LIBRARY}" OR NOT EXISTS "${DUCKDB_INCLUDE_DIR}/duckdb.h")
    file(MAKE_DIRECTORY "${_dir}/download" "${_dir}/include" "${_dir}/lib")
    _sqlflow_npm_fetch("${_lib_pkg}" "${_lib_tgz}" "${_lib_sha512}" "${_dir}/download")
    _sqlflow_npm_fetch("${_hdr_pkg}" "${_hdr_tgz}" "${_hdr_sha512}" "${_dir}/download")
    file(ARCHIVE_EXTRACT INPUT "${_dir}/download/${_lib_tgz}" DESTINATION "${_dir}/x"
         PATTERNS "package/libduckdb.so")
    file(ARCHIVE_EXTRACT INPUT "${_dir}/download/${_hdr_tgz}" DESTINATION "${_dir}/x"
         PATTERNS "package/src/duckdb/src/include/duckdb.h")
    file(RENAME "${_dir}/x/package/libduckdb.so" "${DUCKDB_LIBRARY}")
    file(RENAME "${_dir}/x/package/src/duckdb/src/include/duckdb.h" "${DUCKDB_INCLUDE_DIR}/duckdb.h")
    file(REMOVE_RECURSE "${_dir}/x" "${_dir}/download")
  endif()
endif()

add_library(duckdb::duckdb SHARED IMPORTED GLOBAL)
set_target_properties(duckdb::duckdb PROPERTIES
  IMPORTED_LOCATION "${DUCKDB_LIBRARY}"
  INTERFACE_INCLUDE_DIRECTORIES "${DUCKDB_INCLUDE_DIR}")
message(STATUS "DuckDB: ${DUCKDB_LIBRARY}")
