#include "base/sha256.h"

#include <cstdlib>
#include <new>

namespace regiotafel {
namespace {

// Fetched once: an implicit fetch by name on every hash costs more than the hash.
const EVP_MD* Algorithm() {
  static EVP_MD* const md = EVP_MD_fetch(nullptr, "SHA256", nullptr);
  return md;
}

// A failure here means OpenSSL itself is broken (no SHA-256, no memory): nothing can be trusted.
void Check(int ok) {
  if (ok != 1) std::abort();
}

}  // namespace

Sha256::Sha256() : context_(EVP_MD_CTX_new()) {
  if (!context_) throw std::bad_alloc();
  Check(EVP_DigestInit_ex2(context_.get(), Algorithm(), nullptr));
}

Sha256& Sha256::Update(std::string_view bytes) {
  Check(EVP_DigestUpdate(context_.get(), bytes.data(), bytes.size()));
  return *this;
}

std::string Sha256::Finish() {
  std::string digest(kSha256Size, '\0');
  unsigned int size = 0;
  Check(EVP_DigestFinal_ex(context_.get(), reinterpret_cast<unsigned char*>(digest.data()), &size));
  return digest;
}

}  // namespace regiotafel
