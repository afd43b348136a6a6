#include "contract/json.h"

#include <google/protobuf/descriptor.h>
#include <google/protobuf/struct.pb.h>
#include <google/protobuf/util/json_util.h>

#include <algorithm>
#include <atomic>
#include <climits>
#include <memory>
#include <string>
#include <vector>

#include "base/parallel.h"
#include "base/uuid.h"
#include "contract/identifiers.h"
#include "contract/internal/messages.h"
#include "contract/streams.h"

namespace regiotafel::contract {

namespace {

namespace pb = google::protobuf;
using internal::EnumChoices;
using internal::Quoted;

// Our bodies nest four deep ({"aanmelding": {"gezinsleden": [{...}]}}). Deeper input is refused
// before protobuf's parser sees it: parsing into google.protobuf.Value takes time quadratic in the
// depth (40 000 '[' take about a minute).
constexpr int kMaxJsonDepth = 32;

// A strict RFC 8259 syntax check. protobuf's own parser is lenient (it takes {aanmelding: {}} and
// 'single quotes', and of two equal keys keeps the last); a body that another JSON reader would
// read differently is refused here. Recursion is bounded by kMaxJsonDepth. Keys are compared as
// written: two spellings of one key ("a" and "\u0061") pass here, and protobuf refuses them later.
class JsonSyntax {
 public:
  explicit JsonSyntax(std::string_view text) : text_(text) {}

  // Ok, or InvalidArgument naming the byte offset where the text stops being JSON.
  Status Check() {
    SkipSpace();
    bool ok = Value(0);
    SkipSpace();
    if (ok && pos_ != text_.size()) ok = Fail("na het einde van het object staat nog tekst");
    if (ok) return Status::Ok();
    if (!duplicate_.empty())
      return Status::InvalidArgument("deze sleutel staat twee keer in het bericht", duplicate_);
    return Status::InvalidArgument("dit is geen geldige JSON: " + error_ + " (bij teken " +
                                   std::to_string(pos_) + ")");
  }

