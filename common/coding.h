// Byte coding: fixed-width little-endian integers and varints, as LevelDB encodes them, and
// big-endian ones for keys.
//
// Every on-disk format of StepDB (docs/formats/) is built from these few shapes:
//   fixed32 / fixed64   4 / 8 bytes, least significant byte first
//   fixed64-big-endian  8 bytes, most significant byte first: in a key, byte order is then
//                       numeric order (versions, positions, hashes and scores below a key)
//   varint32 / varint64 7 bits per byte, low groups first, high bit set on every byte but the
//                       last (1..5 / 1..10 bytes); 300 = 0xAC 0x02
//   length-prefixed     varint32 length, then that many bytes
//
// Put* functions append to a std::string. Get* functions read from the front of a
// std::string_view and advance it; they return false (and leave `in` unspecified) when the
// input is too short or malformed, so decoders can turn that into a Corruption status.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

namespace stepdb {

void PutFixed32(std::string* dst, uint32_t value);
void PutFixed64(std::string* dst, uint64_t value);
void PutVarint32(std::string* dst, uint32_t value);
void PutVarint64(std::string* dst, uint64_t value);
void PutLengthPrefixed(std::string* dst, std::string_view bytes);
void PutBigEndian64(std::string* dst, uint64_t value);

// REQUIRES: p points at 4 (8) readable bytes.
inline uint32_t DecodeFixed32(const char* p) {
  const auto* u = reinterpret_cast<const unsigned char*>(p);
  return uint32_t{u[0]} | (uint32_t{u[1]} << 8) | (uint32_t{u[2]} << 16) | (uint32_t{u[3]} << 24);
}
uint64_t DecodeFixed64(const char* p);
void EncodeFixed32(char* p, uint32_t value);
uint64_t DecodeBigEndian64(const char* p);

bool GetFixed32(std::string_view* in, uint32_t* value);
bool GetFixed64(std::string_view* in, uint64_t* value);
bool GetVarint64(std::string_view* in, uint64_t* value);
bool GetLengthPrefixed(std::string_view* in, std::string_view* bytes);

// GetVarint32 for a varint of more than one byte.
bool GetVarint32Slow(std::string_view* in, uint32_t* value);

// A point lookup decodes a few varints per block entry it passes (shared, unshared and value
// lengths), and nearly all of them are below 128: one byte. That case is decided here,
// inline, without the call or the general loop.
inline bool GetVarint32(std::string_view* in, uint32_t* value) {
  if (!in->empty() && (static_cast<unsigned char>(in->front()) & 0x80) == 0) {
    *value = static_cast<unsigned char>(in->front());
    in->remove_prefix(1);
    return true;
  }
  return GetVarint32Slow(in, value);
}

// The number of bytes PutVarint64 writes for `value`.
int VarintLength(uint64_t value);

}  // namespace stepdb
