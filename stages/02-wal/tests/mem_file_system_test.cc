// FileSystemTest: MemFileSystem, the crash-simulating file system the crash tests stand on,
// so its semantics are pinned down here first; the POSIX lock the server relies on; and the
// random-access reads that tables rely on, mapped and pinned.
#include "mem_file_system.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <atomic>
#include <thread>

#include "common/testkit/temp_dir.h"

namespace stepdb {
namespace {

using ::testing::UnorderedElementsAre;

class FileSystemTest : public ::testing::Test {
 protected:
  void SetUp() override { ASSERT_TRUE(fs_.CreateDir("/db").ok()); }

  std::unique_ptr<WritableFile> Create(const std::string& path) {
    auto file = fs_.NewWritableFile(path);
    EXPECT_TRUE(file.ok()) << file.status().ToString();
    return std::move(file).value();
  }
  std::string Contents(const std::string& path) {
    auto contents = fs_.ReadFile(path);
    EXPECT_TRUE(contents.ok()) << contents.status().ToString();
    return contents.ok() ? *contents : "";
  }

  MemFileSystem fs_;
};

TEST_F(FileSystemTest, WriteThenReadBack) {
  auto file = Create("/db/a");
  ASSERT_TRUE(file->Append("hello ").ok());
  ASSERT_TRUE(file->Append(std::string("\0world", 6)).ok());
  ASSERT_TRUE(file->Close().ok());
  EXPECT_EQ(Contents("/db/a"), std::string("hello \0world", 12));
  EXPECT_EQ(*fs_.GetFileSize("/db/a"), 12u);
  EXPECT_TRUE(fs_.FileExists("/db/a"));
  EXPECT_FALSE(fs_.FileExists("/db/b"));
}

TEST_F(FileSystemTest, WritableTruncatesAndAppendableAppends) {
  ASSERT_TRUE(fs_.SetContents("/db/a", "old").ok());
  {
    auto file = fs_.NewAppendableFile("/db/a");
    ASSERT_TRUE(file.ok());
    ASSERT_TRUE((*file)->Append("+more").ok());
  }
  EXPECT_EQ(Contents("/db/a"), "old+more");
  Create("/db/a");
  EXPECT_EQ(Contents("/db/a"), "");
}

TEST_F(FileSystemTest, AFrozenFileSystemChangesNothingUntilFaultsAreCleared) {
  auto file = Create("/db/a");
  ASSERT_TRUE(file->Append("kept").ok());
  ASSERT_TRUE(fs_.SetContents("/db/b", "b").ok());
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
  EXPECT_TRUE(fs_.RenameFile("/db/b", "/db/d").ok());
  EXPECT_TRUE(file->Append("+more").ok());
  EXPECT_EQ(Contents("/db/a"), "kept+more");
}

TEST_F(FileSystemTest, OpeningInAMissingDirectoryIsNotFound) {
  EXPECT_TRUE(fs_.NewWritableFile("/nowhere/a").status().IsNotFound());
  EXPECT_TRUE(fs_.NewSequentialFile("/db/missing").status().IsNotFound());
  EXPECT_TRUE(fs_.GetFileSize("/db/missing").status().IsNotFound());
  EXPECT_TRUE(fs_.RemoveFile("/db/missing").IsNotFound());
}

TEST_F(FileSystemTest, SequentialAndRandomAccessReads) {
  ASSERT_TRUE(fs_.SetContents("/db/a", "0123456789").ok());
  auto sequential = std::move(fs_.NewSequentialFile("/db/a")).value();
  char scratch[16];
  std::string_view got;
  ASSERT_TRUE(sequential->Read(4, &got, scratch).ok());
  EXPECT_EQ(got, "0123");
  ASSERT_TRUE(sequential->Read(16, &got, scratch).ok());
  EXPECT_EQ(got, "456789");
  ASSERT_TRUE(sequential->Read(16, &got, scratch).ok());
  EXPECT_TRUE(got.empty());

  auto random = std::move(fs_.NewRandomAccessFile("/db/a")).value();
  ASSERT_TRUE(random->Read(7, 16, &got, scratch).ok());
  EXPECT_EQ(got, "789");
  ASSERT_TRUE(random->Read(20, 4, &got, scratch).ok());
  EXPECT_TRUE(got.empty());
}

TEST_F(FileSystemTest, ChildrenRenameRemove) {
  ASSERT_TRUE(fs_.CreateDir("/db/sub/deeper").ok());
  ASSERT_TRUE(fs_.SetContents("/db/a", "1").ok());
  ASSERT_TRUE(fs_.SetContents("/db/sub/b", "2").ok());
  EXPECT_THAT(*fs_.GetChildren("/db"), UnorderedElementsAre("a", "sub"));
  EXPECT_THAT(*fs_.GetChildren("/db/sub"), UnorderedElementsAre("b", "deeper"));
  ASSERT_TRUE(fs_.RenameFile("/db/a", "/db/c").ok());
  EXPECT_FALSE(fs_.FileExists("/db/a"));
  EXPECT_EQ(Contents("/db/c"), "1");
  ASSERT_TRUE(fs_.RemoveFile("/db/c").ok());
  EXPECT_THAT(*fs_.GetChildren("/db"), UnorderedElementsAre("sub"));
  EXPECT_TRUE(fs_.GetChildren("/nowhere").status().IsNotFound());
}

TEST_F(FileSystemTest, FlushedAndSyncedLengthsFollowTheCalls) {
  auto file = Create("/db/a");
  ASSERT_TRUE(file->Append("abc").ok());
  EXPECT_EQ(*fs_.FlushedSize("/db/a"), 0u);
  EXPECT_EQ(*fs_.SyncedSize("/db/a"), 0u);
  ASSERT_TRUE(file->Flush().ok());
  EXPECT_EQ(*fs_.FlushedSize("/db/a"), 3u);
  EXPECT_EQ(*fs_.SyncedSize("/db/a"), 0u);
  ASSERT_TRUE(file->Append("de").ok());
  ASSERT_TRUE(file->Sync().ok());
  EXPECT_EQ(*fs_.FlushedSize("/db/a"), 5u);
  EXPECT_EQ(*fs_.SyncedSize("/db/a"), 5u);
  EXPECT_EQ(fs_.sync_count(), 1u);
}

TEST_F(FileSystemTest, PowerLossCutsEveryFileToItsSyncedLength) {
  auto a = Create("/db/a");
  auto b = Create("/db/b");
  ASSERT_TRUE(fs_.SyncDir("/db").ok());
  ASSERT_TRUE(a->Append("synced").ok());
  ASSERT_TRUE(a->Sync().ok());
  ASSERT_TRUE(a->Append("+flushed").ok());
  ASSERT_TRUE(a->Flush().ok());
  ASSERT_TRUE(b->Append("never synced").ok());
  fs_.DropUnsyncedData();
  EXPECT_EQ(Contents("/db/a"), "synced");
  EXPECT_EQ(Contents("/db/b"), "");
}

TEST_F(FileSystemTest, ProcessCrashKeepsFlushedBytes) {
  auto a = Create("/db/a");
  ASSERT_TRUE(a->Append("flushed").ok());
  ASSERT_TRUE(a->Flush().ok());
  ASSERT_TRUE(a->Append("+buffered").ok());
  fs_.DropUnflushedData();
  EXPECT_EQ(Contents("/db/a"), "flushed");
  EXPECT_TRUE(fs_.FileExists("/db/a")) << "names survive a process crash";
}

TEST_F(FileSystemTest, NamesNeedSyncDirToSurvivePowerLoss) {
  ASSERT_TRUE(fs_.SetContents("/db/kept", "k").ok());  // durable name
  auto created = Create("/db/created");
  ASSERT_TRUE(created->Append("x").ok());
  ASSERT_TRUE(created->Sync().ok());  // the data is durable, the name is not
  ASSERT_TRUE(fs_.RenameFile("/db/kept", "/db/renamed").ok());
  fs_.DropUnsyncedData();
  EXPECT_FALSE(fs_.FileExists("/db/created"));
  EXPECT_TRUE(fs_.FileExists("/db/kept"));
  EXPECT_FALSE(fs_.FileExists("/db/renamed"));

  auto again = Create("/db/created");
  ASSERT_TRUE(again->Append("x").ok());
  ASSERT_TRUE(again->Sync().ok());
  ASSERT_TRUE(fs_.RenameFile("/db/kept", "/db/renamed").ok());
  ASSERT_TRUE(fs_.SyncDir("/db").ok());
  fs_.DropUnsyncedData();
  EXPECT_EQ(Contents("/db/created"), "x");
  EXPECT_FALSE(fs_.FileExists("/db/kept"));
  EXPECT_EQ(Contents("/db/renamed"), "k");
}

TEST_F(FileSystemTest, HandlesFromBeforeACrashAreDead) {
  auto file = Create("/db/a");
  ASSERT_TRUE(fs_.SyncDir("/db").ok());
  ASSERT_TRUE(file->Append("before").ok());
  ASSERT_TRUE(file->Sync().ok());
  fs_.DropUnsyncedData();
  EXPECT_TRUE(file->Append("after").IsIOError());
  EXPECT_TRUE(file->Sync().IsIOError());
  EXPECT_TRUE(file->Close().IsIOError());
  EXPECT_EQ(Contents("/db/a"), "before");
}

TEST_F(FileSystemTest, FailWritesAfterLandsAShortWriteThenFails) {
  auto file = Create("/db/a");
  fs_.FailWritesAfter(5);
  ASSERT_TRUE(file->Append("abc").ok());
  Status status = file->Append("defgh");
  EXPECT_TRUE(status.IsIOError()) << status.ToString();
  EXPECT_EQ(Contents("/db/a"), "abcde");
  EXPECT_TRUE(file->Append("x").IsIOError());
  fs_.ClearFaults();
  ASSERT_TRUE(file->Append("x").ok());
  EXPECT_EQ(Contents("/db/a"), "abcdex");
}

TEST_F(FileSystemTest, FailSyncsMakesNothingDurable) {
  auto file = Create("/db/a");
  ASSERT_TRUE(file->Append("abc").ok());
  fs_.FailSyncs(true);
  EXPECT_TRUE(file->Sync().IsIOError());
  EXPECT_EQ(*fs_.SyncedSize("/db/a"), 0u);
  fs_.ClearFaults();
  EXPECT_TRUE(file->Sync().ok());
  EXPECT_EQ(*fs_.SyncedSize("/db/a"), 3u);
}

TEST_F(FileSystemTest, FlipBitsAndTruncate) {
  ASSERT_TRUE(fs_.SetContents("/db/a", "abcdef").ok());
  ASSERT_TRUE(fs_.FlipBits("/db/a", 1, 0x20).ok());
  EXPECT_EQ(Contents("/db/a"), "aBcdef");
  EXPECT_TRUE(fs_.FlipBits("/db/a", 6).IsInvalidArgument());
  ASSERT_TRUE(fs_.Truncate("/db/a", 3).ok());
  EXPECT_EQ(Contents("/db/a"), "aBc");
  EXPECT_EQ(*fs_.SyncedSize("/db/a"), 3u);
  fs_.DropUnsyncedData();
  EXPECT_EQ(Contents("/db/a"), "aBc") << "a cut never comes back";
  ASSERT_TRUE(fs_.Truncate("/db/a", 5).ok());
  EXPECT_EQ(Contents("/db/a"), std::string("aBc\0\0", 5));
}

TEST_F(FileSystemTest, LockIsExclusiveUntilReleasedOrCrashed) {
  auto first = fs_.LockFile("/db/LOCK");
  ASSERT_TRUE(first.ok()) << first.status().ToString();
  EXPECT_TRUE(fs_.LockFile("/db/LOCK").status().IsBusy());
  first->reset();
  auto second = fs_.LockFile("/db/LOCK");
  ASSERT_TRUE(second.ok());
  fs_.DropUnflushedData();  // the process holding it died
  auto third = fs_.LockFile("/db/LOCK");
  ASSERT_TRUE(third.ok()) << third.status().ToString();
  second->reset();  // the dead process's lock object goes away late; the new lock stays
  EXPECT_TRUE(fs_.LockFile("/db/LOCK").status().IsBusy());
}

TEST_F(FileSystemTest, ASlowSyncDoesNotBlockOtherWriters) {
  fs_.SetSyncDelay(std::chrono::milliseconds(300));
  auto file = Create("/db/a");
  ASSERT_TRUE(file->Append("abc").ok());
  std::atomic<bool> synced{false};
  std::thread syncer([&] {
    EXPECT_TRUE(file->Sync().ok());
    synced = true;
  });
  std::this_thread::sleep_for(std::chrono::milliseconds(20));
  auto other = Create("/db/b");
  ASSERT_TRUE(other->Append("x").ok());
  EXPECT_FALSE(synced) << "appends do not wait for a sync in progress";
  syncer.join();
  EXPECT_EQ(*fs_.SyncedSize("/db/a"), 3u);
  EXPECT_EQ(*fs_.SyncedSize("/db/b"), 0u);
}

TEST_F(FileSystemTest, PosixLockIsExclusiveAcrossOpensAndReleasedOnDestruction) {
  testkit::TempDir dir;
  FileSystem* fs = DefaultFileSystem();
  auto first = fs->LockFile(dir.Join("LOCK"));
  ASSERT_TRUE(first.ok()) << first.status().ToString();
  Status second = fs->LockFile(dir.Join("LOCK")).status();
  EXPECT_TRUE(second.IsBusy()) << second.ToString();
  EXPECT_NE(second.message().find(dir.Join("LOCK")), std::string::npos) << second.message();
  first->reset();
  EXPECT_TRUE(fs->LockFile(dir.Join("LOCK")).ok());
}

// The POSIX file system maps files it opens for random access; reads past the end are short,
// an empty file reads as empty, and a removed file stays readable while open.
TEST_F(FileSystemTest, PosixRandomAccessReadsAnywhereAndOutlivesRemoval) {
  testkit::TempDir dir;
  FileSystem* fs = DefaultFileSystem();
  ASSERT_TRUE(fs->WriteFileAtomically(dir.Join("a"), "0123456789").ok());
  ASSERT_TRUE(fs->WriteFileAtomically(dir.Join("empty"), "").ok());
  auto file = fs->NewRandomAccessFile(dir.Join("a"));
  ASSERT_TRUE(file.ok()) << file.status().ToString();
  char scratch[16];
  std::string_view read;
  ASSERT_TRUE((*file)->Read(3, 4, &read, scratch).ok());
  EXPECT_EQ(read, "3456");
  ASSERT_TRUE((*file)->Read(8, 10, &read, scratch).ok());
  EXPECT_EQ(read, "89");
  ASSERT_TRUE((*file)->Read(10, 5, &read, scratch).ok());
  EXPECT_EQ(read, "");
  ASSERT_TRUE(fs->RemoveFile(dir.Join("a")).ok());
  ASSERT_TRUE((*file)->Read(0, 3, &read, scratch).ok());
  EXPECT_EQ(read, "012");

  auto empty = fs->NewRandomAccessFile(dir.Join("empty"));
  ASSERT_TRUE(empty.ok()) << empty.status().ToString();
  ASSERT_TRUE((*empty)->Read(0, 5, &read, scratch).ok());
  EXPECT_EQ(read, "");
  EXPECT_TRUE(fs->NewRandomAccessFile(dir.Join("missing")).status().IsNotFound());
}

// A pinned read of a mapped file is a view of the mapping: no copy (two reads see the same
// bytes at the same address), and the mapping stays while the pin is held, after the file is
// closed and removed. Past the end, reads are short as Read's are.
TEST_F(FileSystemTest, PosixPinnedReadsViewTheMappingAndOutliveTheFile) {
  testkit::TempDir dir;
  FileSystem* fs = DefaultFileSystem();
  ASSERT_TRUE(fs->WriteFileAtomically(dir.Join("a"), "0123456789").ok());
  auto file = fs->NewRandomAccessFile(dir.Join("a"));
  ASSERT_TRUE(file.ok()) << file.status().ToString();
  std::string_view first, second;
  std::shared_ptr<const void> first_pin, second_pin;
  ASSERT_TRUE((*file)->ReadPinned(3, 4, &first, &first_pin).ok());
  ASSERT_TRUE((*file)->ReadPinned(3, 4, &second, &second_pin).ok());
  EXPECT_EQ(first, "3456");
  EXPECT_EQ(first.data(), second.data()) << "both reads view the one mapping";
  EXPECT_EQ(first_pin, second_pin);
  std::string_view tail;
  std::shared_ptr<const void> tail_pin;
  ASSERT_TRUE((*file)->ReadPinned(8, 10, &tail, &tail_pin).ok());
  EXPECT_EQ(tail, "89");
  EXPECT_EQ(tail.data(), first.data() + 5);

  file->reset();
  second_pin.reset();
  tail_pin.reset();
  ASSERT_TRUE(fs->RemoveFile(dir.Join("a")).ok());
  EXPECT_EQ(first, "3456") << "the pin keeps the mapping of a closed, removed file";
}

// A file without a mapping reads into a buffer that the pin owns (the default ReadPinned).
TEST_F(FileSystemTest, PinnedReadsOwnTheirBytesWhenTheFileHasNoMapping) {
  ASSERT_TRUE(fs_.SetContents("/db/a", "hello world").ok());
  auto file = fs_.NewRandomAccessFile("/db/a");
  ASSERT_TRUE(file.ok()) << file.status().ToString();
  std::string_view read;
  std::shared_ptr<const void> pin;
  ASSERT_TRUE((*file)->ReadPinned(6, 10, &read, &pin).ok());
  EXPECT_EQ(read, "world");
  file->reset();
  ASSERT_TRUE(fs_.RemoveFile("/db/a").ok());
  EXPECT_EQ(read, "world") << "the pin owns the bytes, not the file";

  std::shared_ptr<const void> empty_pin;
  ASSERT_TRUE(fs_.SetContents("/db/empty", "").ok());
  auto empty = fs_.NewRandomAccessFile("/db/empty");
  ASSERT_TRUE(empty.ok()) << empty.status().ToString();
  ASSERT_TRUE((*empty)->ReadPinned(0, 5, &read, &empty_pin).ok());
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
  ASSERT_TRUE(file->ReadPinned(7, 5, &read, &pin).ok());
  file.reset();
  EXPECT_EQ(read, "bytes");
}

}  // namespace
}  // namespace stepdb
