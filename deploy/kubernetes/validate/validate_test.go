// Package validate checks the Kubernetes manifests offline: each
// kustomization is rendered with kustomize's own library, and every object
// is decoded strictly into its Kubernetes API type (k8s.io/api) or, for
// PostgreSQL, the CloudNativePG operator's, so a misspelt or misplaced
// field fails here rather than at `kubectl apply`. Then the rules a
// deployment of Stylist must keep: probes, resources and a non-root,
// read-only container everywhere; the server never public; every policy,
// budget and autoscaler pointing at something that exists.
package validate

import (
	"bytes"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	cnpgv1 "github.com/cloudnative-pg/api/pkg/api/v1"
	appsv1 "k8s.io/api/apps/v1"
	autoscalingv2 "k8s.io/api/autoscaling/v2"
	batchv1 "k8s.io/api/batch/v1"
	corev1 "k8s.io/api/core/v1"
	networkingv1 "k8s.io/api/networking/v1"
	policyv1 "k8s.io/api/policy/v1"
	"k8s.io/apimachinery/pkg/labels"
	"sigs.k8s.io/kustomize/api/krusty"
	"sigs.k8s.io/kustomize/kyaml/filesys"
	"sigs.k8s.io/yaml"
)

// kinds maps apiVersion/kind to a new value of its type.
var kinds = map[string]func() any{
	"v1/Namespace":                           func() any { return &corev1.Namespace{} },
	"v1/ServiceAccount":                      func() any { return &corev1.ServiceAccount{} },
	"v1/ConfigMap":                           func() any { return &corev1.ConfigMap{} },
	"v1/Service":                             func() any { return &corev1.Service{} },
	"apps/v1/Deployment":                     func() any { return &appsv1.Deployment{} },
	"batch/v1/Job":                           func() any { return &batchv1.Job{} },
	"policy/v1/PodDisruptionBudget":          func() any { return &policyv1.PodDisruptionBudget{} },
	"autoscaling/v2/HorizontalPodAutoscaler": func() any { return &autoscalingv2.HorizontalPodAutoscaler{} },
	"networking.k8s.io/v1/NetworkPolicy":     func() any { return &networkingv1.NetworkPolicy{} },
	"postgresql.cnpg.io/v1/Cluster":          func() any { return &cnpgv1.Cluster{} },
	"postgresql.cnpg.io/v1/ScheduledBackup":  func() any { return &cnpgv1.ScheduledBackup{} },
}

// decodeStrict decodes one object's YAML into its type, refusing unknown
// fields (and duplicate keys) at any depth.
func decodeStrict(doc []byte) (any, error) {
	var head struct {
		APIVersion string `json:"apiVersion"`
		Kind       string `json:"kind"`
	}
	if err := yaml.Unmarshal(doc, &head); err != nil {
		return nil, err
	}
	newObject, ok := kinds[head.APIVersion+"/"+head.Kind]
	if !ok {
		return nil, fmt.Errorf("%s/%s: a kind this check does not know (add its type to kinds)", head.APIVersion, head.Kind)
	}
	jsonDoc, err := yaml.YAMLToJSONStrict(doc)
	if err != nil {
		return nil, err
	}
	object := newObject()
	decoder := json.NewDecoder(bytes.NewReader(jsonDoc))
	decoder.DisallowUnknownFields()
	if err := decoder.Decode(object); err != nil {
		return nil, fmt.Errorf("%s %s: %w", head.Kind, name(jsonDoc), err)
	}
	return object, nil
}

func name(jsonDoc []byte) string {
	var meta struct {
		Metadata struct {
			Name string `json:"name"`
		} `json:"metadata"`
	}
	_ = json.Unmarshal(jsonDoc, &meta)
	return meta.Metadata.Name
}

// render builds a kustomization and decodes every object it makes.
func render(t *testing.T, dir string) []any {
	t.Helper()
	resources, err := krusty.MakeKustomizer(krusty.MakeDefaultOptions()).Run(filesys.MakeFsOnDisk(), dir)
	if err != nil {
		t.Fatalf("kustomize %s: %v", dir, err)
	}
	var objects []any
	for _, r := range resources.Resources() {
		doc, err := r.AsYAML()
		if err != nil {
			t.Fatal(err)
		}
		object, err := decodeStrict(doc)
		if err != nil {
			t.Errorf("%s: %v", dir, err)
			continue
		}
		objects = append(objects, object)
	}
	return objects
}

