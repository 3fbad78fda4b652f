# Build helpers shared by every stage. A stage's CMakeLists.txt reads like a list:
#
#   stepdb_add_stage(01 SOURCES src/a.cc src/b.cc MAIN src/main.cc DEPS stepdb_common)
#   stepdb_add_stage_tests(01 SOURCES tests/a_test.cc tests/server_test.cc)
#
# which makes the library stepdb_stage01, the server stepdb-stage01 and the test program
# stage01_tests, whose gtest cases are registered with ctest one by one as
# "stage01.<Suite>.<Case>" under the label "stage01". The grader maps those names to points
# through the manifest, stages/stages.json. A stage whose tests/ folder holds test support
# that later stages use as well (test doubles, fixtures, helpers) also declares
#
#   stepdb_add_stage_testing(03 SOURCES tests/table_test_util.cc)
#
# and a later stage's tests link stepdb_stage03_testing instead of reaching into its folder.

# Warnings are errors on project code only (not on the third-party headers it includes).
function(stepdb_warnings target)
  target_compile_options(${target} PRIVATE -Wall -Wextra -Werror)
  # GCC 12 at -O3 warns about std::string copies it inlined itself (-Wrestrict, GCC bug
  # 105329): a false positive in the standard library that fails release builds of tests.
  if(CMAKE_CXX_COMPILER_ID STREQUAL "GNU" AND CMAKE_CXX_COMPILER_VERSION VERSION_LESS 13)
    target_compile_options(${target} PRIVATE -Wno-error=restrict)
  endif()
endfunction()

# Reads stages/stages.json and sets, in the caller's scope:
#   STEPDB_STAGE_IDS   the ids ("01", "02", ...) of the stages whose folder is present
#   STEPDB_STAGE_DIRS  their folders, relative to the source root
# A starter tree has only the stages up to its lab, so absent folders are skipped.
function(stepdb_read_manifest)
  set(manifest ${CMAKE_SOURCE_DIR}/stages/stages.json)
  set_property(DIRECTORY ${CMAKE_SOURCE_DIR} APPEND PROPERTY CMAKE_CONFIGURE_DEPENDS ${manifest})
  file(READ ${manifest} json)
  string(JSON count LENGTH "${json}" stages)
  math(EXPR last "${count} - 1")
  set(ids "")
  set(dirs "")
  foreach(i RANGE ${last})
    string(JSON id GET "${json}" stages ${i} id)
    string(JSON slug GET "${json}" stages ${i} slug)
    set(dir stages/${id}-${slug})
    if(EXISTS ${CMAKE_SOURCE_DIR}/${dir}/CMakeLists.txt)
      list(APPEND ids ${id})
      list(APPEND dirs ${dir})
    endif()
  endforeach()
  set(STEPDB_STAGE_IDS ${ids} PARENT_SCOPE)
  set(STEPDB_STAGE_DIRS ${dirs} PARENT_SCOPE)
  set_property(GLOBAL PROPERTY STEPDB_STAGE_IDS "${ids}")
endfunction()

# stepdb_add_stage(<id> SOURCES <src...> [MAIN <main.cc>] [DEPS <targets...>])
# The library's include directory is the stage's src/, so headers are included by file name;
# file names are unique across stages for that reason.
function(stepdb_add_stage id)
  cmake_parse_arguments(arg "" "MAIN" "SOURCES;DEPS" ${ARGN})
  set(lib stepdb_stage${id})
  add_library(${lib} STATIC ${arg_SOURCES})
  target_include_directories(${lib} PUBLIC ${CMAKE_CURRENT_SOURCE_DIR}/src)
  target_link_libraries(${lib} PUBLIC ${arg_DEPS})
  stepdb_warnings(${lib})
  if(arg_MAIN)
    add_executable(stepdb-stage${id} ${arg_MAIN})
    target_link_libraries(stepdb-stage${id} PRIVATE ${lib})
    stepdb_warnings(stepdb-stage${id})
  endif()
endfunction()

# stepdb_add_stage_testing(<id> [SOURCES <sources...>] [DEPS <targets...>])
# Makes stepdb_stage<id>_testing, the stage's test support, from files in its tests/ folder
# beside the tests that use them. Its include directory is that folder, so a test includes a
# helper by file name, whichever stage it comes from (file names are unique across stages for
# that reason). It links the stage's library, the test kit, gtest and DEPS; without SOURCES
# it is headers only. The stage's own tests link it without asking; a later stage's tests
# name it in their DEPS. Call it before stepdb_add_stage_tests.
function(stepdb_add_stage_testing id)
  cmake_parse_arguments(arg "" "" "SOURCES;DEPS" ${ARGN})
  set(lib stepdb_stage${id}_testing)
  if(arg_SOURCES)
    add_library(${lib} STATIC ${arg_SOURCES})
    set(scope PUBLIC)
    stepdb_warnings(${lib})
  else()
    add_library(${lib} INTERFACE)
    set(scope INTERFACE)
  endif()
  target_include_directories(${lib} ${scope} ${CMAKE_CURRENT_SOURCE_DIR}/tests)
  target_link_libraries(${lib} ${scope} stepdb_stage${id} stepdb_testkit GTest::gtest
                        ${arg_DEPS})
