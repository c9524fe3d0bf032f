package gateway

import (
	"context"
	"encoding/json"
	"net/http"
	"time"

	"google.golang.org/grpc/health/grpc_health_v1"
	"google.golang.org/grpc/status"
)

// healthResponse is the /healthz body.
type healthResponse struct {
	// Status is the upstream's grpc.health.v1 status (SERVING, NOT_SERVING,
	// ...) or UNREACHABLE when the check itself failed: with client-side
	// health checking that includes "no replica is connected and SERVING"
	// (the error then says why).
	Status string `json:"status"`
	// Error says why the check failed, when it did.
	Error string `json:"error,omitempty"`
}

// healthHandler answers 200 when the upstream reports SERVING for the whole
// server (service ""), 503 otherwise, including when it cannot be reached
// within the timeout. Load balancers poll it; it is cheap and never cached.
func healthHandler(client grpc_health_v1.HealthClient, timeout time.Duration) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		ctx, cancel := context.WithTimeout(r.Context(), timeout)
		defer cancel()
		body := healthResponse{}
		code := http.StatusServiceUnavailable
		resp, err := client.Check(ctx, &grpc_health_v1.HealthCheckRequest{})
		switch {
		case err != nil:
			body.Status = "UNREACHABLE"
			body.Error = status.Convert(err).Message()
		case resp.GetStatus() == grpc_health_v1.HealthCheckResponse_SERVING:
			body.Status = resp.GetStatus().String()
			code = http.StatusOK
		default:
			body.Status = resp.GetStatus().String()
		}
		w.Header().Set("Content-Type", "application/json")
		w.Header().Set("Cache-Control", "no-store")
		w.WriteHeader(code)
		_ = json.NewEncoder(w).Encode(body)
	})
}
