#include "keyspace.h"

#include <chrono>
#include <map>
#include <utility>

#include "common/coding.h"
#include "write_batch.h"

namespace stepdb {
namespace {

constexpr char kMetaTag = 'M';
constexpr char kKeyTag = 'K';
constexpr char kRecordTag = 'S';
constexpr std::string_view kDatabasesRecord = "Mdatabases";
constexpr uint64_t kProgressEvery = 1'000'000;

// Reads the 4-byte key length as well as the 8-byte database id.
uint64_t ReadBigEndian(std::string_view bytes) {
  uint64_t value = 0;
  for (char byte : bytes) value = (value << 8) | static_cast<uint8_t>(byte);
  return value;
}

// The least string greater than every string that begins with prefix ("" if there is none:
// the prefix is all 0xff bytes, and the range runs to the end).
std::string PrefixEnd(std::string_view prefix) {
  std::string end(prefix);
  while (!end.empty() && static_cast<uint8_t>(end.back()) == 0xff) end.pop_back();
  if (!end.empty()) end.back() = static_cast<char>(static_cast<uint8_t>(end.back()) + 1);
  return end;
}

uint64_t NowMicros() {
  using namespace std::chrono;
  return static_cast<uint64_t>(
      duration_cast<microseconds>(system_clock::now().time_since_epoch()).count());
}

}  // namespace

bool DeadDatabaseFilter::ShouldDrop(size_t, std::string_view key, std::string_view) const {
  // BEGIN SOLUTION
  // STARTER: (void)key;
  // STARTER: return false;  // keeps every entry: flushed databases stay on disk
  const std::optional<uint64_t> id = Keyspace::DatabaseIdOf(key);
  if (!id) return false;
  std::lock_guard lock(mu_);
  if (!known_ || *id >= next_id_ || live_.count(*id) != 0) return false;
  ++dropped_;
  return true;
  // END SOLUTION
}

void DeadDatabaseFilter::SetLive(std::vector<uint64_t> live, uint64_t next_id) {
  std::lock_guard lock(mu_);
  live_ = std::set<uint64_t>(live.begin(), live.end());
  next_id_ = next_id;
  known_ = true;
}

uint64_t DeadDatabaseFilter::dropped() const {
  std::lock_guard lock(mu_);
  return dropped_;
}

void Keyspace::Batch::Put(int db, std::string_view key, ValueEnvelope value,
                          std::optional<bool> existed) {
  ops_.push_back({db, std::string(key), std::move(value), existed});
}

void Keyspace::Batch::Delete(int db, std::string_view key, std::optional<bool> existed) {
  ops_.push_back({db, std::string(key), std::nullopt, existed});
}

void Keyspace::Batch::Touch(int db, std::string_view key, ValueEnvelope value) {
  ops_.push_back({db, std::string(key), std::move(value), /*existed=*/true, /*keep_cas=*/true});
}

void Keyspace::Batch::PutRecord(int db, std::string_view key, std::string suffix,
                                std::string value) {
  record_ops_.push_back({db, std::string(key), std::move(suffix), std::move(value)});
}

void Keyspace::Batch::DeleteRecord(int db, std::string_view key, std::string suffix) {
  record_ops_.push_back({db, std::string(key), std::move(suffix), std::nullopt});
}

std::string Keyspace::EngineKey(uint64_t db_id, std::string_view key) {
  std::string out;
  out.reserve(9 + key.size());
  out.push_back(kKeyTag);
  PutBigEndian64(&out, db_id);
  out.append(key);
  return out;
}

std::optional<uint64_t> Keyspace::DatabaseIdOf(std::string_view engine_key) {
  if (engine_key.size() < 9 || (engine_key[0] != kKeyTag && engine_key[0] != kRecordTag)) {
    return std::nullopt;
  }
  return ReadBigEndian(engine_key.substr(1, 8));
}

std::string Keyspace::RecordKey(uint64_t db_id, std::string_view key, std::string_view suffix) {
  std::string out;
  out.reserve(13 + key.size() + suffix.size());
  out.push_back(kRecordTag);
  PutBigEndian64(&out, db_id);
  for (int shift = 24; shift >= 0; shift -= 8) {
    out.push_back(static_cast<char>((key.size() >> shift) & 0xff));
  }
  out.append(key);
  out.append(suffix);
  return out;
}

std::optional<Keyspace::RecordKeyParts> Keyspace::ParseRecordKey(std::string_view engine_key) {
  if (engine_key.size() < 13 || engine_key[0] != kRecordTag) return std::nullopt;
  const uint64_t key_size = ReadBigEndian(engine_key.substr(9, 4));
  if (engine_key.size() - 13 < key_size) return std::nullopt;
  return RecordKeyParts{ReadBigEndian(engine_key.substr(1, 8)), engine_key.substr(13, key_size),
                        engine_key.substr(13 + key_size)};
}

Result<std::unique_ptr<Keyspace>> Keyspace::Open(Engine* engine, DeadDatabaseFilter* filter,
                                                 const KeyspaceOptions& options) {
  std::unique_ptr<Keyspace> keyspace(new Keyspace(engine, filter, options));
  STEPDB_RETURN_IF_ERROR(keyspace->Load());
  return keyspace;
}

Status Keyspace::Load() {
  if (options_.databases < 1 || options_.databases > 1024) {
    return Status::InvalidArgument("databases must be between 1 and 1024");
  }
  STEPDB_RETURN_IF_ERROR(LoadDatabases());
  STEPDB_RETURN_IF_ERROR(CountKeys());
  last_cas_ = NowMicros();
  return Status::Ok();
}

// The map record:  next_id:fixed64  count:fixed32  count × id:fixed64
Status Keyspace::LoadDatabases() {
  const size_t wanted = static_cast<size_t>(options_.databases);
  Result<std::string> record = engine_->Get(kDatabasesRecord);
  std::vector<uint64_t> ids;
  uint64_t next_id = 1;
  if (record.ok()) {
    std::string_view in = *record;
    uint32_t count = 0;
    if (!GetFixed64(&in, &next_id) || !GetFixed32(&in, &count) || in.size() != 8ull * count) {
      return Status::Corruption("keyspace: the databases record is damaged");
    }
    for (uint32_t i = 0; i < count; ++i) {
      uint64_t id = 0;
      (void)GetFixed64(&in, &id);
      ids.push_back(id);
    }
  } else if (!record.status().IsNotFound()) {
    return record.status();
  }
  // A server started with more databases than before gets fresh ones; with fewer, the extra
  // ones are kept in the record (and their keys on disk) but not served.
  const bool grow = ids.size() < wanted;
  while (ids.size() < wanted) ids.push_back(next_id++);
  if (grow) return WriteDatabases(std::move(ids), next_id);
  ids_ = std::move(ids);
  next_id_ = next_id;
  if (filter_ != nullptr) filter_->SetLive(ids_, next_id_);
  return Status::Ok();
}

std::string Keyspace::DatabasesRecord(const std::vector<uint64_t>& ids, uint64_t next_id) const {
  std::string value;
  PutFixed64(&value, next_id);
  PutFixed32(&value, static_cast<uint32_t>(ids.size()));
  for (uint64_t id : ids) PutFixed64(&value, id);
  return value;
}

Status Keyspace::WriteDatabases(std::vector<uint64_t> ids, uint64_t next_id) {
  ++write_count_;
  STEPDB_RETURN_IF_ERROR(engine_->Put(kDatabasesRecord, DatabasesRecord(ids, next_id)));
  if (options_.sync_log) STEPDB_RETURN_IF_ERROR(options_.sync_log());
  ids_ = std::move(ids);
  next_id_ = next_id;
  if (filter_ != nullptr) filter_->SetLive(ids_, next_id_);
  return Status::Ok();
}

Status Keyspace::CountKeys() {
  counts_.assign(static_cast<size_t>(databases()), 0);
  for (size_t db = 0; db < counts_.size(); ++db) {
    const std::string start = EngineKey(ids_[db], "");
    const std::string end = EngineKey(ids_[db] + 1, "");
    uint64_t count = 0;
    STEPDB_RETURN_IF_ERROR(
        engine_->Scan(start, end, SIZE_MAX, [&](std::string_view key, std::string_view value) {
          OnKeyCounted(static_cast<int>(db), key.substr(9), value);
          if (++count % kProgressEvery == 0 && options_.on_count_progress) {
            options_.on_count_progress(static_cast<int>(db), count);
          }
          return true;
        }));
    counts_[db] = count;
  }
  return Status::Ok();
}

Result<std::optional<ValueEnvelope>> Keyspace::Get(int db, std::string_view key) {
  Result<std::string> bytes = engine_->Get(EngineKey(ids_[static_cast<size_t>(db)], key));
  if (!bytes.ok()) {
    if (bytes.status().IsNotFound()) return std::optional<ValueEnvelope>();
    return bytes.status();
  }
  STEPDB_ASSIGN_OR_RETURN(ValueEnvelope envelope, DecodeEnvelope(*bytes));
  return std::optional<ValueEnvelope>(std::move(envelope));
}

Result<bool> Keyspace::Exists(int db, std::string_view key) {
  Result<std::string> bytes = engine_->Get(EngineKey(ids_[static_cast<size_t>(db)], key));
  if (bytes.ok()) return true;
  if (bytes.status().IsNotFound()) return false;
  return bytes.status();
}

Status Keyspace::Put(int db, std::string_view key, ValueEnvelope value,
                     std::optional<bool> existed) {
  Batch batch;
  batch.Put(db, key, std::move(value), existed);
  return Apply(batch);
}

Status Keyspace::Touch(int db, std::string_view key, ValueEnvelope value) {
  Batch batch;
  batch.Touch(db, key, std::move(value));
  return Apply(batch);
}

Result<bool> Keyspace::Delete(int db, std::string_view key) {
  STEPDB_ASSIGN_OR_RETURN(bool existed, Exists(db, key));
  if (!existed) return false;
  Batch batch;
  batch.Delete(db, key, /*existed=*/true);
  STEPDB_RETURN_IF_ERROR(Apply(batch));
  return true;
}

Status Keyspace::Apply(const Batch& batch) {
  if (observer_ != nullptr) {
    for (const Batch::Op& op : batch.ops()) {
      if (op.value) observer_->WillStore(op.db, op.key, *op.value);
    }
  }
  // BEGIN SOLUTION
  // STARTER: (void)batch;
  // STARTER: // Start the engine write from RecordWrites(batch): stage 08's records go in it too.
  // STARTER: return Status::NotImplemented("stage 06: Keyspace::Apply");
  // Whether each key exists before and after the batch decides how the counts move.
  std::map<std::pair<int, std::string_view>, std::pair<bool, bool>> touched;
  WriteBatch writes = RecordWrites(batch);
  for (const Batch::Op& op : batch.ops()) {
    auto [it, inserted] = touched.try_emplace({op.db, op.key}, false, false);
    if (inserted && op.existed) {
      it->second.first = *op.existed;
    } else if (inserted) {
      STEPDB_ASSIGN_OR_RETURN(it->second.first, Exists(op.db, op.key));
    }
    it->second.second = op.value.has_value();
    const std::string engine_key = EngineKey(ids_[static_cast<size_t>(op.db)], op.key);
    if (op.value) {
      ValueEnvelope value = *op.value;
      if (!op.keep_cas) value.cas = NextCas();
      writes.Put(engine_key, EncodeEnvelope(value));
    } else {
      writes.Delete(engine_key);
    }
  }
  ++write_count_;
  STEPDB_RETURN_IF_ERROR(engine_->Write(writes));
  for (const auto& [where, state] : touched) {
    const auto [before, after] = state;
    if (before != after) counts_[static_cast<size_t>(where.first)] += after ? 1 : -1;
  }
  return Status::Ok();
  // END SOLUTION
}

WriteBatch Keyspace::RecordWrites(const Batch& batch) const {
  WriteBatch writes;
  for (const Batch::RecordOp& op : batch.record_ops()) {
    const std::string engine_key = RecordKey(ids_[static_cast<size_t>(op.db)], op.key, op.suffix);
    if (op.value) {
      writes.Put(engine_key, *op.value);
    } else {
      writes.Delete(engine_key);
    }
  }
  return writes;
}

Status Keyspace::DeleteExisting(int db, std::span<const std::string_view> keys) {
  WriteBatch writes;
  const uint64_t id = ids_[static_cast<size_t>(db)];
  for (std::string_view key : keys) writes.Delete(EngineKey(id, key));
  ++write_count_;
  STEPDB_RETURN_IF_ERROR(engine_->Write(writes));
  counts_[static_cast<size_t>(db)] -= keys.size();
  return Status::Ok();
}

Status Keyspace::Scan(int db, std::string_view start, size_t limit, const Visitor& visit) {
  const uint64_t id = ids_[static_cast<size_t>(db)];
  const std::string from = EngineKey(id, start);
  const std::string end = EngineKey(id + 1, "");
  return engine_->Scan(from, end, limit, [&](std::string_view key, std::string_view value) {
    return visit(key.substr(9), value);
  });
}

Result<std::optional<std::string>> Keyspace::GetRecord(int db, std::string_view key,
                                                       std::string_view suffix) {
  Result<std::string> value = engine_->Get(RecordKey(ids_[static_cast<size_t>(db)], key, suffix));
  if (value.ok()) return std::optional<std::string>(std::move(*value));
  if (value.status().IsNotFound()) return std::optional<std::string>();
  return value.status();
}

Status Keyspace::ScanRecords(int db, std::string_view key, std::string_view prefix,
                             std::string_view start, std::string_view end, size_t limit,
                             const RecordVisitor& visit) {
  const uint64_t id = ids_[static_cast<size_t>(db)];
  const std::string below = RecordKey(id, key, "");
  const std::string from = RecordKey(id, key, start.empty() ? prefix : start);
  const std::string to =
      end.empty() ? PrefixEnd(RecordKey(id, key, prefix)) : RecordKey(id, key, end);
  return engine_->Scan(from, to, limit, [&](std::string_view engine_key, std::string_view value) {
    return visit(engine_key.substr(below.size()), value);
  });
}

Status Keyspace::FlushDb(int db) {
  // BEGIN SOLUTION
  // STARTER: (void)db;
  // STARTER: return Status::NotImplemented("stage 06: Keyspace::FlushDb");
  std::vector<uint64_t> ids = ids_;
  uint64_t next_id = next_id_;
  ids[static_cast<size_t>(db)] = next_id++;
  STEPDB_RETURN_IF_ERROR(WriteDatabases(std::move(ids), next_id));
  counts_[static_cast<size_t>(db)] = 0;
  return Status::Ok();
  // END SOLUTION
}

Status Keyspace::FlushAll() {
  // BEGIN SOLUTION
  // STARTER: return Status::NotImplemented("stage 06: Keyspace::FlushAll");
  std::vector<uint64_t> ids = ids_;
  uint64_t next_id = next_id_;
  for (int db = 0; db < databases(); ++db) ids[static_cast<size_t>(db)] = next_id++;
  STEPDB_RETURN_IF_ERROR(WriteDatabases(std::move(ids), next_id));
  counts_.assign(counts_.size(), 0);
  return Status::Ok();
  // END SOLUTION
}

Status Keyspace::SwapDb(int a, int b) {
  if (observer_ != nullptr) observer_->WillSwapDatabases(a, b);
  // BEGIN SOLUTION
  // STARTER: (void)a;
  // STARTER: (void)b;
  // STARTER: return Status::NotImplemented("stage 06: Keyspace::SwapDb");
  std::vector<uint64_t> ids = ids_;
  std::swap(ids[static_cast<size_t>(a)], ids[static_cast<size_t>(b)]);
  STEPDB_RETURN_IF_ERROR(WriteDatabases(std::move(ids), next_id_));
  std::swap(counts_[static_cast<size_t>(a)], counts_[static_cast<size_t>(b)]);
  return Status::Ok();
  // END SOLUTION
}

}  // namespace stepdb
