// Status: the error value passed across module boundaries (after leveldb's Status).
// A Status is ok, or carries a code, a message in words a clerk understands, and, for a
// validation error, the field it is about (e.g. "aanmelding.gezinsleden[1].bsn").
#pragma once

#include <string>
#include <utility>

namespace regiotafel {

class [[nodiscard]] Status {
 public:
  enum class Code {
    kOk,
    kNotFound,
    kCorruption,       // stored bytes are not what was written
    kIOError,          // the disk or the OS failed
    kInvalidArgument,  // the input breaks a rule; field() names where
    kConflict,         // a version or idempotency conflict
    kUnavailable,      // temporarily not possible (e.g. writes stopped after an I/O error)
  };

  Status() = default;  // ok

  static Status Ok() { return Status(); }
  static Status NotFound(std::string message) { return {Code::kNotFound, std::move(message)}; }
  static Status Corruption(std::string message) { return {Code::kCorruption, std::move(message)}; }
  static Status IOError(std::string message) { return {Code::kIOError, std::move(message)}; }
  static Status InvalidArgument(std::string message, std::string field = {}) {
    return {Code::kInvalidArgument, std::move(message), std::move(field)};
  }
  static Status Conflict(std::string message) { return {Code::kConflict, std::move(message)}; }
  static Status Unavailable(std::string message) { return {Code::kUnavailable, std::move(message)}; }

  bool ok() const { return code_ == Code::kOk; }
  Code code() const { return code_; }
  bool IsNotFound() const { return code_ == Code::kNotFound; }
  bool IsCorruption() const { return code_ == Code::kCorruption; }
  bool IsIOError() const { return code_ == Code::kIOError; }
  bool IsInvalidArgument() const { return code_ == Code::kInvalidArgument; }
  bool IsConflict() const { return code_ == Code::kConflict; }
  bool IsUnavailable() const { return code_ == Code::kUnavailable; }

  const std::string& message() const { return message_; }
  const std::string& field() const { return field_; }

  // "OK", or "<Code>: <field>: <message>" for logs and command lines.
  std::string ToString() const;

 private:
  Status(Code code, std::string message, std::string field = {})
      : code_(code), message_(std::move(message)), field_(std::move(field)) {}

  Code code_ = Code::kOk;
  std::string message_;
  std::string field_;
};

}  // namespace regiotafel
