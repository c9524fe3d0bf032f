package e2e

import (
	"crypto"
	"crypto/hmac"
	"crypto/rand"
	"crypto/rsa"
	"crypto/sha256"
	"crypto/x509"
	"encoding/base64"
	"encoding/json"
	"encoding/pem"
	"math/big"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"
)

// The OIDC issuer the e2e server trusts besides Supabase (a Firebase-like
// provider): RS256 tokens, keys from its JWKS URL, which the tests rotate
// and take down.
const (
	oidcIssuer   = "https://securetoken.e2e.test/stylist-e2e"
	oidcAudience = "stylist-e2e"
)

// oidcProvider serves the key set at /jwks.json, or 503 while down.
type oidcProvider struct {
	server *httptest.Server
	mu     sync.Mutex
	keys   []*oidcKey
	down   bool
}

type oidcKey struct {
	kid string
	key *rsa.PrivateKey
}

var provider *oidcProvider

// startOIDCProvider starts the provider with no keys yet; run() passes its
// settings to the server (oidcEnv).
func startOIDCProvider() *oidcProvider {
	p := &oidcProvider{}
	p.server = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		p.mu.Lock()
		defer p.mu.Unlock()
		if p.down || r.URL.Path != "/jwks.json" {
			http.Error(w, "down", http.StatusServiceUnavailable)
			return
		}
		var set struct {
			Keys []map[string]string `json:"keys"`
		}
		set.Keys = []map[string]string{}
		for _, k := range p.keys {
			set.Keys = append(set.Keys, map[string]string{
				"kty": "RSA", "use": "sig", "alg": "RS256", "kid": k.kid,
				"n": base64.RawURLEncoding.EncodeToString(k.key.N.Bytes()),
				"e": base64.RawURLEncoding.EncodeToString(big.NewInt(int64(k.key.E)).Bytes()),
			})
		}
		w.Header().Set("Content-Type", "application/json")
		_ = json.NewEncoder(w).Encode(set)
	}))
	return p
}

func (p *oidcProvider) env() []string {
	return []string{
		"STYLIST_EXTERNAL_JWT_ISSUER=" + oidcIssuer,
		"STYLIST_EXTERNAL_JWT_AUDIENCE=" + oidcAudience,
		"STYLIST_EXTERNAL_JWT_JWKS_URL=" + p.server.URL + "/jwks.json",
		// Unknown kids fetch the set at most this often.
		"STYLIST_EXTERNAL_JWT_JWKS_MIN_REFRESH=100ms",
	}
}

func (p *oidcProvider) serve(keys ...*oidcKey) {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.keys = keys
}

func (p *oidcProvider) setDown(down bool) {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.down = down
}

func newOIDCKey(t *testing.T, kid string) *oidcKey {
	t.Helper()
	key, err := rsa.GenerateKey(rand.Reader, 2048)
	if err != nil {
		t.Fatal(err)
	}
	return &oidcKey{kid: kid, key: key}
}

func oidcClaims(sub string) map[string]any {
	now := time.Now().Unix()
	return map[string]any{"iss": oidcIssuer, "aud": oidcAudience, "sub": sub, "user_id": sub,
		"iat": now, "exp": now + 3600, "admin": true, "firebase": map[string]any{"sign_in_provider": "password"}}
}

func jwtInput(t *testing.T, header, claims map[string]any) string {
	t.Helper()
	h, err := json.Marshal(header)
	if err != nil {
		t.Fatal(err)
	}
	c, err := json.Marshal(claims)
	if err != nil {
		t.Fatal(err)
	}
	return base64.RawURLEncoding.EncodeToString(h) + "." + base64.RawURLEncoding.EncodeToString(c)
}

// sign is an RS256 token of claims under the key's kid.
func (k *oidcKey) sign(t *testing.T, claims map[string]any) string {
	t.Helper()
	input := jwtInput(t, map[string]any{"alg": "RS256", "typ": "JWT", "kid": k.kid}, claims)
	digest := sha256.Sum256([]byte(input))
	sig, err := rsa.SignPKCS1v15(rand.Reader, k.key, crypto.SHA256, digest[:])
	if err != nil {
		t.Fatal(err)
	}
	return input + "." + base64.RawURLEncoding.EncodeToString(sig)
}

func (k *oidcKey) publicPEM(t *testing.T) []byte {
	t.Helper()
	der, err := x509.MarshalPKIXPublicKey(&k.key.PublicKey)
	if err != nil {
		t.Fatal(err)
	}
	return pem.EncodeToMemory(&pem.Block{Type: "PUBLIC KEY", Bytes: der})
}

