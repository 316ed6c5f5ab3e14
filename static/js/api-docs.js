// The API's documentation page: Swagger UI (static/vendor/swagger-ui-dist-5.35.0, loaded
// before this module as a classic deferred script: its UMD bundle sets
// globalThis.SwaggerUIBundle) drawn over the OpenAPI document the page names. Replaces the
// page's fallback link once it runs.
const root = document.getElementById("swagger-ui");
const { SwaggerUIBundle } = globalThis;

if (root && SwaggerUIBundle) {
  root.replaceChildren();
  SwaggerUIBundle({
    url: root.dataset.specUrl,
    domNode: root,
    deepLinking: true,
    tryItOutEnabled: false,
    persistAuthorization: false,
  });
}
