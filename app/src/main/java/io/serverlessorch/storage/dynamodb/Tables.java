package io.serverlessorch.storage.dynamodb;

/**
 * The one definition of the tables: names, keys, indexes and TTL attributes. The local run, the tests and
 * the CDK stacks all build their tables from these constants (see {@link TableSchemas}).
 *
 * <p>The orders table holds, under the order's id, the order itself ({@code sk = ORDER}), one item per
 * status transition ({@code sk = TRANSITION#000001}, ...) and one per effect that does not move it on
 * ({@code sk = EFFECT#REFUND}, ...), so an order, its history and its effects come back from a single Query.
 * Only order items carry the index attributes, so every index is sparse.
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
         * on (stock held, the charge, the shipment, the confirmation of a fulfilled order) are attributes of
         * the order item, set by the move.
         */
        public static final String RELEASE = "EFFECT#RELEASE";
        public static final String REFUND = "EFFECT#REFUND";
        public static final String MESSAGE = "EFFECT#MESSAGE";
        /** A pending payment authorization given up (the order was cancelled, or its deadline passed). */
        public static final String VOID = "EFFECT#VOID";

        /** An order's status, as the API names it. */
        public static final String STATUS = "status";
        /** Why the order reached its status, when it says (a code such as {@code OUT_OF_STOCK}). */
        public static final String STATUS_REASON = "status_reason";
        /** When the order item was last written: ISO-8601 UTC with milliseconds. */
        public static final String UPDATED_AT = "updated_at";

        /**
         * Orders by status, newest first. The partition key is sharded, {@code <key>#<shard>} (see
         * {@link IndexKeys}): every in-flight status shares the key {@link #ACTIVE}, so a move between two
         * in-flight statuses leaves the index alone; each end status has its own key. The shard spreads one
         * key's writes over many partitions.
         */
        public static final String STATUS_INDEX = "orders-by-status-shard";
        public static final String STATUS_INDEX_PARTITION_KEY = "status_shard";
        public static final String ACTIVE = "ACTIVE";
        /** Fixed-width ISO-8601 UTC with milliseconds, so it sorts as text. */
        public static final String CREATED_AT = "created_at";

        /** All orders, newest first: every order item has {@code listing = ALL#<shard>}. */
        public static final String CREATION_INDEX = "orders-by-creation";
        public static final String CREATION_INDEX_PARTITION_KEY = "listing";
        public static final String ALL_ORDERS = "ALL";

        /**
         * A customer's orders, newest first. Only the order item carries {@code customer_id} at the top level (set
         * when the order is placed, never changed), so the index is sparse and holds one entry per order, written
         * once. Not sharded: a key is one customer's orders, a few a day, far from a partition's 1,000 writes a
         * second, so a page is one Query. Orders stored before the index have no top-level {@code customer_id} and
         * are not in it until backfilled (see {@code CustomerIndexBackfill}).
         */
        public static final String CUSTOMER_INDEX = "orders-by-customer";
        public static final String CUSTOMER_ID = "customer_id";

        /**
         * Shards of each index key, unless {@code orch.orders.index-shards} says otherwise. 32 keeps the
         * busiest key ({@link #ACTIVE}: two entries per order) under 80 % of a partition at 10,000 orders/s;
         * see docs/scaling.md. It may be raised, never lowered: lists read shards 0 to N-1.
         */
        public static final int DEFAULT_INDEX_SHARDS = 32;

        /**
         * Orders waiting for the world outside, by deadline: only an order in a waiting status carries the index
         * attributes ({@code deadline_shard = <status>#<shard>}, {@code deadline_at}), and every move out of it
         * removes them, so the index holds exactly the waiting orders and a sweep reads only those past due.
         */
        public static final String DEADLINE_INDEX = "orders-by-deadline";
        public static final String DEADLINE_INDEX_PARTITION_KEY = "deadline_shard";
        /** Fixed-width ISO-8601 UTC with milliseconds, so it sorts as text. */
        public static final String DEADLINE_AT = "deadline_at";
        /**
         * Shards of each waiting status's deadline key: fewer than the other indexes', since only the orders that
         * wait write it and a sweep queries every shard. It may be raised, never lowered.
         */
        public static final int DEADLINE_SHARDS = 8;

        /** Epoch seconds; DynamoDB deletes the item some time after it passes. */
        public static final String TTL_ATTRIBUTE = "expires_at";
    }

    public static final class Catalog {
        private Catalog() {
        }

        public static final String PARTITION_KEY = "product_id";
        /**
         * How many counters a product's stock is split across (absent: 1). With 1 the counters are on the
         * product item; with more they are on bucket items {@code <product_id>#<bucket>} (product ids hold no
         * {@code #}), so a hot product's reservations spread over several partitions.
         */
        public static final String STOCK_BUCKETS = "stock_buckets";
        public static final String BUCKET_SEPARATOR = "#";

        /** Units free to sell, held for orders, and shipped; they only move between each other. */
        public static final String STOCK = "stock";
        public static final String RESERVED = "reserved";
        public static final String SHIPPED = "shipped";
    }
}