// profileOf answers GET /v1/users/me/profile with the token: the status and
// the caller's user id.
func profileOf(t *testing.T, token string) (int, string) {
	t.Helper()
	resp, out := do(t, "GET", "/v1/users/me/profile", "", bearer(token))
	profile, _ := out["profile"].(map[string]any)
	id, _ := profile["user_id"].(string)
	return resp.StatusCode, id
}

// Sign-in with an OIDC provider's RS256 tokens over REST, through the
// edge: one account per subject whose claims make no admin, the provider's
// key rotation followed through its JWKS URL, every forged or misdirected
// token 401, and a provider outage 503 (retry) rather than a sign-out.
func TestOIDCTokensSignInOverRESTAndFollowKeyRotation(t *testing.T) {
	key1, key2 := newOIDCKey(t, "e2e-key-1"), newOIDCKey(t, "e2e-key-2")
	provider.setDown(false)
	provider.serve(key1)
	time.Sleep(150 * time.Millisecond) // past the refetch interval of any earlier test
	sub := newSupabaseUser(t)
	code, user := profileOf(t, key1.sign(t, oidcClaims(sub)))
	if code != http.StatusOK || user == "" {
		t.Fatalf("a token of the provider: HTTP %d", code)
	}
	if again, same := profileOf(t, key1.sign(t, oidcClaims(sub))); again != http.StatusOK || same != user {
		t.Errorf("the same subject again: HTTP %d, user %q, want %q", again, same, user)
	}
	if resp, _ := do(t, "GET", "/v1/admin/users", "", bearer(key1.sign(t, oidcClaims(sub)))); resp.StatusCode != http.StatusForbidden {
		t.Errorf("an admin claim made an admin: HTTP %d", resp.StatusCode)
	}

	// Forged and misdirected tokens: 401 each.
	good := key1.sign(t, oidcClaims(sub))
	noneInput := jwtInput(t, map[string]any{"alg": "none", "typ": "JWT", "kid": key1.kid}, oidcClaims(sub))
	confusion := jwtInput(t, map[string]any{"alg": "HS256", "typ": "JWT", "kid": key1.kid}, oidcClaims(sub))
	mac := hmac.New(sha256.New, key1.publicPEM(t))
	mac.Write([]byte(confusion))
	refused := map[string]string{
		"signature dropped":             good[:strings.LastIndex(good, ".")+1],
		"alg none":                      noneInput + ".",
		"HS256 keyed by the public key": confusion + "." + base64.RawURLEncoding.EncodeToString(mac.Sum(nil)),
		"another key under a known kid": (&oidcKey{kid: key1.kid, key: newOIDCKey(t, "x").key}).sign(t, oidcClaims(sub)),
	}
	for member, value := range map[string]any{
		"aud": "another-project", "iss": "https://securetoken.e2e.test/other", "exp": time.Now().Unix() - 120,
		"nbf": time.Now().Unix() + 600, "sub": "",
	} {
		claims := oidcClaims(sub)
		claims[member] = value
		refused[member+" wrong"] = key1.sign(t, claims)
	}
	for name, token := range refused {
		if code, _ := profileOf(t, token); code != http.StatusUnauthorized {
			t.Errorf("%s: HTTP %d, want 401", name, code)
		}
	}

	// Rotation: key 2 in, key 1 withdrawn. The new kid fetches the set again.
	provider.serve(key2)
	time.Sleep(150 * time.Millisecond)
	if code, same := profileOf(t, key2.sign(t, oidcClaims(sub))); code != http.StatusOK || same != user {
		t.Errorf("after rotation: HTTP %d, user %q, want %q", code, same, user)
	}
	if code, _ := profileOf(t, key1.sign(t, oidcClaims(sub))); code != http.StatusUnauthorized {
		t.Errorf("a withdrawn key: HTTP %d, want 401", code)
	}

	// The provider goes down: a new kid is 503 with Retry-After (a retry,
	// not a sign-out); the known key keeps working.
	provider.setDown(true)
	defer provider.setDown(false)
	time.Sleep(150 * time.Millisecond)
	resp, _ := do(t, "GET", "/v1/users/me/profile", "", bearer(newOIDCKey(t, "e2e-key-3").sign(t, oidcClaims(sub))))
	if resp.StatusCode != http.StatusServiceUnavailable || resp.Header.Get("Retry-After") == "" {
		t.Errorf("a new kid while the provider is down: HTTP %d, Retry-After %q", resp.StatusCode, resp.Header.Get("Retry-After"))
	}
	if code, same := profileOf(t, key2.sign(t, oidcClaims(sub))); code != http.StatusOK || same != user {
		t.Errorf("a known key while the provider is down: HTTP %d", code)
	}
}
