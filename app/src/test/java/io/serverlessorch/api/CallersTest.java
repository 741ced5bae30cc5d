package io.serverlessorch.api;

import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyRequestEvent.ProxyRequestContext;
import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyRequestEvent.RequestIdentity;
import io.serverlessorch.orders.Caller;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** Who a request's caller is, from API Gateway's request context. */
class CallersTest {

    @Test
    void anIamUserIsItsArn() {
        assertEquals(Caller.of("arn:aws:iam::111111111111:user/alice"),
                Callers.of(context(new RequestIdentity().withUserArn("arn:aws:iam::111111111111:user/alice").withAccountId("111111111111"))));
    }

    @Test
    void anAssumedRoleIsItsRoleWhateverTheSession() {
        Caller caller = Callers.of(context(new RequestIdentity()
                .withUserArn("arn:aws:sts::111111111111:assumed-role/order-client/i-0123456789abcdef0")
                .withCaller("AROAEXAMPLEID:i-0123456789abcdef0")));

        assertEquals(Caller.of("arn:aws:sts::111111111111:assumed-role/order-client"), caller);
    }

    @Test
    void withoutAnArnTheCallerIdOrTheAccountNamesIt() {
        assertEquals(Caller.of("caller:AROAEXAMPLEID"), Callers.of(context(new RequestIdentity().withCaller("AROAEXAMPLEID:session"))));
        assertEquals(Caller.of("account:111111111111"), Callers.of(context(new RequestIdentity().withAccountId("111111111111"))));
        ProxyRequestContext authorized = context(new RequestIdentity());
        authorized.setAuthorizer(Map.of("principalId", "user-7"));
        assertEquals(Caller.of("authorizer:user-7"), Callers.of(authorized));
    }

    @Test
    void noPrincipalIsTheAnonymousCallerWhateverTheSourceAddress() {
        assertEquals(Caller.ANONYMOUS, Callers.of(context(new RequestIdentity().withSourceIp("203.0.113.7"))));
        assertEquals(Caller.ANONYMOUS, Callers.of(context(new RequestIdentity().withUserArn(" "))));
        assertEquals(Caller.ANONYMOUS, Callers.of(new ProxyRequestContext()));
        assertEquals(Caller.ANONYMOUS, Callers.of((ProxyRequestContext) null));
    }

    private static ProxyRequestContext context(RequestIdentity identity) {
        return new ProxyRequestContext().withIdentity(identity);
    }
}
