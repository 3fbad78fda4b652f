// WalReader: reads the records of one log file back, in order, and says how the log ends.
//
// A log can end in three ways, and recovery must tell them apart:
//
//   clean end   the file ends exactly after a whole record (or is empty);
//   torn tail   the file ends inside the last record: the process or the machine died while
//               that record was being appended, so it was never acknowledged under
//               --fsync always. Recovery cuts it off and carries on;
//   corruption  a record that should be whole does not check out and something follows it:
//               the disk (or someone) changed bytes that were once written correctly.
//               Recovery stops and names the file and the offset.
//
// The rules, in the order the reader applies them at offset o (docs/formats/wal.md, "How a
// log ends: clean end, torn tail, corruption", numbers them the same way and gives the
// reasons):
//   1. no bytes left                                      -> clean end
//   2. fewer than 13 bytes left (a partial header)        -> torn tail
//   3. header_crc wrong, and every byte left is zero      -> torn tail (size grew, data never came)
//      header_crc wrong otherwise                         -> corruption
//   4. header fine, type unknown                          -> corruption
//   5. header fine, payload runs past the end of the file -> torn tail
//   6. payload_crc wrong, and only zero bytes (or none)   -> torn tail (the last append only
//      follow the record                                     partly reached the disk)
//      payload_crc wrong otherwise                        -> corruption
// Because the header carries its own checksum, a damaged length can never pass for rule 5:
// damage anywhere but in the payload of the very last record is reported as corruption.
//
// The spec's rule 7 (the checksums pass but the payload does not decode) is not the reader's:
// the reader ignores what a payload means and returns such a record as kRecord, past which
// end_offset() has already moved. ReplayWal applies rule 7 after DecodeBatch, and cuts
// before that record, at record_offset().
//
// The reader is independent of file names, so stage 03 can read several logs with it.
//
// Thread safety: none; one thread uses a reader.
#pragma once

#include <cstdint>
#include <memory>
#include <string>

#include "common/result.h"
#include "file_system.h"
#include "wal_record.h"

namespace stepdb {

class WalReader {
 public:
  enum class Outcome {
    kRecord,    // *type and *payload hold the next record
    kCleanEnd,  // the log ended right after the last record returned
    kTornTail,  // the log ends inside an incomplete record starting at record_offset()
  };

  // Reads `file` from its start. `name` (usually the path) appears in every error message.
  WalReader(std::unique_ptr<SequentialFile> file, std::string name);
  WalReader(const WalReader&) = delete;
  WalReader& operator=(const WalReader&) = delete;

  // Reads the next record. Returns an Outcome, or Corruption with a message naming the file
  // and the record's offset ("<name>: corrupt record at offset 4096: header checksum
  // mismatch; ..."), or the file's read error. After anything but kRecord, do not call again.
  Result<Outcome> ReadRecord(WalRecordType* type, std::string* payload);

  // The offset of the record last returned, or of the torn or corrupt record.
  uint64_t record_offset() const { return record_offset_; }
  // The offset just past the last whole record returned: the log's good prefix ends here,
  // and this is where recovery cuts a torn tail.
  uint64_t end_offset() const { return end_offset_; }
  // After kTornTail: what was incomplete, e.g. "incomplete header (5 of 13 bytes)".
  const std::string& tail_problem() const { return tail_problem_; }

 private:
  // Makes at least n unread bytes available at buffer_[pos_], or all that is left of the
  // file. Returns how many are available (fewer than n only at end of file).
  Result<size_t> Fill(size_t n);
  // The number of bytes from buffer_[from] to the end of the file; *all_zero tells whether
  // each of them is 0. Consumes the rest of the file.
  Result<uint64_t> MeasureRest(size_t from, bool* all_zero);
  // The Corruption status for the record at record_offset_; `rest` bytes follow its start.
  Status Corrupt(const std::string& problem, uint64_t rest) const;

  std::unique_ptr<SequentialFile> file_;
  std::string name_;
  std::string buffer_;   // bytes read from the file, not yet returned, from pos_ on
  std::string scratch_;  // what SequentialFile::Read reads into
  size_t pos_ = 0;
  bool eof_ = false;
  uint64_t record_offset_ = 0;
  uint64_t end_offset_ = 0;
  std::string tail_problem_;
};

}  // namespace stepdb
