// Package fitness serves the fitness planner's REST routes (seed 004, a
// Django REST Framework design) unchanged: /register, /login, /profile,
// /meal-plan, /workout-plan and /generate-plan, with the seed's field
// names, on top of stylist.v1.UserService and PlanService. Errors are
// DRF's: 400 with {"field": ["message"]} for bad input, {"detail": "..."}
// otherwise. Authentication is the user's JWT in
// "Authorization: Bearer <access>", as /login returns it.
package fitness

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"encoding/json"
	"errors"
	"net/http"
	"reflect"
	"regexp"
	"strings"
	"time"

	"google.golang.org/genproto/googleapis/rpc/errdetails"
	"google.golang.org/genproto/googleapis/type/date"
	"google.golang.org/grpc"
	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/metadata"
	"google.golang.org/grpc/status"
	"google.golang.org/protobuf/proto"
	"google.golang.org/protobuf/types/known/fieldmaskpb"

	stylistv1 "github.com/stylist/stylist/clients/go/stylist/v1"
	"github.com/stylist/stylist/gateway/internal/compat/compatutil"
)

// Handler serves the fitness planner's routes.
type Handler struct {
	users stylistv1.UserServiceClient
	plans stylistv1.PlanServiceClient
	mux   *http.ServeMux
}

// routes are the fitness planner's routes, in the order of New's handlers.
var routes = []string{
	"POST /register", "POST /login", "GET /profile", "PUT /profile", "PATCH /profile", "GET /meal-plan", "GET /workout-plan",
	"POST /generate-plan",
}

// New returns the fitness planner's routes on top of the upstream
// connection.
func New(conn grpc.ClientConnInterface) *Handler {
	h := &Handler{
		users: stylistv1.NewUserServiceClient(conn),
		plans: stylistv1.NewPlanServiceClient(conn),
		mux:   http.NewServeMux(),
	}
	handlers := []http.HandlerFunc{h.register, h.login, h.getProfile, h.updateProfile, h.updateProfile,
		h.mealPlan, h.workoutPlan, h.generatePlan}
	for i, pattern := range routes {
		h.mux.HandleFunc(pattern, handlers[i])
	}
	return h
}

// Patterns lists the route patterns New registers, for the outer mux.
func Patterns() []string {
	return append([]string(nil), routes...)
}

func (h *Handler) ServeHTTP(w http.ResponseWriter, r *http.Request) { h.mux.ServeHTTP(w, r) }

// fitnessProfile is the seed's user record (without the password).
type fitnessProfile struct {
	ID                 string   `json:"id"`
	Name               string   `json:"name"`
	Email              string   `json:"email"`
	Age                *int32   `json:"age"`
	Height             *float64 `json:"height"`
	Weight             *float64 `json:"weight"`
	Sex                *string  `json:"sex"`
	ActivityLevel      *string  `json:"activity_level"`
	FitnessGoal        *string  `json:"fitness_goal"`
	DietaryPreferences []string `json:"dietary_preferences"`
	Allergies          []string `json:"allergies"`
}

// fitnessFields are the profile fields /register and PUT /profile accept.
// Lists may also be sent as one comma-separated string.
type fitnessFields struct {
	Name               *string         `json:"name"`
	Age                *int32          `json:"age"`
	Height             *float64        `json:"height"`
	Weight             *float64        `json:"weight"`
	Sex                *string         `json:"sex"`
	ActivityLevel      *string         `json:"activity_level"`
	FitnessGoal        *string         `json:"fitness_goal"`
	DietaryPreferences json.RawMessage `json:"dietary_preferences"`
	Allergies          json.RawMessage `json:"allergies"`
}

// fieldErrors is DRF's validation error body.
type fieldErrors map[string][]string

func (e fieldErrors) add(field, msg string) { e[field] = append(e[field], msg) }

// seedField maps the server's field paths onto the seed's names.
var seedField = map[string]string{
	"display_name":                        "name",
	"profile.display_name":                "name",
	"profile.fitness.age":                 "age",
	"profile.fitness.height_cm":           "height",
	"profile.fitness.weight_kg":           "weight",
	"profile.fitness.sex":                 "sex",
	"profile.fitness.activity_level":      "activity_level",
	"profile.fitness.fitness_goal":        "fitness_goal",
	"profile.fitness.dietary_preferences": "dietary_preferences",
	"profile.fitness.allergies":           "allergies",
	"options.training_days_per_week":      "training_days_per_week",
	"options.minutes_per_session":         "minutes_per_session",
	"options.target_weight_kg":            "target_weight",
	"options.weekly_rate_kg":              "weekly_rate",
	"options.available_equipment":         "equipment",
	"options.replace_existing":            "replace_existing",
}

