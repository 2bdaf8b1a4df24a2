# What libtax_c.so needs and exports, run by ctest with cmake -P (and by the install test on the
# installed copy):
#   - readelf -d: the SONAME libtax_c.so.<C API version>; NEEDED only the C and C++ runtimes
#     (libc, libm, libgcc_s, libstdc++, ld-linux), plus libyaml-cpp and sanitizer runtimes
#     (libasan, libubsan, ...) when SELF_CONTAINED is OFF;
#   - ldd: every NEEDED entry resolves;
#   - nm -D --defined-only: only libtax_* functions and the version node (LIBTAX_C_<n>).
# Inputs: LIB (path of the library), SOVERSION, SELF_CONTAINED (ON/OFF).
cmake_minimum_required(VERSION 3.20)
foreach(v LIB SOVERSION)
  if(NOT DEFINED ${v})
    message(FATAL_ERROR "${v} is not set")
  endif()
endforeach()

include("${CMAKE_CURRENT_LIST_DIR}/run_command.cmake")  # run()

set(allowed "^(libc\\.so\\.6|libm\\.so\\.6|libgcc_s\\.so\\.1|libstdc\\+\\+\\.so\\.6|ld-linux[-a-z0-9_]*\\.so\\.[0-9]+)$")
if(NOT SELF_CONTAINED)  # also yaml-cpp, and a sanitizer build's runtimes
  set(allowed "^(libc\\.so\\.6|libm\\.so\\.6|libgcc_s\\.so\\.1|libstdc\\+\\+\\.so\\.6|ld-linux[-a-z0-9_]*\\.so\\.[0-9]+|libyaml-cpp\\.so\\.[0-9.]+|lib(a|t|l|ub|hwa)san\\.so\\.[0-9]+)$")
endif()

run(readelf -d "${LIB}")
set(dynamic "${RUN_OUTPUT}")
if(NOT dynamic MATCHES "\\(SONAME\\)[^\n]*\\[libtax_c\\.so\\.${SOVERSION}\\]")
  message(FATAL_ERROR "${LIB}: SONAME is not libtax_c.so.${SOVERSION}:\n${dynamic}")
endif()
string(REGEX MATCHALL "\\(NEEDED\\)[^\n]*\\[[^]\n]+\\]" needed_lines "${dynamic}")
if(NOT needed_lines)
  message(FATAL_ERROR "${LIB}: no NEEDED entries found in readelf -d:\n${dynamic}")
endif()
foreach(line IN LISTS needed_lines)
  string(REGEX REPLACE ".*\\[([^]]+)\\]$" "\\1" name "${line}")
  if(NOT name MATCHES "${allowed}")
    message(FATAL_ERROR "${LIB} needs ${name}: only the C and C++ runtimes are allowed (SELF_CONTAINED=${SELF_CONTAINED})\n${dynamic}")
  endif()
  message(STATUS "NEEDED ${name}")
endforeach()

run(ldd "${LIB}")
if(RUN_OUTPUT MATCHES "not found")
  message(FATAL_ERROR "${LIB}: a dependency does not resolve:\n${RUN_OUTPUT}")
endif()

run(nm -D --defined-only "${LIB}")
string(REPLACE "\n" ";" symbols "${RUN_OUTPUT}")
set(exported 0)
foreach(line IN LISTS symbols)
  if(line STREQUAL "")
    continue()
  endif()
  string(REGEX REPLACE "^[0-9a-fA-F]* *[A-Za-z] " "" name "${line}")
  string(REGEX REPLACE "@.*$" "" name "${name}")
  if(name MATCHES "^LIBTAX_C_[0-9]+$")
    continue()
  endif()
  if(NOT SELF_CONTAINED AND name MATCHES "^__(asan|ubsan|lsan|tsan|sanitizer)_")
    continue()  # what a sanitizer's instrumentation adds, not the library's
  endif()
  if(NOT name MATCHES "^libtax_[A-Za-z0-9_]+$")
    message(FATAL_ERROR "${LIB} exports ${name} (only libtax_* and the version node may be exported)")
  endif()
  math(EXPR exported "${exported} + 1")
endforeach()
if(exported LESS 10)
  message(FATAL_ERROR "${LIB} exports only ${exported} libtax_* functions:\n${RUN_OUTPUT}")
endif()
message(STATUS "${LIB}: ${exported} libtax_* functions exported, NEEDED only runtimes")
