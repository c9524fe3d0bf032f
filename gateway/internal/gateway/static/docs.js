// The API reference: Swagger UI (bundled from npm, see gateway/docsui) on
// this edge's own /openapi.json. "Try it out" calls this same origin; the
// Authorize button takes a bearer token ("Bearer <access token>") or a
// service API key (X-API-Key). No outside resource is loaded: the spec
// validator badge, which calls out to validator.swagger.io, is off.
window.ui = SwaggerUIBundle({
  url: "/openapi.json",
  dom_id: "#swagger-ui",
  deepLinking: true,
  validatorUrl: null,
  displayRequestDuration: true,
  docExpansion: "list",
  filter: true,
  presets: [SwaggerUIBundle.presets.apis],
  layout: "BaseLayout",
});
