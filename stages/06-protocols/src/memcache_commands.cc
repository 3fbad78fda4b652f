// The text protocol's commands and what both protocols share: finding an item, storing one
// (memcached's do_store_item), writing it back, and the dispatch.
#include "memcache_commands.h"

#include <algorithm>

#include "memcache_item.h"
#include "memcache_syntax.h"

namespace stepdb {
namespace {

constexpr size_t kMarksCheckedAtLeast = 1024;

// A SERVER_ERROR line holds one line: the status's text with any line break made a space.
std::string ServerError(const Status& status) {
  std::string text = "SERVER_ERROR " + status.ToString();
  for (char& c : text) {
    if (c == '\r' || c == '\n') c = ' ';
  }
  return text + "\r\n";
}

//   VALUE <key> <flags> <bytes> [<cas unique>]\r\n<data block>\r\n
void AppendValue(std::string_view key, const ValueEnvelope& item, bool with_cas, std::string* out) {
  *out += "VALUE ";
  out->append(key);
  *out += " " + std::to_string(item.client_flags) + " " + std::to_string(item.payload.size());
  if (with_cas) *out += " " + std::to_string(item.cas);
  *out += "\r\n";
  *out += item.payload;
  *out += "\r\n";
}

}  // namespace

void MemcacheCommands::Execute(const McRequest& request, ClientState& client, std::string* out) {
  const size_t reply_start = out->size();
  Status status = FlushIfDue();
  if (status.ok()) status = Dispatch(request, client, out);
  if (!status.ok()) {
    out->resize(reply_start);
    if (!request.noreply || IsMetaCommand(request.command)) *out += ServerError(status);
  }
}

Status MemcacheCommands::Dispatch(const McRequest& request, ClientState& client, std::string* out) {
  switch (request.command) {
    case McCommand::kGet:
    case McCommand::kGets:
    case McCommand::kGat:
    case McCommand::kGats:
      return Retrieve(request, out);
    case McCommand::kSet:
    case McCommand::kAdd:
    case McCommand::kReplace:
    case McCommand::kAppend:
    case McCommand::kPrepend:
    case McCommand::kCas:
      return Store(request, out);
    case McCommand::kDelete:
      return Delete(request, out);
    case McCommand::kIncr:
    case McCommand::kDecr:
      return IncrDecr(request, out);
    case McCommand::kTouch:
      return Touch(request, out);
    case McCommand::kFlushAll:
      return FlushAll(request, out);
    case McCommand::kStats:
      Stats(request, client, out);
      return Status::Ok();
    case McCommand::kVersion:
      *out += std::string("VERSION ") + kMemcachedCompatibleVersion + "\r\n";
      return Status::Ok();
    case McCommand::kVerbosity:
      // memcached caps the level at its highest, 2.
      if (!request.args.empty() && ReadMcUint32(request.args[0], &verbosity_)) {
        verbosity_ = std::min<uint32_t>(verbosity_, 2);
      }
      if (!request.noreply) *out += "OK\r\n";
      return Status::Ok();
    case McCommand::kQuit:
      client.close_after_reply = true;
      return Status::Ok();
    case McCommand::kMetaGet:
      return MetaGet(request, out);
    case McCommand::kMetaSet:
      return MetaSet(request, out);
    case McCommand::kMetaDelete:
      return MetaDelete(request, out);
    case McCommand::kMetaArithmetic:
      return MetaArithmetic(request, out);
    case McCommand::kMetaNoop:
      *out += "MN\r\n";
      return Status::Ok();
    case McCommand::kMetaDebug:
      return MetaDebug(request, out);
  }
  return Status::Ok();
}

// ---- The text commands ----

Status MemcacheCommands::Retrieve(const McRequest& request, std::string* out) {
  const bool touch = request.command == McCommand::kGat || request.command == McCommand::kGats;
  const bool with_cas = request.command == McCommand::kGets || request.command == McCommand::kGats;
  const int64_t now = NowMs();
  for (const std::string& key : request.keys) {
    STEPDB_ASSIGN_OR_RETURN(Lookup found, Find(key));
    CountRead(found.item.has_value(), touch);
    if (!found.item) continue;
    ValueEnvelope& item = *found.item;
    if (touch) {
      // A touch that expires the item deletes it; the reply still shows it as it was.
      item.expire_at_ms = McExpireAtMs(request.exptime, now);
      STEPDB_RETURN_IF_ERROR(TouchItem(key, item));
    }
    AppendValue(key, item, with_cas, out);
  }
  *out += "END\r\n";
  return Status::Ok();
}

Status MemcacheCommands::Store(const McRequest& request, std::string* out) {
  StoreRequest store;
  switch (request.command) {
    case McCommand::kAdd:
      store.mode = StoreMode::kAdd;
      break;
    case McCommand::kReplace:
      store.mode = StoreMode::kReplace;
      break;
    case McCommand::kAppend:
      store.mode = StoreMode::kAppend;
      break;
    case McCommand::kPrepend:
      store.mode = StoreMode::kPrepend;
      break;
    case McCommand::kCas:
      store.mode = StoreMode::kCas;
      store.cas = request.cas_unique;
      break;
    default:
      store.mode = StoreMode::kSet;
      break;
  }
  store.key = request.keys[0];
  store.data = request.data;
  store.flags = request.flags;
  store.exptime = request.exptime;
  STEPDB_ASSIGN_OR_RETURN(StoreOutcome outcome, StoreItem(store, nullptr));
  if (!request.noreply) {
    *out += OutcomeReply(outcome, /*meta=*/false);
    *out += "\r\n";
  }
  return Status::Ok();
}

Status MemcacheCommands::Delete(const McRequest& request, std::string* out) {
  const std::string& key = request.keys[0];
  STEPDB_ASSIGN_OR_RETURN(Lookup found, Find(key));
  const char* reply = "NOT_FOUND\r\n";
  if (found.item) {
    STEPDB_RETURN_IF_ERROR(keyspace().Delete(kDb, key).status());
    marks_.erase(key);
    ++stats().delete_hits;
    reply = "DELETED\r\n";
  } else {
    ++stats().delete_misses;
  }
  if (!request.noreply) *out += reply;
  return Status::Ok();
}

Status MemcacheCommands::IncrDecr(const McRequest& request, std::string* out) {
  const bool incr = request.command == McCommand::kIncr;
  const std::string& key = request.keys[0];
  STEPDB_ASSIGN_OR_RETURN(Lookup found, Find(key));
  std::string reply;
  if (!found.item) {
    ++(incr ? stats().incr_misses : stats().decr_misses);
    reply = "NOT_FOUND\r\n";
  } else {
    ValueEnvelope& item = *found.item;
    std::string number;
    if (!McApplyDelta(&item.payload, incr, request.delta, &number)) {
      reply = "CLIENT_ERROR cannot increment or decrement non-numeric value\r\n";
    } else {
      ++(incr ? stats().incr_hits : stats().decr_hits);
      STEPDB_RETURN_IF_ERROR(WriteItem(key, item, nullptr, Marks{}));
      reply = number + "\r\n";
    }
  }
  if (!request.noreply) *out += reply;
  return Status::Ok();
}

Status MemcacheCommands::Touch(const McRequest& request, std::string* out) {
  const std::string& key = request.keys[0];
  STEPDB_ASSIGN_OR_RETURN(Lookup found, Find(key));
  ++stats().cmd_touch;
  const char* reply = "NOT_FOUND\r\n";
  if (found.item) {
    ++stats().touch_hits;
    ValueEnvelope& item = *found.item;
    item.expire_at_ms = McExpireAtMs(request.exptime, NowMs());
    STEPDB_RETURN_IF_ERROR(TouchItem(key, item));
    reply = "TOUCHED\r\n";
  } else {
    ++stats().touch_misses;
  }
  if (!request.noreply) *out += reply;
  return Status::Ok();
}

Status MemcacheCommands::FlushAll(const McRequest& request, std::string* out) {
  ++stats().cmd_flush;
  const int64_t now = NowMs();
  // A delay of 0 or less flushes at once, as memcached's process_flush_all_command does.
  const int64_t due = request.exptime > 0 ? McExpireAtMs(request.exptime, now) : now;
  if (due <= now) {
    flush_due_ms_ = 0;
    STEPDB_RETURN_IF_ERROR(FlushNow());
  } else {
    flush_due_ms_ = due;
  }
  if (!request.noreply) *out += "OK\r\n";
  return Status::Ok();
}

// ---- What both protocols share ----

int64_t MemcacheCommands::NowMs() const { return server_.clock->NowMs(); }

Result<MemcacheCommands::Lookup> MemcacheCommands::Find(std::string_view key) {
  // A keyspace that expires keys (stage 07) deletes a due one as this lookup reaches it and
  // counts it in expired_keys; memcached counts such a lookup as get_expired.
  const uint64_t expired_before = server_.stats->expired_keys;
  STEPDB_ASSIGN_OR_RETURN(std::optional<ValueEnvelope> value, keyspace().Get(kDb, key));
  if (server_.stats->expired_keys != expired_before) ++stats().get_expired;
  Lookup found;
  found.occupied = value.has_value();
  if (value && value->type == ValueType::kString) found.item = std::move(value);
  return found;
}

void MemcacheCommands::CountRead(bool hit, bool touch) {
  MemcacheStats& counters = stats();
  if (touch) {
    ++counters.cmd_touch;
    ++(hit ? counters.touch_hits : counters.touch_misses);
  } else {
    ++counters.cmd_get;
    ++(hit ? counters.get_hits : counters.get_misses);
  }
  ++(hit ? server_.stats->keyspace_hits : server_.stats->keyspace_misses);
}

Result<MemcacheCommands::StoreOutcome> MemcacheCommands::StoreItem(const StoreRequest& request,
                                                                   uint64_t* cas) {
  ++stats().cmd_set;
  // A plain set replaces whatever is there, so it need not look first.
  Lookup found;
  if (request.mode != StoreMode::kSet) {
    STEPDB_ASSIGN_OR_RETURN(found, Find(request.key));
  }
  const std::optional<ValueEnvelope>& old = found.item;
  ValueEnvelope item;
  item.client_flags = request.flags;
  item.expire_at_ms = McExpireAtMs(request.exptime, NowMs());
  item.payload.assign(request.data);
  Marks marks;
  switch (request.mode) {
    case StoreMode::kSet:
      break;
    case StoreMode::kAdd:
      if (found.occupied) return StoreOutcome::kNotStored;
      break;
    case StoreMode::kReplace:
      if (!old) return StoreOutcome::kNotStored;
      break;
    case StoreMode::kAppend:
    case StoreMode::kPrepend:
      // The old item's flags and expiry stay; only its bytes grow.
      if (!old) return StoreOutcome::kNotStored;
      if (request.compare_cas && request.cas != 0 && request.cas != old->cas) {
        return StoreOutcome::kExists;
      }
      item.client_flags = old->client_flags;
      item.expire_at_ms = old->expire_at_ms;
      item.payload = request.mode == StoreMode::kAppend ? old->payload + item.payload
                                                        : item.payload + old->payload;
      break;
    case StoreMode::kCas:
      if (!old) {
        ++stats().cas_misses;
        return StoreOutcome::kNotFound;
      }
      if (request.cas == old->cas) {
        ++stats().cas_hits;
      } else if (request.invalidate && request.cas < old->cas) {
        // An older writer may still store its data, but only as stale, keeping the item's TTL
        // and its recache token.
        ++stats().cas_hits;
        item.expire_at_ms = old->expire_at_ms;
        marks.stale = true;
        marks.win_sent = MarksOf(request.key, old->cas).win_sent;
      } else {
        ++stats().cas_badval;
        return StoreOutcome::kExists;
      }
      break;
  }
  STEPDB_RETURN_IF_ERROR(WriteItem(request.key, item, cas, marks));
  ++stats().total_items;
  return StoreOutcome::kStored;
}

const char* MemcacheCommands::OutcomeReply(StoreOutcome outcome, bool meta) {
  switch (outcome) {
    case StoreOutcome::kStored:
      return meta ? "HD" : "STORED";
    case StoreOutcome::kNotStored:
      return meta ? "NS" : "NOT_STORED";
    case StoreOutcome::kExists:
      return meta ? "EX" : "EXISTS";
    case StoreOutcome::kNotFound:
      return meta ? "NF" : "NOT_FOUND";
  }
  return "";
}

Status MemcacheCommands::WriteItem(std::string_view key, const ValueEnvelope& item, uint64_t* cas,
                                   Marks marks) {
  if (IsExpired(item.expire_at_ms, NowMs())) {
    if (!marks_.empty()) marks_.erase(std::string(key));
    if (cas != nullptr) *cas = 0;
    return keyspace().Delete(kDb, key).status();
  }
  STEPDB_RETURN_IF_ERROR(keyspace().Put(kDb, key, item));
  const bool marked = marks.stale || marks.win_sent;
  if (cas == nullptr && !marked) {
    if (!marks_.empty()) marks_.erase(std::string(key));
    return Status::Ok();
  }
  // The keyspace picks the cas as it writes; read it back.
  STEPDB_ASSIGN_OR_RETURN(std::optional<ValueEnvelope> written, keyspace().Get(kDb, key));
  const uint64_t written_cas = written ? written->cas : 0;
  if (cas != nullptr) *cas = written_cas;
  SetMarks(key, written_cas, marks);
  return Status::Ok();
}

Status MemcacheCommands::TouchItem(std::string_view key, const ValueEnvelope& item) {
  if (IsExpired(item.expire_at_ms, NowMs())) return WriteItem(key, item, nullptr, Marks{});
  return keyspace().Touch(kDb, key, item);
}

Status MemcacheCommands::FlushIfDue() {
  if (flush_due_ms_ == 0 || NowMs() < flush_due_ms_) return Status::Ok();
  STEPDB_RETURN_IF_ERROR(FlushNow());
  flush_due_ms_ = 0;
  return Status::Ok();
}

Status MemcacheCommands::FlushNow() {
  marks_.clear();
  marks_checked_size_ = 0;
  return keyspace().FlushDb(kDb);
}

MemcacheCommands::Marks MemcacheCommands::MarksOf(std::string_view key, uint64_t cas) {
  if (marks_.empty()) return {};
  auto it = marks_.find(std::string(key));
  if (it == marks_.end()) return {};
  if (it->second.first != cas) {
    marks_.erase(it);  // the key was written since: a new item has no marks
    return {};
  }
  return it->second.second;
}

void MemcacheCommands::SetMarks(std::string_view key, uint64_t cas, Marks marks) {
  if (!marks.stale && !marks.win_sent) {
    marks_.erase(std::string(key));
    return;
  }
  marks_[std::string(key)] = {cas, marks};
  if (marks_.size() < std::max(kMarksCheckedAtLeast, 2 * marks_checked_size_)) return;
  // Keys written or deleted since they were marked keep their entries until met again;
  // whenever the table doubles, find them all, so it holds about as many entries as there are
  // marked items. Each check is one Get, paid for by the insertions that doubled the table.
  for (auto it = marks_.begin(); it != marks_.end();) {
    Result<std::optional<ValueEnvelope>> value = keyspace().Get(kDb, it->first);
    const bool current = !value.ok() || (*value && (*value)->cas == it->second.first);
    it = current ? std::next(it) : marks_.erase(it);
  }
  marks_checked_size_ = marks_.size();
}

}  // namespace stepdb
