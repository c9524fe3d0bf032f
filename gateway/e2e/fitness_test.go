package e2e

import (
	"fmt"
	"net/http"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"
)

// The fitness planner's REST routes (seed 004) through the real gateway and
// server: registration (with the seed's profile fields, and its refusals),
// login returning the JWT, the profile, plan generation and the plans for
// a date.

var fitnessCounter int

func fitnessEmail(hint string) string {
	fitnessCounter++
	return fmt.Sprintf("%s.%d.%d@fit.example.com", hint, os.Getpid(), fitnessCounter)
}

// fitnessUser registers over /register and logs in over /login, returning
// the access token.
func fitnessUser(t *testing.T, hint, extra string) string {
	t.Helper()
	email := fitnessEmail(hint)
	body := fmt.Sprintf(`{"name":"Alex","email":%q,"password":"Treadmill-Sunrise-77"%s}`, email, extra)
	resp, out := do(t, "POST", "/register", body, nil)
	if resp.StatusCode != http.StatusCreated {
		t.Fatalf("register: HTTP %d: %v", resp.StatusCode, out)
	}
	resp, out = do(t, "POST", "/login", fmt.Sprintf(`{"email":%q,"password":"Treadmill-Sunrise-77"}`, email), nil)
	if resp.StatusCode != http.StatusOK {
		t.Fatalf("login: HTTP %d: %v", resp.StatusCode, out)
	}
	token, _ := out["access"].(string)
	if token == "" {
		t.Fatalf("login: no access token in %v", out)
	}
	return token
}

