package io.serverlessorch.local.bench;

/**
 * Capacity units one request spent on one partition key, as AWS bills them: where they landed (the table,
 * the index when it is an index entry, and the partition key's value there) and what they paid for.
 *
 * @param index null for the table itself
 * @param key   the partition key's value in the table or index; {@link #UNKNOWN} when it cannot be told
 */
record KeyUnits(String table, String index, String key, Kind kind, double writeUnits, double readUnits) {

    /** A key the trace cannot tell (an index entry of an item never seen before, say). */
    static final String UNKNOWN = "?";

    enum Kind {
        /** The item written: 1 unit per started KB. */
        ITEM,
        /** A transaction bills each of its items twice: the second half. */
        TRANSACTION_SURCHARGE,
        /** A keys-only index entry added. */
        INDEX_ADD,
        /** A keys-only index entry removed (the item left the key, or lost the attribute). */
        INDEX_REMOVE,
        /** An item or a query's entries read: 1 unit per 4 KB strongly consistent, half that eventually consistent. */
        READ
    }

    static KeyUnits write(String table, String index, String key, Kind kind, double units) {
        return new KeyUnits(table, index, key, kind, units, 0);
    }

    static KeyUnits read(String table, String index, String key, double units) {
        return new KeyUnits(table, index, key, Kind.READ, 0, units);
    }
}