// apiWords are what the server's messages call things in its own API, and
// what this app's API calls them.
var apiWords = strings.NewReplacer(
	"generate one with GeneratePlan", "generate one with POST /generate-plan",
	"set it with UpdateProfile", "set it with PUT /profile",
	"set options.replace_existing", `send "replace_existing": true`,
	"options.target_weight_kg", "target_weight",
	"options.weekly_rate_kg", "weekly_rate",
	"options.training_days_per_week", "training_days_per_week",
	"options.minutes_per_session", "minutes_per_session",
	"options.available_equipment", "equipment",
)

// inAppWords rewords a server message for this app's clients.
func inAppWords(msg string) string { return apiWords.Replace(msg) }

func seedName(field string) string {
	if i := strings.IndexByte(field, '['); i >= 0 {
		field = field[:i]
	}
	if name, ok := seedField[field]; ok {
		return name
	}
	return field
}

// writeError answers an upstream error the DRF way: field violations as
// {"field": [...]} with 400, anything else through compatutil.WriteError's
// {"detail": ...}.
func writeError(w http.ResponseWriter, err error) {
	st := status.Convert(err)
	if words := inAppWords(st.Message()); words != st.Message() {
		p := st.Proto()
		p.Message = words
		st = status.FromProto(p)
		err = st.Err()
	}
	if st.Code() == codes.InvalidArgument || st.Code() == codes.FailedPrecondition ||
		st.Code() == codes.AlreadyExists {
		errs := fieldErrors{}
		for _, d := range st.Details() {
			if br, ok := d.(*errdetails.BadRequest); ok {
				for _, v := range br.GetFieldViolations() {
					errs.add(seedName(v.GetField()), inAppWords(v.GetDescription()))
				}
			}
		}
		if len(errs) > 0 {
			if st.Code() == codes.FailedPrecondition {
				errs["detail"] = []string{st.Message()}
			}
			compatutil.WriteJSON(w, http.StatusBadRequest, errs)
			return
		}
	}
	compatutil.WriteError(w, err)
}

// decodeObject reads a JSON object body into v, answering 400 itself when
// the body is not one.
func decodeObject(w http.ResponseWriter, r *http.Request, v any) bool {
	dec := json.NewDecoder(r.Body)
	if err := dec.Decode(v); err != nil {
		var typeErr *json.UnmarshalTypeError
		if errors.As(err, &typeErr) {
			if typeErr.Field == "" {
				// The body is JSON but not an object: DRF's words, not
				// encoding/json's (which name the server's Go types).
				compatutil.WriteJSON(w, http.StatusBadRequest, fieldErrors{
					"non_field_errors": {"Invalid data. Expected a dictionary, but got " + typeErr.Value + "."}})
				return false
			}
			// The last part of the path: embedded structs prefix their name.
			field := typeErr.Field[strings.LastIndexByte(typeErr.Field, '.')+1:]
			compatutil.WriteJSON(w, http.StatusBadRequest, fieldErrors{field: {typeMessage(typeErr.Type.Kind())}})
			return false
		}
		msg := "JSON parse error - " + err.Error()
		compatutil.WriteDetail(w, http.StatusBadRequest, msg)
		return false
	}
	return true
}

// typeMessage is DRF's message for a value of the wrong JSON type.
func typeMessage(want reflect.Kind) string {
	switch want {
	case reflect.Int, reflect.Int32, reflect.Int64:
		return "A valid integer is required."
	case reflect.Float32, reflect.Float64:
		return "A valid number is required."
	case reflect.String:
		return "Not a valid string."
	case reflect.Bool:
		return "Must be a valid boolean."
	case reflect.Slice:
		return "Expected a list of items."
	}
	return "Incorrect type."
}

// words reads a list sent as a JSON array of strings or one comma-separated
// string.
func words(raw json.RawMessage) ([]string, bool) {
	if len(raw) == 0 || string(raw) == "null" {
		return nil, true
	}
	var list []string
	if err := json.Unmarshal(raw, &list); err == nil {
		return list, true
	}
	var one string
	if err := json.Unmarshal(raw, &one); err != nil {
		return nil, false
	}
	list = []string{}
	for _, part := range strings.Split(one, ",") {
		if part = strings.TrimSpace(part); part != "" {
			list = append(list, part)
		}
	}
	return list, true
}