func TestFitnessRegisterLoginAndProfile(t *testing.T) {
	email := fitnessEmail("fit")
	body := fmt.Sprintf(`{"name":"Sam Runner","email":%q,"password":"Treadmill-Sunrise-77","age":29,"height":181.5,`+
		`"weight":83.2,"fitness_goal":"weight_loss","dietary_preferences":"vegetarian, gluten_free"}`, email)
	resp, out := do(t, "POST", "/register", body, nil)
	if resp.StatusCode != http.StatusCreated {
		t.Fatalf("register: HTTP %d: %v", resp.StatusCode, out)
	}
	user := out["user"].(map[string]any)
	if user["name"] != "Sam Runner" || user["email"] != email || user["age"] != 29.0 || user["height"] != 181.5 ||
		user["weight"] != 83.2 || user["fitness_goal"] != "lose_weight" {
		t.Errorf("registered profile: %v", user)
	}
	if diets, _ := user["dietary_preferences"].([]any); len(diets) != 2 || diets[0] != "vegetarian" || diets[1] != "gluten_free" {
		t.Errorf("dietary_preferences: %v", user["dietary_preferences"])
	}
	if tokens, _ := out["tokens"].(map[string]any); tokens["access"] == "" || tokens["token_type"] != "Bearer" {
		t.Errorf("tokens: %v", out["tokens"])
	}

	// An address whose local part starts like the server's reserved
	// external-account prefix still registers.
	reserved := fitnessEmail("x")
	reserved = "ext_" + reserved
	resp, out = do(t, "POST", "/register", fmt.Sprintf(`{"email":%q,"password":"Treadmill-Sunrise-77"}`, reserved), nil)
	if resp.StatusCode != http.StatusCreated {
		t.Errorf("register %s: HTTP %d: %v", reserved, resp.StatusCode, out)
	}

	// The seed's refusals: invalid email, weak password, an email taken.
	for name, c := range map[string]struct{ body, field string }{
		"invalid email":    {`{"name":"A","email":"not-an-email","password":"Treadmill-Sunrise-77"}`, "email"},
		"weak password":    {fmt.Sprintf(`{"name":"A","email":%q,"password":"12345"}`, fitnessEmail("weak")), "password"},
		"missing fields":   {`{"name":"A"}`, "email"},
		"email taken":      {fmt.Sprintf(`{"name":"A","email":%q,"password":"Treadmill-Sunrise-77"}`, email), "email"},
		"bad goal":         {fmt.Sprintf(`{"email":%q,"password":"Treadmill-Sunrise-77","fitness_goal":"fly"}`, fitnessEmail("goal")), "fitness_goal"},
		"age not a number": {fmt.Sprintf(`{"email":%q,"password":"Treadmill-Sunrise-77","age":"old"}`, fitnessEmail("age")), "age"},
		// JSON, but not an object: DRF's words, never the server's Go types.
		"body not an object": {`[1, 2]`, "non_field_errors"},
	} {
		resp, out := do(t, "POST", "/register", c.body, nil)
		if resp.StatusCode != http.StatusBadRequest {
			t.Errorf("%s: HTTP %d, want 400: %v", name, resp.StatusCode, out)
			continue
		}
		if msgs, _ := out[c.field].([]any); len(msgs) == 0 {
			t.Errorf("%s: want DRF field errors under %q: %v", name, c.field, out)
		}
		if text := fmt.Sprint(out); strings.Contains(text, "Go value") || strings.Contains(text, "fitnessFields") {
			t.Errorf("%s: the answer names the server's internals: %v", name, out)
		}
	}
	// A profile the server refuses after the account exists takes the
	// account back: the email can be registered again.
	rejected := fitnessEmail("rollback")
	resp, out = do(t, "POST", "/register", fmt.Sprintf(`{"email":%q,"password":"Treadmill-Sunrise-77","age":7}`, rejected), nil)
	if resp.StatusCode != http.StatusBadRequest || out["age"] == nil {
		t.Fatalf("age 7: HTTP %d: %v", resp.StatusCode, out)
	}
	resp, out = do(t, "POST", "/register", fmt.Sprintf(`{"email":%q,"password":"Treadmill-Sunrise-77"}`, rejected), nil)
	if resp.StatusCode != http.StatusCreated {
		t.Errorf("the refused registration left its account behind: HTTP %d: %v", resp.StatusCode, out)
	}

	resp, out = do(t, "POST", "/login", fmt.Sprintf(`{"email":%q,"password":"Wrong-Password-99"}`, email), nil)
	if resp.StatusCode != http.StatusUnauthorized || out["detail"] == nil {
		t.Errorf("wrong password: HTTP %d: %v", resp.StatusCode, out)
	}
	resp, out = do(t, "POST", "/login", fmt.Sprintf(`{"email":%q,"password":"Treadmill-Sunrise-77"}`, email), nil)
	if resp.StatusCode != http.StatusOK {
		t.Fatalf("login: HTTP %d: %v", resp.StatusCode, out)
	}
	token := out["access"].(string)

	resp, out = do(t, "GET", "/profile", "", nil)
	if resp.StatusCode != http.StatusUnauthorized {
		t.Errorf("profile without a token: HTTP %d: %v", resp.StatusCode, out)
	}
	resp, out = do(t, "PUT", "/profile", `{"weight":81.0,"activity_level":"moderate","sex":"male","allergies":["peanuts"]}`, bearer(token))
	if resp.StatusCode != http.StatusOK {
		t.Fatalf("put profile: HTTP %d: %v", resp.StatusCode, out)
	}
	resp, out = do(t, "GET", "/profile", "", bearer(token))
	if resp.StatusCode != http.StatusOK || out["weight"] != 81.0 || out["activity_level"] != "moderate" ||
		out["age"] != 29.0 || out["name"] != "Sam Runner" {
		t.Errorf("profile after PUT: HTTP %d: %v", resp.StatusCode, out)
	}
	resp, out = do(t, "PUT", "/profile", `{"weight":-5}`, bearer(token))
	if resp.StatusCode != http.StatusBadRequest || out["weight"] == nil {
		t.Errorf("negative weight: HTTP %d: %v", resp.StatusCode, out)
	}
}

