#pragma once
// E-mail: the message as sent (RFC 5322 text) and the SMTP relay that takes
// it, through libcurl (STARTTLS or TLS as configured; a relay's credentials
// from the environment only).

#include <chrono>
#include <memory>
#include <stdexcept>
#include <string>

namespace stylist::user {

struct MailOptions {
  // smtp://host:port (STARTTLS as `tls` says) or smtps://host:port (TLS from
  // the start); empty: no mail is sent.
  std::string url;
  std::string username;
  std::string password;  // secret: environment only
  std::string from;      // the sender address, e.g. "Stylist <no-reply@example.com>"
  // "starttls" (required: the relay must offer it), "tls" (smtps://), or
  // "none" (a relay on a private network or loopback only).
  std::string tls = "starttls";
  // PEM file of the certificate authorities the relay's certificate is
  // checked against; empty: the system's.
  std::string ca_file;
  // Prefix of the link in a reset message, e.g.
  // "https://app.example.com/reset?token="; empty: the message has the code
  // only.
  std::string reset_link_base;
  std::chrono::milliseconds timeout{30000};
  // The outbox sender: how often it looks for due messages, the wait after
  // a first failure (doubling after each further one, up to an hour), and
  // the attempts before a message is dead-lettered.
  std::chrono::milliseconds poll_interval{2000};
  std::chrono::milliseconds first_retry{30000};
  int max_attempts = 8;
};

struct MailMessage {
  std::string to;
  std::string subject;
  std::string body;  // plain text, UTF-8
};

// The message as an SMTP client sends it: headers (From, To, Subject,
// Date, Message-ID, MIME), a blank line, the body, CRLF line ends
// throughout. Throws std::invalid_argument for an address or subject with
// a line break or other control character (header injection).
std::string RenderMail(const MailMessage& m, const std::string& from, std::chrono::system_clock::time_point now);

// The bare address of "Name <a@b>" or "a@b".
std::string AddressOf(const std::string& mailbox);

// The relay refused the message for good (a 55x reply: no such mailbox,
// mailbox not allowed, policy): trying again cannot help.
class PermanentMailError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

class MailSender {
 public:
  virtual ~MailSender() = default;
  // Throws std::invalid_argument when the message cannot be sent at all
  // (RenderMail refuses it), PermanentMailError when the relay refuses it
  // for good, std::runtime_error saying why the relay did not take it this
  // time.
  virtual void Send(const MailMessage& m) = 0;
};

std::unique_ptr<MailSender> NewSmtpSender(const MailOptions& options);

}  // namespace stylist::user