// enumWord is an enum value as the seed writes it: "lose_weight".
func enumWord(name, prefix string) *string {
	word := compatutil.EnumName(name, prefix)
	if word == "unspecified" {
		return nil
	}
	return &word
}

// enumValue parses a word ("lose_weight", "Lose weight") into an enum value
// of `values`; ok is false for unknown words.
func enumValue(word, prefix string, values map[string]int32) (int32, bool) {
	key := prefix + strings.ToUpper(strings.NewReplacer(" ", "_", "-", "_").Replace(strings.TrimSpace(word)))
	v, ok := values[key]
	return v, ok && v != 0
}

// goalSynonyms are other ways the fitness app's users name their goal.
var goalSynonyms = map[string]string{
	"weight_loss": "lose_weight", "lose": "lose_weight", "muscle_gain": "gain_muscle", "build_muscle": "gain_muscle",
	"endurance": "improve_endurance", "maintenance": "maintain", "health": "general_health",
}

// toFitness turns the seed's fields into a profile and its update mask,
// collecting DRF field errors for what cannot be read.
func toFitness(f fitnessFields, errs fieldErrors) (*stylistv1.Profile, []string) {
	p := &stylistv1.Profile{Fitness: &stylistv1.FitnessProfile{}}
	var paths []string
	if f.Name != nil {
		p.DisplayName = *f.Name
		paths = append(paths, "display_name")
	}
	if f.Age != nil {
		p.Fitness.Age = f.Age
		paths = append(paths, "fitness.age")
	}
	if f.Height != nil {
		p.Fitness.HeightCm = f.Height
		paths = append(paths, "fitness.height_cm")
	}
	if f.Weight != nil {
		p.Fitness.WeightKg = f.Weight
		paths = append(paths, "fitness.weight_kg")
	}
	if f.Sex != nil {
		if v, ok := enumValue(*f.Sex, "SEX_", stylistv1.Sex_value); ok {
			p.Fitness.Sex = stylistv1.Sex(v)
			paths = append(paths, "fitness.sex")
		} else {
			errs.add("sex", `"`+*f.Sex+`" is not a valid choice: female, male or other.`)
		}
	}
	if f.ActivityLevel != nil {
		if v, ok := enumValue(*f.ActivityLevel, "ACTIVITY_LEVEL_", stylistv1.ActivityLevel_value); ok {
			p.Fitness.ActivityLevel = stylistv1.ActivityLevel(v)
			paths = append(paths, "fitness.activity_level")
		} else {
			errs.add("activity_level", `"`+*f.ActivityLevel+`" is not a valid choice: sedentary, light, moderate, active or very_active.`)
		}
	}
	if f.FitnessGoal != nil {
		goal := strings.ToLower(strings.TrimSpace(*f.FitnessGoal))
		if alias, ok := goalSynonyms[goal]; ok {
			goal = alias
		}
		if v, ok := enumValue(goal, "FITNESS_GOAL_", stylistv1.FitnessGoal_value); ok {
			p.Fitness.FitnessGoal = stylistv1.FitnessGoal(v)
			paths = append(paths, "fitness.fitness_goal")
		} else {
			errs.add("fitness_goal", `"`+*f.FitnessGoal+`" is not a valid choice: lose_weight, maintain, gain_muscle, improve_endurance or general_health.`)
		}
	}
	if diets, ok := words(f.DietaryPreferences); !ok {
		errs.add("dietary_preferences", "Expected a list of items or a comma-separated string.")
	} else if diets != nil {
		for _, d := range diets {
			if strings.EqualFold(d, "none") {
				continue
			}
			if v, ok := enumValue(d, "DIETARY_PREFERENCE_", stylistv1.DietaryPreference_value); ok {
				p.Fitness.DietaryPreferences = append(p.Fitness.DietaryPreferences, stylistv1.DietaryPreference(v))
			} else {
				errs.add("dietary_preferences", `"`+d+`" is not a valid choice: vegetarian, vegan, pescatarian, keto, halal, kosher, gluten_free, dairy_free, low_carb or mediterranean.`)
			}
		}
		paths = append(paths, "fitness.dietary_preferences")
	}
	if allergies, ok := words(f.Allergies); !ok {
		errs.add("allergies", "Expected a list of items or a comma-separated string.")
	} else if allergies != nil {
		p.Fitness.Allergies = allergies
		paths = append(paths, "fitness.allergies")
	}
	return p, paths
}

