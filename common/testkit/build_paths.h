// Where a test program finds the source tree and the programs it starts, as the build wrote
// them down:
//
//   auto server = ServerProcess::Start(testkit::kStageBinary, {"--data-dir", dir.path()});
//   std::string spec = std::string(testkit::kSourceDir) + "/docs/formats/sstable.md";
//
// The build generates, for each test program, a small source file that defines the constants
// the program has (stepdb_add_test_paths and stepdb_test_runs in cmake/stepdb.cmake); a test
// that names one its program lacks fails to link. Every stage's test program has kSourceDir,
// and kStageBinary when the stage has a server.
//
// They are constants in a file of their own rather than -D flags because ccache keys on the
// command line: an absolute path on the command line of every test unit would make each copy
// of the tree (a lab starter, the grader's copy) compile all of its tests again.
#pragma once

namespace stepdb::testkit {

extern const char kSourceDir[];     // the source root
extern const char kStageBinary[];   // the stage's server, stepdb-stageNN
extern const char kSstBinary[];     // stage 03's table tool, stepdb-sst
extern const char kTreeBinary[];    // stage 05's tree tool, stepdb-tree
extern const char kServerBinary[];  // server/'s stepdb

}  // namespace stepdb::testkit
