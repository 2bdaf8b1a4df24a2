# Install rules: headers, the library (and its C interface), the tables, the CMake package
# (libtax::libtax, libtax::libtax_c) and its version file. Included from the top-level
# CMakeLists.txt after the targets exist; the Python package's rules are in bindings/ and the
# libtax-calc rule in tools/calc/.
include(GNUInstallDirs)
include(CMakePackageConfigHelpers)

set(LIBTAX_INSTALL_CMAKEDIR "${CMAKE_INSTALL_LIBDIR}/cmake/libtax" CACHE STRING
    "Where the CMake package files (libtaxConfig.cmake) are installed, relative to the prefix")
set(LIBTAX_INSTALL_TABLESDIR "${CMAKE_INSTALL_DATADIR}/libtax/tables" CACHE STRING
    "Where the yearly tables are installed, relative to the prefix")

set(LIBTAX_INSTALL_TARGETS libtax)
if(TARGET libtax_c)
  list(APPEND LIBTAX_INSTALL_TARGETS libtax_c)
  set(LIBTAX_BUILD_C_API TRUE)
else()
  set(LIBTAX_BUILD_C_API FALSE)
endif()

install(TARGETS ${LIBTAX_INSTALL_TARGETS} EXPORT libtaxTargets
  ARCHIVE DESTINATION "${CMAKE_INSTALL_LIBDIR}"
  LIBRARY DESTINATION "${CMAKE_INSTALL_LIBDIR}"
  RUNTIME DESTINATION "${CMAKE_INSTALL_BINDIR}"
  INCLUDES DESTINATION "${CMAKE_INSTALL_INCLUDEDIR}")
install(DIRECTORY "${PROJECT_SOURCE_DIR}/libtax/include/libtax"
  DESTINATION "${CMAKE_INSTALL_INCLUDEDIR}"
  FILES_MATCHING PATTERN "*.hpp" PATTERN "*.h")
install(DIRECTORY "${PROJECT_SOURCE_DIR}/tables/"
  DESTINATION "${LIBTAX_INSTALL_TABLESDIR}"
  FILES_MATCHING PATTERN "*.yaml")

install(EXPORT libtaxTargets NAMESPACE libtax:: DESTINATION "${LIBTAX_INSTALL_CMAKEDIR}")
configure_package_config_file("${PROJECT_SOURCE_DIR}/cmake/libtaxConfig.cmake.in"
  "${PROJECT_BINARY_DIR}/libtaxConfig.cmake"
  INSTALL_DESTINATION "${LIBTAX_INSTALL_CMAKEDIR}"
  PATH_VARS LIBTAX_INSTALL_TABLESDIR)
# 0.x: a minor version may change the API, so only the same minor version is compatible.
write_basic_package_version_file("${PROJECT_BINARY_DIR}/libtaxConfigVersion.cmake"
  VERSION "${PROJECT_VERSION}" COMPATIBILITY SameMinorVersion)
install(FILES "${PROJECT_BINARY_DIR}/libtaxConfig.cmake" "${PROJECT_BINARY_DIR}/libtaxConfigVersion.cmake"
  DESTINATION "${LIBTAX_INSTALL_CMAKEDIR}")

# pkg-config for the C interface (libtax_c.pc beside the CMake package): C, Go (cgo) and other
# non-CMake builds find the header and the library with `pkg-config --cflags --libs libtax_c`.
# Relocatable: paths are relative to the .pc file's own directory.
if(LIBTAX_BUILD_C_API)
  file(RELATIVE_PATH LIBTAX_PC_TO_PREFIX "/prefix/${CMAKE_INSTALL_LIBDIR}/pkgconfig" "/prefix")
  configure_file("${PROJECT_SOURCE_DIR}/cmake/libtax_c.pc.in" "${PROJECT_BINARY_DIR}/libtax_c.pc" @ONLY)
  install(FILES "${PROJECT_BINARY_DIR}/libtax_c.pc" DESTINATION "${CMAKE_INSTALL_LIBDIR}/pkgconfig")
endif()
