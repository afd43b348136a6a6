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

std::string Sha256Of(std::initializer_list<std::string_view> parts) {
  struct Free {
    void operator()(EVP_MD_CTX* context) const { EVP_MD_CTX_free(context); }
  };
  thread_local const std::unique_ptr<EVP_MD_CTX, Free> context(EVP_MD_CTX_new());
  if (!context) throw std::bad_alloc();
  Check(EVP_DigestInit_ex2(context.get(), Algorithm(), nullptr));
  for (std::string_view part : parts) Check(EVP_DigestUpdate(context.get(), part.data(), part.size()));
  std::string digest(kSha256Size, '\0');
  unsigned int size = 0;
  Check(EVP_DigestFinal_ex(context.get(), reinterpret_cast<unsigned char*>(digest.data()), &size));
  return digest;
}

}  // namespace regiotafel
