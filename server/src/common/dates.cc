#include "common/dates.h"

#include <chrono>
#include <cstdio>
#include <ctime>

namespace stylist {
namespace {

bool IsLeap(int y) { return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0; }

int DaysIn(int y, int m) {
  static const int days[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  return m == 2 && IsLeap(y) ? 29 : days[m - 1];
}

}  // namespace

std::optional<std::string> DateParam(const google::type::Date& date) {
  if (!IsSet(date)) return std::nullopt;
  char buf[16];
  std::snprintf(buf, sizeof buf, "%04d-%02d-%02d", date.year(), date.month(), date.day());
  return std::string(buf);
}

void SetDate(google::type::Date* date, const std::string& iso) {
  int y = 0, m = 0, d = 0;
  if (std::sscanf(iso.c_str(), "%d-%d-%d", &y, &m, &d) == 3) {
    date->set_year(y);
    date->set_month(m);
    date->set_day(d);
  }
}

google::type::Date Today() {
  const std::time_t now = std::chrono::system_clock::to_time_t(std::chrono::system_clock::now());
  std::tm tm{};
  gmtime_r(&now, &tm);
  google::type::Date d;
  d.set_year(tm.tm_year + 1900);
  d.set_month(tm.tm_mon + 1);
  d.set_day(tm.tm_mday);
  return d;
}

bool IsSet(const google::type::Date& date) { return date.year() != 0 || date.month() != 0 || date.day() != 0; }

bool IsRealDate(const google::type::Date& date) {
  return date.year() >= 1900 && date.year() <= 9999 && date.month() >= 1 && date.month() <= 12 && date.day() >= 1 &&
         date.day() <= DaysIn(date.year(), date.month());
}

// H. Hinnant's days_from_civil and civil_from_days.
long DaysFromCivil(const google::type::Date& date) {
  const int m = date.month();
  const long y = date.year() - (m <= 2);
  const long era = (y >= 0 ? y : y - 399) / 400;
  const long yoe = y - era * 400;
  const long doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + date.day() - 1;
  const long doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + doe - 719468;
}

google::type::Date CivilFromDays(long z) {
  z += 719468;
  const long era = (z >= 0 ? z : z - 146096) / 146097;
  const long doe = z - era * 146097;
  const long yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  const long doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  const long mp = (5 * doy + 2) / 153;
  const long d = doy - (153 * mp + 2) / 5 + 1;
  const long m = mp < 10 ? mp + 3 : mp - 9;
  google::type::Date out;
  out.set_year(static_cast<int>(yoe + era * 400 + (m <= 2)));
  out.set_month(static_cast<int>(m));
  out.set_day(static_cast<int>(d));
  return out;
}

google::type::Date AddDays(const google::type::Date& date, long days) {
  return CivilFromDays(DaysFromCivil(date) + days);
}

}  // namespace stylist