endfunction()

# stepdb_add_stage_tests(<id> [NAME <suffix>] SOURCES <test sources...> [DEPS <targets...>]
#                        [TIMEOUT <seconds>])
# Builds stage<id>_tests (or stage<id>_<suffix>_tests) with gtest_main. Test code sees, in
# common/testkit/build_paths.h,
#   testkit::kStageBinary   the path of stepdb-stage<id>, for black-box tests over TCP
#   testkit::kSourceDir     the source root, for fixtures checked into the tree
# Every case gets a timeout, so a stub that loops can never hang a test run.
function(stepdb_add_stage_tests id)
  cmake_parse_arguments(arg "" "NAME;TIMEOUT" "SOURCES;DEPS" ${ARGN})
  if(arg_NAME)
    set(exe stage${id}_${arg_NAME}_tests)
  else()
    set(exe stage${id}_tests)
  endif()
  if(NOT arg_TIMEOUT)
    set(arg_TIMEOUT 120)
  endif()
  add_executable(${exe} ${arg_SOURCES})
  target_link_libraries(${exe} PRIVATE stepdb_stage${id} stepdb_testkit ${arg_DEPS}
                        GTest::gtest GTest::gmock GTest::gtest_main)
  if(TARGET stepdb_stage${id}_testing)
    target_link_libraries(${exe} PRIVATE stepdb_stage${id}_testing)
  endif()
  stepdb_warnings(${exe})
  stepdb_add_test_paths(${exe} kSourceDir ${CMAKE_SOURCE_DIR})
  if(TARGET stepdb-stage${id})
    stepdb_test_runs(${exe} kStageBinary stepdb-stage${id})
  endif()
  gtest_discover_tests(${exe}
    TEST_PREFIX "stage${id}."
    DISCOVERY_MODE PRE_TEST
    DISCOVERY_TIMEOUT 60
    PROPERTIES LABELS stage${id} TIMEOUT ${arg_TIMEOUT})
  set_property(GLOBAL APPEND PROPERTY STEPDB_TEST_TARGETS_${id} ${exe})
endfunction()

# stepdb_add_test_paths(<exe> <constant> <path> [<constant> <path> ...])
# Defines constants of common/testkit/build_paths.h for the test program <exe>, in a source file
# generated for it (a path may be a generator expression). That header says why they are not
# -D flags.
function(stepdb_add_test_paths exe)
  get_property(count TARGET ${exe} PROPERTY STEPDB_TEST_PATH_FILES)
  if(NOT count)
    set(count 0)
  endif()
  math(EXPR count "${count} + 1")
  set_property(TARGET ${exe} PROPERTY STEPDB_TEST_PATH_FILES ${count})
  set(content "// Generated by CMake (stepdb_add_test_paths): paths for ${exe}.\n")
  string(APPEND content "#include \"common/testkit/build_paths.h\"\n\nnamespace stepdb::testkit {\n\n")
  set(pairs ${ARGN})
  while(pairs)
    list(POP_FRONT pairs name path)
    string(APPEND content "const char ${name}[] = \"${path}\";\n")
  endwhile()
  string(APPEND content "\n}  // namespace stepdb::testkit\n")
  set(file ${CMAKE_CURRENT_BINARY_DIR}/${exe}_paths_${count}.cc)
  file(GENERATE OUTPUT ${file} CONTENT "${content}")
  target_sources(${exe} PRIVATE ${file})
endfunction()

# stepdb_test_runs(<exe> <constant> <program>): the test program <exe> starts the program
# target <program>, which is built before it and whose path is the constant <constant>.
function(stepdb_test_runs exe constant program)
  stepdb_add_test_paths(${exe} ${constant} $<TARGET_FILE:${program}>)
  add_dependencies(${exe} ${program})
endfunction()

# checkNN runs the tests of stages 01..NN (checks are cumulative), after building them.
function(stepdb_add_check_targets)
  get_property(ids GLOBAL PROPERTY STEPDB_STAGE_IDS)
  set(so_far "")
  set(targets "")
  foreach(id IN LISTS ids)
    list(APPEND so_far ${id})
    get_property(stage_targets GLOBAL PROPERTY STEPDB_TEST_TARGETS_${id})
    list(APPEND targets ${stage_targets})
    list(JOIN so_far "|" alternatives)
    # VERBATIM quotes the label regex for the shell, whose "(" and "|" would break it.
    add_custom_target(check${id}
      COMMAND ${CMAKE_CTEST_COMMAND} --test-dir ${CMAKE_BINARY_DIR} -L "^stage(${alternatives})$"
              --output-on-failure
      USES_TERMINAL VERBATIM
      COMMENT "Tests of stages ${so_far}")
    if(targets)
      add_dependencies(check${id} ${targets})
    endif()
  endforeach()
endfunction()