func profileOut(p *stylistv1.Profile) fitnessProfile {
	f := p.GetFitness()
	if f == nil {
		f = &stylistv1.FitnessProfile{} // a profile without fitness fields reads as unset ones
	}
	out := fitnessProfile{
		ID: p.GetUserId(), Name: p.GetDisplayName(), Email: p.GetEmail(),
		Age: f.Age, Height: f.HeightCm, Weight: f.WeightKg,
		Sex:                enumWord(f.GetSex().String(), "SEX_"),
		ActivityLevel:      enumWord(f.GetActivityLevel().String(), "ACTIVITY_LEVEL_"),
		FitnessGoal:        enumWord(f.GetFitnessGoal().String(), "FITNESS_GOAL_"),
		DietaryPreferences: []string{},
		Allergies:          append([]string{}, f.GetAllergies()...),
	}
	for _, d := range f.GetDietaryPreferences() {
		if w := enumWord(d.String(), "DIETARY_PREFERENCE_"); w != nil { // an unspecified value in a list is left out
			out.DietaryPreferences = append(out.DietaryPreferences, *w)
		}
	}
	return out
}

func withBearer(ctx context.Context, token string) context.Context {
	md, _ := metadata.FromOutgoingContext(ctx)
	md = md.Copy()
	md.Set("authorization", "Bearer "+token)
	return metadata.NewOutgoingContext(ctx, md)
}

// usernameFor derives a username from the email (the fitness app has none):
// its local part, cleaned, and a random suffix so that two people called
// "anna" do not collide. The server reserves "ext_" for external accounts,
// so that prefix is dropped (ext_bob@... becomes bob-...).
var usernameJunk = regexp.MustCompile(`[^A-Za-z0-9_.-]+`)

func usernameFor(email string) string {
	local, _, _ := strings.Cut(email, "@")
	local = usernameJunk.ReplaceAllString(local, "")
	for {
		trimmed := strings.TrimLeft(local, "_.-")
		if len(trimmed) >= 4 && strings.EqualFold(trimmed[:4], "ext_") {
			trimmed = trimmed[4:]
		}
		if trimmed == local {
			break
		}
		local = trimmed
	}
	if len(local) > 20 {
		local = local[:20]
	}
	if local == "" {
		local = "user"
	}
	suffix := make([]byte, 3)
	_, _ = rand.Read(suffix)
	return local + "-" + hex.EncodeToString(suffix)
}

type tokens struct {
	Access    string `json:"access"`
	Refresh   string `json:"refresh"`
	TokenType string `json:"token_type"`
	ExpiresAt string `json:"expires_at"`
}

func tokensOut(t *stylistv1.AuthTokens) tokens {
	return tokens{Access: t.GetAccessToken(), Refresh: t.GetRefreshToken(), TokenType: "Bearer",
		ExpiresAt: t.GetAccessTokenExpireTime().AsTime().UTC().Format(time.RFC3339)}
}

func (h *Handler) register(w http.ResponseWriter, r *http.Request) {
	var body struct {
		fitnessFields
		Email    *string `json:"email"`
		Password *string `json:"password"`
	}
	if !decodeObject(w, r, &body) {
		return
	}
	errs := fieldErrors{}
	if body.Email == nil || strings.TrimSpace(*body.Email) == "" {
		errs.add("email", "This field is required.")
	}
	if body.Password == nil || *body.Password == "" {
		errs.add("password", "This field is required.")
	}
	profile, paths := toFitness(body.fitnessFields, errs)
	if len(errs) > 0 {
		compatutil.WriteJSON(w, http.StatusBadRequest, errs)
		return
	}
	ctx := compatutil.Outgoing(r)
	req := &stylistv1.RegisterRequest{Email: *body.Email, Password: *body.Password, DisplayName: profile.GetDisplayName()}
	var reg *stylistv1.RegisterResponse
	var err error
	for attempt := 0; attempt < 3; attempt++ {
		req.Username = usernameFor(*body.Email)
		if reg, err = h.users.Register(ctx, req); status.Code(err) != codes.AlreadyExists || strings.Contains(status.Convert(err).Message(), "email") {
			break
		}
	}
	if err != nil {
		writeError(w, err)
		return
	}
	token := reg.GetTokens().GetAccessToken()
	result := reg.GetProfile()
	if fitness := withoutName(paths); len(fitness) > 0 {
		up, err := h.users.UpdateProfile(withBearer(ctx, token), &stylistv1.UpdateProfileRequest{
			Profile: profile, UpdateMask: &fieldmaskpb.FieldMask{Paths: fitness}})
		if err != nil {
			// Registration is all or nothing: take the new account back.
			_, _ = h.users.DeleteAccount(withBearer(context.WithoutCancel(ctx), token),
				&stylistv1.DeleteAccountRequest{Password: *body.Password})
			writeError(w, err)
			return
		}
		result = up.GetProfile()
	}
	compatutil.WriteJSON(w, http.StatusCreated, map[string]any{"user": profileOut(result), "tokens": tokensOut(reg.GetTokens())})
}

