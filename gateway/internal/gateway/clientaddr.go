package gateway

import (
	"net"
	"net/http"
	"net/netip"
	"strings"
)

// withClientAddress decides once, for every request, which address is the
// client's, and makes it the request's RemoteAddr (the REST handlers, the
// gRPC proxy and the access log all read it from there). It is the TCP peer,
// unless that peer is one of the trusted proxies (a load balancer in front
// of the edge): then X-Forwarded-For is read from the right, skipping
// trusted proxies, and the first other address is the client's. Headers a
// client could use to claim another address are removed, so nothing after
// this point sees them: the edge alone tells the server who the client is.
func withClientAddress(trusted []netip.Prefix, next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if client, ok := clientAddress(r, trusted); ok {
			r.RemoteAddr = net.JoinHostPort(client.String(), "0")
		}
		r.Header.Del("X-Forwarded-For")
		r.Header.Del("X-Real-Ip")
		r.Header.Del("Forwarded")
		next.ServeHTTP(w, r)
	})
}

// clientAddress is the client's address for r, and false when the peer is
// the client itself (RemoteAddr is then left as it is, port included).
func clientAddress(r *http.Request, trusted []netip.Prefix) (netip.Addr, bool) {
	peer, ok := parseHost(r.RemoteAddr)
	if !ok || !isTrusted(peer, trusted) {
		return netip.Addr{}, false
	}
	client := peer
	hops := r.Header.Values("X-Forwarded-For")
	for i := len(hops) - 1; i >= 0; i-- {
		parts := strings.Split(hops[i], ",")
		for j := len(parts) - 1; j >= 0; j-- {
			addr, err := netip.ParseAddr(strings.TrimSpace(parts[j]))
			if err != nil {
				// A malformed hop: nothing left of it can be believed.
				return client, true
			}
			client = addr.Unmap()
			if !isTrusted(client, trusted) {
				return client, true
			}
		}
	}
	return client, true
}

func parseHost(remoteAddr string) (netip.Addr, bool) {
	host, _, err := net.SplitHostPort(remoteAddr)
	if err != nil {
		host = remoteAddr
	}
	addr, err := netip.ParseAddr(host)
	if err != nil {
		return netip.Addr{}, false
	}
	return addr.Unmap(), true
}

func isTrusted(addr netip.Addr, trusted []netip.Prefix) bool {
	for _, p := range trusted {
		if p.Contains(addr) {
			return true
		}
	}
	return false
}
