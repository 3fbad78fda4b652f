// A fixture for LeveledEngine tests: a small tree on the in-memory file system (tiny
// memtables, tables and level budgets, so a few thousand keys fill several levels), a
// std::map model, and checks of the tree's invariants.
#pragma once

#include <gtest/gtest.h>

#include <map>
#include <memory>
#include <string>
#include <vector>

#include "common/testkit/status_matchers.h"
#include "file_names.h"
#include "leveled_engine.h"
#include "mem_file_system.h"

namespace stepdb {

class LeveledTest : public ::testing::Test {
 protected:
  LeveledTest() {
    options_.engine.lsm.fsync = FsyncPolicy::kAlways;
    options_.engine.lsm.memtable_bytes = 4096;
    options_.engine.lsm.table.block_size = 256;
    options_.engine.block_cache_bytes = 64 << 10;
    options_.compaction.l0_compaction_trigger = 2;
    options_.compaction.l0_slowdown_tables = 3;
    options_.compaction.l0_stop_tables = 4;
    options_.compaction.level1_max_bytes = 16 << 10;
    options_.compaction.size_ratio = 4;
    options_.compaction.target_table_bytes = 4 << 10;
    options_.compaction.max_levels = 5;
  }

  // Tests open it with ASSERT_OK_AND_ASSIGN, so a failure stops the test.
  Result<std::unique_ptr<LeveledEngine>> Open() {
    return LeveledEngine::Open(&fs_, dir_, options_);
  }

  static std::string Key(int i) {
    char key[16];
    std::snprintf(key, sizeof key, "key%06d", i);
    return key;
  }

  // Writes through the engine and the model alike.
  void Put(Engine& engine, const std::string& key, const std::string& value) {
    ASSERT_OK(engine.Put(key, value)) << key;
    model_[key] = value;
  }
  void Delete(Engine& engine, const std::string& key) {
    ASSERT_OK(engine.Delete(key)) << key;
    model_.erase(key);
  }

  // Every probe's Get and one full Scan agree with the model.
  void ExpectMatchesModel(Engine& engine, const std::vector<std::string>& probes) {
    for (const std::string& key : probes) {
      auto got = engine.Get(key);
      auto want = model_.find(key);
      if (want == model_.end()) {
        EXPECT_TRUE(got.status().IsNotFound())
            << key << " should be absent, got " << (got.ok() ? *got : got.status().ToString());
      } else {
        ASSERT_OK(got) << key;
        EXPECT_EQ(*got, want->second) << key;
      }
    }
    std::map<std::string, std::string> scanned;
    Status status = engine.Scan("", "", SIZE_MAX, [&](std::string_view k, std::string_view v) {
      scanned.emplace(k, v);
      return true;
    });
    ASSERT_OK(status);
    EXPECT_EQ(scanned, model_);
  }

  // Levels 1 and deeper are sorted and free of overlaps, the MANIFEST and the version agree,
  // and the directory holds exactly the live tables.
  void ExpectTreeInvariants(LeveledEngine& engine) {
    const ManifestState manifest = engine.lsm().manifest();
    const auto version = engine.lsm().current_version();
    ASSERT_EQ(manifest.levels.size(), version->levels.size());
    size_t live = 0;
    for (size_t level = 0; level < manifest.levels.size(); ++level) {
      const auto& tables = manifest.levels[level];
      live += tables.size();
      ASSERT_EQ(tables.size(), version->levels[level].size()) << "level " << level;
      for (size_t i = 0; i < tables.size(); ++i) {
        EXPECT_EQ(tables[i], version->levels[level][i].meta) << "level " << level;
        EXPECT_LE(tables[i].smallest, tables[i].largest);
        if (level > 0 && i + 1 < tables.size()) {
          EXPECT_LT(tables[i].largest, tables[i + 1].smallest)
              << "level " << level << ": tables " << tables[i].number << " and "
              << tables[i + 1].number << " overlap or are out of order";
        }
      }
    }
    EXPECT_EQ(CountTableFiles(), live) << "the directory holds tables that are not live";
  }

  size_t CountTableFiles() {
    size_t count = 0;
    auto children = fs_.GetChildren(dir_);
    EXPECT_OK(children);
    if (!children.ok()) return 0;
    for (const std::string& name : *children) {
      uint64_t number = 0;
      if (ParseFileName(name, &number) == FileKind::kTable) ++count;
    }
    return count;
  }

  MemFileSystem fs_;
  std::string dir_ = "/db";
  LeveledOptions options_;
  std::map<std::string, std::string> model_;
};

}  // namespace stepdb