func withoutName(paths []string) []string {
	out := []string{}
	for _, p := range paths {
		if p != "display_name" {
			out = append(out, p)
		}
	}
	return out
}

func (h *Handler) login(w http.ResponseWriter, r *http.Request) {
	var body struct {
		Email    *string `json:"email"`
		Username *string `json:"username"`
		Password *string `json:"password"`
	}
	if !decodeObject(w, r, &body) {
		return
	}
	errs := fieldErrors{}
	login := ""
	switch {
	case body.Email != nil && *body.Email != "":
		login = *body.Email
	case body.Username != nil && *body.Username != "":
		login = *body.Username
	default:
		errs.add("email", "This field is required.")
	}
	if body.Password == nil || *body.Password == "" {
		errs.add("password", "This field is required.")
	}
	if len(errs) > 0 {
		compatutil.WriteJSON(w, http.StatusBadRequest, errs)
		return
	}
	resp, err := h.users.Login(compatutil.Outgoing(r), &stylistv1.LoginRequest{Login: login, Password: *body.Password})
	if err != nil {
		writeError(w, err)
		return
	}
	compatutil.WriteJSON(w, http.StatusOK, tokensOut(resp.GetTokens()))
}

func (h *Handler) getProfile(w http.ResponseWriter, r *http.Request) {
	resp, err := h.users.GetProfile(compatutil.Outgoing(r), &stylistv1.GetProfileRequest{})
	if err != nil {
		writeError(w, err)
		return
	}
	compatutil.WriteJSON(w, http.StatusOK, profileOut(resp.GetProfile()))
}

func (h *Handler) updateProfile(w http.ResponseWriter, r *http.Request) {
	var body fitnessFields
	if !decodeObject(w, r, &body) {
		return
	}
	errs := fieldErrors{}
	profile, paths := toFitness(body, errs)
	if len(errs) > 0 {
		compatutil.WriteJSON(w, http.StatusBadRequest, errs)
		return
	}
	if len(paths) == 0 {
		// Nothing to change: answer the profile as it is.
		h.getProfile(w, r)
		return
	}
	resp, err := h.users.UpdateProfile(compatutil.Outgoing(r), &stylistv1.UpdateProfileRequest{
		Profile: profile, UpdateMask: &fieldmaskpb.FieldMask{Paths: paths}})
	if err != nil {
		writeError(w, err)
		return
	}
	compatutil.WriteJSON(w, http.StatusOK, profileOut(resp.GetProfile()))
}

const dateFormatError = "Date has wrong format. Use one of these formats instead: YYYY-MM-DD."

// parseDate reads YYYY-MM-DD.
func parseDate(value string) (*date.Date, bool) {
	t, err := time.Parse("2006-01-02", value)
	if err != nil {
		return nil, false
	}
	return dateOf(t), true
}

func dateOf(t time.Time) *date.Date {
	return &date.Date{Year: int32(t.Year()), Month: int32(t.Month()), Day: int32(t.Day())}
}

// dateParam reads the query parameter `name` (YYYY-MM-DD), answering DRF's
// 400 itself when it is malformed, or missing and required.
func dateParam(w http.ResponseWriter, r *http.Request, name string, required bool) (*date.Date, bool) {
	value := r.URL.Query().Get(name)
	if value == "" {
		if required {
			compatutil.WriteJSON(w, http.StatusBadRequest, fieldErrors{name: {"This field is required."}})
			return nil, false
		}
		return nil, true
	}
	d, ok := parseDate(value)
	if !ok {
		compatutil.WriteJSON(w, http.StatusBadRequest, fieldErrors{name: {dateFormatError}})
	}
	return d, ok
}

