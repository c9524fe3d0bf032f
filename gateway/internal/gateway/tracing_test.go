package gateway

import (
	"context"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"

	"google.golang.org/grpc/metadata"
	"google.golang.org/protobuf/proto"

	coltracepb "go.opentelemetry.io/proto/otlp/collector/trace/v1"
	tracepb "go.opentelemetry.io/proto/otlp/trace/v1"

	stylistv1 "github.com/stylist/stylist/clients/go/stylist/v1"
)

const (
	clientTraceID = "4bf92f3577b34da6a3ce929d0e0e4736"
	clientSpanID  = "00f067aa0ba902b7"
	clientParent  = "00-" + clientTraceID + "-" + clientSpanID + "-01"
)

// fakeCollector is an OTLP/HTTP trace receiver.
type fakeCollector struct {
	srv   *httptest.Server
	mu    sync.Mutex
	spans []*tracepb.Span
}

func startCollector(t *testing.T) *fakeCollector {
	c := &fakeCollector{}
	c.srv = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		body, _ := io.ReadAll(r.Body)
		var req coltracepb.ExportTraceServiceRequest
		if r.URL.Path != "/v1/traces" || proto.Unmarshal(body, &req) != nil {
			http.Error(w, "bad export", http.StatusBadRequest)
			return
		}
		c.mu.Lock()
		for _, rs := range req.ResourceSpans {
			for _, ss := range rs.ScopeSpans {
				c.spans = append(c.spans, ss.Spans...)
			}
		}
		c.mu.Unlock()
		w.Header().Set("Content-Type", "application/x-protobuf")
		out, _ := proto.Marshal(&coltracepb.ExportTraceServiceResponse{})
		_, _ = w.Write(out)
	}))
	t.Cleanup(c.srv.Close)
	return c
}

// spanOf waits for the exported span with the given name.
func (c *fakeCollector) spanOf(t *testing.T, name string) *tracepb.Span {
	t.Helper()
	for deadline := time.Now().Add(10 * time.Second); time.Now().Before(deadline); time.Sleep(50 * time.Millisecond) {
		c.mu.Lock()
		for _, s := range c.spans {
			if s.Name == name {
				c.mu.Unlock()
				return s
			}
		}
		c.mu.Unlock()
	}
	t.Fatalf("no span %q exported", name)
	return nil
}

func hexOf(b []byte) string {
	const digits = "0123456789abcdef"
	out := make([]byte, 0, 2*len(b))
	for _, c := range b {
		out = append(out, digits[c>>4], digits[c&15])
	}
	return string(out)
}

// upstreamTrace parses the traceparent the upstream saw.
func upstreamTrace(t *testing.T, md metadata.MD) (traceID, parentID string) {
	t.Helper()
	got := md.Get("traceparent")
	if len(got) != 1 {
		t.Fatalf("upstream traceparent %q, want exactly one", got)
	}
	parts := strings.Split(got[0], "-")
	if len(parts) != 4 {
		t.Fatalf("upstream traceparent %q", got[0])
	}
	return parts[1], parts[2]
}

func TestEdgeContinuesTheClientsTraceUpstreamInLogsAndToTheCollector(t *testing.T) {
	collector := startCollector(t)
	up, chat := startFakes(t)
	cfg := testConfig(up.addr)
	cfg.OTLPEndpoint = collector.srv.URL
	var logs logBuffer
	e := serveEdgeLogging(t, cfg, up, chat, &logs)

	// REST, with the client's traceparent.
	resp, _ := call(t, "GET", e.url+"/v1/users/me/profile", "", map[string]string{"traceparent": clientParent})
	if resp.StatusCode != http.StatusOK {
		t.Fatalf("GET profile: %d", resp.StatusCode)
	}
	traceID, parentID := upstreamTrace(t, up.seen())
	if traceID != clientTraceID {
		t.Errorf("upstream trace id %s, want the client's %s", traceID, clientTraceID)
	}
	if parentID == clientSpanID {
		t.Error("the upstream's parent is the client's span, not the edge's")
	}
	span := collector.spanOf(t, "GET /v1/users/me/profile")
	if got := hexOf(span.TraceId); got != clientTraceID {
		t.Errorf("exported trace id %s", got)
	}
	if got := hexOf(span.ParentSpanId); got != clientSpanID {
		t.Errorf("exported parent %s, want the client's span %s", got, clientSpanID)
	}
	if got := hexOf(span.SpanId); got != parentID {
		t.Errorf("exported span %s is not the upstream's parent %s", got, parentID)
	}
	if len(logs.lines("trace_id="+clientTraceID)) == 0 {
		t.Error("no edge log line with the trace id")
	}

	// Native gRPC without a traceparent: the edge starts a trace, sends it
	// up and exports it.
	client := stylistv1.NewUserServiceClient(e.dial(t))
	if _, err := client.GetProfile(context.Background(), &stylistv1.GetProfileRequest{}); err != nil {
		t.Fatal(err)
	}
	newTrace, _ := upstreamTrace(t, up.seen())
	if newTrace == clientTraceID || newTrace == strings.Repeat("0", 32) {
		t.Errorf("upstream trace id %s, want a new one", newTrace)
	}
	native := collector.spanOf(t, "/stylist.v1.UserService/GetProfile")
	if hexOf(native.TraceId) != newTrace || len(native.ParentSpanId) != 0 {
		t.Errorf("native span trace %s parent %x", hexOf(native.TraceId), native.ParentSpanId)
	}

	// A malformed traceparent is not passed on: a new trace replaces it.
	call(t, "GET", e.url+"/v1/users/me/profile", "", map[string]string{"traceparent": "00-zz-bad-01"})
	if bad, _ := upstreamTrace(t, up.seen()); len(bad) != 32 || bad == "zz" {
		t.Errorf("upstream trace id %q after a malformed traceparent", bad)
	}
}
