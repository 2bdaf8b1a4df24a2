# run(COMMAND...): the command run by execute_process; a non-zero exit status stops the script
# with the command, its output and its errors; the output is left in RUN_OUTPUT. Included by
# the embedding scripts run with cmake -P (check_c_library.cmake, install_and_build.cmake).
# (No ";" in arguments: CMake would split them.)
function(run)
  execute_process(COMMAND ${ARGN} RESULT_VARIABLE rc OUTPUT_VARIABLE out ERROR_VARIABLE err)
  if(NOT rc EQUAL 0)
    message(FATAL_ERROR "failed (${rc}): ${ARGN}\n${out}\n${err}")
  endif()
  set(RUN_OUTPUT "${out}" PARENT_SCOPE)
endfunction()
