// Compiled by the tests in tests/build/CMakeLists.txt: with the right
// number of arguments this compiles; with STYLIST_WRONG_ARITY (one argument
// too few) or STYLIST_MISSPELT_QUERY it must not.
#include "db/queries.h"

namespace stylist {

pqxx::row ReadProfile(pqxx::transaction_base& tx, const std::string& user_id) {
#if defined(STYLIST_WRONG_ARITY)
  (void)user_id;
  return db::Exec1(tx, sql::user::get_profile);
#elif defined(STYLIST_MISSPELT_QUERY)
  return db::Exec1(tx, sql::user::get_profiel, user_id);
#else
  return db::Exec1(tx, sql::user::get_profile, user_id);
#endif
}

}  // namespace stylist
