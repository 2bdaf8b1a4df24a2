# The "installed package" test, run by ctest with cmake -P:
#   1. cmake --install the build tree into a fresh temporary prefix;
#   2. check the installed layout (headers, library, tables, CMake package, Python package, libtax-calc);
#   3. configure, build and run examples/downstream against that prefix and check its figures;
#   4. import the installed Python package, run the installed libtax-pop, libtax-web and libtax-calc.
# Inputs: BUILD_DIR, SOURCE_DIR, WORK_DIR, C_COMPILER, CXX_COMPILER, PYTHON, C_SELF_CONTAINED.
cmake_minimum_required(VERSION 3.20)
foreach(v BUILD_DIR SOURCE_DIR WORK_DIR)
  if(NOT DEFINED ${v})
    message(FATAL_ERROR "${v} is not set")
  endif()
endforeach()

include("${CMAKE_CURRENT_LIST_DIR}/run_command.cmake")  # run()

function(expect_output needle)
  string(FIND "${RUN_OUTPUT}" "${needle}" at)
  if(at EQUAL -1)
    message(FATAL_ERROR "expected '${needle}' in the output:\n${RUN_OUTPUT}")
  endif()
  message(STATUS "ok: ${needle}")
endfunction()

set(prefix "${WORK_DIR}/prefix")
file(REMOVE_RECURSE "${WORK_DIR}")
file(MAKE_DIRECTORY "${WORK_DIR}")

# 1. install
run(${CMAKE_COMMAND} --install "${BUILD_DIR}" --prefix "${prefix}")

# 2. layout
foreach(rel include/libtax/libtax.hpp include/libtax/c/libtax.h include/libtax/core/money.hpp
            share/libtax/tables/cn/2024.yaml bin/libtax-calc bin/libtax-payroll)
  if(NOT EXISTS "${prefix}/${rel}")
    message(FATAL_ERROR "not installed: ${rel}")
  endif()
endforeach()
file(GLOB_RECURSE config "${prefix}/*/libtaxConfig.cmake")
file(GLOB_RECURSE version "${prefix}/*/libtaxConfigVersion.cmake")
file(GLOB_RECURSE archive "${prefix}/lib*/libtax.a")
file(GLOB_RECURSE pkgconfig "${prefix}/lib*/pkgconfig/libtax_c.pc")
file(GLOB_RECURSE pyinit "${prefix}/lib/python3*/dist-packages/libtax/__init__.py")
list(FILTER pyinit EXCLUDE REGEX "/libtax/.+/__init__\\.py$")   # the package's own, not a sub-package's (libtax/web)
file(GLOB_RECURSE pycore "${prefix}/lib/python3*/dist-packages/libtax/_core*.so")
foreach(v config version archive pkgconfig pyinit pycore)
  if(NOT ${v})
    message(FATAL_ERROR "not installed: ${v}")
  endif()
endforeach()
get_filename_component(pypkg "${pyinit}" DIRECTORY)
foreach(f web/__init__.py web/static/index.html web/static/app.js)   # libtax-web and its page
  if(NOT EXISTS "${pypkg}/${f}")
    message(FATAL_ERROR "not installed: ${pypkg}/${f}")
  endif()
endforeach()
message(STATUS "installed layout ok: ${config}")

# 3. the downstream project
set(ds "${WORK_DIR}/downstream")
set(compilers "")
if(C_COMPILER)
  list(APPEND compilers "-DCMAKE_C_COMPILER=${C_COMPILER}")
endif()
if(CXX_COMPILER)
  list(APPEND compilers "-DCMAKE_CXX_COMPILER=${CXX_COMPILER}")
endif()
run(${CMAKE_COMMAND} -S "${SOURCE_DIR}/examples/downstream" -B "${ds}" -DCMAKE_BUILD_TYPE=Release
    "-DCMAKE_PREFIX_PATH=${prefix}" -DCMAKE_FIND_PACKAGE_NO_PACKAGE_REGISTRY=ON ${compilers})
run(${CMAKE_COMMAND} --build "${ds}")
run("${ds}/downstream")
expect_output("tax 224180.00\n")          # README headline: 1,000,000 wages, 2024
expect_output("share/libtax/tables 224180.00\n")
run("${ds}/downstream_c")
expect_output("c tax fen 22418000\n")

# 3b. the C interface without CMake: pkg-config; the library's dependencies (no Boost: header-only)
#     and SONAME (check_c_library.cmake)
find_program(PKG_CONFIG pkg-config)
if(PKG_CONFIG AND C_COMPILER)
  get_filename_component(pcdir "${pkgconfig}" DIRECTORY)
  run(${CMAKE_COMMAND} -E env "PKG_CONFIG_PATH=${pcdir}" "${PKG_CONFIG}" --cflags --libs libtax_c)
  string(STRIP "${RUN_OUTPUT}" flags)
  separate_arguments(flags UNIX_COMMAND "${flags}")
  run("${C_COMPILER}" "${SOURCE_DIR}/examples/downstream/main.c" ${flags} -o "${WORK_DIR}/main_c_pkgconfig")
  get_filename_component(libdir "${pcdir}" DIRECTORY)
  run(${CMAKE_COMMAND} -E env "LD_LIBRARY_PATH=${libdir}" "${WORK_DIR}/main_c_pkgconfig")
  expect_output("c tax fen 22418000\n")
  # the installed library: SONAME, NEEDED only the C and C++ runtimes, exports only libtax_*
  run(${CMAKE_COMMAND} "-DLIB=${libdir}/libtax_c.so" -DSOVERSION=3 "-DSELF_CONTAINED=${C_SELF_CONTAINED}"
      -P "${SOURCE_DIR}/tests/cpp/embedding/check_c_library.cmake")
  message(STATUS "installed libtax_c.so: dependencies and exports ok")
endif()

# 4. the installed Python package and calculator
if(PYTHON)
  get_filename_component(pydir "${pyinit}" DIRECTORY)
  get_filename_component(pydir "${pydir}" DIRECTORY)
  run(${CMAKE_COMMAND} -E env "PYTHONPATH=${pydir}" "${PYTHON}" -c
      "print('py tax', __import__('libtax').annual_tax(2024, wages=1000000, social_insurance=30000, special_additional=24000).tax)")
  expect_output("py tax 224180.00")
  # libtax-pop: the installed launcher finds the package relative to itself (no PYTHONPATH)
  file(WRITE "${WORK_DIR}/people.csv" "id,wages,social_insurance,special_additional\n1,1000000,30000,24000\n")
  run("${prefix}/bin/libtax-pop" "${WORK_DIR}/people.csv" --year 2024 --out "${WORK_DIR}/results.csv" --quiet)
  file(READ "${WORK_DIR}/results.csv" RUN_OUTPUT)
  expect_output("1,224180.0,")
  # libtax-web: the installed launcher likewise (its --help is enough here; tests/browser runs the page)
  run("${prefix}/bin/libtax-web" --help)
  expect_output("--port")
endif()
run("${prefix}/bin/libtax-calc" --json "${SOURCE_DIR}/examples/scenarios/gba-engineer-shenzhen.yaml")
expect_output("\"schema\": \"libtax-calc/1\"")
