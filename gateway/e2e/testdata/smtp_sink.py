"""The e2e tests' mail relay, as a production relay behaves: it offers
STARTTLS with the certificate it is given and takes mail only over TLS from
a client that logged in (AUTH PLAIN or LOGIN) with the user and password it
is given. It writes every message it takes to OUTDIR as <n>.eml, with the
envelope in <n>.json (sender, recipients, the logged-in user, whether TLS
was on), and prints "port N" once it listens. A recipient whose address
contains "retry" is refused once at the end of the data (451, a temporary
failure); one whose address contains "reject" is always refused at RCPT
(550, for good); each refusal is appended to OUTDIR/refused.log.

    smtp_sink.py OUTDIR CERT_PEM KEY_PEM USER PASSWORD

aiosmtpd (from PyPI, tools/smtp-sink-venv.sh) speaks SMTP; this file only
records and refuses.
"""
import asyncio
import json
import os
import ssl
import sys
import warnings

from aiosmtpd.smtp import SMTP, AuthResult, LoginPassword


class Recorder:
    def __init__(self, outdir):
        self.outdir = outdir
        self.count = 0
        self.refused_once = set()

    def refuse(self, rcpt, reply):
        with open(os.path.join(self.outdir, "refused.log"), "a") as f:
            f.write("%s %s\n" % (rcpt, reply))
        return reply

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        if "reject" in address:
            return self.refuse(address, "550 5.1.1 mailbox unavailable")
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):
        for rcpt in envelope.rcpt_tos:
            if "retry" in rcpt and rcpt not in self.refused_once:
                self.refused_once.add(rcpt)
                return self.refuse(rcpt, "451 4.3.0 try again later")
        self.count += 1
        base = os.path.join(self.outdir, str(self.count))
        with open(base + ".eml.tmp", "wb") as f:
            f.write(envelope.original_content)
        with open(base + ".json", "w") as f:
            user = session.auth_data.login.decode() if session.auth_data else None
            json.dump({"from": envelope.mail_from, "to": envelope.rcpt_tos, "auth_user": user,
                       "tls": session.ssl is not None}, f)
        os.rename(base + ".eml.tmp", base + ".eml")  # whole, once it appears
        return "250 OK"


# aiosmtpd's own use of a name it deprecates; nothing this file does.
warnings.filterwarnings("ignore", message="Session.login_data is deprecated")


async def serve(outdir, cert, key, user, password):
    tls = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    tls.load_cert_chain(cert, key)

    def authenticate(server, session, envelope, mechanism, auth_data):
        ok = (isinstance(auth_data, LoginPassword) and auth_data.login == user.encode()
              and auth_data.password == password.encode())
        return AuthResult(success=ok, handled=False, auth_data=auth_data if ok else None)

    recorder = Recorder(outdir)
    # A port the kernel picks (aiosmtpd's Controller would probe port 0).
    server = await asyncio.get_running_loop().create_server(
        lambda: SMTP(recorder, hostname="127.0.0.1", tls_context=tls, require_starttls=True,
                     auth_required=True, auth_require_tls=True, authenticator=authenticate),
        host="127.0.0.1", port=0)
    print("port %d" % server.sockets[0].getsockname()[1], flush=True)
    async with server:
        await server.serve_forever()


def main():
    asyncio.run(serve(*sys.argv[1:6]))


if __name__ == "__main__":
    main()
