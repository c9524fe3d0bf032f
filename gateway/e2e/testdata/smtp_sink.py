"""A local SMTP server for the e2e tests: it takes every message and writes
it to OUTDIR as <n>.eml with the envelope in <n>.json, and prints
"port N" once it listens. A recipient whose address contains "retry"
is refused once (451, a temporary failure) before its message is taken, so
the tests can watch the server's outbox try again; one whose address
contains "reject" is always refused (550, for good), and each refusal is
appended to OUTDIR/refused.log.

    python3 smtp_sink.py OUTDIR

Python's own smtpd (deprecated, still in Debian 12's Python 3.11) speaks
SMTP; this file only records.
"""
import json
import os
import sys
import warnings

warnings.filterwarnings("ignore", category=DeprecationWarning)
import asyncore  # noqa: E402
import smtpd  # noqa: E402


class Sink(smtpd.SMTPServer):
    def __init__(self, outdir):
        super().__init__(("127.0.0.1", 0), None, decode_data=False)
        self.outdir = outdir
        self.count = 0
        self.refused = set()

    def refuse(self, rcpt, reply):
        with open(os.path.join(self.outdir, "refused.log"), "a") as f:
            f.write("%s %s\n" % (rcpt, reply))
        return reply

    def process_message(self, peer, mailfrom, rcpttos, data, **kwargs):
        for rcpt in rcpttos:
            if "reject" in rcpt:
                return self.refuse(rcpt, "550 5.1.1 mailbox unavailable")
            if "retry" in rcpt and rcpt not in self.refused:
                self.refused.add(rcpt)
                return self.refuse(rcpt, "451 4.3.0 try again later")
        self.count += 1
        base = os.path.join(self.outdir, str(self.count))
        with open(base + ".eml.tmp", "wb") as f:
            f.write(data)
        with open(base + ".json", "w") as f:
            json.dump({"from": mailfrom, "to": rcpttos}, f)
        os.rename(base + ".eml.tmp", base + ".eml")  # whole, once it appears
        return None


def main():
    sink = Sink(sys.argv[1])
    print("port %d" % sink.socket.getsockname()[1], flush=True)
    asyncore.loop(timeout=0.2)


if __name__ == "__main__":
    main()
