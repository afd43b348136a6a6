// bus_bench's events (bus_bench.h): every side sends the same Signaal envelopes, each with its own
// number, event id and v-nummer, made from one template.
#include <cstdio>
#include <cstring>
#include <random>
#include <string_view>

#include "bench/bus_bench.h"
#include "bench/die.h"
#include "bench/padding.h"
#include "regiotafel/v1/events.pb.h"

namespace regiotafel::bench {

std::atomic<uint64_t> g_next_event{1};

namespace {

constexpr std::string_view kIdPlaceholder = "aaaaaaaa-aaaa-4aaa-aaaa-aaaaaaaaaaaa";
constexpr std::string_view kVnrPlaceholder = "1357913579";

const uint64_t g_seed = std::random_device{}() | (uint64_t{std::random_device{}()} << 32);

uint64_t Mix(uint64_t x) {  // splitmix64
  x += 0x9e3779b97f4a7c15ULL;
  x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9ULL;
  x = (x ^ (x >> 27)) * 0x94d049bb133111ebULL;
  return x ^ (x >> 31);
}

// Event number n's event id: a random-looking version 4 UUID.
void Uuid(uint64_t n, char out[37]) {
  const uint64_t a = Mix(n ^ g_seed), b = Mix(n + 0x632be59bd9b4e019ULL + g_seed);
  char hex[33];
  std::snprintf(hex, sizeof hex, "%016llx%016llx", static_cast<unsigned long long>(a),
                static_cast<unsigned long long>(b));
  hex[12] = '4';
  hex[16] = "89ab"[b & 3];
  std::snprintf(out, 37, "%.8s-%.4s-%.4s-%.4s-%.12s", hex, hex + 8, hex + 12, hex + 16, hex + 20);
}

// Event number n's v-nummer: one of kStreams dossiers.
void Vnr(uint64_t n, char out[11]) {
  std::snprintf(out, 11, "20%08llu", static_cast<unsigned long long>(Mix(n ^ 0x5bd1e995) % kStreams));
}

}  // namespace

EventMaker::EventMaker(const std::string& origin) {
  static constexpr std::string_view kWords[] = {
      "huurachterstand", "overlast", "buren",    "melding", "wijkteam",   "trap",    "portiek",
      "galerij",         "gesprek",  "afspraak", "brief",   "verhuurder", "sleutel", "kamer",
      "woning",          "straat",   "laan",     "plein",   "hof",        "dijk",    "zorg",
      "school",          "kind",     "ouder"};
  v1::Envelope envelope;
  envelope.set_event_id(std::string(kIdPlaceholder));
  envelope.set_origin(origin);
  envelope.set_origin_seq(1'000'000);
  envelope.set_stream("dossier/" + std::string(kVnrPlaceholder));
  envelope.mutable_occurred_at()->set_seconds(1'760'000'000);
  v1::Signaal* signaal = envelope.mutable_signaal();
  signaal->set_datum("2025-03-01");
  signaal->set_v_nummer(std::string(kVnrPlaceholder));
  signaal->set_signaal_id("s1");
  signaal->set_soort(v1::Signaal::OVERIG);
  std::mt19937_64 rng(7);
  PadToSize(envelope, kEnvelopeSize, kWords, rng,
            [&](const std::string& text) { signaal->set_omschrijving(text); });
  omschrijving_ = signaal->omschrijving();
  template_ = envelope.SerializeAsString();
  if (template_.size() != kEnvelopeSize) Die("envelope padding is off: " + std::to_string(template_.size()));
  id_at_ = template_.find(kIdPlaceholder);
  for (size_t at = template_.find(kVnrPlaceholder); at != std::string::npos;
       at = template_.find(kVnrPlaceholder, at + 1)) {
    vnr_at_.push_back(at);
  }
  if (id_at_ == std::string::npos || vnr_at_.size() != 2) Die("the event template has no placeholders");
}

void EventMaker::Make(uint64_t n, std::string* envelope, std::string* event_id,
                      std::string* signature) const {
  envelope->assign(template_);
  char id[37];
  Uuid(n, id);
  std::memcpy(envelope->data() + id_at_, id, 36);
  char vnr[11];
  Vnr(n, vnr);
  for (size_t at : vnr_at_) std::memcpy(envelope->data() + at, vnr, 10);
  if (event_id != nullptr) event_id->assign(id, 36);
  if (signature != nullptr) {
    signature->resize(kSignatureSize);
    for (size_t i = 0; i < kSignatureSize; i += 8) {
      const uint64_t r = Mix(n * 8 + i + g_seed);
      std::memcpy(signature->data() + i, &r, 8);
    }
  }
}

std::string EventMaker::Stream(const std::string& envelope) {
  return "dossier/" + envelope.substr(envelope.find("dossier/") + 8, 10);
}

std::string EventMaker::Body(uint64_t n, std::string* event_id) const {
  char id[37];
  Uuid(n, id);
  event_id->assign(id, 36);
  char vnr[11];
  Vnr(n, vnr);
  return std::string("{\"event_id\": \"") + id +
         "\", \"signaal\": {\"datum\": \"2025-03-01\", \"v_nummer\": \"" + vnr +
         "\", \"signaal_id\": \"s1\", \"soort\": \"OVERIG\", \"omschrijving\": \"" + omschrijving_ + "\"}}";
}

}  // namespace regiotafel::bench
