package io.serverlessorch.storage.dynamodb;

/**
 * The one definition of the tables: names, keys, indexes and TTL attributes. The local run, the tests and
 * the CDK stacks all build their tables from these constants (see {@link TableSchemas}).
 *
 * <p>The orders table holds, under the order's id, the order itself ({@code sk = ORDER}), one item per
 * status transition ({@code sk = TRANSITION#000001}, ...) and one per effect that does not move it on
 * ({@code sk = EFFECT#REFUND}, ...), so an order, its history and its effects come back from a single Query.
 * Only order items carry the index attributes, so both indexes are sparse.
 */
public final class Tables {

    private Tables() {
    }

    /** Table names are {@code <prefix>-orders} and {@code <prefix>-catalog}; a stage adds itself to the prefix. */
    public static final String DEFAULT_PREFIX = "serverless-orch";

    public static String ordersTableName(String prefix) {
        return prefix + "-orders";
    }

    public static String catalogTableName(String prefix) {
        return prefix + "-catalog";
    }

    public static final class Orders {
        private Orders() {
        }

        public static final String PARTITION_KEY = "order_id";
        public static final String SORT_KEY = "sk";
        public static final String ORDER_ITEM = "ORDER";
        public static final String TRANSITION_ITEM_PREFIX = "TRANSITION#";

        /**
         * Effects that do not move the order on, one item each, written only once: the sort key makes each
         * idempotent. They sort before the order item ("EFFECT#" < "ORDER"). The effects that move the order
         * on (stock held, the charge, the shipment) are attributes of the order item, set by the move.
         */
        public static final String RELEASE = "EFFECT#RELEASE";
        public static final String REFUND = "EFFECT#REFUND";
        public static final String MESSAGE = "EFFECT#MESSAGE";

        /** Orders of one status, newest first. */
        public static final String STATUS_INDEX = "orders-by-status";
        public static final String STATUS_INDEX_PARTITION_KEY = "status";
        /** Fixed-width ISO-8601 UTC with milliseconds, so it sorts as text. */
        public static final String CREATED_AT = "created_at";

        /** All orders, newest first: every order item has {@code listing = ALL}. */
        public static final String CREATION_INDEX = "orders-by-creation";
        public static final String CREATION_INDEX_PARTITION_KEY = "listing";
        public static final String ALL_ORDERS = "ALL";

        /** Epoch seconds; DynamoDB deletes the item some time after it passes. */
        public static final String TTL_ATTRIBUTE = "expires_at";
    }

    public static final class Catalog {
        private Catalog() {
        }

        public static final String PARTITION_KEY = "product_id";
        /** Units free to sell, held for orders, and shipped; they only move between each other. */
        public static final String STOCK = "stock";
        public static final String RESERVED = "reserved";
        public static final String SHIPPED = "shipped";
    }
}
