package io.serverlessorch.api;

import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyRequestEvent;
import io.micronaut.http.HttpRequest;
import io.micronaut.servlet.http.ServletHttpRequest;
import io.serverlessorch.orders.Caller;

import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The {@link Caller} of a request, from what API Gateway says of it in the proxy event's request context: with IAM
 * authorization the signer's ARN ({@code identity.userArn}), else its principal id or account; with a Lambda
 * authorizer the principal it named. A request with none of these (a stage deployed with {@code --api-authorization
 * NONE}, the local run) is {@link Caller#ANONYMOUS}; its source address is not a caller (NAT).
 */
final class Callers {

    /** An assumed role's session: {@code arn:aws:sts::123456789012:assumed-role/Role/session}. */
    private static final Pattern ASSUMED_ROLE_SESSION = Pattern.compile("^(arn:[^:]+:sts::[0-9]+:assumed-role/[^/]+)/.+$");

    private Callers() {
    }

    static Caller of(HttpRequest<?> request) {
        if (request instanceof ServletHttpRequest<?, ?> servlet && servlet.getNativeRequest() instanceof APIGatewayProxyRequestEvent event) {
            return of(event.getRequestContext());
        }
        return Caller.ANONYMOUS;
    }

    static Caller of(APIGatewayProxyRequestEvent.ProxyRequestContext context) {
        if (context == null) {
            return Caller.ANONYMOUS;
        }
        APIGatewayProxyRequestEvent.RequestIdentity identity = context.getIdentity();
        if (identity != null && present(identity.getUserArn())) {
            return Caller.of(withoutSession(identity.getUserArn()));
        }
        if (identity != null && present(identity.getCaller())) {
            // An assumed role's principal id is "AROA...:session"; the role is the caller.
            String caller = identity.getCaller();
            return Caller.of("caller:" + (caller.contains(":") ? caller.substring(0, caller.indexOf(':')) : caller));
        }
        Map<String, Object> authorizer = context.getAuthorizer();
        if (authorizer != null && authorizer.get("principalId") instanceof String principalId && present(principalId)) {
            return Caller.of("authorizer:" + principalId);
        }
        if (identity != null && present(identity.getAccountId())) {
            return Caller.of("account:" + identity.getAccountId());
        }
        return Caller.ANONYMOUS;
    }

    /**
     * A role's sessions are one caller: a client's retry may come from another session of its role (another
     * instance, renewed credentials), and must find the order its first try placed.
     */
    static String withoutSession(String arn) {
        Matcher session = ASSUMED_ROLE_SESSION.matcher(arn);
        return session.matches() ? session.group(1) : arn;
    }

    private static boolean present(String value) {
        return value != null && !value.isBlank();
    }
}
