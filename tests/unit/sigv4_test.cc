// SigV4 against published values: the AWS documentation's GET Object
// example and its presigned URL example, and a PUT, a DELETE and a
// presigned path-style GET signed by botocore (the AWS SDK for Python) with
// the same credentials and time.
#include "storage/sigv4.h"

#include <gtest/gtest.h>

namespace stylist::storage {
namespace {

const SigV4Credentials kCreds{"AKIAIOSFODNN7EXAMPLE", "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY", "us-east-1", "s3"};
constexpr std::time_t k20130524 = 1369353600;  // 2013-05-24T00:00:00Z
constexpr char kEmpty[] = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";

TEST(SigV4Test, TheAwsDocumentationsGetObjectExample) {
  SigV4Request r{"GET", "examplebucket.s3.amazonaws.com", "/test.txt", "", {{"range", "bytes=0-9"}}, kEmpty};
  EXPECT_EQ(SignatureV4(r, kCreds, k20130524), "f0e8bdb87c964420e857bd35b5d6ed310bd44f0170aba48dd91039c6036bdb41");
  const auto headers = SignV4(r, kCreds, k20130524);
  EXPECT_EQ(headers[0].second,
            "AWS4-HMAC-SHA256 Credential=AKIAIOSFODNN7EXAMPLE/20130524/us-east-1/s3/aws4_request, "
            "SignedHeaders=host;range;x-amz-content-sha256;x-amz-date, "
            "Signature=f0e8bdb87c964420e857bd35b5d6ed310bd44f0170aba48dd91039c6036bdb41");
  EXPECT_EQ(headers[1].second, "20130524T000000Z");
}

TEST(SigV4Test, PathStylePutAndDeleteAsBotocoreSignsThem) {
  SigV4Request put{"PUT", "127.0.0.1:9000", "/stylist-photos/photos/3f/3f9a", "", {},
                   "b7c61d3c36ab4acda2dbaa7a32a0e5552686cf098dd3df30bed805a8ec43a2ac"};  // sha256("hello photo bytes")
  EXPECT_EQ(SignatureV4(put, kCreds, k20130524), "71015313742821d1673a0d3226802b0722033ad114efe9d6d5bfad04c27c7198");
  SigV4Request del{"DELETE", "127.0.0.1:9000", "/stylist-photos/photos/3f/3f9a", "", {}, kEmpty};
  EXPECT_EQ(SignatureV4(del, kCreds, k20130524), "312a4d4803d1fd3518037b7cfe8ff5148b398098b7449bb940bc5ab9723ac62a");
}

TEST(SigV4Test, PresignedUrlsAsTheAwsDocumentationAndBotocoreMakeThem) {
  SigV4Request doc{"GET", "examplebucket.s3.amazonaws.com", "/test.txt", "", {}, ""};
  EXPECT_EQ(PresignV4(doc, kCreds, k20130524, std::chrono::hours(24)),
            "X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Credential=AKIAIOSFODNN7EXAMPLE%2F20130524%2Fus-east-1%2Fs3%2F"
            "aws4_request&X-Amz-Date=20130524T000000Z&X-Amz-Expires=86400&X-Amz-SignedHeaders=host&X-Amz-Signature="
            "aeeed9bbccd4d02ee5c0109b86d86835f995330da4c265957d157751f604d404");
  SigV4Request path_style{"GET", "127.0.0.1:9000", "/stylist-photos/photos/3f/3f9a", "", {}, ""};
  const std::string query = PresignV4(path_style, kCreds, k20130524, std::chrono::minutes(5));
  EXPECT_TRUE(query.ends_with("&X-Amz-Expires=300&X-Amz-SignedHeaders=host&X-Amz-Signature="
                              "585270bcd4b82661fc2f7a719f7f1bcb976430550ddac72d3776611920997f37"))
      << query;
}

TEST(SigV4Test, KeysAreUriEncodedExceptSlashes) {
  EXPECT_EQ(UriEncodePath("photos/ab/c d+é"), "photos/ab/c%20d%2B%C3%A9");
  EXPECT_EQ(UriEncodePath("a-b_c.d~e/f"), "a-b_c.d~e/f");
}

}  // namespace
}  // namespace stylist::storage