func TestAMisspeltFieldFails(t *testing.T) {
	for _, doc := range []string{
		"apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: x}\nspec:\n  replica: 3\n",
		"apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: x}\nspec:\n  template:\n    spec:\n      containers:\n        - name: a\n          readinesProbe: {}\n",
		"apiVersion: postgresql.cnpg.io/v1\nkind: Cluster\nmetadata: {name: x}\nspec:\n  instance: 3\n",
		"apiVersion: v1\nkind: Service\nmetadata: {name: x}\nspec:\n  ports: [{port: 1}]\n  ports: []\n",
		"apiVersion: v1\nkind: Secret\nmetadata: {name: x}\n",
	} {
		if _, err := decodeStrict([]byte(doc)); err == nil {
			t.Errorf("accepted:\n%s", doc)
		}
	}
}

func TestTheManifestsRenderAndKeepTheRules(t *testing.T) {
	for _, dir := range []string{"../base", "../overlays/production"} {
		t.Run(filepath.Base(dir), func(t *testing.T) {
			objects := render(t, dir)
			checkRules(t, dir, objects)
		})
	}
}

func checkRules(t *testing.T, dir string, objects []any) {
	pods := map[string]labels.Set{} // workload name -> its pods' labels
	workloads := map[string]bool{}  // Deployment names
	secrets := map[string]bool{}    // Secrets the pods mount
	var policies []*networkingv1.NetworkPolicy
	var serverService *corev1.Service
	var cluster *cnpgv1.Cluster
	var edgeUpstream string
	checkPod := func(owner string, spec corev1.PodSpec) {
		sc := spec.SecurityContext
		if sc == nil || sc.RunAsNonRoot == nil || !*sc.RunAsNonRoot || sc.RunAsUser == nil || *sc.RunAsUser == 0 {
			t.Errorf("%s: pods must run as a non-root user id", owner)
		}
		if spec.AutomountServiceAccountToken == nil || *spec.AutomountServiceAccountToken {
			t.Errorf("%s: no service account token is needed; do not mount one", owner)
		}
		for _, c := range spec.Containers {
			where := owner + "/" + c.Name
			if c.Resources.Requests.Cpu().IsZero() || c.Resources.Requests.Memory().IsZero() ||
				c.Resources.Limits.Memory().IsZero() {
				t.Errorf("%s: needs cpu and memory requests and a memory limit", where)
			}
			csc := c.SecurityContext
			if csc == nil || csc.ReadOnlyRootFilesystem == nil || !*csc.ReadOnlyRootFilesystem ||
				csc.AllowPrivilegeEscalation == nil || *csc.AllowPrivilegeEscalation ||
				csc.Capabilities == nil || len(csc.Capabilities.Drop) == 0 || csc.Capabilities.Drop[0] != "ALL" {
				t.Errorf("%s: needs a read-only root, no privilege escalation and every capability dropped", where)
			}
			if c.Image == "" || strings.HasSuffix(c.Image, ":latest") && strings.Contains(dir, "production") {
				t.Errorf("%s: production pins its image (got %q)", where, c.Image)
			}
		}
		for _, v := range spec.Volumes {
			if v.Secret != nil {
				secrets[v.Secret.SecretName] = true
			}
		}
	}
	for _, object := range objects {
		switch o := object.(type) {
		case *appsv1.Deployment:
			workloads[o.Name] = true
			pods[o.Name] = o.Spec.Template.Labels
			selector := labels.SelectorFromSet(o.Spec.Selector.MatchLabels)
			if !selector.Matches(labels.Set(o.Spec.Template.Labels)) {
				t.Errorf("Deployment %s: its selector does not match its pods", o.Name)
			}
			checkPod("Deployment "+o.Name, o.Spec.Template.Spec)
			for _, c := range o.Spec.Template.Spec.Containers {
				if c.ReadinessProbe == nil || c.LivenessProbe == nil {
					t.Errorf("Deployment %s/%s: needs readiness and liveness probes", o.Name, c.Name)
				}
				for _, e := range c.Env {
					if strings.HasSuffix(e.Name, "_SECRET") || strings.HasSuffix(e.Name, "_PASSWORD") ||
						strings.HasSuffix(e.Name, "_KEY") {
						t.Errorf("Deployment %s: %s as a plain value; use its _FILE variant and a Secret", o.Name, e.Name)
					}
				}
			}
			if o.Name == "stylist-server" {
				if o.Spec.Replicas == nil || *o.Spec.Replicas < 3 {
					t.Errorf("the server runs at least 3 replicas")
				}
				if p := o.Spec.Template.Spec.Containers[0].ReadinessProbe; p == nil || p.GRPC == nil {
					t.Errorf("the server's readiness is its gRPC health")
				}
			}
		case *batchv1.Job:
			pods[o.Name] = o.Spec.Template.Labels
			checkPod("Job "+o.Name, o.Spec.Template.Spec)
			if c := o.Spec.Template.Spec.Containers[0]; len(c.Command) < 2 || c.Command[1] != "--migrate" {
				t.Errorf("Job %s: want the migrations (stylist-server --migrate), got %v", o.Name, c.Command)
			}
		case *corev1.Service:
			if o.Name == "stylist-server" {
				serverService = o
			}
		case *corev1.ConfigMap:
			if v, ok := o.Data["STYLIST_GATEWAY_UPSTREAM"]; ok {
				edgeUpstream = v
			}
		case *networkingv1.NetworkPolicy:
			policies = append(policies, o)
		case *cnpgv1.Cluster:
			cluster = o
			pods["postgres"] = labels.Set{"cnpg.io/cluster": o.Name}
			if o.Spec.Instances < 3 || o.Spec.Backup == nil || o.Spec.Backup.BarmanObjectStore == nil {
				t.Errorf("Cluster %s: want 3 instances and backups to object storage", o.Name)
			}
		case *policyv1.PodDisruptionBudget:
			if !anyMatches(pods, o.Spec.Selector.MatchLabels) && !selectsLater(objects, o.Spec.Selector.MatchLabels) {
				t.Errorf("PodDisruptionBudget %s selects no pods", o.Name)
			}
		case *autoscalingv2.HorizontalPodAutoscaler:
			if o.Spec.ScaleTargetRef.Kind != "Deployment" || !hasDeployment(objects, o.Spec.ScaleTargetRef.Name) {
				t.Errorf("HorizontalPodAutoscaler %s scales %s %s, which is not here", o.Name,
					o.Spec.ScaleTargetRef.Kind, o.Spec.ScaleTargetRef.Name)
			}
		}
	}
	if serverService == nil || serverService.Spec.ClusterIP != "None" || serverService.Spec.Type != "" &&
		serverService.Spec.Type != corev1.ServiceTypeClusterIP {
		t.Error("the server's Service must be headless and never a LoadBalancer or NodePort")
	}
	if !strings.HasPrefix(edgeUpstream, "dns:///stylist-server") {
		t.Errorf("the edge's upstream %q is not the server's headless Service", edgeUpstream)
	}
	if cluster == nil {
		t.Error("no PostgreSQL Cluster")
	}
	// Every policy selects pods that exist; the server's admits only the
	// edge (and the monitoring namespace on the metrics port).
	for _, p := range policies {
		if len(p.Spec.PodSelector.MatchLabels) > 0 && !anyMatches(pods, p.Spec.PodSelector.MatchLabels) {
			t.Errorf("NetworkPolicy %s selects no pods", p.Name)
		}
		for _, rule := range p.Spec.Ingress {
			for _, peer := range rule.From {
				if peer.PodSelector != nil && peer.NamespaceSelector == nil &&
					!anyMatches(pods, peer.PodSelector.MatchLabels) {
					t.Errorf("NetworkPolicy %s admits pods %v, which do not exist", p.Name, peer.PodSelector.MatchLabels)
				}
			}
		}
		if p.Spec.PodSelector.MatchLabels["app.kubernetes.io/name"] == "stylist-server" {
			for _, rule := range p.Spec.Ingress {
				for _, peer := range rule.From {
					fromEdge := peer.PodSelector != nil && peer.PodSelector.MatchLabels["app.kubernetes.io/name"] == "stylist-edge"
					fromMonitoring := peer.NamespaceSelector != nil && len(rule.Ports) == 1 && rule.Ports[0].Port.IntValue() == 9091
					if !fromEdge && !fromMonitoring {
						t.Errorf("NetworkPolicy %s lets %v reach the server", p.Name, peer)
					}
				}
				if len(rule.From) == 0 {
					t.Errorf("NetworkPolicy %s opens the server to everyone", p.Name)
				}
			}
		}
	}
	// The Secrets the manifests use are made by hand (or by the operator):
	// the README must say how.
	readme, err := os.ReadFile("../../../README.md")
	if err != nil {
		t.Fatal(err)
	}
	for secret := range secrets {
		if !strings.Contains(string(readme), secret) {
			t.Errorf("Secret %s is mounted but the README does not say how it is made", secret)
		}
	}
}

func anyMatches(pods map[string]labels.Set, selector map[string]string) bool {
	for _, set := range pods {
		if labels.SelectorFromSet(selector).Matches(set) {
			return true
		}
	}
	return false
}

// selectsLater: a budget listed before its Deployment.
func selectsLater(objects []any, selector map[string]string) bool {
	for _, object := range objects {
		if d, ok := object.(*appsv1.Deployment); ok && labels.SelectorFromSet(selector).Matches(labels.Set(d.Spec.Template.Labels)) {
			return true
		}
	}
	return false
}

func hasDeployment(objects []any, name string) bool {
	for _, object := range objects {
		if d, ok := object.(*appsv1.Deployment); ok && d.Name == name {
			return true
		}
	}
	return false
}