func TestFitnessGeneratePlanAndReadItByDate(t *testing.T) {
	token := fitnessUser(t, "plan", `,"age":41,"height":165,"weight":70,"fitness_goal":"lose_weight","dietary_preferences":["pescatarian"]`)
	today := time.Now().UTC()
	start := today.Format("2006-01-02")

	// No plan yet.
	resp, out := do(t, "GET", "/meal-plan?date="+start, "", bearer(token))
	if resp.StatusCode != http.StatusNotFound {
		t.Errorf("meal plan before generating: HTTP %d: %v", resp.StatusCode, out)
	}

	resp, out = do(t, "POST", "/generate-plan", fmt.Sprintf(`{"start_date":%q,"days":7,"training_days_per_week":3,`+
		`"minutes_per_session":40,"equipment":["dumbbells","yoga_mat"]}`, start), bearer(token))
	if resp.StatusCode != http.StatusCreated {
		t.Fatalf("generate: HTTP %d: %v", resp.StatusCode, out)
	}
	meals, _ := out["meal_plans"].([]any)
	workouts, _ := out["workout_plans"].([]any)
	if len(meals) != 7 || len(workouts) != 7 || out["plan_id"] == "" || out["summary"] == "" {
		t.Fatalf("generated plan: %v", out)
	}

	resp, out = do(t, "GET", "/meal-plan?date="+today.AddDate(0, 0, 1).Format("2006-01-02"), "", bearer(token))
	if resp.StatusCode != http.StatusOK {
		t.Fatalf("meal plan: HTTP %d: %v", resp.StatusCode, out)
	}
	for _, meal := range []string{"breakfast", "lunch", "dinner", "snacks"} {
		m, _ := out[meal].(map[string]any)
		if items, _ := m["items"].([]any); len(items) == 0 || m["energy_kcal"].(float64) <= 0 {
			t.Errorf("%s: %v", meal, out[meal])
		}
	}
	target := out["targets"].(map[string]any)["energy_kcal"].(float64)
	if total := out["total"].(map[string]any)["energy_kcal"].(float64); total < 0.95*target || total > 1.05*target {
		t.Errorf("day total %.0f kcal is not within 5%% of the target %.0f", total, target)
	}

	resp, out = do(t, "GET", "/workout-plan?date="+start, "", bearer(token))
	if resp.StatusCode != http.StatusOK {
		t.Fatalf("workout plan: HTTP %d: %v", resp.StatusCode, out)
	}
	exercises, _ := out["exercises"].([]any)
	if out["rest_day"] != false || len(exercises) < 2 {
		t.Fatalf("the plan's first day trains: %v", out)
	}
	for _, e := range exercises {
		x := e.(map[string]any)
		if x["name"] == "" || x["sets"].(float64) < 1 || (x["reps"] == nil && x["duration_seconds"] == nil) {
			t.Errorf("exercise: %v", x)
		}
	}
	resp, out = do(t, "GET", "/workout-plan?date="+today.AddDate(0, 0, 1).Format("2006-01-02"), "", bearer(token))
	if resp.StatusCode != http.StatusOK || out["rest_day"] != true {
		t.Errorf("the second day rests: HTTP %d: %v", resp.StatusCode, out)
	}

	// Refusals: a bad date, a missing date, the same days again, a range too long.
	for name, c := range map[string]struct {
		method, path, body string
		want               int
	}{
		"bad date":      {"GET", "/meal-plan?date=2026-13-40", "", http.StatusBadRequest},
		"missing date":  {"GET", "/workout-plan", "", http.StatusBadRequest},
		"overlap":       {"POST", "/generate-plan", fmt.Sprintf(`{"start_date":%q}`, start), http.StatusBadRequest},
		"too long":      {"POST", "/generate-plan", fmt.Sprintf(`{"start_date":%q,"days":60}`, start), http.StatusBadRequest},
		"bad equipment": {"POST", "/generate-plan", `{"equipment":["rocket"]}`, http.StatusBadRequest},
		"no token":      {"GET", "/meal-plan?date=" + start, "", http.StatusUnauthorized},
	} {
		header := bearer(token)
		if name == "no token" {
			header = nil
		}
		resp, out := do(t, c.method, c.path, c.body, header)
		if resp.StatusCode != c.want {
			t.Errorf("%s: HTTP %d, want %d: %v", name, resp.StatusCode, c.want, out)
		}
	}
	// Replacing is explicit.
	resp, out = do(t, "POST", "/generate-plan", fmt.Sprintf(`{"start_date":%q,"replace_existing":true}`, start), bearer(token))
	if resp.StatusCode != http.StatusCreated {
		t.Errorf("replace: HTTP %d: %v", resp.StatusCode, out)
	}

	// A profile without what the plan needs names the missing fields.
	bare := fitnessUser(t, "bare", "")
	resp, out = do(t, "POST", "/generate-plan", "", bearer(bare))
	if resp.StatusCode != http.StatusBadRequest || out["age"] == nil || out["height"] == nil || out["weight"] == nil {
		t.Errorf("incomplete profile: HTTP %d: %v", resp.StatusCode, out)
	}
}

