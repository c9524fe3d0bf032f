#include "user/mail.h"

#include <curl/curl.h>

#include <algorithm>
#include <cstring>
#include <ctime>
#include <stdexcept>
#include <string_view>

#include "common/crypto.h"
#include "common/curl_handle.h"

namespace stylist::user {
namespace {

void CheckHeaderText(const std::string& what, const std::string& text) {
  if (std::any_of(text.begin(), text.end(), [](unsigned char c) { return c < 0x20 || c == 0x7f; })) {
    throw std::invalid_argument("mail: the " + what + " has a control character");
  }
}

std::string RfcDate(std::chrono::system_clock::time_point now) {
  const std::time_t t = std::chrono::system_clock::to_time_t(now);
  std::tm tm{};
  gmtime_r(&t, &tm);
  char buf[64];
  std::strftime(buf, sizeof buf, "%a, %d %b %Y %H:%M:%S +0000", &tm);
  return buf;
}

// The body with CRLF line ends.
std::string CrlfLines(const std::string& body) {
  std::string out;
  out.reserve(body.size() + body.size() / 40);
  for (std::size_t i = 0; i < body.size(); ++i) {
    if (body[i] == '\r') continue;
    if (body[i] == '\n') out += "\r\n";
    else out += body[i];
  }
  if (out.size() < 2 || out.compare(out.size() - 2, 2, "\r\n") != 0) out += "\r\n";
  return out;
}

struct Upload {
  const std::string* data;
  std::size_t offset = 0;
};

std::size_t ReadUpload(char* buffer, std::size_t size, std::size_t count, void* user) {
  auto* u = static_cast<Upload*>(user);
  const std::size_t n = std::min(size * count, u->data->size() - u->offset);
  std::memcpy(buffer, u->data->data() + u->offset, n);
  u->offset += n;
  return n;
}

class SmtpSender : public MailSender {
 public:
  explicit SmtpSender(MailOptions o) : o_(std::move(o)) {}

  void Send(const MailMessage& m) override {
    const std::string text = RenderMail(m, o_.from, std::chrono::system_clock::now());
    CURL* curl = ThreadCurl();
    Upload upload{&text};
    curl_slist* rcpt = curl_slist_append(nullptr, ("<" + AddressOf(m.to) + ">").c_str());
    const std::string from = "<" + AddressOf(o_.from) + ">";
    curl_easy_setopt(curl, CURLOPT_URL, o_.url.c_str());
    curl_easy_setopt(curl, CURLOPT_PROTOCOLS_STR, "smtp,smtps");
    if (o_.tls == "starttls") curl_easy_setopt(curl, CURLOPT_USE_SSL, static_cast<long>(CURLUSESSL_ALL));
    if (!o_.ca_file.empty()) curl_easy_setopt(curl, CURLOPT_CAINFO, o_.ca_file.c_str());
    if (!o_.username.empty()) {
      curl_easy_setopt(curl, CURLOPT_USERNAME, o_.username.c_str());
      curl_easy_setopt(curl, CURLOPT_PASSWORD, o_.password.c_str());
    }
    curl_easy_setopt(curl, CURLOPT_MAIL_FROM, from.c_str());
    curl_easy_setopt(curl, CURLOPT_MAIL_RCPT, rcpt);
    curl_easy_setopt(curl, CURLOPT_READFUNCTION, &ReadUpload);
    curl_easy_setopt(curl, CURLOPT_READDATA, &upload);
    curl_easy_setopt(curl, CURLOPT_UPLOAD, 1L);
    curl_easy_setopt(curl, CURLOPT_TIMEOUT_MS, static_cast<long>(o_.timeout.count()));
    curl_easy_setopt(curl, CURLOPT_CONNECTTIMEOUT_MS, static_cast<long>(std::min<long long>(o_.timeout.count(), 10000)));
    curl_easy_setopt(curl, CURLOPT_NOSIGNAL, 1L);
    char error[CURL_ERROR_SIZE] = "";
    curl_easy_setopt(curl, CURLOPT_ERRORBUFFER, error);
    const CURLcode rc = curl_easy_perform(curl);
    curl_easy_setopt(curl, CURLOPT_ERRORBUFFER, nullptr);  // the handle outlives this frame
    long response = 0;
    curl_easy_getinfo(curl, CURLINFO_RESPONSE_CODE, &response);
    curl_slist_free_all(rcpt);
    if (rc != CURLE_OK) {
      const std::string why = std::string("SMTP: ") + curl_easy_strerror(rc) +
                              (response != 0 ? " (last reply " + std::to_string(response) + ")" : "");
      // A 55x to RCPT TO (RFC 5321 §4.2.2: no such mailbox, not local, not
      // allowed) is about this recipient and final. Any other refusal (at
      // the greeting, the login or MAIL FROM: the relay's set-up, which an
      // operator may fix) is tried again, or every queued mail would die.
      if (response >= 550 && response <= 559 && std::string_view(error).starts_with("RCPT failed")) {
        throw PermanentMailError(why);
      }
      throw std::runtime_error(why);
    }
  }

 private:
  const MailOptions o_;
};

}  // namespace

std::string AddressOf(const std::string& mailbox) {
  const auto open = mailbox.rfind('<');
  const auto close = mailbox.rfind('>');
  if (open != std::string::npos && close != std::string::npos && close > open) {
    return mailbox.substr(open + 1, close - open - 1);
  }
  return mailbox;
}

std::string RenderMail(const MailMessage& m, const std::string& from, std::chrono::system_clock::time_point now) {
  CheckHeaderText("sender", from);
  CheckHeaderText("recipient", m.to);
  CheckHeaderText("subject", m.subject);
  const std::string domain = [&] {
    const std::string address = AddressOf(from);
    const auto at = address.rfind('@');
    return at == std::string::npos ? std::string("stylist.invalid") : address.substr(at + 1);
  }();
  std::string out;
  out += "From: " + from + "\r\n";
  out += "To: " + m.to + "\r\n";
  out += "Subject: " + m.subject + "\r\n";  // the templates' own, plain ASCII
  out += "Date: " + RfcDate(now) + "\r\n";
  out += "Message-ID: <" + crypto::RandomUuid() + "@" + domain + ">\r\n";
  out += "MIME-Version: 1.0\r\n";
  out += "Content-Type: text/plain; charset=utf-8\r\n";
  out += "Content-Transfer-Encoding: 8bit\r\n";
  out += "\r\n";
  out += CrlfLines(m.body);
  return out;
}

std::unique_ptr<MailSender> NewSmtpSender(const MailOptions& options) { return std::make_unique<SmtpSender>(options); }

}  // namespace stylist::user
