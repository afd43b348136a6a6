// curve.h without sockets: key pairs (the public key follows from the secret one, as libzmq's own
// zmq_curve_public computes it), Z85 text both ways and what is not Z85, and secret key files
// (mode 0600, never over an existing file, whitespace around the text ignored, refused when not a
// key), in a temporary directory.
#include "transport/curve.h"

#include <gtest/gtest.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <zmq.h>

#include <filesystem>
#include <fstream>
#include <string>

#include "tests/support/bus_frames.h"
#include "tests/support/temp_dir.h"

namespace regiotafel::transport {
namespace {

using testing::TempDir;

void WriteText(const std::string& path, const std::string& text) {
  std::ofstream(path, std::ios::binary) << text;
  std::filesystem::permissions(path,
                               std::filesystem::perms::owner_read | std::filesystem::perms::owner_write);
}

std::string ReadText(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  return std::string(std::istreambuf_iterator<char>(in), {});
}

TEST(CurveKeyTest, AGeneratedPairHasTwoKeysOf32BytesAndEachPairItsOwn) {
  const CurveKeyPair a = GenerateCurveKeyPair(), b = GenerateCurveKeyPair();
  EXPECT_EQ(a.public_key.size(), kCurveKeySize);
  EXPECT_EQ(a.secret_key.size(), kCurveKeySize);
  EXPECT_NE(a.public_key, a.secret_key);
  EXPECT_NE(a.secret_key, b.secret_key);
  EXPECT_NE(a.public_key, b.public_key);
}

TEST(CurveKeyTest, ThePairOfASecretKeyIsTheGeneratedPair) {
  const CurveKeyPair generated = GenerateCurveKeyPair();
  const std::optional<CurveKeyPair> derived = CurveKeyPairFromSecret(generated.secret_key);
  ASSERT_TRUE(derived.has_value());
  EXPECT_EQ(derived->public_key, generated.public_key);
  EXPECT_EQ(derived->secret_key, generated.secret_key);
}

TEST(CurveKeyTest, ThePublicKeyIsTheOneLibzmqDerives) {
  const CurveKeyPair pair = GenerateCurveKeyPair();
  char z85_public[41] = {};
  ASSERT_EQ(zmq_curve_public(z85_public, ToZ85(pair.secret_key).c_str()), 0);
  EXPECT_EQ(std::string(z85_public), ToZ85(pair.public_key));
}

TEST(CurveKeyTest, ASecretKeyOfAnotherSizeHasNoPair) {
  EXPECT_FALSE(CurveKeyPairFromSecret("").has_value());
  EXPECT_FALSE(CurveKeyPairFromSecret(std::string(31, 'k')).has_value());
  EXPECT_FALSE(CurveKeyPairFromSecret(std::string(33, 'k')).has_value());
}

TEST(Z85Test, AKeyIs40CharactersAndComesBackFromThem) {
  const std::string key = GenerateCurveKeyPair().public_key;
  const std::string text = ToZ85(key);
  EXPECT_EQ(text.size(), 40u);
  EXPECT_EQ(FromZ85(text), key);
}

TEST(Z85Test, ZeroBytesAreZeros) {
  // ZeroMQ RFC 32: every 4 bytes are 5 characters, 0 is "0".
  EXPECT_EQ(ToZ85(std::string(32, '\0')), std::string(40, '0'));
  EXPECT_EQ(FromZ85(std::string(40, '0')), std::string(32, '\0'));
}

TEST(Z85Test, TextOfAnotherLengthIsNoKey) {
  const std::string text = ToZ85(GenerateCurveKeyPair().public_key);
  EXPECT_FALSE(FromZ85("").has_value());
  EXPECT_FALSE(FromZ85(text.substr(0, 39)).has_value());
  EXPECT_FALSE(FromZ85(text + "0").has_value());
  EXPECT_FALSE(FromZ85(text.substr(0, 35)).has_value());  // 28 bytes' worth
}

TEST(Z85Test, ACharacterOutsideZ85IsNoKey) {
  std::string text = ToZ85(GenerateCurveKeyPair().public_key);
  text[17] = '"';  // not among Z85's 85 characters
  EXPECT_FALSE(FromZ85(text).has_value());
  text[17] = '~';
  EXPECT_FALSE(FromZ85(text).has_value());
}

TEST(Z85Test, FiveCharactersOverTwoTo32AreNoKey) {
  // "#####" is 85^5 - 1, beyond the 32 bits five characters stand for.
  EXPECT_FALSE(FromZ85(std::string(40, '#')).has_value());
}

TEST(CurveKeyFileTest, AWrittenFileLoadsAsTheSamePair) {
  TempDir dir;
  const CurveKeyPair pair = GenerateCurveKeyPair();
  Status s = WriteCurveKeyFile(dir.Sub("bus.key"), pair);
  ASSERT_TRUE(s.ok()) << s.ToString();

  CurveKeyPair loaded;
  s = LoadCurveKeyFile(dir.Sub("bus.key"), &loaded);
  ASSERT_TRUE(s.ok()) << s.ToString();
  EXPECT_EQ(loaded.secret_key, pair.secret_key);
  EXPECT_EQ(loaded.public_key, pair.public_key);
  EXPECT_EQ(ReadText(dir.Sub("bus.key")).find(ToZ85(pair.secret_key)), 0u);
}

TEST(CurveKeyFileTest, AWrittenFileHasMode0600) {
  TempDir dir;
  const mode_t previous = umask(0);  // so that the mode is the file's own, not the umask's
  Status s = WriteCurveKeyFile(dir.Sub("bus.key"), GenerateCurveKeyPair());
  umask(previous);
  ASSERT_TRUE(s.ok()) << s.ToString();
  struct stat st = {};
  ASSERT_EQ(stat(dir.Sub("bus.key").c_str(), &st), 0);
  EXPECT_EQ(st.st_mode & 0777, 0600u);
}

TEST(CurveKeyFileTest, AnExistingFileIsNeverWrittenOver) {
  TempDir dir;
  const CurveKeyPair first = GenerateCurveKeyPair();
  ASSERT_TRUE(WriteCurveKeyFile(dir.Sub("bus.key"), first).ok());
  const std::string before = ReadText(dir.Sub("bus.key"));

  Status s = WriteCurveKeyFile(dir.Sub("bus.key"), GenerateCurveKeyPair());
  EXPECT_FALSE(s.ok());
  EXPECT_EQ(ReadText(dir.Sub("bus.key")), before);
}

TEST(CurveKeyFileTest, WhitespaceAroundTheKeyIsIgnored) {
  TempDir dir;
  const CurveKeyPair pair = GenerateCurveKeyPair();
  WriteText(dir.Sub("node.key"), " \n\t" + ToZ85(pair.secret_key) + "\r\n\n");

  CurveKeyPair loaded;
  Status s = LoadCurveKeyFile(dir.Sub("node.key"), &loaded);
  ASSERT_TRUE(s.ok()) << s.ToString();
  EXPECT_EQ(loaded.secret_key, pair.secret_key);
  EXPECT_EQ(loaded.public_key, pair.public_key);
}

TEST(CurveKeyFileTest, AFileThatHoldsNoZ85KeyIsInvalidArgument) {
  TempDir dir;
  const CurveKeyPair pair = GenerateCurveKeyPair();
  for (const std::string& text : {std::string("not a key"), ToZ85(pair.secret_key).substr(0, 39),
                                  std::string(40, '"'), ToZ85(pair.secret_key) + " extra"}) {
    WriteText(dir.Sub("bad.key"), text);
    CurveKeyPair loaded;
    Status s = LoadCurveKeyFile(dir.Sub("bad.key"), &loaded);
    EXPECT_TRUE(s.IsInvalidArgument()) << text << ": " << s.ToString();
    std::filesystem::remove(dir.Sub("bad.key"));
  }
}

TEST(CurveKeyFileTest, AMissingFileIsNotFound) {
  TempDir dir;
  CurveKeyPair loaded;
  Status s = LoadCurveKeyFile(dir.Sub("absent.key"), &loaded);
  EXPECT_TRUE(s.IsNotFound()) << s.ToString();
}

}  // namespace
}  // namespace regiotafel::transport
