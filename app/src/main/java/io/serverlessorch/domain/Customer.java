package io.serverlessorch.domain;

public record Customer(String customerId, String email, String name) {
}
