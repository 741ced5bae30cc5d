package io.serverlessorch.invocation;

import io.micronaut.serde.annotation.SerdeImport;
import io.serverlessorch.domain.Customer;
import io.serverlessorch.domain.Order;
import io.serverlessorch.domain.OrderLine;
import io.serverlessorch.domain.Payment;
import io.serverlessorch.domain.ShippingAddress;
import io.serverlessorch.domain.StatusTransition;

/** Lets step payloads carry the domain's records as JSON without the domain knowing any JSON library. */
@SerdeImport(Order.class)
@SerdeImport(OrderLine.class)
@SerdeImport(Customer.class)
@SerdeImport(ShippingAddress.class)
@SerdeImport(Payment.class)
@SerdeImport(StatusTransition.class)
final class DomainSerde {
    private DomainSerde() {
    }
}
