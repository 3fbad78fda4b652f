// FileSystemTest: MemFileSystem, the crash-simulating file system the crash tests stand on,
// so its semantics are pinned down here first; the POSIX lock the server relies on; the
// random-access reads that tables rely on, mapped and pinned; and FileSystemWrapper, which
// decorators of the seam derive from.
#include "mem_file_system.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <atomic>
#include <thread>

#include "common/testkit/status_matchers.h"
#include "common/testkit/temp_dir.h"
#include "file_system_wrapper.h"

namespace stepdb {
namespace {

using ::testing::UnorderedElementsAre;

class FileSystemTest : public ::testing::Test {
 protected:
  void SetUp() override { ASSERT_OK(fs_.CreateDir("/db")); }

  std::unique_ptr<WritableFile> Create(const std::string& path) {
    auto file = fs_.NewWritableFile(path);
    EXPECT_OK(file);
    return std::move(file).value();
  }
  std::string Contents(const std::string& path) {
    auto contents = fs_.ReadFile(path);
    EXPECT_OK(contents);
    return contents.ok() ? *contents : "";
  }

  MemFileSystem fs_;
};

TEST_F(FileSystemTest, WriteThenReadBack) {
  auto file = Create("/db/a");
  ASSERT_OK(file->Append("hello "));
  ASSERT_OK(file->Append(std::string("\0world", 6)));
  ASSERT_OK(file->Close());
  EXPECT_EQ(Contents("/db/a"), std::string("hello \0world", 12));
  EXPECT_EQ(*fs_.GetFileSize("/db/a"), 12u);
  EXPECT_TRUE(fs_.FileExists("/db/a"));
  EXPECT_FALSE(fs_.FileExists("/db/b"));
}

TEST_F(FileSystemTest, WritableTruncatesAndAppendableAppends) {
  ASSERT_OK(fs_.SetContents("/db/a", "old"));
  {
    auto file = fs_.NewAppendableFile("/db/a");
    ASSERT_OK(file);
    ASSERT_OK((*file)->Append("+more"));
  }
  EXPECT_EQ(Contents("/db/a"), "old+more");
  Create("/db/a");
  EXPECT_EQ(Contents("/db/a"), "");
}

TEST_F(FileSystemTest, AFrozenFileSystemChangesNothingUntilFaultsAreCleared) {
  auto file = Create("/db/a");
  ASSERT_OK(file->Append("kept"));
  ASSERT_OK(fs_.SetContents("/db/b", "b"));
  fs_.Freeze();
  EXPECT_TRUE(file->Append("lost").IsIOError());
  EXPECT_TRUE(file->Flush().IsIOError());
  EXPECT_TRUE(file->Sync().IsIOError());
  EXPECT_TRUE(fs_.NewWritableFile("/db/c").status().IsIOError());
  EXPECT_TRUE(fs_.RenameFile("/db/b", "/db/d").IsIOError());
  EXPECT_TRUE(fs_.RemoveFile("/db/b").IsIOError());
  EXPECT_TRUE(fs_.Truncate("/db/b", 0).IsIOError());
  EXPECT_TRUE(fs_.SyncDir("/db").IsIOError());
  EXPECT_TRUE(fs_.CreateDir("/db/sub").IsIOError());
  EXPECT_TRUE(fs_.LockFile("/db/LOCK").status().IsIOError());
  EXPECT_EQ(Contents("/db/a"), "kept");  // reads still work
  EXPECT_THAT(*fs_.GetChildren("/db"), UnorderedElementsAre("a", "b"));

  fs_.ClearFaults();
  EXPECT_OK(fs_.RenameFile("/db/b", "/db/d"));
  EXPECT_OK(file->Append("+more"));
  EXPECT_EQ(Contents("/db/a"), "kept+more");
}

TEST_F(FileSystemTest, OpeningInAMissingDirectoryIsNotFound) {
  EXPECT_TRUE(fs_.NewWritableFile("/nowhere/a").status().IsNotFound());
  EXPECT_TRUE(fs_.NewSequentialFile("/db/missing").status().IsNotFound());
  EXPECT_TRUE(fs_.GetFileSize("/db/missing").status().IsNotFound());
  EXPECT_TRUE(fs_.RemoveFile("/db/missing").IsNotFound());
}

TEST_F(FileSystemTest, SequentialAndRandomAccessReads) {
  ASSERT_OK(fs_.SetContents("/db/a", "0123456789"));
  auto sequential = std::move(fs_.NewSequentialFile("/db/a")).value();
  char scratch[16];
  std::string_view got;
  ASSERT_OK(sequential->Read(4, &got, scratch));
  EXPECT_EQ(got, "0123");
  ASSERT_OK(sequential->Read(16, &got, scratch));
  EXPECT_EQ(got, "456789");
  ASSERT_OK(sequential->Read(16, &got, scratch));
  EXPECT_TRUE(got.empty());

  auto random = std::move(fs_.NewRandomAccessFile("/db/a")).value();
  ASSERT_OK(random->Read(7, 16, &got, scratch));
  EXPECT_EQ(got, "789");
  ASSERT_OK(random->Read(20, 4, &got, scratch));
  EXPECT_TRUE(got.empty());
}

TEST_F(FileSystemTest, ChildrenRenameRemove) {
  ASSERT_OK(fs_.CreateDir("/db/sub/deeper"));
  ASSERT_OK(fs_.SetContents("/db/a", "1"));
  ASSERT_OK(fs_.SetContents("/db/sub/b", "2"));
  EXPECT_THAT(*fs_.GetChildren("/db"), UnorderedElementsAre("a", "sub"));
  EXPECT_THAT(*fs_.GetChildren("/db/sub"), UnorderedElementsAre("b", "deeper"));
  ASSERT_OK(fs_.RenameFile("/db/a", "/db/c"));
  EXPECT_FALSE(fs_.FileExists("/db/a"));
  EXPECT_EQ(Contents("/db/c"), "1");
  ASSERT_OK(fs_.RemoveFile("/db/c"));
  EXPECT_THAT(*fs_.GetChildren("/db"), UnorderedElementsAre("sub"));
  EXPECT_TRUE(fs_.GetChildren("/nowhere").status().IsNotFound());
}

TEST_F(FileSystemTest, FlushedAndSyncedLengthsFollowTheCalls) {
  auto file = Create("/db/a");
  ASSERT_OK(file->Append("abc"));
  EXPECT_EQ(*fs_.FlushedSize("/db/a"), 0u);
  EXPECT_EQ(*fs_.SyncedSize("/db/a"), 0u);
  ASSERT_OK(file->Flush());
  EXPECT_EQ(*fs_.FlushedSize("/db/a"), 3u);
  EXPECT_EQ(*fs_.SyncedSize("/db/a"), 0u);
  ASSERT_OK(file->Append("de"));
  ASSERT_OK(file->Sync());
  EXPECT_EQ(*fs_.FlushedSize("/db/a"), 5u);
  EXPECT_EQ(*fs_.SyncedSize("/db/a"), 5u);
  EXPECT_EQ(fs_.sync_count(), 1u);
}

TEST_F(FileSystemTest, PowerLossCutsEveryFileToItsSyncedLength) {
  auto a = Create("/db/a");
  auto b = Create("/db/b");
  ASSERT_OK(fs_.SyncDir("/db"));
  ASSERT_OK(a->Append("synced"));
  ASSERT_OK(a->Sync());
  ASSERT_OK(a->Append("+flushed"));
  ASSERT_OK(a->Flush());
  ASSERT_OK(b->Append("never synced"));
  fs_.DropUnsyncedData();
  EXPECT_EQ(Contents("/db/a"), "synced");
  EXPECT_EQ(Contents("/db/b"), "");
}

TEST_F(FileSystemTest, ProcessCrashKeepsFlushedBytes) {
  auto a = Create("/db/a");
  ASSERT_OK(a->Append("flushed"));
  ASSERT_OK(a->Flush());
  ASSERT_OK(a->Append("+buffered"));
  fs_.DropUnflushedData();
  EXPECT_EQ(Contents("/db/a"), "flushed");
  EXPECT_TRUE(fs_.FileExists("/db/a")) << "names survive a process crash";
}

TEST_F(FileSystemTest, NamesNeedSyncDirToSurvivePowerLoss) {
  ASSERT_OK(fs_.SetContents("/db/kept", "k"));  // durable name
  auto created = Create("/db/created");
  ASSERT_OK(created->Append("x"));
  ASSERT_OK(created->Sync());  // the data is durable, the name is not
  ASSERT_OK(fs_.RenameFile("/db/kept", "/db/renamed"));
  fs_.DropUnsyncedData();
  EXPECT_FALSE(fs_.FileExists("/db/created"));
  EXPECT_TRUE(fs_.FileExists("/db/kept"));
  EXPECT_FALSE(fs_.FileExists("/db/renamed"));

  auto again = Create("/db/created");
  ASSERT_OK(again->Append("x"));
  ASSERT_OK(again->Sync());
  ASSERT_OK(fs_.RenameFile("/db/kept", "/db/renamed"));
  ASSERT_OK(fs_.SyncDir("/db"));
  fs_.DropUnsyncedData();
  EXPECT_EQ(Contents("/db/created"), "x");
  EXPECT_FALSE(fs_.FileExists("/db/kept"));
  EXPECT_EQ(Contents("/db/renamed"), "k");
}

TEST_F(FileSystemTest, HandlesFromBeforeACrashAreDead) {
  auto file = Create("/db/a");
  ASSERT_OK(fs_.SyncDir("/db"));
  ASSERT_OK(file->Append("before"));
  ASSERT_OK(file->Sync());
  fs_.DropUnsyncedData();
  EXPECT_TRUE(file->Append("after").IsIOError());
  EXPECT_TRUE(file->Sync().IsIOError());
  EXPECT_TRUE(file->Close().IsIOError());
  EXPECT_EQ(Contents("/db/a"), "before");
}

TEST_F(FileSystemTest, FailWritesAfterLandsAShortWriteThenFails) {
  auto file = Create("/db/a");
  fs_.FailWritesAfter(5);
  ASSERT_OK(file->Append("abc"));
  Status status = file->Append("defgh");
  EXPECT_TRUE(status.IsIOError()) << status.ToString();
  EXPECT_EQ(Contents("/db/a"), "abcde");
  EXPECT_TRUE(file->Append("x").IsIOError());
  fs_.ClearFaults();
  ASSERT_OK(file->Append("x"));
  EXPECT_EQ(Contents("/db/a"), "abcdex");
}

TEST_F(FileSystemTest, FailSyncsMakesNothingDurable) {
  auto file = Create("/db/a");
  ASSERT_OK(file->Append("abc"));
  fs_.FailSyncs(true);
  EXPECT_TRUE(file->Sync().IsIOError());
  EXPECT_EQ(*fs_.SyncedSize("/db/a"), 0u);
  fs_.ClearFaults();
  EXPECT_OK(file->Sync());
  EXPECT_EQ(*fs_.SyncedSize("/db/a"), 3u);
}

TEST_F(FileSystemTest, FlipBitsAndTruncate) {
  ASSERT_OK(fs_.SetContents("/db/a", "abcdef"));
  ASSERT_OK(fs_.FlipBits("/db/a", 1, 0x20));
  EXPECT_EQ(Contents("/db/a"), "aBcdef");
  EXPECT_TRUE(fs_.FlipBits("/db/a", 6).IsInvalidArgument());
  ASSERT_OK(fs_.Truncate("/db/a", 3));
  EXPECT_EQ(Contents("/db/a"), "aBc");
  EXPECT_EQ(*fs_.SyncedSize("/db/a"), 3u);
  fs_.DropUnsyncedData();
  EXPECT_EQ(Contents("/db/a"), "aBc") << "a cut never comes back";
  ASSERT_OK(fs_.Truncate("/db/a", 5));
  EXPECT_EQ(Contents("/db/a"), std::string("aBc\0\0", 5));
}

TEST_F(FileSystemTest, LockIsExclusiveUntilReleasedOrCrashed) {
  auto first = fs_.LockFile("/db/LOCK");
  ASSERT_OK(first);
  EXPECT_TRUE(fs_.LockFile("/db/LOCK").status().IsBusy());
  first->reset();
  auto second = fs_.LockFile("/db/LOCK");
  ASSERT_OK(second);
  fs_.DropUnflushedData();  // the process holding it died
  auto third = fs_.LockFile("/db/LOCK");
  ASSERT_OK(third);
  second->reset();  // the dead process's lock object goes away late; the new lock stays
  EXPECT_TRUE(fs_.LockFile("/db/LOCK").status().IsBusy());
}

TEST_F(FileSystemTest, ASlowSyncDoesNotBlockOtherWriters) {
  fs_.SetSyncDelay(std::chrono::milliseconds(300));
  auto file = Create("/db/a");
  ASSERT_OK(file->Append("abc"));
  std::atomic<bool> synced{false};
  std::thread syncer([&] {
    EXPECT_OK(file->Sync());
    synced = true;
  });
  std::this_thread::sleep_for(std::chrono::milliseconds(20));
  auto other = Create("/db/b");
  ASSERT_OK(other->Append("x"));
  EXPECT_FALSE(synced) << "appends do not wait for a sync in progress";
  syncer.join();
  EXPECT_EQ(*fs_.SyncedSize("/db/a"), 3u);
  EXPECT_EQ(*fs_.SyncedSize("/db/b"), 0u);
}

TEST_F(FileSystemTest, PosixLockIsExclusiveAcrossOpensAndReleasedOnDestruction) {
  testkit::TempDir dir;
  FileSystem* fs = DefaultFileSystem();
  auto first = fs->LockFile(dir.Join("LOCK"));
  ASSERT_OK(first);
  Status second = fs->LockFile(dir.Join("LOCK")).status();
  EXPECT_TRUE(second.IsBusy()) << second.ToString();
  EXPECT_NE(second.message().find(dir.Join("LOCK")), std::string::npos) << second.message();
  first->reset();
  EXPECT_OK(fs->LockFile(dir.Join("LOCK")));
}

// The POSIX file system maps files it opens for random access; reads past the end are short,
// an empty file reads as empty, and a removed file stays readable while open.
TEST_F(FileSystemTest, PosixRandomAccessReadsAnywhereAndOutlivesRemoval) {
  testkit::TempDir dir;
  FileSystem* fs = DefaultFileSystem();
  ASSERT_OK(fs->WriteFileAtomically(dir.Join("a"), "0123456789"));
  ASSERT_OK(fs->WriteFileAtomically(dir.Join("empty"), ""));
  auto file = fs->NewRandomAccessFile(dir.Join("a"));
  ASSERT_OK(file);
  char scratch[16];
  std::string_view read;
  ASSERT_OK((*file)->Read(3, 4, &read, scratch));
  EXPECT_EQ(read, "3456");
  ASSERT_OK((*file)->Read(8, 10, &read, scratch));
  EXPECT_EQ(read, "89");
  ASSERT_OK((*file)->Read(10, 5, &read, scratch));
  EXPECT_EQ(read, "");
  ASSERT_OK(fs->RemoveFile(dir.Join("a")));
  ASSERT_OK((*file)->Read(0, 3, &read, scratch));
  EXPECT_EQ(read, "012");

  auto empty = fs->NewRandomAccessFile(dir.Join("empty"));
  ASSERT_OK(empty);
  ASSERT_OK((*empty)->Read(0, 5, &read, scratch));
  EXPECT_EQ(read, "");
  EXPECT_TRUE(fs->NewRandomAccessFile(dir.Join("missing")).status().IsNotFound());
}

// A pinned read of a mapped file is a view of the mapping: no copy (two reads see the same
// bytes at the same address), and the mapping stays while the pin is held, after the file is
// closed and removed. Past the end, reads are short as Read's are.
TEST_F(FileSystemTest, PosixPinnedReadsViewTheMappingAndOutliveTheFile) {
  testkit::TempDir dir;
  FileSystem* fs = DefaultFileSystem();
  ASSERT_OK(fs->WriteFileAtomically(dir.Join("a"), "0123456789"));
  auto file = fs->NewRandomAccessFile(dir.Join("a"));
  ASSERT_OK(file);
  std::string_view first, second;
  std::shared_ptr<const void> first_pin, second_pin;
  ASSERT_OK((*file)->ReadPinned(3, 4, &first, &first_pin));
  ASSERT_OK((*file)->ReadPinned(3, 4, &second, &second_pin));
  EXPECT_EQ(first, "3456");
  EXPECT_EQ(first.data(), second.data()) << "both reads view the one mapping";
  EXPECT_EQ(first_pin, second_pin);
  std::string_view tail;
  std::shared_ptr<const void> tail_pin;
  ASSERT_OK((*file)->ReadPinned(8, 10, &tail, &tail_pin));
  EXPECT_EQ(tail, "89");
  EXPECT_EQ(tail.data(), first.data() + 5);

  file->reset();
  second_pin.reset();
  tail_pin.reset();
  ASSERT_OK(fs->RemoveFile(dir.Join("a")));
  EXPECT_EQ(first, "3456") << "the pin keeps the mapping of a closed, removed file";
}

// A file without a mapping reads into a buffer that the pin owns (the default ReadPinned).
TEST_F(FileSystemTest, PinnedReadsOwnTheirBytesWhenTheFileHasNoMapping) {
  ASSERT_OK(fs_.SetContents("/db/a", "hello world"));
  auto file = fs_.NewRandomAccessFile("/db/a");
  ASSERT_OK(file);
  std::string_view read;
  std::shared_ptr<const void> pin;
  ASSERT_OK((*file)->ReadPinned(6, 10, &read, &pin));
  EXPECT_EQ(read, "world");
  file->reset();
  ASSERT_OK(fs_.RemoveFile("/db/a"));
  EXPECT_EQ(read, "world") << "the pin owns the bytes, not the file";

  std::shared_ptr<const void> empty_pin;
  ASSERT_OK(fs_.SetContents("/db/empty", ""));
  auto empty = fs_.NewRandomAccessFile("/db/empty");
  ASSERT_OK(empty);
  ASSERT_OK((*empty)->ReadPinned(0, 5, &read, &empty_pin));
  EXPECT_EQ(read, "");
}

// A file whose Read points into memory of its own (as a mapped file's does) but that does not
// pin it: the default ReadPinned copies the bytes into the buffer it pins.
TEST_F(FileSystemTest, DefaultPinnedReadCopiesBytesTheFileOwns) {
  class OwnMemoryFile final : public RandomAccessFile {
   public:
    Status Read(uint64_t offset, size_t n, std::string_view* result,
                char* /*scratch*/) const override {
      *result = std::string_view(bytes_).substr(offset, n);
      return Status::Ok();
    }

   private:
    std::string bytes_ = "mapped bytes";
  };
  auto file = std::make_unique<OwnMemoryFile>();
  std::string_view read;
  std::shared_ptr<const void> pin;
  ASSERT_OK(file->ReadPinned(7, 5, &read, &pin));
  file.reset();
  EXPECT_EQ(read, "bytes");
}

// Every call through a wrapper lands in its target, results and errors as they are.
TEST_F(FileSystemTest, AWrapperForwardsEveryCallToItsTarget) {
  FileSystemWrapper wrapper(&fs_);
  EXPECT_EQ(wrapper.target(), &fs_);

  ASSERT_OK(wrapper.CreateDir("/db/sub"));
  ASSERT_OK_AND_ASSIGN(auto file, wrapper.NewWritableFile("/db/sub/a"));
  ASSERT_OK(file->Append("abc"));
  ASSERT_OK(file->Sync());
  EXPECT_EQ(*fs_.SyncedSize("/db/sub/a"), 3u);
  ASSERT_OK_AND_ASSIGN(auto appendable, wrapper.NewAppendableFile("/db/sub/a"));
  ASSERT_OK(appendable->Append("de"));
  ASSERT_OK(appendable->Close());
  EXPECT_EQ(Contents("/db/sub/a"), "abcde");

  EXPECT_TRUE(wrapper.FileExists("/db/sub/a"));
  EXPECT_EQ(*wrapper.GetFileSize("/db/sub/a"), 5u);
  EXPECT_THAT(*wrapper.GetChildren("/db/sub"), UnorderedElementsAre("a"));
  char scratch[8];
  std::string_view read;
  ASSERT_OK_AND_ASSIGN(auto sequential, wrapper.NewSequentialFile("/db/sub/a"));
  ASSERT_OK(sequential->Read(2, &read, scratch));
  EXPECT_EQ(read, "ab");
  ASSERT_OK_AND_ASSIGN(auto random, wrapper.NewRandomAccessFile("/db/sub/a"));
  ASSERT_OK(random->Read(3, 2, &read, scratch));
  EXPECT_EQ(read, "de");

  ASSERT_OK(wrapper.Truncate("/db/sub/a", 4));
  ASSERT_OK(wrapper.RenameFile("/db/sub/a", "/db/sub/b"));
  ASSERT_OK(wrapper.SyncDir("/db/sub"));
  EXPECT_EQ(Contents("/db/sub/b"), "abcd");
  ASSERT_OK(wrapper.RemoveFile("/db/sub/b"));
  EXPECT_FALSE(fs_.FileExists("/db/sub/b"));
  EXPECT_TRUE(wrapper.GetFileSize("/db/sub/b").status().IsNotFound());

  ASSERT_OK_AND_ASSIGN(auto lock, wrapper.LockFile("/db/LOCK"));
  EXPECT_TRUE(fs_.LockFile("/db/LOCK").status().IsBusy()) << "the target holds the lock";
}

// A decorator overrides what it changes; everything else still reaches the target.
TEST_F(FileSystemTest, AWrapperSubclassChangesOnlyWhatItOverrides) {
  class NoRemoving final : public FileSystemWrapper {
   public:
    using FileSystemWrapper::FileSystemWrapper;
    Status RemoveFile(const std::string& path) override {
      return Status::IOError(path + ": removing is not allowed here");
    }
  };
  NoRemoving wrapper(&fs_);
  ASSERT_OK(fs_.SetContents("/db/a", "kept"));
  EXPECT_TRUE(wrapper.RemoveFile("/db/a").IsIOError());
  EXPECT_EQ(Contents("/db/a"), "kept");
  ASSERT_OK(wrapper.RenameFile("/db/a", "/db/b"));
  EXPECT_EQ(Contents("/db/b"), "kept");
}

}  // namespace
}  // namespace stepdb
