#pragma once
// Calendar dates (google.type.Date): the ISO form the database takes, day
// arithmetic and validity. Dates are plain calendar days; "today" is the
// UTC day.

#include <optional>
#include <string>

#include "google/type/date.pb.h"

namespace stylist {

// "YYYY-MM-DD" for a set date, nullopt for an unset one (all zero).
std::optional<std::string> DateParam(const google::type::Date& date);
// Sets `date` from "YYYY-MM-DD"; leaves it unchanged on anything else.
void SetDate(google::type::Date* date, const std::string& iso);
// Today's date in UTC.
google::type::Date Today();

bool IsSet(const google::type::Date& date);
// A real calendar day in 1900..9999 (not 2026-02-30).
bool IsRealDate(const google::type::Date& date);
// Days since 1970-01-01, and back.
long DaysFromCivil(const google::type::Date& date);
google::type::Date CivilFromDays(long days);
google::type::Date AddDays(const google::type::Date& date, long days);

}  // namespace stylist