func isoDate(d *date.Date) string {
	return time.Date(int(d.GetYear()), time.Month(d.GetMonth()), int(d.GetDay()), 0, 0, 0, 0, time.UTC).Format("2006-01-02")
}

type nutrition struct {
	EnergyKcal float64 `json:"energy_kcal"`
	ProteinG   float64 `json:"protein_g"`
	FatG       float64 `json:"fat_g"`
	CarbsG     float64 `json:"carbs_g"`
}

func nutritionOut(n *stylistv1.Nutrition) nutrition {
	return nutrition{EnergyKcal: n.GetEnergyKcal(), ProteinG: n.GetProteinG(), FatG: n.GetFatG(), CarbsG: n.GetCarbsG()}
}

type foodOut struct {
	Name     string  `json:"name"`
	Quantity float64 `json:"quantity"`
	Unit     string  `json:"unit"`
	nutrition
}

type mealOut struct {
	Name  string    `json:"name"`
	Items []foodOut `json:"items"`
	nutrition
}

func mealFrom(m *stylistv1.Meal) *mealOut {
	if m == nil {
		return nil
	}
	out := &mealOut{Name: m.GetName(), Items: []foodOut{}, nutrition: nutritionOut(m.GetNutrition())}
	for _, i := range m.GetItems() {
		out.Items = append(out.Items, foodOut{Name: i.GetName(), Quantity: i.GetQuantity(), Unit: i.GetUnit(), nutrition: nutritionOut(i.GetNutrition())})
	}
	return out
}

type mealPlanOut struct {
	Date      string     `json:"date"`
	Breakfast *mealOut   `json:"breakfast"`
	Lunch     *mealOut   `json:"lunch"`
	Dinner    *mealOut   `json:"dinner"`
	Snacks    *mealOut   `json:"snacks"`
	Total     nutrition  `json:"total"`
	PlanID    string     `json:"plan_id,omitempty"`
	Targets   *nutrition `json:"targets,omitempty"`
}

func mealPlanFrom(d *stylistv1.MealPlanDay) mealPlanOut {
	return mealPlanOut{Date: isoDate(d.GetDate()), Breakfast: mealFrom(d.GetBreakfast()), Lunch: mealFrom(d.GetLunch()),
		Dinner: mealFrom(d.GetDinner()), Snacks: mealFrom(d.GetSnacks()), Total: nutritionOut(d.GetTotal())}
}

type exerciseOut struct {
	Session         string   `json:"session"`
	Name            string   `json:"name"`
	Sets            int32    `json:"sets"`
	Reps            *int32   `json:"reps"`
	DurationSeconds *int64   `json:"duration_seconds"`
	RestSeconds     int64    `json:"rest_seconds"`
	MuscleGroups    []string `json:"muscle_groups"`
	Equipment       []string `json:"equipment"`
	Notes           string   `json:"notes"`
}

type workoutPlanOut struct {
	Date            string        `json:"date"`
	RestDay         bool          `json:"rest_day"`
	Exercises       []exerciseOut `json:"exercises"`
	DurationMinutes int64         `json:"duration_minutes"`
	EstimatedKcal   float64       `json:"estimated_kcal"`
	PlanID          string        `json:"plan_id,omitempty"`
}

func workoutPlanFrom(d *stylistv1.WorkoutPlanDay) workoutPlanOut {
	out := workoutPlanOut{Date: isoDate(d.GetDate()), RestDay: d.GetRestDay(), Exercises: []exerciseOut{}}
	for _, s := range d.GetSessions() {
		out.DurationMinutes += int64(s.GetEstimatedDuration().AsDuration().Round(time.Minute) / time.Minute)
		out.EstimatedKcal += s.GetEstimatedEnergyKcal()
		for _, e := range s.GetExercises() {
			x := exerciseOut{Session: s.GetName(), Name: e.GetName(), Sets: e.GetSets(),
				RestSeconds: int64(e.GetRest().AsDuration() / time.Second), Notes: e.GetNotes(),
				MuscleGroups: []string{}, Equipment: []string{}}
			if e.GetReps() > 0 {
				reps := e.GetReps()
				x.Reps = &reps
			}
			if e.GetDuration() != nil {
				seconds := int64(e.GetDuration().AsDuration() / time.Second)
				x.DurationSeconds = &seconds
			}
			for _, m := range e.GetMuscleGroups() {
				if w := enumWord(m.String(), "MUSCLE_GROUP_"); w != nil { // an unspecified value in a list is left out
					x.MuscleGroups = append(x.MuscleGroups, *w)
				}
			}
			for _, q := range e.GetEquipment() {
				if w := enumWord(q.String(), "EQUIPMENT_"); w != nil { // an unspecified value in a list is left out
					x.Equipment = append(x.Equipment, *w)
				}
			}
			out.Exercises = append(out.Exercises, x)
		}
	}
	return out
}

