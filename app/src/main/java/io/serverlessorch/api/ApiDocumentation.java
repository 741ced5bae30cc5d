package io.serverlessorch.api;

import io.swagger.v3.oas.annotations.OpenAPIDefinition;
import io.swagger.v3.oas.annotations.enums.SecuritySchemeIn;
import io.swagger.v3.oas.annotations.enums.SecuritySchemeType;
import io.swagger.v3.oas.annotations.extensions.Extension;
import io.swagger.v3.oas.annotations.extensions.ExtensionProperty;
import io.swagger.v3.oas.annotations.headers.Header;
import io.swagger.v3.oas.annotations.info.Info;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.security.SecurityRequirement;
import io.swagger.v3.oas.annotations.security.SecurityScheme;
import io.swagger.v3.oas.annotations.servers.Server;
import io.swagger.v3.oas.annotations.servers.ServerVariable;
import io.swagger.v3.oas.annotations.tags.Tag;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * The OpenAPI document's header; the build generates the rest from the controllers. SigV4 is described the way
 * API Gateway exports an IAM-authorized API.
 */
@OpenAPIDefinition(
        info = @Info(
                title = "ServerlessOrch Order API",
                version = "1.0",
                description = "Place, read and list e-commerce orders. Errors are RFC 9457 problems (application/problem+json).\n\n"
                        + "A deployed stage authorizes with IAM by default: every request, this document included, must be "
                        + "signed with AWS Signature Version 4 (service `execute-api`) by a principal allowed "
                        + "`execute-api:Invoke`. A stage deployed with `--api-authorization NONE` and the local run take "
                        + "unsigned requests."),
        servers = {
                @Server(url = "https://{restApiId}.execute-api.{region}.amazonaws.com/{stage}",
                        description = "A deployed stage: the application stack's output ApiUrl",
                        variables = {
                                @ServerVariable(name = "restApiId", defaultValue = "rest-api-id",
                                        description = "The REST API's id, the first label of ApiUrl"),
                                @ServerVariable(name = "region", defaultValue = "us-east-1",
                                        description = "The AWS region the stage is deployed in"),
                                @ServerVariable(name = "stage", defaultValue = "dev",
                                        description = "The stage name given to scripts/deploy.sh --stage")}),
                @Server(url = "http://localhost:8080", description = "The local run (scripts/run_local.sh), unsigned")},
        tags = {
                @Tag(name = ApiDocumentation.ORDERS, description = "Place, read, list and cancel orders"),
                @Tag(name = ApiDocumentation.PAYMENTS, description = "The payment provider's callbacks"),
                @Tag(name = ApiDocumentation.HEALTH, description = "Whether the service can serve")},
        security = @SecurityRequirement(name = ApiDocumentation.SIGV4))
@SecurityScheme(
        name = ApiDocumentation.SIGV4,
        type = SecuritySchemeType.APIKEY,
        paramName = "Authorization",
        in = SecuritySchemeIn.HEADER,
        description = "AWS Signature Version 4 for the service `execute-api`, checked by API Gateway (IAM authorization, "
                + "the default of a deployed stage). Not checked by a stage deployed with `--api-authorization NONE` "
                + "nor by the local run.",
        extensions = @Extension(properties = @ExtensionProperty(name = "x-amazon-apigateway-authtype", value = "awsSigv4")))
final class ApiDocumentation {

    static final String SIGV4 = "sigv4";

    // The operations' tags: a generated client has one class per tag (OrdersApi, PaymentsApi, HealthApi).
    static final String ORDERS = "Orders";
    static final String PAYMENTS = "Payments";
    static final String HEALTH = "Health";

    // What any operation may answer: API Gateway's refusals (problems as well: ApplicationStack's gateway responses), and 406.
    static final String AMBIGUOUS = "A header or query parameter that may be given once came more than once, or a value holds a control character";
    static final String NOT_ACCEPTABLE = "The Accept header does not admit application/json";
    static final String FORBIDDEN = "The request is not signed, its signature is bad or expired, or its principal may not call "
            + "the API (IAM authorization); or the stage's web ACL blocked it";
    static final String THROTTLED = "The stage's request rate is exceeded; retry later";
    static final String WEB_ACL = "The stage's web ACL blocked the request";
    static final String METHOD_NOT_ALLOWED = "The path does not take this method; Allow lists the ones it takes";
    static final String TOO_LARGE = "The body is larger than " + ApiLimits.MAX_BODY_BYTES + " bytes";
    static final String UNAVAILABLE = "The order store is throttling or cannot be reached; retry after Retry-After seconds";
    static final String RETRY_AFTER = "Seconds to wait before retrying";

    /**
     * Money in a request has at most two decimals (@Digits): said in words and as x-fraction-digits, not as
     * multipleOf: 0.01, which validators computing in binary floating point (ajv's default, so Prism's) fail
     * for about one two-decimal value in nine, 19.99 among them.
     */
    static final String CENTS = "At most 2 decimal places";
    static final String FRACTION_DIGITS = "x-fraction-digits";

    // Examples, the same wherever the value appears.
    static final String ORDER_ID_EXAMPLE = "3f2b8c1e-5d4a-4e6f-9a7b-2c1d0e9f8a7b";
    static final String TIMESTAMP_EXAMPLE = "2026-12-07T10:15:36.000Z";
    /** Every timestamp: fixed-width ISO-8601 UTC with milliseconds (io.serverlessorch.domain.Timestamps). */
    static final String DATE_TIME = "date-time";

    /**
     * What every operation may answer, whatever it does: refusals of the front door (API Gateway, RequestScreen,
     * the router) and of the order store. On a controller, its operations get these; an operation's own answer
     * with the same status replaces the shared one.
     */
    @Retention(RetentionPolicy.RUNTIME)
    @Target(ElementType.TYPE)
    @ApiResponse(responseCode = "400", description = AMBIGUOUS,
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @ApiResponse(responseCode = "403", description = FORBIDDEN,
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @ApiResponse(responseCode = "405", description = METHOD_NOT_ALLOWED,
            headers = @Header(name = "Allow", description = "The methods the path takes", schema = @Schema(type = "string", example = "GET, HEAD")),
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @ApiResponse(responseCode = "406", description = NOT_ACCEPTABLE,
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @ApiResponse(responseCode = "413", description = TOO_LARGE,
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @ApiResponse(responseCode = "429", description = THROTTLED,
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @ApiResponse(responseCode = "503", description = UNAVAILABLE,
            headers = @Header(name = "Retry-After", description = RETRY_AFTER, schema = @Schema(type = "integer", minimum = "0", example = "1")),
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @interface SharedAnswers {
    }

    private ApiDocumentation() {
    }
}
