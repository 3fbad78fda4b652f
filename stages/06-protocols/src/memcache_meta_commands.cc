// The meta protocol's commands: mg, ms, md, ma and me (mn needs no item). Their flags were
// checked by the parser (memcache_meta.h); here each is acted on in the order it was sent.
//
// A reply is a two-letter code, then one token per flag that returns something, in the
// order the flags came, then (mg) the markers Z, X, W; with the v flag a data block follows:
//
//   mg k s v t c Oa1     ->  VA 2 s2 t-1 c1700000000000042 Oa1\r\nhi\r\n
//   mg missing k Oa2     ->  EN kmissing Oa2\r\n          (a miss echoes only O and k)
#include "memcache_commands.h"
#include "memcache_item.h"
#include "memcache_syntax.h"

namespace stepdb {
namespace {

// The token after the letter of `flag`, if the request carries that flag (at most once: the
// parser refuses a repeated flag).
std::optional<std::string_view> Flag(const McRequest& request, char flag) {
  for (const std::string& token : request.meta_flags) {
    if (token[0] == flag) return std::string_view(token).substr(1);
  }
  return std::nullopt;
}

// A number token the parser has already accepted (N, R: memcached's signed 32 bits).
int64_t Int32Token(std::string_view token) {
  int32_t value = 0;
  (void)ReadMcInt32(token, &value);
  return value;
}

//   k<key>, or k<base64 of the key> b when the request named the key in base64
void AppendKey(const McRequest& request, std::string* out) {
  *out += " k";
  if (request.base64_key) {
    *out += EncodeMcBase64(request.keys[0]);
    *out += " b";
  } else {
    *out += request.keys[0];
  }
}

// What a reply's flags report. Every reply echoes O and k; besides, each command answers the
// flags it knows (`answers`: mg s t c f h l, ma c t, ms c) and passes over the others.
struct Returned {
  std::string_view answers;
  uint64_t cas = 0;
  int64_t ttl = -1;
  size_t size = 0;
  uint32_t client_flags = 0;
};

void AppendFlags(const McRequest& request, const Returned& returned, std::string* out) {
  for (const std::string& token : request.meta_flags) {
    const char flag = token[0];
    if (flag == 'O') {
      *out += " " + token;
    } else if (flag == 'k') {
      AppendKey(request, out);
    } else if (returned.answers.find(flag) != std::string_view::npos) {
      switch (flag) {
        case 's':
          *out += " s" + std::to_string(returned.size);
          break;
        case 't':
          *out += " t" + std::to_string(returned.ttl);
          break;
        case 'c':
          *out += " c" + std::to_string(returned.cas);
          break;
        case 'f':
          *out += " f" + std::to_string(returned.client_flags);
          break;
        case 'h':  // reads are not tracked (see the essay)
          *out += " h0";
          break;
        case 'l':
          *out += " l0";
          break;
      }
    }
  }
}

// A reply without a value: its code and the echoed O and k.
void AppendCode(const McRequest& request, const char* code, std::string* out) {
  *out += code;
  AppendFlags(request, Returned{}, out);
  *out += "\r\n";
}

}  // namespace

Status MemcacheCommands::MetaGet(const McRequest& request, std::string* out) {
  const std::string& key = request.keys[0];
  const int64_t now = NowMs();
  STEPDB_ASSIGN_OR_RETURN(Lookup found, Find(key));
  std::optional<ValueEnvelope> item = std::move(found.item);
  // N fills a miss with an empty item, and the client that filled it wins the recache.
  const bool created = !item && !found.occupied && Flag(request, 'N');
  if (created) item.emplace();
  CountRead(item.has_value(), Flag(request, 'T').has_value());
  if (!item) {
    if (!request.noreply) AppendCode(request, "EN", out);
    return Status::Ok();
  }

  // First what the flags change (in order, so a t before T reports the old TTL)...
  Marks marks = created ? Marks{} : MarksOf(key, item->cas);
  bool touched = false;
  bool won = false;
  int64_t ttl = -1;
  for (const std::string& token : request.meta_flags) {
    const std::string_view value = std::string_view(token).substr(1);
    switch (token[0]) {
      case 'T':
        item->expire_at_ms = McExpireAtMs(request.exptime, now);
        touched = true;
        break;
      case 'N':
        if (created) {
          item->expire_at_ms = McExpireAtMs(Int32Token(value), now);
          won = true;
        }
        break;
      case 'R':  // win early when less TTL is left than the token says
        if (!created && !marks.win_sent && item->expire_at_ms != 0 &&
            item->expire_at_ms < McExpireAtMs(Int32Token(value), now)) {
          won = true;
        }
        break;
      case 't':
        ttl = McTtlSeconds(item->expire_at_ms, now);
        break;
    }
  }
  std::string markers;
  if (marks.win_sent) markers += " Z";
  if (marks.stale) {
    markers += " X";
    won = won || !marks.win_sent;  // the first to see a stale item recaches it
  }
  if (won) {
    markers += " W";
    marks.win_sent = true;
  }
  uint64_t cas = item->cas;
  if (created) {
    STEPDB_RETURN_IF_ERROR(WriteItem(key, *item, &cas, marks));
    ++stats().total_items;
  } else {
    if (touched) STEPDB_RETURN_IF_ERROR(TouchItem(key, *item));
    if (won) SetMarks(key, cas, marks);
  }

  // ...then the reply.
  const bool with_value = Flag(request, 'v').has_value();
  *out += with_value ? "VA " + std::to_string(item->payload.size()) : "HD";
  AppendFlags(request, {"stcfhl", cas, ttl, item->payload.size(), item->client_flags}, out);
  *out += markers + "\r\n";
  if (with_value) *out += item->payload + "\r\n";
  return Status::Ok();
}

Status MemcacheCommands::MetaSet(const McRequest& request, std::string* out) {
  StoreRequest store;
  const std::optional<std::string_view> mode = Flag(request, 'M');
  switch (mode ? (*mode)[0] : 'S') {
    case 'E':
      store.mode = StoreMode::kAdd;
      break;
    case 'A':
      store.mode = StoreMode::kAppend;
      break;
    case 'P':
      store.mode = StoreMode::kPrepend;
      break;
    case 'R':
      store.mode = StoreMode::kReplace;
      break;
    default:
      store.mode = StoreMode::kSet;
      break;
  }
  // C makes set and replace a cas; append and prepend check it too; add ignores it.
  if (Flag(request, 'C')) {
    if (store.mode == StoreMode::kSet || store.mode == StoreMode::kReplace) {
      store.mode = StoreMode::kCas;
    }
    store.compare_cas = true;
    store.cas = request.cas_unique;
  }
  store.invalidate = Flag(request, 'I').has_value();
  store.key = request.keys[0];
  store.data = request.data;
  store.flags = request.flags;
  store.exptime = request.exptime;
  uint64_t cas = 0;
  STEPDB_ASSIGN_OR_RETURN(StoreOutcome outcome, StoreItem(store, &cas));
  const bool stored = outcome == StoreOutcome::kStored;
  if (stored && request.noreply) return Status::Ok();
  *out += OutcomeReply(outcome, /*meta=*/true);
  AppendFlags(request, {.answers = "c", .cas = stored ? cas : 0}, out);  // c0: nothing stored
  *out += "\r\n";
  return Status::Ok();
}

Status MemcacheCommands::MetaDelete(const McRequest& request, std::string* out) {
  const std::string& key = request.keys[0];
  STEPDB_ASSIGN_OR_RETURN(Lookup found, Find(key));
  if (!found.item) {
    ++stats().delete_misses;
    AppendCode(request, "NF", out);
    return Status::Ok();
  }
  ValueEnvelope& item = *found.item;
  if (Flag(request, 'C') && item.cas != request.cas_unique) {
    ++stats().delete_misses;
    AppendCode(request, "EX", out);
    return Status::Ok();
  }
  if (Flag(request, 'I')) {
    // Invalidate: keep the item, stale and with a fresh cas, for mg to serve while one client
    // recaches it; T gives it a new TTL.
    if (Flag(request, 'T')) item.expire_at_ms = McExpireAtMs(request.exptime, NowMs());
    STEPDB_RETURN_IF_ERROR(WriteItem(key, item, nullptr, Marks{.stale = true}));
  } else {
    STEPDB_RETURN_IF_ERROR(keyspace().Delete(kDb, key).status());
    marks_.erase(key);
    ++stats().delete_hits;
  }
  if (!request.noreply) AppendCode(request, "HD", out);
  return Status::Ok();
}

Status MemcacheCommands::MetaArithmetic(const McRequest& request, std::string* out) {
  const std::string& key = request.keys[0];
  const std::optional<std::string_view> mode = Flag(request, 'M');
  const bool incr = !mode || ((*mode)[0] != 'D' && (*mode)[0] != '-');
  const int64_t now = NowMs();
  STEPDB_ASSIGN_OR_RETURN(Lookup found, Find(key));
  std::optional<ValueEnvelope> item = std::move(found.item);
  std::string number;
  const bool created = !item && Flag(request, 'N');
  if (created) {
    // N fills a miss with J (default 0), as memcached's add would; the delta is not applied.
    if (found.occupied) {
      AppendCode(request, "NS", out);
      return Status::Ok();
    }
    uint64_t initial = 0;
    if (const auto token = Flag(request, 'J')) (void)ReadMcUint64(*token, &initial);
    number = std::to_string(initial);
    item.emplace();
    item->payload = number;
  } else if (!item) {
    ++(incr ? stats().incr_misses : stats().decr_misses);
    AppendCode(request, "NF", out);
    return Status::Ok();
  } else {
    // memcached's order: an empty value is not a number, then C0 means "no cas", then the
    // number is read.
    const char* non_numeric = "CLIENT_ERROR cannot increment or decrement non-numeric value\r\n";
    if (item->payload.empty()) {
      *out += non_numeric;
      return Status::Ok();
    }
    if (Flag(request, 'C') && request.cas_unique != 0 && request.cas_unique != item->cas) {
      AppendCode(request, "EX", out);
      return Status::Ok();
    }
    if (!McApplyDelta(&item->payload, incr, request.delta, &number)) {
      *out += non_numeric;
      return Status::Ok();
    }
    ++(incr ? stats().incr_hits : stats().decr_hits);
  }

  int64_t ttl = -1;
  for (const std::string& token : request.meta_flags) {
    switch (token[0]) {
      case 't':
        ttl = McTtlSeconds(item->expire_at_ms, now);
        break;
      case 'T':
        item->expire_at_ms = McExpireAtMs(request.exptime, now);
        break;
      case 'N':
        if (created) item->expire_at_ms = McExpireAtMs(Int32Token(token.substr(1)), now);
        break;
    }
  }
  uint64_t cas = 0;
  STEPDB_RETURN_IF_ERROR(WriteItem(key, *item, &cas, Marks{}));
  if (created) ++stats().total_items;
  if (request.noreply) return Status::Ok();  // q hides success, HD and VA alike

  const bool with_value = Flag(request, 'v').has_value();
  *out += with_value ? "VA " + std::to_string(number.size()) : "HD";
  AppendFlags(request, {.answers = "ct", .cas = cas, .ttl = ttl}, out);
  *out += "\r\n";
  if (with_value) *out += number + "\r\n";
  return Status::Ok();
}

Status MemcacheCommands::MetaDebug(const McRequest& request, std::string* out) {
  ++stats().cmd_meta;
  const std::string& key = request.keys[0];
  STEPDB_ASSIGN_OR_RETURN(Lookup found, Find(key));
  if (!found.item) {
    *out += "EN\r\n";
    return Status::Ok();
  }
  const ValueEnvelope& item = *found.item;
  // exp is memcached's "now - expiry" in seconds: negative while the item lives, -1 if it
  // never expires.
  int64_t exp = -1;
  if (item.expire_at_ms != 0) {
    const int64_t past_ms = NowMs() - item.expire_at_ms;
    exp = past_ms >= 0 ? past_ms / 1000 : -((-past_ms + 999) / 1000);
  }
  *out += "ME ";
  *out += request.base64_key ? EncodeMcBase64(key) : key;
  *out += " exp=" + std::to_string(exp) + " la=0 cas=" + std::to_string(item.cas) +
          " fetch=no cls=1 size=" + std::to_string(key.size() + EncodeEnvelope(item).size()) +
          "\r\n";
  return Status::Ok();
}

}  // namespace stepdb