// servePlanDay answers GET /meal-plan and /workout-plan: ?date= checked,
// the day fetched and written.
func servePlanDay(w http.ResponseWriter, r *http.Request, fetch func(context.Context, *date.Date) (any, error)) {
	d, ok := dateParam(w, r, "date", true)
	if !ok {
		return
	}
	out, err := fetch(compatutil.Outgoing(r), d)
	if err != nil {
		writeError(w, err)
		return
	}
	compatutil.WriteJSON(w, http.StatusOK, out)
}

func (h *Handler) mealPlan(w http.ResponseWriter, r *http.Request) {
	servePlanDay(w, r, func(ctx context.Context, d *date.Date) (any, error) {
		resp, err := h.plans.GetMealPlan(ctx, &stylistv1.GetMealPlanRequest{Date: d})
		if err != nil {
			return nil, err
		}
		out := mealPlanFrom(resp.GetDay())
		out.PlanID = resp.GetPlanId()
		targets := nutritionOut(resp.GetTargets().GetDaily())
		out.Targets = &targets
		return out, nil
	})
}

func (h *Handler) workoutPlan(w http.ResponseWriter, r *http.Request) {
	servePlanDay(w, r, func(ctx context.Context, d *date.Date) (any, error) {
		resp, err := h.plans.GetWorkoutPlan(ctx, &stylistv1.GetWorkoutPlanRequest{Date: d})
		if err != nil {
			return nil, err
		}
		out := workoutPlanFrom(resp.GetDay())
		out.PlanID = resp.GetPlanId()
		return out, nil
	})
}

