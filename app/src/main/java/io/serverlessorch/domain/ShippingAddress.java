package io.serverlessorch.domain;

/** {@code state} may be null: not every country has one. {@code country} is ISO 3166-1 alpha-2. */
public record ShippingAddress(String street, String city, String state, String postalCode, String country) {
}
