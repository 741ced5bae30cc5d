package io.serverlessorch.storage;

/** What became of a request to apply (or undo) an effect for an order. */
public enum EffectResult {
    /** Applied now. */
    APPLIED,
    /** Had been applied before: a retry or a repeated delivery; nothing changed. */
    ALREADY_APPLIED,
    /** Does not apply: nothing to undo, or (reserving) not enough stock. Nothing changed. */
    NOT_APPLICABLE,
    /** The order is no longer in the status and version the request was made for. Nothing changed. */
    STALE
}
