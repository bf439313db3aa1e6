# Installs the simulator with the library: `arangosim` and the seven stand-in tool launchers go to
# <libexecdir>/arangokit/sim-bin/ (not bin/: the launchers are named like the real ArangoDB tools and must not
# shadow them on PATH), the tools' Node.js sources to <libexecdir>/arangokit/sim-tools/. A generated header,
# arangokit/testing/detail/installed_simulator.hpp, tells async_start_simulator where that is, relative to the
# installed headers, so a program built against the installed package finds its simulator by default.
set(ARANGOKIT_INSTALL_SIM_DIR ${CMAKE_INSTALL_LIBEXECDIR}/arangokit)
set(ARANGOKIT_INSTALL_SIM_BIN_DIR ${ARANGOKIT_INSTALL_SIM_DIR}/sim-bin)

install(TARGETS arangosim RUNTIME DESTINATION ${ARANGOKIT_INSTALL_SIM_BIN_DIR})
install(DIRECTORY ${PROJECT_SOURCE_DIR}/sim/tools/lib ${PROJECT_SOURCE_DIR}/sim/tools/tools
                  ${PROJECT_SOURCE_DIR}/sim/tools/data
        DESTINATION ${ARANGOKIT_INSTALL_SIM_DIR}/sim-tools)
install(DIRECTORY ${PROJECT_SOURCE_DIR}/sim/tools/arangosh DESTINATION ${ARANGOKIT_INSTALL_SIM_DIR}/sim-tools
        PATTERN test EXCLUDE)
foreach(tool arangosh arangodump arangorestore arangoimport arangoexport arangobench arangobackup)
  set(ARANGOSIM_TOOL ${tool})
  configure_file(${CMAKE_CURRENT_LIST_DIR}/sim-launcher.js.in ${CMAKE_CURRENT_BINARY_DIR}/sim-install/${tool} @ONLY)
  install(PROGRAMS ${CMAKE_CURRENT_BINARY_DIR}/sim-install/${tool} DESTINATION ${ARANGOKIT_INSTALL_SIM_BIN_DIR})
endforeach()

# The simulator's directory relative to the installed header's directory (both are relative to the prefix unless
# the user made them absolute).
set(_hdr_dir ${CMAKE_INSTALL_INCLUDEDIR}/arangokit/testing/detail)
if(IS_ABSOLUTE "${CMAKE_INSTALL_INCLUDEDIR}" OR IS_ABSOLUTE "${CMAKE_INSTALL_LIBEXECDIR}")
  file(RELATIVE_PATH ARANGOKIT_SIM_FROM_HEADER ${CMAKE_INSTALL_FULL_INCLUDEDIR}/arangokit/testing/detail
       ${CMAKE_INSTALL_FULL_LIBEXECDIR}/arangokit/sim-bin)
else()
  file(RELATIVE_PATH ARANGOKIT_SIM_FROM_HEADER /prefix/${_hdr_dir} /prefix/${ARANGOKIT_INSTALL_SIM_BIN_DIR})
endif()
# The absolute path is known only when installing (`cmake --install --prefix` may change the prefix): the header
# is configured then, from a template whose relative part is filled in now.
set(ARANGOKIT_SIM_INSTALLED_AT "@ARANGOKIT_SIM_INSTALLED_AT@")
configure_file(${CMAKE_CURRENT_LIST_DIR}/installed_simulator.hpp.in
               ${CMAKE_CURRENT_BINARY_DIR}/sim-install/installed_simulator.hpp.in @ONLY)
unset(ARANGOKIT_SIM_INSTALLED_AT)
if(IS_ABSOLUTE "${CMAKE_INSTALL_LIBEXECDIR}")
  set(_sim_at "${CMAKE_INSTALL_LIBEXECDIR}/arangokit/sim-bin")
else()
  set(_sim_at "\${CMAKE_INSTALL_PREFIX}/${CMAKE_INSTALL_LIBEXECDIR}/arangokit/sim-bin")
endif()
if(IS_ABSOLUTE "${CMAKE_INSTALL_INCLUDEDIR}")
  set(_hdr_at "${_hdr_dir}")
else()
  set(_hdr_at "\${CMAKE_INSTALL_PREFIX}/${_hdr_dir}")
endif()
install(CODE "
  set(ARANGOKIT_SIM_INSTALLED_AT \"${_sim_at}\")
  configure_file(\"${CMAKE_CURRENT_BINARY_DIR}/sim-install/installed_simulator.hpp.in\"
                 \"${CMAKE_CURRENT_BINARY_DIR}/sim-install/installed_simulator.hpp\" @ONLY)
  file(INSTALL DESTINATION \"\$ENV{DESTDIR}${_hdr_at}\" TYPE FILE
       FILES \"${CMAKE_CURRENT_BINARY_DIR}/sim-install/installed_simulator.hpp\")
")
unset(_hdr_dir)
unset(_hdr_at)
unset(_sim_at)
