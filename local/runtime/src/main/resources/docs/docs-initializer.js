// Swagger UI over the document this local run serves (its own address listed first as the server).
window.onload = function () {
  window.ui = SwaggerUIBundle({
    url: "/openapi/openapi.yml",
    dom_id: "#swagger-ui",
    deepLinking: true,
    presets: [SwaggerUIBundle.presets.apis, SwaggerUIStandalonePreset],
    plugins: [SwaggerUIBundle.plugins.DownloadUrl],
    layout: "StandaloneLayout",
    // The default asks validator.swagger.io for a badge: nothing here leaves this machine.
    validatorUrl: null,
    tryItOutEnabled: true
  });
};