// generatePlan makes a plan from the profile, after it has taken what the
// body says of the user ("send user inputs to the AI"): the profile's own
// fields (fitness_goal, dietary_preferences, allergies, weight, ...; goal and
// diet are taken for the first two) are saved to the profile first, as PUT
// /profile would, and the plan's options (days, equipment, training days,
// target weight) shape this plan. Everything the edge can check is checked
// before anything is written; a plan the server refuses puts the profile
// back.
func (h *Handler) generatePlan(w http.ResponseWriter, r *http.Request) {
	var body struct {
		fitnessFields
		Goal                *string         `json:"goal"`
		Diet                json.RawMessage `json:"diet"`
		StartDate           *string         `json:"start_date"`
		EndDate             *string         `json:"end_date"`
		Days                *int32          `json:"days"`
		TrainingDaysPerWeek *int32          `json:"training_days_per_week"`
		MinutesPerSession   *int32          `json:"minutes_per_session"`
		Equipment           []string        `json:"equipment"`
		TargetWeight        *float64        `json:"target_weight"`
		WeeklyRate          *float64        `json:"weekly_rate"`
		ReplaceExisting     bool            `json:"replace_existing"`
	}
	if r.ContentLength != 0 && !decodeObject(w, r, &body) {
		return
	}
	errs := fieldErrors{}
	if body.FitnessGoal == nil {
		body.FitnessGoal = body.Goal
	}
	if body.DietaryPreferences == nil {
		body.DietaryPreferences = body.Diet
	}
	profile, profilePaths := toFitness(body.fitnessFields, errs)
	req := &stylistv1.GeneratePlanRequest{Options: &stylistv1.PlanOptions{
		TargetWeightKg: body.TargetWeight, WeeklyRateKg: body.WeeklyRate, ReplaceExisting: body.ReplaceExisting}}
	parse := func(field string, value *string) *date.Date {
		if value == nil || *value == "" {
			return nil
		}
		d, ok := parseDate(*value)
		if !ok {
			errs.add(field, dateFormatError)
		}
		return d
	}
	req.StartDate = parse("start_date", body.StartDate)
	req.EndDate = parse("end_date", body.EndDate)
	if body.Days != nil {
		switch {
		case req.EndDate != nil:
			errs.add("days", "Give either days or end_date, not both.")
		case *body.Days < 1 || *body.Days > 31:
			errs.add("days", "Ensure this value is between 1 and 31.")
		default:
			start := time.Now().UTC()
			if req.StartDate != nil {
				start = time.Date(int(req.StartDate.Year), time.Month(req.StartDate.Month), int(req.StartDate.Day), 0, 0, 0, 0, time.UTC)
			}
			req.EndDate = dateOf(start.AddDate(0, 0, int(*body.Days)-1))
		}
	}
	if body.TrainingDaysPerWeek != nil {
		req.Options.TrainingDaysPerWeek = *body.TrainingDaysPerWeek
		if *body.TrainingDaysPerWeek == 0 {
			errs.add("training_days_per_week", "Ensure this value is between 1 and 7.")
		}
	}
	if body.MinutesPerSession != nil {
		req.Options.MinutesPerSession = *body.MinutesPerSession
		if *body.MinutesPerSession == 0 {
			errs.add("minutes_per_session", "Ensure this value is between 10 and 180.")
		}
	}
	for _, e := range body.Equipment {
		if strings.EqualFold(e, "bodyweight") || strings.EqualFold(e, "none") {
			continue
		}
		if v, ok := enumValue(e, "EQUIPMENT_", stylistv1.Equipment_value); ok {
			req.Options.AvailableEquipment = append(req.Options.AvailableEquipment, stylistv1.Equipment(v))
		} else {
			errs.add("equipment", `"`+e+`" is not a valid choice: dumbbells, barbell, kettlebell, resistance_bands, pull_up_bar, bench, cable_machine, cardio_machine, jump_rope or yoga_mat.`)
		}
	}
	if len(errs) > 0 {
		compatutil.WriteJSON(w, http.StatusBadRequest, errs)
		return
	}
	// The body's goal, diet and allergies go to the profile first: the plan
	// is built from the profile. When the plan is then refused (days
	// already planned, an unsafe rate, a spent budget), the profile is put
	// back as it was, unless it changed again meanwhile (its etag).
	restore := func() {}
	if len(profilePaths) > 0 {
		mask := &fieldmaskpb.FieldMask{Paths: profilePaths}
		before, err := h.users.GetProfile(compatutil.Outgoing(r), &stylistv1.GetProfileRequest{})
		if err != nil {
			writeError(w, err)
			return
		}
		// Conditional on what was read, so the put-back below restores
		// exactly what this request replaced.
		profile.Etag = before.GetProfile().GetEtag()
		updated, err := h.users.UpdateProfile(compatutil.Outgoing(r), &stylistv1.UpdateProfileRequest{
			Profile: profile, UpdateMask: mask})
		if err != nil {
			writeError(w, err)
			return
		}
		restore = func() {
			old := proto.Clone(before.GetProfile()).(*stylistv1.Profile)
			old.Etag = updated.GetProfile().GetEtag()
			// Not cut short with the request: the put-back must happen.
			ctx, cancel := context.WithTimeout(context.WithoutCancel(compatutil.Outgoing(r)), 5*time.Second)
			defer cancel()
			_, _ = h.users.UpdateProfile(ctx, &stylistv1.UpdateProfileRequest{Profile: old, UpdateMask: mask})
		}
	}
	resp, err := h.plans.GeneratePlan(compatutil.Outgoing(r), req)
	if err != nil {
		restore()
		writeError(w, err)
		return
	}
	p := resp.GetPlan()
	out := map[string]any{
		"plan_id":    p.GetPlanId(),
		"start_date": isoDate(p.GetStartDate()),
		"end_date":   isoDate(p.GetEndDate()),
		"targets": map[string]any{
			"daily": nutritionOut(p.GetTargets().GetDaily()), "bmr_kcal": p.GetTargets().GetBmrKcal(),
			"tdee_kcal": p.GetTargets().GetTdeeKcal(), "weekly_rate_kg": p.GetTargets().GetWeeklyRateKg(),
		},
		"notes":   append([]string{}, p.GetNotes()...),
		"summary": p.GetSummary(),
	}
	meals := make([]mealPlanOut, 0, len(p.GetMealDays()))
	for _, d := range p.GetMealDays() {
		meals = append(meals, mealPlanFrom(d))
	}
	workouts := make([]workoutPlanOut, 0, len(p.GetWorkoutDays()))
	for _, d := range p.GetWorkoutDays() {
		workouts = append(workouts, workoutPlanFrom(d))
	}
	out["meal_plans"] = meals
	out["workout_plans"] = workouts
	compatutil.WriteJSON(w, http.StatusCreated, out)
}