// What the app sends with /generate-plan shapes the plan: its goal, diet and
// allergies are saved to the profile first (as PUT /profile would), so a
// user who asks for a vegan muscle-gain plan gets one, not the plan of their
// old profile. A bad value is refused before anything is written. Errors
// speak the app's words, and PATCH /profile works like PUT.
func TestFitnessGeneratePlanHonoursItsBody(t *testing.T) {
	token := fitnessUser(t, "planbody", `,"age":30,"height":180,"weight":75,"fitness_goal":"lose_weight"`)
	start := time.Now().UTC().Format("2006-01-02")

	resp, out := do(t, "POST", "/generate-plan", fmt.Sprintf(`{"start_date":%q,"days":3,"goal":"fly","diet":["vegan"]}`, start), bearer(token))
	if resp.StatusCode != http.StatusBadRequest || out["fitness_goal"] == nil {
		t.Fatalf("a bad goal: HTTP %d %v, want 400 naming fitness_goal", resp.StatusCode, out)
	}
	if _, profile := do(t, "GET", "/profile", "", bearer(token)); profile["fitness_goal"] != "lose_weight" {
		t.Fatalf("the refused request changed the profile: %v", profile)
	}

	resp, out = do(t, "POST", "/generate-plan", fmt.Sprintf(`{"start_date":%q,"days":3,"goal":"gain_muscle",`+
		`"diet":["vegan"],"allergies":["peanuts"],"equipment":["dumbbells"]}`, start), bearer(token))
	if resp.StatusCode != http.StatusCreated {
		t.Fatalf("generate: HTTP %d: %v", resp.StatusCode, out)
	}
	// The plan itself: the days asked for, only foods a vegan without
	// peanuts eats (by the food table's own tags), only the equipment given.
	meals, _ := out["meal_plans"].([]any)
	workouts, _ := out["workout_plans"].([]any)
	if len(meals) != 3 || len(workouts) != 3 {
		t.Errorf("a 3-day plan has %d meal days and %d workout days", len(meals), len(workouts))
	}
	notVeganOrPeanut := foodsNotFor(t, "vegan", "peanut")
	foods, exercisesSeen := 0, 0
	for _, day := range meals {
		for _, meal := range []string{"breakfast", "lunch", "dinner", "snacks"} {
			m, _ := day.(map[string]any)[meal].(map[string]any)
			items, _ := m["items"].([]any)
			for _, item := range items {
				foods++
				if name := item.(map[string]any)["name"].(string); notVeganOrPeanut[name] {
					t.Errorf("a vegan plan without peanuts serves %q", name)
				}
			}
		}
	}
	for _, day := range workouts {
		exercises, _ := day.(map[string]any)["exercises"].([]any)
		for _, e := range exercises {
			exercisesSeen++
			for _, q := range e.(map[string]any)["equipment"].([]any) {
				if q != "dumbbells" && q != "bodyweight" {
					t.Errorf("a dumbbells-only plan uses %v (%v)", q, e.(map[string]any)["name"])
				}
			}
		}
	}
	if foods == 0 || exercisesSeen == 0 {
		t.Errorf("the plan has %d foods and %d exercises: nothing to check", foods, exercisesSeen)
	}
	targets := out["targets"].(map[string]any)
	if daily := targets["daily"].(map[string]any)["energy_kcal"].(float64); daily <= targets["tdee_kcal"].(float64) {
		t.Errorf("a muscle-gain plan eats above its TDEE: daily %.0f, TDEE %.0f", daily, targets["tdee_kcal"].(float64))
	}
	_, profile := do(t, "GET", "/profile", "", bearer(token))
	if profile["fitness_goal"] != "gain_muscle" || fmt.Sprint(profile["dietary_preferences"]) != "[vegan]" ||
		fmt.Sprint(profile["allergies"]) != "[peanuts]" {
		t.Errorf("the profile after /generate-plan: %v", profile)
	}

	// The same days again: the error tells the app what to send, and the
	// goal the refused request carried does not stay in the profile.
	resp, out = do(t, "POST", "/generate-plan", fmt.Sprintf(`{"start_date":%q,"days":3,"goal":"maintain"}`, start), bearer(token))
	if msg := fmt.Sprint(out); resp.StatusCode != http.StatusBadRequest || !strings.Contains(msg, `"replace_existing": true`) ||
		strings.Contains(msg, "options.") {
		t.Errorf("a plan over planned days: HTTP %d %v, want 400 saying to send \"replace_existing\": true", resp.StatusCode, out)
	}
	if _, profile := do(t, "GET", "/profile", "", bearer(token)); profile["fitness_goal"] != "gain_muscle" {
		t.Errorf("a refused plan changed the profile's goal: %v", profile["fitness_goal"])
	}
	resp, out = do(t, "GET", "/meal-plan?date=2001-01-01", "", bearer(token))
	if msg := fmt.Sprint(out); resp.StatusCode != http.StatusNotFound || !strings.Contains(msg, "POST /generate-plan") ||
		strings.Contains(msg, "GeneratePlan") {
		t.Errorf("a day without a plan: HTTP %d %v, want 404 naming POST /generate-plan", resp.StatusCode, out)
	}

	// The app's GETs revalidate: an ETag, and 304 while nothing changed.
	for _, p := range []string{"/profile", "/meal-plan?date=" + start, "/workout-plan?date=" + start} {
		resp, _ := do(t, "GET", p, "", bearer(token))
		tag := resp.Header.Get("ETag")
		if resp.StatusCode != http.StatusOK || tag == "" || resp.Header.Get("Cache-Control") != "private, no-cache" {
			t.Errorf("GET %s: HTTP %d ETag %q Cache-Control %q", p, resp.StatusCode, tag, resp.Header.Get("Cache-Control"))
			continue
		}
		h := bearer(token)
		h["If-None-Match"] = tag
		if resp, _ := do(t, "GET", p, "", h); resp.StatusCode != http.StatusNotModified {
			t.Errorf("GET %s with its ETag: HTTP %d, want 304", p, resp.StatusCode)
		}
	}

	resp, out = do(t, "PATCH", "/profile", `{"weight":76.5}`, bearer(token))
	if resp.StatusCode != http.StatusOK || out["weight"] != 76.5 || out["fitness_goal"] != "gain_muscle" {
		t.Errorf("PATCH /profile: HTTP %d %v", resp.StatusCode, out)
	}
}

// foodsNotFor reads the food table's seed rows (db/migrations/0006_foods.sql,
// the one source of the foods) and returns the names of those not tagged
// with diet, or carrying allergen.
func foodsNotFor(t *testing.T, diet, allergen string) map[string]bool {
	t.Helper()
	data, err := os.ReadFile(filepath.Join("..", "..", "db", "migrations", "0006_foods.sql"))
	if err != nil {
		t.Fatal(err)
	}
	row := regexp.MustCompile(`\('[a-z_]+', '((?:[^']|'')+)', '[a-z]+',[^{]*'\{([a-z_,]*)\}',\s*'\{([a-z_,]*)\}',\s*'\{([a-z_,]*)\}'\)`)
	out := map[string]bool{}
	rows := row.FindAllStringSubmatch(string(data), -1)
	if len(rows) < 20 {
		t.Fatalf("read only %d foods from the migration", len(rows))
	}
	for _, m := range rows {
		name := strings.ReplaceAll(m[1], "''", "'")
		diets, allergens := ","+m[3]+",", ","+m[4]+","
		if !strings.Contains(diets, ","+diet+",") || strings.Contains(allergens, ","+allergen+",") {
			out[name] = true
		}
	}
	return out
}
