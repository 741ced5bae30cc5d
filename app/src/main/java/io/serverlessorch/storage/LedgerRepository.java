package io.serverlessorch.storage;

import io.serverlessorch.domain.Order;
import io.serverlessorch.domain.OrderEffects;
import io.serverlessorch.domain.StatusTransition;

import java.time.Instant;

/** Money taken and given back, and messages sent, each at most once per order. */
public interface LedgerRepository {

    /**
     * Records the charge of the order's total and makes the move {@code next}, in one write;
     * {@link EffectResult#STALE} when the order is no longer where {@code next} starts.
     */
    EffectResult charge(Order order, String reference, StatusTransition next);

    /**
     * Records a payment the provider will confirm later, with its deadline, and makes the move {@code next} (to
     * wait), in one write; {@link EffectResult#STALE} when the order is no longer where {@code next} starts.
     */
    EffectResult awaitConfirmation(Order order, OrderEffects.PendingPayment pending, StatusTransition next);

    /** Refunds the order's charge (an undo); {@link EffectResult#NOT_APPLICABLE} when nothing was charged. */
    EffectResult refund(Order order, Instant at);

    /**
     * Gives up the order's pending payment authorization (an undo), once; {@link EffectResult#NOT_APPLICABLE} when
     * none was pending.
     */
    EffectResult voidAuthorization(Order order, Instant at);

    /**
     * The provider confirmed the pending payment of an order that ended meanwhile (it was cancelled, or its
     * deadline passed): records the charge and its refund in one write, so the money goes back.
     * {@link EffectResult#ALREADY_APPLIED} when the order holds a charge already (a repeated confirmation);
     * {@link EffectResult#NOT_APPLICABLE} when it had no pending payment; {@link EffectResult#STALE} when it is
     * no longer as {@code order} says.
     */
    EffectResult chargeAndRefund(Order order, String reference, Instant at);

    /**
     * Records a message to the customer of an order that stays where it is (an end it did not go through to);
     * {@link EffectResult#ALREADY_APPLIED} when one was recorded before.
     */
    EffectResult recordMessage(Order order, OrderEffects.CustomerMessage message);

    /**
     * Records the message and makes the move {@code next}, in one write; {@link EffectResult#STALE} when the
     * order is no longer where {@code next} starts: a move took it on, with a message, or without one when the
     * step kept failing and the order completed all the same.
     */
    EffectResult recordMessage(Order order, OrderEffects.CustomerMessage message, StatusTransition next);
}
