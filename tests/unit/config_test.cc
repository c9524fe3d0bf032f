#include "config/config.h"

#include <gtest/gtest.h>

#include <fstream>
#include <sstream>

namespace stylist {
namespace {

Environment Minimal() {
  return {{"STYLIST_DATABASE_URL", "postgresql://localhost/x"},
          {"STYLIST_JWT_SECRET", std::string(32, 's')}};
}

TEST(Config, DefaultsWithMinimalEnvironment) {
  Config c = LoadConfig(Minimal(), {});
  EXPECT_EQ(c.listen_address, "127.0.0.1:50051");
  EXPECT_EQ(c.db.size, 8);
  EXPECT_EQ(c.auth.access_token_ttl, std::chrono::minutes(15));
}

TEST(Config, EmptyVariablesCountAsUnset) {
  auto env = Minimal();
  env["STYLIST_BOOTSTRAP_API_KEY"] = "";
  env["STYLIST_DB_POOL_SIZE"] = "";
  Config c = LoadConfig(env, {});
  EXPECT_TRUE(c.auth.bootstrap_api_key.empty());
  EXPECT_EQ(c.db.size, 8);
  env["STYLIST_JWT_SECRET"] = "";
  EXPECT_THROW(LoadConfig(env, {}), ConfigError);
}

TEST(Config, FlagsOverrideEnvironment) {
  auto env = Minimal();
  env["STYLIST_DB_POOL_SIZE"] = "4";
  Config c = LoadConfig(env, {"--db-pool-size=12", "--listen-address=127.0.0.1:1"});
  EXPECT_EQ(c.db.size, 12);
  EXPECT_EQ(c.listen_address, "127.0.0.1:1");
}

TEST(Config, ErrorsNameTheSetting) {
  auto expect_error = [](Environment env, std::vector<std::string> args, const std::string& name) {
    try {
      LoadConfig(env, args);
      ADD_FAILURE() << "expected an error naming " << name;
    } catch (const ConfigError& e) {
      EXPECT_NE(std::string(e.what()).find(name), std::string::npos) << e.what();
    }
  };
  expect_error({{"STYLIST_JWT_SECRET", std::string(32, 's')}}, {}, "STYLIST_DATABASE_URL");
  auto env = Minimal();
  env["STYLIST_JWT_SECRET"] = "short";
  expect_error(env, {}, "STYLIST_JWT_SECRET");
  env = Minimal();
  env["STYLIST_DB_POOL_SIZE"] = "many";
  expect_error(env, {}, "STYLIST_DB_POOL_SIZE");
  env = Minimal();
  env["STYLIST_DB_POOL_SIZE"] = "0";
  expect_error(env, {}, "STYLIST_DB_POOL_SIZE");
  env = Minimal();
  env["STYLIST_LISTEN_ADRESS"] = "typo";
  expect_error(env, {}, "STYLIST_LISTEN_ADRESS");
  expect_error(Minimal(), {"--no-such-flag=1"}, "--no-such-flag");
  env = Minimal();
  env["STYLIST_S3_PHOTO_URL_TTL"] = "5m";  // presigned URLs without S3 storage
  expect_error(env, {}, "STYLIST_S3_PHOTO_URL_TTL");
  env["STYLIST_STORAGE_BACKEND"] = "s3";
  env["STYLIST_S3_ENDPOINT"] = "http://127.0.0.1:9000";
  env["STYLIST_S3_BUCKET"] = "photos";
  env["STYLIST_S3_ACCESS_KEY_ID"] = "key";
  env["STYLIST_S3_SECRET_ACCESS_KEY"] = "secret";
  EXPECT_EQ(LoadConfig(env, {}).photo_url_ttl, std::chrono::minutes(5));
  env["STYLIST_S3_PHOTO_URL_TTL"] = "2h";  // longer than "short-lived", with S3 storage
  expect_error(env, {}, "out of range");
  expect_error(Minimal(), {"--jwt-secret=" + std::string(40, 'x')}, "--jwt-secret");
  env = Minimal();
  env["STYLIST_EXTERNAL_JWT_ISSUER"] = "https://auth.example.com";
  expect_error(env, {}, "STYLIST_EXTERNAL_JWT_ISSUER");
  env["STYLIST_EXTERNAL_JWT_JWKS_URL"] = "https://auth.example.com/jwks.json";
  expect_error(env, {}, "STYLIST_EXTERNAL_JWT_AUDIENCE");
  env["STYLIST_EXTERNAL_JWT_AUDIENCE"] = "my-project";
  {
    const auto issuers = LoadConfig(env, {}).auth.external_issuers;
    ASSERT_EQ(issuers.size(), 1u);
    EXPECT_EQ(issuers[0].algorithm, "RS256");  // a key set's default
  }
  env["STYLIST_EXTERNAL_JWT_ALGORITHM"] = "none";
  expect_error(env, {}, "STYLIST_EXTERNAL_JWT_ALGORITHM");
  env["STYLIST_EXTERNAL_JWT_ALGORITHM"] = "HS256";  // a key set with a shared-secret algorithm
  expect_error(env, {}, "STYLIST_EXTERNAL_JWT_ALGORITHM");
  env["STYLIST_EXTERNAL_JWT_ALGORITHM"] = "ES256";
  env["STYLIST_EXTERNAL_JWT_HS256_SECRET"] = std::string(40, 's');  // two keys
  expect_error(env, {}, "exactly one");
  // Supabase: both settings or neither; its issuer is the URL's /auth/v1.
  env = Minimal();
  env["STYLIST_SUPABASE_URL"] = "https://abcd.supabase.co/";
  expect_error(env, {}, "STYLIST_SUPABASE_JWT_SECRET");
  env["STYLIST_SUPABASE_JWT_SECRET"] = "short";
  expect_error(env, {}, "STYLIST_SUPABASE_JWT_SECRET");
  env["STYLIST_SUPABASE_JWT_SECRET"] = std::string(40, 'x');
  {
    const auto issuers = LoadConfig(env, {}).auth.external_issuers;
    ASSERT_EQ(issuers.size(), 1u);
    EXPECT_EQ(issuers[0].issuer, "https://abcd.supabase.co/auth/v1");
    EXPECT_EQ(issuers[0].audience, "authenticated");
    EXPECT_EQ(issuers[0].algorithm, "HS256");
  }
  env["STYLIST_EXTERNAL_JWT_ISSUER"] = "https://abcd.supabase.co/auth/v1";
  env["STYLIST_EXTERNAL_JWT_AUDIENCE"] = "authenticated";
  env["STYLIST_EXTERNAL_JWT_JWKS_URL"] = "https://www.googleapis.com/jwks";
  expect_error(env, {}, "set one of the two");
  env["STYLIST_EXTERNAL_JWT_ISSUER"] = "https://securetoken.google.com/p1";
  EXPECT_EQ(LoadConfig(env, {}).auth.external_issuers.size(), 2u);
  // Keys over plain HTTP only from this machine; a key set file is read at
  // start; the refetch interval has a floor.
  env["STYLIST_EXTERNAL_JWT_JWKS_URL"] = "http://keys.example.com/jwks";
  expect_error(env, {}, "https://");
  env["STYLIST_EXTERNAL_JWT_JWKS_URL"] = "http://127.0.0.1:8099/jwks";
  EXPECT_EQ(LoadConfig(env, {}).auth.external_issuers.size(), 2u);
  env["STYLIST_EXTERNAL_JWT_JWKS_MIN_REFRESH"] = "0s";
  expect_error(env, {}, "STYLIST_EXTERNAL_JWT_JWKS_MIN_REFRESH");
  env.erase("STYLIST_EXTERNAL_JWT_JWKS_MIN_REFRESH");
  env.erase("STYLIST_EXTERNAL_JWT_JWKS_URL");
  env["STYLIST_EXTERNAL_JWT_JWKS_FILE"] = "/nonexistent/jwks.json";
  expect_error(env, {}, "STYLIST_EXTERNAL_JWT_JWKS_FILE");
  // A Supabase secret that is the server's own signing secret.
  env = Minimal();
  env["STYLIST_SUPABASE_URL"] = "https://abcd.supabase.co";
  env["STYLIST_SUPABASE_JWT_SECRET"] = env["STYLIST_JWT_SECRET"];
  expect_error(env, {}, "must differ from STYLIST_JWT_SECRET");
  env = Minimal();
  env["STYLIST_ACCESS_TOKEN_TTL"] = "15 minutes";
  expect_error(env, {}, "STYLIST_ACCESS_TOKEN_TTL");
  // The decode budget must hold at least one decode of the largest size.
  env = Minimal();
  env["STYLIST_MAX_DECODE_MEMORY"] = "512MiB";
  env["STYLIST_DECODE_MEMORY_BUDGET"] = "256MiB";
  expect_error(env, {}, "STYLIST_DECODE_MEMORY_BUDGET");
  env["STYLIST_DECODE_MEMORY_BUDGET"] = "2GiB";
  EXPECT_EQ(LoadConfig(env, {}).decode_budget_bytes, 2LL << 30);
  // Trusted proxies: addresses, CIDR prefixes, unix; nothing else.
  env = Minimal();
  env["STYLIST_TRUSTED_PROXIES"] = "10.244.0.0/16,fd00::/8,127.0.0.1,unix";
  EXPECT_EQ(LoadConfig(env, {}).trusted_proxies.size(), 4u);
  EXPECT_TRUE(LoadConfig(env, {}).trusted_proxies.Trusts("10.244.3.4"));
  for (const char* bad : {"10.244.0.0/33", "proxy.internal", "10.0.0.0/", "fd00::/129", "10.0.0.1/8x"}) {
    env["STYLIST_TRUSTED_PROXIES"] = bad;
    expect_error(env, {}, "STYLIST_TRUSTED_PROXIES");
  }
  // Face-photo keys: a file that is no keys file stops the start.
  env = Minimal();
  env["STYLIST_FACE_PHOTO_KEYS_FILE"] = "/nonexistent/keys";
  expect_error(env, {}, "STYLIST_FACE_PHOTO_KEYS_FILE");
}

TEST(Config, OtherProgramsVariablesAreIgnored) {
  auto env = Minimal();
  env["STYLIST_GATEWAY_LISTEN"] = "0.0.0.0:8080";
  env["STYLIST_TEST_DATABASE_URL"] = "x";
  EXPECT_NO_THROW(LoadConfig(env, {}));
}

TEST(Config, ParsesDurationsAndSizes) {
  EXPECT_EQ(ParseDuration("x", "250ms"), std::chrono::milliseconds(250));
  EXPECT_EQ(ParseDuration("x", "2h"), std::chrono::hours(2));
  EXPECT_EQ(ParseDuration("x", "30d"), std::chrono::hours(24 * 30));
  EXPECT_THROW(ParseDuration("x", "10"), ConfigError);
  EXPECT_THROW(ParseDuration("x", "-1s"), ConfigError);
  EXPECT_EQ(ParseByteSize("x", "8MiB"), 8 * 1024 * 1024);
  EXPECT_EQ(ParseByteSize("x", "4096"), 4096);
  EXPECT_EQ(ParseByteSize("x", "3GiB"), 3LL << 30);
  EXPECT_THROW(ParseByteSize("x", "8MB"), ConfigError);
  EXPECT_THROW(ParseInteger("x", "12abc", 0, 100), ConfigError);
}

}  // namespace
}  // namespace stylist

namespace stylist {
namespace {

// .env.example is where operators learn the settings: every one the loader
// knows must be documented there.
TEST(Config, EnvExampleDocumentsEverySetting) {
  std::ifstream in(STYLIST_SOURCE_DIR "/.env.example");
  ASSERT_TRUE(in) << "cannot read .env.example";
  std::ostringstream example;
  example << in.rdbuf();
  std::istringstream help(ConfigHelp());
  std::string line;
  int settings = 0;
  while (std::getline(help, line)) {
    const auto at = line.find("STYLIST_");
    if (at != 2) continue;  // setting lines start "  STYLIST_..."
    const std::string name = line.substr(at, line.find_first_of(" (", at) - at);
    ++settings;
    EXPECT_NE(example.str().find(name), std::string::npos) << name << " is not documented in .env.example";
  }
  EXPECT_GT(settings, 20);
}

}  // namespace
}  // namespace stylist