 private:
  bool Fail(std::string error) {
    if (error_.empty()) error_ = std::move(error);
    return false;
  }
  bool AtEnd() const { return pos_ >= text_.size(); }
  char Peek() const { return AtEnd() ? '\0' : text_[pos_]; }
  void SkipSpace() {
    while (!AtEnd() && (Peek() == ' ' || Peek() == '\t' || Peek() == '\n' || Peek() == '\r')) ++pos_;
  }
  bool Take(char c) {
    if (Peek() != c || AtEnd()) return false;
    ++pos_;
    return true;
  }
  static bool IsDigit(char c) { return c >= '0' && c <= '9'; }
  static bool IsHex(char c) { return IsDigit(c) || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F'); }

  bool Value(int depth) {
    if (AtEnd()) return Fail("de tekst houdt te vroeg op");
    const char c = Peek();
    if (c == '{' || c == '[') {
      if (depth >= kMaxJsonDepth) {
        return Fail("te diep genest (hoogstens " + std::to_string(kMaxJsonDepth) + " niveaus)");
      }
      return c == '{' ? Object(depth + 1) : Array(depth + 1);
    }
    if (c == '"') return String();
    if (c == '-' || IsDigit(c)) return Number();
    for (std::string_view literal : {"true", "false", "null"}) {
      if (text_.substr(pos_, literal.size()) == literal) {
        pos_ += literal.size();
        return true;
      }
    }
    return Fail(
        "hier hoort een waarde (tekst tussen dubbele aanhalingstekens, getal, object, lijst, true, "
        "false of null)");
  }

  bool Object(int depth) {
    ++pos_;  // {
    SkipSpace();
    if (Take('}')) return true;
    std::vector<std::string_view> keys;
    while (true) {
      SkipSpace();
      if (Peek() != '"') return Fail("een sleutel staat tussen dubbele aanhalingstekens");
      const size_t key_start = pos_ + 1;
      if (!String()) return false;
      const std::string_view key = text_.substr(key_start, pos_ - 1 - key_start);
      if (std::find(keys.begin(), keys.end(), key) != keys.end()) {
        duplicate_ = PathTo(key);
        return Fail("een sleutel staat twee keer in hetzelfde object");
      }
      keys.push_back(key);
      SkipSpace();
      if (!Take(':')) return Fail("na een sleutel hoort een dubbele punt");
      SkipSpace();
      path_.push_back(std::string(".").append(key));  // not "." + …: GCC 12 -O3 -Wrestrict false positive
      const bool ok = Value(depth);
      path_.pop_back();
      if (!ok) return false;
      SkipSpace();
      if (Take('}')) return true;
      if (!Take(',')) return Fail("hier hoort een komma of }");
    }
  }

  bool Array(int depth) {
    ++pos_;  // [
    SkipSpace();
    if (Take(']')) return true;
    for (int index = 0;; ++index) {
      SkipSpace();
      path_.push_back(std::string("[").append(std::to_string(index)).append("]"));  // as above
      const bool ok = Value(depth);
      path_.pop_back();
      if (!ok) return false;
      SkipSpace();
      if (Take(']')) return true;
      if (!Take(',')) return Fail("hier hoort een komma of ]");
    }
  }

  bool String() {
    ++pos_;  // "
    while (!AtEnd()) {
      const char c = text_[pos_];
      if (c == '"') {
        ++pos_;
        return true;
      }
      if (static_cast<unsigned char>(c) < 0x20)
        return Fail("een tekst mag geen regeleinde of stuurteken bevatten");
      if (c != '\\') {
        ++pos_;
        continue;
      }
      ++pos_;
      const char e = Peek();
      if (e == 'u') {
        for (int i = 1; i <= 4; ++i) {
          if (pos_ + i >= text_.size() || !IsHex(text_[pos_ + i]))
            return Fail("na \\u horen vier hexadecimale cijfers");
        }
        pos_ += 5;
      } else if (AtEnd() || std::string_view("\"\\/bfnrt").find(e) == std::string_view::npos) {
        return Fail("onbekende escape na \\");
      } else {
        ++pos_;
      }
    }
    return Fail("een tekst houdt op zonder afsluitend aanhalingsteken");
  }

  bool Number() {
    Take('-');
    if (Take('0')) {
      // no leading zeros
    } else if (IsDigit(Peek())) {
      while (IsDigit(Peek())) ++pos_;
    } else {
      return Fail("hier hoort een getal");
    }
    if (Take('.')) {
      if (!IsDigit(Peek())) return Fail("na de punt horen cijfers");
      while (IsDigit(Peek())) ++pos_;
    }
    if (Take('e') || Take('E')) {
      if (!Take('+')) Take('-');
      if (!IsDigit(Peek())) return Fail("na de e horen cijfers");
      while (IsDigit(Peek())) ++pos_;
    }
    return true;
  }

  // "aanmelding.gezinsleden[1].naam": the path of `key` in the object being read.
  std::string PathTo(std::string_view key) const {
    std::string out;
    for (const std::string& part : path_) out += part;
    out += ".";
    out += key;
    return out.starts_with('.') ? out.substr(1) : out;
  }

  std::string_view text_;
  size_t pos_ = 0;
  std::string error_;
  std::vector<std::string> path_;  // ".key" or "[index]" per level
  std::string duplicate_;          // the path of a key seen twice
};

pb::util::JsonPrintOptions PrintOptions() {
  pb::util::JsonPrintOptions options;
  options.preserve_proto_field_names = true;
  options.always_print_primitive_fields = true;
  options.always_print_enums_as_ints = false;
  return options;
}

pb::util::JsonParseOptions ParseOptions() {
  pb::util::JsonParseOptions options;
  options.ignore_unknown_fields = false;
  return options;
}

// A protobuf JSON parse error split into where and what. protobuf 3.21 words its errors as
//   "(aanmelding.gezinsleden[0].v_nummer): invalid value 5 for type TYPE_STRING"  a bad value
//   "(aanmelding) bogus: Cannot find field."                                       an unknown key
//   "aanmelding: Proto field is not repeating, cannot start list."                 a key at the root
//   "Unexpected end of string. Expected a value.\n...\n^"                           not JSON
struct ParserError {
  std::string path;     // "aanmelding.gezinsleden[0].v_nummer"; may be empty
  std::string detail;   // protobuf's words, first line only
  bool syntax = false;  // the text is not JSON at all
};

bool IsIdentifier(std::string_view text) {
  return !text.empty() && std::all_of(text.begin(), text.end(), [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_';
  });
}

std::string JoinPath(std::string_view a, std::string_view b) {
  if (a.empty()) return std::string(b);
  if (b.empty()) return std::string(a);
  return std::string(a) + "." + std::string(b);
}

ParserError SplitError(std::string_view message) {
  ParserError error;
  const size_t newline = message.find('\n');
  const bool has_location =
      message.starts_with('(') || message.starts_with(':') ||
      (message.find(": ") != std::string_view::npos && IsIdentifier(message.substr(0, message.find(": "))));
  if (newline != std::string_view::npos || !has_location) {
    error.syntax = true;
    error.detail = std::string(message.substr(0, newline));
    return error;
  }
  if (message.starts_with('(')) {
    const size_t close = message.find(')');
    if (close == std::string_view::npos) {
      error.detail = std::string(message);
      return error;
    }
    error.path = std::string(message.substr(1, close - 1));
    message.remove_prefix(close + 1);
  }
  while (message.starts_with(' ')) message.remove_prefix(1);
  const size_t colon = message.find(": ");
  if (colon != std::string_view::npos && IsIdentifier(message.substr(0, colon))) {
    error.path = JoinPath(error.path, message.substr(0, colon));
    message.remove_prefix(colon + 2);
  } else if (message.starts_with(':')) {
    message.remove_prefix(1);
    while (message.starts_with(' ')) message.remove_prefix(1);
  }
  error.detail = std::string(message);
  return error;
}

// The field that `path` ("aanmelding.gezinsleden[0].v_nummer") names under `root`; nullptr when
// it names none.
const pb::FieldDescriptor* Resolve(const pb::Descriptor* root, std::string_view path) {
  const pb::FieldDescriptor* field = nullptr;
  const pb::Descriptor* type = root;
  while (!path.empty()) {
    if (type == nullptr) return nullptr;
    const size_t dot = path.find('.');
    std::string_view segment = path.substr(0, dot);
    path = dot == std::string_view::npos ? std::string_view() : path.substr(dot + 1);
    segment = segment.substr(0, segment.find('['));
    field = type->FindFieldByName(std::string(segment));
    if (field == nullptr) field = type->FindFieldByCamelcaseName(std::string(segment));
    if (field == nullptr) return nullptr;
    type = field->message_type();
  }
  return field;
}

// What a field wants, in a clerk's words. `element`: the path names one element of a list.
std::string Expected(const pb::FieldDescriptor* field, bool element) {
  if (field->is_repeated() && !element) return "hier hoort een lijst [...]";
  switch (field->cpp_type()) {
    case pb::FieldDescriptor::CPPTYPE_STRING:
      return "hier hoort een tekst tussen dubbele aanhalingstekens";
    case pb::FieldDescriptor::CPPTYPE_INT32:
    case pb::FieldDescriptor::CPPTYPE_UINT32:
      return "hier hoort een geheel getal (hoogstens 2147483647)";
    case pb::FieldDescriptor::CPPTYPE_INT64:
    case pb::FieldDescriptor::CPPTYPE_UINT64:
      return "hier hoort een geheel getal";
    case pb::FieldDescriptor::CPPTYPE_ENUM:
      return "kies " + EnumChoices(field->enum_type());
    case pb::FieldDescriptor::CPPTYPE_MESSAGE:
      return "hier hoort een object {...}";
    default:
      return "deze waarde past niet bij dit veld";
  }
}

// The few errors protobuf's parser finds in text that passed JsonSyntax.
std::string SyntaxInDutch(const std::string& detail) {
  if (detail.find("surrogate") != std::string::npos) {
    return "dit is geen geldige JSON: een \\u-escape tussen D800 en DFFF hoort bij een paar, en dat paar is "
           "niet compleet";
  }
  if (detail.find("exceeds the range") != std::string::npos)
    return "dit is geen geldige JSON: een getal is te groot";
  return "dit is geen geldige JSON: " + detail;
}

// A protobuf JSON parse error of a message of type `root`, in Dutch, with the field it is about.
Status ExplainParserError(std::string_view message, const pb::Descriptor* root) {
  const ParserError error = SplitError(message);
  if (error.syntax) return Status::InvalidArgument(SyntaxInDutch(error.detail));
  if (error.detail.find("Cannot find field") != std::string::npos) {
    return Status::InvalidArgument("dit veld bestaat niet", error.path);
  }
  if (error.detail.find("oneof field") != std::string::npos) {
    return Status::InvalidArgument("er mag maar één gebeurtenis in het bericht staan", "payload");
  }
  if (error.detail.find("Root element must be a message") != std::string::npos) {
    return Status::InvalidArgument("het bericht moet een JSON-object {...} zijn");
  }
  const pb::FieldDescriptor* field = Resolve(root, error.path);
  if (field != nullptr)
    return Status::InvalidArgument(Expected(field, error.path.ends_with(']')), error.path);
  return Status::InvalidArgument("deze waarde past niet bij dit veld (" + error.detail + ")", error.path);
}

// Checks that apply to every JSON text we read, before protobuf's parser sees it.
Status CheckJsonText(std::string_view json) {
  if (json.size() > static_cast<size_t>(INT_MAX)) return Status::InvalidArgument("het bericht is te groot");
  if (!IsValidUtf8(json)) return Status::InvalidArgument("het bericht is geen geldige UTF-8-tekst");
  return JsonSyntax(json).Check();
}

// Why a top-level key other than a payload or "event_id" is refused.
Status RefuseKey(const std::string& key) {
  const pb::Descriptor* envelope = v1::Envelope::descriptor();
  const pb::FieldDescriptor* field = envelope->FindFieldByName(key);
  if (field == nullptr) field = envelope->FindFieldByCamelcaseName(key);
  if (field != nullptr && field->containing_oneof() != nullptr) {
    return Status::InvalidArgument("schrijf de naam van de gebeurtenis als \"" + field->name() + "\"", key);
  }
  if (field != nullptr || key == "signature") {
    return Status::InvalidArgument(
        Quoted(key) + " vult de node zelf in (afzender, volgnummer, stream, tijdstip en handtekening); " +
            "laat het weg uit het bericht",
        key);
  }
  return Status::InvalidArgument(
      "onbekende sleutel " + Quoted(key) +
          "; een bericht heeft één gebeurtenis, zoals \"aanmelding\", en eventueel \"event_id\"",
      key);
}

// `text` as a JSON string literal, quotes and escapes included.
std::string JsonString(const std::string& text) {
  pb::Value value;
  value.set_string_value(text);
  std::string out;
  if (!pb::util::MessageToJsonString(value, &out, PrintOptions()).ok()) return "\"\"";
  return out;
}

// A refusal whose field and message may be printed on a terminal: a key or a detail of protobuf's
// taken from the body keeps no control character (Quoted does the same for values).
Status Printable(Status status) {
  if (!status.IsInvalidArgument()) return status;
  return Status::InvalidArgument(internal::WithoutControlCharacters(status.message()),
                                 internal::WithoutControlCharacters(status.field()));
}

Status ParseBody(std::string_view json, v1::Envelope* out) {
  Status status = CheckJsonText(json);
  if (!status.ok()) return status;

  // First the body as plain JSON, to see its keys: protobuf's Envelope parser would accept the
  // node's own fields and keep the last of two equal keys.
  pb::Value body;
  pb::util::Status parsed = pb::util::JsonStringToMessage(json, &body, ParseOptions());
  if (!parsed.ok()) {
    const ParserError error = SplitError(parsed.message().ToString());
    if (error.detail.find("Repeated map key") != std::string::npos) {
      // The same key spelled two ways ("a" and "\u0061"); protobuf's path here counts map entries.
      const size_t dot = error.path.rfind('.');
      const std::string key = dot == std::string::npos ? error.path : error.path.substr(dot + 1);
      return Status::InvalidArgument("deze sleutel staat twee keer in het bericht", key);
    }
    return Status::InvalidArgument(SyntaxInDutch(error.detail));
  }
  if (body.kind_case() != pb::Value::kStructValue) {
    return Status::InvalidArgument("het bericht moet een JSON-object {...} zijn");
  }
  std::vector<std::string> keys;
  for (const auto& [key, value] : body.struct_value().fields()) keys.push_back(key);
  std::sort(keys.begin(), keys.end());
  std::vector<std::string> payloads;
  for (const std::string& key : keys) {
    if (key == "event_id") continue;
    if (PayloadCaseOf(key) == v1::Envelope::PAYLOAD_NOT_SET) return RefuseKey(key);
    payloads.push_back(key);
  }
  if (payloads.empty()) {
    return Status::InvalidArgument("er zit geen gebeurtenis in het bericht, zoals {\"aanmelding\": {...}}",
                                   "payload");
  }
  if (payloads.size() > 1) {
    std::string names;
    for (const std::string& name : payloads) names += (names.empty() ? "" : ", ") + name;
    return Status::InvalidArgument("er staan " + std::to_string(payloads.size()) +
                                       " gebeurtenissen in het bericht (" + names +
                                       "); stuur er één per bericht",
                                   "payload");
  }

  parsed = pb::util::JsonStringToMessage(json, out, ParseOptions());
  if (!parsed.ok()) {
    out->Clear();
    return ExplainParserError(parsed.message().ToString(), v1::Envelope::descriptor());
  }
  if (out->payload_case() == v1::Envelope::PAYLOAD_NOT_SET) {
    return Status::InvalidArgument("de gebeurtenis is leeg (null); geef een object {...}", payloads.front());
  }
  if (!out->event_id().empty() && !IsCanonicalUuid(out->event_id())) {
    const std::string event_id = out->event_id();
    out->Clear();
    return Status::InvalidArgument(
        "een event_id is een UUID in kleine letters, zoals 3f2b8c1e-9d4a-4e5f-8a7b-1c2d3e4f5a6b, niet " +
            Quoted(event_id),
        "event_id");
  }
  return Status::Ok();
}

}  // namespace

Status EnvelopeFromBody(std::string_view json, v1::Envelope* out) {
  out->Clear();
  return Printable(ParseBody(json, out));
}

std::string BodyFromEnvelope(const v1::Envelope& envelope) {
  std::string body = "{";
  if (!envelope.event_id().empty()) body += "\"event_id\":" + JsonString(envelope.event_id());
  const PayloadCase payload = envelope.payload_case();
  if (payload != v1::Envelope::PAYLOAD_NOT_SET) {
    const pb::FieldDescriptor* field =
        v1::Envelope::descriptor()->FindFieldByNumber(static_cast<int>(payload));
    if (body.size() > 1) body += ',';
    body += "\"" + field->name() + "\":" + ToJson(envelope.GetReflection()->GetMessage(envelope, field));
  }
  body += "}";
  return body;
}

std::string ToJson(const google::protobuf::Message& message) {
  std::string out;
  if (!pb::util::MessageToJsonString(message, &out, PrintOptions()).ok()) return "";
  return out;
}

std::string ListToJson(const google::protobuf::Message& list) {
  const pb::Descriptor* descriptor = list.GetDescriptor();
  const pb::Reflection* reflection = list.GetReflection();
  const pb::FieldDescriptor* field = descriptor->field_count() >= 1 ? descriptor->field(0) : nullptr;
  if (field == nullptr || !field->is_repeated() ||
      field->cpp_type() != pb::FieldDescriptor::CPPTYPE_MESSAGE ||
      !reflection->GetUnknownFields(list).empty()) {
    return ToJson(list);
  }
  // The other fields, printed by ToJson around an empty list, into which the rows go.
  std::unique_ptr<pb::Message> rest(list.New());
  for (int i = 1; i < descriptor->field_count(); ++i) {
    const pb::FieldDescriptor* other = descriptor->field(i);
    if (other->is_repeated() || other->type() != pb::FieldDescriptor::TYPE_STRING) return ToJson(list);
    rest->GetReflection()->SetString(rest.get(), other, reflection->GetString(list, other));
  }
  const std::string frame = ToJson(*rest);
  const std::string empty = "\"" + field->name() + "\":[]";
  const size_t at = frame.find(empty);  // the first field printed: no value before it can hold this
  if (frame.empty() || at == std::string::npos) return ToJson(list);

  const size_t rows = static_cast<size_t>(reflection->FieldSize(list, field));
  // Each part prints its rows joined by commas (into the slot of its first row); the parts are
  // joined the same way.
  std::vector<std::string> parts(rows);
  std::atomic<bool> printed = true;
  ForParts(rows, [&](size_t begin, size_t end) {
    std::string& out = parts[begin];
    for (size_t i = begin; i < end; ++i) {
      const std::string row = ToJson(reflection->GetRepeatedMessage(list, field, static_cast<int>(i)));
      if (row.empty()) printed = false;  // a Timestamp out of range: let ToJson say so for the whole
      if (i > begin) out += ',';
      out += row;
    }
  });
  if (!printed) return ToJson(list);
  std::string json = frame.substr(0, at + empty.size() - 1);  // up to and with the '['
  bool first = true;
  for (const std::string& part : parts) {
    if (part.empty()) continue;
    if (!first) json += ',';
    json += part;
    first = false;
  }
  json += frame.substr(at + empty.size() - 1);  // from the ']' on
  return json;
}

Status FromJson(std::string_view json, google::protobuf::Message* out) {
  Status status = CheckJsonText(json);
  if (!status.ok()) return status;
  pb::util::Status parsed = pb::util::JsonStringToMessage(json, out, ParseOptions());
  if (!parsed.ok()) return Printable(ExplainParserError(parsed.message().ToString(), out->GetDescriptor()));
  return Status::Ok();
}

}  // namespace regiotafel::contract
